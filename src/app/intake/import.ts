// Labelled texts imported from a CSV (columns id,text,label): training material for the category
// classifier beside the platform's closed orders, e.g. a centre's records from its previous
// system. A label names a category by code (020101), by name (施工噪声) when only one category
// has it, or by its path (环境保护/噪声污染/施工噪声). Rows whose label matches no category, or
// several, are reported and left out. One admin_events row records each import. The CSV is read
// as every import of the platform reads one (src/interop/importer/read.ts); column names are
// matched in any case.
import { readCsv, ReadError, type Sheet } from '../../interop/importer/read.ts';
import { ancestry, type Catalog } from '../../domain/catalog.ts';
import { getCatalog } from '../../store/catalog.ts';
import { insertTrainingTexts } from '../../store/models.ts';
import { recordAdminEvent } from '../admin.ts';
import type { User } from '../auth.ts';
import type { AppContext } from '../context.ts';
import { field, invalid } from '../errors.ts';

export const MAX_IMPORT_ROWS = 50_000;

export interface Rejected {
  line: number;
  id: string | null;
  message: string;
  messageEn: string;
}

export interface ImportResult {
  imported: number;
  rejected: Rejected[];
}

function labelIndex(catalog: Catalog) {
  const byCode = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const byPath = new Map<string, number>();
  const norm = (s: string) => s.replace(/\s+/g, '').replace(/[>＞\\|｜-]/g, '/');
  for (const c of catalog.categories.values()) {
    if (!c.active) continue;
    byCode.set(c.code, c.id);
    const named = byName.get(c.name);
    if (named) named.push(c.id);
    else byName.set(c.name, [c.id]);
    const path = ancestry(c.path).reverse().map((id) => catalog.categories.get(id)?.name ?? '').join('/');
    byPath.set(norm(path), c.id);
  }
  return (label: string): number | 'ambiguous' | null => {
    const l = label.trim();
    if (byCode.has(l)) return byCode.get(l)!;
    const p = byPath.get(norm(l));
    if (p !== undefined) return p;
    const n = byName.get(l);
    if (!n) return null;
    return n.length === 1 ? n[0]! : 'ambiguous';
  };
}

export async function importTrainingCsv(app: AppContext, user: User, csv: string): Promise<ImportResult> {
  let sheet: Sheet;
  try {
    sheet = readCsv(csv, MAX_IMPORT_ROWS);
  } catch (e) {
    if (e instanceof ReadError) throw invalid([field('csv', e.zh, e.en)]);
    throw e;
  }
  const column = new Map(sheet.headers.map((h) => [h.toLowerCase(), h]));
  const textCol = column.get('text');
  const labelCol = column.get('label');
  const idCol = column.get('id');
  if (textCol === undefined || labelCol === undefined) {
    throw invalid([field('csv', 'CSV 首行须包含 text 和 label 列（可选 id 列）', 'The CSV header must have text and label columns (id optional)')]);
  }
  if (!sheet.rows.length) throw invalid([field('csv', 'CSV 没有数据行', 'The CSV has no data rows')]);
  const catalog = await getCatalog(app.db);
  const find = labelIndex(catalog);
  const ok: { id: string | null; text: string; categoryId: number }[] = [];
  const rejected: Rejected[] = [];
  sheet.rows.forEach(({ row: line, values: r }) => {
    const id = (idCol !== undefined && r[idCol]) || null;
    const text = r[textCol] ?? '';
    const label = r[labelCol] ?? '';
    if (!text) return rejected.push({ line, id, message: '文本为空', messageEn: 'Empty text' });
    if (text.length > 20_000) return rejected.push({ line, id, message: '文本超过 20000 字', messageEn: 'Text longer than 20,000 characters' });
    const c = find(label);
    if (c === null) return rejected.push({ line, id, message: `分类“${label}”不存在或已停用`, messageEn: `No active category "${label}"` });
    if (c === 'ambiguous') return rejected.push({ line, id, message: `分类名“${label}”对应多个分类，请用分类编码或完整路径`, messageEn: `Several categories are named "${label}": use the code or the full path` });
    ok.push({ id, text, categoryId: c });
  });
  if (!ok.length) {
    throw invalid(rejected.slice(0, 20).map((r) => field(`csv.line${r.line}`, r.message, r.messageEn)));
  }
  const now = app.clock.now();
  await app.db.transaction(async (tx) => {
    for (let i = 0; i < ok.length; i += 1000) {
      await insertTrainingTexts(tx, ok.slice(i, i + 1000), user.id, now);
    }
    await recordAdminEvent(tx, user, now, 'intake_training_texts', 'csv', 'import', { imported: ok.length, rejected: rejected.length });
  });
  return { imported: ok.length, rejected };
}
