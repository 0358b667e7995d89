import type { ReactNode } from 'react';

/**
 * The fields of a form whose values come from the server (a compound's settings, say). Until
 * they have come the fieldset is disabled — every control in it and its submit button — so
 * nothing typed before they arrive is replaced by them, and an empty form cannot be saved. A
 * form that loads again (another compound chosen) passes `loaded={false}` meanwhile.
 */
export function ServerFields({ loaded, children }: { loaded: boolean; children: ReactNode }) {
  return (
    <fieldset className="server-fields" disabled={!loaded} aria-busy={!loaded}>
      {children}
    </fieldset>
  );
}
