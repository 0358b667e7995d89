import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { homeTiles } from '../../app/features';
import { useSession } from '../../lib/session';
import { HelpPanel } from './HelpPanel';

/**
 * The first page. For a resident, and always in 长辈版, 我要求助 and 一键呼叫 come first (above the
 * fold at 360 × 740); then the large-text switch and the services the person can use.
 */
export function HomePage() {
  const { t } = useTranslation();
  const { me, largeText, setLargeText, hasRole } = useSession();
  const helpFirst = largeText || (!!me && (hasRole('resident') || !!me.actingFor));
  const tiles = homeTiles.filter(
    (tile) => (me ? !tile.roles || hasRole(...tile.roles) : tile.public) && !(helpFirst && tile.to === '/orders/new'),
  );
  return (
    <section className="page home">
      <div className="hero">
        <h1>{me ? t('home.greeting', { name: me.actingFor?.name ?? me.name }) : t('home.welcome')}</h1>
        {!helpFirst && (
          <>
            <p className="tagline">{t('tagline')}</p>
            <p>{t('home.intro')}</p>
          </>
        )}
      </div>
      {helpFirst && <HelpPanel signedIn={!!me} />}
      <button
        type="button"
        className={`elder-switch${largeText ? ' on' : ''}`}
        role="switch"
        aria-checked={largeText}
        onClick={() => setLargeText(!largeText)}
        data-testid="home-large-text"
      >
        <span className="elder-switch-title">{largeText ? t('settings.largeTextOn') : t('settings.largeTextOff')}</span>
        <span className="elder-switch-hint">{t('settings.largeTextHint')}</span>
      </button>
      {!me && !helpFirst && (
        <Link to="/login" className="btn btn-block">
          {t('home.signInPrompt')}
        </Link>
      )}
      {tiles.length > 0 && (
        <>
          <h2>{t('home.servicesTitle')}</h2>
          <ul className="tiles">
            {tiles.map((tile) => (
              <li key={tile.to}>
                <Link to={tile.to} className="tile">
                  <span className="tile-icon" aria-hidden="true">
                    {tile.icon}
                  </span>
                  <span>{t(tile.label)}</span>
                </Link>
              </li>
            ))}
          </ul>
        </>
      )}
      {helpFirst && (
        <>
          <p className="tagline">{t('tagline')}</p>
          <p>{t('home.intro')}</p>
        </>
      )}
    </section>
  );
}
