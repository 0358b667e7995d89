import { certificateRequestSchema, idSchema, maskName } from '@lianxin/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { loadReachableNode, requireAuth } from '../accounts/policy';
import { branchOf } from '../pairing/pairing.service';
import { todayInChina } from '../volunteers/dates';
import { isStaffOver, VOLUNTEER_STAFF } from '../volunteers/scope';
import { renderCertificatePdf } from './certificate.pdf';
import { type CertificateRow, certificateNumber } from './certificates.repository';

const certSchema = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  compoundId: z.string(),
  status: z.enum(['requested', 'issued', 'rejected']),
  periodFrom: z.string(),
  periodTo: z.string(),
  note: z.string(),
  number: z.string().nullable(),
  title: z.string().nullable(),
  minutes: z.number().nullable(),
  services: z.array(z.string()),
  organisers: z.array(z.string()),
  issuer: z.string().nullable(),
  issuedOn: z.string().nullable(),
  requestedAt: z.string(),
});

function present(c: CertificateRow) {
  return {
    id: c.id,
    personId: c.person_id,
    name: c.name,
    compoundId: c.compound_id,
    status: c.status,
    periodFrom: c.period_from,
    periodTo: c.period_to,
    note: c.note,
    number: c.number,
    title: c.title,
    minutes: c.minutes,
    services: c.services ? (JSON.parse(c.services) as string[]) : [],
    organisers: c.organisers ? (JSON.parse(c.organisers) as string[]) : [],
    issuer: c.issuer_name,
    issuedOn: c.issued_on,
    requestedAt: c.requested_at,
  };
}

/** What each kind of ledger entry is called on a certificate (服务内容). */
const SERVICE_NAMES: Record<string, string> = {
  visit: '结对帮扶：定期探访关爱对象',
  duty: '认领式服务：片区包干，维护公共环境',
  order: '点单式服务：民呼我应，上门帮办',
  event: '社区活动与家园美化清洁行动',
};

const NUMBER_RE = /^LX\d{4}-[2-9A-HJKMNP-Z]{5}-[2-9A-HJKMNP-Z]{5}$/;

function verifyUrl(req: FastifyRequest, number: string): string {
  return `${req.protocol}://${req.host}/verify/${number}`;
}

