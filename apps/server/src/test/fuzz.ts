/**
 * Generators of bad requests for the fuzz test: wrong types, missing and extra fields, huge
 * strings, deep nesting, invalid UTF-8, SQL and HTML payloads, absurd numbers, wrong content types.
 */

export const HTML_PAYLOAD = '<script>alert("lx-xss")</script><img src=x onerror=alert(1)>';
export const SQL_PAYLOADS = ["' OR '1'='1", '1; DROP TABLE people; --', '" OR ""="', "') UNION SELECT phone FROM people --"];

/** A tiny seeded PRNG (mulberry32) so a failing case can be replayed by its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)] as T;
}

function deep(depth: number): unknown {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
}

/** Values of every wrong kind. */
export function badValues(): unknown[] {
  return [
    null,
    true,
    -1,
    0,
    1e308,
    -1e308,
    2 ** 64,
    1.5,
    '',
    ' ',
    'x'.repeat(100_000),
    HTML_PAYLOAD,
    ...SQL_PAYLOADS,
    '\u0000\u0001\u202e',
    '😀'.repeat(1000),
    [],
    [1, 2, 3],
    {},
    { $ne: null },
    { __proto__: { admin: true } },
    deep(200),
    '2026-13-45T99:99:99Z',
    'NaN',
    '-0',
    '1e309',
  ];
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** A plausible value for a schema, used as the base that one field at a time is broken in. */
export function plausible(s: JsonSchema | undefined, r: () => number): unknown {
  if (!s) return 'x';
  if (s.enum?.length) return pick(r, s.enum);
  const alt = s.anyOf ?? s.oneOf;
  if (alt?.length) return plausible(pick(r, alt), r);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) o[k] = plausible(v, r);
      return o;
    }
    case 'array':
      return [plausible(s.items, r)];
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    default:
      return 'x';
  }
}

/** Bodies that break one thing at a time, plus wholesale junk. */
export function badBodies(schema: JsonSchema | undefined, r: () => number): unknown[] {
  const base = plausible(schema, r);
  const out: unknown[] = [...badValues().slice(0, 8), deep(500), 'not an object'];
  if (base && typeof base === 'object' && !Array.isArray(base)) {
    const b = base as Record<string, unknown>;
    out.push({ ...b, __unexpected: 1, constructor: { prototype: { polluted: true } } });
    for (const key of Object.keys(b)) {
      const missing = { ...b };
      delete missing[key];
      out.push(missing);
      for (let i = 0; i < 3; i++) out.push({ ...b, [key]: pick(r, badValues()) });
    }
  }
  return out;
}

/** Path parameter values that must never reach the database as anything but an unknown id. */
export const BAD_IDS = [
  '0',
  '-1',
  'x'.repeat(5000),
  '..%2F..%2Fetc%2Fpasswd',
  "1' OR '1'='1",
  '%00',
  encodeURIComponent(HTML_PAYLOAD),
  '😀',
  'null',
];

/** Raw bodies with wrong content types or bytes that are not UTF-8. */
export const RAW_BODIES: Array<{ contentType: string; payload: Buffer | string }> = [
  {
    contentType: 'application/json',
    payload: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0x22, 0x7d]),
  },
  { contentType: 'application/json', payload: '{"a":' },
  { contentType: 'application/json', payload: '[]'.repeat(10) },
  { contentType: 'text/plain', payload: 'hello' },
  {
    contentType: 'application/xml',
    payload: '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
  },
  { contentType: 'application/x-www-form-urlencoded', payload: 'a=1&a=2&__proto__[x]=1' },
  {
    contentType: 'multipart/form-data; boundary=zzz',
    payload: '--zzz\r\nContent-Disposition: form-data; name="f"; filename="a.jpg"\r\n\r\nGIF89a<script>\r\n--zzz--',
  },
];
