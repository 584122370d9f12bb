import type { MenuItemConstructorOptions, MessageBoxOptions } from 'electron';
import { APP_TITLE } from './app-name';

/** The application menu, in Chinese; roles give each item Electron's behaviour and standard shortcut. */
export function buildMenuTemplate(onAbout: () => void): MenuItemConstructorOptions[] {
  return [
    { label: '文件', submenu: [{ label: '退出', role: 'quit' }] },
    {
      label: '编辑',
      submenu: [
        { label: '撤销', role: 'undo' },
        { label: '重做', role: 'redo' },
        { type: 'separator' },
        { label: '剪切', role: 'cut' },
        { label: '复制', role: 'copy' },
        { label: '粘贴', role: 'paste' },
        { label: '全选', role: 'selectAll' },
      ],
    },
    {
      label: '视图',
      submenu: [
        { label: '重新加载', role: 'reload' },
        { type: 'separator' },
        { label: '实际大小', role: 'resetZoom' },
        { label: '放大', role: 'zoomIn' },
        { label: '缩小', role: 'zoomOut' },
        { type: 'separator' },
        { label: '全屏', role: 'togglefullscreen' },
      ],
    },
    { label: '帮助', submenu: [{ label: `关于${APP_TITLE}`, click: onAbout }] },
  ];
}

export interface AboutInfo {
  version: string;
  dataDir: string;
}

/** Button index in the about box that opens the data folder in the file manager. */
export const OPEN_DATA_DIR_BUTTON = 1;

/** The about box: who we are, which version, and where the data lives (what support asks first). */
export function aboutDialogOptions(info: AboutInfo): MessageBoxOptions {
  return {
    type: 'info',
    title: `关于${APP_TITLE}`,
    message: APP_TITLE,
    detail: `版本：${info.version}\n数据文件夹：${info.dataDir}`,
    buttons: ['确定', '打开数据文件夹'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}
