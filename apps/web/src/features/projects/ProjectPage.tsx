import { PROJECT_ATTACHMENT_KINDS, type ProjectDetail, yuanToFen } from '@lianxin/shared';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { EditConflictNote } from '../../ui/EditConflictNote';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useVersionedForm } from '../../ui/useVersionedForm';
import { HelpLink } from '../help/HelpLink';
import { todayChina } from '../volunteers/useApi';
import { AttachmentConsent } from './AttachmentConsent';
import { CorrectionForm } from './CorrectionForm';
import { ProjectFields, type ProjectFieldsState, projectBody, projectFields } from './ProjectFields';
import { ProjectView } from './ProjectView';
import './projects.css';
import { DOCUMENT_ACCEPT, IMAGE_ACCEPT, uploadDocument } from './uploadDocument';

type Kind = (typeof PROJECT_ATTACHMENT_KINDS)[number];

/** Before the project loads: version 0, so the form takes the first version read. */
const NO_PROJECT = {
  version: 0,
  title: '',
  summary: '',
  contractor: '',
  status: 'planned',
  progress: 0,
  startedOn: null,
  finishedOn: null,
  funding: [],
} as unknown as ProjectDetail;

/** Staff page of a project: the disclosure view plus the forms that change it (every amount audited). */
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
  // The project's fields are saved against the version they were read at (ADR 0002).
  const form = useVersionedForm<ProjectDetail, ProjectFieldsState>(p ?? NO_PROJECT, projectFields);

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
  const [photoKind, setPhotoKind] = useState<Kind>('before');
  const [photo, setPhoto] = useState<File | null>(null);
  const [photoConsent, setPhotoConsent] = useState(false);
  const [photoError, setPhotoError] = useState<unknown>();
  const [newItem, setNewItem] = useState('');
  const [newBudget, setNewBudget] = useState('');

  const docKind = photoKind === 'contract' || photoKind === 'invoice';
  if (!p) return <Page title={t('title')}>{error ? <ErrorNote error={error} /> : <Loading />}</Page>;

  const saveFields = (e: FormEvent) => {
    e.preventDefault();
    const next = projectBody(form.fields, t('amountInvalid'));
    if (Object.keys(next.errors).length) return setFields(next.errors);
    const before = projectBody(form.base, '').body;
    // Only what changed is sent: an edit of one field does not rewrite the others.
    const body: Record<string, unknown> = { expectedVersion: form.expectedVersion };
    for (const [k, v] of Object.entries(next.body)) if (JSON.stringify(v) !== JSON.stringify(before[k])) body[k] = v;
    void run(async () => {
      const d = await api<ProjectDetail>(path, { method: 'PATCH', body });
      form.saved(d.version, projectFields(d));
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
      const voucherUploadId = voucher ? await uploadDocument(p.nodeId, voucher) : null;
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
  // An attachment's refusal (not a PDF or a picture, too large, a PDF with scripts) is shown at its form.
  const addPhoto = (e: FormEvent) => {
    e.preventDefault();
    if (!photo) return;
    setPhotoError(undefined);
    setOk('');
    void (async () => {
      try {
        const uploadId = await uploadDocument(p.nodeId, photo);
        setP(
          await api<ProjectDetail>(`${path}/photos`, {
            method: 'POST',
            body: { kind: photoKind, uploadId, caption: '', publicConsent: photoConsent },
          }),
        );
        setOk(t('saved'));
      } catch (err) {
        setPhotoError(err);
      }
    })();
  };

  return (
    <Page
      title={p.title}
      actions={
        <>
          {p.published && (
            <Link className="btn btn-secondary" to={`/public/projects/${p.id}`}>
              {t('publicPage')}
            </Link>
          )}
          <HelpLink topic="projects" />
        </>
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
          { label: t('projectTitle'), value: form.fields.title },
          { label: t('contractor'), value: form.fields.contractor },
          { label: t('status'), value: t(`statuses.${form.fields.status}`) },
          { label: t('progress'), value: form.fields.progress },
        ]}
        onLoadLatest={loadLatest}
      />
      <form className="form card" onSubmit={saveFields} noValidate>
        <h2>{t('edit')}</h2>
        <ProjectFields value={form.fields} onChange={form.setFields} errors={fields} />
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
                name="name"
                label={`${t('addItem')} · ${t('itemName')}`}
                value={newItem}
                onChange={(e) => setNewItem(e.target.value)}
                required
                maxLength={60}
                error={fields.name}
              />
              <Field
                name="budgetFen"
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
                  name="title"
                  label={t('addMilestone')}
                  value={mTitle}
                  onChange={(e) => setMTitle(e.target.value)}
                  required
                  maxLength={100}
                />
                <Field
                  name="dueOn"
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
            <>
              <form className="form card" onSubmit={addSpending}>
                <h3>{t('addSpending')}</h3>
                <div className="field">
                  <label htmlFor="pj-item">{t('item')}</label>
                  <select name="itemId" id="pj-item" value={itemId} onChange={(e) => setItemId(e.target.value)}>
                    {p.items.map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.name}
                      </option>
                    ))}
                  </select>
                </div>
                <Field
                  name="amountFen"
                  label={t('amountYuan')}
                  value={amount}
                  onChange={(e) => setAmount(e.target.value)}
                  inputMode="decimal"
                  required
                  error={fields.amountFen}
                />
                <Field
                  name="spentOn"
                  label={t('date')}
                  type="date"
                  value={spentOn}
                  onChange={(e) => setSpentOn(e.target.value)}
                  required
                  error={fields.spentOn}
                />
                <Field name="note" label={t('note')} value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} />
                <Field
                  name="voucherUploadId"
                  label={t('voucherFile')}
                  type="file"
                  accept={DOCUMENT_ACCEPT}
                  onChange={(e) => setVoucher(e.target.files?.[0] ?? null)}
                  error={fields.voucherUploadId}
                />
                <button className="btn" type="submit">
                  {t('addSpending')}
                </button>
              </form>
              <CorrectionForm p={p} run={run} errors={fields} />
            </>
          ),
          photos: (
            <>
              <AttachmentConsent p={p} run={run} />
              <form className="form card" onSubmit={addPhoto}>
                <div className="field">
                  <label htmlFor="pj-kind">{t('attachmentKind')}</label>
                  <select name="kind" id="pj-kind" value={photoKind} onChange={(e) => setPhotoKind(e.target.value as Kind)}>
                    {PROJECT_ATTACHMENT_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(k)}
                      </option>
                    ))}
                  </select>
                </div>
                <Field
                  name="uploadId"
                  label={docKind ? t('addFile') : t('addPhoto')}
                  type="file"
                  accept={docKind ? DOCUMENT_ACCEPT : IMAGE_ACCEPT}
                  onChange={(e) => setPhoto(e.target.files?.[0] ?? null)}
                  error={photoError instanceof ApiError ? photoError.fieldErrors().uploadId : undefined}
                />
                <p className="muted">{t('fileHint')}</p>
                <label className="check">
                  <input
                    name="publicConsent"
                    type="checkbox"
                    checked={photoConsent}
                    onChange={(e) => setPhotoConsent(e.target.checked)}
                  />
                  {t('consentRecorded')}
                </label>
                <button className="btn btn-secondary" type="submit">
                  {docKind ? t('uploadFile') : t('addPhoto')}
                </button>
                <ErrorNote error={photoError} />
              </form>
            </>
          ),
        }}
      />
    </Page>
  );
}
