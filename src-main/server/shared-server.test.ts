import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountRow, IssuedPassword } from '../api/accounts.types';
import type { AuditPage } from '../api/audit.types';
import type { TaskListResult } from '../api/tasks.types';
import type { ExportedFile } from '../api/reports.types';
import type { NoticeDetail } from '../api/notices.types';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { createOrResetAdmin } from '../accounts/accounts.service';
import { openAppContext, type AppContext } from '../core/app-context';
import { createPostgresTestDatabaseUrl, testEngine } from '../db/postgres-test-database';
import { SharedClient } from '../testing/shared-client';
import { FIRST_PASSWORD, firstLogIn, rendererFolder } from '../testing/shared-server-setup';
import { startHttpServer, type RunningServer } from './http-server';

/**
 * The shared server end to end over HTTP: accounts, log-in, lockout, timeouts, roles, row scope, request ids and the
 * audit trail. The clock is the test's (a fixed moment it moves by hand), never today's.
 */

let dir: string;
/** Under npm run test:postgres the shared server keeps its data in a PostgreSQL database of its own. */
let postgres: { url: string; drop(): Promise<void> } | null = null;
let context: AppContext;
let server: RunningServer;
let clock = Date.parse('2024-06-30T02:00:00Z');
const now = () => new Date(clock);
const advanceMinutes = (minutes: number) => (clock += minutes * 60_000);

let admin: SharedClient;
let office: SharedClient;
let unitA: SharedClient;
let unitB: SharedClient;
let leader: SharedClient;
let unitIds: { a: number; b: number };
let tasks: { a: number; b: number };

const client = () => new SharedClient(server.port);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'plan-desk-shared-'));
  const staticDir = rendererFolder(dir);
  postgres = testEngine() === 'postgres' ? await createPostgresTestDatabaseUrl() : null;
  context = await openAppContext({
    dataDir: join(dir, 'data'),
    mode: 'browser',
    version: 'test',
    shared: true,
    ...(postgres ? { databaseUrl: postgres.url } : {}),
    now,
    today: () => '2024-06-30',
    sessionPolicy: { idleMinutes: 30, absoluteHours: 12, accountFailures: 3, addressFailures: 50, lockMinutes: 15 },
  });
  server = await startHttpServer({ dispatch: context.dispatch, staticDir, token: null, sessions: () => context.sessions(), port: 0 });

  const issued = await createOrResetAdmin(context.database.db, now(), 'admin');
  admin = client();
  await firstLogIn(admin, 'admin', issued.initialPassword);
  const units = await admin.value<{ id: number; name: string }[]>('units.list', {});
  unitIds = { a: units.find((u) => u.name === '大同市')!.id, b: units.find((u) => u.name === '朔州市')!.id };
  const make = async (login: string, name: string, role: string, unitId: number | null) => {
    const created = await admin.value<IssuedPassword>('accounts.create', { login, name, role, unitId });
    const browser = client();
    await firstLogIn(browser, login, created.initialPassword);
    return browser;
  };
  office = await make('wangwu', '王五', 'office', null);
  unitA = await make('zhaoliu', '赵六', 'unit', unitIds.a);
  unitB = await make('liming', '李明', 'unit', unitIds.b);
  leader = await make('boss', '张领导', 'leader', null);

  const all = await office.value<TaskListResult>('tasks.list', { limit: 2 });
  tasks = { a: all.rows[0]!.id, b: all.rows[1]!.id };
  await office.value('tasks.assign', { taskIds: [tasks.a], leadUnitId: unitIds.a });
  await office.value('tasks.assign', { taskIds: [tasks.b], leadUnitId: unitIds.b });
});

afterAll(async () => {
  await server.close();
  await context.close();
  await postgres?.drop();
  rmSync(dir, { recursive: true, force: true });
});

const report = (taskId: number, note: string, attachments: { name: string; contentBase64: string }[] = []) => ({
  taskId,
  status: '序时推进',
  percent: 20,
  progress: note,
  problems: '',
  nextSteps: '',
  coordination: '',
  attachments,
});

