/* store.c: the store (SQLite or PostgreSQL): open and migrate, ingest batches with the chrome
 * model and exact-duplicate detection, and read articles back. */
#define _POSIX_C_SOURCE 200809L /* gmtime_r */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <xxhash.h>

#include "ingest/ingest.h"
#include "search/search_pg.h" /* with search_internal.h and sql.h */
#include "store/store_internal.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

enum { S_ID_ART, S_ID_DUP, S_HASH, S_INS_ART, S_INS_DUP, S_LINE_GET, S_LINE_BUMP, S_SRC_GET,
       S_SRC_BUMP, S_SRC_DIRTY, S_COUNT };

static const char *const SQL[S_COUNT] = {
    "SELECT 1 FROM articles WHERE id=?1",
    "SELECT of_id FROM duplicates WHERE id=?1",
    "SELECT id FROM articles WHERE hash=?1 ORDER BY seq LIMIT 1",
    "INSERT INTO articles(id,url,source,title,author,published,published_from,origin,line,raw,text,"
    "removed,hash,run) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14) RETURNING seq",
    "INSERT INTO duplicates(id,of_id,origin,line,run) VALUES(?1,?2,?3,?4,?5)",
    "SELECT l.n, s.n FROM chrome_sources s LEFT JOIN chrome_lines l ON l.source=s.source AND l.hash=?2"
    " WHERE s.source=?1",
    "INSERT INTO chrome_lines(source,hash,n) VALUES(?1,?2,1) ON CONFLICT(source,hash) DO UPDATE SET n=chrome_lines.n+1"
    " RETURNING n",
    "SELECT 1",
    "INSERT INTO chrome_sources(source,n) VALUES(?1,1) ON CONFLICT(source) DO UPDATE SET n=chrome_sources.n+1",
    "UPDATE chrome_sources SET dirty=1 WHERE source=?1",
};

static char *strdup_or_null(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

/* How long a SQLite writer waits for another one's lock before failing. */
#define AK_DB_BUSY_MS 5000

struct ak_db {
    sqlite3 *db; /* NULL on PostgreSQL */
    ak_sql *sql;
    ak_sqlq *st[S_COUNT];
    ak_article_hook hook;
    void *hook_ctx;
    ak_pretok_slot slot; /* the ingestion's texts analyzed ahead, while it inserts them */
};

static int exec(ak_db *db, const char *sql) { return ak_sql_exec(db->sql, sql, "database"); }

/* Applies migrations[from..n) over the connection: the version is read and each step applied in
 * one write transaction, so two openers of a new database cannot both apply a step. */
static int migrate(ak_sql *c, const char *const *migrations, int n)
{
    for (;;) {
        if (ak_sql_begin_write(c) != AK_OK) return AK_EDB;
        ak_sqlq *q = NULL;
        int version = 0, rc = ak_sql_exec(c, "CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)",
                                         "database");
        if (rc == AK_OK) rc = ak_sql_prepare(c, "SELECT max(version) FROM schema_version", 0, &q);
        if (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) version = (int)ak_sqlq_int64(q, 0);
        ak_sqlq_finalize(q);
        if (rc == AK_OK && version > n)
            rc = ak_set_error(AK_EDB, "database schema version %d is newer than this library (%d)", version, n);
        if (rc != AK_OK || version == n) {
            if (rc == AK_OK) return ak_sql_commit(c);
            ak_sql_rollback(c);
            return rc;
        }
        char bump[96];
        snprintf(bump, sizeof bump, "INSERT INTO schema_version(version) VALUES(%d)", version + 1);
        if (ak_sql_exec(c, migrations[version], "database") != AK_OK || ak_sql_exec(c, bump, "database") != AK_OK) {
            char keep[512];
            snprintf(keep, sizeof keep, "migration %d: %s", version + 1, ak_last_error());
            ak_sql_rollback(c);
            return ak_set_error(AK_EDB, "%s", keep);
        }
        if (ak_sql_commit(c) != AK_OK) return AK_EDB;
    }
}

int ak_store_migrate(sqlite3 *db, const char *const *migrations, int n)
{
    ak_sql *c = NULL;
    if (ak_sql_wrap_sqlite(&c, db) != AK_OK) return AK_ENOMEM;
    int rc = migrate(c, migrations, n);
    ak_sql_close(c);
    return rc;
}

/* The schema is current: a reader opening the store takes no write lock then. */
static int up_to_date(ak_sql *c, int n)
{
    ak_sqlq *q = NULL;
    int version = -1;
    if (ak_sql_prepare(c, "SELECT max(version) FROM schema_version", 0, &q) == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW)
        version = (int)ak_sqlq_int64(q, 0);
    ak_sqlq_finalize(q);
    return version == n;
}

/* A SQLite file: WAL, the search tokenizer (migration 4 indexes with it), the migrations. */
static int open_sqlite(ak_db *db, const char *path, int flags)
{
    if (sqlite3_open_v2(path, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | flags, NULL) != SQLITE_OK) {
        if (!db->db) return ak_set_error(AK_EDB, "cannot open"); /* db_open names the file */
        ak_sql_wrap_sqlite(&db->sql, db->db);
        return db->sql ? ak_sql_error(db->sql, "") : AK_ENOMEM;
    }
    sqlite3_busy_timeout(db->db, AK_DB_BUSY_MS);
    if (ak_sql_wrap_sqlite(&db->sql, db->db) != AK_OK) return AK_ENOMEM;
    int n;
    const char *const *m = ak_store_migrations(&n);
    /* The WAL is copied back into the database every 16,384 pages (64 MB) instead of SQLite's 1,000:
     * a bulk analysis rewrites the same index and table pages batch after batch, and each copy (with
     * its fsync) ran on the writer between batches while the workers waited (docs/pipeline.md). */
    int rc = exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA wal_autocheckpoint=16384;"
                      " PRAGMA foreign_keys=ON");
    if (rc == AK_OK) rc = ak_search_register_slot(db->db, &db->slot);
    if (rc == AK_OK && !up_to_date(db->sql, n)) rc = migrate(db->sql, m, n);
    return rc;
}

