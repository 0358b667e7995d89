import type { PaperBallotView, VoteDetail } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { votesApi } from './api';
import { PaperCard } from './KeyingParts';
import './paper.i18n';

/** How many paper ballots stand where, with the way to the keying page and the printable sheet. */
export function PaperBallots({ vote }: { vote: VoteDetail }) {
  const { t } = useTranslation('votesPaper');
  const [list, setList] = useState<PaperBallotView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    votesApi.paper(vote.id).then(setList, setError);
  }, [vote.id]);
  return (
    <PaperCard list={list} error={error} title={t('card')} hint={t('cardHint')}>
      {vote.status === 'open' && (
        <Link className="btn" to={`/votes/${vote.id}/keying`}>
          {t('keyLink')}
        </Link>
      )}
      <Link className="btn btn-secondary" to={`/votes/${vote.id}/paper-sheet`}>
        {t('sheetLink')}
      </Link>
    </PaperCard>
  );
}
