// The domain's commands as the executor runs them, without the database: the policy first (who
// may take the step, how they stand to the order, whether its state allows it), then the
// decision. The pure tests of the loop call these.
import * as domain from '../../src/domain/commands.ts';
import type { Actor, Order } from '../../src/domain/order.ts';
import { authorize as policy } from '../../src/policy/abilities.ts';

export type { Ctx, Decision, DispatchInput } from '../../src/domain/commands.ts';
export { deadlinesFor, recomputeDeadlines } from '../../src/domain/commands.ts';

type Cmd<P, D> = (o: Order, c: domain.Ctx, p: P) => D;
type Refusal = { ok: false; rejection: domain.Rejection };

function as<P, D>(action: domain.Action, f: Cmd<P, D>): Cmd<P, D | Refusal> {
  return (o, c, p) => {
    const r = policy(c.actor, `order.${action}`, o);
    return r ? { ok: false, rejection: r } : f(o, c, p);
  };
}

export const authorize = (action: domain.Action, o: Order, actor: Actor) => policy(actor, `order.${action}`, o);

export const answer = as('answer', domain.answer);
export const register = as('register', domain.register);
export const dispatch = as('dispatch', domain.dispatch);
export const reassign = as('reassign', domain.reassign);
export const signFor = as('signFor', domain.signFor);
export const sendDown = as('sendDown', domain.sendDown);
export const returnOrder = as('return', domain.returnOrder);
export const requestExtension = as('requestExtension', domain.requestExtension);
export const decideExtension = as('decideExtension', domain.decideExtension);
export const assistNote = as('assistNote', domain.assistNote);
export const reply = as('reply', domain.reply);
export const callback = as('callback', domain.callback);
export const reopen = as('reopen', domain.reopen);
export const close = as('close', domain.close);
export const evaluate = as('evaluate', domain.evaluate);
export const supervise = as('supervise', domain.supervise);
export const list = as('list', domain.list);
export const unlist = as('unlist', domain.unlist);
export const withdraw = as('withdraw', domain.withdraw);
export const rate = as('rate', domain.rate);
export const requestReopen = as('requestReopen', domain.requestReopen);

export function merge(o: Order, master: Order, c: domain.Ctx, p: { note: string | null }) {
  const r = policy(c.actor, 'order.merge', o);
  return r ? { ok: false as const, rejection: r } : domain.merge(o, master, c, p);
}
