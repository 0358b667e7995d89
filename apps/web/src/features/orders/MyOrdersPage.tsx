import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { NotificationBell } from '../notifications/NotificationBell';
import { OrderCard } from './common';
import { useOrderList } from './useOrderList';
import './orders.css';

/** The resident's requests, newest first, updating live as volunteers take and finish them. */
export default function MyOrdersPage() {
  const { t } = useTranslation('orders');
  const { orders, error, reload } = useOrderList('mine');
  return (
    <Page title={t('mine.title')} actions={<NotificationBell />}>
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
    </Page>
  );
}
