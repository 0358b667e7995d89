import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { shanghaiDay } from '../events/api';
import { type HomeVisitPerson, healthApi } from './api';
import '../events/events.css';

/** The organiser's page of one health check: the home-visit list, visit records, and result entry. */
export default function HealthEventPage() {
  const { t } = useTranslation('events');
  const { id = '' } = useParams();
  const { me, loading, hasRole } = useSession();
  const [people, setPeople] = useState<HomeVisitPerson[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [query, setQuery] = useState('');
  const [open, setOpen] = useState<{ personId: string; what: 'visit' | 'result' } | null>(null);
  const load = useCallback(() => {
    healthApi.homeVisits(id).then((r) => setPeople(r.people), setError);
  }, [id]);
  useEffect(() => {
    if (me) load();
  }, [me, load]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to={`/login?next=/health/events/${id}`} replace />;
  const medical = hasRole('medical_staff');
  return (
    <Page title={t('homeVisits')}>
      <p className="muted">{t('homeVisitsHint')}</p>
      <ErrorNote error={error} onRetry={load} />
      {!people && !error && <Loading />}
      {people && (
        <p className="muted">
          {t('homeVisitCount', {
            n: people.length,
            visited: people.filter((p) => p.visits.some((v) => v.outcome === 'visited')).length,
          })}
        </p>
      )}
      <Field
        data-unsent=""
        label={t('findByName')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        type="search"
        data-testid="home-visit-search"
      />
      <ul className="list">
        {(people ?? [])
          .filter((p) => !query.trim() || p.name.includes(query.trim()))
          .slice(0, 60)
          .map((p) => (
            <li key={p.personId} className="list-item" data-testid="home-visit">
              <div className="ev-row">
                <strong>{p.name}</strong>
                <span className="ev-meta">
                  {t('reasons')}：{p.reasons.join('、')}
                </span>
              </div>
              {p.signedUp && <p className="ev-tag ev-tag-ok">✓ {t('signedUpAlready')}</p>}
              <p className="ev-meta">
                {t('visitRecord')}：
                {p.visits.length === 0
                  ? t('noVisits')
                  : p.visits.map((v) => `${v.visitedOn} ${t(`outcome_${v.outcome}`)}${v.note ? `（${v.note}）` : ''}`).join('；')}
              </p>
              <div className="ev-row">
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => setOpen({ personId: p.personId, what: 'visit' })}
                >
                  {t('recordVisit')}
                </button>
                {medical && (
                  <button
                    type="button"
                    className="btn btn-secondary"
                    onClick={() => setOpen({ personId: p.personId, what: 'result' })}
                  >
                    {t('recordResult')}
                  </button>
                )}
                {medical && (
                  <Link className="btn btn-secondary" to={`/health/people/${p.personId}`}>
                    {t('viewResults')}
                  </Link>
                )}
              </div>
              {open?.personId === p.personId && open.what === 'visit' && (
                <VisitForm
                  eventId={id}
                  personId={p.personId}
                  onDone={() => {
                    setOpen(null);
                    load();
                  }}
                />
              )}
              {open?.personId === p.personId && open.what === 'result' && <ResultForm eventId={id} person={p} />}
            </li>
          ))}
      </ul>
      {(people ?? []).filter((p) => !query.trim() || p.name.includes(query.trim())).length > 60 && (
        <p className="muted">{t('showing')}</p>
      )}
      {medical && <WalkIns eventId={id} />}
    </Page>
  );
}

interface WalkIn {
  personId: string;
  name: string;
  birthYear: number | null;
  address: string | null;
}

/** Results for walk-ins: anyone the medical staff reach, found by name, not only the home-visit list. */
function WalkIns({ eventId }: { eventId: string }) {
  const { t } = useTranslation('events');
  const [q, setQ] = useState('');
  const [found, setFound] = useState<WalkIn[] | null>(null);
  const [chosen, setChosen] = useState<WalkIn | null>(null);
  const [error, setError] = useState<unknown>(null);
  const search = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setChosen(null);
    try {
      setFound((await api<{ people: WalkIn[] }>(`/api/v1/health/people?q=${encodeURIComponent(q.trim())}`)).people);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <section className="card" aria-labelledby="walk-ins">
      <h2 id="walk-ins">{t('walkIns')}</h2>
      <p className="muted">{t('walkInsHint')}</p>
      <form className="form" onSubmit={search}>
        <Field
          data-unsent=""
          label={t('findByName')}
          value={q}
          required
          maxLength={20}
          onChange={(e) => setQ(e.target.value)}
          data-testid="walk-in-search"
        />
        <button type="submit" className="btn btn-secondary">
          {t('walkInFind')}
        </button>
      </form>
      <ErrorNote error={error} />
      {found?.length === 0 && <p className="muted">{t('walkInNone')}</p>}
      <ul className="list">
        {found?.map((p) => (
          <li key={p.personId}>
            <button
              type="button"
              className="list-button"
              aria-pressed={chosen?.personId === p.personId}
              onClick={() => setChosen(p)}
            >
              {p.name}
              {p.birthYear ? ` · ${p.birthYear}` : ''}
              {p.address ? ` · ${p.address}` : ''}
            </button>
          </li>
        ))}
      </ul>
      {chosen && (
        <ResultForm
          key={chosen.personId}
          eventId={eventId}
          person={{ personId: chosen.personId, name: chosen.name, reasons: [], signedUp: false, visits: [] }}
        />
      )}
    </section>
  );
}

function VisitForm({ eventId, personId, onDone }: { eventId: string; personId: string; onDone: () => void }) {
  const { t } = useTranslation('events');
  const [outcome, setOutcome] = useState('visited');
  const [visitedOn, setVisitedOn] = useState(shanghaiDay(new Date()));
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await healthApi.addVisit(eventId, { personId, outcome, visitedOn, note });
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit}>
      <ErrorNote error={error} />
      <div className="field">
        <label htmlFor={`o-${personId}`}>{t('recordVisit')}</label>
        <select name="outcome" id={`o-${personId}`} value={outcome} onChange={(e) => setOutcome(e.target.value)}>
          <option value="visited">{t('outcome_visited')}</option>
          <option value="not_home">{t('outcome_not_home')}</option>
          <option value="declined">{t('outcome_declined')}</option>
        </select>
      </div>
      <Field
        name="visitedOn"
        label={t('visitedOn')}
        type="date"
        value={visitedOn}
        onChange={(e) => setVisitedOn(e.target.value)}
      />
      <Field name="note" label={t('visitNote')} value={note} maxLength={300} onChange={(e) => setNote(e.target.value)} />
      <button type="submit" className="btn">
        {t('recordVisit')}
      </button>
    </form>
  );
}

