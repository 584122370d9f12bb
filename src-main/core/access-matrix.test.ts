import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal, sharedAccess, type Access, type Actor, type Role } from '../api/access';
import { channelNames, contract, type ChannelName } from '../api/contract';
import type { Caller } from '../api/handler.types';
import { openAppContext, type AppContext } from './app-context';
import { createAccount } from '../accounts/accounts.service';
import { logIn } from '../accounts/sessions';
import type { Dashboard } from '../api/dashboard.types';
import type { RoundReminderSummary } from '../api/reminders.types';
import type { RoundDetail } from '../api/rounds.types';

/**
 * Who may call each channel, as the office and the units expect it. Written out by hand on purpose: a channel added
 * to the contract without a decision here fails the first test, and a rule changed in the contract without changing
 * this table fails the second.
 */
const EXPECTED: Record<ChannelName, Access['who']> = {
  'app.info': 'anyone',
  'plan.list': 'anyone',
  'plan.tree': 'anyone',
  'plan.node': 'anyone',
  'plan.indicators': 'anyone',
  'identity.get': 'anyone',
  'identity.check': 'anyone',
  'warnings.getThresholds': 'anyone',
  'warnings.setThresholds': 'office',
  'units.list': 'anyone',
  'units.create': 'office',
  'units.update': 'office',
  'units.setRetired': 'office',
  'tasks.list': 'anyone',
  'tasks.get': 'anyone',
  'tasks.update': 'office',
  'tasks.add': 'office',
  'tasks.split': 'office',
  'tasks.merge': 'office',
  'tasks.retire': 'office',
  'tasks.assign': 'office',
  'tasks.setTargets': 'office',
  'milestones.setDone': 'member',
  'milestones.delete': 'office',
  'progress.submit': 'member',
  'attachments.read': 'anyone',
  'reviews.list': 'anyone',
  'reviews.approve': 'member',
  'reviews.return': 'member',
  'rounds.list': 'anyone',
  'rounds.get': 'anyone',
  'rounds.open': 'office',
  'rounds.close': 'office',
  'notices.list': 'anyone',
  'notices.get': 'anyone',
  'notices.issue': 'office',
  'notices.issueMany': 'office',
  'notices.readAttachment': 'anyone',
  'notices.sign': 'member',
  'notices.reply': 'member',
  'notices.review': 'office',
  'problems.list': 'anyone',
  'problems.update': 'member',
  'problems.add': 'member',
  'problems.setMajor': 'office',
  'indicators.list': 'anyone',
  'indicators.create': 'office',
  'indicators.update': 'office',
  'indicators.delete': 'office',
  'indicators.recordValue': 'member',
  'projects.list': 'anyone',
  'projects.save': 'office',
  'projects.report': 'member',
  'assessment.getScheme': 'anyone',
  'assessment.setScheme': 'office',
  'assessment.compute': 'anyone',
  'assessment.freeze': 'office',
  'dashboard.get': 'anyone',
  'reports.options': 'anyone',
  'reports.export': 'anyone',
  'reports.exportList': 'anyone',
  'templates.export': 'member',
  'templates.preview': 'member',
  'templates.apply': 'member',
  'exchange.info': 'anyone',
  'exchange.exportDispatch': 'office',
  'exchange.exportReport': 'member',
  'exchange.previewDispatch': 'setup',
  'exchange.applyDispatch': 'setup',
  'exchange.previewReport': 'office',
  'exchange.applyReport': 'office',
  'planImport.preview': 'office',
  'planImport.save': 'office',
  'backup.list': 'anyone',
  'backup.create': 'memberOrAdmin',
  'backup.restoreImpact': 'keeper',
  'backup.restore': 'keeper',
  'backup.keptDatabases': 'keeper',
  'backup.dropKeptDatabase': 'admin',
  'recovery.status': 'anyone',
  'recovery.restore': 'anyone',
  'accounts.list': 'admin',
  'accounts.create': 'admin',
  'accounts.update': 'admin',
  'accounts.resetPassword': 'admin',
  'accounts.unlock': 'admin',
  'accounts.lockedAddresses': 'admin',
  'accounts.unlockAddress': 'admin',
  'accounts.importPreview': 'admin',
  'accounts.importApply': 'admin',
  'account.changePassword': 'signedIn',
  'audit.list': 'keeper',
  'audit.export': 'keeper',
  'audit.verify': 'keeper',
  'todo.list': 'anyone',
  'extensions.list': 'anyone',
  'extensions.deadlines': 'anyone',
  'extensions.request': 'member',
  'extensions.decide': 'office',
  'extensions.readAttachment': 'anyone',
  'reminders.forRound': 'anyone',
  'reminders.send': 'office',
  'circulars.roundDraft': 'office',
  'circulars.round': 'office',
  'circulars.notice': 'office',
  'instructions.list': 'anyone',
  'instructions.record': 'office',
  'instructions.toNotice': 'office',
  'instructions.readAttachment': 'anyone',
  'instructions.close': 'office',
  'escalation.getRule': 'anyone',
  'escalation.setRule': 'office',
  'escalation.forNotice': 'anyone',
};

