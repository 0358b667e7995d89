import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { setUnreadCount } from '../../lib/unread';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { ChannelsForm } from './ChannelsForm';
import { useLiveEvent } from './live';
import './notifications.css';

interface Item {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
  read: boolean;
}
interface Prefs {
  email: string | null;
  emailEnabled: boolean;
  digest: boolean;
  quietStart: string | null;
  quietEnd: string | null;
}

/** The inbox, live: new messages appear at the top while the page is open. */
export default function InboxPage() {
  const { t, i18n } = useTranslation('notifications');
  const [items, setItems] = useState<Item[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    try {
      const r = await api<{ items: Item[]; unread: number }>('/api/v1/notifications');
      setItems(r.items);
      setUnread(r.unread);
      setUnreadCount(r.unread);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void load(), [load]);
  useLiveEvent('notification', () => void load());

  const markRead = async (id: string) => {
    try {
      const r = await api<{ unread: number }>(`/api/v1/notifications/${id}/read`, { method: 'POST' });
      setUnread(r.unread);
      setUnreadCount(r.unread);
      setItems((xs) => xs?.map((x) => (x.id === id ? { ...x, read: true } : x)) ?? null);
    } catch (e) {
      setError(e);
    }
  };
  const markAll = async () => {
    await api('/api/v1/notifications/read-all', { method: 'POST' }).catch(setError);
    await load();
  };
  const fmt = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' });

  return (
    <Page
      title={t('title')}
      actions={
        unread > 0 ? (
          <button type="button" className="btn btn-secondary" onClick={markAll}>
            {t('markAll')}
          </button>
        ) : undefined
      }
    >
      <ErrorNote error={error} onRetry={load} />
      {!items && !error && <Loading />}
      {items?.length === 0 && <p className="muted">{t('empty')}</p>}
      <ul className="list" aria-live="polite">
        {items?.map((n) => (
          <li key={n.id} className={`list-item inbox-item${n.read ? '' : ' unread'}`}>
            <h3>
              {!n.read && <span className="visually-tag">【{t('unread')}】</span>}
              {n.title}
            </h3>
            {n.body && <p>{n.body}</p>}
            <p className="muted">{fmt(n.createdAt)}</p>
            <div className="inbox-actions">
              {n.link?.startsWith('/') && (
                <Link className="btn" to={n.link} onClick={() => !n.read && void markRead(n.id)}>
                  {t('open')}
                </Link>
              )}
              {!n.read && (
                <button type="button" className="btn btn-secondary" onClick={() => markRead(n.id)}>
                  {t('markRead')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
      <PrefsForm />
      <ChannelsForm />
    </Page>
  );
}

function PrefsForm() {
  const { t } = useTranslation('notifications');
  const [p, setP] = useState<Prefs | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    api<Prefs>('/api/v1/notifications/preferences').then(setP, setError);
  }, []);
  if (!p) return error ? <ErrorNote error={error} /> : null;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      setP(
        await api<Prefs>('/api/v1/notifications/preferences', {
          method: 'PUT',
          body: {
            email: p.email || null,
            emailEnabled: p.emailEnabled,
            digest: p.digest,
            quietStart: p.quietStart || null,
            quietEnd: p.quietEnd || null,
          },
        }),
      );
      setSaved(true);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card inbox-prefs" onSubmit={submit}>
      <h2>{t('prefs')}</h2>
      <Field
        name="email"
        label={t('email')}
        type="email"
        value={p.email ?? ''}
        onChange={(e) => setP({ ...p, email: e.target.value })}
        autoComplete="email"
      />
      <label className="check">
        <input
          name="emailEnabled"
          type="checkbox"
          checked={p.emailEnabled}
          onChange={(e) => setP({ ...p, emailEnabled: e.target.checked })}
        />
        {t('emailEnabled')}
      </label>
      <label className="check">
        <input name="digest" type="checkbox" checked={p.digest} onChange={(e) => setP({ ...p, digest: e.target.checked })} />
        {t('digest')}
      </label>
      <fieldset className="time-pair">
        <legend>{t('quiet')}</legend>
        <Field
          name="quietStart"
          label={t('quietStart')}
          type="time"
          value={p.quietStart ?? ''}
          onChange={(e) => setP({ ...p, quietStart: e.target.value })}
        />
        <Field
          name="quietEnd"
          label={t('quietEnd')}
          type="time"
          value={p.quietEnd ?? ''}
          onChange={(e) => setP({ ...p, quietEnd: e.target.value })}
        />
      </fieldset>
      <p className="muted">{t('quietHint')}</p>
      <ErrorNote error={error} />
      {saved && (
        <p className="ok-note" role="status">
          {t('saved')}
        </p>
      )}
      <button type="submit" className="btn btn-block">
        {t('save')}
      </button>
    </form>
  );
}
