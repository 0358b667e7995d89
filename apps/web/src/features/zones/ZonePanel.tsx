import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { newOutboxKey, queueWrite } from '../../lib/offline';
import { useSession } from '../../lib/session';
import { uploadImage } from '../../lib/upload';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { type Profile, todayChina, useApi } from '../volunteers/useApi';
import type { Zone } from './types';
import { ZoneEditor } from './ZoneEditor';
import { statusText } from './ZonesPage';

interface Detail {
  duties: Array<{ id: string; doneOn: string; minutes: number; what: string; name: string; photoId: string | null }>;
  reports: Array<{ id: string; text: string; createdAt: string; councilIssueId: string | null }>;
}

/** The selected zone: claim or release it, log a duty, report a problem, read its log. */
export function ZonePanel({
  zone,
  canEdit,
  onChanged,
  onReshape,
  onArchived,
}: {
  zone: Zone;
  canEdit: boolean;
  onChanged: () => void;
  onReshape: (mode: 'move' | 'draw') => void;
  onArchived: () => void;
}) {
  const { t } = useTranslation('zones');
  const { me } = useSession();
  const profile = useApi<{ profile: Profile | null }>('/api/v1/volunteers/me');
  const detail = useApi<Detail>(`/api/v1/zones/${zone.id}`);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const p = profile.data?.profile?.status === 'active' ? profile.data.profile : null;
  const mine = zone.claims.find((c) => c.personId === me?.personId);
  const teamClaim = p?.team ? zone.claims.find((c) => c.team === p.team) : undefined;
  const placesLeft = zone.maxClaims - zone.activeClaims;

  async function act(path: string, body: unknown, done: string) {
    setError(null);
    setNote('');
    try {
      await api(path, { method: 'POST', body });
      setNote(done);
      onChanged();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card zone-panel" aria-labelledby="zone-h" data-testid="zone-panel">
      <h2 id="zone-h">
        {zone.name}（{t(`types.${zone.type}`)}）
      </h2>
      <p className="zone-status">{statusText(t, zone)}</p>
      <div className="actions">
        {p && !mine && placesLeft > 0 && (
          <button
            type="button"
            className="btn btn-block"
            onClick={() => act(`/api/v1/zones/${zone.id}/claims`, {}, t('claimed'))}
            data-testid="claim"
          >
            {t('claim')}
          </button>
        )}
        {p?.team && p.teamLeader && !teamClaim && placesLeft > 0 && (
          <button
            type="button"
            className="btn btn-secondary btn-block"
            onClick={() => act(`/api/v1/zones/${zone.id}/claims`, { team: p.team }, t('claimed'))}
          >
            {t('claimTeam', { team: t(`volunteers:teamNames.${p.team}`) })}
          </button>
        )}
        {mine && (
          <button
            type="button"
            className="btn btn-secondary btn-block"
            onClick={() => act(`/api/v1/zones/${zone.id}/claims/${mine.id}/release`, undefined, t('released'))}
          >
            {t('release')}
          </button>
        )}
        {!mine &&
          (canEdit || (teamClaim && p?.teamLeader)) &&
          zone.claims
            .filter((c) => canEdit || c === teamClaim)
            .map((c) => (
              <button
                key={c.id}
                type="button"
                className="btn btn-secondary btn-block"
                onClick={() => act(`/api/v1/zones/${zone.id}/claims/${c.id}/release`, undefined, t('released'))}
              >
                {t('release')} · {c.team ? t('team', { team: t(`volunteers:teamNames.${c.team}`) }) : c.name}
              </button>
            ))}
      </div>
      <ErrorNote error={error} />
      {note && (
        <p className="ok-note" role="status">
          ✓ {note}
        </p>
      )}
      {(mine || teamClaim) && p && <DutyForm zone={zone} onSaved={detail.reload} />}
      <h3>{t('duties')}</h3>
      {detail.data?.duties.length === 0 && <p className="muted">{t('noDuties')}</p>}
      <ul className="list">
        {detail.data?.duties.slice(0, 8).map((d) => (
          <li key={d.id} className="list-item">
            {d.doneOn} · {d.name} · {t('minutesUnit', { n: d.minutes })} · {d.what}
            {d.photoId && (
              <img
                className="duty-photo"
                src={`/api/v1/uploads/${d.photoId}`}
                alt={t('dutyPhotoAlt', { what: d.what })}
                loading="lazy"
              />
            )}
          </li>
        ))}
      </ul>
      <ReportForm zone={zone} onSent={detail.reload} />
      {canEdit && <ZoneEditor zone={zone} onChanged={onChanged} onReshape={onReshape} onArchived={onArchived} />}
      {!!detail.data?.reports.length && (
        <>
          <h3>{t('reports')}</h3>
          <ul className="list">
            {detail.data.reports.slice(0, 5).map((r) => (
              <li key={r.id} className="list-item">
                {r.text}
                {r.councilIssueId && (
                  <>
                    {' · '}
                    <Link to={`/council/issues/${r.councilIssueId}`}>{t('reportCouncil')}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function DutyForm({ zone, onSaved }: { zone: Zone; onSaved: () => void }) {
  const { t } = useTranslation('zones');
  const [doneOn, setDoneOn] = useState(todayChina());
  const [minutes, setMinutes] = useState(60);
  const [what, setWhat] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  const [queued, setQueued] = useState(false);
  const { t: tc } = useTranslation();
  const { me } = useSession();
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOk(false);
    setQueued(false);
    // One Idempotency-Key per duty: sent now, or kept in the outbox when offline (without a photo,
    // which cannot be uploaded offline).
    const key = newOutboxKey();
    const url = `/api/v1/zones/${zone.id}/duties`;
    try {
      let photoId: string | undefined;
      if (photo) {
        const compound = me?.roles.find((r) => r.role === 'volunteer')?.nodeId ?? '';
        photoId = await uploadImage(compound, photo);
      }
      await api(url, {
        method: 'POST',
        body: { doneOn, minutes, what: what.trim(), ...(photoId ? { photoId } : {}) },
        headers: { 'idempotency-key': key },
      });
      setOk(true);
      setWhat('');
      setPhoto(null);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'NETWORK' && !photo) {
        await queueWrite(key, url, { doneOn, minutes, what: what.trim() }, `${t('dutyTitle')} · ${zone.name} · ${doneOn}`);
        setQueued(true);
        setWhat('');
      } else setError(err);
    }
  }
  return (
    <form className="form zones-form" onSubmit={submit}>
      <h3>{t('dutyTitle')}</h3>
      <Field
        name="doneOn"
        label={t('dutyDate')}
        type="date"
        max={todayChina()}
        value={doneOn}
        onChange={(e) => setDoneOn(e.target.value)}
        required
      />
      <Field
        name="minutes"
        label={t('dutyMinutes')}
        type="number"
        min={1}
        max={720}
        value={minutes}
        onChange={(e) => setMinutes(Number(e.target.value))}
        required
      />
      <Field name="what" label={t('dutyWhat')} value={what} onChange={(e) => setWhat(e.target.value)} required maxLength={500} />
      <div className="field">
        <label htmlFor="duty-photo">{t('dutyPhoto')}</label>
        <input
          name="photoId"
          id="duty-photo"
          type="file"
          accept="image/png,image/jpeg,image/webp,image/heic,image/heif"
          onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
        />
      </div>
      <ErrorNote error={error} />
      {ok && (
        <p className="ok-note" role="status">
          ✓ {t('dutySaved')}
        </p>
      )}
      {queued && (
        <p className="ok-note" role="status" data-testid="duty-queued">
          {tc('offline.queued')}
        </p>
      )}
      <button type="submit" className="btn btn-secondary btn-block">
        {t('dutySave')}
      </button>
    </form>
  );
}

function ReportForm({ zone, onSent }: { zone: Zone; onSent: () => void }) {
  const { t } = useTranslation('zones');
  const [text, setText] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [ok, setOk] = useState(false);
  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setOk(false);
    try {
      await api(`/api/v1/zones/${zone.id}/reports`, { method: 'POST', body: { text: text.trim() } });
      setOk(true);
      setText('');
      onSent();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="form zones-form" onSubmit={submit}>
      <h3>{t('reportTitle')}</h3>
      <div className="field">
        <label htmlFor="report-text">{t('reportText')}</label>
        <textarea
          name="text"
          id="report-text"
          rows={2}
          maxLength={1000}
          value={text}
          onChange={(e) => setText(e.target.value)}
          required
          minLength={2}
        />
      </div>
      <ErrorNote error={error} />
      {ok && (
        <p className="ok-note" role="status">
          ✓ {t('reportSent')}
        </p>
      )}
      <button type="submit" className="btn btn-secondary btn-block">
        {t('reportSend')}
      </button>
    </form>
  );
}
