/* dupstore.c: duplicates in the SQLite store: signatures, band keys and sampled passage keys
 * persisted per article (tables: migration 2 in store/schema.c), so a new article is compared only with the articles sharing a key. */
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dedup/dedup_internal.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

/* kind 0: LSH band key; kind 1: a shingle whose hash is 0 mod PASSAGE_SAMPLE, so that
 * two articles sharing a passage of ~20 words likely share one (content-defined sample). */
#define PASSAGE_SAMPLE 8
#define PASSAGE_MIN_HITS 2
#define KEY_MAX_DOCS 50 /* a key in more articles is boilerplate: not a candidate source */


static int dberr(sqlite3 *db, const char *what)
{
    return ak_set_error(AK_EDB, "dups: %s: %s", what, sqlite3_errmsg(db));
}

typedef struct cand { char *id; int band, hits; } cand;
/* The candidates of one article, indexed by id: a new article can meet thousands of ids
 * through its keys, so finding one must not scan the list. */
typedef struct cands { cand *v; size_t n, cap; ak_strmap at; } cands;

static int cand_add(cands *c, const char *id, int kind)
{
    long long i = ak_strmap_get(&c->at, id, -1);
    if (i >= 0) {
        if (kind == 0) c->v[i].band = 1; else c->v[i].hits++;
        return AK_OK;
    }
    if (c->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        cand *v = realloc(c->v, cap * sizeof *v);
        if (!v) return AK_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    char *d = strdup(id);
    if (!d || ak_strmap_put(&c->at, id, (long long)c->n) != AK_OK) { free(d); return AK_ENOMEM; }
    c->v[c->n++] = (cand){ d, kind == 0, kind == 1 };
    return AK_OK;
}

static void cands_free(cands *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->v[i].id);
    free(c->v);
    ak_strmap_free(&c->at);
}

/* Looks up one key: skipped when more than KEY_MAX_DOCS articles hold it. */
static int lookup(sqlite3_stmt *q, uint64_t key, int kind, cands *c)
{
    sqlite3_reset(q);
    sqlite3_bind_int64(q, 1, (sqlite3_int64)key);
    sqlite3_bind_int(q, 2, kind);
    const char *ids[KEY_MAX_DOCS + 1];
    char *copy[KEY_MAX_DOCS + 1];
    int n = 0, rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW && n <= KEY_MAX_DOCS) {
        copy[n] = strdup((const char *)sqlite3_column_text(q, 0));
        ids[n] = copy[n];
        n++;
    }
    int st = AK_OK;
    if (n <= KEY_MAX_DOCS)
        for (int i = 0; i < n && st == AK_OK; i++) st = ids[i] ? cand_add(c, ids[i], kind) : AK_ENOMEM;
    for (int i = 0; i < n; i++) free(copy[i]);
    return st;
}

static void spans_json(const ak_dup_result *r, ak_buf *b)
{
    ak_buf_puts(b, "[");
    for (size_t i = 0; i < r->n_spans; i++)
        ak_buf_printf(b, "%s{\"a\":[%zu,%zu],\"b\":[%zu,%zu],\"words\":%zu}", i ? "," : "", r->spans[i].a_start,
                      r->spans[i].a_end, r->spans[i].b_start, r->spans[i].b_end, r->spans[i].words);
    ak_buf_puts(b, "]");
}

typedef struct upd {
    sqlite3 *db;
    ak_db *adb;
    ak_lsh *lsh;
    sqlite3_stmt *has, *look, *insk, *insf, *insp;
    size_t added;
} upd;

