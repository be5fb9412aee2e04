// Background work of the interop module; see sweeps.ts for the rules every sweep follows. It runs
// on a scheduler of its own (platform.ts), not in SWEEPS: a slow or unreachable peer holds up only
// other deliveries, never escalation or the measures.
// The outbox (src/interop/outbox.ts): new order events become deliveries (webhooks, messages to
// linked platforms), then whatever is due is sent. Both steps are safe in any number of
// processes: the cursor row and each delivery are taken with FOR UPDATE SKIP LOCKED, and a
// delivery's key (event, target, topic) is unique. Deliveries are claimed and leased at the
// clock's time of the claim, not the sweep's start.
import { deliverDue, enqueueOutbox } from '../interop/outbox.ts';
import type { Sweep } from './sweeps.ts';

export const interopSweeps: Sweep[] = [
  { name: 'interop outbox: enqueue', run: (app) => enqueueOutbox(app) },
  { name: 'interop outbox: deliver', run: (app) => deliverDue(app) },
];
