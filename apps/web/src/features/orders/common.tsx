import { approxCountEn, approxCountZh } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type OrderSummary, ordersApi, type Stats } from './api';

/** "3 小时" / "3 h" since an instant. */
export function useWaited() {
  const { t } = useTranslation('orders');
  return (iso: string, now = Date.now()) => {
    const m = Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
    if (m < 60) return t('wait.minutes', { n: m });
    if (m < 48 * 60) return t('wait.hours', { n: Math.floor(m / 60) });
    return t('wait.days', { n: Math.floor(m / 1440) });
  };
}

export function formatWindow(start: string, end: string, lang: string): string {
  const loc = lang === 'en' ? 'en-GB' : 'zh-CN';
  const s = new Date(start);
  const e = new Date(end);
  const day = s.toLocaleDateString(loc, { month: 'numeric', day: 'numeric', weekday: 'short' });
  const hm = (d: Date) => d.toLocaleTimeString(loc, { hour: '2-digit', minute: '2-digit' });
  return `${day} ${hm(s)}–${hm(e)}`;
}

/** Status said in words, with a shape as well as a colour. */
export function StatusTag({ status }: { status: OrderSummary['status'] }) {
  const { t } = useTranslation('orders');
  return <span className={`status-tag status-${status}`}>{t(`status.${status}`)}</span>;
}

/** One order in a list: category, building, time window, tags; a link to its page. */
export function OrderCard({ o, extra }: { o: OrderSummary; extra?: React.ReactNode }) {
  const { t, i18n } = useTranslation('orders');
  return (
    <li
      className={`list-item order-card${o.urgency === 'urgent' ? ' urgent' : ''}`}
      data-testid="order-card"
      data-order-id={o.id}
    >
      <Link to={`/orders/${o.id}`} className="order-link">
        <span className="order-cat">{t(`category.${o.category}`)}</span>
        <StatusTag status={o.status} />
        {o.urgency === 'urgent' && <span className="tag tag-urgent">{t('urgent')}</span>}
        {o.repeating && <span className="tag">{t('repeating')}</span>}
      </Link>
      {o.description && <p className="order-desc">{o.description}</p>}
      <p className="muted">
        {formatWindow(o.windowStart, o.windowEnd, i18n.language)}
        {o.buildingName ? ` · ${o.buildingName}` : ''}
        {` · ${o.residentName}`}
      </p>
      {extra}
    </li>
  );
}

/** "五星社区安置小区：志愿者近百人，服务700余次", computed from the compound's data. */
export function StatsLine() {
  const { t, i18n } = useTranslation('orders');
  const [s, setS] = useState<Stats | null>(null);
  useEffect(() => {
    ordersApi.stats().then(setS, () => setS(null));
  }, []);
  if (!s) return null;
  const en = i18n.language === 'en';
  const approx = en ? approxCountEn : approxCountZh;
  return (
    <p className="stats-line" data-testid="orders-stats">
      <strong>
        {t('stats.line', { compound: s.compoundName, volunteers: approx(s.volunteers), services: approx(s.services) })}
      </strong>
      <span className="muted"> {t('stats.exact', { v: s.volunteers, s: s.services, h: Math.round(s.minutes / 60) })}</span>
    </p>
  );
}
