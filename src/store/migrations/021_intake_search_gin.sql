-- The search index is read far more often than written, and written in batches by a sweep:
-- entries go straight into the GIN tree instead of a pending list that every search would have
-- to scan until the next vacuum (PGlite runs no autovacuum at all).
alter index search_docs_tsv set (fastupdate = off);
select gin_clean_pending_list('search_docs_tsv'::regclass);
