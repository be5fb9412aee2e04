// Excel export of any table: the rows the filters select, with Chinese (or English) headers.
// exceljs is loaded on the first export only, so the pages stay light.
export interface ExportColumn<T> {
  header: string;
  value: (row: T) => string | number | boolean | null | undefined;
  width?: number;
}

export async function exportXlsx<T>(fileName: string, sheetName: string, columns: ExportColumn<T>[], rows: readonly T[]): Promise<void> {
  const mod = (await import('exceljs')) as unknown as { Workbook?: new () => Workbook; default?: { Workbook: new () => Workbook } };
  const WorkbookCtor = mod.Workbook ?? mod.default!.Workbook;
  const wb = new WorkbookCtor();
  wb.creator = '民声 Minsheng';
  const ws = wb.addWorksheet(sheetName.slice(0, 31) || 'Sheet1', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.width ?? Math.min(40, Math.max(10, c.header.length * 2 + 4)) }));
  for (const r of rows) {
    const rec: Record<string, unknown> = {};
    columns.forEach((c, i) => {
      const v = c.value(r);
      rec[`c${i}`] = v ?? '';
    });
    ws.addRow(rec);
  }
  const head = ws.getRow(1);
  head.font = { bold: true };
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FF' } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const buf = await wb.xlsx.writeBuffer();
  download(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName.endsWith('.xlsx') ? fileName : `${fileName}.xlsx`);
}

export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// The few exceljs shapes used here (its own typings describe the Node build).
interface Worksheet {
  columns: { header: string; key: string; width: number }[];
  addRow(r: Record<string, unknown>): unknown;
  getRow(n: number): { font: object; fill: object };
  autoFilter: object;
}
interface Workbook {
  creator: string;
  addWorksheet(name: string, opts?: object): Worksheet;
  xlsx: { writeBuffer(): Promise<ArrayBuffer> };
}
