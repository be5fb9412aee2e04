// Duplicates at intake (重复件): while an operator types, the open orders of the last N days
// about the same matter near the same place, with a score; the operator merges through
// POST /api/orders/:id/merge.
//
// Candidates come from SQL: open states, accepted in the window, and near the place: the same
// territory or one under the same parent (the grids of one community, the communities of one
// street), or within `radiusM` when both have coordinates. Without a place, every open order of
// the window is a candidate. Then the text decides (src/text/similarity.ts): tf-idf words with
// the platform's own word statistics plus character bigrams, the title counted twice.
//
// An order's title and description never change after intake, so its signature is kept per
// process and per word statistics (a new day's statistics start afresh): while an operator types,
// each suggestion signs the candidates it has not met yet, not all of them again.
import { OPEN_STATES } from '../../domain/order.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Db } from '../../store/db.ts';
import { pointWithin, recentInStates, territoryAmong } from '../../store/requests.ts';
import type { Sql } from '../../store/sql.ts';
import { signature, similarity, type Idf, type Signature } from '../../text/similarity.ts';
import { corpusIdf } from './corpus.ts';

export const DUPLICATES = {
  days: 30,
  radiusM: 500,
  /** Scores at or above this are listed (chosen on the hand-labelled sample, docs/intake.md). */
  threshold: 0.25,
  limit: 5,
  maxCandidates: 3_000,
  /**
   * Orders' signatures kept per word statistics, the least recently used dropped first: a
   * signature takes 5 KB (a 40-character description) to 27 KB (350 characters), so at most
   * 25-135 MB, and a centre's open orders of 30 days near one place are far fewer.
   */
  cachedSignatures: 5_000,
};

const signatures = new WeakMap<Idf, Map<number, Signature>>();

/** The signature of an order, from the cache when it was made with the same statistics. */
function orderSignature(idf: Idf, o: { id: number; title: string; description: string }): Signature {
  let byId = signatures.get(idf);
  if (!byId) signatures.set(idf, (byId = new Map()));
  let sig = byId.get(o.id);
  if (sig) {
    byId.delete(o.id);
  } else {
    sig = signature(o.title, o.description, idf);
    if (byId.size >= DUPLICATES.cachedSignatures) byId.delete(byId.keys().next().value!);
  }
  byId.set(o.id, sig);
  return sig;
}

export interface DuplicateQuery {
  title: string;
  description: string;
  territoryId?: number | null;
  lng?: number | null;
  lat?: number | null;
  /** The order itself, when checking an accepted order. */
  excludeOrderId?: number | null;
  days?: number;
  limit?: number;
}

export interface DuplicateHit {
  orderId: number;
  code: string;
  title: string;
  state: string;
  acceptedAt: string;
  territoryId: number | null;
  address: string | null;
  /** Metres between the two places when both have coordinates. */
  distanceM: number | null;
  score: number;
}

/** The territories near a place: everything under the territory's parent (or under itself at the top). */
export function nearTerritories(catalog: Catalog, territoryId: number): number[] {
  const t = catalog.territories.get(territoryId);
  if (!t) return [];
  const root = t.parentId !== null ? catalog.territories.get(t.parentId) ?? t : t;
  return [...catalog.territories.values()].filter((x) => x.path.startsWith(root.path)).map((x) => x.id);
}

export function distanceM(lng1: number, lat1: number, lng2: number, lat2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLng = (lng2 - lng1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(a));
}

export async function findDuplicates(db: Db, catalog: Catalog, now: Date, q: DuplicateQuery): Promise<DuplicateHit[]> {
  const days = q.days ?? DUPLICATES.days;
  const since = new Date(now.getTime() - days * 86_400_000);
  const place: Sql[] = [];
  const near = new Set(q.territoryId != null ? nearTerritories(catalog, q.territoryId) : []);
  if (q.territoryId != null) place.push(territoryAmong([...near]));
  const hasPoint = q.lng != null && q.lat != null;
  if (hasPoint) {
    const dLat = DUPLICATES.radiusM / 111_000;
    const dLng = dLat / Math.max(0.1, Math.cos((q.lat! * Math.PI) / 180));
    place.push(pointWithin({ minLat: q.lat! - dLat, maxLat: q.lat! + dLat, minLng: q.lng! - dLng, maxLng: q.lng! + dLng }));
  }
  const rows = await recentInStates(db, {
    states: OPEN_STATES, since, excludeId: q.excludeOrderId ?? 0, near: place, limit: DUPLICATES.maxCandidates,
  });
  if (!rows.length) return [];
  const idf = await corpusIdf(db, now);
  const me = signature(q.title, q.description, idf);
  const hits: DuplicateHit[] = [];
  for (const r of rows) {
    const d = hasPoint && r.lng != null && r.lat != null ? distanceM(q.lng!, q.lat!, r.lng, r.lat) : null;
    // A point farther than the radius only counts when the territory matched.
    if (d !== null && d > DUPLICATES.radiusM && !near.has(r.territory_id ?? -1)) continue;
    const score = similarity(me, orderSignature(idf, r));
    if (score < DUPLICATES.threshold) continue;
    hits.push({
      orderId: r.id, code: r.code, title: r.title, state: r.state, acceptedAt: new Date(r.accepted_at).toISOString(),
      territoryId: r.territory_id, address: r.address, distanceM: d === null ? null : Math.round(d), score: Math.round(score * 1000) / 1000,
    });
  }
  return hits.sort((a, b) => b.score - a.score || b.orderId - a.orderId).slice(0, q.limit ?? DUPLICATES.limit);
}
