import type { Convention, DiffLine, Notice, NoticeCreate } from '@lianxin/shared';
import { ROLES, STAFF_ROLES } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { AppError, fieldError, notFound } from '../../lib/errors';
import { nowIso } from '../../lib/ids';
import { type AuthContext, loadReachableNode, reaches, requireAuth, scopePaths } from '../accounts/policy';
import type { AuditRepository } from '../audit/audit.repository';
import { lineDiff } from './line-diff';
import { ancestorPaths, type NoticesRepository } from './notices.repository';

export interface NoticesDeps {
  db: Kysely<DB>;
  notices: NoticesRepository;
  audit: Pick<AuditRepository, 'append'>;
  clock?: () => Date;
}

type NoticeRow = NonNullable<Awaited<ReturnType<NoticesRepository['findNotice']>>>;

/** A member sees a node's notices and 公约 when one of their grants sits at, above or below it. */
function memberOf(auth: AuthContext, nodePath: string): boolean {
  return auth.grants.some((g) => g.path.startsWith(nodePath) || nodePath.startsWith(g.path));
}

function stateOf(n: NoticeRow, now: string): Notice['state'] {
  if (n.withdrawn_at) return 'withdrawn';
  if (n.publish_at > now) return 'scheduled';
  if (n.expires_at && n.expires_at <= now) return 'expired';
  return 'live';
}

