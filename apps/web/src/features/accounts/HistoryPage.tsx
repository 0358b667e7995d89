import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import './accounts.css';

interface Item {
  seq: number;
  at: string;
  action: string;
  channel: string | null;
  actorName: string | null;
  targetType: string | null;
  targetId: string | null;
}

/** 代办记录: what others did for me while acting for me, from the audit log. */
export default function HistoryPage() {
  const { t, i18n } = useTranslation('accounts');
  const { me, loading } = useSession();
  const [items, setItems] = useState<Item[] | null>(null);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    if (!me) return;
    api<{ items: Item[] }>('/api/v1/me/proxy-history')
      .then((r) => setItems(r.items))
      .catch(setError);
  }, [me]);

  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/me/history" replace />;

  const fmt = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });
  const label = (a: string) => {
    const key = `action_${a.replace(/\./g, '_')}`;
    return i18n.exists(`accounts:${key}`) ? t(key) : t('actionOther', { action: a });
  };

  return (
    <Page title={t('historyTitle')}>
      <p>{t('historyIntro')}</p>
      <ErrorNote error={error} />
      {items === null && !error ? (
        <Loading />
      ) : items && items.length === 0 ? (
        <p className="muted">{t('historyEmpty')}</p>
      ) : (
        <ul className="list" data-testid="proxy-history">
          {items?.map((x) => (
            <li key={x.seq} className="list-item history-item">
              <time dateTime={x.at}>{fmt.format(new Date(x.at))}</time>
              <strong>{label(x.action)}</strong>
              <p>{t('historyBy', { name: x.actorName ?? '—', channel: x.channel ? t(`channel_${x.channel}`) : '—' })}</p>
              {x.targetType === 'order' && x.targetId && (
                <Link to={`/orders/${encodeURIComponent(x.targetId)}`}>{t('openOrder')}</Link>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
