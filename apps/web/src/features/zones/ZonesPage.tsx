import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router';
import { ApiError, api } from '../../lib/api';
import { Field } from '../../ui/Field';
import { ErrorNote, Loading, Page } from '../../ui/Page';
import { useApi } from '../volunteers/useApi';
import { CleanupSection } from './CleanupSection';
import { PlanMap } from './PlanMap';
import type { Plan, Zone } from './types';
import { ZonePanel } from './ZonePanel';
import './zones.css';

const TYPES = ['绿化', '停车', '楼道', '公共区域'] as const;

/** The site plan with its zones: claim, release, log duties, report problems; staff draw zones. */
export default function ZonesPage() {
  const { t } = useTranslation('zones');
  const { compoundId = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const plan = useApi<Plan>(`/api/v1/compounds/${encodeURIComponent(compoundId)}/site-plan`);
  const [drawing, setDrawing] = useState<Array<[number, number]> | null>(null);
  const selectedId = search.get('zone');
  const select = (id: string) => setSearch({ zone: id }, { replace: true });

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
          drawPoints={drawing}
          onPlanTap={(x, y) => setDrawing((d) => (d ? [...d, [x, y]] : d))}
          label={t('mapLabel')}
        />
      ) : null}
      {p.plan ? (
        <p className="map-legend">
          <span>✓ {t('legendClaimed')}</span>
          <span>○ {t('legendOpen')}</span>
        </p>
      ) : (
        <p className="muted">{t('noPlan')}</p>
      )}
      {p.canEdit && <PlanUpload compoundId={p.compoundId} onDone={plan.reload} />}
      {p.canEdit && p.plan && (
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
      {selected && <ZonePanel key={selected.id} zone={selected} canEdit={p.canEdit} onChanged={plan.reload} />}
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
      const fd = new FormData();
      fd.append('file', file);
      const up = await api<{ images: Array<{ id: string }> }>(`/api/v1/uploads?nodeId=${encodeURIComponent(compoundId)}`, {
        method: 'POST',
        body: fd,
      });
      const id = up.images[0]?.id;
      if (id) await api(`/api/v1/compounds/${compoundId}/site-plan`, { method: 'PUT', body: { uploadId: id } });
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
        id="plan-file"
        type="file"
        accept="image/png,image/jpeg,image/webp"
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
  const [name, setName] = useState('');
  const [type, setType] = useState<(typeof TYPES)[number]>('绿化');
  const [maxClaims, setMaxClaims] = useState(1);
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
        body: { name: name.trim(), type, polygon: points, maxClaims },
      });
      setName('');
      props.onSaved(z.id);
    } catch (err) {
      setError(err);
    }
  }
  const reason =
    error instanceof ApiError
      ? (error.details as { fields?: Array<{ path: string; reason: string }> })?.fields?.find((f) => f.path === 'polygon')?.reason
      : undefined;
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
      <Field label={t('drawName')} value={name} onChange={(e) => setName(e.target.value)} required maxLength={60} />
      <div className="field">
        <label htmlFor="zone-type">{t('drawType')}</label>
        <select id="zone-type" value={type} onChange={(e) => setType(e.target.value as (typeof TYPES)[number])}>
          {TYPES.map((x) => (
            <option key={x} value={x}>
              {t(`types.${x}`)}
            </option>
          ))}
        </select>
      </div>
      <Field
        label={t('drawMax')}
        type="number"
        min={1}
        max={20}
        value={maxClaims}
        onChange={(e) => setMaxClaims(Number(e.target.value))}
      />
      {reason ? (
        <p className="error-note" role="alert">
          ⚠ {t(`polygonErrors.${reason}`)}
        </p>
      ) : (
        <ErrorNote error={error} />
      )}
      <button type="submit" className="btn btn-block" data-testid="draw-save">
        {t('drawSave')}
      </button>
    </form>
  );
}
