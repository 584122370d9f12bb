import type { Kysely } from 'kysely';
import type { HandlersOf } from '../api/handler.types';
import type { Database } from '../db/database.types';
import { getWarningThresholds } from '../settings/settings.service';
import { assignTasks, deleteMilestone, setMilestoneDone, setTaskTargets } from './task-assign.service';
import { addTask, mergeTasks, retireTask, splitTask, updateTask } from './task-edit.service';
import { getTaskDetail, listTasks } from './task-query';

type TaskChannel =
  | 'tasks.list'
  | 'tasks.get'
  | 'tasks.update'
  | 'tasks.add'
  | 'tasks.split'
  | 'tasks.merge'
  | 'tasks.retire'
  | 'tasks.assign'
  | 'tasks.setTargets'
  | 'milestones.setDone'
  | 'milestones.delete';

/** Glue only for 任务分解 and 我的任务: each channel calls one service function with the checked actor. */
export function taskHandlers(db: Kysely<Database>, today: () => string): HandlersOf<TaskChannel> {
  return {
    'tasks.list': async (filter) => listTasks(db, filter, today(), await getWarningThresholds(db)),
    'tasks.get': async ({ id }) => getTaskDetail(db, id, today(), await getWarningThresholds(db)),
    'tasks.update': async (input, actor) => (await updateTask(db, actor, input), null),
    'tasks.add': (input, actor) => addTask(db, actor, input),
    'tasks.split': (input, actor) => splitTask(db, actor, input),
    'tasks.merge': (input, actor) => mergeTasks(db, actor, input),
    'tasks.retire': async (input, actor) => (await retireTask(db, actor, input), null),
    'tasks.assign': (input, actor) => assignTasks(db, actor, input, today()),
    'tasks.setTargets': async (input, actor) => (await setTaskTargets(db, actor, input), null),
    'milestones.setDone': async (input, actor) => (await setMilestoneDone(db, actor, input), null),
    'milestones.delete': async (input, actor) => (await deleteMilestone(db, actor, input), null),
  };
}
