import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext } from '../../context';
import type { DB } from '../../db/schema';
import { type AuthContext, requireAuth } from '../accounts/policy';

/** Roles whose pages follow a compound's orders live (volunteer lists, the dispatch board). */
const FOLLOW_COMPOUND = new Set(['volunteer', 'branch_secretary', 'committee_member', 'community_worker', 'subdistrict_admin']);
const HEARTBEAT_MS = 20_000;
/** A district admin may reach hundreds of compounds; a page follows at most this many. */
const MAX_COMPOUNDS = 200;

/**
 * The bus channels a signed-in person's pages receive:
 * - `person:<personId>` (and the resident they act for): their notifications and their orders;
 * - `compound:<compoundId>:orders` for each compound their volunteer or staff grants reach.
 * Payloads on compound channels carry ids and statuses only; pages fetch what they may see.
 */
export async function liveChannels(db: Kysely<DB>, auth: AuthContext): Promise<string[]> {
  const channels = new Set<string>([`person:${auth.personId}`]);
  if (auth.actingFor) channels.add(`person:${auth.actingFor.personId}`);
  const paths = auth.grants.filter((g) => FOLLOW_COMPOUND.has(g.role)).map((g) => g.path);
  if (paths.length) {
    const ancestorIds = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean)))];
    const rows = await db
      .selectFrom('nodes')
      .select('id')
      .where('kind', '=', 'compound')
      .where((eb) => eb.or([eb('id', 'in', ancestorIds), ...paths.map((p) => eb('path', 'like', `${p}%`))]))
      .limit(MAX_COMPOUNDS)
      .execute();
    for (const r of rows) channels.add(`compound:${r.id}:orders`);
  }
  return [...channels];
}

/** Server-sent events: every open page holds one stream; the bus (Redis across instances) feeds it. */
export function registerLiveRoutes(app: FastifyInstance, ctx: AppContext): void {
  const open = new Set<ServerResponse>();
  // Streams never end on their own: close them before the server waits for connections to drain.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get(
    '/api/v1/live',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['live'],
        summary: 'Server-sent events: notifications and order changes for the signed-in person (text/event-stream)',
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const channels = await liveChannels(ctx.db, auth);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
      });
      res.write('retry: 3000\n\n');
      open.add(res);
      const send = (event: string, data: unknown) => {
        if (!res.writableEnded) res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      };
      const unsubscribe = channels.map((channel) =>
        ctx.bus.subscribe(channel, (payload) => {
          const type = (payload as { type?: unknown })?.type;
          send(typeof type === 'string' && /^[a-z.]{1,30}$/.test(type) ? type : 'message', { channel, ...(payload as object) });
        }),
      );
      const heartbeat = setInterval(() => {
        if (!res.writableEnded) res.write(': ping\n\n');
      }, HEARTBEAT_MS);
      heartbeat.unref();
      const cleanup = () => {
        clearInterval(heartbeat);
        for (const u of unsubscribe) u();
        open.delete(res);
      };
      req.raw.on('close', cleanup);
      res.on('close', cleanup);
      await ctx.bus.flush();
      send('ready', { channels: channels.length });
    },
  );
}
