import { maskPhone, ROLES, type Role, STAFF_ROLES, STATION_TYPE_NAMES, type StationType } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { actorOf, auditFields, requireAuth } from '../accounts/policy';
import { ensureReach, REGISTRY_EDITORS } from '../registry/registry.policy';
import { addressLabel } from '../registry/registry.repository';
import { isUniqueViolation } from '../registry/registry.service';

const tags = ['stations'];
const idParam = z.strictObject({ id: z.string().min(1).max(60) });
const dayRe = /^\d{4}-\d{2}-\d{2}$/;
const landlineOrMobile = z
  .string()
  .trim()
  .regex(/^(0\d{2,3}-?\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})$/, { message: 'phone' });

const stationSchema = z.object({
  id: z.string(),
  compoundId: z.string(),
  type: z.string(),
  typeName: z.object({ zh: z.string(), en: z.string() }),
  name: z.string(),
  place: z.string(),
  hours: z.string(),
  services: z.array(z.string()),
  contacts: z.array(z.object({ name: z.string(), phone: z.string() })),
});
const slotSchema = z.object({
  id: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  left: z.number(),
  mine: z.boolean(),
});

const json = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

/** China-time day → [from, to) in ISO UTC. */
export function chinaDay(day: string): { from: string; to: string } {
  const t = Date.parse(`${day}T00:00:00Z`) - 8 * 3600_000;
  return { from: new Date(t).toISOString(), to: new Date(t + 86_400_000).toISOString() };
}

function view(s: {
  id: string;
  compound_id: string;
  type: string;
  name: string;
  place: string;
  hours: string;
  services: string;
  contacts: string;
}) {
  return {
    id: s.id,
    compoundId: s.compound_id,
    type: s.type,
    typeName: STATION_TYPE_NAMES[s.type as StationType] ?? { zh: s.type, en: s.type },
    name: s.name,
    place: s.place,
    hours: s.hours,
    services: json<string[]>(s.services, []),
    contacts: json<Array<{ name: string; phone: string }>>(s.contacts, []),
  };
}

