// The escalation sweep: nobody touches the order, the deadline passes, the platform acts. Every
// step is keyed (order, level, deadline) in `escalations` and inserted with ON CONFLICT DO
// NOTHING; the event is written only when the key went in. Orders being worked on by another
// process are skipped (SKIP LOCKED) and picked up by the next sweep.
import * as cmd from '../domain/commands.ts';
import { dueEscalations } from '../domain/escalation.ts';
import type { Actor } from '../domain/order.ts';
import { getCatalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { appendEvents, docToOrder } from '../store/orders.ts';
import { rowToTimeLimitRule } from '../store/catalog.ts';

export const SYSTEM: Actor = { userId: null, role: 'system', unitId: null, name: '系统' };

export async function runEscalation(db: Db, now: Date): Promise<number> {
  const catalog = await getCatalog(db);
  const policy = catalog.escalation;
  // Candidates: the warning can come at most warnBeforeHours ahead of the deadline.
  const horizon = new Date(now.getTime() + policy.warnBeforeHours * 3_600_000);
  // Skip orders whose next step cannot be due yet: warned ones before their deadline, supervised
  // ones before the grace (working days are never shorter than calendar days).
  const graceStart = new Date(now.getTime() - policy.disciplineGraceWorkdays * 24 * 3_600_000);
  const ids = await db.query<{ id: number }>(
    `select id from orders
     where state in ('dispatched', 'handling') and handle_due <= $1 and escalation <> 'discipline'
       and not (escalation = 'warned' and handle_due > $2)
       and not (escalation = 'supervised' and handle_due > $3)
     order by handle_due`,
    [horizon, now, graceStart],
  );
  let taken = 0;
  for (const { id } of ids.rows) {
    taken += await db.transaction(async (tx) => {
      const r = await tx.query<{ doc: Record<string, unknown> }>('select doc from orders where id = $1 for update skip locked', [id]);
      if (!r.rows[0]) return 0;
      let o = docToOrder(r.rows[0].doc);
      let n = 0;
      for (const step of dueEscalations(o, now, policy, catalog.calendar)) {
        const key = await tx.query(
          `insert into escalations (order_id, level, due_at, created_at) values ($1, $2, $3, $4) on conflict do nothing`,
          [o.id, step.level, step.dueAt, now],
        );
        if (key.rowCount === 0) continue;
        o = await appendEvents(tx, o, [{ data: step.event, note: step.note }], SYSTEM, now);
        n++;
      }
      return n;
    });
  }
  return taken;
}

/**
 * After an administrator changes the calendar or a time-limit rule (config_version moves), open
 * orders get their deadlines recomputed from when their clock started. Each order records the
 * config version it was last checked against, so each change is applied once.
 */
export async function recomputeOpenDeadlines(db: Db, now: Date): Promise<number> {
  const catalog = await getCatalog(db);
  const ids = await db.query<{ id: number }>(
    `select id from orders where state in ('dispatched', 'handling') and config_checked < $1`,
    [catalog.version],
  );
  let moved = 0;
  for (const { id } of ids.rows) {
    moved += await db.transaction(async (tx) => {
      const r = await tx.query<{ doc: Record<string, unknown> }>('select doc from orders where id = $1 for update skip locked', [id]);
      if (!r.rows[0]) return 0;
      const o = docToOrder(r.rows[0].doc);
      let n = 0;
      if (o.limits) {
        const rule = o.limits.ruleId === null ? undefined
          : catalog.timeLimitRules.find((x) => x.id === o.limits!.ruleId)
            ?? (await tx.query<Record<string, unknown>>('select * from time_limit_rules where id = $1', [o.limits.ruleId])).rows.map(rowToTimeLimitRule)[0];
        const limits = rule
          ? { ruleId: rule.id, ruleVersion: rule.version, calendarVersion: catalog.version, signFor: rule.signFor, handle: rule.handle }
          : { ...o.limits, calendarVersion: catalog.version };
        const e = cmd.recomputeDeadlines(o, limits, catalog.calendar);
        if (e) {
          await appendEvents(tx, o, [e], SYSTEM, now);
          n = 1;
        }
      }
      await tx.query('update orders set config_checked = $2 where id = $1', [id, catalog.version]);
      return n;
    });
  }
  return moved;
}
