// The knowledge base (`knowledge_articles`): what operators look up while taking a call.
import type { Queryable } from './db.ts';
import { sql } from './sql.ts';

export interface ArticleListed {
  id: number;
  title: string;
  body: string;
  categoryId: number | null;
  active: boolean;
  updatedAt: Date;
}

/** Up to 50 active articles in id order, those whose title or body contains `q` when given. */
export async function listArticles(db: Queryable, q?: string): Promise<ArticleListed[]> {
  const like = `%${q}%`;
  const r = await db.query<ArticleListed>(sql`select id, title, body, category_id as "categoryId", active, updated_at as "updatedAt"
    from knowledge_articles where active ${q ? sql`and (title like ${like} or body like ${like})` : sql.empty} order by id limit 50`);
  return r.rows;
}

export async function insertArticle(db: Queryable, a: { title: string; body: string; categoryId: number | null }): Promise<number> {
  const r = await db.query<{ id: number }>(sql`insert into knowledge_articles (title, body, category_id) values (${a.title}, ${a.body}, ${a.categoryId}) returning id`);
  return r.rows[0]!.id;
}
