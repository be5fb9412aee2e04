// The unit the routing rules give a category at a place, computed in the browser with the pure
// function the server uses (domain/rules.ts) over the cached configuration: no request per row.
import { useMemo } from 'react';
import { pickRoutingRule } from '../../../domain/rules.ts';
import * as api from '../../shared/api.ts';
import { useAsync, useLoadError } from '../../shared/hooks.ts';
import { pathIds } from '../../shared/trees.ts';

export type RuleUnit = (categoryId: number | null | undefined, territoryId: number | null | undefined) => api.Unit | null;

export function useRuleUnit(): RuleUnit {
  const data = useAsync(() => Promise.all([api.routingRules(), api.categories(), api.territories(), api.units()]), []);
  useLoadError(data);
  return useMemo(() => {
    if (!data.data) return () => null;
    const [rules, cats, ts, us] = data.data;
    const byId = new Map(us.map((u) => [u.id, u]));
    return (categoryId, territoryId) => {
      if (!categoryId) return null;
      const r = pickRoutingRule(rules, pathIds(cats, categoryId).reverse(), pathIds(ts, territoryId ?? null).reverse());
      return r ? byId.get(r.leadUnitId) ?? null : null;
    };
  }, [data.data]);
}
