import * as crypto from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, MAX_CONCURRENT_DERIVATIONS, verifyPassword } from './password';

// Counts the scrypt runs under way at once.
vi.mock('node:crypto', async (importOriginal) => {
  const real = await importOriginal<typeof NodeCrypto>();
  return { ...real, scrypt: vi.fn(real.scrypt) };
});

describe('password hashing', () => {
  it('runs at most a few scrypt hashes at once, leaving thread-pool threads to the file writes; every check still answers rightly', async () => {
    const real = await vi.importActual<typeof NodeCrypto>('node:crypto');
    const stored = await hashPassword('Abcdefgh12!');
    let running = 0;
    let most = 0;
    vi.mocked(crypto.scrypt).mockImplementation(((...args: Parameters<typeof real.scrypt>) => {
      running += 1;
      most = Math.max(most, running);
      const done = args.at(-1) as (error: Error | null, key: Buffer) => void;
      (real.scrypt as (...a: unknown[]) => void)(...args.slice(0, -1), (error: Error | null, key: Buffer) => {
        running -= 1;
        done(error, key);
      });
    }) as typeof real.scrypt);
    try {
      const checks = await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(i % 2 === 0 ? 'Abcdefgh12!' : 'wrong-one', stored)));
      expect(checks).toEqual([true, false, true, false, true, false, true, false]);
    } finally {
      vi.mocked(crypto.scrypt).mockImplementation(real.scrypt);
    }
    expect(MAX_CONCURRENT_DERIVATIONS).toBeLessThanOrEqual(2);
    expect(most).toBe(MAX_CONCURRENT_DERIVATIONS);
  });
});