const office: Actor = { role: 'office', unitId: 1, unitName: '领导小组办公室', person: '王五', label: '领导小组办公室（王五）' };
const unit: Actor = { role: 'unit', unitId: 9, unitName: '大同市', person: '赵六', label: '大同市（赵六）' };
const account = (role: Role, unitId: number): Actor => ({ role, unitId, unitName: '某单位', person: '某人', label: `某单位（某人）`, accountId: 7 });

/** Per rule, which callers pass: nobody, then the five account roles (admin, office, unit, reviewer, leader). */
const WHO_PASSES: Record<Access['who'], [nobody: boolean, admin: boolean, office: boolean, unit: boolean, reviewer: boolean, leader: boolean]> = {
  anyone: [true, true, true, true, true, true],
  signedIn: [false, true, true, true, true, true],
  member: [false, false, true, true, true, false],
  memberOrAdmin: [false, true, true, true, true, false],
  office: [false, false, true, false, false, false],
  admin: [false, true, false, false, false, false],
  keeper: [false, true, true, false, false, false],
  // A single-seat install's first step: anyone there; the shared server maps it to `closed` (see below).
  setup: [true, true, true, true, true, true],
  closed: [false, false, false, false, false, false],
};
const ACCOUNTS = [account('admin', 0), account('office', 1), account('unit', 9), account('reviewer', 9), account('leader', 0)];
/** The channels the shared server answers before log-in. */
const OPEN_ON_SHARED = ['app.info', 'identity.get', 'recovery.status'];

describe('every channel declares who may call it', () => {
  it('the table above covers exactly the contract’s channels', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...channelNames].sort());
  });

  it.each(channelNames.map((name) => [name]))('%s: nobody, a unit and the office are let in or refused as declared', (channel) => {
    const access = contract[channel].access;
    expect(access.who).toBe(EXPECTED[channel]);
    const allowed = (actor: Actor | null) => refusal(access, actor) === null;
    const [nobody, , asOffice, asUnit] = WHO_PASSES[EXPECTED[channel]];
    expect([allowed(null), allowed(unit), allowed(office)]).toEqual([nobody, asUnit, asOffice]);
    // Every refusal explains itself in Chinese; an office-only one names what only the office may do.
    const refused = refusal(access, null) ?? refusal(access, unit);
    if (refused) expect(refused.message).toMatch(/[\u4e00-\u9fff]/u);
    if (access.who === 'office') expect(refusal(access, unit)?.message).toContain(`只有领导小组办公室可以${access.what}`);
  });

  it.each(channelNames.map((name) => [name]))('%s on the shared server: each role (and nobody before log-in) is let in or refused as declared', (channel) => {
    const access = sharedAccess(channel, contract[channel].access);
    const expected = [...WHO_PASSES[EXPECTED[channel]]];
    // Reads open to anyone on one PC need a log-in on the shared server, except what the log-in page needs.
    if (EXPECTED[channel] === 'anyone' && !OPEN_ON_SHARED.includes(channel)) expected[0] = false;
    // 导入下发包 makes a PC one unit's: never on the shared server, the office's own.
    if (EXPECTED[channel] === 'setup') expected.fill(false);
    expect([refusal(access, null) === null, ...ACCOUNTS.map((actor) => refusal(access, actor) === null)]).toEqual(expected);
    for (const actor of [null, ...ACCOUNTS]) {
      const refused = refusal(access, actor);
      if (refused) expect(refused.message).toMatch(/[\u4e00-\u9fff]/u);
    }
  });

  it('a 领导 reads everything and writes nothing: every channel it may call is one open to anyone or its own password', () => {
    const leader = account('leader', 0);
    const callable = channelNames.filter((channel) => refusal(sharedAccess(channel, contract[channel].access), leader) === null);
    expect(callable.filter((channel) => contract[channel].access.who !== 'anyone')).toEqual(['account.changePassword']);
  });
});

