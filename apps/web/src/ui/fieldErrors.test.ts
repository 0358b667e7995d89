import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A validation error marks the controls whose `name` is a field path it names (fieldErrors.tsx),
 * so a control without a name can never be marked. Every input, textarea and select of the web
 * app, plain or through `Field` / `SelectField`, carries the name of the request-body field it
 * fills, or says with `data-unsent` that its value is sent to no API as a field (a filter, a
 * search box, the choice of which record to edit).
 */
const SRC = join(__dirname, '..');
const CONTROL = /<(Field|SelectField|input|textarea|select)\b/g;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

/** The opening tag starting at `start`, braces balanced (attribute values hold `>` in arrows). */
function openingTag(s: string, start: number): string {
  let depth = 0;
  for (let i = start; i < s.length; i++) {
    const c = s[i];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0) return s.slice(start, i + 1);
  }
  return s.slice(start);
}

interface Control {
  where: string;
  tag: string;
}

function controls(): Control[] {
  const out: Control[] = [];
  for (const file of tsxFiles(SRC)) {
    if (file.endsWith('/ui/Field.tsx') || file.endsWith('/ui/SelectField.tsx')) continue;
    const s = readFileSync(file, 'utf8');
    for (const m of s.matchAll(CONTROL)) {
      const line = s.slice(0, m.index).split('\n').length;
      out.push({ where: `${relative(SRC, file)}:${line}`, tag: openingTag(s, m.index ?? 0) });
    }
  }
  return out;
}

describe('every form control can be marked by a validation error', () => {
  const all = controls();

  it('finds the controls of the app', () => {
    expect(all.length).toBeGreaterThan(250);
  });

  it('each carries the name of its request-body field, or data-unsent', () => {
    const unnamed = all
      .filter(({ tag }) => !/\sname=/.test(tag) && !/\sdata-unsent\b/.test(tag) && !/\{\.\.\./.test(tag))
      .map((c) => `${c.where} ${c.tag.split('\n')[0]}`);
    expect(unnamed).toEqual([]);
  });

  it('each literal name is an API field path (a key, or keys and indexes joined by dots)', () => {
    const bad = all.flatMap(({ where, tag }) => {
      const name = /\sname="([^"]*)"/.exec(tag)?.[1];
      return name === undefined || /^[a-zA-Z]\w*(\.\w+)*$/.test(name) ? [] : [`${where} name="${name}"`];
    });
    expect(bad).toEqual([]);
  });
});
