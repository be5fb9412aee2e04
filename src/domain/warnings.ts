// Early warning (预警), pure: one matter (a category) surging in one place (a street) against its
// own recent baseline, the same weekday of the last four weeks.
export interface SurgePolicy {
  /** How many past weeks of the same weekday make the baseline. */
  weeks: number;
  /** Warn above mean + sigmas x standard deviation... */
  sigmas: number;
  /** ...and at least this many requests above the mean (a flat baseline has no deviation). */
  minExcess: number;
  /** Never warn below this many requests in the day. */
  minCount: number;
}

export const DEFAULT_SURGE: SurgePolicy = { weeks: 4, sigmas: 3, minExcess: 2, minCount: 5 };

export interface Surge {
  count: number;
  baseline: number[];
  mean: number;
  /** Population standard deviation of the baseline. */
  sd: number;
  threshold: number;
  surging: boolean;
}

export function surge(count: number, baseline: readonly number[], p: SurgePolicy = DEFAULT_SURGE): Surge {
  const n = baseline.length;
  const mean = n ? baseline.reduce((s, x) => s + x, 0) / n : 0;
  const sd = n ? Math.sqrt(baseline.reduce((s, x) => s + (x - mean) ** 2, 0) / n) : 0;
  const threshold = mean + Math.max(p.sigmas * sd, p.minExcess);
  return { count, baseline: [...baseline], mean, sd, threshold, surging: count >= p.minCount && count > threshold };
}
