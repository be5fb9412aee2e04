// One clustering job (src/text/cluster.ts runClusterJob) in a worker thread, started through
// src/text/worker-boot.mjs: receives the job, answers with the clusters, then ends.
import { parentPort, workerData } from 'node:worker_threads';
import { runClusterJob, type ClusterJob } from '../../text/cluster.ts';

const { job } = workerData as { entry: string; job: ClusterJob };
parentPort!.postMessage(runClusterJob(job));
