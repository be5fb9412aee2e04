// The web build: one vite build with two HTML entries, the staff workbenches (src/web/index.html,
// served at /) and the residents' portal (src/web/portal/index.html, served at /portal), into
// dist/web. Pages, charts (echarts) and Excel export (exceljs) are separate chunks loaded on use,
// so the first screen stays small. Assets are also written brotli- and gzip-compressed for
// @fastify/static's preCompressed mode. Everything is bundled: no CDN at run time.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { WEB_OUT, writeStamp } from './scripts/web-build.ts';

const root = fileURLToPath(new URL('./src/web/', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

/** Writes .br and .gz next to every sizeable script, style and SVG, then the build stamp. */
function precompressAndStamp(): Plugin {
  return {
    name: 'minsheng-precompress',
    apply: 'build',
    closeBundle() {
      for (const f of walk(join(WEB_OUT, 'assets'))) {
        if (!/\.(js|css|svg|json)$/.test(f)) continue;
        const data = readFileSync(f);
        if (data.length < 1024) continue;
        writeFileSync(f + '.gz', gzipSync(data, { level: 9 }));
        writeFileSync(f + '.br', brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
      }
      writeStamp();
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  logLevel: 'warn',
  plugins: [react(), precompressAndStamp()],
  build: {
    outDir: WEB_OUT,
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      input: {
        staff: join(root, 'index.html'),
        portal: join(root, 'portal/index.html'),
      },
    },
  },
});