describe('the dispatcher enforces the rule before any handler runs', () => {
  let dir: string;
  let context: AppContext;
  const as = (profile: unknown): Caller => ({ kind: 'local', profile });
  const officeCaller = as({ role: 'office', person: '王五' });
  let unitCaller: Caller;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-access-'));
    context = await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', today: () => '2024-06-30' });
    const units = await context.dispatch('units.list', {});
    if (!units.ok) throw new Error('units.list failed');
    const datong = (units.value as { id: number; name: string }[]).find((u) => u.name === '大同市')!;
    unitCaller = as({ role: 'unit', unitId: datong.id, person: '赵六' });
  });
  afterAll(async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const thresholds = { yellowLag: 15, redLag: 40, dueSoonDays: 20, notStartedMonths: 4 };

  it('a unit cannot change the warning rule or restore a backup; nothing changes', async () => {
    const backup = await context.dispatch('backup.create', {}, unitCaller);
    expect(backup.ok).toBe(true);
    const name = backup.ok ? (backup.value as { name: string }).name : '';
    const before = context.database.sqlite.prepare('SELECT total_changes() AS n').get();

    expect(await context.dispatch('warnings.setThresholds', thresholds, unitCaller)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('只有领导小组办公室可以调整预警规则') },
    });
    expect(await context.dispatch('backup.restore', { name }, unitCaller)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(context.database.sqlite.prepare('SELECT total_changes() AS n').get()).toEqual(before);
    expect(await context.dispatch('warnings.getThresholds', {})).toMatchObject({ ok: true, value: { yellowLag: 10 } });
  });

  it('without an identity, a write is refused and asks for one; reads still work', async () => {
    expect(await context.dispatch('progress.submit', { taskId: 1, status: '序时推进', percent: 10, progress: '', problems: '', nextSteps: '', coordination: '', attachments: [] })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: expect.stringContaining('请先选择使用身份') },
    });
    expect((await context.dispatch('plan.list', {})).ok).toBe(true);
  });

  it('a profile naming a unit that does not exist, or a role that is not ours, is refused like bad input', async () => {
    for (const profile of [{ role: 'unit', unitId: 999_999, person: '' }, { role: 'admin', person: '' }, 'office', { role: 'office', person: 'x'.repeat(41) }]) {
      const result = await context.dispatch('warnings.setThresholds', thresholds, as(profile));
      expect(result, JSON.stringify(profile)).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    }
  });

  it('the office may; the change is made and read back', async () => {
    expect(await context.dispatch('warnings.setThresholds', thresholds, officeCaller)).toMatchObject({ ok: true });
    expect(await context.dispatch('warnings.getThresholds', {})).toMatchObject({ ok: true, value: thresholds });
  });

  it('identity.get answers with the caller’s own identity, resolved; two callers never see each other’s', async () => {
    const [a, b, none] = await Promise.all([
      context.dispatch('identity.get', {}, officeCaller),
      context.dispatch('identity.get', {}, unitCaller),
      context.dispatch('identity.get', {}),
    ]);
    expect(a).toMatchObject({ ok: true, value: { role: 'office', person: '王五' } });
    expect(b).toMatchObject({ ok: true, value: { role: 'unit', unitName: '大同市', person: '赵六' } });
    expect(none).toMatchObject({ ok: true, value: { role: null } });
  });
});

