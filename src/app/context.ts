// What every use case receives: the database and the clock. The clock is injected so that tests
// (and the escalation job's tests) can move time; production uses the system clock.
import type { Db } from '../store/db.ts';

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests set and advance by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(d: Date | string): void {
    this.t = new Date(d).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export interface AppContext {
  db: Db;
  clock: Clock;
}
