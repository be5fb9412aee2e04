// The classifier's training (src/text/hierarchy.ts: top level, then each branch), in a worker
// thread (./worker.ts): the server's event loop keeps answering requests while this one works.
// Receives the examples and options, answers with the model's bytes and its figures, then ends.
import { parentPort } from 'node:worker_threads';
import type { TrainOptions } from '../../text/classifier.ts';
import { hierarchyMetrics, serializeHierarchy, trainHierarchy, type GroupedExample, type HierarchyMetrics } from '../../text/hierarchy.ts';
import { workerInput } from './worker.ts';

export interface TrainJob {
  examples: GroupedExample[];
  options: Partial<TrainOptions>;
}

export type TrainResult =
  | { ok: true; bytes: Uint8Array; metrics: HierarchyMetrics; cpuSeconds: number; seconds: number }
  | { ok: false; error: string };

const job = workerInput<TrainJob>();
const t0 = performance.now();
const c0 = process.cpuUsage();
let result: TrainResult;
try {
  const model = trainHierarchy(job.examples, job.options);
  const bytes = serializeHierarchy(model);
  result = {
    ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), metrics: hierarchyMetrics(model),
    cpuSeconds: process.cpuUsage(c0).user / 1e6, seconds: (performance.now() - t0) / 1000,
  };
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(result);
