import { useState } from 'react';
import { ApiError } from './api';

export interface ActionOptions {
  /** Validation errors that name fields go to `fields` (one message a field) instead of `error`. */
  fieldErrors?: boolean;
}

/**
 * The state of one form's write: run the call, then either `ok` (and `onDone`) or the error.
 * Each run clears what the last one said, so a stale ✓ or error never stands beside a new answer.
 */
export function useAction(onDone?: () => void, opts: ActionOptions = {}) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  async function run(fn: () => Promise<unknown>, messages: Record<string, string> = {}): Promise<boolean> {
    setFields({});
    setError(null);
    setOk(false);
    try {
      await fn();
      setOk(true);
      onDone?.();
      return true;
    } catch (err) {
      const said = opts.fieldErrors && err instanceof ApiError ? err.fieldErrors() : {};
      const named = Object.keys(said);
      if (named.length && err instanceof ApiError)
        setFields(Object.fromEntries(named.map((k) => [k, messages[k] ?? (said[k] || err.message)])));
      else setError(err);
      return false;
    }
  }
  return { fields, error, ok, run, setError };
}