/* A PostgreSQL database: its own schema (ingestion and the near-duplicate index). */
static int open_pg(ak_db *db, const char *url)
{
    int rc = ak_sql_open_pg(&db->sql, url);
    if (rc != AK_OK) return rc;
    int n;
    const char *const *m = ak_store_pg_migrations(&n);
    return up_to_date(db->sql, n) ? AK_OK : migrate(db->sql, m, n);
}


static int db_open(ak_db **out, const char *path, int flags)
{
    *out = NULL;
    if (!path) return ak_set_error(AK_EINVAL, "no database path");
    ak_db *db = calloc(1, sizeof *db);
    if (!db) return ak_set_error(AK_ENOMEM, "out of memory");
    int pg = ak_sql_is_pg_url(path);
    int rc = pg ? open_pg(db, path) : open_sqlite(db, path, flags);
    for (int i = 0; rc == AK_OK && i < S_COUNT; i++) rc = ak_sql_prepare(db->sql, SQL[i], 1, &db->st[i]);
    if (rc != AK_OK) {
        char keep[512], name[256];
        if (pg) ak_sql_redact_url(path, name, sizeof name);
        else snprintf(name, sizeof name, "%s", path);
        snprintf(keep, sizeof keep, "%s: %s", name, ak_last_error());
        ak_db_close(db);
        return ak_set_error(rc, "%s", keep);
    }
    *out = db;
    return AK_OK;
}

AK_API int ak_db_open(ak_db **out, const char *path) { return db_open(out, path, 0); }

int ak_db_open_single(ak_db **out, const char *path) { return db_open(out, path, SQLITE_OPEN_NOMUTEX); }

AK_API void ak_db_close(ak_db *db)
{
    if (!db) return;
    for (int i = 0; i < S_COUNT; i++) ak_sqlq_finalize(db->st[i]);
    if (db->db) ak_search_release(db->db); /* the statements search keeps on the connection */
    ak_sql_close(db->sql);
    sqlite3_close(db->db);
    free(db);
}

AK_API int ak_db_schema_version(ak_db *db, int *version)
{
    ak_sqlq *q = NULL;
    *version = 0;
    if (ak_sql_prepare(db->sql, "SELECT max(version) FROM schema_version", 0, &q) != AK_OK)
        return ak_sql_error(db->sql, "schema version");
    if (ak_sqlq_step(q) == AK_SQL_ROW) *version = (int)ak_sqlq_int64(q, 0);
    ak_sqlq_finalize(q);
    return AK_OK;
}

AK_API void *ak_db_sqlite(ak_db *db) { return db ? db->db : NULL; }

ak_sql *ak_db_sql(ak_db *db) { return db ? db->sql : NULL; }

const char *ak_db_location(ak_db *db)
{
    return db->db ? sqlite3_db_filename(db->db, "main") : ak_sql_url(db->sql);
}

AK_API void ak_db_set_article_hook(ak_db *db, ak_article_hook fn, void *ctx)
{
    db->hook = fn;
    db->hook_ctx = ctx;
}

AK_API void ak_ingest_options_default(ak_ingest_options *opt)
{
    memset(opt, 0, sizeof *opt);
    ak_limits lim;
    ak_limits_get(&lim);
    opt->max_record = lim.max_record;
    opt->max_batch_bytes = lim.max_batch_bytes;
    opt->batch_size = 5000;
}

AK_API int ak_html_to_text(const char *html, size_t len, char **out, size_t *out_len)
{
    if (!html || !out) return ak_set_error(AK_EINVAL, "no HTML");
    return ak_html_extract(html, len, out, out_len);
}

/* ---- the chrome model in the database ---- */

static int model_count(void *ctx, const char *source, unsigned long long h, unsigned *n_line,
                       unsigned *n_source)
{
    ak_db *db = ctx;
    ak_sqlq *q = db->st[S_LINE_GET];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, source, -1);
    ak_sqlq_bind_int64(q, 2, h);
    *n_line = *n_source = 0;
    if (ak_sqlq_step(q) == AK_SQL_ROW) {
        *n_line = (unsigned)ak_sqlq_int64(q, 0);
        *n_source = (unsigned)ak_sqlq_int64(q, 1);
    }
    ak_sqlq_reset(q);
    return 0;
}

typedef struct bump_ctx { ak_db *db; const char *source; int crossed; int failed; } bump_ctx;

static int bump_line(unsigned long long h, void *ctx)
{
    bump_ctx *b = ctx;
    ak_sqlq *q = b->db->st[S_LINE_BUMP];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, b->source, -1);
    ak_sqlq_bind_int64(q, 2, h);
    int r = ak_sqlq_step(q);
    if (r == AK_SQL_ROW && ak_sqlq_int64(q, 0) == AK_CHROME_REPEAT_MIN) b->crossed = 1;
    else if (r != AK_SQL_ROW) b->failed = 1;
    ak_sqlq_reset(q);
    return b->failed ? AK_EDB : 0;
}

/* Adds one stored article's lines to its source's model; marks the source for
 * re-cleaning when a line reaches the threshold, so earlier articles get cleaned too. */
static int model_add(ak_db *db, const ak_article *a)
{
    if (!a->source) return AK_OK;
    bump_ctx b = {db, a->source, 0, 0};
    if (ak_chrome_each_line(a->raw, a->raw_len, bump_line, &b) != 0) return ak_sql_error(db->sql, "chrome model");
    ak_sqlq *q = db->st[S_SRC_BUMP];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, a->source, -1);
    int r = ak_sqlq_step(q);
    ak_sqlq_reset(q);
    if (r != AK_SQL_DONE) return ak_sql_error(db->sql, "chrome model");
    if (b.crossed) {
        q = db->st[S_SRC_DIRTY];
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, a->source, -1);
        r = ak_sqlq_step(q);
        ak_sqlq_reset(q);
        if (r != AK_SQL_DONE) return ak_sql_error(db->sql, "chrome model");
    }
    return AK_OK;
}

