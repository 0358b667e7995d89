import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import type { Station } from './types';
import './stations.css';

/** The five stations (五小驿站) of a compound: the one asked for, else the caller's own. */
export default function StationsPage() {
  const { t, i18n } = useTranslation('stations');
  const [params] = useSearchParams();
  const { me } = useSession();
  const compound = params.get('compound') ?? me?.roles.find((r) => r.nodeKind === 'compound')?.nodeId ?? null;
  const { data, error } = useFetch<{ stations: Station[] }>(
    compound ? `/api/v1/stations?compound=${encodeURIComponent(compound)}` : null,
  );
  const en = i18n.language === 'en';
  return (
    <Page title={t('title')}>
      {!compound && <p>{t('chooseCompound')}</p>}
      <ErrorNote error={error} />
      {compound && !data && !error && <Loading />}
      <ul className="list">
        {data?.stations.map((s) => (
          <li key={s.id}>
            <Link className="list-button station-link" to={`/stations/${s.id}`}>
              <strong>{en ? s.typeName.en : s.name}</strong>
              <span>
                {t('hours')}：{s.hours}
              </span>
              <span className="muted">
                {t('place')}：{s.place}
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
