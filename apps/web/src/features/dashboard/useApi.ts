import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';

/** GET a JSON resource; `null` path waits. Returns the data, the error and a reload function. */
export function useApi<T>(path: string | null): { data: T | undefined; error: unknown; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the reload trigger
  useEffect(() => {
    if (!path) return;
    const ctrl = new AbortController();
    setError(undefined);
    api<T>(path, { signal: ctrl.signal })
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    return () => ctrl.abort();
  }, [path, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, reload };
}
