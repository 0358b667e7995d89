import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { councilApi, type IssueDetail, issuePhotoUrl } from './api';
import { DecisionCard, fmtDate, StatusBadge, Timeline, useCategoryName, useRoleName } from './common';
import { IssuePhotos } from './IssuePhotos';
import { PhotoConsent } from './PhotoConsent';
import { PlanView } from './PlanPicker';
import { TextAction } from './TextAction';

/** Picks the issue a duplicate repeats, among the compound's other open issues. */
function MergeForm({ issue, onMerge }: { issue: IssueDetail; onMerge: (intoId: string) => Promise<unknown> }) {
  const { t } = useTranslation('council');
  const [others, setOthers] = useState<Array<{ id: string; title: string }>>([]);
  const [into, setInto] = useState('');
  useEffect(() => {
    councilApi.issues(issue.compoundId, 'raised,on_agenda,discussed,decided,in_progress', '').then(
      (r) => setOthers(r.issues.filter((x) => x.id !== issue.id)),
      () => setOthers([]),
    );
  }, [issue.compoundId, issue.id]);
  if (!others.length) return null;
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        if (into) void onMerge(into);
      }}
    >
      <div className="field">
        <label htmlFor="merge-into">{t('detail.mergeInto')}</label>
        <select name="intoIssueId" id="merge-into" value={into} onChange={(e) => setInto(e.target.value)}>
          <option value="">—</option>
          {others.map((o) => (
            <option key={o.id} value={o.id}>
              {o.title}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="btn btn-secondary" disabled={!into}>
        {t('detail.merge')}
      </button>
    </form>
  );
}

import './council.css';

/** One issue: what, where, photos, support, comments, its public timeline and the staff's steps. */
export default function IssuePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('council');
  const catName = useCategoryName();
  const roleName = useRoleName();
  const [issue, setIssue] = useState<IssueDetail | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async () => {
    try {
      setIssue(await councilApi.issue(id));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  /** Runs an action, then reloads; an error is shown in words above the actions. */
  /** Runs a write and reloads; false when it was refused (a text box then keeps what was typed). */
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      await load();
      return true;
    } catch (e) {
      setError(e);
      return false;
    }
  };

  if (!issue) return <Page title={t('title')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  const s = issue.status;
  const closed = s === 'answered' || s === 'resolved' || s === 'merged';
  return (
    <Page title={issue.title}>
      <p className="council-meta">
        <StatusBadge status={s} />
        <span>{catName(issue.category)}</span>
        <span>{issue.compoundName}</span>
        <time dateTime={issue.createdAt}>{fmtDate(issue.createdAt)}</time>
      </p>
      {issue.hidden && (
        <p className="error-note" role="note">
          {t('detail.hiddenNote', { reason: issue.hiddenReason ?? '' })}
        </p>
      )}
      <div className="card">
        <p className="council-text">{issue.description}</p>
        {(issue.building || issue.locationText) && (
          <p>
            {t('detail.building')}：{[issue.building?.name, issue.locationText].filter(Boolean).join('，')}
          </p>
        )}
        {issue.plan && (
          <PlanView
            compoundId={issue.compoundId}
            point={{ x: issue.plan.x, y: issue.plan.y, zoneId: issue.plan.zoneId ?? undefined }}
          />
        )}
        <IssuePhotos urls={issue.photos.map((p) => issuePhotoUrl(issue.id, p, 'member'))} title={issue.title} />
        {issue.reporter && (
          <p className="muted">
            {t('detail.reporter')}：{[issue.reporter.name, issue.reporter.door, issue.reporter.contact].filter(Boolean).join(' ')}
          </p>
        )}
        {issue.answer && (
          <p>
            <strong>{t('detail.answerTitle')}：</strong>
            <span className="council-text">{issue.answer}</span>
          </p>
        )}
        {issue.mergedIntoId && <Link to={`/council/issues/${issue.mergedIntoId}`}>{t('detail.mergedInto')}</Link>}
      </div>
      <PhotoConsent issue={issue} onChanged={load} />

      <div className="council-row">
        <button
          type="button"
          className="btn"
          disabled={issue.me.supported || closed || issue.me.raisedByMe}
          aria-pressed={issue.me.supported}
          aria-describedby={issue.me.raisedByMe ? 'own-issue' : undefined}
          onClick={() => act(() => councilApi.support(issue.id))}
        >
          {issue.me.supported ? `✔ ${t('detail.supported')}` : t('detail.support')}
        </button>
        {issue.me.raisedByMe && (
          <span id="own-issue" className="muted">
            {t('ownIssue')}
          </span>
        )}
        <span>{t('supports', { count: issue.supportCount })}</span>
        <Link to={`/council/public/issues/${issue.id}`}>{t('detail.publicLink')}</Link>
      </div>
      <ErrorNote error={error} />

      {issue.me.raisedByMe && (s === 'answered' || s === 'resolved') && (
        <div className="card">
          <TextAction
            label={t('detail.reopenReason')}
            button={t('detail.reopen')}
            name="reason"
            onSubmit={(r) => act(() => councilApi.reopen(issue.id, r))}
          />
        </div>
      )}

      {issue.me.staff && (
        <section className="card no-print" aria-labelledby="staff-actions">
          <h2 id="staff-actions">{t('detail.staffActions')}</h2>
          {s === 'raised' && (
            <TextAction
              label={t('detail.answerLabel')}
              button={t('detail.answer')}
              multiline
              name="answer"
              onSubmit={(a) => act(() => councilApi.answer(issue.id, a))}
            />
          )}
          {s === 'decided' && (
            <button type="button" className="btn btn-block" onClick={() => act(() => councilApi.start(issue.id))}>
              {t('detail.start')}
            </button>
          )}
          {s === 'in_progress' && (
            <button type="button" className="btn btn-block" onClick={() => act(() => councilApi.resolve(issue.id))}>
              {t('detail.resolve')}
            </button>
          )}
          {s === 'raised' && <MergeForm issue={issue} onMerge={(into) => act(() => councilApi.merge(issue.id, into))} />}
          {issue.hidden ? (
            <button type="button" className="btn btn-secondary" onClick={() => act(() => councilApi.unhide(issue.id))}>
              {t('detail.unhide')}
            </button>
          ) : (
            <TextAction
              label={t('detail.hideReason')}
              button={t('detail.hide')}
              name="reason"
              onSubmit={(r) => act(() => councilApi.hide(issue.id, r))}
            />
          )}
        </section>
      )}

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

      <section aria-labelledby="comments">
        <h2 id="comments">{t('detail.comments')}</h2>
        <ul className="list">
          {issue.comments.map((c) => (
            <li key={c.id} className="list-item">
              <div className="council-meta">
                <strong>{roleName(c.authorRole)}</strong>
                <time dateTime={c.createdAt}>{fmtDate(c.createdAt)}</time>
              </div>
              {c.hidden && <p className="muted">{t('detail.hiddenCommentNote', { reason: c.hiddenReason ?? '' })}</p>}
              <p className="council-text">{c.body}</p>
              {issue.me.staff && !c.hidden && (
                <TextAction
                  name="reason"
                  label={t('detail.hideReason')}
                  button={t('detail.hideComment')}
                  onSubmit={(r) => act(() => councilApi.hideComment(c.id, r))}
                />
              )}
            </li>
          ))}
        </ul>
        {s !== 'merged' && (
          <TextAction
            label={t('detail.addComment')}
            button={t('detail.send')}
            multiline
            name="body"
            onSubmit={(b) => act(() => councilApi.comment(issue.id, b))}
          />
        )}
      </section>
    </Page>
  );
}