/** Notices to a compound or a subtree, and the versioned 居民公约 with acknowledgements. */
export function createNoticesService(deps: NoticesDeps) {
  const { db, notices, audit } = deps;
  const now = () => nowIso(deps.clock);

  function present(n: NoticeRow, t: string, readByMe: boolean, readCount: number | null): Notice {
    return {
      id: n.id,
      nodeId: n.node_id,
      nodeName: n.node_name,
      title: n.title,
      body: n.body,
      publishAt: n.publish_at,
      expiresAt: n.expires_at,
      withdrawn: !!n.withdrawn_at,
      state: stateOf(n, t),
      readByMe,
      readCount,
    };
  }

  async function visibleNotice(auth: AuthContext | null, id: string): Promise<{ n: NoticeRow; staff: boolean }> {
    const a = requireAuth(auth);
    const n = await notices.findNotice(id);
    if (!n) throw notFound('notice');
    const staff = reaches(a, n.node_path, STAFF_ROLES);
    if (staff) return { n, staff };
    if (!memberOf(a, n.node_path) || stateOf(n, now()) !== 'live') throw notFound('notice');
    return { n, staff };
  }

  async function conventionNode(auth: AuthContext | null, nodeId: string) {
    const a = requireAuth(auth);
    const node = await db.selectFrom('nodes').select(['id', 'name', 'path']).where('id', '=', nodeId).executeTakeFirst();
    if (!node || !memberOf(a, node.path)) throw notFound('node');
    return { a, node, staff: reaches(a, node.path, STAFF_ROLES) };
  }

  return {
    async create(auth: AuthContext | null, body: NoticeCreate): Promise<Notice> {
      const a = requireAuth(auth);
      const node = await loadReachableNode(db, a, body.nodeId, STAFF_ROLES);
      const publishAt = body.publishAt ? new Date(body.publishAt).toISOString() : now();
      const expiresAt = body.expiresAt ? new Date(body.expiresAt).toISOString() : null;
      if (expiresAt && expiresAt <= publishAt) throw fieldError('expiresAt', 'before_publish');
      const id = await db.transaction().execute(async (trx) => {
        const nid = await notices.insertNotice(trx, {
          nodeId: node.id,
          nodePath: node.path,
          title: body.title,
          body: body.body,
          publishAt,
          expiresAt,
          createdBy: a.accountId,
        });
        await audit.append(
          {
            actorAccountId: a.accountId,
            action: 'notice.published',
            targetType: 'notice',
            targetId: nid,
            nodeId: node.id,
            details: { publishAt, expiresAt },
          },
          trx,
        );
        return nid;
      });
      const n = await notices.findNotice(id);
      if (!n) throw notFound('notice');
      return present(n, now(), false, 0);
    },

    /** Live notices addressed to my nodes or above them; staff also see every state in their subtree. */
    async list(auth: AuthContext | null): Promise<Notice[]> {
      const a = requireAuth(auth);
      const exact = [...new Set(a.grants.flatMap((g) => ancestorPaths(g.path)))];
      const staffPaths = scopePaths(a, STAFF_ROLES);
      const subtree = scopePaths(a, ROLES);
      const t = now();
      const rows = await notices.listNotices({
        exactPaths: exact,
        subtreePaths: subtree,
        includeAllUnder: staffPaths,
        now: t,
        limit: 200,
      });
      const ids = rows.map((r) => r.id);
      const [counts, mine] = await Promise.all([notices.readCounts(ids), notices.readBy(a.personId, ids)]);
      return rows.map((r) =>
        present(r, t, mine.has(r.id), reaches(a, r.node_path, STAFF_ROLES) ? (counts.get(r.id) ?? 0) : null),
      );
    },

    /** Opening a notice records the person's first read (race-safe: one row per person). */
    async open(auth: AuthContext | null, id: string): Promise<Notice> {
      const a = requireAuth(auth);
      const { n, staff } = await visibleNotice(a, id);
      const t = now();
      if (stateOf(n, t) === 'live') await notices.markRead(id, a.personId);
      const counts = staff ? await notices.readCounts([id]) : null;
      return present(
        n,
        t,
        stateOf(n, t) === 'live' || (await notices.readBy(a.personId, [id])).has(id),
        staff ? (counts?.get(id) ?? 0) : null,
      );
    },

    async withdraw(auth: AuthContext | null, id: string): Promise<Notice> {
      const a = requireAuth(auth);
      const n = await notices.findNotice(id);
      if (!n || !reaches(a, n.node_path, STAFF_ROLES)) throw notFound('notice');
      await db.transaction().execute(async (trx) => {
        if (!(await notices.withdraw(trx, id))) throw new AppError('INVALID_TRANSITION');
        await audit.append(
          { actorAccountId: a.accountId, action: 'notice.withdrawn', targetType: 'notice', targetId: id, nodeId: n.node_id },
          trx,
        );
      });
      const after = await notices.findNotice(id);
      if (!after) throw notFound('notice');
      return present(after, now(), false, (await notices.readCounts([id])).get(id) ?? 0);
    },

    async convention(auth: AuthContext | null, nodeId: string): Promise<Convention> {
      const { a, node, staff } = await conventionNode(auth, nodeId);
      const versions = await notices.conventionVersions(node.id);
      const counts = staff ? await notices.ackCounts(versions.map((v) => v.id)) : new Map<string, number>();
      const latest = versions[0];
      const full = latest ? await notices.conventionVersion(node.id, latest.version) : undefined;
      return {
        nodeId: node.id,
        nodeName: node.name,
        current: full
          ? {
              version: full.version,
              title: full.title,
              body: full.body,
              publishedAt: full.published_at,
              ackedByMe: await notices.hasAcked(full.id, a.actingFor?.personId ?? a.personId),
            }
          : null,
        versions: versions.map((v) => ({
          id: v.id,
          version: v.version,
          title: v.title,
          note: v.note,
          publishedAt: v.published_at,
          ackCount: staff ? (counts.get(v.id) ?? 0) : null,
        })),
        canEdit: staff,
      };
    },

    async publishVersion(
      auth: AuthContext | null,
      nodeId: string,
      body: { title: string; body: string; note: string; baseVersion: number },
    ) {
      const a = requireAuth(auth);
      const node = await loadReachableNode(db, a, nodeId, STAFF_ROLES);
      try {
        await db.transaction().execute(async (trx) => {
          const latest = await notices.latestVersion(trx, node.id);
          if (latest !== body.baseVersion) throw new AppError('CONFLICT', { latestVersion: latest });
          const version = latest + 1;
          const id = await notices.insertVersion(trx, {
            nodeId: node.id,
            version,
            title: body.title,
            body: body.body,
            note: body.note,
            createdBy: a.accountId,
          });
          await audit.append(
            {
              actorAccountId: a.accountId,
              action: 'convention.published',
              targetType: 'convention',
              targetId: id,
              nodeId: node.id,
              details: { version },
            },
            trx,
          );
        });
      } catch (err) {
        if (err instanceof AppError) throw err;
        // Two editors published the same next version at once: the unique key let one through.
        throw new AppError('CONFLICT');
      }
      return this.convention(a, node.id);
    },

    async diff(
      auth: AuthContext | null,
      nodeId: string,
      from: number,
      to: number,
    ): Promise<{ from: number; to: number; lines: DiffLine[] }> {
      const { node } = await conventionNode(auth, nodeId);
      const [a, b] = await Promise.all([notices.conventionVersion(node.id, from), notices.conventionVersion(node.id, to)]);
      if (!a || !b) throw notFound('version');
      return { from, to, lines: lineDiff(a.body, b.body) };
    },

    /** A resident acknowledges the version they read; the second tap changes nothing. */
    async acknowledge(
      auth: AuthContext | null,
      nodeId: string,
      version: number,
    ): Promise<{ version: number; acknowledged: true; first: boolean }> {
      const { a, node } = await conventionNode(auth, nodeId);
      const v = await notices.conventionVersion(node.id, version);
      if (!v) throw notFound('version');
      const personId = a.actingFor?.personId ?? a.personId;
      const first = await db.transaction().execute(async (trx) => {
        const inserted = await notices.ack(trx, v.id, personId);
        if (inserted) {
          await audit.append(
            {
              actorAccountId: a.accountId,
              onBehalfOf: a.actingFor ? personId : null,
              channel: a.actingFor?.channel ?? null,
              action: 'convention.acknowledged',
              targetType: 'convention',
              targetId: v.id,
              nodeId: node.id,
              details: { version },
            },
            trx,
          );
        }
        return inserted;
      });
      return { version, acknowledged: true, first };
    },
  };
}

export type NoticesService = ReturnType<typeof createNoticesService>;