/* ---- content hash ---- */

static void hash_collapsed(const char *text, size_t n, char out[17]);

/* The exact-duplicate key: the cleaned text normalized (AK_NORM_DEFAULT: marks,
 * tatweel, letter variants, digits...) with blank space collapsed, so copies
 * differing only in spelling variants, spacing or line breaks match. */
static void content_hash(const char *text, size_t n, char out[17])
{
    char *norm = NULL;
    size_t norm_n = 0;
    if (ak_normalize(text, n, AK_NORM_DEFAULT, &norm, &norm_n) == AK_OK) {
        hash_collapsed(norm, norm_n, out);
        ak_free(norm);
    } else {
        hash_collapsed(text, n, out);
    }
}

static void hash_collapsed(const char *text, size_t n, char out[17])
{
    /* the words joined by single spaces, hashed in one call: XXH3 of the same bytes as the
     * word-by-word streaming it replaces (whose per-call overhead was 6% of ingestion) */
    char *buf = malloc(n + 1);
    if (!buf) {
        XXH3_state_t *s = XXH3_createState();
        if (!s) { snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(text, n)); return; }
        XXH3_64bits_reset(s);
        int sp = 0, any = 0;
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j < n && text[j] != ' ' && text[j] != '\n' && text[j] != '\t' && text[j] != '\r') j++;
            if (j > i) {
                if (sp && any) XXH3_64bits_update(s, " ", 1);
                XXH3_64bits_update(s, text + i, j - i);
                any = 1;
                sp = 0;
            }
            if (j < n) sp = 1;
            i = j + 1;
        }
        snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits_digest(s));
        XXH3_freeState(s);
        return;
    }
    size_t o = 0;
    int sp = 0;
    for (size_t i = 0; i < n; i++) {
        char c = text[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { sp = 1; continue; }
        if (sp && o) buf[o++] = ' ';
        sp = 0;
        buf[o++] = c;
    }
    snprintf(out, 17, "%016llx", (unsigned long long)XXH3_64bits(buf, o));
    free(buf);
}

static char *removed_json(const ak_article *a)
{
    ak_buf b = AK_BUF_INIT;
    ak_buf_putc(&b, '[');
    for (size_t i = 0; i < a->n_removed; i++)
        ak_buf_printf(&b, "%s{\"start\":%zu,\"end\":%zu,\"reason\":\"%s\"}", i ? "," : "",
                      a->removed[i].start, a->removed[i].end, a->removed[i].reason);
    ak_buf_putc(&b, ']');
    ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); return NULL; }
    return ak_buf_detach(&b, NULL);
}

static void view_of(const ak_article *a, const char *rj, const char *hash, ak_stored_article *v,
                    ak_stored_removed *rm)
{
    memset(v, 0, sizeof *v);
    v->id = a->id; v->url = a->url; v->source = a->source; v->title = a->title; v->author = a->author;
    v->published = a->published; v->published_from = a->published_from; v->origin = a->origin;
    v->line = a->line; v->raw = a->raw; v->raw_len = a->raw_len; v->text = a->text; v->text_len = a->text_len;
    for (size_t i = 0; i < a->n_removed; i++) rm[i] = (ak_stored_removed){a->removed[i].start, a->removed[i].end, a->removed[i].reason};
    v->removed = rm; v->n_removed = a->n_removed; v->removed_json = rj; v->hash = hash;
}

static int call_hook(ak_db *db, long long seq, const ak_article *a, const char *rj, const char *hash)
{
    if (!db->hook) return AK_OK;
    ak_stored_removed *rm = malloc((a->n_removed + 1) * sizeof *rm);
    if (!rm) return ak_set_error(AK_ENOMEM, "out of memory");
    ak_stored_article v;
    view_of(a, rj, hash, &v, rm);
    v.seq = seq;
    int rc = db->hook(db, &v, db->hook_ctx);
    free(rm);
    return rc;
}

/* ---- the ingest loop ---- */

/* Articles accepted but not yet inserted. Each statement that inserts into `articles`
 * runs in a statement savepoint (its triggers write the FTS5 index), and FTS5 (SQLite
 * 3.40) writes its pending terms out as a new index segment at every savepoint: one
 * segment per article, merged again and again (over 40% of ingestion's instructions).
 * So the accepted articles are kept here and inserted by one statement of up to
 * STAGE_ROWS rows: same rows, same order, same seq values, in the same transaction. */
#define STAGE_ROWS 128
#define STAGE_COLS 14
typedef struct staged {
    ak_article a;      /* fields moved from the reader's record */
    char *rj;          /* removed_json */
    char hash[17];
} staged;

typedef struct run_ctx {
    ak_db *db;
    const ak_ingest_options *opt;
    ak_ingest_counts *c;
    long long run;
    size_t in_batch;
    size_t batch_bytes; /* raw + clean text bytes in the open transaction */
    int fatal;
    staged stage[STAGE_ROWS];
    size_t n_stage;
    ak_strmap stage_ids;    /* ids staged -> 1 */
    ak_strmap stage_hashes; /* content hash -> index of its first staged article */
    ak_sqlq *ins_full; /* the insert of STAGE_ROWS rows */
    ak_pretok *pretok;  /* the staged titles and bodies analyzed ahead for the index (or NULL) */
    size_t staged_bytes;    /* raw + clean bytes of the record just staged */
} run_ctx;

static void stage_clear(run_ctx *r)
{
    for (size_t i = 0; i < r->n_stage; i++) {
        ak_article_clear(&r->stage[i].a);
        free(r->stage[i].rj);
    }
    r->n_stage = 0;
    ak_strmap_free(&r->stage_ids);
    ak_strmap_free(&r->stage_hashes);
    memset(&r->stage_ids, 0, sizeof r->stage_ids);
    memset(&r->stage_hashes, 0, sizeof r->stage_hashes);
}

