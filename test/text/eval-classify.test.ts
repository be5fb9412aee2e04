// The eval:classify command (scripts/eval-classify.ts) as it is run: trains on one small CSV,
// measures on another, and prints one JSON line with the figures docs/intake.md quotes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = (args: string[]) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/eval-classify.ts', ...args], { cwd: ROOT, timeout: 120_000 });

// The labelled fixture (category codes only), split per label: the last example of each label
// to measure on, the others to train on.
const rows = (parse(readFileSync(new URL('../data/intake-training.csv', import.meta.url)), { columns: true }) as Record<string, string>[])
  .filter((r) => r.text && /^\d{6}$/.test(r.label ?? ''));
const last = new Map(rows.map((r) => [r.label!, r.id!]));
const dir = mkdtempSync(join(tmpdir(), 'minsheng-eval-classify-'));
const trainFile = join(dir, 'train.csv');
const testFile = join(dir, 'test.csv');
const csv = (xs: Record<string, string>[]) => stringify(xs, { header: true, columns: ['id', 'text', 'label'] });
writeFileSync(trainFile, csv(rows.filter((r) => last.get(r.label!) !== r.id)));
writeFileSync(testFile, csv(rows.filter((r) => last.get(r.label!) === r.id)));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run eval:classify', () => {
  it('trains on one CSV, measures on another, and prints one JSON line with the figures', async () => {
    const { stdout } = await run(['--train', trainFile, '--test', testFile]);
    const lines = stdout.trim().split('\n');
    assert.equal(lines.length, 1, stdout);
    const r = JSON.parse(lines[0]!);
    assert.equal(r.n, last.size, 'one test text per label');
    for (const k of ['accuracy', 'macroF1']) assert.ok(r[k] >= 0 && r[k] <= 1, `${k} ${r[k]}`);
    assert.ok(r.accuracy >= 0.5, `the fixture's categories are easy to tell apart: ${stdout}`);
    assert.ok(r.trainSeconds > 0, stdout);
    assert.ok(typeof r.msPerText === 'number' && r.msPerText >= 0, stdout);
  });

  it('says what is missing instead of failing obscurely', async () => {
    await assert.rejects(run(['--train', join(dir, 'absent.csv'), '--test', testFile]), (e: { code?: number; stderr?: string }) => {
      assert.equal(e.code, 2);
      assert.match(e.stderr ?? '', /not found/);
      return true;
    });
  });
});
