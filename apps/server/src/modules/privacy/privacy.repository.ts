import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema';

type Db = Kysely<DB> | Transaction<DB>;

/** The tables and columns that refer to a person, found by introspection so later modules count. */
export interface PersonColumns {
  table: string;
  column: string;
}

/** Column names that hold a person id in any module's table. */
const PERSON_COLUMNS = ['person_id', 'resident_person_id', 'volunteer_person_id', 'raised_by_person_id', 'for_person_id'];

/** Export and erasure of one person's data. All SQL of the privacy module lives here. */
export function createPrivacyRepository(db: Kysely<DB>) {
  return {
    personWithPath(personId: string) {
      return db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .selectAll('people')
        .select(['nodes.path', 'nodes.name as node_name'])
        .where('people.id', '=', personId)
        .executeTakeFirst();
    },

    accountOf(personId: string) {
      return db
        .selectFrom('accounts')
        .select(['id', 'phone', 'lang', 'large_text', 'disabled', 'created_at'])
        .where('person_id', '=', personId)
        .executeTakeFirst();
    },

    async personTables(): Promise<PersonColumns[]> {
      const tables = await db.introspection.getTables();
      const out: PersonColumns[] = [];
      for (const t of tables) {
        if (t.name === 'people' || t.name === 'accounts' || t.name.startsWith('kysely_')) continue;
        for (const c of t.columns) if (PERSON_COLUMNS.includes(c.name)) out.push({ table: t.name, column: c.name });
      }
      return out;
    },

    /** Rows of a table that refer to the person; the table and column come from introspection. */
    rowsOf(table: string, column: string, personId: string) {
      return sql<Record<string, unknown>>`select * from ${sql.table(table)} where ${sql.ref(column)} = ${personId} limit 5000`
        .execute(db)
        .then((r) => r.rows);
    },

    grantsOf(accountId: string) {
      return db
        .selectFrom('role_grants')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select(['role_grants.role', 'nodes.name as node_name', 'role_grants.created_at', 'role_grants.revoked_at'])
        .where('role_grants.account_id', '=', accountId)
        .execute();
    },

    auditAbout(personId: string, accountId: string | null) {
      return db
        .selectFrom('audit_log')
        .select(['seq', 'at', 'action', 'channel', 'target_type', 'target_id', 'on_behalf_of'])
        .where((eb) =>
          eb.or([
            eb('on_behalf_of', '=', personId),
            eb('target_id', '=', personId),
            ...(accountId ? [eb('actor_account_id', '=', accountId), eb('target_id', '=', accountId)] : []),
          ]),
        )
        .orderBy('seq')
        .limit(5000)
        .execute();
    },

    /**
     * Erases the identifying fields; the row (and every statistics row pointing to it) stays.
     * True for exactly one of simultaneous erasures.
     */
    async erasePerson(trx: Db, personId: string, erasedName: string, nowIso: string): Promise<boolean> {
      const before = await trx.selectFrom('people').select('name').where('id', '=', personId).executeTakeFirst();
      const r = await trx
        .updateTable('people')
        .set({ name: erasedName, phone: null, id_number: null, erased_at: nowIso })
        .where('id', '=', personId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) return false;
      // Copies of the name outside `people`: council member lists (and through them attendance),
      // the name typed by the person raising an issue, and the minutes of their compound's
      // meetings. Boards and everything else read people.name. The audit log holds ids only.
      await trx.updateTable('council_members').set({ name: erasedName }).where('person_id', '=', personId).execute();
      await trx
        .updateTable('council_issues')
        .set({ reporter_name: erasedName })
        .where('raised_by_person_id', '=', personId)
        .where('reporter_name', 'is not', null)
        .execute();
      const old = before?.name ?? '';
      // A one-character "name" would rewrite unrelated text; real names have two or more.
      if ([...old].length >= 2) {
        await trx
          .updateTable('council_meetings')
          .set({ minutes: sql<string>`replace(minutes, ${old}, ${erasedName})` })
          .where('compound_id', 'in', (eb) =>
            eb.selectFrom('council_members').select('compound_id').where('person_id', '=', personId),
          )
          .execute();
      }
      return true;
    },

    async disableAccount(trx: Db, accountId: string, nowIso: string) {
      // accounts.phone is NOT NULL UNIQUE: a per-account placeholder frees the number.
      await trx
        .updateTable('accounts')
        .set({ phone: `erased:${accountId}`, password_hash: null, disabled: 1 })
        .where('id', '=', accountId)
        .execute();
      await trx
        .updateTable('sessions')
        .set({ revoked_at: nowIso })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
      await trx
        .updateTable('role_grants')
        .set({ revoked_at: nowIso })
        .where('account_id', '=', accountId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** The inbox and every way of reaching the person: devices, channel choices, unsent messages. */
    async deleteNotifications(trx: Db, personId: string) {
      await trx.deleteFrom('notifications').where('person_id', '=', personId).execute();
      await trx.deleteFrom('push_subscriptions').where('person_id', '=', personId).execute();
      await trx.deleteFrom('notification_channel_prefs').where('person_id', '=', personId).execute();
      await trx.deleteFrom('notification_outbox').where('person_id', '=', personId).execute();
      await trx.deleteFrom('email_outbox').where('person_id', '=', personId).execute();
      await trx.deleteFrom('notification_prefs').where('person_id', '=', personId).execute();
    },
  };
}

export type PrivacyRepository = ReturnType<typeof createPrivacyRepository>;
