import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { newOutboxKey, queueWrite } from '../../lib/offline';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { hours, type Pair, todayChina, useApi } from '../volunteers/useApi';
import { ScheduleLine } from './BranchPairs';
import { CadenceEditor } from './CadenceEditor';
import './pairing.css';

interface Visit {
  id: string;
  visitedOn: string;
  minutes: number;
  what: string;
  condition: 'well' | 'needs_attention' | 'urgent';
  orderId: string | null;
}

const CONDITIONS = ['well', 'needs_attention', 'urgent'] as const;
const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];
const CONDITION_MARK = { well: '○', needs_attention: '△', urgent: '！' } as const;
const CATEGORIES = ['shopping', 'escort', 'repair', 'cleaning', 'meals', 'company', 'errand', 'other'] as const;
const MINUTES = [30, 60, 90, 120];

/** One pair: log a visit in a few taps, and the visit history (newest first). */
export default function PairPage() {
  const { t } = useTranslation('pairing');
  const { id = '' } = useParams();
  const pair = useApi<{ pairing: Pair; visits: Visit[] }>(`/api/v1/pairings/${encodeURIComponent(id)}`);
  // Staff of the pair's compound may end it (the server answers 404 to anyone else).
  const { hasRole } = useSession();
  if (pair.error)
    return (
      <Page title={t('history')}>
        <ErrorNote error={pair.error} onRetry={pair.reload} />
      </Page>
    );
  if (!pair.data) return <Loading />;
  const { pairing: p, visits } = pair.data;
  return (
    <Page title={t('title', { name: p.resident.name })}>
      <div className="card">
        <p>{t('volunteer', { name: p.volunteer.name })}</p>
        <p data-testid="pair-cadence">{t('cadence', { days: p.cadenceDays })}</p>
        <p data-testid="pair-due">
          <strong>
            <ScheduleLine p={p} />
          </strong>
        </p>
        {p.endsOn && <p>{p.status === 'active' ? t('endsOn', { date: p.endsOn }) : t('endedOn', { date: p.endsOn })}</p>}
      </div>
      {p.status === 'active' && hasRole(...STAFF) && (
        <details className="card">
          <summary>{t('changeSchedule', { name: p.resident.name })}</summary>
          <CadenceEditor pair={p} onSaved={pair.reload} />
        </details>
      )}
      {p.status === 'active' && <VisitForm pairId={p.id} residentName={p.resident.name} onSaved={pair.reload} />}
      {p.status === 'active' && hasRole(...STAFF) && <EndPair pairId={p.id} onEnded={pair.reload} />}
      <h2 id="history">{t('history')}</h2>
      {visits.length === 0 && <p className="muted">{t('noVisits')}</p>}
      <ul className="list" data-testid="visit-history">
        {visits.map((v) => (
          <li key={v.id} className="list-item visit-line">
            <strong>{v.visitedOn}</strong>
            <span className="visit-what">{v.what}</span>
            <span>
              {t('visitLine', { minutes: v.minutes })} ·{' '}
              <span className={`cond-${v.condition}`}>
                <span aria-hidden="true">{CONDITION_MARK[v.condition]} </span>
                {t(`conditions.${v.condition}`)}
              </span>
            </span>
            {v.orderId && <Link to={`/orders/${v.orderId}`}>{t('orderRaised')}</Link>}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function VisitForm({ pairId, residentName, onSaved }: { pairId: string; residentName: string; onSaved: () => void }) {
  const { t: tc } = useTranslation();
  const [queued, setQueued] = useState(false);
  const { t } = useTranslation('pairing');
  const [visitedOn, setVisitedOn] = useState(todayChina());
  const [minutes, setMinutes] = useState(60);
  const [what, setWhat] = useState('');
  const [condition, setCondition] = useState<(typeof CONDITIONS)[number]>('well');
  const [raise, setRaise] = useState(false);
  const [category, setCategory] = useState<(typeof CATEGORIES)[number]>('shopping');
  const [orderText, setOrderText] = useState('');
  const [urgentOrder, setUrgentOrder] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<{ total: number; order: boolean } | null>(null);
  const suggestions = t('suggestions', { returnObjects: true }) as string[];

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    setQueued(false);
    // One Idempotency-Key per visit: sent now, or kept with the visit in the outbox when offline.
    const key = newOutboxKey();
    const url = `/api/v1/pairings/${pairId}/visits`;
    const body = {
      visitedOn,
      minutes,
      what: what.trim(),
      condition,
      ...(raise ? { order: { category, description: orderText.trim(), urgency: urgentOrder ? 'urgent' : 'normal' } } : {}),
    };
    try {
      const res = await api<{ totalMinutes: number; orderId: string | null }>(url, {
        method: 'POST',
        body,
        headers: { 'idempotency-key': key },
      });
      setDone({ total: res.totalMinutes, order: !!res.orderId });
      setWhat('');
      setRaise(false);
      setOrderText('');
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NETWORK') {
        await queueWrite(key, url, body, `${t('logTitle')} · ${residentName} · ${visitedOn}`);
        setQueued(true);
        setWhat('');
        setRaise(false);
        setOrderText('');
      } else setError(err);
    } finally {
      setBusy(false);
    }
  }
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <section aria-labelledby="log" className="card">
      <h2 id="log">{t('logTitle')}</h2>
      <form className="form pair-form" onSubmit={submit}>
        <Field
          name="visitedOn"
          label={t('date')}
          type="date"
          value={visitedOn}
          max={todayChina()}
          onChange={(e) => setVisitedOn(e.target.value)}
          error={fields.visitedOn}
          required
        />
        <fieldset>
          <legend>{t('minutes')}</legend>
          <div className="chip-row">
            {MINUTES.map((m) => (
              <button key={m} type="button" className="pick" aria-pressed={minutes === m} onClick={() => setMinutes(m)}>
                {minutes === m && <span aria-hidden="true">✓ </span>}
                {m}
              </button>
            ))}
          </div>
          <Field
            name="minutes"
            label={t('minutesOther')}
            type="number"
            min={1}
            max={720}
            value={minutes}
            onChange={(e) => setMinutes(Number(e.target.value))}
            error={fields.minutes}
          />
        </fieldset>
        <fieldset>
          <legend>{t('quick')}</legend>
          <div className="chip-row">
            {suggestions.map((s) => (
              <button key={s} type="button" className="pick" aria-pressed={what === s} onClick={() => setWhat(s)}>
                {what === s && <span aria-hidden="true">✓ </span>}
                {s}
              </button>
            ))}
          </div>
        </fieldset>
        <div className={`field${fields.what ? ' field-invalid' : ''}`}>
          <label htmlFor="visit-what">{t('what')}</label>
          <textarea
            name="what"
            id="visit-what"
            rows={2}
            maxLength={500}
            value={what}
            onChange={(e) => setWhat(e.target.value)}
            required
          />
          {fields.what && <p className="field-error">⚠ {fields.what}</p>}
        </div>
        <fieldset>
          <legend>{t('condition')}</legend>
          <div className="chip-row">
            {CONDITIONS.map((c) => (
              <button
                key={c}
                type="button"
                className={`pick cond-${c}`}
                aria-pressed={condition === c}
                onClick={() => setCondition(c)}
              >
                {t(`conditions.${c}`)}
              </button>
            ))}
          </div>
        </fieldset>
        <label className="check">
          <input data-unsent="" type="checkbox" checked={raise} onChange={(e) => setRaise(e.target.checked)} />
          {t('raiseOrder')}
        </label>
        {raise && (
          <>
            <div className="field">
              <label htmlFor="order-cat">{t('category')}</label>
              <select
                name="order.category"
                id="order-cat"
                value={category}
                onChange={(e) => setCategory(e.target.value as (typeof CATEGORIES)[number])}
              >
                {CATEGORIES.map((c) => (
                  <option key={c} value={c}>
                    {t(`categories.${c}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="order-text">{t('orderDescription')}</label>
              <textarea
                name="order.description"
                id="order-text"
                rows={2}
                maxLength={500}
                value={orderText}
                onChange={(e) => setOrderText(e.target.value)}
                required
              />
            </div>
            <label className="check">
              <input
                name="order.urgency"
                type="checkbox"
                checked={urgentOrder}
                onChange={(e) => setUrgentOrder(e.target.checked)}
              />
              {t('urgentOrder')}
            </label>
          </>
        )}
        <ErrorNote error={error} />
        {queued && (
          <p className="ok-note" role="status" data-testid="visit-queued">
            {tc('offline.queued')}
          </p>
        )}
        {done && (
          <p className="ok-note" role="status" data-testid="visit-saved">
            ✓ {t('saved', { hours: hours(done.total) })}
            {done.order && ` ${t('savedOrder')}`}
          </p>
        )}
        <button type="submit" className="btn btn-block" disabled={busy}>
          {busy ? t('saving') : t('submit')}
        </button>
      </form>
    </section>
  );
}

function EndPair({ pairId, onEnded }: { pairId: string; onEnded: () => void }) {
  const { t } = useTranslation('pairing');
  const [sure, setSure] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function end() {
    setError(null);
    try {
      await api(`/api/v1/pairings/${pairId}/end`, { method: 'POST' });
      onEnded();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <div className="actions">
      {sure ? (
        <>
          <p>{t('endConfirm')}</p>
          <button type="button" className="btn" onClick={end}>
            {t('end')}
          </button>
        </>
      ) : (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => setSure(true)}>
          {t('end')}
        </button>
      )}
      <ErrorNote error={error} />
    </div>
  );
}
