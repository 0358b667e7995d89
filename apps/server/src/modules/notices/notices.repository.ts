import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Db = Kysely<DB> | Transaction<DB>;

/** '/a/b/c/' → ['/a/', '/a/b/', '/a/b/c/']: the notices addressed to these reach a member of c. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, i + 1).join('/')}/`);
}

/** All SQL of notices and the 居民公约. */
export function createNoticesRepository(db: Kysely<DB>) {
  return {
    async insertNotice(
      trx: Db,
      n: {
        nodeId: string;
        nodePath: string;
        title: string;
        body: string;
        publishAt: string;
        expiresAt: string | null;
        createdBy: string;
      },
    ): Promise<string> {
      const id = newId();
      await trx
        .insertInto('notices')
        .values({
          id,
          node_id: n.nodeId,
          node_path: n.nodePath,
          title: n.title,
          body: n.body,
          publish_at: n.publishAt,
          expires_at: n.expiresAt,
          created_by: n.createdBy,
          created_at: nowIso(),
          withdrawn_at: null,
        })
        .execute();
      return id;
    },

    findNotice(id: string) {
      return db
        .selectFrom('notices')
        .innerJoin('nodes', 'nodes.id', 'notices.node_id')
        .selectAll('notices')
        .select('nodes.name as node_name')
        .where('notices.id', '=', id)
        .executeTakeFirst();
    },

    /**
     * Notices a member sees: addressed to one of `exactPaths` (their nodes and the ancestors) or
     * anywhere under `subtreePaths` (staff oversight). Live ones only unless `includeAll`.
     */
    listNotices(f: { exactPaths: string[]; subtreePaths: string[]; now: string; includeAllUnder: string[]; limit: number }) {
      return db
        .selectFrom('notices')
        .innerJoin('nodes', 'nodes.id', 'notices.node_id')
        .selectAll('notices')
        .select('nodes.name as node_name')
        .where((eb) => {
          const live = eb.and([
            eb('notices.publish_at', '<=', f.now),
            eb('notices.withdrawn_at', 'is', null),
            eb.or([eb('notices.expires_at', 'is', null), eb('notices.expires_at', '>', f.now)]),
          ]);
          const reach: ReturnType<typeof eb.and>[] = [];
          if (f.exactPaths.length) reach.push(eb.and([eb('notices.node_path', 'in', f.exactPaths), live]));
          for (const p of f.subtreePaths) reach.push(eb.and([eb('notices.node_path', 'like', `${p}%`), live]));
          for (const p of f.includeAllUnder) reach.push(eb('notices.node_path', 'like', `${p}%`));
          return reach.length ? eb.or(reach) : eb.val(false);
        })
        .orderBy('notices.publish_at', 'desc')
        .limit(f.limit)
        .execute();
    },

    async readCounts(ids: string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (!ids.length) return out;
      const rows = await db
        .selectFrom('notice_reads')
        .select(['notice_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('notice_id', 'in', ids)
        .groupBy('notice_id')
        .execute();
      for (const r of rows) out.set(r.notice_id, Number(r.n));
      return out;
    },

    async readBy(personId: string, ids: string[]): Promise<Set<string>> {
      if (!ids.length) return new Set();
      const rows = await db
        .selectFrom('notice_reads')
        .select('notice_id')
        .where('person_id', '=', personId)
        .where('notice_id', 'in', ids)
        .execute();
      return new Set(rows.map((r) => r.notice_id));
    },

    /** Records the first read only; later reads change nothing. True when this was the first. */
    async markRead(noticeId: string, personId: string): Promise<boolean> {
      const r = await db
        .insertInto('notice_reads')
        .values({ notice_id: noticeId, person_id: personId, read_at: nowIso() })
        .onConflict((oc) => oc.columns(['notice_id', 'person_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },

    /** Withdraws a live or scheduled notice once; false when it was already withdrawn. */
    async withdraw(trx: Db, id: string): Promise<boolean> {
      const r = await trx
        .updateTable('notices')
        .set({ withdrawn_at: nowIso() })
        .where('id', '=', id)
        .where('withdrawn_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    conventionVersions(nodeId: string) {
      return db
        .selectFrom('convention_versions')
        .select(['id', 'version', 'title', 'note', 'published_at'])
        .where('node_id', '=', nodeId)
        .orderBy('version', 'desc')
        .execute();
    },

    conventionVersion(nodeId: string, version: number) {
      return db
        .selectFrom('convention_versions')
        .selectAll()
        .where('node_id', '=', nodeId)
        .where('version', '=', version)
        .executeTakeFirst();
    },

    async latestVersion(trx: Db, nodeId: string): Promise<number> {
      const r = await trx
        .selectFrom('convention_versions')
        .select((eb) => eb.fn.max<number>('version').as('v'))
        .where('node_id', '=', nodeId)
        .executeTakeFirst();
      return Number(r?.v ?? 0);
    },

    /** Inserts version n; the unique (node, version) constraint makes concurrent publishers collide. */
    async insertVersion(
      trx: Db,
      v: { nodeId: string; version: number; title: string; body: string; note: string; createdBy: string },
    ) {
      const id = newId();
      await trx
        .insertInto('convention_versions')
        .values({
          id,
          node_id: v.nodeId,
          version: v.version,
          title: v.title,
          body: v.body,
          note: v.note,
          created_by: v.createdBy,
          published_at: nowIso(),
        })
        .execute();
      return id;
    },

    async ackCounts(versionIds: string[]): Promise<Map<string, number>> {
      const out = new Map<string, number>();
      if (!versionIds.length) return out;
      const rows = await db
        .selectFrom('convention_acks')
        .select(['version_id', (eb) => eb.fn.countAll<number>().as('n')])
        .where('version_id', 'in', versionIds)
        .groupBy('version_id')
        .execute();
      for (const r of rows) out.set(r.version_id, Number(r.n));
      return out;
    },

    async hasAcked(versionId: string, personId: string): Promise<boolean> {
      const r = await db
        .selectFrom('convention_acks')
        .select('person_id')
        .where('version_id', '=', versionId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return !!r;
    },

    /** Once per person and version, whatever the number of simultaneous taps. True when new. */
    async ack(trx: Db, versionId: string, personId: string): Promise<boolean> {
      const r = await trx
        .insertInto('convention_acks')
        .values({ version_id: versionId, person_id: personId, acked_at: nowIso() })
        .onConflict((oc) => oc.columns(['version_id', 'person_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
  };
}

export type NoticesRepository = ReturnType<typeof createNoticesRepository>;
