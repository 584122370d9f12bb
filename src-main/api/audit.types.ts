/** Shapes of the 操作日志 channels. */

export interface AuditEntry {
  id: number;
  /** ISO moment. */
  at: string;
  /** 单位（姓名） or, for a failed log-in, the name typed. */
  who: string;
  role: string | null;
  unitId: number | null;
  unitName: string | null;
  /** The client's address (the server's view of it). */
  address: string;
  /** The channel, or auth.login / auth.logout / auth.login-failed. */
  channel: string;
  /** What the channel does, in Chinese (修改任务, 登录 …). */
  action: string;
  outcome: 'ok' | 'refused' | 'failed';
  /** The ids the call named or created, e.g. "taskId=12 reportId=340". */
  targets: string;
  /** A short before/after summary; never a password, never file contents. */
  summary: string;
}

export interface AuditPage {
  rows: AuditEntry[];
  total: number;
}

export interface AuditVerification {
  ok: boolean;
  rows: number;
  /** The first row whose hash does not hold, and why, when the chain is broken. */
  brokenAt: { id: number; reason: string } | null;
}
