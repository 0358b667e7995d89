import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, useLocation } from 'react-router';
import { useLiveEvent } from '../features/notifications/live';
import { useSession } from '../lib/session';
import { refreshUnreadCount, useUnreadCount } from '../lib/unread';
import { OfflineBar } from '../ui/OfflineBar';

/** Header with the two switches every page needs, the content, and a bottom navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, largeText, setLargeText, lang, setLang } = useSession();
  const { pathname } = useLocation();
  // A one-time password (first administrator, staff reset) is replaced before anything else.
  const mustChange = me?.mustChangePassword === true && pathname !== '/password';
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          <span aria-hidden="true" className="brand-mark">
            桥
          </span>
          {t('appName')}
        </NavLink>
        {me && <InboxBell key={`${me.accountId}:${me.actingFor?.personId ?? ''}`} accountId={me.accountId} />}
        <div className="header-actions">
          <button
            type="button"
            className="chip"
            aria-pressed={largeText}
            onClick={() => setLargeText(!largeText)}
            data-testid="large-text-toggle"
          >
            {largeText ? t('settings.largeTextOn') : t('settings.largeText')}
          </button>
          <button
            type="button"
            className="chip"
            lang={lang === 'en' ? 'zh-CN' : 'en'}
            title={t('settings.languageLabel')}
            onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
            data-testid="lang-toggle"
          >
            {t('settings.language')}
          </button>
        </div>
      </header>
      {me?.actingFor && (
        <div className="acting-banner" role="note" data-testid="acting-banner">
          <strong>{t('acting.banner', { name: me.actingFor.name })}</strong>
          <span className="muted-inverse">（{t(`accounts:channel_${me.actingFor.channel}`)}）</span>
          <NavLink to="/me" className="acting-banner-link">
            {t('acting.manage')}
          </NavLink>
        </div>
      )}
      <OfflineBar signedIn={!!me} />
      <main id="main" className="app-main">
        {mustChange ? <Navigate to="/password" replace /> : children}
      </main>
      <nav className="bottom-nav" aria-label={t('nav.main')}>
        <NavLink to="/" end>
          <span aria-hidden="true">⌂</span>
          {t('nav.home')}
        </NavLink>
        {me ? (
          <NavLink to="/me">
            <span aria-hidden="true">☺</span>
            {t('nav.me')}
          </NavLink>
        ) : (
          <NavLink to="/login">
            <span aria-hidden="true">→</span>
            {t('nav.login')}
          </NavLink>
        )}
      </nav>
    </>
  );
}

/**
 * The inbox link with the unread count, on every page for a signed-in person. It listens on the
 * tab's one live stream (shared with the orders and inbox pages) and asks for the count again on
 * each notification; a rise is also said aloud, since the badge itself is only seen.
 */
function InboxBell({ accountId }: { accountId: string }) {
  const { t } = useTranslation('notifications');
  const unread = useUnreadCount(accountId);
  const [said, setSaid] = useState('');
  const heard = useRef(false);
  useLiveEvent('notification', () => {
    heard.current = true;
    void refreshUnreadCount();
  });
  useEffect(() => {
    if (!heard.current) return;
    heard.current = false;
    if (unread > 0) setSaid(t('unreadCount', { count: unread }));
  }, [unread, t]);
  const label = unread > 0 ? t('unreadCount', { count: unread }) : `${t('title')}${t('noneUnread')}`;
  return (
    <>
      <NavLink to="/notifications" className="hdr-bell" aria-label={label} data-testid="inbox-bell">
        <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-5-1.6-1.6V11a5.4 5.4 0 0 0-4.15-5.3V5a1.25 1.25 0 0 0-2.5 0v.7A5.4 5.4 0 0 0 6.6 11v4.4L5 17v1.5h14V17Z"
          />
        </svg>
        {unread > 0 && (
          <span className="hdr-bell-count" aria-hidden="true" data-testid="inbox-bell-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </NavLink>
      {/* aria-live without role="status": pages keep their own status messages first in the document. */}
      <span className="sr-only" aria-live="polite">
        {said}
      </span>
    </>
  );
}
