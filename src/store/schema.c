/* schema.c: the database schema as an ordered list of migrations.
 * A later stage adds its tables by appending one entry to MIGRATIONS. */
#include "store/store_internal.h"

/* Migration 6: a table's three triggers bumping the story step's inputs stamp (the text of
 * each is fixed once released, as every migration's is). */
#define AK_STORY_BUMP " BEGIN UPDATE story_stamp SET gen = gen + 1 WHERE id = 1; END;"

/* The columns of article_timex the story step reads since migration 11 (its timelines). */
#define AK_TIMEX_STORY_COLS "article, start, \"end\", type, value, mod, gran"

#define AK_STORY_TRIGGERS(t, cols)                                                   \
    "CREATE TRIGGER story_stamp_" t "_ai AFTER INSERT ON " t AK_STORY_BUMP           \
    "CREATE TRIGGER story_stamp_" t "_ad AFTER DELETE ON " t AK_STORY_BUMP           \
    "CREATE TRIGGER story_stamp_" t "_au AFTER UPDATE OF " cols " ON " t AK_STORY_BUMP

/* The triggers on `articles` of migrations 4, 5 and 8, made again by migration 10 when the
 * table is re-made (one text for both, so the two cannot differ). */
#define AK_FTS_TRIGGERS                                                                              \
    "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN"                                  \
    " INSERT INTO articles_fts(rowid, title, text) VALUES(new.seq, new.title, new.text); END;"      \
    "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN"                                  \
    " INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES('delete', old.seq, old.title, old.text); END;" \
    "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, text ON articles BEGIN"                   \
    " INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES('delete', old.seq, old.title, old.text);" \
    " INSERT INTO articles_fts(rowid, title, text) VALUES(new.seq, new.title, new.text); END;"
#define AK_SEARCH_STAMP_TRIGGERS                                                                     \
    "CREATE TRIGGER search_stamp_ai AFTER INSERT ON articles BEGIN"                                  \
    " UPDATE search_stamp SET gen = gen + 1 WHERE id = 1; END;"                                      \
    "CREATE TRIGGER search_stamp_ad AFTER DELETE ON articles BEGIN"                                  \
    " UPDATE search_stamp SET gen = gen + 1 WHERE id = 1; END;"                                      \
    "CREATE TRIGGER search_stamp_au AFTER UPDATE OF title, text ON articles BEGIN"                   \
    " UPDATE search_stamp SET gen = gen + 1 WHERE id = 1; END;"
#define AK_MARKS_TRIGGERS                                                                            \
    "CREATE TRIGGER search_marks_ai AFTER INSERT ON articles BEGIN"                                  \
    " INSERT INTO search_marks(seq, m) VALUES(new.seq, ak_marks(new.text)); END;"                    \
    "CREATE TRIGGER search_marks_ad AFTER DELETE ON articles BEGIN"                                  \
    " DELETE FROM search_marks WHERE seq = old.seq; END;"                                            \
    "CREATE TRIGGER search_marks_au AFTER UPDATE OF text ON articles BEGIN"                          \
    " INSERT OR REPLACE INTO search_marks(seq, m) VALUES(new.seq, ak_marks(new.text)); END;"
#define AK_ARTICLE_STORY_COLS "seq, id, title, text, source, published"

/* Migration i (1-based) brings the schema from version i-1 to i. Never edit an
 * entry once released: append a new one (docs/store.md). */
