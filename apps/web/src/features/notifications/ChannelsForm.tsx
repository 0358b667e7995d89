import { NOTIFY_CATEGORIES, NOTIFY_CHANNELS, type NotifyCategory, type NotifyChannel } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import './settings.i18n';
import { WechatBinding } from './WechatBinding';

interface Channels {
  channels: Record<NotifyCategory, NotifyChannel[]>;
  pushKey: string | null;
  devices: number;
  wechat: { configured: boolean; bound: boolean };
}

/** The VAPID public key (URL-safe base64) as PushManager.subscribe wants it. */
function keyBytes(b64url: string): Uint8Array<ArrayBuffer> {
  const b64 = (b64url + '='.repeat((4 - (b64url.length % 4)) % 4)).replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

/**
 * The service worker that receives pushes: the app's own (/sw.js, which imports /sw-push.js),
 * registered now if the page has not done so yet — never /sw-push.js alone, which would replace
 * the app's worker and with it the offline pages and the outbox.
 */
async function pushRegistration(): Promise<ServiceWorkerRegistration> {
  const existing = await navigator.serviceWorker.getRegistration('/');
  if (existing) return existing;
  await navigator.serviceWorker.register('/sw.js', { scope: '/' });
  return navigator.serviceWorker.ready;
}

/** Channels per category (push, SMS, e-mail; in-app always) and Web Push on this device. */
export function ChannelsForm() {
  const { t } = useTranslation('notifications');
  const [c, setC] = useState<Channels | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    api<Channels>('/api/v1/notifications/channels').then(setC, setError);
  }, []);
  if (!c) return error ? <ErrorNote error={error} /> : null;
  const pushHere = typeof window !== 'undefined' && 'serviceWorker' in navigator && 'PushManager' in window;
  // WeChat is a column only where the deployment configured an account; it needs a binding first.
  const shown = NOTIFY_CHANNELS.filter((ch) => ch !== 'wechat' || c.wechat.configured);
  const wechatBound = (bound: boolean) =>
    setC({
      ...c,
      wechat: { ...c.wechat, bound },
      channels: bound
        ? c.channels
        : (Object.fromEntries(
            NOTIFY_CATEGORIES.map((cat) => [cat, c.channels[cat].filter((x) => x !== 'wechat')]),
          ) as Channels['channels']),
    });

  const toggle = async (category: NotifyCategory, channel: NotifyChannel, on: boolean) => {
    const list = NOTIFY_CHANNELS.filter((x) => (x === channel ? on : c.channels[category].includes(x)));
    try {
      const r = await api<{ channels: Channels['channels'] }>('/api/v1/notifications/channels', {
        method: 'PUT',
        body: { [category]: list },
      });
      setC({ ...c, channels: r.channels });
      setError(null);
    } catch (err) {
      setError(err);
    }
  };

  const enablePush = async () => {
    setNote(null);
    try {
      if (!c.pushKey) return;
      if ((await Notification.requestPermission()) !== 'granted') {
        setNote(t('pushDenied'));
        return;
      }
      const reg = await pushRegistration();
      const sub =
        (await reg.pushManager.getSubscription()) ??
        (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(c.pushKey) }));
      const json = sub.toJSON();
      const r = await api<{ devices: number }>('/api/v1/notifications/push-subscriptions', {
        method: 'POST',
        body: { endpoint: json.endpoint, keys: { p256dh: json.keys?.p256dh, auth: json.keys?.auth } },
      });
      setC({ ...c, devices: r.devices });
      setNote(t('pushOn'));
      setError(null);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <section className="card inbox-prefs" aria-labelledby="channels-h">
      <h2 id="channels-h">{t('channels')}</h2>
      <p className="muted">{t('channelsHint')}</p>
      <table className="channels-table">
        <thead>
          <tr>
            <th scope="col">{t('categoryHeader')}</th>
            {shown.map((ch) => (
              <th scope="col" key={ch}>
                {t(`channel.${ch}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {NOTIFY_CATEGORIES.map((cat) => (
            <tr key={cat}>
              <th scope="row">{t(`category.${cat}`)}</th>
              {shown.map((ch) => (
                <td key={ch}>
                  {/* The label is the tap target: the whole cell, 44 px square (60 in 长辈版). */}
                  <label className="channel-cell">
                    <input
                      name={cat}
                      type="checkbox"
                      aria-label={`${t(`category.${cat}`)} · ${t(`channel.${ch}`)}`}
                      checked={c.channels[cat].includes(ch)}
                      disabled={ch === 'wechat' && !c.wechat.bound}
                      title={ch === 'wechat' && !c.wechat.bound ? t('wechat.notBound') : undefined}
                      onChange={(e) => void toggle(cat, ch, e.target.checked)}
                    />
                  </label>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>{t('devices', { count: c.devices })}</p>
      {c.pushKey && pushHere ? (
        <button type="button" className="btn btn-block" onClick={() => void enablePush()}>
          {t('pushEnable')}
        </button>
      ) : (
        <p className="muted">{t('pushUnavailable')}</p>
      )}
      {c.wechat.configured && <WechatBinding bound={c.wechat.bound} onChange={wechatBound} />}
      {note && (
        <p className="ok-note" role="status">
          {note}
        </p>
      )}
      <ErrorNote error={error} />
    </section>
  );
}
