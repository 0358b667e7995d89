import type { Turnout } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading } from '../../ui/Page';
import { votesApi } from './api';

/** Hundredths from "89.50", for the meter only (display values come from the server as text). */
function hundredths(area: string): number {
  const [w = '0', f = ''] = area.split('.');
  return Number(w) * 100 + Number(f.padEnd(2, '0'));
}

/** Live turnout for staff: headcount and area against the 2/3 quorum, refreshed every 15 s. */
export function TurnoutCard({ voteId }: { voteId: string }) {
  const { t } = useTranslation('votes');
  const [turnout, setTurnout] = useState<Turnout | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setTurnout(await votesApi.turnout(voteId));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [voteId]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 15_000);
    return () => clearInterval(timer);
  }, [load]);
  if (!turnout) return error ? <ErrorNote error={error} onRetry={load} /> : <Loading />;
  const tt = turnout;
  return (
    <section className="card" aria-labelledby="turnout-title" data-testid="turnout">
      <div className="page-head">
        <h2 id="turnout-title">{t('staff.turnout')}</h2>
        <button type="button" className="btn btn-secondary" onClick={load}>
          {t('staff.refresh')}
        </button>
      </div>
      <div className="vote-meter">
        <p>
          {t('staff.participatedOwners', { n: tt.participated.owners, total: tt.totals.owners, need: tt.quorumNeeds.owners })}
        </p>
        <meter
          min={0}
          max={tt.totals.owners}
          value={tt.participated.owners}
          aria-label={t('staff.participatedOwners', {
            n: tt.participated.owners,
            total: tt.totals.owners,
            need: tt.quorumNeeds.owners,
          })}
        />
      </div>
      <div className="vote-meter">
        <p>{t('staff.participatedArea', { area: tt.participated.area, total: tt.totals.area, need: tt.quorumNeeds.area })}</p>
        <meter
          min={0}
          max={hundredths(tt.totals.area)}
          value={hundredths(tt.participated.area)}
          aria-label={t('staff.participatedArea', {
            area: tt.participated.area,
            total: tt.totals.area,
            need: tt.quorumNeeds.area,
          })}
        />
      </div>
      <p>
        {t('staff.online', { n: tt.online.owners })} · {t('staff.paperCounted', { n: tt.paper.owners })}
      </p>
      <p>{t('staff.pending', { n: tt.pendingPaper })}</p>
      <p>
        <strong>{tt.quorumMet ? `✓ ${t('staff.quorumMet')}` : `… ${t('staff.quorumNotMet')}`}</strong>
      </p>
    </section>
  );
}
