import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { eventsApi, shanghaiDay } from './api';
import './events.css';

const WD = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];

/** The RRULE for the chosen repeat, from the start date (monthly: the same nth weekday). */
export function ruleFor(repeat: string, start: string): string | null {
  const d = new Date(`${start.slice(0, 10)}T00:00:00Z`);
  const wd = WD[d.getUTCDay()];
  if (repeat === 'daily') return 'FREQ=DAILY';
  if (repeat === 'weekly') return `FREQ=WEEKLY;BYDAY=${wd}`;
  if (repeat === 'monthly') return `FREQ=MONTHLY;BYDAY=${Math.ceil(d.getUTCDate() / 7)}${wd}`;
  return null;
}

const num = (s: string) => (s.trim() === '' ? null : Number(s));

/** Organisers publish an event: once, every day, weekly, or monthly on a weekday. */
export default function NewEventPage() {
  const { t } = useTranslation('events');
  const { me, loading } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const groupId = params.get('group');
  const nodes = (me?.roles ?? []).filter((r) => r.nodeKind === 'compound' || r.nodeKind === 'community');
  const [f, setF] = useState({
    nodeId: params.get('node') ?? nodes[0]?.nodeId ?? '',
    kind: 'activity',
    title: '',
    place: '',
    start: `${shanghaiDay(new Date(Date.now() + 86400_000))}T19:30`,
    durationMin: '90',
    repeat: 'none',
    capacity: '',
    minAge: '',
    maxAge: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/events/new" replace />;
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await eventsApi.create({
        nodeId: f.nodeId,
        groupId,
        kind: f.kind,
        title: f.title,
        place: f.place,
        start: f.start,
        durationMin: Number(f.durationMin),
        rrule: ruleFor(f.repeat, f.start),
        capacity: num(f.capacity),
        minAge: num(f.minAge),
        maxAge: num(f.maxAge),
      });
      navigate(`/events?created=${r.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Page title={t('newTitle')}>
      <ErrorNote error={error} />
      <form className="form" onSubmit={onSubmit} noValidate>
        <div className="field">
          <label htmlFor="ev-node">{t('fPlaceNode')}</label>
          <select id="ev-node" value={f.nodeId} onChange={set('nodeId')}>
            {nodes.map((n) => (
              <option key={`${n.role}-${n.nodeId}`} value={n.nodeId}>
                {n.nodeName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="ev-kind">{t('fKind')}</label>
          <select id="ev-kind" value={f.kind} onChange={set('kind')}>
            <option value="activity">{t('kindActivity')}</option>
            <option value="health_check">{t('kindHealth')}</option>
            <option value="daycare">{t('kindDaycare')}</option>
          </select>
        </div>
        <Field label={t('fTitle')} value={f.title} onChange={set('title')} required maxLength={80} error={fields.title} />
        <Field label={t('fPlace')} value={f.place} onChange={set('place')} maxLength={80} error={fields.place} />
        <Field label={t('fStart')} type="datetime-local" value={f.start} onChange={set('start')} required error={fields.start} />
        <Field
          label={t('fDuration')}
          type="number"
          inputMode="numeric"
          min={5}
          value={f.durationMin}
          onChange={set('durationMin')}
          error={fields.durationMin}
        />
        <div className="field">
          <label htmlFor="ev-repeat">{t('fRepeat')}</label>
          <select id="ev-repeat" value={f.repeat} onChange={set('repeat')}>
            <option value="none">{t('repeatNone')}</option>
            <option value="daily">{t('repeatDaily')}</option>
            <option value="weekly">{t('repeatWeekly')}</option>
            <option value="monthly">{t('repeatMonthly')}</option>
          </select>
          {fields.rrule && <p className="field-error">⚠ {fields.rrule}</p>}
        </div>
        <Field
          label={t('fCapacity')}
          type="number"
          inputMode="numeric"
          min={1}
          value={f.capacity}
          onChange={set('capacity')}
          error={fields.capacity}
        />
        <Field
          label={t('fMinAge')}
          type="number"
          inputMode="numeric"
          min={0}
          value={f.minAge}
          onChange={set('minAge')}
          error={fields.minAge}
        />
        <Field
          label={t('fMaxAge')}
          type="number"
          inputMode="numeric"
          min={0}
          value={f.maxAge}
          onChange={set('maxAge')}
          error={fields.maxAge}
        />
        <button type="submit" className="btn btn-block" disabled={busy}>
          {t('create')}
        </button>
      </form>
    </Page>
  );
}
