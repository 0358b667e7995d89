import type { FastifyReply, FastifyRequest } from 'fastify';

/** What idempotent() answered through the reply: its status and headers. */
export interface SentReply {
  status?: number;
  headers: Record<string, string>;
}

/**
 * The smallest request and reply idempotent() reads and writes: an account (or nobody signed
 * in), an Idempotency-Key header (or none), the URL and the route's pattern (the URL itself
 * unless given, as for a route without parameters).
 */
export function fakeIdempotentCall(opts: { account?: string; key?: string; url?: string; pattern?: string }) {
  const sent: SentReply = { headers: {} };
  const headers: Record<string, string> = opts.key === undefined ? {} : { 'idempotency-key': opts.key };
  const url = opts.url ?? '/api/v1/test';
  const req = {
    headers,
    auth: opts.account ? { accountId: opts.account } : null,
    method: 'POST',
    url,
    routeOptions: { url: opts.pattern ?? url },
  } as unknown as FastifyRequest;
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
  } as unknown as FastifyReply;
  return { req, reply, sent };
}
