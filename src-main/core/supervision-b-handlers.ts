import type { Kysely } from 'kysely';
import { getAssessmentScheme, setAssessmentScheme } from '../assessment/assessment-scheme';
import { freezeAssessment, getAssessment } from '../assessment/assessment.service';
import { getDashboard } from '../dashboard/dashboard.service';
import type { Database } from '../db/database.types';
import { createIndicator, deleteIndicator, listIndicatorStatus, recordIndicatorValue, updateIndicator } from '../indicators/indicator.service';
import { listProjects, reportProject, saveProject } from '../projects/project.service';
import { getWarningThresholds, requireActor } from '../settings/settings.service';
import type { Handlers } from './dispatcher';

export interface SupervisionBHandlerContext {
  db: Kysely<Database>;
  /** Today's date (YYYY-MM-DD) for lights, overdue notices and the assessment's as-of date. */
  today: () => string;
}

type SupervisionBChannel =
  | 'indicators.list'
  | 'indicators.create'
  | 'indicators.update'
  | 'indicators.delete'
  | 'indicators.recordValue'
  | 'projects.list'
  | 'projects.save'
  | 'projects.report'
  | 'assessment.getScheme'
  | 'assessment.setScheme'
  | 'assessment.compute'
  | 'assessment.freeze'
  | 'dashboard.get';

/** Glue only, for 主要指标, 重大项目, 考核 and 跟踪分析: resolve who acts and today's settings, call one service. */
export function createSupervisionBHandlers({ db, today }: SupervisionBHandlerContext): Pick<Handlers, SupervisionBChannel> {
  const actor = () => requireActor(db);
  const thresholds = () => getWarningThresholds(db);
  return {
    'indicators.list': async ({ planId }) => listIndicatorStatus(db, planId, await thresholds()),
    'indicators.create': async (input) => createIndicator(db, await actor(), input),
    'indicators.update': async (input) => (await updateIndicator(db, await actor(), input), null),
    'indicators.delete': async ({ id }) => (await deleteIndicator(db, await actor(), id), null),
    'indicators.recordValue': async (input) => (await recordIndicatorValue(db, await actor(), input), null),
    'projects.list': (filter) => listProjects(db, filter),
    'projects.save': async (input) => saveProject(db, await actor(), input),
    'projects.report': async (input) => reportProject(db, await actor(), input),
    'assessment.getScheme': () => getAssessmentScheme(db),
    'assessment.setScheme': async (scheme) => setAssessmentScheme(db, await actor(), scheme),
    'assessment.compute': async (input) => getAssessment(db, input, today(), await thresholds()),
    'assessment.freeze': async (input) => freezeAssessment(db, await actor(), input, today(), await thresholds()),
    'dashboard.get': async ({ planId }) => getDashboard(db, planId, today(), await thresholds()),
  };
}
