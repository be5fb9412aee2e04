// The street polygons of the demo district (青岛市城阳区) for the leaders' map. Real boundaries
// are not available offline, so they are generated, deterministically: the Voronoi cell of each
// street centre (src/demo/city.ts) clipped to a hand-drawn outline of the district. Plausible,
// non-overlapping, and they tile the outline; not official. `npm run`-free: `tsx data/geo/build.ts`.
import { STREETS } from '../../src/demo/city.ts';

type Pt = [number, number];

/** A rough outline of 城阳区 (lng, lat), drawn around the street centres: Jiaozhou Bay to the south-west, 红岛 jutting into it. */
export const DISTRICT_OUTLINE: readonly Pt[] = [
  [120.2000, 36.4000], [120.2900, 36.4300], [120.3800, 36.4100], [120.4600, 36.4000], [120.5300, 36.3600],
  [120.5400, 36.3000], [120.5000, 36.2500], [120.4600, 36.2100], [120.4000, 36.2200], [120.3600, 36.2350],
  [120.3200, 36.2150], [120.2900, 36.1850], [120.2400, 36.1900], [120.2100, 36.2200], [120.1900, 36.2600],
  [120.1800, 36.3100], [120.1850, 36.3600],
];

// Distances in a local equirectangular projection, so that cells are not squashed east-west.
const K = Math.cos((36.3 * Math.PI) / 180);
const fwd = ([lng, lat]: Pt): Pt => [lng * K, lat];
const back = ([x, y]: Pt): Pt => [x / K, y];

/** Sutherland-Hodgman against one half-plane a.x <= b. */
function clip(poly: Pt[], a: Pt, b: number): Pt[] {
  const out: Pt[] = [];
  const inside = (p: Pt) => a[0] * p[0] + a[1] * p[1] <= b + 1e-12;
  for (let i = 0; i < poly.length; i++) {
    const cur = poly[i]!;
    const prev = poly[(i + poly.length - 1) % poly.length]!;
    const ci = inside(cur);
    const pi = inside(prev);
    if (ci !== pi) {
      const dp = a[0] * prev[0] + a[1] * prev[1];
      const dc = a[0] * cur[0] + a[1] * cur[1];
      const t = (b - dp) / (dc - dp);
      out.push([prev[0] + t * (cur[0] - prev[0]), prev[1] + t * (cur[1] - prev[1])]);
    }
    if (ci) out.push(cur);
  }
  return out;
}

export function signedArea(ring: readonly Pt[]): number {
  let s = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i]!;
    const [x2, y2] = ring[(i + 1) % ring.length]!;
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

const r5 = (x: number) => Math.round(x * 1e5) / 1e5;

export interface StreetFeature {
  type: 'Feature';
  properties: { name: string; code: string; cp: Pt };
  geometry: { type: 'Polygon'; coordinates: Pt[][] };
}

export function buildStreetsGeoJson() {
  const sites = STREETS.map((s) => fwd(s.center));
  let outline = DISTRICT_OUTLINE.map(fwd);
  if (signedArea(outline) < 0) outline = outline.reverse();
  const features: StreetFeature[] = STREETS.map((s, i) => {
    let cell = [...outline];
    const si = sites[i]!;
    sites.forEach((sj, j) => {
      if (j === i) return;
      // Closer to si than to sj: (sj - si).x <= (|sj|^2 - |si|^2) / 2
      cell = clip(cell, [sj[0] - si[0], sj[1] - si[1]], (sj[0] ** 2 + sj[1] ** 2 - si[0] ** 2 - si[1] ** 2) / 2);
    });
    let ring = cell.map(back).map(([x, y]): Pt => [r5(x), r5(y)]);
    ring = ring.filter((p, k) => k === 0 || p[0] !== ring[k - 1]![0] || p[1] !== ring[k - 1]![1]);
    if (signedArea(ring) < 0) ring.reverse(); // RFC 7946: exterior rings counter-clockwise
    return {
      type: 'Feature',
      properties: { name: s.name, code: s.code, cp: s.center },
      geometry: { type: 'Polygon', coordinates: [[...ring, ring[0]!]] },
    };
  });
  return {
    type: 'FeatureCollection' as const,
    name: '城阳区',
    // Not official boundaries: generated from the street centres (see data/geo/README.md).
    generated: 'Voronoi cells of the street centres in src/demo/city.ts, clipped to a drawn district outline',
    features,
  };
}

export const GEOJSON_FILE = new URL('./370214-streets.geojson', import.meta.url);
