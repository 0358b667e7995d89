import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../lib/api';

interface SitePlan {
  plan: { uploadId: string; width: number; height: number } | null;
  zones: Array<{ id: string; name: string; polygon: number[][] }>;
}

export interface PlanPoint {
  x: number;
  y: number;
  zoneId?: string;
}

/** The compound's site plan (drawn by the zones module), or null when it has none. */
export function useSitePlan(compoundId: string) {
  const [plan, setPlan] = useState<SitePlan | null>(null);
  useEffect(() => {
    if (!compoundId) return;
    api<SitePlan>(`/api/v1/compounds/${encodeURIComponent(compoundId)}/site-plan`).then(setPlan, () => setPlan(null));
  }, [compoundId]);
  return plan;
}

function centroid(poly: number[][]): { x: number; y: number } {
  const n = poly.length || 1;
  return {
    x: Math.round(poly.reduce((s, p) => s + (p[0] ?? 0), 0) / n),
    y: Math.round(poly.reduce((s, p) => s + (p[1] ?? 0), 0) / n),
  };
}

/** Marks a point on the plan image; the marker sits in image coordinates, whatever the screen size. */
function Marker({ point, width, height }: { point: PlanPoint; width: number; height: number }) {
  return (
    <span
      className="council-marker"
      aria-hidden="true"
      style={{ left: `${(point.x / width) * 100}%`, top: `${(point.y / height) * 100}%` }}
    />
  );
}

/** Tap the plan where the problem is, or pick a zone from the list (the keyboard way). */
export function PlanPicker({
  compoundId,
  value,
  onChange,
}: {
  compoundId: string;
  value: PlanPoint | null;
  onChange: (p: PlanPoint | null) => void;
}) {
  const { t } = useTranslation('council');
  const site = useSitePlan(compoundId);
  if (!site?.plan) return null;
  const { plan } = site;
  return (
    <div className="field">
      <span id="plan-label">
        <strong>{t('plan.pick')}</strong>
      </span>
      <button
        type="button"
        className="council-plan"
        aria-labelledby="plan-label"
        onClick={(e) => {
          const r = e.currentTarget.getBoundingClientRect();
          if (!r.width || !r.height) return;
          onChange({
            x: Math.round(((e.clientX - r.left) / r.width) * plan.width),
            y: Math.round(((e.clientY - r.top) / r.height) * plan.height),
          });
        }}
      >
        <img src={`/api/v1/uploads/${plan.uploadId}`} alt={t('plan.alt')} width={plan.width} height={plan.height} />
        {value && <Marker point={value} width={plan.width} height={plan.height} />}
      </button>
      {site.zones.length > 0 && (
        <>
          <label htmlFor="plan-zone">{t('plan.zone')}</label>
          <select
            name="plan"
            id="plan-zone"
            value={value?.zoneId ?? ''}
            onChange={(e) => {
              const z = site.zones.find((x) => x.id === e.target.value);
              onChange(z ? { ...centroid(z.polygon), zoneId: z.id } : null);
            }}
          >
            <option value="">{t('plan.noZone')}</option>
            {site.zones.map((z) => (
              <option key={z.id} value={z.id}>
                {z.name}
              </option>
            ))}
          </select>
        </>
      )}
      {value && (
        <p className="field-hint" role="status">
          {t('plan.chosen', { x: value.x, y: value.y })}
          <button type="button" className="btn btn-secondary" onClick={() => onChange(null)}>
            {t('plan.clear')}
          </button>
        </p>
      )}
    </div>
  );
}

/** Shows where an issue is on the plan. */
export function PlanView({ compoundId, point }: { compoundId: string; point: PlanPoint }) {
  const { t } = useTranslation('council');
  const site = useSitePlan(compoundId);
  if (!site?.plan) return <p>{t('detail.plan', { x: point.x, y: point.y })}</p>;
  const zone = site.zones.find((z) => z.id === point.zoneId);
  return (
    <figure className="council-plan-view">
      <div className="council-plan">
        <img
          src={`/api/v1/uploads/${site.plan.uploadId}`}
          alt={t('plan.alt')}
          width={site.plan.width}
          height={site.plan.height}
        />
        <Marker point={point} width={site.plan.width} height={site.plan.height} />
      </div>
      <figcaption>{zone ? zone.name : t('detail.plan', { x: point.x, y: point.y })}</figcaption>
    </figure>
  );
}
