import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { GroupsTable } from '../events/events.tables';

/** Groups (clubs, the day-care centre) and their members. All SQL of the groups module lives here. */
export function createGroupsRepository(db: Kysely<DB>) {
  const base = () =>
    db
      .selectFrom('groups')
      .innerJoin('nodes', 'nodes.id', 'groups.node_id')
      .selectAll('groups')
      .select(['nodes.path as node_path', 'nodes.name as node_name'])
      .select((eb) =>
        eb
          .selectFrom('group_members')
          .select(eb.fn.countAll<number>().as('n'))
          .whereRef('group_members.group_id', '=', 'groups.id')
          .where('group_members.left_at', 'is', null)
          .as('member_count'),
      );
  return {
    async insert(row: Omit<GroupsTable, 'id' | 'created_at'>, after?: (trx: Transaction<DB>, id: string) => Promise<void>) {
      const id = newId();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('groups')
          .values({ ...row, id, created_at: nowIso() })
          .execute();
        if (after) await after(trx, id);
      });
      return id;
    },

    find(id: string) {
      return base().where('groups.id', '=', id).executeTakeFirst();
    },

    /** Groups at the anchor node, below it or above it. */
    listRelated(anchor: string) {
      return base()
        .where(sql<boolean>`(nodes.path like ${`${anchor}%`} or ${anchor} like nodes.path || '%')`)
        .orderBy('groups.name')
        .limit(200)
        .execute();
    },

    /** Names and roles only: the member list never carries phones. */
    members(groupId: string) {
      return db
        .selectFrom('group_members')
        .innerJoin('people', 'people.id', 'group_members.person_id')
        .select(['people.id as person_id', 'people.name', 'group_members.role', 'group_members.joined_at'])
        .where('group_members.group_id', '=', groupId)
        .where('group_members.left_at', 'is', null)
        .orderBy('group_members.role', 'desc')
        .orderBy('group_members.joined_at')
        .execute();
    },

    membership(groupId: string, personId: string) {
      return db
        .selectFrom('group_members')
        .selectAll()
        .where('group_id', '=', groupId)
        .where('person_id', '=', personId)
        .where('left_at', 'is', null)
        .executeTakeFirst();
    },

    groupIdsOf(personId: string) {
      return db
        .selectFrom('group_members')
        .select('group_id')
        .where('person_id', '=', personId)
        .where('left_at', 'is', null)
        .execute()
        .then((r) => r.map((x) => x.group_id));
    },

    /** Joins (or rejoins) a group; returns false when already a member. */
    async join(groupId: string, personId: string, role: 'member' | 'leader', after: (trx: Transaction<DB>) => Promise<void>) {
      return db.transaction().execute(async (trx) => {
        const now = nowIso();
        const ins = await trx
          .insertInto('group_members')
          .values({ group_id: groupId, person_id: personId, role, joined_at: now, left_at: null })
          .onConflict((oc) =>
            oc
              .columns(['group_id', 'person_id'])
              .doUpdateSet({ left_at: null, joined_at: now, role })
              .where('group_members.left_at', 'is not', null),
          )
          .executeTakeFirst();
        if (Number(ins.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
        await after(trx);
        return true;
      });
    },

    /** Leaves a group; returns false when not a member. */
    async leave(groupId: string, personId: string, after: (trx: Transaction<DB>) => Promise<void>) {
      return db.transaction().execute(async (trx) => {
        const r = await trx
          .updateTable('group_members')
          .set({ left_at: nowIso() })
          .where('group_id', '=', groupId)
          .where('person_id', '=', personId)
          .where('left_at', 'is', null)
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) !== 1) return false;
        await after(trx);
        return true;
      });
    },
  };
}

export type GroupsRepository = ReturnType<typeof createGroupsRepository>;
export type GroupRow = NonNullable<Awaited<ReturnType<GroupsRepository['find']>>>;
