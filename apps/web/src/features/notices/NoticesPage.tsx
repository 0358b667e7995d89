import type { Notice } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { useApi } from '../dashboard/useApi';
import './notices.css';

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** Notices for me; staff also see every state in their subtree with read counts, and publish. */
export default function NoticesPage() {
  const { t } = useTranslation('notices');
  const { me } = useSession();
  const { data, error, reload } = useApi<Notice[]>(me ? '/api/v1/notices' : null);
  const nodes = (me?.roles ?? []).filter((r) => STAFF.includes(r.role));
  const [nodeId, setNodeId] = useState('');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [publishAt, setPublishAt] = useState('');
  const [expiresAt, setExpiresAt] = useState('');
  const [saveError, setSaveError] = useState<unknown>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [ok, setOk] = useState(false);

  async function publish(e: FormEvent) {
    e.preventDefault();
    setSaveError(undefined);
    setOk(false);
    try {
      await api('/api/v1/notices', {
        method: 'POST',
        body: {
          nodeId: nodeId || nodes[0]?.nodeId,
          title,
          body,
          ...(publishAt ? { publishAt: new Date(publishAt).toISOString() } : {}),
          ...(expiresAt ? { expiresAt: new Date(expiresAt).toISOString() } : {}),
        },
      });
      setTitle('');
      setBody('');
      setOk(true);
      reload();
    } catch (err) {
      setSaveError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    }
  }

  return (
    <Page title={t('title')}>
      <ErrorNote error={error} />
      {me && !data && !error && <Loading />}
      {data?.length === 0 && <p>{t('none')}</p>}
      <ul className="list">
        {data?.map((n) => (
          <li key={n.id}>
            <Link className="list-button nt-item" to={`/notices/${n.id}`}>
              <strong>
                {!n.readByMe && n.state === 'live' && <span className="nt-badge">{t('unread')}</span>} {n.title}
              </strong>
              <span className="muted">
                {n.nodeName} · {new Date(n.publishAt).toLocaleString()} · {t(`states.${n.state}`)}
                {n.readCount !== null && ` · ${t('readCount', { n: n.readCount })}`}
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {nodes.length > 0 && (
        <form className="form card nt-form" onSubmit={publish}>
          <h2>{t('publish')}</h2>
          <SelectField
            name="nodeId"
            id="nt-node"
            label={t('to')}
            value={nodeId}
            onChange={setNodeId}
            options={nodes.map((n) => ({ key: `${n.role}-${n.nodeId}`, value: n.nodeId, label: n.nodeName }))}
          />
          <Field
            name="title"
            label={t('noticeTitle')}
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={120}
            error={fields.title}
          />
          <div className="field">
            <label htmlFor="nt-body">{t('body')}</label>
            <textarea
              name="body"
              id="nt-body"
              rows={5}
              value={body}
              onChange={(e) => setBody(e.target.value)}
              required
              maxLength={20000}
            />
            {fields.body && <p className="field-error">⚠ {fields.body}</p>}
          </div>
          <Field
            name="publishAt"
            label={t('publishAt')}
            type="datetime-local"
            value={publishAt}
            onChange={(e) => setPublishAt(e.target.value)}
            error={fields.publishAt}
          />
          <Field
            name="expiresAt"
            label={t('expiresAt')}
            type="datetime-local"
            value={expiresAt}
            onChange={(e) => setExpiresAt(e.target.value)}
            error={fields.expiresAt}
          />
          <ErrorNote error={saveError} />
          {ok && (
            <p className="ok-note" role="status">
              ✓ {t('published')}
            </p>
          )}
          <button className="btn" type="submit">
            {t('publish')}
          </button>
        </form>
      )}
    </Page>
  );
}
