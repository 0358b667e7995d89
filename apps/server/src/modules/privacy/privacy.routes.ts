import fs from 'node:fs';
import path from 'node:path';
import { ERASED_NAME, maskPhone, STAFF_ROLES } from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, notFound } from '../../lib/errors';
import { nowIso } from '../../lib/ids';
import { uploadsDir } from '../../lib/uploads';
import { SESSION_COOKIE } from '../../plugins/auth';
import { type AuthContext, reaches, requireAuth } from '../accounts/policy';
import { createPrivacyRepository } from './privacy.repository';

/** Tables whose rows are health data: exported only to the person or medical staff. */
const HEALTH = /health|medical/;
const params = z.strictObject({ personId: z.string().min(1).max(40) });

/**
 * A person's data: the full phone (audited), export as JSON and erasure. Allowed to the person
 * themself and to staff whose subtree holds them; anyone else gets 404.
 */
export function registerPrivacyRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = createPrivacyRepository(ctx.db);

  async function load(auth: AuthContext, personId: string) {
    const person = await repo.personWithPath(personId);
    if (!person) throw notFound('person');
    const self = person.id === auth.personId;
    if (!self && !reaches(auth, person.path, STAFF_ROLES)) throw notFound('person');
    return { person, self };
  }

  r.get(
    '/api/v1/privacy/people/:personId/phone',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['privacy'],
        summary: 'The full phone of a person (staff of their subtree; every read is audited)',
        params,
        response: { 200: z.object({ phone: z.string().nullable() }) },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const { person } = await load(auth, req.params.personId);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'privacy.phone_read',
        targetType: 'person',
        targetId: person.id,
        nodeId: person.node_id,
      });
      return { phone: person.phone };
    },
  );

  r.get(
    '/api/v1/privacy/people/:personId/export',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['privacy'],
        summary: 'Everything Lianxin holds about a person, as JSON (audited)',
        params,
        response: {
          200: z.object({
            exportedAt: z.string(),
            person: z.record(z.string(), z.unknown()),
            data: z.record(z.string(), z.unknown()),
          }),
        },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const { person, self } = await load(auth, req.params.personId);
      const mayHealth = self || reaches(auth, person.path, ['medical_staff']);
      const account = await repo.accountOf(person.id);
      const data: Record<string, unknown> = {};
      if (account) {
        data.account = {
          phone: account.phone,
          lang: account.lang,
          largeText: account.large_text === 1,
          createdAt: account.created_at,
        };
        data.roles = await repo.grantsOf(account.id);
      }
      for (const t of await repo.personTables()) {
        if (HEALTH.test(t.table) && !mayHealth) continue;
        const rows = await repo.rowsOf(t.table, t.column, person.id);
        if (rows.length) data[t.column === 'person_id' ? t.table : `${t.table}.${t.column}`] = rows;
      }
      data.auditLog = await repo.auditAbout(person.id, account?.id ?? null);
      await ctx.audit.append({
        actorAccountId: auth.accountId,
        action: 'privacy.exported',
        targetType: 'person',
        targetId: person.id,
        nodeId: person.node_id,
      });
      reply.header('content-disposition', `attachment; filename="lianxin-${person.id}.json"`);
      const { path: _p, node_name, ...fields } = person;
      return { exportedAt: nowIso(), person: { ...fields, place: node_name }, data };
    },
  );

  r.post(
    '/api/v1/privacy/people/:personId/erase',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['privacy'],
        summary: 'Erase a person: name replaced, phone and ID number removed, statistics kept',
        params,
        body: z.strictObject({ confirm: z.literal(true) }),
        response: {
          200: z.object({ personId: z.string(), name: z.string(), phone: z.string().nullable(), erasedAt: z.string() }),
        },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const { person, self } = await load(auth, req.params.personId);
      if (person.erased_at) throw new AppError('INVALID_TRANSITION');
      const account = await repo.accountOf(person.id);
      const at = nowIso();
      // The same words everywhere the person's name was shown (DESIGN.md, Privacy).
      const erasedName = ERASED_NAME;
      const photos = await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.erasePerson(trx, person.id, erasedName, at))) throw new AppError('INVALID_TRANSITION');
        if (account) await repo.disableAccount(trx, account.id, at);
        await repo.deleteNotifications(trx, person.id);
        // The 党员承诺牌 pledge is the person's own words, and its photo their face.
        const pledgePhotos = await ctx.boards.erasePledge(trx, person.id);
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'privacy.erased',
            targetType: 'person',
            targetId: person.id,
            nodeId: person.node_id,
            details: { self },
          },
          trx,
        );
        return pledgePhotos;
      });
      for (const id of photos) await fs.promises.rm(path.join(uploadsDir(ctx.config), id), { force: true });
      if (self) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return { personId: person.id, name: erasedName, phone: maskPhone(null), erasedAt: at };
    },
  );
}
