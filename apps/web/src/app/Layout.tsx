import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useSession } from '../lib/session';

/** Header with the two switches every page needs, the content, and a bottom navigation. */
export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { me, largeText, setLargeText, lang, setLang } = useSession();
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
      <main id="main" className="app-main">
        {children}
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
