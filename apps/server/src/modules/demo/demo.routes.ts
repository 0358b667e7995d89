import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TREE } from './seed-demo';

/** The login page lists the demo accounts, but only in demo mode (never in production data). */
export function registerDemoRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/demo/accounts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['demo'],
        summary: 'Demo accounts (demo mode only)',
        response: {
          200: z.object({
            enabled: z.boolean(),
            password: z.string().optional(),
            accounts: z.array(z.object({ phone: z.string(), name: z.string(), role: z.string(), place: z.string() })).optional(),
          }),
        },
      },
    },
    async () => {
      if (ctx.config.demo === 'off') return { enabled: false };
      const first = await ctx.accounts.findByPhone(DEMO_ACCOUNTS[0]?.phone ?? '');
      if (!first) return { enabled: false };
      const names = new Map<string, string>(DEMO_TREE.map((n) => [n.id, n.name]));
      return {
        enabled: true,
        password: DEMO_PASSWORD,
        accounts: DEMO_ACCOUNTS.map((a) => ({ phone: a.phone, name: a.name, role: a.role, place: names.get(a.nodeId) ?? '' })),
      };
    },
  );
}
