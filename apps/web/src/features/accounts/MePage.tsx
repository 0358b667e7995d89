import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { useSession } from '../../lib/session';
import { Loading, Page } from '../../ui/Page';

export default function MePage() {
  const { t } = useTranslation('accounts');
  const { t: tc } = useTranslation();
  const { me, loading, logout } = useSession();
  const navigate = useNavigate();
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/me" replace />;
  return (
    <Page title={t('myAccount')}>
      <div className="card">
        <p className="big">{me.name}</p>
        <p>{me.phone}</p>
      </div>
      <h2>{t('myRoles')}</h2>
      <ul className="list">
        {me.roles.map((r) => (
          <li key={`${r.role}-${r.nodeId}`} className="list-item">
            {tc(`roles.${r.role}`)} · {r.nodeName}
          </li>
        ))}
      </ul>
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
