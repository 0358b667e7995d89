import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import type { Bus } from '../../lib/bus';
import { newId, nowIso } from '../../lib/ids';

export interface NewNotification {
  kind: string;
  title: string;
  body?: string;
  /** A path in the web app, e.g. /orders/123. */
  link?: string | null;
}

/** The in-app inbox. `notify` stores the message and pushes it live to the person's open pages. */
export function createNotificationsRepository(db: Kysely<DB>, bus: Bus) {
  return {
    async notify(personIds: string[], n: NewNotification): Promise<void> {
      const unique = [...new Set(personIds)];
      if (!unique.length) return;
      const created_at = nowIso();
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
      await db.insertInto('notifications').values(rows).execute();
      for (const r of rows) await bus.publish(`person:${r.person_id}`, { type: 'notification', notification: r });
    },

    listFor(personId: string, limit = 50) {
      return db
        .selectFrom('notifications')
        .selectAll()
        .where('person_id', '=', personId)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
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
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
