import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

type Q = Kysely<DB> | Transaction<DB>;

/** No 0/O, 1/I/L: numbers are read aloud and typed in from paper. */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** A certificate number: LX + year + 10 random characters (≈ 50 bits, not guessable). */
export function certificateNumber(year: string): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `LX${year}-${s.slice(0, 5)}-${s.slice(5)}`;
}

/** Volunteer service certificates: requested by the volunteer, issued by the recording organisation. */
export function createCertificatesRepository(db: Kysely<DB>) {
  function withNames(q: Q = db) {
    return q
      .selectFrom('certificates')
      .innerJoin('people', 'people.id', 'certificates.person_id')
      .innerJoin('nodes', 'nodes.id', 'certificates.compound_id')
      .selectAll('certificates')
      .select(['people.name', 'nodes.path as compound_path', 'nodes.name as compound_name']);
  }
  return {
    async request(
      row: { person_id: string; compound_id: string; period_from: string; period_to: string; note: string },
      q: Q = db,
    ) {
      const id = newId();
      await q
        .insertInto('certificates')
        .values({
          ...row,
          id,
          number: null,
          status: 'requested',
          issuer_node_id: null,
          issuer_name: null,
          title: null,
          minutes: null,
          services: null,
          organisers: null,
          issued_on: null,
          issued_by: null,
          requested_at: nowIso(),
        })
        .execute();
      return id;
    },

    find(id: string, q: Q = db) {
      return withNames(q).where('certificates.id', '=', id).executeTakeFirst();
    },

    findByNumber(number: string) {
      return withNames().where('certificates.number', '=', number).where('certificates.status', '=', 'issued').executeTakeFirst();
    },

    listForPerson(personId: string) {
      return withNames()
        .where('certificates.person_id', '=', personId)
        .orderBy('certificates.requested_at', 'desc')
        .limit(100)
        .execute();
    },

    listUnder(path: string, status?: 'requested' | 'issued' | 'rejected') {
      let q = withNames().where('nodes.path', 'like', `${path}%`);
      if (status) q = q.where('certificates.status', '=', status);
      return q.orderBy('certificates.requested_at', 'desc').limit(200).execute();
    },

    /** Issues a requested certificate; false when it was already issued or rejected (one issuer wins). */
    async issue(
      id: string,
      set: {
        number: string;
        issuer_node_id: string;
        issuer_name: string;
        title: string;
        minutes: number;
        services: string[];
        organisers: string[];
        issued_on: string;
        issued_by: string;
      },
      q: Q = db,
    ) {
      const r = await q
        .updateTable('certificates')
        .set({ ...set, services: JSON.stringify(set.services), organisers: JSON.stringify(set.organisers), status: 'issued' })
        .where('id', '=', id)
        .where('status', '=', 'requested')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async reject(id: string, note: string, q: Q = db) {
      const r = await q
        .updateTable('certificates')
        .set({ status: 'rejected', note })
        .where('id', '=', id)
        .where('status', '=', 'requested')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
  };
}

export type CertificatesRepository = ReturnType<typeof createCertificatesRepository>;
export type CertificateRow = NonNullable<Awaited<ReturnType<CertificatesRepository['find']>>>;
