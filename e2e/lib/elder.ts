import type { Page } from 'playwright-core';

/**
 * MIIT's 2021 rules for 长辈版, measured in the page: every visible text at least 18 px, every
 * interactive element at least 60 × 60 px (a checkbox or radio counts by its label, which is what
 * a finger taps). Returns one line per violation.
 */
export function elderViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('id');
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 30);
      return `${el.tagName.toLowerCase()}${id ? `#${id}` : ''}${cls} "${text}"`;
    };
    const shown = (el: Element) => {
      const r = el.getBoundingClientRect();
      if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.bottom <= 0) return false;
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden' || cs.opacity === '0') return false;
      }
      return true;
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = new Set<Element>();
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || seen.has(el) || !(n.textContent ?? '').trim() || ['SCRIPT', 'STYLE', 'OPTION'].includes(el.tagName)) continue;
      seen.add(el);
      if (!shown(el)) continue;
      const size = Number.parseFloat(getComputedStyle(el).fontSize);
      if (size < 18) out.push(`text ${size}px: ${describe(el)}`);
    }
    const interactive = document.querySelectorAll(
      'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [role=switch], [tabindex]:not([tabindex="-1"])',
    );
    for (const el of interactive) {
      if (!shown(el)) continue;
      let target: Element = el;
      if (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio'))
        target = el.closest('label') ?? el.labels?.[0] ?? el;
      const r = target.getBoundingClientRect();
      if (r.width < 59.5 || r.height < 59.5)
        out.push(`target ${Math.round(r.width)}×${Math.round(r.height)}: ${describe(target)}`);
      if (el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) {
        const size = Number.parseFloat(getComputedStyle(el).fontSize);
        if (size < 18) out.push(`text ${size}px: ${describe(el)}`);
      }
    }
    return out;
  });
}
