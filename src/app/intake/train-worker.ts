// The classifier's training, in a worker thread (started through src/text/worker-boot.mjs): the
// server's event loop keeps answering requests while this one works. Receives the examples and
// options, answers with the model's bytes and its figures, then ends.
import { parentPort, workerData } from 'node:worker_threads';
import { serialize, train, type Example, type TrainOptions } from '../../text/classifier.ts';

export interface TrainJob {
  entry: string;
  examples: Example[];
  options: Partial<TrainOptions>;
}

export type TrainResult =
  | { ok: true; bytes: Uint8Array; labels: number; cv: unknown; cpuSeconds: number; seconds: number }
  | { ok: false; error: string };

const job = workerData as TrainJob;
const t0 = performance.now();
const c0 = process.cpuUsage();
let result: TrainResult;
try {
  const model = train(job.examples, job.options);
  const bytes = serialize(model);
  result = {
    ok: true, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), labels: model.labels.length, cv: model.cv,
    cpuSeconds: process.cpuUsage(c0).user / 1e6, seconds: (performance.now() - t0) / 1000,
  };
} catch (e) {
  result = { ok: false, error: e instanceof Error ? e.message : String(e) };
}
parentPort!.postMessage(result);
