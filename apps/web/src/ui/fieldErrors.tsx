import { type RefObject, useEffect, useState } from 'react';
import { ApiError } from '../lib/api';

/**
 * How a validation error reaches the fields it names, on every page: the `ErrorNote` showing an
 * error with field paths (the API's, such as "title" or "items.0.name") marks each control of
 * that `name` (or of the nearest enclosing path's) in the form the error belongs to — the form around the note, else the form last
 * submitted, else the page — with aria-invalid, the sentence beside it and aria-describedby
 * pointing to that sentence, and moves the focus to the first one. A control a form already
 * marked itself (a `Field` given an `error`) keeps its own sentence. All is undone when the
 * error goes. The note names the fields by their labels.
 */
let lastForm: HTMLFormElement | null = null;
/** The form just submitted, until a marked field of it takes the focus. */
let submitted: HTMLFormElement | null = null;
if (typeof document !== 'undefined')
  document.addEventListener(
    'submit',
    (e) => {
      lastForm = submitted = e.target as HTMLFormElement;
    },
    true,
  );

/**
 * A form that marks its own fields (a `Field` given an `error`) after a submission: the first
 * marked field of the submitted form takes the focus, once per submission (never while typing).
 */
export function focusAfterSubmit(el: HTMLElement | null): void {
  const form = submitted;
  if (!el || !form?.contains(el)) return;
  submitted = null;
  requestAnimationFrame(() => form.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
}

let marks = 0;

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** The controls of this name; else those of the nearest enclosing path ("skills.0" → one "skills" box). */
function controlsIn(root: ParentNode, path: string): Control[] {
  for (let p = path; p; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
    const found = [...root.querySelectorAll<Control>(`[name="${CSS.escape(p)}"]`)];
    if (found.length) return found;
  }
  return [];
}

/** The form the error belongs to (see above). */
function scopeOf(note: HTMLElement | null, paths: string[]): ParentNode {
  const own = note?.closest('form');
  if (own) return own;
  const page = note?.closest('.page') ?? document.body;
  if (lastForm?.isConnected && page.contains(lastForm) && paths.some((p) => controlsIn(lastForm as ParentNode, p).length))
    return lastForm;
  return page;
}

/**
 * Marks the controls an error names (see above) while it is shown; returns "label：message"
 * lines for the note.
 */
export function usePublishedFieldErrors(error: unknown, note: RefObject<HTMLElement | null>): string[] {
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const key = JSON.stringify(fields);
  const [labels, setLabels] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` is `fields` as a value
  useEffect(() => {
    const paths = Object.keys(fields);
    if (!paths.length) return;
    const root = scopeOf(note.current, paths);
    const undo: Array<() => void> = [];
    const named: Control[] = [];
    const found: Record<string, string> = {};
    for (const path of paths) {
      const all = controlsIn(root, path);
      named.push(...all);
      const last = all.at(-1);
      if (!last) continue;
      found[path] = (last.labels?.[0]?.textContent ?? last.getAttribute('aria-label') ?? path).trim();
      const plain = all.filter((c) => c.getAttribute('aria-invalid') !== 'true');
      if (!plain.length) continue;
      const p = document.createElement('p');
      p.className = 'field-error';
      p.id = `lx-fe-${++marks}`;
      p.textContent = `⚠ ${fields[path]}`;
      const set = last.closest('fieldset:not(.server-fields)');
      if (set && all.length > 1) set.append(p);
      else (last.closest('label') ?? last).after(p);
      undo.push(() => p.remove());
      for (const c of plain) {
        const was = c.getAttribute('aria-describedby');
        c.setAttribute('aria-invalid', 'true');
        c.setAttribute('aria-describedby', was ? `${p.id} ${was}` : p.id);
        undo.push(() => {
          c.removeAttribute('aria-invalid');
          if (was) c.setAttribute('aria-describedby', was);
          else c.removeAttribute('aria-describedby');
        });
      }
    }
    setLabels(found);
    submitted = null;
    named.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1))[0]?.focus();
    return () => {
      for (const u of undo) u();
    };
  }, [key]);
  return Object.entries(fields).map(([path, message]) => `${labels[path] ?? path}：${message}`);
}
