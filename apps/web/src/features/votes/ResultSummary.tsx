import type { VoteResult } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';

/** The verdict and the figures of a closed vote, in words first. */
export function ResultSummary({ result }: { result: VoteResult }) {
  const { t } = useTranslation('votes');
  const rows =
    result.kind === 'decision'
      ? [
          [t('results.totals'), result.totals],
          [t('results.participated'), result.participated],
          [t('choice.yes'), result.yes],
          [t('choice.no'), result.no],
          [t('choice.abstain'), result.abstain],
        ]
      : [
          [t('results.totals'), result.totals],
          [t('results.participated'), result.participated],
          ...result.options.map((o) => [o.label, o] as const),
        ];
  return (
    <section className="card" aria-labelledby="result-title" data-testid="result">
      <h2 id="result-title">{t('results.title')}</h2>
      {result.kind === 'decision' && (
        <p className="vote-verdict" data-testid="verdict">
          {result.passed ? `✓ ${t('results.passed')}` : `✗ ${t('results.failed')}`}
        </p>
      )}
      <p>{result.quorumMet ? t('results.quorumMet') : t('results.quorumNotMet')}</p>
      <table className="vote-figures">
        <caption className="muted">{t('results.figures')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.item')}</th>
            <th scope="col" className="num">
              {t('results.owners')}
            </th>
            <th scope="col" className="num">
              {t('results.area')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, c]) => (
            <tr key={String(label)}>
              <th scope="row">{String(label)}</th>
              <td className="num">{(c as { owners: number }).owners}</td>
              <td className="num">{(c as { area: string }).area}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
