// A scope as a SQL condition on a table with the measures' keys: by default `measure_facts f`
// (units: the order's lead unit, or the centre unit that took it in), for queries that group
// orders rather than sum marks (hot issues, warnings, the reports' example orders); also
// `orders o` with the unit holding the order now (overdue now, ./query.ts).
import type { Scope } from '../../domain/measures.ts';
import type { Catalog } from '../../domain/catalog.ts';

/** The condition, its parameters pushed onto `params`; `alias` names the table, `unitColumn` its unit. */
export function factsScopeSql(catalog: Catalog, scope: Scope, params: unknown[], alias = 'f', unitColumn = 'unit_id'): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const path = (m: Map<number, { path: string }>) => m.get(Number(scope.key))?.path ?? '/none/';
  switch (scope.dim) {
    case 'all': return 'true';
    case 'unit': return `${alias}.${unitColumn} in (select id from units where path like ${p(path(catalog.units))} || '%')`;
    case 'category': return `${alias}.category_id in (select id from categories where path like ${p(path(catalog.categories))} || '%')`;
    case 'territory': return `${alias}.territory_id in (select id from territories where path like ${p(path(catalog.territories))} || '%')`;
    case 'channel': return `${alias}.channel = ${p(scope.key)}`;
    case 'requestType': return `${alias}.request_type = ${p(scope.key)}`;
  }
}
