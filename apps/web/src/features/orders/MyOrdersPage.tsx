import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { ordersApi } from './api';
import { OrderCard } from './common';
import { useOrderList } from './useOrderList';
import './orders.css';

/** The resident's requests, newest first, updating live as volunteers take and finish them. */
export default function MyOrdersPage() {
  const { t } = useTranslation('orders');
  const { orders, error, reload } = useOrderList('mine');
  return (
    <Page title={t('mine.title')}>
      <Link className="btn btn-block send-btn" to="/orders/new">
        {t('mine.new')}
      </Link>
      <ErrorNote error={error} onRetry={reload} />
      {!orders && !error && <Loading />}
      {orders?.length === 0 && <p className="muted">{t('mine.empty')}</p>}
      <ul className="list" aria-live="polite">
        {orders?.map((o) => (
          <OrderCard key={o.id} o={o} />
        ))}
      </ul>
      <SeriesList />
    </Page>
  );
}

type Series = Awaited<ReturnType<typeof ordersApi.mySeries>>[number];

/** Repeating orders (e.g. meals every weekday), each with a way to stop it. */
function SeriesList() {
  const { t, i18n } = useTranslation('orders');
  const [series, setSeries] = useState<Series[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => ordersApi.mySeries().then(setSeries, setError), []);
  useEffect(() => void load(), [load]);
  if (!series.length && !error) return null;
  return (
    <>
      <h2>{t('mine.repeating')}</h2>
      <ErrorNote error={error} />
      <ul className="list">
        {series.map((s) => (
          <li key={s.id} className="list-item">
            <p className="order-cat">{t(`category.${s.category}`)}</p>
            {s.description && <p className="order-desc">{s.description}</p>}
            <p className="muted">
              {t('place.repeatTime', {
                days: s.weekdays.map((d) => t('place.weekdays').split(',')[d - 1]).join(i18n.language === 'en' ? ', ' : '、'),
                start: s.timeStart,
                end: s.timeEnd,
              })}
            </p>
            <button type="button" className="btn btn-secondary" onClick={() => ordersApi.stopSeries(s.id).then(load, setError)}>
              {t('mine.stop')}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
