import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';

/** SQL for the compound discussion board (居民自治在线交流平台). */
export function createDiscussionRepository(db: Kysely<DB>) {
  return {
    db,

    topics(compoundId: string, opts: { includeHidden: boolean; viewer: string }) {
      let q = db.selectFrom('discussion_topics').selectAll().where('compound_id', '=', compoundId);
      if (!opts.includeHidden) q = q.where((eb) => eb.or([eb('hidden', '=', 0), eb('person_id', '=', opts.viewer)]));
      return q.orderBy('last_activity_at', 'desc').orderBy('id', 'desc').limit(200).execute();
    },

    findTopic(id: string) {
      return db
        .selectFrom('discussion_topics')
        .innerJoin('nodes', 'nodes.id', 'discussion_topics.compound_id')
        .selectAll('discussion_topics')
        .select('nodes.path as compound_path')
        .where('discussion_topics.id', '=', id)
        .executeTakeFirst();
    },

    async insertTopic(row: { compoundId: string; personId: string; authorRole: string; title: string; body: string }) {
      const id = newId();
      const now = nowIso();
      await db
        .insertInto('discussion_topics')
        .values({
          id,
          compound_id: row.compoundId,
          person_id: row.personId,
          author_role: row.authorRole,
          title: row.title,
          body: row.body,
          hidden: 0,
          hidden_reason: null,
          reply_count: 0,
          last_activity_at: now,
          created_at: now,
        })
        .execute();
      return id;
    },

    replies(topicId: string) {
      return db
        .selectFrom('discussion_replies')
        .selectAll()
        .where('topic_id', '=', topicId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
    },

    findReply(id: string) {
      return db.selectFrom('discussion_replies').selectAll().where('id', '=', id).executeTakeFirst();
    },

    /** A reply and the topic's counters in one transaction. */
    async insertReply(row: { topicId: string; personId: string; authorRole: string; body: string }) {
      const id = newId();
      const now = nowIso();
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('discussion_replies')
          .values({
            id,
            topic_id: row.topicId,
            person_id: row.personId,
            author_role: row.authorRole,
            body: row.body,
            hidden: 0,
            hidden_reason: null,
            created_at: now,
          })
          .execute();
        await trx
          .updateTable('discussion_topics')
          .set((eb) => ({ reply_count: eb('reply_count', '+', 1), last_activity_at: now }))
          .where('id', '=', row.topicId)
          .execute();
      });
      return id;
    },

    async setTopicHidden(id: string, hidden: boolean, reason: string | null) {
      await db
        .updateTable('discussion_topics')
        .set({ hidden: hidden ? 1 : 0, hidden_reason: reason })
        .where('id', '=', id)
        .execute();
    },

    async setReplyHidden(id: string, hidden: boolean, reason: string | null) {
      await db
        .updateTable('discussion_replies')
        .set({ hidden: hidden ? 1 : 0, hidden_reason: reason })
        .where('id', '=', id)
        .execute();
    },

    findNode(id: string) {
      return db.selectFrom('nodes').select(['id', 'kind', 'path']).where('id', '=', id).executeTakeFirst();
    },
  };
}

export type DiscussionRepository = ReturnType<typeof createDiscussionRepository>;
