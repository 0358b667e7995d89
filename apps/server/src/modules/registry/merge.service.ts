import { maskPhone } from '@lianxin/shared';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError } from '../../lib/errors';
import { type AuthContext, loadReachablePerson } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { createMergeRepository } from './merge.repository';
import { REGISTRY_EDITORS } from './registry.policy';
import type { RegistryRepository } from './registry.repository';

type Trx = Transaction<DB>;

/**
 * Merging two records of one human (a registry person and the second record an earlier sign-up
 * made): everything that names the other record moves to the survivor in one transaction, the
 * other stays as a tombstone naming the survivor, and the merge is audited with what moved.
 */
export function createMergeService(deps: {
  db: Kysely<DB>;
  registry: Pick<RegistryRepository, 'addressOf'>;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}) {
  const { db, registry, audit } = deps;
  const repo = createMergeRepository(db);
  const clock = deps.clock ?? (() => new Date());

  /** The compound of a person: through their unit, else the nearest compound above their node. */
  async function compoundOf(personId: string, nodePath: string, q: Kysely<DB> | Trx = db): Promise<string | null> {
    const viaUnit = (await registry.addressOf(personId, q))?.compoundId;
    if (viaUnit) return viaUnit;
    const ids = nodePath.split('/').filter(Boolean);
    const c = await q.selectFrom('nodes').select('id').where('id', 'in', ids).where('kind', '=', 'compound').executeTakeFirst();
    return c?.id ?? null;
  }

  /** Both records, each within the caller's reach (else 404), distinct, of one compound (else 409). */
  async function pair(auth: AuthContext | null, survivorId: string, otherId: string) {
    if (survivorId === otherId) throw new AppError('PERSON_MERGE_SAME');
    const survivor = await loadReachablePerson(db, auth, survivorId, REGISTRY_EDITORS);
    const other = await loadReachablePerson(db, auth, otherId, REGISTRY_EDITORS);
    const [a, b] = await Promise.all([compoundOf(survivor.id, survivor.path), compoundOf(other.id, other.path)]);
    if (!a || a !== b) throw new AppError('PERSON_MERGE_OTHER_COMPOUND');
    return { survivor, other, compoundId: a };
  }

  async function summary(personId: string) {
    const p = await db
      .selectFrom('people')
      .select(['id', 'name', 'phone', 'birth_year'])
      .where('id', '=', personId)
      .executeTakeFirstOrThrow();
    const [address, account] = await Promise.all([registry.addressOf(personId), repo.accountOf(personId)]);
    return {
      id: p.id,
      name: p.name,
      phone: maskPhone(p.phone),
      birthYear: p.birth_year,
      address: address?.label ?? null,
      hasAccount: !!account,
    };
  }

  /** The survivor takes what it lacks from the other record (phone, birth year, ID, unit) and the union of the tags. */
  async function fillSurvivor(trx: Trx, survivorId: string, otherId: string) {
    const rows = await trx
      .selectFrom('people')
      .select(['id', 'phone', 'birth_year', 'id_number', 'unit_id', 'tags'])
      .where('id', 'in', [survivorId, otherId])
      .execute();
    const s = rows.find((r) => r.id === survivorId);
    const o = rows.find((r) => r.id === otherId);
    if (!s || !o) throw new AppError('NOT_FOUND', { what: 'person' });
    const tags = [...new Set([...(JSON.parse(s.tags) as string[]), ...(JSON.parse(o.tags) as string[])])];
    await trx
      .updateTable('people')
      .set((eb) => ({
        phone: s.phone ?? o.phone,
        birth_year: s.birth_year ?? o.birth_year,
        id_number: s.id_number ?? o.id_number,
        unit_id: s.unit_id ?? o.unit_id ?? null,
        tags: JSON.stringify(tags),
        version: eb('version', '+', 1),
      }))
      .where('id', '=', survivorId)
      .execute();
  }

  return {
    /** What a merge would move, per kind, and what stands in its way. */
    async preview(auth: AuthContext | null, survivorId: string, otherId: string) {
      await pair(auth, survivorId, otherId);
      const [survivor, other, moves, ballotClashes] = await Promise.all([
        summary(survivorId),
        summary(otherId),
        repo.counts(otherId),
        repo.ballotClashes(survivorId, otherId),
      ]);
      return { survivor, other, moves, ballotClashes };
    },

    /**
     * Moves everything from `otherId` to `survivorId`, in one transaction: 409 PERSON_MERGE_DOUBLE_BALLOT
     * when both hold a ballot in one vote (nothing written), else the other becomes a tombstone.
     */
    async merge(auth: AuthContext | null, survivorId: string, otherId: string) {
      const { survivor, other } = await pair(auth, survivorId, otherId);
      const actor = auth?.accountId ?? null;
      return db.transaction().execute(async (trx) => {
        const clashes = await repo.ballotClashes(survivorId, otherId, trx);
        if (clashes.length > 0) throw new AppError('PERSON_MERGE_DOUBLE_BALLOT', { votes: clashes });
        const now = clock().toISOString();
        const { moved, dropped } = await repo.moveReferences(trx, otherId, survivorId);
        const councilSeats = await repo.moveCouncilSeats(trx, otherId, survivorId);
        const electorates = await repo.moveElectorate(trx, otherId, survivorId);
        const [keep, fold] = await Promise.all([repo.accountOf(survivorId, trx), repo.accountOf(otherId, trx)]);
        let account: 'moved' | 'folded' | null = null;
        let grantsMoved = 0;
        if (fold && !keep) {
          await repo.moveAccount(trx, fold.id, survivorId);
          account = 'moved';
        } else if (fold && keep) {
          grantsMoved = await repo.foldAccount(trx, fold.id, keep.id, now);
          account = 'folded';
        }
        await fillSurvivor(trx, survivorId, otherId);
        await trx
          .updateTable('people')
          .set({ merged_into: survivorId, merged_at: now, erased_at: now, phone: null, id_number: null, unit_id: null })
          .where('id', '=', otherId)
          .execute();
        // Tombstones that pointed at the merged record point at the survivor, so every old id resolves in one step.
        await trx.updateTable('people').set({ merged_into: survivorId }).where('merged_into', '=', otherId).execute();
        const details = {
          survivorId,
          mergedId: otherId,
          moved,
          dropped,
          councilSeats,
          electorates,
          account,
          grantsMoved,
        };
        await audit.append(
          {
            actorAccountId: actor,
            action: 'person.merged',
            targetType: 'person',
            targetId: survivorId,
            nodeId: survivor.node_id,
            details: { ...details, mergedNodeId: other.node_id },
          },
          trx,
        );
        return details;
      });
    },
  };
}
