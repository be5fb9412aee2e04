// Wall-clock times of other zones as foreign exports write them (NYC 311: 'MM/DD/YYYY hh:mm:ss AM',
// America/New_York; spreadsheets: 'YYYY-MM-DD HH:mm:ss' Beijing time), read as instants for imports.
// Our own output (Open311's W3C date-times, spreadsheet cells) is formatShanghai in
// src/domain/calendar.ts: China has no summer time, so +08:00 throughout.

const partsCache = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    partsCache.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC (ms) at an instant. */
function offsetAt(zone: string, t: number): number {
  const p = Object.fromEntries(formatter(zone).formatToParts(new Date(t)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return asUtc - Math.floor(t / 1000) * 1000;
}

/** The instant a wall-clock time shows in a zone (the earlier one when the clock goes back). Null when the fields are impossible. */
function zonedTime(zone: string, y: number, mo: number, d: number, h = 0, mi = 0, s = 0): Date | null {
  const guess = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(guess);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const o1 = offsetAt(zone, guess - offsetAt(zone, guess));
  const t = guess - o1;
  const o2 = offsetAt(zone, t);
  return new Date(o2 === o1 ? t : guess - Math.max(o1, o2));
}

/** 'MM/DD/YYYY hh:mm:ss AM' (NYC Open Data), also without seconds or AM/PM (24h). */
export function parseUsDateTime(s: string, zone: string): Date | null {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp][Mm]))?)?$/.exec(s.trim());
  if (!m) return null;
  let h = Number(m[4] ?? 0);
  if (m[7]) {
    if (h < 1 || h > 12) return null;
    const pm = m[7].toUpperCase() === 'PM';
    h = (h % 12) + (pm ? 12 : 0);
  }
  return zonedTime(zone, Number(m[3]), Number(m[1]), Number(m[2]), h, Number(m[5] ?? 0), Number(m[6] ?? 0));
}

/** 'YYYY-MM-DD HH:mm[:ss]' or 'YYYY/MM/DD …' as wall time in the zone, or an ISO 8601 date-time with an offset. */
export function parseLocalDateTime(s: string, zone: string): Date | null {
  const t = s.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const d = new Date(t);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(t);
  if (!m) return null;
  return zonedTime(zone, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
}
