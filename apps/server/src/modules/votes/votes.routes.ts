import {
  castBallotSchema,
  createVoteSchema,
  electorateSchema,
  idSchema,
  keyingOutcomeSchema,
  keyPaperSchema,
  officialCheckSchema,
  officialReportSchema,
  paperListSchema,
  paperSheetSchema,
  publishedResultsSchema,
  receiptSchema,
  turnoutSchema,
  VOTE_STAFF_ROLES,
  voteDetailSchema,
  voteSummarySchema,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { summary } from './votes.shared';

const idParams = z.object({ id: idSchema });
const tags = ['votes'];

/** Owners' decisions (业主共同决定) and consultations: thin routes over the votes service. */
export function registerVoteRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const svc = ctx.votes;
  const staff = { access: VOTE_STAFF_ROLES };

  r.get(
    '/api/v1/votes',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'Votes I may cast in or run', response: { 200: z.array(voteSummarySchema) } },
    },
    async (req) => (await svc.list(req.auth)).map(summary),
  );

  r.get(
    '/api/v1/votes/compounds',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Compounds where I may open a vote',
        response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) },
      },
    },
    async (req) => svc.compounds(req.auth),
  );

  r.post(
    '/api/v1/votes',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Open a vote; freezes the electorate',
        body: createVoteSchema,
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.create(req.auth, req.body) }),
  );

  r.get(
    '/api/v1/votes/:id',
    {
      config: { access: 'authenticated' },
      schema: { tags, summary: 'A vote, with what I may do in it', params: idParams, response: { 200: voteDetailSchema } },
    },
    async (req) => svc.get(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/votes/:id/ballots',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Cast my ballot online (once; final); returns the receipt code once',
        params: idParams,
        body: castBallotSchema,
        response: { 201: receiptSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.castOnline(req.auth, req.params.id, req.body.choice)),
  );

  r.get(
    '/api/v1/votes/:id/electorate',
    {
      config: staff,
      schema: { tags, summary: 'The frozen electorate with totals', params: idParams, response: { 200: electorateSchema } },
    },
    async (req) => svc.electorate(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/votes/:id/turnout',
    {
      config: staff,
      schema: { tags, summary: 'Live turnout against the 2/3 quorum', params: idParams, response: { 200: turnoutSchema } },
    },
    async (req) => svc.turnout(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/votes/:id/paper-ballots',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Paper ballots keyed: where each stands; the choice only once it counts',
        params: idParams,
        response: { 200: paperListSchema },
      },
    },
    async (req) => svc.listPaper(req.auth, req.params.id),
  );

  r.get(
    '/api/v1/votes/:id/paper-sheet',
    {
      config: staff,
      schema: {
        tags,
        summary: 'The printable paper ballots: one per unit, with its code for the QR code',
        params: idParams,
        response: { 200: paperSheetSchema },
      },
    },
    async (req) => svc.paperSheet(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/votes/:id/paper-keyings',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Key a paper ballot blind: it counts when two staff members agree, or a third decides',
        params: idParams,
        body: keyPaperSchema,
        response: { 201: keyingOutcomeSchema },
      },
    },
    async (req, reply) => reply.status(201).send(await svc.keyPaper(req.auth, req.params.id, req.body.code, req.body.choice)),
  );

  r.post(
    '/api/v1/votes/:id/close',
    { config: staff, schema: { tags, summary: 'Close a vote whose window has ended', params: idParams } },
    async (req, reply) => {
      await svc.close(req.auth, req.params.id);
      return reply.status(204).send();
    },
  );

  r.get(
    '/api/v1/votes/:id/results',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary: 'Published results of a closed vote; the unit-by-unit list only for its owners and staff',
        params: idParams,
        response: { 200: publishedResultsSchema },
      },
    },
    async (req) => svc.results(req.auth, req.params.id),
  );

  r.post(
    '/api/v1/votes/:id/official-check',
    {
      config: staff,
      schema: {
        tags,
        summary: 'Recount official results (CSV of unit,choice) and report disagreements',
        params: idParams,
        body: officialCheckSchema,
        response: { 200: officialReportSchema },
      },
    },
    async (req) => svc.officialCheck(req.auth, req.params.id, req.body),
  );
}
