import type { Role } from './access';
import type { ExportedFile } from './reports.types';

/** Shapes of the shared server's account channels (账号管理). */

export interface AccountRow {
  id: number;
  /** 账号: what the person types at 登录. */
  login: string;
  /** 姓名 */
  name: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  /** Still has a password someone else chose (new or reset): must change it at the next log-in. */
  mustChangePassword: boolean;
  /** Locked by repeated failed log-ins until this moment (ISO), or null. */
  lockedUntil: string | null;
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** A new account or a reset: the one-time password, shown once and never stored in clear. */
export interface IssuedPassword {
  account: AccountRow;
  initialPassword: string;
}

/** A client address refused for repeated failed log-ins. */
export interface LockedAddress {
  address: string;
  failures: number;
  /** Until when (ISO) it stays refused unless the admin unlocks it. */
  until: string;
}

/** One line of an account list from Excel (单位, 姓名, 账号, 角色), as read and checked. */
export interface AccountImportLine {
  /** The row in the sheet, as Excel numbers it. */
  row: number;
  unitName: string;
  name: string;
  login: string;
  roleName: string;
  /** Resolved when the line is valid. */
  role: Role | null;
  unitId: number | null;
  /** Why the line cannot be applied, in Chinese; empty when it can. */
  problems: string[];
}

export interface AccountImportPreview {
  lines: AccountImportLine[];
  valid: number;
  invalid: number;
  /** Names the file previewed: apply refuses a different file. */
  digest: string;
}

export interface AccountImportResult {
  created: { login: string; name: string; unitName: string | null; roleName: string; initialPassword: string }[];
  skipped: number;
  /** The initial passwords as an Excel list, to hand out; offered once, never stored. */
  passwords: ExportedFile;
}
