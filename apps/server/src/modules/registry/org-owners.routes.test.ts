import { expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

const DISTRICT = '19900000008'; // 刘贞, district admin

interface Member {
  id: string;
  name: string;
  position: string;
  address: string;
  alsoBranchMember: boolean;
  owner: boolean;
}

describeEachDialect('业委会: members who do not own a unit of the compound are flagged', (h) => {
  const url = '/api/v1/registry/compounds/longshengaz/organisations';

  /** Who owns a unit of 龙升 now, straight from the register. */
  async function ownersNow(): Promise<Set<string>> {
    const rows = await h()
      .ctx.db.selectFrom('unit_owners')
      .innerJoin('units', 'units.id', 'unit_owners.unit_id')
      .select('unit_owners.person_id')
      .where('units.compound_id', '=', 'longshengaz')
      .execute();
    return new Set(rows.map((r) => r.person_id));
  }

  it('flags a member whose ownership is removed in the register, and one seated before the rule, with the exact count', async () => {
    const admin = await h().login(DISTRICT);
    const db = h().ctx.db;
    const before = (await h().as(admin, { url })).json().committee as { members: Member[]; notOwners: number };
    const owned = await ownersNow();
    // The seeded members as the register has them: every flag is the register's answer.
    expect(before.members.map((m) => [m.id, m.owner])).toEqual(before.members.map((m) => [m.id, owned.has(m.id)]));
    expect(before.notOwners).toBe(before.members.filter((m) => !owned.has(m.id)).length);

    // A member who owns units here sells them all: the register's owners of each unit are set without them.
    const seller = before.members.find((m) => m.owner && m.position === 'member');
    expect(seller).toBeDefined();
    const sellerId = seller?.id as string;
    const units = await db
      .selectFrom('unit_owners')
      .innerJoin('units', 'units.id', 'unit_owners.unit_id')
      .select('unit_owners.unit_id')
      .where('unit_owners.person_id', '=', sellerId)
      .where('units.compound_id', '=', 'longshengaz')
      .execute();
    expect(units.length).toBeGreaterThan(0);
    for (const { unit_id } of units) {
      const others = await db
        .selectFrom('unit_owners')
        .select(['person_id', 'representative'])
        .where('unit_id', '=', unit_id)
        .where('person_id', '<>', sellerId)
        .orderBy('person_id')
        .execute();
      const owners = others.map((o, i) => ({ personId: o.person_id, representative: i === 0 }));
      const res = await h().as(admin, { method: 'PUT', url: `/api/v1/registry/units/${unit_id}/owners`, payload: { owners } });
      expect(res.statusCode).toBe(200);
    }

    // Someone of the compound who never owned a unit, seated before the owners-only rule.
    const tenant = await db
      .selectFrom('people')
      .innerJoin('units', 'units.id', 'people.unit_id')
      .leftJoin('unit_owners', 'unit_owners.person_id', 'people.id')
      .select(['people.id', 'people.name'])
      .where('units.compound_id', '=', 'longshengaz')
      .where('unit_owners.person_id', 'is', null)
      .where('people.erased_at', 'is', null)
      .where(
        'people.id',
        'not in',
        before.members.map((m) => m.id),
      )
      .orderBy('people.id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('committee_members')
      .values({ committee_id: 'cm-longshengaz', person_id: tenant.id, position: 'member' })
      .execute();

    const after = (await h().as(admin, { url })).json().committee as { members: Member[]; notOwners: number };
    const ownedAfter = await ownersNow();
    expect(ownedAfter.has(sellerId)).toBe(false);
    const expected = [...before.members.map((m) => m.id), tenant.id].map((id) => [id, ownedAfter.has(id)]);
    expect(after.members.map((m) => [m.id, m.owner]).sort()).toEqual(expected.sort());
    expect(after.members.find((m) => m.id === sellerId)?.owner).toBe(false);
    expect(after.members.find((m) => m.id === tenant.id)).toEqual({
      id: tenant.id,
      name: tenant.name,
      position: 'member',
      address: expect.any(String),
      alsoBranchMember: false,
      owner: false,
    });
    expect(after.notOwners).toBe(before.notOwners + 2);
  });
});
