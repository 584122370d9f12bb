import type { Kysely } from 'kysely';
import { isUnitRole, type Actor } from '../api/access';
import type { ChannelName } from '../api/contract';
import { AppError } from '../api/errors';
import type { Dashboard } from '../api/dashboard.types';
import type { RoundReminderSummary } from '../api/reminders.types';
import type { Database } from '../db/database.types';

/**
 * Row scope on the shared server: an account bound to a unit (单位填报人, 单位审核人) lists, reads and writes only its
 * unit's records. Lists are narrowed to the unit (their input's unit filter is set to it, so counts and pages agree);
 * a read naming another unit's record by id is refused. Writes are already checked by the services (a unit reports
 * only on its tasks, signs only its notices …). The office, 领导 and the admin see everything; the single-seat modes
 * hold one unit's data anyway and are not scoped.
 */

type Input = Record<string, unknown>;

const refuse = (what: string) => new AppError('FORBIDDEN', `单位账号只能查看本单位的${what}。`);

export function rowScope(db: () => Kysely<Database>) {
  return async (channel: ChannelName, input: unknown, actor: Actor | null): Promise<unknown> => {
    if (!actor || actor.accountId === undefined || !isUnitRole(actor.role)) return input;
    const given = input as Input;
    const own = actor.unitId;
    switch (channel) {
      case 'tasks.list':
      case 'notices.list':
      case 'problems.list':
        return { ...given, unitId: own };
      case 'projects.list':
        return { ...given, leadUnitId: own };
      // A round read for the unit alone: its rows and counts (rounds.service.ts roundDetail).
      case 'rounds.get':
        return { ...given, unitId: own };
      case 'tasks.get':
        if (!(await involved(db(), own, given.id as number))) throw refuse('任务（牵头或配合的任务）');
        return input;
      case 'attachments.read': {
        const report = await db()
          .selectFrom('attachments')
          .innerJoin('progress_reports', 'progress_reports.id', 'attachments.report_id')
          .select(['progress_reports.task_id', 'progress_reports.unit_id'])
          .where('attachments.id', '=', given.id as number)
          .executeTakeFirst();
        // A missing attachment reads the same as another unit's: the answer does not tell which ids exist.
        if (!report || (report.unit_id !== own && !(await involved(db(), own, report.task_id)))) throw refuse('佐证材料（本单位牵头或配合任务的附件）');
        return input;
      }
      case 'notices.get':
      case 'escalation.forNotice': {
        const noticeId = (channel === 'notices.get' ? given.id : given.noticeId) as number;
        const notice = await db().selectFrom('supervision_notices').select('unit_id').where('id', '=', noticeId).executeTakeFirst();
        if (!notice || notice.unit_id !== own) throw refuse('督办通知');
        return input;
      }
      // 导出当前列表: the same narrowing as the list it exports (a round's rows: the unit's own, as its page shows).
      case 'reports.exportList':
        return given.list === 'round' ? { ...given, unitId: own } : { ...given, filter: { ...(given.filter as Input), unitId: own } };
      case 'reports.export':
        if (given.report === 'unitProgress') return { ...given, unitId: own };
        if (given.report === 'publicProgress') return input;
        throw new AppError('FORBIDDEN', '单位账号只能导出本单位的进展情况表（及公开版进展）；全省汇总类报表由领导小组办公室导出。');
      case 'templates.export':
        if (given.unitId !== own) throw refuse('填报模板');
        return input;
      default:
        return input;
    }
  };
}

/**
 * The other half of row scope: reads that answer for every unit at once (the dashboard's units, the round's 催办) keep
 * only the unit's own rows for a unit account (a round's detail is read for the unit alone, above). Figures for the
 * plan as a whole (completion by chapter and region, indicators) stay: they name no unit.
 */
export function scopeResult(channel: ChannelName, value: unknown, actor: Actor | null): unknown {
  if (!actor || actor.accountId === undefined || !isUnitRole(actor.role)) return value;
  const own = actor.unitId;
  switch (channel) {
    case 'dashboard.get': {
      const dashboard = value as Dashboard;
      return {
        ...dashboard,
        byUnit: dashboard.byUnit.filter((row) => row.unitId === own),
        latestRound: dashboard.latestRound ? { ...dashboard.latestRound, units: dashboard.latestRound.units.filter((row) => row.unitId === own) } : null,
      } satisfies Dashboard;
    }
    case 'reminders.forRound': {
      const summary = value as RoundReminderSummary;
      return {
        ...summary,
        reminders: summary.reminders.filter((row) => row.unitId === own),
        countByUnit: own in summary.countByUnit ? { [own]: summary.countByUnit[own]! } : {},
      } satisfies RoundReminderSummary;
    }
    default:
      return value;
  }
}

async function involved(db: Kysely<Database>, unitId: number, taskId: number): Promise<boolean> {
  const row = await db
    .selectFrom('tasks')
    .select('tasks.id')
    .where('tasks.id', '=', taskId)
    .where((eb) => eb.or([eb('tasks.lead_unit_id', '=', unitId), eb.exists(eb.selectFrom('task_cooperators').select('task_id').whereRef('task_cooperators.task_id', '=', 'tasks.id').where('task_cooperators.unit_id', '=', unitId))]))
    .executeTakeFirst();
  return row !== undefined;
}