/** Certificates (志愿服务证明): request, issue by the recording organisation, PDF, public check. */
export function registerCertificateRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const repo = ctx.certificates;

  /** The certificate, to its holder or staff over its compound; else 404. */
  async function loadVisible(req: FastifyRequest, id: string) {
    const auth = requireAuth(req.auth);
    const c = await repo.find(id);
    if (!c || (c.person_id !== auth.personId && !isStaffOver(auth, c.compound_path))) throw notFound('certificate');
    return c;
  }

  r.post(
    '/api/v1/certificates',
    {
      config: { access: ['volunteer'] },
      schema: {
        tags: ['hours'],
        summary: 'Ask for a certificate of my hours in a period',
        body: certificateRequestSchema,
        response: { 201: certSchema },
      },
    },
    async (req, reply) => {
      const auth = requireAuth(req.auth);
      const b = req.body;
      if (b.periodFrom > b.periodTo) throw fieldError('periodTo', 'before_from');
      if (b.periodTo > todayInChina()) throw fieldError('periodTo', 'in_future');
      const profile = await ctx.volunteers.find(auth.personId);
      if (!profile) throw new AppError('FORBIDDEN');
      const id = await ctx.db.transaction().execute(async (trx) => {
        const id = await repo.request(
          {
            person_id: auth.personId,
            compound_id: profile.compound_id,
            period_from: b.periodFrom,
            period_to: b.periodTo,
            note: b.note,
          },
          trx,
        );
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'certificate.requested',
            targetType: 'certificate',
            targetId: id,
            nodeId: profile.compound_id,
          },
          trx,
        );
        return id;
      });
      const c = await repo.find(id);
      if (!c) throw new AppError('INTERNAL');
      return reply.status(201).send(present(c));
    },
  );

  r.get(
    '/api/v1/certificates/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['hours'],
        summary: 'My certificates and requests',
        response: { 200: z.object({ certificates: z.array(certSchema) }) },
      },
    },
    async (req) => ({ certificates: (await repo.listForPerson(requireAuth(req.auth).personId)).map(present) }),
  );

  r.get(
    '/api/v1/nodes/:nodeId/certificates',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: 'Certificates and requests under a node',
        params: z.strictObject({ nodeId: idSchema }),
        querystring: z.strictObject({ status: z.enum(['requested', 'issued', 'rejected']).optional() }),
        response: { 200: z.object({ certificates: z.array(certSchema) }) },
      },
    },
    async (req) => {
      const node = await loadReachableNode(ctx.db, req.auth, req.params.nodeId, VOLUNTEER_STAFF);
      return { certificates: (await repo.listUnder(node.path, req.query.status)).map(present) };
    },
  );

  r.post(
    '/api/v1/certificates/:id/issue',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: 'Issue a requested certificate: it states only the hours this organisation recorded (谁记录谁证明)',
        params: z.strictObject({ id: idSchema }),
        response: { 200: certSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const c = await loadVisible(req, req.params.id);
      if (!isStaffOver(auth, c.compound_path)) throw notFound('certificate');
      if (c.status !== 'requested') throw new AppError('INVALID_TRANSITION');
      const today = todayInChina();
      await ctx.db.transaction().execute(async (trx) => {
        const facts = await ctx.hours.forCertificate(c.person_id, c.compound_id, c.period_from, c.period_to, trx);
        if (facts.minutes <= 0) throw new AppError('NO_HOURS_TO_CERTIFY');
        const services = facts.sources.filter((s) => SERVICE_NAMES[s]).map((s) => SERVICE_NAMES[s] as string);
        const number = certificateNumber(today.slice(0, 4));
        const ok = await repo.issue(
          c.id,
          {
            number,
            issuer_node_id: c.compound_id,
            issuer_name: branchOf(c.compound_name),
            title: '志愿服务证明',
            minutes: facts.minutes,
            services: services.length ? services : ['志愿服务'],
            organisers: facts.organisers,
            issued_on: today,
            issued_by: auth.accountId,
          },
          trx,
        );
        if (!ok) throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'certificate.issued',
            targetType: 'certificate',
            targetId: c.id,
            nodeId: c.compound_id,
            details: { number, minutes: facts.minutes },
          },
          trx,
        );
      });
      const after = await repo.find(c.id);
      if (!after) throw new AppError('INTERNAL');
      return present(after);
    },
  );

  r.post(
    '/api/v1/certificates/:id/reject',
    {
      config: { access: VOLUNTEER_STAFF },
      schema: {
        tags: ['hours'],
        summary: 'Decline a certificate request, saying why',
        params: z.strictObject({ id: idSchema }),
        body: z.strictObject({ note: z.string().trim().min(2).max(200) }),
        response: { 200: certSchema },
      },
    },
    async (req) => {
      const auth = requireAuth(req.auth);
      const c = await loadVisible(req, req.params.id);
      if (!isStaffOver(auth, c.compound_path)) throw notFound('certificate');
      await ctx.db.transaction().execute(async (trx) => {
        if (!(await repo.reject(c.id, req.body.note, trx))) throw new AppError('INVALID_TRANSITION');
        await ctx.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'certificate.rejected',
            targetType: 'certificate',
            targetId: c.id,
            nodeId: c.compound_id,
          },
          trx,
        );
      });
      const after = await repo.find(c.id);
      if (!after) throw new AppError('INTERNAL');
      return present(after);
    },
  );

  r.get(
    '/api/v1/certificates/:id/pdf',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['hours'],
        summary: 'The issued certificate as a printable PDF (CJK font embedded)',
        params: z.strictObject({ id: idSchema }),
      },
    },
    async (req, reply) => {
      const c = await loadVisible(req, req.params.id);
      if (c.status !== 'issued' || !c.number || !c.issued_on) throw new AppError('INVALID_TRANSITION');
      const pdf = await renderCertificatePdf({
        title: c.title ?? '志愿服务证明',
        holderName: c.name,
        periodFrom: c.period_from,
        periodTo: c.period_to,
        minutes: c.minutes ?? 0,
        services: c.services ? (JSON.parse(c.services) as string[]) : [],
        organisers: c.organisers ? (JSON.parse(c.organisers) as string[]) : [],
        issuer: c.issuer_name ?? '',
        number: c.number,
        issuedOn: c.issued_on,
        verifyUrl: verifyUrl(req, c.number),
        receiptUrl: `${req.protocol}://${req.host}/verify/certificate/${encodeURIComponent(c.id)}`,
      });
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="certificate-${c.number}.pdf"`)
        .header('cache-control', 'private, no-store')
        .send(pdf);
    },
  );

  r.get(
    '/api/v1/certificates/verify/:number',
    {
      config: { access: 'public' },
      schema: {
        tags: ['hours'],
        summary: 'Check a certificate number (public): genuine or not, with the masked holder and the hours',
        params: z.strictObject({ number: z.string().trim().max(40) }),
        response: {
          200: z.object({
            genuine: z.boolean(),
            number: z.string(),
            holder: z.string().optional(),
            minutes: z.number().optional(),
            periodFrom: z.string().optional(),
            periodTo: z.string().optional(),
            issuer: z.string().optional(),
            issuedOn: z.string().optional(),
          }),
        },
      },
    },
    async (req) => {
      const number = req.params.number.toUpperCase();
      const c = NUMBER_RE.test(number) ? await repo.findByNumber(number) : undefined;
      if (!c?.issued_on || c.minutes === null) return { genuine: false, number };
      return {
        genuine: true,
        number,
        holder: maskName(c.name),
        minutes: c.minutes,
        periodFrom: c.period_from,
        periodTo: c.period_to,
        issuer: c.issuer_name ?? '',
        issuedOn: c.issued_on,
      };
    },
  );
}
