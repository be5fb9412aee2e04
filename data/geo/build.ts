// Writes data/geo/370214-streets.geojson from data/geo/streets.ts: `npx tsx data/geo/build.ts`.
import { writeFileSync } from 'node:fs';
import { buildStreetsGeoJson, GEOJSON_FILE } from './streets.ts';

writeFileSync(GEOJSON_FILE, JSON.stringify(buildStreetsGeoJson()) + '\n');
console.log(`wrote ${GEOJSON_FILE.pathname}`);
