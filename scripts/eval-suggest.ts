// npx tsx scripts/eval-suggest.ts [--orders 3000]
// The intake suggestion on the demo city, end to end: seeds the demo (a year of orders), trains
// the classifier the way the sweep does (a worker thread, from the closed orders), indexes the
// knowledge base and replies, then times what the intake form calls while an operator types:
// the category suggestion alone (model in memory) and the whole POST /api/intake/suggest work
// (category, unit, duplicates, knowledge). Prints one JSON line. Needs no shared data. Runs on
// an in-memory PGlite.
import { percentile } from '../bench/measure.ts';
import { systemClock, type AppContext } from '../src/app/context.ts';
import { claimTraining, currentModel, modelHistory, runTraining, suggestCategories, trainingExamples } from '../src/app/intake/model.ts';
import { indexSearch } from '../src/app/intake/search.ts';
import { suggestIntake } from '../src/app/intake/suggest.ts';
import { orderTemplates } from '../src/demo/texts.ts';
import { prepareDatabase } from '../src/platform.ts';
import { loadConfig } from '../src/config.ts';
import { getCatalog } from '../src/store/catalog.ts';
import { openDb } from '../src/store/db.ts';

const arg = (name: string, dflt: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const orders = Number(arg('--orders', '3000'));
const pct = (xs: number[], p: number) => Math.round(percentile(xs, p) * 100) / 100;

const db = await openDb({ dataDir: 'memory://' });
try {
  const t0 = performance.now();
  await prepareDatabase(db, { ...loadConfig({}), demo: true, demoOrders: orders }, systemClock, () => undefined);
  const seeded = (performance.now() - t0) / 1000;
  const app: AppContext = { db, clock: systemClock };
  const catalog = await getCatalog(db);
  const examples = (await trainingExamples(db, catalog)).length;
  const claim = await claimTraining(db, new Date(), true);
  const t1 = performance.now();
  const status = await runTraining(app, claim!);
  const trainSeconds = (performance.now() - t1) / 1000;
  while ((await indexSearch(db, new Date())) > 0);
  if (!(await currentModel(db))) throw new Error('no model');
  // Requests as an operator types them: a template's title and the start of what the caller said.
  const inputs = orderTemplates.map((t, i) => ({
    title: t.title, description: t.description.replaceAll('{place}', '正阳路100号').replaceAll('{street}', '城阳街道').replaceAll('{community}', '后田社区').slice(0, 30 + (i % 40)),
    territoryId: null, lng: null, lat: null,
  }));
  for (const x of inputs.slice(0, 10)) await suggestIntake(app, x); // warm up
  const category: number[] = [];
  const whole: number[] = [];
  let right = 0;
  for (const [i, x] of inputs.entries()) {
    let t = performance.now();
    const s = await suggestCategories(db, catalog, x.title, x.description);
    category.push(performance.now() - t);
    const want = catalog.categories.get(s.suggestions[0]?.categoryId ?? -1)?.code ?? '';
    if (orderTemplates[i]!.categoryCode.startsWith(want) && want) right++;
    t = performance.now();
    await suggestIntake(app, x);
    whole.push(performance.now() - t);
  }
  console.log(JSON.stringify({
    demoOrders: orders, seedSeconds: Math.round(seeded), trainingExamples: examples, training: status,
    trainSeconds: Math.round(trainSeconds * 100) / 100,
    heldOut: (await modelHistory(db, 1))[0]?.metrics,
    templatesSuggestedRight: `${right}/${inputs.length}`,
    categoryMs: { p50: pct(category, 50), p95: pct(category, 95) },
    wholeSuggestMs: { p50: pct(whole, 50), p95: pct(whole, 95) },
  }));
} finally {
  await db.close();
}
