// Background work of the intake module; see sweeps.ts for the rules every sweep follows.
// - word statistics: today's (src/app/intake/corpus.ts), built in each process as the day starts
//   so that the first suggestion of a day does not wait for them (later sweeps find them kept);
// - search index: knowledge articles and closed orders' replies, read incrementally (order_events
//   by id); one process at a time through a try-advisory-lock, the rest skip;
// - classifier retrain: when enough orders closed (or texts were imported) since the current
//   model, one process claims the next version and trains it in a worker thread. The sweep
//   returns at once; the training finishes in the background;
// - hot-issue warnings: a consumer of new requests; today's (and yesterday's) clustered again at
//   most every ten minutes (one process claims the run), surges raised into `warnings`.
import { corpusIdf } from '../app/intake/corpus.ts';
import { hotWarningConsumer } from '../app/intake/hot-warnings.ts';
import { startRetrainIfDue } from '../app/intake/model.ts';
import { indexSearch } from '../app/intake/search.ts';
import { runConsumer } from '../events/consumer.ts';
import type { Sweep } from './sweeps.ts';

export const intakeSweeps: Sweep[] = [
  { name: 'intake: word statistics', run: async (app, now) => (await corpusIdf(app.db, now)).n },
  { name: 'intake: search index', run: (app, now) => indexSearch(app.db, now) },
  { name: 'intake: classifier retrain', run: (app, now) => startRetrainIfDue(app, now) },
  { name: 'intake: hot-issue warnings', run: (app) => runConsumer(app, hotWarningConsumer) },
];
