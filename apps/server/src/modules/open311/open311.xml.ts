/**
 * GeoReport v2 XML: the same documents as the JSON, with the element names the specification
 * uses (services/service, service_requests/request, service_definition/attributes/attribute,
 * values/value, discovery/endpoints/endpoint/formats/format, errors/error).
 */

type Value = string | number | boolean | null | undefined | Value[] | { [k: string]: Value };

/** The element name of each item of a list, by the list's element name. */
const ITEM: Record<string, string> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
  jurisdictions: 'jurisdiction',
};

export function escapeXml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
  );
}

function element(name: string, v: Value): string {
  if (v === null || v === undefined) return `<${name}></${name}>`;
  if (Array.isArray(v)) {
    const item = ITEM[name] ?? 'item';
    return `<${name}>${v.map((x) => element(item, x)).join('')}</${name}>`;
  }
  if (typeof v === 'object') {
    return `<${name}>${Object.entries(v)
      .map(([k, x]) => element(k, x))
      .join('')}</${name}>`;
  }
  return `<${name}>${escapeXml(String(v))}</${name}>`;
}

/** A whole document: `<?xml …?>` and one root element. */
export function toXml(root: string, v: Value): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, v)}`;
}
