import type { Kysely } from 'kysely';
import type { ExchangeInfo } from '../api/exchange-packages.types';
import type { Database } from '../db/database.types';
import { ensureInstall, fingerprintOf } from './install-keys';

/** What 设置 shows: this install's id and fingerprint, whose install it is, the keys it trusts and the latest packages. */
export async function exchangeInfo(db: Kysely<Database>, now: Date): Promise<ExchangeInfo> {
  const install = await ensureInstall(db, now);
  const bound = install.unitId === null ? undefined : await db.selectFrom('units').select(['id', 'name']).where('id', '=', install.unitId).executeTakeFirst();
  const count = async (table: 'progress_reports' | 'rounds' | 'supervision_notices' | 'exchange_packages' | 'projects') =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  // As dispatch-apply.ts requireNewInstall: only such an install may become a unit's.
  const fresh = !bound && (await count('progress_reports')) + (await count('rounds')) + (await count('supervision_notices')) + (await count('exchange_packages')) + (await count('projects')) === 0;
  const peers = await db
    .selectFrom('exchange_peers')
    .innerJoin('units', 'units.id', 'exchange_peers.unit_id')
    .select(['exchange_peers.install_id', 'exchange_peers.role', 'exchange_peers.unit_id', 'units.name', 'exchange_peers.fingerprint', 'exchange_peers.confirmed_by', 'exchange_peers.confirmed_at'])
    .orderBy('units.seq')
    .execute();
  const recent = await db
    .selectFrom('exchange_packages')
    .innerJoin('units', 'units.id', 'exchange_packages.unit_id')
    .select(['exchange_packages.direction', 'exchange_packages.kind', 'exchange_packages.unit_id', 'units.name', 'exchange_packages.seq', 'exchange_packages.seq_from', 'exchange_packages.file_name', 'exchange_packages.gap', 'exchange_packages.actor', 'exchange_packages.created_at'])
    .orderBy('exchange_packages.id', 'desc')
    .limit(30)
    .execute();
  return {
    installId: install.installId,
    fingerprint: fingerprintOf(install.publicKey),
    boundUnit: bound ? { id: bound.id, name: bound.name } : null,
    fresh,
    peers: peers.map((peer) => ({
      installId: peer.install_id,
      role: peer.role as 'office' | 'unit',
      unitId: peer.unit_id,
      unitName: peer.name,
      fingerprint: peer.fingerprint,
      confirmedBy: peer.confirmed_by,
      confirmedAt: peer.confirmed_at,
    })),
    recent: recent.map((entry) => ({
      direction: entry.direction as 'sent' | 'received',
      kind: entry.kind as 'dispatch' | 'report',
      unitId: entry.unit_id,
      unitName: entry.name,
      seq: entry.seq,
      seqFrom: entry.seq_from,
      fileName: entry.file_name,
      gap: entry.gap,
      actor: entry.actor,
      createdAt: entry.created_at,
    })),
  };
}
