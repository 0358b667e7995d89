import type { ElectorateView } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import './votes.css';

/** Staff: the electorate frozen when the vote opened, subject by subject, with the totals. */
export default function ElectoratePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('votes');
  const [data, setData] = useState<ElectorateView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setData(await votesApi.electorate(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  if (!data) return <Page title={t('electorateTitle')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const sourceOf = new Map(data.units.map((u) => [u.unit, u.areaSource]));
  return (
    <Page title={t('electorateTitle')}>
      <p className="big" data-testid="electorate-totals">
        {t('electorateTotals', data.totals)}
      </p>
      <p className="muted">{t('rule.counting')}</p>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
      <div className="vote-scroll" tabIndex={0} role="region" aria-label={t('electorateTitle')}>
        <table className="vote-figures">
          <thead>
            <tr>
              <th scope="col">{t('results.units')}</th>
              <th scope="col" className="num">
                {t('results.area')}
              </th>
              <th scope="col">{t('results.owners')}</th>
            </tr>
          </thead>
          <tbody>
            {data.subjects.map((s) => (
              <tr key={s.subject}>
                <td>
                  {s.units.map((u) => (
                    <span key={u} className="vote-unit">
                      {u}
                      {sourceOf.get(u) !== 'registered' ? ` (${t(`areaSource.${sourceOf.get(u)}`)})` : ''}{' '}
                    </span>
                  ))}
                </td>
                <td className="num">{s.area}</td>
                <td>{s.developer ? t('developer') : s.voters.length ? s.voters.join('、') : t('noVoter')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Page>
  );
}
