import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context';
import { seedDemo } from './modules/demo/seed-demo';

/**
 * The embedded database of `npm start` gets the demo data the first time (LIANXIN_DEMO=auto);
 * PostgreSQL never does unless LIANXIN_DEMO=on.
 */
export async function maybeSeedDemo(ctx: AppContext, log: FastifyBaseLogger): Promise<void> {
  const mode = ctx.config.demo;
  if (mode === 'off') return;
  if (mode === 'auto' && ctx.dialect !== 'sqlite') return;
  const any = await ctx.db.selectFrom('nodes').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const t = performance.now();
  const summary = await seedDemo(ctx);
  log.info({ ...summary, ms: Math.round(performance.now() - t) }, 'demo data seeded');
}
