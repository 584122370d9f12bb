import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { submitReport, type ReportInput } from '../progress/progress.service';
import { issueNotice } from '../notices/notices.service';
import { assignTasks } from '../tasks/task-assign.service';
import { addTask } from '../tasks/task-edit.service';
import { createSeededDatabase, type SeededDatabase } from '../testing/seeded-database';
import { createBackup } from './backup.service';
import { describeImpactSince, describeRestoreImpact, lastIdsInDump } from './restore-impact';
import { postgresBackupWriter, sqliteBackupWriter } from './backup-writer';
import { serverMajorAt } from './postgres-dump';

let t: SeededDatabase;
let taskId: number;
beforeEach(async () => {
  t = await createSeededDatabase();
  taskId = await t.taskId('4.1.1.1');
  await assignTasks(t.db, t.office, { taskIds: [taskId], leadUnitId: await t.unitId('省商务厅'), cooperatorUnitIds: [await t.unitId('太原市')], deadline: '2027-12-31' });
});
afterEach(() => t.dispose());

// Each engine's backup and its reading (on PostgreSQL a pg_dump archive; the test cluster's address has no password,
// so the one the database shows is the one to connect with).
const writer = () => (t.engine === 'postgres' ? postgresBackupWriter(t.file) : sqliteBackupWriter(t.sqlite));
const impactOf = async (file: string) =>
  t.engine === 'postgres' ? describeImpactSince(t.db, await lastIdsInDump(file, await serverMajorAt(t.file))) : describeRestoreImpact(t.db, file);

const report = (percent: number): ReportInput => ({
  taskId, status: '序时推进', percent, progress: '推进', problems: '', nextSteps: '', coordination: '', attachments: [],
});

it('counts the reports, 督办单 and tasks made since the backup, by unit, largest first; work before it is not counted', async () => {
  await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(10));
  const backupDir = join(t.dir, 'backups');
  const backup = await createBackup(writer(), backupDir, 'manual', new Date(Date.UTC(2025, 5, 1, 9)));

  await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(20));
  await submitReport(t.db, t.files, await t.actorFor('省商务厅'), report(30));
  await submitReport(t.db, t.files, await t.actorFor('太原市'), report(35));
  await issueNotice(t.db, t.office, { taskIds: [taskId], unitId: await t.unitId('太原市'), level: '黄', reason: '进度滞后', requirement: '限期整改', replyDue: '2025-07-01' }, '2025-06-02');
  const measureId = (await t.db.selectFrom('tasks').select('measure_id').where('id', '=', taskId).executeTakeFirstOrThrow()).measure_id;
  await addTask(t.db, t.office, { measureId, text: '新增的任务' });

  const impact = await impactOf(join(backupDir, backup.name));
  expect(impact.byUnit).toEqual([
    { unitId: await t.unitId('省商务厅'), unitName: '省商务厅', reports: 2, notices: 0, tasks: 0 },
    { unitId: await t.unitId('太原市'), unitName: '太原市', reports: 1, notices: 1, tasks: 0 },
    { unitId: null, unitName: '（尚未分配牵头单位）', reports: 0, notices: 0, tasks: 1 },
  ]);
  expect(impact.totals).toEqual({ reports: 3, notices: 1, tasks: 1 });

  // A backup taken now sets nothing aside.
  const now = await createBackup(writer(), backupDir, 'manual', new Date(Date.UTC(2025, 5, 2, 9)));
  expect(await impactOf(join(backupDir, now.name))).toEqual({ byUnit: [], totals: { reports: 0, notices: 0, tasks: 0 } });
});
