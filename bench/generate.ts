import type { Kysely } from 'kysely';
import type { NoticeLevel } from '../src-main/api/notices.types';
import type { TaskStatus } from '../src-main/api/tasks.types';
import { openAppDatabase } from '../src-main/db/connection';
import type { Database } from '../src-main/db/database.types';
import { parsePlan } from '../src-main/plan/plan.parser';
import { savePlan } from '../src-main/plan/plan.store';
import { setProblemMajor, updateProblem } from '../src-main/problems/problems.service';
import { AttachmentStore } from '../src-main/progress/attachment-store';
import { recordReports, submitReport, type ReportEntry } from '../src-main/progress/progress.service';
import { closeRound, openRound } from '../src-main/rounds/rounds.service';
import { advanceNotice, issueNotice } from '../src-main/notices/notices.service';
import { assignTasks, type MilestoneInput } from '../src-main/tasks/task-assign.service';
import { ensureTaskLights } from '../src-main/tasks/task-lights';
import type { Actor } from '../src-main/tasks/task-rules';
import { DEFAULT_WARNING_THRESHOLDS, scheduleProgress } from '../src-main/rules/task-warning';
import { createUnit } from '../src-main/units/units.edit.service';
import { seedDefaultUnits } from '../src-main/units/units.service';
import { writeManifest, type Manifest } from './bench-db';
import {
  benchShape,
  coordinationText,
  extraUnitNames,
  fiveYearPlanOf,
  IMPORT_UNIT_NAME,
  nextStepsText,
  pick,
  problemText,
  progressText,
  random,
  SEARCH_PHRASE,
  syntheticPlan,
} from './dataset';
import { countRows } from './row-counts';

/**
 * Builds the province-scale database through the app's own services: units (createUnit), plans (parsePlan +
 * savePlan), assignment (assignTasks), rounds (openRound / closeRound), progress reports (recordReports, a batch per
 * call and a round's batches in one transaction, and submitReport with small real files for the attachments), notices
 * (issueNotice / advanceNotice) and problems (raised by reports; updateProblem / setProblemMajor). Nothing is written
 * around the services.
 */

const DAY = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (iso: string, days: number) => isoDay(Date.parse(`${iso}T00:00:00Z`) + days * DAY);

interface TaskPlanInfo {
  lead: number;
  cooperators: number[];
  start: string;
  deadline: string;
  /** Where this task stands against 序时进度 in every round (points), and whether it is paused. */
  bias: number;
  paused: boolean;
  /** The round from which it is reported 已完成 (Infinity: never within the bench). */
  doneFromRound: number;
}

interface Progress {
  log(message: string): void;
}

