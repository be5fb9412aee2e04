// The request classifier: three linear models over the pipeline's features (./features.ts),
// whose scores are averaged after standardising each one across the labels:
//
// - a linear SVM per label (one-vs-rest, L2-regularised, squared hinge loss) on tf-idf, trained by
//   dual coordinate descent with shrinking (the LIBLINEAR method: Hsieh et al., ICML 2008);
// - the same on features scaled by each label's naive-Bayes log-count ratio (NB-SVM: Wang and
//   Manning, ACL 2012), which trusts the words typical of a label more;
// - complement naive Bayes (Rennie et al., ICML 2003) on tf-idf.
//
// Each errs differently; together they beat each alone in cross-validation (docs/intake.md).
// The averaged score becomes a confidence through a softmax whose temperature is fitted on
// cross-validated scores, so "0.9" means right about nine times in ten on texts the model did
// not see. Pure TypeScript, no I/O: the caller loads the examples and stores the bytes.
import { gunzipSync, gzipSync } from 'node:zlib';
import { DEFAULT_FEATURES, fitVectorizer, rawFeatures, vectorize, vectorizerSize, type FeatureOptions, type RawFeatures, type SparseVec, type Vectorizer } from './features.ts';
import { mulberry32 } from '../util/prng.ts';

export type MemberKind = 'svm' | 'nbsvm' | 'cnb';

export interface TrainOptions {
  features: FeatureOptions;
  /** The models averaged. */
  members: MemberKind[];
  /** SVM cost (svm member). */
  C: number;
  /** SVM cost (nbsvm member). */
  nbC: number;
  /** Additive smoothing of complement naive Bayes. */
  cnbAlpha: number;
  /** Weight each label's errors so that a small label counts as much as a big one. */
  balanced: boolean;
  /** The most a label's examples are weighted up by `balanced` (times C). */
  maxClassWeight: number;
  maxIter: number;
  /** Stopping tolerance on the projected gradient (LIBLINEAR's eps). */
  eps: number;
  /** Folds for the cross-validated metrics and the confidence calibration (0 = none). */
  cvFolds: number;
  /** Above this many examples, one stratified 20% hold-out replaces the cross-validation (time). */
  holdoutAbove: number;
  /** Weights kept per model (features x labels): bounds memory when there are many labels. */
  maxWeights: number;
  seed: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  features: DEFAULT_FEATURES, members: ['svm', 'nbsvm', 'cnb'], C: 0.5, nbC: 1, cnbAlpha: 0.1, balanced: true, maxClassWeight: 10,
  maxIter: 50, eps: 0.1, cvFolds: 3, holdoutAbove: 4000, maxWeights: 4_000_000, seed: 1,
};

export interface Example {
  text: string;
  label: string;
}

