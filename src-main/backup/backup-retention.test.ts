import { describe, expect, it } from 'vitest';
import type { BackupKind } from '../api/backup.types';
import { backupsToPrune, isAutomaticBackupDue, type RetentionCandidate } from './backup-retention';

// Dates are built with the local-time constructor: the rule works on the local calendar, so the test holds in
// any time zone.
const at = (month: number, day: number, hour = 12, minute = 0, year = 2025) => new Date(year, month - 1, day, hour, minute);
const backup = (date: Date, kind: BackupKind = 'auto'): RetentionCandidate => ({
  name: `${kind}-${date.getTime()}`,
  kind,
  createdAt: date,
});
const kept = (backups: RetentionCandidate[], now: Date) => {
  const pruned = new Set(backupsToPrune(backups, now));
  return backups.filter((entry) => !pruned.has(entry.name)).map((entry) => entry.createdAt);
};

describe('backupsToPrune (保留规则)', () => {
  const now = at(6, 15, 18);

  it('keeps every backup made today, however many', () => {
    const today = [at(6, 15, 0, 1), at(6, 15, 8), at(6, 15, 9), at(6, 15, 17, 59)].map((date) => backup(date));
    expect(backupsToPrune(today, now)).toEqual([]);
  });

  it('keeps the newest backup of each of the 30 days before today', () => {
    const days = [at(6, 14, 8), at(6, 14, 20), at(6, 1, 9), at(6, 1, 10), at(5, 16, 7), at(5, 16, 23)].map((date) => backup(date));
    expect(kept(days, now)).toEqual([at(6, 14, 20), at(6, 1, 10), at(5, 16, 23)]);
  });

  it('keeps the newest backup of each month before that, for good', () => {
    const old = [at(5, 10), at(5, 2), at(4, 30), at(4, 1), at(1, 20, 12, 0, 2023), at(1, 3, 12, 0, 2023)].map((date) => backup(date));
    expect(kept(old, now)).toEqual([at(5, 10), at(4, 30), at(1, 20, 12, 0, 2023)]);
  });

  it('never prunes manual, pre-restore, pre-migration or copied-in backups', () => {
    const others = (['manual', 'pre-restore', 'pre-migration', 'other'] as const).flatMap((kind) => [
      backup(at(6, 14, 8), kind),
      backup(at(6, 14, 9), kind),
      backup(at(1, 1, 9, 0, 2020), kind),
      backup(at(1, 2, 9, 0, 2020), kind),
    ]);
    expect(backupsToPrune(others, now)).toEqual([]);
  });

  it('keeps backups dated in the future (a clock that was set back)', () => {
    expect(backupsToPrune([backup(at(6, 20)), backup(at(6, 21))], now)).toEqual([]);
  });

  it('after a year of daily backups holds today, 30 days and one per older month', () => {
    const year: RetentionCandidate[] = [];
    for (let day = 0; day < 365; day++) {
      for (const hour of [9, 15]) year.push(backup(new Date(2025, 5, 15 - day, hour)));
    }
    const remaining = kept(year, now);
    // 2 today + 30 daily + one for each of the ~11 older months the year reaches into.
    expect(remaining.length).toBeGreaterThanOrEqual(2 + 30 + 11);
    expect(remaining.length).toBeLessThanOrEqual(2 + 30 + 13);
  });
});

describe('isAutomaticBackupDue', () => {
  it('is due without any automatic backup, and once the newest is a day old', () => {
    const now = at(6, 15, 12);
    expect(isAutomaticBackupDue([], now)).toBe(true);
    expect(isAutomaticBackupDue([backup(at(6, 15, 1), 'manual')], now)).toBe(true);
    expect(isAutomaticBackupDue([backup(at(6, 14, 13))], now)).toBe(false);
    expect(isAutomaticBackupDue([backup(at(6, 14, 12)), backup(at(6, 10))], now)).toBe(true);
  });
});
