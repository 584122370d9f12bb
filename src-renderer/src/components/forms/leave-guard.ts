import { App } from 'antd';
import { useEffect } from 'react';
import { useBlocker } from 'react-router';

/**
 * Warns before leaving a form with unsaved changes: the browser's own question on refresh or closing the tab, and
 * ours on moving to another page of the app (Back included).
 */
export function useLeaveGuard(dirty: boolean, what: string): void {
  const { modal } = App.useApp();
  const blocker = useBlocker(dirty);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium needs a returnValue to ask at all; the text itself is the browser's own.
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    modal.confirm({
      title: '离开此页？',
      content: `${what}还没有提交。已填写的内容保存为本机草稿，回到这里可以继续填写。`,
      okText: '离开',
      cancelText: '留下继续填写',
      onOk: () => blocker.proceed(),
      onCancel: () => blocker.reset(),
    });
  }, [blocker, modal, what]);
}
