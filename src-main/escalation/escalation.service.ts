import type { Kysely } from 'kysely';
import { AppError } from '../api/errors';
import type { EscalationRuleDto, NoticeEscalation } from '../api/escalation.contract';
import type { Database } from '../db/database.types';
import { DEFAULT_ESCALATION_RULE, escalationSteps, type EscalationRule, type NoticeLevel } from '../rules/notice-escalation';
import { chinaDateOf } from '../rules/report-date';
import { requireOffice, type Actor } from '../tasks/task-rules';

/**
 * The office's 督办 escalation rule (kept in `settings` under 'noticeEscalation', so it travels with backups) and a
 * notice's escalation under it (rules/notice-escalation.ts).
 */

const RULE_KEY = 'noticeEscalation';

export async function getEscalationRule(db: Kysely<Database>): Promise<EscalationRule> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', RULE_KEY).executeTakeFirst();
  if (!row) return DEFAULT_ESCALATION_RULE;
  try {
    const stored = JSON.parse(row.value) as Partial<EscalationRule>;
    const { yellowAfterDays, redAfterDays } = stored;
    // A value edited by hand into something else falls back to the default rather than failing every notice.
    if (Number.isInteger(yellowAfterDays) && Number.isInteger(redAfterDays) && redAfterDays! > yellowAfterDays! && yellowAfterDays! > 0) {
      return { yellowAfterDays: yellowAfterDays!, redAfterDays: redAfterDays! };
    }
  } catch {
    // fall through to the default
  }
  return DEFAULT_ESCALATION_RULE;
}

export async function setEscalationRule(db: Kysely<Database>, actor: Actor, rule: EscalationRuleDto): Promise<EscalationRule> {
  requireOffice(actor, '设置督办升级规则');
  if (rule.redAfterDays <= rule.yellowAfterDays) throw new AppError('INVALID_INPUT', '升为红色的天数应大于升为黄色的天数。');
  const value = JSON.stringify({ yellowAfterDays: rule.yellowAfterDays, redAfterDays: rule.redAfterDays });
  await db.insertInto('settings').values({ key: RULE_KEY, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  return { yellowAfterDays: rule.yellowAfterDays, redAfterDays: rule.redAfterDays };
}

export async function noticeEscalation(db: Kysely<Database>, noticeId: number, today: string): Promise<NoticeEscalation> {
  const notice = await db.selectFrom('supervision_notices').select(['level', 'reply_due', 'closed_at']).where('id', '=', noticeId).executeTakeFirst();
  if (!notice) throw new AppError('NOT_FOUND', '找不到该督办单，请刷新后重试。');
  const firstReply = await db
    .selectFrom('notice_steps')
    .select((eb) => eb.fn.min<string>('created_at').as('at'))
    .where('notice_id', '=', noticeId)
    .where('action', '=', '反馈')
    .executeTakeFirst();
  const issuedLevel = notice.level as NoticeLevel;
  const steps = escalationSteps(
    {
      level: issuedLevel,
      replyDue: notice.reply_due,
      firstReplyOn: firstReply?.at ? chinaDateOf(firstReply.at) : null,
      closedOn: notice.closed_at ? chinaDateOf(notice.closed_at) : null,
    },
    today,
    await getEscalationRule(db),
  );
  return { issuedLevel, level: steps.at(-1)?.to ?? issuedLevel, steps };
}
