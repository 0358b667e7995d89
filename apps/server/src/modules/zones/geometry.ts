/** Checks on polygons drawn on a site plan (pixel coordinates, y down). Pure functions. */

export type Point = readonly [number, number];

/** Why a polygon is refused, or null when it is a usable zone outline. */
export type PolygonProblem =
  | 'too_few_points'
  | 'not_finite'
  | 'outside_plan'
  | 'repeated_point'
  | 'self_intersecting'
  | 'zero_area';

function cross(o: Point, a: Point, b: Point): number {
  return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

function onSegment(p: Point, q: Point, r: Point): boolean {
  return (
    Math.min(p[0], r[0]) <= q[0] && q[0] <= Math.max(p[0], r[0]) && Math.min(p[1], r[1]) <= q[1] && q[1] <= Math.max(p[1], r[1])
  );
}

/** True when segments ab and cd share any point (touching counts). */
export function segmentsIntersect(a: Point, b: Point, c: Point, d: Point): boolean {
  const d1 = cross(c, d, a);
  const d2 = cross(c, d, b);
  const d3 = cross(a, b, c);
  const d4 = cross(a, b, d);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  if (d1 === 0 && onSegment(c, a, d)) return true;
  if (d2 === 0 && onSegment(c, b, d)) return true;
  if (d3 === 0 && onSegment(a, c, b)) return true;
  if (d4 === 0 && onSegment(a, d, b)) return true;
  return false;
}

/** Twice the signed area (shoelace). */
export function doubleArea(points: readonly Point[]): number {
  let s = 0;
  for (let i = 0; i < points.length; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % points.length] as Point;
    s += a[0] * b[1] - b[0] * a[1];
  }
  return s;
}

/** Drops a repeated closing point ([a, b, c, a] → [a, b, c]); Leaflet and users both send either. */
export function normalise(points: readonly Point[]): Point[] {
  const out = points.map((p) => [Math.round(p[0] * 10) / 10, Math.round(p[1] * 10) / 10] as const);
  const first = out[0];
  const last = out[out.length - 1];
  if (out.length > 1 && first && last && first[0] === last[0] && first[1] === last[1]) out.pop();
  return out;
}

/** The first problem with a zone outline on a plan of the given size, or null. */
export function polygonProblem(points: readonly Point[], width: number, height: number): PolygonProblem | null {
  if (points.length < 3) return 'too_few_points';
  // The route's schema refuses these already; the check stays for any other caller.
  if (points.some(([x, y]) => !Number.isFinite(x) || !Number.isFinite(y))) return 'not_finite';
  if (points.some(([x, y]) => x < 0 || y < 0 || x > width || y > height)) return 'outside_plan';
  // The same corner twice (a double tap, a vertex dragged onto another) folds the outline on itself.
  const seen = new Set(points.map(([x, y]) => `${x},${y}`));
  if (seen.size < points.length) return 'repeated_point';
  const n = points.length;
  for (let i = 0; i < n; i++) {
    const a = points[i] as Point;
    const b = points[(i + 1) % n] as Point;
    for (let j = i + 1; j < n; j++) {
      // Neighbouring edges share a vertex by construction; only non-adjacent edges may not meet.
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const c = points[j] as Point;
      const d = points[(j + 1) % n] as Point;
      if (segmentsIntersect(a, b, c, d)) return 'self_intersecting';
    }
  }
  if (Math.abs(doubleArea(points)) < 1) return 'zero_area';
  return null;
}

/** The mean of the vertices, rounded: a point inside any zone a person would draw. */
export function centroid(points: readonly Point[]): { x: number; y: number } {
  const n = points.length || 1;
  return {
    x: Math.round(points.reduce((s, p) => s + p[0], 0) / n),
    y: Math.round(points.reduce((s, p) => s + p[1], 0) / n),
  };
}
