import { ORDER_CATEGORIES } from '@lianxin/shared';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import { newKey, ordersApi } from './api';
import { StatsLine } from './common';
import './orders.css';

const ICONS: Record<string, string> = {
  shopping: '购',
  escort: '医',
  repair: '修',
  cleaning: '洁',
  meals: '餐',
  company: '聊',
  errand: '办',
  other: '他',
};
type WhenKey = 'soon' | 'today' | 'tomorrowAm' | 'tomorrowPm';

/** The time windows offered, in the device's clock (the resident's own day). */
function windows(now = new Date()): Array<{ key: WhenKey; start: Date; end: Date }> {
  const at = (dayOffset: number, h: number) => {
    const d = new Date(now);
    d.setDate(d.getDate() + dayOffset);
    d.setHours(h, 0, 0, 0);
    return d;
  };
  const out: Array<{ key: WhenKey; start: Date; end: Date }> = [
    { key: 'soon', start: now, end: new Date(now.getTime() + 2 * 3600_000) },
  ];
  if (now.getHours() < 17) out.push({ key: 'today', start: now.getHours() >= 14 ? now : at(0, 14), end: at(0, 18) });
  out.push({ key: 'tomorrowAm', start: at(1, 8), end: at(1, 12) }, { key: 'tomorrowPm', start: at(1, 14), end: at(1, 18) });
  return out;
}

const hhmm = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

/** Three taps on a phone: what, when, send. Everything else is optional and below. */
export default function PlaceOrderPage() {
  const { t } = useTranslation('orders');
  const { hasRole, me } = useSession();
  const acting = me?.actingFor ?? null;
  const [category, setCategory] = useState<string | null>(null);
  const [when, setWhen] = useState<WhenKey | null>(null);
  const [note, setNote] = useState('');
  const [forPersonId, setForPersonId] = useState('');
  const [channel, setChannel] = useState('phone_call');
  const [repeat, setRepeat] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [placed, setPlaced] = useState<{ id: string; series: boolean } | null>(null);
  // One key per filled-in form: a double tap or a retry after a lost answer makes one order.
  const [key, setKey] = useState(newKey);
  const options = useMemo(() => windows(), []);
  const staff = hasRole('community_worker', 'branch_secretary');

  const send = async () => {
    const w = options.find((o) => o.key === when);
    if (!category || !w) return;
    setBusy(true);
    setError(null);
    try {
      // While acting for a resident the server records the order in their name with the acting channel.
      const who = staff && !acting && forPersonId.trim() ? { forPersonId: forPersonId.trim(), channel } : {};
      if (repeat) {
        await ordersApi.series(
          {
            category,
            description: note || undefined,
            weekdays: [1, 2, 3, 4, 5],
            timeStart: hhmm(w.start),
            timeEnd: hhmm(w.end),
            ...who,
          },
          key,
        );
        setPlaced({ id: '', series: true });
      } else {
        const r = await ordersApi.place(
          {
            category,
            description: note || undefined,
            windowStart: w.start.toISOString(),
            windowEnd: w.end.toISOString(),
            urgency: when === 'soon' ? 'urgent' : 'normal',
            ...who,
          },
          key,
        );
        setPlaced({ id: r.id, series: false });
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (placed) {
    return (
      <Page title={t('place.title')}>
        <p className="ok-note big" role="status">
          {placed.series ? t('place.repeatStarted') : t('place.sent')}
        </p>
        {placed.id && (
          <Link className="btn btn-block send-btn" to={`/orders/${placed.id}`}>
            {t('place.follow')}
          </Link>
        )}
        <Link className="btn btn-block btn-secondary" to="/orders/mine">
          {t('mine.title')}
        </Link>
        <button
          type="button"
          className="btn btn-block btn-secondary"
          onClick={() => {
            setPlaced(null);
            setCategory(null);
            setWhen(null);
            setNote('');
            setRepeat(false);
            setKey(newKey());
          }}
        >
          {t('place.title')}
        </button>
      </Page>
    );
  }

  return (
    <Page title={t('place.title')}>
      {acting && (
        <p className="big acting-for" data-testid="order-for">
          {t('place.forActing', { name: acting.name, channel: t(`accounts:channel_${acting.channel}`) })}
        </p>
      )}
      <StatsLine />
      <div className="steps">
        <section aria-labelledby="step1">
          <h2 id="step1">{t('place.step1')}</h2>
          <ul className="choice-grid">
            {ORDER_CATEGORIES.map((c) => (
              <li key={c}>
                <button
                  type="button"
                  className="choice"
                  aria-pressed={category === c}
                  onClick={() => setCategory(c)}
                  data-testid={`cat-${c}`}
                >
                  <span className="choice-icon" aria-hidden="true">
                    {ICONS[c]}
                  </span>
                  {t(`category.${c}`)}
                </button>
              </li>
            ))}
          </ul>
        </section>
        {category && (
          <section aria-labelledby="step2">
            <h2 id="step2">{t('place.step2')}</h2>
            <ul className="choice-grid">
              {options.map((o) => (
                <li key={o.key}>
                  <button
                    type="button"
                    className="choice"
                    aria-pressed={when === o.key}
                    onClick={() => setWhen(o.key)}
                    data-testid={`when-${o.key}`}
                  >
                    {t(`when.${o.key}`)}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        {category && when && (
          <section aria-labelledby="step3">
            <h2 id="step3">{t('place.step3')}</h2>
            <p className="big">{t('place.chosen', { category: t(`category.${category}`), when: t(`when.${when}`) })}</p>
            <ErrorNote error={error} />
            <button type="button" className="btn btn-block send-btn" onClick={send} disabled={busy} data-testid="send-order">
              {busy ? t('place.sending') : t('place.send')}
            </button>
            <div className="form card">
              <div className="field">
                <label htmlFor="order-note">{t('place.note')}</label>
                <textarea
                  name="description"
                  id="order-note"
                  value={note}
                  maxLength={500}
                  rows={3}
                  onChange={(e) => setNote(e.target.value)}
                />
              </div>
              {when !== 'soon' && (
                <label className="check">
                  <input data-unsent="" type="checkbox" checked={repeat} onChange={(e) => setRepeat(e.target.checked)} />
                  {t('place.repeat')}
                </label>
              )}
              {staff && !acting && (
                <>
                  <Link to="/me/acting-for" className="btn btn-secondary">
                    {t('place.startActing')}
                  </Link>
                  <Field
                    name="forPersonId"
                    label={t('place.forWhom')}
                    hint={t('place.forWhomHint')}
                    value={forPersonId}
                    onChange={(e) => setForPersonId(e.target.value)}
                  />
                  <div className="field">
                    <label htmlFor="order-channel">{t('place.channel')}</label>
                    <select name="channel" id="order-channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
                      {['phone_call', 'walk_in', 'home_visit'].map((c) => (
                        <option key={c} value={c}>
                          {t(`channels.${c}`)}
                        </option>
                      ))}
                    </select>
                  </div>
                </>
              )}
            </div>
          </section>
        )}
      </div>
    </Page>
  );
}
