import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import { newId, nowIso } from '../../lib/ids';
import { type Param, prepared, preparedInsert } from '../../lib/prepared';
import type { SmsProvider } from '../accounts/sms';
import type { Mailer } from './email';
import { CATEGORIES, type Category, CHANNELS, type Channel, categoryOf, DEFAULT_CHANNELS } from './matrix';
import type { NotificationOutboxTable } from './notifications.tables';
import type { PushSender } from './push';
import { DIGEST_TIME, deliverAt, nextBeijingTime } from './quiet-hours';
import { WechatError, type WechatSender } from './wechat';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** A path in the web app, e.g. /orders/123. */
  link?: string | null;
  /** A fall, 紧急, an untaken urgent order: goes out at once, through quiet hours and digests. */
  urgent?: boolean;
  /** Only these outside channels (e.g. the new-order broadcast to volunteers is push only). */
  channels?: readonly Channel[];
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
/** The outside channels, read when used (a test may swap `ctx.sms` after start). */
export interface ChannelSenders {
  push?: () => PushSender | null;
  sms?: () => SmsProvider | null;
  wechat?: () => WechatSender | null;
  log?: (err: unknown, msg: string) => void;
}

/** How often a push, SMS or WeChat message is tried before it is given up. */
const MAX_ATTEMPTS = 5;

/** A failure no retry can fix. */
class PermanentFailure extends Error {}

/** The digest of several messages to one person on one channel: one message naming them all. */
function digestOf(msgs: NotificationOutboxTable[]): Pick<NotificationOutboxTable, 'title' | 'body' | 'link'> {
  return { title: `连心桥今日 ${msgs.length} 条新消息`, body: msgs.map((m) => m.title).join('；'), link: '/notifications' };
}

