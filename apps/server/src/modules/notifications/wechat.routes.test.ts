import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDialect, type Session } from '../../test/harness';
import { startWechatFake, type WechatFake } from '../../test/wechat-fake';
import { createEscalation } from '../orders/orders.jobs';
import { PHONES, windowSoon } from '../orders/orders.test-helpers';
import { createNotificationsRepository } from './notifications.repository';
import { createWechatSender, type WechatConfig, WechatError } from './wechat';

const APP_URL = 'https://lianxin.example';
const TEMPLATE = { id: 'TPL_notice_1', fields: { thing1: 'thing', thing2: 'thing', time3: 'time' } } as const;

const fakeOf = () =>
  startWechatFake({
    appId: 'wx1234567890abcdef',
    secret: 'secret-of-the-account',
    templates: [TEMPLATE],
    followers: { 'o-resident': true, 'o-volunteer': true },
  });

const configOf = (fake: WechatFake, over: Partial<WechatConfig> = {}): WechatConfig => ({
  appId: 'wx1234567890abcdef',
  secret: 'secret-of-the-account',
  templateId: TEMPLATE.id,
  keys: { title: 'thing1', body: 'thing2', time: 'time3' },
  appUrl: APP_URL,
  apiBase: fake.base,
  openBase: 'https://open.weixin.qq.com',
  ...over,
});

