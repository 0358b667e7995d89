import {
  councilActionItemSchema,
  councilAddMemberSchema,
  councilAgendaItemSchema,
  councilAttendanceSchema,
  councilCreateMeetingSchema,
  councilDecisionSchema,
  councilMinutesSchema,
  councilNoteSchema,
  maskPhone,
} from '@lianxin/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../lib/errors';
import type { CouncilRepository } from './council.repository';
import { decisionOut, decisionView, issueSummary, publicPhotos, summary } from './council.views';
import { registerMeetingsFeed } from './meetings.ics';
import type { MeetingsRepository } from './meetings.repository';
import { chinaDate, type MeetingsService } from './meetings.service';

const idParams = z.strictObject({ id: z.string().min(1).max(64) });
const ok = z.object({ ok: z.literal(true) });
const created = z.object({ id: z.string() });
const memberView = z.object({
  id: z.string(),
  personId: z.string(),
  name: z.string(),
  kind: z.string(),
  title: z.string().nullable(),
  /** Staff's member list: what tells namesakes apart (楼栋-单元-门牌, masked phone). */
  door: z.string().optional(),
  phone: z.string().nullable().optional(),
});
const meetingSummary = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  scheduledAt: z.string(),
  place: z.string(),
  status: z.string(),
});
const meetingDetail = meetingSummary.extend({
  compoundId: z.string(),
  compoundName: z.string(),
  minutes: z.string(),
  /** Sent back as `expectedVersion` with the minutes (ADR 0002). */
  version: z.number(),
  openedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  members: z.array(memberView.extend({ present: z.boolean().nullable() })),
  agenda: z.array(
    z.object({
      id: z.string(),
      issueId: z.string().nullable(),
      title: z.string(),
      position: z.number(),
      issueStatus: z.string().nullable(),
      issueCategory: z.string().nullable(),
      supportCount: z.number().nullable(),
    }),
  ),
  decisions: z.array(decisionView),
  /** Issues still raised in the compound: the agenda builder's candidates. */
  candidates: z.array(issueSummary),
});
const publicDecision = decisionView.extend({
  compoundName: z.string(),
  meetingTitle: z.string(),
  meetingAt: z.string(),
  issueTitle: z.string().nullable(),
  /** The decided issue's photos (public photo route): none without the raiser's consent or when hidden. */
  issuePhotos: z.array(z.string()),
  noticeState: z.enum(['upcoming', 'in_notice', 'ended']),
});

interface Services {
  council: CouncilRepository;
  meetings: MeetingsRepository;
  meetingsService: MeetingsService;
}

function meetingOut(m: { id: string; kind: string; title: string; scheduled_at: string; place: string; status: string }) {
  return { id: m.id, kind: m.kind, title: m.title, scheduledAt: m.scheduled_at, place: m.place, status: m.status };
}

