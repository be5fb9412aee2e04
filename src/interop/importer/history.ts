// A past order as a profile reads it from a row (a draft), and the events that tell its story:
// accepted, then dispatched, signed for, replied, called back and closed (or answered at once, or
// withdrawn) at the times the row gives, with the deadlines the time-limit rules set at dispatch.
// The store folds them with the same `evolve` as live steps, so an imported order looks like one
// that went through the loop here. Times out of order are reported on the column that is wrong.
import { deadlinesFor } from '../../domain/commands.ts';
import { intakeOf, type Actor, type EventData, type Intake, type OrderEvent } from '../../domain/order.ts';
import type { Satisfaction } from '../../domain/types.ts';
import { findLimits } from '../../domain/rules.ts';
import type { Catalog } from '../../domain/catalog.ts';

export interface Issue {
  row: number;
  column: string | null;
  value: string | null;
  message: string;
  messageEn: string;
}

/** A row as a profile read it: what was asked (the intake) and what became of it, with the times. */
export interface Draft extends Intake {
  row: number;
  source: string;
  sourceId: string | null;
  /** Keep this case code (an export of another Minsheng centre); null: allot one. */
  code: string | null;
  acceptedAt: Date;
  leadUnitId: number | null;
  assistUnitIds: number[];
  /** Registered (立案) without a unit: waiting for dispatch. */
  registered: boolean;
  dispatchedAt: Date | null;
  handleDue: Date | null;
  signedAt: Date | null;
  repliedAt: Date | null;
  result: string | null;
  handlerName: string | null;
  closedAt: Date | null;
  satisfaction: Satisfaction | null;
  solved: boolean | null;
  withdrawnAt: Date | null;
  /** Which column each time came from, to report a time out of order where the user can fix it. */
  columns: Partial<Record<'acceptedAt' | 'dispatchedAt' | 'signedAt' | 'repliedAt' | 'closedAt' | 'withdrawnAt', string>>;
}

const IMPORTER = (role: Actor['role']): Actor => ({ userId: null, role, unitId: null, name: '历史数据导入' });

export function buildHistory(d: Draft, catalog: Catalog): { events: OrderEvent[] } | { issues: Issue[] } {
  const issues: Issue[] = [];
  const events: OrderEvent[] = [];
  const unitActor = (unitId: number): Actor => ({
    userId: null, role: 'unit_handler', unitId, name: d.handlerName ?? catalog.units.get(unitId)?.name ?? '承办单位',
  });
  let last = d.acceptedAt;
  let lastField: keyof Draft['columns'] = 'acceptedAt';
  const push = (at: Date, field: keyof Draft['columns'], actor: Actor, data: EventData, note: string | null = null) => {
    if (at < last) {
      issues.push({
        row: d.row, column: d.columns[field] ?? null, value: at.toISOString(),
        message: `时间早于${d.columns[lastField] ?? '前一环节'}（${last.toISOString()}）`,
        messageEn: `Earlier than ${d.columns[lastField] ?? 'the step before'} (${last.toISOString()})`,
      });
    }
    if (at > last) {
      last = at;
      lastField = field;
    }
    events.push({ seq: events.length + 1, at, actor, note, data });
  };

  push(d.acceptedAt, 'acceptedAt', IMPORTER('operator'), { type: 'accepted', ...intakeOf(d), attachmentIds: [] });

  if (d.leadUnitId !== null) {
    const at = d.dispatchedAt ?? d.acceptedAt;
    const limits = findLimits(d, catalog);
    if (!limits) {
      return { issues: [{ row: d.row, column: null, value: null, message: '没有适用的办理时限规则，无法确定派单时限', messageEn: 'No time-limit rule applies, so no deadline can be set' }] };
    }
    const due = deadlinesFor(limits, at, catalog.calendar);
    if (d.handleDue && d.handleDue > at) due.handleDue = d.handleDue.toISOString();
    push(at, 'dispatchedAt', IMPORTER('dispatcher'), { type: 'registered' });
    push(at, 'dispatchedAt', IMPORTER('dispatcher'), { type: 'dispatched', leadUnitId: d.leadUnitId, assistUnitIds: d.assistUnitIds, second: false, phoneNotice: null, ...due });
    const signedAt = d.signedAt ?? d.repliedAt;
    if (signedAt) push(signedAt, d.signedAt ? 'signedAt' : 'repliedAt', unitActor(d.leadUnitId), { type: 'signed_for', unitId: d.leadUnitId });
    if (d.repliedAt) {
      push(d.repliedAt, 'repliedAt', unitActor(d.leadUnitId), { type: 'replied', unitId: d.leadUnitId, result: d.result ?? '', attachmentIds: [], handlerName: d.handlerName }, d.result);
    }
    if (d.closedAt) {
      if (d.satisfaction) {
        push(d.closedAt, 'closedAt', IMPORTER('callback_agent'), { type: 'called_back', reached: true, satisfaction: d.satisfaction, solved: d.solved ?? d.satisfaction !== 'unsatisfied' });
      }
      push(d.closedAt, 'closedAt', IMPORTER('callback_agent'), { type: 'closed' });
    }
  } else if (d.closedAt) {
    push(d.closedAt, 'closedAt', IMPORTER('operator'), { type: 'answered', answer: d.result ?? '已办结', knowledgeArticleId: null }, d.result ?? '已办结');
  } else if (d.registered) {
    push(d.acceptedAt, 'acceptedAt', IMPORTER('operator'), { type: 'registered' });
  }
  if (d.withdrawnAt) push(d.withdrawnAt, 'withdrawnAt', IMPORTER('operator'), { type: 'withdrawn' }, '历史数据：已撤回');
  return issues.length ? { issues } : { events };
}
