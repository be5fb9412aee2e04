// npm start: the whole platform on the embedded database in ./.data (or DATABASE_URL).
import { loadConfig } from './config.ts';
import { startPlatform } from './platform.ts';

const config = loadConfig();
const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
console.log(`[minsheng] starting on ${where}…`);
const p = await startPlatform({ config: { ...config, logger: config.logger && process.env.LOG === '1' } });
console.log(`[minsheng] 民声 is running: ${p.url}/  API docs: ${p.url}/api/docs  (Ctrl-C to stop)`);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    console.log('[minsheng] stopping…');
    p.stop().then(() => process.exit(0), (e) => {
      console.error(e);
      process.exit(1);
    });
  });
}
