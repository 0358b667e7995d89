import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import { ManageStation } from './ManageStation';
import type { Slot, StationDetail } from './types';
import './stations.css';

/** China time, as the residents read it. */
function fmt(iso: string, lang: string, opts: Intl.DateTimeFormatOptions) {
  return new Intl.DateTimeFormat(lang, { timeZone: 'Asia/Shanghai', ...opts }).format(new Date(iso));
}
const dayKey = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/** A station: what it offers, when, whom to call; residents book a slot; staff see the day's list. */
export default function StationPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('stations');
  const { data, error, reload } = useFetch<StationDetail>(`/api/v1/stations/${id}`);
  const [msg, setMsg] = useState<string>();
  const [actionError, setActionError] = useState<unknown>();
  if (error)
    return (
      <Page title={t('title')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const days = [...new Set(data.slots.map((s) => dayKey(s.startsAt)))];

  async function book(slot: Slot) {
    setMsg(undefined);
    setActionError(undefined);
    try {
      await api(`/api/v1/stations/slots/${slot.id}/bookings`, { method: 'POST', body: {} });
      setMsg(
        t('bookedOk', {
          when: `${fmt(slot.startsAt, lang, { month: 'long', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit' })}`,
        }),
      );
      reload();
    } catch (err) {
      setActionError(err);
    }
  }

  return (
    <Page title={lang === 'en' ? data.typeName.en : data.name}>
      <div className="card">
        <dl className="station-dl">
          <dt>{t('place')}</dt>
          <dd>
            {data.compoundName} · {data.place}
          </dd>
          <dt>{t('hours')}</dt>
          <dd>{data.hours}</dd>
          <dt>{t('services')}</dt>
          <dd>{data.services.join('、')}</dd>
          <dt>{t('contacts')}</dt>
          <dd>
            {data.contacts.map((c) => (
              <span key={c.phone}>
                {c.name} <a href={`tel:${c.phone}`}>{c.phone}</a>{' '}
              </span>
            ))}
          </dd>
        </dl>
      </div>
      <h2>{t('slots')}</h2>
      {msg && (
        <p className="ok-note" role="status">
          {msg}
        </p>
      )}
      <ErrorNote error={actionError} />
      {days.length === 0 && <p className="muted">{t('noSlots')}</p>}
      {days.map((d) => (
        <section key={d} className="card" aria-label={d}>
          <h3>{fmt(`${d}T04:00:00Z`, lang, { month: 'long', day: 'numeric', weekday: 'long' })}</h3>
          <ul className="list">
            {data.slots
              .filter((s) => dayKey(s.startsAt) === d)
              .map((s) => (
                <li key={s.id} className="list-item slot">
                  <span className="slot-time">
                    {fmt(s.startsAt, lang, { hour: '2-digit', minute: '2-digit' })}–
                    {fmt(s.endsAt, lang, { hour: '2-digit', minute: '2-digit' })}
                  </span>
                  <span>{s.left > 0 ? t('left', { n: s.left }) : t('full')}</span>
                  {s.mine ? (
                    <strong>✓ {t('booked')}</strong>
                  ) : (
                    <button type="button" className="btn" disabled={s.left === 0} onClick={() => book(s)}>
                      {t('book')}
                    </button>
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
      {data.canManage && <DayBookings stationId={data.id} lang={lang} />}
      {data.canEdit && <ManageStation station={data} onSaved={reload} />}
    </Page>
  );
}

function DayBookings({ stationId, lang }: { stationId: string; lang: string }) {
  const { t } = useTranslation('stations');
  const [date, setDate] = useState(() => dayKey(new Date().toISOString()));
  const { data, error } = useFetch<{
    bookings: Array<{ id: string; startsAt: string; name: string; phone: string | null; address: string; note: string }>;
  }>(`/api/v1/stations/${stationId}/bookings?date=${date}`);
  return (
    <section className="card" aria-labelledby="day-h">
      <h2 id="day-h">{t('day')}</h2>
      <div className="field">
        <label htmlFor="day-date">{t('date')}</label>
        <input
          data-unsent=""
          id="day-date"
          type="date"
          value={date}
          onChange={(e) => e.target.value && setDate(e.target.value)}
        />
      </div>
      <ErrorNote error={error} />
      {data && data.bookings.length === 0 && <p className="muted">{t('noBookings')}</p>}
      <ul className="list">
        {data?.bookings.map((b) => (
          <li key={b.id} className="list-item">
            <strong>{fmt(b.startsAt, lang, { hour: '2-digit', minute: '2-digit' })}</strong> {b.name} {b.address}{' '}
            <span className="muted">{b.phone}</span>
            {b.note && <p>{b.note}</p>}
          </li>
        ))}
      </ul>
    </section>
  );
}
