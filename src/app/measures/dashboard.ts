// The leaders' screen (大屏): today's live counters, the district map by street, trends by
// category, the unit and street rankings of the month and the open warnings. Every number comes
// from the fast path or a small snapshot query, so the screen can poll it. The hot issues are not
// here: clustering a week of requests is text work, asked for separately and less often
// (GET /api/intake/hot-issues).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { localDate } from '../../domain/calendar.ts';
import { addDays, daysOf, periodOf, previousPeriod, type MeasureValues } from '../../domain/measures.ts';
import type { Catalog } from '../../domain/catalog.ts';
import type { Queryable } from '../../store/db.ts';
import { openOrdersCount, overdueNowByTerritory, receivedByCategoryDay, totalsByDay } from '../../store/measures.ts';
import { loadAssessmentConfig, rankStreets, rankUnits } from './assessment.ts';
import { fastMeasures, fastMeasuresByKey } from './query.ts';
import { freshness } from './refresh.ts';
import { listWarnings, streetOf } from './warnings.ts';

const GEO_FILE = fileURLToPath(new URL('../../../data/geo/370214-streets.geojson', import.meta.url));
let geo: { text: string; mapName: string } | null = null;

/** The district's street polygons (data/geo, generated; see its README): the ECharts map. */
export function districtGeoJson(): { text: string; mapName: string } {
  if (!geo) {
    const text = readFileSync(GEO_FILE, 'utf8');
    geo = { text, mapName: (JSON.parse(text) as { name?: string }).name ?? 'district' };
  }
  return geo;
}

const counters = (v: MeasureValues) => ({
  received: v.counts.received, valid: v.counts.valid, answered: v.counts.answered, dispatched: v.counts.dispatched, closed: v.counts.closed,
  rated: v.counts.rated, wentOverdue: v.counts.wentOverdue, answerRate: v.rates.answerRate, onTimeCloseRate: v.rates.onTimeCloseRate,
  satisfactionRate: v.rates.satisfactionRate,
});

export async function dashboard(db: Queryable, catalog: Catalog, now: Date) {
  const today = localDate(now);
  const day = periodOf('day', today);
  const yesterday = previousPeriod(day);
  const month = periodOf('month', today);
  const all = { dim: 'all' as const, key: '' };
  const streets = [...catalog.territories.values()].filter((t) => t.level === 'street').sort((a, b) => a.code.localeCompare(b.code));
  const level1 = [...catalog.categories.values()].filter((c) => c.parentId === null).sort((a, b) => a.code.localeCompare(b.code));
  const trendFrom = addDays(today, -29);

  const config = loadAssessmentConfig(db);
  const [t, y, open, byStreetToday, overdueRows, trendRows, totalRows, units, streetRank, warnings, fresh] = await Promise.all([
    fastMeasures(db, all, day.from, day.to),
    fastMeasures(db, all, yesterday.from, yesterday.to),
    openOrdersCount(db),
    fastMeasuresByKey(db, 'territory', streets.map((s) => String(s.id)), day.from, day.to, false),
    // Overdue now (query.ts overdueNow) by territory: summed for the total, by street for the map.
    overdueNowByTerritory(db, now),
    receivedByCategoryDay(db, level1.map((c) => String(c.id)), trendFrom, day.to),
    totalsByDay(db, trendFrom, day.to),
    config.then((c) => rankUnits(db, catalog, month, c)),
    config.then((c) => rankStreets(db, catalog, month, c)),
    listWarnings(db, catalog, { status: 'open', from: addDays(today, -6), limit: 50 }),
    freshness(db),
  ]);

  let overdue = 0;
  const overdueByStreet = new Map<number, number>();
  for (const r of overdueRows) {
    overdue += r.n;
    const s = streetOf(catalog, r.territoryId);
    if (s !== null) overdueByStreet.set(s, (overdueByStreet.get(s) ?? 0) + r.n);
  }
  // The streets' month is what their ranking was computed from.
  const byStreetMonth = new Map(streetRank.map((s) => [s.territory.id, s.values]));
  const days = daysOf({ from: trendFrom, to: day.to });
  const byCategory = new Map<string, Map<string, number>>();
  for (const r of trendRows) {
    let m = byCategory.get(r.key);
    if (!m) byCategory.set(r.key, (m = new Map()));
    m.set(r.day, r.received);
  }
  const series = (key: string) => {
    const m = byCategory.get(key);
    return days.map((d) => m?.get(d) ?? 0);
  };
  const totals = new Map(totalRows.map((r) => [r.day, r]));
  const { mapName } = districtGeoJson();

  return {
    asOf: now.toISOString(),
    today: { date: today, ...counters(t), overdueNow: overdue, open },
    yesterday: { date: yesterday.from, ...counters(y) },
    map: {
      geoJson: '/api/dashboard/geo',
      mapName,
      month: month.key,
      areas: streets.map((s) => {
        const m = byStreetMonth.get(s.id)!;
        return {
          territoryId: s.id, code: s.code, name: s.name, center: s.centerLng !== null && s.centerLat !== null ? [s.centerLng, s.centerLat] : null,
          today: byStreetToday.get(String(s.id))!.counts.received, month: m.counts.received, closedMonth: m.counts.closed,
          satisfactionRate: m.rates.satisfactionRate, overdueNow: overdueByStreet.get(s.id) ?? 0,
        };
      }),
    },
    trends: {
      days,
      total: { received: days.map((d) => totals.get(d)?.received ?? 0), closed: days.map((d) => totals.get(d)?.closed ?? 0) },
      categories: level1.map((c) => ({ id: c.id, code: c.code, name: c.name, received: series(String(c.id)) })),
    },
    ranking: {
      period: month.key,
      units: units.slice(0, 10).map((u) => ({ rank: u.rank, unit: u.unit, score: u.score, threeRates: u.threeRates })),
      streets: streetRank.map((s) => ({ rank: s.rank, territory: s.territory, threeRates: s.threeRates, rates: s.rates, received: s.received })),
    },
    warnings,
    freshness: fresh,
  };
}
