import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { applyAccountImport, previewAccountImport } from './account-import';
import { changePassword, createAccount, listAccounts, lockedAddresses, resetPassword, unlockAccount, unlockAddress, updateAccount } from './accounts.service';

type AccountChannels =
  | 'accounts.list'
  | 'accounts.create'
  | 'accounts.update'
  | 'accounts.resetPassword'
  | 'accounts.unlock'
  | 'accounts.lockedAddresses'
  | 'accounts.unlockAddress'
  | 'accounts.importPreview'
  | 'accounts.importApply'
  | 'account.changePassword';

/** Glue only for 账号管理. In the single-seat modes nobody holds an admin role, so only the password change is reachable, and it says so. */
export function accountHandlers(db: Kysely<Database>, now: () => Date): HandlersOf<AccountChannels> {
  return {
    'accounts.list': () => listAccounts(db, now()),
    'accounts.create': (input) => createAccount(db, now(), input),
    'accounts.update': (input, actor) => updateAccount(db, now(), actor.accountId, input),
    'accounts.resetPassword': ({ id }) => resetPassword(db, now(), id),
    'accounts.unlock': ({ id }) => unlockAccount(db, now(), id),
    'accounts.lockedAddresses': () => lockedAddresses(db, now()),
    'accounts.unlockAddress': ({ address }) => unlockAddress(db, address),
    'accounts.importPreview': (upload) => previewAccountImport(db, upload),
    'accounts.importApply': (upload) => applyAccountImport(db, now(), upload),
    'account.changePassword': ({ current, next }, actor) => {
      if (actor.accountId === undefined) throw new AppError('CONFLICT', '单机模式没有登录密码；只有共享服务器上的账号可以修改密码。');
      return changePassword(db, now(), actor.accountId, current, next, actor.session ?? null);
    },
  };
}
