import type { AppInfo } from '../api/app.types';
import { channelNames } from '../api/contract';
import { AppError } from '../api/errors';
import { backupHandlers, type DataSafety } from '../backup/backup.handlers';
import type { Handlers } from '../api/handler.types';

export const RECOVERY_MODE_MESSAGE =
  '数据库无法打开，规划督办台正处于恢复模式，本次操作未执行。请在恢复界面中选择一个备份恢复数据后再继续。';

/**
 * The channels of an app whose database could not be opened: the recovery screen's (status, backup list,
 * restore) and app.info; every other channel answers RECOVERY_MODE. Inputs are still parsed first, so a hostile
 * payload gets the same INVALID_INPUT as in normal mode.
 */
export function createRecoveryHandlers(context: { safety: DataSafety; info: Omit<AppInfo, 'today'>; today: () => string }): Handlers {
  const refuse = () => {
    throw new AppError('RECOVERY_MODE', RECOVERY_MODE_MESSAGE);
  };
  // Built from the channel list so a channel added later is closed too, without anyone remembering to.
  const closed = Object.fromEntries(channelNames.map((name) => [name, refuse])) as unknown as Handlers;
  return { ...closed, 'app.info': () => ({ ...context.info, today: context.today() }), ...backupHandlers(context.safety) };
}
