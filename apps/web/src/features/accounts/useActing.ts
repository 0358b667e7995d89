import { useState } from 'react';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';

/** The acting-for fields of /auth/me (the shared Me type predates them). */
export interface MeExtras {
  canActForOthers?: boolean;
  roles: Array<{ role: string; nodeId: string; nodeName: string; nodeKind: string; canProxy?: boolean }>;
}

/** Start and stop acting for a resident; refreshes the session afterwards. */
export function useActing() {
  const { refresh } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  async function run(fn: () => Promise<unknown>): Promise<boolean> {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      await refresh();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }
  return {
    busy,
    error,
    start: (personId: string, channel: string) =>
      run(() => api('/api/v1/auth/acting-for', { method: 'POST', body: { personId, channel } })),
    stop: () => run(() => api('/api/v1/auth/acting-for', { method: 'DELETE' })),
  };
}
