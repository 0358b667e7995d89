import { tableForColumn } from './scope';

/** A JSON schema as @fastify/swagger writes it (only what the walk reads). */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  exclusiveMinimum?: number | boolean;
  maximum?: number;
  minItems?: number;
  nullable?: boolean;
  default?: unknown;
}

export interface Operation {
  method: string;
  /** The Fastify form, "/api/v1/orders/:id". */
  url: string;
  /** The OpenAPI form, "/api/v1/orders/{id}". */
  openapiPath: string;
  pathParams: string[];
  query: Array<{ name: string; required: boolean; schema: JsonSchema }>;
  body: JsonSchema | null;
  bodyType: string | null;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; name: string; required?: boolean; schema?: JsonSchema }>;
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

/** Every operation of the OpenAPI document under /api/v1 (HEAD excluded). */
export function operationsOf(doc: OpenApiDoc): Operation[] {
  const out: Operation[] = [];
  for (const [p, ops] of Object.entries(doc.paths)) {
    if (!p.startsWith('/api/v1') && !p.startsWith('/open311')) continue;
    for (const [m, op] of Object.entries(ops)) {
      const method = m.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) continue;
      const params = op.parameters ?? [];
      const content = op.requestBody?.content ?? {};
      const bodyType = Object.keys(content)[0] ?? null;
      out.push({
        method,
        url: p.replace(/\{([^}]+)\}/g, ':$1'),
        openapiPath: p,
        pathParams: [...p.matchAll(/\{([^}]+)\}/g)].map((x) => x[1] ?? ''),
        query: params
          .filter((x) => x.in === 'query')
          .map((x) => ({ name: x.name, required: !!x.required, schema: x.schema ?? {} })),
        body: bodyType ? (content[bodyType]?.schema ?? null) : null,
        bodyType,
      });
    }
  }
  return out;
}

const NODE_WORDS = new Set([
  'node',
  'compound',
  'building',
  'community',
  'subdistrict',
  'district',
  'compounds',
  'nodes',
  'buildings',
  'communities',
]);

/**
 * The tables a path parameter may name: by the parameter's own name (orderId → orders, personId →
 * people, compoundId → nodes), else by the path segment before it (/council/issues/{id} →
 * council_issues). Empty when nothing fits; the walk then tries ids of every table.
 */
export function tablesForParam(url: string, param: string, tables: string[]): string[] {
  const snake = param.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
  if (snake !== 'id' && snake.endsWith('_id')) {
    const base = snake.replace(/_id$/, '');
    if (NODE_WORDS.has(base)) return ['nodes'];
    const t = tableForColumn(snake, tables);
    if (t) return [t];
  }
  const segs = url.split('/');
  const i = segs.indexOf(`:${param}`);
  const before = (segs[i - 1] ?? '').replace(/-/g, '_');
  if (NODE_WORDS.has(before)) return ['nodes'];
  if (before) {
    const t = tableForColumn(`${before.replace(/s$/, '')}_id`, tables) ?? tableForColumn(`${before}_id`, tables);
    if (t) return [t];
  }
  return [];
}

/** A value for a schema, valid when the schema is simple; `idFor` supplies ids for *Id fields. */
export function sample(
  schema: JsonSchema | undefined,
  name: string,
  idFor: (field: string) => string | undefined,
  depth = 0,
): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined && !/id$/i.test(name)) return schema.default;
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt?.length) {
    const nonNull = alt.find((s) => s.type !== 'null') ?? alt[0];
    return sample(nonNull, name, idFor, depth + 1);
  }
  if (schema.allOf?.length) return sample(schema.allOf[0], name, idFor, depth + 1);
  const type = Array.isArray(schema.type) ? (schema.type.find((t) => t !== 'null') ?? 'string') : (schema.type ?? 'string');
  switch (type) {
    case 'object': {
      const o: Record<string, unknown> = {};
      for (const k of schema.required ?? []) o[k] = sample(schema.properties?.[k], k, idFor, depth + 1);
      return o;
    }
    case 'array': {
      const n = Math.max(1, schema.minItems ?? 1);
      return Array.from({ length: n }, () => sample(schema.items, name.replace(/s$/, ''), idFor, depth + 1));
    }
    case 'integer':
    case 'number': {
      const min = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum + 1 : (schema.minimum ?? 1);
      return Math.max(min, Math.min(schema.maximum ?? 1, 1));
    }
    case 'boolean':
      return true;
    default:
      return sampleString(schema, name, idFor);
  }
}

function sampleString(schema: JsonSchema, name: string, idFor: (field: string) => string | undefined): string {
  if (/(^id$|Id$|Ids$)/.test(name)) {
    const id = idFor(name);
    if (id) return id;
  }
  const pattern = schema.pattern ?? '';
  if (schema.format === 'date-time') return '2026-12-01T02:00:00.000Z';
  if (schema.format === 'date' || /\\d\{4\}-\\d\{2\}-\\d\{2\}/.test(pattern)) return '2026-12-01';
  if (/1\[3-9\]/.test(pattern)) return '13800000000';
  if (/\\d\{2\}:\\d\{2\}|\[01\]\\d/.test(pattern)) return '09:00';
  if (/\\d\{6\}/.test(pattern)) return '123456';
  if (/\\d/.test(pattern) && /\\\./.test(pattern)) return '1.00';
  if (schema.format === 'email') return 'a@example.com';
  if (schema.format === 'uri') return 'https://example.com/';
  const len = Math.max(schema.minLength ?? 1, 1);
  return 'x'.repeat(Math.min(len, schema.maxLength ?? len));
}