export interface Metrics {
  /** How the figures were obtained: 'k-fold cross-validation' or '20% hold-out'. */
  method?: string;
  n: number;
  accuracy: number;
  macroF1: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

/** One linear model: score[label] = bias[label] + sum over features of W[feature * labels + label] * x[feature]. */
export interface Member {
  kind: MemberKind;
  W: Float32Array;
  bias: Float32Array;
}

export interface Model {
  format: 2;
  labels: string[];
  vectorizer: Vectorizer;
  members: Member[];
  /** Softmax temperature applied to the averaged standardised scores. */
  temperature: number;
  trainedOn: number;
  /** Cross-validated metrics on the training examples (null when cvFolds = 0). */
  cv: Metrics | null;
}

export interface Prediction {
  label: string;
  confidence: number;
}

// ---- training --------------------------------------------------------------------------------

const prng = mulberry32;

/**
 * One binary SVM by dual coordinate descent with shrinking (LIBLINEAR's solve_l2r_l1l2_svc for
 * the L2 loss); the bias is an extra feature of value 1.
 */
function trainBinary(
  X: readonly SparseVec[], y: Int8Array, cost: Float64Array, dim: number, o: Pick<TrainOptions, 'maxIter' | 'eps'>, rnd: () => number,
  warm?: Float64Array,
): { w: Float32Array; b: number; alpha: Float64Array } {
  const n = X.length;
  // Single precision: half the memory traffic of the random accesses, no measurable loss.
  const w = new Float32Array(dim);
  let b = 0;
  // A warm start (the dual variables of a fit on part of the examples) saves most iterations.
  const alpha = warm ? Float64Array.from(warm) : new Float64Array(n);
  if (warm) {
    for (let i = 0; i < n; i++) {
      const a = alpha[i]!;
      if (a === 0) continue;
      const d = a * y[i]!;
      const { idx, val } = X[i]!;
      for (let k = 0; k < idx.length; k++) w[idx[k]!] = w[idx[k]!]! + d * val[k]!;
      b += d;
    }
  }
  const diag = new Float64Array(n);
  const qd = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    diag[i] = 0.5 / cost[i]!;
    let s = 1; // bias feature
    const v = X[i]!.val;
    for (let k = 0; k < v.length; k++) s += v[k]! * v[k]!;
    qd[i] = s + diag[i]!;
  }
  const index = Int32Array.from({ length: n }, (_, i) => i);
  let active = n;
  let maxOld = Infinity;
  for (let iter = 0; iter < o.maxIter; iter++) {
    for (let i = active - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      const t = index[i]!;
      index[i] = index[j]!;
      index[j] = t;
    }
    let maxNew = -Infinity;
    let minNew = Infinity;
    for (let s = 0; s < active; s++) {
      const i = index[s]!;
      const { idx, val } = X[i]!;
      const yi = y[i]!;
      let dot = b;
      for (let k = 0; k < idx.length; k++) dot += w[idx[k]!]! * val[k]!;
      const G = yi * dot - 1 + diag[i]! * alpha[i]!;
      let PG = 0;
      if (alpha[i] === 0) {
        if (G > maxOld) {
          // Shrink: this example sits at its bound and is likely to stay there.
          active--;
          index[s] = index[active]!;
          index[active] = i;
          s--;
          continue;
        }
        if (G < 0) PG = G;
      } else PG = G;
      if (PG > maxNew) maxNew = PG;
      if (PG < minNew) minNew = PG;
      if (Math.abs(PG) > 1e-12) {
        const old = alpha[i]!;
        const a = Math.max(old - G / qd[i]!, 0);
        alpha[i] = a;
        const d = (a - old) * yi;
        for (let k = 0; k < idx.length; k++) w[idx[k]!] = w[idx[k]!]! + d * val[k]!;
        b += d;
      }
    }
    if (maxNew - minNew <= o.eps) {
      if (active === n) break;
      active = n; // check the shrunk examples once more before stopping
      maxOld = Infinity;
      continue;
    }
    maxOld = maxNew <= 0 ? Infinity : maxNew;
  }
  return { w, b, alpha };
}

interface Fitted {
  labels: string[];
  vectorizer: Vectorizer;
  members: Member[];
  /** Per member and label, the SVMs' dual variables over the examples fitted (to warm-start a later fit). */
  alphas: (Float64Array[] | null)[];
}

/** Fit the members on vectorised examples; `labels` are indices into `names`. */
function fit(X: readonly SparseVec[], y: Int32Array, names: string[], vectorizer: Vectorizer, o: TrainOptions, warm?: (Float64Array[] | null)[]): Fitted {
  const L = names.length;
  const dim = vectorizerSize(vectorizer);
  const rnd = prng(o.seed);
  const alphas: (Float64Array[] | null)[] = [];
  const members = o.members.map((kind, m): Member => {
    if (kind === 'cnb') {
      alphas.push(null);
      return complementNb(X, y, L, dim, o.cnbAlpha);
    }
    const r = oneVsRest(kind, X, y, L, dim, o, rnd, warm?.[m] ?? undefined);
    alphas.push(r.alphas);
    return r.member;
  });
  return { labels: names, vectorizer, members, alphas };
}

