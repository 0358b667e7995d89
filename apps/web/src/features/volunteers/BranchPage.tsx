import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { useAction } from '../../lib/useAction';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, OkNote, Page } from '../../ui/Page';
import { SelectField } from '../../ui/SelectField';
import { BranchPairs } from '../pairing/BranchPairs';
import { PersonSearch, TEAMS } from './PersonSearch';
import { hours, type Pair, type Profile, useApi } from './useApi';
import { CompoundPicker, useStaffCompound } from './useStaffCompound';
import '../pairing/pairing.css';
import './volunteers.css';

interface Team {
  team: string;
  members: number;
  leaders: string[];
  minutes: number;
}

/** The branch's view: overdue visits, new pairs, the 党团妇 teams, unclaimed zones, the roster. */
export default function BranchPage() {
  const { t } = useTranslation('volunteers');
  const { me, loading } = useSession();
  const staff = useStaffCompound();
  const compound = staff.compound;
  const base = compound ? `/api/v1/compounds/${compound.nodeId}` : null;
  const overdue = useApi<{ pairings: Pair[] }>(base && `${base}/pairings?overdue=true`);
  const teams = useApi<{ teams: Team[] }>(base && `${base}/teams`);
  const plan = useApi<{ zones: Array<{ id: string; activeClaims: number }> }>(base && `${base}/site-plan`);
  const roster = useApi<{ volunteers: Profile[] }>(base && `${base}/volunteers`);
  // Bumped when a pair is made, so the list of all pairs below loads it too.
  const [pairsMade, setPairsMade] = useState(0);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/volunteer/branch" replace />;
  if (!compound)
    return (
      <Page title={t('branchTitle')}>
        <p className="muted">{t('noPairs')}</p>
      </Page>
    );
  const unclaimed = plan.data?.zones.filter((z) => z.activeClaims === 0).length ?? 0;
  return (
    <Page title={t('branchTitle')}>
      <p className="muted">{compound.nodeName}</p>
      <CompoundPicker s={staff} />
      <section className="vol-section" aria-labelledby="overdue-h">
        <h2 id="overdue-h">{t('overduePairs')}</h2>
        <ErrorNote error={overdue.error} onRetry={overdue.reload} />
        {overdue.data?.pairings.length === 0 && <p className="muted">{t('noOverdue')}</p>}
        <ul className="list" data-testid="overdue-pairs">
          {overdue.data?.pairings.map((p) => (
            <li key={p.id} className="list-item">
              <Link to={`/pairing/${p.id}`} className="pair-link">
                <span className="pair-name">
                  {p.resident.name} ← {p.volunteer.name}
                </span>
                <span>{p.lastVisitOn ? t('lastVisit', { date: p.lastVisitOn }) : t('never')}</span>
                <span>
                  <span className="due-tag overdue">{t('overdue', { days: p.overdueDays })}</span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
        {roster.data && (
          <NewPair
            compoundId={compound.nodeId}
            volunteers={roster.data.volunteers}
            onMade={() => {
              overdue.reload();
              setPairsMade((n) => n + 1);
            }}
          />
        )}
      </section>
      <BranchPairs key={pairsMade} compoundId={compound.nodeId} onChanged={overdue.reload} />

      <section className="vol-section" aria-labelledby="teams-h">
        <h2 id="teams-h">{t('teams')}</h2>
        <ul className="list" data-testid="team-totals">
          {teams.data?.teams.map((x) => (
            <li key={x.team} className="list-item">
              <div className="team-row">
                <strong>{t('teamLine', { team: t(`teamNames.${x.team}`), members: x.members, hours: hours(x.minutes) })}</strong>
              </div>
              {x.leaders.length > 0 && <span className="muted">{t('leaders', { names: x.leaders.join('、') })}</span>}
            </li>
          ))}
        </ul>
        <Link to="/hours/branch" className="btn btn-secondary btn-block">
          {t('hoursBranch')}
        </Link>
      </section>

      <section className="vol-section" aria-labelledby="zones-h">
        <h2 id="zones-h">{t('zonesTitle')}</h2>
        <p>{t('unclaimed', { n: unclaimed })}</p>
        <Link to={`/zones/${compound.nodeId}`} className="btn btn-secondary btn-block">
          {t('openMap')}
        </Link>
      </section>

      <section className="vol-section" aria-labelledby="roster-h">
        <h2 id="roster-h">{t('volunteersTitle', { n: roster.data?.volunteers.length ?? 0 })}</h2>
        <Enrol
          compoundId={compound.nodeId}
          onDone={() => {
            roster.reload();
            teams.reload();
          }}
        />
        <details>
          <summary>{t('volunteersTitle', { n: roster.data?.volunteers.length ?? 0 })}</summary>
          <ul className="list">
            {roster.data?.volunteers.map((v) => (
              <RosterRow
                key={v.personId}
                v={v}
                onSaved={() => {
                  roster.reload();
                  teams.reload();
                }}
              />
            ))}
          </ul>
        </details>
      </section>
    </Page>
  );
}

function RosterRow({ v, onSaved }: { v: Profile; onSaved: () => void }) {
  const { t } = useTranslation('volunteers');
  const [team, setTeam] = useState(v.team ?? '');
  const [leader, setLeader] = useState(v.teamLeader);
  const s = useAction(onSaved);
  function save() {
    void s.run(() =>
      api(`/api/v1/volunteers/${v.personId}`, {
        method: 'PATCH',
        body: { team: team || null, teamLeader: !!team && leader },
      }),
    );
  }
  return (
    <li className="list-item">
      <strong>{v.name}</strong>{' '}
      <span className="muted">
        {hours(v.minutes)} h · {v.skills.join('、')}
      </span>
      <div className="row-actions">
        <TeamSelect id={`team-${v.personId}`} label={t('team', { team: v.name })} hideLabel value={team} onChange={setTeam} />
        <label className="check">
          <input
            name="teamLeader"
            type="checkbox"
            checked={leader}
            disabled={!team}
            onChange={(e) => setLeader(e.target.checked)}
          />
          {t('leader').replace(/[（）() ]/g, '')}
        </label>
        <button type="button" className="btn btn-secondary" onClick={save}>
          {t('save')}
        </button>
      </div>
      <ErrorNote error={s.error} />
    </li>
  );
}

function TeamSelect(props: { id: string; label: string; hideLabel?: boolean; value: string; onChange: (v: string) => void }) {
  const { t } = useTranslation('volunteers');
  return <SelectField {...props} blank={t('noTeam')} options={TEAMS.map((x) => ({ value: x, label: t(`teamNames.${x}`) }))} />;
}

function NewPair({ compoundId, volunteers, onMade }: { compoundId: string; volunteers: Profile[]; onMade: () => void }) {
  const { t } = useTranslation('pairing');
  const [volunteerId, setVolunteerId] = useState('');
  const [residentId, setResidentId] = useState('');
  const [cadence, setCadence] = useState(30);
  const s = useAction(onMade);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.run(() =>
      api(`/api/v1/compounds/${compoundId}/pairings`, {
        method: 'POST',
        body: { volunteerId, residentId, cadenceDays: cadence },
      }),
    );
  }
  return (
    <details className="card">
      <summary>{t('newPair')}</summary>
      <form className="form pair-form" onSubmit={submit}>
        <SelectField
          name="volunteerId"
          id="np-vol"
          label={t('pickVolunteer')}
          value={volunteerId}
          onChange={setVolunteerId}
          blank=""
          required
          options={volunteers.map((v) => ({ value: v.personId, label: `${v.name}${v.team ? `（${v.team}）` : ''}` }))}
        />
        <PersonSearch
          compoundId={compoundId}
          findLabel={t('findResident')}
          searchLabel={t('search')}
          pickLabel={t('pickResident')}
          pickId="np-res"
          name="residentId"
          value={residentId}
          onChange={setResidentId}
          describe={(p) => `${p.name} · ${p.address} ${p.tags.includes('独居老人') ? '· 独居老人' : ''}`}
          onError={s.setError}
        />
        <Field
          name="cadenceDays"
          label={t('cadenceField')}
          type="number"
          min={1}
          max={365}
          value={cadence}
          onChange={(e) => setCadence(Number(e.target.value))}
        />
        <ErrorNote error={s.error} />
        <OkNote show={s.ok}>✓ {t('pairMade')}</OkNote>
        <button type="submit" className="btn btn-block" disabled={!volunteerId || !residentId}>
          {t('makePair')}
        </button>
      </form>
    </details>
  );
}

function Enrol({ compoundId, onDone }: { compoundId: string; onDone: () => void }) {
  const { t } = useTranslation('volunteers');
  const [personId, setPersonId] = useState('');
  const [team, setTeam] = useState('');
  const s = useAction(onDone);
  function submit(e: FormEvent) {
    e.preventDefault();
    void s.run(() =>
      api(`/api/v1/compounds/${compoundId}/volunteers`, { method: 'POST', body: { personId, team: team || null } }),
    );
  }
  return (
    <details className="card">
      <summary>{t('enrol')}</summary>
      <form className="form pair-form" onSubmit={submit}>
        <PersonSearch
          compoundId={compoundId}
          findLabel={t('findPerson')}
          searchLabel={t('search')}
          pickLabel={t('pickPerson')}
          pickId="en-person"
          name="personId"
          value={personId}
          onChange={setPersonId}
          describe={(p) => `${p.name} · ${p.address}`}
          onError={s.setError}
        />
        <TeamSelect id="en-team" label={t('pickTeam')} value={team} onChange={setTeam} />
        <ErrorNote error={s.error} />
        <OkNote show={s.ok}>✓ {t('enrolled')}</OkNote>
        <button type="submit" className="btn btn-block" disabled={!personId}>
          {t('enrol')}
        </button>
      </form>
    </details>
  );
}
