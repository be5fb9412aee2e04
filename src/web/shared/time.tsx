// Time on screen: Beijing time whatever the browser's zone (the centre works in Asia/Shanghai,
// a fixed UTC+8), and deadline countdowns whose colour changes by itself as time passes: one
// shared ticker re-renders every countdown each second, with no request to the server.
import { useEffect, useState, useSyncExternalStore } from 'react';
import { Tag, Tooltip } from 'antd';
import { DEFAULT_ESCALATION, deadlineColourAt, type DeadlineColour, type EscalationPolicy } from '../../domain/escalation.ts';
import { escalationPolicy, type Order } from './api.ts';
import { useI18n, type Locale } from './i18n.tsx';

const H8 = 8 * 3_600_000;
const pad = (n: number) => String(n).padStart(2, '0');

/** 2026-11-21 14:05 (Beijing time). */
export function fmtTime(iso: string | null | undefined, seconds = false): string {
  if (!iso) return '';
  const d = new Date(new Date(iso).getTime() + H8);
  if (Number.isNaN(d.getTime())) return '';
  const s = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
  return seconds ? `${s}:${pad(d.getUTCSeconds())}` : s;
}

/** The Beijing calendar day of an instant: 2026-11-21. */
export function beijingDay(t: number = Date.now()): string {
  const d = new Date(t + H8);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** Midnight (Beijing) starting the day of `t`, as an ISO instant. */
export function startOfBeijingDay(t: number = Date.now()): string {
  return new Date(`${beijingDay(t)}T00:00:00+08:00`).toISOString();
}

/** 3天4小时 / 5小时12分 / 12分30秒 (or 3d 4h …). */
export function fmtDuration(ms: number, l: Locale): string {
  const s = Math.max(0, Math.floor(Math.abs(ms) / 1000));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const en = l === 'en-US';
  if (d > 0) return en ? `${d}d ${h}h` : `${d}天${h}小时`;
  if (h > 0) return en ? `${h}h ${m}m` : `${h}小时${m}分`;
  return en ? `${m}m ${sec}s` : `${m}分${sec}秒`;
}

// ---- one ticker for the whole page ----------------------------------------------------------

let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
function subscribe(fn: () => void) {
  listeners.add(fn);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((f) => f());
    }, 1000);
  }
  return () => {
    listeners.delete(fn);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}
/** The current time, re-rendering every `stepMs` (at least a second). */
export const useNow = (stepMs = 1000) => useSyncExternalStore(subscribe, () => Math.floor(now / stepMs) * stepMs);

// ---- deadline colour (the server's rule: domain/escalation.ts deadlineColourAt) ----------------

export type Colour = DeadlineColour;

let policy: EscalationPolicy = DEFAULT_ESCALATION;
let policyLoaded: Promise<void> | null = null;
/** The centre's escalation policy (the default until it has loaded, or if it cannot load). */
export function usePolicy(): EscalationPolicy {
  const [p, set] = useState(policy);
  useEffect(() => {
    policyLoaded ??= escalationPolicy().then((x) => {
      policy = x;
    }, () => undefined);
    void policyLoaded.then(() => set(policy));
  }, []);
  return p;
}

const ms = (iso: string | null) => (iso ? new Date(iso).getTime() : null);

/** The order's deadline colour at `t`: the same function the server colours its lists with. */
export function colourAt(o: Pick<Order, 'state' | 'handleDue' | 'clockStartedAt'>, t: number, p: EscalationPolicy): Colour {
  return deadlineColourAt(o.state, ms(o.handleDue), ms(o.clockStartedAt), t, p);
}

export const COLOUR_TAG: Record<Colour, string> = { none: 'default', normal: 'green', due_soon: 'gold', overdue: 'red' };

/** The order's handling deadline as a live countdown: green, gold when due soon, red when overdue. */
export function DeadlineTag({ order }: { order: Order }) {
  const t = useNow();
  const p = usePolicy();
  const { t: tr, locale } = useI18n();
  const c = colourAt(order, t, p);
  if (c === 'none') return null;
  const left = new Date(order.handleDue!).getTime() - t;
  const text = c === 'overdue'
    ? tr('已超期 {d}', { d: fmtDuration(left, locale) })
    : c === 'due_soon' ? tr('即将到期 剩{d}', { d: fmtDuration(left, locale) }) : tr('剩{d}', { d: fmtDuration(left, locale) });
  return (
    <Tooltip title={`${tr('办理时限')} ${fmtTime(order.handleDue)}`}>
      <Tag color={COLOUR_TAG[c]} data-colour={c} className="deadline-tag">{text}</Tag>
    </Tooltip>
  );
}

/** For a table row's class: the row's colour now (re-evaluated by the caller's render). */
export function rowColourClass(o: Order, t: number, p: EscalationPolicy): string {
  const c = colourAt(o, t, p);
  return c === 'overdue' ? 'row-overdue' : c === 'due_soon' ? 'row-due-soon' : '';
}
