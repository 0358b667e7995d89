import { EVENT_KINDS, type EventKind } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

/** A node's own grace per kind (null: not set there) and the one that applies (own, inherited or default). */
export interface GraceView {
  own: Record<EventKind, number | null>;
  effective: Record<EventKind, number>;
}

/** The ids of a materialised path, root first: "/d1/s1/c1/" → d1, s1, c1. */
const idsOf = (path: string) => path.split('/').filter(Boolean);

/**
 * The check-in grace per event kind and node: the node's own value, else its nearest ancestor's,
 * else the server's default (LIANXIN_CHECKIN_GRACE_MINUTES).
 */
export function createCheckinGraceRepository(db: Kysely<DB>) {
  /** Every value set on the nodes of a path, deepest node first. */
  async function along(path: string) {
    const ids = idsOf(path);
    if (!ids.length) return [];
    const rows = await db.selectFrom('checkin_grace').selectAll().where('node_id', 'in', ids).execute();
    return rows.sort((a, b) => ids.indexOf(b.node_id) - ids.indexOf(a.node_id));
  }

  return {
    /** The grace for an event of `kind` held at the node of `path`. */
    async minutesFor(path: string, kind: EventKind, fallback: number): Promise<number> {
      return (await along(path)).find((r) => r.kind === kind)?.minutes ?? fallback;
    },

    /** What the settings form shows for one node. */
    async view(nodeId: string, path: string, fallback: number): Promise<GraceView> {
      const rows = await along(path);
      const own = {} as GraceView['own'];
      const effective = {} as GraceView['effective'];
      for (const k of EVENT_KINDS) {
        own[k] = rows.find((r) => r.kind === k && r.node_id === nodeId)?.minutes ?? null;
        effective[k] = rows.find((r) => r.kind === k)?.minutes ?? fallback;
      }
      return { own, effective };
    },

    /** Sets (a number) or removes (null) the node's own grace of the kinds given. */
    async save(
      nodeId: string,
      patch: Partial<Record<EventKind, number | null>>,
      by: string,
      at: string,
      q: Kysely<DB> = db,
    ): Promise<void> {
      for (const [kind, minutes] of Object.entries(patch) as Array<[EventKind, number | null | undefined]>) {
        if (minutes === undefined) continue;
        if (minutes === null) {
          await q.deleteFrom('checkin_grace').where('node_id', '=', nodeId).where('kind', '=', kind).execute();
          continue;
        }
        const values = { minutes, updated_at: at, updated_by: by };
        await q
          .insertInto('checkin_grace')
          .values({ node_id: nodeId, kind, ...values })
          .onConflict((oc) => oc.columns(['node_id', 'kind']).doUpdateSet(values))
          .execute();
      }
    },
  };
}

export type CheckinGraceRepository = ReturnType<typeof createCheckinGraceRepository>;
