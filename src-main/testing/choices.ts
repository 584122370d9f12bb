/**
 * A fixed sequence of choices for tests that make random writes (a linear congruential sequence from `seed`): the same
 * writes on every run, so a failure repeats.
 */
export function choices(seed: number) {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  return {
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    int: (n: number) => Math.floor(next() * n),
  };
}
