/**
 * Test helpers written from the GeoReport v2 specification, not from our server code: a small
 * JSON Schema checker for the published response schemas (schemas/*.json, copied from
 * open311/schema-validation), a minimal XML reader, and a client that speaks the protocol.
 */
import fs from 'node:fs';
import path from 'node:path';

type Schema = {
  type?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  $ref?: string;
  maxLength?: number;
  format?: string;
};

const dir = path.join(import.meta.dirname, 'schemas');
const cache = new Map<string, Schema>();
function load(name: string): Schema {
  let s = cache.get(name);
  if (!s) {
    s = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Schema;
    cache.set(name, s);
  }
  return s;
}

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'integer':
      return Number.isInteger(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'null':
      return v === null;
    case 'array':
      return Array.isArray(v);
    case 'object':
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    default:
      return false;
  }
}

/** Errors of `v` against a schema (empty when valid): type, required, enum, anyOf, items, $ref, maxLength, date-time and uri formats. */
export function validate(schema: Schema | string, v: unknown, at = '$'): string[] {
  const s = typeof schema === 'string' ? load(schema) : schema;
  if (s.$ref) return validate(s.$ref, v, at);
  const errs: string[] = [];
  if (s.anyOf) {
    if (!s.anyOf.some((alt) => validate(alt, v, at).length === 0)) errs.push(`${at}: matches none of anyOf`);
    return errs;
  }
  if (s.type && !typeOk(s.type, v)) return [`${at}: expected ${s.type}, got ${JSON.stringify(v)}`];
  if (s.enum && !s.enum.includes(v)) errs.push(`${at}: ${JSON.stringify(v)} not in enum`);
  if (typeof v === 'string') {
    if (s.maxLength !== undefined && v.length > s.maxLength) errs.push(`${at}: longer than ${s.maxLength}`);
    if (s.format === 'date-time' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v))
      errs.push(`${at}: not a date-time`);
    if (s.format === 'uri' && !/^[a-z][a-z0-9+.-]*:/i.test(v)) errs.push(`${at}: not a uri`);
  }
  if (Array.isArray(v) && s.items) {
    for (const [i, x] of v.entries()) errs.push(...validate(s.items as Schema, x, `${at}[${i}]`));
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) errs.push(`${at}: missing ${r}`);
    for (const [k, sub] of Object.entries(s.properties ?? {})) if (k in o) errs.push(...validate(sub, o[k], `${at}.${k}`));
  }
  return errs;
}

export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

/** Parses the element-only XML GeoReport uses (no attributes needed). */
export function parseXml(xml: string): XmlNode {
  const src = xml.replace(/<\?xml[^>]*\?>/, '').trim();
  let i = 0;
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&apos;/g, "'")
      .replace(/&amp;/g, '&');
  function node(): XmlNode {
    const open = /^<([A-Za-z_][\w.-]*)\s*(\/?)>/.exec(src.slice(i));
    if (!open) throw new Error(`bad xml at ${i}: ${src.slice(i, i + 30)}`);
    i += open[0].length;
    const n: XmlNode = { name: open[1] as string, children: [], text: '' };
    if (open[2] === '/') return n;
    for (;;) {
      if (src.startsWith(`</${n.name}>`, i)) {
        i += n.name.length + 3;
        return n;
      }
      if (src[i] === '<') n.children.push(node());
      else {
        const next = src.indexOf('<', i);
        n.text += decode(src.slice(i, next));
        i = next;
      }
    }
  }
  return node();
}

/** The text of a child element, or undefined. */
export function childText(n: XmlNode, name: string): string | undefined {
  return n.children.find((c) => c.name === name)?.text;
}

export type Transport = (req: {
  method: 'GET' | 'POST';
  url: string;
  body?: string;
  contentType?: string;
}) => Promise<{ status: number; contentType: string; body: string }>;

/** A GeoReport v2 client: the endpoint, optional jurisdiction_id, an api_key for POST. */
export class GeoReportClient {
  constructor(
    private readonly transport: Transport,
    private readonly endpoint: string,
    private readonly jurisdictionId?: string,
  ) {}

  private qs(params: Record<string, string | undefined> = {}): string {
    const all = { jurisdiction_id: this.jurisdictionId, ...params };
    const u = new URLSearchParams();
    for (const [k, v] of Object.entries(all)) if (v !== undefined) u.set(k, v);
    const s = u.toString();
    return s ? `?${s}` : '';
  }

  get(pathAndFormat: string, params?: Record<string, string | undefined>) {
    return this.transport({ method: 'GET', url: `${this.endpoint}/${pathAndFormat}${this.qs(params)}` });
  }

  discovery(format: 'json' | 'xml') {
    return this.transport({ method: 'GET', url: `${this.endpoint}/discovery.${format}` });
  }

  services(format: 'json' | 'xml') {
    return this.get(`services.${format}`);
  }

  definition(code: string, format: 'json' | 'xml') {
    return this.get(`services/${encodeURIComponent(code)}.${format}`);
  }

  /** POST Service Request: always form-encoded (per the specification); the response format by extension. */
  postRequest(format: 'json' | 'xml', apiKey: string, fields: Record<string, string>, attributes: Record<string, string> = {}) {
    const body = new URLSearchParams({
      api_key: apiKey,
      ...(this.jurisdictionId ? { jurisdiction_id: this.jurisdictionId } : {}),
      ...fields,
    });
    for (const [k, v] of Object.entries(attributes)) body.set(`attribute[${k}]`, v);
    return this.transport({
      method: 'POST',
      url: `${this.endpoint}/requests.${format}`,
      body: body.toString(),
      contentType: 'application/x-www-form-urlencoded',
    });
  }

  requests(format: 'json' | 'xml', filters: Record<string, string | undefined> = {}) {
    return this.get(`requests.${format}`, filters);
  }

  request(id: string, format: 'json' | 'xml') {
    return this.get(`requests/${encodeURIComponent(id)}.${format}`);
  }

  /** GET service_request_id from a token: the token a POST answered, resolved to its request. */
  token(tokenId: string, format: 'json' | 'xml') {
    return this.get(`tokens/${encodeURIComponent(tokenId)}.${format}`);
  }
}
