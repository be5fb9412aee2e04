// Where a clustering job runs. Clustering is CPU work: a week of a busy centre's requests takes
// seconds (docs/benchmarks-hot.md), which on the server's thread would hold every other request.
// Small jobs run inline (a worker's start, loading the segmenter's dictionary, costs more than
// they do); larger ones in a worker thread, one per job, with the same pure function, so the
// result is the same wherever it ran.
import { runClusterJob, type ClusterJob, type JobCluster } from '../../text/cluster.ts';
import { runInWorker } from './worker.ts';

/** Requests (to cluster and to compare) from which a job goes to a worker thread. */
export const WORKER_FROM = 3_000;

const size = (job: ClusterJob) => job.docs.length + job.compare.reduce((s, l) => s + l.length, 0);

export function clusterInWorker(job: ClusterJob): Promise<JobCluster[]> {
  return runInWorker<JobCluster[]>(new URL('./cluster-worker.ts', import.meta.url), job);
}

export async function runCluster(job: ClusterJob): Promise<JobCluster[]> {
  if (size(job) >= WORKER_FROM) return clusterInWorker(job);
  // Inline: let requests that are already waiting through first.
  await new Promise<void>((ok) => setImmediate(ok));
  return runClusterJob(job);
}
