import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { type DraftField, EditConflictNote, isEditConflict } from '../../ui/EditConflictNote';
import { useVersionedForm } from '../../ui/useVersionedForm';
import type { Zone } from './types';
import { ZoneFields, type ZoneFieldValues } from './ZoneFields';

/**
 * Staff editing the selected zone: reshape it on the plan (move its corners or draw it again),
 * rename, retype, change its claim places (never below the claims held), or archive it once
 * nobody holds it. Only changed fields are sent; the server audits each change.
 *
 * The form remembers the zone's version it was filled from and sends it as `expectedVersion`
 * (ADR 0002): a save over someone else's newer change is refused (409 EDIT_CONFLICT) and the
 * user chooses to load the latest, with their own entries kept in view. An untouched form
 * follows the zone as it changes.
 */
export function ZoneEditor(props: { zone: Zone; onChanged(): void; onReshape(mode: 'move' | 'draw'): void; onArchived(): void }) {
  const { t } = useTranslation('zones');
  const { zone } = props;
  const form = useVersionedForm(zone, formFields, `zone:${zone.id}`);
  const { fields, setFields, base } = form;
  const { name, type, maxClaims } = fields;
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState('');
  const [archiving, setArchiving] = useState(false);
  const minPlaces = Math.max(1, zone.activeClaims);

  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    setNote('');
    const body: Record<string, unknown> = {};
    if (name.trim() !== base.name) body.name = name.trim();
    if (type !== base.type) body.type = type;
    if (maxClaims !== base.maxClaims) body.maxClaims = maxClaims;
    if (Object.keys(body).length === 0) {
      setNote(t('noChange'));
      return;
    }
    try {
      const saved = await api<Zone>(`/api/v1/zones/${zone.id}`, {
        method: 'PATCH',
        body: { ...body, expectedVersion: form.expectedVersion },
      });
      form.saved(saved.version, formFields(saved));
      setNote(t('saved'));
      props.onChanged();
    } catch (err) {
      setError(err);
      // Refused because claims came in since the page loaded: show them. A conflict waits for
      // the user to ask for the latest version, so their entries are not replaced unasked.
      if (err instanceof ApiError && err.status < 500 && !isEditConflict(err)) props.onChanged();
    }
  }
  function loadLatest() {
    setNote('');
    form.loadLatest();
    props.onChanged();
  }
  const draft: DraftField[] = [];
  if (name.trim() !== base.name) draft.push({ label: t('drawName'), value: name.trim() });
  if (type !== base.type) draft.push({ label: t('drawType'), value: t(`types.${type}`) });
  if (maxClaims !== base.maxClaims) draft.push({ label: t('drawMax'), value: String(maxClaims) });
  async function archive() {
    setError(null);
    try {
      await api(`/api/v1/zones/${zone.id}`, { method: 'DELETE' });
      props.onArchived();
    } catch (err) {
      setError(err);
      setArchiving(false);
      // Claimed meanwhile (409): reload, so the button is disabled and the hint says why.
      if (err instanceof ApiError && err.status < 500) props.onChanged();
    }
  }

  // The places field speaks for itself when the server refuses it: "at least n".
  const placesError =
    error instanceof ApiError
      ? (error.details as { fields?: Array<{ path: string; reason: string; min?: number }> })?.fields?.find(
          (f) => f.path === 'maxClaims',
        )
      : undefined;
  return (
    <section className="card zone-editor" aria-labelledby="zone-edit-h" data-testid="zone-editor">
      <h3 id="zone-edit-h">{t('editTitle')}</h3>
      <p className="muted">{t('shapeIntro')}</p>
      <div className="row-actions">
        <button type="button" className="btn btn-secondary" onClick={() => props.onReshape('move')}>
          {t('reshapeMove')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => props.onReshape('draw')}>
          {t('reshapeRedraw')}
        </button>
      </div>
      <form className="form zones-form" onSubmit={save}>
        <ZoneFields
          value={fields}
          onChange={setFields}
          minPlaces={minPlaces}
          placesHint={zone.activeClaims > 0 ? t('placesHint', { n: zone.activeClaims }) : undefined}
          placesError={placesError ? t('belowClaims', { n: placesError.min ?? zone.activeClaims }) : undefined}
        />
        {!placesError && <EditConflictNote error={error} draft={draft} onLoadLatest={loadLatest} />}
        {note && (
          <p className="ok-note" role="status">
            ✓ {note}
          </p>
        )}
        <button type="submit" className="btn btn-block" data-testid="zone-save">
          {t('settingsSave')}
        </button>
      </form>
      <div className="actions">
        {archiving ? (
          <>
            <p>{t('archiveConfirm')}</p>
            <div className="row-actions">
              <button type="button" className="btn" onClick={archive}>
                {t('archiveYes')}
              </button>
              <button type="button" className="btn btn-secondary" onClick={() => setArchiving(false)}>
                {t('drawCancel')}
              </button>
            </div>
          </>
        ) : (
          <button
            type="button"
            className="btn btn-secondary btn-block"
            onClick={() => setArchiving(true)}
            disabled={zone.activeClaims > 0}
          >
            {t('archive')}
          </button>
        )}
        {zone.activeClaims > 0 && <p className="muted">{t('archiveHint')}</p>}
      </div>
    </section>
  );
}

function formFields(zone: Zone): ZoneFieldValues {
  return { name: zone.name, type: zone.type, maxClaims: zone.maxClaims };
}
