import { useCallback, useEffect, useState } from 'react';
import { api } from '../../lib/api';

/** GETs an API path and keeps the result, the error and a reload; `null` path waits. */
export function useApi<T>(path: string | null) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (!path) return;
    const ctrl = new AbortController();
    setError(null);
    api<T>(path, { signal: ctrl.signal })
      .then(setData)
      .catch((err: unknown) => {
        if ((err as Error).name !== 'AbortError') setError(err);
      });
    // tick: reload on demand
    void tick;
    return () => ctrl.abort();
  }, [path, tick]);
  return { data, error, reload, setData };
}

/** Today in China as YYYY-MM-DD (what the server checks dates against). */
export function todayChina(): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());
}

/** Adds whole days to a YYYY-MM-DD date (as the server does). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 90 → "1.5" */
export function hours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

export interface Profile {
  personId: string;
  name: string;
  compoundId: string;
  skills: string[];
  availability: string;
  team: string | null;
  teamLeader: boolean;
  status: 'active' | 'left';
  minutes: number;
  sharePhone: boolean;
}

export interface Pair {
  id: string;
  compoundId: string;
  compoundName: string;
  volunteer: { personId: string; name: string };
  resident: { personId: string; name: string };
  cadenceDays: number;
  startsOn: string;
  /** The planned last day, if one is set (the pair ends by itself after it). */
  endsOn: string | null;
  lastVisitOn: string | null;
  nextDueOn: string;
  overdueDays: number;
  status: 'active' | 'ended';
}

/** The compound a staff member runs (their first grant at a compound), if any. */
export function staffCompound(roles: Array<{ role: string; nodeId: string; nodeKind: string; nodeName: string }>) {
  const staff = [
    'branch_secretary',
    'committee_member',
    'community_worker',
    'subdistrict_admin',
    'district_admin',
    'platform_admin',
  ];
  return roles.find((r) => staff.includes(r.role) && r.nodeKind === 'compound') ?? null;
}
