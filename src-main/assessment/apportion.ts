/**
 * Splits a whole number of hundredths of a point among items in proportion to their weights, so that the parts
 * are whole hundredths and add up to exactly `total` (largest-remainder method; ties go to the earlier item).
 * Scores are kept in hundredths so that an explanation's lines always sum to the score shown. Pure.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isInteger(total)) throw new Error(`apportion: total must be whole hundredths, got ${total}`);
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0 || total === 0) return weights.map(() => 0);
  if (sum <= 0) throw new Error('apportion: cannot split a non-zero total over zero weights');
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map((x) => Math.floor(x));
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, index) => ({ index, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.index - b.index);
  for (const { index } of order) {
    if (left <= 0) break;
    parts[index]! += 1;
    left -= 1;
  }
  return parts;
}

/** Hundredths of a point → points with two decimals. */
export function fromCents(cents: number): number {
  return Math.round(cents) / 100;
}

/** Points (at most two decimals) → whole hundredths. */
export function toCents(points: number): number {
  return Math.round(points * 100);
}
