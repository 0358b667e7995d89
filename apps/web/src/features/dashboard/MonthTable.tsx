import { DASHBOARD_LABELS, type Dashboard } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';

const COLUMNS = [
  'ordersPlaced',
  'ordersServed',
  'hoursMinutes',
  'medianTakeMinutes',
  'issuesRaised',
  'issuesResolved',
  'decisionsMade',
  'eventsHeld',
  'eventAttendance',
  'votesHeld',
] as const;

/** The charts' figures as a table (for screen readers and for checking a number). */
export function MonthTable({ d }: { d: Dashboard }) {
  const { t, i18n } = useTranslation('dashboard');
  const en = i18n.language === 'en';
  return (
    <details className="dash-table-wrap">
      <summary>{t('showTable')}</summary>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable table must be reachable by keyboard */}
      <div className="dash-scroll" role="region" aria-label={t('tableCaption')} tabIndex={0}>
        <table className="dash-table">
          <caption>{t('tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('month')}</th>
              {COLUMNS.map((c) => (
                <th scope="col" key={c}>
                  {en ? DASHBOARD_LABELS[c].en : DASHBOARD_LABELS[c].zh}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{m.month}</th>
                {COLUMNS.map((c) => (
                  <td key={c}>{m[c] ?? '—'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