/* `raw` is stored only when the cleaning changed it: NULL stands for "the same as text"
 * (migration 10), so most rows hold the text once. */
static void bind_raw(ak_sqlq *q, int i, const ak_article *a)
{
    if (a->raw_len == a->text_len && (a->raw_len == 0 || memcmp(a->raw, a->text, a->raw_len) == 0))
        ak_sqlq_bind_null(q, i);
    else
        ak_sqlq_bind_text(q, i, a->raw, (int)a->raw_len);
}

/* "INSERT INTO articles(...) VALUES(?,...),(?,...)..." for n rows. */
static int stage_prepare(ak_db *db, size_t n, ak_sqlq **q)
{
    ak_buf b = AK_BUF_INIT;
    ak_buf_puts(&b, "INSERT INTO articles(id,url,source,title,author,published,published_from,origin,line,raw,text,"
                    "removed,hash,run) VALUES");
    for (size_t i = 0; i < n; i++) {
        ak_buf_puts(&b, i ? ",(" : "(");
        for (int k = 0; k < STAGE_COLS; k++) ak_buf_puts(&b, k ? ",?" : "?");
        ak_buf_putc(&b, ')');
    }
    const char *sql = ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "out of memory"); }
    int rc = ak_sql_prepare(db->sql, sql, n == STAGE_ROWS, q);
    ak_buf_free(&b);
    return rc;
}

/* Inserts the staged articles (one statement), then empties the stage. */
static int stage_flush(run_ctx *r)
{
    size_t n = r->n_stage;
    if (!n) return AK_OK;
    ak_sqlq *q = NULL;
    int rc = AK_OK;
    if (n == STAGE_ROWS) {
        if (!r->ins_full) rc = stage_prepare(r->db, n, &r->ins_full);
        q = r->ins_full;
    } else {
        rc = stage_prepare(r->db, n, &q);
    }
    if (rc == AK_OK) {
        ak_sqlq_reset(q);
        for (size_t i = 0; i < n; i++) {
            const staged *s = &r->stage[i];
            const ak_article *a = &s->a;
            int o = (int)(i * STAGE_COLS);
            ak_sqlq_bind_text(q, o + 1, a->id, -1);
            ak_sqlq_bind_opt(q, o + 2, a->url); ak_sqlq_bind_opt(q, o + 3, a->source); ak_sqlq_bind_opt(q, o + 4, a->title);
            ak_sqlq_bind_opt(q, o + 5, a->author); ak_sqlq_bind_opt(q, o + 6, a->published); ak_sqlq_bind_opt(q, o + 7, a->published_from);
            ak_sqlq_bind_opt(q, o + 8, a->origin);
            ak_sqlq_bind_int64(q, o + 9, a->line);
            bind_raw(q, o + 10, a);
            ak_sqlq_bind_text(q, o + 11, a->text, (int)a->text_len);
            ak_sqlq_bind_text(q, o + 12, s->rj, -1);
            ak_sqlq_bind_text(q, o + 13, s->hash, -1);
            ak_sqlq_bind_int64(q, o + 14, r->run);
        }
        ak_pretok_wait(r->pretok);
        r->db->slot.active = r->pretok;
        if (ak_sqlq_step(q) != AK_SQL_DONE) rc = ak_sql_error(r->db->sql, "storing an article");
        r->db->slot.active = NULL;
        ak_sqlq_reset(q);
        ak_sqlq_clear(q);
    }
    if (q != r->ins_full) ak_sqlq_finalize(q);
    ak_pretok_reset(r->pretok); /* before the texts it points at are freed */
    stage_clear(r);
    return rc;
}

/* Commits a write transaction of ingestion; on PostgreSQL the full-text index first takes in
 * what it wrote (SQLite's triggers kept FTS5 in step already), so the two commit together. */
static int commit_indexed(ak_db *db)
{
    int rc = ak_search_pg_catch_up(db->sql);
    if (rc != AK_OK) return rc;
    return ak_sql_commit(db->sql) == AK_OK ? AK_OK : AK_EDB;
}

static void report(run_ctx *r, int kind, const ak_article *a, const char *reason, const char *of)
{
    if (kind == AK_REC_ADDED) r->c->added++;
    else if (kind == AK_REC_DUPLICATE) r->c->duplicates++;
    else r->c->rejected++;
    if (!r->opt->on_record) return;
    ak_ingest_event ev = {kind, a->origin ? a->origin : "", a->line, a->id, reason, of};
    r->opt->on_record(&ev, r->opt->ctx);
}

/* The stored article with this id, or the one a recorded duplicate repeats. */
static int id_known(ak_db *db, const char *id, char **of)
{
    *of = NULL;
    ak_sqlq *q = db->st[S_ID_ART];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, id, -1);
    int found = ak_sqlq_step(q) == AK_SQL_ROW;
    ak_sqlq_reset(q);
    if (found) return 1;
    q = db->st[S_ID_DUP];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, id, -1);
    if (ak_sqlq_step(q) == AK_SQL_ROW) {
        const char *o = ak_sqlq_text(q, 0);
        *of = o ? strdup_or_null(o) : NULL;
        found = 1;
    }
    ak_sqlq_reset(q);
    return found;
}

/* Keeps an accepted article for the next stage_flush (its fields move out of `a`),
 * and adds its lines to the chrome model now, as an immediate insert did. */
