/** Error codes a caller can branch on; the message is Chinese text a user can act on. */
export type ErrorCode =
  | 'UNKNOWN_CHANNEL'
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'DB_TOO_NEW'
  | 'DB_UNREADABLE'
  | 'DB_MIGRATION_FAILED'
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
