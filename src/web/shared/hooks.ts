import { createElement, useCallback, useEffect, useRef, useState, type DependencyList } from 'react';
import { App, Button } from 'antd';
import { ApiError, errorText } from './api.ts';
import { useI18n } from './i18n.tsx';

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

/** The retries of every screen part whose load failed now (one message serves them all). */
const failing = new Set<() => void>();
const LOAD_ERROR = 'load-error';

/**
 * Says so when a load fails, instead of leaving an empty screen: one error message for the whole
 * page (the API's own text, in the page's language) with a retry that reloads every load that
 * failed. A 401 is not reported: the staff app goes back to the log-in page.
 */
export function useLoadError(...loads: Async<unknown>[]): void {
  const { message } = App.useApp();
  const { t } = useI18n();
  const latest = useRef(loads);
  latest.current = loads;
  const errors = loads.map((l) => l.error);
  useEffect(() => {
    const e = errors.find((x) => x && !(x instanceof ApiError && x.status === 401));
    if (!e) return;
    const retry = () => latest.current.forEach((l) => l.error && l.reload());
    failing.add(retry);
    const retryAll = () => {
      message.destroy(LOAD_ERROR);
      const all = [...failing];
      failing.clear();
      all.forEach((f) => f());
    };
    message.error({
      key: LOAD_ERROR,
      duration: 10,
      content: createElement('span', { 'data-testid': 'load-error' }, errorText(e), ' ',
        createElement(Button, { size: 'small', type: 'link', onClick: retryAll }, t('重试'))),
    });
    return () => {
      failing.delete(retry);
    };
    // One dependency per load: the same number on every render of a component.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, errors);
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

/**
 * A dialog's save: validate the form, then run `save`; `busy` while it runs, `error` the API's
 * message in the page's language (cleared on the next attempt).
 */
export function useSubmit<V>(form: { validateFields(): Promise<V> }, save: (v: V) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    let v: V;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await save(v);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, submit };
}
