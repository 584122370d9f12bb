import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { ACCOUNT_ROLES, ROLE_NAMES, type Role } from '../api/access';
import { loginName } from '../api/accounts.contract';
import type { AccountImportLine, AccountImportPreview, AccountImportResult } from '../api/accounts.types';
import { AppError } from '../api/errors';
import type { Database } from '../db/database.types';
import { SheetGrid } from '../exchange/xlsx-cells';
import { readXlsx } from '../exchange/xlsx-reader';
import { decodeBase64Strict } from '../files/upload-content';
import { addTableSheet, newWorkbook, workbookBytes } from '../reports/sheet-layout';
import { findUnitByNameOrAlias } from '../units/units.service';
import { generatePassword, hashPassword } from './password';

/**
 * Accounts from an Excel list (单位, 姓名, 账号, 角色), the way the templates are imported: read and check every line
 * (preview, nothing created), then create the valid lines of that same file (apply) and hand back their initial
 * passwords once, as an Excel list to print or pass on.
 */

const HEADERS = { unit: '单位', name: '姓名', login: '账号', role: '角色' } as const;
const MAX_LINES = 2000;

/** The words people write in the 角色 column, for each role. */
const ROLE_WORDS: Record<string, Role> = {
  ...Object.fromEntries(ACCOUNT_ROLES.map((role) => [ROLE_NAMES[role], role])),
  管理员: 'admin',
  办公室人员: 'office',
  领导小组办公室: 'office',
  填报人: 'unit',
  审核人: 'reviewer',
};

interface Upload {
  fileName: string;
  contentBase64: string;
}

async function readLines(db: Kysely<Database>, upload: Upload): Promise<{ lines: AccountImportLine[]; digest: string }> {
  const bytes = decodeBase64Strict(upload.contentBase64, `文件“${upload.fileName}”`);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const { workbook } = await readXlsx(bytes);
  const sheet = workbook.sheets.find((candidate) => candidate.state === 'visible');
  if (!sheet) throw new AppError('INVALID_INPUT', `“${upload.fileName}”中没有可见的工作表。`);
  const grid = new SheetGrid(sheet);
  // The header row: the first of the first ten rows naming all four columns.
  let headerRow = 0;
  const columns: Partial<Record<keyof typeof HEADERS, number>> = {};
  for (let row = 1; row <= Math.min(10, grid.maxRow) && headerRow === 0; row++) {
    const found: Partial<Record<keyof typeof HEADERS, number>> = {};
    for (const column of grid.rowColumns(row)) {
      const text = grid.text(row, column).replace(/\s/gu, '');
      for (const [key, header] of Object.entries(HEADERS) as [keyof typeof HEADERS, string][]) if (text === header) found[key] = column;
    }
    if (Object.keys(found).length === 4) {
      headerRow = row;
      Object.assign(columns, found);
    }
  }
  if (headerRow === 0) {
    throw new AppError('INVALID_INPUT', `工作表“${sheet.name}”的前 10 行中没有找到表头“单位、姓名、账号、角色”。请按这四列整理账号清单后再导入。`);
  }
  if (grid.maxRow - headerRow > MAX_LINES) throw new AppError('INVALID_INPUT', `账号清单超过 ${MAX_LINES} 行，请分批导入。`);

  const existing = new Set((await db.selectFrom('accounts').select('login').execute()).map((row) => row.login.toLowerCase()));
  const seen = new Map<string, number>();
  const lines: AccountImportLine[] = [];
  for (let row = headerRow + 1; row <= grid.maxRow; row++) {
    const cell = (key: keyof typeof HEADERS) => grid.text(row, columns[key]!).trim();
    const line: AccountImportLine = { row, unitName: cell('unit'), name: cell('name'), login: cell('login'), roleName: cell('role'), role: null, unitId: null, problems: [] };
    if (!line.unitName && !line.name && !line.login && !line.roleName) continue;
    const role = ROLE_WORDS[line.roleName.replace(/\s/gu, '')];
    if (!role) line.problems.push(`角色“${line.roleName}”无法识别，应为：${ACCOUNT_ROLES.map((r) => ROLE_NAMES[r]).join('、')}`);
    if (!line.name) line.problems.push('姓名为空');
    else if ([...line.name].length > 40) line.problems.push('姓名超过 40 个字符');
    const login = loginName.safeParse(line.login);
    if (!login.success) line.problems.push(login.error.issues[0]?.message ?? '账号格式不正确');
    const key = line.login.toLowerCase();
    if (existing.has(key)) line.problems.push(`账号“${line.login}”已存在`);
    else if (seen.has(key)) line.problems.push(`账号“${line.login}”与第 ${seen.get(key)} 行重复`);
    seen.set(key, row);
    if (role === 'unit' || role === 'reviewer') {
      const unit = line.unitName ? await findUnitByNameOrAlias(db, line.unitName) : null;
      if (!line.unitName) line.problems.push(`${ROLE_NAMES[role]}必须填写单位`);
      else if (!unit) line.problems.push(`单位“${line.unitName}”不在单位列表中（可先在“设置 → 单位”中添加，或使用单位简称）`);
      else {
        const stored = await db.selectFrom('units').select(['kind', 'retired_at']).where('id', '=', unit.id).executeTakeFirstOrThrow();
        if (stored.kind === 'office') line.problems.push('办公室人员请选择“办公室”角色');
        else if (stored.retired_at) line.problems.push(`单位“${unit.name}”已撤销`);
        else {
          line.unitId = unit.id;
          line.unitName = unit.name;
        }
      }
    }
    if (line.problems.length === 0) line.role = role ?? null;
    lines.push(line);
  }
  if (lines.length === 0) throw new AppError('INVALID_INPUT', `工作表“${sheet.name}”表头下没有账号。`);
  return { lines, digest };
}

