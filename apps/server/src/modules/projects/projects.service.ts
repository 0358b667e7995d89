import type { ProjectCreate, ProjectDetail, ProjectPatch, ProjectSummary, SpendingCorrection } from '@lianxin/shared';
import { projectCreateSchema, STAFF_ROLES, spendingCorrectionSchema } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { checkVersion, refusal } from '../../db/versioned';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { claimImages, PDF_MIME, setImageVisibility } from '../../lib/uploads';
import { type AuthContext, loadReachableNode, reaches, requireAuth, scopePaths } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import type { NotificationsRepository } from '../notifications/notifications.repository';
import type { ProjectsRepository } from './projects.repository';

export interface ProjectsDeps {
  db: Kysely<DB>;
  projects: ProjectsRepository;
  audit: Pick<AuditRepository, 'append' | 'list'>;
  /** Followers hear of milestones and completion (absent: nobody is told). */
  notifications?: Pick<NotificationsRepository, 'notify'>;
}

/**
 * Uploads attached to a project (photos and vouchers) share one owner key, so publishing flips them
 * together; an attachment without recorded consent to publish it is kept under a private key that
 * publishing never touches.
 */
const OWNER_TYPE = 'project';
const PRIVATE_OWNER_TYPE = 'project_private';

export type Row = NonNullable<Awaited<ReturnType<ProjectsRepository['findProject']>>>;

