import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import type { PaperKeyingsTable } from './keying.tables';

type Executor = Kysely<DB> | Transaction<DB>;

/** All SQL of paper keying: the keyings of a scope, and one insert that takes a free slot. */
export function createKeyingRepository(db: Kysely<DB>) {
  return {
    /** The keyings of one item, by slot. */
    itemKeyings(ex: Executor, kind: string, scopeId: string, item: string) {
      return ex
        .selectFrom('paper_keyings')
        .selectAll()
        .where('kind', '=', kind)
        .where('scope_id', '=', scopeId)
        .where('item', '=', item)
        .orderBy('slot')
        .execute();
    },

    /**
     * Takes the slot unless someone else took it, or this keyer already keyed the item (the two
     * unique constraints): true when this call's row went in.
     */
    async insert(trx: Transaction<DB>, row: PaperKeyingsTable): Promise<boolean> {
      const r = await trx
        .insertInto('paper_keyings')
        .values(row)
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .executeTakeFirst();
      return r?.id === row.id;
    },

    /** The values keyed so far, item by item (no names): where each item stands. */
    async scopeValues(kind: string, scopeId: string): Promise<Map<string, string[]>> {
      const rows = await db
        .selectFrom('paper_keyings')
        .select(['item', 'value'])
        .where('kind', '=', kind)
        .where('scope_id', '=', scopeId)
        .orderBy('item')
        .orderBy('slot')
        .execute();
      const m = new Map<string, string[]>();
      for (const r of rows) m.set(r.item, [...(m.get(r.item) ?? []), r.value]);
      return m;
    },

    /** Every keying of a scope with the keyer's name (staff screens), item by item. */
    scopeKeyings(kind: string, scopeId: string) {
      return db
        .selectFrom('paper_keyings as k')
        .leftJoin('accounts as a', 'a.id', 'k.account_id')
        .leftJoin('people as p', 'p.id', 'a.person_id')
        .select(['k.item', 'k.slot', 'k.account_id', 'k.value', 'k.created_at', 'p.name as keyer_name'])
        .where('k.kind', '=', kind)
        .where('k.scope_id', '=', scopeId)
        .orderBy('k.item')
        .orderBy('k.slot')
        .execute();
    },
  };
}

export type KeyingRepository = ReturnType<typeof createKeyingRepository>;
