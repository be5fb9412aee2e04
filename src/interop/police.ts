// The 110 link (非警务警情分流): the police platform hands over matters that are not police
// business, and 12345 hands over police matters that reached it. Both go over a link of kind
// 'police' with the same signed envelope as centre links.
//
// In:  'order.transfer' -> a new order, channel police_110, in the dispatch queue, with the
//      police incident number and the original call time on the order (externalRef). The same
//      incident handed over twice gives the same order.
// Out: POST /api/orders/:id/handover-110 (src/operations/handOverToPolice.ts) records a
//      `handed_over` event (the order leaves the centre); the outbox sends 'order.handover' to the
//      police platform, and the incident number it answers with is noted on the order (`link_noted`).
import type { AppContext } from '../app/context.ts';
import { byCode } from '../domain/catalog.ts';
import { titleFrom } from '../domain/intake.ts';
import type { Actor } from '../domain/order.ts';
import type { RequestType } from '../domain/types.ts';
import { accept } from '../operations/accept.ts';
import { asLink } from '../operations/as.ts';
import { create } from '../operations/executor.ts';
import type { Created } from '../operations/operation.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Link } from '../store/links.ts';
import { recordInbox, replayed, type Envelope, type Reply } from './links.ts';

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
  const answer = (r: Created) => ({ ok: true, applied: !r.replayed, code: r.order.code, state: r.order.state });
  const r = await create(app, accept, {
    channel: 'police_110', requestType: t.requestType, categoryId: category?.id ?? null, grade: 1, emergency: t.emergency,
    title: t.title ?? titleFrom(t.description), description: t.description, caller: t.caller,
    place: { territoryId: territory?.id ?? null, address: t.place.address, lng: t.place.lng, lat: t.place.lat },
    externalRef, attachmentIds: [], answer: null, register: true, trackSecret: null,
  }, asLink(actor), {
    // one order per police incident, however often it is handed over
    key: `police110:${link.id}:${t.incidentNo}`,
    within: async (tx, done) => {
      await recordInbox(tx, link, msg, done.order.id, answer(done), app.clock.now());
    },
  });
  // The same incident handed over again in another message: that message is answered with the first order.
  if (r.replayed) await recordInbox(app.db, link, msg, r.order.id, answer(r), app.clock.now());
  return { status: r.replayed ? 200 : 201, body: answer(r) };
}
