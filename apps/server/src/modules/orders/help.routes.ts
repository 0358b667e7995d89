import { helpLineSchema, idSchema } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { actorOf, auditFields, loadReachableNode, requireAuth } from '../accounts/policy';
import type { HelpLine } from './help.repository';
import { ORDER_STAFF } from './orders.policy';

const tags = ['orders'];
const lineSchema = z.object({ nodeId: z.string(), nodeName: z.string(), name: z.string(), phone: z.string() });
const callSchema = z.object({ kind: z.enum(['volunteer', 'duty']), name: z.string(), phone: z.string() });
const nodeParams = z.strictObject({ nodeId: idSchema });

const asCall = (l: HelpLine | null) => (l ? { kind: 'duty' as const, name: l.name, phone: l.phone } : null);

/**
 * 一键呼叫: the numbers a resident can call from the home page and from an open order (the duty
 * phone of their community or compound, the volunteer who took the order or is paired with them
 * when that volunteer agreed), and the staff editor of a node's duty phone.
 */
export function registerHelpRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { help, service } = ctx.orders;

  r.get(
    '/api/v1/help/lines',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The duty phone and the paired volunteers who agreed to be called, for me or the resident I act for',
        response: {
          200: z.object({
            duty: lineSchema.nullable(),
            volunteers: z.array(z.object({ personId: z.string(), name: z.string(), phone: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const actor = actorOf(auth);
      const path = await help.pathOfPerson(actor.subjectPersonId);
      const [duty, paired] = await Promise.all([path ? help.lineFor(path) : null, help.pairedVolunteers(actor.subjectPersonId)]);
      const volunteers = paired.flatMap((v) => (v.phone ? [{ personId: v.id, name: v.name, phone: v.phone }] : []));
      for (const v of volunteers) {
        await ctx.audit.append({
          ...auditFields(actor),
          action: 'help.volunteer_phone_read',
          targetType: 'person',
          targetId: v.personId,
          details: { residentId: actor.subjectPersonId, reason: 'pairing' },
        });
      }
      return { duty, volunteers };
    },
  );

  r.get(
    '/api/v1/orders/:id/call',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary:
          'Who the resident can call about an open order: the volunteer who took it (if they agreed to show their number), else the duty phone',
        params: z.strictObject({ id: idSchema }),
        response: { 200: z.object({ volunteerName: z.string().nullable(), call: callSchema.nullable() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const { o, can, actor } = await service.loadVisible(auth, req.params.id);
      if (!can.includes('call')) throw notFound('order');
      const volunteer = o.volunteer_person_id ? await help.volunteerContact(o.volunteer_person_id) : null;
      if (o.volunteer_person_id && volunteer?.phone) {
        await ctx.audit.append({
          ...auditFields(actor),
          action: 'order.volunteer_phone_read',
          targetType: 'person',
          targetId: o.volunteer_person_id,
          nodeId: o.compound_id,
          details: { orderId: o.id },
        });
        return {
          volunteerName: volunteer.name,
          call: { kind: 'volunteer' as const, name: volunteer.name, phone: volunteer.phone },
        };
      }
      const path = await help.pathOfPerson(o.resident_person_id);
      return { volunteerName: volunteer?.name ?? null, call: asCall(path ? await help.lineFor(path) : null) };
    },
  );

  const editorSchema = z.object({
    nodeId: z.string(),
    nodeName: z.string(),
    own: lineSchema.nullable(),
    effective: lineSchema.nullable(),
  });
  const editorOf = async (node: { id: string; name: string; path: string }) => ({
    nodeId: node.id,
    nodeName: node.name,
    own: await help.ownLine(node.id),
    effective: await help.lineFor(node.path),
  });

  r.get(
    '/api/v1/help/lines/:nodeId',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: "A node's own duty phone and the one its residents reach (its own or an ancestor's)",
        params: nodeParams,
        response: { 200: editorSchema },
      },
    },
    async (req) => editorOf(await loadReachableNode(ctx.db, req.auth, req.params.nodeId, ORDER_STAFF)),
  );

  const save = async (auth: ReturnType<typeof requireAuth>, nodeId: string, line: { name: string; phone: string } | null) => {
    const node = await loadReachableNode(ctx.db, auth, nodeId, ORDER_STAFF);
    const before = await help.ownLine(node.id);
    await ctx.db.transaction().execute(async (trx) => {
      await help.saveLine(node.id, line, auth.accountId, trx);
      await ctx.audit.append(
        {
          ...auditFields(actorOf(auth)),
          action: line ? 'help.line_set' : 'help.line_cleared',
          targetType: 'node',
          targetId: node.id,
          nodeId: node.id,
          details: { before: before ? { name: before.name, phone: before.phone } : null, after: line },
        },
        trx,
      );
    });
    return editorOf(node);
  };

  r.put(
    '/api/v1/help/lines/:nodeId',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: "Set a node's duty phone (一键呼叫); audited with the old and new number",
        params: nodeParams,
        body: helpLineSchema,
        response: { 200: editorSchema },
      },
    },
    async (req) => save(requireAuth(req.auth), req.params.nodeId, req.body),
  );

  r.delete(
    '/api/v1/help/lines/:nodeId',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: "Remove a node's own duty phone (its residents then reach the nearest ancestor's)",
        params: nodeParams,
        response: { 200: editorSchema },
      },
    },
    async (req) => save(requireAuth(req.auth), req.params.nodeId, null),
  );
}
