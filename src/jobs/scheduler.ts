// The server's background work: a sweep every few seconds. The timer holds no state; what is due
// is read from the database each time, so a restart forgets nothing and several processes can
// run the same sweep (the keys in `escalations` make each step happen once). Work that waits on
// other systems (the interop outbox) runs on a scheduler of its own, so it never delays the rest.
import type { AppContext } from '../app/context.ts';
import { SWEEPS, type Sweep } from './sweeps.ts';

export interface Scheduler {
  stop(): Promise<void>;
  /** Run one sweep now (tests; and once at start-up). */
  tick(): Promise<void>;
}

export function startScheduler(app: AppContext, intervalMs: number, onError: (e: unknown) => void, sweeps: readonly Sweep[] = SWEEPS): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    if (running) return running;
    running = (async () => {
      try {
        for (const s of sweeps) {
          // One failing sweep does not stop the others.
          await s.run(app, app.clock.now()).catch((e: unknown) => onError(new Error(`${s.name}: ${String(e)}`, { cause: e })));
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => {
    if (!stopped) void tick();
  }, intervalMs);
  timer.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}

/** Several schedulers as one: tick() runs each in turn (tests, start-up), stop() stops them all. */
export function allOf(...schedulers: Scheduler[]): Scheduler {
  return {
    async tick() {
      for (const s of schedulers) await s.tick();
    },
    async stop() {
      await Promise.all(schedulers.map((s) => s.stop()));
    },
  };
}
