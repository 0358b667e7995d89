import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote, Loading, OkNote, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import { smsI18n } from './i18n';
import './sms.css';

addStrings('sms', smsI18n);

interface FailedSms {
  id: string;
  phone: string;
  personName: string | null;
  template: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  lastAttemptAt: string | null;
}

interface RetryAnswer {
  status: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
}

/** Staff see the text messages the gateway kept refusing (phones masked) and send one again. */
export default function FailedSmsPage() {
  const { t } = useTranslation('sms');
  const list = useFetch<{ messages: FailedSms[] }>('/api/v1/sms/failed');
  const [done, setDone] = useState('');
  if (!list.data && !list.error) return <Loading />;
  return (
    <Page title={t('title')}>
      <p className="muted">{t('lead')}</p>
      <ErrorNote error={list.error} onRetry={list.reload} />
      <OkNote show={!!done}>{done}</OkNote>
      {list.data?.messages.length === 0 && <p data-testid="no-failed-sms">{t('none')}</p>}
      <ul className="list sms-failed">
        {list.data?.messages.map((m) => (
          <Message
            key={m.id}
            m={m}
            onDone={(msg) => {
              setDone(msg);
              list.reload();
            }}
          />
        ))}
      </ul>
    </Page>
  );
}

function Message({ m, onDone }: { m: FailedSms; onDone: (msg: string) => void }) {
  const { t, i18n } = useTranslation('sms');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState('');
  const when = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: 'Asia/Shanghai',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(m.lastAttemptAt ?? m.createdAt));
  const template =
    m.template === 'login_code' || m.template === 'notice'
      ? t(`templates.${m.template}`)
      : t('templates.other', { name: m.template });

  async function retry() {
    setBusy(true);
    setError(undefined);
    setPending('');
    try {
      const r = await api<RetryAnswer>(`/api/v1/sms/failed/${encodeURIComponent(m.id)}/retry`, { method: 'POST' });
      if (r.status === 'sent') onDone(t('sent', { phone: m.phone }));
      else setPending(t('pending', { error: r.lastError ?? '—' }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li className="card" data-testid="failed-sms">
      <h2>
        {m.personName ?? t('unknownPerson')} <span className="muted">{m.phone}</span>
      </h2>
      <dl className="sms-facts">
        <dt>{t('template')}</dt>
        <dd>{template}</dd>
        <dt>{t('attempts')}</dt>
        <dd>{t('attemptsCount', { count: m.attempts })}</dd>
        <dt>{t('lastError')}</dt>
        <dd className="sms-error">{m.lastError ?? '—'}</dd>
        <dt>{t('at')}</dt>
        <dd>
          <time dateTime={m.lastAttemptAt ?? m.createdAt}>{when}</time>
        </dd>
      </dl>
      <ErrorNote error={error} />
      {pending && (
        <p className="field-error" role="status">
          {pending}
        </p>
      )}
      <button type="button" className="btn" disabled={busy} onClick={retry} data-testid="retry-sms">
        {busy ? t('retrying') : t('retry')}
      </button>
    </li>
  );
}
