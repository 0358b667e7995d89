import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';
import './settings.i18n';

const OUTCOMES = ['bound', 'expired', 'failed'] as const;

/** How the WeChat authorisation came back (the callback redirects here with ?wechat=…). */
function outcomeOfUrl(): (typeof OUTCOMES)[number] | null {
  const v = new URLSearchParams(window.location.search).get('wechat');
  return OUTCOMES.find((o) => o === v) ?? null;
}

/**
 * Binding the resident's own WeChat: 绑定微信 sends the browser (WeChat's own) to WeChat's
 * authorisation page, which comes back to the server's callback and then here.
 */
export function WechatBinding({ bound, onChange }: { bound: boolean; onChange: (bound: boolean) => void }) {
  const { t } = useTranslation('notifications');
  const [error, setError] = useState<unknown>(null);
  const [outcome] = useState(outcomeOfUrl);
  // Shown once: a reload or a shared link does not say it again (WeChat's #wechat_redirect goes too).
  useEffect(() => {
    if (outcome) window.history.replaceState(window.history.state, '', window.location.pathname);
  }, [outcome]);
  const bind = async () => {
    try {
      const r = await api<{ url: string }>('/api/v1/notifications/wechat/authorize', { method: 'POST' });
      window.location.assign(r.url);
    } catch (err) {
      setError(err);
    }
  };
  const unbind = async () => {
    try {
      await api('/api/v1/notifications/wechat', { method: 'DELETE' });
      onChange(false);
      setError(null);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div className="wechat-binding">
      <h3>{t('wechat.title')}</h3>
      <p className="muted">{t('wechat.hint')}</p>
      {outcome && (
        <p className={outcome === 'bound' ? 'ok-note' : 'error-note'} role="status">
          {t(`wechat.outcome.${outcome}`)}
        </p>
      )}
      <p>{bound ? t('wechat.bound') : t('wechat.unbound')}</p>
      <button type="button" className="btn btn-block btn-secondary" onClick={() => void (bound ? unbind() : bind())}>
        {bound ? t('wechat.unbind') : t('wechat.bind')}
      </button>
      <ErrorNote error={error} />
    </div>
  );
}
