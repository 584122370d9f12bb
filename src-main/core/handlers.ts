import type { Kysely } from 'kysely';
import type { AppInfo } from '../api/app.types';
import type { Database } from '../db/database.types';
import { listPlans, planIndicators, planNode, planTree } from '../plan/plan.service';
import { listUnits } from '../units/units.service';
import type { Handlers } from './dispatcher';
import { createTaskHandlers, type TaskHandlerContext } from './task-handlers';

export interface HandlerContext extends TaskHandlerContext {
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
  };
}
