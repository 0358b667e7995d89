import { COUNCIL_CATEGORIES } from '@lianxin/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Page } from '../../ui/Page';
import { councilApi } from './api';
import { useCategoryName, useCompound } from './common';
import { ConsentCheck } from './PhotoConsent';
import { PlanPicker, type PlanPoint } from './PlanPicker';
import './council.css';
import { uploadImage } from '../../lib/upload';

const MAX_PHOTOS = 3;

/** Raise an issue on a phone in under a minute: a title, a category tap, a sentence, a photo. */
export default function RaiseIssuePage() {
  const { t } = useTranslation('council');
  const catName = useCategoryName();
  const { compoundId } = useCompound();
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<string | null>(null);
  const [description, setDescription] = useState('');
  const [buildingId, setBuildingId] = useState('');
  const [point, setPoint] = useState<PlanPoint | null>(null);
  const [buildings, setBuildings] = useState<Array<{ id: string; name: string }>>([]);
  const [photos, setPhotos] = useState<Array<{ id: string; url: string }>>([]);
  /** Consent to show the photos on public pages: off unless the raiser ticks it. */
  const [photoConsent, setPhotoConsent] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<string | null>(null);

  useEffect(() => {
    if (!compoundId) return;
    councilApi
      .buildings(compoundId)
      .then((r) => setBuildings(r.buildings))
      .catch(() => setBuildings([]));
  }, [compoundId]);

  const onFiles = async (files: FileList | null) => {
    if (!files?.length || !compoundId) return;
    setUploading(true);
    setError(null);
    try {
      for (const f of [...files].slice(0, MAX_PHOTOS - photos.length)) {
        const id = await uploadImage(compoundId, f);
        setPhotos((p) => [...p, { id, url: `/api/v1/uploads/${id}` }]);
      }
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const fieldErr = error instanceof ApiError ? error.fieldErrors() : {};

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!category) return;
    setBusy(true);
    setError(null);
    try {
      const r = await councilApi.raise({
        compoundId,
        title,
        description,
        category,
        ...(buildingId ? { buildingId } : {}),
        ...(point ? { plan: point } : {}),
        photoIds: photos.map((p) => p.id),
        photoConsent: photos.length > 0 && photoConsent,
      });
      setCreated(r.id);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  if (created) {
    return (
      <Page title={t('raiseForm.title')}>
        <p className="ok-note big" role="status">
          {t('raiseForm.sent')}
        </p>
        <Link className="btn btn-block" to={`/council/issues/${created}`}>
          {t('raiseForm.view')}
        </Link>
      </Page>
    );
  }
  return (
    <Page title={t('raiseForm.title')}>
      <form className="form" onSubmit={submit}>
        <Field
          label={t('raiseForm.what')}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          required
          maxLength={80}
          name="title"
          error={fieldErr.title}
        />
        <fieldset className="field">
          <legend>
            <strong>{t('raiseForm.category')}</strong>
          </legend>
          <div className="council-cats">
            {COUNCIL_CATEGORIES.map((c) => (
              <button key={c} type="button" aria-pressed={category === c} onClick={() => setCategory(c)}>
                {catName(c)}
              </button>
            ))}
          </div>
        </fieldset>
        <div className="field">
          <label htmlFor="raise-desc">{t('raiseForm.description')}</label>
          <textarea
            id="raise-desc"
            name="description"
            rows={4}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            required
            maxLength={2000}
          />
        </div>
        {buildings.length > 0 && (
          <div className="field">
            <label htmlFor="raise-building">{t('raiseForm.where')}</label>
            <select name="buildingId" id="raise-building" value={buildingId} onChange={(e) => setBuildingId(e.target.value)}>
              <option value="">{t('raiseForm.noBuilding')}</option>
              {buildings.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <PlanPicker compoundId={compoundId} value={point} onChange={setPoint} />
        <div className="field">
          <label htmlFor="raise-photo">{t('raiseForm.photo')}</label>
          <input
            name="photoIds"
            id="raise-photo"
            type="file"
            accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
            capture="environment"
            multiple
            disabled={uploading || photos.length >= MAX_PHOTOS}
            onChange={(e) => void onFiles(e.target.files)}
            aria-describedby="raise-photo-hint"
          />
          <p id="raise-photo-hint" className="field-hint">
            {t('raiseForm.photoHint')}
          </p>
          {uploading && <p role="status">{t('raiseForm.uploading')}</p>}
          <div className="council-photos">
            {photos.map((p, i) => (
              <div key={p.id} className="council-photo">
                <img src={p.url} alt={`${t('raiseForm.photo')} ${i + 1}`} />
                <button
                  type="button"
                  className="btn btn-secondary"
                  onClick={() => setPhotos((ps) => ps.filter((x) => x.id !== p.id))}
                >
                  {t('raiseForm.removePhoto', { n: i + 1 })}
                </button>
              </div>
            ))}
          </div>
          {photos.length > 0 && <ConsentCheck checked={photoConsent} onChange={setPhotoConsent} />}
        </div>
        <ErrorNote error={error} />
        <button
          type="submit"
          className="btn btn-block"
          disabled={busy || uploading || !category || !title.trim() || !description.trim()}
        >
          {busy ? t('raiseForm.sending') : t('raiseForm.send')}
        </button>
      </form>
    </Page>
  );
}
