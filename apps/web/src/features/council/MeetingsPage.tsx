import { COUNCIL_MEETING_KINDS, COUNCIL_MEMBER_KINDS } from '@lianxin/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { councilApi, type MeetingSummary, type Member } from './api';
import { fmtDate, useCompound } from './common';
import { SettingsForm } from './SettingsForm';
import './council.css';

/** The secretary's list of meetings, a form for the next one, and the council's members. */
export default function MeetingsPage() {
  const { t } = useTranslation('council');
  const nav = useNavigate();
  const { compoundId } = useCompound();
  const [meetings, setMeetings] = useState<MeetingSummary[] | null>(null);
  const [members, setMembers] = useState<Member[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [kind, setKind] = useState<string>('monthly');
  const [title, setTitle] = useState('');
  const [when, setWhen] = useState('');
  const [place, setPlace] = useState('');
  const [q, setQ] = useState('');
  const [people, setPeople] = useState<Array<{ id: string; name: string; door: string; phone: string | null }>>([]);
  const [memberKind, setMemberKind] = useState<string>('resident_rep');

  const load = useCallback(async () => {
    if (!compoundId) return;
    try {
      const [m, mem] = await Promise.all([councilApi.meetings(compoundId), councilApi.members(compoundId)]);
      setMeetings(m.meetings);
      setMembers(mem.members);
    } catch (e) {
      setError(e);
    }
  }, [compoundId]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: React.FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      const r = await councilApi.createMeeting({ compoundId, kind, title, scheduledAt: new Date(when).toISOString(), place });
      nav(`/council/meetings/${r.id}`);
    } catch (err) {
      setError(err);
    }
  };

  const search = async () => {
    try {
      setPeople((await councilApi.people(compoundId, q)).people);
    } catch (e) {
      setError(e);
    }
  };

  return (
    <Page title={t('meeting.list')}>
      <ErrorNote error={error} />
      {compoundId && (
        <p>
          <a href={`/api/v1/public/council/compounds/${encodeURIComponent(compoundId)}/meetings.ics`}>
            📅 {t('meeting.calendar')}
          </a>
        </p>
      )}
      {!meetings && !error && <Loading />}
      {meetings && meetings.length === 0 && <p className="muted">{t('meeting.noMeetings')}</p>}
      <ul className="list">
        {meetings?.map((m) => (
          <li key={m.id} className="list-item">
            <Link className="council-item" to={`/council/meetings/${m.id}`}>
              <span className="council-item-title">{m.title}</span>
              <span className="council-meta">
                <span>{t(`meeting.kind.${m.kind}`)}</span>
                <span>{t(`meeting.status.${m.status}`)}</span>
                <time dateTime={m.scheduledAt}>{fmtDate(m.scheduledAt)}</time>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <section className="card" aria-labelledby="new-meeting">
        <h2 id="new-meeting">{t('meeting.new')}</h2>
        <form className="form" onSubmit={create}>
          <div className="field">
            <label htmlFor="meeting-kind">{t('meeting.kindLabel')}</label>
            <select name="kind" id="meeting-kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              {COUNCIL_MEETING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`meeting.kind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <Field
            label={t('meeting.titleLabel')}
            name="title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            required
            maxLength={100}
          />
          <Field
            label={t('meeting.when')}
            name="scheduledAt"
            type="datetime-local"
            value={when}
            onChange={(e) => setWhen(e.target.value)}
            required
          />
          <Field
            label={t('meeting.place')}
            name="place"
            value={place}
            onChange={(e) => setPlace(e.target.value)}
            maxLength={100}
          />
          <button type="submit" className="btn" disabled={!title.trim() || !when}>
            {t('meeting.create')}
          </button>
        </form>
      </section>
      <SettingsForm compoundId={compoundId} />
      <section className="card" aria-labelledby="members">
        <h2 id="members">{t('meeting.members')}</h2>
        <ul className="list">
          {members.map((m) => (
            <li key={m.id} className="list-item council-action">
              <span>
                {m.name}（{t(`meeting.memberKind.${m.kind}`)}
                {m.title ? `，${m.title}` : ''}） <span className="muted">{[m.door, m.phone].filter(Boolean).join(' · ')}</span>
              </span>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={async () => {
                  setError(null);
                  try {
                    await councilApi.removeMember(m.id);
                    await load();
                  } catch (e) {
                    setError(e);
                  }
                }}
              >
                {t('meeting.removeMember', { name: m.name })}
              </button>
            </li>
          ))}
        </ul>
        <div className="council-row">
          <Field data-unsent="" label={t('meeting.searchPeople')} value={q} onChange={(e) => setQ(e.target.value)} />
          <div className="field">
            <label htmlFor="member-kind">{t('meeting.kindLabel')}</label>
            <select name="kind" id="member-kind" value={memberKind} onChange={(e) => setMemberKind(e.target.value)}>
              {COUNCIL_MEMBER_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`meeting.memberKind.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <button type="button" className="btn btn-secondary" onClick={search} aria-label={t('meeting.searchPeople')}>
            🔍
          </button>
        </div>
        <ul className="list">
          {people.map((p) => (
            <li key={p.id} className="list-item council-action">
              <span>
                {p.name} <span className="muted">{[p.door, p.phone].filter(Boolean).join(' · ')}</span>
              </span>
              <button
                type="button"
                className="btn btn-secondary"
                onClick={async () => {
                  setError(null);
                  try {
                    await councilApi.addMember({ compoundId, personId: p.id, kind: memberKind });
                    await load();
                  } catch (e) {
                    setError(e);
                  }
                }}
              >
                {t('meeting.addMember')}
                <span className="sr-only">
                  ：{p.name} {p.door}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </section>
    </Page>
  );
}
