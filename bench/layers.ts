// Between the raw INSERT and the HTTP accept: the same work without HTTP, so the report can say
// which layer costs what.
//  - direct: the platform's own accept operation run by the executor in-process (its catalog check and its
//    write), no HTTP;
//  - store only: the platform's own `createOrder` with the accept's events, the one autocommit
//    statement that takes the day's case counter and writes the order, its events, units and
//    attachment links; no catalog check;
//  - what-if, codes supplied: that same `createOrder` given a case code made in the process
//    (the path imports use), so the statement skips the day's counter row: what numbering from
//    a sequence would cost (not gapless). Its codes ('W…') are not of any day, so today's case
//    numbers are not touched.
import { accept, type AcceptInput } from '../src/operations/accept.ts';
import { asSystem } from '../src/operations/as.ts';
import { create } from '../src/operations/executor.ts';
import type { AppContext } from '../src/app/context.ts';
import { intakeOf, type Actor, type OrderEvent } from '../src/domain/order.ts';
import { createOrder } from '../src/store/orders.ts';
import { closedLoop, type RateResult } from './measure.ts';

export interface LayerResult extends RateResult {
  label: string;
  /** A shape the platform does not run (reported as a what-if). */
  whatIf: boolean;
}

export function acceptInput(categoryId: number, territoryId: number): AcceptInput {
  return {
    channel: 'phone', requestType: 'complaint', categoryId, grade: 1, emergency: false,
    title: '夜间施工噪声扰民',
    description: '来电人反映小区旁工地每天夜里十一点以后仍在施工，噪声很大，影响休息，希望有关部门尽快处理。',
    caller: { name: '王丽', phone: '13900001234', anonymous: false, confidential: false },
    place: { territoryId, address: '青岛市城阳区城阳街道正阳路 100 号', lng: null, lat: null },
    externalRef: null, attachmentIds: [], answer: null, register: false, trackSecret: null,
  };
}

type Layer = { app: AppContext; actor: Actor; input: AcceptInput; concurrency: number; seconds: number };

const measured = async (label: string, whatIf: boolean, o: Layer, once: () => Promise<unknown>): Promise<LayerResult> =>
  ({ label, whatIf, ...(await closedLoop(o.concurrency, o.seconds, once)) });

export function directAccept(o: Layer): Promise<LayerResult> {
  return measured('create(accept) in-process, no HTTP', false, o, () => create(o.app, accept, o.input, asSystem(o.actor.name, o.actor)));
}

/** The accept's events as the accept operation builds them for this input (accepted only: no answer, no registering). */
function acceptEvents(o: Layer): OrderEvent[] {
  const data = { type: 'accepted' as const, ...intakeOf(o.input), attachmentIds: o.input.attachmentIds };
  return [{ seq: 1, at: o.app.clock.now(), actor: o.actor, note: null, data }];
}

export function storeOnly(o: Layer): Promise<LayerResult> {
  return measured('store only: createOrder(), the platform\'s accept statement without the catalog check', false, o,
    () => createOrder(o.app.db, { events: acceptEvents(o) }));
}

let supplied = 0;

export function codesSupplied(o: Layer): Promise<LayerResult> {
  const prefix = `W${process.pid}-`;
  return measured('createOrder() with the case code supplied: no counter row, as numbering from a sequence would be (not gapless)', true, o,
    () => createOrder(o.app.db, { events: acceptEvents(o), code: prefix + String(++supplied).padStart(6, '0') }));
}
