import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { inCallTransaction } from '../db/call-transaction';
import { createTestDatabase, type TestDatabase } from '../db/test-helper';
import { seedDefaultUnits } from '../units/units.service';
import { applyAccountImport, previewAccountImport } from './account-import';
import type * as PasswordModule from './password';
import type * as SheetLayoutModule from '../reports/sheet-layout';

/**
 * A bulk import of accounts is one dispatched call, and a call holds its write transaction from its first write to
 * its end (db/call-transaction.ts). The slow parts — scrypt for every password, writing the password sheet — must
 * come before that first write, or every other person's save waits for them. Each slow part below tries another
 * call's save while it runs and records whether that save got through.
 */

const during = vi.hoisted(() => ({ attempt: null as null | (() => Promise<string>), seen: [] as string[] }));

vi.mock('./password', async (original) => {
  const actual = await original<typeof PasswordModule>();
  return {
    ...actual,
    hashPassword: async (password: string) => {
      if (during.attempt) during.seen.push(`hashing: ${await during.attempt()}`);
      return actual.hashPassword(password);
    },
  };
});
vi.mock('../reports/sheet-layout', async (original) => {
  const actual = await original<typeof SheetLayoutModule>();
  return {
    ...actual,
    workbookBytes: async (...args: Parameters<typeof actual.workbookBytes>) => {
      if (during.attempt) during.seen.push(`password sheet: ${await during.attempt()}`);
      return actual.workbookBytes(...args);
    },
  };
});

const now = new Date('2024-06-30T02:00:00Z');

async function list(rows: string[][]): Promise<{ fileName: string; contentBase64: string }> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('账号');
  sheet.addRow(['单位', '姓名', '账号', '角色']);
  for (const row of rows) sheet.addRow(row);
  return { fileName: '账号清单.xlsx', contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64') };
}

describe('a bulk account import and other people’s saves', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await createTestDatabase();
    await seedDefaultUnits(db.db);
  });
  afterEach(async () => {
    during.attempt = null;
    during.seen = [];
    await db.dispose();
  });

  it('hashes the passwords and writes the password sheet without holding the write lock: another save goes through meanwhile', async () => {
    const file = await list([
      ['大同市', '赵六', 'zhaoliu', '单位填报人'],
      ['朔州市', '周九', 'zhoujiu', '单位填报人'],
    ]);
    const { digest } = await previewAccountImport(db.db, file);
    let saves = 0;
    // Another person's save, as its own dispatched call: 'saved' if it commits within a second, 'waited' otherwise
    // (it would wait for the import's whole call to end).
    during.attempt = async () => {
      const key = `other-save-${++saves}`;
      const save = inCallTransaction(() => db.db.insertInto('settings').values({ key, value: '1' }).execute()).then(() => 'saved');
      return Promise.race([save, new Promise<string>((resolve) => setTimeout(() => resolve('waited'), 1000))]);
    };

    const result = await inCallTransaction(() => applyAccountImport(db.db, now, { ...file, digest }));
    during.attempt = null;

    expect(during.seen).toEqual(['hashing: saved', 'hashing: saved', 'password sheet: saved']);
    expect(result.created.map((entry) => entry.login)).toEqual(['zhaoliu', 'zhoujiu']);
    expect((await db.db.selectFrom('accounts').select('login').orderBy('login').execute()).map((row) => row.login)).toEqual(['zhaoliu', 'zhoujiu']);
    const sheet = new ExcelJS.Workbook();
    await sheet.xlsx.load(Buffer.from(result.passwords.contentBase64, 'base64') as unknown as ArrayBuffer);
    expect(JSON.stringify(sheet.worksheets[0]!.getSheetValues())).toContain(result.created[1]!.initialPassword);
  });
});
