import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useSession } from '../../lib/session';
import { staffCompound, useApi } from './useApi';

interface NodeDetail {
  id: string;
  kind: string;
  name: string;
  children: Array<{ id: string; kind: string; name: string }>;
}

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/**
 * The compound a staff page works on: the staff grant's own compound, or — for staff granted
 * above compounds (a community worker of 五星社区) — one of the compounds below, chosen with
 * ?compound= (the first by default). `picker` lists the choices for a select.
 */
export function useStaffCompound() {
  const { me } = useSession();
  const [search, setSearch] = useSearchParams();
  const direct = me ? staffCompound(me.roles) : null;
  const above = !direct && me ? (me.roles.find((r) => STAFF.includes(r.role) && r.nodeKind === 'community') ?? null) : null;
  const detail = useApi<NodeDetail>(above ? `/api/v1/registry/nodes/${encodeURIComponent(above.nodeId)}` : null);
  if (direct)
    return { compound: { nodeId: direct.nodeId, nodeName: direct.nodeName }, choices: [], loading: false, choose: () => {} };
  const choices = (detail.data?.children ?? []).filter((c) => c.kind === 'compound');
  const wanted = search.get('compound');
  const pick = choices.find((c) => c.id === wanted) ?? choices[0];
  return {
    compound: pick ? { nodeId: pick.id, nodeName: pick.name } : null,
    choices,
    loading: !!above && !detail.data && !detail.error,
    choose: (id: string) => setSearch({ compound: id }, { replace: true }),
  };
}

/** A select of the compounds a staff member above compounds may work on. */
export function CompoundPicker({ s }: { s: ReturnType<typeof useStaffCompound> }) {
  const { t } = useTranslation('volunteers');
  if (s.choices.length < 2 || !s.compound) return null;
  return (
    <div className="field">
      <label htmlFor="compound-pick">{t('compound')}</label>
      <select data-unsent="" id="compound-pick" value={s.compound.nodeId} onChange={(e) => s.choose(e.target.value)}>
        {s.choices.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
