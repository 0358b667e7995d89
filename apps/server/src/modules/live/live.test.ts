import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/harness';

/** Reads server-sent events from a fetch body until `until` returns true or time runs out. */
export async function readEvents(
  body: ReadableStream<Uint8Array>,
  until: (events: Array<{ event: string; data: unknown }>) => boolean,
  ms = 8000,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: unknown }> = [];
  let buf = '';
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !until(events)) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), deadline - Date.now()))]);
    if (!chunk || chunk.done) break;
    buf += decoder.decode(chunk.value, { stream: true });
    let i = buf.indexOf('\n\n');
    while (i !== -1) {
      const block = buf.slice(0, i);
      buf = buf.slice(i + 2);
      const ev = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (ev && data) events.push({ event: ev, data: JSON.parse(data) });
      i = buf.indexOf('\n\n');
    }
  }
  return { events, reader };
}

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
