/**
 * The app's clock when its date is fixed (`--today`, for end-to-end tests and demonstrations): that date in China
 * Standard Time, at the real time of day, so times still move forward within a run and every date the app derives
 * (today, a report's date, a template's export date, backup names) agrees with the fixed one.
 */
export function clockOnDate(date: string, real: () => Date = () => new Date()): () => Date {
  const dayMs = 86_400_000;
  const chinaOffsetMs = 8 * 3_600_000;
  const startOfFixedDay = Date.parse(`${date}T00:00:00+08:00`);
  if (Number.isNaN(startOfFixedDay)) throw new Error(`无法识别的日期：${date}`);
  return () => {
    const timeOfDay = (((real().getTime() + chinaOffsetMs) % dayMs) + dayMs) % dayMs;
    return new Date(startOfFixedDay + timeOfDay);
  };
}
