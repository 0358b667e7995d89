import type { CheckpointDto, InclusionProofDto } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { CheckpointStamp } from '../log/CheckpointStamp';
import { councilApi, issuePhotoUrl, type PublicDecision } from './api';
import { DecisionCard, fmtDate } from './common';
import { IssuePhotos } from './IssuePhotos';
import './council.css';

/** The public notice (公示) of one council decision, with its notice period: no sign-in needed. */
export default function DecisionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('council');
  const [d, setD] = useState<PublicDecision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checkpoint, setCheckpoint] = useState<CheckpointDto | null>(null);
  const tl = useTranslation('log').t;
  useEffect(() => {
    councilApi.publicDecision(id).then(setD, setError);
    // The printed notice carries the checkpoint that holds the decision's log entry (its receipt
    // proof's); none for the second before the sequencer takes the entry in.
    api<InclusionProofDto>(`/api/v1/log/receipts/decision/${encodeURIComponent(id)}`).then(
      (p) => setCheckpoint(p.checkpoint),
      () => setCheckpoint(null),
    );
  }, [id]);
  if (!d) return <Page title={t('notice.title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  const issueId = d.issueId;
  return (
    <Page title={t('notice.title')}>
      <p className="council-notice-state" role="status">
        {t(`notice.state.${d.noticeState}`)} — {t('notice.period', { from: d.noticeFrom, until: d.noticeUntil })}
      </p>
      <p>
        {d.compoundName} · {t('notice.meeting')}：{d.meetingTitle}（{fmtDate(d.meetingAt)}）
      </p>
      {d.issueTitle && issueId && (
        <>
          <p>
            {t('notice.issue')}：<Link to={`/council/public/issues/${issueId}`}>{d.issueTitle}</Link>
          </p>
          <IssuePhotos urls={d.issuePhotos.map((p) => issuePhotoUrl(issueId, p, 'public'))} title={d.issueTitle} />
        </>
      )}
      <DecisionCard d={d} noticeLink={false} />
      <p>
        <Link to={`/verify/decision/${encodeURIComponent(d.id)}`} data-testid="verify-decision">
          {tl('stamp.verifyDecision')}
        </Link>
      </p>
      <CheckpointStamp checkpoint={checkpoint} />
    </Page>
  );
}
