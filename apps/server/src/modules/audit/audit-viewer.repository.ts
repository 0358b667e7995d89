import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';

export interface AuditFilter {
  /** Subtree paths (with their trailing slash) the entries' nodes must lie under. */
  paths: string[];
  /** Entries done by this person, done for them, or about them. */
  personId?: string;
  targetType?: string;
  targetId?: string;
  /** An action ("privacy.erased"), or a family of them ending with "." ("privacy."). */
  action?: string;
  /** UTC ISO bounds: from inclusive, until exclusive. */
  from?: string;
  until?: string;
}

/** The staff's audit viewer: entries of the log whose node lies in the caller's subtree. */
export function createAuditViewerRepository(db: Kysely<DB>) {
  function filtered(f: AuditFilter) {
    let q = db
      .selectFrom('audit_log')
      .innerJoin('nodes', 'nodes.id', 'audit_log.node_id')
      .where((eb) => eb.or(f.paths.map((p) => eb('nodes.path', 'like', `${p}%`))));
    if (f.personId) {
      const person = f.personId;
      q = q.where((eb) =>
        eb.or([
          eb('audit_log.on_behalf_of', '=', person),
          eb.and([eb('audit_log.target_type', '=', 'person'), eb('audit_log.target_id', '=', person)]),
          eb(
            'audit_log.actor_account_id',
            'in',
            eb.selectFrom('accounts').select('accounts.id').where('accounts.person_id', '=', person),
          ),
        ]),
      );
    }
    if (f.targetType) q = q.where('audit_log.target_type', '=', f.targetType);
    if (f.targetId) q = q.where('audit_log.target_id', '=', f.targetId);
    if (f.action?.endsWith('.'))
      q = q.where('audit_log.action', '>=', f.action).where('audit_log.action', '<', `${f.action.slice(0, -1)}/`);
    else if (f.action) q = q.where('audit_log.action', '=', f.action);
    if (f.from) q = q.where('audit_log.at', '>=', f.from);
    if (f.until) q = q.where('audit_log.at', '<', f.until);
    return q;
  }

  return {
    async count(f: AuditFilter): Promise<number> {
      const r = await filtered(f)
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    /** Newest first, with the names of who acted and for whom. */
    page(f: AuditFilter, offset: number, limit: number) {
      return filtered(f)
        .leftJoin('accounts as a', 'a.id', 'audit_log.actor_account_id')
        .leftJoin('people as actor', 'actor.id', 'a.person_id')
        .leftJoin('people as subject', 'subject.id', 'audit_log.on_behalf_of')
        .select([
          'audit_log.seq',
          'audit_log.at',
          'audit_log.action',
          'audit_log.channel',
          'audit_log.target_type',
          'audit_log.target_id',
          'audit_log.details',
          'audit_log.leaf_index',
          'nodes.name as node_name',
          'actor.id as actor_person_id',
          'actor.name as actor_name',
          'subject.name as on_behalf_of_name',
        ])
        .orderBy('audit_log.seq', 'desc')
        .offset(offset)
        .limit(limit)
        .execute();
    },

    /** A person's name, when they live in the subtree (the filter's label). */
    personIn(paths: string[], personId: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select(['people.id', 'people.name'])
        .where('people.id', '=', personId)
        .where((eb) => eb.or(paths.map((p) => eb('nodes.path', 'like', `${p}%`))))
        .executeTakeFirst();
    },
  };
}
