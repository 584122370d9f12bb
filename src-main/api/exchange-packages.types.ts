/** Shapes of the 下发包 / 上报包 channels: isolated PCs exchanging signed files (docs/exchange-package-format.md). */

export type PackageKind = 'dispatch' | 'report';

/** 下发包 (office → unit), 上报包 (unit → office). */
export const PACKAGE_KIND_NAMES: Record<PackageKind, string> = { dispatch: '下发包', report: '上报包' };

/** An install whose key this install trusts. */
export interface ExchangePeer {
  installId: string;
  role: 'office' | 'unit';
  unitId: number;
  unitName: string;
  fingerprint: string;
  confirmedBy: string;
  confirmedAt: string;
}

/** A package made here or applied here. */
export interface ExchangeLogEntry {
  direction: 'sent' | 'received';
  kind: PackageKind;
  unitId: number;
  unitName: string;
  seq: number;
  seqFrom: number;
  fileName: string;
  /** Missing packages it was applied over, in words. */
  gap: string | null;
  actor: string;
  createdAt: string;
}

/** What 设置 shows about exchange: this install's identity and fingerprint, who it trusts, what went in and out. */
export interface ExchangeInfo {
  installId: string;
  /** The public key's fingerprint as 8 groups of 5 digits, to be read aloud over the phone. */
  fingerprint: string;
  /** Set when a 下发包 made this install a unit's own: the office's fields are read-only here. */
  boundUnit: { id: number; name: string } | null;
  /** True on a new install with nothing of its own yet: the first-run screen offers 导入下发包. */
  fresh: boolean;
  peers: ExchangePeer[];
  recent: ExchangeLogEntry[];
}

/** What a package would do, counted per kind of record. */
export interface PackagePreviewLine {
  /** 'report', 'attachment', 'milestone', 'noticeStep', 'task', 'round', 'notice'… */
  what: string;
  /** 任务 3.1.1.2, 督办〔2024〕3号 … */
  subject: string;
  action: 'new' | 'unchanged' | 'update' | 'conflict' | 'blocked';
  /** Why unchanged, conflicting or blocked; the unit's own report date for a report. */
  note: string;
}

export interface PackagePreview {
  fileName: string;
  kind: PackageKind;
  sender: { installId: string; role: 'office' | 'unit'; unitId: number; unitName: string; fingerprint: string };
  /** The unit the package is about: the receiver of a 下发包, the sender of a 上报包. */
  unitId: number;
  unitName: string;
  seq: number;
  seqFrom: number;
  createdAt: string;
  /** First package from this key: the fingerprint must be confirmed (read over the phone) before applying. */
  needsTrust: boolean;
  /** Packages missing before this one, in words; applying needs `acceptGap`. */
  gap: string | null;
  /** Already applied, or older than one applied: applying changes nothing. */
  stale: string | null;
  lines: PackagePreviewLine[];
  counts: Record<PackagePreviewLine['action'], number>;
}

export interface PackageApplyResult {
  kind: PackageKind;
  seq: number;
  /** Nothing was written: the package (or a newer one) was applied before. */
  unchanged: boolean;
  written: Record<string, number>;
  gap: string | null;
}