export function createNotificationsRepository(
  db: Kysely<DB>,
  bus: Bus,
  clock: () => Date = () => new Date(),
  channels: ChannelSenders = {},
) {
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
  const prefsOfOne = prepared(db, (p: Param<'person'>) =>
    db.selectFrom('notification_prefs').selectAll().where('person_id', '=', p('person')),
  );
  const push = channels.push ?? (() => null);
  const sms = channels.sms ?? (() => null);
  const wechat = channels.wechat ?? (() => null);
  /** Deliveries started after a commit; `flush` waits for them (tests, shutdown). */
  const inFlight = new Set<Promise<unknown>>();

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

  /** The channels each person gets for a category: their own choice, else the matrix default. */
  async function channelsFor(q: Kysely<DB>, personIds: string[], category: Category): Promise<Map<string, Set<Channel>>> {
    const rows = await q
      .selectFrom('notification_channel_prefs')
      .selectAll()
      .where('person_id', 'in', personIds)
      .where('category', '=', category)
      .execute();
    const chosen = new Map(rows.map((r) => [r.person_id, r]));
    const out = new Map<string, Set<Channel>>();
    for (const id of personIds) {
      const r = chosen.get(id);
      out.set(id, new Set(r ? CHANNELS.filter((c) => r[c] === 1) : DEFAULT_CHANNELS[category]));
    }
    return out;
  }

  /**
   * Rows in groups of 200: a multi-row insert binds every column of every row, and SQLite refuses
   * a statement with more than 32,766 bound values (a vote opening in a compound of thousands of
   * owners notifies them all at once).
   */
  function chunks<T>(rows: T[], n = 200): T[][] {
    return Array.from({ length: Math.ceil(rows.length / n) }, (_, i) => rows.slice(i * n, i * n + n));
  }

  /**
   * Stores a notification inside the caller's transaction, so it commits with the change it
   * announces, and queues the outside channels each person takes for its category (push, SMS,
   * e-mail): due now, at the end of their quiet hours, or at the daily digest — except urgent
   * ones, which are due now. Returns the live push and delivery, to call once the commit is done.
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
    else for (const part of chunks(rows)) await trx.insertInto('notifications').values(part).execute();
    const urgent = n.urgent === true;
    const prefRows =
      unique.length === 1
        ? (await prefsOfOne.run(trx, { person: unique[0] })).rows
        : await trx.selectFrom('notification_prefs').selectAll().where('person_id', 'in', unique).execute();
    const prefs = new Map(prefRows.map((p) => [p.person_id, p]));
    const chosen = await channelsFor(trx, unique, categoryOf(n.kind));
    const allowed = (c: Channel) => !n.channels || n.channels.includes(c);
    /** When a non-urgent message to this person may go out, and whether it waits for the digest. */
    const timing = (personId: string) => {
      const p = prefs.get(personId);
      if (urgent || !p) return { due: now, digest: 0 };
      if (p.digest) return { due: nextBeijingTime(now, DIGEST_TIME), digest: 1 };
      return { due: deliverAt(now, p.quiet_start, p.quiet_end), digest: 0 };
    };
    const byPerson = new Map(rows.map((r) => [r.person_id, r]));
    const emails = prefRows.filter(
      (p) => p.email_enabled === 1 && p.email && allowed('email') && chosen.get(p.person_id)?.has('email'),
    );
    for (const part of chunks(emails)) {
      await trx
        .insertInto('email_outbox')
        .values(
          part.map((p) => {
            const t = timing(p.person_id);
            return {
              id: newId(),
              person_id: p.person_id,
              notification_id: byPerson.get(p.person_id)?.id ?? null,
              to_address: p.email ?? '',
              subject: n.title,
              body: n.body ?? '',
              digest: t.digest,
              due_at: t.due.toISOString(),
              sent_at: null,
              attempts: 0,
              last_error: null,
              created_at,
            };
          }),
        )
        .execute();
    }
    const outside: NotificationOutboxTable[] = [];
    const wantPush = push() !== null && allowed('push') ? unique.filter((id) => chosen.get(id)?.has('push')) : [];
    const subscribed = wantPush.length
      ? new Set(
          (
            await trx.selectFrom('push_subscriptions').select('person_id').distinct().where('person_id', 'in', wantPush).execute()
          ).map((r) => r.person_id),
        )
      : new Set<string>();
    const wantSms = sms() !== null && allowed('sms') ? unique.filter((id) => chosen.get(id)?.has('sms')) : [];
    const phoned = wantSms.length
      ? new Set(
          (
            await trx
              .selectFrom('people')
              .select('id')
              .where('id', 'in', wantSms)
              .where('phone', 'is not', null)
              .where('erased_at', 'is', null)
              .execute()
          ).map((r) => r.id),
        )
      : new Set<string>();
    const wantWechat = wechat() !== null && allowed('wechat') ? unique.filter((id) => chosen.get(id)?.has('wechat')) : [];
    const bound = wantWechat.length
      ? new Set(
          (await trx.selectFrom('wechat_bindings').select('person_id').where('person_id', 'in', wantWechat).execute()).map(
            (r) => r.person_id,
          ),
        )
      : new Set<string>();
    const reachable = { push: subscribed, sms: phoned, wechat: bound };
    for (const r of rows) {
      const t = timing(r.person_id);
      for (const channel of ['push', 'sms', 'wechat'] as const) {
        if (!reachable[channel].has(r.person_id)) continue;
        outside.push({
          id: newId(),
          person_id: r.person_id,
          notification_id: r.id,
          channel,
          kind: n.kind,
          title: n.title,
          body: n.body ?? '',
          link: n.link ?? null,
          urgent: urgent ? 1 : 0,
          digest: t.digest,
          due_at: t.due.toISOString(),
          sent_at: null,
          attempts: 0,
          last_error: null,
          created_at,
        });
      }
    }
    for (const part of chunks(outside)) await trx.insertInto('notification_outbox').values(part).execute();
    const dueNow = outside.filter((o) => o.due_at <= created_at).map((o) => o.id);
    return async () => {
      for (const r of rows) await bus.publish(`person:${r.person_id}`, { type: 'notification', notification: r });
      if (dueNow.length) track(deliver(dueNow));
    };
  }

  function track(p: Promise<unknown>) {
    const guarded = p.catch((err) => channels.log?.(err, 'notification delivery failed'));
    inFlight.add(guarded);
    void guarded.finally(() => inFlight.delete(guarded));
  }

  /** Sends one push message to each of the person's devices; a device the service forgot is removed. */
  async function sendPush(sender: PushSender, m: NotificationOutboxTable): Promise<void> {
    const subs = await db.selectFrom('push_subscriptions').selectAll().where('person_id', '=', m.person_id).execute();
    let delivered = 0;
    let lastError = '';
    for (const s of subs) {
      const { status } = await sender.send(s, {
        title: m.title,
        body: m.body,
        link: m.link,
        kind: m.kind,
        urgent: m.urgent === 1,
      });
      if (status === 404 || status === 410) {
        await db.deleteFrom('push_subscriptions').where('id', '=', s.id).execute();
      } else if (status >= 200 && status < 300) {
        delivered++;
        await db.updateTable('push_subscriptions').set({ last_sent_at: clock().toISOString() }).where('id', '=', s.id).execute();
      } else {
        lastError = `push service answered ${status}`;
      }
    }
    if (!delivered && lastError) throw new Error(lastError);
  }

  /** Sends one WeChat template message to the person's bound openid. */
  async function sendWechat(sender: WechatSender, m: NotificationOutboxTable): Promise<void> {
    const b = await db.selectFrom('wechat_bindings').select('openid').where('person_id', '=', m.person_id).executeTakeFirst();
    if (!b) throw new PermanentFailure('WeChat is no longer bound');
    await sender.send({ openid: b.openid, title: m.title, body: m.body, link: m.link, at: new Date(m.created_at) });
  }

  /** The text of one SMS: signed, short, with the path to open. */
  function smsText(msgs: NotificationOutboxTable[]): string {
    const [first] = msgs;
    if (msgs.length === 1 && first) return `【连心桥】${first.title}${first.body ? `：${first.body}` : ''}`;
    return `【连心桥】今日 ${msgs.length} 条新消息：${msgs.map((m) => m.title).join('；')}`;
  }

  /**
   * A poll's question (`poll.opened`, link /polls/:id) held by quiet hours or a digest, or waiting
   * for a retry, is not sent to someone who has answered the poll meanwhile.
   */
  async function answeredMeanwhile(due: NotificationOutboxTable[]): Promise<Set<string>> {
    const polls = due.filter((m) => m.kind === 'poll.opened' && m.link?.startsWith('/polls/'));
    if (!polls.length) return new Set();
    const voters = await db
      .selectFrom('poll_voters')
      .select(['poll_id', 'person_id'])
      .where('poll_id', 'in', [...new Set(polls.map((m) => (m.link ?? '').slice('/polls/'.length)))])
      .where('person_id', 'in', [...new Set(polls.map((m) => m.person_id))])
      .execute();
    const answered = new Set(voters.map((v) => `/polls/${v.poll_id} ${v.person_id}`));
    return new Set(polls.filter((m) => answered.has(`${m.link} ${m.person_id}`)).map((m) => m.id));
  }

  /**
   * Sends due push and SMS messages (all due ones, or just `ids`): each row is claimed by a
   * conditional update first, so two instances never send the same message; digest rows go out
   * as one message per person and channel. A failure is retried by the next run, up to 5 times.
   */
  async function deliver(ids?: string[], limit = 200): Promise<{ sent: number; failed: number }> {
    const now = clock().toISOString();
    let q = db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .where('due_at', '<=', now)
      .where('attempts', '<', MAX_ATTEMPTS);
    if (ids) q = q.where('id', 'in', ids);
    const found = await q.orderBy('due_at').orderBy('id').limit(limit).execute();
    const moot = await answeredMeanwhile(found);
    if (moot.size)
      await db
        .updateTable('notification_outbox')
        .set({ sent_at: now, last_error: 'not sent: the poll was answered before' })
        .where('id', 'in', [...moot])
        .where('sent_at', 'is', null)
        .execute();
    const due = found.filter((m) => !moot.has(m.id));
    const groups = new Map<string, NotificationOutboxTable[]>();
    for (const m of due) {
      const k = m.digest ? `digest:${m.channel}:${m.person_id}` : m.id;
      groups.set(k, [...(groups.get(k) ?? []), m]);
    }
    let sent = 0;
    let failed = 0;
    for (const msgs of groups.values()) {
      const first = msgs[0];
      if (!first) continue;
      const claimIds = msgs.map((m) => m.id);
      const claimed = await db
        .updateTable('notification_outbox')
        .set({ sent_at: now })
        .where('id', 'in', claimIds)
        .where('sent_at', 'is', null)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== claimIds.length) continue; // another instance has them
      try {
        if (first.channel === 'push') {
          const sender = push();
          if (!sender) throw new Error('Web Push is not configured');
          const digest: NotificationOutboxTable = msgs.length > 1 ? { ...first, ...digestOf(msgs) } : first;
          await sendPush(sender, digest);
        } else if (first.channel === 'wechat') {
          const sender = wechat();
          if (!sender) throw new Error('WeChat is not configured');
          await sendWechat(sender, msgs.length > 1 ? { ...first, ...digestOf(msgs) } : first);
        } else {
          const provider = sms();
          if (!provider) throw new Error('SMS is not configured');
          const person = await db.selectFrom('people').select('phone').where('id', '=', first.person_id).executeTakeFirst();
          if (person?.phone) await provider.send(person.phone, smsText(msgs), {});
        }
        sent += msgs.length;
      } catch (err) {
        failed += msgs.length;
        // A wrong openid, an unfollowed account or a withdrawn template: no retry can succeed.
        const permanent = err instanceof PermanentFailure || (err instanceof WechatError && err.permanent);
        await db
          .updateTable('notification_outbox')
          .set((eb) => ({
            sent_at: null,
            attempts: permanent ? MAX_ATTEMPTS : eb('attempts', '+', 1),
            last_error: String((err as Error).message).slice(0, 300),
          }))
          .where('id', 'in', claimIds)
          .execute();
      }
    }
    return { sent, failed };
  }

  return {
    notifyIn,

    /** Sends the push and SMS messages that are due (the job calls this every 5 s). */
    deliverDue: () => deliver(),

    /** Waits for the deliveries started right after commits (tests; graceful shutdown). */
    async flush(): Promise<void> {
      while (inFlight.size) await Promise.all([...inFlight]);
    },

    /** Stores (or moves to this person) one device's push subscription. */
    async subscribe(personId: string, s: { endpoint: string; p256dh: string; auth: string; userAgent: string | null }) {
      const values = { person_id: personId, p256dh: s.p256dh, auth: s.auth, user_agent: s.userAgent };
      await db
        .insertInto('push_subscriptions')
        .values({ id: newId(), endpoint: s.endpoint, created_at: clock().toISOString(), last_sent_at: null, ...values })
        .onConflict((oc) => oc.column('endpoint').doUpdateSet(values))
        .execute();
    },

    /** Removes one device's subscription (only the person's own). */
    async unsubscribe(personId: string, endpoint: string): Promise<boolean> {
      const r = await db
        .deleteFrom('push_subscriptions')
        .where('person_id', '=', personId)
        .where('endpoint', '=', endpoint)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    /** How many devices a person has subscribed. */
    async deviceCount(personId: string): Promise<number> {
      const r = await db
        .selectFrom('push_subscriptions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** Channels per category for the settings page: the person's choice or the default. */
    async channelPrefs(personId: string): Promise<Record<Category, Channel[]>> {
      const rows = await db.selectFrom('notification_channel_prefs').selectAll().where('person_id', '=', personId).execute();
      const chosen = new Map(rows.map((r) => [r.category, r]));
      const out = {} as Record<Category, Channel[]>;
      for (const c of CATEGORIES) {
        const r = chosen.get(c);
        out[c] = r ? CHANNELS.filter((ch) => r[ch] === 1) : [...DEFAULT_CHANNELS[c]];
      }
      return out;
    },

    async saveChannelPrefs(personId: string, patch: Partial<Record<Category, Channel[]>>): Promise<void> {
      for (const [category, list] of Object.entries(patch)) {
        if (!list) continue;
        const values = {
          push: list.includes('push') ? 1 : 0,
          sms: list.includes('sms') ? 1 : 0,
          email: list.includes('email') ? 1 : 0,
          wechat: list.includes('wechat') ? 1 : 0,
          updated_at: clock().toISOString(),
        };
        await db
          .insertInto('notification_channel_prefs')
          .values({ person_id: personId, category, ...values })
          .onConflict((oc) => oc.columns(['person_id', 'category']).doUpdateSet(values))
          .execute();
      }
    },

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
