import { councilReasonSchema, councilReplySchema, councilTopicSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import type { AuthContext } from '../accounts/policy';
import { actorRole, auditActor, isStaff, requireMember, requireStaff, subjectPerson } from '../council/council.policy';
import { createDiscussionRepository } from './discussion.repository';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const ok = z.object({ ok: z.literal(true) });
const topicSummary = z.object({
  id: z.string(),
  title: z.string(),
  authorRole: z.string(),
  replyCount: z.number(),
  lastActivityAt: z.string(),
  createdAt: z.string(),
  hidden: z.boolean(),
  mine: z.boolean(),
});
const post = z.object({
  id: z.string(),
  authorRole: z.string(),
  body: z.string(),
  createdAt: z.string(),
  hidden: z.boolean(),
  hiddenReason: z.string().nullable(),
  mine: z.boolean(),
});
const topicDetail = topicSummary.extend({
  compoundId: z.string(),
  body: z.string(),
  hiddenReason: z.string().nullable(),
  staff: z.boolean(),
  replies: z.array(post),
});

/** /api/v1/discussion: the compound board — topics, replies, and the council's moderation rules. */
export function registerDiscussionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const repo = createDiscussionRepository(ctx.db);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['discussion'];

  async function compound(auth: AuthContext | null, id: string) {
    const n = await repo.findNode(id);
    if (n?.kind !== 'compound') throw notFound('compound');
    return { n, a: requireMember(auth, n.path) };
  }

  /** A topic the caller may see: hidden ones only to their author and staff. */
  async function visibleTopic(auth: AuthContext | null, id: string) {
    const t = await repo.findTopic(id);
    if (!t) throw notFound('topic');
    const a = requireMember(auth, t.compound_path);
    const staff = isStaff(a, t.compound_path);
    if (t.hidden && !staff && t.person_id !== subjectPerson(a)) throw notFound('topic');
    return { t, a, staff };
  }

  r.get(
    '/api/v1/discussion/topics',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        querystring: z.strictObject({ compoundId: z.string().min(1).max(64) }),
        response: { 200: z.object({ topics: z.array(topicSummary) }) },
      },
    },
    async (req) => {
      const { n, a } = await compound(req.auth, req.query.compoundId);
      const me = subjectPerson(a);
      const rows = await repo.topics(n.id, { includeHidden: isStaff(a, n.path), viewer: me });
      return {
        topics: rows.map((t) => ({
          id: t.id,
          title: t.title,
          authorRole: t.author_role,
          replyCount: t.reply_count,
          lastActivityAt: t.last_activity_at,
          createdAt: t.created_at,
          hidden: t.hidden === 1,
          mine: t.person_id === me,
        })),
      };
    },
  );

  r.post(
    '/api/v1/discussion/topics',
    {
      config: { access: 'authenticated' },
      schema: { tags, body: councilTopicSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (req, reply) => {
      const { n, a } = await compound(req.auth, req.body.compoundId);
      const id = await repo.insertTopic({
        compoundId: n.id,
        personId: subjectPerson(a),
        authorRole: actorRole(a, n.path),
        title: req.body.title,
        body: req.body.body,
      });
      await ctx.audit.append({
        ...auditActor(a),
        action: 'discussion.topic.created',
        targetType: 'discussion_topic',
        targetId: id,
        nodeId: n.id,
      });
      return reply.status(201).send({ id });
    },
  );

  r.get(
    '/api/v1/discussion/topics/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: topicDetail } } },
    async (req) => {
      const { t, a, staff } = await visibleTopic(req.auth, req.params.id);
      const me = subjectPerson(a);
      const replies = (await repo.replies(t.id)).filter((x) => !x.hidden || staff || x.person_id === me);
      return {
        id: t.id,
        compoundId: t.compound_id,
        title: t.title,
        body: t.body,
        authorRole: t.author_role,
        replyCount: t.reply_count,
        lastActivityAt: t.last_activity_at,
        createdAt: t.created_at,
        hidden: t.hidden === 1,
        hiddenReason: staff || t.person_id === me ? t.hidden_reason : null,
        mine: t.person_id === me,
        staff,
        replies: replies.map((x) => ({
          id: x.id,
          authorRole: x.author_role,
          body: x.body,
          createdAt: x.created_at,
          hidden: x.hidden === 1,
          hiddenReason: staff || x.person_id === me ? x.hidden_reason : null,
          mine: x.person_id === me,
        })),
      };
    },
  );

  r.post(
    '/api/v1/discussion/topics/:id/replies',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilReplySchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (req, reply) => {
      const { t, a } = await visibleTopic(req.auth, req.params.id);
      if (t.hidden) throw new AppError('INVALID_TRANSITION', { from: 'hidden', action: 'reply' });
      const id = await repo.insertReply({
        topicId: t.id,
        personId: subjectPerson(a),
        authorRole: actorRole(a, t.compound_path),
        body: req.body.body,
      });
      await ctx.audit.append({
        ...auditActor(a),
        action: 'discussion.reply.created',
        targetType: 'discussion_reply',
        targetId: id,
        nodeId: t.compound_id,
      });
      return reply.status(201).send({ id });
    },
  );

  for (const hidden of [true, false]) {
    r.post(
      `/api/v1/discussion/topics/:id/${hidden ? 'hide' : 'unhide'}`,
      {
        config: { access: 'authenticated' },
        schema: { tags, params: idParams, body: hidden ? councilReasonSchema : z.strictObject({}), response: { 200: ok } },
      },
      async (req) => {
        const t = await repo.findTopic(req.params.id);
        if (!t) throw notFound('topic');
        const a = requireStaff(req.auth, t.compound_path);
        const reason = hidden ? (req.body as unknown as { reason: string }).reason : null;
        await repo.setTopicHidden(t.id, hidden, reason);
        await ctx.audit.append({
          ...auditActor(a),
          action: `discussion.topic.${hidden ? 'hidden' : 'shown'}`,
          targetType: 'discussion_topic',
          targetId: t.id,
          nodeId: t.compound_id,
          details: { reason },
        });
        return { ok: true as const };
      },
    );
  }

  r.post(
    '/api/v1/discussion/replies/:id/hide',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilReasonSchema, response: { 200: ok } } },
    async (req) => {
      const x = await repo.findReply(req.params.id);
      if (!x) throw notFound('reply');
      const t = await repo.findTopic(x.topic_id);
      if (!t) throw notFound('topic');
      const a = requireStaff(req.auth, t.compound_path);
      await repo.setReplyHidden(x.id, true, req.body.reason);
      await ctx.audit.append({
        ...auditActor(a),
        action: 'discussion.reply.hidden',
        targetType: 'discussion_reply',
        targetId: x.id,
        nodeId: t.compound_id,
        details: { reason: req.body.reason },
      });
      return { ok: true as const };
    },
  );
}
