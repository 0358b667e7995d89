import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { councilApi, issuePhotoUrl, type PublicIssue } from './api';
import { DecisionCard, fmtDate, StatusBadge, Timeline, useCategoryName } from './common';
import { IssuePhotos } from './IssuePhotos';
import './council.css';

/** Anyone can follow an issue: what was raised (with its photos), every step with its date and role, the decisions. */
export default function PublicIssuePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('council');
  const catName = useCategoryName();
  const [issue, setIssue] = useState<PublicIssue | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    councilApi.publicIssue(id).then(setIssue, setError);
  }, [id]);
  if (!issue) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  return (
    <Page title={issue.title}>
      <p className="council-meta">
        <StatusBadge status={issue.status} />
        <span>{catName(issue.category)}</span>
        <span>{issue.compoundName}</span>
        <time dateTime={issue.createdAt}>{fmtDate(issue.createdAt)}</time>
        <span>{t('supports', { count: issue.supportCount })}</span>
      </p>
      <div className="card">
        <p className="council-text">{issue.description}</p>
        <IssuePhotos urls={issue.photos.map((p) => issuePhotoUrl(issue.id, p, 'public'))} title={issue.title} />
        {issue.answer && (
          <p>
            <strong>{t('detail.answerTitle')}：</strong>
            <span className="council-text">{issue.answer}</span>
          </p>
        )}
      </div>
      {issue.decisions.length > 0 && (
        <section aria-labelledby="decisions">
          <h2 id="decisions">{t('detail.decisions')}</h2>
          {issue.decisions.map((d) => (
            <DecisionCard key={d.id} d={d} />
          ))}
        </section>
      )}
      <section aria-labelledby="timeline">
        <h2 id="timeline">{t('detail.timeline')}</h2>
        <Timeline steps={issue.timeline} />
      </section>
    </Page>
  );
}
