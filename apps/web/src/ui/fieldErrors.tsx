import { createContext, type ReactNode, useCallback, useContext, useEffect, useId, useMemo, useRef, useState } from 'react';
import { ApiError } from '../lib/api';

/**
 * How a validation error reaches the fields it names, on every page: `Page` holds the scope, an
 * `ErrorNote` showing an error with field paths publishes them, and each `Field` or `SelectField`
 * whose `name` is one of those paths marks itself (aria-invalid and the message beside it). The
 * fields in turn register their labels, so the note can say which field in words.
 */
interface Scope {
  errors: Record<string, string>;
  publish(source: string, fields: Record<string, string> | null): void;
  labels: Map<string, string>;
}

const FieldErrors = createContext<Scope | null>(null);

export function FieldErrorsScope({ children }: { children: ReactNode }) {
  const [bySource, setBySource] = useState<Record<string, Record<string, string>>>({});
  const labels = useRef(new Map<string, string>()).current;
  // Stable, so a note's effect runs when its error changes, not whenever another note publishes.
  const publish = useCallback((source: string, fields: Record<string, string> | null) => {
    setBySource((s) => {
      if (!fields && !(source in s)) return s;
      const next = { ...s };
      if (fields) next[source] = fields;
      else delete next[source];
      return next;
    });
  }, []);
  const scope = useMemo<Scope>(
    () => ({ errors: Object.assign({}, ...Object.values(bySource)), publish, labels }),
    [bySource, publish, labels],
  );
  return <FieldErrors.Provider value={scope}>{children}</FieldErrors.Provider>;
}

/** The message for the field of this name (an API path such as "to" or "items.0.name"), if any. */
export function useFieldError(name: unknown, label: string): string | undefined {
  const scope = useContext(FieldErrors);
  if (typeof name !== 'string' || !scope) return undefined;
  scope.labels.set(name, label);
  return scope.errors[name];
}

/** Publishes an error's field paths while it is shown; returns "label: message" lines for the note. */
export function usePublishedFieldErrors(error: unknown): string[] {
  const scope = useContext(FieldErrors);
  const source = useId();
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const key = JSON.stringify(fields);
  const publish = scope?.publish;
  useEffect(() => {
    if (!publish) return;
    const named = JSON.parse(key) as Record<string, string>;
    publish(source, Object.keys(named).length ? named : null);
    return () => publish(source, null);
  }, [key, publish, source]);
  return Object.entries(fields).map(([path, message]) => `${scope?.labels.get(path) ?? path}：${message}`);
}
