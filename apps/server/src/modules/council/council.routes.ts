import {
  COUNCIL_CATEGORIES,
  councilAnswerSchema,
  councilCommentSchema,
  councilMergeSchema,
  councilNoteSchema,
  councilPhotoConsentSchema,
  councilRaiseIssueSchema,
  councilReasonSchema,
  councilSettingsSchema,
  ISSUE_STATUSES,
  quorumFor,
  ROLES,
} from '@lianxin/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { sendImage } from '../../lib/uploads';
import { requireAuth, scopePaths } from '../accounts/policy';
import { REMIND_AFTER_DAYS } from './council.jobs';
import { createCouncilNotifier } from './council.notify';
import { COUNCIL_STAFF, isStaff, requireMember, requireStaff } from './council.policy';
import { createCouncilRepository } from './council.repository';
import {
  detailView,
  issueDetail,
  issuePhotos,
  issueSummary,
  photosArePublic,
  publicIssue,
  publicView,
  summary,
} from './council.views';
import { createIssuesService } from './issues.service';
import { createMeetingsRepository } from './meetings.repository';
import { registerMeetingRoutes } from './meetings.routes';
import { createMeetingsService } from './meetings.service';
import { createSupportThreshold } from './support-threshold';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const listQuery = z.strictObject({
  compoundId: z.string().min(1).max(64),
  status: z.string().max(200).optional(),
  category: z.enum(COUNCIL_CATEGORIES).optional(),
});
const ok = z.object({ ok: z.literal(true) });
const photoParams = z.strictObject({
  id: z.string().min(1).max(64),
  photoId: z.string().regex(/^img_[A-Za-z0-9_-]{10,40}$/),
});

/** Builds the council services from the app context (no DI container). */
export function councilServices(ctx: Pick<AppContext, 'db' | 'audit' | 'notifications'>) {
  const council = createCouncilRepository(ctx.db);
  const meetings = createMeetingsRepository(ctx.db);
  const notifier = createCouncilNotifier({ db: ctx.db, council, notifications: ctx.notifications });
  const threshold = createSupportThreshold({ db: ctx.db, council, meetings, audit: ctx.audit, notifier });
  return {
    council,
    meetings,
    threshold,
    issues: createIssuesService({ db: ctx.db, council, meetings, audit: ctx.audit, notifier, threshold }),
    meetingsService: createMeetingsService({ db: ctx.db, council, meetings, audit: ctx.audit, notifier, threshold }),
  };
}

