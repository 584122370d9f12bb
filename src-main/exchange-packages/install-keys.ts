import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.types';

/**
 * This install's identity for the exchange: an id and an Ed25519 key pair, made once and kept in the database (so a
 * backup restores them with the data they signed for). Packages are signed with the private key; the other side
 * checks them with the public key it confirmed by its fingerprint.
 */

type Db = Kysely<Database> | Transaction<Database>;

export interface InstallIdentity {
  installId: string;
  /** SubjectPublicKeyInfo (DER), base64: what travels in every package's manifest. */
  publicKey: string;
  privateKey: string;
  unitId: number | null;
  officeInstallId: string | null;
}

/** This install's identity, made on first use. */
export async function ensureInstall(db: Db, now: Date): Promise<InstallIdentity> {
  const existing = await readInstall(db);
  if (existing) return existing;
  const pair = generateKeyPairSync('ed25519', {
    publicKeyEncoding: { type: 'spki', format: 'der' },
    privateKeyEncoding: { type: 'pkcs8', format: 'der' },
  });
  // Two first calls at once: the row with id 1 is made once, the other insert is a no-op and both read the same row.
  await db
    .insertInto('exchange_install')
    .values({
      id: 1,
      install_id: randomUUID(),
      public_key: pair.publicKey.toString('base64'),
      private_key: pair.privateKey.toString('base64'),
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  return (await readInstall(db))!;
}

async function readInstall(db: Db): Promise<InstallIdentity | null> {
  const row = await db.selectFrom('exchange_install').selectAll().where('id', '=', 1).executeTakeFirst();
  return row
    ? { installId: row.install_id, publicKey: row.public_key, privateKey: row.private_key, unitId: row.unit_id, officeInstallId: row.office_install_id }
    : null;
}

/**
 * A public key's fingerprint, for people to compare over the phone: the SHA-256 of the key as 40 decimal digits in 8
 * groups of 5 (digits read aloud in Chinese without ambiguity, unlike letters). 133 bits: far beyond guessing.
 */
export function fingerprintOf(publicKeyBase64: string): string {
  const hash = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest();
  const value = BigInt(`0x${hash.subarray(0, 20).toString('hex')}`) % 10n ** 40n;
  const digits = value.toString().padStart(40, '0');
  return digits.match(/\d{5}/gu)!.join(' ');
}

export function signBytes(privateKeyBase64: string, data: Buffer): Buffer {
  return sign(null, data, createPrivateKey({ key: Buffer.from(privateKeyBase64, 'base64'), format: 'der', type: 'pkcs8' }));
}

/** False for a signature that does not match, and for a key that is not an Ed25519 public key at all. */
export function verifyBytes(publicKeyBase64: string, data: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyBase64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, data, key, signature);
  } catch {
    return false;
  }
}
