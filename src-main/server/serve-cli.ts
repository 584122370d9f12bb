import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir, networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { version } from '../../package.json';
import { AppError } from '../api/errors';
import { openAppContext } from '../core/app-context';
import { clockOnDate } from '../core/clock';
import { defaultDataDir } from '../core/data-dir';
import { startAutomaticBackups } from '../core/backup-schedule';
import { startHttpServer } from './http-server';
import { createOrResetAdmin } from '../accounts/accounts.service';
import { verifyAuditLog } from '../audit/audit-log';
import { planListen } from './listen-address';
import { parseServeArgs, ServeArgsError } from './serve-args';
import { startOnRememberedPort } from './remembered-port';
import { openPostgresAppDatabase } from '../db/postgres-database';
import { importSqliteFile } from '../db/import-sqlite';

/**
 * `npm run serve -- --port N --data-dir DIR`: the whole app in the browser, for PCs where desktop software
 * cannot be installed and for the end-to-end tests. Prints the address (with the per-launch token, except on the shared
 * server, which has accounts instead) on a line of its own; tests wait for that line as the "started" signal.
 */
async function main(): Promise<void> {
  let args;
  try {
    args = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof ServeArgsError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const dataDir = resolve(args.dataDir ?? defaultDataDir(process.platform, process.env, homedir()));
  const shared = args.shared === true;
  // The shared server's data in PostgreSQL: --database, or PLAN_DESK_DATABASE_URL (keeps a password off the command line).
  const databaseUrl = shared ? (args.database ?? (process.env.PLAN_DESK_DATABASE_URL || undefined)) : undefined;
  // The shared server has no per-launch token: accounts guard it, and its address stays the same across restarts.
  const token = shared ? null : randomBytes(24).toString('base64url');

  if (args.importSqlite && databaseUrl) process.exit(await importSqlite(resolve(args.importSqlite), databaseUrl));

  let context;
  try {
    context = await openAppContext({
      dataDir,
      mode: 'browser',
      version,
      shared,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...(args.today ? { now: clockOnDate(args.today) } : {}),
    });
  } catch (error) {
    console.error(error instanceof AppError ? `无法启动：${error.message}` : error);
    process.exit(1);
  }
  if (args.verifyAudit) {
    const verdict = context.recovery ? null : await verifyAuditLog(context.database.db);
    await context.close();
    if (!verdict) {
      console.error('数据库无法打开，无法校验操作日志。');
      process.exit(2);
    }
    if (verdict.ok) console.log(`操作日志校验通过：共 ${verdict.rows} 条，哈希链完整。/ audit log intact (${verdict.rows} rows)`);
    else console.error(`操作日志校验失败：${verdict.reason} / audit log broken at row ${verdict.id}`);
    process.exit(verdict.ok ? 0 : 1);
  }
  if (args.createAdmin && !context.recovery) {
    const issued = await createOrResetAdmin(context.database.db, new Date(), args.createAdmin);
    console.log(`系统管理员账号“${issued.account.login}”的一次性密码（首次登录须修改，只显示这一次）/ one-time password: ${issued.initialPassword}`);
  }
  if (context.recovery) {
    console.warn(`数据库无法打开，已进入恢复模式：${context.recovery.message}`);
    console.warn('请在浏览器中打开下面的地址，按恢复界面的提示从备份恢复。/ The database could not be opened: recovery mode.');
  }

  const listen = planListen(
    args.host,
    Object.values(networkInterfaces())
      .flat()
      .flatMap((address) => (address && address.family === 'IPv4' && !address.internal ? [address.address] : [])),
    { shared },
  );

  const start = (port: number) =>
    startHttpServer({
      dispatch: context.dispatch,
      staticDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
      token,
      ...(shared ? { sessions: () => context.sessions() } : {}),
      ...(args.tlsCert && args.tlsKey ? { tls: { cert: readFileSync(args.tlsCert), key: readFileSync(args.tlsKey) } } : {}),
      port,
      host: listen.host,
      extraHostNames: listen.extraHostNames,
    });
  // One person's browser mode without --port: the same address as last time (see remembered-port.ts).
  const server = !shared && args.port === 0 ? await startOnRememberedPort(dataDir, start) : await start(args.port);

  // Installed before the address is printed: a stop requested the moment the server is up (a test, a quick Ctrl+C)
  // must still close the database cleanly, checkpointing its WAL, instead of Node's default of dying on the spot.
  let stopping = false;
  let stopBackups = () => undefined as void;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    stopBackups();
    await server.close();
    await context.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  console.log('规划督办台（浏览器模式）已启动 / Plan Desk is running in browser mode');
  console.log(`数据目录 / data folder: ${dataDir}`);
  if (databaseUrl) console.log(`数据库 / database: PostgreSQL ${context.database.file}`);
  if (listen.warning) console.warn(listen.warning);
  const scheme = args.tlsCert ? 'https' : 'http';
  if (shared) {
    console.log('共享服务器模式：各单位使用账号登录 / shared server: people log in with their accounts');
    console.log('请在浏览器中打开以下地址 / open this address:');
  } else {
    console.log('请在浏览器中打开以下地址（含访问口令，勿外传）/ open this address:');
  }
  // The tests wait for the first of these lines as the "started" signal.
  for (const address of listen.addresses) console.log(`${scheme}://${address}:${server.port}/${token ? `?token=${token}` : ''}`);
  console.log('按 Ctrl+C 停止 / press Ctrl+C to stop');
  // The start-up backup, then daily while running: only once the first page can be served, and not waited for (it
  // copies in steps, so pages and calls are answered meanwhile).
  void startAutomaticBackups(context).then((stopTimer) => {
    stopBackups = stopTimer;
    if (stopping) stopTimer();
  });
}

/** `--import-sqlite FILE`: the copy into PostgreSQL, its per-table check printed; the exit code says how it went. */
async function importSqlite(file: string, databaseUrl: string): Promise<number> {
  let database;
  try {
    database = await openPostgresAppDatabase(databaseUrl);
  } catch (error) {
    console.error(error instanceof AppError ? `无法连接数据库：${error.message}` : error);
    return 1;
  }
  try {
    console.log(`导入 / importing ${file} → PostgreSQL ${database.file}`);
    const copies = await importSqliteFile(file, database);
    for (const copy of copies) console.log(`  ${copy.table.padEnd(32)} ${String(copy.rows).padStart(9)} 行  sha256 ${copy.hash.slice(0, 16)}…`);
    console.log(`导入完成：${copies.length} 张表的行数和内容哈希两边一致。/ imported: row counts and content hashes match in every table`);
    return 0;
  } catch (error) {
    console.error(error instanceof AppError ? `导入失败：${error.message}` : error);
    return 1;
  } finally {
    await database.close();
  }
}

void main();
