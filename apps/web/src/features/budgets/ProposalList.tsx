import { type BudgetDetail, fenToYuan } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import { PlanView } from '../council/PlanPicker';
import '../council/council.css';

type Proposal = BudgetDetail['proposals'][number];

/** The proposals as residents see them (refusals with their published reason); staff check them here. */
export function ProposalList({ budget, onChange }: { budget: BudgetDetail; onChange: () => void }) {
  const { t } = useTranslation('budgets');
  if (!budget.proposals.length) return <p>{t('noProposals')}</p>;
  return (
    <ul className="bg-proposals">
      {budget.proposals.map((p) => (
        <li key={p.id} className="card bg-proposal" data-testid="proposal">
          <h3>
            {p.title}
            <span className={`bg-tag${p.status === 'refused' ? ' bg-refused' : ''}`}>{t(`pstatus.${p.status}`)}</span>
            {p.mine && <span className="bg-tag">{t('mine')}</span>}
          </h3>
          <p>{t('cost', { amount: fenToYuan(p.costFen) })}</p>
          {p.description && <p>{p.description}</p>}
          {p.refusalReason && <p className="bg-refused">{t('refusedBecause', { reason: p.refusalReason })}</p>}
          {p.photoIds.length > 0 && (
            <div className="bg-photos">
              {p.photoIds.map((u) => (
                <img key={u} src={`/api/v1/uploads/${u}`} alt={p.title} />
              ))}
            </div>
          )}
          {p.plan && p.compoundId && (
            <details>
              <summary>{t('place', { where: `${p.plan.x}, ${p.plan.y}` })}</summary>
              <PlanView compoundId={p.compoundId} point={p.plan} />
            </details>
          )}
          {budget.me.staff && p.status === 'submitted' && budget.status === 'proposing' && (
            <Review budgetId={budget.id} proposal={p} onDone={onChange} />
          )}
        </li>
      ))}
    </ul>
  );
}

function Review({ budgetId, proposal, onDone }: { budgetId: string; proposal: Proposal; onDone: () => void }) {
  const { t } = useTranslation('budgets');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>();
  async function send(feasible: boolean, e?: FormEvent) {
    e?.preventDefault();
    setError(undefined);
    try {
      await api(`/api/v1/budgets/${budgetId}/proposals/${proposal.id}/review`, {
        method: 'POST',
        body: feasible ? { feasible } : { feasible, reason },
      });
      onDone();
    } catch (err) {
      setError(err);
    }
  }
  const reasonId = `bg-reason-${proposal.id}`;
  return (
    <form className="bg-review" onSubmit={(e) => send(false, e)} aria-label={`${t('review')} · ${proposal.title}`}>
      <button type="button" className="btn" onClick={() => send(true)}>
        {t('feasible')}
      </button>
      <div className="field">
        <label htmlFor={reasonId}>{t('reason')}</label>
        <input name="reason" id={reasonId} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} required />
      </div>
      <button type="submit" className="btn btn-secondary">
        {t('refuse')}
      </button>
      <ErrorNote error={error} />
    </form>
  );
}
