import { type BudgetDetail, fenToYuan } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import { RunningTotal } from './RunningTotal';

/**
 * The approval ballot: tick any proposals whose costs add up to at most the pot. The running
 * total is written out (never colour alone); the server checks the same sum and refuses more.
 */
export function BallotForm({ budget, onCast }: { budget: BudgetDetail; onCast: () => void }) {
  const { t } = useTranslation('budgets');
  const [chosen, setChosen] = useState<string[]>([]);
  const [receipt, setReceipt] = useState('');
  const [error, setError] = useState<unknown>();
  const feasible = budget.proposals.filter((p) => p.status === 'feasible');
  const total = feasible.filter((p) => chosen.includes(p.id)).reduce((n, p) => n + p.costFen, 0);
  const over = total - budget.potFen;

  if (receipt)
    return (
      <p className="card" role="status">
        {t('receipt', { code: receipt })}
      </p>
    );
  if (!budget.me.household) return <p className="card">{t('noHousehold')}</p>;
  if (budget.me.voted) return <p className="card">{t('voted')}</p>;

  async function cast(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    try {
      const r = await api<{ receipt: string }>(`/api/v1/budgets/${budget.id}/ballots`, {
        method: 'POST',
        body: { choices: chosen },
      });
      setReceipt(r.receipt);
      onCast();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <form className="form card" onSubmit={cast}>
      <fieldset>
        <legend>
          <h2>{t('vote')}</h2>
        </legend>
        <p>{t('voteHint')}</p>
        {feasible.map((p) => (
          <label key={p.id} className="bg-choice">
            <input
              name="proposalIds"
              type="checkbox"
              checked={chosen.includes(p.id)}
              onChange={(e) => setChosen((c) => (e.target.checked ? [...c, p.id] : c.filter((x) => x !== p.id)))}
            />
            <span>
              {p.title} · {t('cost', { amount: fenToYuan(p.costFen) })}
            </span>
          </label>
        ))}
      </fieldset>
      <RunningTotal totalFen={total} potFen={budget.potFen} />
      <ErrorNote error={error} />
      <button className="btn" type="submit" disabled={chosen.length === 0 || over > 0}>
        {t('castBallot')}
      </button>
    </form>
  );
}
