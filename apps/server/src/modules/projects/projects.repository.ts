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
export function createProjectsRepository(db: Kysely<DB>) {
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
        })
        .execute();
      return id;
    },

    async insertPhoto(
      trx: Db,
      p: { projectId: string; kind: 'before' | 'after'; uploadId: string; caption: string },
    ): Promise<string> {
      const id = newId();
      await trx
        .insertInto('project_photos')
        .values({ id, project_id: p.projectId, kind: p.kind, upload_id: p.uploadId, caption: p.caption, created_at: nowIso() })
        .execute();
      return id;
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
    photos(projectId: string) {
      return db.selectFrom('project_photos').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
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

    /** An upload made for this project's node (vouchers, photos), or undefined. */
    findUpload(trx: Db, uploadId: string) {
      return trx
        .selectFrom('uploads')
        .select(['id', 'node_id', 'account_id', 'owner_id'])
        .where('id', '=', uploadId)
        .executeTakeFirst();
    },
  };
}

export type ProjectsRepository = ReturnType<typeof createProjectsRepository>;
