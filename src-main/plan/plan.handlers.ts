import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { listPlans, planIndicators, planNode, planTree } from './plan.service';

/** Glue only for reading plans: each channel calls one service function. */
export function planHandlers(db: Kysely<Database>): HandlersOf<'plan.list' | 'plan.tree' | 'plan.node' | 'plan.indicators'> {
  return {
    'plan.list': () => listPlans(db),
    'plan.tree': ({ planId }) => planTree(db, planId),
    'plan.node': ({ kind, id }) => planNode(db, kind, id),
    'plan.indicators': ({ planId }) => planIndicators(db, planId),
  };
}