static const char *const MIGRATIONS[] = {
    /* 1: articles, exact duplicates, chrome model, ingest runs */
    "CREATE TABLE articles(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, source TEXT,"
    " title TEXT, author TEXT, published TEXT, published_from TEXT, origin TEXT, line INTEGER,"
    " raw TEXT NOT NULL, text TEXT NOT NULL, removed TEXT NOT NULL, hash TEXT NOT NULL, run INTEGER);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_source ON articles(source);"
    "CREATE TABLE duplicates(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, of_id TEXT NOT NULL,"
    " origin TEXT, line INTEGER, run INTEGER);"
    "CREATE TABLE chrome_lines(source TEXT NOT NULL, hash INTEGER NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY(source, hash)) WITHOUT ROWID;"
    "CREATE TABLE chrome_sources(source TEXT PRIMARY KEY, n INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE ingest_runs(run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,"
    " added INTEGER, duplicates INTEGER, rejected INTEGER);",
    /* 2: near-duplicate index (src/dedup): signatures, band and passage keys, classified pairs */
    "CREATE TABLE dup_fp(id TEXT PRIMARY KEY, exact INTEGER NOT NULL, sig BLOB NOT NULL);"
    "CREATE TABLE dup_key(key INTEGER NOT NULL, kind INTEGER NOT NULL, id TEXT NOT NULL);"
    "CREATE INDEX dup_key_key ON dup_key(key);"
    "CREATE TABLE dup_pair(seq INTEGER PRIMARY KEY, a TEXT NOT NULL, b TEXT NOT NULL,"
    " cls TEXT NOT NULL, jaccard REAL, bigram REAL, cover_a REAL, cover_b REAL, longest INTEGER,"
    " spans TEXT, UNIQUE(a, b));",
    /* 3: analysis results (time, entities, stories), rewritten per article by the pipeline.
     * Offsets are code points into articles.text. Days are "YYYY-MM-DD" (or a coarser TIMEX value). */
    "CREATE TABLE article_timex(article TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " type TEXT NOT NULL, value TEXT NOT NULL, mod TEXT, text TEXT NOT NULL, PRIMARY KEY(article, start))"
    " WITHOUT ROWID;"
    "CREATE TABLE article_meta(article TEXT PRIMARY KEY, dct TEXT, dct_from TEXT, analyzed INTEGER NOT NULL)"
    " WITHOUT ROWID;"
    "CREATE TABLE entities(id INTEGER PRIMARY KEY, type TEXT NOT NULL, name TEXT NOT NULL,"
    " variants TEXT NOT NULL DEFAULT '[]', roles TEXT NOT NULL DEFAULT '[]', first_day TEXT, last_day TEXT,"
    " n_articles INTEGER NOT NULL DEFAULT 0, UNIQUE(type, name));"
    "CREATE TABLE entity_mentions(article TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
    " entity INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY(article, start)) WITHOUT ROWID;"
    "CREATE INDEX entity_mentions_entity ON entity_mentions(entity);"
    "CREATE TABLE stories(id TEXT PRIMARY KEY, title TEXT, header TEXT, first_day TEXT, last_day TEXT,"
    " n_articles INTEGER NOT NULL DEFAULT 0, summary TEXT NOT NULL DEFAULT '[]', timeline TEXT NOT NULL DEFAULT '[]',"
    " updated TEXT);"
    "CREATE TABLE story_articles(article TEXT PRIMARY KEY, story TEXT NOT NULL, duplicate INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX story_articles_story ON story_articles(story);",
    /* 4: full-text index (src/search): external content over articles(title, text) with the
     * tokenizer "akhbar", kept in step by triggers (same transaction), filled from stored articles */
    "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='seq',"
    " tokenize='akhbar');"
    AK_FTS_TRIGGERS
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild');",
    /* 5: the full-text index's generation (src/search: match lists shared by a process's connections
     * are valid for one value). Bumped by triggers on the same events as articles_fts's, so in the
     * same transaction as every change to the index, whichever connection or process writes. */
    "CREATE TABLE search_stamp(id INTEGER PRIMARY KEY CHECK(id = 1), gen INTEGER NOT NULL);"
    "INSERT INTO search_stamp(id, gen) VALUES(1, 0);"
    AK_SEARCH_STAMP_TRIGGERS,
    /* 6: the story step's inputs stamp (src/pipeline/stories.c): `gen` counts changes, since the
     * last completed story pass, to every row the clusterer and the story rewriting read; that
     * pass sets it to 0 and `opts` to its options, in its own transaction. opts NULL (a database
     * from before, or never clustered): the next pass runs. */
    "CREATE TABLE story_stamp(id INTEGER PRIMARY KEY CHECK(id = 1), gen INTEGER NOT NULL, opts TEXT);"
    "INSERT INTO story_stamp(id, gen, opts) VALUES(1, 0, NULL);"
    /* each member's content stamp (article_meta.analyzed) when its story was written: a member
     * analyzed again (re-cleaned) has its story rewritten. Stored stories are taken as current */
    "ALTER TABLE story_articles ADD COLUMN analyzed INTEGER;"
    "UPDATE story_articles SET analyzed = (SELECT m.analyzed FROM article_meta m WHERE m.article = story_articles.article);"
    /* the columns read: texts and outlet (features, summaries); the DCT (order, window) and the
     * content stamp (a member analyzed again) */
    AK_STORY_TRIGGERS("articles", AK_ARTICLE_STORY_COLS)
    AK_STORY_TRIGGERS("article_meta", "article, dct, analyzed")
    /* resolved dates (features), and the date counts of summary sentences */
    AK_STORY_TRIGGERS("article_timex", "article, start, type, value")
    /* people (features), mention counts (header, summary sentences) */
    AK_STORY_TRIGGERS("entity_mentions", "article, start, entity")
    AK_STORY_TRIGGERS("entities", "id, type, name")
    /* copies flagged in their story */
    AK_STORY_TRIGGERS("dup_pair", "seq, a, b, cls")
    /* what the pass compares its result with: a story changed or removed behind its back */
    AK_STORY_TRIGGERS("stories", "id, title, header, first_day, last_day, n_articles, summary, timeline")
    AK_STORY_TRIGGERS("story_articles", "article, story, duplicate, analyzed"),
    /* 7: the full-text index's merges (src/search/fts.c, ak_search_merge after each ingestion)
     * take two segments of a level at a time: a query reads one doclist per segment and term, and
     * FTS5's own merging leaves a store ingested in batches with dozens of segments */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('usermerge', 2);",
    /* 8: each body's snippet marks (src/search/snippet.c, ak_marks: the byte offset of every 32nd
     * token), kept in step with the text like the index, so that a result's snippet tokenizes from
     * near its window instead of from the start of the text */
    "CREATE TABLE search_marks(seq INTEGER PRIMARY KEY, m BLOB NOT NULL);"
    "INSERT INTO search_marks(seq, m) SELECT seq, ak_marks(text) FROM articles;"
    AK_MARKS_TRIGGERS,
    /* 9: the index re-made by the tokenizer that keeps a word whose Light10 stem is where the
     * function words go (وفيات, فيه → في; عليها → عل) as itself (src/search/analyze.c, stem_term);
     * its generation moves on, so no list or page of the old index is used again */
    "INSERT INTO articles_fts(articles_fts) VALUES('rebuild'); UPDATE search_stamp SET gen = gen + 1 WHERE id = 1;",
    /* 10: articles re-made with `raw` last and NULL when the cleaning removed nothing (95% of
     * news): the text is then read without walking the pages of a copy of itself stored before
     * it (every snippet, analysis and story pass reads `text`), and a store holds a third less.
     * Same seq, so the full-text index, the marks and every table keyed by id stay valid. */
    "CREATE TABLE articles_new(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, source TEXT,"
    " title TEXT, author TEXT, published TEXT, published_from TEXT, origin TEXT, line INTEGER,"
    " text TEXT NOT NULL, removed TEXT NOT NULL, hash TEXT NOT NULL, run INTEGER, raw TEXT);"
    "INSERT INTO articles_new(seq, id, url, source, title, author, published, published_from, origin, line,"
    " text, removed, hash, run, raw) SELECT seq, id, url, source, title, author, published, published_from,"
    " origin, line, text, removed, hash, run, CASE WHEN raw = text THEN NULL ELSE raw END FROM articles;"
    "DROP TABLE articles;"
    "ALTER TABLE articles_new RENAME TO articles;"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_source ON articles(source);"
    AK_FTS_TRIGGERS
    AK_SEARCH_STAMP_TRIGGERS
    AK_STORY_TRIGGERS("articles", AK_ARTICLE_STORY_COLS)
    AK_MARKS_TRIGGERS,
    /* 11: each time expression's granularity (AK_GRAN_*), so that the story step makes its
     * timelines from the stored expressions instead of tagging every report again; NULL in the
     * rows stored before, whose articles the story step still tags. The step now reads every
     * column of a row: an update of any of them bumps its inputs stamp */
    "ALTER TABLE article_timex ADD COLUMN gran INTEGER;"
    "DROP TRIGGER story_stamp_article_timex_au;"
    "CREATE TRIGGER story_stamp_article_timex_au AFTER UPDATE OF " AK_TIMEX_STORY_COLS " ON article_timex"
    AK_STORY_BUMP,
    /* 12: FTS5 merges a level's segments once 16 of them are there instead of 4 (a setting the
     * index keeps, for every insert): each posting is rewritten about half as often during a bulk
     * load, and the merge work after each ingestion (migration 7) still leaves a few segments */
    "INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 16);",
};