static int stage_one(run_ctx *r, ak_article *a, char *rj, const char *hash)
{
    if (r->n_stage == STAGE_ROWS) {
        int rc = stage_flush(r);
        if (rc != AK_OK) { free(rj); return rc; }
    }
    staged *s = &r->stage[r->n_stage];
    s->a = *a;
    memset(a, 0, sizeof *a);
    s->rj = rj;
    memcpy(s->hash, hash, sizeof s->hash);
    r->staged_bytes = s->a.raw_len + s->a.text_len;
    long long k = (long long)r->n_stage++;
    if (s->a.title) ak_pretok_add(r->pretok, s->a.title, strlen(s->a.title), 0);
    ak_pretok_add(r->pretok, s->a.text, s->a.text_len, 1);
    if (ak_strmap_put(&r->stage_ids, s->a.id, 1) != AK_OK ||
        (ak_strmap_get(&r->stage_hashes, hash, -1) < 0 && ak_strmap_put(&r->stage_hashes, hash, k) != AK_OK))
        return ak_set_error(AK_ENOMEM, "out of memory");
    int rc = model_add(r->db, &s->a);
    if (rc != AK_OK) return rc;
    report(r, AK_REC_ADDED, &s->a, NULL, NULL);
    return AK_OK;
}

static int store_one(run_ctx *r, ak_article *a)
{
    ak_db *db = r->db;
    if (!a->id) {
        char h[24];
        snprintf(h, sizeof h, "h%016llx", (unsigned long long)XXH3_64bits(a->raw, a->raw_len));
        a->id = strdup_or_null(h);
        if (!a->id) return ak_set_error(AK_ENOMEM, "out of memory");
    }
    char *of = NULL;
    if (ak_strmap_get(&r->stage_ids, a->id, 0) || id_known(db, a->id, &of)) {
        report(r, AK_REC_DUPLICATE, a, "same id", of ? of : a->id);
        free(of);
        return AK_OK;
    }
    ak_chrome_model m = {model_count, db};
    if (ak_chrome_clean(a, &m) != AK_OK) return AK_ENOMEM;
    if (!ak_text_has_content(a->text, a->text_len)) {
        report(r, AK_REC_REJECTED, a, "empty text after removing page chrome", NULL);
        return AK_OK;
    }
    char hash[17];
    content_hash(a->text, a->text_len, hash);
    ak_sqlq *q = db->st[S_HASH];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, hash, -1);
    /* the stored articles come before the staged ones (seq order) */
    int found = ak_sqlq_step(q) == AK_SQL_ROW;
    long long si = found ? -1 : ak_strmap_get(&r->stage_hashes, hash, -1);
    if (found || si >= 0) {
        char *first = strdup_or_null(found ? ak_sqlq_text(q, 0) : r->stage[si].a.id);
        ak_sqlq_reset(q);
        if (!first) return ak_set_error(AK_ENOMEM, "out of memory");
        q = db->st[S_INS_DUP];
        ak_sqlq_reset(q);
        ak_sqlq_bind_text(q, 1, a->id, -1);
        ak_sqlq_bind_text(q, 2, first, -1);
        ak_sqlq_bind_opt(q, 3, a->origin);
        ak_sqlq_bind_int64(q, 4, a->line);
        ak_sqlq_bind_int64(q, 5, r->run);
        int rc2 = ak_sqlq_step(q);
        ak_sqlq_reset(q);
        if (rc2 != AK_SQL_DONE) { free(first); return ak_sql_error(db->sql, "recording a duplicate"); }
        report(r, AK_REC_DUPLICATE, a, "same text", first);
        free(first);
        return AK_OK;
    }
    ak_sqlq_reset(q);
    char *rj = removed_json(a);
    if (!rj) return ak_set_error(AK_ENOMEM, "out of memory");
    if (!db->hook) return stage_one(r, a, rj, hash);
    q = db->st[S_INS_ART];
    ak_sqlq_reset(q);
    ak_sqlq_bind_text(q, 1, a->id, -1);
    ak_sqlq_bind_opt(q, 2, a->url); ak_sqlq_bind_opt(q, 3, a->source); ak_sqlq_bind_opt(q, 4, a->title);
    ak_sqlq_bind_opt(q, 5, a->author); ak_sqlq_bind_opt(q, 6, a->published); ak_sqlq_bind_opt(q, 7, a->published_from);
    ak_sqlq_bind_opt(q, 8, a->origin);
    ak_sqlq_bind_int64(q, 9, a->line);
    bind_raw(q, 10, a);
    ak_sqlq_bind_text(q, 11, a->text, (int)a->text_len);
    ak_sqlq_bind_text(q, 12, rj, -1);
    ak_sqlq_bind_text(q, 13, hash, -1);
    ak_sqlq_bind_int64(q, 14, r->run);
    int st = ak_sqlq_step(q);
    long long seq = st == AK_SQL_ROW ? ak_sqlq_int64(q, 0) : 0;
    ak_sqlq_reset(q);
    if (st != AK_SQL_ROW) { free(rj); return ak_sql_error(db->sql, "storing an article"); }
    int rc = call_hook(db, seq, a, rj, hash);
    free(rj);
    if (rc != AK_OK) return rc;
    rc = model_add(db, a);
    if (rc != AK_OK) return rc;
    report(r, AK_REC_ADDED, a, NULL, NULL);
    return AK_OK;
}

static int on_record(ak_article *a, int ok, const char *reason, void *ctx)
{
    run_ctx *r = ctx;
    if (!ok) {
        report(r, AK_REC_REJECTED, a, reason, NULL);
        return 0;
    }
    r->staged_bytes = 0;
    int rc = store_one(r, a);
    if (rc != AK_OK) { r->fatal = rc; return rc; }
    /* a staged article's fields have moved out of `a` */
    r->batch_bytes += r->staged_bytes ? r->staged_bytes : a->raw_len + a->text_len;
    if (++r->in_batch >= r->opt->batch_size || r->batch_bytes >= r->opt->max_batch_bytes) {
        r->in_batch = 0;
        r->batch_bytes = 0;
        if ((r->fatal = stage_flush(r)) != AK_OK) return r->fatal;
        if ((r->fatal = commit_indexed(r->db)) != AK_OK) return r->fatal;
        if (ak_sql_begin_write(r->db->sql) != AK_OK) {
            r->fatal = AK_EDB;
            return AK_EDB;
        }
    }
    return 0;
}