describe('row scope on the shared server: each read × role × own unit / other unit', () => {
  let dir: string;
  let context: AppContext;
  const callers = {} as Record<'office' | 'leader' | 'unitA' | 'reviewerA' | 'unitB', Caller>;
  let units: { a: number; b: number };
  let roundId: number;
  let noticeB: number;

  const value = async <T,>(channel: string, input: unknown, caller: Caller): Promise<T> => {
    const result = await context.dispatch(channel, input, caller);
    if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
    return result.value as T;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plan-desk-row-scope-'));
    context = await openAppContext({ dataDir: dir, mode: 'browser', version: 'test', shared: true, today: () => '2024-06-30', now: () => new Date('2024-06-30T02:00:00Z') });
    const db = context.database.db;
    const all = await db.selectFrom('units').select(['id', 'name']).execute();
    units = { a: all.find((u) => u.name === '大同市')!.id, b: all.find((u) => u.name === '朔州市')!.id };
    const sessionOf = async (login: string, role: Role, unitId: number | null): Promise<Caller> => {
      const issued = await createAccount(db, new Date('2024-06-30T02:00:00Z'), { login, name: login, role, unitId });
      await db.updateTable('accounts').set({ must_change_password: 0 }).where('login', '=', login).execute();
      const { token } = await logIn(context.sessions(), login, issued.initialPassword, '127.0.0.1');
      return { kind: 'session', token, address: '127.0.0.1' };
    };
    callers.office = await sessionOf('office1', 'office', null);
    callers.leader = await sessionOf('leader1', 'leader', null);
    callers.unitA = await sessionOf('unita', 'unit', units.a);
    callers.reviewerA = await sessionOf('reviewera', 'reviewer', units.a);
    callers.unitB = await sessionOf('unitb', 'unit', units.b);
    const tasks = await db.selectFrom('tasks').select('id').orderBy('id').limit(2).execute();
    await value('tasks.assign', { taskIds: [tasks[0]!.id], leadUnitId: units.a }, callers.office);
    await value('tasks.assign', { taskIds: [tasks[1]!.id], leadUnitId: units.b }, callers.office);
    roundId = (
      await value<{ id: number }>('rounds.open', { planId: 1, name: '2024年第二季度调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [units.a, units.b] }, callers.office)
    ).id;
    await value('reminders.send', { roundId, message: '请按时填报' }, callers.office);
    noticeB = (await value<{ id: number }>('notices.issue', { taskIds: [tasks[1]!.id], unitId: units.b, level: '蓝', reason: '进度滞后', requirement: '说明原因', replyDue: '2024-07-10' }, callers.office)).id;
  });
  afterAll(async () => {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The units a read answered rows for, as each caller sees it. */
  const unitsSeen = async (read: (caller: Caller) => Promise<number[]>) =>
    Object.fromEntries(await Promise.all(Object.entries(callers).map(async ([who, caller]) => [who, [...new Set(await read(caller))].sort()])));

  it('rounds.get: a unit account (填报人 or 审核人) sees its own unit’s rows and counts only; the office and the leader see every unit', async () => {
    const seen = await unitsSeen(async (caller) => {
      const round = await value<RoundDetail>('rounds.get', { id: roundId }, caller);
      return [...round.units.map((row) => row.unitId), ...round.tasks.map((row) => row.unitId)];
    });
    const both = [units.a, units.b].sort();
    expect(seen).toEqual({ office: both, leader: both, unitA: [units.a], reviewerA: [units.a], unitB: [units.b] });
    expect(await value<RoundDetail>('rounds.get', { id: roundId }, callers.unitA)).toMatchObject({ unitCount: 1, expected: 1 });
  });

  it('dashboard.get: the units table and the latest round’s units keep the unit’s own row only', async () => {
    const seen = await unitsSeen(async (caller) => {
      const dashboard = await value<Dashboard>('dashboard.get', { planId: 1 }, caller);
      return [...dashboard.byUnit.filter((row) => row.lead > 0).map((row) => row.unitId), ...(dashboard.latestRound?.units ?? []).map((row) => row.unitId)];
    });
    const both = [units.a, units.b].sort();
    expect(seen).toEqual({ office: both, leader: both, unitA: [units.a], reviewerA: [units.a], unitB: [units.b] });
  });

  it('reminders.forRound: a unit sees the 催办 sent to it, not to others', async () => {
    const seen = await unitsSeen(async (caller) => {
      const summary = await value<RoundReminderSummary>('reminders.forRound', { roundId }, caller);
      return [...summary.reminders.map((row) => row.unitId), ...Object.keys(summary.countByUnit).map(Number)];
    });
    const both = [units.a, units.b].sort();
    expect(seen).toEqual({ office: both, leader: both, unitA: [units.a], reviewerA: [units.a], unitB: [units.b] });
  });

  it('escalation.forNotice: another unit’s 督办 notice is refused; its own unit, the office and the leader may read it', async () => {
    const outcome = Object.fromEntries(
      await Promise.all(Object.entries(callers).map(async ([who, caller]) => [who, (await context.dispatch('escalation.forNotice', { noticeId: noticeB }, caller)).ok])),
    );
    expect(outcome).toEqual({ office: true, leader: true, unitA: false, reviewerA: false, unitB: true });
  });
});
