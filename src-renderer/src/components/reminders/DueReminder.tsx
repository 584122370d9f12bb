import { Alert, Button } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { dueSummary, dueSummaryText } from '../../../../src-main/api/due-summary';
import { useAppInfo } from '../../hooks/queries';
import { useTodo } from '../../hooks/loop.queries';
import { useIdentity } from '../../hooks/task.queries';

const SHOWN_KEY = 'plan-desk:due-reminder';

/**
 * 临期提醒: at start, and on the first look each later day, a banner over the page naming how many 待办 have fallen due
 * or are overdue, with a link to 待办. Once a day per person (the day is kept in this window's storage); a banner in
 * the page rather than a floating notice, so that it never covers what the person came to click.
 */
export function DueReminder() {
  const navigate = useNavigate();
  const todo = useTodo();
  const today = useAppInfo().data?.today;
  const identity = useIdentity();
  const who = identity.data?.role ? `${identity.data.role}:${identity.data.unitId ?? ''}:${identity.data.account?.id ?? ''}` : null;
  const stamp = who !== null && today ? `${who}@${today}` : null;
  // The same count the desktop's system notification gives (api/due-summary.ts).
  const { overdue, dueSoon } = todo.data ? dueSummary(todo.data) : { overdue: 0, dueSoon: 0 };
  // The stamp (person and day) the banner was shown for, and the one it was closed for.
  const [shown, setShown] = useState<string | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  if (stamp !== null && shown !== stamp && overdue + dueSoon > 0 && localStorage.getItem(`${SHOWN_KEY}:${who}`) !== today) setShown(stamp);
  useEffect(() => {
    if (shown === null) return;
    const at = shown.lastIndexOf('@');
    localStorage.setItem(`${SHOWN_KEY}:${shown.slice(0, at)}`, shown.slice(at + 1));
  }, [shown]);

  if (stamp === null || shown !== stamp || closed === stamp || overdue + dueSoon === 0) return null;
  const text = dueSummaryText({ overdue, dueSoon });
  return (
    <Alert
      type="warning"
      showIcon
      closable={{ onClose: () => setClosed(stamp), 'aria-label': '关闭待办提醒' }}
      title={`待办提醒：${text}。`}
      aria-label="待办提醒"
      style={{ margin: '12px 20px 0' }}
      action={
        <Button size="small" onClick={() => (setClosed(stamp), navigate('/todo'))}>
          查看待办
        </Button>
      }
    />
  );
}
