// Hot issues: clusters of similar requests in a time window, by text and place. Pure.
//
// 1. Each request becomes a signature (./similarity.ts): tf-idf words with the window's own
//    document frequencies, and character bigrams.
// 2. Candidate pairs come from an inverted index over each request's most weighted words
//    (words in more than `commonShare` of the window are left out: they join everything); a
//    pair is scored only when it shares two of those words (one when a request has few).
// 3. Pairs scoring at least `threshold` are edges; requests at the same place get `placeBonus`.
// 4. Star clustering: the request with most edges becomes a centre and takes its unassigned
//    neighbours; then the next. Unlike connected components, this does not chain unrelated
//    requests together through a few in-between ones. Left-over requests join the cluster of
//    their best assigned neighbour.
// 5. A cluster is named by its most central request's title and its top terms (centroid weight
//    among terms shared by a good part of the cluster); its trend compares the window with the
//    previous one: requests of the previous window close enough to the cluster's centre.
import { words } from './pipeline.ts';
import { buildIdf, cosine, type Idf, signature, similarity, type Signature, topTerms, type Vec } from './similarity.ts';

export interface ClusterDoc {
  id: number;
  title: string;
  text: string;
  /** A place key (e.g. the community): requests at the same place get a bonus. */
  place?: number | string | null;
  /** Who asked (e.g. the phone), to count distinct residents; not used for the clustering. */
  who?: string | null;
}

export interface ClusterOptions {
  threshold: number;
  placeBonus: number;
  /** Words in more than this share of the window are not used to find candidate pairs. */
  commonShare: number;
  /** Most weighted words of each request used to find candidate pairs. */
  keyWords: number;
  minSize: number;
  /** Two clusters merge when one's centre is this close to the other. */
  mergeThreshold: number;
  /** Terms naming a cluster. */
  terms: number;
}

export const DEFAULT_CLUSTER: ClusterOptions = {
  threshold: 0.3, placeBonus: 0.05, commonShare: 0.08, keyWords: 10, minSize: 2, mergeThreshold: 0.2, terms: 5,
};

export interface Cluster {
  /** Indices into the docs given, the centre first. */
  members: number[];
  centre: number;
  terms: string[];
  /** The centre's signature and the cluster's mean word vector, to compare other requests with. */
  centreSig: Signature;
  centroid: Vec;
  /** The centroid's length, kept so that comparing many requests does not recompute it. */
  norm: number;
}

export interface Prepared {
  sigs: Signature[];
  idf: Idf;
  idfPower: number;
}

/**
 * Signatures of the docs; idf from the docs themselves unless given. The idf is squared
 * (idfPower 2): what ties requests into one issue is the rare words they share (a place, an
 * estate, a company), not the common words of the same kind of request.
 */
export function prepare(docs: readonly ClusterDoc[], idf?: Idf, idfPower = 2): Prepared {
  const ws = docs.map((d) => ({ title: words(d.title), body: words(d.text) }));
  const f = idf ?? buildIdf(ws.map((w) => [...w.title, ...w.body]));
  const sigs = docs.map((d, i) => signature(d.title, d.text, f, idfPower, { title: ws[i]!.title, description: ws[i]!.body }));
  return { sigs, idf: f, idfPower };
}

/** The signature of a request outside the clustered docs (the previous window), comparable with the clusters'. */
export function signatureFor(d: ClusterDoc, p: Prepared): Signature {
  return signature(d.title, d.text, p.idf, p.idfPower);
}

