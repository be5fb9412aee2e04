// Importing historical orders: read the file, map every row through a profile, build each order's
// events, and report which rows and which fields are wrong and why. All or nothing: one wrong row
// and nothing is written; otherwise every order goes in within one transaction, with its events
// through the executor (src/operations/importHistory.ts) with its whole history, so it looks like real history (and the outbox leaves it alone).
import { fold } from '../../domain/order.ts';
import type { User } from '../../app/auth.ts';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../app/errors.ts';
import { asUser } from '../../operations/as.ts';
import { batch } from '../../operations/executor.ts';
import { importHistory } from '../../operations/importHistory.ts';
import { getCatalog } from '../../store/catalog.ts';
import { importedBefore, insertImportBatch, recordImportedOrder, takenCodes } from '../../store/imports.ts';
import { buildHistory, type Draft, type Issue } from './history.ts';
import { nativeProfile } from './native.ts';
import { nyc311Profile } from './nyc311.ts';
import { lookup, type Profile } from './profile.ts';
import { decodeCsv, readCsv, readXlsx, ReadError, type Sheet } from './read.ts';
import type { OrderEvent } from '../../domain/order.ts';

export const PROFILES: Record<string, Profile> = { minsheng: nativeProfile, nyc311: nyc311Profile };
export const MAX_IMPORT_ROWS = 20_000;
const LISTED = 1000;

export interface ImportInput {
  profile: string;
  format: 'csv' | 'xlsx';
  /** Text of a CSV, or the bytes of a CSV or XLSX file. */
  content: string | Uint8Array;
  fileName: string | null;
  dryRun: boolean;
}

function group(issues: Issue[]) {
  const m = new Map<string, { column: string | null; message: string; messageEn: string; count: number; rows: number[] }>();
  for (const i of issues) {
    const key = `${i.column}\u0000${i.messageEn.replace(/\s*\(.*?\)/g, '')}`;
    const g = m.get(key) ?? { column: i.column, message: i.message.replace(/（[^）]*\d{4}-[^）]*）/g, ''), messageEn: i.messageEn.replace(/\s*\(.*?\)/g, ''), count: 0, rows: [] };
    g.count++;
    if (g.rows.length < 20) g.rows.push(i.row);
    m.set(key, g);
  }
  return [...m.values()].sort((a, b) => b.count - a.count);
}

function tally<T>(items: T[], key: (t: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const t of items) out[key(t)] = (out[key(t)] ?? 0) + 1;
  return out;
}

async function readSheet(input: ImportInput): Promise<Sheet> {
  if (input.format === 'xlsx') {
    if (typeof input.content === 'string') throw new ReadError('Excel 文件须以 base64 提交', 'An Excel file must be sent as base64');
    return readXlsx(input.content, MAX_IMPORT_ROWS);
  }
  const text = typeof input.content === 'string' ? input.content : decodeCsv(input.content);
  return readCsv(text, MAX_IMPORT_ROWS);
}

