import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { useSession } from '../../lib/session';
import { uploadImage } from '../../lib/upload';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, OkNote, Page } from '../../ui/Page';
import { useFetch } from '../registry/useFetch';
import './boards.css';
import './pledges.i18n';

interface Pledge {
  personId: string;
  name: string;
  nodeId: string;
  lines: string[];
  own: boolean;
  photoId: string | null;
  consent: boolean;
}

const MAX_LINES = 4;

/**
 * A party member's own pledge: the member writes it (/boards/pledge) or staff write it for them
 * (/boards/pledges/:personId, recorded as acting for them).
 */
export default function PledgePage() {
  const { t } = useTranslation('pledges');
  const { me } = useSession();
  const { personId: param } = useParams();
  const personId = param ?? me?.personId ?? '';
  const forOther = !!param && param !== me?.personId;
  const { data, error, reload } = useFetch<Pledge>(`/api/v1/boards/pledges/${encodeURIComponent(personId)}`);
  const [lines, setLines] = useState<string[]>(['', '', '', '']);
  const [photoId, setPhotoId] = useState<string | null>(null);
  const [photoUrl, setPhotoUrl] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [saveError, setSaveError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (!data) return;
    setLines([...data.lines, '', '', '', ''].slice(0, MAX_LINES));
    setPhotoId(data.photoId);
    setPhotoUrl(data.photoId ? `/api/v1/boards/pledges/${encodeURIComponent(data.personId)}/photo?v=${data.photoId}` : null);
  }, [data]);

  const title = forOther && data ? t('editFor', { name: data.name }) : t('mine');
  if (error) {
    const notMember = error instanceof ApiError && error.code === 'VALIDATION_FAILED';
    return <Page title={title}>{notMember ? <p className="field-hint">{t('notMember')}</p> : <ErrorNote error={error} />}</Page>;
  }
  if (!data) return <Loading />;
  const pledge = data;

  async function onFile(files: FileList | null) {
    const f = files?.[0];
    if (!f) return;
    setUploading(true);
    setSaveError(undefined);
    try {
      const id = await uploadImage(pledge.nodeId, f);
      setPhotoId(id);
      setPhotoUrl(`/api/v1/uploads/${id}`);
    } catch (err) {
      setSaveError(err);
    } finally {
      setUploading(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaveError(undefined);
    setSaved(false);
    setFields({});
    // Empty boxes are left out; the lines keep their order.
    const kept = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
    try {
      await api(`/api/v1/boards/pledges/${encodeURIComponent(pledge.personId)}`, {
        method: 'PUT',
        body: { lines: kept.map(([l]) => l), photoId },
      });
      setSaved(true);
      reload();
    } catch (err) {
      setSaveError(err);
      if (err instanceof ApiError) {
        // The server names lines by their place among the kept ones: map back to the boxes.
        const out: Record<string, string> = {};
        for (const [path, msg] of Object.entries(err.fieldErrors())) {
          const m = /^lines\.(\d+)$/.exec(path);
          const box = m ? kept[Number(m[1])]?.[1] : undefined;
          out[box === undefined ? path : `lines.${box}`] = msg;
        }
        setFields(out);
      }
    }
  }

  return (
    <Page title={title}>
      {forOther && <p className="field-hint">{t('actingNote')}</p>}
      <p>{t('intro')}</p>
      {!pledge.own && <p className="field-hint">{t('standard')}</p>}
      <p className={pledge.consent ? 'consent-on' : 'consent-off'}>
        {pledge.consent ? `✓ ${t('consentOn')}` : `✗ ${t('consentOff')}`}
      </p>
      <form className="form card" onSubmit={submit}>
        {lines.map((l, i) => (
          <Field
            // biome-ignore lint/suspicious/noArrayIndexKey: the four boxes are fixed places
            key={i}
            name={`lines.${i}`}
            label={t('line', { n: i + 1 })}
            hint={i === 0 ? t('lineHint') : undefined}
            value={l}
            maxLength={40}
            error={fields[`lines.${i}`] ?? (i === 0 ? fields.lines : undefined)}
            onChange={(e) => setLines(lines.map((x, j) => (j === i ? e.target.value : x)))}
          />
        ))}
        <div className="field">
          <label htmlFor="pledge-photo">{t('photo')}</label>
          <input
            name="photoId"
            id="pledge-photo"
            type="file"
            accept="image/jpeg,image/png,image/webp"
            disabled={uploading}
            onChange={(e) => void onFile(e.target.files)}
          />
          <p className="field-hint">{t('photoNote')}</p>
          {fields.photoId && <p className="field-error">⚠ {fields.photoId}</p>}
          {uploading && <p role="status">{t('uploading')}</p>}
          {photoUrl && <img className="pledge-photo" src={photoUrl} alt={t('photoAlt', { name: pledge.name })} />}
        </div>
        <ErrorNote error={saveError} />
        <OkNote show={saved}>{t('saved')}</OkNote>
        <button className="btn" type="submit" disabled={uploading}>
          {t('save')}
        </button>
      </form>
    </Page>
  );
}
