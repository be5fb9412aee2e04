// The whole platform in one process: database (embedded or PostgreSQL), migrations, base data,
// the demo city when asked, the HTTP server and the background sweep. `main.ts` starts it for
// `npm start`; tests start it the same way on a port of their own.
import { hashPassword } from './app/auth.ts';
import { systemClock, type AppContext, type Clock } from './app/context.ts';
import type { Config } from './config.ts';
import { seedDemo, isEmpty } from './demo/seed.ts';
import { interopSweeps } from './jobs/interop.ts';
import { allOf, startScheduler, type Scheduler } from './jobs/scheduler.ts';
import { ensureBaseData } from './store/bootstrap.ts';
import { openDb, type Db } from './store/db.ts';
import { insertUser } from './store/users.ts';
import { migrate } from './store/migrate.ts';
import { insertTreeNode } from './app/admin.ts';
import { buildServer, type Server } from './http/server.ts';

export interface Platform {
  app: AppContext;
  server: Server;
  /** The background sweeps: tick() runs the main sweep, then the interop outbox's; stop() stops both. */
  scheduler: Scheduler;
  /** The interop outbox alone, on a timer of its own: slow peers never hold up escalation. */
  interopScheduler: Scheduler;
  url: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** An already open database (tests); otherwise opened from the config. */
  db?: Db;
  log?: (msg: string) => void;
  /** Run the background sweep on a timer (default true). */
  jobs?: boolean;
}

export async function prepareDatabase(db: Db, config: Config, clock: Clock, log: (m: string) => void): Promise<void> {
  const applied = await migrate(db);
  if (applied.length) log(`migrations applied: ${applied.join(', ')}`);
  await ensureBaseData(db);
  if (await isEmpty(db)) {
    if (config.demo) {
      log('empty database: seeding the demo city (城阳区) and a year of work orders…');
      const r = await seedDemo(db, clock.now(), { count: config.demoOrders });
      log(`demo city ready: ${r.orders} past work orders`);
    } else if (config.adminPassword) {
      await createFirstAdmin(db, config.adminPassword);
      log("empty database: created the centre unit and user 'admin'");
    }
  }
}

async function createFirstAdmin(db: Db, password: string) {
  const hash = await hashPassword(password);
  await db.transaction(async (tx) => {
    const unit = await insertTreeNode(tx, 'units', { code: 'centre', name: '12345 热线中心', kind: 'centre', tier: 1 }, null);
    await insertUser(tx, { username: 'admin', name: '管理员', role: 'admin', unitId: unit, passwordHash: hash });
  });
}

export async function startPlatform(o: StartOptions): Promise<Platform> {
  const log = o.log ?? ((m: string) => console.log(`[minsheng] ${m}`));
  const clock = o.clock ?? systemClock;
  const db = o.db ?? (await openDb({ databaseUrl: o.config.databaseUrl, dataDir: o.config.dataDir }));
  await prepareDatabase(db, o.config, clock, log);
  const app: AppContext = { db, clock };
  const server = await buildServer(app, { logger: o.config.logger, trustProxy: o.config.trustProxy });
  const onError = (e: unknown) => log(`background job failed: ${String(e)}`);
  const main = startScheduler(app, o.config.jobIntervalMs, onError);
  const interopScheduler = startScheduler(app, o.config.jobIntervalMs, onError, interopSweeps);
  const scheduler = allOf(main, interopScheduler);
  if (o.jobs === false) await scheduler.stop();
  else {
    void main.tick();
    void interopScheduler.tick();
  }
  const address = await server.listen({ port: o.config.port, host: o.config.host });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');
  return {
    app, server, scheduler, interopScheduler, url,
    async stop() {
      await scheduler.stop();
      await server.close();
      if (!o.db) await db.close();
    },
  };
}
