// The Chinese texts the web apps translate: every literal passed to t(…) / translate(…), every
// menu entry's zh, every AdminPage title and every label/message of shared modules with English.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const WEB = fileURLToPath(new URL('../../src/web/', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

export function uiStrings(): Map<string, string> {
  const out = new Map<string, string>();
  const patterns = [
    /\bt\(\s*'((?:[^'\\]|\\.)+)'/g,
    /\btr\(\s*'((?:[^'\\]|\\.)+)'/g,
    /\btranslate\(\s*'((?:[^'\\]|\\.)+)'/g,
    /\bzh:\s*'((?:[^'\\]|\\.)+)'/g,
    /<AdminPage title="([^"]+)"/g,
    /\brequired\('((?:[^'\\]|\\.)+)'\)/g,
    /\btabLabel\('((?:[^'\\]|\\.)+)'/g,
    /\blabel\('((?:[^'\\]|\\.)+)'/g,
    /\btab\('((?:[^'\\]|\\.)+)'/g,
  ];
  for (const f of files(WEB)) {
    if (f.endsWith('en.ts')) continue;
    const src = readFileSync(f, 'utf8');
    for (const re of patterns) for (const m of src.matchAll(re)) if (/[\u4e00-\u9fff]/.test(m[1]!)) out.set(m[1]!, f.slice(WEB.length));
  }
  return out;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const [s, f] of uiStrings()) console.log(`${f}\t${s}`);
}
