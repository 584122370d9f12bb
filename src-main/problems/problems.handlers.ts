import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { registerProblem } from './problem-register.service';
import { listProblems, setProblemMajor, updateProblem } from './problems.service';

/** Glue only for the problem register and the 重大问题清单. */
export function problemHandlers(db: Kysely<Database>): HandlersOf<'problems.list' | 'problems.update' | 'problems.add' | 'problems.setMajor'> {
  return {
    'problems.list': (filter) => listProblems(db, filter),
    'problems.update': async (input, actor) => (await updateProblem(db, actor, input), null),
    'problems.add': (input, actor) => registerProblem(db, actor, input),
    'problems.setMajor': async (input, actor) => (await setProblemMajor(db, actor, input), null),
  };
}
