import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useChoice } from '../../lib/useChoice';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
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
  const [nodeId, setNodeId] = useChoice(
    nodes.map((n) => n.nodeId),
    params.get('node') ?? '',
  );
  const [f, setF] = useState({
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
  type Key = keyof typeof f;
  const set = (k: Key) => (v: string) => setF({ ...f, [k]: v });
  /** value, onChange and error of one text field of the form */
  const bind = (k: Key) => ({
    name: k,
    value: f[k],
    onChange: (e: { target: { value: string } }) => set(k)(e.target.value),
    error: fields[k],
  });
  const numberField = (k: Key, label: string, min: number) => (
    <Field label={label} type="number" inputMode="numeric" min={min} {...bind(k)} />
  );
  const choices = (pairs: Array<[string, string]>) => pairs.map(([value, key]) => ({ value, label: t(key) }));
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await eventsApi.create({
        nodeId,
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
        <SelectField
          name="nodeId"
          id="ev-node"
          label={t('fPlaceNode')}
          value={nodeId}
          onChange={setNodeId}
          options={nodes.map((n) => ({ key: `${n.role}-${n.nodeId}`, value: n.nodeId, label: n.nodeName }))}
        />
        <SelectField
          name="kind"
          id="ev-kind"
          label={t('fKind')}
          value={f.kind}
          onChange={set('kind')}
          options={choices([
            ['activity', 'kindActivity'],
            ['health_check', 'kindHealth'],
            ['daycare', 'kindDaycare'],
          ])}
        />
        <Field label={t('fTitle')} {...bind('title')} required maxLength={80} />
        <Field label={t('fPlace')} {...bind('place')} maxLength={80} />
        <Field label={t('fStart')} type="datetime-local" {...bind('start')} required />
        {numberField('durationMin', t('fDuration'), 5)}
        <SelectField
          name="rrule"
          id="ev-repeat"
          label={t('fRepeat')}
          value={f.repeat}
          onChange={set('repeat')}
          error={fields.rrule}
          options={choices([
            ['none', 'repeatNone'],
            ['daily', 'repeatDaily'],
            ['weekly', 'repeatWeekly'],
            ['monthly', 'repeatMonthly'],
          ])}
        />
        {numberField('capacity', t('fCapacity'), 1)}
        {numberField('minAge', t('fMinAge'), 0)}
        {numberField('maxAge', t('fMaxAge'), 0)}
        <button type="submit" className="btn btn-block" disabled={busy}>
          {t('create')}
        </button>
      </form>
    </Page>
  );
}
