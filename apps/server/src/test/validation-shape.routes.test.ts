import { expect, it } from 'vitest';
import type { JsonSchema } from './fuzz';
import { describeEachDialect } from './harness';

/**
 * Every 400 for bad input names its fields in one shape, so a web form can mark each field it
 * names: `details.fields` is a list of `{ path, reason, message }`, the message in the
 * requester's language. Checked for every route of the OpenAPI document that takes a JSON body
 * (schema failures, or the path parameter where that is out of shape first), the query string,
 * the input guard and the services' own checks (hand-written `fieldError`s).
 */
const CJK = /[\u4e00-\u9fff]/;
/** A value no field of any route accepts: not a string, number, boolean, object of fields or list of those. */
const WRONG = [[[]]];
const ANSWER = {
  'zh-CN': '输入有误，请检查标出的字段',
  en: 'Some fields are invalid',
} as const;

interface Op {
  method: string;
  path: string;
  body: JsonSchema;
}

interface FieldAnswer {
  path: string;
  reason: string;
  message: string;
}

/** What is wrong with one 400's shape, if anything. */
function shapeProblems(
  body: { error: { code: string; message: string; details?: { in?: string; fields?: FieldAnswer[] } } },
  lang: 'zh-CN' | 'en',
  where: string,
  keys: string[],
): string[] {
  const out: string[] = [];
  const e = body.error;
  if (e.code !== 'VALIDATION_FAILED') out.push(`code ${e.code}`);
  if (e.message !== ANSWER[lang]) out.push(`message ${e.message}`);
  if (e.details?.in !== where) out.push(`in ${e.details?.in}`);
  const fields = e.details?.fields ?? [];
  if (fields.length === 0) out.push('no fields');
  for (const f of fields) {
    if (Object.keys(f).sort().join() !== 'message,path,reason') out.push(`field keys ${Object.keys(f).join()}`);
    if (!keys.includes(f.path.split('.')[0] ?? '')) out.push(`path ${f.path}`);
    if (typeof f.reason !== 'string' || f.reason === '') out.push(`reason ${f.reason}`);
    if (typeof f.message !== 'string' || f.message === '') out.push(`empty message for ${f.path}`);
    else if (lang === 'zh-CN' && !CJK.test(f.message)) out.push(`not Chinese: ${f.message}`);
    // English may quote the allowed values, which are Chinese words (党员, 绿化).
    else if (lang === 'en' && CJK.test(f.message.replace(/"[^"]*"/g, ''))) out.push(`not English: ${f.message}`);
  }
  return out;
}

describeEachDialect('every validation answer names its fields in one shape', (h) => {
  it('a wrong value in each field of every JSON body: 400 naming those fields, in Chinese and English', async () => {
    const doc = (await h().app.inject({ url: '/api/docs/json' })).json() as {
      paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
    };
    const ops: Op[] = [];
    for (const [path, methods] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body?.properties && Object.keys(body.properties).length) ops.push({ method: method.toUpperCase(), path, body });
      }
    expect(ops.length).toBeGreaterThan(100);
    const problems: string[] = [];
    for (const op of ops) {
      const keys = Object.keys(op.body.properties ?? {});
      const payload = Object.fromEntries(keys.map((k) => [k, WRONG]));
      // An id no record has: the body is checked before the route looks anything up.
      const url = op.path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      for (const lang of ['zh-CN', 'en'] as const) {
        const res = await h().app.inject({
          method: op.method as 'POST',
          url,
          payload,
          headers: { 'accept-language': lang },
        });
        const what = `${op.method} ${op.path} [${lang}]`;
        if (res.statusCode !== 400) {
          problems.push(`${what}: ${res.statusCode} ${res.body.slice(0, 160)}`);
          continue;
        }
        // A path parameter of the wrong shape (an occurrence key is a date) is named before the body.
        const params = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
        const where = res.json().error.details?.in === 'params' ? 'params' : 'body';
        for (const p of shapeProblems(res.json(), lang, where, where === 'params' ? params : keys))
          problems.push(`${what}: ${p}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('a query string out of shape names the parameter', async () => {
    const query = await h().app.inject({
      url: '/api/v1/log/consistency?first=abc&second=2',
      headers: { 'accept-language': 'en' },
    });
    expect(query.statusCode, query.body).toBe(400);
    expect(query.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Some fields are invalid',
      details: {
        in: 'querystring',
        fields: [{ path: 'first', reason: 'invalid_type', message: 'Invalid input: expected number, received NaN' }],
      },
    });
    const zh = await h().app.inject({ url: '/api/v1/log/consistency?first=abc&second=2' });
    expect(zh.json().error.details.fields).toEqual([{ path: 'first', reason: 'invalid_type', message: '格式不对，应为数字' }]);
  });

  it('a service’s own check names its field in the same shape, in the requester’s language', async () => {
    for (const [lang, message] of [
      ['zh-CN', '不能大于第二个大小'],
      ['en', 'Must not exceed the second size'],
    ] as const) {
      const res = await h().app.inject({
        url: '/api/v1/log/consistency?first=3&second=2',
        headers: { 'accept-language': lang },
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error).toEqual({
        code: 'VALIDATION_FAILED',
        message: ANSWER[lang],
        details: { fields: [{ path: 'first', reason: 'above_second', message }] },
      });
    }
  });

  it('the input guard names the field holding a character that cannot be stored', async () => {
    const res = await h().app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { phone: '1990000\u00000001', password: 'x' },
      headers: { 'accept-language': 'en' },
    });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Some fields are invalid',
      details: {
        in: 'body',
        fields: [{ path: 'phone', reason: 'invalid_characters', message: 'Contains characters that cannot be stored' }],
      },
    });
  });
});
