import {
  cadenceDaysSchema,
  dateSchema,
  idSchema,
  ORDER_CATEGORY_ZH,
  pairingPatchSchema,
  VISIT_CONDITIONS,
  visitInputSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { requireAuth } from '../accounts/policy';
import { compoundOrdersChannel, personChannel } from '../orders/orders.service';
import { addDays, daysBetween, todayInChina } from '../volunteers/dates';
import { isStaffOver, loadCompound, VOLUNTEER_STAFF } from '../volunteers/scope';
import type { PairRow } from './pairing.repository';

const pairSchema = z.object({
  id: z.string(),
  compoundId: z.string(),
  compoundName: z.string(),
  volunteer: z.object({ personId: z.string(), name: z.string() }),
  resident: z.object({ personId: z.string(), name: z.string() }),
  cadenceDays: z.number(),
  startsOn: z.string(),
  endsOn: z.string().nullable(),
  status: z.enum(['active', 'ended']),
  lastVisitOn: z.string().nullable(),
  nextDueOn: z.string(),
  /** Days past the due date (0 when not overdue). */
  overdueDays: z.number(),
});

const visitSchema = z.object({
  id: z.string(),
  visitedOn: z.string(),
  minutes: z.number(),
  what: z.string(),
  condition: z.enum(VISIT_CONDITIONS),
  orderId: z.string().nullable(),
});

function presentPair(p: PairRow, today: string) {
  return {
    id: p.id,
    compoundId: p.compound_id,
    compoundName: p.compound_name,
    volunteer: { personId: p.volunteer_id, name: p.volunteer_name },
    resident: { personId: p.resident_id, name: p.resident_name },
    cadenceDays: p.cadence_days,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
    status: p.status,
    lastVisitOn: p.last_visit_on,
    nextDueOn: p.next_due_on,
    // Nothing is overdue once the pair has ended, or when the next visit would fall after its end.
    overdueDays:
      p.status === 'active' && !(p.ends_on && p.next_due_on > p.ends_on) ? Math.max(0, daysBetween(p.next_due_on, today)) : 0,
  };
}

const idParams = z.strictObject({ id: idSchema });
const compoundParams = z.strictObject({ compoundId: idSchema });

/** 结对帮扶: pairs, visits, the overdue list. */
export function registerPairingRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.pairingService;
  const repo = ctx.pairing;

  r.get(
    '/api/v1/pairings/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['pairing'],
        summary: 'My pairs, soonest due first',
        response: { 200: z.object({ pairings: z.array(pairSchema) }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const today = todayInChina();
      return { pairings: (await repo.listForVolunteer(auth.personId)).map((p) => presentPair(p, today)) };
    },
  );

  r.get(
    '/api/v1/compounds/:compoundId/pairings',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['pairing'],
        summary: "The compound's active pairs; overdue=true lists only those past their due date",
        params: compoundParams,
        querystring: z.strictObject({ overdue: z.enum(['true', 'false']).optional() }),
        response: { 200: z.object({ pairings: z.array(pairSchema) }) },
      },
    },
    async (req) => {
      const compound = await loadCompound(ctx.db, req.auth, req.params.compoundId, VOLUNTEER_STAFF);
      const today = todayInChina();
      // Overdue = the due date has passed (due today is not yet late).
      const rows = await repo.listUnder(compound.path, req.query.overdue === 'true' ? { dueBy: addDays(today, -1) } : {});
      return { pairings: rows.map((p) => presentPair(p, today)) };
    },
  );

  r.post(
    '/api/v1/compounds/:compoundId/pairings',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['pairing'],
        summary: 'Pair a volunteer with a resident who needs care',
        params: compoundParams,
        body: z.strictObject({
          volunteerId: idSchema,
          residentId: idSchema,
          cadenceDays: cadenceDaysSchema.default(30),
          startsOn: dateSchema.optional(),
        }),
        response: { 201: pairSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const compound = await loadCompound(ctx.db, auth, req.params.compoundId, VOLUNTEER_STAFF);
      const b = req.body;
      const vol = await ctx.volunteers.find(b.volunteerId);
      if (vol?.status !== 'active' || vol.compound_id !== compound.id) throw fieldError('volunteerId', 'not_a_volunteer_here');
      if (!(await ctx.volunteers.personInSubtree(b.residentId, compound.path))) throw fieldError('residentId', 'unknown_person');
      if (b.residentId === b.volunteerId) throw fieldError('residentId', 'same_person');
      const startsOn = b.startsOn ?? todayInChina();
      const id = await ctx.db.transaction().execute(async (trx) => {
        if (await repo.findActive(b.volunteerId, b.residentId, trx)) throw new AppError('DUPLICATE');
        const id = await repo.insert(
          {
            compound_id: compound.id,
            volunteer_id: b.volunteerId,
            resident_id: b.residentId,
            cadence_days: b.cadenceDays,
            starts_on: startsOn,
            ends_on: null,
            next_due_on: addDays(startsOn, b.cadenceDays),
            created_by: auth.accountId,
          },
          trx,
        );
        await ctx.audit.append(
          { actorAccountId: auth.accountId, action: 'pairing.created', targetType: 'pairing', targetId: id, nodeId: compound.id },
          trx,
        );
        return id;
      });
      const p = await repo.find(id);
      if (!p) throw new AppError('INTERNAL');
      return reply.status(201).send(presentPair(p, todayInChina()));
    },
  );

  r.get(
    '/api/v1/pairings/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['pairing'],
        summary: 'A pair with its visit history, newest first',
        params: idParams,
        response: { 200: z.object({ pairing: pairSchema, visits: z.array(visitSchema) }) },
      },
    },
    async (req) => {
      const p = await svc.loadVisible(requireAuth(req.auth), req.params.id);
      const visits = await repo.visits(p.id);
      return {
        pairing: presentPair(p, todayInChina()),
        visits: visits.map((v) => ({
          id: v.id,
          visitedOn: v.visited_on,
          minutes: v.minutes,
          what: v.what,
          condition: v.condition,
          orderId: v.order_id,
        })),
      };
    },
  );

  r.post(
    '/api/v1/pairings/:id/visits',
    {
      config: { access: ['volunteer', ...VOLUNTEER_STAFF] },
      schema: {
        tags: ['pairing'],
        summary:
          'Log a visit (credits hours; "urgent" alerts the branch secretary; may raise a help order). Honours Idempotency-Key.',
        params: idParams,
        body: visitInputSchema,
        response: { 201: z.object({ visitId: z.string(), orderId: z.string().nullable(), totalMinutes: z.number() }) },
      },
    },
    // Idempotency-Key: a visit recorded offline and sent again when the phone is back is one visit.
    async (req, reply) =>
      idempotent(ctx.db, req, reply, async () => {
        const auth = requireAuth(req.auth);
        const out = await svc.logVisit(auth, req.params.id, req.body);
        const p = await repo.find(req.params.id);
        if (out.orderId && p && req.body.order) {
          // As for any placed order: the resident hears of it, open volunteer lists update live.
          const event = { type: 'order', orderId: out.orderId, status: 'placed', action: 'placed' };
          await ctx.bus.publish(compoundOrdersChannel(p.compound_id), event);
          await ctx.bus.publish(personChannel(p.resident_id), event);
          await ctx.notifications.notify([p.resident_id], {
            kind: 'order.placed',
            title: `${p.volunteer_name}已为您发出${ORDER_CATEGORY_ZH[req.body.order.category]}求助`,
            body: '志愿者接单后会通知您',
            link: `/orders/${out.orderId}`,
          });
        }
        return { status: 201, body: { ...out, totalMinutes: await ctx.hours.totalMinutes(p?.volunteer_id ?? auth.personId) } };
      }),
  );

  r.patch(
    '/api/v1/pairings/:id',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['pairing'],
        summary:
          "Change a pair's cadence or planned end date (null: none); the next visit is due one cadence after the last; audited",
        params: idParams,
        body: pairingPatchSchema,
        response: { 200: pairSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      await svc.reschedule(auth, req.params.id, req.body);
      const after = await repo.find(req.params.id);
      if (!after) throw new AppError('INTERNAL');
      return presentPair(after, todayInChina());
    },
  );

  r.post(
    '/api/v1/pairings/:id/end',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: { tags: ['pairing'], summary: 'End a pair', params: idParams, response: { 200: pairSchema } },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const p = await svc.loadVisible(auth, req.params.id);
      if (!isStaffOver(auth, p.compound_path)) throw notFound('pairing');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.end(p.id, todayInChina(), trx))) throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'pairing.ended',
            targetType: 'pairing',
            targetId: p.id,
            nodeId: p.compound_id,
          },
          trx,
        );
      });
      const after = await repo.find(p.id);
      if (!after) throw new AppError('INTERNAL');
      return presentPair(after, todayInChina());
    },
  );
}
