// A report as a Word document (.docx), in Chinese, laid out like a centre's written brief:
// title, the overall picture, trend, breakdowns, hot issues with example orders, overdue units,
// satisfaction, warnings and, monthly, the rankings.
import {
  AlignmentType, BorderStyle, Document, HeadingLevel, Packer, Paragraph, ShadingType, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { endOfLocalDay } from '../domain/calendar.ts';
import { num, pct, wd, type Figure, type ReportData } from './data.ts';
import { normalizeOfficeZip } from './zip.ts';

const BODY = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋', cs: 'Times New Roman' };
const HEAD = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体', cs: 'Times New Roman' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体', cs: 'Times New Roman' };

const NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

const p = (text: string, o: { bold?: boolean; center?: boolean; size?: number; indent?: boolean; font?: typeof BODY } = {}) =>
  new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    spacing: { after: 80, line: 360 },
    indent: o.indent ? { firstLine: 640 } : undefined,
    children: [new TextRun({ text, bold: o.bold, size: o.size ?? 28, font: o.font ?? BODY })],
  });

function heading(n: number, text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text: `${NUMBERS[n] ?? n + 1}、${text}`, bold: true, size: 30, font: HEAD })],
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: '808080' };

function table(headers: string[], rows: (string | number)[][], widths?: number[]): Table {
  const cell = (t: string | number, head: boolean, i: number) => new TableCell({
    width: widths ? { size: widths[i]!, type: WidthType.PERCENTAGE } : undefined,
    shading: head ? { type: ShadingType.CLEAR, color: 'auto', fill: 'E7EEF7' } : undefined,
    children: [new Paragraph({
      alignment: i === 0 || !head && typeof t === 'string' && t.length > 12 ? AlignmentType.LEFT : AlignmentType.CENTER,
      children: [new TextRun({ text: String(t), bold: head, size: 21, font: head ? HEAD : BODY })],
    })],
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    rows: [
      new TableRow({ tableHeader: true, children: headers.map((h, i) => cell(h, true, i)) }),
      ...rows.map((r) => new TableRow({ children: r.map((v, i) => cell(v, false, i)) })),
    ],
  });
}

export const fmt = (f: Pick<Figure, 'kind'>, v: number | null) => (f.kind === 'rate' ? pct(v) : f.kind === 'workdays' ? wd(v) : num(v));
const bucketLabel = (g: string, b: string) => (g === 'day' ? b.slice(5) : g === 'week' ? `${b.slice(5)} 起一周` : b.slice(0, 7));

