// Evaluation: does a foreign export map cleanly? Imports the real NYC 311 samples of
// ../shared/data/nyc311/ into an embedded database with the demo city, through the same code as
// POST /api/import/orders with the nyc311 profile (complaint types -> categories, agencies -> units,
// New York times -> instants), and prints the validation report's summary: how many rows map,
// which are dirty and why. Then it imports the clean rows for real (all or nothing, one
// transaction) and checks that every imported order's projection is the fold of its events.
//
//   npx tsx scripts/eval-import-nyc311.ts            (both samples)
//   npx tsx scripts/eval-import-nyc311.ts --json     (the reports as JSON)
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import type { User } from '../src/app/auth.ts';
import { ManualClock } from '../src/app/context.ts';
import { loadConfig } from '../src/config.ts';
import { fold } from '../src/domain/order.ts';
import { importOrders } from '../src/interop/importer/import.ts';
import { prepareDatabase } from '../src/platform.ts';
import { openDb } from '../src/store/db.ts';
import { docToOrder, loadEvents } from '../src/store/orders.ts';
import { sql } from '../src/store/sql.ts';

const DIR = fileURLToPath(new URL('../../shared/data/nyc311/', import.meta.url));
const FILES = ['nyc311_2023-02-28_sample4999.csv', 'nyc311_2014-2019_sample1000.csv'];
const asJson = process.argv.includes('--json');

if (!existsSync(DIR)) {
  console.log(`skipped: ${DIR} is absent (the NYC 311 samples are not part of the repository: they state no licence)`);
  process.exit(0);
}

const clock = new ManualClock(new Date());
const db = await openDb({ dataDir: 'memory://' });
await prepareDatabase(db, { ...loadConfig({}), demo: true, demoOrders: 50 }, clock, () => undefined);
const app = { db, clock };
const u = await db.query<User>(sql`select u.id, u.username, u.name, u.role, u.unit_id as "unitId", n.name as "unitName", n.path as "unitPath"
   from users u join units n on n.id = u.unit_id where u.username = 'admin1'`);
const admin = u.rows[0]!;

type Report = {
  rows: number; valid: number; invalid: number; imported: number; errorCount: number; warningCount: number;
  errors: Array<{ row: number }>;
  summary: {
    errorsByReason: Array<{ column: string | null; message: string; messageEn: string; count: number; rows: number[] }>;
    warningsByReason: Array<{ column: string | null; messageEn: string; count: number }>;
    states: Record<string, number>; channels: Record<string, number>;
    categories: Array<{ code: string | null; name: string; count: number }>;
    units: Array<{ code: string | null; name: string; count: number }>;
    acceptedFrom: string | null; acceptedTo: string | null;
  };
};

const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;

for (const f of FILES) {
  const path = DIR + f;
  if (!existsSync(path)) {
    console.log(`skipped: ${f} is absent`);
    continue;
  }
  const text = readFileSync(path, 'utf8');
  const dry = await importOrders(app, admin, { profile: 'nyc311', format: 'csv', content: text, fileName: f, dryRun: true });
  const rep = (dry.body as { report: Report }).report;

  // All or nothing: import what maps, without the rows the report names.
  const bad = new Set(rep.errors.map((e) => e.row));
  const lines = (await import('csv-parse/sync')).parse(text, { relax_column_count: true, relax_quotes: true }) as string[][];
  const { stringify } = await import('csv-stringify/sync');
  const clean = stringify([lines[0]!, ...lines.slice(1).filter((_, i) => !bad.has(i + 2))]);
  const started = performance.now();
  const done = await importOrders(app, admin, { profile: 'nyc311', format: 'csv', content: clean, fileName: f, dryRun: false });
  const ms = performance.now() - started;
  const imported = (done.body as { report: Report }).report;

  // Every imported order's stored state is the fold of its events.
  const rows = await db.query<{ id: number; code: string; doc: Record<string, unknown> }>(sql`select o.id, o.code, o.doc from orders o join imported_orders i on i.order_id = o.id join import_batches b on b.id = i.batch_id where b.file_name = ${f}`);
  let mismatches = 0;
  for (const r of rows.rows) {
    const a = JSON.parse(JSON.stringify(docToOrder(r.doc)));
    const b = JSON.parse(JSON.stringify(fold(r.id, r.code, await loadEvents(db, r.id))));
    if (!isDeepStrictEqual(a, b)) mismatches++;
  }

  if (asJson) {
    console.log(JSON.stringify({ file: f, dryRun: rep, imported: imported.imported, importMs: Math.round(ms), foldMismatches: mismatches }, null, 2));
    continue;
  }
  console.log(`\n== ${f}`);
  console.log(`rows ${rep.rows}: ${rep.valid} map cleanly (${pct(rep.valid, rep.rows)}), ${rep.invalid} refused; ${rep.warningCount} warnings`);
  console.log(`accepted from ${rep.summary.acceptedFrom} to ${rep.summary.acceptedTo}`);
  console.log('refused rows, by reason:');
  for (const e of rep.summary.errorsByReason) console.log(`  ${String(e.count).padStart(5)}  [${e.column}] ${e.messageEn}   (rows ${e.rows.slice(0, 6).join(', ')}${e.count > 6 ? ', …' : ''})`);
  console.log('warnings (imported), by reason:');
  for (const w of rep.summary.warningsByReason) console.log(`  ${String(w.count).padStart(5)}  [${w.column}] ${w.messageEn}`);
  console.log(`states: ${Object.entries(rep.summary.states).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`channels: ${Object.entries(rep.summary.channels).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  console.log(`top categories: ${rep.summary.categories.slice(0, 8).map((c) => `${c.name} ${c.count}`).join(', ')}`);
  console.log(`units: ${rep.summary.units.map((c) => `${c.code ?? 'centre'} ${c.count}`).join(', ')}`);
  console.log(`imported ${imported.imported} orders in one transaction in ${(ms / 1000).toFixed(1)} s; projection = fold of events: ${rows.rows.length - mismatches}/${rows.rows.length}`);
}
await db.close();
