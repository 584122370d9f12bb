import { randomBytes, randomInt, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { availableParallelism } from 'node:os';

/**
 * Passwords are kept only as scrypt hashes (node:crypto), each with its own salt, and the parameters written into
 * the stored text so they can be raised later without breaking existing accounts: `scrypt$N$r$p$salt$hash`.
 */

const PARAMS = { N: 16_384, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
// Twice what N=16384, r=8 needs (16 MiB): Node's default maxmem is exactly 32 MiB and refuses N=32768.
const MAX_MEM = 64 * 1024 * 1024;

/**
 * At most this many scrypt runs at once. They run on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says
 * otherwise), as the file writes do — a report's attachment is written and fsynced there before its row commits. A
 * room of officers logging in at once would otherwise fill every thread, each report's eight file steps queuing behind
 * 50–100 ms hashes (seconds per submit in the shared server's load bench). Two threads are left to the rest; log-ins
 * go no slower where there are no more cores than runs allowed (scrypt is CPU-bound).
 */
export const MAX_CONCURRENT_DERIVATIONS = Math.max(1, Math.min(availableParallelism(), (Number(process.env['UV_THREADPOOL_SIZE']) || 4) - 2));
let deriving = 0;
const waiting: (() => void)[] = [];

async function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  // A finished run hands its place to the longest waiting one (first come, first served).
  if (deriving < MAX_CONCURRENT_DERIVATIONS) deriving += 1;
  else await new Promise<void>((resume) => waiting.push(resume));
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEM }, (error, key) => (error ? reject(error) : resolve(key)));
    });
  } finally {
    const next = waiting.shift();
    if (next) next();
    else deriving -= 1;
  }
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, PARAMS);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const key = await derive(password, Buffer.from(salt, 'base64'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows: checked against when the log-in name does not exist, so both take as long. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

// No 0/O, 1/l/I: initial passwords are read off paper or a spreadsheet and typed by hand.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A one-time password for a new account or a reset: 12 characters, about 70 bits. */
export function generatePassword(length = 12): string {
  let password = '';
  for (let i = 0; i < length; i++) password += ALPHABET[randomInt(ALPHABET.length)];
  return password;
}

/** Null when a new password is acceptable; otherwise what is wrong with it, in Chinese. */
export function passwordProblem(password: string, login: string): string | null {
  if ([...password].length < 10) return '新密码至少需要 10 个字符。';
  if ([...password].length > 128) return '新密码不能超过 128 个字符。';
  const kinds = [/[a-z]/u, /[A-Z]/u, /\d/u, /[^a-zA-Z\d]/u].filter((pattern) => pattern.test(password)).length;
  if (kinds < 3) return '新密码需要包含大写字母、小写字母、数字、符号中的至少三类。';
  if (login && password.toLowerCase().includes(login.toLowerCase())) return '新密码不能包含账号名。';
  return null;
}
