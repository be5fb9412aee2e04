// The 110 link (非警务警情分流): the police platform hands over matters that are not police
// business, and 12345 hands over police matters that reached it. Both go over a link of kind
// 'police' with the same signed envelope as centre links.
//
// In:  'order.transfer' -> a new order, channel police_110, in the dispatch queue, with the
//      police incident number and the original call time on the order (externalRef). The same
//      incident handed over twice gives the same order.
// Out: POST /api/orders/:id/handover-110 records a `handed_over` event (the order leaves the
//      centre); the outbox sends 'order.handover' to the police platform, and the incident number
//      it answers with is noted on the order (`link_noted`).
import type { Actor, Order } from '../domain/order.ts';
import type { RequestType } from '../domain/types.ts';
import { acceptOrder } from '../app/orders/accept.ts';
import type { User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { runStep } from '../app/orders/step.ts';
import { byCode } from '../domain/catalog.ts';
import { getCatalog } from '../store/catalog.ts';
import { recordInbox, replayed, type Envelope, type Link, type Reply } from './links.ts';

export interface PoliceTransfer {
  incidentNo: string;
  callTime: string;
  policeUnit: string | null;
  title: string | null;
  description: string;
  requestType: RequestType;
  categoryCode: string | null;
  emergency: boolean;
  caller: { name: string | null; phone: string | null; anonymous: boolean; confidential: boolean };
  place: { territoryCode: string | null; address: string | null; lng: number | null; lat: number | null };
}

export async function receiveTransfer(app: AppContext, link: Link, msg: Envelope, t: PoliceTransfer): Promise<Reply> {
  const again = await replayed(app.db, link, msg);
  if (again) return again;
  const catalog = await getCatalog(app.db);
  const category = byCode(catalog.categories, t.categoryCode);
  const territory = byCode(catalog.territories, t.place.territoryCode);
  // The police platform registers the matter (立案) as an operator would: it lands in the dispatch queue.
  const actor: Actor = { userId: null, role: 'operator', unitId: null, name: `110：${link.name}` };
  const externalRef: Record<string, string> = { policeIncidentNo: t.incidentNo, policeCallTime: t.callTime };
  if (t.policeUnit) externalRef.policeUnit = t.policeUnit;
  const title = t.title ?? (t.description.length > 30 ? `${t.description.slice(0, 30)}…` : t.description);
  const r = await acceptOrder(app, actor, {
    channel: 'police_110', requestType: t.requestType, categoryId: category?.id ?? null, grade: 1, emergency: t.emergency, title,
    description: t.description, caller: t.caller,
    place: { territoryId: territory?.id ?? null, address: t.place.address, lng: t.place.lng, lat: t.place.lat },
    externalRef, attachmentIds: [], answer: null, register: true, trackSecret: null,
    // one order per police incident, however often it is handed over
    idempotencyKey: `police110:${link.id}:${t.incidentNo}`,
  });
  const result = { ok: true, applied: !r.replayed, code: r.order.code, state: r.order.state };
  await recordInbox(app.db, link, msg, r.order.id, result, app.clock.now());
  return { status: r.replayed ? 200 : 201, body: result };
}

/** Hand a police matter over to 110: the order leaves the centre; the outbox sends it. */
export function handOverToPolice(app: AppContext, user: User, orderId: number, reason: string): Promise<Order> {
  return runStep(app, user, orderId, async (o, _c, _catalog, tx) => {
    if (!['operator', 'dispatcher', 'admin'].includes(user.role)) {
      return { ok: false, rejection: { code: 'forbidden', zh: '只有话务员、派单员或管理员可以移交 110', en: 'Only an operator, a dispatcher or an administrator may hand an order over to 110' } };
    }
    if (!['accepted', 'pending_dispatch'].includes(o.state)) {
      return { ok: false, rejection: { code: 'invalid_state', zh: '只有尚未派单的工单可以移交 110', en: 'Only an order not yet dispatched can be handed over to 110' } };
    }
    const l = await tx.query<{ id: number }>(`select id from interop_links where kind = 'police' and active order by id limit 1`);
    if (!l.rows[0]) {
      return { ok: false, rejection: { code: 'no_police_link', zh: '尚未配置 110 联动，请管理员先配置', en: 'No 110 link is configured; ask an administrator' } };
    }
    return { ok: true, events: [{ data: { type: 'handed_over', to: 'police_110', linkId: l.rows[0].id }, note: reason }] };
  });
}
