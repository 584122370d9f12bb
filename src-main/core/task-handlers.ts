import type { Kysely } from 'kysely';
import type { Database } from '../db/database.types';
import type { AttachmentStore } from '../progress/attachment-store';
import { readAttachment, submitReport } from '../progress/progress.service';
import { getIdentity, getWarningThresholds, requireActor, setIdentity, setWarningThresholds } from '../settings/settings.service';
import { assignTasks, deleteMilestone, setMilestoneDone, setTaskTargets } from '../tasks/task-assign.service';
import { addTask, mergeTasks, retireTask, splitTask, updateTask } from '../tasks/task-edit.service';
import { getTaskDetail, listTasks } from '../tasks/task-query';
import { createUnit, setUnitRetired, updateUnit } from '../units/units.edit.service';
import type { Handlers } from './dispatcher';

export interface TaskHandlerContext {
  db: Kysely<Database>;
  attachments: AttachmentStore;
  /** Today's date (YYYY-MM-DD) for 序时进度 and warnings. */
  today: () => string;
}

type TaskChannel =
  | 'identity.get'
  | 'identity.set'
  | 'warnings.getThresholds'
  | 'warnings.setThresholds'
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
  | 'milestones.delete'
  | 'progress.submit'
  | 'attachments.read'
  | 'units.create'
  | 'units.update'
  | 'units.setRetired';

/** Glue only: each channel resolves who is acting, then calls one service function. */
export function createTaskHandlers({ db, attachments, today }: TaskHandlerContext): Pick<Handlers, TaskChannel> {
  const actor = () => requireActor(db);
  return {
    'identity.get': () => getIdentity(db),
    'identity.set': (input) => setIdentity(db, input),
    'warnings.getThresholds': () => getWarningThresholds(db),
    'warnings.setThresholds': (input) => setWarningThresholds(db, input),
    'tasks.list': async (filter) => listTasks(db, filter, today(), await getWarningThresholds(db)),
    'tasks.get': async ({ id }) => getTaskDetail(db, id, today(), await getWarningThresholds(db)),
    'tasks.update': async (input) => (await updateTask(db, await actor(), input), null),
    'tasks.add': async (input) => addTask(db, await actor(), input),
    'tasks.split': async (input) => splitTask(db, await actor(), input),
    'tasks.merge': async (input) => mergeTasks(db, await actor(), input),
    'tasks.retire': async (input) => (await retireTask(db, await actor(), input), null),
    'tasks.assign': async (input) => assignTasks(db, await actor(), input),
    'tasks.setTargets': async (input) => (await setTaskTargets(db, await actor(), input), null),
    'milestones.setDone': async (input) => (await setMilestoneDone(db, await actor(), input), null),
    'milestones.delete': async (input) => (await deleteMilestone(db, await actor(), input), null),
    'progress.submit': async (input) => submitReport(db, attachments, await actor(), input),
    'attachments.read': ({ id }) => readAttachment(db, attachments, id),
    'units.create': async (input) => createUnit(db, await actor(), input),
    'units.update': async (input) => (await updateUnit(db, await actor(), input), null),
    'units.setRetired': async (input) => setUnitRetired(db, await actor(), input),
  };
}

/** Today as the local calendar date, which is what officers mean by "today". */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
