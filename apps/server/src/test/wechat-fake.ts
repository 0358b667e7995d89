import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A template the fake account has: its id and the fields its data must fill. */
export interface FakeTemplate {
  id: string;
  /** Field name → its type: `thing` takes at most 20 characters, `time` any text. */
  fields: Record<string, 'thing' | 'time'>;
}

export interface FakeSent {
  touser: string;
  template_id: string;
  url: string | undefined;
  data: Record<string, { value: string }>;
}

/**
 * A local stand-in for api.weixin.qq.com that checks what the real one checks and answers with
 * its documented error codes: the appid and secret of `/cgi-bin/token` (40013, 40125, 40002,
 * 41002, 41004), the access_token of a send (41001 missing, 40001 unknown or replaced, 42001
 * expired after `expires_in`), the body (44002 empty, 47001 not JSON), the openid (40003 not a
 * follower of this account, 43004 unfollowed), the template (40037 unknown) and its data (47003
 * a field missing or a `thing` over 20 characters); and web authorisation codes of
 * `/sns/oauth2/access_token` (40029 unknown, 40163 used), which its `/connect/oauth2/authorize`
 * page (open.weixin.qq.com) hands out by redirect. Time is the fake's own `now`, which a test moves.
 */
export async function startWechatFake(opts: {
  appId: string;
  secret: string;
  templates: FakeTemplate[];
  /** openid → following (true) or unfollowed (false). */
  followers: Record<string, boolean>;
}) {
  let now = Date.parse('2026-12-07T00:00:00Z');
  const tokens = new Map<string, number>(); // token → expires at (ms)
  const codes = new Map<string, { openid: string; used: boolean }>();
  const sent: FakeSent[] = [];
  const calls = { token: 0, send: 0, oauth: 0 };
  let latest: string | null = null;
  /** Who is signed in to WeChat in the browser that opens the authorisation page. */
  let user: string | null = null;

  const answer = (res: http.ServerResponse, body: Record<string, unknown>) => {
    res.setHeader('content-type', 'application/json; encoding=utf-8');
    res.end(JSON.stringify(body));
  };
  const err = (res: http.ServerResponse, errcode: number, errmsg: string) => answer(res, { errcode, errmsg });

  /** The appid and secret of a request, checked as WeChat does: the error to answer, or null. */
  const refused = (q: URLSearchParams): [number, string] | null => {
    const appid = q.get('appid');
    const secret = q.get('secret');
    if (!appid) return [41002, 'appid missing'];
    if (appid !== opts.appId) return [40013, 'invalid appid'];
    if (!secret) return [41004, 'appsecret missing'];
    if (secret !== opts.secret) return [40125, 'invalid appsecret'];
    return null;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://fake');
      const q = u.searchParams;
      if (req.method === 'GET' && u.pathname === '/cgi-bin/token') {
        calls.token++;
        if (q.get('grant_type') !== 'client_credential') return err(res, 40002, 'invalid grant_type');
        const no = refused(q);
        if (no) return err(res, ...no);
        // A new token replaces the previous one (WeChat keeps the old valid only briefly; here not at all).
        if (latest) tokens.delete(latest);
        latest = randomBytes(24).toString('hex');
        tokens.set(latest, now + 7200_000);
        return answer(res, { access_token: latest, expires_in: 7200 });
      }
      if (req.method === 'GET' && u.pathname === '/connect/oauth2/authorize') {
        // open.weixin.qq.com in the resident's WeChat: snsapi_base authorises silently and sends
        // the browser back with a code; a wrong appid or scope is an error page, as there.
        const back = q.get('redirect_uri') ?? '';
        const fine =
          q.get('appid') === opts.appId &&
          q.get('response_type') === 'code' &&
          ['snsapi_base', 'snsapi_userinfo'].includes(q.get('scope') ?? '') &&
          /^https?:\/\//.test(back) &&
          user !== null;
        if (!fine) {
          res.statusCode = 400;
          res.setHeader('content-type', 'text/plain; charset=utf-8');
          return res.end('参数错误');
        }
        const code = randomBytes(8).toString('hex');
        codes.set(code, { openid: user ?? '', used: false });
        const to = new URL(back);
        to.searchParams.set('code', code);
        to.searchParams.set('state', q.get('state') ?? '');
        res.statusCode = 302;
        res.setHeader('location', to.toString());
        return res.end();
      }
      if (req.method === 'GET' && u.pathname === '/sns/oauth2/access_token') {
        calls.oauth++;
        if (q.get('grant_type') !== 'authorization_code') return err(res, 40002, 'invalid grant_type');
        const no = refused(q);
        if (no) return err(res, ...no);
        const code = q.get('code');
        if (!code) return err(res, 41008, 'missing code');
        const c = codes.get(code);
        if (!c) return err(res, 40029, 'invalid code');
        if (c.used) return err(res, 40163, 'code been used');
        c.used = true;
        return answer(res, {
          access_token: randomBytes(16).toString('hex'),
          expires_in: 7200,
          refresh_token: randomBytes(16).toString('hex'),
          openid: c.openid,
          scope: 'snsapi_base',
        });
      }
      if (req.method === 'POST' && u.pathname === '/cgi-bin/message/template/send') {
        calls.send++;
        const token = q.get('access_token');
        if (!token) return err(res, 41001, 'access_token missing');
        const until = tokens.get(token);
        if (until === undefined) return err(res, 40001, 'invalid credential, access_token is invalid or not latest');
        if (now >= until) return err(res, 42001, 'access_token expired');
        const raw = Buffer.concat(chunks).toString('utf8');
        if (!raw) return err(res, 44002, 'empty post data');
        let body: Partial<FakeSent>;
        try {
          body = JSON.parse(raw) as Partial<FakeSent>;
        } catch {
          return err(res, 47001, 'data format error');
        }
        const following = body.touser ? opts.followers[body.touser] : undefined;
        if (following === undefined) return err(res, 40003, 'invalid openid');
        if (!following) return err(res, 43004, 'require subscribe');
        const tpl = opts.templates.find((t) => t.id === body.template_id);
        if (!tpl) return err(res, 40037, 'invalid template_id');
        for (const [key, type] of Object.entries(tpl.fields)) {
          const v = body.data?.[key]?.value;
          if (typeof v !== 'string' || (type === 'thing' && [...v].length > 20)) {
            return err(res, 47003, `argument invalid! data.${key}.value invalid`);
          }
        }
        sent.push({ touser: body.touser ?? '', template_id: tpl.id, url: body.url, data: body.data ?? {} });
        return answer(res, { errcode: 0, errmsg: 'ok', msgid: 200_000_000 + sent.length });
      }
      res.statusCode = 404;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    calls,
    followers: opts.followers,
    /** Moves the fake's clock on (token expiry). */
    advance(ms: number) {
      now += ms;
    },
    /** Another process fetched a token: the one the server holds is no longer the latest. */
    replaceToken() {
      if (latest) tokens.delete(latest);
      latest = randomBytes(24).toString('hex');
      tokens.set(latest, now + 7200_000);
    },
    /** Signs this openid in to WeChat for the authorisation page (a browser journey). */
    signIn(openid: string) {
      user = openid;
    },
    /** WeChat's authorisation page: the code it would hand back for this follower. */
    issueCode(openid: string): string {
      const code = randomBytes(8).toString('hex');
      codes.set(code, { openid, used: false });
      return code;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
export type WechatFake = Awaited<ReturnType<typeof startWechatFake>>;
