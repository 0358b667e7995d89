import {
  idSchema,
  NOTIFY_CATEGORIES,
  NOTIFY_CHANNELS,
  notificationPrefsSchema,
  notifyChannelsSchema,
  pushSubscriptionSchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { requireAuth } from '../accounts/policy';
import { registerWechatRoutes } from './wechat.routes';

const itemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  read: z.boolean(),
});
const prefsSchema = z.object({
  email: z.string().nullable(),
  emailEnabled: z.boolean(),
  digest: z.boolean(),
  quietStart: z.string().nullable(),
  quietEnd: z.string().nullable(),
});
const tags = ['notifications'];

/** The inbox (live through /api/v1/live), read marks, and per-person preferences. */
export function registerNotificationRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'My inbox, newest first, with the unread count',
        response: { 200: z.object({ items: z.array(itemSchema), unread: z.number() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const [rows, unread] = await Promise.all([
        ctx.notifications.listFor(auth.personId),
        ctx.notifications.unreadCount(auth.personId),
      ]);
      return {
        unread,
        items: rows.map((n) => ({
          id: n.id,
          kind: n.kind,
          title: n.title,
          body: n.body,
          link: n.link,
          createdAt: n.created_at,
          read: n.read_at !== null,
        })),
      };
    },
  );

  r.get(
    '/api/v1/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'How many unread (the badge)', response: { 200: z.object({ unread: z.number() }) } },
    },
    async (req) => ({ unread: await ctx.notifications.unreadCount(requireAuth(req.auth).personId) }),
  );

  r.post(
    '/api/v1/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Mark one as read',
        params: z.strictObject({ id: idSchema }),
        response: { 200: z.object({ unread: z.number() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      if (!(await ctx.notifications.markRead(auth.personId, req.params.id))) throw notFound('notification');
      return { unread: await ctx.notifications.unreadCount(auth.personId) };
    },
  );

  r.post(
    '/api/v1/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Mark all as read', response: { 200: z.object({ unread: z.number() }) } },
    },
    async (req) => {
      await ctx.notifications.markAllRead(requireAuth(req.auth).personId);
      return { unread: 0 };
    },
  );

  r.get(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Email channel, daily digest and quiet hours', response: { 200: prefsSchema } },
    },
    async (req) => ctx.notifications.prefs(requireAuth(req.auth).personId),
  );

  r.put(
    '/api/v1/notifications/preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Change email, digest and quiet hours (Beijing time, HH:MM)',
        body: notificationPrefsSchema,
        response: { 200: prefsSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const b = req.body;
      if (b.emailEnabled && !(b.email ?? (await ctx.notifications.prefs(auth.personId)).email)) {
        throw fieldError('email', 'required');
      }
      const saved = await ctx.notifications.savePrefs(auth.personId, {
        ...(b.email !== undefined ? { email: b.email } : {}),
        ...(b.emailEnabled !== undefined ? { emailEnabled: b.emailEnabled } : {}),
        ...(b.digest !== undefined ? { digest: b.digest } : {}),
        ...(b.quietStart !== undefined ? { quietStart: b.quietStart } : {}),
        ...(b.quietEnd !== undefined ? { quietEnd: b.quietEnd } : {}),
      });
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'notifications.preferences_changed',
        targetType: 'person',
        targetId: auth.personId,
      });
      return saved;
    },
  );

  const channelsSchema = z.record(z.enum(NOTIFY_CATEGORIES), z.array(z.enum(NOTIFY_CHANNELS)));

  r.get(
    '/api/v1/notifications/channels',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Channels per category (push, SMS, e-mail; in-app is always on) and whether push is available',
        response: {
          200: z.object({
            channels: channelsSchema,
            pushKey: z.string().nullable(),
            devices: z.number(),
            wechat: z.object({ configured: z.boolean(), bound: z.boolean() }),
          }),
        },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      return {
        channels: await ctx.notifications.channelPrefs(auth.personId),
        pushKey: ctx.config.vapid?.publicKey ?? null,
        devices: await ctx.notifications.deviceCount(auth.personId),
        // Whether bound, never the openid itself.
        wechat: {
          configured: ctx.wechat !== null,
          bound: (await ctx.wechatBindings.openidOf(auth.personId)) !== null,
        },
      };
    },
  );

  r.put(
    '/api/v1/notifications/channels',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Choose the channels of some categories (each list replaces that category’s)',
        body: notifyChannelsSchema,
        response: { 200: z.object({ channels: channelsSchema }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      if (Object.values(req.body).some((list) => list?.includes('wechat'))) {
        if (!ctx.wechat) throw new AppError('WECHAT_NOT_CONFIGURED');
        if (!(await ctx.wechatBindings.openidOf(auth.personId))) throw new AppError('WECHAT_NOT_BOUND');
      }
      await ctx.notifications.saveChannelPrefs(auth.personId, req.body);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'notifications.channels_changed',
        targetType: 'person',
        targetId: auth.personId,
        details: { categories: Object.keys(req.body) },
      });
      return { channels: await ctx.notifications.channelPrefs(auth.personId) };
    },
  );

  r.post(
    '/api/v1/notifications/push-subscriptions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Register this device for Web Push (the browser’s PushSubscription)',
        body: pushSubscriptionSchema,
        response: { 200: z.object({ devices: z.number() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      if (!ctx.config.vapid) throw new AppError('PUSH_NOT_CONFIGURED');
      const ua = req.headers['user-agent'];
      await ctx.notifications.subscribe(auth.personId, {
        endpoint: req.body.endpoint,
        p256dh: req.body.keys.p256dh,
        auth: req.body.keys.auth,
        userAgent: typeof ua === 'string' ? ua.slice(0, 200) : null,
      });
      return { devices: await ctx.notifications.deviceCount(auth.personId) };
    },
  );

  r.delete(
    '/api/v1/notifications/push-subscriptions',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Stop Web Push on this device',
        body: z.strictObject({ endpoint: z.string().max(1000) }),
        response: { 200: z.object({ devices: z.number() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      if (!(await ctx.notifications.unsubscribe(auth.personId, req.body.endpoint))) throw notFound('subscription');
      return { devices: await ctx.notifications.deviceCount(auth.personId) };
    },
  );

  registerWechatRoutes(app, ctx);
}
