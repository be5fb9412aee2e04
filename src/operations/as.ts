// Who an operation runs as: the subject the policy judges and the actor its events record.
import { actorOf, type User } from '../app/auth.ts';
import type { Actor } from '../domain/order.ts';
import type { As } from './operation.ts';

export const asUser = (u: User): As => ({ subject: u, actor: actorOf(u) });

export const RESIDENT: Actor = { userId: null, role: 'resident', unitId: null, name: '市民' };
/** A resident on the portal; `orderId` once they passed the tracking check for that order. */
export const asResident = (orderId: number | null = null): As => ({ subject: { role: 'resident', unitId: null, orderId }, actor: RESIDENT });

export const SYSTEM: Actor = { userId: null, role: 'system', unitId: null, name: '系统' };
/** The platform itself (the sweeps), or a client of its API under its own name. */
export const asSystem = (name = SYSTEM.name, actor?: Actor): As => ({
  subject: { role: 'system', unitId: null },
  actor: actor ?? { ...SYSTEM, name },
});

/** A linked platform, acting through `actor` (the role its message stands for). */
export const asLink = (actor: Actor): As => ({ subject: { role: 'link', unitId: actor.unitId }, actor });
