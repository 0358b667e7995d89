import { type GroupInput, type Lang, STAFF_ROLES } from '@lianxin/shared';
import { AppError, notFound } from '../../lib/errors';
import { type Actor, type AuthContext, auditFields, reaches } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { localDay } from '../calendar/rrule';
import { audienceRefusals, parseTags } from '../events/audience';
import type { EventsRepository } from '../events/events.repository';
import type { GroupRow, GroupsRepository } from './groups.repository';

export interface GroupsServiceDeps {
  groups: GroupsRepository;
  people: Pick<EventsRepository, 'personWithNode' | 'nodeName'>;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}

/** Clubs and the day-care centre: who they are for, who leads them, joining and leaving. */
export function createGroupsService(d: GroupsServiceDeps) {
  const clock = d.clock ?? (() => new Date());

  async function homePath(personId: string) {
    return (await d.people.personWithNode(personId))?.path ?? null;
  }

  async function visible(auth: AuthContext, id: string, personId = auth.personId): Promise<GroupRow> {
    const g = await d.groups.find(id);
    const anchors = [await homePath(personId), ...auth.grants.map((x) => x.path)].filter((x): x is string => !!x);
    if (!g || !anchors.some((a) => a.startsWith(g.node_path) || g.node_path.startsWith(a))) throw notFound('group');
    return g;
  }

  async function canLead(auth: AuthContext, g: GroupRow) {
    if (reaches(auth, g.node_path, STAFF_ROLES)) return true;
    return (await d.groups.membership(g.id, auth.personId))?.role === 'leader';
  }

  return {
    visible,
    canLead,

    async list(auth: AuthContext, nodeId?: string) {
      let anchor = await homePath(auth.personId);
      if (nodeId) {
        const n = await d.people.nodeName(nodeId);
        const ok =
          n && [anchor, ...auth.grants.map((g) => g.path)].some((a) => a && (a.startsWith(n.path) || n.path.startsWith(a)));
        if (!n || !ok) throw notFound('node');
        anchor = n.path;
      }
      return anchor ? d.groups.listRelated(anchor) : [];
    },

    async create(auth: AuthContext, input: GroupInput) {
      const n = await d.people.nodeName(input.nodeId);
      if (!n || !reaches(auth, n.path, STAFF_ROLES)) throw notFound('node');
      return d.groups.insert(
        {
          node_id: input.nodeId,
          kind: input.kind,
          name: input.name,
          description: input.description,
          min_age: input.minAge,
          max_age: input.maxAge,
          tags: JSON.stringify(input.tags),
        },
        (trx, id) =>
          d.audit.append(
            { actorAccountId: auth.accountId, action: 'group.create', targetType: 'group', targetId: id, nodeId: input.nodeId },
            trx,
          ),
      );
    },

    /** The person (or the resident staff act for) joins; the audience rule is checked with reasons. */
    async join(auth: AuthContext, actor: Actor, id: string, lang: Lang) {
      const g = await visible(auth, id, actor.subjectPersonId);
      const p = await d.people.personWithNode(actor.subjectPersonId);
      if (!p) throw notFound('person');
      const reasons = audienceRefusals(
        { minAge: g.min_age, maxAge: g.max_age, tags: parseTags(g.tags) },
        { birthYear: p.birth_year, tags: parseTags(p.tags) },
        Number(localDay(clock()).slice(0, 4)),
        lang,
      );
      if (reasons.length) throw new AppError('AUDIENCE_REFUSED', { reasons });
      const ok = await d.groups.join(g.id, actor.subjectPersonId, 'member', (trx) =>
        d.audit.append(
          { ...auditFields(actor), action: 'group.join', targetType: 'group', targetId: g.id, nodeId: g.node_id },
          trx,
        ),
      );
      if (!ok) throw new AppError('DUPLICATE');
    },

    async leave(auth: AuthContext, actor: Actor, id: string) {
      const g = await visible(auth, id, actor.subjectPersonId);
      const ok = await d.groups.leave(g.id, actor.subjectPersonId, (trx) =>
        d.audit.append(
          { ...auditFields(actor), action: 'group.leave', targetType: 'group', targetId: g.id, nodeId: g.node_id },
          trx,
        ),
      );
      if (!ok) throw new AppError('INVALID_TRANSITION');
    },

    /** Staff appoint a leader (or add a member) from the people of their subtree. */
    async appoint(auth: AuthContext, id: string, personId: string, role: 'member' | 'leader') {
      const g = await visible(auth, id);
      if (!reaches(auth, g.node_path, STAFF_ROLES)) throw notFound('group');
      const p = await d.people.personWithNode(personId);
      if (!p || !reaches(auth, p.path, STAFF_ROLES)) throw notFound('person');
      await d.groups.leave(g.id, personId, async () => {});
      const ok = await d.groups.join(g.id, personId, role, (trx) =>
        d.audit.append(
          {
            actorAccountId: auth.accountId,
            action: 'group.appoint',
            targetType: 'group',
            targetId: g.id,
            nodeId: g.node_id,
            details: { personId, role },
          },
          trx,
        ),
      );
      if (!ok) throw new AppError('CONFLICT');
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
