const CHINA_OFFSET_MS = 8 * 3_600_000;

/**
 * The Beijing calendar date of an instant (an ISO timestamp with its zone, or a Date). Here, below the rules, so the
 * window shows a stored time's date the way the rules judge it (rules/report-date.ts re-exports it as the owner of
 * the Beijing calendar): cutting the UTC text put anything recorded before 08:00 on the day before.
 */
export function chinaDateOf(instant: string | Date): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`无法识别的时间：${String(instant)}`);
  return new Date(ms + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
