import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addStrings } from '../../i18n';
import { api } from '../../lib/api';
import { ErrorNote } from '../../ui/Page';

// Only the settings page needs these: kept out of the first page's JavaScript.
addStrings('notifications', {
  'zh-CN': {
    channel: { wechat: '微信' },
    wechat: {
      title: '微信提醒',
      hint: '绑定后，可在上表中选择用微信服务号消息提醒。请在微信里打开本页后绑定。',
      bound: '已绑定微信',
      unbound: '尚未绑定微信',
      bind: '绑定微信',
      unbind: '解除微信绑定',
      notBound: '请先绑定微信',
      outcome: {
        bound: '微信绑定成功',
        expired: '绑定链接已失效，请重新点“绑定微信”',
        failed: '微信未完成授权，请重试',
      },
    },
  },
  en: {
    channel: { wechat: 'WeChat' },
    wechat: {
      title: 'WeChat messages',
      hint: 'Once bound, WeChat can be chosen in the table above. Open this page inside WeChat to bind.',
      bound: 'WeChat is bound',
      unbound: 'WeChat is not bound',
      bind: 'Bind WeChat',
      unbind: 'Unbind WeChat',
      notBound: 'Bind WeChat first',
      outcome: {
        bound: 'WeChat is bound',
        expired: 'The binding link expired; tap “Bind WeChat” again',
        failed: 'WeChat did not finish the authorisation; please try again',
      },
    },
  },
});

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
