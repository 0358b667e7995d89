import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { ApiError } from '../lib/api';

/**
 * How a validation error reaches the fields it names, on every page: `Page` holds the scope, an
 * `ErrorNote` showing an error with field paths publishes them, and each `Field` or `SelectField`
 * whose `name` is one of those paths marks itself (aria-invalid and the message beside it). The
 * fields in turn register their labels, so the note can say which field in words.
 */
type Scope = [Record<string, string>, (f: Record<string, string>) => void, Record<string, string>];

const FieldErrors = createContext<Scope | null>(null);

export function FieldErrorsScope({ children }: { children: ReactNode }) {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const labels = useRef<Record<string, string>>({}).current;
  return <FieldErrors.Provider value={[errors, setErrors, labels]}>{children}</FieldErrors.Provider>;
}

/** The message for the field of this name (an API path such as "to" or "items.0.name"), if any. */
export function useFieldError(name: unknown, label: string): string | undefined {
  const scope = useContext(FieldErrors);
  if (typeof name !== 'string' || !scope) return undefined;
  scope[2][name] = label;
  return scope[0][name];
}

/** Publishes an error's field paths while it is shown; returns "label：message" lines for the note. */
export function usePublishedFieldErrors(error: unknown): string[] {
  const scope = useContext(FieldErrors);
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const key = JSON.stringify(fields);
  const set = scope?.[1];
  useEffect(() => {
    if (!set || key === '{}') return;
    set(JSON.parse(key));
    return () => set({});
  }, [key, set]);
  return Object.entries(fields).map(([path, message]) => `${scope?.[2][path] ?? path}：${message}`);
}
