import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useLiveEvent } from './live';
import './notifications.css';

/** A link to the inbox with the unread count, kept current by live events. */
export function NotificationBell() {
  const { t } = useTranslation('notifications');
  const { me } = useSession();
  const [unread, setUnread] = useState(0);
  const load = useCallback(() => {
    if (!me) return;
    void api<{ unread: number }>('/api/v1/notifications/unread-count')
      .then((r) => setUnread(r.unread))
      .catch(() => {});
  }, [me]);
  useEffect(load, [load]);
  useLiveEvent('notification', () => setUnread((n) => n + 1), !!me);
  if (!me) return null;
  return (
    <Link
      to="/notifications"
      className="bell"
      aria-label={unread ? t('bell', { n: unread }) : t('bellNone')}
      data-testid="notification-bell"
    >
      <span aria-hidden="true">{t('title')}</span>
      {unread > 0 && (
        <span className="bell-count" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </Link>
  );
}
