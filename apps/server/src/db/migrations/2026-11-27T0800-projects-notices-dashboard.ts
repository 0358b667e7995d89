import type { Kysely } from 'kysely';

/**
 * Renovation projects (提质改造) with items, milestones, spending and photos; notices and the
 * versioned 居民公约 with acknowledgements; and the dashboard rollups: one row per tree node per
 * month (compounds are computed from the source tables, every ancestor is the sum of its
 * children), one row per node of current figures, and the dirty list and watermarks that let the
 * rollup job recompute only what changed. Money is integer fen.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('projects')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('contractor', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('planned')) // planned | in_progress | completed
    .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0)) // percent 0–100
    .addColumn('funding', 'text', (c) => c.notNull().defaultTo('[]')) // JSON [{source, amountFen}]
    .addColumn('started_on', 'text')
    .addColumn('finished_on', 'text')
    .addColumn('published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('projects_node').on('projects').column('node_id').execute();

  await db.schema
    .createTable('project_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('budget_fen', 'integer', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('project_items_name', ['project_id', 'name'])
    .execute();

  await db.schema
    .createTable('project_milestones')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('due_on', 'text', (c) => c.notNull())
    .addColumn('done_on', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_milestones_project').on('project_milestones').column('project_id').execute();

  await db.schema
    .createTable('project_spending')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('item_id', 'text', (c) => c.notNull().references('project_items.id'))
    .addColumn('amount_fen', 'integer', (c) => c.notNull())
    .addColumn('spent_on', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('voucher_upload_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_spending_project').on('project_spending').column('project_id').execute();

  await db.schema
    .createTable('project_photos')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('project_id', 'text', (c) => c.notNull().references('projects.id'))
    .addColumn('kind', 'text', (c) => c.notNull()) // before | after
    .addColumn('upload_id', 'text', (c) => c.notNull())
    .addColumn('caption', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('project_photos_project').on('project_photos').column('project_id').execute();

  await db.schema
    .createTable('notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('node_path', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('publish_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('withdrawn_at', 'text')
    .execute();
  await db.schema.createIndex('notices_path').on('notices').columns(['node_path', 'publish_at']).execute();

  await db.schema
    .createTable('notice_reads')
    .addColumn('notice_id', 'text', (c) => c.notNull().references('notices.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notice_reads_pk', ['notice_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('convention_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('node_id', 'text', (c) => c.notNull().references('nodes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_by', 'text')
    .addColumn('published_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('convention_versions_node_version', ['node_id', 'version'])
    .execute();

  await db.schema
    .createTable('convention_acks')
    .addColumn('version_id', 'text', (c) => c.notNull().references('convention_versions.id'))
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('convention_acks_pk', ['version_id', 'person_id'])
    .execute();

  await db.schema
    .createTable('dash_node_month')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull()) // YYYY-MM
    .addColumn('scope', 'text', (c) => c.notNull()) // own: facts attached to this node; total: own + children
    .addColumn('orders_placed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('orders_served', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hours_minutes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hours_entries', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('take_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('take_hist', 'text', (c) => c.notNull().defaultTo('{}')) // JSON {bucket: count}
    .addColumn('issues_raised', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues_resolved', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decisions_made', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('decisions_delivered', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('events_held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('event_attendance', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('votes_held', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dash_node_month_pk', ['node_id', 'scope', 'month'])
    .execute();

  await db.schema
    .createTable('dash_node_stock')
    .addColumn('node_id', 'text', (c) => c.notNull())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('compounds', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('branches', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('demo_sites', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('households', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('residents', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('party_members', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('volunteers', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('issues_open', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dash_node_stock_pk', ['node_id', 'scope'])
    .execute();

  // Compound-months (month '*' = current figures only) to recompute on the next run.
  await db.schema
    .createTable('dash_dirty')
    .addColumn('compound_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('dash_dirty_pk', ['compound_id', 'month'])
    .execute();

  await db.schema
    .createTable('dash_watermarks')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('watermark', 'text', (c) => c.notNull())
    .execute();

  // The rollup job finds what changed since its last run through these (the source tables are
  // other modules'; an index is all this migration adds to them).
  await db.schema.createIndex('dash_src_orders_updated').on('orders').column('updated_at').execute();
  await db.schema.createIndex('dash_src_hours_created').on('volunteer_hours').column('created_at').execute();
  await db.schema.createIndex('dash_src_people_created').on('people').column('created_at').execute();
  await db.schema.createIndex('dash_src_units_created').on('units').column('created_at').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and untyped
export async function down(db: Kysely<any>): Promise<void> {
  for (const i of ['dash_src_orders_updated', 'dash_src_hours_created', 'dash_src_people_created', 'dash_src_units_created']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  for (const t of [
    'dash_watermarks',
    'dash_dirty',
    'dash_node_stock',
    'dash_node_month',
    'convention_acks',
    'convention_versions',
    'notice_reads',
    'notices',
    'project_photos',
    'project_spending',
    'project_milestones',
    'project_items',
    'projects',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
