import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { fmtDate, useCompound, useRoleName } from '../council/common';
import '../council/council.css';

interface Topic {
  id: string;
  title: string;
  authorRole: string;
  replyCount: number;
  lastActivityAt: string;
  createdAt: string;
  hidden: boolean;
  mine: boolean;
}

/** The compound's board: topics by latest activity, and a form to start one. */
export default function BoardPage() {
  const { t } = useTranslation('discussion');
  const roleName = useRoleName();
  const { compoundId, loaded } = useCompound();
  const [topics, setTopics] = useState<Topic[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');

  const load = useCallback(async () => {
    if (!compoundId) return;
    try {
      setTopics(
        (await api<{ topics: Topic[] }>(`/api/v1/discussion/topics?compoundId=${encodeURIComponent(compoundId)}`)).topics,
      );
    } catch (e) {
      setError(e);
    }
  }, [compoundId]);
  useEffect(() => {
    void load();
  }, [load]);

  if (!compoundId) {
    return <Page title={t('title')}>{loaded ? <p>{t('noCompound')}</p> : <Loading />}</Page>;
  }
  return (
    <Page title={t('title')}>
      <p className="muted">{t('subtitle')}</p>
      <ErrorNote error={error} />
      {!topics && !error && <Loading />}
      {topics?.length === 0 && <p className="muted">{t('empty')}</p>}
      <ul className="list">
        {topics?.map((x) => (
          <li key={x.id} className="list-item">
            <Link className="council-item" to={`/discussion/${x.id}`}>
              <span className="council-item-title">{x.title}</span>
              <span className="council-meta">
                <span>{roleName(x.authorRole)}</span>
                <span>{t('replies', { count: x.replyCount })}</span>
                <time dateTime={x.lastActivityAt}>{fmtDate(x.lastActivityAt)}</time>
                {x.hidden && <strong>{t('hidden')}</strong>}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="new-topic">
        <h2 id="new-topic">{t('newTopic')}</h2>
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            setError(null);
            try {
              await api('/api/v1/discussion/topics', { method: 'POST', body: { compoundId, title, body } });
              setTitle('');
              setBody('');
              await load();
            } catch (err) {
              setError(err);
            }
          }}
        >
          <Field
            label={t('topicTitle')}
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={80}
          />
          <div className="field">
            <label htmlFor="topic-body">{t('body')}</label>
            <textarea
              id="topic-body"
              name="body"
              rows={4}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              required
              maxLength={4000}
            />
          </div>
          <button type="submit" className="btn" disabled={!title.trim() || !body.trim()}>
            {t('post')}
          </button>
        </form>
      </section>
    </Page>
  );
}