export async function renderDocx(d: ReportData): Promise<Buffer> {
  const body: (Paragraph | Table)[] = [
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 120 }, children: [new TextRun({ text: d.title, bold: true, size: 40, font: TITLE })] }),
    p(`（${d.period.label}）`, { center: true, size: 28 }),
    p(`${d.centre}　　数据截至 ${d.cutoff}`, { center: true, size: 21 }),
  ];
  let n = 0;
  body.push(heading(n++, '总体情况'), ...d.summary.map((s) => p(s, { indent: true })));
  body.push(table(['指标', '本期', `上期（${d.previous.label}）`, '变化'], d.figures.map((f) => [f.label, fmt(f, f.current), fmt(f, f.previous), f.change]), [34, 18, 26, 22]));

  body.push(heading(n++, '诉求走势'));
  body.push(table(['时间', '受理量', '办结量', '满意率'], d.trend.rows.map((r) => [bucketLabel(d.trend.granularity, r.bucket), r.received, r.closed, pct(r.satisfactionRate)])));

  body.push(heading(n++, '诉求分类'));
  body.push(d.byCategory.length ? table(['分类', '本期', '上期', '占比'], d.byCategory.map((s) => [s.name, s.count, s.previous, pct(s.share)]), [40, 20, 20, 20]) : p('本期无诉求。', { indent: true }));

  body.push(heading(n++, '区域分布'));
  body.push(d.byTerritory.length ? table(['区域', '本期', '上期', '占比'], d.byTerritory.map((s) => [s.name, s.count, s.previous, pct(s.share)]), [40, 20, 20, 20]) : p('本期无诉求。', { indent: true }));

  body.push(heading(n++, '热点问题'));
  if (!d.hotIssues.length) body.push(p('本期无集中反映的问题。', { indent: true }));
  d.hotIssues.forEach((h, i) => {
    body.push(p(`${i + 1}. ${h.title}：本期 ${h.residents} 位群众反映 ${h.count} 件，上期类似诉求 ${h.previous} 件（${h.change}）。`, { indent: true, bold: true }));
    if (h.terms.length) body.push(p(`关键词：${h.terms.join('、')}`, { indent: true, size: 24 }));
    for (const e of h.examples) body.push(p(`例：${e.code} ${e.title}${e.address ? `（${e.address}）` : ''}`, { indent: true, size: 24 }));
  });

  body.push(heading(n++, '超期情况'));
  body.push(d.overdueUnits.length
    ? table(['承办单位', '超过办理时限（件）', '超期办结（件）'], d.overdueUnits.map((u) => [u.name, u.overdue, u.closeLate]), [60, 20, 20])
    : p('本期无超期工单。', { indent: true }));

  body.push(heading(n++, '满意度'));
  const s = d.satisfaction;
  body.push(p(`回访参评 ${num(s.rated)} 件，其中满意 ${num(s.satisfied)} 件、基本满意 ${num(s.basicallySatisfied)} 件、不满意 ${num(s.unsatisfied)} 件；满意率 ${pct(s.rate)}（上期 ${pct(s.previousRate)}），解决率 ${pct(s.solveRate)}。`, { indent: true }));
  if (d.unsatisfiedUnits.length) body.push(table(['不满意件较多的单位', '不满意（件）'], d.unsatisfiedUnits.map((u) => [u.name, u.unsatisfied]), [75, 25]));

  body.push(heading(n++, '预警'));
  if (!d.warnings.length) body.push(p('本期未触发诉求激增预警。', { indent: true }));
  for (const w of d.warnings) body.push(p(`${w.day}：${w.text}（近${w.baseline.length}周同日：${w.baseline.join('、')} ${w.kind === 'hot_issue' ? '位' : '件'}；预警线 ${w.threshold}）。`, { indent: true }));

  if (d.ranking) {
    body.push(heading(n++, '单位考核排名'));
    body.push(d.ranking.units.length
      ? table(['排名', '单位', '考核得分', '“三率”', '派单量', '按时办结率', '满意率', '扣分项'],
        d.ranking.units.map((u) => [u.rank ?? '—', u.name, u.score.toFixed(2), u.threeRates === null ? '—' : u.threeRates.toFixed(2), u.dispatched, pct(u.onTimeCloseRate), pct(u.satisfactionRate), u.lost || '无']),
        [7, 27, 10, 9, 8, 11, 9, 19])
      : p('本期无参加考核的单位。', { indent: true }));
    body.push(heading(n++, '街道“三率”排名'));
    body.push(table(['排名', '街道', '“三率”综合', '响应率', '解决率', '满意率', '受理量'],
      d.ranking.streets.map((t) => [t.rank ?? '—', t.name, t.threeRates === null ? '—' : t.threeRates.toFixed(2), pct(t.response), pct(t.solve), pct(t.satisfaction), t.received])));
  }
  body.push(p('注：指标口径见平台“指标定义”（docs/measures.md）；各项均按事件发生日统计，报告期结束后数字不再变化。', { size: 20 }));

  const doc = new Document({
    creator: '民声 Minsheng',
    lastModifiedBy: '民声 Minsheng',
    title: d.title,
    description: `${d.kindZh} ${d.period.label}`,
    styles: { default: { document: { run: { font: BODY, size: 28 } } } },
    sections: [{ properties: { page: { margin: { top: 1440, bottom: 1440, left: 1440, right: 1440 } } }, children: body }],
  });
  const buf = await Packer.toBuffer(doc);
  return normalizeOfficeZip(buf, endOfLocalDay(d.period.last));
}
