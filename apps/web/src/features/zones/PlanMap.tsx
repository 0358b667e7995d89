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
  label: string;
}

/**
 * The site plan as the map: Leaflet (loaded only here) with CRS.Simple and the plan image as
 * an overlay, no tiles. Plan pixels (x right, y down) map to LatLng (lat = height − y, lng = x).
 */
export function PlanMap(props: Props) {
  const { imageUrl, width, height, zones, selectedId, drawPoints, label } = props;
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
      if (!handlers.current.drawPoints) return;
      const x = Math.round(Math.min(width, Math.max(0, e.latlng.lng)));
      const y = Math.round(Math.min(height, Math.max(0, height - e.latlng.lat)));
      handlers.current.onPlanTap(x, y);
    });
    layer.current = L.layerGroup().addTo(m);
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, [L, imageUrl, width, height]);

  useEffect(() => {
    const g = layer.current;
    if (!L || !g) return;
    g.clearLayers();
    const toLatLng = ([x, y]: [number, number]) => L.latLng(height - y, x);
    for (const z of zones) {
      const colour = TYPE_COLOURS[z.type] ?? '#444';
      const selected = z.id === selectedId;
      const poly = L.polygon(z.polygon.map(toLatLng), {
        color: colour,
        weight: selected ? 5 : 3,
        dashArray: z.claimed ? undefined : '8 6',
        fillColor: colour,
        fillOpacity: z.claimed ? 0.35 : 0.12,
      });
      poly.bindTooltip(z.label, { permanent: true, direction: 'center', className: 'zone-label' });
      // While drawing, the tap bubbles to the map, which adds the point; otherwise it selects.
      poly.on('click', () => {
        if (!handlers.current.drawPoints) handlers.current.onSelect(z.id);
      });
      poly.addTo(g);
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
  }, [L, zones, selectedId, drawPoints, height]);

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
