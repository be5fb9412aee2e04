// Hot-issue clustering, pure: similar requests at one place form one named cluster; different
// matters do not chain together.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closeness, cluster, prepare, runClusterJob, signatureFor, type ClusterDoc } from '../../src/text/cluster.ts';
import { clusterInWorker, WORKER_FROM } from '../../src/app/intake/cluster-run.ts';
import { estates, orderTemplates } from '../../src/demo/texts.ts';
import { mulberry32 } from '../../src/util/prng.ts';

const docs: ClusterDoc[] = [
  // a concrete plant next to one estate
  { id: 1, title: '丽城小区旁搅拌站噪音扰民', text: '丽城小区南侧新建的混凝土搅拌站日夜作业，噪音和粉尘很大。', place: 'A' },
  { id: 2, title: '投诉丽城小区附近搅拌站', text: '丽城小区附近搅拌站夜间生产，搅拌机噪音扰民，灰尘落满阳台。', place: 'A' },
  { id: 3, title: '丽城小区搅拌站粉尘噪音污染', text: '丽城小区旁的搅拌站每天凌晨还在运转，噪音粉尘污染严重。', place: 'A' },
  { id: 4, title: '搅拌站扰民', text: '丽城小区居民反映附近搅拌站车辆和机器噪音很大，晚上无法休息。', place: 'A' },
  // no water in another estate
  { id: 5, title: '锦绣花园停水', text: '锦绣花园小区从早上开始停水，没有接到通知。', place: 'B' },
  { id: 6, title: '锦绣花园小区又停水了', text: '锦绣花园小区连续两天停水，老人做饭都困难。', place: 'B' },
  { id: 7, title: '锦绣花园无故停水', text: '锦绣花园今天又停水，物业说是管道问题，请供水公司处理。', place: 'B' },
  // unrelated requests
  { id: 8, title: '咨询居住证办理', text: '外地户口在本区工作，咨询居住证怎么办理，需要什么材料。', place: 'C' },
  { id: 9, title: '公交车司机态度差', text: '乘坐公交车时司机言语粗鲁，未停稳就开门。', place: 'C' },
  { id: 10, title: '表扬环卫工人', text: '环卫工人拾到钱包主动归还，品德高尚。', place: 'D' },
];

describe('hot-issue clustering', () => {
  const p = prepare(docs);
  const clusters = cluster(docs, p);

  it('finds one cluster per issue, the biggest first, without the unrelated requests', () => {
    assert.equal(clusters.length, 2, JSON.stringify(clusters.map((c) => c.members)));
    assert.deepEqual(clusters[0]!.members.map((i) => docs[i]!.id).sort(), [1, 2, 3, 4]);
    assert.deepEqual(clusters[1]!.members.map((i) => docs[i]!.id).sort(), [5, 6, 7]);
  });

  it('names each cluster by its top terms and its most central request', () => {
    assert.ok(clusters[0]!.terms.includes('搅拌站'), clusters[0]!.terms.join(' '));
    assert.ok(clusters[1]!.terms.includes('停水'), clusters[1]!.terms.join(' '));
    assert.match(docs[clusters[0]!.centre]!.title, /搅拌站/);
  });

  it('tells whether another request belongs to a cluster', () => {
    const near = signatureFor({ id: 11, title: '丽城小区附近的搅拌站太吵了', text: '丽城小区边上的搅拌站晚上也在生产，噪音很大。' }, p);
    const far = signatureFor({ id: 12, title: '咨询社保卡补办', text: '社保卡丢了怎么补办。' }, p);
    assert.ok(closeness(clusters[0]!, near) >= 0.3);
    assert.ok(closeness(clusters[0]!, far) < 0.3);
  });

  it('is deterministic', () => {
    assert.deepEqual(cluster(docs, prepare(docs)).map((c) => c.members), clusters.map((c) => c.members));
  });
});

describe('a clustering job', () => {
  // The concrete plant raised by one resident three times and by three others; the water by three.
  const people: ClusterDoc[] = docs.map((d) => ({ ...d, who: d.id <= 2 ? 'p1' : `p${d.id}` }));
  const before: ClusterDoc[] = [
    { id: 101, title: '丽城小区搅拌站噪音', text: '丽城小区旁边的搅拌站晚上施工噪音大。' },
    { id: 102, title: '咨询社保卡补办', text: '社保卡丢失了，咨询补办流程。' },
  ];

  it('ranks by distinct residents and finds the earlier requests close to each cluster', () => {
    const r = runClusterJob({ docs: people, compare: [before] });
    assert.deepEqual(r.map((c) => c.residents), [3, 3]);
    assert.equal(r[0]!.members.length, 4, 'the plant: three residents, four requests, first');
    assert.deepEqual(r[0]!.close, [[0]], 'the plant was raised before');
    assert.deepEqual(r[1]!.close, [[]]);
  });

  it('compares only the clusters asked for', () => {
    assert.deepEqual(runClusterJob({ docs: people, compare: [before], compareMinResidents: 4 }).map((c) => c.close), [[null], [null]]);
    assert.deepEqual(runClusterJob({ docs: people, compare: [before], compareTop: 1 }).map((c) => c.close), [[[0]], [null]], 'the water: as many residents, fewer requests: not tied');
  });

  // The demo city's requests with varied places.
  const demo = (n: number, seed: number): ClusterDoc[] => {
    const rnd = mulberry32(seed);
    return Array.from({ length: n }, (_, i) => {
      const t = orderTemplates[Math.floor(rnd() * orderTemplates.length)]!;
      const place = `${estates[Math.floor(rnd() * estates.length)]}${i % 30}号楼`;
      return { id: i, title: t.title, text: t.description.replaceAll('{place}', place).replaceAll('{street}', '城阳街道').replaceAll('{community}', '后田社区'), place: i % 7 };
    });
  };

  it('finds the same close requests as comparing every request with every cluster', () => {
    const day = demo(600, 1);
    const past = demo(600, 2);
    const job = runClusterJob({ docs: day, compare: [past] });
    const p = prepare(day);
    const sigs = past.map((d) => signatureFor(d, p));
    const byCentre = new Map(cluster(day, p).map((c) => [c.centre, c]));
    let found = 0;
    for (const c of job) {
      const every = sigs.flatMap((s, k) => (closeness(byCentre.get(c.centre)!, s) >= 0.3 ? [k] : []));
      assert.deepEqual(c.close[0], every, `cluster ${day[c.centre]!.title}`);
      found += every.length;
    }
    assert.ok(job.length > 20 && found > 100, `${job.length} clusters, ${found} close requests`);
  });

  it('gives the same clusters in a worker thread as inline', async () => {
    // A window large enough to go to a worker.
    const job = { docs: demo(WORKER_FROM, 5), compare: [people], compareTop: 5 };
    const [off, inline] = [await clusterInWorker(job), runClusterJob(job)];
    assert.ok(off.length > 10);
    assert.deepEqual(off, inline);
  });
});
