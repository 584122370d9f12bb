/**
 * Who is calling, and who may call what. Pure (no node, no electron): the renderer shows identities with these
 * types, and the dispatcher enforces `mayCall` before any handler runs.
 */

/** The roles of a single-seat install. The shared server's accounts add their own roles here. */
export const ROLES = ['office', 'unit'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The person a call is made by: attached by the door (the profile the window or tab holds, or on the shared server
 * the logged-in account), resolved and checked by the dispatcher, and passed to every handler. No service reads
 * "the current identity" from anywhere else.
 */
export interface Actor {
  role: Role;
  /** The unit acted for: the office's own unit row for the office. */
  unitId: number;
  unitName: string;
  /** 经办人, as typed at first run; may be empty. */
  person: string;
  /** What records show: 单位（经办人）. */
  label: string;
}

/**
 * A channel's rule, declared next to its schema in the contract:
 * - `anyone`: no identity needed (reading the plan and lists, app info, the recovery screen);
 * - `member`: any chosen identity; the service then checks that the record belongs to the caller's unit;
 * - `office`: 领导小组办公室 only — `what` completes "只有领导小组办公室可以…" in the refusal.
 */
export type Access = { who: 'anyone' } | { who: 'member' } | { who: 'office'; what: string };

export const anyone = { who: 'anyone' } as const satisfies Access;
export const member = { who: 'member' } as const satisfies Access;
export const officeOnly = (what: string) => ({ who: 'office', what }) as const satisfies Access;

/** Null when the call may go ahead; otherwise why not, in words for the person calling. */
export function refusal(access: Access, actor: Actor | null): { code: 'UNAUTHORIZED' | 'FORBIDDEN'; message: string } | null {
  if (access.who === 'anyone') return null;
  if (actor === null) {
    return { code: 'UNAUTHORIZED', message: '请先选择使用身份（领导小组办公室或具体单位），以便记录是谁做的修改。' };
  }
  if (access.who === 'office' && actor.role !== 'office') {
    return { code: 'FORBIDDEN', message: `只有领导小组办公室可以${access.what}。当前使用身份为“${actor.label}”。` };
  }
  return null;
}

/** The label records carry: 单位（经办人）, or the unit alone when no name was given. */
export function actorLabel(unitName: string, person: string): string {
  return person ? `${unitName}（${person}）` : unitName;
}
