import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import { api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { hours, type Profile, todayChina, useApi } from '../volunteers/useApi';
import { CompoundPicker, useStaffCompound } from '../volunteers/useStaffCompound';
import type { Certificate, Entry } from './types';
import './hours.css';

interface Summary {
  byVolunteer: Array<{ personId: string; name: string; minutes: number }>;
  byTeam: Array<{ team: string | null; minutes: number }>;
  byMonth: Array<{ month: string; minutes: number }>;
}

/** Staff: totals by team, volunteer and month; certificate requests; corrections. */
export default function BranchHoursPage() {
  const { t } = useTranslation('hours');
  const { t: tv } = useTranslation('volunteers');
  const { me, loading } = useSession();
  const staff = useStaffCompound();
  const compound = staff.compound;
  const summary = useApi<Summary>(compound && `/api/v1/nodes/${compound.nodeId}/hours`);
  const requests = useApi<{ certificates: Certificate[] }>(
    compound && `/api/v1/nodes/${compound.nodeId}/certificates?status=requested`,
  );
  const roster = useApi<{ volunteers: Profile[] }>(compound && `/api/v1/compounds/${compound.nodeId}/volunteers`);
  const [issued, setIssued] = useState<{ name: string; number: string } | null>(null);
  const [openPerson, setOpenPerson] = useState<string | null>(null);
  if (loading || staff.loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/hours/branch" replace />;
  if (!compound)
    return (
      <Page title={t('branchTitle')}>
        <p className="muted">{t('noRequests')}</p>
      </Page>
    );
  const s = summary.data;
  const maxTeam = Math.max(1, ...(s?.byTeam.map((x) => x.minutes) ?? [1]));
  const maxMonth = Math.max(1, ...(s?.byMonth.map((x) => x.minutes) ?? [1]));
  return (
    <Page title={t('branchTitle')}>
      <p className="muted">{compound.nodeName}</p>
      <CompoundPicker s={staff} />
      <ErrorNote error={summary.error} onRetry={summary.reload} />
      <section aria-labelledby="req-h">
        <h2 id="req-h">{t('requests')}</h2>
        {issued && (
          <p className="ok-note" role="status">
            ✓ {issued.name}：{t('issued', { number: issued.number })}
          </p>
        )}
        {requests.data?.certificates.length === 0 && <p className="muted">{t('noRequests')}</p>}
        <ul className="list" data-testid="cert-requests">
          {requests.data?.certificates.map((c) => (
            <RequestRow
              key={c.id}
              c={c}
              onDone={(number) => {
                if (number) setIssued({ name: c.name, number });
                requests.reload();
              }}
            />
          ))}
        </ul>
      </section>
      <h2>{t('byTeam')}</h2>
      <ul className="list" data-testid="team-hours">
        {s?.byTeam.map((x) => (
          <li key={x.team ?? 'none'} className="list-item bar-row">
            <span>{x.team ? tv(`teamNames.${x.team}`) : t('noTeam')}</span>
            <span className="bar" style={{ width: `${Math.max(2, (x.minutes / maxTeam) * 100)}%` }} aria-hidden="true" />
            <span>{t('hoursUnit', { hours: hours(x.minutes) })}</span>
          </li>
        ))}
      </ul>
      <h2>{t('byMonth')}</h2>
      <ul className="list">
        {s?.byMonth.map((x) => (
          <li key={x.month} className="list-item bar-row">
            <span>{x.month}</span>
            <span className="bar" style={{ width: `${Math.max(2, (x.minutes / maxMonth) * 100)}%` }} aria-hidden="true" />
            <span>{t('hoursUnit', { hours: hours(x.minutes) })}</span>
          </li>
        ))}
      </ul>
      <h2>{t('byVolunteer')}</h2>
      <ol className="list">
        {s?.byVolunteer.slice(0, 20).map((x) => (
          <li key={x.personId} className="list-item">
            <button
              type="button"
              className="list-button"
              aria-expanded={openPerson === x.personId}
              onClick={() => setOpenPerson(openPerson === x.personId ? null : x.personId)}
            >
              {x.name} · {t('hoursUnit', { hours: hours(x.minutes) })}
            </button>
            {openPerson === x.personId && <PersonLedger personId={x.personId} />}
          </li>
        ))}
      </ol>
      {roster.data && <Correction compoundId={compound.nodeId} volunteers={roster.data.volunteers} onSaved={summary.reload} />}
    </Page>
  );
}

function RequestRow({ c, onDone }: { c: Certificate; onDone: (issuedNumber: string | null) => void }) {
  const { t } = useTranslation('hours');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  async function issue() {
    setError(null);
    try {
      const r = await api<Certificate>(`/api/v1/certificates/${c.id}/issue`, { method: 'POST' });
      onDone(r.number);
    } catch (err) {
      setError(err);
    }
  }
  async function reject(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      await api(`/api/v1/certificates/${c.id}/reject`, { method: 'POST', body: { note: note.trim() } });
      onDone(null);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <li className="list-item entry">
      <strong>{c.name}</strong>
      <span>{t('certLine', { from: c.periodFrom, to: c.periodTo })}</span>
      {c.note && <span className="muted">{c.note}</span>}
      <button type="button" className="btn" onClick={issue}>
        {t('issue')}
      </button>
      <form className="form" onSubmit={reject}>
        <Field
          name="note"
          label={t('rejectNote')}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          minLength={2}
          maxLength={200}
          required
        />
        <button type="submit" className="btn btn-secondary">
          {t('reject')}
        </button>
      </form>
      <ErrorNote error={error} />
    </li>
  );
}

function Correction({ compoundId, volunteers, onSaved }: { compoundId: string; volunteers: Profile[]; onSaved: () => void }) {
  const { t } = useTranslation('hours');
  const [personId, setPersonId] = useState('');
  const [minutes, setMinutes] = useState(-30);
  const [servedOn, setServedOn] = useState(todayChina());
  const [activity, setActivity] = useState('');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOk(false);
    try {
      await api(`/api/v1/compounds/${compoundId}/hours/corrections`, {
        method: 'POST',
        body: { personId, minutes, servedOn, activity: activity.trim(), reason: reason.trim() },
      });
      setOk(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <details className="card">
      <summary>{t('correction')}</summary>
      <form className="form hours-form" onSubmit={submit}>
        <div className="field">
          <label htmlFor="corr-person">{t('correctionPerson')}</label>
          <select name="personId" id="corr-person" value={personId} onChange={(e) => setPersonId(e.target.value)} required>
            <option value="" />
            {volunteers.map((v) => (
              <option key={v.personId} value={v.personId}>
                {v.name}
              </option>
            ))}
          </select>
        </div>
        <Field
          name="minutes"
          label={t('correctionMinutes')}
          type="number"
          min={-720}
          max={720}
          value={minutes}
          onChange={(e) => setMinutes(Number(e.target.value))}
          required
        />
        <Field
          name="servedOn"
          label={t('correctionDate')}
          type="date"
          max={todayChina()}
          value={servedOn}
          onChange={(e) => setServedOn(e.target.value)}
          required
        />
        <Field
          name="activity"
          label={t('correctionActivity')}
          value={activity}
          onChange={(e) => setActivity(e.target.value)}
          required
          maxLength={200}
        />
        <Field
          name="reason"
          label={t('correctionReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          minLength={2}
          maxLength={500}
        />
        <ErrorNote error={error} />
        {ok && (
          <p className="ok-note" role="status">
            ✓ {t('correctionSaved')}
          </p>
        )}
        <button type="submit" className="btn btn-block">
          {t('correctionSave')}
        </button>
      </form>
    </details>
  );
}

/** One volunteer's entries, for staff checking a record before certifying it. */
function PersonLedger({ personId }: { personId: string }) {
  const { t } = useTranslation('hours');
  const ledger = useApi<{ entries: Entry[] }>(`/api/v1/volunteers/${personId}/hours`);
  if (ledger.error) return <ErrorNote error={ledger.error} />;
  if (!ledger.data) return <Loading />;
  return (
    <ul className="list">
      {ledger.data.entries.slice(0, 30).map((e) => (
        <li key={e.id} className="list-item entry">
          <span>
            {e.servedOn} · {t(`sources.${e.sourceType}`)} · {t('minutesUnit', { n: e.minutes })}
          </span>
          <span className="entry-activity">{e.activity}</span>
          {e.reason && <span>{t('reason', { reason: e.reason })}</span>}
        </li>
      ))}
    </ul>
  );
}
