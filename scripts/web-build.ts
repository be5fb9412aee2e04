// The web build (vite, two HTML entries: staff app and residents' portal) and the check that it
// is current. The build writes dist/web/build.json with a hash of everything it was built from;
// `ensureWebBuild` builds when the file is missing or the hash differs, so `npm start` and the
// browser tests always serve what the sources say, and a fresh clone needs no extra command.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const WEB_OUT = join(ROOT, 'dist/web');
export const STAMP = join(WEB_OUT, 'build.json');

/** What the bundle is made of: the web sources, the pure domain modules they import, the config, the locked dependencies. */
const INPUTS = ['src/web', 'src/domain', 'vite.config.ts', 'scripts/web-build.ts', 'package-lock.json'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).sort().flatMap((f) => files(join(path, f)));
}

export function webSourceHash(): string {
  const h = createHash('sha256');
  for (const input of INPUTS) {
    for (const f of files(join(ROOT, input))) h.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  }
  return h.digest('hex').slice(0, 20);
}

export function webBuildIsCurrent(): boolean {
  try {
    return JSON.parse(readFileSync(STAMP, 'utf8')).hash === webSourceHash();
  } catch {
    return false;
  }
}

/** Run `vite build`; one build at a time across processes (a lock directory). */
export function buildWeb(log: (m: string) => void = console.log): void {
  const lock = join(ROOT, 'dist/.web-build.lock');
  mkdirSync(join(ROOT, 'dist'), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds: wait for it (a lock older than 5 minutes is from a killed build).
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 300_000) throw new Error('web build: waited 5 minutes for another build');
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
      if (webBuildIsCurrent()) return;
    }
  }
  try {
    if (webBuildIsCurrent()) return;
    log('building the web UI (vite)…');
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(ROOT, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: ROOT, stdio: 'inherit',
    });
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export function ensureWebBuild(log: (m: string) => void = console.log): void {
  if (!webBuildIsCurrent()) buildWeb(log);
}

/** Called by the vite build when it has written the bundle. */
export function writeStamp(): void {
  writeFileSync(STAMP, JSON.stringify({ hash: webSourceHash(), builtAt: new Date().toISOString() }) + '\n');
}