/** /api/v1/council/*: issues (raise, list, detail, support, comment, moderate, close) and meetings. */
export function registerCouncilRoutes(app: FastifyInstance, ctx: AppContext): void {
  const s = councilServices(ctx);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['council'];

  r.post(
    '/api/v1/council/issues',
    {
      config: { access: 'authenticated' },
      schema: { tags, body: councilRaiseIssueSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (req, reply) => reply.status(201).send({ id: await s.issues.raise(req.auth, req.body) }),
  );

  r.get(
    '/api/v1/council/issues',
    {
      config: { access: 'authenticated' },
      schema: { tags, querystring: listQuery, response: { 200: z.object({ issues: z.array(issueSummary) }) } },
    },
    async (req) => {
      const compound = await s.council.findNode(req.query.compoundId);
      if (compound?.kind !== 'compound') throw notFound('compound');
      const a = requireMember(req.auth, compound.path);
      const statuses = (req.query.status ?? '').split(',').filter((x) => (ISSUE_STATUSES as readonly string[]).includes(x));
      const staff = isStaff(a, compound.path);
      const rows = await s.council.listIssues({
        compoundId: compound.id,
        status: statuses,
        category: req.query.category,
        includeHidden: staff,
        hiddenVisibleTo: a.actingFor?.personId ?? a.personId,
      });
      return { issues: rows.map(summary) };
    },
  );

  r.get(
    '/api/v1/council/issues/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: issueDetail } } },
    async (req) => {
      const issue = await s.issues.loadVisible(req.auth, req.params.id);
      return detailView(s, requireMember(req.auth, issue.compound_path), issue);
    },
  );

  r.get(
    '/api/v1/public/council/issues/:id',
    { config: { access: 'public' }, schema: { tags, params: idParams, response: { 200: publicIssue } } },
    async (req) => {
      const issue = await s.council.findIssue(req.params.id);
      if (!issue || issue.hidden) throw notFound('issue');
      return publicView(s, issue);
    },
  );

  /** Streams a photo of the issue (only one attached to it); the caller has checked the issue. */
  async function sendIssuePhoto(reply: FastifyReply, issueId: string, photoId: string, cacheControl: string) {
    if (!(await issuePhotos(s.council, issueId)).includes(photoId)) throw notFound('upload');
    reply.header('cache-control', cacheControl);
    return sendImage(ctx, reply, photoId);
  }

  // Photos follow their issue: members of the compound see them while they may see the issue
  // (a hidden one only its raiser and staff); everyone else gets 404, as for a missing photo.
  r.get(
    '/api/v1/council/issues/:id/photos/:photoId',
    { config: { access: 'authenticated' }, schema: { tags, params: photoParams } },
    async (req, reply) => {
      const issue = await s.issues.loadVisible(req.auth, req.params.id);
      return sendIssuePhoto(reply, issue.id, req.params.photoId, 'private, no-store');
    },
  );

  // The public page's photos: anyone, while the raiser's consent is recorded and the issue is
  // not hidden; else 404 as for a missing photo. Not kept in shared caches, so that withdrawing
  // consent or hiding the issue takes them down.
  r.get(
    '/api/v1/public/council/issues/:id/photos/:photoId',
    { config: { access: 'public' }, schema: { tags, params: photoParams } },
    async (req, reply) => {
      const issue = await s.council.findIssue(req.params.id);
      if (!issue || !photosArePublic(issue)) throw notFound('upload');
      return sendIssuePhoto(reply, issue.id, req.params.photoId, 'private, max-age=300');
    },
  );

  r.post(
    '/api/v1/council/issues/:id/photo-consent',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The raiser (or staff acting for them) gives or withdraws consent to show the photos publicly',
        params: idParams,
        body: councilPhotoConsentSchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await s.issues.setPhotoConsent(req.auth, req.params.id, req.body.given);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/photo-withdrawal',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Staff take the photos off public pages, with a reason (they cannot publish them)',
        params: idParams,
        body: councilReasonSchema,
        response: { 200: ok },
      },
    },
    async (req) => {
      await s.issues.withdrawPhotos(req.auth, req.params.id, req.body.reason);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/council/compounds/:id/buildings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParams,
        response: { 200: z.object({ buildings: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async (req) => {
      const compound = await s.council.findNode(req.params.id);
      if (!compound) throw notFound('compound');
      requireMember(req.auth, compound.path);
      return { buildings: await s.council.buildings(compound.id) };
    },
  );

  r.get(
    '/api/v1/council/compounds',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        response: { 200: z.object({ compounds: z.array(z.object({ id: z.string(), name: z.string(), staff: z.boolean() })) }) },
      },
    },
    async (req) => {
      const a = requireAuth(req.auth);
      const rows = await s.council.compoundsUnder(scopePaths(a, ROLES));
      const staffPaths = scopePaths(a, COUNCIL_STAFF);
      return { compounds: rows.map((c) => ({ id: c.id, name: c.name, staff: staffPaths.some((p) => c.path.startsWith(p)) })) };
    },
  );

  const settingsOut = z.object({
    remindAfterDays: z.number(),
    isDefault: z.boolean(),
    /** The compound's own quorum, or null for the default (more than half of the members). */
    quorum: z.number().nullable(),
    members: z.number(),
    /** Members who must be present for a decision now. */
    quorumRequired: z.number(),
    supportThresholdPercent: z.number().nullable(),
    households: z.number(),
    supportsNeeded: z.number().nullable(),
  });
  const settingsFor = async (compoundId: string) => {
    const [st, members, th] = await Promise.all([
      s.council.settings(compoundId),
      s.meetings.members(compoundId),
      s.threshold.status(compoundId),
    ]);
    const quorum = st?.quorum ?? null;
    return {
      remindAfterDays: st?.remindAfterDays ?? REMIND_AFTER_DAYS,
      isDefault: !st,
      quorum,
      members: members.length,
      quorumRequired: quorumFor(members.length, quorum),
      supportThresholdPercent: th.percent,
      households: th.households,
      supportsNeeded: th.needed,
    };
  };
  r.get(
    '/api/v1/council/compounds/:id/settings',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: settingsOut } } },
    async (req) => {
      const compound = await s.council.findNode(req.params.id);
      if (compound?.kind !== 'compound') throw notFound('compound');
      requireStaff(req.auth, compound.path);
      return settingsFor(compound.id);
    },
  );

  r.put(
    '/api/v1/council/compounds/:id/settings',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilSettingsSchema, response: { 200: settingsOut } },
    },
    async (req) => {
      const compound = await s.council.findNode(req.params.id);
      if (compound?.kind !== 'compound') throw notFound('compound');
      const a = requireStaff(req.auth, compound.path);
      await s.council.saveSettings(compound.id, req.body.remindAfterDays, req.body.quorum, req.body.supportThresholdPercent);
      await ctx.audit.append({
        actorAccountId: a.accountId,
        action: 'council.settings.saved',
        targetType: 'node',
        targetId: compound.id,
        nodeId: compound.id,
        details: req.body,
      });
      // A lower threshold may put waiting issues on the next agenda at once.
      await s.threshold.sweep(compound.id);
      return settingsFor(compound.id);
    },
  );

  r.post(
    '/api/v1/council/issues/:id/support',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, response: { 200: z.object({ supportCount: z.number() }) } },
    },
    async (req) => ({ supportCount: await s.issues.support(req.auth, req.params.id) }),
  );

  r.post(
    '/api/v1/council/issues/:id/comments',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilCommentSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (req, reply) => reply.status(201).send({ id: await s.issues.comment(req.auth, req.params.id, req.body.body) }),
  );

  r.post(
    '/api/v1/council/comments/:id/hide',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilReasonSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.hideComment(req.auth, req.params.id, req.body.reason);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/answer',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilAnswerSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.answer(req.auth, req.params.id, req.body.answer);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/hide',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilReasonSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.setHidden(req.auth, req.params.id, true, req.body.reason);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/unhide',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: ok } } },
    async (req) => {
      await s.issues.setHidden(req.auth, req.params.id, false, null);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/merge',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilMergeSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.merge(req.auth, req.params.id, req.body.intoIssueId);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/start',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilNoteSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.start(req.auth, req.params.id, req.body.note ?? null);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/resolve',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilNoteSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.resolve(req.auth, req.params.id, req.body.note ?? null);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/issues/:id/reopen',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilReasonSchema, response: { 200: ok } } },
    async (req) => {
      await s.issues.reopen(req.auth, req.params.id, req.body.reason);
      return { ok: true as const };
    },
  );

  registerMeetingRoutes(app, s);
}