/** One SVM per label; for NB-SVM the features are first scaled by the label's |log-count ratio|, folded into the weights. */
function oneVsRest(kind: 'svm' | 'nbsvm', X: readonly SparseVec[], y: Int32Array, L: number, dim: number, o: TrainOptions, rnd: () => number, warm?: Float64Array[]): { member: Member; alphas: Float64Array[] } {
  const W = new Float32Array(dim * L);
  const bias = new Float32Array(L);
  const n = X.length;
  const count = new Int32Array(L);
  for (const l of y) count[l]!++;
  const alphas: Float64Array[] = [];
  for (let c = 0; c < L; c++) {
    const yy = Int8Array.from(y, (l) => (l === c ? 1 : -1));
    const C = kind === 'svm' ? o.C : o.nbC;
    // Balanced: the positive side of every binary problem weighs as much as the negative side,
    // but a rare label's examples weigh at most maxClassWeight times C (a huge cost would make
    // the solver crawl and over-fit a handful of examples).
    const pos = Math.max(1, count[c]!);
    const posCost = Math.min((C * n) / (2 * pos), C * o.maxClassWeight);
    const negCost = Math.min((C * n) / (2 * Math.max(1, n - pos)), C * o.maxClassWeight);
    const cost = Float64Array.from(y, (l) => (!o.balanced ? C : l === c ? posCost : negCost));
    let Xc = X;
    let r: Float64Array | null = null;
    if (kind === 'nbsvm') {
      const p = new Float64Array(dim).fill(1);
      const q = new Float64Array(dim).fill(1);
      X.forEach((x, i) => {
        const a = yy[i] === 1 ? p : q;
        for (let k = 0; k < x.idx.length; k++) a[x.idx[k]!] = a[x.idx[k]!]! + x.val[k]!;
      });
      let sp = 0;
      let sq = 0;
      for (let j = 0; j < dim; j++) {
        sp += p[j]!;
        sq += q[j]!;
      }
      const ratio = new Float64Array(dim);
      for (let j = 0; j < dim; j++) ratio[j] = Math.abs(Math.log(p[j]! / sp / (q[j]! / sq)));
      r = ratio;
      Xc = X.map((x) => ({ idx: x.idx, val: Float32Array.from(x.val, (v, k) => v * ratio[x.idx[k]!]!) }));
    }
    const { w, b, alpha } = trainBinary(Xc, yy, cost, dim, o, rnd, warm?.[c]);
    alphas.push(alpha);
    for (let j = 0; j < dim; j++) W[j * L + c] = r ? w[j]! * r[j]! : w[j]!;
    bias[c] = b;
  }
  return { member: { kind, W, bias }, alphas };
}

/** Complement naive Bayes with normalised weights; the score is the negated complement likelihood. */
function complementNb(X: readonly SparseVec[], y: Int32Array, L: number, dim: number, alpha: number): Member {
  const feat = new Float64Array(dim * L);
  const total = new Float64Array(dim);
  X.forEach((x, i) => {
    const c = y[i]!;
    for (let k = 0; k < x.idx.length; k++) {
      feat[x.idx[k]! * L + c] = feat[x.idx[k]! * L + c]! + x.val[k]!;
      total[x.idx[k]!] = total[x.idx[k]!]! + x.val[k]!;
    }
  });
  const W = new Float32Array(dim * L);
  for (let c = 0; c < L; c++) {
    let sum = 0;
    for (let j = 0; j < dim; j++) sum += total[j]! - feat[j * L + c]! + alpha;
    const w = new Float64Array(dim);
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      w[j] = Math.log((total[j]! - feat[j * L + c]! + alpha) / sum);
      norm += Math.abs(w[j]!);
    }
    for (let j = 0; j < dim; j++) W[j * L + c] = -w[j]! / norm;
  }
  return { kind: 'cnb', W, bias: new Float32Array(L) };
}

/** The averaged standardised scores of the members. */
function scoresOf(m: Pick<Fitted, 'labels' | 'members'>, x: SparseVec): Float64Array {
  const L = m.labels.length;
  const total = new Float64Array(L);
  const s = new Float64Array(L);
  for (const member of m.members) {
    s.set(member.bias);
    const W = member.W;
    for (let k = 0; k < x.idx.length; k++) {
      const base = x.idx[k]! * L;
      const v = x.val[k]!;
      for (let c = 0; c < L; c++) s[c] = s[c]! + W[base + c]! * v;
    }
    let mean = 0;
    for (let c = 0; c < L; c++) mean += s[c]!;
    mean /= L;
    let sd = 0;
    for (let c = 0; c < L; c++) sd += (s[c]! - mean) ** 2;
    sd = Math.sqrt(sd / L) || 1;
    for (let c = 0; c < L; c++) total[c] = total[c]! + (s[c]! - mean) / sd;
  }
  for (let c = 0; c < L; c++) total[c] = total[c]! / m.members.length;
  return total;
}

function softmax(s: ArrayLike<number>, t: number): number[] {
  let max = -Infinity;
  for (let i = 0; i < s.length; i++) max = Math.max(max, s[i]!);
  const e = Array.from({ length: s.length }, (_, i) => Math.exp(t * (s[i]! - max)));
  const z = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / z);
}

