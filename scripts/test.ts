// npm test: every test file, in parallel, each on a database of its own. Prepares the database
// template once (test/helpers/platform.ts), then runs node's test runner on the files:
//   src/**/*.test.ts   pure tests beside the code (domain, policy, text), the operation tests
//                      (src/operations/: the executor on a real database, no HTTP) and the HTTP
//                      contract tests beside their route files (src/http/routes/);
//   test/**/*.test.ts  the browser tests (test/web/) and the tests of the links with other systems
//                      against their real wire formats (test/interop/).
// Arguments are passed on to `node --test` (e.g. --test-name-pattern); file paths narrow the run.
// `--screenshots` (npm run screenshots) runs the browser tests and refreshes the README's pictures
// in docs/screenshots (otherwise they go to test-results/screenshots, which git ignores).
// TEST_CONCURRENCY sets how many files run at once (default: the cores plus one: the browser tests
// wait on the browser much of the time).
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareTemplate } from '../test/helpers/platform.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) continue;
    if (statSync(p).isDirectory()) out.push(...testFiles(p));
    else if (name.endsWith('.test.ts')) out.push(relative(ROOT, p));
  }
  return out;
}

const args = process.argv.slice(2);
const screenshots = args.includes('--screenshots');
if (screenshots) process.env.MINSHENG_SCREENSHOTS = '1';
const named = args.filter((a) => a.endsWith('.test.ts'));
const options = args.filter((a) => !a.endsWith('.test.ts') && a !== '--screenshots');
// The slowest first (the browser tests), so that the short ones fill the gaps at the end.
const all = [...testFiles(join(ROOT, 'test')), ...testFiles(join(ROOT, 'src'))].sort((a, b) => weight(b) - weight(a) || a.localeCompare(b));
const files = named.length ? named : screenshots ? all.filter((f) => f.startsWith('test/web/')) : all;

function weight(f: string): number {
  if (f.startsWith('test/web/')) return 3;
  if (f.startsWith('test/')) return 2;
  return f.includes('/http/') || f.includes('/operations/') ? 1 : 0;
}

const started = performance.now();
await prepareTemplate();
const concurrency = Number(process.env.TEST_CONCURRENCY ?? availableParallelism() + 1);
console.log(`[test] template ready in ${((performance.now() - started) / 1000).toFixed(1)} s; ${files.length} files, ${concurrency} at a time${process.env.DATABASE_URL ? ', on PostgreSQL' : ', on PGlite'}`);

const child = spawn(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...options, ...files], { cwd: ROOT, stdio: 'inherit' });
child.on('exit', (code, signal) => {
  console.log(`[test] ${((performance.now() - started) / 1000).toFixed(0)} s`);
  process.exit(signal ? 1 : (code ?? 1));
});
