import { type ProjectDetail, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { EditConflictNote } from '../../ui/EditConflictNote';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useVersionedForm } from '../../ui/useVersionedForm';
import { todayChina } from '../volunteers/useApi';
import { ProjectView } from './ProjectView';
import './projects.css';
import { uploadImage } from '../../lib/upload';

/** Staff page of a project: the disclosure view plus the forms that change it (every amount audited). */
type Versioned = Pick<ProjectDetail, 'version' | 'status' | 'progress'>;
type StatusFields = { status: string; progress: string };
const statusFields = (r: Versioned): StatusFields => ({ status: r.status, progress: String(r.progress) });
/** Before the project loads: version 0, so the form takes the first version read. */
const NO_PROJECT: Versioned = { version: 0, status: 'planned', progress: 0 };

export default function ProjectPage() {
  const { t } = useTranslation('projects');
  const { id = '' } = useParams();
  const [p, setP] = useState<ProjectDetail>();
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const path = `/api/v1/projects/${encodeURIComponent(id)}`;

  const load = useCallback(() => api<ProjectDetail>(path).then(setP, setError), [path]);
  useEffect(() => {
    void load();
  }, [load]);
  // Status and progress are saved against the version they were read at (ADR 0002).
  const form = useVersionedForm<Versioned, StatusFields>(p ?? NO_PROJECT, statusFields);
  const { status, progress } = form.fields;

  async function run(fn: () => Promise<ProjectDetail>) {
    setError(undefined);
    setOk('');
    setFields({});
    try {
      setP(await fn());
      setOk(t('saved'));
      return true;
    } catch (err) {
      setError(err);
      if (err instanceof ApiError) setFields(err.fieldErrors());
      return false;
    }
  }

  const [itemId, setItemId] = useState('');
  const [amount, setAmount] = useState('');
  const [spentOn, setSpentOn] = useState(todayChina);
  const [note, setNote] = useState('');
  const [voucher, setVoucher] = useState<File | null>(null);
  const [mTitle, setMTitle] = useState('');
  const [mDue, setMDue] = useState('');
  const [photoKind, setPhotoKind] = useState<'before' | 'after'>('before');
  const [photo, setPhoto] = useState<File | null>(null);
  const [newItem, setNewItem] = useState('');
  const [newBudget, setNewBudget] = useState('');

  if (!p) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;

  const saveStatus = (e: FormEvent) => {
    e.preventDefault();
    const body: Record<string, unknown> = { expectedVersion: form.expectedVersion };
    if (status !== form.base.status) body.status = status;
    if (progress !== form.base.progress) body.progress = Number(progress);
    void run(async () => {
      const d = await api<ProjectDetail>(path, { method: 'PATCH', body });
      form.saved(d.version, statusFields(d));
      return d;
    });
  };
  const togglePublished = () =>
    void run(async () => {
      const d = await api<ProjectDetail>(path, {
        method: 'PATCH',
        body: { published: !p.published, expectedVersion: p.version },
      });
      form.rebase(d.version);
      return d;
    });
  const loadLatest = () => {
    form.loadLatest();
    void load();
  };
  const addSpending = (e: FormEvent) => {
    e.preventDefault();
    const fen = yuanToFen(amount);
    if (!fen) return setFields({ amountFen: t('amountInvalid') });
    void run(async () => {
      const voucherUploadId = voucher ? await uploadImage(p.nodeId, voucher) : null;
      return api(`${path}/spending`, {
        method: 'POST',
        body: { itemId: itemId || p.items[0]?.id, amountFen: fen, spentOn, note, voucherUploadId },
      });
    }).then((done) => {
      if (!done) return;
      setAmount('');
      setNote('');
      setVoucher(null);
    });
  };
  const addItem = (e: FormEvent) => {
    e.preventDefault();
    const fen = yuanToFen(newBudget);
    if (fen === null) return setFields({ budgetFen: t('amountInvalid') });
    void run(() => api(`${path}/items`, { method: 'POST', body: { name: newItem, budgetFen: fen } })).then(
      (d) => d && setNewItem(''),
    );
  };
  const addMilestone = (e: FormEvent) => {
    e.preventDefault();
    void run(() => api(`${path}/milestones`, { method: 'POST', body: { title: mTitle, dueOn: mDue } })).then(
      (d) => d && setMTitle(''),
    );
  };
  const addPhoto = (e: FormEvent) => {
    e.preventDefault();
    if (!photo) return;
    void run(async () =>
      api(`${path}/photos`, {
        method: 'POST',
        body: { kind: photoKind, uploadId: await uploadImage(p.nodeId, photo), caption: '' },
      }),
    );
  };

  return (
    <Page
      title={p.title}
      actions={
        p.published ? (
          <Link className="btn btn-secondary" to={`/public/projects/${p.id}`}>
            {t('publicPage')}
          </Link>
        ) : undefined
      }
    >
      <p className="muted">{p.nodeName}</p>
      {ok && (
        <p className="ok-note" role="status">
          ✓ {ok}
        </p>
      )}
      <EditConflictNote
        error={error}
        draft={[
          { label: t('status'), value: t(`statuses.${status}`) },
          { label: t('progress'), value: progress },
        ]}
        onLoadLatest={loadLatest}
      />
      <form className="form card" onSubmit={saveStatus}>
        <div className="field">
          <label htmlFor="pj-status">{t('status')}</label>
          <select id="pj-status" value={status} onChange={(e) => form.setFields({ ...form.fields, status: e.target.value })}>
            {(['planned', 'in_progress', 'completed'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('progress')}
          type="number"
          min={0}
          max={100}
          value={progress}
          onChange={(e) => form.setFields({ ...form.fields, progress: e.target.value })}
          error={fields.progress}
        />
        <button className="btn" type="submit">
          {t('save')}
        </button>
        <button className="btn btn-secondary" type="button" onClick={togglePublished}>
          {p.published ? t('unpublish') : t('publish')}
        </button>
      </form>
      <ProjectView
        p={p}
        extra={{
          items: (
            <form className="form card" onSubmit={addItem}>
              <Field
                label={`${t('addItem')} · ${t('itemName')}`}
                value={newItem}
                onChange={(e) => setNewItem(e.target.value)}
                required
                maxLength={60}
                error={fields.name}
              />
              <Field
                label={`${t('budget')} · ${t('amountYuan')}`}
                value={newBudget}
                onChange={(e) => setNewBudget(e.target.value)}
                inputMode="decimal"
                required
                error={fields.budgetFen}
              />
              <button className="btn btn-secondary" type="submit">
                {t('addItem')}
              </button>
            </form>
          ),
          milestones: (
            <>
              <ul className="list">
                {p.milestones.map((m) => (
                  <li key={m.id}>
                    <button
                      type="button"
                      className="list-button"
                      onClick={() =>
                        void run(() =>
                          api(`${path}/milestones/${m.id}`, {
                            method: 'PATCH',
                            body: { doneOn: m.doneOn ? null : todayChina() },
                          }),
                        )
                      }
                    >
                      {m.doneOn ? t('markUndone') : t('markDone')}：{m.title}
                    </button>
                  </li>
                ))}
              </ul>
              <form className="form card" onSubmit={addMilestone}>
                <Field
                  label={t('addMilestone')}
                  value={mTitle}
                  onChange={(e) => setMTitle(e.target.value)}
                  required
                  maxLength={100}
                />
                <Field
                  label={t('due')}
                  type="date"
                  value={mDue}
                  onChange={(e) => setMDue(e.target.value)}
                  required
                  error={fields.dueOn}
                />
                <button className="btn btn-secondary" type="submit">
                  {t('addMilestone')}
                </button>
              </form>
            </>
          ),
          spending: (
            <form className="form card" onSubmit={addSpending}>
              <h3>{t('addSpending')}</h3>
              <div className="field">
                <label htmlFor="pj-item">{t('item')}</label>
                <select id="pj-item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
                  {p.items.map((i) => (
                    <option key={i.id} value={i.id}>
                      {i.name}
                    </option>
                  ))}
                </select>
              </div>
              <Field
                label={t('amountYuan')}
                value={amount}
                onChange={(e) => setAmount(e.target.value)}
                inputMode="decimal"
                required
                error={fields.amountFen}
              />
              <Field
                label={t('date')}
                type="date"
                value={spentOn}
                onChange={(e) => setSpentOn(e.target.value)}
                required
                error={fields.spentOn}
              />
              <Field label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
              <Field
                label={t('voucher')}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                onChange={(e) => setVoucher(e.target.files?.[0] ?? null)}
                error={fields.voucherUploadId}
              />
              <button className="btn" type="submit">
                {t('addSpending')}
              </button>
            </form>
          ),
          photos: (
            <form className="form card" onSubmit={addPhoto}>
              <div className="field">
                <label htmlFor="pj-kind">{t('photos')}</label>
                <select id="pj-kind" value={photoKind} onChange={(e) => setPhotoKind(e.target.value as 'before' | 'after')}>
                  <option value="before">{t('before')}</option>
                  <option value="after">{t('after')}</option>
                </select>
              </div>
              <Field
                label={t('addPhoto')}
                type="file"
                accept="image/jpeg,image/png,image/webp"
                onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
              />
              <button className="btn btn-secondary" type="submit">
                {t('addPhoto')}
              </button>
            </form>
          ),
        }}
      />
    </Page>
  );
}
