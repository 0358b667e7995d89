import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote } from '../../ui/Page';
import { type Pair, useApi } from '../volunteers/useApi';
import { CadenceEditor } from './CadenceEditor';
import './pairing.css';

/**
 * The branch view's list of every active pair in the compound, soonest due first, each with
 * its cadence, due date and planned end, and a button that opens the cadence editor in place.
 */
export function BranchPairs({ compoundId, onChanged }: { compoundId: string; onChanged?: () => void }) {
  const { t } = useTranslation('pairing');
  const pairs = useApi<{ pairings: Pair[] }>(`/api/v1/compounds/${encodeURIComponent(compoundId)}/pairings`);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <section className="vol-section" aria-labelledby="pairs-h">
      <h2 id="pairs-h">{t('branchList')}</h2>
      <ErrorNote error={pairs.error} onRetry={pairs.reload} />
      {pairs.data?.pairings.length === 0 && <p className="muted">{t('noPairs')}</p>}
      <ul className="list" data-testid="branch-pairs">
        {pairs.data?.pairings.map((p) => (
          <li key={p.id} className="list-item pair-row">
            <Link to={`/pairing/${p.id}`} className="pair-name">
              {p.resident.name} ← {p.volunteer.name}
            </Link>
            <span>
              {t('cadence', { days: p.cadenceDays })} · <ScheduleLine p={p} />
            </span>
            {p.endsOn && <span>{t('endsOn', { date: p.endsOn })}</span>}
            <button
              type="button"
              className="btn btn-secondary"
              aria-expanded={open === p.id}
              onClick={() => setOpen(open === p.id ? null : p.id)}
            >
              {t('changeSchedule', { name: p.resident.name })}
            </button>
            {open === p.id && (
              <CadenceEditor
                pair={p}
                onSaved={() => {
                  pairs.reload();
                  onChanged?.();
                }}
              />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** "Next visit due …", "… days overdue", or "no more visits before it ends". */
export function ScheduleLine({ p }: { p: Pair }) {
  const { t } = useTranslation('pairing');
  if (p.endsOn && p.nextDueOn > p.endsOn) return <>{t('noMoreVisits')}</>;
  if (p.overdueDays > 0) return <strong className="overdue-text">{t('overdue', { days: p.overdueDays })}</strong>;
  return <>{t('due', { date: p.nextDueOn })}</>;
}
