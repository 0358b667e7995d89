import { addStrings } from '../../i18n';

/**
 * Strings only the settings (提醒方式) need, added when that lazily loaded code is: kept out of
 * the first page's JavaScript.
 */
addStrings('notifications', {
  'zh-CN': {
    categoryHeader: '消息类别',
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
    categoryHeader: 'Kind of message',
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
