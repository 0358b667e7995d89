import type * as Leaflet from 'leaflet';
import { useEffect, useRef, useState } from 'react';
import 'leaflet/dist/leaflet.css';

export interface MapZone {
  id: string;
  name: string;
  type: string;
  polygon: Array<[number, number]>;
  /** Whether any claim holds it: drawn solid when claimed, dashed when open. */
  claimed: boolean;
  /** Text on the plan next to the zone (name and status: never colour alone). */
  label: string;
}

const TYPE_COLOURS: Record<string, string> = { 绿化: '#2e7d32', 停车: '#1565c0', 楼道: '#6a1b9a', 公共区域: '#b45309' };

interface Props {
  imageUrl: string;
  width: number;
  height: number;
  zones: MapZone[];
  selectedId: string | null;
  onSelect(id: string): void;
  /** While drawing: the points so far, and where a tap on the plan goes. */
  drawPoints: Array<[number, number]> | null;
  onPlanTap(x: number, y: number): void;
  /** While moving an existing zone's corners: the corners, the picked one, and the handlers. */
  edit?: VertexEdit | null;
  label: string;
}

/** Moving the corners of a zone on the plan: drag a numbered handle, or pick it and tap. */
export interface VertexEdit {
  zoneId: string;
  points: Array<[number, number]>;
  picked: number | null;
  onPick(i: number): void;
  onMove(i: number, x: number, y: number): void;
  /** The accessible name of handle i (1-based in the text). */
  vertexLabel(i: number): string;
}

/** Plan pixels of a map position, clamped to the plan (whole pixels). */
function toPlan(ll: Leaflet.LatLng, width: number, height: number): [number, number] {
  return [Math.round(Math.min(width, Math.max(0, ll.lng))), Math.round(Math.min(height, Math.max(0, height - ll.lat)))];
}

/**
 * The site plan as the map: Leaflet (loaded only here) with CRS.Simple and the plan image as
 * an overlay, no tiles. Plan pixels (x right, y down) map to LatLng (lat = height − y, lng = x).
 */
export function PlanMap(props: Props) {
  const { imageUrl, width, height, zones, selectedId, drawPoints, edit, label } = props;
  const el = useRef<HTMLDivElement>(null);
  const [L, setL] = useState<typeof Leaflet | null>(null);
  const map = useRef<Leaflet.Map | null>(null);
  const layer = useRef<Leaflet.LayerGroup | null>(null);
  const handlers = useRef(props);
  handlers.current = props;

  useEffect(() => {
    let cancelled = false;
    void import('leaflet').then((mod) => {
      if (!cancelled) setL((mod.default ?? mod) as typeof Leaflet);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    if (!L || !el.current) return;
    const bounds = L.latLngBounds([0, 0], [height, width]);
    const m = L.map(el.current, {
      crs: L.CRS.Simple,
      minZoom: -3,
      maxZoom: 3,
      zoomSnap: 0.25,
      attributionControl: false,
      maxBounds: bounds.pad(0.2),
    });
    L.imageOverlay(imageUrl, bounds, { alt: '' }).addTo(m);
    m.fitBounds(bounds);
    m.on('click', (e: Leaflet.LeafletMouseEvent) => {
      if (!handlers.current.drawPoints && !handlers.current.edit) return;
      const [x, y] = toPlan(e.latlng, width, height);
      handlers.current.onPlanTap(x, y);
    });
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [L, imageUrl, width, height]);

  // Reshaping a zone: zoom to it, so that its corner handles are apart and easy to take on a
  // phone; back to the whole plan when done.
  const editZoneId = edit?.zoneId;
  useEffect(() => {
    const m = map.current;
    if (!L || !m) return;
    const zone = editZoneId ? handlers.current.zones.find((z) => z.id === editZoneId) : undefined;
    const target = zone
      ? L.latLngBounds(zone.polygon.map(([x, y]) => L.latLng(height - y, x)))
      : L.latLngBounds([0, 0], [height, width]);
    m.fitBounds(target, zone ? { padding: [48, 48], maxZoom: 1, animate: false } : { animate: false });
  }, [L, editZoneId, width, height]);

  useEffect(() => {
    const g = layer.current;
    if (!L || !g) return;
    g.clearLayers();
    const toLatLng = ([x, y]: [number, number]) => L.latLng(height - y, x);
    for (const z of zones) {
      const colour = TYPE_COLOURS[z.type] ?? '#444';
      const selected = z.id === selectedId;
      // The zone being reshaped stays in place, faint, under its new outline.
      const ghost = edit?.zoneId === z.id;
      const poly = L.polygon(z.polygon.map(toLatLng), {
        color: ghost ? '#555' : colour,
        weight: selected && !ghost ? 5 : 2,
        dashArray: z.claimed && !ghost ? undefined : '8 6',
        fillColor: colour,
        fillOpacity: ghost ? 0.05 : z.claimed ? 0.35 : 0.12,
      });
      // Leaflet puts a string tooltip in as HTML: a zone name is text, so it goes in as a text node.
      if (!ghost) poly.bindTooltip(textElement(z.label), { permanent: true, direction: 'center', className: 'zone-label' });
      // While drawing, the tap bubbles to the map, which adds the point; otherwise it selects.
      poly.on('click', () => {
        if (!handlers.current.drawPoints && !handlers.current.edit) handlers.current.onSelect(z.id);
      });
      poly.addTo(g);
    }
    if (edit) {
      const outline = L.polygon(edit.points.map(toLatLng), {
        color: '#b3261e',
        weight: 3,
        dashArray: '4 4',
        fillOpacity: 0.1,
        interactive: false,
      }).addTo(g);
      edit.points.forEach((p, i) => {
        const picked = edit.picked === i;
        const handle = L.marker(toLatLng(p), {
          draggable: true,
          autoPan: true,
          title: edit.vertexLabel(i),
          icon: L.divIcon({
            className: `vertex-handle${picked ? ' picked' : ''}`,
            html: String(i + 1),
            iconSize: [30, 30],
          }),
        });
        // The outline follows the handle while it moves; the new corner is kept when it is let go.
        handle.on('drag', () => {
          const now = edit.points.map(toLatLng);
          now[i] = handle.getLatLng();
          outline.setLatLngs(now);
        });
        handle.on('dragend', () => {
          const [x, y] = toPlan(handle.getLatLng(), width, height);
          handlers.current.edit?.onMove(i, x, y);
        });
        handle.on('click', () => handlers.current.edit?.onPick(i));
        handle.addTo(g);
      });
    }
    if (drawPoints?.length) {
      const pts = drawPoints.map(toLatLng);
      L.polyline(drawPoints.length > 2 ? [...pts, pts[0] as Leaflet.LatLng] : pts, {
        color: '#b3261e',
        weight: 3,
        dashArray: '4 4',
      }).addTo(g);
      for (const p of pts)
        L.circleMarker(p, { radius: 7, color: '#b3261e', fillColor: '#fff', fillOpacity: 1, weight: 3 }).addTo(g);
    }
  }, [L, zones, selectedId, drawPoints, edit, width, height]);

  // The box takes the plan's proportions, so the whole plan fills the width of a phone.
  return (
    <div
      ref={el}
      className="plan-map"
      style={{ aspectRatio: `${width} / ${height}` }}
      role="region"
      aria-label={label}
      data-testid="plan-map"
    />
  );
}

/** A span holding `text` as text: what Leaflet tooltips and popups must be given for user text. */
function textElement(text: string): HTMLElement {
  const el = document.createElement('span');
  el.textContent = text;
  return el;
}
