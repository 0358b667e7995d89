import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
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
      {me && <MyBookings />}
    </Page>
  );
}

interface Booking {
  id: string;
  startsAt: string;
  endsAt: string;
  stationId: string;
  stationName: string;
  place: string;
}

/** 我的预约: the coming bookings of the resident (or of the one staff act for), each cancellable. */
function MyBookings() {
  const { t, i18n } = useTranslation('stations');
  const { data, error, reload } = useFetch<{ bookings: Booking[] }>('/api/v1/stations/my-bookings');
  const [cancelError, setCancelError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const loc = i18n.language === 'en' ? 'en-GB' : 'zh-CN';
  const when = (b: Booking) =>
    `${new Date(b.startsAt).toLocaleString(loc, { month: 'numeric', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' })}–${new Date(
      b.endsAt,
    ).toLocaleTimeString(loc, { hour: '2-digit', minute: '2-digit' })}`;
  const cancel = async (id: string) => {
    setCancelError(null);
    setDone(false);
    try {
      await api(`/api/v1/stations/bookings/${encodeURIComponent(id)}`, { method: 'DELETE' });
      setDone(true);
      reload();
    } catch (e) {
      setCancelError(e);
    }
  };
  return (
    <section aria-labelledby="my-bookings">
      <h2 id="my-bookings">{t('mine')}</h2>
      <ErrorNote error={error ?? cancelError} onRetry={reload} />
      {done && (
        <p className="ok-note" role="status">
          {t('cancelled')}
        </p>
      )}
      {data?.bookings.length === 0 && <p className="muted">{t('noMine')}</p>}
      <ul className="list" data-testid="my-bookings">
        {data?.bookings.map((b) => (
          <li key={b.id} className="list-item">
            <p>
              <strong>{b.stationName}</strong>
            </p>
            <p>{when(b)}</p>
            <p className="muted">
              {t('place')}：{b.place}
            </p>
            <button type="button" className="btn btn-secondary" onClick={() => void cancel(b.id)} data-testid="cancel-booking">
              {t('cancel')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