static int record_pair(upd *u, const char *a, const char *b, const ak_dup_result *r)
{
    ak_buf js = { 0 };
    spans_json(r, &js);
    sqlite3_stmt *q = u->insp;
    sqlite3_reset(q);
    sqlite3_bind_text(q, 1, a, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 2, b, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(q, 3, ak_dup_class_name(r->cls), -1, SQLITE_STATIC);
    sqlite3_bind_double(q, 4, r->jaccard);
    sqlite3_bind_double(q, 5, r->bigram_jaccard);
    sqlite3_bind_double(q, 6, r->cover_a);
    sqlite3_bind_double(q, 7, r->cover_b);
    sqlite3_bind_int64(q, 8, (sqlite3_int64)r->longest);
    sqlite3_bind_text(q, 9, ak_buf_cstr(&js), -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(q);
    ak_buf_free(&js);
    if (rc != SQLITE_DONE) return dberr(u->db, "recording a pair");
    u->added += (size_t)sqlite3_changes(u->db);
    return AK_OK;
}

static int put_key(upd *u, uint64_t key, int kind, const char *id)
{
    sqlite3_reset(u->insk);
    sqlite3_bind_int64(u->insk, 1, (sqlite3_int64)key);
    sqlite3_bind_int(u->insk, 2, kind);
    sqlite3_bind_text(u->insk, 3, id, -1, SQLITE_TRANSIENT);
    return sqlite3_step(u->insk) == SQLITE_DONE ? AK_OK : dberr(u->db, "storing a key");
}

/* Verifies the candidates of one new article against their stored texts. */
static int verify(upd *u, const ak_stored_article *a, const ak_fp *fp, cands *c)
{
    for (size_t i = 0; i < c->n; i++) {
        if (!c->v[i].band && c->v[i].hits < PASSAGE_MIN_HITS) continue;
        ak_stored_article *o = NULL;
        int rc = ak_article_get(u->adb, c->v[i].id, &o);
        if (rc == AK_ENOTFOUND) continue;
        if (rc != AK_OK) return rc;
        ak_fp *ofp = NULL;
        rc = ak_fp_new(o->text ? o->text : "", o->text ? o->text_len : 0, NULL, &ofp);
        ak_dup_result r;
        if (rc == AK_OK) rc = ak_dup_compare(ofp, fp, &r);
        if (rc == AK_OK && r.cls != AK_DUP_UNRELATED) rc = record_pair(u, o->id, a->id, &r);
        ak_fp_free(ofp);
        ak_stored_article_free(o);
        if (rc != AK_OK) return rc;
    }
    return AK_OK;
}

/* 1 when the article already has its keys (from a previous pass). */
static int has_fp(upd *u, const char *id)
{
    sqlite3_reset(u->has);
    sqlite3_bind_text(u->has, 1, id, -1, SQLITE_TRANSIENT);
    int r = sqlite3_step(u->has) == SQLITE_ROW;
    sqlite3_reset(u->has);
    return r;
}

static int add_article(upd *u, const ak_stored_article *a)
{
    if (has_fp(u, a->id)) return AK_OK;
    ak_fp *fp = NULL;
    int rc = ak_fp_new(a->text ? a->text : "", a->text ? a->text_len : 0, NULL, &fp);
    if (rc == AK_ETOOBIG || rc == AK_EUTF8) return AK_OK; /* not fingerprinted: never a candidate */
    if (rc != AK_OK) return rc;
    cands c = { 0 };
    unsigned nb = ak_lsh_bands(u->lsh);
    for (unsigned b = 0; b < nb && rc == AK_OK; b++) rc = lookup(u->look, ak_lsh_band_key(u->lsh, fp->sig, b), 0, &c);
    for (size_t i = 0; i < fp->nset && rc == AK_OK; i++)
        if (fp->set[i] % PASSAGE_SAMPLE == 0) rc = lookup(u->look, fp->set[i], 1, &c);
    if (rc == AK_OK) rc = verify(u, a, fp, &c);
    for (unsigned b = 0; b < nb && rc == AK_OK && fp->nset; b++)
        rc = put_key(u, ak_lsh_band_key(u->lsh, fp->sig, b), 0, a->id);
    for (size_t i = 0; i < fp->nset && rc == AK_OK; i++)
        if (fp->set[i] % PASSAGE_SAMPLE == 0) rc = put_key(u, fp->set[i], 1, a->id);
    if (rc == AK_OK) {
        sqlite3_reset(u->insf);
        sqlite3_bind_text(u->insf, 1, a->id, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(u->insf, 2, (sqlite3_int64)fp->exact);
        sqlite3_bind_blob(u->insf, 3, fp->sig, (int)(fp->K * sizeof *fp->sig), SQLITE_TRANSIENT);
        if (sqlite3_step(u->insf) != SQLITE_DONE) rc = dberr(u->db, "storing a signature");
    }
    cands_free(&c);
    ak_fp_free(fp);
    return rc;
}

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **q)
{
    return sqlite3_prepare_v2(db, sql, -1, q, NULL) == SQLITE_OK ? AK_OK : dberr(db, "prepare");
}

#define DUPS_CACHE_KIB 65536
#define DUPS_BATCH 500

/* Adds the next DUPS_BATCH articles after seq *last (in seq order); *n: how many were read.
 * The ids are read first and the query reset before any work: a statement left open across a
 * commit keeps the connection's read snapshot, and then no checkpoint can copy the WAL back to
 * the database, so the WAL grows (and is searched) without bound over a long pass. */
static int pass_chunk(upd *u, sqlite3_stmt *page, sqlite3_int64 *last, size_t *n)
{
    char *ids[DUPS_BATCH];
    *n = 0;
    sqlite3_reset(page);
    sqlite3_bind_int64(page, 1, *last);
    sqlite3_bind_int(page, 2, DUPS_BATCH);
    int r = SQLITE_DONE, rc = AK_OK;
    while (rc == AK_OK && (r = sqlite3_step(page)) == SQLITE_ROW) {
        *last = sqlite3_column_int64(page, 0);
        const char *id = (const char *)sqlite3_column_text(page, 1);
        ids[*n] = id ? strdup(id) : NULL;
        if (!ids[*n]) rc = ak_set_error(AK_ENOMEM, "out of memory");
        else (*n)++;
    }
    if (rc == AK_OK && r != SQLITE_DONE) rc = dberr(u->db, "reading articles");
    sqlite3_reset(page);
    for (size_t i = 0; i < *n && rc == AK_OK; i++) {
        if (has_fp(u, ids[i])) continue;
        ak_stored_article *a = NULL;
        rc = ak_article_get(u->adb, ids[i], &a);
        if (rc == AK_OK) rc = add_article(u, a);
        ak_stored_article_free(a);
    }
    for (size_t i = 0; i < *n; i++) free(ids[i]);
    /* a lookup can stop before its last row: reset so nothing reads across the commit */
    sqlite3_reset(u->look);
    return rc;
}

/* Sets the connection's page cache (PRAGMA cache_size: pages, or KiB when negative); returns the old value. */
static int page_cache(sqlite3 *db, int value)
{
    sqlite3_stmt *q = NULL;
    int old = -2000;
    if (sqlite3_prepare_v2(db, "PRAGMA cache_size", -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        old = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA cache_size=%d", value);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    return old;
}

AK_API int ak_dups_update(ak_db *adb, size_t *added)
{
    if (!adb) return ak_set_error(AK_EINVAL, "dups: no database");
    upd u = { .db = ak_db_sqlite(adb), .adb = adb };
    if (added) *added = 0;
    int rc = ak_lsh_new(NULL, &u.lsh);
    if (rc != AK_OK) return rc;
    /* The key index is read at random for every article: a larger page cache for the pass
     * saves most of the reads from the OS (restored after). */
    int cache = page_cache(u.db, -DUPS_CACHE_KIB);
    if (sqlite3_exec(u.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
        ak_lsh_free(u.lsh);
        return dberr(u.db, "begin");
    }
    rc = prepare(u.db, "SELECT 1 FROM dup_fp WHERE id=?", &u.has);
    if (rc == AK_OK) rc = prepare(u.db, "SELECT id FROM dup_key WHERE key=? AND kind=?", &u.look);
    if (rc == AK_OK) rc = prepare(u.db, "INSERT INTO dup_key(key,kind,id) VALUES(?,?,?)", &u.insk);
    if (rc == AK_OK) rc = prepare(u.db, "INSERT INTO dup_fp(id,exact,sig) VALUES(?,?,?)", &u.insf);
    if (rc == AK_OK)
        rc = prepare(u.db, "INSERT OR IGNORE INTO dup_pair(a,b,cls,jaccard,bigram,cover_a,cover_b,longest,spans)"
                           " VALUES(?,?,?,?,?,?,?,?,?)", &u.insp);
    sqlite3_stmt *page = NULL;
    if (rc == AK_OK) rc = prepare(u.db, "SELECT seq,id FROM articles WHERE seq>? ORDER BY seq LIMIT ?", &page);
    sqlite3_int64 last = LLONG_MIN;
    size_t n = 0;
    do {
        if (rc == AK_OK) rc = pass_chunk(&u, page, &last, &n);
        /* Commit each chunk: a killed pass keeps what it did, and the next one goes on from there.
         * No statement is open here, so the commit ends the read snapshot and the WAL can be
         * checkpointed and reset (see pass_chunk). */
        if (rc == AK_OK && n &&
            (sqlite3_exec(u.db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK ||
             sqlite3_exec(u.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK))
            rc = dberr(u.db, "commit");
    } while (rc == AK_OK && n);
    sqlite3_finalize(page);
    sqlite3_finalize(u.has);
    sqlite3_finalize(u.look);
    sqlite3_finalize(u.insk);
    sqlite3_finalize(u.insf);
    sqlite3_finalize(u.insp);
    ak_lsh_free(u.lsh);
    if (rc != AK_OK) {
        sqlite3_exec(u.db, "ROLLBACK", NULL, NULL, NULL);
        page_cache(u.db, cache);
        return rc;
    }
    int committed = sqlite3_exec(u.db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK ? AK_OK : dberr(u.db, "commit");
    page_cache(u.db, cache);
    if (committed != AK_OK) return committed;
    if (added) *added = u.added;
    return AK_OK;
}

AK_API int ak_dups_each(ak_db *adb, int (*fn)(const ak_dup_pair *p, void *ctx), void *ctx)
{
    if (!adb || !fn) return ak_set_error(AK_EINVAL, "dups: bad argument");
    sqlite3 *db = ak_db_sqlite(adb);
    sqlite3_stmt *q;
    if (prepare(db, "SELECT a,b,cls,jaccard,bigram,cover_a,cover_b,longest,spans FROM dup_pair ORDER BY seq", &q))
        return AK_EDB;
    int rc, ret = AK_OK;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        ak_dup_pair p = { (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1),
                          (const char *)sqlite3_column_text(q, 2), sqlite3_column_double(q, 3),
                          sqlite3_column_double(q, 4), sqlite3_column_double(q, 5), sqlite3_column_double(q, 6),
                          (size_t)sqlite3_column_int64(q, 7), (const char *)sqlite3_column_text(q, 8) };
        if ((ret = fn(&p, ctx)) != 0) break;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) ret = dberr(db, "reading pairs");
    sqlite3_finalize(q);
    return ret;
}
