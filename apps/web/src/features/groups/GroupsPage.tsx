import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useChoice } from '../../lib/useChoice';
import { Field } from '../../ui/Field';
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
  const { me, loading, hasRole } = useSession();
  const navigate = useNavigate();
  const [groups, setGroups] = useState<Array<Group & { member: boolean }> | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (me) groupsApi.list().then((r) => setGroups(r.groups), setError);
  }, [me]);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/groups" replace />;
  return (
    <Page title={t('groupsTitle')}>
      {hasRole(...STAFF) && <NewGroupForm onCreated={(id) => navigate(`/groups/${id}`)} />}
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

const STAFF = [
  'branch_secretary',
  'committee_member',
  'community_worker',
  'subdistrict_admin',
  'district_admin',
  'platform_admin',
];

/** Staff start a group at a compound they run, with who it is for. */
function NewGroupForm({ onCreated }: { onCreated: (id: string) => void }) {
  const { t } = useTranslation('events');
  const { me } = useSession();
  const nodes = (me?.roles ?? []).filter(
    (r) => STAFF.includes(r.role) && (r.nodeKind === 'compound' || r.nodeKind === 'community'),
  );
  const [open, setOpen] = useState(false);
  const [nodeId, setNodeId] = useChoice(nodes.map((n) => n.nodeId));
  const [f, setF] = useState({
    name: '',
    description: '',
    minAge: '',
    maxAge: '',
    kind: 'club',
  });
  const [error, setError] = useState<unknown>(null);
  if (!nodes.length) return null;
  if (!open) {
    return (
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setOpen(true)}>
        {t('newGroup')}
      </button>
    );
  }
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  const n = (s: string) => (s.trim() === '' ? null : Number(s));
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const r = await groupsApi.create({
        nodeId,
        kind: f.kind,
        name: f.name,
        description: f.description,
        minAge: n(f.minAge),
        maxAge: n(f.maxAge),
      });
      onCreated(r.id);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form className="form card" onSubmit={submit} noValidate>
      <h2>{t('newGroup')}</h2>
      <ErrorNote error={error} />
      <div className="field">
        <label htmlFor="g-node">{t('fPlaceNode')}</label>
        <select name="nodeId" id="g-node" value={nodeId} onChange={(e) => setNodeId(e.target.value)}>
          {nodes.map((x) => (
            <option key={`${x.role}-${x.nodeId}`} value={x.nodeId}>
              {x.nodeName}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="g-kind">{t('fKind')}</label>
        <select name="kind" id="g-kind" value={f.kind} onChange={set('kind')}>
          <option value="club">{t('kindClub')}</option>
          <option value="daycare">{t('kindDaycare')}</option>
          <option value="health">{t('kindHealth')}</option>
        </select>
      </div>
      <Field
        name="name"
        label={t('groupName')}
        value={f.name}
        onChange={set('name')}
        maxLength={60}
        required
        error={fields.name}
      />
      <Field
        name="description"
        label={t('groupDescription')}
        value={f.description}
        onChange={set('description')}
        maxLength={1000}
        error={fields.description}
      />
      <Field
        name="minAge"
        label={t('fMinAge')}
        type="number"
        inputMode="numeric"
        value={f.minAge}
        onChange={set('minAge')}
        error={fields.minAge}
      />
      <Field
        name="maxAge"
        label={t('fMaxAge')}
        type="number"
        inputMode="numeric"
        value={f.maxAge}
        onChange={set('maxAge')}
        error={fields.maxAge}
      />
      <button type="submit" className="btn btn-block">
        {t('createGroup')}
      </button>
    </form>
  );
}