export async function importOrders(app: AppContext, user: User, input: ImportInput) {
  const profile = PROFILES[input.profile];
  if (!profile) throw new AppError(400, 'validation_failed', '输入有误，请检查标出的字段', 'Some fields are invalid', [{ field: 'profile', message: `没有这个导入格式：${input.profile}`, messageEn: `No such profile: ${input.profile}` }]);
  let sheet: Sheet;
  try {
    sheet = await readSheet(input);
  } catch (e) {
    if (e instanceof ReadError) throw new AppError(400, 'validation_failed', '无法读取导入文件', 'The file cannot be read', [{ field: 'content', message: e.zh, messageEn: e.en }]);
    throw e;
  }
  const missing = profile.required.filter((c) => !sheet.headers.includes(c));
  if (missing.length) {
    throw new AppError(400, 'validation_failed', `文件缺少必需的列：${missing.join('、')}`, `Columns missing: ${missing.join(', ')}`,
      missing.map((c) => ({ field: `columns.${c}`, message: '缺少此列', messageEn: 'Column missing' })));
  }

  const catalog = await getCatalog(app.db);
  const l = lookup(catalog);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const good: Array<{ draft: Draft; events: OrderEvent[] }> = [];
  for (const r of sheet.rows) {
    const res = profile.read(r.row, r.values, l);
    warnings.push(...res.warnings);
    if (res.errors.length || !res.draft) {
      errors.push(...res.errors);
      continue;
    }
    const h = buildHistory(res.draft, catalog);
    if ('issues' in h) errors.push(...h.issues);
    else good.push({ draft: res.draft, events: h.events });
  }

  // The same foreign row twice, in the file or already imported, is refused.
  const firstRow = new Map<string, number>();
  for (const g of good) {
    const id = g.draft.sourceId;
    if (!id) continue;
    const prior = firstRow.get(id);
    if (prior !== undefined) errors.push({ row: g.draft.row, column: null, value: id, message: `与第 ${prior} 行重复（同一外部编号）`, messageEn: `Duplicate of row ${prior} (same foreign id)` });
    else firstRow.set(id, g.draft.row);
  }
  const ids = [...firstRow.keys()];
  if (ids.length) {
    for (const d of await importedBefore(app.db, good[0]!.draft.source, ids)) {
      errors.push({ row: firstRow.get(d.sourceId)!, column: null, value: d.sourceId, message: `已导入过（工单 ${d.code}）`, messageEn: `Already imported (order ${d.code})` });
    }
  }
  // A kept case code that is taken here: allot a new one and keep the old as a reference.
  const codes = good.map((g) => g.draft.code).filter((c): c is string => !!c);
  if (codes.length) {
    const taken = await takenCodes(app.db, codes);
    const inFile = new Set<string>();
    for (const g of good) {
      const c = g.draft.code;
      if (!c) continue;
      if (taken.has(c) || inFile.has(c)) {
        warnings.push({ row: g.draft.row, column: '工单编号', value: c, message: '本中心已有此工单编号，将另行编号，原编号记入外部编号', messageEn: 'This case code is taken here: a new one is allotted and the old kept as a reference' });
        g.draft.code = null;
        g.events[0]!.data = { ...(g.events[0]!.data as Extract<OrderEvent['data'], { type: 'accepted' }>), externalRef: { ...(g.draft.externalRef ?? {}), importedCode: c } };
      }
      inFile.add(c);
    }
  }

  errors.sort((a, b) => a.row - b.row);
  const badRows = new Set(errors.map((e) => e.row));
  const valid = good.filter((g) => !badRows.has(g.draft.row));
  const states = tally(valid, (g) => fold(0, '', g.events).state);
  const catCount = tally(valid, (g) => String(g.draft.categoryId ?? ''));
  const unitCount = tally(valid, (g) => String(g.draft.leadUnitId ?? ''));
  const times = valid.map((g) => g.draft.acceptedAt.getTime());
  const report = {
    profile: profile.name, profileZh: profile.zh, fileName: input.fileName, dryRun: input.dryRun,
    rows: sheet.rows.length, valid: sheet.rows.length - badRows.size, invalid: badRows.size, imported: 0,
    errorCount: errors.length, warningCount: warnings.length,
    errors: errors.slice(0, LISTED), warnings: warnings.slice(0, LISTED), truncated: errors.length > LISTED || warnings.length > LISTED,
    summary: {
      errorsByReason: group(errors), warningsByReason: group(warnings), states,
      channels: tally(valid, (g) => g.draft.channel),
      categories: Object.entries(catCount).sort((a, b) => b[1] - a[1]).slice(0, 20)
        .map(([id, n]) => ({ code: catalog.categories.get(Number(id))?.code ?? null, name: catalog.categories.get(Number(id))?.name ?? '（无分类）', count: n })),
      units: Object.entries(unitCount).sort((a, b) => b[1] - a[1])
        .map(([id, n]) => ({ code: id ? catalog.units.get(Number(id))?.code ?? null : null, name: id ? catalog.units.get(Number(id))?.name ?? '' : '（中心直接办结或待派）', count: n })),
      acceptedFrom: times.length ? new Date(Math.min(...times)).toISOString() : null,
      acceptedTo: times.length ? new Date(Math.max(...times)).toISOString() : null,
    },
    orders: [] as string[],
  };
  if (errors.length) {
    return {
      status: input.dryRun ? 200 : 400,
      body: input.dryRun ? { ok: false, report } : {
        error: 'validation_failed',
        message: `导入文件有 ${badRows.size} 行有误，未导入任何数据`,
        messageEn: `${badRows.size} row(s) are invalid; nothing was imported`,
        fields: errors.slice(0, 200).map((e) => ({ field: `rows.${e.row}${e.column ? `.${e.column}` : ''}`, message: e.message, messageEn: e.messageEn })),
        report,
      },
    };
  }
  if (input.dryRun || !valid.length) return { status: 200, body: { ok: true, report } };

  const now = app.clock.now();
  // All or nothing: every order of the file, and the batch's record, in one transaction.
  const created = await batch(app, async (u) => {
    const batchId = await u.record((tx) => insertImportBatch(tx, { at: now, userId: user.id, profile: profile.name, fileName: input.fileName, rows: sheet.rows.length, imported: valid.length }));
    const out: string[] = [];
    for (const g of valid) {
      // A kept code keeps its day's counter ahead; without one the next code of the accepted day is allotted as for a live accept.
      const done = await u.create(importHistory, { events: g.events, code: g.draft.code }, asUser(user), {
        within: (tx, d) => recordImportedOrder(tx, {
          source: g.draft.source, sourceId: g.draft.sourceId ?? `batch-${batchId}-row-${g.draft.row}`, orderId: d.order.id, batchId, events: g.events.length,
        }),
      });
      out.push(done.order.code);
    }
    return out;
  });
  report.imported = created.length;
  report.orders = created.slice(0, 100);
  return { status: 201, body: { ok: true, report } };
}
