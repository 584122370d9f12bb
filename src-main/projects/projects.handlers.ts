import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { listProjects, reportProject, saveProject } from './project.service';

/** Glue only for 重大项目. */
export function projectHandlers(db: Kysely<Database>): HandlersOf<'projects.list' | 'projects.save' | 'projects.report'> {
  return {
    'projects.list': (filter) => listProjects(db, filter),
    'projects.save': (input, actor) => saveProject(db, actor, input),
    'projects.report': (input, actor) => reportProject(db, actor, input),
  };
}
