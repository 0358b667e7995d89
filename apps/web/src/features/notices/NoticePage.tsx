import type { Notice } from '@lianxin/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../dashboard/useApi';
import './notices.css';

/** One notice (opening it records the read); staff see the read count and may withdraw it. */
export default function NoticePage() {
  const { t } = useTranslation('notices');
  const { id = '' } = useParams();
  const { data, error } = useApi<Notice>(`/api/v1/notices/${encodeURIComponent(id)}`);
  const [after, setAfter] = useState<Notice>();
  const [actionError, setActionError] = useState<unknown>();
  const n = after ?? data;
  return (
    <Page title={n?.title ?? t('title')}>
      <ErrorNote error={error ?? actionError} />
      {!n && !error && <Loading />}
      {n && (
        <article className="card">
          <p className="muted">
            {n.nodeName} · {new Date(n.publishAt).toLocaleString()} · {t(`states.${n.state}`)}
            {n.expiresAt && ` → ${new Date(n.expiresAt).toLocaleString()}`}
          </p>
          <div className="nt-body">{n.body}</div>
          {n.readCount !== null && (
            <p>
              <strong>{t('readCount', { n: n.readCount })}</strong>
            </p>
          )}
          {n.readCount !== null && !n.withdrawn && (
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() =>
                api<Notice>(`/api/v1/notices/${encodeURIComponent(id)}/withdraw`, { method: 'POST' }).then(
                  setAfter,
                  setActionError,
                )
              }
            >
              {t('withdraw')}
            </button>
          )}
        </article>
      )}
      <Link to="/notices">{t('back')}</Link>
    </Page>
  );
}
