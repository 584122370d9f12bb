import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { seedDefaultUnits } from '../units/units.service';
import { applyAccountImport, previewAccountImport } from './account-import';
import { logIn } from './sessions';
import { DEFAULT_POLICY } from './session-policy';

const now = () => new Date('2024-06-30T02:00:00Z');

async function list(rows: string[][]): Promise<{ fileName: string; contentBase64: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('账号');
  sheet.addRow(['省级账号清单']);
  sheet.addRow(['单位', '姓名', '账号', '角色']);
  for (const row of rows) sheet.addRow(row);
  return { fileName: '账号清单.xlsx', contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') };
}

describe('accounts from an Excel list', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await seedDefaultUnits(db.db);
  });
  afterEach(async () => db.dispose());

  it('previews every line with its problems, creates only the valid ones, and their one-time passwords log in', async () => {
    const file = await list([
      ['大同市', '赵六', 'zhaoliu', '单位填报人'],
      ['发改委', '钱七', 'qianqi', '审核人'],
      ['', '王五', 'wangwu', '办公室'],
      ['不存在的单位', '孙八', 'sunba', '单位填报人'],
      ['朔州市', '周九', 'zhaoliu', '单位填报人'],
      ['', '张领导', 'boss', '局长'],
    ]);
    const preview = await previewAccountImport(db.db, file);
    expect(preview.lines.map((line) => [line.row, line.problems.length === 0])).toEqual([
      [3, true],
      [4, true],
      [5, true],
      [6, false],
      [7, false],
      [8, false],
    ]);
    expect(preview.lines[1]).toMatchObject({ unitName: '省发展改革委', role: 'reviewer' });
    expect(preview.lines[3]!.problems.join()).toContain('不在单位列表中');
    expect(preview.lines[4]!.problems.join()).toContain('与第 3 行重复');
    expect(preview.lines[5]!.problems.join()).toContain('角色“局长”无法识别');
    expect(await db.db.selectFrom('accounts').selectAll().execute()).toEqual([]);

    await expect(applyAccountImport(db.db, now(), { ...file, digest: 'f'.repeat(64) })).rejects.toThrow(/与预览的文件不同/u);
    const result = await applyAccountImport(db.db, now(), { ...file, digest: preview.digest });
    expect(result.created.map((entry) => [entry.login, entry.unitName, entry.roleName])).toEqual([
      ['zhaoliu', '大同市', '单位填报人'],
      ['qianqi', '省发展改革委', '单位审核人'],
      ['wangwu', '省区域融合发展领导小组办公室', '办公室'],
    ]);
    expect(result.skipped).toBe(3);
    expect(result.passwords.fileName).toMatch(/^账号初始密码_\d{8}\.xlsx$/u);
    const stored = await db.db.selectFrom('accounts').select(['login', 'password_hash', 'must_change_password']).execute();
    expect(stored.every((row) => row.password_hash.startsWith('scrypt$') && row.must_change_password === 1)).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(result.created[0]!.initialPassword);
    const session = await logIn({ db: db.db, now, policy: DEFAULT_POLICY }, 'zhaoliu', result.created[0]!.initialPassword, '10.0.0.5');
    expect(session.actor).toMatchObject({ role: 'unit', unitName: '大同市', person: '赵六', mustChangePassword: true });
  });
});