function ResultForm({ eventId, person }: { eventId: string; person: HomeVisitPerson }) {
  const { t } = useTranslation('events');
  const [f, setF] = useState({
    measuredOn: shanghaiDay(new Date()),
    systolic: '',
    diastolic: '',
    heartRate: '',
    glucose: '',
    note: '',
  });
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const n = (s: string) => (s.trim() === '' ? null : Number(s));
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await healthApi.addResult({
        personId: person.personId,
        eventId,
        measuredOn: f.measuredOn,
        systolic: n(f.systolic),
        diastolic: n(f.diastolic),
        heartRate: n(f.heartRate),
        glucose: n(f.glucose),
        note: f.note,
      });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };
  // Results are typed here and sent once; they are never shown in this list afterwards.
  if (saved) return <p className="ok-note">{t('saved')}</p>;
  return (
    <form className="form card" onSubmit={submit} autoComplete="off">
      <h3>{t('resultFor', { name: person.name })}</h3>
      <ErrorNote error={error} />
      <Field
        name="measuredOn"
        label={t('measuredOn')}
        type="date"
        value={f.measuredOn}
        onChange={set('measuredOn')}
        error={fields.measuredOn}
      />
      <Field
        name="systolic"
        label={t('systolic')}
        type="number"
        inputMode="numeric"
        value={f.systolic}
        onChange={set('systolic')}
        error={fields.systolic}
      />
      <Field
        name="diastolic"
        label={t('diastolic')}
        type="number"
        inputMode="numeric"
        value={f.diastolic}
        onChange={set('diastolic')}
        error={fields.diastolic}
      />
      <Field
        name="heartRate"
        label={t('heartRate')}
        type="number"
        inputMode="numeric"
        value={f.heartRate}
        onChange={set('heartRate')}
        error={fields.heartRate}
      />
      <Field
        name="glucose"
        label={t('glucose')}
        type="number"
        inputMode="decimal"
        step="0.1"
        value={f.glucose}
        onChange={set('glucose')}
        error={fields.glucose}
      />
      <Field name="note" label={t('note')} value={f.note} maxLength={500} onChange={set('note')} error={fields.note} />
      <button type="submit" className="btn">
        {t('saveResult')}
      </button>
    </form>
  );
}