export function metrics(gold: readonly string[], predicted: readonly string[]): Metrics {
  const labels = [...new Set(gold)].sort();
  const perLabel: Metrics['perLabel'] = {};
  let right = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) right++;
  let f1sum = 0;
  for (const l of labels) {
    let tp = 0, fp = 0, fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === l && gold[i] === l) tp++;
      else if (predicted[i] === l) fp++;
      else if (gold[i] === l) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    perLabel[l] = { precision: round(precision), recall: round(recall), f1: round(f1), support: tp + fn };
    f1sum += f1;
  }
  return { n: gold.length, accuracy: round(right / Math.max(1, gold.length)), macroF1: round(f1sum / Math.max(1, labels.length)), perLabel };
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** Stratified fold of each example: every label spread evenly over the folds. */
export function stratifiedFolds(labels: readonly string[], k: number, seed: number): Int32Array {
  const rnd = prng(seed);
  const byLabel = new Map<string, number[]>();
  labels.forEach((l, i) => {
    const ids = byLabel.get(l);
    if (ids) ids.push(i);
    else byLabel.set(l, [i]);
  });
  const fold = new Int32Array(labels.length);
  let offset = 0;
  for (const l of [...byLabel.keys()].sort()) {
    const ids = byLabel.get(l)!;
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    ids.forEach((id, i) => {
      fold[id] = (i + offset) % k;
    });
    offset += ids.length;
  }
  return fold;
}

/** The temperature that minimises the log loss of softmax(t · scores) on held-out scores. */
function fitTemperature(scores: Float64Array[], gold: number[]): number {
  const loss = (t: number) => {
    let l = 0;
    scores.forEach((s, i) => {
      const p = softmax(s, t)[gold[i]!]!;
      l -= Math.log(Math.max(p, 1e-12));
    });
    return l;
  };
  let lo = 0.1, hi = 50;
  for (let i = 0; i < 60; i++) {
    const a = lo + (hi - lo) / 3, b = hi - (hi - lo) / 3;
    if (loss(a) < loss(b)) hi = b;
    else lo = a;
  }
  return (lo + hi) / 2;
}

export interface TrainProgress {
  (stage: string): void;
}

/** Train on labelled texts. Cross-validates first (metrics, calibration), then fits on all. */
export function train(examples: readonly Example[], options: Partial<TrainOptions> = {}, progress: TrainProgress = () => undefined): Model {
  const o: TrainOptions = { ...DEFAULT_TRAIN, ...options, features: { ...DEFAULT_TRAIN.features, ...options.features } };
  if (!o.members.length) throw new Error('no model to train');
  const labels = examples.map((e) => e.label);
  const names = [...new Set(labels)].sort();
  if (examples.length < 2 || names.length < 2) throw new Error('need at least two labels to train a classifier');
  progress('features');
  const raws = examples.map((e) => rawFeatures(e.text, o.features));
  // One vocabulary for every fit: it is learnt without the labels, and a shared column layout
  // lets the final fit start from the hold-out fit's solution.
  const features = { ...o.features, maxFeatures: Math.min(o.features.maxFeatures, Math.floor(o.maxWeights / names.length)) };
  const vectorizer = fitVectorizer(raws, features);
  const X = raws.map((r) => vectorize(vectorizer, r));
  const y = Int32Array.from(labels, (l) => names.indexOf(l));
  let cv: Metrics | null = null;
  let temperature = 5;
  let warm: (Float64Array[] | null)[] | undefined;
  const perLabel = new Map<string, number>();
  for (const l of labels) perLabel.set(l, (perLabel.get(l) ?? 0) + 1);
  const holdout = o.cvFolds >= 2 && examples.length > o.holdoutAbove;
  const folds = holdout ? 5 : Math.min(o.cvFolds, Math.min(...perLabel.values()));
  if (folds >= 2) {
    const fold = stratifiedFolds(labels, folds, o.seed);
    const heldScores: Float64Array[] = [];
    const heldGold: number[] = [];
    const predicted: string[] = [];
    const gold: string[] = [];
    for (let f = 0; f < (holdout ? 1 : folds); f++) {
      progress(holdout ? 'hold-out' : `cross-validation ${f + 1}/${folds}`);
      const inFit = X.map((_, i) => i).filter((i) => fold[i] !== f);
      const m = fit(inFit.map((i) => X[i]!), Int32Array.from(inFit, (i) => y[i]!), names, vectorizer, o);
      X.forEach((x, i) => {
        if (fold[i] !== f) return;
        const s = scoresOf(m, x);
        let best = 0;
        for (let c = 1; c < s.length; c++) if (s[c]! > s[best]!) best = c;
        predicted.push(names[best]!);
        gold.push(labels[i]!);
        heldScores.push(s);
        heldGold.push(y[i]!);
      });
      if (holdout) {
        // The hold-out examples start at zero; the others where the hold-out fit left them.
        warm = m.alphas.map((perClass) => perClass && perClass.map((a) => {
          const full = new Float64Array(X.length);
          inFit.forEach((i, k) => {
            full[i] = a[k]!;
          });
          return full;
        }));
      }
    }
    cv = { method: holdout ? '20% hold-out' : `${folds}-fold cross-validation`, ...metrics(gold, predicted) };
    if (heldScores.length) temperature = fitTemperature(heldScores, heldGold);
  }
  progress('final fit');
  const { alphas: _unused, ...m } = fit(X, y, names, vectorizer, o, warm);
  void _unused;
  return { format: 2, ...m, temperature, trainedOn: examples.length, cv };
}

