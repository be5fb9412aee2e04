// Dispatch (派单) and reassignment (改派): pick the time-limit rule, check the units, and let the
// domain set the deadlines on the official calendar. Also the preview a dispatcher sees first:
// the unit the routing rules suggest and the deadlines a dispatch now would set.
import * as cmd from '../../domain/commands.ts';
import type { AppliedLimits, Intake, Order, PhoneNotice } from '../../domain/order.ts';
import { pickRoutingRule, pickTimeLimitRule } from '../../domain/rules.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import type { User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { AppError, field, invalid, type FieldError } from '../errors.ts';
import { runStep } from './step.ts';

export function categoryPath(catalog: Catalog, categoryId: number | null): number[] {
  const c = categoryId === null ? undefined : catalog.categories.get(categoryId);
  return c ? ancestry(c.path) : [];
}

export function territoryPath(catalog: Catalog, territoryId: number | null): number[] {
  const t = territoryId === null ? undefined : catalog.territories.get(territoryId);
  return t ? ancestry(t.path) : [];
}

/** The limits the time-limit rules give a request, or null when no rule applies. */
export function findLimits(o: Pick<Intake, 'requestType' | 'categoryId' | 'grade' | 'emergency'>, catalog: Catalog): AppliedLimits | null {
  const rule = pickTimeLimitRule(catalog.timeLimitRules, {
    requestType: o.requestType, categoryPath: categoryPath(catalog, o.categoryId), grade: o.grade, emergency: o.emergency,
  });
  return rule ? { ruleId: rule.id, ruleVersion: rule.version, calendarVersion: catalog.version, signFor: rule.signFor, handle: rule.handle } : null;
}

export function limitsFor(o: Order, catalog: Catalog): AppliedLimits {
  const limits = findLimits(o, catalog);
  if (!limits) throw new AppError(409, 'no_time_limit_rule', '没有适用于该工单的办理时限规则，请管理员配置', 'No time-limit rule applies to this order');
  return limits;
}

export function suggestRoute(o: Order, catalog: Catalog) {
  const r = pickRoutingRule(catalog.routingRules, categoryPath(catalog, o.categoryId), territoryPath(catalog, o.place.territoryId));
  return r ? { ruleId: r.id, leadUnitId: r.leadUnitId, assistUnitIds: r.assistUnitIds } : null;
}

function checkUnits(catalog: Catalog, leadUnitId: number, assistUnitIds: number[]): void {
  const errors: FieldError[] = [];
  const usable = (id: number) => {
    const u = catalog.units.get(id);
    return !!u && u.active && u.kind !== 'centre';
  };
  if (!usable(leadUnitId)) errors.push(field('leadUnitId', '主办单位不存在或已停用', 'No such lead unit, or it is disabled'));
  assistUnitIds.forEach((id, i) => {
    if (!usable(id)) errors.push(field(`assistUnitIds.${i}`, '协办单位不存在或已停用', 'No such assisting unit, or it is disabled'));
  });
  if (errors.length) throw invalid(errors);
}

export interface DispatchBody {
  leadUnitId: number;
  assistUnitIds: number[];
  phoneNotice: PhoneNotice | null;
  note: string | null;
}

export function dispatchOrder(app: AppContext, user: User, id: number, body: DispatchBody): Promise<Order> {
  return runStep(app, user, id, (o, c, catalog) => {
    checkUnits(catalog, body.leadUnitId, body.assistUnitIds);
    return cmd.dispatch(o, c, { ...body, limits: limitsFor(o, catalog) });
  });
}

export function reassignOrder(app: AppContext, user: User, id: number, body: Omit<DispatchBody, 'phoneNotice'> & { note: string }): Promise<Order> {
  return runStep(app, user, id, (o, c, catalog) => {
    checkUnits(catalog, body.leadUnitId, body.assistUnitIds);
    return cmd.reassign(o, c, { ...body, limits: limitsFor(o, catalog) });
  });
}

export function sendDownOrder(app: AppContext, user: User, id: number, body: { toUnitId: number; note: string | null }): Promise<Order> {
  return runStep(app, user, id, (o, c, catalog) => {
    const to = catalog.units.get(body.toUnitId);
    const from = catalog.units.get(user.unitId);
    if (!to || !to.active) throw invalid([field('toUnitId', '下派单位不存在或已停用', 'No such unit, or it is disabled')]);
    const below = !!from && to.id !== from.id && to.path.startsWith(from.path);
    return cmd.sendDown(o, c, { toUnitId: to.id, toUnitIsBelow: below, note: body.note });
  });
}
