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
  };
}
