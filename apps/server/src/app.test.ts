import { Writable } from 'node:stream';
import { expect, it } from 'vitest';
import { describeEachDialect } from './test/harness';

const logLines: string[] = [];
const logStream = new Writable({
  write(chunk, _enc, cb) {
    logLines.push(String(chunk));
    cb();
  },
});

describeEachDialect(
  'platform spine',
  (h) => {
    it('answers /healthz and /readyz', async () => {
      expect((await h().app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      const ready = await h().app.inject({ url: '/readyz' });
      expect(ready.statusCode).toBe(200);
      expect(ready.json().database).toBe(h().dialect);
    });

    it('answers malformed JSON with 400 and the error shape, in Chinese by default', async () => {
      const res = await h().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: '{"phone": ',
      });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(typeof body.requestId).toBe('string');
    });

    it('answers wrong types and unknown fields with 400 VALIDATION_FAILED naming the field, in English on request', async () => {
      const res = await h().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-language': 'en-US,en;q=0.9' },
        payload: { phone: 13800000000, password: 'x', admin: true },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
      expect(res.json().error.message).toBe('Some fields are invalid');
    });

    it('names each bad field in the reader’s language: Chinese by default, English on request', async () => {
      const payload = { phone: 13800000000, password: 'x', admin: true };
      const zh = await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      const fields = zh.json().error.details.fields as Array<{ path: string; reason: string; message: string }>;
      expect(fields.length).toBeGreaterThan(0);
      for (const f of fields) expect(f.message).toMatch(/[\u4e00-\u9fa5]/);
      expect(fields.find((f) => f.reason === 'unrecognized_keys')?.message).toContain('admin');
      const en = await h().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'accept-language': 'en' },
        payload,
      });
      for (const f of en.json().error.details.fields as Array<{ message: string }>)
        expect(f.message).not.toMatch(/[\u4e00-\u9fa5]/);
    });

    it('answers an oversized body with 413 and a wrong content type with 415', async () => {
      const big = await h().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ phone: 'x'.repeat(2 * 1024 * 1024), password: 'x' }),
      });
      expect(big.statusCode).toBe(413);
      expect(big.json().error.code).toBe('PAYLOAD_TOO_LARGE');
      const wrong = await h().app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'content-type': 'application/x-unknown' },
        payload: 'phone=1',
      });
      expect(wrong.statusCode).toBe(415);
    });

    it('sends the strict security headers on every response, errors included', async () => {
      for (const url of ['/healthz', '/api/v1/nothing-here']) {
        const res = await h().app.inject({ method: 'GET', url });
        const csp = String(res.headers['content-security-policy']);
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).toContain("object-src 'none'");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=\d+/);
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('answers an unknown API path with 404 in the error shape', async () => {
      const res = await h().app.inject({ url: '/api/v1/does-not-exist' });
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    });

    it('describes every API route in the OpenAPI document', async () => {
      const doc = (await h().app.inject({ url: '/api/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
      const routes = h().app.printRoutes({ commonPrefix: false });
      const apiRoutes = [...routes.matchAll(/(\/api\/v1\/\S*) \(([A-Z, ]+)\)/g)];
      expect(apiRoutes.length).toBeGreaterThan(0);
      for (const [, url, methods] of apiRoutes) {
        const openapiPath = (url ?? '').replace(/:([A-Za-z]+)/g, '{$1}');
        for (const m of (methods ?? '').split(', ').filter((x) => x !== 'HEAD')) {
          expect(doc.paths[openapiPath]?.[m.toLowerCase()], `${m} ${url}`).toBeDefined();
        }
      }
    });

    it('never logs a phone number, a password or a session token', async () => {
      logLines.length = 0;
      const phone = '19900000003';
      const res = await h().app.inject({
        method: 'POST',
        url: `/api/v1/auth/login?phone=${phone}`,
        payload: { phone, password: 'lianxin2026' },
      });
      expect(res.statusCode).toBe(200);
      const token = res.cookies[0]?.value ?? 'none';
      await h().app.inject({ url: '/api/v1/auth/me', headers: { cookie: `lx_session=${token}` } });
      await h().app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { phone, password: 'wrong-password-9' } });
      const all = logLines.join('');
      expect(all.length).toBeGreaterThan(0);
      expect(all).toContain('/api/v1/auth/login');
      expect(all).not.toContain(phone);
      expect(all).not.toContain('lianxin2026');
      expect(all).not.toContain('wrong-password-9');
      expect(all).not.toContain(token);
    });
  },
  { logStream, logLevel: 'info' },
);
