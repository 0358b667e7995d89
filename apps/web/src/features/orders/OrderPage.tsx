import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useLiveEvent } from '../notifications/live';
import { type OrderDetail, ordersApi } from './api';
import { formatWindow, StatusTag } from './common';
import { OrderActions } from './OrderActions';
import './orders.css';

/** One order: what, when, where, who; its timeline; and what the caller may do now. */
export default function OrderPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('orders');
  const [order, setOrder] = useState<OrderDetail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const [lost, setLost] = useState(false);
  const loaded = useRef(false);
  const [contact, setContact] = useState<{ name: string; phone: string | null; address: string | null } | null>(null);
  const load = useCallback(async () => {
    try {
      setOrder(await ordersApi.get(id));
      loaded.current = true;
      setError(null);
    } catch (e) {
      // The order vanished from view while open on screen (another volunteer took it): say so once.
      if (e instanceof ApiError && e.status === 404 && loaded.current) setLost(true);
      else setError(e);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useLiveEvent('order', (d) => {
    if (d.orderId === id || d.resync) void load();
  });
  const fmt = (iso: string) =>
    new Date(iso).toLocaleString(i18n.language === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'short', timeStyle: 'short' });
  if (lost)
    return (
      <Page title={t('detail.title')}>
        <p className="ok-note big" role="status" data-testid="order-lost">
          {t('detail.lost')}
        </p>
        <Link className="btn btn-block" to="/orders/volunteer">
          {t('detail.backToOpen')}
        </Link>
      </Page>
    );
  if (!order) return <Page title={t('detail.title')}>{error ? <ErrorNote error={error} onRetry={load} /> : <Loading />}</Page>;
  return (
    <Page title={`${t(`category.${order.category}`)} · ${t(`status.${order.status}`)}`}>
      {note && (
        <p className="ok-note" role="status">
          {note}
        </p>
      )}
      <div className="card">
        <p>
          <StatusTag status={order.status} />{' '}
          {order.urgency === 'urgent' && <span className="tag tag-urgent">{t('urgent')}</span>}
        </p>
        {order.description && <p className="order-desc big">{order.description}</p>}
        <dl className="detail-grid">
          <dt>{t('detail.when')}</dt>
          <dd>{formatWindow(order.windowStart, order.windowEnd, i18n.language)}</dd>
          {order.buildingName && (
            <>
              <dt>{t('detail.where')}</dt>
              <dd>{order.buildingName}</dd>
            </>
          )}
          <dt>{t('detail.resident')}</dt>
          <dd>{order.residentName}</dd>
          {order.volunteerName && (
            <>
              <dt>{t('detail.volunteer')}</dt>
              <dd>{order.volunteerName}</dd>
            </>
          )}
        </dl>
        {order.minutes !== null && <p>{t('detail.minutesSpent', { n: order.minutes })}</p>}
        {order.doneNote && <p className="order-desc">{order.doneNote}</p>}
        {order.hasPhoto && <img className="photo" src={`/api/v1/orders/${order.id}/photo`} alt={t('detail.photoAlt')} />}
        {order.rating !== null && <p>{t('detail.ratingGiven', { n: order.rating })}</p>}
        {order.ratingComment && <p className="order-desc">“{order.ratingComment}”</p>}
        {order.cancelReason && <p>{t('detail.cancelled', { reason: order.cancelReason })}</p>}
        {order.can.includes('contact') &&
          (contact ? (
            <dl className="detail-grid" data-testid="contact">
              <dt>{t('detail.phone')}</dt>
              <dd>{contact.phone ? <a href={`tel:${contact.phone}`}>{contact.phone}</a> : '—'}</dd>
              <dt>{t('detail.address')}</dt>
              <dd>{contact.address ?? t('detail.noAddress')}</dd>
            </dl>
          ) : (
            <>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={() => ordersApi.contact(order.id).then(setContact, setError)}
              >
                {t('detail.showContact')}
              </button>
              <p className="muted">{t('detail.contactNote')}</p>
            </>
          ))}
      </div>
      {order.can.includes('call') && <CallCard orderId={order.id} status={order.status} volunteer={order.volunteerName} />}
      <ErrorNote error={error} />
      <OrderActions
        order={order}
        onLost={() => setLost(true)}
        onChanged={(msg) => {
          setNote(msg ?? null);
          void load();
        }}
      />
      <h2>{t('detail.timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {order.timeline.map((e) => (
          <li key={`${e.at}-${e.action}`}>
            <strong>{t(`action.${e.action}`, { defaultValue: e.action })}</strong>
            {e.actorName ? ` · ${e.actorName}` : ''}
            {e.channel ? ` · ${t(`channels.${e.channel}`, { defaultValue: e.channel })}` : ''}
            {e.onBehalf ? ` · ${t('detail.onBehalf')}` : ''}
            <br />
            <span className="muted">{fmt(e.at)}</span>
            {e.note && <span className="order-desc"> — {e.note}</span>}
          </li>
        ))}
      </ol>
    </Page>
  );
}

/**
 * 一键呼叫 on the resident's own open order: who took it and a `tel:` link to them when they agreed
 * to show their number, else the duty phone. Reloaded when the order changes hands.
 */
function CallCard({ orderId, status, volunteer }: { orderId: string; status: string; volunteer: string | null }) {
  const { t } = useTranslation('orders');
  const [c, setC] = useState<Awaited<ReturnType<typeof ordersApi.call>> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: status and volunteer say when to ask again
  useEffect(() => {
    ordersApi.call(orderId).then(setC, () => setC(null));
  }, [orderId, status, volunteer]);
  if (!c) return null;
  return (
    <section className="card call-card" data-testid="call-card">
      {c.volunteerName ? (
        <p className="big">{t('detail.takenBy', { name: c.volunteerName })}</p>
      ) : (
        <p>{t('detail.waitingCall')}</p>
      )}
      {c.call ? (
        <a className="help-call" href={`tel:${c.call.phone}`} data-testid="call-link">
          <span aria-hidden="true">☎</span>
          <span>
            {c.call.kind === 'volunteer'
              ? t('detail.callVolunteer', { name: c.call.name })
              : t('detail.callDuty', { name: c.call.name })}
            <span className="help-call-number">{c.call.phone}</span>
          </span>
        </a>
      ) : (
        <p className="muted">{t('detail.noCall')}</p>
      )}
    </section>
  );
}
