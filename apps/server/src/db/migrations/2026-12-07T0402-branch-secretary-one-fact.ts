import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * The branch secretary becomes one fact: the branch_secretary role grant at the compound. Until
 * now the organisation page kept its own `branches.secretary_person_id`, which could name someone
 * other than the person holding the role. Where a compound's role is held, the holder is the
 * secretary (the system already acted on it: escalations, notices); where it is not and the
 * page's secretary has an account, that account is granted the role. The column is then emptied
 * and read by nothing; it keeps its value only where the person has no account, so the choice can
 * be made again once they have one.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  const branches = await db
    .selectFrom('branches')
    .select(['id', 'compound_id', 'secretary_person_id'])
    .where('secretary_person_id', 'is not', null)
    .execute();
  const at = new Date().toISOString();
  for (const b of branches) {
    const held = await db
      .selectFrom('role_grants')
      .innerJoin('accounts', 'accounts.id', 'role_grants.account_id')
      .select('role_grants.id')
      .where('role_grants.node_id', '=', b.compound_id)
      .where('role_grants.role', '=', 'branch_secretary')
      .where('role_grants.revoked_at', 'is', null)
      .where('accounts.disabled', '=', 0)
      .executeTakeFirst();
    const account = await db
      .selectFrom('accounts')
      .select('id')
      .where('person_id', '=', b.secretary_person_id)
      .where('disabled', '=', 0)
      .executeTakeFirst();
    if (!held && account)
      await db
        .insertInto('role_grants')
        .values({
          id: `mig-${randomUUID()}`,
          account_id: account.id,
          role: 'branch_secretary',
          node_id: b.compound_id,
          granted_by: null,
          created_at: at,
          revoked_at: null,
        })
        .execute();
    if (held || account) await db.updateTable('branches').set({ secretary_person_id: null }).where('id', '=', b.id).execute();
  }
}

/** The grants made here stay (they are the fact); the column is not refilled. */
export async function down(): Promise<void> {}
