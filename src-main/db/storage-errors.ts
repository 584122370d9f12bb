import type { ApiError, ErrorCode } from '../api/errors';

/**
 * The one place where storage failures (SQLite result codes, PostgreSQL's SQLSTATEs and connection errors on the shared
 * server, and the file-system errors of backups) become
 * messages a user can act on. The dispatcher uses it for every channel, the migrator for the start-up path,
 * so a full disk or a database held by another program reads the same wherever it happens.
 */

interface StorageProblem {
  code: ErrorCode;
  /** Short reason, for composing into longer messages ("无法读取数据库文件（…）"). */
  reason: string;
  /** What the user sees when an operation failed because of it. */
  message: string;
}

const PROBLEMS: Record<string, StorageProblem> = {
  busy: {
    code: 'DB_BUSY',
    reason: '文件正被其他程序占用',
    message:
      '数据库正被另一个程序占用（可能是另一个规划督办台窗口、浏览器模式或备份/杀毒软件），本次操作未完成，数据没有改动。请关闭其他程序后重试。',
  },
  full: {
    code: 'DISK_FULL',
    reason: '磁盘空间已满',
    message: '磁盘空间已满，本次操作未完成，已保存的数据没有受到影响。请清理数据目录所在磁盘的空间后重试。',
  },
  readonly: {
    code: 'DB_READONLY',
    reason: '文件只读或没有写入权限',
    message: '数据目录或数据库文件不可写（只读或没有权限），本次操作未完成，数据没有改动。请检查数据目录的权限。',
  },
  corrupt: {
    code: 'DB_CORRUPT',
    reason: '文件已损坏',
    message: '数据库文件已损坏，本次操作未完成。请关闭并重新启动规划督办台：程序会进入恢复界面，可从备份恢复。',
  },
  notadb: {
    code: 'DB_UNREADABLE',
    reason: '不是数据库文件',
    message: '数据库文件无法识别（不是数据库文件）。请关闭并重新启动规划督办台：程序会进入恢复界面，可从备份恢复。',
  },
  // The same failures on the shared server's PostgreSQL: no file or data folder of this PC is involved, and the
  // person who can act is the database's administrator.
  serverBusy: {
    code: 'DB_BUSY',
    reason: '数据库服务器上的同一数据正被其他操作修改',
    message: '数据库服务器上另一项操作正在修改同一数据，本次操作未完成，数据没有改动。请稍后重试。',
  },
  serverFull: {
    code: 'DISK_FULL',
    reason: '数据库服务器磁盘空间已满',
    message: '数据库服务器的磁盘空间已满，本次操作未完成，已保存的数据没有受到影响。请联系数据库管理员清理空间。',
  },
  serverReadonly: {
    code: 'DB_READONLY',
    reason: '数据库服务器只读',
    message: '数据库服务器当前只读（可能连接到了备用服务器），本次操作未完成，数据没有改动。请联系数据库管理员。',
  },
  unreachable: {
    code: 'DB_BUSY',
    reason: '无法连接数据库服务器',
    message: '暂时无法连接数据库服务器（可能正在重启或网络中断），本次操作未完成，数据没有改动。请稍后重试；持续出现请联系数据库管理员。',
  },
  cantopen: {
    code: 'DB_UNREADABLE',
    reason: '无法打开文件',
    message: '无法打开数据库文件（文件或文件夹不存在、被移动或没有权限），本次操作未完成。',
  },
};

/** SQLite's primary result code (extended codes such as SQLITE_BUSY_SNAPSHOT share it) or a Node fs code. */
function problemKey(code: string): keyof typeof PROBLEMS | undefined {
  const primary = /^SQLITE_[A-Z]+/u.exec(code)?.[0];
  switch (primary ?? code) {
    case 'SQLITE_BUSY':
    case 'SQLITE_LOCKED':
      return 'busy';
    case 'SQLITE_FULL':
    case 'ENOSPC':
    case 'EDQUOT':
      return 'full';
    case 'SQLITE_READONLY':
    case 'EROFS':
    case 'EACCES':
    case 'EPERM':
      return 'readonly';
    case 'SQLITE_CORRUPT':
      return 'corrupt';
    case 'SQLITE_NOTADB':
      return 'notadb';
    case 'SQLITE_CANTOPEN':
      return 'cantopen';
    // PostgreSQL (the shared server's --database): SQLSTATEs, and the pg driver's socket errors.
    case '55P03': // lock_not_available
    case '40001': // serialization_failure
    case '40P01': // deadlock_detected
      return 'serverBusy';
    case '53100': // disk_full
      return 'serverFull';
    case '25006': // read_only_sql_transaction (a standby)
      return 'serverReadonly';
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'ETIMEDOUT':
    case '57P01': // admin_shutdown
    case '57P02': // crash_shutdown
    case '57P03': // cannot_connect_now
    case '08000':
    case '08001':
    case '08003':
    case '08006':
      return 'unreachable';
    default:
      return undefined;
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  // The pg driver's own words for a connection that ended under a call.
  if (error instanceof Error && /^Connection terminated|^Client has encountered a connection error/u.test(error.message)) return 'ECONNRESET';
  return undefined;
}

/** The user-facing failure for a storage error, or undefined when the error is not one (a bug: INTERNAL). */
export function storageFailure(error: unknown): ApiError | undefined {
  const code = errorCode(error);
  const key = code === undefined ? undefined : problemKey(code);
  if (key === undefined) return undefined;
  const problem = PROBLEMS[key]!;
  return { code: problem.code, message: problem.message };
}

/** A short Chinese reason for a storage error, falling back to the error's own text. */
export function storageReason(error: unknown): string {
  const code = errorCode(error);
  const key = code === undefined ? undefined : problemKey(code);
  if (key !== undefined) return PROBLEMS[key]!.reason;
  return error instanceof Error ? error.message : String(error);
}

/** The ErrorCode a storage error maps to, if it is one. */
export function storageErrorCode(error: unknown): ErrorCode | undefined {
  return storageFailure(error)?.code;
}
