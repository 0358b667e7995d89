import { Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { Loading } from '../../ui/Page';
import { type Profile, useApi } from '../volunteers/useApi';
import { useStaffCompound } from '../volunteers/useStaffCompound';

/** /zones: opens the plan of my compound (the one I volunteer in, or the one I run). */
export default function ZonesHome() {
  const { me, loading } = useSession();
  const profile = useApi<{ profile: Profile | null }>(me ? '/api/v1/volunteers/me' : null);
  const staff = useStaffCompound();
  if (loading || staff.loading || (me && !profile.data && !profile.error)) return <Loading />;
  if (!me) return <Navigate to="/login?next=/zones" replace />;
  const compound = profile.data?.profile?.compoundId ?? staff.compound?.nodeId;
  return compound ? <Navigate to={`/zones/${compound}`} replace /> : <Navigate to="/volunteer" replace />;
}
