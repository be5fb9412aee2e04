// Export any filtered list of orders (the filters and the visibility of GET /api/orders, through
// the same SQL builder) to CSV or Excel, with Chinese column headers and times in Beijing time.
// The caller is masked exactly as the order view masks it for this viewer (present.ts). The
// columns are also the native import format: an export can be imported into another centre.
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import { ORDER_STATE_ZH, type Order } from '../domain/order.ts';
import { formatShanghai } from '../domain/calendar.ts';
import { CHANNEL_ZH, REQUEST_TYPE_ZH, SATISFACTION_ZH } from '../domain/types.ts';
import type { User } from '../app/auth.ts';
import type { AppContext } from '../app/context.ts';
import { AppError } from '../app/errors.ts';
import { exportRows, type OrderFilter } from '../app/orders/queries.ts';
import { callerFor } from '../app/orders/present.ts';
import type { Catalog } from '../domain/catalog.ts';

export const MAX_EXPORT_ROWS = 50_000;

const CLOSE_KIND_ZH = { immediate: '即时办结', verified: '核实办结' } as const;
const yesNo = (b: boolean) => (b ? '是' : '否');
/** 2026-11-21 10:00:00 (Beijing time), as spreadsheets show it. */
const localDateTime = (d: Date | null) => (d ? formatShanghai(d).slice(0, 19).replace('T', ' ') : '');

interface Extra {
  result: string | null;
}

type Cell = string | number | null;

/** The columns, in order. The header is the Chinese name; the native import reads the same names. */
export const COLUMNS: Array<{ zh: string; width: number; value: (o: Order, x: Extra, v: User, c: Catalog) => Cell }> = [
  { zh: '工单编号', width: 16, value: (o) => o.code },
  { zh: '受理时间', width: 20, value: (o) => localDateTime(o.acceptedAt) },
  { zh: '渠道', width: 10, value: (o) => CHANNEL_ZH[o.channel] },
  { zh: '诉求类型', width: 8, value: (o) => REQUEST_TYPE_ZH[o.requestType] },
  { zh: '分类编码', width: 10, value: (o, _x, _v, c) => (o.categoryId ? c.categories.get(o.categoryId)?.code ?? '' : '') },
  { zh: '分类', width: 14, value: (o, _x, _v, c) => (o.categoryId ? c.categories.get(o.categoryId)?.name ?? '' : '') },
  { zh: '紧急', width: 6, value: (o) => yesNo(o.emergency) },
  { zh: '等级', width: 6, value: (o) => o.grade },
  { zh: '标题', width: 30, value: (o) => o.title },
  { zh: '诉求内容', width: 60, value: (o) => o.description },
  { zh: '来电人', width: 10, value: (o, _x, v) => callerFor(o, v).name ?? '' },
  { zh: '联系电话', width: 15, value: (o, _x, v) => callerFor(o, v).phone ?? '' },
  { zh: '匿名', width: 6, value: (o) => yesNo(o.caller.anonymous) },
  { zh: '保密', width: 6, value: (o) => yesNo(o.caller.confidential) },
  { zh: '区域编码', width: 16, value: (o, _x, _v, c) => (o.place.territoryId ? c.territories.get(o.place.territoryId)?.code ?? '' : '') },
  { zh: '区域', width: 12, value: (o, _x, _v, c) => (o.place.territoryId ? c.territories.get(o.place.territoryId)?.name ?? '' : '') },
  { zh: '地址', width: 30, value: (o) => o.place.address ?? '' },
  { zh: '经度', width: 11, value: (o) => o.place.lng },
  { zh: '纬度', width: 11, value: (o) => o.place.lat },
  { zh: '状态', width: 8, value: (o) => ORDER_STATE_ZH[o.state] },
  { zh: '主办单位编码', width: 12, value: (o, _x, _v, c) => (o.leadUnitId ? c.units.get(o.leadUnitId)?.code ?? '' : '') },
  { zh: '主办单位', width: 24, value: (o, _x, _v, c) => (o.leadUnitId ? c.units.get(o.leadUnitId)?.name ?? '' : '') },
  { zh: '协办单位', width: 24, value: (o, _x, _v, c) => o.assistUnitIds.map((u) => c.units.get(u)?.name ?? '').join('、') },
  { zh: '派单时间', width: 20, value: (o) => localDateTime(o.dispatchedAt) },
  { zh: '签收时限', width: 20, value: (o) => localDateTime(o.signForDue) },
  { zh: '办理时限', width: 20, value: (o) => localDateTime(o.handleDue) },
  { zh: '签收时间', width: 20, value: (o) => localDateTime(o.signedAt) },
  { zh: '回复时间', width: 20, value: (o) => localDateTime(o.repliedAt) },
  { zh: '办理结果', width: 60, value: (_o, x) => x.result ?? '' },
  { zh: '办结时间', width: 20, value: (o) => localDateTime(o.closedAt) },
  { zh: '办结方式', width: 10, value: (o) => (o.closeKind ? CLOSE_KIND_ZH[o.closeKind] : '') },
  { zh: '回访满意度', width: 10, value: (o) => (o.lastCallback ? SATISFACTION_ZH[o.lastCallback.satisfaction] : '') },
  { zh: '是否解决', width: 8, value: (o) => (o.lastCallback ? yesNo(o.lastCallback.solved) : '') },
  { zh: '退单次数', width: 8, value: (o) => o.returnCount },
  { zh: '重办次数', width: 8, value: (o) => o.reopenCount },
  { zh: '延期次数', width: 8, value: (o) => o.extensionCount },
  { zh: '督办次数', width: 8, value: (o) => o.supervisionCount },
];

export interface ExportFile {
  body: Buffer;
  contentType: string;
  filename: string;
  rows: number;
}

export async function exportOrders(app: AppContext, viewer: User, filter: Omit<OrderFilter, 'page' | 'pageSize'>, format: 'csv' | 'xlsx'): Promise<ExportFile> {
  const { catalog, now, rows } = await exportRows(app, viewer, filter, MAX_EXPORT_ROWS + 1);
  if (rows.length > MAX_EXPORT_ROWS) {
    throw new AppError(400, 'too_many_rows', `一次最多导出 ${MAX_EXPORT_ROWS} 条，请缩小筛选范围（如受理时间）`, `At most ${MAX_EXPORT_ROWS} orders per export; narrow the filter (e.g. by date)`);
  }
  const table = rows.map((r) => COLUMNS.map((c) => c.value(r.order, { result: r.result }, viewer, catalog)));
  const stamp = localDateTime(now).replace(/[-: ]/g, '').slice(0, 12);
  if (format === 'csv') {
    // With a byte-order mark, so that Excel opens the Chinese text as UTF-8.
    const text = '\ufeff' + stringify([COLUMNS.map((c) => c.zh), ...table.map((r) => r.map((v) => (v === null ? '' : v)))]);
    return { body: Buffer.from(text, 'utf8'), contentType: 'text/csv; charset=utf-8', filename: `工单导出-${stamp}.csv`, rows: table.length };
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Minsheng';
  wb.created = now;
  const ws = wb.addWorksheet('工单', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.zh, key: c.zh, width: c.width }));
  ws.getRow(1).font = { bold: true };
  for (const r of table) ws.addRow(r);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  return { body: buf, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', filename: `工单导出-${stamp}.xlsx`, rows: table.length };
}
