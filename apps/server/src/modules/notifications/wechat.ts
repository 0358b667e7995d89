/**
 * WeChat Official Account (服务号) template messages, to WeChat's published HTTP API:
 * `GET /cgi-bin/token` (client_credential) for the access_token, cached until shortly before it
 * expires and fetched again when WeChat answers 40001/40014/42001 (another process refreshed it,
 * or it expired early); `POST /cgi-bin/message/template/send` with touser (the openid), template_id,
 * url and data; and `GET /sns/oauth2/access_token` to turn a web-authorisation code into the
 * openid of the resident who tapped 绑定微信.
 */

export interface WechatConfig {
  appId: string;
  secret: string;
  /** The template (模板消息) approved for notices; its fields are `keys`. */
  templateId: string;
  /** Which template field carries the title, the body and the time, e.g. thing1/thing2/time3. */
  keys: { title: string; body: string; time: string };
  /** The https address residents open the app at; a message's url and the OAuth redirect. */
  appUrl: string;
  /** https://api.weixin.qq.com (a test points it at a local fake). */
  apiBase: string;
  /** https://open.weixin.qq.com, where the authorisation page lives. */
  openBase: string;
}

/** An answer of WeChat's with a non-zero errcode (e.g. 43004: the user does not follow the account). */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    errmsg: string,
  ) {
    super(`WeChat errcode ${errcode}: ${errmsg}`);
  }

  /** Errors that another try cannot fix: the openid is wrong or no longer follows, the template is gone. */
  get permanent(): boolean {
    return PERMANENT.has(this.errcode);
  }
}

/** 40003 invalid openid, 43004 require subscribe, 40037 invalid template_id, 47003 argument invalid. */
const PERMANENT = new Set([40003, 43004, 40037, 47003]);
/** The access_token is not (or no longer) valid: fetch a new one and try once more. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);

export interface WechatMessage {
  openid: string;
  title: string;
  body: string;
  link: string | null;
  at: Date;
}

export interface WechatSender {
  send(m: WechatMessage): Promise<{ msgid: number }>;
  /** The authorisation page a resident's WeChat browser is sent to. */
  authorizeUrl(state: string): string;
  /** The openid of a web-authorisation `code` (snsapi_base). */
  openidOf(code: string): Promise<string>;
  readonly redirectUri: string;
}

/** `thing` fields take at most 20 characters (WeChat rejects longer ones with 47003). */
function thing(s: string): string {
  const chars = [...s];
  return chars.length <= 20 ? s : `${chars.slice(0, 19).join('')}…`;
}

/** 2026年12月07日 08:30 in Beijing time, as `time` fields show. */
function beijingTime(d: Date): string {
  const b = new Date(d.getTime() + 8 * 3600_000).toISOString();
  return `${b.slice(0, 4)}年${b.slice(5, 7)}月${b.slice(8, 10)}日 ${b.slice(11, 16)}`;
}

export function createWechatSender(cfg: WechatConfig, opts: { clock?: () => Date; timeoutMs?: number } = {}): WechatSender {
  const clock = opts.clock ?? (() => new Date());
  const timeoutMs = opts.timeoutMs ?? 10_000;
  let cached: { token: string; until: number } | null = null;
  /** One token request at a time: concurrent sends wait for the same answer. */
  let pending: Promise<string> | null = null;

  async function call(url: string, init?: RequestInit): Promise<Record<string, unknown>> {
    const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) throw new Error(`WeChat answered HTTP ${res.status}`);
    const json = (await res.json()) as Record<string, unknown>;
    const errcode = typeof json.errcode === 'number' ? json.errcode : 0;
    if (errcode !== 0) throw new WechatError(errcode, String(json.errmsg ?? ''));
    return json;
  }

  async function token(): Promise<string> {
    if (cached && clock().getTime() < cached.until) return cached.token;
    pending ??= (async () => {
      try {
        const q = new URLSearchParams({ grant_type: 'client_credential', appid: cfg.appId, secret: cfg.secret });
        const json = await call(`${cfg.apiBase}/cgi-bin/token?${q}`);
        const t = String(json.access_token ?? '');
        if (!t) throw new Error('WeChat gave no access_token');
        const expiresIn = Number(json.expires_in ?? 7200);
        // Five minutes early: the token is not used at the very edge of its life.
        cached = { token: t, until: clock().getTime() + Math.max(60, expiresIn - 300) * 1000 };
        return t;
      } finally {
        pending = null;
      }
    })();
    return pending;
  }

  const redirectUri = `${cfg.appUrl}/api/v1/notifications/wechat/callback`;

  return {
    redirectUri,
    async send(m) {
      const body = JSON.stringify({
        touser: m.openid,
        template_id: cfg.templateId,
        url: `${cfg.appUrl}${m.link ?? '/notifications'}`,
        data: {
          [cfg.keys.title]: { value: thing(m.title) },
          [cfg.keys.body]: { value: thing(m.body || m.title) },
          [cfg.keys.time]: { value: beijingTime(m.at) },
        },
      });
      const post = async () =>
        call(`${cfg.apiBase}/cgi-bin/message/template/send?access_token=${encodeURIComponent(await token())}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
      try {
        return { msgid: Number((await post()).msgid ?? 0) };
      } catch (err) {
        if (!(err instanceof WechatError) || !STALE_TOKEN.has(err.errcode)) throw err;
        cached = null;
        return { msgid: Number((await post()).msgid ?? 0) };
      }
    },
    authorizeUrl(state) {
      const q = new URLSearchParams({
        appid: cfg.appId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'snsapi_base',
        state,
      });
      return `${cfg.openBase}/connect/oauth2/authorize?${q}#wechat_redirect`;
    },
    async openidOf(code) {
      const q = new URLSearchParams({ appid: cfg.appId, secret: cfg.secret, code, grant_type: 'authorization_code' });
      const json = await call(`${cfg.apiBase}/sns/oauth2/access_token?${q}`);
      const openid = String(json.openid ?? '');
      if (!openid) throw new Error('WeChat gave no openid');
      return openid;
    },
  };
}
