// A report as an Excel workbook (.xlsx): one sheet per section, numbers as numbers (rates with a
// percentage format) so that analysts can work on them.
import ExcelJS from 'exceljs';
import { endOfLocalDay } from '../domain/calendar.ts';
import type { ReportData } from './data.ts';
import { normalizeOfficeZip } from './zip.ts';

type Cell = string | number | null;
interface Col {
  header: string;
  width: number;
  rate?: boolean;
}

/** A sheet: optional title lines, a header row, then the rows; a number is shown as a percentage when its column is a rate or `rate(row, col)` says so. */
function sheet(wb: ExcelJS.Workbook, name: string, cols: Col[], rows: Cell[][], title?: string[], rate?: (row: number, col: number) => boolean) {
  const ws = wb.addWorksheet(name);
  let r = 1;
  for (const t of title ?? []) {
    ws.getCell(r, 1).value = t;
    if (r === 1) ws.getCell(r, 1).font = { bold: true, size: 14 };
    r++;
  }
  if (title?.length) r++;
  const head = ws.getRow(r);
  cols.forEach((c, i) => {
    head.getCell(i + 1).value = c.header;
    head.getCell(i + 1).font = { bold: true };
    head.getCell(i + 1).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7EEF7' } };
    ws.getColumn(i + 1).width = c.width;
  });
  rows.forEach((row, k) => {
    r++;
    row.forEach((v, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = v;
      if ((cols[i]?.rate || rate?.(k, i)) && typeof v === 'number') cell.numFmt = '0.0%';
    });
  });
  return ws;
}

export async function renderXlsx(d: ReportData): Promise<Buffer> {
  const at = endOfLocalDay(d.period.last);
  const wb = new ExcelJS.Workbook();
  wb.creator = '民声 Minsheng';
  wb.lastModifiedBy = '民声 Minsheng';
  wb.created = at;
  wb.modified = at;
  wb.title = d.title;

  const figures = sheet(wb, '概况', [{ header: '指标', width: 28 }, { header: '本期', width: 14 }, { header: '上期', width: 14 }, { header: '变化', width: 22 }],
    d.figures.map((f) => [f.label, f.current, f.previous, f.change]),
    [d.title, `${d.period.label}（${d.period.from} 至 ${d.period.last}），上期：${d.previous.label}`, `${d.centre}　数据截至 ${d.cutoff}`],
    (row, col) => d.figures[row]!.kind === 'rate' && (col === 1 || col === 2));
  const summaryStart = 5 + d.figures.length + 2;
  d.summary.forEach((s, i) => (figures.getCell(summaryStart + i, 1).value = s));

  sheet(wb, '走势', [{ header: d.trend.granularity === 'day' ? '日期' : d.trend.granularity === 'week' ? '周（起始日）' : '月', width: 14 }, { header: '受理量', width: 10 }, { header: '办结量', width: 10 }, { header: '满意率', width: 10, rate: true }],
    d.trend.rows.map((r) => [r.bucket, r.received, r.closed, r.satisfactionRate]));
  sheet(wb, '分类', [{ header: '分类', width: 24 }, { header: '本期', width: 10 }, { header: '上期', width: 10 }, { header: '占比', width: 10, rate: true }],
    d.byCategory.map((s) => [s.name, s.count, s.previous, s.share]));
  sheet(wb, '区域', [{ header: '区域', width: 24 }, { header: '本期', width: 10 }, { header: '上期', width: 10 }, { header: '占比', width: 10, rate: true }],
    d.byTerritory.map((s) => [s.name, s.count, s.previous, s.share]));
  sheet(wb, '热点问题', [{ header: '序号', width: 6 }, { header: '问题', width: 36 }, { header: '关键词', width: 30 }, { header: '反映人数', width: 10 }, { header: '本期', width: 8 }, { header: '上期', width: 8 }, { header: '变化', width: 16 }],
    d.hotIssues.map((h, i) => [i + 1, h.title, h.terms.join('、'), h.residents, h.count, h.previous, h.change]));
  sheet(wb, '示例工单', [{ header: '问题', width: 36 }, { header: '工单编号', width: 18 }, { header: '标题', width: 40 }, { header: '地址', width: 40 }, { header: '受理时间', width: 22 }],
    d.hotIssues.flatMap((h) => h.examples.map((e) => [h.title, e.code, e.title, e.address, e.acceptedAt])));
  sheet(wb, '超期单位', [{ header: '承办单位', width: 40 }, { header: '超过办理时限（件）', width: 18 }, { header: '超期办结（件）', width: 14 }],
    d.overdueUnits.map((u) => [u.name, u.overdue, u.closeLate]));
  const s = d.satisfaction;
  const satisfaction: [Cell, Cell, boolean][] = [
    ['参评', s.rated, false], ['满意', s.satisfied, false], ['基本满意', s.basicallySatisfied, false], ['不满意', s.unsatisfied, false],
    ['满意率', s.rate, true], ['上期满意率', s.previousRate, true], ['解决率', s.solveRate, true], [null, null, false],
    ...d.unsatisfiedUnits.map((u): [Cell, Cell, boolean] => [`不满意：${u.name}`, u.unsatisfied, false]),
  ];
  sheet(wb, '满意度', [{ header: '项目', width: 24 }, { header: '数值', width: 12 }],
    satisfaction.map(([label, value]) => [label, value]), undefined, (row, col) => col === 1 && satisfaction[row]![2]);
  sheet(wb, '预警', [{ header: '日期', width: 12 }, { header: '类型', width: 10 }, { header: '分类', width: 20 }, { header: '区域', width: 16 }, { header: '问题', width: 36 }, { header: '当日', width: 8 }, { header: '近几周同日', width: 16 }, { header: '均值', width: 8 }, { header: '预警线', width: 8 }],
    d.warnings.map((w) => [w.day, w.kind === 'hot_issue' ? '热点（人）' : '分类激增（件）', w.category?.name ?? '', w.territory?.name ?? '', 'label' in w ? w.label ?? '' : '', w.count, w.baseline.join('、'), w.mean, w.threshold]));
  if (d.ranking) {
    sheet(wb, '单位考核排名', [{ header: '排名', width: 6 }, { header: '单位', width: 40 }, { header: '考核得分', width: 10 }, { header: '“三率”', width: 10 }, { header: '派单量', width: 8 }, { header: '按时办结率', width: 12, rate: true }, { header: '满意率', width: 10, rate: true }, { header: '扣分项', width: 40 }],
      d.ranking.units.map((u) => [u.rank, u.name, u.score, u.threeRates, u.dispatched, u.onTimeCloseRate, u.satisfactionRate, u.lost]));
    sheet(wb, '街道三率排名', [{ header: '排名', width: 6 }, { header: '街道', width: 20 }, { header: '“三率”综合', width: 12 }, { header: '响应率', width: 10, rate: true }, { header: '解决率', width: 10, rate: true }, { header: '满意率', width: 10, rate: true }, { header: '受理量', width: 10 }],
      d.ranking.streets.map((t) => [t.rank, t.name, t.threeRates, t.response, t.solve, t.satisfaction, t.received]));
  }
  const buf = await wb.xlsx.writeBuffer();
  return normalizeOfficeZip(Buffer.from(buf as ArrayBuffer), at);
}
