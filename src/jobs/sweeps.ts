// The background work of the main scheduler, in the order one sweep runs them (the interop
// deliveries run on a scheduler of their own: ./interop.ts). Each is a function of the
// database and the time: it reads what is due from the database, does it idempotently, and
// keeps nothing in memory, so any number of processes may run the same sweep.
import type { AppContext } from '../app/context.ts';
import { forgetOldHits } from '../app/throttle.ts';
import { recomputeOpenDeadlines, runEscalation } from './escalation.ts';
import { intakeSweeps } from './intake.ts';
import { measureSweeps } from './measures.ts';

export interface Sweep {
  name: string;
  run(app: AppContext, now: Date): Promise<unknown>;
}

export const SWEEPS: Sweep[] = [
  { name: 'recompute deadlines', run: (app) => recomputeOpenDeadlines(app) },
  { name: 'escalation', run: (app, now) => runEscalation(app, now) },
  ...measureSweeps,
  ...intakeSweeps,
  { name: 'throttle: forget old windows', run: (app, now) => forgetOldHits(app.db, now) },
];
