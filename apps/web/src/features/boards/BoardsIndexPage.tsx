import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import './boards.css';
import './pledges.i18n';

/** The boards of a compound, one per building. */
export default function BoardsIndexPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('boards');
  const { t: tp } = useTranslation('pledges');
  const { hasRole } = useSession();
  const { data, error } = useFetch<{
    compound: { id: string; name: string };
    buildings: Array<{ id: string; name: string; members: number }>;
  }>(`/api/v1/boards/compounds/${id}/buildings`);
  if (error)
    return (
      <Page title={t('buildings')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  return (
    <Page title={`${data.compound.name} · ${t('buildings')}`}>
      {hasRole('branch_secretary', 'committee_member', 'community_worker', 'subdistrict_admin', 'district_admin') && (
        <p>
          <Link className="btn btn-secondary" to={`/boards/compounds/${data.compound.id}/pledges`}>
            {tp('list')}
          </Link>
        </p>
      )}
      <ul className="list">
        {data.buildings.map((b) => (
          <li key={b.id}>
            <Link className="list-button" to={`/boards/buildings/${b.id}`}>
              {b.name} <span className="muted">{t('memberCount', { n: b.members })}</span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
