// Hand-overs out of the centre: a police matter to the police platform (110), and an order the
// upper centre sent back to it (上下联动). Either way the order leaves the centre (`handed_over`),
// and only before a unit has it. Pure: the link it goes over is looked up by the caller.
import type { Decision } from './commands.ts';
import type { Order } from './order.ts';

const BEFORE_DISPATCH = ['accepted', 'pending_dispatch'];

export function handOverToPolice(o: Order, p: { reason: string; policeLinkId: number | null }): Decision {
  if (!BEFORE_DISPATCH.includes(o.state)) {
    return { ok: false, rejection: { code: 'invalid_state', zh: '只有尚未派单的工单可以移交 110', en: 'Only an order not yet dispatched can be handed over to 110' } };
  }
  if (p.policeLinkId === null) {
    return { ok: false, rejection: { code: 'no_police_link', zh: '尚未配置 110 联动，请管理员先配置', en: 'No 110 link is configured; ask an administrator' } };
  }
  return { ok: true, events: [{ data: { type: 'handed_over', to: 'police_110', linkId: p.policeLinkId }, note: p.reason }] };
}

/** `upperLinkId`: the link the order came in over, while it is still linked (null: it did not come from an upper centre). */
export function returnUpstream(o: Order, p: { reason: string; upperLinkId: number | null }): Decision {
  if (p.upperLinkId === null) {
    return { ok: false, rejection: { code: 'not_from_upper_centre', zh: '该工单不是上级中心转来的，无法退回', en: 'This order did not come from an upper centre' } };
  }
  if (!BEFORE_DISPATCH.includes(o.state)) {
    return { ok: false, rejection: { code: 'invalid_state', zh: '工单已派给承办单位，请先收回（改派或等待退单）再退回上级中心', en: 'The order is with a unit: get it back before returning it to the upper centre' } };
  }
  return { ok: true, events: [{ data: { type: 'handed_over', to: 'upper_centre', linkId: p.upperLinkId }, note: p.reason }] };
}
