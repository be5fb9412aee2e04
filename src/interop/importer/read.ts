// Reading a spreadsheet into rows of text: CSV (UTF-8, or GB18030 as Chinese Excel saves it) or
// the first worksheet of an .xlsx. Row numbers are those a user sees in Excel (the header is row 1).
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface Sheet {
  headers: string[];
  rows: Array<{ row: number; values: Record<string, string> }>;
}

export class ReadError extends Error {
  constructor(readonly zh: string, readonly en: string) {
    super(en);
  }
}

/** Bytes of a CSV file as text: UTF-8 when valid, else GB18030 (GBK). */
export function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

function checkHeaders(headers: string[]): string[] {
  const clean = headers.map((h) => h.replace(/^\ufeff/, '').trim());
  if (!clean.length || clean.every((h) => !h)) throw new ReadError('文件没有表头行', 'The file has no header row');
  const seen = new Set<string>();
  for (const h of clean) {
    if (h && seen.has(h)) throw new ReadError(`表头重复：${h}`, `Duplicate column: ${h}`);
    seen.add(h);
  }
  return clean;
}

export function readCsv(text: string, maxRows: number): Sheet {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }) as string[][];
  } catch (e) {
    throw new ReadError(`CSV 格式错误：${(e as Error).message}`, `Malformed CSV: ${(e as Error).message}`);
  }
  const [head, ...body] = records;
  const headers = checkHeaders(head ?? []);
  if (body.length > maxRows) throw new ReadError(`一次最多导入 ${maxRows} 行`, `At most ${maxRows} rows per import`);
  return {
    headers,
    rows: body.map((r, i) => ({ row: i + 2, values: Object.fromEntries(headers.map((h, k) => [h, (r[k] ?? '').trim()])) })),
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell as the text it shows. Dates: exceljs gives the wall time shown in Excel as if it were UTC. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const hms = v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds() ? ` ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}` : '';
    return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}${hms}`;
  }
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return cellText((v as { result: ExcelJS.CellValue }).result);
    if ('text' in v) return String((v as { text: unknown }).text);
    if ('error' in v) return '';
    return '';
  }
  return String(v);
}

export async function readXlsx(bytes: Uint8Array, maxRows: number): Promise<Sheet> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch (e) {
    throw new ReadError(`无法读取 Excel 文件：${(e as Error).message}`, `Cannot read the Excel file: ${(e as Error).message}`);
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new ReadError('Excel 文件没有工作表', 'The Excel file has no worksheet');
  const width = ws.columnCount;
  const texts = (rowNo: number) => Array.from({ length: width }, (_, k) => cellText(ws.getRow(rowNo).getCell(k + 1).value).trim());
  const headers = checkHeaders(texts(1));
  const rows: Sheet['rows'] = [];
  for (let r = 2; r <= ws.rowCount; r++) {
    const vals = texts(r);
    if (vals.every((x) => !x)) continue;
    if (rows.length >= maxRows) throw new ReadError(`一次最多导入 ${maxRows} 行`, `At most ${maxRows} rows per import`);
    rows.push({ row: r, values: Object.fromEntries(headers.map((h, k) => [h, vals[k] ?? ''])) });
  }
  return { headers, rows };
}
