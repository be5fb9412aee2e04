// Background work of the measures module; see sweeps.ts for the rules every sweep follows.
// 1. Fold new events into the measure tables (one process at a time, the others skip).
// 2. Raise early warnings for today and yesterday (keyed by day, category and street).
// 3. Make the scheduled reports that are due (keyed by kind and period), once the measures have
//    folded everything up to the end of the period.
import { localDate } from '../domain/calendar.ts';
import { raiseWarnings } from '../app/measures/warnings.ts';
import { refreshMeasures } from '../app/measures/refresh.ts';
import { generateDueReports } from '../reports/generate.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Sweep } from './sweeps.ts';

export const measureSweeps: Sweep[] = [
  { name: 'measures', run: (app, now) => refreshMeasures(app.db, now) },
  { name: 'early warnings', run: async (app, now) => raiseWarnings(app.db, await getCatalog(app.db), localDate(now), now) },
  { name: 'scheduled reports', run: (app, now) => generateDueReports(app, now) },
];
