import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EditConflictNote } from '../../ui/EditConflictNote';
import { useVersionedForm } from '../../ui/useVersionedForm';
import { councilApi, type MeetingDetail } from './api';

const minutesOf = (m: MeetingDetail) => ({ minutes: m.minutes });

/**
 * The minutes of an open meeting, saved against the version they were read at (ADR 0002): two
 * secretaries writing at once cannot silently overwrite each other; the second is told, offered
 * the latest text, and keeps what they wrote in view. Other reloads of the page (attendance,
 * agenda) leave text being written alone.
 */
export function MinutesForm({ meeting, onSaved }: { meeting: MeetingDetail; onSaved(): void }) {
  const { t } = useTranslation('council');
  const form = useVersionedForm(meeting, minutesOf);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(false);
    const values = form.fields;
    try {
      const r = await councilApi.minutes(meeting.id, values.minutes, form.expectedVersion);
      form.saved(r.version, values);
      setSaved(true);
      onSaved();
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="form no-print" onSubmit={submit}>
      <div className="field">
        <label htmlFor="minutes-text">{t('meeting.minutes')}</label>
        <textarea
          name="minutes"
          id="minutes-text"
          rows={6}
          value={form.fields.minutes}
          onChange={(e) => form.setFields({ minutes: e.target.value })}
        />
      </div>
      <button type="submit" className="btn btn-secondary">
        {t('meeting.saveMinutes')}
      </button>
      {saved && (
        <p className="ok-note" role="status">
          {t('meeting.saved')}
        </p>
      )}
      <EditConflictNote
        error={error}
        draft={[{ label: t('meeting.minutes'), value: form.fields.minutes }]}
        onLoadLatest={() => {
          form.loadLatest();
          onSaved();
        }}
      />
    </form>
  );
}
