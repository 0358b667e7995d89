import { useTranslation } from 'react-i18next';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { OrderCard, StatsLine } from './common';
import { useOrderList } from './useOrderList';
import './orders.css';

/** Open orders in my compound (live, no reload), and the orders I hold. */
export default function VolunteerPage() {
  const { t } = useTranslation('orders');
  const open = useOrderList('open');
  const held = useOrderList('held');
  const active = held.orders?.filter((o) => ['taken', 'in_service', 'done'].includes(o.status));
  return (
    <Page title={t('volunteer.title')}>
      <StatsLine />
      <p className="live-note" role="status">
        {open.live && <span className="live-dot" aria-hidden="true" />}
        {t('volunteer.live')}
      </p>
      <h2>{t('volunteer.open')}</h2>
      <ErrorNote error={open.error} onRetry={open.reload} />
      {!open.orders && !open.error && <Loading />}
      {open.orders?.length === 0 && <p className="muted">{t('volunteer.empty')}</p>}
      <ul className="list" aria-live="polite" data-testid="open-orders">
        {open.orders?.map((o) => (
          <OrderCard
            key={o.id}
            o={o}
            extra={o.dispatchedToMe ? <p className="tag tag-urgent">{t('volunteer.dispatchedToMe')}</p> : undefined}
          />
        ))}
      </ul>
      <h2>{t('volunteer.held')}</h2>
      <ErrorNote error={held.error} onRetry={held.reload} />
      {active?.length === 0 && <p className="muted">{t('volunteer.heldEmpty')}</p>}
      <ul className="list" data-testid="held-orders">
        {active?.map((o) => (
          <OrderCard key={o.id} o={o} />
        ))}
      </ul>
    </Page>
  );
}
