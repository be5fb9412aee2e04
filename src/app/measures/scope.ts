// Scopes and periods as the API takes them, checked against the catalog and the viewer: a unit
// handler sees the measures of their own unit and the units below it, nothing else.
import { DIMS, DIM_ZH, type Dim, type Scope } from '../../domain/measures.ts';
import { CHANNEL_ZH, CHANNELS, REQUEST_TYPE_ZH, REQUEST_TYPES } from '../../domain/types.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { reachesCentre, scopeOf, unitInScope } from '../../policy/scopes.ts';
import type { User } from '../auth.ts';
import { field, forbidden, invalid } from '../errors.ts';

/** 'all', 'unit:12', 'category:3', 'territory:7', 'channel:phone', 'requestType:complaint'. */
export function parseScope(s: string): Scope | null {
  if (s === 'all' || s === '') return { dim: 'all', key: '' };
  const i = s.indexOf(':');
  if (i < 0) return null;
  const dim = s.slice(0, i) as Dim;
  const key = s.slice(i + 1);
  if (!DIMS.includes(dim) || dim === 'all') return null;
  if (dim === 'unit' || dim === 'category' || dim === 'territory') return /^[1-9]\d{0,8}$/.test(key) ? { dim, key } : null;
  if (dim === 'channel') return (CHANNELS as readonly string[]).includes(key) ? { dim, key } : null;
  return (REQUEST_TYPES as readonly string[]).includes(key) ? { dim, key } : null;
}

export const formatScope = (s: Scope) => (s.dim === 'all' ? 'all' : `${s.dim}:${s.key}`);

function node(catalog: Catalog, s: Scope) {
  const id = Number(s.key);
  if (s.dim === 'unit') return catalog.units.get(id);
  if (s.dim === 'category') return catalog.categories.get(id);
  if (s.dim === 'territory') return catalog.territories.get(id);
  return undefined;
}

/** A scope that exists, or a 400 on the field. */
export function checkScope(catalog: Catalog, s: Scope, fieldName = 'query.scope'): Scope {
  if ((s.dim === 'unit' || s.dim === 'category' || s.dim === 'territory') && !node(catalog, s)) {
    throw invalid([field(fieldName, `${DIM_ZH[s.dim]}不存在`, `No such ${s.dim}`)]);
  }
  return s;
}

export function scopeLabel(catalog: Catalog, s: Scope): string {
  switch (s.dim) {
    case 'all': return '全部';
    case 'channel': return CHANNEL_ZH[s.key as keyof typeof CHANNEL_ZH] ?? s.key;
    case 'requestType': return REQUEST_TYPE_ZH[s.key as keyof typeof REQUEST_TYPE_ZH] ?? s.key;
    default: return node(catalog, s)?.name ?? s.key;
  }
}

/** Centre staff see every scope; a unit handler only their unit's subtree. */
export function authorizeScope(user: User, catalog: Catalog, s: Scope): void {
  const reach = scopeOf(user);
  if (reach.kind === 'centre') return;
  const u = s.dim === 'unit' ? catalog.units.get(Number(s.key)) : undefined;
  if (!unitInScope(reach, u)) {
    throw forbidden('承办单位只能查看本单位及下级单位的指标', 'A unit may only see the measures of itself and the units below it');
  }
}

/** The viewer's default scope: everything for centre staff, their unit for a unit handler. */
export function defaultScope(user: User): Scope {
  return reachesCentre(user) ? { dim: 'all', key: '' } : { dim: 'unit', key: String(user.unitId) };
}
