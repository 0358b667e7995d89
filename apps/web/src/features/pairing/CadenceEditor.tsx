import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { addDays, type Pair, todayChina } from '../volunteers/useApi';

const CADENCES = [7, 14, 30, 60, 90] as const;

function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/**
 * Staff changing how often a pair is visited and when it ends. Shows, before saving, the due
 * date the new cadence gives (one cadence after the last visit, or after the start); sends only
 * what changed. The server recomputes the same date and audits the change.
 */
export function CadenceEditor({ pair, onSaved }: { pair: Pair; onSaved: (p: Pair) => void }) {
  const { t } = useTranslation('pairing');
  const id = useId();
  const [cadence, setCadence] = useState(pair.cadenceDays);
  const [endsOn, setEndsOn] = useState(pair.endsOn ?? '');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const [busy, setBusy] = useState(false);
  const valid = Number.isInteger(cadence) && cadence >= 1 && cadence <= 365;
  const from = pair.lastVisitOn ?? pair.startsOn;
  const nextDue = valid ? addDays(from, cadence) : null;
  const afterEnd = !!(nextDue && endsOn && nextDue > endsOn);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setDone('');
    const body: { cadenceDays?: number; endsOn?: string | null } = {};
    if (cadence !== pair.cadenceDays) body.cadenceDays = cadence;
    if ((endsOn || null) !== pair.endsOn) body.endsOn = endsOn || null;
    if (Object.keys(body).length === 0) {
      setDone(t('noChange'));
      return;
    }
    setBusy(true);
    try {
      const p = await api<Pair>(`/api/v1/pairings/${pair.id}`, { method: 'PATCH', body });
      setDone(
        p.endsOn && p.nextDueOn > p.endsOn ? t('savedNoMore', { date: p.endsOn }) : t('scheduleSaved', { date: p.nextDueOn }),
      );
      onSaved(p);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  // By the reason code, not the message: schema messages are not for people.
  const fields: Record<string, string> = {};
  if (error instanceof ApiError) {
    for (const f of (error.details as { fields?: Array<{ path: string; reason?: string }> } | undefined)?.fields ?? [])
      fields[f.path] = f.reason ?? 'other';
  }
  const reason = (f: string) =>
    fields[f] ? t(`scheduleErrors.${fields[f]}`, { defaultValue: t('scheduleErrors.other') }) : undefined;
  return (
    <form className="form pair-form cadence-form" onSubmit={submit} data-testid="cadence-form">
      <fieldset>
        <legend>{t('cadenceField')}</legend>
        <div className="chip-row">
          {CADENCES.map((d) => (
            <button key={d} type="button" className="pick" aria-pressed={cadence === d} onClick={() => setCadence(d)}>
              {cadence === d && <span aria-hidden="true">✓ </span>}
              {t(`cadences.${d}`)}
            </button>
          ))}
        </div>
        <Field
          name="cadenceDays"
          label={t('cadenceOther')}
          type="number"
          min={1}
          max={365}
          step={1}
          value={Number.isNaN(cadence) ? '' : cadence}
          onChange={(e) => setCadence(e.target.valueAsNumber)}
          error={reason('cadenceDays')}
          required
        />
      </fieldset>
      <Field
        name="endsOn"
        label={t('endsOnField')}
        type="date"
        min={[todayChina(), pair.startsOn].sort()[1]}
        value={endsOn}
        onChange={(e) => setEndsOn(e.target.value)}
        hint={t('endsOnHint')}
        error={reason('endsOn')}
      />
      {endsOn && (
        <button type="button" className="btn btn-secondary" onClick={() => setEndsOn('')}>
          {t('endsOnClear')}
        </button>
      )}
      <p className="cadence-preview" id={`${id}-preview`}>
        {nextDue &&
          (afterEnd
            ? t('previewAfterEnd', { date: endsOn })
            : t(nextDue < todayChina() ? 'previewOverdue' : 'preview', {
                date: nextDue,
                days: daysBetween(nextDue, todayChina()),
                from: t(pair.lastVisitOn ? 'fromVisit' : 'fromStart', { date: from }),
              }))}
      </p>
      {!fields.cadenceDays && !fields.endsOn && <ErrorNote error={error} />}
      {done && (
        <p className="ok-note" role="status" data-testid="cadence-saved">
          ✓ {done}
        </p>
      )}
      <button type="submit" className="btn btn-block" disabled={busy || !valid} aria-describedby={`${id}-preview`}>
        {t('scheduleSave')}
      </button>
    </form>
  );
}
