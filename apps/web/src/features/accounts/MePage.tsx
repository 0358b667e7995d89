import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { EraseSection } from './EraseSection';
import { type MeExtras, useActing } from './useActing';
import './accounts.css';

const GRANTING = ['branch_secretary', 'community_worker', 'subdistrict_admin', 'district_admin', 'platform_admin'];

/** My account: who I am, my roles, acting for a resident, what others did for me, my data. */
export default function MePage() {
  const { t } = useTranslation('accounts');
  const { t: tc } = useTranslation();
  const { me, loading, logout, hasRole } = useSession();
  const acting = useActing();
  const navigate = useNavigate();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/me" replace />;
  const roles = me.roles as MeExtras['roles'];
  const canActForOthers = (me as Partial<MeExtras>).canActForOthers === true;
  return (
    <Page title={t('myAccount')}>
      <div className="card">
        <p className="big">{me.name}</p>
        <p>{me.phone}</p>
      </div>

      {me.actingFor && (
        <section className="card acting-card" aria-labelledby="acting-title">
          <h2 id="acting-title">{t('actingTitle')}</h2>
          <p className="big" data-testid="acting-now">
            {t('actingNow', { name: me.actingFor.name, channel: t(`channel_${me.actingFor.channel}`) })}
          </p>
          <p className="muted">{t('actingHint')}</p>
          <ErrorNote error={acting.error} />
          <button type="button" className="btn btn-block" disabled={acting.busy} onClick={() => void acting.stop()}>
            {t('stopActing')}
          </button>
        </section>
      )}
      {!me.actingFor && canActForOthers && (
        <Link className="btn btn-block" to="/me/acting-for">
          {t('startActing')}
        </Link>
      )}

      <h2>{t('myRoles')}</h2>
      <ul className="list">
        {roles.map((r) => (
          <li key={`${r.role}-${r.nodeId}`} className="list-item">
            {tc(`roles.${r.role}`)} · {r.nodeName}
            {r.canProxy && <span className="tag"> {t('mayActFor')}</span>}
          </li>
        ))}
      </ul>

      <h2>{t('myData')}</h2>
      <div className="list">
        <Link className="btn btn-secondary btn-block" to="/me/history">
          {t('historyTitle')}
        </Link>
        <a
          className="btn btn-secondary btn-block"
          href={`/api/v1/privacy/people/${encodeURIComponent(me.personId)}/export`}
          download
        >
          {t('exportData')}
        </a>
        {hasRole(...GRANTING) && (
          <Link className="btn btn-secondary btn-block" to="/admin/roles">
            {t('adminLink')}
          </Link>
        )}
      </div>
      <EraseSection personId={me.personId} />
      <button
        type="button"
        className="btn btn-secondary btn-block"
        onClick={async () => {
          await logout();
          navigate('/');
        }}
      >
        {t('signOut')}
      </button>
    </Page>
  );
}
