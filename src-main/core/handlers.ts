import type { Kysely } from 'kysely';
import type { AppInfo } from '../api/app.types';
import type { Database } from '../db/database.types';
import { listPlans, planIndicators, planNode, planTree } from '../plan/plan.service';
import { listUnits } from '../units/units.service';
import type { Handlers } from './dispatcher';
import { createTaskHandlers, type TaskHandlerContext } from './task-handlers';
import { createSupervisionHandlers } from './supervision-handlers';
import { createBackupHandlers, type BackupHandlerContext } from './backup-handlers';
import { createSupervisionBHandlers } from './supervision-b-handlers';
import { createExcelHandlers } from './excel-handlers';
import { previewPlanImport, savePlanImport } from '../plan-import/plan-import.service';
import { requireActor } from '../settings/settings.service';

export interface HandlerContext extends TaskHandlerContext, BackupHandlerContext {
  db: Kysely<Database>;
  info: AppInfo;
}

/** Glue only: each channel calls one service function. Rules live in the services. */
export function createHandlers(context: HandlerContext): Handlers {
  const { db, info } = context;
  return {
    'app.info': () => info,
    'plan.list': () => listPlans(db),
    'plan.tree': ({ planId }) => planTree(db, planId),
    'plan.node': ({ kind, id }) => planNode(db, kind, id),
    'plan.indicators': ({ planId }) => planIndicators(db, planId),
    'units.list': (input) => listUnits(db, input),
    ...createTaskHandlers(context),
    ...createSupervisionHandlers(context),
    ...createBackupHandlers(context),
    ...createSupervisionBHandlers(context),
    ...createExcelHandlers(context),
    'planImport.preview': (input) => previewPlanImport(db, input),
    'planImport.save': async (input) => savePlanImport(db, await requireActor(db), input),
  };
}
