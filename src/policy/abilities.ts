// Who may do what: every ability of the platform and the rule that grants it, in one table.
// The server asks `authorize` before it acts (the operation executor, every route); the session
// and the presenters hand the same answers to the web app (`abilitiesOf`, `orderActions`), which
// draws its menus and buttons from them and keeps no list of roles of its own.
//
// A rule names the roles that hold the ability, and for an order, how the viewer must stand to it
// (the unit holding it now, an assisting unit) and the step of the loop whose state rule applies
// (src/domain/commands.ts, STEP_STATES). Which orders and units a viewer reaches is the scope
// (./scopes.ts). Pure: no I/O.
import { ACTION_ZH, ACTIONS, stepAllowed, type Action, type Rejection } from '../domain/commands.ts';
import { holderUnitId, type Order } from '../domain/order.ts';
import { ROLES, type Role } from '../domain/types.ts';
import type { Subject } from './scopes.ts';

export type Who = Subject['role'];

export interface Rule {
  who: readonly Who[];
  /** Only a user of the unit that holds the order now (the end of the send-down chain). */
  holder?: boolean;
  /** Only a user of an assisting unit. */
  assisting?: boolean;
  /** The step of the loop whose state rule the order must meet. */
  step?: Action;
  /** Reaches only what is within the subject's scope (./scopes.ts): a unit's subtree. */
  scoped?: boolean;
  /** The answer to someone who may not, when it says more than the general one. */
  refusal?: { zh: string; en: string };
}

// Groups of roles, named once.
const STAFF: readonly Role[] = ROLES;
const CENTRE: readonly Role[] = ROLES.filter((r) => r !== 'unit_handler');
const INTAKE: readonly Role[] = ['operator', 'dispatcher', 'admin'];
const DISPATCH: readonly Role[] = ['dispatcher', 'admin'];
const SUPERVISION: readonly Role[] = ['supervisor', 'admin'];
const LEADERSHIP: readonly Role[] = ['leader', 'supervisor', 'admin'];
const ADMIN: readonly Role[] = ['admin'];

/** Who takes each step of the closed loop, and how they must stand to the order. */
const STEPS: Record<Action, Omit<Rule, 'step'>> = {
  answer: { who: INTAKE },
  register: { who: INTAKE },
  dispatch: { who: DISPATCH },
  reassign: { who: DISPATCH },
  signFor: { who: ['unit_handler'], holder: true },
  sendDown: { who: ['unit_handler'], holder: true },
  return: { who: ['unit_handler'], holder: true },
  requestExtension: { who: ['unit_handler'], holder: true },
  decideExtension: { who: DISPATCH },
  assistNote: { who: ['unit_handler'], assisting: true },
  reply: { who: ['unit_handler'], holder: true },
  callback: { who: ['callback_agent', 'admin'] },
  reopen: { who: ['callback_agent', 'dispatcher', 'supervisor', 'admin'] },
  close: { who: ['callback_agent', 'dispatcher', 'admin'] },
  evaluate: { who: ['supervisor', 'leader', 'dispatcher', 'admin'] },
  merge: { who: INTAKE },
  supervise: { who: SUPERVISION },
  list: { who: SUPERVISION },
  unlist: { who: SUPERVISION },
  withdraw: { who: ['resident', 'operator', 'admin'] },
  rate: { who: ['resident'] },
  requestReopen: { who: ['resident'] },
};

type StepAbility = `order.${Action}`;
const stepRules = Object.fromEntries(ACTIONS.map((a) => [`order.${a}`, { ...STEPS[a], step: a }])) as Record<StepAbility, Rule>;

