import type { CouncilCategory, RaiseIssueInput } from '@lianxin/shared';
import type { AuthContext } from '../accounts/policy';
import type { ReportToCouncil, ZoneProblem } from './zones.service';

/** Which council category a problem in each kind of zone falls under. */
const CATEGORY_OF: Record<ZoneProblem['zoneType'], CouncilCategory> = {
  绿化: 'greenery',
  停车: 'parking',
  楼道: 'environment',
  公共区域: 'environment',
};

/**
 * The zone → council hook: a problem reported from a zone becomes a council issue (居民反映) at
 * that point of the plan, through the council module's own `raise` (its checks, its audit).
 */
export function createCouncilHook(raise: (auth: AuthContext, input: RaiseIssueInput) => Promise<string>): ReportToCouncil {
  return async (p) => {
    const text = p.text.trim();
    const title = `${p.zoneName}：${[...text].slice(0, 30).join('')}`;
    return raise(p.auth, {
      compoundId: p.compoundId,
      title: [...title].slice(0, 80).join(''),
      description: text,
      category: CATEGORY_OF[p.zoneType],
      plan: p.point ? { x: p.point.x, y: p.point.y, zoneId: p.zoneId } : undefined,
      photoIds: [],
    });
  };
}
