import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import { newId, nowIso } from '../../lib/ids';
import { type Param, prepared, preparedInsert } from '../../lib/prepared';
import type { Mailer } from './email';
import { DIGEST_TIME, deliverAt, nextBeijingTime } from './quiet-hours';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** A path in the web app, e.g. /orders/123. */
  link?: string | null;
}

export interface NotificationPrefs {
  email: string | null;
  emailEnabled: boolean;
  digest: boolean;
  quietStart: string | null;
  quietEnd: string | null;
}

const DEFAULT_PREFS: NotificationPrefs = { email: null, emailEnabled: false, digest: false, quietStart: null, quietEnd: null };

/**
 * The in-app inbox and the email channel. `notify` stores the message, pushes it live to the
 * person's open pages (bus channel `person:<personId>`), and queues an email for those who asked
 * for one — held until their quiet hours end, or gathered into the daily digest.
 */
export function createNotificationsRepository(db: Kysely<DB>, bus: Bus, clock: () => Date = () => new Date()) {
  // Notifying one person is on the hot path of every order change: compiled once.
  const insertOne = preparedInsert(db, 'notifications', [
    'id',
    'person_id',
    'kind',
    'title',
    'body',
    'link',
    'created_at',
    'read_at',
  ] as const);
  const emailPrefsOfOne = prepared(db, (p: Param<'person'>) =>
    db
      .selectFrom('notification_prefs')
      .selectAll()
      .where('person_id', '=', p('person'))
      .where('email_enabled', '=', 1)
      .where('email', 'is not', null),
  );

  async function readPrefs(personId: string): Promise<NotificationPrefs> {
    const p = await db.selectFrom('notification_prefs').selectAll().where('person_id', '=', personId).executeTakeFirst();
    if (!p) return { ...DEFAULT_PREFS };
    return {
      email: p.email,
      emailEnabled: p.email_enabled === 1,
      digest: p.digest === 1,
      quietStart: p.quiet_start,
      quietEnd: p.quiet_end,
    };
  }

  /**
   * Stores a notification (and any email it calls for) inside the caller's transaction, so it
   * commits with the change it announces; returns the live push, to call once that commit is done.
   */
  async function notifyIn(trx: Kysely<DB>, personIds: string[], n: NewNotification): Promise<() => Promise<void>> {
    const unique = [...new Set(personIds)];
    if (!unique.length) return async () => {};
    const now = clock();
    const created_at = now.toISOString();
    const rows = unique.map((person_id) => ({
      id: newId(),
      person_id,
      kind: n.kind,
      title: n.title,
      body: n.body ?? '',
      link: n.link ?? null,
      created_at,
      read_at: null,
    }));
    const [one] = rows;
    if (rows.length === 1 && one) await insertOne.run(trx, one);
    else await trx.insertInto('notifications').values(rows).execute();
    const prefs =
      unique.length === 1
        ? (await emailPrefsOfOne.run(trx, { person: unique[0] })).rows
        : await trx
            .selectFrom('notification_prefs')
            .selectAll()
            .where('person_id', 'in', unique)
            .where('email_enabled', '=', 1)
            .where('email', 'is not', null)
            .execute();
    if (prefs.length) {
      const byPerson = new Map(rows.map((r) => [r.person_id, r]));
      await trx
        .insertInto('email_outbox')
        .values(
          prefs.map((p) => {
            const r = byPerson.get(p.person_id);
            const due = p.digest ? nextBeijingTime(now, DIGEST_TIME) : deliverAt(now, p.quiet_start, p.quiet_end);
            return {
              id: newId(),
              person_id: p.person_id,
              notification_id: r?.id ?? null,
              to_address: p.email ?? '',
              subject: n.title,
              body: n.body ?? '',
              digest: p.digest,
              due_at: due.toISOString(),
              sent_at: null,
              attempts: 0,
              last_error: null,
              created_at,
            };
          }),
        )
        .execute();
    }
    return async () => {
      for (const r of rows) await bus.publish(`person:${r.person_id}`, { type: 'notification', notification: r });
    };
  }

  return {
    notifyIn,

    /** Stores a notification on its own and pushes it live. */
    async notify(personIds: string[], n: NewNotification): Promise<void> {
      const publish = await notifyIn(db, personIds, n);
      await publish();
    },

    listFor(personId: string, limit = 50) {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
    },

    async unreadCount(personId: string): Promise<number> {
      const r = await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async markRead(personId: string, id: string): Promise<boolean> {
      const r = await db
        .updateTable('notifications')
        .set({ read_at: nowIso() })
        .where('id', '=', id)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async markAllRead(personId: string): Promise<number> {
      const r = await db
        .updateTable('notifications')
        .set({ read_at: nowIso() })
        .where('person_id', '=', personId)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },

    prefs: readPrefs,

    async savePrefs(personId: string, patch: Partial<NotificationPrefs>): Promise<NotificationPrefs> {
      const next = { ...(await readPrefs(personId)), ...patch };
      const values = {
        email: next.email ?? null,
        email_enabled: next.emailEnabled ? 1 : 0,
        digest: next.digest ? 1 : 0,
        quiet_start: next.quietStart ?? null,
        quiet_end: next.quietEnd ?? null,
        updated_at: nowIso(),
      };
      await db
        .insertInto('notification_prefs')
        .values({ person_id: personId, ...values })
        .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
        .execute();
      return next;
    },

    /**
     * Sends the emails that are due: one message each, except digest entries, which go out as one
     * message per person with everything gathered since the last digest. Each row is claimed by a
     * conditional update first, so two instances never send the same email.
     */
    async sendDueEmails(mailer: Mailer, limit = 200): Promise<{ sent: number; failed: number }> {
      const now = clock().toISOString();
      const due = await db
        .selectFrom('email_outbox')
        .selectAll()
        .where('sent_at', 'is', null)
        .where('due_at', '<=', now)
        .where('attempts', '<', 5)
        .orderBy('due_at')
        .limit(limit)
        .execute();
      const groups = new Map<string, typeof due>();
      for (const m of due) {
        const k = m.digest ? `digest:${m.person_id}:${m.to_address}` : m.id;
        groups.set(k, [...(groups.get(k) ?? []), m]);
      }
      let sent = 0;
      let failed = 0;
      for (const [key, msgs] of groups) {
        const ids = msgs.map((m) => m.id);
        const claimed = await db
          .updateTable('email_outbox')
          .set({ sent_at: now })
          .where('id', 'in', ids)
          .where('sent_at', 'is', null)
          .executeTakeFirst();
        if (Number(claimed.numUpdatedRows) !== ids.length) continue; // another instance has them
        const first = msgs[0];
        if (!first) continue;
        const digest = key.startsWith('digest:');
        const subject = digest ? `连心桥每日汇总：${msgs.length} 条新消息` : first.subject;
        const text = digest
          ? msgs.map((m) => `· ${m.subject}${m.body ? `\n  ${m.body}` : ''}`).join('\n')
          : first.body || first.subject;
        try {
          await mailer.send({ to: first.to_address, subject, text });
          sent += msgs.length;
        } catch (err) {
          failed += msgs.length;
          await db
            .updateTable('email_outbox')
            .set((eb) => ({
              sent_at: null,
              attempts: eb('attempts', '+', 1),
              last_error: String((err as Error).message).slice(0, 300),
            }))
            .where('id', 'in', ids)
            .execute();
        }
      }
      return { sent, failed };
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
