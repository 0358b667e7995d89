import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './seed-demo';

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
      // Every module's demo accounts live in the 1990000xxxx range: list them all, main roles first.
      const rows = await ctx.db
        .selectFrom('accounts')
        .innerJoin('people', 'people.id', 'accounts.person_id')
        .innerJoin('role_grants', 'role_grants.account_id', 'accounts.id')
        .innerJoin('nodes', 'nodes.id', 'role_grants.node_id')
        .select(['accounts.phone', 'people.name', 'role_grants.role', 'nodes.name as place'])
        .where('accounts.phone', 'like', '1990000%')
        .where('role_grants.revoked_at', 'is', null)
        .orderBy('accounts.phone')
        .execute();
      return { enabled: true, password: DEMO_PASSWORD, accounts: rows };
    },
  );
}
