// Settings from the environment, read once at start-up.
export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  /** Seed the demo city into an empty database. Default: on for the embedded database, off for DATABASE_URL. */
  demo: boolean;
  demoOrders: number;
  /** How often the background sweep (escalation, deadline recomputation) runs. */
  jobIntervalMs: number;
  /** Creates user 'admin' with this password when the database has no users (production first start). */
  adminPassword: string | undefined;
  logger: boolean;
  /** TRUST_PROXY: behind a load balancer, take the client's address from X-Forwarded-For: 'true', a hop count, or the balancers' addresses (comma-separated). */
  trustProxy: TrustProxy;
}

/** true, the balancers' addresses, or "trust this many hops" (Fastify's trustProxy). */
export type TrustProxy = boolean | string | ((address: string, hop: number) => boolean);

function trustProxyOf(v: string | undefined): TrustProxy {
  if (!v || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return (_address, hop) => hop < hops;
  }
  return v;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const databaseUrl = env.DATABASE_URL || undefined;
  return {
    port: Number(env.PORT ?? 12345),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir: env.DATA_DIR ?? './.data',
    demo: env.MINSHENG_DEMO !== undefined ? env.MINSHENG_DEMO === '1' || env.MINSHENG_DEMO === 'true' : !databaseUrl,
    demoOrders: Number(env.MINSHENG_DEMO_ORDERS ?? 3000),
    jobIntervalMs: Number(env.JOB_INTERVAL_MS ?? 15_000),
    adminPassword: env.MINSHENG_ADMIN_PASSWORD || undefined,
    logger: env.LOG !== '0',
    trustProxy: trustProxyOf(env.TRUST_PROXY),
  };
}
