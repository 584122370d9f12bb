/** Error codes a caller can branch on; the message is Chinese text a user can act on. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DB_TOO_NEW'
  | 'DB_UNREADABLE'
  | 'DB_MIGRATION_FAILED'
  /** A feature of the SQLite file (its backups, integrity checks) asked of a database on PostgreSQL. */
  | 'DB_ENGINE_SQLITE_ONLY'
  /** The file is a database but its pages are damaged (integrity check failed, SQLITE_CORRUPT). */
  | 'DB_CORRUPT'
  /** Another program holds a lock on the database (SQLITE_BUSY / SQLITE_LOCKED). */
  | 'DB_BUSY'
  | 'DB_READONLY'
  /** The disk holding the data folder is full (SQLITE_FULL, ENOSPC). */
  | 'DISK_FULL'
  /** The database could not be opened; only the recovery screen's channels work until a backup is restored. */
  | 'RECOVERY_MODE'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'PAYLOAD_TOO_LARGE'
  | 'INTERNAL';

export interface ApiError {
  code: ErrorCode;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Thrown by services for conditions the user caused or can fix; the dispatcher turns it into `{ ok: false }`. */
export class AppError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
  }

  toApiError(): ApiError {
    return { code: this.code, message: this.message };
  }
}

export function failure(code: ErrorCode, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}
