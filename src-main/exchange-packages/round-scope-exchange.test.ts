import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ExchangeInfo } from '../api/exchange-packages.types';
import type { ExportedFile } from '../api/reports.types';
import type { RoundDetail } from '../api/rounds.types';
import { asLocal, closeInstall, openInstall, type Install } from './testing/two-installs';

/**
 * A round that asks cooperating units too, for a unit on a PC off the network: the 下发包 carries who the round asks
 * and the part the unit plays on each task, the unit reports on the task it cooperates on offline, and at the office
 * the report counts for the unit's own row, not the lead's.
 */

type Pc = Install & { dir: string };
let office: Pc;
let unit: Pc;
const officeCaller = asLocal({ role: 'office', person: '王五' });
let datong: number;
let shuozhou: number;
let led: number;
let cooperated: number;
let roundId: number;

beforeAll(async () => {
  office = await openInstall('office', '2024-06-20');
  unit = await openInstall('unit', '2024-06-21');
  const units = await office.call<{ id: number; name: string }[]>('units.list', {});
  datong = units.find((u) => u.name === '大同市')!.id;
  shuozhou = units.find((u) => u.name === '朔州市')!.id;
  const tasks = await office.call<{ rows: { id: number }[] }>('tasks.list', { planId: 1, limit: 2 });
  [led, cooperated] = tasks.rows.map((t) => t.id) as [number, number];
  await office.call('tasks.assign', { taskIds: [led], leadUnitId: datong, deadline: '2025-06-30' }, officeCaller);
  await office.call('tasks.assign', { taskIds: [cooperated], leadUnitId: shuozhou, cooperatorUnitIds: [datong], deadline: '2025-06-30' }, officeCaller);
  roundId = (
    await office.call<{ id: number }>(
      'rounds.open',
      { planId: 1, name: '2024年第二季度调度', periodStart: '2024-04-01', periodEnd: '2024-06-30', dueDate: '2024-07-05', unitIds: [datong, shuozhou], reportScope: 'leadAndCooperating' },
      officeCaller,
    )
  ).id;
}, 60_000);

afterAll(async () => {
  await closeInstall(office);
  await closeInstall(unit);
});

it('the unit off the network owes the task it cooperates on, reports it, and the office counts it on the unit’s own row', async () => {
  const dispatch = await office.call<ExportedFile>('exchange.exportDispatch', { unitId: datong }, officeCaller);
  const officeInfo = await office.call<ExchangeInfo>('exchange.info', {});
  await unit.call('exchange.applyDispatch', { ...dispatch, confirmFingerprint: officeInfo.fingerprint });
  const unitCaller = asLocal({ role: 'unit', unitId: datong, person: '赵六' });

  const there = await unit.call<RoundDetail>('rounds.get', { id: roundId });
  expect(there.reportScope).toBe('leadAndCooperating');
  expect(there.tasks.map((row) => [row.taskId, row.role])).toEqual([
    [led, 'lead'],
    [cooperated, 'cooperating'],
  ]);

  unit.day = '2024-07-02';
  await unit.call('progress.submit', { taskId: cooperated, status: '序时推进', percent: 30, progress: '配合完成调研', problems: '', nextSteps: '', coordination: '', attachments: [] }, unitCaller);
  const report = await unit.call<ExportedFile>('exchange.exportReport', {}, unitCaller);
  office.day = '2024-07-03';
  const unitInfo = await unit.call<ExchangeInfo>('exchange.info', {});
  await office.call('exchange.applyReport', { ...report, confirmFingerprint: unitInfo.fingerprint }, officeCaller);

  const here = await office.call<RoundDetail>('rounds.get', { id: roundId });
  expect(here.tasks.map((row) => [row.taskId, row.unitId, row.role, row.reported, row.reportDate])).toEqual([
    [led, datong, 'lead', false, null],
    [cooperated, shuozhou, 'lead', false, null],
    [cooperated, datong, 'cooperating', true, '2024-07-02'],
  ]);
});
