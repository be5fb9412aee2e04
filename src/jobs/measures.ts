// Background work of the measures module; see sweeps.ts for the rules every sweep follows.
// 1. Fold the orders whose events changed into the measure tables (the measures read the event
//    log as a consumer; one process folds at a time, the others skip).
// 2. Raise early warnings when today's (or yesterday's) requests surge (a consumer of `accepted`
//    events, keyed by day, category and street).
// 3. Make the scheduled reports that are due (keyed by kind and period), once the measures have
//    folded everything up to the end of the period.
import { refreshMeasures } from '../app/measures/refresh.ts';
import { earlyWarningConsumer } from '../app/measures/warnings.ts';
import { runConsumer } from '../events/consumer.ts';
import { generateDueReports } from '../reports/generate.ts';
import type { Sweep } from './sweeps.ts';

export const measureSweeps: Sweep[] = [
  { name: 'measures', run: (app, now) => refreshMeasures(app.db, now) },
  { name: 'early warnings', run: (app) => runConsumer(app, earlyWarningConsumer) },
  { name: 'scheduled reports', run: (app, now) => generateDueReports(app, now) },
];