describe('log-in', () => {
  it('before log-in only app info and who-am-I answer; app info says it is the shared server', async () => {
    const stranger = client();
    expect(await stranger.call('app.info', {})).toMatchObject({ ok: true, value: { shared: true } });
    expect(await stranger.call('identity.get', {})).toMatchObject({ ok: true, value: { role: null } });
    expect(await stranger.call('plan.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('请先登录') } });
  });

  it('a new account must change its one-time password before doing anything else', async () => {
    const created = await admin.value<IssuedPassword>('accounts.create', { login: 'newbie', name: '新人', role: 'unit', unitId: unitIds.a });
    const browser = client();
    expect(await browser.logIn('newbie', created.initialPassword)).toMatchObject({ ok: true, value: { account: { mustChangePassword: true } } });
    expect(await browser.call('tasks.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('须先修改密码') } });
    expect(await browser.call('account.changePassword', { current: created.initialPassword, next: 'short' })).toMatchObject({ ok: false, error: { message: expect.stringContaining('至少需要 10 个字符') } });
    await browser.value('account.changePassword', { current: created.initialPassword, next: FIRST_PASSWORD });
    expect(await browser.call('tasks.list', {})).toMatchObject({ ok: true });
  });

  it('the cookie is HttpOnly and SameSite=Strict, and a profile header claiming the office changes nothing', async () => {
    const browser = client();
    await browser.logIn('zhaoliu', FIRST_PASSWORD);
    expect(browser.cookie).toMatch(/^plan_desk_session=/u);
    const claim = { 'x-plan-desk-profile': encodeURIComponent(JSON.stringify({ role: 'office', person: '冒充' })) };
    expect(await browser.call('identity.get', {}, claim)).toMatchObject({ ok: true, value: { role: 'unit', unitName: '大同市', person: '赵六' } });
    expect(await browser.call('warnings.setThresholds', { yellowLag: 11, redLag: 31, dueSoonDays: 15, notStartedMonths: 3 }, claim)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('locks an account after repeated wrong passwords; the right one is refused until the admin unlocks it', async () => {
    const created = await admin.value<IssuedPassword>('accounts.create', { login: 'forgetful', name: '健忘', role: 'unit', unitId: unitIds.b });
    const browser = client();
    expect(await browser.logIn('forgetful', 'wrong-1')).toMatchObject({ ok: false, error: { message: expect.stringContaining('再输错 2 次') } });
    await browser.logIn('forgetful', 'wrong-2');
    expect(await browser.logIn('forgetful', 'wrong-3')).toMatchObject({ ok: false, error: { message: expect.stringContaining('锁定') } });
    expect(await browser.logIn('forgetful', created.initialPassword)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('已锁定') } });
    const row = (await admin.value<AccountRow[]>('accounts.list', {})).find((account) => account.login === 'forgetful')!;
    expect(row.lockedUntil).not.toBeNull();
    await admin.value('accounts.unlock', { id: row.id });
    expect(await browser.logIn('forgetful', created.initialPassword)).toMatchObject({ ok: true });
  });

  it('an unknown name and a wrong password get the same answer', async () => {
    const browser = client();
    const unknown = await browser.logIn('nobody-here', 'whatever');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: '账号或密码不正确。' } });
  });

  it('a session unused for longer than the idle timeout ends; 退出登录 ends it at once', async () => {
    const browser = client();
    await browser.logIn('liming', FIRST_PASSWORD);
    advanceMinutes(31);
    expect(await browser.call('plan.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    for (const other of [admin, office, unitA, unitB, leader]) other.cookie = null;
    // Everyone else logs in again after the jump in time.
    await admin.logIn('admin', FIRST_PASSWORD);
    await office.logIn('wangwu', FIRST_PASSWORD);
    await unitA.logIn('zhaoliu', FIRST_PASSWORD);
    await unitB.logIn('liming', FIRST_PASSWORD);
    await leader.logIn('boss', FIRST_PASSWORD);
    const cookie = unitB.cookie;
    await unitB.logOut();
    expect(unitB.cookie).toBeNull();
    unitB.cookie = cookie;
    expect(await unitB.call('plan.list', {})).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    await unitB.logIn('liming', FIRST_PASSWORD);
  });
});

describe('roles and row scope', () => {
  it('a unit account lists only its own unit’s tasks; the office and the leader see all', async () => {
    const mine = await unitA.value<TaskListResult>('tasks.list', {});
    expect(mine.rows.map((row) => row.id)).toEqual([tasks.a]);
    // Asking for another unit's tasks still answers with one's own.
    expect((await unitA.value<TaskListResult>('tasks.list', { unitId: unitIds.b })).rows.map((row) => row.id)).toEqual([tasks.a]);
    expect((await office.value<TaskListResult>('tasks.list', { limit: 1 })).total).toBeGreaterThan(200);
    expect((await leader.value<TaskListResult>('tasks.list', { limit: 1 })).total).toBeGreaterThan(200);
    expect(await unitA.call('tasks.get', { id: tasks.b })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a unit account’s 导出当前列表 holds only its own unit’s rows, whatever unit it names', async () => {
    const codesIn = async (file: ExportedFile) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(file.contentBase64, 'base64') as unknown as ArrayBuffer);
      const codes: string[] = [];
      book.worksheets[0]!.eachRow((row) => typeof row.getCell(1).value === 'number' && codes.push(String(row.getCell(2).value)));
      return codes;
    };
    const mine = await unitA.value<TaskListResult>('tasks.list', {});
    const file = await unitA.value<ExportedFile>('reports.exportList', { list: 'tasks', filter: { unitId: unitIds.b } });
    expect(await codesIn(file)).toEqual(mine.rows.map((row) => row.code));
    expect((await codesIn(await office.value<ExportedFile>('reports.exportList', { list: 'tasks', filter: { unitId: unitIds.b } }))).length).toBeGreaterThan(0);

    // A round's 任务报送明细: the unit's own rows, though it names the other unit; the office gets the unit it names.
    const round = await office.value<{ id: number }>('rounds.open', { planId: 1, name: '导出明细调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [unitIds.a, unitIds.b] });
    const [codeA, codeB] = [mine.rows[0]!.code, (await office.value<TaskListResult>('tasks.list', { unitId: unitIds.b })).rows[0]!.code];
    expect(await codesIn(await unitA.value<ExportedFile>('reports.exportList', { list: 'round', id: round.id, unitId: unitIds.b }))).toEqual([codeA]);
    expect(await codesIn(await unitA.value<ExportedFile>('reports.exportList', { list: 'round', id: round.id }))).toEqual([codeA]);
    expect(await codesIn(await office.value<ExportedFile>('reports.exportList', { list: 'round', id: round.id, unitId: unitIds.b }))).toEqual([codeB]);
  });

  it('unit A cannot open unit B’s attachment by id; B and the office can', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF').toString('base64');
    const { reportId } = await unitB.value<{ reportId: number }>('progress.submit', report(tasks.b, '朔州进展', [{ name: '证明.pdf', contentBase64: pdf }]));
    const attachment = await context.database.db.selectFrom('attachments').select('id').where('report_id', '=', reportId).executeTakeFirstOrThrow();
    expect(await unitA.call('attachments.read', { id: attachment.id })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('本单位') } });
    expect(await unitB.call('attachments.read', { id: attachment.id })).toMatchObject({ ok: true, value: { name: '证明.pdf' } });
    expect(await office.call('attachments.read', { id: attachment.id })).toMatchObject({ ok: true });
    // Nor may A report on B's task.
    expect(await unitA.call('progress.submit', report(tasks.b, '越权'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a 督办 反馈’s stamped scan opens for the office, 领导 and the addressed unit, not for another unit', async () => {
    const { id } = await office.value<{ id: number }>('notices.issue', { taskIds: [tasks.b], unitId: unitIds.b, level: '黄', reason: '进度滞后', requirement: '说明原因', replyDue: '2024-07-10' });
    await unitB.value('notices.sign', { id });
    const scan = Buffer.from('%PDF-1.4\n% 朔州市 盖章件\n%%EOF').toString('base64');
    await unitB.value('notices.reply', { id, content: '已整改。', attachments: [{ name: '反馈（盖章）.pdf', contentBase64: scan }] });
    const detail = await office.value<NoticeDetail>('notices.get', { id });
    const fileId = detail.steps.find((step) => step.action === '反馈')!.attachments[0]!.id;
    expect(await unitA.call('notices.readAttachment', { id: fileId })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const reader of [unitB, office, leader]) expect(await reader.call('notices.readAttachment', { id: fileId })).toMatchObject({ ok: true, value: { name: '反馈（盖章）.pdf', contentBase64: scan } });
  });

  it('the leader reads everything and writes nothing; the admin manages accounts but not the plan', async () => {
    expect(await leader.call('dashboard.get', { planId: 1 })).toMatchObject({ ok: true });
    expect(await leader.call('progress.submit', report(tasks.a, '领导'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringContaining('只能查看') } });
    expect(await leader.call('accounts.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin.call('tasks.assign', { taskIds: [tasks.a], leadUnitId: unitIds.b })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await admin.call('backup.create', {})).toMatchObject({ ok: true });
    expect(await unitA.call('backup.restore', { name: 'x.sqlite3' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await unitA.call('audit.list', {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('a unit exports only its own 进展情况表, never the province-wide summary', async () => {
    expect(await unitA.call('reports.export', { report: 'provinceSummary', planId: 1 })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await unitA.call('templates.export', { planId: 1, unitId: unitIds.b, roundId: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('no double submissions', () => {
  const count = async () => Number((await context.database.db.selectFrom('progress_reports').select((eb) => eb.fn.countAll<number>().as('n')).where('task_id', '=', tasks.a).executeTakeFirstOrThrow()).n);

  it('a double-click (the same request id twice, at once) saves one report, and both get its id', async () => {
    const before = await count();
    const headers = { 'x-plan-desk-request-id': 'click-0001-abcdef' };
    const [first, second] = await Promise.all([unitA.call('progress.submit', report(tasks.a, '双击'), headers), unitA.call('progress.submit', report(tasks.a, '双击'), headers)]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toEqual(first);
    // A retry later (the answer was lost) gets the same answer too.
    expect(await unitA.call('progress.submit', report(tasks.a, '双击'), headers)).toEqual(first);
    expect(await count()).toBe(before + 1);
  });

  it('two different actions (two ids) save two reports; the same id from another person is that person’s own', async () => {
    const before = await count();
    await unitA.value('progress.submit', report(tasks.a, '第一次'), { 'x-plan-desk-request-id': 'click-0002-abcdef' });
    await unitA.value('progress.submit', report(tasks.a, '第二次'), { 'x-plan-desk-request-id': 'click-0003-abcdef' });
    await office.value('progress.submit', report(tasks.a, '办公室代报'), { 'x-plan-desk-request-id': 'click-0002-abcdef' });
    expect(await count()).toBe(before + 3);
  });
});

describe('the audit trail', () => {
  it('records log-ins (also failed), writes with who, unit and address, refusals, and account changes', async () => {
    const page = await office.value<AuditPage>('audit.list', { limit: 1000 });
    const rows = page.rows;
    expect(rows.some((row) => row.channel === 'auth.login' && row.outcome === 'failed' && row.who.includes('nobody-here'))).toBe(true);
    expect(rows.some((row) => row.channel === 'auth.login' && row.outcome === 'ok' && row.who === '大同市（赵六）' && row.address === '127.0.0.1')).toBe(true);
    const submit = rows.find((row) => row.channel === 'progress.submit' && row.unitName === '朔州市' && row.outcome === 'ok')!;
    expect(submit).toMatchObject({ who: '朔州市（李明）', action: '填报进展', address: '127.0.0.1' });
    expect(submit.targets).toMatch(/taskId=\d+ reportId=\d+/u);
    expect(submit.summary).toContain('[文件');
    expect(rows.some((row) => row.channel === 'progress.submit' && row.outcome === 'refused' && row.who === '领导（张领导）')).toBe(true);
    expect(rows.some((row) => row.channel === 'accounts.create' && row.outcome === 'ok' && row.summary.includes('newbie'))).toBe(true);
    const change = rows.find((row) => row.channel === 'account.changePassword')!;
    expect(change.summary).not.toContain(FIRST_PASSWORD);
    expect(JSON.stringify(rows)).not.toContain(FIRST_PASSWORD);
  });

  it('keeps the state before a change of the warning rule', async () => {
    await office.value('warnings.setThresholds', { yellowLag: 12, redLag: 35, dueSoonDays: 20, notStartedMonths: 3 });
    const { rows } = await office.value<AuditPage>('audit.list', { channel: 'warnings.setThresholds' });
    expect(rows[0]!.summary).toMatch(/^前：\{"yellowLag":10.*→ 后：\{"yellowLag":12/u);
  });

  it('the chain verifies; a changed row is detected and named', async () => {
    expect(await office.value('audit.verify', {})).toMatchObject({ ok: true, brokenAt: null });
    const db = context.database.db;
    const target = await db.selectFrom('audit_log').select('id').where('channel', '=', 'progress.submit').orderBy('id').limit(1).executeTakeFirstOrThrow();
    const tamper = () => db.updateTable('audit_log').set({ who: '别人' }).where('id', '=', target.id).execute();
    // Someone with the database (the file, or PostgreSQL's owner role) edits a row: the triggers are in the way, so
    // they are dropped first.
    await expect(tamper()).rejects.toThrow(/只能追加/u);
    await sql.raw(`DROP TRIGGER audit_log_no_update${context.database.engine === 'postgres' ? ' ON audit_log' : ''}`).execute(db);
    await tamper();
    expect(await office.value('audit.verify', {})).toMatchObject({ ok: false, brokenAt: { id: target.id, reason: expect.stringContaining('改动') } });
  });
});