/* Cleans again, with the current model, every article of sources marked dirty. */
static int reclean(ak_db *db, size_t *n_changed)
{
    ak_sqlq *src = NULL, *art = NULL, *upd = NULL;
    int rc = AK_OK;
    if (ak_sql_begin_write(db->sql) != AK_OK) return AK_EDB;
    if (ak_sql_prepare(db->sql, "SELECT source FROM chrome_sources WHERE dirty=1", 0, &src) != AK_OK ||
        ak_sql_prepare(db->sql, "SELECT seq,id,title,published,published_from,coalesce(raw,text),text FROM articles WHERE source=?1"
                       " ORDER BY seq", 0, &art) != AK_OK ||
        ak_sql_prepare(db->sql, /* raw keeps what was read: the old text when it was stored as NULL */
                           "UPDATE articles SET raw=nullif(coalesce(raw,text),?2), text=?2, removed=?3, hash=?4,"
                           " published=?5, published_from=?6 WHERE seq=?1",
                       0, &upd) != AK_OK)
        rc = ak_sql_error(db->sql, "re-cleaning");
    while (rc == AK_OK && ak_sqlq_step(src) == AK_SQL_ROW) {
        const char *source = ak_sqlq_text(src, 0);
        ak_sqlq_reset(art);
        ak_sqlq_bind_text(art, 1, source, -1);
        while (rc == AK_OK && ak_sqlq_step(art) == AK_SQL_ROW) {
            ak_article a;
            memset(&a, 0, sizeof a);
            a.id = strdup_or_null(ak_sqlq_text(art, 1));
            a.source = strdup_or_null(source);
            a.title = strdup_or_null(ak_sqlq_text(art, 2));
            a.published = strdup_or_null(ak_sqlq_text(art, 3));
            const char *pf = ak_sqlq_text(art, 4);
            a.published_from = pf && strcmp(pf, "chrome") == 0 ? "chrome" : pf ? "record" : NULL;
            a.raw_len = (size_t)ak_sqlq_bytes(art, 5);
            a.raw = malloc(a.raw_len + 1);
            if (a.raw) { memcpy(a.raw, ak_sqlq_text(art, 5), a.raw_len); a.raw[a.raw_len] = 0; }
            const char *old = ak_sqlq_text(art, 6);
            ak_chrome_model m = {model_count, db};
            if (!a.raw || ak_chrome_clean(&a, &m) != AK_OK) { ak_article_clear(&a); rc = AK_ENOMEM; break; }
            if (ak_text_has_content(a.text, a.text_len) && (strlen(old) != a.text_len || memcmp(old, a.text, a.text_len) != 0)) {
                char hash[17];
                content_hash(a.text, a.text_len, hash);
                char *rj = removed_json(&a);
                ak_sqlq_reset(upd);
                ak_sqlq_bind_int64(upd, 1, ak_sqlq_int64(art, 0));
                ak_sqlq_bind_text(upd, 2, a.text, (int)a.text_len);
                ak_sqlq_bind_text(upd, 3, rj ? rj : "[]", -1);
                ak_sqlq_bind_text(upd, 4, hash, -1);
                ak_sqlq_bind_opt(upd, 5, a.published);
                ak_sqlq_bind_opt(upd, 6, a.published_from);
                if (ak_sqlq_step(upd) != AK_SQL_DONE) rc = ak_sql_error(db->sql, "re-cleaning");
                else { (*n_changed)++; rc = call_hook(db, ak_sqlq_int64(art, 0), &a, rj ? rj : "[]", hash); }
                free(rj);
            }
            ak_article_clear(&a);
        }
    }
    ak_sqlq_finalize(src);
    ak_sqlq_finalize(art);
    ak_sqlq_finalize(upd);
    if (rc == AK_OK) rc = exec(db, "UPDATE chrome_sources SET dirty=0 WHERE dirty=1");
    if (rc == AK_OK) rc = commit_indexed(db);
    if (rc == AK_OK) return AK_OK;
    ak_sql_rollback(db->sql);
    return rc;
}

static void now_iso(char out[32])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Reads every path into the store, batch_size articles a transaction, the staged texts analyzed
 * ahead for the index on a worker thread (SQLite, no hook). */
static int ingest_batches(run_ctx *r, const char *const *paths, size_t n_paths)
{
    ak_db *db = r->db;
    /* Bulk settings while articles go in, swapped back after: a transaction of thousands of articles
     * dirties more pages than SQLite's 2 MB cache holds (each spilled page was written to the WAL and
     * read back, again and again), and the statement journal of each insert of STAGE_ROWS rows went
     * to a temporary file: 2.6 times the bytes written in all (docs/ingest.md). */
    ak_sql_settings old = ak_sql_settings_swap(db->sql, AK_SQL_BULK);
    /* Without a worker (none could start) the tokenizer analyzes every text itself. */
    if (db->db && !db->hook && ak_pretok_start(&r->pretok, 2 * STAGE_ROWS) != AK_OK) r->pretok = NULL;
    int rc = ak_sql_begin_write(db->sql) == AK_OK ? AK_OK : AK_EDB;
    for (size_t i = 0; rc == AK_OK && i < n_paths && !r->fatal; i++)
        ak_read_path(paths[i], r->opt->max_record, on_record, r);
    if (rc == AK_OK && !r->fatal) r->fatal = stage_flush(r);
    ak_pretok_reset(r->pretok);
    stage_clear(r);
    ak_pretok_stop(r->pretok);
    ak_sqlq_finalize(r->ins_full);
    if (rc == AK_OK && r->fatal) {
        char keep[512];
        snprintf(keep, sizeof keep, "%s", ak_last_error());
        ak_sql_rollback(db->sql);
        rc = ak_set_error(r->fatal, "%s", keep);
    } else if (rc == AK_OK && (rc = commit_indexed(db)) != AK_OK) {
        ak_sql_rollback(db->sql);
    }
    ak_sql_settings_swap(db->sql, old);
    return rc;
}

