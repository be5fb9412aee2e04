// Starts a TypeScript module in a worker thread. A worker does not inherit the main thread's
// module hooks on Node 20, so it registers tsx itself before importing the entry
// (workerData.entry, a file: URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
