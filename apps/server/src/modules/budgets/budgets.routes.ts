import {
  budgetBallotSchema,
  budgetCreateSchema,
  budgetDetailSchema,
  budgetKeyPaperSchema,
  budgetOpenVotingSchema,
  budgetPaperSheetSchema,
  budgetReceiptSchema,
  budgetResultSchema,
  budgetSummarySchema,
  idSchema,
  keyingOutcomeSchema,
  paperListSchema,
  proposalCreateSchema,
  proposalReviewSchema,
  STAFF_ROLES,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';

const idParams = z.object({ id: idSchema });
const proposalParams = z.object({ id: idSchema, proposalId: idSchema });
const tags = ['budgets'];

/** 自治金 micro-budgets: thin routes over the budgets service. */
export function registerBudgetRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.budgets;
  const member = { access: 'authenticated' as const };
  const staff = { access: STAFF_ROLES };

  r.get(
    '/api/v1/budgets',
    {
      config: member,
      schema: {
        tags,
        summary: 'Micro-budgets of my compound and the nodes I run',
        response: { 200: z.array(budgetSummarySchema) },
      },
    },
    async (req) => svc.list(req.auth),
  );

  r.get(
    '/api/v1/budgets/nodes',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Compounds and communities where I may set up a pot',
        response: { 200: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })) },
      },
    },
    async (req) => svc.nodes(req.auth),
  );

  r.post(
    '/api/v1/budgets',
    {
      config: staff,
      schema: { tags, summary: 'Set up a yearly pot', body: budgetCreateSchema, response: { 201: z.object({ id: z.string() }) } },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.create(req.auth, req.body) }),
  );

  r.get(
    '/api/v1/budgets/:id',
    {
      config: member,
      schema: {
        tags,
        summary: 'A pot, its proposals, my ballot and the result',
        params: idParams,
        response: { 200: budgetDetailSchema },
      },
    },
    async (req) => svc.get(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/budgets/:id/proposals',
    {
      config: member,
      schema: {
        tags,
        summary: 'Propose a project (cost at most the pot)',
        params: idParams,
        body: proposalCreateSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.propose(req.auth, req.params.id, req.body) }),
  );

  r.post(
    '/api/v1/budgets/:id/proposals/:proposalId/review',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Feasibility check; a refusal carries its published reason',
        params: proposalParams,
        body: proposalReviewSchema,
      },
    },
    async (req, reply) => {
      await svc.review(req.auth, req.params.id, req.params.proposalId, req.body);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/budgets/:id/open-voting',
    {
      config: staff,
      schema: { tags, summary: 'Open the approval vote until closesAt', params: idParams, body: budgetOpenVotingSchema },
    },
    async (req, reply) => {
      await svc.openVoting(req.auth, req.params.id, req.body.closesAt);
      return reply.status(204).send();
    },
  );

  r.post(
    '/api/v1/budgets/:id/ballots',
    {
      config: member,
      schema: {
        tags,
        summary: "My household's one approval ballot, within the pot; returns the receipt code once",
        params: idParams,
        body: budgetBallotSchema,
        response: { 201: budgetReceiptSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.cast(req.auth, req.params.id, req.body.choices)),
  );

  r.get(
    '/api/v1/budgets/:id/paper-sheet',
    {
      config: staff,
      schema: {
        tags,
        summary: 'While voting is open: the printable paper ballots, one per household, with its code for the QR code',
        params: idParams,
        response: { 200: budgetPaperSheetSchema },
      },
    },
    async (req) => svc.paperSheet(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/budgets/:id/paper-keyings',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Key a paper ballot blind: it counts when two staff members agree, or a third decides',
        params: idParams,
        body: budgetKeyPaperSchema,
        response: { 201: keyingOutcomeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.keyPaper(req.auth, req.params.id, req.body.code, req.body.proposals)),
  );

  r.get(
    '/api/v1/budgets/:id/paper-ballots',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Paper ballots keyed: where each stands; the ticked numbers only once it counts',
        params: idParams,
        response: { 200: paperListSchema },
      },
    },
    async (req) => svc.listPaper(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/budgets/:id/close',
    {
      config: staff,
      schema: {
        tags,
        summary: 'After the closing time: allocate, and make the winners projects',
        params: idParams,
        response: { 200: budgetResultSchema },
      },
    },
    async (req) => svc.close(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/budgets/:id/receipts',
    {
      config: member,
      schema: {
        tags,
        summary: 'After closing: every receipt hash with its choices',
        params: idParams,
        response: { 200: z.array(z.object({ receiptHash: z.string(), choices: z.array(z.string()) })) },
      },
    },
    async (req) => svc.receipts(req.auth, req.params.id),
  );
}