const char *const *ak_store_migrations(int *n)
{
    *n = (int)(sizeof MIGRATIONS / sizeof *MIGRATIONS);
    return MIGRATIONS;
}

/* The PostgreSQL schema: what ingestion, the near-duplicate index and the analysis keep
 * (articles, exact duplicates, the chrome model, runs, signatures, keys and pairs; dates,
 * entities, stories), with the same columns as the SQLite tables at migration 10. Its own
 * numbering: the full-text index is SQLite's alone. Ids compare byte by byte (COLLATE "C") as
 * SQLite's do, whatever the server's locale. */
#define AK_PG_ID "text COLLATE \"C\""
/* The story stamp's trigger on a table: the same events and columns as SQLite's three. */
#define AK_PG_STORY_TRIGGER(t, cols)                                                            \
    "CREATE TRIGGER story_stamp_" t " AFTER INSERT OR DELETE OR UPDATE OF " cols " ON " t        \
    " FOR EACH ROW EXECUTE FUNCTION ak_story_bump();"
static const char *const PG_MIGRATIONS[] = {
    /* 1 */
    "CREATE TABLE articles(seq bigserial PRIMARY KEY, id " AK_PG_ID " NOT NULL UNIQUE, url text, source " AK_PG_ID ","
    " title text, author text, published text, published_from text, origin text, line bigint,"
    " text text NOT NULL, removed text NOT NULL, hash text NOT NULL, run bigint, raw text);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_source ON articles(source);"
    "CREATE TABLE duplicates(seq bigserial PRIMARY KEY, id " AK_PG_ID " NOT NULL UNIQUE, of_id text NOT NULL,"
    " origin text, line bigint, run bigint);"
    "CREATE TABLE chrome_lines(source " AK_PG_ID " NOT NULL, hash bigint NOT NULL, n bigint NOT NULL,"
    " PRIMARY KEY(source, hash));"
    "CREATE TABLE chrome_sources(source " AK_PG_ID " PRIMARY KEY, n bigint NOT NULL, dirty bigint NOT NULL DEFAULT 0);"
    "CREATE TABLE ingest_runs(run bigserial PRIMARY KEY, started text NOT NULL, finished text,"
    " added bigint, duplicates bigint, rejected bigint);"
    "CREATE TABLE dup_fp(id " AK_PG_ID " PRIMARY KEY, exact bigint NOT NULL, sig bytea NOT NULL);"
    /* seq: the insertion order SQLite's rowid gives */
    "CREATE TABLE dup_key(seq bigserial PRIMARY KEY, key bigint NOT NULL, kind bigint NOT NULL, id " AK_PG_ID " NOT NULL);"
    "CREATE INDEX dup_key_key ON dup_key(key);"
    "CREATE TABLE dup_pair(seq bigserial PRIMARY KEY, a " AK_PG_ID " NOT NULL, b " AK_PG_ID " NOT NULL,"
    " cls text NOT NULL, jaccard double precision, bigram double precision, cover_a double precision,"
    " cover_b double precision, longest bigint, spans text, UNIQUE(a, b));",
    /* 2: the analysis results (SQLite's migrations 3 and 6) and the story step's inputs stamp.
     * Text that is ordered or compared (ids, types, names, days, values) compares byte by byte.
     * The stamp is bumped once per transaction that changes an input (a transaction-local
     * setting remembers it): the story pass only asks whether `gen` is 0, and whether it moved
     * while the pass read, so one bump says as much as one per row and costs one row version. */
    "CREATE TABLE article_timex(article " AK_PG_ID " NOT NULL, start bigint NOT NULL, \"end\" bigint NOT NULL,"
    " type " AK_PG_ID " NOT NULL, value " AK_PG_ID " NOT NULL, mod " AK_PG_ID ", text text NOT NULL,"
    " PRIMARY KEY(article, start));"
    "CREATE TABLE article_meta(article " AK_PG_ID " PRIMARY KEY, dct " AK_PG_ID ", dct_from " AK_PG_ID ","
    " analyzed bigint NOT NULL);"
    "CREATE TABLE entities(id bigserial PRIMARY KEY, type " AK_PG_ID " NOT NULL, name " AK_PG_ID " NOT NULL,"
    " variants text NOT NULL DEFAULT '[]', roles text NOT NULL DEFAULT '[]', first_day " AK_PG_ID ","
    " last_day " AK_PG_ID ", n_articles bigint NOT NULL DEFAULT 0, UNIQUE(type, name));"
    "CREATE TABLE entity_mentions(article " AK_PG_ID " NOT NULL, start bigint NOT NULL, \"end\" bigint NOT NULL,"
    " entity bigint NOT NULL, text text NOT NULL, PRIMARY KEY(article, start));"
    "CREATE INDEX entity_mentions_entity ON entity_mentions(entity);"
    "CREATE TABLE stories(id " AK_PG_ID " PRIMARY KEY, title text, header text, first_day " AK_PG_ID ","
    " last_day " AK_PG_ID ", n_articles bigint NOT NULL DEFAULT 0, summary text NOT NULL DEFAULT '[]',"
    " timeline text NOT NULL DEFAULT '[]', updated " AK_PG_ID ");"
    "CREATE TABLE story_articles(article " AK_PG_ID " PRIMARY KEY, story " AK_PG_ID " NOT NULL,"
    " duplicate bigint NOT NULL DEFAULT 0, analyzed bigint);"
    "CREATE INDEX story_articles_story ON story_articles(story);"
    "CREATE TABLE story_stamp(id bigint PRIMARY KEY CHECK(id = 1), gen bigint NOT NULL, opts text);"
    "INSERT INTO story_stamp(id, gen, opts) VALUES(1, 0, NULL);"
    "CREATE FUNCTION ak_story_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF current_setting('akhbar.story_bumped', true) IS DISTINCT FROM 'y' THEN"
    "  UPDATE story_stamp SET gen = gen + 1 WHERE id = 1;"
    "  PERFORM set_config('akhbar.story_bumped', 'y', true);"
    " END IF; RETURN NULL; END $$;"
    AK_PG_STORY_TRIGGER("articles", AK_ARTICLE_STORY_COLS)
    AK_PG_STORY_TRIGGER("article_meta", "article, dct, analyzed")
    AK_PG_STORY_TRIGGER("article_timex", "article, start, type, value")
    AK_PG_STORY_TRIGGER("entity_mentions", "article, start, entity")
    AK_PG_STORY_TRIGGER("entities", "id, type, name")
    AK_PG_STORY_TRIGGER("dup_pair", "seq, a, b, cls")
    AK_PG_STORY_TRIGGER("stories", "id, title, header, first_day, last_day, n_articles, summary, timeline")
    AK_PG_STORY_TRIGGER("story_articles", "article, story, duplicate, analyzed"),
    /* 3: SQLite's instr (a substring's place, 0 when absent), which the server's filters use */
    "CREATE FUNCTION instr(s text, sub text) RETURNS integer LANGUAGE sql IMMUTABLE AS 'SELECT strpos(s, sub)';",
    /* 4: the full-text index (src/search/pg_index.c): the terms of SQLite's tokenizer, each with the
     * articles it is in and its positions there, in rows per block of articles and batch (terms
     * and postings as bytes: compared and cut byte by byte, whatever the server's encoding and
     * locale), each article's length in tokens per column, and the totals BM25 needs. Triggers
     * queue every article written (and the indexed title and text of one changed or deleted, the
     * first time only: what the index holds), so the index catches up with whatever wrote the
     * article; existing articles are queued here. */
    "CREATE TABLE search_postings(term bytea NOT NULL, block bigint NOT NULL, part bigint NOT NULL,"
    " data bytea NOT NULL, PRIMARY KEY(term, block, part));"
    /* varint deltas hardly compress: stored as they are, no compression tried on each row */
    "ALTER TABLE search_postings ALTER COLUMN data SET STORAGE EXTERNAL;"
    "CREATE TABLE search_docs(seq bigint PRIMARY KEY, title_len bigint NOT NULL, text_len bigint NOT NULL);"
    "CREATE TABLE search_totals(id bigint PRIMARY KEY CHECK(id = 1), docs bigint NOT NULL, tokens bigint NOT NULL);"
    "INSERT INTO search_totals(id, docs, tokens) VALUES(1, 0, 0);"
    "CREATE TABLE search_queue(seq bigint PRIMARY KEY, old boolean NOT NULL, old_title text, old_text text);"
    "CREATE FUNCTION ak_search_queue() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
    " IF TG_OP = 'INSERT' THEN"
    "  INSERT INTO search_queue(seq, old) VALUES(NEW.seq, false) ON CONFLICT DO NOTHING;"
    " ELSE"
    "  INSERT INTO search_queue(seq, old, old_title, old_text) VALUES(OLD.seq, true, OLD.title, OLD.text)"
    "  ON CONFLICT DO NOTHING;"
    " END IF; RETURN NULL; END $$;"
    "CREATE TRIGGER search_queue_articles AFTER INSERT OR DELETE OR UPDATE OF title, text ON articles"
    " FOR EACH ROW EXECUTE FUNCTION ak_search_queue();"
    "INSERT INTO search_queue(seq, old) SELECT seq, false FROM articles;",
    /* 5: each time expression's granularity, and its stamp trigger on every column (SQLite's 11) */
    "ALTER TABLE article_timex ADD COLUMN gran bigint;"
    "DROP TRIGGER story_stamp_article_timex ON article_timex;"
    AK_PG_STORY_TRIGGER("article_timex", AK_TIMEX_STORY_COLS),
};

const char *const *ak_store_pg_migrations(int *n)
{
    *n = (int)(sizeof PG_MIGRATIONS / sizeof *PG_MIGRATIONS);
    return PG_MIGRATIONS;
}
