#!/usr/bin/env node
// Reports the gzipped JavaScript a resident's first page loads: the entry chunk and the chunks
// it imports statically (lazy pages such as charts and maps are not counted).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

export const LIMIT_BYTES = 150 * 1024;

export function firstPageJs(distDir) {
  const manifest = JSON.parse(fs.readFileSync(path.join(distDir, '.vite/manifest.json'), 'utf8'));
  const entry = Object.values(manifest).find((c) => c.isEntry);
  if (!entry) throw new Error('no entry chunk in the manifest');
  const seen = new Set();
  const files = [];
  const visit = (chunk) => {
    if (seen.has(chunk.file)) return;
    seen.add(chunk.file);
    files.push(chunk.file);
    for (const imp of chunk.imports ?? []) visit(manifest[imp]);
  };
  visit(entry);
  let raw = 0;
  let gzip = 0;
  for (const f of files.filter((f) => f.endsWith('.js'))) {
    const buf = fs.readFileSync(path.join(distDir, f));
    raw += buf.length;
    gzip += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { files, raw, gzip };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dist = path.resolve(import.meta.dirname, '../apps/web/dist');
  const r = firstPageJs(dist);
  console.log(
    `first page JavaScript: ${(r.gzip / 1024).toFixed(1)} KB gzipped (${(r.raw / 1024).toFixed(1)} KB raw) in ${r.files.length} file(s); limit ${LIMIT_BYTES / 1024} KB`,
  );
  process.exit(r.gzip <= LIMIT_BYTES ? 0 : 1);
}
