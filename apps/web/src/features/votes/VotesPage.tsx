import type { VoteSummary } from '@lianxin/shared';
import { VOTE_STAFF_ROLES } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { votesApi } from './api';
import { StatusTag, useFormatTime } from './common';
import './votes.css';

/** The votes I may cast in or run, newest first. */
export default function VotesPage() {
  const { t } = useTranslation('votes');
  const { me, loading, hasRole } = useSession();
  const fmt = useFormatTime();
  const [votes, setVotes] = useState<VoteSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setVotes(await votesApi.list());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => {
    if (me) void load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/votes" replace />;
  return (
    <Page
      title={t('title')}
      actions={
        hasRole(...VOTE_STAFF_ROLES) ? (
          <Link className="btn" to="/votes/new">
            {t('newVote')}
          </Link>
        ) : undefined
      }
    >
      <ErrorNote error={error} onRetry={load} />
      {!votes && !error && <Loading />}
      {votes?.length === 0 && <p className="muted">{t('none')}</p>}
      <ul className="list">
        {votes?.map((v) => (
          <li key={v.id}>
            <Link className="list-button vote-item" to={`/votes/${v.id}`}>
              <span className="vote-item-title">{v.title}</span>
              <span className="muted">
                {v.compoundName} · {v.kind === 'decision' && v.matter ? t(`matter.${v.matter}`) : t('kind.consultation')}
              </span>
              <span>
                <StatusTag status={v.status} /> {v.status === 'open' ? t('until', { time: fmt(v.closesAt) }) : null}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
