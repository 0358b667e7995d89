import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { fmtDate, useRoleName } from '../council/common';
import { TextAction } from '../council/TextAction';
import '../council/council.css';

interface Post {
  id: string;
  authorRole: string;
  body: string;
  createdAt: string;
  hidden: boolean;
  hiddenReason: string | null;
  mine: boolean;
}
interface Topic extends Post {
  title: string;
  replyCount: number;
  staff: boolean;
  replies: Post[];
}

/** One topic with its replies; staff hide posts with a reason the author still sees. */
export default function TopicPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('discussion');
  const roleName = useRoleName();
  const [topic, setTopic] = useState<Topic | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      setTopic(await api<Topic>(`/api/v1/discussion/topics/${id}`));
    } catch (e) {
      setError(e);
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);
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
  if (!topic) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;
  return (
    <Page title={topic.title}>
      <p className="council-meta">
        <span>{roleName(topic.authorRole)}</span>
        <time dateTime={topic.createdAt}>{fmtDate(topic.createdAt)}</time>
      </p>
      {topic.hidden && (
        <p className="error-note" role="note">
          {t('hiddenNote', { reason: topic.hiddenReason ?? '' })}
        </p>
      )}
      <div className="card">
        <p className="council-text">{topic.body}</p>
      </div>
      <ErrorNote error={error} />
      {topic.staff &&
        (topic.hidden ? (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => act(() => api(`/api/v1/discussion/topics/${topic.id}/unhide`, { method: 'POST', body: {} }))}
          >
            {t('unhide')}
          </button>
        ) : (
          <TextAction
            name="reason"
            label={t('hideReason')}
            button={t('hide')}
            onSubmit={(reason) =>
              act(() => api(`/api/v1/discussion/topics/${topic.id}/hide`, { method: 'POST', body: { reason } }))
            }
          />
        ))}
      <h2>{t('replies', { count: topic.replyCount })}</h2>
      <ul className="list">
        {topic.replies.map((r) => (
          <li key={r.id} className="list-item">
            <div className="council-meta">
              <strong>{roleName(r.authorRole)}</strong>
              <time dateTime={r.createdAt}>{fmtDate(r.createdAt)}</time>
            </div>
            {r.hidden && <p className="muted">{t('hiddenNote', { reason: r.hiddenReason ?? '' })}</p>}
            <p className="council-text">{r.body}</p>
            {topic.staff && !r.hidden && (
              <TextAction
                name="reason"
                label={t('hideReason')}
                button={t('hide')}
                onSubmit={(reason) =>
                  act(() => api(`/api/v1/discussion/replies/${r.id}/hide`, { method: 'POST', body: { reason } }))
                }
              />
            )}
          </li>
        ))}
      </ul>
      {!topic.hidden && (
        <TextAction
          label={t('replyLabel')}
          button={t('reply')}
          multiline
          name="body"
          onSubmit={(body) => act(() => api(`/api/v1/discussion/topics/${topic.id}/replies`, { method: 'POST', body: { body } }))}
        />
      )}
      <Link to="/discussion">{t('back')}</Link>
    </Page>
  );
}