export async function generate(dataDir: string, scale: number, today: string, progress: Progress): Promise<Manifest> {
  const shape = benchShape(scale);
  const rnd = random(20_250_101);
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const phases: Manifest['generation']['phases'] = [];
  let phaseStart = performance.now();
  const phase = (name: string, rows?: number) => {
    const now = performance.now();
    phases.push({ name, ms: Math.round(now - phaseStart), ...(rows !== undefined ? { rows } : {}) });
    progress.log(`  ${name}: ${((now - phaseStart) / 1000).toFixed(1)} s${rows !== undefined ? `, ${rows} rows` : ''}`);
    phaseStart = now;
  };

  const app = await openAppDatabase(dataDir);
  const { db } = app;
  const files = new AttachmentStore(dataDir);

  // Units: the shipped list, then bureaus of the cities up to the shape's count, each through createUnit.
  await seedDefaultUnits(db);
  // As the app's first start does (core/app-context.ts): from here every service keeps the tasks' light dates.
  await ensureTaskLights(db, DEFAULT_WARNING_THRESHOLDS);
  const officeUnit = await db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').executeTakeFirstOrThrow();
  const office: Actor = { role: 'office', unitId: officeUnit.id, label: `${officeUnit.name}（基准测试）` };
  const shipped = await db.selectFrom('units').select('id').execute();
  for (const name of extraUnitNames(shape.units - shipped.length)) {
    await createUnit(db, office, { name, kind: name === IMPORT_UNIT_NAME ? 'department' : 'city', aliases: [] });
  }
  const units = await db.selectFrom('units').select(['id', 'name', 'kind']).orderBy('seq').execute();
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const importUnitId = units.find((u) => u.name === IMPORT_UNIT_NAME)!.id;
  // Regular units by size: 省发展改革委 first, the rest shuffled; lead shares fall off as 1/(rank+2).
  const regular = units.filter((u) => u.kind !== 'office' && u.id !== importUnitId).map((u) => u.id);
  const ranked = [regular[0]!, ...shuffle(regular.slice(1), rnd)];
  const weights = ranked.map((_, rank) => 1 / (rank + 2));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const weightedUnit = (): number => {
    let x = rnd() * weightSum;
    for (let i = 0; i < ranked.length; i++) if ((x -= weights[i]!) <= 0) return ranked[i]!;
    return ranked.at(-1)!;
  };
  const actorFor = (unitId: number): Actor => ({ role: 'unit', unitId, label: `${unitName.get(unitId)}（经办人）` });
  phase('units', units.length);

  // Plans: synthetic texts in the shipped plan's style, through the parser and savePlan.
  const year = Number(today.slice(0, 4));
  const { start: planStart } = fiveYearPlanOf(year);
  const planIds: number[] = [];
  for (let i = 0; i < shape.plans; i++) {
    const repeats = i === 0 ? shape.largePlanRepeats : i === shape.plans - 1 ? shape.importPlanRepeats : 1;
    const plan = syntheticPlan(i, repeats, year);
    planIds.push(await savePlan(db, parsePlan(plan.text), { code: plan.code, sourceName: `bench/${plan.code}.txt` }));
  }
  const largePlanId = planIds[0]!;
  const importPlanId = planIds.at(-1)!;
  const smallPlanIds = planIds.slice(1, -1);
  phase('plans (parsePlan + savePlan)', await count(db, 'tasks'));

  // Assignment: one lead unit per measure (as plans name them), cooperators from three combinations per lead,
  // deadlines and milestones per measure; one assignTasks call per measure.
  const info = new Map<number, TaskPlanInfo>();
  const combos = new Map<number, number[][]>();
  const combosOf = (lead: number): number[][] => {
    let list = combos.get(lead);
    if (!list) {
      list = [0, 1, 2].map(() => {
        const size = Math.floor(rnd() * 5);
        return [...new Set(Array.from({ length: size }, weightedUnit))].filter((id) => id !== lead);
      });
      combos.set(lead, list);
    }
    return list;
  };
  const planEnd = `${planStart + 4}-12-31`;
  const deadlineChoices = [planEnd, planEnd, `${planStart + 2}-12-31`, `${planStart + 3}-06-30`, addDays(today, 20), addDays(today, -40)];
  const measures = await db.selectFrom('measures').select(['id', 'plan_id']).orderBy('id').execute();
  const tasksByMeasure = new Map<number, number[]>();
  for (const task of await db.selectFrom('tasks').select(['id', 'measure_id']).orderBy('id').execute()) {
    const list = tasksByMeasure.get(task.measure_id) ?? [];
    list.push(task.id);
    tasksByMeasure.set(task.measure_id, list);
  }
  // Measures given the same lead, cooperators, deadline and milestones are assigned in one call, as the office's
  // 批量指定 does for tasks it selects together: the same rows as one call per measure (the choices are drawn per
  // measure in the same order), in a third of the transactions.
  const assignments = new Map<string, { input: Omit<Parameters<typeof assignTasks>[2], 'taskIds'>; taskIds: number[] }>();
  for (const measure of measures) {
    const taskIds = tasksByMeasure.get(measure.id) ?? [];
    if (taskIds.length === 0) continue;
    const lead = measure.plan_id === importPlanId ? importUnitId : weightedUnit();
    const cooperators = pick(rnd, combosOf(lead));
    const start = `${planStart}-01-01`;
    const deadline = [pick(rnd, deadlineChoices), `${planStart}-03-31`].sort().at(-1)!;
    const milestones: MilestoneInput[] =
      rnd() < 0.35
        ? [planStart + 1, planStart + 3].map((y) => ({ year: y, title: `${y}年完成阶段目标`, dueDate: `${y}-12-31` })).filter((m) => m.dueDate <= deadline)
        : [];
    const input = { leadUnitId: lead, cooperatorUnitIds: cooperators, deadline, standard: '按期完成规划确定的目标任务', milestones };
    const key = JSON.stringify(input);
    const group = assignments.get(key);
    if (group) group.taskIds.push(...taskIds);
    else assignments.set(key, { input, taskIds: [...taskIds] });
    for (const id of taskIds) {
      const r = rnd();
      info.set(id, {
        lead,
        cooperators,
        start,
        deadline,
        bias: r < 0.7 ? rnd() * 16 - 8 : r < 0.9 ? -10 - rnd() * 15 : r < 0.97 ? -26 - rnd() * 20 : 10 + rnd() * 15,
        paused: rnd() < 0.01,
        doneFromRound: rnd() < 0.12 ? Math.floor(rnd() * shape.largePlanRounds) : Number.POSITIVE_INFINITY,
      });
    }
  }
  for (const { input, taskIds } of assignments.values()) await assignTasks(db, office, { ...input, taskIds });
  phase(`assignment (${assignments.size} assignTasks calls)`, await count(db, 'task_events'));

  // Rounds and reports. The large plan's rounds come every two weeks up to today; the small plans have one or two.
  const scopeUnits = units.filter((u) => u.kind !== 'office').map((u) => u.id);
  let reportsWritten = 0;
  const reportValues = (taskId: number, round: number, roundEnd: string): { status: TaskStatus; percent: number } => {
    const task = info.get(taskId)!;
    if (round >= task.doneFromRound) return { status: '已完成', percent: 100 };
    const schedule = scheduleProgress(task.start, task.deadline, roundEnd);
    const percent = Math.max(0, Math.min(99, Math.round(schedule + task.bias)));
    if (task.paused) return { status: '暂缓', percent };
    if (percent === 0) return { status: '未启动', percent: 0 };
    const lag = schedule - percent;
    return { status: lag >= 10 ? '滞后' : percent - schedule >= 10 ? '超序时进度' : '序时推进', percent };
  };
  interface PlannedReport {
    taskId: number;
    unitId: number;
  }
  // A round's reports in one transaction, as the template import records a whole file in one, a batch per recordReports
  // call: one commit (and one copy of the WAL into the database file, which at 5,000 reports a commit copied most of
  // the reports' and tasks' index pages again every batch) per round instead of per batch; one batch's entries held at
  // a time. The same rows: each call sees the ones before it in the transaction.
  const writeReports = (list: PlannedReport[], roundId: number, roundIndex: number, roundEnd: string) =>
    db.transaction().execute(async (trx) => {
      for (let i = 0; i < list.length; i += shape.batch) {
        const batch = list.slice(i, i + shape.batch);
        const entries: ReportEntry[] = batch.map((entry) => {
          const values = reportValues(entry.taskId, roundIndex, roundEnd);
          const problems = rnd() < 0.03 ? problemText(rnd) : '';
          const coordination = rnd() < 0.01 ? coordinationText(rnd) : '';
          return {
            actor: actorFor(entry.unitId),
            input: { taskId: entry.taskId, ...values, progress: progressText(rnd, values.percent), problems, nextSteps: nextStepsText(rnd), coordination },
          };
        });
        await recordReports(trx, entries, { source: 'manual', roundId });
        reportsWritten += batch.length;
      }
    });
  const owedIn = async (roundId: number) =>
    (await db.selectFrom('round_tasks').select('task_id').where('round_id', '=', roundId).orderBy('task_id').execute()).map((r) => r.task_id);

  const smallRounds = shape.rounds - shape.largePlanRounds - 1;
  let smallRoundsOpened = 0;
  for (const [index, planId] of smallPlanIds.entries()) {
    const roundsHere = Math.floor(smallRounds / smallPlanIds.length) + (index < smallRounds % smallPlanIds.length ? 1 : 0);
    for (let r = 0; r < roundsHere; r++) {
      const periodEnd = addDays(today, -90 * (roundsHere - r) + 80);
      const periodStart = addDays(periodEnd, -89);
      const { id } = await openRound(db, office, {
        planId,
        name: `第${r + 1}次调度（${periodStart}至${periodEnd}）`,
        periodStart,
        periodEnd,
        dueDate: addDays(periodEnd, 10),
        unitIds: scopeUnits,
      });
      smallRoundsOpened++;
      const list: PlannedReport[] = [];
      for (const taskId of await owedIn(id)) {
        const task = info.get(taskId)!;
        if (task.cooperators.length > 0 && rnd() < 0.2) list.push({ taskId, unitId: pick(rnd, task.cooperators) });
        if (rnd() < 0.95) list.push({ taskId, unitId: task.lead });
      }
      await writeReports(list, id, shape.largePlanRounds - roundsHere + r, periodEnd);
      if (r < roundsHere - 1) await closeRound(db, office, id, today, DEFAULT_WARNING_THRESHOLDS);
    }
  }
  phase(`small plans: ${smallRoundsOpened} rounds, reports`, reportsWritten);

  let largeClosedRoundId = 0;
  let largeOpenRoundId = 0;
  const largeReportsTarget = shape.reports - reportsWritten - shape.reportsWithAttachments;
  let largeWritten = 0;
  for (let r = 0; r < shape.largePlanRounds; r++) {
    const periodEnd = addDays(today, -14 * (shape.largePlanRounds - 1 - r));
    const periodStart = addDays(periodEnd, -13);
    const { id } = await openRound(db, office, {
      planId: largePlanId,
      name: `第${r + 1}期进展调度（${periodStart}至${periodEnd}）`,
      periodStart,
      periodEnd,
      dueDate: addDays(periodEnd, 5),
      unitIds: scopeUnits,
    });
    // This round's share of what is left, so that the total comes out at the shape's count.
    const quota = Math.round((largeReportsTarget - largeWritten) / (shape.largePlanRounds - r));
    const owed = await owedIn(id);
    const leads = owed.filter(() => rnd() < 0.97);
    const coopSlots = owed.flatMap((taskId) => info.get(taskId)!.cooperators.map((unitId) => ({ taskId, unitId })));
    const coopShare = Math.max(0, Math.min(1, (quota - leads.length) / Math.max(1, coopSlots.length)));
    // Cooperating units report their part first, the lead unit last (its report is the one the round counts),
    // and some lead units correct their report once more within the round.
    const list: PlannedReport[] = coopSlots.filter(() => rnd() < coopShare);
    list.push(...leads.map((taskId) => ({ taskId, unitId: info.get(taskId)!.lead })));
    const revisions = Math.max(0, quota - list.length);
    for (let i = 0; i < revisions && owed.length > 0; i++) {
      const taskId = pick(rnd, leads.length > 0 ? leads : owed);
      list.push({ taskId, unitId: info.get(taskId)!.lead });
    }
    await writeReports(list, id, r, periodEnd);
    largeWritten += list.length;
    progress.log(`  large plan round ${r + 1}/${shape.largePlanRounds}: ${list.length} reports (${reportsWritten} in all)`);
    if (r < shape.largePlanRounds - 1) {
      await closeRound(db, office, id, today, DEFAULT_WARNING_THRESHOLDS);
      largeClosedRoundId = id;
    } else {
      largeOpenRoundId = id;
    }
  }
  phase(`large plan: ${shape.largePlanRounds} rounds, reports`, largeWritten);

  // 佐证材料: small real files through submitReport (its own transaction, files written to attachments/).
  const openOwed = await owedIn(largeOpenRoundId);
  let attachmentFiles = 0;
  for (let i = 0; i < shape.reportsWithAttachments; i++) {
    const taskId = pick(rnd, openOwed);
    const task = info.get(taskId)!;
    const values = reportValues(taskId, shape.largePlanRounds - 1, today);
    const fileCount = 1 + Math.floor(rnd() * 3);
    const attachments = Array.from({ length: fileCount }, (_, k) => ({
      name: `${unitName.get(task.lead)}佐证材料${k + 1}.${pick(rnd, ['pdf', 'jpg', 'docx'])}`,
      contentBase64: Buffer.from(`bench attachment ${taskId}-${i}-${k} `.repeat(1 + Math.floor(rnd() * 40))).toString('base64'),
    }));
    attachmentFiles += fileCount;
    await submitReport(db, files, actorFor(task.lead), {
      taskId,
      ...values,
      progress: progressText(rnd, values.percent),
      problems: '',
      nextSteps: nextStepsText(rnd),
      coordination: '',
      attachments,
    });
    reportsWritten++;
  }
  phase(`reports with attachments (${attachmentFiles} files)`, shape.reportsWithAttachments);

  // 督办: notices on lagging tasks of the open round, some signed, answered, sent back or closed.
  const lagging = await db
    .selectFrom('tasks')
    .select(['id', 'lead_unit_id'])
    .where('plan_id', '=', largePlanId)
    .where('status', 'in', ['滞后', '未启动'])
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
  const byUnit = new Map<number, number[]>();
  for (const task of lagging) byUnit.set(task.lead_unit_id!, [...(byUnit.get(task.lead_unit_id!) ?? []), task.id]);
  const noticeUnits = [...byUnit.keys()];
  let noticeSteps = 0;
  for (let i = 0; i < shape.notices && noticeUnits.length > 0; i++) {
    const unitId = pick(rnd, noticeUnits);
    const candidates = byUnit.get(unitId)!;
    const taskIds = [...new Set(Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => pick(rnd, candidates)))];
    const level: NoticeLevel = pick(rnd, ['蓝', '黄', '黄', '红']);
    const { id } = await issueNotice(
      db,
      office,
      { taskIds, unitId, level, reason: '任务进展滞后于序时进度', requirement: '请于反馈期限前报送整改措施和进展情况', replyDue: addDays(today, 5 + Math.floor(rnd() * 20)) },
      today,
    );
    const unit = actorFor(unitId);
    const depth = rnd();
    if (depth < 0.7) {
      await advanceNotice(db, unit, id, { kind: 'sign' });
      noticeSteps++;
    }
    if (depth < 0.45) {
      await advanceNotice(db, unit, id, { kind: 'reply', content: '已制定整改方案，正在加快推进。' });
      noticeSteps++;
    }
    if (depth < 0.3) {
      await advanceNotice(db, office, id, depth < 0.05 ? { kind: 'review', accept: false, comment: '整改措施不够具体，请补充。' } : { kind: 'review', accept: true, comment: '' });
      noticeSteps++;
    }
  }
  phase(`notices (${shape.notices} issued, ${noticeSteps} further steps)`);

  // The problem register: problems were raised by the reports; the office works on some and lists a few as major.
  const problemIds = (await db.selectFrom('problems').select('id').orderBy('id').execute()).map((p) => p.id);
  for (let i = 0; i < shape.problemUpdates && problemIds.length > 0; i++) {
    const id = problemIds[Math.floor(rnd() * problemIds.length)]!;
    const solved = rnd() < 0.4;
    await updateProblem(db, office, { id, state: solved ? 'solved' : 'in_progress', resolution: solved ? '经协调已解决。' : '正在协调。' });
    if (!solved && rnd() < 0.1) await setProblemMajor(db, office, { id, major: true, note: '需提请省委、省政府研究' });
  }
  phase(`problems (${problemIds.length} raised, ${shape.problemUpdates} updates)`);

  // The import plan's round: its one unit owes every task; the template for it is the 10,000-row import.
  const { id: importRoundId } = await openRound(db, office, {
    planId: importPlanId,
    name: `本期调度（截至${today}）`,
    periodStart: addDays(today, -30),
    periodEnd: today,
    dueDate: addDays(today, 10),
    unitIds: [importUnitId],
  });
  phase('import plan round');

  const leadCounts = await db
    .selectFrom('tasks')
    .select(['lead_unit_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('plan_id', '!=', importPlanId)
    .where('lead_unit_id', 'is not', null)
    .groupBy('lead_unit_id')
    .orderBy('n', 'desc')
    .execute();
  const rowCounts = countRows(app.sqlite);
  const cpu = process.cpuUsage(cpuStart);
  const manifest: Manifest = {
    scale,
    today,
    largePlanId,
    importPlanId,
    smallPlanIds,
    largeClosedRoundId,
    largeOpenRoundId,
    importRoundId,
    importUnitId,
    largestUnitId: leadCounts[0]!.lead_unit_id!,
    officeUnitId: officeUnit.id,
    searchPhrase: SEARCH_PHRASE,
    rowCounts,
    rows: Object.values(rowCounts).reduce((a, b) => a + b, 0),
    generation: { ms: Math.round(performance.now() - started), cpuMs: Math.round((cpu.user + cpu.system) / 1000), phases },
  };
  await app.close();
  writeManifest(dataDir, manifest);
  return manifest;
}

async function count(db: Kysely<Database>, table: 'tasks' | 'task_events'): Promise<number> {
  const { n } = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(n);
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