/** /api/v1/council/meetings…, members, decisions and action items; the public notice pages. */
export function registerMeetingRoutes(app: FastifyInstance, s: Services): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['council'];
  const svc = s.meetingsService;
  registerMeetingsFeed(app, s);

  r.get(
    '/api/v1/council/compounds/:id/members',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, response: { 200: z.object({ members: z.array(memberView) }) } },
    },
    async (req) => {
      const { c } = await svc.compoundOf(req.auth, req.params.id);
      const ms = await s.meetings.members(c.id);
      const who = await s.meetings.whoIs(ms.map((m) => m.person_id));
      return {
        members: ms.map((m) => ({
          id: m.id,
          personId: m.person_id,
          name: m.name,
          kind: m.kind,
          title: m.title,
          door: who.get(m.person_id)?.door ?? '',
          phone: maskPhone(who.get(m.person_id)?.phone ?? null) ?? null,
        })),
      };
    },
  );

  r.get(
    '/api/v1/council/compounds/:id/people',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        params: idParams,
        querystring: z.strictObject({ q: z.string().max(20).default('') }),
        response: {
          200: z.object({
            people: z.array(z.object({ id: z.string(), name: z.string(), door: z.string(), phone: z.string().nullable() })),
          }),
        },
      },
    },
    async (req) => {
      const { c } = await svc.compoundOf(req.auth, req.params.id);
      const people = await s.meetings.peopleOf(c.path, req.query.q);
      // Namesakes are told apart by door and masked phone; the full number is never needed here.
      return { people: people.map((p) => ({ id: p.id, name: p.name, door: p.door, phone: maskPhone(p.phone) ?? null })) };
    },
  );

  r.post(
    '/api/v1/council/members',
    { config: { access: 'authenticated' }, schema: { tags, body: councilAddMemberSchema, response: { 201: ok } } },
    async (req, reply) => {
      await svc.addMember(req.auth, req.body);
      return reply.status(201).send({ ok: true as const });
    },
  );

  r.delete(
    '/api/v1/council/members/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: ok } } },
    async (req) => {
      await svc.removeMember(req.auth, req.params.id);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/council/compounds/:id/meetings',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, response: { 200: z.object({ meetings: z.array(meetingSummary) }) } },
    },
    async (req) => {
      const { c } = await svc.compoundOf(req.auth, req.params.id);
      return { meetings: (await s.meetings.meetings(c.id)).map(meetingOut) };
    },
  );

  r.post(
    '/api/v1/council/meetings',
    { config: { access: 'authenticated' }, schema: { tags, body: councilCreateMeetingSchema, response: { 201: created } } },
    async (req, reply) => reply.status(201).send({ id: await svc.create(req.auth, req.body) }),
  );

  r.get(
    '/api/v1/council/meetings/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: meetingDetail } } },
    async (req) => {
      const { m } = await svc.loadMeeting(req.auth, req.params.id);
      const [members, attendance, agenda, decisions, candidates] = await Promise.all([
        s.meetings.members(m.compound_id),
        s.meetings.attendance(m.id),
        s.meetings.agenda(m.id),
        s.meetings.decisionsOfMeeting(m.id),
        s.council.listIssues({ compoundId: m.compound_id, status: ['raised'], includeHidden: false }),
      ]);
      const actions = await s.meetings.actions(decisions.map((d) => d.id));
      const present = new Map(attendance.map((a) => [a.member_id, a.present === 1]));
      return {
        ...meetingOut(m),
        compoundId: m.compound_id,
        compoundName: m.compound_name,
        minutes: m.minutes,
        version: m.version,
        openedAt: m.opened_at,
        closedAt: m.closed_at,
        members: members.map((x) => ({
          id: x.id,
          personId: x.person_id,
          name: x.name,
          kind: x.kind,
          title: x.title,
          present: present.get(x.id) ?? null,
        })),
        agenda: agenda.map((a) => ({
          id: a.id,
          issueId: a.issue_id,
          title: a.title,
          position: a.position,
          issueStatus: a.issue_status ?? null,
          issueCategory: a.issue_category ?? null,
          supportCount: a.support_count ?? null,
        })),
        decisions: decisions.map((d) => decisionOut(d, actions)),
        candidates: candidates.map(summary),
      };
    },
  );

  r.post(
    '/api/v1/council/meetings/:id/open',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: ok } } },
    async (req) => {
      await svc.setStatus(req.auth, req.params.id, 'in_session');
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/meetings/:id/close',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: ok } } },
    async (req) => {
      await svc.setStatus(req.auth, req.params.id, 'closed');
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/meetings/:id/agenda',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilAgendaItemSchema, response: { 201: created } },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.addAgendaItem(req.auth, req.params.id, req.body) }),
  );

  r.delete(
    '/api/v1/council/agenda/:id',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, response: { 200: ok } } },
    async (req) => {
      await svc.removeAgendaItem(req.auth, req.params.id);
      return { ok: true as const };
    },
  );

  r.post(
    '/api/v1/council/agenda/:id/discussed',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilNoteSchema, response: { 200: ok } } },
    async (req) => {
      await svc.markDiscussed(req.auth, req.params.id, req.body.note ?? null);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/v1/council/meetings/:id/attendance',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilAttendanceSchema, response: { 200: ok } },
    },
    async (req) => {
      await svc.setAttendance(req.auth, req.params.id, req.body.memberId, req.body.present);
      return { ok: true as const };
    },
  );

  r.put(
    '/api/v1/council/meetings/:id/minutes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Write the minutes; with expectedVersion, 409 EDIT_CONFLICT when they changed since that version',
        params: idParams,
        body: councilMinutesSchema,
        response: { 200: ok.extend({ version: z.number() }) },
      },
    },
    async (req) => {
      const { version } = await svc.setMinutes(req.auth, req.params.id, req.body.minutes, req.body.expectedVersion);
      return { ok: true as const, version };
    },
  );

  r.post(
    '/api/v1/council/meetings/:id/decisions',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilDecisionSchema, response: { 201: created } },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.decide(req.auth, req.params.id, req.body) }),
  );

  r.post(
    '/api/v1/council/decisions/:id/actions',
    {
      config: { access: 'authenticated' },
      schema: { tags, params: idParams, body: councilActionItemSchema, response: { 201: created } },
    },
    async (req, reply) => reply.status(201).send({ id: await svc.addAction(req.auth, req.params.id, req.body) }),
  );

  r.post(
    '/api/v1/council/actions/:id/done',
    { config: { access: 'authenticated' }, schema: { tags, params: idParams, body: councilNoteSchema, response: { 200: ok } } },
    async (req) => {
      await svc.completeAction(req.auth, req.params.id, req.body.note ?? null);
      return { ok: true as const };
    },
  );

  r.get(
    '/api/v1/public/council/compounds/:id/decisions',
    {
      config: { access: 'public' },
      schema: {
        tags,
        params: idParams,
        response: {
          200: z.object({
            compoundName: z.string(),
            decisions: z.array(
              z.object({
                id: z.string(),
                text: z.string(),
                issueTitle: z.string().nullable(),
                adopted: z.boolean(),
                noticeFrom: z.string(),
                noticeUntil: z.string(),
                noticeState: z.enum(['upcoming', 'in_notice', 'ended']),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const c = await s.council.findNode(req.params.id);
      if (c?.kind !== 'compound') throw notFound('compound');
      const today = chinaDate(new Date());
      const rows = await s.meetings.decisionsOfCompound(c.id);
      return {
        compoundName: c.name,
        decisions: rows.map((d) => ({
          id: d.id,
          text: d.text,
          issueTitle: d.issue_hidden ? null : (d.issue_title ?? null),
          adopted: d.adopted === 1,
          noticeFrom: d.notice_from,
          noticeUntil: d.notice_until,
          noticeState:
            today < d.notice_from ? ('upcoming' as const) : today <= d.notice_until ? ('in_notice' as const) : ('ended' as const),
        })),
      };
    },
  );
  r.get(
    '/api/v1/public/council/decisions/:id',
    { config: { access: 'public' }, schema: { tags, params: idParams, response: { 200: publicDecision } } },
    async (req) => {
      const d = await s.meetings.findDecision(req.params.id);
      if (!d) throw notFound('decision');
      const actions = await s.meetings.actions([d.id]);
      const issue = d.issue_id ? await s.council.findIssue(d.issue_id) : undefined;
      const today = chinaDate(new Date());
      const noticeState = today < d.notice_from ? 'upcoming' : today <= d.notice_until ? 'in_notice' : 'ended';
      return {
        ...decisionOut(d, actions),
        compoundName: d.compound_name,
        meetingTitle: d.meeting_title,
        meetingAt: d.meeting_at,
        issueTitle: issue && !issue.hidden ? issue.title : null,
        issueId: issue && !issue.hidden ? issue.id : null,
        issuePhotos: issue ? await publicPhotos(s.council, issue) : [],
        noticeState,
      } as const;
    },
  );
}
