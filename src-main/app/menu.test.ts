import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutDialogOptions, buildMenuTemplate, OPEN_DATA_DIR_BUTTON } from './menu';

function submenu(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  const items = item?.submenu;
  if (!Array.isArray(items)) throw new Error(`no submenu under ${item?.label ?? '?'}`);
  return items;
}

const labelled = (items: MenuItemConstructorOptions[]) =>
  items.filter((item) => item.type !== 'separator').map((item) => [item.label, item.role]);

describe('buildMenuTemplate', () => {
  const template = buildMenuTemplate(() => undefined);

  it('has the four Chinese top-level menus in order', () => {
    expect(template.map((item) => item.label)).toEqual(['文件', '编辑', '视图', '帮助']);
  });

  it('gives every item a Chinese label and a standard role', () => {
    expect(labelled(submenu(template[0]))).toEqual([['退出', 'quit']]);
    expect(labelled(submenu(template[1]))).toEqual([
      ['撤销', 'undo'],
      ['重做', 'redo'],
      ['剪切', 'cut'],
      ['复制', 'copy'],
      ['粘贴', 'paste'],
      ['全选', 'selectAll'],
    ]);
    expect(labelled(submenu(template[2]))).toEqual([
      ['重新加载', 'reload'],
      ['实际大小', 'resetZoom'],
      ['放大', 'zoomIn'],
      ['缩小', 'zoomOut'],
      ['全屏', 'togglefullscreen'],
    ]);
  });

  it('offers no developer tools to users', () => {
    const roles = template.flatMap((item) => submenu(item)).map((item) => item.role);
    expect(roles).not.toContain('toggleDevTools');
    expect(roles).not.toContain('forceReload');
  });

  it('has 关于 under 帮助, calling the given handler', () => {
    const onAbout = vi.fn();
    const about = submenu(buildMenuTemplate(onAbout)[3]).find((item) => item.label?.startsWith('关于'));
    expect(about?.label).toBe('关于规划督办台');
    expect(about?.click).toBeTypeOf('function');
    // Electron passes (menuItem, window, event); the handler ignores them.
    (about?.click as () => void)();
    expect(onAbout).toHaveBeenCalledOnce();
  });
});

describe('aboutDialogOptions', () => {
  it('shows the name, the version and the data folder', () => {
    const options = aboutDialogOptions({ version: '0.1.0', dataDir: '/home/李四/.config/PlanDesk' });
    expect(options.message).toBe('规划督办台');
    expect(options.detail).toContain('0.1.0');
    expect(options.detail).toContain('/home/李四/.config/PlanDesk');
    expect(options.buttons?.[OPEN_DATA_DIR_BUTTON]).toBe('打开数据文件夹');
    expect(options.cancelId).not.toBe(OPEN_DATA_DIR_BUTTON);
  });
});