/** 五小驿站: the stations of a compound, bookable slots (race-safe), and the day's bookings for staff. */
export function registerStationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  async function station(auth: Parameters<typeof ensureReach>[0], id: string, roles: readonly Role[] = ROLES) {
    const s = await ctx.stations.find(id);
    ensureReach(auth, s?.compound_path, roles, 'station');
    return s as NonNullable<typeof s>;
  }

  r.get(
    '/api/v1/stations',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'The stations of a compound',
        querystring: z.strictObject({ compound: z.string().min(1).max(60) }),
        response: { 200: z.object({ stations: z.array(stationSchema) }) },
      },
    },
    async (req) => {
      const node = await ctx.registry.findNode(req.query.compound);
      ensureReach(req.auth, node?.kind === 'compound' ? node.path : null, ROLES, 'compound');
      return { stations: (await ctx.stations.listByCompound(req.query.compound)).map(view) };
    },
  );

  r.get(
    '/api/v1/stations/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'A station with its slots for the coming week',
        params: idParam,
        response: {
          200: stationSchema.extend({
            compoundName: z.string(),
            slots: z.array(slotSchema),
            canManage: z.boolean(),
            canEdit: z.boolean(),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const s = await station(auth, req.params.id);
      const now = new Date();
      const slots = await ctx.stations.slots(
        s.id,
        new Date(now.getTime() - 3600_000).toISOString(),
        new Date(now.getTime() + 8 * 86_400_000).toISOString(),
      );
      const subject = actorOf(auth).subjectPersonId;
      const mine = new Set(
        (await ctx.stations.myBookings(subject, now.toISOString())).map((b) => `${b.starts_at}|${b.station_id}`),
      );
      return {
        ...view(s),
        compoundName: s.compound_name,
        canManage: auth.grants.some((g) => STAFF_ROLES.includes(g.role) && s.compound_path.startsWith(g.path)),
        canEdit: auth.grants.some((g) => REGISTRY_EDITORS.includes(g.role) && s.compound_path.startsWith(g.path)),
        slots: slots.map((x) => ({
          id: x.id,
          startsAt: x.starts_at,
          endsAt: x.ends_at,
          capacity: x.capacity,
          left: Math.max(0, x.capacity - x.booked),
          mine: mine.has(`${x.starts_at}|${s.id}`),
        })),
      };
    },
  );

  r.patch(
    '/api/v1/stations/:id',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        params: idParam,
        body: z.strictObject({
          name: z.string().trim().min(1).max(60).optional(),
          place: z.string().trim().max(100).optional(),
          hours: z.string().trim().max(100).optional(),
          services: z.array(z.string().trim().min(1).max(40)).max(20).optional(),
          contacts: z
            .array(z.strictObject({ name: z.string().trim().min(1).max(40), phone: landlineOrMobile }))
            .max(5)
            .optional(),
        }),
        response: { 200: stationSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const s = await station(auth, req.params.id, REGISTRY_EDITORS);
      const b = req.body;
      const set = {
        ...(b.name !== undefined ? { name: b.name } : {}),
        ...(b.place !== undefined ? { place: b.place } : {}),
        ...(b.hours !== undefined ? { hours: b.hours } : {}),
        ...(b.services !== undefined ? { services: JSON.stringify(b.services) } : {}),
        ...(b.contacts !== undefined ? { contacts: JSON.stringify(b.contacts) } : {}),
      };
      await ctx.db.transaction().execute(async (trx) => {
        await ctx.stations.update(s.id, set, trx);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'stations.updated',
            targetType: 'station',
            targetId: s.id,
            nodeId: s.compound_id,
            details: { fields: Object.keys(set) },
          },
          trx,
        );
      });
      return view({ ...s, ...set });
    },
  );

  r.post(
    '/api/v1/stations/:id/slots',
    {
      config: { access: REGISTRY_EDITORS },
      schema: {
        tags,
        summary: 'Open a bookable slot',
        params: idParam,
        body: z.strictObject({
          startsAt: z.iso.datetime(),
          endsAt: z.iso.datetime(),
          capacity: z.number().int().min(1).max(500),
        }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const s = await station(auth, req.params.id, REGISTRY_EDITORS);
      const startsAt = new Date(req.body.startsAt).toISOString();
      const endsAt = new Date(req.body.endsAt).toISOString();
      if (endsAt <= startsAt) throw fieldError('endsAt', 'before_start');
      try {
        const id = await ctx.db.transaction().execute(async (trx) => {
          const slotId = await ctx.stations.createSlot({ stationId: s.id, startsAt, endsAt, capacity: req.body.capacity }, trx);
          await ctx.audit.append(
            {
              actorAccountId: auth.accountId,
              action: 'stations.slot_opened',
              targetType: 'slot',
              targetId: slotId,
              nodeId: s.compound_id,
            },
            trx,
          );
          return slotId;
        });
        return reply.status(201).send({ id });
      } catch (err) {
        if (isUniqueViolation(err)) throw new AppError('DUPLICATE', { fields: [{ path: 'startsAt', reason: 'duplicate' }] });
        throw err;
      }
    },
  );

  r.post(
    '/api/v1/stations/slots/:id/bookings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Book a place (for oneself, or for the resident one acts for)',
        params: idParam,
        body: z.strictObject({ note: z.string().trim().max(200).default('') }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const slot = await ctx.stations.findSlot(req.params.id);
      ensureReach(auth, slot?.compound_path, ROLES, 'slot');
      const s = slot as NonNullable<typeof slot>;
      if (s.ends_at <= new Date().toISOString()) throw new AppError('INVALID_TRANSITION', { reason: 'slot_over' });
      const actor = actorOf(auth);
      const id = await ctx.db.transaction().execute(async (trx) => {
        // The conditional UPDATE first: it also locks the slot row (PostgreSQL), so the duplicate
        // check below sees any booking committed by a racing request.
        if (!(await ctx.stations.takePlace(s.id, trx))) throw new AppError('CAPACITY_FULL');
        if (await ctx.stations.activeBooking(s.id, actor.subjectPersonId, trx))
          throw new AppError('DUPLICATE', { fields: [{ path: 'slot', reason: 'already_booked' }] });
        const bookingId = await ctx.stations.book(
          { slotId: s.id, personId: actor.subjectPersonId, note: req.body.note, bookedBy: auth.accountId },
          trx,
        );
        await ctx.audit.append(
          { ...auditFields(actor), action: 'stations.booked', targetType: 'booking', targetId: bookingId, nodeId: s.compound_id },
          trx,
        );
        return bookingId;
      });
      return reply.status(201).send({ id });
    },
  );

  r.delete(
    '/api/v1/stations/bookings/:id',
    { config: { access: 'authenticated' }, schema: { tags, summary: 'Cancel a booking (one’s own, or staff)', params: idParam } },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const b = await ctx.stations.findBooking(req.params.id);
      const actor = actorOf(auth);
      if (
        !b ||
        (b.person_id !== actor.subjectPersonId &&
          !auth.grants.some((g) => REGISTRY_EDITORS.includes(g.role) && b.compound_path.startsWith(g.path)))
      )
        throw notFound('booking');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await ctx.stations.cancel(b.id, trx))) throw new AppError('INVALID_TRANSITION', { reason: 'already_cancelled' });
        await ctx.stations.releasePlace(b.slot_id, trx);
        await ctx.audit.append(
          { ...auditFields(actor), action: 'stations.cancelled', targetType: 'booking', targetId: b.id },
          trx,
        );
      });
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/stations/:id/bookings',
    {
      config: { access: STAFF_ROLES },
      schema: {
        tags,
        summary: 'The day’s bookings at a station (China time)',
        params: idParam,
        querystring: z.strictObject({ date: z.string().regex(dayRe, { message: 'date' }) }),
        response: {
          200: z.object({
            date: z.string(),
            bookings: z.array(
              z.object({
                id: z.string(),
                startsAt: z.string(),
                endsAt: z.string(),
                personId: z.string(),
                name: z.string(),
                phone: z.string().nullable(),
                address: z.string(),
                note: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const s = await station(req.auth, req.params.id, STAFF_ROLES);
      const { from, to } = chinaDay(req.query.date);
      const rows = await ctx.stations.dayBookings(s.id, from, to);
      return {
        date: req.query.date,
        bookings: rows.map((x) => ({
          id: x.id,
          startsAt: x.starts_at,
          endsAt: x.ends_at,
          personId: x.person_id,
          name: x.name,
          phone: maskPhone(x.phone),
          address: addressLabel(x.building_name, x.stairwell, x.door),
          note: x.note,
        })),
      };
    },
  );

  r.get(
    '/api/v1/stations/my-bookings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My coming bookings',
        response: {
          200: z.object({
            bookings: z.array(
              z.object({
                id: z.string(),
                startsAt: z.string(),
                endsAt: z.string(),
                stationId: z.string(),
                stationName: z.string(),
                place: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const actor = actorOf(req.auth);
      const rows = await ctx.stations.myBookings(actor.subjectPersonId, new Date().toISOString());
      return {
        bookings: rows.map((b) => ({
          id: b.id,
          startsAt: b.starts_at,
          endsAt: b.ends_at,
          stationId: b.station_id,
          stationName: b.station_name,
          place: b.place,
        })),
      };
    },
  );
}
