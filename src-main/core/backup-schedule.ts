import type { AppContext } from './app-context';

/** How often the running app asks whether a day has passed since the last automatic backup. */
export const BACKUP_CHECK_INTERVAL_MS = 60 * 60 * 1000;

type Backups = Pick<AppContext, 'automaticBackup'>;

/**
 * 自动备份 while the app runs: one at start, then an hourly check that makes one whenever the newest is a day old
 * (so a PC that sleeps overnight still gets its daily backup soon after waking). The timer is unref'd: it never
 * keeps the process alive. A failed backup (disk full, folder not writable) is logged and retried at the next
 * check; it never stops the app. Returns a function that stops the timer.
 */
export async function startAutomaticBackups(
  context: Backups,
  log: (message: string, error?: unknown) => void = (message, error) => console.warn(message, error ?? ''),
  intervalMs = BACKUP_CHECK_INTERVAL_MS,
): Promise<() => void> {
  const run = async (force: boolean) => {
    try {
      const backup = await context.automaticBackup({ force });
      if (backup) log(`[backup] 已自动备份 / automatic backup: ${backup.name}`);
    } catch (error) {
      log('[backup] 自动备份失败，将在下次检查时重试 / automatic backup failed', error);
    }
  };
  await run(true);
  const timer = setInterval(() => void run(false), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
