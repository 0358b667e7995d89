import type { TFunction } from 'i18next';
import { type Dispatch, type SetStateAction, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../lib/api';
import { EditConflictNote, isEditConflict } from '../../ui/EditConflictNote';
import { ErrorNote } from '../../ui/Page';
import { markOwnWrite } from '../../ui/useVersionedForm';
import type { VertexEdit } from './PlanMap';
import type { Zone } from './types';

type Pt = [number, number];

/**
 * What is being drawn on the plan: a new zone (zoneId null), or a new shape for a zone —
 * tapped afresh corner by corner ('draw'), or its corners moved ('move', with the picked one).
 */
export interface Sketch {
  zoneId: string | null;
  mode: 'draw' | 'move';
  points: Pt[];
  picked?: number | null;
}

/** A tap on the plan: adds a corner while drawing, or moves the picked corner there. */
export function tapOnPlan(s: Sketch, x: number, y: number): Sketch {
  if (s.mode === 'draw') return { ...s, points: [...s.points, [x, y]] };
  if (s.picked == null) return s;
  return { ...s, points: s.points.map((p, i) => (i === s.picked ? [x, y] : p)) };
}

/** The map's side of moving corners, stable between renders so a drag is not cut short. */
export function useVertexEdit(
  sketch: Sketch | null,
  setSketch: Dispatch<SetStateAction<Sketch | null>>,
  t: TFunction,
): VertexEdit | null {
  return useMemo(() => {
    if (sketch?.mode !== 'move' || !sketch.zoneId) return null;
    return {
      zoneId: sketch.zoneId,
      points: sketch.points,
      picked: sketch.picked ?? null,
      onPick: (i) => setSketch((s) => s && { ...s, picked: s.picked === i ? null : i }),
      onMove: (i, x, y) => setSketch((s) => s && { ...s, picked: i, points: s.points.map((p, j) => (j === i ? [x, y] : p)) }),
      vertexLabel: (i) => t('vertex', { n: i + 1 }),
    };
  }, [sketch, setSketch, t]);
}

/** The reason the server gave for refusing an outline, said in words; else the plain error. */
export function PolygonError({ error }: { error: unknown }) {
  const { t } = useTranslation('zones');
  const reason =
    error instanceof ApiError
      ? (error.details as { fields?: Array<{ path: string; reason: string }> })?.fields?.find((f) => f.path === 'polygon')?.reason
      : undefined;
  if (!reason) return <ErrorNote error={error} />;
  return (
    <p className="error-note" role="alert">
      ⚠ {t(`polygonErrors.${reason}`, { defaultValue: t('polygonErrors.other') })}
    </p>
  );
}

const STEP = 5;
const NUDGES = [
  ['left', '←', -STEP, 0],
  ['up', '↑', 0, -STEP],
  ['down', '↓', 0, STEP],
  ['right', '→', STEP, 0],
] as const;

/**
 * Below the plan while a zone is reshaped: what to do, the controls that need no dragging
 * (pick a corner from a list, nudge it with arrow buttons), and save or cancel.
 */
export function ZoneShapeBar(props: {
  zone: Zone;
  sketch: Sketch;
  setSketch: Dispatch<SetStateAction<Sketch | null>>;
  bounds: { width: number; height: number };
  onSaved(): void;
  /** After a conflict: leave the sketch and show the zone as it now is. */
  onLoadLatest(): void;
}) {
  const { t } = useTranslation('zones');
  const { zone, sketch, setSketch, bounds } = props;
  // The version the outline was started from: saved against it, so a newer edit is not overwritten.
  const [baseVersion] = useState(zone.version);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const picked = sketch.picked ?? null;
  const n = sketch.points.length;

  function nudge(dx: number, dy: number) {
    if (picked == null) return;
    const clamp = (v: number, max: number) => Math.min(max, Math.max(0, v));
    setSketch((s) =>
      s
        ? {
            ...s,
            points: s.points.map((p, i) =>
              i === picked ? [clamp(p[0] + dx, bounds.width), clamp(p[1] + dy, bounds.height)] : p,
            ),
          }
        : s,
    );
  }
  async function save() {
    setBusy(true);
    setError(null);
    try {
      const saved = await api<{ version: number }>(`/api/v1/zones/${zone.id}`, {
        method: 'PATCH',
        body: { polygon: sketch.points, expectedVersion: baseVersion },
      });
      markOwnWrite(`zone:${zone.id}`, saved.version);
      props.onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="draw-bar zones-form" aria-labelledby="shape-h" data-testid="shape-bar">
      <h2 id="shape-h" className="shape-title">
        {t('shapeTitle', { name: zone.name })}
      </h2>
      {sketch.mode === 'draw' ? (
        <p role="status">{t('drawHint', { n })}</p>
      ) : (
        <>
          <p role="status">{picked == null ? t('moveHint') : t('movePicked', { n: picked + 1 })}</p>
          <div className="field">
            <label htmlFor="vertex-pick">{t('vertexPick')}</label>
            <select
              data-unsent=""
              id="vertex-pick"
              value={picked ?? ''}
              onChange={(e) => setSketch((s) => s && { ...s, picked: e.target.value === '' ? null : Number(e.target.value) })}
            >
              <option value="">{t('vertexNone')}</option>
              {sketch.points.map((_, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: corners are numbered by their place in the outline
                <option key={i} value={i}>
                  {t('vertex', { n: i + 1 })}
                </option>
              ))}
            </select>
          </div>
          <div className="nudge-row">
            {NUDGES.map(([key, arrow, dx, dy]) => (
              <button
                key={key}
                type="button"
                className="pick"
                aria-label={t(`nudge.${key}`)}
                disabled={picked == null}
                onClick={() => nudge(dx, dy)}
              >
                {arrow}
              </button>
            ))}
          </div>
        </>
      )}
      {isEditConflict(error) ? (
        <EditConflictNote error={error} draft={[]} onLoadLatest={props.onLoadLatest} />
      ) : (
        <PolygonError error={error} />
      )}
      <div className="row-actions">
        {sketch.mode === 'draw' && (
          <button
            type="button"
            className="btn btn-secondary"
            onClick={() => setSketch((s) => s && { ...s, points: s.points.slice(0, -1) })}
            disabled={!n}
          >
            {t('drawUndo')}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => setSketch(null)}>
          {t('drawCancel')}
        </button>
        <button type="button" className="btn" onClick={save} disabled={busy || n < 3} data-testid="shape-save">
          {t('shapeSave')}
        </button>
      </div>
    </section>
  );
}
