// Classification along the category tree: one classifier (./classifier.ts) for the top-level
// category, and one per top-level category for the categories under it. A centre has 100-300
// leaf categories; one-vs-rest over all of them costs (labels x examples) per pass, which for
// 10,000 orders and 160 labels took minutes. Split by the tree, the top level costs (about 10 x
// examples) and each branch only its own examples, so training stays well under a minute, and a
// mistake at the leaf stays in the right branch (and usually with the right unit).
//
// The confidence of a leaf is P(top-level) x P(leaf | top-level). A top-level category with a
// single label needs no branch model. With a single top-level category, the branch model is all.
import { deserialize, predictRaw, serialize, train, type Example, type Metrics, type Model, type Prediction, type TrainOptions } from './classifier.ts';
import { rawFeatures, rawFeaturesKey, type RawFeatures } from './features.ts';

export interface GroupedExample extends Example {
  /** The top-level category the label is under (the label itself for a top-level one). */
  group: string;
}

export interface Hierarchy {
  format: 'tree-1';
  /** Chooses the group; null when there is one group. */
  top: Model | null;
  /** Chooses the label within a group with several labels. */
  branches: Map<string, Model>;
  /** The label of a group with only one. */
  only: Map<string, string>;
  /** The group when there is one group only. */
  single: string | null;
}

export interface HierarchyMetrics {
  /** Held-out figures of the top-level classifier (null with a single group). */
  top: Metrics | null;
  branches: { group: string; labels: number; examples: number; method: string | undefined; accuracy: number; macroF1: number }[];
}

export function trainHierarchy(examples: readonly GroupedExample[], options: Partial<TrainOptions> = {}, progress: (s: string) => void = () => undefined): Hierarchy {
  const groups = new Map<string, GroupedExample[]>();
  for (const e of examples) {
    const xs = groups.get(e.group);
    if (xs) xs.push(e);
    else groups.set(e.group, [e]);
  }
  const labels = new Set(examples.map((e) => e.label));
  if (labels.size < 2) throw new Error('need at least two labels to train a classifier');
  const h: Hierarchy = { format: 'tree-1', top: null, branches: new Map(), only: new Map(), single: null };
  if (groups.size >= 2) {
    progress('top level');
    h.top = train(examples.map((e) => ({ text: e.text, label: e.group })), options);
  } else {
    h.single = [...groups.keys()][0]!;
  }
  for (const [g, xs] of [...groups].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const inGroup = new Set(xs.map((e) => e.label));
    if (inGroup.size === 1) {
      h.only.set(g, [...inGroup][0]!);
      continue;
    }
    progress(`branch ${g}`);
    // Hold-out calibration whatever the size: the branches are many, k-fold would cost 3x.
    h.branches.set(g, train(xs, { ...options, holdoutAbove: 0 }));
  }
  return h;
}

/** Labels ranked by P(group) x P(label | group), best first. */
export function predictHierarchy(h: Hierarchy, text: string, top = 3): Prediction[] {
  // The text's raw features, computed once for all the models that read them the same way
  // (all of them, when trained together by trainHierarchy).
  const raws = new Map<string, RawFeatures>();
  const predict = (m: Model, k: number) => {
    const key = rawFeaturesKey(m.vectorizer.options);
    let raw = raws.get(key);
    if (!raw) raws.set(key, (raw = rawFeatures(text, m.vectorizer.options)));
    return predictRaw(m, raw, k);
  };
  const groups: Prediction[] = h.top ? predict(h.top, 3) : [{ label: h.single!, confidence: 1 }];
  const out: Prediction[] = [];
  for (const g of groups.slice(0, 2)) {
    const only = h.only.get(g.label);
    if (only !== undefined) {
      out.push({ label: only, confidence: g.confidence });
      continue;
    }
    const b = h.branches.get(g.label);
    if (!b) continue;
    for (const p of predict(b, top)) out.push({ label: p.label, confidence: g.confidence * p.confidence });
  }
  return out
    .sort((a, b) => b.confidence - a.confidence || (a.label < b.label ? -1 : 1))
    .slice(0, top)
    .map((p) => ({ label: p.label, confidence: Math.round(p.confidence * 10000) / 10000 }));
}

export function hierarchyMetrics(h: Hierarchy): HierarchyMetrics {
  return {
    top: h.top?.cv ?? null,
    branches: [...h.branches].map(([group, m]) => ({
      group, labels: m.labels.length, examples: m.trainedOn, method: m.cv?.method, accuracy: m.cv?.accuracy ?? 0, macroF1: m.cv?.macroF1 ?? 0,
    })),
  };
}

/** Bytes for the database: a JSON header, then each model's own bytes (./classifier.ts serialize). */
export function serializeHierarchy(h: Hierarchy): Buffer {
  const parts: { name: string; bytes: Buffer }[] = [];
  if (h.top) parts.push({ name: '', bytes: serialize(h.top) });
  for (const [g, m] of h.branches) parts.push({ name: g, bytes: serialize(m) });
  const header = Buffer.from(JSON.stringify({
    format: h.format, single: h.single, only: [...h.only], parts: parts.map((p) => ({ name: p.name, length: p.bytes.length })),
  }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(header.length);
  return Buffer.concat([len, header, ...parts.map((p) => p.bytes)]);
}

export function deserializeHierarchy(bytes: Uint8Array): Hierarchy {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const hl = b.readUInt32LE(0);
  const header = JSON.parse(b.subarray(4, 4 + hl).toString('utf8')) as { format: string; single: string | null; only: [string, string][]; parts: { name: string; length: number }[] };
  if (header.format !== 'tree-1') throw new Error(`unknown classifier format ${header.format}`);
  let off = 4 + hl;
  const h: Hierarchy = { format: 'tree-1', top: null, branches: new Map(), only: new Map(header.only), single: header.single };
  for (const p of header.parts) {
    const m = deserialize(b.subarray(off, off + p.length));
    off += p.length;
    if (p.name === '' && h.single === null) h.top = m;
    else h.branches.set(p.name, m);
  }
  return h;
}
