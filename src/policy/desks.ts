// The screens of the staff workbench each role works at, in the order its menu lists them (the
// first is where the role lands after logging in). The session hands the list to the web app,
// which draws the menu from it. Every screen needs an ability (the API it is built on), and a
// role's desk holds only screens whose ability the role has (tested in policy.test.ts).
import type { Role } from '../domain/types.ts';
import { can, type Ability } from './abilities.ts';
import type { Subject } from './scopes.ts';

export const SCREEN_NEEDS = {
  intake: 'order.accept',
  dispatch: 'order.dispatch',
  inbox: 'order.signFor',
  callback: 'order.callback',
  supervise: 'order.read',
  overview: 'dashboard.read',
  dashboard: 'dashboard.read',
  reports: 'reports.read',
  orders: 'order.read',
  knowledge: 'config.read',
  units: 'config.write',
  users: 'users.manage',
  categories: 'config.write',
  territories: 'config.write',
  limits: 'config.write',
  routing: 'config.write',
  calendar: 'config.write',
  settings: 'config.write',
} satisfies Record<string, Ability>;

export type Screen = keyof typeof SCREEN_NEEDS;

export const DESKS: Record<Role, readonly Screen[]> = {
  operator: ['intake', 'orders', 'knowledge'],
  dispatcher: ['dispatch', 'orders', 'knowledge'],
  unit_handler: ['inbox', 'orders'],
  callback_agent: ['callback', 'orders'],
  supervisor: ['supervise', 'orders', 'overview', 'dashboard', 'reports'],
  leader: ['overview', 'dashboard', 'reports', 'supervise', 'orders'],
  admin: ['units', 'users', 'categories', 'territories', 'limits', 'routing', 'calendar', 'knowledge', 'settings', 'overview', 'dashboard', 'reports', 'dispatch', 'orders'],
};

/** The screens of this subject's desk, in menu order (none for residents, the system or links). */
export function deskOf(s: Subject): Screen[] {
  const desk = (DESKS as Partial<Record<Subject['role'], readonly Screen[]>>)[s.role] ?? [];
  return desk.filter((screen) => can(s, SCREEN_NEEDS[screen]));
}
