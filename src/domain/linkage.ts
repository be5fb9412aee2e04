// Messages from a linked Minsheng centre, as the steps the other side took (上下联动). The upper
// centre recalls, closes or reopens an order it sent us; the lower centre, standing for a unit of
// our tree, signs for, replies to or returns an order we sent it. Each message is the domain's
// own steps, taken by an actor that stands for the other centre. Pure.
import * as cmd from './commands.ts';
import { evolve, holderUnitId, type NewEvent, type Order } from './order.ts';
import type { Satisfaction } from './types.ts';

const nothing: cmd.Decision = { ok: true, events: [] };

/** A sequence of steps, each judged against the order the previous ones left. */
function chain(o: Order, c: cmd.Ctx, steps: ((cur: Order) => cmd.Decision)[]): cmd.Decision {
  const events: NewEvent[] = [];
  let cur = o;
  for (const step of steps) {
    const d = step(cur);
    if (!d.ok) return d;
    events.push(...d.events);
    for (const e of d.events) cur = evolve(cur, { ...e, seq: cur.version + 1, at: c.now, actor: c.actor });
  }
  return { ok: true, events };
}

const notHolder: cmd.Decision = { ok: false, rejection: { code: 'not_holder', zh: '工单不在本单位办理，无法操作', en: 'The order is not held by your unit' } };

// ---- from the upper centre ------------------------------------------------------------------------

export function upperRecalled(o: Order, c: cmd.Ctx, p: { reason: string | null }): cmd.Decision {
  if (o.state === 'withdrawn' || o.state === 'merged') return nothing;
  return cmd.withdraw(o, c, { reason: p.reason || '上级中心已收回工单' });
}

export function upperClosed(o: Order, c: cmd.Ctx, p: { satisfaction: Satisfaction | null; solved: boolean | null; note: string | null }): cmd.Decision {
  if (o.state === 'closed') return nothing;
  return chain(o, c, [
    (cur) => (cur.state === 'replied'
      ? cmd.callback(cur, c, { reached: true, satisfaction: p.satisfaction ?? 'satisfied', solved: p.solved ?? true, note: p.note ?? '上级中心回访' })
      : nothing),
    (cur) => cmd.close(cur, c, { note: p.note || '上级中心已核实办结' }),
  ]);
}

export function upperReopened(o: Order, c: cmd.Ctx, p: { reason: string | null }): cmd.Decision {
  return cmd.reopen(o, c, { reason: p.reason || '上级中心重办' });
}

// ---- from the lower centre (the actor stands for the unit the link names) ------------------------------

const holds = (o: Order, c: cmd.Ctx) => holderUnitId(o) === c.actor.unitId;

export function lowerSignedFor(o: Order, c: cmd.Ctx, p: { note: string | null }): cmd.Decision {
  // Already signed for, or no longer ours: nothing to do.
  if (o.state !== 'dispatched' || !holds(o, c)) return nothing;
  return cmd.signFor(o, c, p);
}

export function lowerReplied(o: Order, c: cmd.Ctx, p: { result: string; handlerName: string }): cmd.Decision {
  if (!holds(o, c)) return notHolder;
  return chain(o, c, [
    (cur) => (cur.state === 'dispatched' ? cmd.signFor(cur, c, { note: null }) : nothing),
    (cur) => cmd.reply(cur, c, { result: p.result, attachmentIds: [], handlerName: p.handlerName }),
  ]);
}

export function lowerReturned(o: Order, c: cmd.Ctx, p: { reason: string }): cmd.Decision {
  if (!holds(o, c)) return notHolder;
  return cmd.returnOrder(o, c, p);
}
