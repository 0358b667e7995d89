import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { type DraftField, EditConflictNote } from '../../ui/EditConflictNote';
import { Field } from '../../ui/Field';
import { ErrorNote } from '../../ui/Page';
import { useVersionedForm } from '../../ui/useVersionedForm';
import type { UnitView } from './types';

/** Staff edit a unit: area and its source, developer-held, owners (one representative), residents. */
export function UnitEditor({ unit, onSaved }: { unit: UnitView; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  return (
    <details className="unit-edit">
      <summary>{t('unitEdit.title', { label: unit.label })}</summary>
      <UnitFields unit={unit} onSaved={onSaved} />
      {unit.residents.length > 0 && <Owners unit={unit} onSaved={onSaved} />}
      <AddResident unitId={unit.id} onSaved={onSaved} />
    </details>
  );
}

function useSubmit(onSaved: () => void) {
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState(false);
  async function run(fn: () => Promise<unknown>, messages: Record<string, string> = {}) {
    setFields({});
    setError(undefined);
    setOk(false);
    try {
      await fn();
      setOk(true);
      onSaved();
      return true;
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors()).length) {
        setFields(Object.fromEntries(Object.entries(err.fieldErrors()).map(([k, m]) => [k, messages[k] ?? (m || err.message)])));
      } else setError(err);
      return false;
    }
  }
  return { fields, error, ok, run };
}

const unitFields = (u: UnitView) => ({ area: u.area, source: u.areaSource, held: u.developerHeld });

/** Area, its source and developer-held, saved against the unit's version (ADR 0002). */
function UnitFields({ unit, onSaved }: { unit: UnitView; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  const form = useVersionedForm(unit, unitFields);
  const { area, source, held } = form.fields;
  const set = (patch: Partial<typeof form.fields>) => form.setFields({ ...form.fields, ...patch });
  const s = useSubmit(onSaved);
  function submit(e: FormEvent) {
    e.preventDefault();
    const values = form.fields;
    void s.run(
      async () => {
        const r = await api<{ version: number }>(`/api/v1/registry/units/${unit.id}`, {
          method: 'PATCH',
          body: { area, areaSource: source, developerHeld: held, expectedVersion: form.expectedVersion },
        });
        form.saved(r.version, values);
      },
      { area: t('errors.area') },
    );
  }
  const draft: DraftField[] = [
    { label: t('building.areaField'), value: area },
    { label: t('building.areaSource'), value: t(`building.source.${source}`) },
    { label: t('building.developerField'), value: held ? '✓' : '✗' },
  ];
  return (
    <form className="form" onSubmit={submit}>
      <Field
        name="area"
        label={t('building.areaField')}
        value={area}
        inputMode="decimal"
        onChange={(e) => set({ area: e.target.value })}
        required
        error={s.fields.area}
      />
      <div className="field">
        <label htmlFor={`src-${unit.id}`}>{t('building.areaSource')}</label>
        <select
          name="areaSource"
          id={`src-${unit.id}`}
          className="select"
          value={source}
          onChange={(e) => set({ source: e.target.value as UnitView['areaSource'] })}
        >
          {(['registered', 'surveyed', 'contract'] as const).map((x) => (
            <option key={x} value={x}>
              {t(`building.source.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input name="developerHeld" type="checkbox" checked={held} onChange={(e) => set({ held: e.target.checked })} />
        {t('building.developerField')}
      </label>
      <button className="btn btn-secondary" type="submit">
        {t('save')}
      </button>
      {s.ok && (
        <p className="ok-note" role="status">
          {t('saved')}
        </p>
      )}
      <EditConflictNote
        error={s.error}
        draft={draft}
        onLoadLatest={() => {
          form.loadLatest();
          onSaved();
        }}
      />
    </form>
  );
}

function Owners({ unit, onSaved }: { unit: UnitView; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  const [owners, setOwners] = useState(() => new Set(unit.owners.map((o) => o.personId)));
  const [rep, setRep] = useState(() => unit.owners.find((o) => o.representative)?.personId ?? '');
  const s = useSubmit(onSaved);
  function submit(e: FormEvent) {
    e.preventDefault();
    const list = unit.residents.filter((r) => owners.has(r.id)).map((r) => ({ personId: r.id, representative: r.id === rep }));
    // Owners living elsewhere (a buyer of several flats) stay as they are.
    const away = unit.owners
      .filter((o) => !unit.residents.some((r) => r.id === o.personId))
      .map((o) => ({ personId: o.personId, representative: o.personId === rep }));
    void s.run(() => api(`/api/v1/registry/units/${unit.id}/owners`, { method: 'PUT', body: { owners: [...list, ...away] } }));
  }
  return (
    <form className="form" onSubmit={submit}>
      <fieldset>
        <legend>{t('unitEdit.owners')}</legend>
        {unit.residents.map((r) => (
          <div key={r.id} className="owner-row">
            <label className="check">
              <input
                name="owners"
                type="checkbox"
                checked={owners.has(r.id)}
                onChange={(e) => {
                  const next = new Set(owners);
                  if (e.target.checked) next.add(r.id);
                  else next.delete(r.id);
                  setOwners(next);
                }}
              />
              {r.name}
            </label>
            <label className="check">
              <input
                type="radio"
                name={`rep-${unit.id}`}
                checked={rep === r.id}
                disabled={!owners.has(r.id)}
                onChange={() => setRep(r.id)}
              />
              {t('unitEdit.representative')}
            </label>
          </div>
        ))}
      </fieldset>
      {s.fields.owners !== undefined && <p className="field-error">{t('unitEdit.oneRepresentative')}</p>}
      <button className="btn btn-secondary" type="submit">
        {t('save')}
      </button>
      {s.ok && (
        <p className="ok-note" role="status">
          {t('saved')}
        </p>
      )}
      <ErrorNote error={s.error} />
    </form>
  );
}

function AddResident({ unitId, onSaved }: { unitId: string; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  const [form, setForm] = useState({ name: '', phone: '', birthYear: '', tags: '' });
  const s = useSubmit(onSaved);
  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = {
      unitId,
      name: form.name.trim(),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      birthYear: form.birthYear ? Number(form.birthYear) : null,
      tags: form.tags.split(/[、,，;；\s]+/).filter(Boolean),
    };
    if (await s.run(() => api('/api/v1/registry/people', { method: 'POST', body }), { phone: t('errors.phone') }))
      setForm({ name: '', phone: '', birthYear: '', tags: '' });
  }
  return (
    <form className="form" onSubmit={submit}>
      <h3>{t('unitEdit.addResident')}</h3>
      <Field
        name="name"
        label={t('person.nameField')}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
        required
        maxLength={40}
        error={s.fields.name}
      />
      <Field
        name="phone"
        label={t('person.phone')}
        value={form.phone}
        inputMode="tel"
        onChange={(e) => setForm({ ...form, phone: e.target.value })}
        error={s.fields.phone}
      />
      <Field
        name="birthYear"
        label={t('person.birthYear')}
        value={form.birthYear}
        inputMode="numeric"
        onChange={(e) => setForm({ ...form, birthYear: e.target.value })}
        error={s.fields.birthYear}
      />
      <Field
        name="tags"
        label={t('person.tags')}
        value={form.tags}
        hint={t('person.tagsHint')}
        onChange={(e) => setForm({ ...form, tags: e.target.value })}
        error={s.fields.tags}
      />
      <button className="btn" type="submit">
        {t('add')}
      </button>
      {s.ok && (
        <p className="ok-note" role="status">
          {t('saved')}
        </p>
      )}
      <ErrorNote error={s.error} />
    </form>
  );
}
