import type { VoteDetail } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import { BallotForm, ReceiptCard } from './BallotForm';
import { RuleExplainer, StatusTag, useFormatTime } from './common';
import { OfficialCheck } from './OfficialCheck';
import { PaperBallots } from './PaperBallots';
import { ResultSummary } from './ResultSummary';
import { TurnoutCard } from './TurnoutCard';
import './votes.css';

/** One vote: the rule in plain words, the owner's ballot, and for staff turnout, paper ballots and closing. */
export default function VotePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('votes');
  const fmt = useFormatTime();
  const [vote, setVote] = useState<VoteDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [now, setNow] = useState(() => Date.now());
  const [closeError, setCloseError] = useState<unknown>(null);
  const [closedNote, setClosedNote] = useState(false);
  const [receipt, setReceipt] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setVote(await votesApi.get(id));
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  // The page notices when the window ends, so the ballot gives way and staff see the close button.
  useEffect(() => {
    if (vote?.status !== 'open') return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [vote?.status]);

  // Once the window has ended the server closes the vote by itself: pick the result up when it does.
  const waitingForClose = vote?.status === 'open' && now >= Date.parse(vote.closesAt);
  useEffect(() => {
    if (!waitingForClose) return;
    const timer = setInterval(() => void load(), 5000);
    return () => clearInterval(timer);
  }, [waitingForClose, load]);

  if (!vote) return <Page title={t('title')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const ended = now >= Date.parse(vote.closesAt);
  const notYet = now < Date.parse(vote.opensAt);

  return (
    <Page title={vote.title}>
      <p>
        <StatusTag status={vote.status} /> {vote.compoundName} ·{' '}
        {vote.status === 'open'
          ? t('until', { time: fmt(vote.closesAt) })
          : t('closedAt', { time: fmt(vote.closedAt ?? vote.closesAt) })}
      </p>
      {vote.body && <p className="vote-body">{vote.body}</p>}
      <RuleExplainer vote={vote} />

      {vote.status === 'open' && vote.me.units === null && !vote.me.staff && <p className="card">{t('notVoter')}</p>}
      {vote.status === 'open' &&
        vote.me.units !== null &&
        (receipt ? (
          <ReceiptCard receipt={receipt} />
        ) : vote.me.voted ? (
          <p className="card ok-note" data-testid="already-voted">
            ✓ {t('alreadyVoted')}
          </p>
        ) : notYet ? (
          <p className="card">{t('notOpenYet')}</p>
        ) : ended ? (
          <p className="card">{t('windowEnded')}</p>
        ) : (
          <BallotForm
            vote={vote}
            onCast={(code) => {
              setReceipt(code);
              setVote({ ...vote, me: { ...vote.me, voted: true } });
            }}
          />
        ))}

      {vote.status === 'closed' && vote.result && (
        <>
          <ResultSummary result={vote.result} />
          <Link className="btn btn-block" to={`/votes/${vote.id}/results`}>
            {t('viewResults')}
          </Link>
        </>
      )}

      {vote.me.staff && (
        <>
          {vote.status === 'open' && <TurnoutCard voteId={vote.id} />}
          <Link className="btn btn-secondary btn-block" to={`/votes/${vote.id}/electorate`}>
            {t('staff.electorate')}
          </Link>
          {vote.status === 'open' && ended && (
            <div className="card">
              <p>{t('staff.closeHint')}</p>
              <button
                type="button"
                className="btn btn-block"
                onClick={async () => {
                  setCloseError(null);
                  try {
                    await votesApi.close(vote.id);
                    setClosedNote(true);
                  } catch (e) {
                    setCloseError(e);
                  }
                  void load();
                }}
              >
                {t('staff.close')}
              </button>
              <ErrorNote error={closeError} />
            </div>
          )}
          {closedNote && (
            <p className="ok-note" role="status">
              {t('staff.closedNow')}
            </p>
          )}
          <PaperBallots vote={vote} />
          {vote.kind === 'decision' && <OfficialCheck voteId={vote.id} />}
        </>
      )}
    </Page>
  );
}