AK_API int ak_ingest(ak_db *db, const char *const *paths, size_t n_paths, const ak_ingest_options *opt,
                     ak_ingest_counts *counts)
{
    ak_ingest_options dflt;
    ak_ingest_options_default(&dflt);
    if (opt) {
        dflt.on_record = opt->on_record;
        dflt.ctx = opt->ctx;
        if (opt->max_record) dflt.max_record = opt->max_record;
        if (opt->batch_size) dflt.batch_size = opt->batch_size;
        if (opt->max_batch_bytes) dflt.max_batch_bytes = opt->max_batch_bytes;
    }
    ak_ingest_counts local;
    if (!counts) counts = &local;
    memset(counts, 0, sizeof *counts);
    if (!db || (n_paths && !paths)) return ak_set_error(AK_EINVAL, "no database or no paths");
    /* A run cut short before its re-cleaning finishes it now. */
    int rc = reclean(db, &counts->recleaned);
    if (rc != AK_OK) return rc;
    char ts[32];
    now_iso(ts);
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(db->sql, "INSERT INTO ingest_runs(started) VALUES(?1) RETURNING run", 0, &q) != AK_OK)
        return ak_sql_error(db->sql, "ingest run");
    ak_sqlq_bind_text(q, 1, ts, -1);
    int st = ak_sqlq_step(q);
    long long run = st == AK_SQL_ROW ? ak_sqlq_int64(q, 0) : 0;
    ak_sqlq_finalize(q);
    if (st != AK_SQL_ROW) return ak_sql_error(db->sql, "ingest run");
    run_ctx r;
    memset(&r, 0, sizeof r);
    r.db = db;
    r.opt = &dflt;
    r.c = counts;
    r.run = run;
    rc = ingest_batches(&r, paths, n_paths);
    if (rc != AK_OK) return rc;
    rc = reclean(db, &counts->recleaned);
    if (rc != AK_OK) return rc;
    if (db->db) ak_search_merge(db->db, counts->added);
    now_iso(ts);
    if (ak_sql_prepare(db->sql, "UPDATE ingest_runs SET finished=?2, added=?3, duplicates=?4, rejected=?5 WHERE run=?1",
                       0, &q) != AK_OK)
        return ak_sql_error(db->sql, "ingest run");
    ak_sqlq_bind_int64(q, 1, r.run);
    ak_sqlq_bind_text(q, 2, ts, -1);
    ak_sqlq_bind_int64(q, 3, counts->added);
    ak_sqlq_bind_int64(q, 4, counts->duplicates);
    ak_sqlq_bind_int64(q, 5, counts->rejected);
    st = ak_sqlq_step(q);
    ak_sqlq_finalize(q);
    return st == AK_SQL_DONE ? AK_OK : ak_sql_error(db->sql, "ingest run");
}

/* ---- reading articles back ---- */

#define ART_COLS "seq,id,url,source,title,author,published,published_from,origin,line,raw,text,removed,hash"

typedef struct owned {
    ak_stored_article v;
    char *s[13];
    ak_stored_removed *rm;
    char *reasons;
} owned;

static void owned_clear(owned *o)
{
    for (int i = 0; i < 13; i++) free(o->s[i]);
    free(o->rm);
    free(o->reasons);
    memset(o, 0, sizeof *o);
}

/* Parses the removed-lines JSON we wrote ourselves into an array. */
static int parse_removed(owned *o)
{
    const char *j = o->v.removed_json;
    size_t n = 0;
    for (const char *p = j; (p = strstr(p, "\"start\"")); p++) n++;
    o->rm = calloc(n + 1, sizeof *o->rm);
    o->reasons = malloc(strlen(j) + 1);
    if (!o->rm || !o->reasons) return AK_ENOMEM;
    char *rs = o->reasons;
    size_t k = 0;
    const char *p = j;
    while (k < n && (p = strstr(p, "\"start\":"))) {
        unsigned long long a = 0, b = 0;
        char reason[32] = "";
        if (sscanf(p, "\"start\":%llu,\"end\":%llu,\"reason\":\"%31[^\"]\"", &a, &b, reason) == 3) {
            size_t L = strlen(reason);
            memcpy(rs, reason, L + 1);
            o->rm[k++] = (ak_stored_removed){(size_t)a, (size_t)b, rs};
            rs += L + 1;
        }
        p++;
    }
    o->v.removed = o->rm;
    o->v.n_removed = k;
    return AK_OK;
}

static int load_row(ak_sqlq *q, owned *o)
{
    owned_clear(o);
    o->v.seq = ak_sqlq_int64(q, 0);
    const char **dst[] = {&o->v.id, &o->v.url, &o->v.source, &o->v.title, &o->v.author, &o->v.published,
                          &o->v.published_from, &o->v.origin};
    for (int i = 0; i < 8; i++) {
        const char *t = ak_sqlq_text(q, i + 1);
        o->s[i] = t ? strdup_or_null(t) : NULL;
        if (t && !o->s[i]) return AK_ENOMEM;
        *dst[i] = o->s[i];
    }
    /* every stored article has an id (NOT NULL); a row without one is corruption */
    if (!o->v.id) return AK_EDB;
    o->v.line = (size_t)ak_sqlq_int64(q, 9);
    for (int i = 0; i < 4; i++) {
        const char *t = ak_sqlq_text(q, 10 + i);
        size_t L = (size_t)ak_sqlq_bytes(q, 10 + i);
        o->s[8 + i] = malloc(L + 1);
        if (!o->s[8 + i]) return AK_ENOMEM;
        if (L) memcpy(o->s[8 + i], t, L);
        o->s[8 + i][L] = '\0';
        if (i == 0) o->v.raw_len = L;
        if (i == 1) o->v.text_len = L;
    }
    o->v.raw = o->s[8]; o->v.text = o->s[9]; o->v.removed_json = o->s[10]; o->v.hash = o->s[11];
    /* NULL raw: nothing was removed, the text is what was read */
    if (ak_sqlq_is_null(q, 10)) { o->v.raw = o->v.text; o->v.raw_len = o->v.text_len; }
    return parse_removed(o);
}

