import {
  cancelOrderSchema,
  confirmOrderSchema,
  dispatchOrderSchema,
  doneOrderSchema,
  idSchema,
  orderSeriesSchema,
  orderSettingsSchema,
  placeOrderSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';
import { idempotent } from '../../lib/idempotency';
import { sendImage } from '../../lib/uploads';
import { loadReachableNode, requireAuth } from '../accounts/policy';
import { registerHelpRoutes } from './help.routes';
import { ORDER_STAFF, VOLUNTEER } from './orders.policy';
import { contactSchema, orderDetailSchema, orderSummarySchema } from './orders.views';

const idParams = z.strictObject({ id: idSchema });
const placedSchema = z.object({ id: z.string(), status: z.string(), createdAt: z.string() });
const okSchema = z.object({ ok: z.literal(true), id: z.string() });
const listSchema = z.object({ orders: z.array(orderSummarySchema) });
const tags = ['orders'];

/** Help orders (点单式服务): place, take, dispatch, serve, confirm; lists for each role. */
export function registerOrderRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { service, reader, series } = ctx.orders;
  registerHelpRoutes(app, ctx);

  r.post(
    '/api/v1/orders',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Place a help order (for oneself, or for a resident when acting for them). Honours Idempotency-Key.',
        body: placeOrderSchema,
        response: { 201: placedSchema },
      },
    },
    async (req, reply) =>
      idempotent(ctx.db, req, reply, async (storeAnswer) => {
        const answer = (o: { id: string; status: string; created_at: string }) => ({
          status: 201,
          body: { id: o.id, status: o.status, createdAt: o.created_at },
        });
        // The answer commits with the order: a retry after a crash replays it, never places twice.
        const o = await service.place(requireAuth(req.auth), req.body, (trx, row) => storeAnswer(trx, answer(row)));
        return answer(o);
      }),
  );

  const lists = [
    ['mine', 'authenticated', 'Orders I placed (or the resident I act for placed)', reader.mine],
    ['open', VOLUNTEER, 'Open orders a volunteer may take (no phone or door)', reader.open],
    ['held', VOLUNTEER, 'Orders the volunteer holds', reader.held],
    ['board', ORDER_STAFF, 'Dispatch board: waiting and running orders in the subtree', reader.board],
  ] as const;
  for (const [name, access, summary, fn] of lists) {
    r.get(
      `/api/v1/orders/${name}`,
      { config: { access }, schema: { tags, summary, response: { 200: listSchema } } },
      async (req) => ({ orders: await fn(requireAuth(req.auth)) }),
    );
  }

  r.get(
    '/api/v1/orders/stats',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Volunteers and services counted for a compound (default: the caller’s)',
        querystring: z.strictObject({ compoundId: idSchema.optional() }),
        response: {
          200: z.object({
            compoundId: z.string(),
            compoundName: z.string(),
            volunteers: z.number(),
            services: z.number(),
            minutes: z.number(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const compoundId = req.query.compoundId ?? (await reader.homeCompound(auth));
      if (!compoundId) throw notFound('compound');
      return reader.stats(auth, compoundId);
    },
  );

  r.get(
    '/api/v1/orders/volunteers',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: 'Volunteers who may be dispatched in a compound',
        querystring: z.strictObject({ compoundId: idSchema }),
        response: { 200: z.object({ volunteers: z.array(z.object({ id: z.string(), name: z.string() })) }) },
      },
    },
    async (req) => ({ volunteers: await reader.volunteers(requireAuth(req.auth), req.query.compoundId) }),
  );

  const settingsResponse = z.object({ compoundId: z.string(), urgentLimitMinutes: z.number(), normalLimitMinutes: z.number() });
  r.get(
    '/api/v1/orders/settings/:compoundId',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: 'Escalation limits of a compound',
        params: z.strictObject({ compoundId: idSchema }),
        response: { 200: settingsResponse },
      },
    },
    async (req) => {
      const node = await loadReachableNode(ctx.db, req.auth, req.params.compoundId, ORDER_STAFF);
      return { compoundId: node.id, ...(await ctx.orders.repo.settings(node.id)) };
    },
  );
  r.put(
    '/api/v1/orders/settings/:compoundId',
    {
      config: { access: ORDER_STAFF },
      schema: {
        tags,
        summary: 'Set the escalation limits of a compound',
        params: z.strictObject({ compoundId: idSchema }),
        body: orderSettingsSchema,
        response: { 200: settingsResponse },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const node = await loadReachableNode(ctx.db, auth, req.params.compoundId, ORDER_STAFF);
      if (node.kind !== 'compound') throw notFound('compound');
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.orders.repo.saveSettings(node.id, req.body, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'order.settings_changed',
            targetType: 'node',
            targetId: node.id,
            nodeId: node.id,
            details: req.body,
          },
          trx,
        );
      });
      return { compoundId: node.id, ...req.body };
    },
  );

  const seriesView = z.object({
    id: z.string(),
    category: z.string(),
    description: z.string(),
    weekdays: z.array(z.number()),
    timeStart: z.string(),
    timeEnd: z.string(),
    generatedUntil: z.string().nullable(),
  });
  const toSeries = (s: {
    id: string;
    category: string;
    description: string;
    weekdays: string;
    time_start: string;
    time_end: string;
    generated_until: string | null;
  }) => ({
    id: s.id,
    category: s.category,
    description: s.description,
    weekdays: JSON.parse(s.weekdays) as number[],
    timeStart: s.time_start,
    timeEnd: s.time_end,
    generatedUntil: s.generated_until,
  });
  r.post(
    '/api/v1/orders/series',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Start a repeating order (e.g. meals every weekday)',
        body: orderSeriesSchema,
        response: { 201: seriesView },
      },
    },
    async (req, reply) =>
      idempotent(ctx.db, req, reply, async (storeAnswer) => {
        // As for one order: the answer commits with the series.
        const s = await series.create(requireAuth(req.auth), req.body, (trx, row) =>
          storeAnswer(trx, { status: 201, body: toSeries(row) }),
        );
        return { status: 201, body: toSeries(s) };
      }),
  );
  r.get(
    '/api/v1/orders/series/mine',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'My repeating orders', response: { 200: z.object({ series: z.array(seriesView) }) } },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const subject = auth.actingFor?.personId ?? auth.personId;
      return { series: (await ctx.orders.repo.seriesFor(subject)).map(toSeries) };
    },
  );
  r.post(
    '/api/v1/orders/series/:id/stop',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Stop a repeating order', params: idParams, response: { 200: okSchema } },
    },
    async (req) => {
      await series.stop(requireAuth(req.auth), req.params.id);
      return { ok: true as const, id: req.params.id };
    },
  );

  r.get(
    '/api/v1/orders/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'An order with its timeline', params: idParams, response: { 200: orderDetailSchema } },
    },
    async (req) => reader.detail(requireAuth(req.auth), req.params.id),
  );

  r.get(
    '/api/v1/orders/:id/contact',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Full phone and door of the resident (holder, staff); the read is audited',
        params: idParams,
        response: { 200: contactSchema },
      },
    },
    async (req) => reader.contact(requireAuth(req.auth), req.params.id),
  );

  r.get(
    '/api/v1/orders/:id/photo',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'The photo reported with the service', params: idParams } },
    async (req, reply) => {
      const photoId = await reader.photo(requireAuth(req.auth), req.params.id);
      reply.header('cache-control', 'private, max-age=300');
      return sendImage(ctx, reply, photoId);
    },
  );

  const action = (
    name: string,
    access: typeof VOLUNTEER | typeof ORDER_STAFF | 'authenticated',
    summary: string,
    run: (auth: ReturnType<typeof requireAuth>, id: string, body: never) => Promise<unknown>,
    body?: z.ZodType,
  ) => {
    r.post(
      `/api/v1/orders/:id/${name}`,
      { config: { access }, schema: { tags, summary, params: idParams, ...(body ? { body } : {}), response: { 200: okSchema } } },
      async (req) => {
        await run(requireAuth(req.auth), req.params.id, req.body as never);
        return { ok: true as const, id: req.params.id };
      },
    );
  };
  action(
    'take',
    VOLUNTEER,
    'Take an open order, or accept one dispatched to me (409 ORDER_ALREADY_TAKEN if someone was first)',
    (a, id) => service.take(a, id),
  );
  action('decline', VOLUNTEER, 'Decline an order dispatched to me', (a, id) => service.decline(a, id));
  action(
    'dispatch',
    ORDER_STAFF,
    'Dispatch an order to a named volunteer',
    (a, id, b: z.infer<typeof dispatchOrderSchema>) => service.dispatch(a, id, b.volunteerPersonId),
    dispatchOrderSchema,
  );
  action('start', VOLUNTEER, 'Start the service', (a, id) => service.start(a, id));
  action(
    'done',
    VOLUNTEER,
    'Report the service done (minutes, note, optional photo)',
    (a, id, b: z.infer<typeof doneOrderSchema>) => service.done(a, id, b),
    doneOrderSchema,
  );
  action(
    'confirm',
    'authenticated',
    'Confirm and rate the service (resident, or staff for them); credits the hours',
    (a, id, b: z.infer<typeof confirmOrderSchema>) => service.confirm(a, id, b),
    confirmOrderSchema,
  );
  action(
    'cancel',
    'authenticated',
    'Cancel before the service starts, with a reason',
    (a, id, b: z.infer<typeof cancelOrderSchema>) => service.cancel(a, id, b.reason),
    cancelOrderSchema,
  );
}
