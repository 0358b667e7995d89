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
  useLiveEvent('notification', (d) => !d.resync && setUnread((n) => n + 1), !!me);
  if (!me) return null;
  return (
    <Link to="/notifications" className="bell" data-testid="notification-bell">
      {/* The accessible name starts with the visible text (WCAG 2.5.3): "消息 3 条未读". */}
      <span>{t('title')}</span>
      {unread > 0 && <span className="bell-count">{unread > 99 ? '99+' : unread}</span>}
      <span className="sr-only">{unread > 0 ? t('unreadSuffix') : t('noneUnread')}</span>
    </Link>
  );
}
