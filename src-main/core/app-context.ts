import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../api/app.types';
import type { BackupInfo, RecoveryReason, RecoveryStatus } from '../api/backup.types';
import { AppError, failure } from '../api/errors';
import { isAutomaticBackupDue } from '../backup/backup-retention';
import { backupDirOf, createBackup, findBackup, listBackups, pruneBackups, verifyBackup } from '../backup/backup.service';
import { BACKUP_EXTENSION } from '../backup/backup-names';
import { postgresBackupWriter, sqliteBackupWriter, type BackupWriter } from '../backup/backup-writer';
import { dropKeptDatabase, listKeptDatabases } from '../backup/postgres-databases';
import { checkPostgresDump, PG_DUMP_EXTENSION, serverMajorAt } from '../backup/postgres-dump';
import { describeImpactSince, describeRestoreImpact, lastIdsInDump } from '../backup/restore-impact';
import { restorePostgresBackup } from './postgres-restore';
import { anotherProgram, isOpenElsewhere, moveAside, putBack, swapInDatabaseFile } from '../backup/restore-files';
import { DATABASE_FILE_NAME, openAppDatabase, type AppDatabase } from '../db/connection';
import { bundledMigrations } from '../db/migrator';
import { checkDatabaseFileOffThread, missingDatabaseProblem } from '../db/integrity';
import { acquireDataFolderLock } from '../db/data-folder-lock';
import type { DataSafety } from '../backup/backup.handlers';
import { RECOVERY_MODE_MESSAGE, createRecoveryHandlers } from './recovery-handlers';
import { seedShippedPlan } from '../plan/plan.seed';
import { seedDefaultUnits } from '../units/units.service';
import { openPostgresAppDatabase } from '../db/postgres-database';
import { getWarningThresholds } from '../settings/settings.service';
import { ensureTaskLights } from '../tasks/task-lights';
import { createDispatcher, type Dispatch } from './dispatcher';
import { createHandlers } from './handlers';
import { chinaDateOf } from '../rules/report-date';
import { callWiring, sessionDeps } from './call-wiring';
import { readCarriedState, writeCarriedState } from './restore-carry';
import type { SessionDeps } from '../accounts/sessions';
import type { SessionPolicy } from '../accounts/session-policy';
import { anyone } from '../api/access';
import { AttachmentStore } from '../progress/attachment-store';
import { sweepOrphanFiles } from '../files/stored-attachments';

export interface AppContext {
  dispatch: Dispatch;
  /** The open database. Throws in recovery mode, where there is none. */
  readonly database: AppDatabase;
  /** Why the database could not be opened at start, or null when it is open. */
  readonly recovery: RecoveryProblem | null;
  /**
   * An automatic backup (自动备份) followed by the retention rule: always when `force` (at start), otherwise only
   * when the newest automatic backup is a day old (the running app's hourly check). Null when none was made,
   * also in recovery mode, where there is no sound database to back up.
   */
  automaticBackup(options?: { force?: boolean }): Promise<BackupInfo | null>;
  /** The shared server's log-in and sessions, on the database now open (throws in recovery mode). */
  sessions(): SessionDeps;
  close(): Promise<void>;
}

export interface AppContextOptions {
  dataDir: string;
  mode: 'electron' | 'browser';
  version: string;
  logError?: (error: unknown, channel: string) => void;
  /** Overrides today's date (tests). */
  today?: () => string;
  /** Overrides the clock for backup names and the retention rule (tests). */
  now?: () => Date;
  /** Stands in for the start-up integrity check that runs in a worker (tests: a check that answers when told). */
  checkIntegrity?: (file: string) => Promise<unknown>;
  /** The shared server (`--shared`): accounts and sessions instead of a profile per window, row scope for units. */
  shared?: boolean;
  /** Session timeouts and lockout (tests shorten them). */
  sessionPolicy?: SessionPolicy;
  /**
   * The shared server's data in PostgreSQL (`--database postgres://…`) instead of the SQLite file in the data folder,
   * which then keeps the attachments only. No file checks or recovery screen there: a database that cannot be opened
   * stops the start with its message.
   */
  databaseUrl?: string;
}

