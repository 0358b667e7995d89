import type { Kysely } from 'kysely';

/**
 * 党群议事会: issues residents raise, their supports, comments and public timeline; council
 * members, meetings, agendas, attendance, decisions and action items; Open311 API keys; and the
 * compound discussion board (居民自治在线交流平台).
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('council_issues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('building_id', 'text')
    .addColumn('plan_x', 'integer')
    .addColumn('plan_y', 'integer')
    .addColumn('zone_id', 'text')
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // raised | answered | on_agenda | discussed | decided | in_progress | resolved | merged
    .addColumn('source', 'text', (c) => c.notNull().defaultTo('web')) // web | open311 | zone
    .addColumn('raised_by_person_id', 'text')
    .addColumn('raised_by_account_id', 'text')
    .addColumn('on_behalf_of', 'text')
    .addColumn('channel', 'text')
    .addColumn('reporter_name', 'text') // Open311 first/last name: staff only, never public
    .addColumn('reporter_contact', 'text') // Open311 phone/email: staff only, never public
    .addColumn('location_text', 'text')
    .addColumn('lat', 'double precision')
    .addColumn('long', 'double precision')
    .addColumn('media_url', 'text')
    .addColumn('answer', 'text')
    .addColumn('support_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text')
    .addColumn('merged_into_id', 'text')
    .addColumn('open311_key_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addColumn('reminded_at', 'text')
    .execute();
  await db.schema
    .createIndex('council_issues_compound')
    .on('council_issues')
    .columns(['compound_id', 'status', 'created_at'])
    .execute();

  await db.schema
    .createTable('council_supports')
    .addColumn('issue_id', 'text', (c) => c.notNull().references('council_issues.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_supports_pk', ['issue_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('council_comments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issue_id', 'text', (c) => c.notNull().references('council_issues.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_comments_issue').on('council_comments').columns(['issue_id', 'created_at']).execute();

  await db.schema
    .createTable('council_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('issue_id', 'text', (c) => c.notNull().references('council_issues.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('meeting_id', 'text')
    .addColumn('decision_id', 'text')
    .execute();
  await db.schema.createIndex('council_events_issue').on('council_events').columns(['issue_id', 'at']).execute();

  await db.schema
    .createTable('council_members')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull()) // branch | owners_committee | resident_rep
    .addColumn('title', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('removed_at', 'text')
    .addUniqueConstraint('council_members_person', ['compound_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('council_meetings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // monthly | ad_hoc
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'text', (c) => c.notNull())
    .addColumn('place', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull()) // planned | in_session | closed
    .addColumn('minutes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text')
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('council_meetings_compound')
    .on('council_meetings')
    .columns(['compound_id', 'scheduled_at'])
    .execute();

  await db.schema
    .createTable('council_agenda_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('council_meetings.id'))
    .addColumn('issue_id', 'text', (c) => c.references('council_issues.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('council_agenda_issue', ['meeting_id', 'issue_id'])
    .execute();

  await db.schema
    .createTable('council_attendance')
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('council_meetings.id'))
    .addColumn('member_id', 'text', (c) => c.notNull().references('council_members.id'))
    .addColumn('present', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('council_attendance_pk', ['meeting_id', 'member_id'])
    .execute();

  await db.schema
    .createTable('council_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meeting_id', 'text', (c) => c.notNull().references('council_meetings.id'))
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('issue_id', 'text', (c) => c.references('council_issues.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('votes_for', 'integer', (c) => c.notNull())
    .addColumn('votes_against', 'integer', (c) => c.notNull())
    .addColumn('votes_abstain', 'integer', (c) => c.notNull())
    .addColumn('adopted', 'integer', (c) => c.notNull())
    .addColumn('responsible_member_id', 'text', (c) => c.references('council_members.id'))
    .addColumn('responsible_label', 'text', (c) => c.notNull())
    .addColumn('deadline', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('notice_from', 'text', (c) => c.notNull()) // YYYY-MM-DD
    .addColumn('notice_until', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_decisions_issue').on('council_decisions').column('issue_id').execute();
  await db.schema.createIndex('council_decisions_meeting').on('council_decisions').column('meeting_id').execute();

  await db.schema
    .createTable('council_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('decision_id', 'text', (c) => c.notNull().references('council_decisions.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner_label', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // open | done
    .addColumn('done_note', 'text')
    .addColumn('done_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('council_actions_decision').on('council_actions').column('decision_id').execute();

  await db.schema
    .createTable('open311_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('discussion_topics')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('compound_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text')
    .addColumn('reply_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_activity_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('discussion_topics_compound')
    .on('discussion_topics')
    .columns(['compound_id', 'last_activity_at'])
    .execute();

  await db.schema
    .createTable('discussion_replies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('topic_id', 'text', (c) => c.notNull().references('discussion_topics.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('author_role', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hidden_reason', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('discussion_replies_topic').on('discussion_replies').columns(['topic_id', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'discussion_replies',
    'discussion_topics',
    'open311_keys',
    'council_actions',
    'council_decisions',
    'council_attendance',
    'council_agenda_items',
    'council_meetings',
    'council_members',
    'council_events',
    'council_comments',
    'council_supports',
    'council_issues',
  ])
    await db.schema.dropTable(t).ifExists().execute();
}
