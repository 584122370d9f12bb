import type { Kysely } from 'kysely';
import type { AssessmentResult } from '../api/assessment.types';
import type { IndicatorStatus } from '../api/indicators.types';
import { NOTICE_STATE_LABELS, type NoticeLevel } from '../api/notices.types';
import { PROBLEM_STATE_LABELS, type ProblemState } from '../api/problems.types';
import type { WarningThresholds } from '../api/tasks.types';
import type { Database } from '../db/database.types';
import { getAssessment } from '../assessment/assessment.service';
import { listIndicatorStatus } from '../indicators/indicator.service';
import { listProblems } from '../problems/problems.service';
import { chinaDateOf } from '../rules/report-date';
import { listNotices } from '../notices/notices.service';
import { loadPlanHeader } from './report-data';

/**
 * What reports 5–8 are built from, read through the services that own the data (督办 notices, problems,
 * indicators, assessment), so each report says exactly what its screen says.
 */

export interface NoticeLine {
  number: string;
  unitName: string;
  level: NoticeLevel;
  /** The level it stands at on the report's day, raised by the office's escalation rule (蓝→黄→红). */
  escalatedLevel: NoticeLevel;
  tasks: string;
  reason: string;
  requirement: string;
  issuedOn: string;
  replyDue: string;
  state: string;
  overdue: boolean;
  /** The latest reply (反馈) the unit sent. */
  reply: string;
  sendBacks: number;
  closedOn: string;
}

export async function loadNoticeLines(db: Kysely<Database>, planId: number, year: number, today: string): Promise<NoticeLine[]> {
  const ofYear = new Set(
    (await db.selectFrom('supervision_notices').select('id').where('plan_id', '=', planId).where('year', '=', year).execute()).map((row) => row.id),
  );
  const notices = (await listNotices(db, { planId }, today)).filter((notice) => ofYear.has(notice.id));
  const ids = notices.map((notice) => notice.id);
  const replies = ids.length
    ? await db.selectFrom('notice_steps').select(['notice_id', 'content', 'created_at']).where('action', '=', '反馈').where('notice_id', 'in', ids).orderBy('id').execute()
    : [];
  const latestReply = new Map<number, string>();
  for (const reply of replies) latestReply.set(reply.notice_id, `${reply.content}（${chinaDateOf(reply.created_at)}）`);
  return notices
    .sort((a, b) => a.number.localeCompare(b.number, 'zh-CN'))
    .map((notice) => ({
      number: notice.number,
      unitName: notice.unitName,
      level: notice.level,
      escalatedLevel: notice.escalatedLevel,
      tasks: notice.tasks.map((task) => `${task.code} ${task.text}`).join('\n'),
      reason: notice.reason,
      requirement: notice.requirement,
      issuedOn: notice.issuedAt.slice(0, 10),
      replyDue: notice.replyDue,
      state: NOTICE_STATE_LABELS[notice.state],
      overdue: notice.overdue,
      reply: latestReply.get(notice.id) ?? '',
      sendBacks: notice.sendBacks,
      closedOn: notice.closedAt?.slice(0, 10) ?? '',
    }));
}

export interface MajorProblemLine {
  taskCode: string;
  taskText: string;
  kind: string;
  text: string;
  ownerUnit: string;
  concernedUnits: string;
  raisedOn: string;
  listedOn: string;
  majorNote: string;
  state: string;
  solved: boolean;
  resolution: string;
  solvedOn: string;
}

/** 重大问题清单: every problem marked major, unsolved first. */
export async function loadMajorProblemLines(db: Kysely<Database>, planId: number): Promise<MajorProblemLine[]> {
  const problems = (await listProblems(db, { planId })).filter((problem) => problem.isMajor);
  return problems
    .map((problem) => ({
      taskCode: problem.taskCode,
      taskText: problem.taskText,
      kind: problem.kind,
      text: problem.text,
      ownerUnit: problem.ownerUnitName,
      concernedUnits: problem.concernedUnits.join('、'),
      raisedOn: problem.createdAt.slice(0, 10),
      listedOn: problem.majorAt?.slice(0, 10) ?? '',
      majorNote: problem.majorNote,
      state: PROBLEM_STATE_LABELS[problem.state as ProblemState],
      solved: problem.state === 'solved',
      resolution: problem.resolution,
      solvedOn: problem.solvedAt?.slice(0, 10) ?? '',
    }))
    .sort((a, b) => Number(a.solved) - Number(b.solved) || a.listedOn.localeCompare(b.listedOn));
}

export interface IndicatorData {
  years: number[];
  indicators: IndicatorStatus[];
}

export async function loadIndicatorLines(db: Kysely<Database>, planId: number, thresholds: WarningThresholds): Promise<IndicatorData> {
  const plan = await loadPlanHeader(db, planId);
  const years: number[] = [];
  for (let year = plan.periodStart; year <= plan.periodEnd; year++) years.push(year);
  return { years, indicators: await listIndicatorStatus(db, planId, thresholds) };
}

export async function loadAssessmentData(db: Kysely<Database>, planId: number, year: number, today: string, thresholds: WarningThresholds): Promise<AssessmentResult> {
  return getAssessment(db, { planId, year }, today, thresholds);
}