export interface RecoveryProblem {
  reason: RecoveryReason;
  message: string;
}

/** Start-up errors that mean "this file cannot be used as it is": the recovery screen handles them. */
const RECOVERY_REASONS: Partial<Record<string, RecoveryReason>> = {
  DB_CORRUPT: 'corrupt',
  DB_UNREADABLE: 'unreadable',
  DB_TOO_NEW: 'too-new',
  DB_MIGRATION_FAILED: 'migration-failed',
};

type State =
  | {
      mode: 'open';
      database: AppDatabase;
      dispatch: Dispatch;
      /**
       * Whether the start-up integrity check, running off the main thread while the app already answers, found the file
       * sound. Work that must not touch a damaged file (the start-up backup, the attachment sweep) waits for it.
       */
      sound: Promise<boolean>;
    }
  | { mode: 'recovery'; problem: RecoveryProblem; dispatch: Dispatch };

/**
 * Everything behind the doors: opens (and migrates) the database in the data folder, fills a new database
 * with the shipped plan and default units, and wires the dispatcher. Electron and browser mode both start here.
 *
 * A database that is damaged, unreadable, from a newer app or failed to migrate does not stop the app: it starts
 * in recovery mode, with only the recovery screen's channels, and the file is left untouched until the user
 * restores a backup (which moves it aside, never deletes it). Any other start-up error (the file is locked by
 * another program, the disk is full) is thrown, with its Chinese message, to the entry point.
 *
 * A restore closes the database, swaps the file and opens it again under the same `dispatch`: calls arriving
 * meanwhile wait, and every handler is rebuilt on the new connection.
 *
 * The data folder is locked (data-folder-lock.ts) from start to close: a second Plan Desk on the same folder, in
 * this or another process, is refused with a message naming the first.
 */