function parseFunding(json: string): Array<{ source: string; amountFen: number }> {
  try {
    const v = JSON.parse(json) as Array<{ source: string; amountFen: number }>;
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** A project's line in a list. */
export function summary(p: Row, t: { budgetFen: number; spentFen: number }): ProjectSummary {
  return {
    id: p.id,
    nodeId: p.node_id,
    nodeName: p.node_name,
    title: p.title,
    status: p.status,
    progress: p.progress,
    budgetFen: t.budgetFen,
    spentFen: t.spentFen,
    published: p.published === 1,
    updatedAt: p.updated_at,
  };
}

/** Projects (提质改造): staff edit within their subtree; the public reads published ones. */
export function createProjectsService(deps: ProjectsDeps) {
  const { db, projects, audit, notifications } = deps;

  /**
   * Tells a published project's followers of a step, after it committed (docs/notifications.md,
   * projects rows); the person who took the step is not told.
   */
  async function tellFollowers(p: Row, kind: 'project.milestone' | 'project.completed', title: string, actor: string) {
    if (!notifications || p.published !== 1) return;
    const people = (await projects.followers(p.id)).filter((id) => id !== actor);
    await notifications.notify(people, { kind, title, link: `/public/projects/${p.id}` });
  }

  async function loadForStaff(auth: AuthContext | null, id: string): Promise<Row> {
    const a = requireAuth(auth);
    const p = await projects.findProject(db, id);
    if (!p || !reaches(a, p.node_path, STAFF_ROLES)) throw notFound('project');
    return p;
  }

  async function detail(p: Row, forPublic = false): Promise<ProjectDetail> {
    const [items, milestones, spending, photos, history] = await Promise.all([
      projects.items(db, p.id),
      projects.milestones(p.id),
      projects.spending(p.id),
      projects.photos(p.id),
      audit.list({ targetType: 'project', targetId: p.id, limit: 200 }),
    ]);
    const spentByItem = new Map<string, number>();
    const corrected = new Map<string, number>();
    for (const s of spending) {
      spentByItem.set(s.item_id, (spentByItem.get(s.item_id) ?? 0) + s.amount_fen);
      if (s.corrects_id) corrected.set(s.corrects_id, (corrected.get(s.corrects_id) ?? 0) - s.amount_fen);
    }
    const itemName = new Map(items.map((i) => [i.id, i.name]));
    const funding = parseFunding(p.funding);
    const budgetFen = items.reduce((n, i) => n + i.budget_fen, 0);
    const spentFen = spending.reduce((n, s) => n + s.amount_fen, 0);
    return {
      ...summary(p, { budgetFen, spentFen }),
      version: p.version,
      summary: p.summary,
      contractor: p.contractor,
      startedOn: p.started_on,
      finishedOn: p.finished_on,
      funding,
      fundingFen: funding.reduce((n, f) => n + f.amountFen, 0),
      items: items.map((i) => ({ id: i.id, name: i.name, budgetFen: i.budget_fen, spentFen: spentByItem.get(i.id) ?? 0 })),
      milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.due_on, doneOn: m.done_on })),
      spending: spending.map((s) => ({
        id: s.id,
        itemId: s.item_id,
        itemName: itemName.get(s.item_id) ?? '',
        amountFen: s.amount_fen,
        spentOn: s.spent_on,
        note: s.note,
        voucherUploadId: s.voucher_upload_id,
        correctsId: s.corrects_id,
        reason: s.reason,
        correctedFen: corrected.get(s.id) ?? 0,
      })),
      // The public sees an attachment only with consent to publish it recorded.
      photos: photos
        .filter((ph) => !forPublic || ph.public_consent === 1)
        .map((ph) => ({
          id: ph.id,
          kind: ph.kind,
          uploadId: ph.upload_id,
          file: ph.mime === PDF_MIME ? ('pdf' as const) : ('image' as const),
          caption: ph.caption,
          publicConsent: ph.public_consent === 1,
        })),
      // Oldest first, so the page reads as a story; who acted stays in the audit log, not on the public page.
      history: history
        .map((h) => ({
          at: h.at,
          action: h.action,
          details: h.details ? (JSON.parse(h.details) as Record<string, unknown>) : null,
        }))
        .reverse(),
    };
  }

  return {
    async create(auth: AuthContext | null, input: ProjectCreate): Promise<ProjectDetail> {
      const a = requireAuth(auth);
      const body = projectCreateSchema.parse(input);
      const node = await loadReachableNode(db, a, body.nodeId, STAFF_ROLES);
      const names = new Set<string>();
      for (const [i, it] of body.items.entries()) {
        if (names.has(it.name)) throw fieldError(`items.${i}.name`, 'duplicate');
        names.add(it.name);
      }
      const id = await db.transaction().execute(async (trx) => {
        const pid = await projects.insertProject(trx, { ...body, nodeId: node.id, createdBy: a.accountId });
        for (const [i, it] of body.items.entries()) await projects.insertItem(trx, pid, { ...it, sort: i });
        for (const m of body.milestones) await projects.insertMilestone(trx, pid, m);
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.created',
            targetType: 'project',
            targetId: pid,
            nodeId: node.id,
            details: {
              title: body.title,
              fundingFen: body.funding.reduce((n, f) => n + f.amountFen, 0),
              budgetFen: body.items.reduce((n, it) => n + it.budgetFen, 0),
              items: body.items.map((it) => ({ name: it.name, budgetFen: it.budgetFen })),
            },
          },
          trx,
        );
        return pid;
      });
      return this.getForStaff(a, id);
    },

    async list(auth: AuthContext | null, underNodeId?: string): Promise<ProjectSummary[]> {
      const a = requireAuth(auth);
      const under = underNodeId ? (await loadReachableNode(db, a, underNodeId, STAFF_ROLES)).path : undefined;
      const rows = await projects.listProjects({ paths: scopePaths(a, STAFF_ROLES), underPath: under });
      const totals = await projects.totals(rows.map((r) => r.id));
      return rows.map((r) => summary(r, totals.get(r.id) ?? { budgetFen: 0, spentFen: 0 }));
    },

    async listPublic(underNodeId?: string): Promise<ProjectSummary[]> {
      let under: string | undefined;
      if (underNodeId) {
        const n = await db.selectFrom('nodes').select('path').where('id', '=', underNodeId).executeTakeFirst();
        if (!n) throw notFound('node');
        under = n.path;
      }
      const rows = await projects.listProjects({ paths: [], underPath: under, publishedOnly: true });
      const totals = await projects.totals(rows.map((r) => r.id));
      return rows.map((r) => summary(r, totals.get(r.id) ?? { budgetFen: 0, spentFen: 0 }));
    },

    async getForStaff(auth: AuthContext | null, id: string): Promise<ProjectDetail> {
      return detail(await loadForStaff(auth, id));
    },

    /** The disclosure page: only published projects exist for the public. */
    async getPublic(id: string): Promise<ProjectDetail> {
      const p = await projects.findProject(db, id);
      if (p?.published !== 1) throw notFound('project');
      return detail(p, true);
    },

    async patch(auth: AuthContext | null, id: string, body: ProjectPatch): Promise<ProjectDetail> {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      // An edit made against an older version is refused (ADR 0002); the UPDATE checks it again.
      checkVersion(p, body.expectedVersion);
      const set: Parameters<ProjectsRepository['editProject']>[3] = {};
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      const change = <K extends keyof typeof set>(
        field: string,
        column: K,
        from: unknown,
        to: unknown,
        stored: (typeof set)[K],
      ) => {
        set[column] = stored;
        if (JSON.stringify(from) !== JSON.stringify(to)) changes[field] = { from, to };
      };
      const b = body;
      if (b.title !== undefined) change('title', 'title', p.title, b.title, b.title);
      // The text itself may be long: the history notes that it changed, not the whole text.
      if (b.summary !== undefined) change('summary', 'summary', p.summary.length, b.summary.length, b.summary);
      if (b.contractor !== undefined) change('contractor', 'contractor', p.contractor, b.contractor, b.contractor);
      if (b.status !== undefined) change('status', 'status', p.status, b.status, b.status);
      if (b.progress !== undefined) change('progress', 'progress', p.progress, b.progress, b.progress);
      if (b.startedOn !== undefined) change('startedOn', 'started_on', p.started_on, b.startedOn, b.startedOn);
      if (b.finishedOn !== undefined) change('finishedOn', 'finished_on', p.finished_on, b.finishedOn, b.finishedOn);
      if (b.funding !== undefined) change('funding', 'funding', parseFunding(p.funding), b.funding, JSON.stringify(b.funding));
      if (b.published !== undefined) change('published', 'published', p.published === 1, b.published, b.published ? 1 : 0);
      if (!Object.keys(changes).length) return detail(p);
      await db.transaction().execute(async (trx) => {
        if (!(await projects.editProject(trx, id, p.version, set)))
          throw refusal(await projects.findProject(trx, id), p.version, 'project') ?? new AppError('CONFLICT');
        if (body.published !== undefined) {
          await setImageVisibility(trx, { ownerType: OWNER_TYPE, ownerId: id }, body.published ? 'public' : 'members');
        }
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.updated',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: changes,
          },
          trx,
        );
      });
      if (changes.status && body.status === 'completed') {
        const published = (body.published ?? p.published === 1) ? 1 : 0;
        await tellFollowers({ ...p, published }, 'project.completed', `${p.title} 已完工`, a.personId);
      }
      return this.getForStaff(a, id);
    },

    async addItem(auth: AuthContext | null, id: string, body: { name: string; budgetFen: number }): Promise<ProjectDetail> {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        const items = await projects.items(trx, id);
        if (items.some((i) => i.name === body.name))
          throw new AppError('DUPLICATE', { fields: [{ path: 'name', reason: 'duplicate' }] });
        await projects.insertItem(trx, id, { ...body, sort: items.length });
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.item_added',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { item: body.name, budgetFen: body.budgetFen },
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    async patchItem(auth: AuthContext | null, id: string, itemId: string, body: { name?: string; budgetFen?: number }) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        const item = await projects.findItem(trx, id, itemId);
        if (!item) throw notFound('item');
        const set: { name?: string; budget_fen?: number } = {};
        const details: Record<string, unknown> = { item: item.name };
        if (body.name !== undefined && body.name !== item.name) {
          set.name = body.name;
          details.name = { from: item.name, to: body.name };
        }
        if (body.budgetFen !== undefined && body.budgetFen !== item.budget_fen) {
          set.budget_fen = body.budgetFen;
          details.budgetFen = { from: item.budget_fen, to: body.budgetFen };
        }
        if (!Object.keys(set).length) return;
        await projects.updateItem(trx, itemId, set);
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.item_changed',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details,
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    async addMilestone(auth: AuthContext | null, id: string, body: { title: string; dueOn: string }) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        await projects.insertMilestone(trx, id, body);
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.milestone_added',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: body,
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    async setMilestone(auth: AuthContext | null, id: string, milestoneId: string, doneOn: string | null) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      const m = await projects.findMilestone(id, milestoneId);
      if (!m) throw notFound('milestone');
      await db.transaction().execute(async (trx) => {
        await projects.setMilestoneDone(trx, milestoneId, doneOn);
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.milestone_changed',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { milestone: m.title, doneOn: { from: m.done_on, to: doneOn } },
          },
          trx,
        );
      });
      if (doneOn && !m.done_on) await tellFollowers(p, 'project.milestone', `${p.title}：${m.title} 已完成`, a.personId);
      return this.getForStaff(a, id);
    },

    async addSpending(
      auth: AuthContext | null,
      id: string,
      body: { itemId: string; amountFen: number; spentOn: string; note: string; voucherUploadId: string | null },
    ) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        const item = await projects.findItem(trx, id, body.itemId);
        if (!item) throw fieldError('itemId', 'unknown_item');
        if (body.voucherUploadId) {
          await claimImages(
            trx,
            [body.voucherUploadId],
            {
              accountId: a.accountId,
              nodeId: p.node_id,
              ownerType: OWNER_TYPE,
              ownerId: id,
              visibility: p.published ? 'public' : 'members',
            },
            'voucherUploadId',
          );
        }
        await projects.insertSpending(trx, { projectId: id, ...body, createdBy: a.accountId });
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.spending_added',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { item: item.name, amountFen: body.amountFen, spentOn: body.spentOn, voucher: !!body.voucherUploadId },
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    /**
     * A reversing entry: takes back part or all of an ordinary entry, with the reason, on the same
     * work item. The entry stays as it was; the public page shows both. Never more than is left
     * of the entry, so every total stays the exact sum of the rows.
     */
    async correctSpending(auth: AuthContext | null, id: string, spendingId: string, input: SpendingCorrection) {
      const body = spendingCorrectionSchema.parse(input);
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        const found = await projects.spendingForCorrection(trx, id, spendingId);
        if (!found) throw notFound('spending');
        const { entry, correctedFen } = found;
        if (entry.corrects_id) throw new AppError('CORRECTION_OF_CORRECTION');
        const left = entry.amount_fen - correctedFen;
        if (body.amountFen > left)
          throw new AppError('CORRECTION_EXCEEDS', { fields: [{ path: 'amountFen', reason: 'exceeds' }], leftFen: left });
        await projects.insertSpending(trx, {
          projectId: id,
          itemId: entry.item_id,
          amountFen: -body.amountFen,
          spentOn: body.spentOn,
          note: '',
          voucherUploadId: null,
          createdBy: a.accountId,
          correctsId: entry.id,
          reason: body.reason,
        });
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.spending_corrected',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { corrects: entry.id, amountFen: -body.amountFen, reason: body.reason, spentOn: body.spentOn },
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    /** The nodes a new project may belong to, named with their place in the tree (for a picker by name). */
    async nodes(auth: AuthContext | null) {
      const a = requireAuth(auth);
      return projects.nodesUnder(scopePaths(a, STAFF_ROLES));
    },

    async addPhoto(
      auth: AuthContext | null,
      id: string,
      body: { kind: 'before' | 'after' | 'contract' | 'invoice'; uploadId: string; caption: string; publicConsent: boolean },
    ) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        // A contract or an invoice may be a PDF; a before/after photo is a picture.
        const upload = await projects.findUpload(trx, body.uploadId);
        if (upload?.mime === PDF_MIME && (body.kind === 'before' || body.kind === 'after'))
          throw fieldError('uploadId', 'pdf_not_photo');
        await claimImages(
          trx,
          [body.uploadId],
          {
            accountId: a.accountId,
            nodeId: p.node_id,
            ownerType: body.publicConsent ? OWNER_TYPE : PRIVATE_OWNER_TYPE,
            ownerId: id,
            visibility: p.published && body.publicConsent ? 'public' : 'members',
          },
          'uploadId',
        );
        await projects.insertPhoto(trx, { projectId: id, ...body });
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.photo_added',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { kind: body.kind, publicConsent: body.publicConsent },
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },

    /** Records or withdraws consent to publish an attachment (audited); it is public only with it. */
    async setPhotoConsent(auth: AuthContext | null, id: string, photoId: string, consent: boolean) {
      const p = await loadForStaff(auth, id);
      const a = requireAuth(auth);
      await db.transaction().execute(async (trx) => {
        const photo = await projects.findPhoto(trx, id, photoId);
        if (!photo) throw notFound('photo');
        if ((photo.public_consent === 1) === consent) return;
        await projects.setPhotoConsent(trx, photo, consent, consent && p.published === 1 ? 'public' : 'members');
        await projects.updateProject(trx, id, {});
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'project.photo_consent',
            targetType: 'project',
            targetId: id,
            nodeId: p.node_id,
            details: { kind: photo.kind, publicConsent: consent },
          },
          trx,
        );
      });
      return this.getForStaff(a, id);
    },
  };
}

export type ProjectsService = ReturnType<typeof createProjectsService>;
