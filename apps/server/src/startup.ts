import type { FastifyBaseLogger } from 'fastify';
import type { AppContext } from './context';
import { seedDemo } from './modules/demo/seed-demo';
import { moveOrderPhotos } from './modules/orders/orders.photos';

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

/**
 * Data moves that follow a schema change and need the app (files, image decoding), so they
 * cannot be Kysely migrations: run after the migrations at every start. Each is idempotent and
 * resumable, so several instances starting at once, or a start killed halfway, are safe.
 */
export async function moveLegacyData(ctx: AppContext, log: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<void> {
  const photos = await moveOrderPhotos(ctx);
  if (photos.moved > 0) log.info({ moved: photos.moved }, 'order photos moved from the orders table to uploads');
  if (photos.kept.length > 0)
    log.warn({ orders: photos.kept }, 'order photos that no longer decode were left in the orders table');
}
