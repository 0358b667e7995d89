import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { nowIso } from '../../lib/ids';

export interface HelpLine {
  nodeId: string;
  nodeName: string;
  name: string;
  phone: string;
}

/** Ids of a materialised path, root first: "/d1/s1/c1/" → ["d1", "s1", "c1"]. */
function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * 一键呼叫: the duty phones set on nodes, and the numbers of volunteers who agreed to show theirs.
 * All SQL of the help lines lives here.
 */
export function createHelpRepository(db: Kysely<DB>) {
  async function linesOn(ids: string[]): Promise<HelpLine[]> {
    if (!ids.length) return [];
    const rows = await db
      .selectFrom('help_lines')
      .innerJoin('nodes', 'nodes.id', 'help_lines.node_id')
      .select(['help_lines.node_id as nodeId', 'nodes.name as nodeName', 'help_lines.name', 'help_lines.phone'])
      .where('help_lines.node_id', 'in', ids)
      .execute();
    return rows;
  }

  return {
    /** The duty phone for a node: its own, else the nearest ancestor's (a compound falls back to its community). */
    async lineFor(path: string): Promise<HelpLine | null> {
      const ids = pathIds(path);
      const lines = await linesOn(ids);
      let best: HelpLine | null = null;
      let depth = -1;
      for (const l of lines) {
        const d = ids.indexOf(l.nodeId);
        if (d > depth) {
          best = l;
          depth = d;
        }
      }
      return best;
    },

    async ownLine(nodeId: string): Promise<HelpLine | null> {
      return (await linesOn([nodeId]))[0] ?? null;
    },

    async saveLine(nodeId: string, line: { name: string; phone: string } | null, by: string, trx: Transaction<DB>) {
      if (!line) {
        await trx.deleteFrom('help_lines').where('node_id', '=', nodeId).execute();
        return;
      }
      const row = { node_id: nodeId, name: line.name, phone: line.phone, updated_by: by, updated_at: nowIso() };
      await trx
        .insertInto('help_lines')
        .values(row)
        .onConflict((oc) =>
          oc.column('node_id').doUpdateSet({ name: row.name, phone: row.phone, updated_by: by, updated_at: row.updated_at }),
        )
        .execute();
    },

    /** Where a person lives in the tree (their node's path), for finding their duty phone. */
    async pathOfPerson(personId: string): Promise<string | null> {
      const r = await db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select('nodes.path')
        .where('people.id', '=', personId)
        .executeTakeFirst();
      return r?.path ?? null;
    },

    /** A volunteer's name, and their number only when they agreed to show it (else null). */
    async volunteerContact(personId: string): Promise<{ name: string; phone: string | null } | null> {
      const r = await db
        .selectFrom('people')
        .leftJoin('volunteer_profiles', 'volunteer_profiles.person_id', 'people.id')
        .select(['people.name', 'people.phone', 'volunteer_profiles.share_phone'])
        .where('people.id', '=', personId)
        .executeTakeFirst();
      if (!r) return null;
      return { name: r.name, phone: r.share_phone === 1 ? r.phone : null };
    },

    /** The volunteers in an active pairing with the resident who agreed to show their number. */
    pairedVolunteers(residentId: string) {
      return db
        .selectFrom('pairings')
        .innerJoin('people', 'people.id', 'pairings.volunteer_id')
        .innerJoin('volunteer_profiles', 'volunteer_profiles.person_id', 'pairings.volunteer_id')
        .select(['people.id', 'people.name', 'people.phone'])
        .where('pairings.resident_id', '=', residentId)
        .where('pairings.status', '=', 'active')
        .where('volunteer_profiles.share_phone', '=', 1)
        .where('volunteer_profiles.status', '=', 'active')
        .where('people.phone', 'is not', null)
        .orderBy('pairings.created_at')
        .orderBy('pairings.id')
        .execute();
    },
  };
}

export type HelpRepository = ReturnType<typeof createHelpRepository>;
