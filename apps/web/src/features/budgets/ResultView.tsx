import { type BudgetResultOut, fenToYuan } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The allocation with its rule written above it, each row saying in words why it was or was not funded. */
export function ResultView({ result }: { result: BudgetResultOut }) {
  const { t } = useTranslation('budgets');
  const why = (r: BudgetResultOut['rows'][number]) => (r.funded ? t('funded') : r.approvals === 0 ? t('unfunded') : t('skipped'));
  return (
    <section className="card" aria-labelledby="bg-result">
      <h2 id="bg-result">{t('result')}</h2>
      <p>
        <strong>{t('ruleLabel')}：</strong>
        {result.ruleText}
      </p>
      <p>{t('ballots', { ballots: result.ballots, households: result.households })}</p>
      <p>{t('spent', { spent: fenToYuan(result.spentFen), left: fenToYuan(result.leftFen) })}</p>
      <table className="bg-result">
        <tbody>
          {result.rows.map((r) => (
            <tr key={r.id} data-testid="result-row">
              <td>{t('rank', { n: r.rank })}</td>
              <td>
                <strong>{r.title}</strong>
                <br />
                {t('cost', { amount: fenToYuan(r.costFen) })}
              </td>
              <td>{t('approvals', { n: r.approvals })}</td>
              <td>
                <strong className={r.funded ? '' : 'bg-refused'}>{why(r)}</strong>
                {r.projectId && (
                  <>
                    <br />
                    <Link to={`/public/projects/${r.projectId}`}>{t('project')}</Link>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
