// The category classifier's life in the platform: which orders teach it, when it retrains, where
// the model lives. Models are rows of `intake_models` (versioned); every process suggests with
// the newest ready one, cached until a newer version appears (one cheap query per use).
//
// Retraining is a sweep (src/jobs/intake.ts). Claiming a version is one transaction under an
// advisory lock that inserts the version's row as 'training': of several processes, one trains.
// The training itself runs in a worker thread, outside any transaction; the row becomes 'ready'
// with the model's bytes, or 'failed' with the reason. A process that dies while training leaves
// its row 'training'; after the lease another process marks it failed and trains again.
import { hostname } from 'node:os';
import type { TrainOptions } from '../../text/classifier.ts';
import { deserializeHierarchy, predictHierarchy, type GroupedExample, type Hierarchy } from '../../text/hierarchy.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import type { Db } from '../../store/db.ts';
import {
  closedSince, insertTraining, labelledCount, lastModel, lastReadyModel, lockModels, markAbandoned, markFailed, markReady, modelBytes,
  modelVersions, newestReadyVersion, recentTrainingTexts, textsSince, trainingPositions, type ModelRow,
} from '../../store/models.ts';
import { closedLabelledRequests } from '../../store/requests.ts';
import type { AppContext } from '../context.ts';
import type { TrainJob, TrainResult } from './train-worker.ts';
import { runInWorker } from './worker.ts';

export const RETRAIN = {
  /** Closed orders since the last model that make a new one due: at least this many… */
  minNewClosed: 20,
  /** …and at least this share of the last model's examples. */
  newShare: 0.05,
  /** The first model needs this many labelled examples. */
  minExamples: 20,
  /** A category with fewer examples is taught as its parent category. */
  minPerLabel: 5,
  /** The most recent closed orders (and imported texts) used. */
  maxExamples: 20_000,
  /** A 'training' row older than this was abandoned by its process. */
  leaseMs: 15 * 60_000,
  /** After a failure, wait this long before trying again (unless forced). */
  retryMs: 10 * 60_000,
};

const WHO = `${hostname()}:${process.pid}`;

export type { ModelRow };

export async function modelHistory(db: Db, limit = 10): Promise<ModelRow[]> {
  return modelVersions(db, limit);
}

// ---- training material ---------------------------------------------------------------------

/** The text the classifier reads for an order: the title first (its subject line), then the description. */
export const orderText = (title: string, description: string) => `${title}\n${description}`;

/**
 * Which label each category is taught as: itself when it has enough examples and is active,
 * otherwise its parent's label (deepest first, so a rare leaf's examples help its parent);
 * null for a root without enough examples.
 */
export function rollUp(catalog: Catalog, counts: ReadonlyMap<number, number>, minPerLabel: number): Map<number, number | null> {
  const depth = (id: number) => ancestry(catalog.categories.get(id)?.path ?? '').length;
  const n = new Map(counts);
  const moved = new Map<number, number | null>();
  // Categories from the deepest up: a parent's count includes what its children handed up.
  const all = new Set<number>(counts.keys());
  for (const id of counts.keys()) for (const a of ancestry(catalog.categories.get(id)?.path ?? '')) all.add(a);
  for (const id of [...all].sort((a, b) => depth(b) - depth(a) || a - b)) {
    const c = catalog.categories.get(id);
    const k = n.get(id) ?? 0;
    if (!c || k === 0) continue;
    if (c.active && k >= minPerLabel) continue;
    const parent = c.parentId;
    moved.set(id, parent);
    if (parent !== null) n.set(parent, (n.get(parent) ?? 0) + k);
    n.set(id, 0);
  }
  const label = new Map<number, number | null>();
  for (const id of counts.keys()) {
    let cur: number | null = id;
    const seen = new Set<number>();
    while (cur !== null && moved.has(cur) && !seen.has(cur)) {
      seen.add(cur);
      cur = moved.get(cur)!;
    }
    label.set(id, cur);
  }
  return label;
}

/** The top-level category above a category (itself at the top). */
function topOf(catalog: Catalog, id: number): number {
  const a = ancestry(catalog.categories.get(id)?.path ?? '');
  return a.length ? a[a.length - 1]! : id;
}

export async function trainingExamples(db: Db, catalog: Catalog): Promise<GroupedExample[]> {
  const orders = await closedLabelledRequests(db, RETRAIN.maxExamples);
  const imported = await recentTrainingTexts(db, RETRAIN.maxExamples);
  const raw = [
    ...orders.map((r) => ({ text: orderText(r.title, r.description), category: r.categoryId })),
    ...imported.map((r) => ({ text: r.text, category: r.categoryId })),
  ];
  const counts = new Map<number, number>();
  for (const r of raw) counts.set(r.category, (counts.get(r.category) ?? 0) + 1);
  const label = rollUp(catalog, counts, RETRAIN.minPerLabel);
  return raw.flatMap((r) => {
    const l = label.get(r.category);
    return l === null || l === undefined ? [] : [{ text: r.text, label: String(l), group: String(topOf(catalog, l)) }];
  });
}

// ---- claiming and training -------------------------------------------------------------------

export interface Claim {
  version: number;
}

