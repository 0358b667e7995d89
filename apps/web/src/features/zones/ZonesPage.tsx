import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { api } from '../../lib/api';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../volunteers/useApi';
import { CleanupSection } from './CleanupSection';
import { PlanMap } from './PlanMap';
import type { Plan, Zone } from './types';
import { ZoneFields, type ZoneFieldValues } from './ZoneFields';
import { ZonePanel } from './ZonePanel';
import { PolygonError, type Sketch, tapOnPlan, useVertexEdit, ZoneShapeBar } from './ZoneShapeBar';
import './zones.css';
import { uploadImage } from '../../lib/upload';

/** The site plan with its zones: claim, release, log duties, report problems; staff draw and edit zones. */
export default function ZonesPage() {
  const { t } = useTranslation('zones');
  const { compoundId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const plan = useApi<Plan>(`/api/v1/compounds/${encodeURIComponent(compoundId)}/site-plan`);
  // One sketch at a time on the plan: a new zone, or the new shape of the selected one.
  const [sketch, setSketch] = useState<Sketch | null>(null);
  const [shapeSaved, setShapeSaved] = useState<string | null>(null);
  const selectedId = search.get('zone');
  const select = (id: string | null) => {
    // Another zone chosen: a reshape in progress is dropped; a new zone being drawn is kept.
    setSketch((s) => (s?.zoneId ? null : s));
    setSearch(id ? { zone: id } : {}, { replace: true });
  };
  const drawing = sketch && sketch.zoneId === null ? sketch.points : null;
  const setDrawing = (points: Array<[number, number]> | null) =>
    setSketch(points ? { zoneId: null, mode: 'draw', points } : null);
  const edit = useVertexEdit(sketch, setSketch, t);
  // Reshaping starts from the editor below the plan: bring the plan back into view once the
  // shape bar is in the page (so the browser's scroll anchoring does not undo it), in the middle
  // of the screen, as the fixed header would cover its top.
  const reshaping = sketch?.zoneId ? `${sketch.zoneId}:${sketch.mode}` : null;
  useEffect(() => {
    if (reshaping) document.querySelector('[data-testid="plan-map"]')?.scrollIntoView({ block: 'center' });
  }, [reshaping]);

  if (plan.error)
    return (
      <Page title={t('listTitle')}>
        <ErrorNote error={plan.error} onRetry={plan.reload} />
      </Page>
    );
  if (!plan.data) return <Loading />;
  const p = plan.data;
  const selected = p.zones.find((z) => z.id === selectedId) ?? null;
  return (
    <Page title={t('title', { name: p.compoundName })}>
      {p.plan ? (
        <PlanMap
          imageUrl={`/api/v1/uploads/${p.plan.uploadId}`}
          width={p.plan.width}
          height={p.plan.height}
          zones={p.zones.map((z) => ({
            id: z.id,
            name: z.name,
            type: z.type,
            polygon: z.polygon,
            claimed: z.activeClaims > 0,
            label: `${z.name} ${z.activeClaims > 0 ? '✓' : '○'}`,
          }))}
          selectedId={selectedId}
          onSelect={select}
          drawPoints={sketch?.mode === 'draw' ? sketch.points : null}
          onPlanTap={(x, y) => setSketch((s) => (s ? tapOnPlan(s, x, y) : s))}
          edit={edit}
          label={t('mapLabel')}
        />
      ) : null}
      {sketch?.zoneId && selected && p.plan && (
        <ZoneShapeBar
          key={`${sketch.zoneId}-${sketch.mode}`}
          zone={selected}
          sketch={sketch}
          setSketch={setSketch}
          bounds={p.plan}
          onSaved={() => {
            setSketch(null);
            setShapeSaved(selected.id);
            plan.reload();
          }}
          onLoadLatest={() => {
            setSketch(null);
            plan.reload();
          }}
        />
      )}
      {shapeSaved && shapeSaved === selectedId && !sketch && (
        <p className="ok-note" role="status">
          ✓ {t('shapeSaved')}
        </p>
      )}
      {p.plan ? (
        <p className="map-legend">
          <span>✓ {t('legendClaimed')}</span>
          <span>○ {t('legendOpen')}</span>
        </p>
      ) : (
        <p className="muted">{t('noPlan')}</p>
      )}
      {p.canEdit && <PlanUpload compoundId={p.compoundId} onDone={plan.reload} />}
      {p.canEdit && p.plan && !sketch?.zoneId && (
        <DrawZone
          compoundId={p.compoundId}
          points={drawing}
          setPoints={setDrawing}
          onSaved={(id) => {
            setDrawing(null);
            plan.reload();
            select(id);
          }}
        />
      )}
      {selected && (
        <ZonePanel
          key={selected.id}
          zone={selected}
          canEdit={p.canEdit && !!p.plan}
          onChanged={plan.reload}
          onReshape={(mode) => {
            setSketch({ zoneId: selected.id, mode, points: mode === 'move' ? selected.polygon : [], picked: null });
          }}
          onArchived={() => {
            select(null);
            plan.reload();
          }}
        />
      )}
      <h2>{t('listTitle')}</h2>
      <ul className="list" data-testid="zone-list">
        {p.zones.map((z) => (
          <li key={z.id} className={`list-item zone-row${z.id === selectedId ? ' selected' : ''}`}>
            <strong>{z.name}</strong>
            <span>{t(`types.${z.type}`)}</span>
            <span className={`zone-status ${z.activeClaims > 0 ? 'taken' : 'open'}`}>{statusText(t, z)}</span>
            <button type="button" className="btn btn-secondary" aria-pressed={z.id === selectedId} onClick={() => select(z.id)}>
              {z.id === selectedId ? t('selected') : t('select')} · {z.name}
            </button>
          </li>
        ))}
      </ul>
      <CleanupSection compoundId={p.compoundId} zones={p.zones} canEdit={p.canEdit} />
    </Page>
  );
}

/** "Claimed by 党员队" / "Open (1 place left)" — said in words, not colour. */
export function statusText(t: (k: string, o?: Record<string, unknown>) => string, z: Zone): string {
  if (z.activeClaims === 0) return t('open', { n: z.maxClaims });
  const who = z.claims
    .map((c) => (c.team ? t('team', { team: t(`volunteers:teamNames.${c.team}`) }) : (c.name ?? '')))
    .join(t('sep'));
  return z.activeClaims >= z.maxClaims
    ? t('claimedBy', { who })
    : `${t('claimedBy', { who })}${t('sep2')}${t('open', { n: z.maxClaims - z.activeClaims })}`;
}

function PlanUpload({ compoundId, onDone }: { compoundId: string; onDone: () => void }) {
  const { t } = useTranslation('zones');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function upload(file: File) {
    setBusy(true);
    setError(null);
    try {
      const id = await uploadImage(compoundId, file);
      await api(`/api/v1/compounds/${compoundId}/site-plan`, { method: 'PUT', body: { uploadId: id } });
      onDone();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="field">
      <label htmlFor="plan-file">{busy ? t('uploading') : t('uploadPlan')}</label>
      <input
        name="uploadId"
        id="plan-file"
        type="file"
        accept="image/png,image/jpeg,image/webp,image/heic,image/heif"
        disabled={busy}
        onChange={(e) => e.target.files?.[0] && void upload(e.target.files[0])}
      />
      <ErrorNote error={error} />
    </div>
  );
}

function DrawZone(props: {
  compoundId: string;
  points: Array<[number, number]> | null;
  setPoints(p: Array<[number, number]> | null): void;
  onSaved(id: string): void;
}) {
  const { t } = useTranslation('zones');
  const { points, setPoints } = props;
  const [fields, setFields] = useState<ZoneFieldValues>({ name: '', type: '绿化', maxClaims: 1 });
  const [error, setError] = useState<unknown>(null);
  if (!points) {
    return (
      <button type="button" className="btn btn-secondary btn-block" onClick={() => setPoints([])} data-testid="draw-start">
        {t('drawStart')}
      </button>
    );
  }
  async function save(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const z = await api<{ id: string }>(`/api/v1/compounds/${props.compoundId}/zones`, {
        method: 'POST',
        body: { ...fields, name: fields.name.trim(), polygon: points },
      });
      setFields({ ...fields, name: '' });
      props.onSaved(z.id);
    } catch (err) {
      setError(err);
    }
  }
  return (
    <form className="draw-bar form zones-form" onSubmit={save}>
      <p role="status">{t('drawHint', { n: points.length })}</p>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => setPoints(points.slice(0, -1))}
          disabled={!points.length}
        >
          {t('drawUndo')}
        </button>
        <button type="button" className="btn btn-secondary" onClick={() => setPoints(null)}>
          {t('drawCancel')}
        </button>
      </div>
      <ZoneFields value={fields} onChange={setFields} />
      <PolygonError error={error} />
      <button type="submit" className="btn btn-block" data-testid="draw-save">
        {t('drawSave')}
      </button>
    </form>
  );
}
