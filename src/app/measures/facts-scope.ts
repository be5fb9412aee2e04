// A scope as a condition on `measure_facts f` (the order's keys; units: the order's lead unit, or
// the centre unit that took it in). For queries that group orders rather than sum marks: hot
// issues, warnings, the reports' example orders.
import type { Scope } from '../../domain/measures.ts';
import type { Catalog } from '../../store/catalog.ts';

export function factsScopeSql(catalog: Catalog, scope: Scope, params: unknown[], alias = 'f'): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const path = (m: Map<number, { path: string }>) => m.get(Number(scope.key))?.path ?? '/none/';
  switch (scope.dim) {
    case 'all': return 'true';
    case 'unit': return `${alias}.unit_id in (select id from units where path like ${p(path(catalog.units))} || '%')`;
    case 'category': return `${alias}.category_id in (select id from categories where path like ${p(path(catalog.categories))} || '%')`;
    case 'territory': return `${alias}.territory_id in (select id from territories where path like ${p(path(catalog.territories))} || '%')`;
    case 'channel': return `${alias}.channel = ${p(scope.key)}`;
    case 'requestType': return `${alias}.request_type = ${p(scope.key)}`;
  }
}
