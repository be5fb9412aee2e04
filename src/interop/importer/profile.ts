// What an import profile is: the columns a file must have and how one row becomes a draft order,
// with the problems it found (errors refuse the whole file; warnings are reported and imported).
import type { Catalog, Category, Territory, Unit } from '../../domain/catalog.ts';
import type { Draft, Issue } from './history.ts';

export interface Lookup {
  catalog: Catalog;
  category: Map<string, Category>;
  unit: Map<string, Unit>;
  unitByName: Map<string, Unit>;
  territory: Map<string, Territory>;
}

export function lookup(catalog: Catalog): Lookup {
  return {
    catalog,
    category: new Map([...catalog.categories.values()].map((c) => [c.code, c])),
    unit: new Map([...catalog.units.values()].map((u) => [u.code, u])),
    unitByName: new Map([...catalog.units.values()].map((u) => [u.name, u])),
    territory: new Map([...catalog.territories.values()].map((t) => [t.code, t])),
  };
}

export interface RowResult {
  draft: Draft | null;
  errors: Issue[];
  warnings: Issue[];
}

export interface Profile {
  name: string;
  zh: string;
  /** Columns the file must have. */
  required: readonly string[];
  read(row: number, v: Record<string, string>, l: Lookup): RowResult;
}

/** Collects a row's problems against its columns. */
export class RowIssues {
  readonly errors: Issue[] = [];
  readonly warnings: Issue[] = [];
  constructor(private readonly row: number, private readonly v: Record<string, string>) {}
  error(column: string | null, zh: string, en: string) {
    this.errors.push({ row: this.row, column, value: column ? (this.v[column] ?? null) : null, message: zh, messageEn: en });
  }
  warn(column: string | null, zh: string, en: string) {
    this.warnings.push({ row: this.row, column, value: column ? (this.v[column] ?? null) : null, message: zh, messageEn: en });
  }
}

/** Undo UTF-8 read as Latin-1 ("Transportationâ\u0080\u0099s" -> "Transportation’s"); null when the text is clean. */
export function repairMojibake(s: string): string | null {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf]/.test(s)) return null;
  if (/[^\u0000-\u00ff]/.test(s)) return null;
  const fixed = Buffer.from(s, 'latin1').toString('utf8');
  return fixed.includes('\ufffd') ? null : fixed;
}
