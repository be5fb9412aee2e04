// How measure facts and daily sums are stored: mark kinds as small codes, flags as bits, counters
// as columns. The SQL here and the JS in domain/measures.ts must read the same numbers.
import {
  COUNTERS, MARK_KINDS, type Ancestry, type Counter, type Mark, type MarkKind, type OrderFacts,
} from '../../domain/measures.ts';
import type { Channel, RequestType, Satisfaction } from '../../domain/types.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';

export const KIND_CODE: Record<MarkKind, number> = Object.fromEntries(MARK_KINDS.map((k, i) => [k, i + 1])) as Record<MarkKind, number>;
const KIND_OF = new Map(MARK_KINDS.map((k, i) => [i + 1, k]));

export const FLAG = { ok: 1, cb: 2, solved: 4, satisfied: 8, basic: 16 } as const;

export function markFlags(m: Mark): number {
  let f = 0;
  if (m.ok) f |= FLAG.ok;
  if (m.cb) f |= FLAG.cb;
  if (m.solved) f |= FLAG.solved;
  if (m.sat === 'satisfied') f |= FLAG.satisfied;
  if (m.sat === 'basically_satisfied') f |= FLAG.basic;
  return f;
}

export function markOf(k: number, day: string, unit: number | null, f: number, ms: number): Mark {
  const kind = KIND_OF.get(k);
  if (!kind) throw new Error(`unknown mark kind ${k}`);
  const m: Mark = { k: kind, day, unit };
  if (kind === 'signed' || kind === 'replied' || kind === 'closed') m.ok = (f & FLAG.ok) !== 0;
  if (kind === 'closed') {
    m.cb = (f & FLAG.cb) !== 0;
    m.ms = ms;
  }
  if (kind === 'callback') {
    m.solved = (f & FLAG.solved) !== 0;
    m.sat = (f & FLAG.satisfied ? 'satisfied' : f & FLAG.basic ? 'basically_satisfied' : 'unsatisfied') as Satisfaction;
  }
  return m;
}

/** measure_daily column of each counter. */
export const COLUMN: Record<Counter, string> = {
  received: 'received', repeat: 'repeats', valid: 'valid', answered: 'answered', dispatched: 'dispatched', secondDispatched: 'second_dispatched',
  signed: 'signed', signedOnTime: 'signed_on_time', replied: 'replied', repliedOnTime: 'replied_on_time', rated: 'rated', satisfied: 'satisfied',
  basicallySatisfied: 'basically_satisfied', solved: 'solved', reopened: 'reopened', closed: 'closed', closedOnTime: 'closed_on_time',
  closedCalledBack: 'closed_called_back', wentOverdue: 'went_overdue',
};
export const COUNTER_COLUMNS = COUNTERS.map((c) => COLUMN[c]);

/**
 * When one unnested mark adds 1 to each counter, in SQL: columns k (kind code), fl (flags) and
 * repeat must be in scope. Mirrors domain/measures.ts addMark. Used as `count(*) filter (where …)`.
 */
export function counterSql(): Record<Counter, string> {
  const k = (name: MarkKind) => `k = ${KIND_CODE[name]}`;
  const f = (bit: number) => `(fl & ${bit}) <> 0`;
  return {
    received: k('received'),
    repeat: `${k('received')} and repeat`,
    valid: `(${k('answered')} or ${k('registered')})`,
    answered: k('answered'),
    dispatched: k('dispatched'),
    secondDispatched: k('second_dispatch'),
    signed: k('signed'),
    signedOnTime: `${k('signed')} and ${f(FLAG.ok)}`,
    replied: k('replied'),
    repliedOnTime: `${k('replied')} and ${f(FLAG.ok)}`,
    rated: k('callback'),
    satisfied: `${k('callback')} and ${f(FLAG.satisfied)}`,
    basicallySatisfied: `${k('callback')} and ${f(FLAG.basic)}`,
    solved: `${k('callback')} and ${f(FLAG.solved)}`,
    reopened: k('reopened'),
    closed: k('closed'),
    closedOnTime: `${k('closed')} and ${f(FLAG.ok)}`,
    closedCalledBack: `${k('closed')} and ${f(FLAG.cb)}`,
    wentOverdue: k('overdue'),
  };
}

export interface FactsRow {
  order_id: number;
  version: number;
  accepted_at: Date;
  channel: string;
  request_type: string;
  category_id: number | null;
  territory_id: number | null;
  unit_id: number | null;
  phone: string | null;
  repeat: boolean;
  mk: number[];
  md: string[];
  mu: (number | null)[];
  mf: number[];
  mms: (number | string)[];
  handling_from: Date | null;
  handling_to: Date | null;
}

/** md as text: node-postgres would turn a date[] into JavaScript Dates. */
export const FACTS_COLUMNS = 'order_id, version, accepted_at, channel, request_type, category_id, territory_id, unit_id, phone, repeat, mk, md::text[] as md, mu, mf, mms, handling_from, handling_to';

export function rowToFacts(r: FactsRow): OrderFacts {
  return {
    orderId: r.order_id,
    version: r.version,
    acceptedAt: new Date(r.accepted_at),
    channel: r.channel as Channel,
    requestType: r.request_type as RequestType,
    categoryId: r.category_id,
    territoryId: r.territory_id,
    unitId: r.unit_id,
    phone: r.phone,
    marks: r.mk.map((k, i) => markOf(k, r.md[i]!, r.mu[i] ?? null, r.mf[i]!, Number(r.mms[i]!))),
    handlingFrom: r.handling_from ? new Date(r.handling_from) : null,
    handlingTo: r.handling_to ? new Date(r.handling_to) : null,
  };
}

/** A facts row as JSON for jsonb_to_recordset. */
export function factsToJson(f: OrderFacts, repeat: boolean, acceptedDay: string, now: Date) {
  return {
    order_id: f.orderId, version: f.version, accepted_at: f.acceptedAt.toISOString(), accepted_day: acceptedDay, channel: f.channel,
    request_type: f.requestType, category_id: f.categoryId, territory_id: f.territoryId, unit_id: f.unitId, phone: f.phone, repeat,
    mk: f.marks.map((m) => KIND_CODE[m.k]), md: f.marks.map((m) => m.day), mu: f.marks.map((m) => m.unit), mf: f.marks.map(markFlags),
    mms: f.marks.map((m) => m.ms ?? 0), handling_from: f.handlingFrom?.toISOString() ?? null, handling_to: f.handlingTo?.toISOString() ?? null,
    updated_at: now.toISOString(),
  };
}

/** Ancestors (node first) from the catalog's materialised paths; unknown ids have none. */
export function catalogAncestry(c: Catalog): Ancestry {
  const memo = (m: Map<number, { path: string }>) => {
    const cache = new Map<number, readonly number[]>();
    return (id: number) => {
      let a = cache.get(id);
      if (!a) {
        const n = m.get(id);
        a = n ? ancestry(n.path) : [];
        cache.set(id, a);
      }
      return a;
    };
  };
  return { unit: memo(c.units), category: memo(c.categories), territory: memo(c.territories) };
}
