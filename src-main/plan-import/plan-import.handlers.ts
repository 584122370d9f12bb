import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { previewPlanImport, savePlanImport } from './plan-import.service';

/** Glue only for 导入规划. */
export function planImportHandlers(db: Kysely<Database>, today: () => string): HandlersOf<'planImport.preview' | 'planImport.save'> {
  return {
    'planImport.preview': (input) => previewPlanImport(db, input),
    'planImport.save': (input, actor) => savePlanImport(db, actor, input, today()),
  };
}
