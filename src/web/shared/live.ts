// The live-updates stream (GET /api/live, server-sent events): which orders visible to this user
// changed, on whichever server process. Pages subscribe and refetch; `hello` (first connection
// and every reconnection) asks them to refetch everything, so nothing falls in a gap.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { sessionEnded } from './api.ts';

export type LiveChange = number[] | 'all';
type Fn = (c: LiveChange) => void;

let source: EventSource | null = null;
let status: 'off' | 'connecting' | 'open' = 'off';
const subscribers = new Set<Fn>();
const statusListeners = new Set<() => void>();

function setStatus(s: typeof status) {
  status = s;
  statusListeners.forEach((f) => f());
}

export function startLive(): void {
  if (source || typeof EventSource === 'undefined') return;
  source = new EventSource('/api/live');
  setStatus('connecting');
  source.addEventListener('hello', () => {
    setStatus('open');
    subscribers.forEach((f) => f('all'));
  });
  source.addEventListener('orders', (e) => {
    try {
      const ids = (JSON.parse((e as MessageEvent<string>).data) as { ids: number[] }).ids;
      subscribers.forEach((f) => f(ids));
    } catch {
      // a malformed message: ignore it
    }
  });
  // The session ended (logged out elsewhere, expired, account disabled): back to the log-in page.
  source.addEventListener('expired', () => {
    stopLive();
    sessionEnded();
  });
  source.onerror = () => setStatus('connecting');
}

export function stopLive(): void {
  source?.close();
  source = null;
  setStatus('off');
}

export const useLiveStatus = () => useSyncExternalStore((f) => {
  statusListeners.add(f);
  return () => statusListeners.delete(f);
}, () => status);

/**
 * Calls `refresh` when orders change: for any change when `ids` is not given (a queue where new
 * orders may appear), else only when one of `ids` changed. A change is acted on after 300 ms, and
 * a busy centre's stream of changes refreshes a page at most every 2 seconds.
 */
export function useLive(refresh: () => void, ids?: readonly number[]): void {
  const fn = useRef(refresh);
  fn.current = refresh;
  const watched = useRef(ids);
  watched.current = ids;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const sub: Fn = (c) => {
      const w = watched.current;
      if (c !== 'all' && w && !c.some((id) => w.includes(id))) return;
      if (timer) return;
      const wait = Math.max(300, last + 2000 - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        fn.current();
      }, wait);
    };
    subscribers.add(sub);
    return () => {
      subscribers.delete(sub);
      if (timer) clearTimeout(timer);
    };
  }, []);
}
