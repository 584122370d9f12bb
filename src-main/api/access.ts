/**
 * Who is calling, and who may call what. Pure (no node, no electron): the renderer shows identities with these
 * types, and the dispatcher enforces `refusal` before any handler runs.
 */

/** The roles of a single-seat install (desktop, loopback browser mode): the person chosen at first run. */
export const ROLES = ['office', 'unit'] as const;

/**
 * The roles of the shared server's accounts (DOMAIN.md "Parties"): 系统管理员 (accounts, backups), 办公室 (the
 * coordinating office's staff), 单位填报人 and 单位审核人 (bound to one unit), 领导 (reads everything, writes nothing).
 * A single-seat install only knows the first two of ROLES, which are the same words.
 */
export const ACCOUNT_ROLES = ['admin', 'office', 'unit', 'reviewer', 'leader'] as const;
export type Role = (typeof ACCOUNT_ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  office: '办公室',
  unit: '单位填报人',
  reviewer: '单位审核人',
  leader: '领导',
};

/** Roles bound to one unit: their reads and writes are held to that unit's records (row scope). */
export function isUnitRole(role: Role): boolean {
  return role === 'unit' || role === 'reviewer';
}

/**
 * The person a call is made by: attached by the door (the profile the window or tab holds, or on the shared server
 * the logged-in account), resolved and checked by the dispatcher, and passed to every handler. No service reads
 * "the current identity" from anywhere else.
 */
export interface Actor {
  role: Role;
  /** The unit acted for: the office's own unit row for the office; 0 for an account bound to no unit (admin, 领导). */
  unitId: number;
  unitName: string;
  /** 经办人: typed at first run, or the account's 姓名; may be empty. */
  person: string;
  /** What records show: 单位（经办人）. */
  label: string;
  /** Set on the shared server: the account logged in. Absent in the single-seat modes. */
  accountId?: number;
  /** Set while the account still has a password someone else chose: only the password change is open. */
  mustChangePassword?: boolean;
  /** The shared server: the hash of the session this call came with (a password change keeps this one, ends others). */
  session?: string;
}

/**
 * A channel's rule, declared next to its schema in the contract:
 * - `anyone`: no identity needed in the single-seat modes (reading the plan and lists, app info); on the shared server
 *   any logged-in account (see `signedIn`), except the few channels the log-in page itself needs (OPEN_CHANNELS);
 * - `signedIn`: any logged-in account, whatever its role (changing one's own password);
 * - `member`: the roles that write: the office and the unit officers; the service then checks that the record belongs
 *   to the caller's unit. A 领导 or the 系统管理员 is refused;
 * - `office`: 领导小组办公室 only — `what` completes "只有领导小组办公室可以…" in the refusal;
 * - `admin`: the 系统管理员 only (accounts);
 * - `keeper`: the office or the 系统管理员 (restoring backups, reading the audit trail);
 * - `memberOrAdmin`: a writer or the 系统管理员 (making a backup);
 * - `setup`: a new single-seat install's own first step (导入下发包): open to anyone there, where nobody has been chosen
 *   yet; on the shared server, which is the office's and never a unit's PC, closed to everyone (`closed`).
 */
export type Access =
  | { who: 'anyone' }
  | { who: 'signedIn' }
  | { who: 'member' }
  | { who: 'memberOrAdmin' }
  | { who: 'office'; what: string }
  | { who: 'admin'; what: string }
  | { who: 'keeper'; what: string }
  | { who: 'setup'; what: string }
  | { who: 'closed'; what: string };

export const anyone = { who: 'anyone' } as const satisfies Access;
export const signedIn = { who: 'signedIn' } as const satisfies Access;
export const member = { who: 'member' } as const satisfies Access;
export const memberOrAdmin = { who: 'memberOrAdmin' } as const satisfies Access;
export const officeOnly = (what: string) => ({ who: 'office', what }) as const satisfies Access;
export const adminOnly = (what: string) => ({ who: 'admin', what }) as const satisfies Access;
export const keeperOnly = (what: string) => ({ who: 'keeper', what }) as const satisfies Access;
export const installSetup = (what: string) => ({ who: 'setup', what }) as const satisfies Access;

/** Channels the shared server answers before log-in: what the log-in page and the recovery screen need. */
export const OPEN_CHANNELS: ReadonlySet<string> = new Set(['app.info', 'identity.get', 'recovery.status']);

/** Channels an account that must change its password may still call. */
export const PASSWORD_CHANGE_CHANNELS: ReadonlySet<string> = new Set(['app.info', 'identity.get', 'account.changePassword']);

/**
 * The rule a channel is held to on the shared server: reads open to anyone in the single-seat modes need a log-in
 * there, except OPEN_CHANNELS.
 */
export function sharedAccess(channel: string, access: Access): Access {
  if (access.who === 'setup') return { who: 'closed', what: access.what };
  return access.who === 'anyone' && !OPEN_CHANNELS.has(channel) ? signedIn : access;
}

const WRITERS: readonly Role[] = ['office', 'unit', 'reviewer'];
const ALLOWED: Record<Exclude<Access['who'], 'anyone' | 'setup'>, readonly Role[]> = {
  signedIn: ACCOUNT_ROLES,
  member: WRITERS,
  memberOrAdmin: [...WRITERS, 'admin'],
  office: ['office'],
  admin: ['admin'],
  keeper: ['office', 'admin'],
  closed: [],
};

export type Refusal = { code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string };

/** Null when the call may go ahead; otherwise why not, in words for the person calling. */
export function refusal(access: Access, actor: Actor | null): Refusal | null {
  if (access.who === 'anyone' || access.who === 'setup') return null;
  if (access.who === 'closed') {
    return { code: 'FORBIDDEN', message: `共享服务器上不能${access.what}：它是领导小组办公室的服务器，不是某个单位的填报机。` };
  }
  if (actor === null) {
    return access.who === 'signedIn'
      ? { code: 'UNAUTHORIZED', message: '请先登录（登录已超时或已退出）。' }
      : { code: 'UNAUTHORIZED', message: '请先选择使用身份（领导小组办公室或具体单位），以便记录是谁做的修改。' };
  }
  if (ALLOWED[access.who].includes(actor.role)) return null;
  const who = `当前${actor.accountId === undefined ? '使用身份' : '账号'}为“${actor.label}”（${ROLE_NAMES[actor.role]}）`;
  switch (access.who) {
    case 'office':
      return { code: 'FORBIDDEN', message: `只有领导小组办公室可以${access.what}。${who}。` };
    case 'admin':
      return { code: 'FORBIDDEN', message: `只有系统管理员可以${access.what}。${who}。` };
    case 'keeper':
      return { code: 'FORBIDDEN', message: `只有系统管理员或领导小组办公室可以${access.what}。${who}。` };
    default:
      return actor.role === 'leader'
        ? { code: 'FORBIDDEN', message: `领导账号只能查看，不能修改数据。${who}。` }
        : { code: 'FORBIDDEN', message: `系统管理员账号只管理账号和备份，不能填报或修改业务数据。${who}。` };
  }
}

/** The label records carry: 单位（经办人）, or the unit alone when no name was given. */
export function actorLabel(unitName: string, person: string): string {
  return person ? `${unitName}（${person}）` : unitName;
}
