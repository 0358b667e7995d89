import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { useSession } from '../../lib/session';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { type Group, groupsApi } from './api';
import '../events/events.css';

/** Who a group is for, in words. */
export function forWhom(t: TFunction<'events'>, g: Pick<Group, 'minAge' | 'maxAge' | 'tags'>): string {
  if (g.minAge !== null && g.maxAge !== null) return t('ageRange', { min: g.minAge, max: g.maxAge });
  if (g.minAge !== null) return t('ageMin', { n: g.minAge });
  if (g.maxAge !== null) return t('ageMax', { n: g.maxAge });
  return g.tags.length ? g.tags.join('、') : t('everyone');
}

/** The groups of my compound (clubs and the day-care centre). */
export default function GroupsPage() {
  const { t } = useTranslation('events');
  const { me, loading } = useSession();
  const [groups, setGroups] = useState<Array<Group & { member: boolean }> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (me) groupsApi.list().then((r) => setGroups(r.groups), setError);
  }, [me]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/groups" replace />;
  return (
    <Page title={t('groupsTitle')}>
      <ErrorNote error={error} />
      {!groups && !error && <Loading />}
      <ul className="list">
        {(groups ?? []).map((g) => (
          <li key={g.id} className="list-item">
            <Link to={`/groups/${g.id}`} className="ev-card">
              <span className="ev-card-title">{g.name}</span>
              <p className="ev-meta">
                {t('forWhom')}：{forWhom(t, g)} · {t('members', { n: g.memberCount })}
              </p>
              {g.member && <span className="ev-tag ev-tag-ok">✓ {t('member')}</span>}
            </Link>
          </li>
        ))}
      </ul>
    </Page>
  );
}
