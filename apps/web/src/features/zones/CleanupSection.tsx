import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { hours, type Profile, todayChina, useApi } from '../volunteers/useApi';
import type { Zone } from './types';

interface Cleanup {
  id: string;
  heldOn: string;
  title: string;
  attendees: number;
  minutes: number;
}

/** The monthly 家园美化清洁行动: past ones for everyone, a record form for staff. */
export function CleanupSection({ compoundId, zones, canEdit }: { compoundId: string; zones: Zone[]; canEdit: boolean }) {
  const { t } = useTranslation('zones');
  const list = useApi<{ cleanups: Cleanup[] }>(`/api/v1/compounds/${compoundId}/cleanups`);
  return (
    <section aria-labelledby="cleanups-h">
      <h2 id="cleanups-h">{t('cleanups')}</h2>
      <ErrorNote error={list.error} onRetry={list.reload} />
      {list.data?.cleanups.length === 0 && <p className="muted">{t('noCleanups')}</p>}
      <ul className="list">
        {list.data?.cleanups.map((c) => (
          <li key={c.id} className="list-item">
            {t('cleanupLine', { date: c.heldOn, n: c.attendees, hours: hours(c.minutes) })}
          </li>
        ))}
      </ul>
      {canEdit && <CleanupForm compoundId={compoundId} zones={zones} onSaved={list.reload} />}
    </section>
  );
}

function CleanupForm({ compoundId, zones, onSaved }: { compoundId: string; zones: Zone[]; onSaved: () => void }) {
  const { t } = useTranslation('zones');
  const vols = useApi<{ volunteers: Profile[] }>(`/api/v1/compounds/${compoundId}/volunteers`);
  const [heldOn, setHeldOn] = useState(todayChina());
  const [zoneIds, setZoneIds] = useState<string[]>([]);
  const [people, setPeople] = useState<string[]>([]);
  const [minutes, setMinutes] = useState(120);
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  const toggle = (list: string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOk(false);
    try {
      await api(`/api/v1/compounds/${compoundId}/cleanups`, {
        method: 'POST',
        body: { heldOn, zoneIds, attendees: people.map((personId) => ({ personId, minutes })) },
      });
      setOk(true);
      setPeople([]);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <details className="card">
      <summary>{t('cleanupRecord')}</summary>
      <form className="form zones-form" onSubmit={submit}>
        <Field
          name="heldOn"
          label={t('cleanupDate')}
          type="date"
          max={todayChina()}
          value={heldOn}
          onChange={(e) => setHeldOn(e.target.value)}
          required
        />
        <fieldset>
          <legend>{t('cleanupZones')}</legend>
          <ul className="check-list">
            {zones.map((z) => (
              <li key={z.id}>
                <label>
                  <input
                    name="zoneIds"
                    type="checkbox"
                    checked={zoneIds.includes(z.id)}
                    onChange={() => setZoneIds(toggle(zoneIds, z.id))}
                  />
                  {z.name}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <fieldset>
          <legend>{t('cleanupPeople')}</legend>
          <ul className="check-list">
            {vols.data?.volunteers.map((v) => (
              <li key={v.personId}>
                <label>
                  <input
                    name="attendees"
                    type="checkbox"
                    checked={people.includes(v.personId)}
                    onChange={() => setPeople(toggle(people, v.personId))}
                  />
                  {v.name}
                  {v.team ? `（${v.team}）` : ''}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <Field
          name="attendees.0.minutes"
          label={t('cleanupMinutes')}
          type="number"
          min={1}
          max={720}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
        />
        <ErrorNote error={error} />
        {ok && (
          <p className="ok-note" role="status">
            ✓ {t('cleanupSaved')}
          </p>
        )}
        <button type="submit" className="btn btn-block">
          {t('cleanupSave')}
        </button>
      </form>
    </details>
  );
}
