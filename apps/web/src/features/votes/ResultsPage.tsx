import type { PublishedResults } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { CheckpointStamp } from '../log/CheckpointStamp';
import { votesApi } from './api';
import { RuleExplainer, useChoiceLabel, useFormatTime } from './common';
import { ResultSummary } from './ResultSummary';
import { receiptHash } from './receipt';
import './paper.i18n';
import './votes.css';

/** The public result of a closed vote: verdict, figures, the rule, and the receipt list (no names, no phones). */
export default function ResultsPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('votes');
  const tp = useTranslation('votesPaper').t;
  const tl = useTranslation('log').t;
  const fmt = useFormatTime();
  const [data, setData] = useState<PublishedResults | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState('');
  const [found, setFound] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      setData(await votesApi.results(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  const label = useChoiceLabel(data?.options ?? []);
  if (!data) return <Page title={t('results.title')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;

  return (
    <Page title={`${t('results.title')}：${data.vote.title}`}>
      <p className="muted">
        {data.vote.compoundName} · {t('closedAt', { time: fmt(data.closedAt) })}
      </p>
      <ResultSummary result={data.result} />
      <section className="card" aria-labelledby="conditions-title">
        <h2 id="conditions-title">{t('results.conditions')}</h2>
        <ul data-testid="conditions">
          {data.conditions.map((c) => (
            <li key={c.key}>
              {t(`results.condition.${c.key}`)}：{c.percent}%（{t(`results.need.${c.need}`)}）
              <strong>{c.met ? `✓ ${t('results.met')}` : `✗ ${t('results.notMet')}`}</strong>
            </li>
          ))}
        </ul>
      </section>
      <RuleExplainer vote={{ kind: data.vote.kind, matter: data.vote.matter }} />
      <CheckpointStamp checkpoint={data.checkpoint} />
      {data.checkpoint && (
        <button type="button" className="btn btn-secondary no-print" onClick={() => window.print()}>
          {tl('stamp.print')}
        </button>
      )}

      <section className="card no-print" aria-labelledby="find-title">
        <h2 id="find-title">{t('results.find')}</h2>
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            const h = await receiptHash(code);
            const r = data.receipts.find((x) => x.hash === h);
            setFound(r ? t('results.found', { choice: label(r.choice) }) : t('results.notFound'));
          }}
        >
          <div className="field">
            <label htmlFor="receipt-code">{t('results.findLabel')}</label>
            <input
              data-unsent=""
              id="receipt-code"
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              maxLength={20}
              required
            />
          </div>
          <button type="submit" className="btn">
            {t('results.find')}
          </button>
        </form>
        {found && (
          <p role="status" className="card" data-testid="receipt-found">
            {found}
          </p>
        )}
      </section>

      <section aria-labelledby="receipts-title">
        <h2 id="receipts-title">{t('results.receipts', { n: data.receipts.length })}</h2>
        <p className="muted">{t('results.receiptsHint')}</p>
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
        <div className="vote-scroll" tabIndex={0} role="region" aria-labelledby="receipts-title">
          <table className="vote-figures" data-testid="receipts">
            <thead>
              <tr>
                <th scope="col">{t('results.hash')}</th>
                <th scope="col">{t('results.choice')}</th>
              </tr>
            </thead>
            <tbody>
              {data.receipts.map((r) => (
                <tr key={r.hash}>
                  <td className="vote-hash">
                    <Link to={`/verify/ballot/${r.hash}`} title={t('results.verifyReceipt')}>
                      {r.hash}
                    </Link>
                  </td>
                  <td>{label(r.choice)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {data.units && (
        <section aria-labelledby="units-title">
          <h2 id="units-title">{t('results.byUnit', { n: data.units.length })}</h2>
          <p className="muted" data-testid="by-unit-hint">
            {data.unitListPublic ? tp('byUnitPublic') : t('results.byUnitHint')}
          </p>
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
          <div className="vote-scroll" tabIndex={0} role="region" aria-labelledby="units-title">
            <table className="vote-figures" data-testid="units">
              <thead>
                <tr>
                  <th scope="col">{t('results.units')}</th>
                  <th scope="col" className="num">
                    {t('results.area')}
                  </th>
                  <th scope="col">{t('results.choice')}</th>
                </tr>
              </thead>
              <tbody>
                {data.units.map((u) => (
                  <tr key={u.units.join(',')}>
                    <td>{u.units.join('、')}</td>
                    <td className="num">{u.area}</td>
                    <td>{label(u.choice)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}
    </Page>
  );
}