export async function openAppContext(options: AppContextOptions): Promise<AppContext> {
  mkdirSync(options.dataDir, { recursive: true });
  const dataDir = options.dataDir;
  // Before the database is touched: a second Plan Desk on this folder stops here, naming the first.
  // On PostgreSQL the folder holds only attachments, under unique names: app servers may share it (a network folder).
  const lock = options.databaseUrl ? { release: () => undefined } : acquireDataFolderLock(dataDir, options.mode);
  try {
    return await openLocked(options, lock.release);
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openLocked(options: AppContextOptions, releaseLock: () => void): Promise<AppContext> {
  const dataDir = options.dataDir;
  const databaseFile = join(dataDir, DATABASE_FILE_NAME);
  const backupDir = backupDirOf(dataDir);
  const latestSchemaVersion = bundledMigrations().at(-1)?.version ?? 0;
  // Each engine's backups (backup-writer.ts): SQLite files, or on PostgreSQL pg_dump archives; each lists only its own.
  const databaseUrl = options.databaseUrl;
  const extension = databaseUrl ? PG_DUMP_EXTENSION : BACKUP_EXTENSION;
  const writerOf = (database: AppDatabase): BackupWriter => (databaseUrl ? postgresBackupWriter(databaseUrl) : sqliteBackupWriter(database.sqlite));
  const now = options.now ?? (() => new Date());
  const logError = options.logError ?? ((error, channel) => console.error(`[${channel}]`, error));
  const attachments = new AttachmentStore(dataDir);
  // The users' calendar (China Standard Time) whatever zone the machine keeps; tests and --today fix it.
  const today = options.today ?? (() => chinaDateOf(now()));
  const appInfo = (schemaVersion: number): Omit<AppInfo, 'today'> => ({
    name: '规划督办台',
    version: options.version,
    mode: options.mode,
    dataDir,
    schemaVersion,
    ...(options.shared ? { shared: true } : {}),
  });

  // Calls in flight, and the restore (if any) that new calls must wait for.
  let inFlight = 0;
  const settled = new Set<() => void>();
  let maintenance: Promise<unknown> | null = null;
  let closed = false;
  /**
   * Start-up work left running while the app answers (the integrity checks in their worker, the attachment sweep after
   * them): closing waits for it, so none touches a file being closed or removed.
   */
  const background = new Set<Promise<unknown>>();
  const inBackground = (work: Promise<unknown>) => {
    const settledWork = work.catch(() => undefined);
    background.add(settledWork);
    void settledWork.then(() => background.delete(settledWork));
  };

  const safety: DataSafety = {
    listBackups: () => listBackups(backupDir, extension),
    restoreImpact: async (name) => {
      const open = requireOpen();
      const { backup, file } = findBackup(backupDir, name, extension);
      if (databaseUrl) return { backup, ...(await describeImpactSince(open.database.db, await lastIdsInDump(file, await serverMajorAt(databaseUrl)))) };
      return { backup, ...(await describeRestoreImpact(open.database.db, file)) };
    },
    createBackup: async () => {
      const open = requireOpen();
      return createBackup(writerOf(open.database), backupDir, 'manual', now());
    },
    restoreBackup: async (name) => {
      requireOpen();
      const { backup, file } = findBackup(backupDir, name, extension);
      if (databaseUrl) await checkPostgresDump(file, await serverMajorAt(databaseUrl));
      else verifyBackup(file, latestSchemaVersion);
      return exclusively(async () => {
        const open = requireOpen();
        const safetyBackup = await createBackup(writerOf(open.database), backupDir, 'pre-restore', now());
        // Accounts and the 操作日志 are today's, not the backup's (restore-carry.ts).
        const carried = await readCarriedState(open.database.db);
        if (databaseUrl) {
          // Into a new database switched in by name, the current one kept (postgres-restore.ts).
          const { kept } = await restorePostgresBackup({
            url: databaseUrl,
            file,
            at: now(),
            carried,
            closeCurrent: () => open.database.close(),
            reopen: async () => {
              state = await openState();
            },
          });
          return { restored: backup, safetyBackup, movedAside: [], keptDatabase: kept };
        }
        await open.database.close();
        // Swapping the file under another process that has it open would corrupt both: refuse, as if never begun.
        if (isOpenElsewhere(databaseFile)) {
          state = await openState();
          rmSync(join(backupDir, safetyBackup.name), { force: true });
          throw anotherProgram();
        }
        await swapAndOpen(file, () => undefined, (db) => writeCarriedState(db, carried));
        return { restored: backup, safetyBackup, movedAside: [] };
      });
    },
    recoveryStatus: (): RecoveryStatus =>
      state.mode === 'open'
        ? { needed: false }
        : { needed: true, ...state.problem, databaseFile, dataDir, backupDir },
    keptDatabases: async () => (databaseUrl ? listKeptDatabases(databaseUrl) : []),
    dropKeptDatabase: async (name) => {
      if (!databaseUrl) throw new AppError('NOT_FOUND', '当前数据保存在 SQLite 文件中，恢复时不保留数据库（只有 PostgreSQL 上的共享服务器保留）。');
      await dropKeptDatabase(databaseUrl, name);
      return { dropped: name };
    },
    recover: async (name) => {
      if (state.mode === 'open') {
        throw new AppError('CONFLICT', '数据库可以正常打开，不需要恢复。如需回到某个备份，请在“设置 → 数据备份”中恢复。');
      }
      const { backup, file } = findBackup(backupDir, name);
      verifyBackup(file, latestSchemaVersion);
      return exclusively(async () => {
        if (state.mode !== 'recovery') throw new AppError('CONFLICT', '数据库已经恢复。');
        const moved = moveAside(dataDir, databaseFile, state.problem.reason, now());
        await swapAndOpen(file, () => putBack(moved));
        return { restored: backup, safetyBackup: null, movedAside: moved.map((entry) => entry.to) };
      });
    },
  };

  function recoveryState(problem: RecoveryProblem, error: AppError): State {
    logError(error, 'startup');
    return {
      mode: 'recovery',
      problem,
      // No database to check a profile against: every channel is open to anyone, and the recovery handlers answer
      // RECOVERY_MODE on all but the recovery screen's.
      dispatch: createDispatcher(createRecoveryHandlers({ safety, info: appInfo(0), today }), {
        resolveActor: async () => null,
        accessOf: () => anyone,
        logError,
      }),
    };
  }

  async function openState(): Promise<State> {
    const onPostgres = options.databaseUrl !== undefined;
    const missing = onPostgres ? null : missingDatabaseProblem(databaseFile, listBackups(backupDir).length);
    if (missing) return recoveryState({ reason: 'missing', message: missing }, new AppError('DB_UNREADABLE', missing));
    // The integrity check (PRAGMA quick_check: over a second on a 1 GB file) runs in a worker while the database opens
    // and the app answers; a migration waits for it before writing. Damage it finds later switches to recovery mode.
    const existing = !onPostgres && (statSync(databaseFile, { throwIfNoEntry: false })?.size ?? 0) > 0;
    const integrity = existing ? (options.checkIntegrity ?? checkDatabaseFileOffThread)(databaseFile) : Promise.resolve();
    inBackground(integrity);
    let damage: unknown = null;
    const sound = integrity.then(
      () => true,
      (error: unknown) => {
        damage = error;
        return false;
      },
    );
    let database: AppDatabase;
    try {
      database = options.databaseUrl ? await openPostgresAppDatabase(options.databaseUrl) : await openAppDatabase(dataDir, undefined, integrity);
    } catch (error) {
      if (onPostgres) throw error;
      // Opening may trip over the damage before the check has named it: the check's verdict says what it was.
      return recoveryFrom((await sound) ? error : damage);
    }
    try {
      // Under the database's start-up lock: app servers starting together on an empty database fill it once, and
      // after the migration that added the light dates one of them works them out while the others wait.
      await database.exclusively(async () => {
        await seedDefaultUnits(database.db);
        await seedShippedPlan(database.db);
        // Each task's light dates for the thresholds in 设置 (tasks/task-lights.ts): worked out once after that
        // migration (which waited for the integrity check before writing); one small read at every other start.
        await ensureTaskLights(database.db, await getWarningThresholds(database.db));
      });
    } catch (error) {
      await database.close();
      if (!(await sound)) return recoveryFrom(damage);
      throw error;
    }
    if (damage !== null) {
      await database.close();
      return recoveryFrom(damage);
    }
    const info = appInfo(database.schemaVersion);
    const opened: State = {
      mode: 'open',
      database,
      dispatch: (() => {
        const handlers = createHandlers({ db: database.db, info, attachments, today, now, safety });
        const wiring = { db: () => requireOpen().database.db, now, handlers: () => handlers, shared: options.shared ?? false, ...(options.sessionPolicy ? { policy: options.sessionPolicy } : {}) };
        return createDispatcher(handlers, { ...callWiring(wiring), logError });
      })(),
      sound,
    };
    void sound.then((ok) => (ok ? undefined : enterRecovery(opened, damage)));
    return opened;
  }

  function recoveryFrom(error: unknown): State {
    const reason = error instanceof AppError ? RECOVERY_REASONS[error.code] : undefined;
    if (!reason || !(error instanceof AppError)) throw error;
    return recoveryState({ reason, message: error.message }, error);
  }

  /**
   * The integrity check found damage after the database was opened: calls in flight finish, new ones wait, the
   * database is closed and the recovery screen's channels take over (the window asks for recovery.status again when a
   * call is refused with RECOVERY_MODE).
   */
  async function enterRecovery(opened: State, error: unknown): Promise<void> {
    while (maintenance) await maintenance.catch(() => undefined);
    if (state !== opened || closed || opened.mode !== 'open') return;
    const run = (async () => {
      while (inFlight > 0) await new Promise<void>((resolve) => settled.add(resolve));
      await opened.database.close();
      try {
        state = recoveryFrom(error);
      } catch (unexpected) {
        // Not a damaged file (the check itself failed some other way): open it again and log why.
        logError(unexpected, 'startup');
        state = await openState();
      }
    })();
    maintenance = run;
    try {
      await run;
    } finally {
      maintenance = null;
    }
  }

  /**
   * Puts a verified backup in place of the closed (or set-aside) database file and opens it. If it will not open, or
   * what the restore carries into it (`carry`) cannot be written, the swap is undone (`undo` puts set-aside files back)
   * and the previous state is opened again.
   */
  async function swapAndOpen(backupFile: string, undo: () => void, carry?: (db: AppDatabase['db']) => Promise<void>): Promise<void> {
    const swap = swapInDatabaseFile(databaseFile, backupFile);
    let opened: State | undefined;
    let failed: unknown;
    try {
      opened = await openState();
      if (opened.mode === 'open' && carry) await carry(opened.database.db);
    } catch (error) {
      failed = error;
      if (opened?.mode === 'open') await opened.database.close();
      opened = undefined;
    }
    if (opened?.mode === 'open') {
      swap.commit();
      state = opened;
      return;
    }
    swap.rollback();
    undo();
    state = await openState();
    throw (
      failed ??
      new AppError('DB_CORRUPT', `恢复后的数据库无法打开（${opened?.mode === 'recovery' ? opened.problem.message : '未知原因'}），已退回恢复前的状态。请选择其他备份。`)
    );
  }

  function requireOpen(): Extract<State, { mode: 'open' }> {
    if (state.mode !== 'open') throw new AppError('RECOVERY_MODE', RECOVERY_MODE_MESSAGE);
    return state;
  }

  /**
   * Runs `work` with no other call in flight and new calls held back. Only reachable from a handler, that is from
   * inside one dispatched call, which is why it waits until that call is the only one left.
   */
  async function exclusively<T>(work: () => Promise<T>): Promise<T> {
    if (maintenance) throw new AppError('CONFLICT', '正在恢复数据，请稍候再试。');
    const run = (async () => {
      while (inFlight > 1) await new Promise<void>((resolve) => settled.add(resolve));
      return work();
    })();
    maintenance = run;
    try {
      return await run;
    } finally {
      maintenance = null;
    }
  }

  let state: State = await openState();
  if (state.mode === 'open') {
    // Only at start (not after a restore), and only on a file the integrity check found sound: a damaged index could
    // hide rows and make a referenced attachment look orphaned. A failed sweep costs nothing.
    const opened = state;
    inBackground(
      opened.sound
        .then((ok) => (ok && state === opened ? sweepOrphanFiles(opened.database.db, attachments, now(), () => state === opened) : undefined))
        .catch((error: unknown) => logError(error, 'startup')),
    );
  }

  const dispatch: Dispatch = async (channel, payload, caller) => {
    while (maintenance) await maintenance.catch(() => undefined);
    if (closed) return failure('INTERNAL', '规划督办台正在关闭，本次操作未执行。');
    inFlight++;
    try {
      return await state.dispatch(channel, payload, caller);
    } finally {
      inFlight--;
      for (const resolve of settled) resolve();
      settled.clear();
    }
  };

  return {
    dispatch,
    get database() {
      return requireOpen().database;
    },
    sessions: () => sessionDeps({ db: () => requireOpen().database.db, now, ...(options.sessionPolicy ? { policy: options.sessionPolicy } : {}) }),
    get recovery() {
      return state.mode === 'recovery' ? state.problem : null;
    },
    async automaticBackup({ force = false } = {}) {
      while (maintenance) await maintenance.catch(() => undefined);
      if (closed || state.mode !== 'open') return null;
      // A damaged file is not backed up (its copy would count as a backup and retention could drop a sound one).
      const open = state;
      if (!(await open.sound) || state !== open || closed) return null;
      if (!force && !isAutomaticBackupDue(
        listBackups(backupDir, extension).map((backup) => ({ ...backup, createdAt: new Date(backup.createdAt) })),
        now(),
      )) {
        return null;
      }
      // Closing waits for a backup under way (it now runs while the app answers, and may be asked to quit meanwhile).
      const making = createBackup(writerOf(open.database), backupDir, 'auto', now());
      inBackground(making);
      const backup = await making;
      pruneBackups(backupDir, now(), extension);
      return backup;
    },
    async close() {
      while (maintenance) await maintenance.catch(() => undefined);
      if (closed) return;
      closed = true;
      try {
        await Promise.all(background);
        if (state.mode === 'open') await state.database.close();
      } finally {
        releaseLock();
      }
    },
  };
}