export async function previewAccountImport(db: Kysely<Database>, upload: Upload): Promise<AccountImportPreview> {
  const { lines, digest } = await readLines(db, upload);
  const valid = lines.filter((line) => line.problems.length === 0).length;
  return { lines, valid, invalid: lines.length - valid, digest };
}

export async function applyAccountImport(db: Kysely<Database>, now: Date, upload: Upload & { digest: string }): Promise<AccountImportResult> {
  const { lines, digest } = await readLines(db, upload);
  if (digest !== upload.digest) throw new AppError('CONFLICT', '导入的文件与预览的文件不同，请重新预览后再导入。');
  const valid = lines.filter((line) => line.problems.length === 0 && line.role !== null);
  const office = await db.selectFrom('units').select(['id', 'name']).where('kind', '=', 'office').orderBy('seq').executeTakeFirst();
  // Hashing is the slow part (scrypt, on libuv's threads): done before the first write, in parallel.
  const prepared = await Promise.all(
    valid.map(async (line) => {
      const password = generatePassword();
      const unit = line.role === 'office' ? (office ?? null) : line.unitId ? { id: line.unitId, name: line.unitName } : null;
      return { line, password, unit, hash: await hashPassword(password) };
    }),
  );
  const created = prepared.map(({ line, password, unit }) => ({ login: line.login, name: line.name, unitName: unit?.name ?? null, roleName: ROLE_NAMES[line.role!], initialPassword: password }));
  // The sheet is written before the first write too: a dispatched call holds its write transaction from its first
  // write to its end (db/call-transaction.ts), and other people's saves would wait for the workbook meanwhile.
  const passwords = await passwordList(created, now);
  const stamp = now.toISOString();
  await db.transaction().execute(async (trx) => {
    for (const { line, unit, hash } of prepared) {
      await trx
        .insertInto('accounts')
        .values({ login: line.login, name: line.name, role: line.role!, unit_id: unit?.id ?? null, password_hash: hash, must_change_password: 1, created_at: stamp, updated_at: stamp })
        .execute();
    }
  });
  return { created, skipped: lines.length - valid.length, passwords };
}

/** The initial passwords, once, as a list to print or hand out; the app keeps no copy. */
export async function passwordList(created: AccountImportResult['created'], now: Date) {
  const workbook = newWorkbook(now);
  addTableSheet(workbook, {
    name: '初始密码',
    title: '规划督办台账号初始密码',
    meta: [{ label: '说明', value: '首次登录须修改密码；本表只导出这一次，请妥善分发后销毁' }],
    columns: [
      { header: '序号', width: 8, align: 'center' },
      { header: '单位', width: 24 },
      { header: '姓名', width: 12 },
      { header: '账号', width: 20 },
      { header: '角色', width: 14 },
      { header: '初始密码', width: 18 },
    ],
    rows: created.map((entry, index) => [index + 1, entry.unitName ?? '', entry.name, entry.login, entry.roleName, entry.initialPassword]),
  });
  const stamp = new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
  return { fileName: `账号初始密码_${stamp}.xlsx`, contentBase64: (await workbookBytes(workbook)).toString('base64') };
}