export function cluster(docs: readonly ClusterDoc[], p: Prepared, options: Partial<ClusterOptions> = {}): Cluster[] {
  const o = { ...DEFAULT_CLUSTER, ...options };
  const n = docs.length;
  const { sigs, idf } = p;
  // In a small window every word is rare enough to find pairs with; in a large one the common words are left out.
  const maxDf = Math.max(50, Math.floor(o.commonShare * idf.n));
  // Inverted index over each request's key words.
  const keys: string[][] = sigs.map((s) => topTerms([...s.words].filter(([w]) => (idf.df.get(w) ?? 0) <= maxDf), o.keyWords));
  const postings = new Map<string, number[]>();
  keys.forEach((ks, i) => {
    for (const k of ks) {
      const l = postings.get(k);
      if (l) l.push(i);
      else postings.set(k, [i]);
    }
  });
  const edges: Map<number, number>[] = Array.from({ length: n }, () => new Map());
  const shared = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    shared.clear();
    for (const k of keys[i]!) for (const j of postings.get(k)!) if (j > i) shared.set(j, (shared.get(j) ?? 0) + 1);
    for (const [j, c] of shared) {
      if (c < Math.min(2, keys[i]!.length, keys[j]!.length)) continue;
      const samePlace = docs[i]!.place != null && docs[i]!.place === docs[j]!.place;
      const s = similarity(sigs[i]!, sigs[j]!) + (samePlace ? o.placeBonus : 0);
      if (s >= o.threshold) {
        edges[i]!.set(j, s);
        edges[j]!.set(i, s);
      }
    }
  }
  // Star clustering, most connected first (ties: the earlier request).
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => edges[b]!.size - edges[a]!.size || a - b);
  const owner = new Int32Array(n).fill(-1);
  const groups: number[][] = [];
  for (const c of order) {
    if (owner[c] !== -1 || edges[c]!.size === 0) continue;
    const g = [c];
    owner[c] = groups.length;
    for (const j of edges[c]!.keys()) {
      if (owner[j] === -1) {
        owner[j] = groups.length;
        g.push(j);
      }
    }
    groups.push(g);
  }
  // Requests left alone join their best neighbour's cluster (one hop, no chains).
  for (let i = 0; i < n; i++) {
    if (owner[i] !== -1 || edges[i]!.size === 0) continue;
    let best = -1;
    let bs = -1;
    for (const [j, s] of edges[i]!) if (owner[j]! >= 0 && s > bs) [best, bs] = [j, s];
    if (best >= 0) {
      owner[i] = owner[best]!;
      groups[owner[best]!]!.push(i);
    }
  }
  // Clusters about one matter that star clustering split (two centres, both well connected) merge
  // when one's centre is close enough to the other cluster.
  let clusters = groups.filter((g) => g.length >= 2).map((g) => summarise(g, sigs, o.terms));
  clusters.sort((a, b) => b.members.length - a.members.length || a.centre - b.centre);
  // Only clusters sharing one of their top terms are compared.
  const shareTerm = (a: Cluster, b: Cluster) => a.terms.some((t) => b.terms.includes(t));
  for (let i = 0; i < clusters.length; i++) {
    for (let j = i + 1; j < clusters.length; j++) {
      const a = clusters[i]!;
      const b = clusters[j]!;
      if (!shareTerm(a, b)) continue;
      if (Math.max(closeness(a, b.centreSig), closeness(b, a.centreSig)) >= o.mergeThreshold) {
        clusters[i] = summarise([...a.members, ...b.members], sigs, o.terms);
        clusters.splice(j, 1);
        j = i; // the merged cluster may now reach others
      }
    }
  }
  clusters = clusters.filter((c) => c.members.length >= o.minSize);
  return clusters.sort((a, b) => b.members.length - a.members.length || a.centre - b.centre);
}

function summarise(g: readonly number[], sigs: readonly Signature[], nTerms: number): Cluster {
  const centroid: Vec = new Map();
  const count = new Map<string, number>();
  for (const m of g) {
    for (const [w, x] of sigs[m]!.words) {
      centroid.set(w, (centroid.get(w) ?? 0) + x / g.length);
      count.set(w, (count.get(w) ?? 0) + 1);
    }
  }
  // The most central member names the cluster.
  let centre = g[0]!;
  let best = -Infinity;
  for (const m of g) {
    const s = cosine(sigs[m]!.words, centroid);
    if (s > best) [centre, best] = [m, s];
  }
  const minShare = Math.min(g.length, Math.max(2, Math.ceil(g.length * 0.3)));
  const terms = topTerms([...centroid].filter(([w]) => count.get(w)! >= minShare && w.length > 1), nTerms);
  return { members: [centre, ...g.filter((m) => m !== centre)], centre, terms, centreSig: sigs[centre]!, centroid, norm: Math.sqrt(cosine(centroid, centroid)) || 1 };
}

