// How the leaders' screens stay current without a storm of requests: a busy centre's live stream
// says "something changed" several times a second, but counters read at a glance need not follow
// every change. `useRefresh` reloads on the live stream at most every `minMs`, and every
// `everyMs` with no change (numbers that move with time alone: overdue now, the measures folded
// by the background job); never while the tab is hidden, and at once when it is shown again
// after its data went stale.
import { useEffect, useRef } from 'react';
import { useLive } from '../../shared/live.ts';

export interface RefreshOptions {
  /** Reload on live changes, at most this often (ms). Omit: live changes are ignored. */
  minMs?: number;
  /** Reload this often (ms) whatever happens. Omit: no timer. */
  everyMs?: number;
}

export function useRefresh(reload: () => void, { minMs, everyMs }: RefreshOptions): void {
  const fn = useRef(reload);
  fn.current = reload;
  // The first load happens on mount (useAsync): count it.
  const last = useRef(Date.now());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  /** A live change came while hidden: reload when shown. */
  const missed = useRef(false);

  const hidden = () => typeof document !== 'undefined' && document.visibilityState === 'hidden';
  const run = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    if (hidden()) {
      missed.current = true;
      return;
    }
    missed.current = false;
    last.current = Date.now();
    fn.current();
  };

  useLive(() => {
    if (minMs === undefined || timer.current) return;
    timer.current = setTimeout(run, Math.max(0, last.current + minMs - Date.now()));
  });

  useEffect(() => {
    const tick = everyMs === undefined ? null : setInterval(() => {
      if (Date.now() - last.current >= everyMs - 500) run();
    }, Math.min(everyMs, 10_000));
    const shown = () => {
      if (hidden()) return;
      const stale = missed.current || (everyMs !== undefined && Date.now() - last.current >= everyMs);
      if (stale) run();
    };
    document.addEventListener('visibilitychange', shown);
    return () => {
      if (tick) clearInterval(tick);
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
      document.removeEventListener('visibilitychange', shown);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [everyMs]);
}
