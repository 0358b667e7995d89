import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { hours, type Pair, type Profile, useApi } from './useApi';
import './volunteers.css';

interface MyZone {
  id: string;
  name: string;
  type: string;
  compoundId: string;
  team: string | null;
}

/** The volunteer's home: pairs with due dates, claimed zones, hours, and the profile. */
export default function VolunteerHomePage() {
  const { t } = useTranslation('volunteers');
  const { me, loading } = useSession();
  const profile = useApi<{ profile: Profile | null }>(me ? '/api/v1/volunteers/me' : null);
  const pairs = useApi<{ pairings: Pair[] }>(me ? '/api/v1/pairings/mine' : null);
  const zones = useApi<{ zones: MyZone[] }>(me ? '/api/v1/zones/mine' : null);
  if (loading) return <Loading />;
  if (!me) return <Navigate to="/login?next=/volunteer" replace />;
  const p = profile.data?.profile;
  return (
    <Page title={t('homeTitle')}>
      <section className="vol-section" aria-labelledby="pairs-h">
        <h2 id="pairs-h">{t('myPairs')}</h2>
        <ErrorNote error={pairs.error} onRetry={pairs.reload} />
        {!pairs.data && !pairs.error && <Loading />}
        {pairs.data?.pairings.length === 0 && <p className="muted">{t('noPairs')}</p>}
        <ul className="list" data-testid="my-pairs">
          {pairs.data?.pairings.map((pair) => (
            <li key={pair.id} className="list-item">
              <Link to={`/pairing/${pair.id}`} className="pair-link">
                <span className="pair-name">{pair.resident.name}</span>
                <span>{pair.lastVisitOn ? t('lastVisit', { date: pair.lastVisitOn }) : t('never')}</span>
                <span>
                  <span className={`due-tag${pair.overdueDays > 0 ? ' overdue' : ''}`}>
                    {pair.overdueDays > 0 ? t('overdue', { days: pair.overdueDays }) : t('due', { date: pair.nextDueOn })}
                  </span>
                </span>
              </Link>
              <Link to={`/pairing/${pair.id}#log`} className="btn btn-block">
                {t('logVisit')}
              </Link>
            </li>
          ))}
        </ul>
      </section>

      <section className="vol-section" aria-labelledby="zones-h">
        <h2 id="zones-h">{t('myZones')}</h2>
        <ErrorNote error={zones.error} onRetry={zones.reload} />
        {zones.data?.zones.length === 0 && <p className="muted">{t('noZones')}</p>}
        <ul className="list" data-testid="my-zones">
          {zones.data?.zones.map((z) => (
            <li key={z.id} className="list-item">
              <Link to={`/zones/${z.compoundId}?zone=${z.id}`}>
                {z.name}（{t(`zones:types.${z.type}`)}）
              </Link>
              {z.team && <span className="muted"> · {t('teamClaim', { team: t(`teamNames.${z.team}`) })}</span>}
            </li>
          ))}
        </ul>
        {p && (
          <Link to={`/zones/${p.compoundId}`} className="btn btn-secondary btn-block">
            {t('openMap')}
          </Link>
        )}
      </section>

      <section className="vol-section card" aria-labelledby="hours-h">
        <h2 id="hours-h">{t('myHours')}</h2>
        <p className="big-number" data-testid="my-hours">
          {t('totalHours', { hours: hours(p?.minutes ?? 0) })}
        </p>
        <Link to="/hours">{t('hoursLink')}</Link>
      </section>

      <ProfileCard profile={p ?? null} loaded={!!profile.data} onSaved={profile.reload} />
    </Page>
  );
}

function ProfileCard({ profile, loaded, onSaved }: { profile: Profile | null; loaded: boolean; onSaved: () => void }) {
  const { t } = useTranslation('volunteers');
  const [skills, setSkills] = useState<string | null>(null);
  const [availability, setAvailability] = useState<string | null>(null);
  const [sharePhone, setSharePhone] = useState<boolean | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [confirmLeave, setConfirmLeave] = useState(false);
  if (!loaded) return null;
  const skillsValue = skills ?? profile?.skills.join('，') ?? '';
  const availabilityValue = availability ?? profile?.availability ?? '';
  const shareValue = sharePhone ?? profile?.sharePhone ?? false;
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api('/api/v1/volunteers/me', {
        method: 'PUT',
        body: {
          skills: skillsValue
            .split(/[,，、]/)
            .map((s) => s.trim())
            .filter(Boolean),
          availability: availabilityValue.trim(),
          sharePhone: shareValue,
        },
      });
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  const fields = error instanceof ApiError ? error.fieldErrors() : {};
  return (
    <section className="vol-section" aria-labelledby="profile-h">
      <h2 id="profile-h">{t('profile')}</h2>
      {!profile && <p>{t('notVolunteer')}</p>}
      {profile && (
        <p>
          {profile.team ? t('team', { team: t(`teamNames.${profile.team}`) }) : t('noTeam')}
          {profile.teamLeader && t('leader')}
        </p>
      )}
      <form className="form" onSubmit={submit}>
        <Field
          name="skills"
          label={t('skills')}
          value={skillsValue}
          onChange={(e) => setSkills(e.target.value)}
          error={fields.skills}
        />
        <Field
          name="availability"
          label={t('availability')}
          value={availabilityValue}
          onChange={(e) => setAvailability(e.target.value)}
          error={fields.availability}
        />
        <label className="check" data-testid="share-phone">
          <input name="sharePhone" type="checkbox" checked={shareValue} onChange={(e) => setSharePhone(e.target.checked)} />
          <span>
            {t('sharePhone')}
            <span className="field-hint">{t('sharePhoneHint')}</span>
          </span>
        </label>
        <ErrorNote error={error} />
        {saved && (
          <p className="ok-note" role="status">
            ✓ {t('saved')}
          </p>
        )}
        <button type="submit" className="btn btn-secondary btn-block">
          {profile ? t('save') : t('join')}
        </button>
      </form>
      {profile?.status === 'active' && !confirmLeave && (
        <button type="button" className="btn btn-secondary btn-block" onClick={() => setConfirmLeave(true)}>
          {t('leave')}
        </button>
      )}
      {profile?.status === 'active' && confirmLeave && (
        // Asked in the page, not in a pop-up (长辈版: no pop-ups).
        <div className="card" role="group" aria-label={t('leave')}>
          <p>{t('leaveConfirm')}</p>
          <div className="row-actions">
            <button
              type="button"
              className="btn"
              onClick={async () => {
                try {
                  await api(`/api/v1/volunteers/${profile.personId}/leave`, { method: 'POST' });
                  setConfirmLeave(false);
                  onSaved();
                } catch (err) {
                  setError(err);
                }
              }}
            >
              {t('leave')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setConfirmLeave(false)}>
              {t('cancel')}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
