import type { Kysely, Transaction, Updateable } from 'kysely';
import type { DB } from '../../db/schema';
import { newId, nowIso } from '../../lib/ids';
import type { ProjectsTable } from './projects.tables';

type Db = Kysely<DB> | Transaction<DB>;
type ProjectEdit = Omit<Updateable<ProjectsTable>, 'id' | 'node_id' | 'created_at' | 'version'>;

export interface NewProject {
  nodeId: string;
  title: string;
  summary: string;
  contractor: string;
  status: ProjectsTable['status'];
  progress: number;
  startedOn: string | null;
  finishedOn: string | null;
  funding: Array<{ source: string; amountFen: number }>;
  createdBy: string;
}

/** All SQL of the projects module. */
export function createProjectsRepository(db: Kysely<DB>, dialect: 'sqlite' | 'postgres') {
  return {
    db,

    async insertProject(trx: Db, p: NewProject): Promise<string> {
      const id = newId();
      const now = nowIso();
      await trx
        .insertInto('projects')
        .values({
          id,
          node_id: p.nodeId,
          title: p.title,
          summary: p.summary,
          contractor: p.contractor,
          status: p.status,
          progress: p.progress,
          funding: JSON.stringify(p.funding),
          started_on: p.startedOn,
          finished_on: p.finishedOn,
          created_by: p.createdBy,
          created_at: now,
          updated_at: now,
        })
        .execute();
      return id;
    },

    async insertItem(trx: Db, projectId: string, item: { name: string; budgetFen: number; sort: number }): Promise<string> {
      const id = newId();
      await trx
        .insertInto('project_items')
        .values({ id, project_id: projectId, name: item.name, budget_fen: item.budgetFen, sort: item.sort, created_at: nowIso() })
        .execute();
      return id;
    },

    async insertMilestone(
      trx: Db,
      projectId: string,
      m: { title: string; dueOn: string; doneOn?: string | null },
    ): Promise<string> {
      const id = newId();
      await trx
        .insertInto('project_milestones')
        .values({ id, project_id: projectId, title: m.title, due_on: m.dueOn, done_on: m.doneOn ?? null, created_at: nowIso() })
        .execute();
      return id;
    },

    async insertSpending(
      trx: Db,
      s: {
        projectId: string;
        itemId: string;
        amountFen: number;
        spentOn: string;
        note: string;
        voucherUploadId: string | null;
        createdBy: string | null;
        correctsId?: string | null;
        reason?: string;
      },
    ): Promise<string> {
      const id = newId();
      await trx
        .insertInto('project_spending')
        .values({
          id,
          project_id: s.projectId,
          item_id: s.itemId,
          amount_fen: s.amountFen,
          spent_on: s.spentOn,
          note: s.note,
          voucher_upload_id: s.voucherUploadId,
          created_by: s.createdBy,
          created_at: nowIso(),
          corrects_id: s.correctsId ?? null,
          reason: s.reason ?? '',
        })
        .execute();
      return id;
    },

    async insertPhoto(
      trx: Db,
      p: {
        projectId: string;
        kind: 'before' | 'after' | 'contract' | 'invoice';
        uploadId: string;
        caption: string;
        publicConsent: boolean;
      },
    ): Promise<string> {
      const id = newId();
      await trx
        .insertInto('project_photos')
        .values({
          id,
          project_id: p.projectId,
          kind: p.kind,
          upload_id: p.uploadId,
          caption: p.caption,
          created_at: nowIso(),
          public_consent: p.publicConsent ? 1 : 0,
        })
        .execute();
      return id;
    },

    findPhoto(trx: Db, projectId: string, photoId: string) {
      return trx
        .selectFrom('project_photos')
        .selectAll()
        .where('id', '=', photoId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
    },

    /**
     * Records (or withdraws) consent to publish an attachment: its upload moves between the
     * project's public owner key and the private one, and takes the visibility that goes with it.
     */
    async setPhotoConsent(trx: Db, photo: { id: string; upload_id: string }, consent: boolean, visibility: 'public' | 'members') {
      await trx
        .updateTable('project_photos')
        .set({ public_consent: consent ? 1 : 0 })
        .where('id', '=', photo.id)
        .execute();
      await trx
        .updateTable('uploads')
        .set({ owner_type: consent ? 'project' : 'project_private', visibility })
        .where('id', '=', photo.upload_id)
        .execute();
    },

    findProject(trx: Db, id: string) {
      return trx
        .selectFrom('projects')
        .innerJoin('nodes', 'nodes.id', 'projects.node_id')
        .selectAll('projects')
        .select(['nodes.path as node_path', 'nodes.name as node_name'])
        .where('projects.id', '=', id)
        .executeTakeFirst();
    },

    /** Projects under any of the given subtree paths (or published ones under `publicUnder`). */
    listProjects(filter: { paths: string[]; underPath?: string; publishedOnly?: boolean }) {
      if (!filter.paths.length && !filter.publishedOnly) return Promise.resolve([]);
      let q = db
        .selectFrom('projects')
        .innerJoin('nodes', 'nodes.id', 'projects.node_id')
        .selectAll('projects')
        .select(['nodes.path as node_path', 'nodes.name as node_name'])
        .orderBy('projects.updated_at', 'desc')
        .limit(200);
      if (!filter.publishedOnly) q = q.where((eb) => eb.or(filter.paths.map((p) => eb('nodes.path', 'like', `${p}%`))));
      else q = q.where('projects.published', '=', 1);
      if (filter.underPath) q = q.where('nodes.path', 'like', `${filter.underPath}%`);
      return q.execute();
    },

    /** Budget and spent per project, for lists. */
    async totals(projectIds: string[]): Promise<Map<string, { budgetFen: number; spentFen: number }>> {
      const out = new Map<string, { budgetFen: number; spentFen: number }>();
      if (!projectIds.length) return out;
      const budgets = await db
        .selectFrom('project_items')
        .select(['project_id', (eb) => eb.fn.sum<number>('budget_fen').as('b')])
        .where('project_id', 'in', projectIds)
        .groupBy('project_id')
        .execute();
      const spent = await db
        .selectFrom('project_spending')
        .select(['project_id', (eb) => eb.fn.sum<number>('amount_fen').as('s')])
        .where('project_id', 'in', projectIds)
        .groupBy('project_id')
        .execute();
      for (const id of projectIds) out.set(id, { budgetFen: 0, spentFen: 0 });
      for (const b of budgets) {
        const t = out.get(b.project_id);
        if (t) t.budgetFen = Number(b.b ?? 0);
      }
      for (const s of spent) {
        const t = out.get(s.project_id);
        if (t) t.spentFen = Number(s.s ?? 0);
      }
      return out;
    },

    items(trx: Db, projectId: string) {
      return trx
        .selectFrom('project_items')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('sort')
        .orderBy('id')
        .execute();
    },
    milestones(projectId: string) {
      return db
        .selectFrom('project_milestones')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('due_on')
        .orderBy('id')
        .execute();
    },
    spending(projectId: string) {
      return db
        .selectFrom('project_spending')
        .selectAll()
        .where('project_id', '=', projectId)
        .orderBy('spent_on', 'desc')
        .orderBy('id', 'desc')
        .execute();
    },
    /** The attachments, oldest first, with the type their file was stored as (an image or a PDF). */
    photos(projectId: string) {
      return db
        .selectFrom('project_photos')
        .leftJoin('uploads', 'uploads.id', 'project_photos.upload_id')
        .selectAll('project_photos')
        .select('uploads.mime')
        .where('project_photos.project_id', '=', projectId)
        .orderBy('project_photos.created_at')
        .orderBy('project_photos.id')
        .execute();
    },

    /**
     * Writes the project's own fields if it is still at `version`, raising the version (ADR 0002);
     * false when no row changed (gone, or edited meanwhile).
     */
    async editProject(trx: Db, id: string, version: number, set: ProjectEdit): Promise<boolean> {
      const r = await trx
        .updateTable('projects')
        .set((eb) => ({ ...set, updated_at: nowIso(), version: eb('version', '+', 1) }))
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    /** Marks the project as updated when its items, milestones or spending change (not its version). */
    async updateProject(trx: Db, id: string, set: ProjectEdit): Promise<void> {
      await trx
        .updateTable('projects')
        .set({ ...set, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
    },

    findItem(trx: Db, projectId: string, itemId: string) {
      return trx
        .selectFrom('project_items')
        .selectAll()
        .where('id', '=', itemId)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
    },

    async updateItem(trx: Db, itemId: string, set: { name?: string; budget_fen?: number }): Promise<void> {
      await trx.updateTable('project_items').set(set).where('id', '=', itemId).execute();
    },

    findMilestone(projectId: string, id: string) {
      return db
        .selectFrom('project_milestones')
        .selectAll()
        .where('id', '=', id)
        .where('project_id', '=', projectId)
        .executeTakeFirst();
    },

    async setMilestoneDone(trx: Db, id: string, doneOn: string | null): Promise<void> {
      await trx.updateTable('project_milestones').set({ done_on: doneOn }).where('id', '=', id).execute();
    },

    /**
     * A spending entry of the project and how much corrections already took back (positive fen).
     * On PostgreSQL the entry's row is locked, so simultaneous corrections of one entry are counted
     * one after the other (SQLite runs one write transaction at a time).
     */
    async spendingForCorrection(trx: Db, projectId: string, spendingId: string) {
      let q = trx.selectFrom('project_spending').selectAll().where('id', '=', spendingId).where('project_id', '=', projectId);
      if (dialect === 'postgres') q = q.forUpdate();
      const entry = await q.executeTakeFirst();
      if (!entry) return undefined;
      const r = await trx
        .selectFrom('project_spending')
        .select((eb) => eb.fn.sum<number>('amount_fen').as('s'))
        .where('corrects_id', '=', spendingId)
        .executeTakeFirst();
      return { entry, correctedFen: -Number(r?.s ?? 0) };
    },

    /** The compound a person lives in (the compound on their node's path), or undefined. */
    async compoundOfPerson(personId: string) {
      const person = await db
        .selectFrom('people')
        .innerJoin('nodes', 'nodes.id', 'people.node_id')
        .select('nodes.path')
        .where('people.id', '=', personId)
        .executeTakeFirst();
      const ids = person?.path.split('/').filter(Boolean) ?? [];
      if (!ids.length) return undefined;
      return db
        .selectFrom('nodes')
        .select(['id', 'path', 'name'])
        .where('id', 'in', ids)
        .where('kind', '=', 'compound')
        .executeTakeFirst();
    },

    /** Published projects of a compound: its own, those of the buildings in it and those of the nodes above it. */
    listForCompound(compoundPath: string) {
      const above = compoundPath.split('/').filter(Boolean);
      return db
        .selectFrom('projects')
        .innerJoin('nodes', 'nodes.id', 'projects.node_id')
        .selectAll('projects')
        .select(['nodes.path as node_path', 'nodes.name as node_name'])
        .where('projects.published', '=', 1)
        .where((eb) => eb.or([eb('nodes.path', 'like', `${compoundPath}%`), eb('nodes.id', 'in', above)]))
        .orderBy('projects.updated_at', 'desc')
        .orderBy('projects.id')
        .limit(200)
        .execute();
    },

    /** Nodes a project may belong to (compounds and the levels above them) under the given paths, tree order. */
    async nodesUnder(paths: string[]) {
      if (!paths.length) return [];
      const rows = await db
        .selectFrom('nodes')
        .select(['id', 'name', 'kind', 'path'])
        .where('kind', 'in', ['district', 'subdistrict', 'community', 'compound'])
        .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
        .orderBy('path')
        .limit(2000)
        .execute();
      const ids = [...new Set(rows.flatMap((r) => r.path.split('/').filter(Boolean)))];
      const names = new Map<string, string>();
      for (let i = 0; i < ids.length; i += 500) {
        const chunk = await db
          .selectFrom('nodes')
          .select(['id', 'name'])
          .where('id', 'in', ids.slice(i, i + 500))
          .execute();
        for (const n of chunk) names.set(n.id, n.name);
      }
      return rows.map((r) => ({
        id: r.id,
        name: r.name,
        kind: r.kind,
        label: r.path
          .split('/')
          .filter(Boolean)
          .map((id) => names.get(id) ?? '')
          .join(' › '),
      }));
    },

    /** Follow (true) or stop following (false); idempotent. */
    async setFollow(projectId: string, personId: string, follow: boolean): Promise<void> {
      if (!follow) {
        await db.deleteFrom('project_follows').where('project_id', '=', projectId).where('person_id', '=', personId).execute();
        return;
      }
      await db
        .insertInto('project_follows')
        .values({ project_id: projectId, person_id: personId, created_at: nowIso() })
        .onConflict((oc) => oc.columns(['project_id', 'person_id']).doNothing())
        .execute();
    },

    async followers(projectId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('project_follows')
        .select('person_id')
        .where('project_id', '=', projectId)
        .orderBy('person_id')
        .execute();
      return rows.map((r) => r.person_id);
    },

    async followedBy(personId: string, projectIds: string[]): Promise<Set<string>> {
      if (!projectIds.length) return new Set();
      const rows = await db
        .selectFrom('project_follows')
        .select('project_id')
        .where('person_id', '=', personId)
        .where('project_id', 'in', projectIds)
        .execute();
      return new Set(rows.map((r) => r.project_id));
    },

    /** An upload made for this project's node (vouchers, photos), or undefined. */
    findUpload(trx: Db, uploadId: string) {
      return trx
        .selectFrom('uploads')
        .select(['id', 'node_id', 'account_id', 'owner_id', 'mime'])
        .where('id', '=', uploadId)
        .executeTakeFirst();
    },
  };
}

export type ProjectsRepository = ReturnType<typeof createProjectsRepository>;
