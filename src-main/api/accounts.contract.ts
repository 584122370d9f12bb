import { z } from 'zod';
import { ACCOUNT_ROLES, adminOnly, signedIn } from './access';
import type { AccountImportPreview, AccountImportResult, AccountRow, IssuedPassword, LockedAddress } from './accounts.types';
import { channel, id, nameText, requiredText, type ChannelGroup } from './channel-def';

/** Channels of 账号管理 (the shared server's accounts) and of one's own password. */

/** 账号: letters, digits and . _ - only, so it is typed the same on every keyboard and never confused. */
export const loginName = z
  .string()
  .trim()
  .min(2, '账号至少 2 个字符')
  .max(40, '账号不能超过 40 个字符')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/u, '账号只能包含字母、数字和 . _ -，并以字母或数字开头');

const accountFields = {
  name: nameText(40),
  role: z.enum(ACCOUNT_ROLES),
  /** Required for 单位填报人 and 单位审核人; ignored for the others (the office's accounts act for the office). */
  unitId: id.nullable(),
};

const MAX_BASE64_LENGTH = Math.ceil((5 * 1024 * 1024) / 3) * 4;
const upload = { fileName: nameText(255), contentBase64: z.string().min(1, '文件是空的').max(MAX_BASE64_LENGTH, '账号清单超过 5 MB') };
const manage = adminOnly('管理账号');

export const accountChannels = {
  'accounts.list': channel<AccountRow[]>()(manage, z.strictObject({})),
  'accounts.create': channel<IssuedPassword>()(manage, z.strictObject({ login: loginName, ...accountFields })),
  'accounts.update': channel<AccountRow>()(manage, z.strictObject({ id, ...accountFields, disabled: z.boolean() })),
  /** A new one-time password; the account must change it at its next log-in, and its sessions end. */
  'accounts.resetPassword': channel<IssuedPassword>()(manage, z.strictObject({ id })),
  'accounts.unlock': channel<AccountRow>()(manage, z.strictObject({ id })),
  'accounts.lockedAddresses': channel<LockedAddress[]>()(manage, z.strictObject({})),
  'accounts.unlockAddress': channel<null>()(manage, z.strictObject({ address: requiredText(64) })),
  /** An Excel list (单位, 姓名, 账号, 角色): read and checked, nothing created. */
  'accounts.importPreview': channel<AccountImportPreview>()(manage, z.strictObject(upload)),
  /** Creates the valid lines of the file previewed (same digest) and returns their initial passwords, once. */
  'accounts.importApply': channel<AccountImportResult>()(manage, z.strictObject({ ...upload, digest: z.string().regex(/^[0-9a-f]{64}$/u) })),
  /** One's own password: the current one, then the new one (also the forced change at first log-in). */
  'account.changePassword': channel<null>()(signedIn, z.strictObject({ current: z.string().min(1, '请输入当前密码').max(256), next: z.string().max(256) })),
} satisfies ChannelGroup;
