// `npm start` runs this first: builds the web UI when dist/web is missing or older than its
// sources. A failed build does not stop the platform: the API starts, and the pages say what to do.
import { ensureWebBuild } from './web-build.ts';

try {
  ensureWebBuild((m) => console.log(`[minsheng] ${m}`));
} catch (e) {
  console.error(`[minsheng] the web UI could not be built (${e instanceof Error ? e.message : String(e)}); starting the API without it. Run \`npm run build\` to see why.`);
}
