import type { PaperBallotView, VoteDetail } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote } from '../../ui/Page';
import { votesApi } from './api';
import './paper.i18n';

/** How many paper ballots stand where, with the way to the keying page and the printable sheet. */
export function PaperBallots({ vote }: { vote: VoteDetail }) {
  const { t } = useTranslation('votesPaper');
  const [list, setList] = useState<PaperBallotView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    votesApi.paper(vote.id).then(setList, setError);
  }, [vote.id]);
  const n = (...st: PaperBallotView['status'][]) => (list ?? []).filter((b) => st.includes(b.status)).length;
  return (
    <section className="card" aria-labelledby="paper-title">
      <h2 id="paper-title">{t('card')}</h2>
      <p className="muted">{t('cardHint')}</p>
      {list && (
        <p data-testid="paper-counts">
          {t('counts', { counted: n('agreed', 'decided'), waiting: n('waiting'), mismatch: n('mismatch') })}
        </p>
      )}
      <ErrorNote error={error} />
      <div className="vote-actions">
        {vote.status === 'open' && (
          <Link className="btn" to={`/votes/${vote.id}/keying`}>
            {t('keyLink')}
          </Link>
        )}
        <Link className="btn btn-secondary" to={`/votes/${vote.id}/paper-sheet`}>
          {t('sheetLink')}
        </Link>
      </div>
    </section>
  );
}