/** Takes the next version when a model is due (or `force`); null when none is due or another process trains. */
export async function claimTraining(db: Db, now: Date, force = false): Promise<Claim | null> {
  return db.transaction(async (tx) => {
    await lockModels(tx);
    const last = await lastModel(tx);
    if (last?.status === 'training') {
      if (now.getTime() - last.claimedAt.getTime() < RETRAIN.leaseMs) return null;
      await markAbandoned(tx, last.version, now);
    } else if (!force && last?.status === 'failed' && now.getTime() - last.claimedAt.getTime() < RETRAIN.retryMs) {
      return null;
    }
    if (!force) {
      const ready = await lastReadyModel(tx);
      if (ready) {
        const closed = await closedSince(tx, ready.eventCursor);
        const imports = await textsSince(tx, ready.importCursor);
        if (imports === 0 && closed < Math.max(RETRAIN.minNewClosed, RETRAIN.newShare * ready.examples)) return null;
      } else if ((await labelledCount(tx)) < RETRAIN.minExamples) {
        return null;
      }
    }
    const positions = await trainingPositions(tx);
    const version = (last?.version ?? 0) + 1;
    await insertTraining(tx, version, positions, WHO, now);
    return { version };
  });
}

/** Train in a worker thread; resolves when it has finished (never rejects). */
function trainInWorker(examples: GroupedExample[], options: Partial<TrainOptions> = {}): Promise<TrainResult> {
  const job: TrainJob = { examples, options };
  // A training in progress does not keep a stopping process alive; another process takes over after the lease.
  return runInWorker<TrainResult>(new URL('./train-worker.ts', import.meta.url), job, { unref: true })
    .catch((e: unknown): TrainResult => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
}

/** Train the claimed version and store it. */
export async function runTraining(app: AppContext, claim: Claim): Promise<ModelRow['status']> {
  const { db } = app;
  const catalog = await getCatalog(db);
  const examples = await trainingExamples(db, catalog);
  const r = examples.length >= 2 ? await trainInWorker(examples) : { ok: false as const, error: 'not enough labelled examples' };
  const now = app.clock.now();
  if (r.ok) {
    const labels = new Set(examples.map((e) => e.label)).size;
    await markReady(db, claim.version, {
      bytes: r.bytes, examples: examples.length, labels,
      metrics: { heldOut: r.metrics.top, branches: r.metrics.branches, trainSeconds: round(r.seconds), trainCpuSeconds: round(r.cpuSeconds) },
    }, now);
    return 'ready';
  }
  await markFailed(db, claim.version, r.error.slice(0, 2000), now);
  return 'failed';
}

const round = (x: number) => Math.round(x * 100) / 100;

const inFlight = new WeakMap<Db, Promise<ModelRow['status'] | null>>();

/**
 * The retrain sweep: claims a version when one is due and trains it in the background. Returns at
 * once (the scheduler's other sweeps do not wait); the promise of the training is `training(db)`.
 */
export async function startRetrainIfDue(app: AppContext, now: Date, force = false): Promise<number | null> {
  if (inFlight.has(app.db)) return null;
  const claim = await claimTraining(app.db, now, force);
  if (!claim) return null;
  const p = runTraining(app, claim)
    .catch(() => null) // the database went away (shutdown): the lease lets another process retry
    .finally(() => inFlight.delete(app.db));
  inFlight.set(app.db, p);
  return claim.version;
}

/** The training running in this process, if any. */
export function training(db: Db): Promise<ModelRow['status'] | null> | null {
  return inFlight.get(db) ?? null;
}

// ---- using the model -------------------------------------------------------------------------

interface Loaded {
  version: number;
  model: Hierarchy;
  finishedAt: Date;
}
const loaded = new WeakMap<Db, { version: number; model: Promise<Loaded | null> }>();

/** The newest ready model, loaded once per version (calls arriving while it loads wait for the same load). */
export async function currentModel(db: Db): Promise<Loaded | null> {
  const version = await newestReadyVersion(db);
  if (version === null) return null;
  const hit = loaded.get(db);
  if (hit && hit.version === version) return hit.model;
  // A newer version (or an older one, should the newest be gone): load it, once.
  const model = (async () => {
    const row = await modelBytes(db, version);
    return row ? { version, model: deserializeHierarchy(row.model), finishedAt: row.finishedAt } : null;
  })();
  const entry = { version, model };
  loaded.set(db, entry);
  model.catch(() => {
    if (loaded.get(db) === entry) loaded.delete(db);
  });
  return model;
}

export interface CategorySuggestion {
  categoryId: number;
  confidence: number;
}

/** The categories the current model suggests for a request, best first (inactive or deleted ones left out). */
export async function suggestCategories(db: Db, catalog: Catalog, title: string, description: string, top = 3): Promise<{ version: number | null; suggestions: CategorySuggestion[] }> {
  const m = await currentModel(db);
  if (!m) return { version: null, suggestions: [] };
  const out = predictHierarchy(m.model, orderText(title, description), top + 2)
    .map((p) => ({ categoryId: Number(p.label), confidence: p.confidence }))
    .filter((p) => catalog.categories.get(p.categoryId)?.active)
    .slice(0, top);
  return { version: m.version, suggestions: out };
}
