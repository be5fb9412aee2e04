// Request texts for the text benchmarks, from the demo city's templates (src/demo/texts.ts) with
// places varied: the words of real requests in this district, in many combinations.
import { estates, roads } from '../src/demo/texts.ts';

export const STREETS = ['城阳街道', '夏庄街道', '惜福镇街道', '流亭街道', '上马街道', '棘洪滩街道', '红岛街道', '河套街道'];
export const COMMUNITIES = ['后田社区', '前旺疃社区', '城子社区', '西田社区', '古庙头社区', '源头社区', '云头崮社区', '丹山社区', '少山社区', '韩洼社区'];

/** A template's placeholders ({place} {street} {community}) filled at random. */
export function fill(rnd: () => number, s: string): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const place = rnd() < 0.5 ? `${pick(estates)}${1 + Math.floor(rnd() * 30)}号楼` : `${pick(roads)}${1 + Math.floor(rnd() * 300)}号`;
  return s.replaceAll('{place}', place).replaceAll('{street}', pick(STREETS)).replaceAll('{community}', pick(COMMUNITIES));
}
