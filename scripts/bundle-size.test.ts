import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JS script without types
import { firstPageJs, LIMIT_BYTES } from './bundle-size.js';

const dist = path.resolve(import.meta.dirname, '../apps/web/dist');

describe('web bundle', () => {
  it('keeps the first page under 150 KB of gzipped JavaScript', () => {
    expect(fs.existsSync(path.join(dist, '.vite/manifest.json')), 'run the web build first (npm test does)').toBe(true);
    const r = firstPageJs(dist) as { gzip: number; files: string[] };
    expect(r.gzip).toBeLessThanOrEqual(LIMIT_BYTES);
    // Heavy libraries load only on the pages that use them.
    const first = r.files.map((f) => fs.readFileSync(path.join(dist, f), 'utf8')).join('');
    expect(first).not.toContain('echarts');
    expect(first).not.toContain('leaflet');
  });
});
