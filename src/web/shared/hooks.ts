import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

/** Run `fn` when `deps` change; `reload()` runs it again. A stale answer never overwrites a newer one. */
export function useAsync<T>(fn: () => Promise<T>, deps: DependencyList): Async<T> {
  const [state, set] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: true });
  const seq = useRef(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(() => {
    const n = ++seq.current;
    set((s) => ({ ...s, loading: true }));
    fnRef.current().then(
      (data) => n === seq.current && set({ data, error: null, loading: false }),
      (error: unknown) => n === seq.current && set((s) => ({ data: s.data, error, loading: false })),
    );
  }, []);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(run, deps);
  return { ...state, reload: run };
}

/** The value after it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, set] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => set(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}
