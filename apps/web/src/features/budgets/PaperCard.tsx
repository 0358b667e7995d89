import type { PaperBallotView } from '@lianxin/shared';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useApi } from '../dashboard/useApi';
import { PaperCard } from '../votes/KeyingParts';

/** For staff while voting is open: paper ballots so far, the keying page and the printable sheet. */
export function BudgetPaperCard({ id }: { id: string }) {
  const { t } = useTranslation('budgets');
  const { data, error } = useApi<PaperBallotView[]>(`/api/v1/budgets/${encodeURIComponent(id)}/paper-ballots`);
  return (
    <PaperCard list={data} error={error} title={t('paper.card')} hint={t('paper.cardHint')}>
      <Link className="btn" to={`/budgets/${id}/keying`}>
        {t('paper.keyLink')}
      </Link>
      <Link className="btn btn-secondary" to={`/budgets/${id}/paper-sheet`}>
        {t('paper.sheetLink')}
      </Link>
    </PaperCard>
  );
}
