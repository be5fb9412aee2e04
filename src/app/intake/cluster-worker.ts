// One clustering job (src/text/cluster.ts runClusterJob) in a worker thread (./worker.ts):
// receives the job, answers with the clusters, then ends.
import { parentPort } from 'node:worker_threads';
import { runClusterJob, type ClusterJob } from '../../text/cluster.ts';
import { workerInput } from './worker.ts';

parentPort!.postMessage(runClusterJob(workerInput<ClusterJob>()));
