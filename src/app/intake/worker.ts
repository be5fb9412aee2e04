// CPU work in a worker thread (the classifier's training, a large clustering): the server's
// event loop keeps answering while it runs. The worker is started through
// src/text/worker-boot.mjs (Node 20 does not give a worker the main thread's tsx hooks), runs
// `entry` with `workerData.data`, answers with one message and ends.
import { Worker, workerData } from 'node:worker_threads';

const BOOT = new URL('../../text/worker-boot.mjs', import.meta.url);

/**
 * Run the module `entry` in a new worker thread with `data` (structured-cloned); resolves with
 * its one message, rejects when it fails or ends without answering. `unref`: the worker does not
 * keep a stopping process alive.
 */
export function runInWorker<T>(entry: URL, data: unknown, o: { unref?: boolean } = {}): Promise<T> {
  return new Promise((resolve, reject) => {
    const w = new Worker(BOOT, { workerData: { entry: entry.href, data } });
    if (o.unref) w.unref();
    w.once('message', (r: T) => resolve(r));
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`worker ${entry.pathname.split('/').pop()} exited with code ${code}`)));
  });
}

/** In the worker: the data it was started with. */
export function workerInput<T>(): T {
  return (workerData as { data: T }).data;
}
