import { beforeAll, describe, expect, it } from 'vitest';
import type { Session } from '../../test/harness';
import { describeEachDialect } from '../../test/harness';
import { PHONES, volunteers, windowSoon } from './orders.test-helpers';

describeEachDialect('help lines (一键呼叫)', (h) => {
  let resident: Session;
  let volunteer: Session;
  let worker: Session;
  let other: Session;
  let wuxingLine: { nodeId: string; nodeName: string; name: string; phone: string };

  beforeAll(async () => {
    resident = await h().login(PHONES.resident);
    volunteer = await h().login(PHONES.volunteer);
    worker = await h().login(PHONES.worker);
    other = await h().login(PHONES.otherVolunteer);
    const row = await h()
      .ctx.db.selectFrom('help_lines')
      .innerJoin('nodes', 'nodes.id', 'help_lines.node_id')
      .select(['help_lines.node_id', 'nodes.name as node_name', 'help_lines.name', 'help_lines.phone'])
      .where('help_lines.node_id', '=', 'wuxing')
      .executeTakeFirstOrThrow();
    wuxingLine = { nodeId: row.node_id, nodeName: row.node_name, name: row.name, phone: row.phone };
  });

  const place = async () => {
    const res = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { category: 'shopping', description: '买药', ...windowSoon() },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };
  const act = (who: Session, id: string, action: string, payload?: object) =>
    h().as(who, { method: 'POST', url: `/api/v1/orders/${id}/${action}`, ...(payload ? { payload } : {}) });

  describe('GET /help/lines', () => {
    it("gives an elder her community's duty phone and her paired volunteer who agreed to be called, and audits that read", async () => {
      const res = await h().as(resident, { url: '/api/v1/help/lines' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        duty: { nodeId: 'wuxing', nodeName: '五星社区', name: '社区值班室', phone: wuxingLine.phone },
        volunteers: [{ personId: 'p-19900000002', name: '黄园', phone: '19900000002' }],
      });
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'actor_account_id', 'target_id'])
        .where('action', '=', 'help.volunteer_phone_read')
        .execute();
      expect(audit).toEqual([
        { action: 'help.volunteer_phone_read', actor_account_id: resident.accountId, target_id: 'p-19900000002' },
      ]);
    });

    it('leaves out a paired volunteer who withdrew consent', async () => {
      const off = await h().as(volunteer, {
        method: 'PUT',
        url: '/api/v1/volunteers/me',
        payload: { skills: ['代购'], availability: '周末', sharePhone: false },
      });
      expect(off.statusCode).toBe(200);
      expect(off.json().sharePhone).toBe(false);
      expect((await h().as(resident, { url: '/api/v1/help/lines' })).json().volunteers).toEqual([]);
      const on = await h().as(volunteer, {
        method: 'PUT',
        url: '/api/v1/volunteers/me',
        payload: { skills: ['代购'], availability: '周末', sharePhone: true },
      });
      expect(on.json().sharePhone).toBe(true);
      expect((await h().as(volunteer, { url: '/api/v1/volunteers/me' })).json().profile.sharePhone).toBe(true);
    });
  });

  describe('PUT /help/lines/:nodeId', () => {
    it("lets staff give a compound its own duty phone, which then answers before the community's; audited; removable", async () => {
      const put = await h().as(worker, {
        method: 'PUT',
        url: '/api/v1/help/lines/wuxingaz',
        payload: { name: '小区值班岗', phone: '0731-28569999' },
      });
      expect(put.statusCode).toBe(200);
      const own = { nodeId: 'wuxingaz', nodeName: '五星社区安置小区', name: '小区值班岗', phone: '0731-28569999' };
      expect(put.json()).toEqual({ nodeId: 'wuxingaz', nodeName: '五星社区安置小区', own, effective: own });
      expect((await h().as(resident, { url: '/api/v1/help/lines' })).json().duty).toEqual(own);
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['action', 'actor_account_id', 'details'])
        .where('action', '=', 'help.line_set')
        .execute();
      expect(audit.map((a) => ({ ...a, details: JSON.parse(String(a.details)) }))).toEqual([
        {
          action: 'help.line_set',
          actor_account_id: worker.accountId,
          details: { before: null, after: { name: '小区值班岗', phone: '0731-28569999' } },
        },
      ]);
      const del = await h().as(worker, { method: 'DELETE', url: '/api/v1/help/lines/wuxingaz' });
      expect(del.json()).toEqual({ nodeId: 'wuxingaz', nodeName: '五星社区安置小区', own: null, effective: wuxingLine });
      expect((await h().as(resident, { url: '/api/v1/help/lines' })).json().duty).toEqual(wuxingLine);
    });

    it('refuses a bad number with 400 naming the field in Chinese, a resident with 403, another subtree with 404', async () => {
      const bad = await h().as(worker, {
        method: 'PUT',
        url: '/api/v1/help/lines/wuxingaz',
        payload: { name: '值班', phone: '12' },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('VALIDATION_FAILED');
      expect(bad.json().error.details.fields).toEqual([
        expect.objectContaining({ path: 'phone', message: '电话应为手机号、带区号的座机（如 0731-28561007）或 3–5 位服务号' }),
      ]);
      const extra = await h().as(worker, {
        method: 'PUT',
        url: '/api/v1/help/lines/wuxingaz',
        payload: { name: '值班', phone: '12345', admin: true },
      });
      expect(extra.statusCode).toBe(400);
      const byResident = await h().as(resident, {
        method: 'PUT',
        url: '/api/v1/help/lines/wuxingaz',
        payload: { name: '值班', phone: '12345' },
      });
      expect(byResident.statusCode).toBe(403);
      const outside = await h().as(worker, {
        method: 'PUT',
        url: '/api/v1/help/lines/sanchong',
        payload: { name: '值班', phone: '12345' },
      });
      expect(outside.statusCode).toBe(404);
      expect(await h().ctx.db.selectFrom('help_lines').select('node_id').where('node_id', '=', 'wuxingaz').execute()).toEqual([]);
    });
  });

  describe('GET /orders/:id/call', () => {
    it('gives the elder the duty phone while nobody has taken her order, then the volunteer who agreed, never her own number', async () => {
      const id = await place();
      const detail = (await h().as(resident, { url: `/api/v1/orders/${id}` })).json();
      expect(detail.can).toEqual(['cancel', 'call']);
      expect((await h().as(resident, { url: `/api/v1/orders/${id}/contact` })).statusCode).toBe(404);
      expect((await h().as(resident, { url: `/api/v1/orders/${id}/call` })).json()).toEqual({
        volunteerName: null,
        call: { kind: 'duty', name: '社区值班室', phone: wuxingLine.phone },
      });
      expect((await act(volunteer, id, 'take')).statusCode).toBe(200);
      const call = await h().as(resident, { url: `/api/v1/orders/${id}/call` });
      expect(call.json()).toEqual({
        volunteerName: '黄园',
        call: { kind: 'volunteer', name: '黄园', phone: '19900000002' },
      });
      const audit = await h()
        .ctx.db.selectFrom('audit_log')
        .select(['actor_account_id', 'target_id'])
        .where('action', '=', 'order.volunteer_phone_read')
        .where('details', 'like', `%${id}%`)
        .execute();
      expect(audit).toEqual([{ actor_account_id: resident.accountId, target_id: 'p-19900000002' }]);
      // the volunteer may not use it; another volunteer does not see the order at all
      expect((await h().as(volunteer, { url: `/api/v1/orders/${id}/call` })).statusCode).toBe(404);
      expect((await h().as(other, { url: `/api/v1/orders/${id}/call` })).statusCode).toBe(404);
      await act(volunteer, id, 'start');
      await act(volunteer, id, 'done', { minutes: 30 });
      // served: the order is no longer open, the number is no longer shown
      expect((await h().as(resident, { url: `/api/v1/orders/${id}/call` })).statusCode).toBe(404);
    });

    it('names a volunteer who did not agree to show their number, and gives the duty phone instead', async () => {
      const [v2] = await volunteers(h(), 1);
      if (!v2) throw new Error('no volunteer');
      const id = await place();
      expect((await act(v2, id, 'take')).statusCode).toBe(200);
      const call = (await h().as(resident, { url: `/api/v1/orders/${id}/call` })).json();
      expect(call.volunteerName).toMatch(/^志愿者\d+$/);
      expect(call.call).toEqual({ kind: 'duty', name: '社区值班室', phone: wuxingLine.phone });
      expect(JSON.stringify(call)).not.toContain('177');
    });
  });
});
