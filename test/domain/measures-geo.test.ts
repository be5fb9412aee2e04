// The shipped map of the demo district: the generator's output, one polygon per street, tiling the
// drawn outline without overlaps, each containing its own street centre.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { buildStreetsGeoJson, DISTRICT_OUTLINE, GEOJSON_FILE, signedArea } from '../../data/geo/streets.ts';
import { STREETS } from '../../src/demo/city.ts';

type Pt = [number, number];

function inside(p: Pt, ring: readonly Pt[]): boolean {
  let c = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]!;
    const [xj, yj] = ring[j]!;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

describe('the district map (data/geo)', () => {
  const shipped = JSON.parse(readFileSync(GEOJSON_FILE, 'utf8'));

  it('is what the generator writes', () => {
    assert.deepEqual(shipped, JSON.parse(JSON.stringify(buildStreetsGeoJson())));
  });

  it('has one counter-clockwise polygon per street, named as the territories are', () => {
    assert.equal(shipped.type, 'FeatureCollection');
    assert.deepEqual(shipped.features.map((f: any) => f.properties.code), STREETS.map((s) => s.code));
    for (const f of shipped.features) {
      const ring = f.geometry.coordinates[0] as Pt[];
      assert.deepEqual(ring[0], ring[ring.length - 1], 'closed ring');
      assert.ok(signedArea(ring.slice(0, -1)) > 0, 'counter-clockwise');
      assert.ok(inside(f.properties.cp, ring), `${f.properties.name} contains its centre`);
      for (const other of STREETS.filter((s) => s.code !== f.properties.code)) assert.ok(!inside(other.center, ring), `${f.properties.name} does not contain ${other.name}`);
    }
  });

  it('tiles the outline: every sampled point of the district lies in exactly one street, none outside it', () => {
    const rings = shipped.features.map((f: any) => f.geometry.coordinates[0] as Pt[]);
    let n = 0;
    for (let x = 120.17; x <= 120.55; x += 0.0037) {
      for (let y = 36.17; y <= 36.44; y += 0.0029) {
        const hits = rings.filter((r: Pt[]) => inside([x, y], r)).length;
        const inDistrict = inside([x, y], DISTRICT_OUTLINE as Pt[]);
        // Points within rounding distance of a border may fall either way; the grid steps avoid landing on one.
        assert.equal(hits, inDistrict ? 1 : 0, `(${x.toFixed(4)}, ${y.toFixed(4)})`);
        if (inDistrict) n++;
      }
    }
    assert.ok(n > 3000);
  });
});
