import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../api/errors';
import type { PackageKind } from '../api/exchange-packages.types';
import type { Database } from '../db/database.types';
import { fingerprintOf } from './install-keys';
import type { Manifest } from './package-format';

/**
 * The exchange's memory: which keys are trusted (trust on first use, confirmed by fingerprint), and which packages went
 * out and came in, by number. Ordering, gaps, replays and the acknowledged basis are all read from here.
 */

type Db = Kysely<Database> | Transaction<Database>;

/** The highest number of a package sent or received of this kind for this unit (0: none). */
export async function lastSeq(db: Db, direction: 'sent' | 'received', kind: PackageKind, unitId: number): Promise<number> {
  const row = await db
    .selectFrom('exchange_packages')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('direction', '=', direction)
    .where('kind', '=', kind)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return row?.seq ?? 0;
}

export interface LoggedPackage {
  direction: 'sent' | 'received';
  kind: PackageKind;
  peerInstallId: string | null;
  unitId: number;
  seq: number;
  seqFrom: number;
  basis: number;
  manifestSha256: string;
  fileName: string;
  marks?: Record<string, number>;
  gap?: string | null;
  actor: string;
  now: Date;
}

export async function logPackage(db: Db, entry: LoggedPackage): Promise<void> {
  await db
    .insertInto('exchange_packages')
    .values({
      direction: entry.direction,
      kind: entry.kind,
      peer_install_id: entry.peerInstallId,
      unit_id: entry.unitId,
      seq: entry.seq,
      seq_from: entry.seqFrom,
      basis: entry.basis,
      manifest_sha256: entry.manifestSha256,
      file_name: entry.fileName,
      marks: JSON.stringify(entry.marks ?? {}),
      gap: entry.gap ?? null,
      actor: entry.actor,
      created_at: entry.now.toISOString(),
    })
    .execute();
}

/**
 * Whether the package's signing key is the one trusted for its sender. A key seen for the first time needs a person
 * to confirm its fingerprint; a different key where one is trusted is refused outright: it is either another PC or a
 * forgery, and nothing from it is written.
 */
export async function checkSenderKey(db: Db, manifest: Manifest, what: string): Promise<{ needsTrust: boolean; fingerprint: string }> {
  const { sender } = manifest;
  const fingerprint = fingerprintOf(sender.publicKey);
  const trusted = await db
    .selectFrom('exchange_peers')
    .selectAll()
    .where((eb) => eb.or([eb('install_id', '=', sender.installId), eb.and([eb('role', '=', sender.role), eb('unit_id', '=', sender.unitId)])]))
    .execute();
  if (trusted.length === 0) return { needsTrust: true, fingerprint };
  const same = trusted.find((peer) => peer.install_id === sender.installId && peer.public_key === sender.publicKey && peer.role === sender.role && peer.unit_id === sender.unitId);
  if (!same || trusted.length > 1) {
    const known = trusted[0]!;
    const whose = sender.role === 'office' ? '领导小组办公室' : `“${sender.unitName}”`;
    throw new AppError(
      'FORBIDDEN',
      `${what}未导入：它的签名密钥（指纹 ${fingerprint}）不是本机此前确认的${whose}的密钥（指纹 ${known.fingerprint}）。` +
        '它可能来自另一台电脑，或是伪造的；没有写入任何数据。如对方确实更换了电脑，请与对方电话核对后由维护人员处理。',
    );
  }
  return { needsTrust: false, fingerprint };
}

/** The person confirmed the fingerprint they read with the other side; a mismatch or a missing confirmation is refused. */
export function requireConfirmed(needsTrust: boolean, fingerprint: string, confirmed: string | undefined, manifest: Manifest, what: string): void {
  if (!needsTrust) return;
  const whose = manifest.sender.role === 'office' ? '领导小组办公室' : `“${manifest.sender.unitName}”`;
  if (confirmed === undefined) {
    throw new AppError('CONFLICT', `${what}来自${whose}的一台尚未确认的电脑。请与对方电话核对密钥指纹 ${fingerprint}，一致后确认再导入；没有写入任何数据。`);
  }
  if (confirmed !== fingerprint) {
    throw new AppError('FORBIDDEN', `${what}未导入：所确认的指纹（${confirmed}）与包的签名密钥指纹（${fingerprint}）不一致，没有写入任何数据。`);
  }
}

export async function trustSender(db: Db, manifest: Manifest, fingerprint: string, confirmedBy: string, now: Date): Promise<void> {
  await db
    .insertInto('exchange_peers')
    .values({
      install_id: manifest.sender.installId,
      role: manifest.sender.role,
      unit_id: manifest.sender.unitId,
      public_key: manifest.sender.publicKey,
      fingerprint,
      confirmed_by: confirmedBy,
      confirmed_at: now.toISOString(),
    })
    .execute();
}

/**
 * Where a received package stands against those applied before it: already applied or older than one applied (it
 * changes nothing), or starting after a missing one (a gap, named).
 */
export async function orderOf(db: Db, manifest: Manifest, unitId: number): Promise<{ stale: string | null; gap: string | null }> {
  const kindName = manifest.kind === 'dispatch' ? '下发包' : '上报包';
  const last = await lastSeq(db, 'received', manifest.kind, unitId);
  const { from, to } = manifest.sequence;
  if (to <= last) {
    return {
      stale: to === last ? `第 ${to} 号${kindName}此前已导入，再次导入不会改动任何数据。` : `第 ${to} 号${kindName}比已导入的第 ${last} 号旧，导入它不会改动任何数据。`,
      gap: null,
    };
  }
  if (from > last + 1) {
    const missing = from - 1 === last + 1 ? `第 ${last + 1} 号` : `第 ${last + 1}–${from - 1} 号`;
    return { stale: null, gap: `缺少${missing}${kindName}（本包从第 ${from} 号起）` };
  }
  return { stale: null, gap: null };
}
