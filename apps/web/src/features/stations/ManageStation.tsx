import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import type { StationDetail } from './types';

/** China-time "YYYY-MM-DDTHH:mm" (from a datetime-local input) → ISO UTC. */
function chinaToIso(local: string): string {
  return new Date(`${local}:00+08:00`).toISOString();
}

/** Staff keep a station's place and hours and open bookable slots. */
export function ManageStation({ station, onSaved }: { station: StationDetail; onSaved: () => void }) {
  const { t } = useTranslation('stations');
  const [place, setPlace] = useState(station.place);
  const [hours, setHours] = useState(station.hours);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [capacity, setCapacity] = useState('5');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState<string>();

  async function run(fn: () => Promise<unknown>, done: string) {
    setFields({});
    setError(undefined);
    setOk(undefined);
    try {
      await fn();
      setOk(done);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors()).length)
        setFields(Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k, m || err.message])));
      else setError(err);
    }
  }

  function saveInfo(e: FormEvent) {
    e.preventDefault();
    void run(() => api(`/api/v1/stations/${station.id}`, { method: 'PATCH', body: { place, hours } }), t('saved'));
  }

  function openSlot(e: FormEvent) {
    e.preventDefault();
    if (!start || !end) return;
    void run(
      () =>
        api(`/api/v1/stations/${station.id}/slots`, {
          method: 'POST',
          body: { startsAt: chinaToIso(start), endsAt: chinaToIso(end), capacity: Number(capacity) },
        }),
      t('slotOpened'),
    );
  }

  return (
    <section className="card" aria-labelledby="manage-h">
      <h2 id="manage-h">{t('manage')}</h2>
      {ok && (
        <p className="ok-note" role="status">
          {ok}
        </p>
      )}
      <ErrorNote error={error} />
      <form className="form" onSubmit={saveInfo}>
        <Field
          name="place"
          label={t('place')}
          value={place}
          onChange={(e) => setPlace(e.target.value)}
          maxLength={100}
          error={fields.place}
        />
        <Field
          name="hours"
          label={t('hours')}
          value={hours}
          onChange={(e) => setHours(e.target.value)}
          maxLength={100}
          error={fields.hours}
        />
        <button className="btn btn-secondary" type="submit">
          {t('save')}
        </button>
      </form>
      <form className="form" onSubmit={openSlot}>
        <h3>{t('openSlot')}</h3>
        <Field
          name="startsAt"
          label={t('startsAt')}
          type="datetime-local"
          value={start}
          onChange={(e) => setStart(e.target.value)}
          required
          error={fields.startsAt}
        />
        <Field
          name="endsAt"
          label={t('endsAt')}
          type="datetime-local"
          value={end}
          onChange={(e) => setEnd(e.target.value)}
          required
          error={fields.endsAt}
        />
        <Field
          name="capacity"
          label={t('capacity')}
          type="number"
          min={1}
          max={500}
          value={capacity}
          onChange={(e) => setCapacity(e.target.value)}
          required
          error={fields.capacity}
        />
        <button className="btn" type="submit">
          {t('open')}
        </button>
      </form>
    </section>
  );
}
