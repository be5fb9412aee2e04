import * as api from '../../shared/api.ts';
import { useAsync, useLoadError } from '../../shared/hooks.ts';
import { useLive } from '../../shared/live.ts';

/** How many orders each named filter selects (tab badges), kept current by live updates. */
export function useCounts(filters: Record<string, api.OrderFilter>, reloadKey?: unknown): Record<string, number> {
  const key = JSON.stringify(filters);
  const r = useAsync(async () => {
    const entries = await Promise.all(Object.entries(filters).map(async ([k, f]) => [k, await api.countOrders(f)] as const));
    return Object.fromEntries(entries);
  }, [key, reloadKey]);
  useLive(r.reload);
  useLoadError(r);
  return r.data ?? {};
}
