// Request texts for the text benchmarks, from the demo city's templates (src/demo/texts.ts) with
// places varied: the words of real requests in this district, in many combinations. The street
// and community names are the demo city's (src/demo/city.ts).
import { STREETS as DEMO_STREETS } from '../src/demo/city.ts';
import { estates, roads } from '../src/demo/texts.ts';

export const STREETS: readonly string[] = DEMO_STREETS.map((s) => s.name);
export const COMMUNITIES: readonly string[] = DEMO_STREETS.flatMap((s) => s.communities);

/** A template's placeholders ({place} {street} {community}) filled at random. */
export function fill(rnd: () => number, s: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const place = rnd() < 0.5 ? `${pick(estates)}${1 + Math.floor(rnd() * 30)}号楼` : `${pick(roads)}${1 + Math.floor(rnd() * 300)}号`;
  return s.replaceAll('{place}', place).replaceAll('{street}', pick(STREETS)).replaceAll('{community}', pick(COMMUNITIES));
}
