import { type BudgetDetail, fenToYuan } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { addStrings } from '../../i18n';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import { BallotForm } from './BallotForm';
import { beijing } from './beijing';
import { budgetsI18n } from './i18n';
import { BudgetPaperCard } from './PaperCard';
import { ProposalForm } from './ProposalForm';
import { ProposalList } from './ProposalList';
import { ResultView } from './ResultView';
import { CloseButton, OpenVotingForm } from './StaffControls';
import './budgets.css';

addStrings('budgets', budgetsI18n);

/** One pot through its life: proposals and their checks, the approval ballot, the allocation. */
export default function BudgetPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('budgets');
  const { data: b, error, reload } = useApi<BudgetDetail>(`/api/v1/budgets/${encodeURIComponent(id)}`);
  if (!b) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  return (
    <Page title={b.title}>
      <p>
        {b.nodeName} · <strong>{t(`statuses.${b.status}`)}</strong> · {t('pot', { amount: fenToYuan(b.potFen) })}
      </p>
      {b.votingClosesAt && <p>{t('closesAt', { at: beijing(b.votingClosesAt) })}</p>}
      {b.result && <ResultView result={b.result} />}
      {b.status === 'voting' && <BallotForm budget={b} onCast={reload} />}
      {b.me.staff && b.status === 'voting' && <BudgetPaperCard id={b.id} />}
      {b.me.staff && b.status === 'voting' && <CloseButton id={b.id} onDone={reload} />}
      <h2>{t('proposals')}</h2>
      <ProposalList budget={b} onChange={reload} />
      {b.status === 'proposing' && <ProposalForm budget={b} onDone={reload} />}
      {b.me.staff && b.status === 'proposing' && <OpenVotingForm id={b.id} onDone={reload} />}
    </Page>
  );
}
