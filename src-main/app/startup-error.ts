import { AppError } from '../api/errors';
import { APP_TITLE } from './app-name';

export interface StartupErrorText {
  title: string;
  message: string;
}

/** What the error box says when the app cannot start; the database's own errors already carry Chinese advice. */
export function describeStartupError(error: unknown): StartupErrorText {
  if (error instanceof AppError) return { title: `${APP_TITLE}无法打开数据库`, message: error.message };
  const detail = error instanceof Error ? error.message : String(error);
  // better-sqlite3 built for plain Node instead of Electron: the classic packaging mistake, worth naming.
  if (detail.includes('NODE_MODULE_VERSION')) {
    return {
      title: `${APP_TITLE}无法启动`,
      message:
        '数据库组件（better-sqlite3）不是为本程序的 Electron 版本编译的。开发环境请运行 npm run rebuild:electron；' +
        `安装包请重新安装。\n\n${detail}`,
    };
  }
  return { title: `${APP_TITLE}无法启动`, message: `启动时出错，程序将退出。请把以下信息发给维护人员：\n\n${detail}` };
}