// ---- prediction ------------------------------------------------------------------------------

/** Labels ranked by confidence, best first. */
export function predict(m: Model, text: string, top = 3): Prediction[] {
  return predictRaw(m, rawFeatures(text, m.vectorizer.options), top);
}

/** The same from a text's raw features (computed once for several models with the same feature options). */
export function predictRaw(m: Model, raw: RawFeatures, top = 3): Prediction[] {
  const x = vectorize(m.vectorizer, raw);
  const p = softmax(scoresOf(m, x), m.temperature);
  return p.map((confidence, c) => ({ label: m.labels[c]!, confidence }))
    .sort((a, b) => b.confidence - a.confidence)
    .slice(0, top)
    .map((x) => ({ label: x.label, confidence: round(x.confidence) }));
}

// ---- storage ---------------------------------------------------------------------------------

/**
 * The model as bytes (gzip of a JSON header and the typed arrays): what the database keeps. The
 * weights are rounded to bfloat16 (the high half of a float32: 3 significant digits), which
 * halves the size and changes no prediction measurably.
 */
export function serialize(m: Model): Buffer {
  const v = m.vectorizer;
  const header = JSON.stringify({
    format: m.format, labels: m.labels, temperature: m.temperature, trainedOn: m.trainedOn, cv: m.cv,
    options: v.options, chars: v.charKeys.length, words: v.wordKeys.length, members: m.members.map((x) => x.kind),
  });
  const h = Buffer.from(header, 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(h.length);
  const bytes = (a: ArrayBufferView) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  const parts = [len, h, bytes(v.charKeys), bytes(v.wordKeys), bytes(v.idf)];
  for (const member of m.members) {
    const w32 = new Uint32Array(member.W.buffer, member.W.byteOffset, member.W.length);
    const w16 = new Uint16Array(member.W.length);
    for (let j = 0; j < w32.length; j++) w16[j] = (w32[j]! + 0x8000) >>> 16; // round to nearest
    parts.push(bytes(member.bias), bytes(w16));
  }
  return gzipSync(Buffer.concat(parts), { level: 6 });
}

export function deserialize(bytes: Uint8Array): Model {
  const b = gunzipSync(bytes);
  const hl = b.readUInt32LE(0);
  const h = JSON.parse(b.subarray(4, 4 + hl).toString('utf8'));
  if (h.format !== 2) throw new Error(`unknown classifier format ${h.format}`);
  let off = 4 + hl;
  const take = (n: number) => {
    const out = new Uint8Array(n);
    out.set(b.subarray(off, off + n));
    off += n;
    return out.buffer;
  };
  const dim: number = h.chars + h.words;
  const L: number = h.labels.length;
  const charKeys = new Uint32Array(take(h.chars * 4));
  const wordKeys = new Uint32Array(take(h.words * 4));
  const idf = new Float32Array(take(dim * 4));
  const members: Member[] = (h.members as MemberKind[]).map((kind) => {
    const bias = new Float32Array(take(L * 4));
    const w16 = new Uint16Array(take(dim * L * 2));
    const w32 = new Uint32Array(dim * L);
    for (let j = 0; j < w16.length; j++) w32[j] = w16[j]! << 16;
    return { kind, bias, W: new Float32Array(w32.buffer) };
  });
  return {
    format: 2, labels: h.labels, temperature: h.temperature, trainedOn: h.trainedOn, cv: h.cv,
    vectorizer: { options: h.options, charKeys, wordKeys, idf }, members,
  };
}
