import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';
import { readEvents } from './sse-reader';

describeEachDialect('live events (SSE)', (h) => {
  let base = '';
  beforeAll(async () => {
    await h().app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h().app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {});

  it('refuses an anonymous stream with 401', async () => {
    const res = await fetch(`${base}/api/v1/live`);
    expect(res.status).toBe(401);
  });

  it('streams a new order in the compound to a volunteer’s open page, without names or phones', async () => {
    const volunteer = await h().login('19900000002');
    const resident = await h().login('19900000001');
    const res = await fetch(`${base}/api/v1/live`, { headers: { cookie: volunteer.cookie } });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const body = res.body;
    if (!body) throw new Error('no body');
    const ready = await readEvents(body, (e) => e.some((x) => x.event === 'ready'));
    ready.reader.releaseLock();
    const start = new Date(Date.now() + 3600_000);
    const placed = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: {
        category: 'repair',
        windowStart: start.toISOString(),
        windowEnd: new Date(start.getTime() + 3600_000).toISOString(),
      },
    });
    const id = placed.json().id;
    const { events, reader } = await readEvents(body, (e) => e.some((x) => x.event === 'order'));
    const ev = events.find((x) => x.event === 'order');
    expect(ev?.data).toMatchObject({ channel: 'compound:wuxingaz:orders', orderId: id, status: 'placed' });
    expect(JSON.stringify(ev?.data)).not.toContain('1990000');
    await reader.cancel();
  });
});
