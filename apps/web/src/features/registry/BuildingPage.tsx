import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import type { BuildingDetail, UnitView } from './types';
import { UnitEditor } from './UnitEditor';
import { useFetch } from './useFetch';
import './registry.css';

/** A building's units, 单元 by 单元: areas, owners (co-owners, representative) and residents. */
export default function BuildingPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('registry');
  const { data, error, reload } = useFetch<BuildingDetail>(`/api/v1/registry/buildings/${id}`);
  if (error)
    return (
      <Page title={t('title')}>
        <ErrorNote error={error} />
      </Page>
    );
  if (!data) return <Loading />;
  const stairwells = [...new Set(data.units.map((u) => u.stairwell))];
  return (
    <Page title={`${data.compound?.name ?? ''} ${data.name}`}>
      <nav aria-label={t('title')}>
        <ol className="crumbs">
          <li>
            <Link to="/registry">{t('title')}</Link>
          </li>
          {data.compound && (
            <li>
              <Link to={`/registry/nodes/${data.compound.id}`}>{data.compound.name}</Link>
            </li>
          )}
        </ol>
      </nav>
      <p>
        <Link className="btn btn-secondary" to={`/boards/buildings/${data.id}`}>
          {t('building.board')}
        </Link>
      </p>
      {stairwells.map((s) => (
        <section key={s} className="card" aria-labelledby={`sw-${s}`}>
          <h2 id={`sw-${s}`}>{t('building.stairwell', { n: s })}</h2>
          {data.units
            .filter((u) => u.stairwell === s)
            .map((u) => (
              <Unit key={u.id} unit={u} canEdit={data.canEdit} onSaved={reload} />
            ))}
        </section>
      ))}
      {data.canEdit && <AddUnit buildingId={data.id} onAdded={reload} />}
    </Page>
  );
}

function Unit({ unit, canEdit, onSaved }: { unit: UnitView; canEdit: boolean; onSaved: () => void }) {
  const { t } = useTranslation('registry');
  return (
    <div className="unit">
      <div className="unit-head">
        <span className="unit-label">{unit.label}</span>
        <span>
          {t('building.area', { area: unit.area })} <span className="muted">· {t(`building.source.${unit.areaSource}`)}</span>
        </span>
      </div>
      {unit.developerHeld && <p className="badge-note">{t('building.developerHeld')}</p>}
      {unit.owners.length > 0 && (
        <p>
          {t('building.owners')}：
          {unit.owners.map((o, i) => (
            <span key={o.personId}>
              {i > 0 && '、'}
              <Link to={`/registry/people/${o.personId}`}>{o.name}</Link>
              {o.representative && unit.owners.length > 1 ? t('building.representative') : ''}
            </span>
          ))}
        </p>
      )}
      {unit.residents.length === 0 ? (
        <p className="muted">{t('building.empty')}</p>
      ) : (
        <ul className="list" aria-label={`${unit.label} ${t('building.residents')}`}>
          {unit.residents.map((r) => (
            <li key={r.id}>
              <Link className="list-button" to={`/registry/people/${r.id}`}>
                <strong>{r.name}</strong> {r.birthYear ? <span className="muted">{r.birthYear}</span> : null}{' '}
                {r.tags.map((tag) => (
                  <span key={tag} className="tag">
                    {tag}
                  </span>
                ))}
              </Link>
            </li>
          ))}
        </ul>
      )}
      {canEdit && <UnitEditor unit={unit} onSaved={onSaved} />}
    </div>
  );
}

function AddUnit({ buildingId, onAdded }: { buildingId: string; onAdded: () => void }) {
  const { t } = useTranslation('registry');
  const [form, setForm] = useState({ stairwell: '1', door: '', area: '', areaSource: 'registered', developerHeld: false });
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>();
  const [ok, setOk] = useState<string>();

  async function submit(e: FormEvent) {
    e.preventDefault();
    setFields({});
    setError(undefined);
    setOk(undefined);
    try {
      const res = await api<{ label: string }>('/api/v1/registry/units', { method: 'POST', body: { buildingId, ...form } });
      setOk(t('building.unitAdded', { label: res.label }));
      setForm({ ...form, door: '', area: '' });
      onAdded();
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fieldErrors()).length) {
        const f = err.fieldErrors();
        setFields({
          ...(f.door !== undefined ? { door: err.code === 'DUPLICATE' ? t('errors.duplicate') : f.door || err.message } : {}),
          ...(f.area !== undefined ? { area: t('errors.area') } : {}),
          ...(f.stairwell !== undefined ? { stairwell: f.stairwell || err.message } : {}),
        });
      } else setError(err);
    }
  }
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="add-unit">
      <h2 id="add-unit">{t('building.addUnit')}</h2>
      <Field
        name="stairwell"
        label={t('building.stairwellField')}
        value={form.stairwell}
        onChange={(e) => setForm({ ...form, stairwell: e.target.value })}
        required
        error={fields.stairwell}
      />
      <Field
        name="door"
        label={t('building.door')}
        value={form.door}
        onChange={(e) => setForm({ ...form, door: e.target.value })}
        required
        error={fields.door}
      />
      <Field
        name="area"
        label={t('building.areaField')}
        value={form.area}
        inputMode="decimal"
        onChange={(e) => setForm({ ...form, area: e.target.value })}
        required
        error={fields.area}
      />
      <div className="field">
        <label htmlFor="area-source">{t('building.areaSource')}</label>
        <select
          name="areaSource"
          id="area-source"
          className="select"
          value={form.areaSource}
          onChange={(e) => setForm({ ...form, areaSource: e.target.value })}
        >
          {(['registered', 'surveyed', 'contract'] as const).map((s) => (
            <option key={s} value={s}>
              {t(`building.source.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <label className="check">
        <input
          name="developerHeld"
          type="checkbox"
          checked={form.developerHeld}
          onChange={(e) => setForm({ ...form, developerHeld: e.target.checked })}
        />
        {t('building.developerField')}
      </label>
      <button className="btn" type="submit">
        {t('add')}
      </button>
      {ok && (
        <p className="ok-note" role="status">
          {ok}
        </p>
      )}
      <ErrorNote error={error} />
    </form>
  );
}
