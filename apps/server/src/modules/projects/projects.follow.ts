import type { ProjectSummary } from '@lianxin/shared';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema';
import { notFound } from '../../lib/errors';
import { type AuthContext, requireAuth } from '../accounts/policy';
import type { ProjectsRepository } from './projects.repository';
import { summary } from './projects.service';

/**
 * The residents' side of projects: the published projects of their own compound, and following
 * one (told of its milestones and completion by the projects service, docs/notifications.md).
 */
export function createProjectFollowService(deps: { db: Kysely<DB>; projects: ProjectsRepository }) {
  const { db, projects } = deps;
  return {
    /** Published projects of the caller's own compound (and of the nodes above it), with whether they follow each. */
    async listMine(auth: AuthContext | null): Promise<ProjectSummary[]> {
      const a = requireAuth(auth);
      const compound = await projects.compoundOfPerson(a.personId);
      if (!compound) return [];
      const rows = await projects.listForCompound(compound.path);
      const [totals, followed] = await Promise.all([
        projects.totals(rows.map((r) => r.id)),
        projects.followedBy(
          a.personId,
          rows.map((r) => r.id),
        ),
      ]);
      return rows.map((r) => ({
        ...summary(r, totals.get(r.id) ?? { budgetFen: 0, spentFen: 0 }),
        following: followed.has(r.id),
      }));
    },

    /** Follow a published project of one's own compound; 404 for any other. */
    async follow(auth: AuthContext | null, id: string, follow: boolean): Promise<{ following: boolean }> {
      const a = requireAuth(auth);
      const compound = await projects.compoundOfPerson(a.personId);
      const p = await projects.findProject(db, id);
      if (p?.published !== 1 || !compound) throw notFound('project');
      if (!compound.path.startsWith(p.node_path) && !p.node_path.startsWith(compound.path)) throw notFound('project');
      await projects.setFollow(id, a.personId, follow);
      return { following: follow };
    },
  };
}
