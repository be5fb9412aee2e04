// The keys of the escalation steps taken: (order, level, deadline). A step is taken once for a
// deadline, however many processes sweep and whatever moves the order's escalation level back.
import type { EscalationPolicy } from '../domain/escalation.ts';
import type { Queryable, Tx } from './db.ts';
import { clockRunning } from './fragments.ts';
import { sql } from './sql.ts';

const keyOf = (level: string, dueAt: Date) => `${level} ${dueAt.toISOString()}`;

export async function takenEscalations(tx: Tx, orderId: number): Promise<Set<string>> {
  const r = await tx.query<{ level: string; due_at: Date }>(sql`select level, due_at from escalations where order_id = ${orderId}`);
  return new Set(r.rows.map((x) => keyOf(x.level, new Date(x.due_at))));
}

export const escalationKey = keyOf;

export async function recordEscalations(tx: Tx, orderId: number, steps: readonly { level: string; dueAt: Date }[], at: Date): Promise<void> {
  for (const s of steps) {
    await tx.query(sql`insert into escalations (order_id, level, due_at, created_at) values (${orderId}, ${s.level}, ${s.dueAt}, ${at}) on conflict do nothing`);
  }
}

/**
 * Orders whose next escalation step may be due: the warning can come at most `warnBeforeHours`
 * ahead of the deadline; warned orders wait for the deadline, supervised ones for the grace
 * (working days are never shorter than calendar days).
 */
export async function escalationCandidates(db: Queryable, now: Date, policy: EscalationPolicy): Promise<number[]> {
  const horizon = new Date(now.getTime() + policy.warnBeforeHours * 3_600_000);
  const graceStart = new Date(now.getTime() - policy.disciplineGraceWorkdays * 24 * 3_600_000);
  const r = await db.query<{ id: number }>(sql`select o.id from orders o
    where ${clockRunning()} and o.handle_due <= ${horizon} and o.escalation <> 'discipline'
      and not (o.escalation = 'warned' and o.handle_due > ${now})
      and not (o.escalation = 'supervised' and o.handle_due > ${graceStart})
    order by o.handle_due`);
  return r.rows.map((x) => x.id);
}
