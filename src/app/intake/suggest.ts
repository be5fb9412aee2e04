// What the intake form shows while the operator types: the category the classifier suggests
// (with a confidence and alternatives), the unit the routing rules give for it, open orders that
// look like the same matter at the same place, and knowledge that may answer it at once. And,
// for a unit's reply, the reply check. The UI calls these before submitting; nothing here
// changes an order.
import { pickRoutingRule } from '../../domain/rules.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { loadOrder } from '../../store/orders.ts';
import { checkReply, type ReplyCheck } from '../../text/reply-check.ts';
import type { User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { field, invalid, notFound } from '../errors.ts';
import { categoryPath, territoryPath } from '../../domain/rules.ts';
import { categoryRef, unitRef } from '../orders/present.ts';
import { canSeeOrder } from '../orders/queries.ts';
import { corpusIdf } from './corpus.ts';
import { findDuplicates, type DuplicateHit } from './duplicates.ts';
import { orderText, suggestCategories } from './model.ts';
import { searchKnowledge, type SearchHit } from './search.ts';

export interface SuggestInput {
  title: string;
  description: string;
  territoryId: number | null;
  lng: number | null;
  lat: number | null;
}

export function routeFor(catalog: Catalog, categoryId: number, territoryId: number | null) {
  const r = pickRoutingRule(catalog.routingRules, categoryPath(catalog, categoryId), territoryPath(catalog, territoryId));
  return r ? { ruleId: r.id, leadUnit: unitRef(catalog, r.leadUnitId), assistUnits: r.assistUnitIds.map((u) => unitRef(catalog, u)) } : null;
}

export function checkTerritory(catalog: Catalog, territoryId: number | null, name = 'territoryId'): void {
  if (territoryId !== null && !catalog.territories.has(territoryId)) throw invalid([field(name, '区域不存在', 'No such territory')]);
}

export async function suggestIntake(app: AppContext, input: SuggestInput) {
  const catalog = await getCatalog(app.db);
  checkTerritory(catalog, input.territoryId);
  const [classified, duplicates, knowledge] = await Promise.all([
    suggestCategories(app.db, catalog, input.title, input.description),
    findDuplicates(app.db, catalog, app.clock.now(), input),
    searchKnowledge(app.db, orderText(input.title, input.description), { limit: 5 }),
  ]);
  const withRef = classified.suggestions.map((s) => ({ ...categoryRef(catalog, s.categoryId)!, confidence: s.confidence }));
  const best = withRef[0] ?? null;
  return {
    category: best,
    alternatives: withRef.slice(1),
    unit: best ? routeFor(catalog, best.id, input.territoryId) : null,
    model: classified.version === null ? null : { version: classified.version },
    duplicates: duplicates.map((d) => presentDuplicate(catalog, d)),
    knowledge: knowledge.hits.map((h) => presentHit(catalog, h)),
  };
}

export function presentDuplicate(catalog: Catalog, d: DuplicateHit) {
  const t = d.territoryId === null ? undefined : catalog.territories.get(d.territoryId);
  return { ...d, territory: t ? { id: t.id, name: t.name } : null };
}

export function presentHit(catalog: Catalog, h: SearchHit) {
  return { ...h, category: categoryRef(catalog, h.categoryId) };
}

/** The reply check for an order the user may see. */
export async function checkOrderReply(app: AppContext, user: User, orderId: number, result: string): Promise<ReplyCheck & { orderId: number }> {
  if (!(await canSeeOrder(app, user, orderId))) throw notFound();
  const o = await loadOrder(app.db, orderId);
  if (!o) throw notFound();
  const idf = await corpusIdf(app.db, app.clock.now());
  return { orderId, ...checkReply(o.title, o.description, result, idf) };
}
