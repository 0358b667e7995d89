import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { notFound } from '../../lib/errors';

/** One reply as Aliyun's HTTP batch push of SmsUp messages sends it (help.aliyun.com, 上行短信消息). */
const smsUpSchema = z.object({
  phone_number: z.string().max(20),
  send_time: z.string().max(30),
  content: z.string().max(500),
  sign_name: z.string().max(60).optional(),
  dest_code: z.string().max(20),
  sequence_id: z.number(),
});

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Elders' SMS replies to polls. Aliyun's HTTP batch push is not signed (its documentation defines
 * no signature for SmsUp), so the address itself is the secret: the console is given
 * `/api/v1/sms/inbound/aliyun/<ALIYUN_SMS_INBOUND_TOKEN>`, compared in constant time; any other
 * token is 404, as is every request while no token is configured.
 */
export function registerSmsInboundRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/sms/inbound/aliyun/:token',
    {
      config: { access: 'public', csrfExempt: true },
      schema: {
        tags: ['polls'],
        summary: 'Aliyun SmsUp push: elders answer polls by replying to an SMS',
        params: z.object({ token: z.string().max(200) }),
        body: z.array(smsUpSchema).max(1000),
        response: { 200: z.object({ code: z.number(), msg: z.string() }) },
      },
    },
    async (req) => {
      const secret = ctx.config.smsInboundToken;
      if (!secret || !timingSafeEqual(digest(req.params.token), digest(secret))) throw notFound();
      for (const m of req.body) {
        // A vendor retry (same sequence id) is recognised and not taken again.
        const outcome = await ctx.polls
          .answerBySms(m.phone_number, m.content, String(m.sequence_id))
          .catch((e: { code?: string }) => e.code ?? 'error');
        req.log.info({ outcome, sequence: m.sequence_id }, 'sms reply');
      }
      return { code: 0, msg: '接收成功' };
    },
  );
}
