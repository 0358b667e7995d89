import { beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, pngWithMetadata, SECRET } from '../../lib/uploads.fixtures';
import type { Session } from '../../test/harness';
import { describeEachDialect } from '../../test/harness';
import { PHONES, volunteers, windowSoon } from './orders.test-helpers';

describeEachDialect('orders', (h) => {
  let resident: Session;
  let volunteer: Session;
  let secretary: Session;
  let other: Session;

  beforeAll(async () => {
    resident = await h().login(PHONES.resident);
    volunteer = await h().login(PHONES.volunteer);
    secretary = await h().login(PHONES.secretary);
    other = await h().login(PHONES.otherVolunteer);
  });

  const place = (body: object, headers: Record<string, string> = {}, who = resident) =>
    h().as(who, { method: 'POST', url: '/api/v1/orders', payload: body, headers });
  const act = (who: Session, id: string, action: string, payload?: object) =>
    h().as(who, { method: 'POST', url: `/api/v1/orders/${id}/${action}`, ...(payload ? { payload } : {}) });
  const newOrder = async (extra: object = {}) => {
    const res = await place({ category: 'shopping', description: '买大米和食用油', ...windowSoon(), ...extra });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  describe('orders.place', () => {
    it('lets a resident place an order that volunteers in the compound see with a masked name and no phone', async () => {
      const id = await newOrder({ urgency: 'urgent' });
      const mine = (await h().as(resident, { url: '/api/v1/orders/mine' })).json().orders;
      expect(mine.find((o: { id: string }) => o.id === id)?.residentName).toBe('万玉清');
      const open = await h().as(volunteer, { url: '/api/v1/orders/open' });
      const seen = open.json().orders.find((o: { id: string }) => o.id === id);
      expect(seen).toMatchObject({ category: 'shopping', residentName: '万**', urgency: 'urgent' });
      expect(open.body).not.toContain('19900000001');
      const detail = await h().as(volunteer, { url: `/api/v1/orders/${id}` });
      expect(detail.statusCode).toBe(200);
      expect(detail.json().can).toContain('take');
      expect(detail.body).not.toContain('19900000001');
    });

    it('answers 404 to a volunteer of another compound, and leaves the order out of their list', async () => {
      const id = await newOrder();
      expect((await h().as(other, { url: `/api/v1/orders/${id}` })).statusCode).toBe(404);
      expect((await act(other, id, 'take')).statusCode).toBe(404);
      const open = (await h().as(other, { url: '/api/v1/orders/open' })).json().orders;
      expect(open.some((o: { id: string }) => o.id === id)).toBe(false);
    });

    it('refuses unknown fields, wrong types, an unknown category and a reversed window with 400', async () => {
      for (const body of [
        { category: 'shopping', ...windowSoon(), admin: true },
        { category: 'shopping', ...windowSoon(), urgency: 3 },
        { category: 'rocket', ...windowSoon() },
        { category: 'shopping', windowStart: windowSoon(3).windowStart, windowEnd: windowSoon(1).windowStart },
        { category: 'shopping', windowStart: 'tomorrow', windowEnd: 'later' },
      ]) {
        const res = await place(body);
        expect(res.statusCode, JSON.stringify(body)).toBe(400);
        expect(res.json().error.code).toBe('VALIDATION_FAILED');
      }
    });

    it('stores HTML in the description as plain text', async () => {
      const id = await newOrder({ description: '<img src=x onerror=alert(1)>买菜' });
      const d = (await h().as(resident, { url: `/api/v1/orders/${id}` })).json();
      expect(d.description).toBe('<img src=x onerror=alert(1)>买菜');
    });

    it('lets a community worker enter an order for a resident who phoned, recording who and how; a plain volunteer may not', async () => {
      const worker = await h().login(PHONES.worker);
      const res = await place(
        { category: 'escort', ...windowSoon(), forPersonId: resident.personId, channel: 'walk_in' },
        {},
        worker,
      );
      expect(res.statusCode).toBe(201);
      const id = res.json().id;
      const d = (await h().as(resident, { url: `/api/v1/orders/${id}` })).json();
      expect(d.timeline[0]).toMatchObject({ action: 'placed', actorName: '邹晓敏', channel: 'walk_in', onBehalf: true });
      const row = await h().ctx.orders.repo.findById(id);
      expect(row).toMatchObject({ resident_person_id: resident.personId, channel: 'walk_in' });
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['on_behalf_of', 'channel'])
        .where('target_id', '=', id)
        .executeTakeFirst();
      expect(audit).toEqual({ on_behalf_of: resident.personId, channel: 'walk_in' });
      const denied = await place(
        { category: 'escort', ...windowSoon(), forPersonId: resident.personId, channel: 'walk_in' },
        {},
        volunteer,
      );
      expect(denied.statusCode).toBe(404);
    });

    it('requires sign-in and the CSRF header', async () => {
      expect(
        (await h().as(null, { method: 'POST', url: '/api/v1/orders', payload: { category: 'other', ...windowSoon() } }))
          .statusCode,
      ).toBe(401);
      const res = await h().app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: resident.cookie },
        payload: { category: 'other', ...windowSoon() },
      });
      expect(res.statusCode).toBe(403);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first order for a repeated submission, even when the repeats arrive together', async () => {
      const key = `k-${h().dialect}-${Date.now()}`;
      const body = { category: 'meals', ...windowSoon() };
      const first = await place(body, { 'idempotency-key': key });
      expect(first.statusCode).toBe(201);
      const again = await place(body, { 'idempotency-key': key });
      expect(again.statusCode).toBe(201);
      expect(again.json().id).toBe(first.json().id);
      expect(again.headers['idempotent-replayed']).toBe('true');

      const key2 = `k2-${h().dialect}-${Date.now()}`;
      const countMine = async () =>
        (await h().ctx.db.selectFrom('orders').select('id').where('placed_by_account_id', '=', resident.accountId).execute())
          .length;
      const before = await countMine();
      const burst = await Promise.all(Array.from({ length: 6 }, () => place(body, { 'idempotency-key': key2 })));
      // Every answer of the burst is the same order: the promise is "retries are safe", so not
      // one of them may get an error, a placeholder or a second order.
      const firstBody = burst[0]?.json();
      expect(burst.map((r) => [r.statusCode, r.json()])).toEqual(burst.map(() => [201, firstBody]));
      expect(burst.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(5);
      expect(await countMine()).toBe(before + 1);
    });

    it('refuses a key reused on another route with 422, and a malformed key with 400', async () => {
      const key = `k3-${h().dialect}-${Date.now()}`;
      expect((await place({ category: 'meals', ...windowSoon() }, { 'idempotency-key': key })).statusCode).toBe(201);
      const reuse = await h().as(resident, {
        method: 'POST',
        url: '/api/v1/orders/series',
        headers: { 'idempotency-key': key },
        payload: { category: 'meals', weekdays: [1], timeStart: '11:00', timeEnd: '12:00' },
      });
      expect(reuse.statusCode).toBe(422);
      expect(reuse.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
      expect((await place({ category: 'meals', ...windowSoon() }, { 'idempotency-key': 'bad key with spaces' })).statusCode).toBe(
        400,
      );
    });
  });

  describe('orders.take', () => {
    it('gives the order to exactly one of many simultaneous volunteers; the others get 409 ORDER_ALREADY_TAKEN', async () => {
      const crowd = await volunteers(h(), 8);
      const id = await newOrder();
      const results = await Promise.all([...crowd, volunteer].map((v) => act(v, id, 'take')));
      const codes = results.map((r) => r.statusCode).sort();
      expect(codes.filter((c) => c === 200)).toHaveLength(1);
      expect(codes.filter((c) => c === 409)).toHaveLength(8);
      for (const r of results.filter((x) => x.statusCode === 409)) expect(r.json().error.code).toBe('ORDER_ALREADY_TAKEN');
      const events = await h()
        .ctx.db.selectFrom('order_events')
        .select('action')
        .where('order_id', '=', id)
        .where('action', '=', 'taken')
        .execute();
      expect(events).toHaveLength(1);
    });
  });

  describe('life cycle', () => {
    it('walks placed → taken → in service → done → confirmed, credits the hours once, and shows the timeline', async () => {
      const id = await newOrder();
      expect((await act(resident, id, 'confirm', { rating: 5 })).statusCode).toBe(409);
      expect((await act(volunteer, id, 'start')).statusCode).toBe(404);
      expect((await act(volunteer, id, 'take')).statusCode).toBe(200);
      expect((await act(volunteer, id, 'done', { minutes: 30 })).json().error.code).toBe('INVALID_TRANSITION');
      expect((await act(volunteer, id, 'start')).statusCode).toBe(200);
      const hoursBefore = await h().ctx.hours.totalMinutes(volunteer.personId);
      expect((await act(volunteer, id, 'done', { minutes: 'thirty' })).statusCode).toBe(400);
      expect((await act(volunteer, id, 'done', { minutes: 45, note: '送到家里，放进米缸' })).statusCode).toBe(200);
      expect((await act(resident, id, 'confirm', { rating: 6 })).statusCode).toBe(400);
      expect((await act(resident, id, 'confirm', { rating: 5, comment: '谢谢小黄' })).statusCode).toBe(200);
      expect((await act(resident, id, 'confirm', { rating: 5 })).statusCode).toBe(409);
      expect(await h().ctx.hours.totalMinutes(volunteer.personId)).toBe(hoursBefore + 45);
      const d = (await h().as(resident, { url: `/api/v1/orders/${id}` })).json();
      expect(d.status).toBe('confirmed');
      expect(d.rating).toBe(5);
      expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
        'placed',
        'alerted',
        'taken',
        'started',
        'done',
        'confirmed',
      ]);
      expect(d.timeline[2].actorName).toBe('黄园');
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select('action')
        .where('target_id', '=', id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => a.action)).toEqual([
        'order.placed',
        'order.taken',
        'order.started',
        'order.done',
        'order.confirmed',
      ]);
      const inbox = await h().ctx.notifications.listFor(volunteer.personId);
      expect(inbox.some((n) => n.kind === 'order.confirmed' && n.link === `/orders/${id}`)).toBe(true);
    });

    it("attaches a photo by its upload id (checked and stripped by the uploads), only the volunteer's own unattached one, and serves it to whoever sees the order", async () => {
      const id = await newOrder();
      await act(volunteer, id, 'take');
      await act(volunteer, id, 'start');
      const compound = (await h().as(volunteer, { url: `/api/v1/orders/${id}` })).json().compoundId as string;
      const upload = async (who: Session) => {
        const res = await h().as(who, {
          method: 'POST',
          url: `/api/v1/uploads?nodeId=${compound}`,
          ...multipartBody('photo.png', 'image/png', pngWithMetadata()),
        });
        expect(res.statusCode).toBe(201);
        return res.json().images[0].id as string;
      };
      const theirs = await upload(resident);
      const mine = await upload(volunteer);
      // someone else's upload, an unknown id and a malformed one: refused, the order stays in service
      for (const photoId of [theirs, 'img_doesnotexist0000']) {
        const res = await act(volunteer, id, 'done', { minutes: 10, photoId });
        expect(res.statusCode).toBe(400);
        expect(res.json().error).toMatchObject({
          code: 'VALIDATION_FAILED',
          details: { fields: [{ path: 'photoId', reason: 'unknown_upload' }] },
        });
      }
      expect((await act(volunteer, id, 'done', { minutes: 10, photoId: '../../etc/passwd' })).statusCode).toBe(400);
      expect((await act(volunteer, id, 'done', { minutes: 10, photoBase64: 'iVBORw0KGgo=' })).statusCode).toBe(400);
      const still = await h()
        .ctx.db.selectFrom('orders')
        .select(['status', 'minutes'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(still).toEqual({ status: 'in_service', minutes: null });

      expect((await act(volunteer, id, 'done', { minutes: 10, photoId: mine })).statusCode).toBe(200);
      const rows = await h()
        .ctx.db.selectFrom('uploads')
        .select(['id', 'owner_type', 'owner_id', 'visibility', 'account_id', 'node_id'])
        .where('owner_id', '=', id)
        .execute();
      expect(rows).toEqual([
        {
          id: mine,
          owner_type: 'order',
          owner_id: id,
          visibility: 'private',
          account_id: volunteer.accountId,
          node_id: compound,
        },
      ]);
      const order = await h()
        .ctx.db.selectFrom('orders')
        .select(['photo_base64', 'photo_mime'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(order).toEqual({ photo_base64: null, photo_mime: null });
      expect((await h().as(resident, { url: `/api/v1/orders/${id}` })).json().hasPhoto).toBe(true);
      const photo = await h().as(resident, { url: `/api/v1/orders/${id}/photo` });
      expect(photo.statusCode).toBe(200);
      expect(photo.headers['content-type']).toBe('image/png');
      // re-encoded by the uploads: the pixels, none of the text chunks
      expect(photo.rawPayload.includes(SECRET)).toBe(false);
      expect(photo.rawPayload.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect((await h().as(other, { url: `/api/v1/orders/${id}/photo` })).statusCode).toBe(404);

      // an attached upload cannot be attached to a second order
      const id2 = await newOrder();
      await act(volunteer, id2, 'take');
      await act(volunteer, id2, 'start');
      expect((await act(volunteer, id2, 'done', { minutes: 5, photoId: mine })).statusCode).toBe(400);
      expect((await h().as(resident, { url: `/api/v1/orders/${id2}/photo` })).statusCode).toBe(404);
    });

    it('cancels before service with a reason, and not after service started', async () => {
      const id = await newOrder();
      expect((await act(resident, id, 'cancel', {})).statusCode).toBe(400);
      expect((await act(resident, id, 'cancel', { reason: '家里人回来了' })).statusCode).toBe(200);
      expect((await act(volunteer, id, 'take')).json().error.code).toBe('INVALID_TRANSITION');
      const id2 = await newOrder();
      await act(volunteer, id2, 'take');
      await act(volunteer, id2, 'start');
      expect((await act(resident, id2, 'cancel', { reason: '不需要了' })).statusCode).toBe(409);
      expect((await act(volunteer, id2, 'cancel', { reason: '志愿者不能取消' })).statusCode).toBe(404);
    });
  });

  describe('privacy', () => {
    it('shows the full phone only to the holder, and audits that read', async () => {
      const id = await newOrder();
      expect((await h().as(volunteer, { url: `/api/v1/orders/${id}/contact` })).statusCode).toBe(404);
      await act(volunteer, id, 'take');
      const c = await h().as(volunteer, { url: `/api/v1/orders/${id}/contact` });
      expect(c.statusCode).toBe(200);
      expect(c.json().phone).toBe('19900000001');
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'actor_account_id'])
        .where('action', '=', 'order.contact_read')
        .where('details', 'like', `%${id}%`)
        .execute();
      expect(audit).toEqual([{ action: 'order.contact_read', actor_account_id: volunteer.accountId }]);
    });
  });

  describe('dispatch', () => {
    it('lets the branch name a volunteer who declines or accepts; others cannot take it meanwhile', async () => {
      const [v2] = await volunteers(h(), 1);
      if (!v2) throw new Error('no volunteer');
      const id = await newOrder();
      expect((await act(volunteer, id, 'dispatch', { volunteerPersonId: volunteer.personId })).statusCode).toBe(403);
      expect((await act(secretary, id, 'dispatch', { volunteerPersonId: 'p-19900000010' })).statusCode).toBe(404);
      expect((await act(secretary, id, 'dispatch', { volunteerPersonId: volunteer.personId })).statusCode).toBe(200);
      expect((await act(v2, id, 'take')).json().error.code).toBe('ORDER_ALREADY_TAKEN');
      const mineOpen = (await h().as(volunteer, { url: '/api/v1/orders/open' }))
        .json()
        .orders.find((o: { id: string }) => o.id === id);
      expect(mineOpen.dispatchedToMe).toBe(true);
      expect((await act(volunteer, id, 'decline')).statusCode).toBe(200);
      const inbox = await h().ctx.notifications.listFor(secretary.personId);
      expect(inbox.some((n) => n.kind === 'order.declined' && n.link === `/orders/${id}`)).toBe(true);
      await act(secretary, id, 'dispatch', { volunteerPersonId: volunteer.personId });
      expect((await act(volunteer, id, 'take')).statusCode).toBe(200);
      const d = (await h().as(secretary, { url: `/api/v1/orders/${id}` })).json();
      expect(d.timeline.map((e: { action: string }) => e.action)).toEqual([
        'placed',
        'alerted',
        'dispatched',
        'declined',
        'dispatched',
        'accepted',
      ]);
      const board = (await h().as(secretary, { url: '/api/v1/orders/board' })).json().orders;
      expect(board.find((o: { id: string }) => o.id === id)?.volunteerName).toBe('黄园');
    });
  });

  describe('escalation and repeating orders', () => {
    it('notifies the secretary, then the community worker, once each when nobody takes an order in time', async () => {
      const id = await newOrder({ urgency: 'urgent' });
      const fresh = await newOrder({ urgency: 'urgent' });
      const old = new Date(Date.now() - 3 * 3600_000).toISOString();
      await h().ctx.db.updateTable('orders').set({ created_at: old }).where('id', '=', id).execute();
      await Promise.all([h().ctx.orders.escalate(), h().ctx.orders.escalate()]);
      await h().ctx.orders.escalate();
      const worker = (await h().ctx.accounts.findByPhone(PHONES.worker))?.person_id ?? '';
      const escalations = async (p: string) =>
        (await h().ctx.notifications.listFor(p, 500)).filter((n) => n.kind === 'order.escalated' && n.link === `/orders/${id}`);
      expect(await escalations(secretary.personId)).toHaveLength(1);
      expect(await escalations(worker)).toHaveLength(0);
      // The worker's step comes the compound's limit after the secretary's.
      await h().ctx.db.updateTable('orders').set({ escalated_at: old }).where('id', '=', id).execute();
      await Promise.all([h().ctx.orders.escalate(), h().ctx.orders.escalate()]);
      for (const p of [secretary.personId, worker]) {
        const got = (await h().ctx.notifications.listFor(p, 500)).filter(
          (n) => n.kind === 'order.escalated' && n.link === `/orders/${id}`,
        );
        expect(got).toHaveLength(1);
        const none = (await h().ctx.notifications.listFor(p, 500)).filter((n) => n.link === `/orders/${fresh}`);
        expect(none).toHaveLength(0);
      }
      expect((await h().as(secretary, { url: `/api/v1/orders/${id}` })).json().escalated).toBe(true);
    });

    it('uses the compound’s own limits once staff set them', async () => {
      const res = await h().as(secretary, {
        method: 'PUT',
        url: '/api/v1/orders/settings/wuxingaz',
        payload: { urgentLimitMinutes: 30, normalLimitMinutes: 60 },
      });
      expect(res.statusCode).toBe(200);
      expect(
        (
          await h().as(volunteer, {
            method: 'PUT',
            url: '/api/v1/orders/settings/wuxingaz',
            payload: { urgentLimitMinutes: 30, normalLimitMinutes: 60 },
          })
        ).statusCode,
      ).toBe(403);
      const id = await newOrder();
      await h()
        .ctx.db.updateTable('orders')
        .set({ created_at: new Date(Date.now() - 90 * 60_000).toISOString() })
        .where('id', '=', id)
        .execute();
      await h().ctx.orders.escalate();
      expect((await h().ctx.orders.repo.findById(id))?.escalated_at).not.toBeNull();
      await h().as(secretary, {
        method: 'PUT',
        url: '/api/v1/orders/settings/wuxingaz',
        payload: { urgentLimitMinutes: 120, normalLimitMinutes: 1440 },
      });
    });

    it('generates a weekday series ahead, once, however often the job runs', async () => {
      const res = await h().as(resident, {
        method: 'POST',
        url: '/api/v1/orders/series',
        payload: { category: 'meals', description: '午餐送餐', weekdays: [1, 2, 3, 4, 5], timeStart: '11:00', timeEnd: '12:00' },
      });
      expect(res.statusCode).toBe(201);
      const seriesId = res.json().id;
      await Promise.all([h().ctx.orders.series.generate(), h().ctx.orders.series.generate()]);
      const rows = await h()
        .ctx.db.selectFrom('orders')
        .select(['series_date', 'window_start'])
        .where('series_id', '=', seriesId)
        .execute();
      expect(rows.length).toBeGreaterThanOrEqual(4);
      expect(rows.length).toBeLessThanOrEqual(6);
      expect(new Set(rows.map((r) => r.series_date)).size).toBe(rows.length);
      for (const r of rows) {
        const day = new Date(`${r.series_date}T00:00:00Z`).getUTCDay();
        expect(day).not.toBe(0);
        expect(day).not.toBe(6);
        expect(r.window_start.endsWith('T03:00:00.000Z')).toBe(true);
      }
      expect((await h().as(resident, { method: 'POST', url: `/api/v1/orders/series/${seriesId}/stop` })).statusCode).toBe(200);
    });
  });

  describe('stats', () => {
    it('counts the compound’s volunteers and confirmed services from the data', async () => {
      const s = (await h().as(resident, { url: '/api/v1/orders/stats' })).json();
      expect(s.compoundId).toBe('wuxingaz');
      const confirmed = await h()
        .ctx.db.selectFrom('orders')
        .select('id')
        .where('compound_id', '=', 'wuxingaz')
        .where('status', '=', 'confirmed')
        .execute();
      expect(s.services).toBe(confirmed.length);
      expect(s.volunteers).toBeGreaterThanOrEqual(1);
      expect((await h().as(other, { url: '/api/v1/orders/stats?compoundId=wuxingaz' })).statusCode).toBe(404);
    });
  });
});