/* On PostgreSQL a statement's rows arrive all at once, so the articles are read a page at a time. */
#define ITER_PAGE 512

struct ak_article_iter {
    ak_db *db;
    ak_sqlq *q;
    owned cur;
    int paged;
    long long n_page; /* rows read from the current page */
};

AK_API int ak_articles_iter(ak_db *db, ak_article_iter **out)
{
    *out = NULL;
    ak_article_iter *it = calloc(1, sizeof *it);
    if (!it) return ak_set_error(AK_ENOMEM, "out of memory");
    it->db = db;
    it->paged = ak_sql_is_pg(db->sql);
    const char *sql = it->paged ? "SELECT " ART_COLS " FROM articles WHERE seq>?1 ORDER BY seq LIMIT ?2"
                                : "SELECT " ART_COLS " FROM articles ORDER BY seq";
    if (ak_sql_prepare(db->sql, sql, 0, &it->q) != AK_OK) {
        free(it);
        return ak_sql_error(db->sql, "reading articles");
    }
    if (it->paged) { ak_sqlq_bind_int64(it->q, 1, 0); ak_sqlq_bind_int64(it->q, 2, ITER_PAGE); }
    *out = it;
    return AK_OK;
}

static int iter_step(ak_article_iter *it)
{
    int r = ak_sqlq_step(it->q);
    if (!it->paged) return r;
    if (r == AK_SQL_DONE && it->n_page == ITER_PAGE) { /* a full page: the next one */
        ak_sqlq_reset(it->q);
        ak_sqlq_bind_int64(it->q, 1, it->cur.v.seq);
        it->n_page = 0;
        r = ak_sqlq_step(it->q);
    }
    if (r == AK_SQL_ROW) it->n_page++;
    return r;
}

AK_API int ak_articles_next(ak_article_iter *it, const ak_stored_article **a)
{
    *a = NULL;
    int r = iter_step(it);
    if (r == AK_SQL_DONE) return 0;
    if (r != AK_SQL_ROW) return ak_sql_error(it->db->sql, "reading articles");
    int lr = load_row(it->q, &it->cur);
    if (lr == AK_EDB) return ak_set_error(AK_EDB, "reading articles: an article without id (corrupt database)");
    if (lr != AK_OK) return ak_set_error(AK_ENOMEM, "out of memory");
    *a = &it->cur.v;
    return 1;
}

AK_API void ak_articles_iter_free(ak_article_iter *it)
{
    if (!it) return;
    ak_sqlq_finalize(it->q);
    owned_clear(&it->cur);
    free(it);
}

AK_API int ak_article_get(ak_db *db, const char *id, ak_stored_article **out)
{
    *out = NULL;
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(db->sql, "SELECT " ART_COLS " FROM articles WHERE id=?1", 0, &q) != AK_OK)
        return ak_sql_error(db->sql, "reading an article");
    ak_sqlq_bind_text(q, 1, id, -1);
    int r = ak_sqlq_step(q);
    if (r != AK_SQL_ROW) {
        ak_sqlq_finalize(q);
        return r == AK_SQL_DONE ? ak_set_error(AK_ENOTFOUND, "no article %s", id) : ak_sql_error(db->sql, "reading an article");
    }
    owned *o = calloc(1, sizeof *o);
    int rc = o ? load_row(q, o) : AK_ENOMEM;
    ak_sqlq_finalize(q);
    if (rc != AK_OK) {
        if (o) { owned_clear(o); free(o); }
        return rc == AK_EDB ? ak_set_error(AK_EDB, "reading an article: no id (corrupt database)")
                            : ak_set_error(AK_ENOMEM, "out of memory");
    }
    *out = &o->v; /* v is the first member, so the pointer frees the whole record */
    return AK_OK;
}

AK_API void ak_stored_article_free(ak_stored_article *a)
{
    if (!a) return;
    owned *o = (owned *)a;
    owned_clear(o);
    free(o);
}

AK_API int ak_db_counts(ak_db *db, size_t *articles, size_t *duplicates)
{
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(db->sql, "SELECT (SELECT count(*) FROM articles),(SELECT count(*) FROM duplicates)", 0, &q) != AK_OK)
        return ak_sql_error(db->sql, "counting");
    if (ak_sqlq_step(q) == AK_SQL_ROW) {
        if (articles) *articles = (size_t)ak_sqlq_int64(q, 0);
        if (duplicates) *duplicates = (size_t)ak_sqlq_int64(q, 1);
    }
    ak_sqlq_finalize(q);
    return AK_OK;
}

AK_API int ak_duplicates_each(ak_db *db, int (*fn)(const char *id, const char *of, void *ctx), void *ctx)
{
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(db->sql, "SELECT id, of_id FROM duplicates ORDER BY seq", 0, &q) != AK_OK)
        return ak_sql_error(db->sql, "reading duplicates");
    int rc = 0, st;
    while (rc == 0 && (st = ak_sqlq_step(q)) == AK_SQL_ROW) {
        const char *id = ak_sqlq_text(q, 0), *of = ak_sqlq_text(q, 1);
        /* the schema says NOT NULL: only a corrupt file has one */
        if (!id || !of) {
            rc = ak_set_error(AK_EDB, "reading duplicates: a record without id (corrupt database)");
            break;
        }
        rc = fn(id, of, ctx);
    }
    if (rc == 0 && st != AK_SQL_DONE) rc = ak_sql_error(db->sql, "reading duplicates");
    ak_sqlq_finalize(q);
    return rc;
}
