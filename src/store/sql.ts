// The one way to write SQL here: a tagged template that binds every interpolated value as a
// parameter ($1, $2, …) and splices fragments (other `sql` values) in place, so a shared
// condition is written once and composed anywhere without counting parameters by hand.
//
//   const visible = sql`o.holder_unit_id = ${unitId}`;
//   db.query<{ doc: Doc }>(sql`select doc from orders o where ${visible} and o.id = ${id}`);
//
// Only `sql.raw` puts text into a statement unbound; it is for identifiers and keywords the code
// itself chooses (a table name from a fixed list), never for input.

export class Sql {
  /** `strings` has one more element than `values`; a value may itself be a fragment. */
  constructor(readonly strings: readonly string[], readonly values: readonly unknown[]) {}

  /** The statement text with $n placeholders and its parameters. */
  compile(): { text: string; values: unknown[] } {
    const values: unknown[] = [];
    const text = this.write(values);
    return { text, values };
  }

  private write(values: unknown[]): string {
    let text = this.strings[0]!;
    for (let i = 0; i < this.values.length; i++) {
      const v = this.values[i];
      if (v instanceof Sql) text += v.write(values);
      else {
        values.push(v === undefined ? null : v);
        text += `$${values.length}`;
      }
      text += this.strings[i + 1]!;
    }
    return text;
  }
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  return new Sql(strings, values);
}

/** Text the code chose (an identifier from a fixed list, a keyword), spliced in unbound. */
sql.raw = (text: string): Sql => new Sql([text], []);

/** An identifier, quoted. */
sql.ident = (name: string): Sql => new Sql([`"${name.replaceAll('"', '""')}"`], []);

/** Fragments joined by a separator (a comma by default); an empty list gives an empty fragment. */
sql.join = (parts: readonly Sql[], separator: Sql = sql`, `): Sql => {
  if (!parts.length) return sql.empty;
  const strings: string[] = [''];
  const values: unknown[] = [];
  parts.forEach((p, i) => {
    if (i > 0) {
      values.push(separator);
      strings.push('');
    }
    values.push(p);
    strings.push('');
  });
  return new Sql(strings, values);
};

/** Conditions joined by `and`: `where ${sql.and(conds)}` (true when there are none). */
sql.and = (conds: readonly Sql[]): Sql => (conds.length ? sql`(${sql.join(conds, sql` and `)})` : sql`true`);

/** `where …` of the conditions, or nothing. */
sql.where = (conds: readonly Sql[]): Sql => (conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql.empty);

sql.empty = new Sql([''], []);
