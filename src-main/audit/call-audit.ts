import type { Kysely } from 'kysely';
import type { Actor } from '../api/access';
import { contract, type ChannelName } from '../api/contract';
import type { Database } from '../db/database.types';
import { appendAudit } from './audit-log';
import { beforeAfter, callTargets } from './call-summary';

/**
 * Which calls the 操作日志 records, and how: every call that can change something (a rule other than `anyone`),
 * except those that only read or prepare (previews, exports, lists for the admin).
 */
export const READ_ONLY_CHANNELS: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'templates.export',
  'templates.preview',
  'planImport.preview',
  'backup.restoreImpact',
  'backup.keptDatabases',
  // The 通报's paragraphs to edit: the .docx saved after (circulars.round) is the call the 操作日志 records.
  'circulars.roundDraft',
  'accounts.list',
  'accounts.lockedAddresses',
  'accounts.importPreview',
  'audit.list',
  'audit.export',
  'audit.verify',
]);

/** Writes whose state before is worth keeping next to the new one: read with this channel first. */
export const BEFORE_READS: Partial<Record<ChannelName, ChannelName>> = {
  'warnings.setThresholds': 'warnings.getThresholds',
  'assessment.setScheme': 'assessment.getScheme',
};

export function isAudited(channel: ChannelName): boolean {
  return contract[channel].access.who !== 'anyone' && !READ_ONLY_CHANNELS.has(channel);
}

export interface AuditedCall {
  channel: string;
  actor: Actor | null;
  address: string;
  input: unknown;
  before: unknown;
  value: unknown;
  outcome: 'ok' | 'refused';
  refusal?: string;
}

/** Writes one call's row. */
export async function recordCall(db: Kysely<Database>, at: Date, call: AuditedCall): Promise<void> {
  const { actor } = call;
  await appendAudit(db, {
    at,
    accountId: actor?.accountId ?? null,
    who: actor?.label ?? '（未登录）',
    role: actor?.role ?? null,
    unitId: actor && actor.unitId > 0 ? actor.unitId : null,
    unitName: actor?.unitName ?? null,
    address: call.address,
    channel: call.channel,
    outcome: call.outcome,
    targets: callTargets(call.input, call.value),
    summary: call.outcome === 'refused' ? `被拒绝：${call.refusal ?? ''}`.slice(0, 200) : beforeAfter(call.before, call.input),
  });
}