export const ABILITIES = {
  ...stepRules,
  // ---- orders beyond the loop's steps ----
  /** Take a request in: staff at the intake desk, a resident on the portal, an API client, a linked platform. */
  'order.accept': { who: [...INTAKE, 'resident', 'system', 'link'] },
  /** Read orders and their timelines: staff within their scope; a resident the one order they proved. */
  'order.read': { who: [...STAFF, 'resident', 'system', 'link'], scoped: true },
  /** The name and phone of a caller who asked for confidentiality (保密): the centre's staff; units see them masked. */
  'order.callerDetails': { who: CENTRE },
  'order.dispatchPreview': { who: ['dispatcher', 'admin', 'operator', 'supervisor'] },
  'order.export': { who: STAFF, scoped: true },
  'order.handOverToPolice': {
    who: INTAKE,
    refusal: { zh: '只有话务员、派单员或管理员可以移交 110', en: 'Only an operator, a dispatcher or an administrator may hand an order over to 110' },
  },
  'order.returnUpstream': {
    who: DISPATCH,
    refusal: { zh: '只有派单员或管理员可以退回上级中心', en: 'Only a dispatcher or an administrator may return an order to the upper centre' },
  },
  /** Historical orders with their whole story: the import of a file, the demo city. */
  'order.import': { who: [...ADMIN, 'system'] },
  /** The background sweeps: escalation, deadlines recomputed after a configuration change, notes of what a peer answered. */
  'order.escalate': { who: ['system'] },
  'order.recomputeDeadlines': { who: ['system'] },
  'order.noteLink': { who: ['system'] },
  /** A signed message from a linked platform applied as the step the other side took. */
  'order.applyLinkMessage': { who: ['link'] },

  // ---- attachments ----
  'attachment.upload': { who: [...STAFF, 'resident'] },
  'attachment.read': { who: STAFF, scoped: true },

  // ---- measures, assessment, reports, warnings, the dashboard ----
  'measures.read': { who: STAFF, scoped: true },
  'measures.verify': { who: ADMIN },
  'assessment.rules.read': { who: STAFF },
  'assessment.rules.write': { who: ADMIN },
  'assessment.ranking.read': { who: STAFF },
  'assessment.unit.read': { who: STAFF, scoped: true },
  'reports.read': { who: CENTRE },
  'reports.generate': { who: LEADERSHIP },
  'warnings.read': { who: CENTRE },
  'warnings.acknowledge': { who: LEADERSHIP },
  'dashboard.read': { who: CENTRE },

  // ---- smart intake ----
  'intake.suggest': { who: [...INTAKE, 'supervisor'] },
  'intake.search': { who: STAFF },
  /** How closed orders were answered: centre staff only (units search knowledge articles). */
  'intake.search.replies': { who: CENTRE },
  'intake.hotIssues': { who: ['leader', 'supervisor', 'dispatcher', 'admin'] },
  'intake.replyCheck': { who: STAFF, scoped: true },
  'intake.segment': { who: STAFF },
  'intake.model.read': { who: ['admin', 'leader', 'dispatcher', 'supervisor'] },
  'intake.model.train': { who: ADMIN },

  // ---- configuration ----
  /** Units, rules, the calendar, the escalation policy and the knowledge base, as the pickers and desks need them. */
  'config.read': { who: STAFF },
  'config.write': { who: ADMIN },
  'users.manage': { who: ADMIN },
  'interop.manage': { who: ADMIN },
} satisfies Record<string, Rule>;

export type Ability = keyof typeof ABILITIES;
export const ABILITY_LIST = Object.keys(ABILITIES) as Ability[];

const ruleOf = (a: Ability): Rule => ABILITIES[a];

/**
 * May this subject exercise this ability (on this order)? Null when it may; otherwise the reason:
 * `forbidden`, `not_holder` or `not_assisting` (who: 403) or `invalid_state` (when: 409).
 */
export function authorize(s: Subject, ability: Ability, order?: Order): Rejection | null {
  const rule = ruleOf(ability);
  if (!rule.who.includes(s.role)) {
    if (rule.refusal) return { code: 'forbidden', ...rule.refusal };
    if (rule.step) return { code: 'forbidden', zh: `当前角色无权执行“${ACTION_ZH[rule.step]}”`, en: `Your role may not ${rule.step}` };
    return { code: 'forbidden', zh: '无权执行此操作', en: 'You may not do this' };
  }
  if (!order) return null;
  if (rule.holder && (s.unitId === null || holderUnitId(order) !== s.unitId)) {
    return { code: 'not_holder', zh: '工单不在本单位办理，无法操作', en: 'The order is not held by your unit' };
  }
  if (rule.assisting && (s.unitId === null || !order.assistUnitIds.includes(s.unitId))) {
    return { code: 'not_assisting', zh: '本单位不是该工单的协办单位', en: 'Your unit does not assist on this order' };
  }
  if (rule.step) return stepAllowed(rule.step, order);
  return null;
}

export const can = (s: Subject, ability: Ability, order?: Order): boolean => authorize(s, ability, order) === null;

/** The steps of the loop this viewer may take on this order now: the UI shows exactly these. */
export function orderActions(o: Order, s: Subject): Action[] {
  return ACTIONS.filter((a) => authorize(s, `order.${a}`, o) === null);
}

/** Every ability the subject's role holds (before any order or scope is considered): the session hands it to the web app. */
export function abilitiesOf(s: Subject): Ability[] {
  return ABILITY_LIST.filter((a) => ruleOf(a).who.includes(s.role));
}

/** Whether an ability reaches only the subject's scope. */
export const isScoped = (a: Ability): boolean => !!ruleOf(a).scoped;
