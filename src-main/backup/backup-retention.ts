import type { BackupKind } from '../api/backup.types';

/**
 * Which automatic backups to let go (保留规则): every backup made today is kept; for the 30 days before today,
 * the newest of each day; before that, the newest of each calendar month, for good. Days and months are the
 * computer's local calendar, as the user reads the list. Manual, pre-restore, pre-migration and copied-in
 * backups are never pruned: someone made them on purpose, and there are few of them.
 *
 * Pure, so the rule is tested on its own; the service deletes what it returns.
 */
export const DAILY_RETENTION_DAYS = 30;

export interface RetentionCandidate {
  name: string;
  kind: BackupKind;
  createdAt: Date;
}

export function backupsToPrune(backups: readonly RetentionCandidate[], now: Date, dailyDays = DAILY_RETENTION_DAYS): string[] {
  const today = startOfLocalDay(now);
  const newestFirst = backups.filter((backup) => backup.kind === 'auto').sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const keptPeriods = new Set<string>();
  const prune: string[] = [];
  for (const backup of newestFirst) {
    const day = startOfLocalDay(backup.createdAt);
    // Today's, and any from the "future" (a clock that was set back), are all kept.
    if (day >= today) continue;
    const daysAgo = Math.round((today - day) / 86_400_000);
    const period = daysAgo <= dailyDays ? `day ${day}` : `month ${monthKey(backup.createdAt)}`;
    if (keptPeriods.has(period)) prune.push(backup.name);
    else keptPeriods.add(period);
  }
  return prune;
}

/** Whether the newest automatic backup is old enough that the running app should make another. */
export function isAutomaticBackupDue(backups: readonly RetentionCandidate[], now: Date, maxAgeMs = 24 * 3_600_000): boolean {
  const newest = Math.max(-Infinity, ...backups.filter((backup) => backup.kind === 'auto').map((backup) => backup.createdAt.getTime()));
  return now.getTime() - newest >= maxAgeMs;
}

function startOfLocalDay(at: Date): number {
  return new Date(at.getFullYear(), at.getMonth(), at.getDate()).getTime();
}

function monthKey(at: Date): string {
  return `${at.getFullYear()}-${at.getMonth() + 1}`;
}
