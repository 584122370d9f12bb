import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { applyTemplateImport, exportTemplate, previewTemplateImport } from './template.service';

/** Glue only for the 填报模板 round trip. */
export function templateHandlers(db: Kysely<Database>, today: () => string, now: () => Date): HandlersOf<'templates.export' | 'templates.preview' | 'templates.apply'> {
  return {
    'templates.export': (input, actor) => exportTemplate(db, actor, input, now()),
    'templates.preview': (input, actor) => previewTemplateImport(db, actor, input, today()),
    'templates.apply': (input, actor) => applyTemplateImport(db, actor, input, today()),
  };
}