/** 2026年12月07日 08:30: Beijing time of an ISO instant, as the template's time field shows it. */
const beijing = (iso: string) => {
  const b = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${b.slice(0, 4)}年${b.slice(5, 7)}月${b.slice(8, 10)}日 ${b.slice(11, 16)}`;
};

describe('wechat.sender (against the local fake of api.weixin.qq.com)', () => {
  let fake: WechatFake;
  beforeAll(async () => {
    fake = await fakeOf();
  });
  afterAll(() => fake.close());
  const msg = { openid: 'o-resident', title: '标题', body: '正文', link: '/orders/1', at: new Date('2026-12-07T00:30:00Z') };

  it('caches the access_token until five minutes before it expires, then fetches a new one', async () => {
    let now = Date.parse('2026-12-07T00:00:00Z');
    const sender = createWechatSender(configOf(fake), { clock: () => new Date(now) });
    const before = fake.calls.token;
    expect(await sender.send(msg)).toEqual({ msgid: 200_000_001 });
    expect(await sender.send(msg)).toEqual({ msgid: 200_000_002 });
    expect(fake.calls.token - before).toBe(1);
    now += (7200 - 300) * 1000 - 1; // one millisecond before the cache gives it up
    await sender.send(msg);
    expect(fake.calls.token - before).toBe(1);
    now += 1;
    await sender.send(msg);
    expect(fake.calls.token - before).toBe(2);
  });

  it('fetches a new token and sends again when WeChat answers 42001 (expired) or 40001 (replaced)', async () => {
    const sender = createWechatSender(configOf(fake));
    await sender.send(msg);
    const tokens = fake.calls.token;
    const sends = fake.calls.send;
    fake.advance(7200_000);
    await sender.send(msg);
    fake.replaceToken();
    await sender.send(msg);
    expect([fake.calls.token - tokens, fake.calls.send - sends]).toEqual([2, 4]);
  });

  it('gives WeChat’s error codes back: wrong secret, wrong appid, unknown template, not a follower', async () => {
    const codeOf = async (over: Partial<WechatConfig>, openid = 'o-resident') => {
      try {
        await createWechatSender(configOf(fake, over)).send({ ...msg, openid });
        return 0;
      } catch (err) {
        return err instanceof WechatError ? [err.errcode, err.permanent] : String(err);
      }
    };
    expect(await codeOf({ secret: 'wrong' })).toEqual([40125, false]);
    expect(await codeOf({ appId: 'wx0000000000000000' })).toEqual([40013, false]);
    expect(await codeOf({ templateId: 'TPL_withdrawn' })).toEqual([40037, true]);
    expect(await codeOf({}, 'o-stranger')).toEqual([40003, true]);
    expect(await codeOf({ keys: { title: 'first', body: 'keyword1', time: 'keyword2' } })).toEqual([47003, true]);
  });

  it('shortens a title to the 20 characters a thing field takes', async () => {
    const sender = createWechatSender(configOf(fake));
    await sender.send({ ...msg, title: '一二三四五六七八九十一二三四五六七八九十一二三' });
    expect(fake.sent.at(-1)?.data.thing1).toEqual({ value: '一二三四五六七八九十一二三四五六七八九…' });
  });
});

describeEachDialect('notifications.wechat', (h) => {
  let fake: WechatFake;
  let resident: Session;
  let volunteer: Session;
  beforeAll(async () => {
    fake = await fakeOf();
    h().ctx.wechat = createWechatSender(configOf(fake));
    resident = await h().login(PHONES.resident);
    volunteer = await h().login(PHONES.volunteer);
  });
  afterAll(() => fake.close());

  const authorize = async (s: Session) => {
    const res = await h().as(s, { method: 'POST', url: '/api/v1/notifications/wechat/authorize' });
    expect(res.statusCode).toBe(200);
    return new URL(res.json().url as string);
  };
  const callback = async (s: Session, query: Record<string, string>) => {
    const res = await h().as(s, { url: `/api/v1/notifications/wechat/callback?${new URLSearchParams(query)}` });
    expect(res.statusCode).toBe(302);
    return res.headers.location;
  };
  const channels = async (s: Session) => (await h().as(s, { url: '/api/v1/notifications/channels' })).json();
  const outbox = () =>
    h()
      .ctx.db.selectFrom('notification_outbox')
      .select(['title', 'sent_at', 'attempts', 'last_error', 'created_at'])
      .where('person_id', '=', resident.personId)
      .where('channel', '=', 'wechat')
      .orderBy('created_at')
      .orderBy('title')
      .execute();

  it('refuses WeChat as a channel before the resident has bound it', async () => {
    expect((await channels(resident)).wechat).toEqual({ configured: true, bound: false });
    const res = await h().as(resident, { method: 'PUT', url: '/api/v1/notifications/channels', payload: { orders: ['wechat'] } });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'WECHAT_NOT_BOUND', message: '请先绑定微信，再选择微信提醒' });
    expect((await channels(resident)).channels.orders).toEqual(['push', 'sms', 'email']);
  });

  it('binds by web authorisation: only with the resident’s own state, once, unexpired, and a valid code', async () => {
    const url = await authorize(resident);
    expect(`${url.origin}${url.pathname}`).toBe('https://open.weixin.qq.com/connect/oauth2/authorize');
    expect(url.hash).toBe('#wechat_redirect');
    const state = url.searchParams.get('state') ?? '';
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx1234567890abcdef',
      redirect_uri: `${APP_URL}/api/v1/notifications/wechat/callback`,
      response_type: 'code',
      scope: 'snsapi_base',
      state,
    });
    // Signed out (WeChat's browser without a session): to the sign-in page, the state unspent.
    const signedOut = await h().as(null, { url: `/api/v1/notifications/wechat/callback?code=x&state=${state}` });
    expect([signedOut.statusCode, signedOut.headers.location]).toEqual([302, '/login?next=%2Fnotifications']);
    // Someone else coming back with her state: refused, and her state still works.
    expect(await callback(volunteer, { code: fake.issueCode('o-volunteer'), state })).toBe('/notifications?wechat=expired');
    // A code WeChat never issued: refused (40029), and the state is spent.
    expect(await callback(resident, { code: 'forged', state })).toBe('/notifications?wechat=failed');
    expect(await callback(resident, { code: fake.issueCode('o-resident'), state })).toBe('/notifications?wechat=expired');
    expect((await channels(resident)).wechat.bound).toBe(false);
    // An expired state.
    await h()
      .ctx.db.insertInto('wechat_oauth_states')
      .values({ state: 'a'.repeat(32), person_id: resident.personId, expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await callback(resident, { code: fake.issueCode('o-resident'), state: 'a'.repeat(32) })).toBe(
      '/notifications?wechat=expired',
    );
    // The real round trip.
    const again = (await authorize(resident)).searchParams.get('state') ?? '';
    expect(await callback(resident, { code: fake.issueCode('o-resident'), state: again })).toBe('/notifications?wechat=bound');
    expect((await channels(resident)).wechat).toEqual({ configured: true, bound: true });
    expect(await h().ctx.db.selectFrom('wechat_bindings').select(['person_id', 'openid']).execute()).toEqual([
      { person_id: resident.personId, openid: 'o-resident' },
    ]);
    const audit = await h()
      .ctx.db.selectFrom('audit_log')
      .select('action')
      .where('target_id', '=', resident.personId)
      .where('action', 'like', 'notifications.wechat%')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['notifications.wechat_bound']);
  });

  it('sends the person’s chosen categories as template messages, with the page to open and the time', async () => {
    const put = await h().as(resident, { method: 'PUT', url: '/api/v1/notifications/channels', payload: { orders: ['wechat'] } });
    expect(put.statusCode).toBe(200);
    expect(put.json().channels.orders).toEqual(['wechat']);
    fake.sent.length = 0;
    await h().ctx.notifications.notify([resident.personId], {
      kind: 'order.taken',
      title: '志愿者黄园已接单',
      body: '会按约定时间上门',
      link: '/orders/o-1',
    });
    await h().ctx.notifications.notify([resident.personId], { kind: 'council.decided', title: '议题已形成决定' });
    await h().ctx.notifications.flush();
    const [row] = await outbox();
    expect(fake.sent).toEqual([
      {
        touser: 'o-resident',
        template_id: TEMPLATE.id,
        url: `${APP_URL}/orders/o-1`,
        data: {
          thing1: { value: '志愿者黄园已接单' },
          thing2: { value: '会按约定时间上门' },
          time3: { value: beijing(row?.created_at ?? '') },
        },
      },
    ]);
    expect((await outbox()).map((o) => [o.title, o.sent_at !== null, o.attempts])).toEqual([['志愿者黄园已接单', true, 0]]);
  });

  it('retries a failure through the outbox, and gives up on an account the resident unfollowed', async () => {
    await h().ctx.db.deleteFrom('notification_outbox').where('channel', '=', 'wechat').execute();
    const good = h().ctx.wechat;
    h().ctx.wechat = createWechatSender(configOf(fake, { secret: 'rotated-elsewhere' }));
    await h().ctx.notifications.notify([resident.personId], { kind: 'order.started', title: '志愿者已出发' });
    await h().ctx.notifications.flush();
    expect((await outbox()).map((o) => [o.sent_at, o.attempts, o.last_error])).toEqual([
      [null, 1, 'WeChat errcode 40125: invalid appsecret'],
    ]);
    h().ctx.wechat = good;
    fake.sent.length = 0;
    expect(await h().ctx.notifications.deliverDue()).toEqual({ sent: 1, failed: 0 });
    expect(fake.sent.map((s) => [s.touser, s.data.thing1?.value])).toEqual([['o-resident', '志愿者已出发']]);

    fake.followers['o-resident'] = false;
    await h().ctx.notifications.notify([resident.personId], { kind: 'order.done', title: '服务已完成' });
    await h().ctx.notifications.flush();
    expect((await outbox()).map((o) => [o.title, o.sent_at !== null, o.attempts, o.last_error])).toEqual([
      ['志愿者已出发', true, 1, 'WeChat errcode 40125: invalid appsecret'],
      ['服务已完成', false, 5, 'WeChat errcode 43004: require subscribe'],
    ]);
    expect(await h().ctx.notifications.deliverDue()).toEqual({ sent: 0, failed: 0 });
    fake.followers['o-resident'] = true;
  });

  it('takes the escalation ladder to a branch secretary who chose WeChat for orders', async () => {
    const secretary = await h().login(PHONES.secretary);
    fake.followers['o-secretary'] = true;
    await h().ctx.wechatBindings.bind(secretary.personId, 'o-secretary');
    const chose = await h().as(secretary, {
      method: 'PUT',
      url: '/api/v1/notifications/channels',
      payload: { orders: ['wechat'] },
    });
    expect(chose.json().channels.orders).toEqual(['wechat']);
    const placed = await h().as(resident, {
      method: 'POST',
      url: '/api/v1/orders',
      payload: { category: 'shopping', description: '买药', urgency: 'urgent', ...windowSoon() },
    });
    expect(placed.statusCode, placed.body).toBe(201);
    const id = placed.json().id as string;
    await h().ctx.notifications.flush(); // her own order.placed goes to her WeChat: not what is counted here
    const created = Date.parse((await h().ctx.orders.repo.findById(id))?.created_at ?? '');
    let now = new Date(created + 119 * 60_000);
    const escalate = createEscalation({
      repo: h().ctx.orders.repo,
      notifications: h().ctx.notifications,
      bus: h().ctx.bus,
      clock: () => now,
    });
    fake.sent.length = 0;
    await escalate();
    await h().ctx.notifications.flush();
    // Only this order's messages to her: the same run may escalate demo orders too.
    const aboutIt = () => fake.sent.filter((m) => m.touser === 'o-secretary' && m.url === `${APP_URL}/orders/${id}`);
    expect(aboutIt()).toEqual([]);
    now = new Date(created + 120 * 60_000);
    await escalate();
    await h().ctx.notifications.flush();
    expect(aboutIt().map((m) => [m.data.thing1?.value, m.data.thing2?.value])).toEqual([
      ['急单无人接单已超时：代购', '已等待约 120 分钟，请派单'],
    ]);
  });

  it('gathers a day’s messages into one WeChat digest at 18:00 for a person who asked for the digest', async () => {
    let now = new Date('2026-11-26T02:00:00Z'); // 10:00 in Beijing
    const repo = createNotificationsRepository(h().ctx.db, h().ctx.bus, () => now, { wechat: () => h().ctx.wechat });
    await h().ctx.wechatBindings.bind(volunteer.personId, 'o-volunteer');
    const chose = await h().as(volunteer, {
      method: 'PUT',
      url: '/api/v1/notifications/channels',
      payload: { orders: ['wechat'], council: ['wechat'] },
    });
    expect(chose.statusCode).toBe(200);
    await repo.savePrefs(volunteer.personId, { digest: true });
    fake.sent.length = 0;
    await repo.notify([volunteer.personId], { kind: 'order.confirmed', title: '服务时长已记入' });
    await repo.notify([volunteer.personId], { kind: 'council.decided', title: '议题已形成决定', link: '/council/1' });
    await repo.flush();
    expect(await repo.deliverDue()).toEqual({ sent: 0, failed: 0 });
    now = new Date('2026-11-26T10:00:00Z'); // 18:00 in Beijing
    expect(await repo.deliverDue()).toEqual({ sent: 2, failed: 0 });
    expect(fake.sent.map((m) => [m.touser, m.url, m.data.thing1?.value, m.data.thing2?.value, m.data.time3?.value])).toEqual([
      [
        'o-volunteer',
        `${APP_URL}/notifications`,
        '连心桥今日 2 条新消息',
        '服务时长已记入；议题已形成决定',
        '2026年11月26日 10:00',
      ],
    ]);
    await repo.savePrefs(volunteer.personId, { digest: false });
  });

  it('unbinds on request: WeChat is off for every category, and a second unbind is 404', async () => {
    const del = await h().as(resident, { method: 'DELETE', url: '/api/v1/notifications/wechat' });
    expect(del.json()).toEqual({ bound: false });
    const after = await channels(resident);
    expect([after.wechat, after.channels.orders]).toEqual([{ configured: true, bound: false }, []]);
    expect((await h().as(resident, { method: 'DELETE', url: '/api/v1/notifications/wechat' })).statusCode).toBe(404);
  });

  it('answers 409 WECHAT_NOT_CONFIGURED where no account is configured', async () => {
    const kept = h().ctx.wechat;
    h().ctx.wechat = null;
    const res = await h().as(resident, { method: 'POST', url: '/api/v1/notifications/wechat/authorize' });
    h().ctx.wechat = kept;
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('WECHAT_NOT_CONFIGURED');
    expect((await channels(resident)).wechat).toEqual({ configured: true, bound: false });
  });
});