/**
 * How close a request is to a cluster, on the scale of the clustering threshold: the better of
 * its similarity to the centre and to the cluster's mean words (with the centre's bigrams).
 */
export function closeness(c: Cluster, s: Signature): number {
  const grams = cosine(c.centreSig.grams, s.grams);
  return Math.max(similarity(c.centreSig, s), 0.6 * (cosine(c.centroid, s.words) / c.norm) + 0.4 * grams);
}

/** Words of a cluster a close request must share at least one of: its centre's and its centroid's weightiest. */
const CLOSE_KEYS = 20;

function keyWordsOf(c: Cluster): string[] {
  return [...new Set([...topTerms(c.centroid, CLOSE_KEYS), ...topTerms(c.centreSig.words, CLOSE_KEYS)])];
}

/**
 * One clustering as a job with plain data in and out, the same inline or in a worker thread
 * (src/app/intake/cluster-run.ts): cluster `docs` (idf from the docs unless given) and, for each
 * list in `compare` (e.g. the previous window, the same weekday of past weeks), find its requests
 * close to each cluster. Clusters come ranked: distinct residents (`who`, else the request),
 * then requests, then the earliest request. Comparing costs clusters × requests, so it is done
 * only for clusters of at least `compareMinResidents`, and with `compareTop` only for the first
 * `compareTop` clusters and those tied with the last of them.
 */
export interface ClusterJob {
  docs: ClusterDoc[];
  idf?: Idf;
  compare: ClusterDoc[][];
  compareMinResidents?: number;
  compareTop?: number;
  /** Other than the default clustering options (DEFAULT_CLUSTER), to try some. */
  options?: Partial<ClusterOptions>;
}

export interface JobCluster {
  /** Indices into `docs`, the centre first. */
  members: number[];
  centre: number;
  terms: string[];
  residents: number;
  /** Per `compare` list, the indices of its requests close to this cluster; null when not compared. */
  close: (number[] | null)[];
}

export function runClusterJob(job: ClusterJob): JobCluster[] {
  const prepared = prepare(job.docs, job.idf);
  const who = (d: ClusterDoc) => d.who ?? `doc:${d.id}`;
  const ranked = cluster(job.docs, prepared, job.options)
    .map((c) => ({ c, residents: new Set(c.members.map((i) => who(job.docs[i]!))).size, first: Math.min(...c.members.map((i) => job.docs[i]!.id)) }))
    .sort((a, b) => b.residents - a.residents || b.c.members.length - a.c.members.length || a.first - b.first);
  const last = job.compareTop !== undefined ? ranked[Math.min(job.compareTop, ranked.length) - 1] : undefined;
  const compared = (x: (typeof ranked)[number], i: number) =>
    x.residents >= (job.compareMinResidents ?? 0)
    && (job.compareTop === undefined || i < job.compareTop || (last !== undefined && x.residents === last.residents && x.c.members.length === last.c.members.length));
  // Each list indexed by word: a request sharing none of a cluster's key words is not close to it
  // (its words score 0, and bigrams alone do not reach the threshold), so only candidates are scored.
  const lists = job.compare.map((docs) => {
    const sigs = docs.map((d) => signatureFor(d, prepared));
    const postings = new Map<string, number[]>();
    sigs.forEach((s, k) => {
      for (const w of s.words.keys()) {
        const l = postings.get(w);
        if (l) l.push(k);
        else postings.set(w, [k]);
      }
    });
    return { sigs, postings };
  });
  const closeIn = (c: Cluster, list: (typeof lists)[number]) => {
    const candidates = new Set<number>();
    for (const w of keyWordsOf(c)) for (const k of list.postings.get(w) ?? []) candidates.add(k);
    return [...candidates].sort((a, b) => a - b).filter((k) => closeness(c, list.sigs[k]!) >= DEFAULT_CLUSTER.threshold);
  };
  return ranked.map((x, i) => ({
    members: x.c.members,
    centre: x.c.centre,
    terms: x.c.terms,
    residents: x.residents,
    close: lists.map((list) => (compared(x, i) ? closeIn(x.c, list) : null)),
  }));
}
