import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { ServerFields } from '../../ui/ServerFields';
import { ordersApi } from './api';
import { OrderCard, StatsLine, useWaited } from './common';
import { DutyPhoneForm } from './DutyPhoneForm';
import { useOrderList } from './useOrderList';
import './orders.css';
import { HelpLink } from '../help/HelpLink';

/** The branch's dispatch board: what waits and for how long, what is overdue, what is under way. */
export default function BoardPage() {
  const { t } = useTranslation('orders');
  const { orders, error, reload } = useOrderList('board');
  const waited = useWaited();
  const [, tick] = useState(0);
  useEffect(() => {
    const i = setInterval(() => tick((n) => n + 1), 60_000);
    return () => clearInterval(i);
  }, []);
  const waiting = orders?.filter((o) => o.status === 'placed') ?? [];
  const overdue = waiting.filter((o) => o.escalated);
  const fresh = waiting.filter((o) => !o.escalated);
  const running = orders?.filter((o) => o.status !== 'placed') ?? [];
  const compoundId = orders?.[0]?.compoundId;
  const card = (o: (typeof waiting)[number]) => (
    <OrderCard
      key={o.id}
      o={o}
      extra={
        <p>
          {o.status === 'placed' ? (
            <strong>{t('board.waited', { time: waited(o.createdAt) })}</strong>
          ) : (
            <strong>{o.volunteerName}</strong>
          )}
          {o.dispatchedToName ? ` · ${t('action.dispatched')}：${o.dispatchedToName}` : ''}
        </p>
      }
    />
  );
  return (
    <Page title={t('board.title')} actions={<HelpLink topic="orders-board" />}>
      <StatsLine />
      <ErrorNote error={error} onRetry={reload} />
      {!orders && !error && <Loading />}
      {overdue.length > 0 && (
        <section className="board-section">
          <h2>
            <span className="tag tag-urgent">{t('board.escalated')}</span> {overdue.length}
          </h2>
          <ul className="list">{overdue.map(card)}</ul>
        </section>
      )}
      <section className="board-section">
        <h2>
          {t('board.waiting')} {fresh.length}
        </h2>
        {orders && waiting.length === 0 && <p className="muted">{t('board.empty')}</p>}
        <ul className="list" aria-live="polite">
          {fresh.map(card)}
        </ul>
      </section>
      <section className="board-section">
        <h2>
          {t('board.running')} {running.length}
        </h2>
        <ul className="list">{running.map(card)}</ul>
      </section>
      {compoundId && <LimitsForm compoundId={compoundId} />}
      <DutyPhoneForm />
    </Page>
  );
}

function LimitsForm({ compoundId }: { compoundId: string }) {
  const { t } = useTranslation('orders');
  const [urgent, setUrgent] = useState('');
  const [normal, setNormal] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    setLoaded(false);
    ordersApi.settings(compoundId).then((s) => {
      setUrgent(String(s.urgentLimitMinutes));
      setNormal(String(s.normalLimitMinutes));
      setLoaded(true);
    }, setError);
  }, [compoundId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    try {
      await ordersApi.saveSettings(compoundId, { urgentLimitMinutes: Number(urgent), normalLimitMinutes: Number(normal) });
      setSaved(true);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit}>
      <h2>{t('board.limits')}</h2>
      <ServerFields loaded={loaded}>
        <Field
          name="urgentLimitMinutes"
          label={t('board.urgentLimit')}
          type="number"
          inputMode="numeric"
          min={5}
          value={urgent}
          onChange={(e) => setUrgent(e.target.value)}
        />
        <Field
          name="normalLimitMinutes"
          label={t('board.normalLimit')}
          type="number"
          inputMode="numeric"
          min={5}
          value={normal}
          onChange={(e) => setNormal(e.target.value)}
        />
        <ErrorNote error={error} />
        {saved && (
          <p className="ok-note" role="status">
            {t('board.saved')}
          </p>
        )}
        <button type="submit" className="btn">
          {t('board.saveLimits')}
        </button>
      </ServerFields>
    </form>
  );
}
