import { type BudgetDetail, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { uploadImage } from '../../lib/upload';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { PlanPicker, type PlanPoint } from '../council/PlanPicker';
// The site-plan picker's styles live with the council pages that first used it.
import '../council/council.css';

const MAX_PHOTOS = 6;

/** A resident's proposal: a title, a cost within the pot, a sentence, a place on the plan, photos. */
export function ProposalForm({ budget, onDone }: { budget: BudgetDetail; onDone: () => void }) {
  const { t } = useTranslation('budgets');
  const [title, setTitle] = useState('');
  const [cost, setCost] = useState('');
  const [description, setDescription] = useState('');
  const [point, setPoint] = useState<PlanPoint | null>(null);
  const [photos, setPhotos] = useState<string[]>([]);
  const [uploading, setUploading] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [done, setDone] = useState(false);

  async function onFiles(files: FileList | null) {
    if (!files?.length) return;
    setUploading(true);
    try {
      for (const f of [...files].slice(0, MAX_PHOTOS - photos.length)) {
        const id = await uploadImage(budget.nodeId, f);
        setPhotos((p) => [...p, id]);
      }
    } catch (err) {
      setError(err);
    } finally {
      setUploading(false);
    }
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(undefined);
    const costFen = yuanToFen(cost);
    if (costFen === null) return setFields({ costFen: t('amountInvalid') });
    try {
      await api(`/api/v1/budgets/${budget.id}/proposals`, {
        method: 'POST',
        body: { title, description, costFen, ...(point ? { plan: point } : {}), photoIds: photos },
      });
      setTitle('');
      setCost('');
      setDescription('');
      setPoint(null);
      setPhotos([]);
      setFields({});
      setDone(true);
      onDone();
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
    }
  }

  return (
    <form className="form card" onSubmit={submit}>
      <h2>{t('propose')}</h2>
      {done && <p role="status">{t('submitted')}</p>}
      <Field
        name="title"
        label={t('proposalTitle')}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        maxLength={80}
        required
        error={fields.title}
      />
      <Field
        name="costFen"
        label={t('costYuan')}
        value={cost}
        onChange={(e) => setCost(e.target.value)}
        inputMode="decimal"
        required
        error={fields.costFen}
      />
      <div className="field">
        <label htmlFor="bg-desc">{t('description')}</label>
        <textarea
          name="description"
          id="bg-desc"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={2000}
          rows={3}
        />
      </div>
      <PlanPicker compoundId={budget.nodeId} value={point} onChange={setPoint} />
      <div className="field">
        <label htmlFor="bg-photo">{t('photo')}</label>
        <input
          name="photoIds"
          id="bg-photo"
          type="file"
          accept="image/jpeg,image/png,image/webp,image/heic,image/heif"
          multiple
          disabled={uploading || photos.length >= MAX_PHOTOS}
          onChange={(e) => void onFiles(e.target.files)}
        />
        {uploading && <p role="status">{t('uploading')}</p>}
        <div className="bg-photos">
          {photos.map((id, i) => (
            <img key={id} src={`/api/v1/uploads/${id}`} alt={`${t('photo')} ${i + 1}`} />
          ))}
        </div>
      </div>
      <ErrorNote error={error} />
      <button className="btn" type="submit" disabled={uploading}>
        {t('submitProposal')}
      </button>
    </form>
  );
}
