import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { EditConflictNote } from '../../ui/EditConflictNote';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useVersionedForm } from '../../ui/useVersionedForm';
import { PersonDataSection, PersonErased } from '../staff/PersonDataSection';
import { MergeSection } from './MergeSection';
import { ResetPasswordSection } from './ResetPasswordSection';
import type { PersonDetail } from './types';
import { useFetch } from './useFetch';
import './registry.css';

const THIS_YEAR = new Date().getFullYear();

/** A person's page: masked phone (full number on request, audited), home, ownership, memberships. */
export default function PersonPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('registry');
  const { data, error, reload } = useFetch<PersonDetail>(`/api/v1/registry/people/${id}`);
  const [fullPhone, setFullPhone] = useState<string | null>();
  const [phoneError, setPhoneError] = useState<unknown>();
  const navigate = useNavigate();
  // A merged record's old address opens the person it was merged into: show that person's own address.
  useEffect(() => {
    if (data && data.id !== id) navigate(`/registry/people/${data.id}`, { replace: true });
  }, [data, id, navigate]);
  const [erased, setErased] = useState(false);
  if (erased) return <PersonErased />;
  if (error)
    return (
      <Page title={t('title')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;

  async function reveal() {
    try {
      setFullPhone((await api<{ phone: string | null }>(`/api/v1/registry/people/${id}/phone`)).phone);
    } catch (err) {
      setPhoneError(err);
    }
  }

  return (
    <Page title={data.name}>
      <div className="card">
        <dl className="dl">
          <dt>{t('person.address')}</dt>
          <dd>
            {data.address?.buildingId ? (
              <Link
                to={`/registry/buildings/${data.address.buildingId}`}
              >{`${data.address.compoundName ?? ''} ${data.address.label}`}</Link>
            ) : (
              (data.address?.label ?? '—')
            )}
          </dd>
          <dt>{t('person.phone')}</dt>
          <dd>
            {fullPhone ?? data.phone ?? t('person.noPhone')}{' '}
            {data.hasPhone && fullPhone === undefined && (
              <button type="button" className="btn btn-secondary" onClick={reveal} aria-describedby="phone-note">
                {t('person.showPhone')}
              </button>
            )}
            <p id="phone-note" className="field-hint">
              {t('person.phoneShownNote')}
            </p>
            <ErrorNote error={phoneError} />
          </dd>
          <dt>{t('person.birthYear')}</dt>
          <dd>{data.birthYear ? `${data.birthYear}（${t('person.age', { n: THIS_YEAR - data.birthYear })}）` : '—'}</dd>
          <dt>{t('person.tags')}</dt>
          <dd>
            {data.tags.length
              ? data.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))
              : '—'}
          </dd>
          {data.owns.length > 0 && (
            <>
              <dt>{t('person.owns')}</dt>
              <dd>{data.owns.map((o) => `${o.label}（${o.area} ㎡）`).join('、')}</dd>
            </>
          )}
          {data.branch && (
            <>
              <dt>{t('person.branch')}</dt>
              <dd>
                {data.branch.name}
                {data.branch.secretary ? t('person.secretary') : ''}
              </dd>
            </>
          )}
          {data.committee && (
            <>
              <dt>{t('person.committee')}</dt>
              <dd>
                {data.committee.name}（{t(`person.positions.${data.committee.position}`)}）
              </dd>
            </>
          )}
        </dl>
      </div>
      {data.canEdit && <EditPerson person={data} onSaved={reload} />}
      {data.canEdit && <ResetPasswordSection personId={data.id} />}
      {data.canEdit && <MergeSection personId={data.id} nodeId={data.address?.compoundId ?? undefined} onMerged={reload} />}
      {data.canEdit && <PersonDataSection personId={data.id} name={data.name} onErased={() => setErased(true)} />}
    </Page>
  );
}

const personFields = (p: PersonDetail) => ({
  name: p.name,
  phone: '',
  birthYear: p.birthYear ? String(p.birthYear) : '',
  tags: p.tags.join('、'),
});

/** Edits a person against the version the form was read at (ADR 0002). */
function EditPerson({ person, onSaved }: { person: PersonDetail; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  const form = useVersionedForm(person, personFields);
  const { name, phone, birthYear, tags } = form.fields;
  const set = (patch: Partial<typeof form.fields>) => form.setFields({ ...form.fields, ...patch });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFields({});
    setError(undefined);
    setSaved(false);
    const body: Record<string, unknown> = {
      name: name.trim(),
      birthYear: birthYear ? Number(birthYear) : null,
      tags: tags.split(/[、,，;；\s]+/).filter(Boolean),
    };
    if (phone.trim()) body.phone = phone.trim();
    body.expectedVersion = form.expectedVersion;
    try {
      const r = await api<{ version: number }>(`/api/v1/registry/people/${person.id}`, { method: 'PATCH', body });
      form.saved(r.version, { ...form.fields, phone: '' });
      setSaved(true);
      onSaved();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors()).length) {
        const f = err.fieldErrors();
        setFields(Object.fromEntries(Object.keys(f).map((k) => [k, k === 'phone' ? t('errors.phone') : f[k] || err.message])));
      } else setError(err);
    }
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="edit-person">
      <h2 id="edit-person">{t('person.edit')}</h2>
      <Field
        name="name"
        label={t('person.nameField')}
        value={name}
        onChange={(e) => set({ name: e.target.value })}
        required
        maxLength={40}
        error={fields.name}
      />
      <Field
        name="phone"
        label={t('person.phone')}
        value={phone}
        inputMode="tel"
        placeholder={person.phone ?? ''}
        onChange={(e) => set({ phone: e.target.value })}
        error={fields.phone}
      />
      <Field
        name="birthYear"
        label={t('person.birthYear')}
        value={birthYear}
        inputMode="numeric"
        onChange={(e) => set({ birthYear: e.target.value })}
        error={fields.birthYear}
      />
      <Field
        name="tags"
        label={t('person.tags')}
        value={tags}
        hint={t('person.tagsHint')}
        onChange={(e) => set({ tags: e.target.value })}
        error={fields.tags}
      />
      <button className="btn" type="submit">
        {t('save')}
      </button>
      {saved && (
        <p className="ok-note" role="status">
          {t('saved')}
        </p>
      )}
      <EditConflictNote
        error={error}
        draft={[
          { label: t('person.nameField'), value: name },
          ...(phone ? [{ label: t('person.phone'), value: phone }] : []),
          { label: t('person.birthYear'), value: birthYear },
          { label: t('person.tags'), value: tags },
        ]}
        onLoadLatest={() => {
          form.loadLatest();
          onSaved();
        }}
      />
    </form>
  );
}
