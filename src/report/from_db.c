/* from_db.c: fills a report from the store: ingests the run's inputs into the
 * database, then lists every stored article, recorded duplicate and rejection. */
#include "report/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "util/error.h"
#include "util/strmap.h"

typedef struct ev_ctx { ak_report *r; int st; } ev_ctx;

static void on_record(const ak_ingest_event *ev, void *vctx)
{
    ev_ctx *c = vctx;
    if (ev->kind != AK_REC_REJECTED || c->st != AK_OK) return;
    c->st = ak_report_add_rejection(c->r, ev->origin ? ev->origin : "?", ev->line,
                                    ev->reason ? ev->reason : "rejected");
}

static int on_dup(const char *id, const char *of, void *ctx)
{
    return ak_report_add_duplicate(ctx, id, of);
}

typedef struct db_q db_q;
static int fill_analysis(db_q *q, rp_article *a);
static const char *meta_dct(db_q *q, const char *id, const char **from);

/* One stored article as a report view (removed lines are byte spans of raw);
 * with q, its persisted analysis instead of a fresh one. */
static int add_stored(ak_report *r, const ak_stored_article *a, db_q *q)
{
    ak_report_removed *rm = a->n_removed ? calloc(a->n_removed, sizeof *rm) : NULL;
    if (a->n_removed && !rm) return ak_set_error(AK_ENOMEM, "report: out of memory");
    for (size_t i = 0; i < a->n_removed; i++) {
        size_t s = a->removed[i].start, e = a->removed[i].end;
        if (e > a->raw_len) e = a->raw_len;
        if (s > e) s = e;
        while (e > s && (a->raw[e - 1] == '\n' || a->raw[e - 1] == '\r')) e--;
        rm[i] = (ak_report_removed){a->raw + s, e - s, a->removed[i].reason};
    }
    char origin[512] = "";
    if (a->origin && a->line) snprintf(origin, sizeof origin, "%s:%zu", a->origin, a->line);
    else if (a->origin) snprintf(origin, sizeof origin, "%s", a->origin);
    ak_report_article v = {
        .id = a->id, .source = a->source, .title = a->title, .url = a->url,
        .origin = origin[0] ? origin : NULL, .published = a->published, .published_from = a->published_from,
        .text = a->text ? a->text : "", .text_len = a->text ? a->text_len : 0,
        .removed = rm, .n_removed = a->n_removed,
    };
    int st;
    if (q) {
        /* no date of its own: the one the analysis settled on (text, related articles) */
        const char *from = NULL, *dct = v.published ? NULL : meta_dct(q, a->id, &from);
        if (dct) { v.published = dct; v.published_from = from; }
        rp_article *copy = NULL;
        st = rp_add_plain(r, &v, &copy);
        if (st == AK_OK && fill_analysis(q, copy) != AK_OK) st = ak_set_error(AK_ENOMEM, "report: out of memory");
    } else {
        st = ak_report_add_article(r, &v);
    }
    free(rm);
    return st;
}

int rp_open_db(const char *db_path, ak_db **db)
{
    /* the database may live in a folder of its own that does not exist yet (make demo) */
    const char *slash = strrchr(db_path, '/');
    if (slash && slash != db_path) {
        char dir[4096];
        size_t n_dir = (size_t)(slash - db_path);
        if (n_dir < sizeof dir) {
            memcpy(dir, db_path, n_dir);
            dir[n_dir] = '\0';
            if (rp_mkdir_p(dir) != 0) return ak_set_error(AK_EIO, "%s: cannot create directory", dir);
        }
    }
    return ak_db_open(db, db_path);
}

int rp_ingest(ak_report *r, ak_db *db, const char *const *paths, size_t n)
{
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    ev_ctx c = {r, AK_OK};
    opt.on_record = on_record;
    opt.ctx = &c;
    ak_ingest_counts counts;
    memset(&counts, 0, sizeof counts);
    int st = ak_ingest(db, paths, n, &opt, &counts);
    return st == AK_OK ? c.st : st;
}

int rp_load_db(ak_report *r, const char *db_path, const char *const *paths, size_t n)
{
    ak_db *db = NULL;
    int st = rp_open_db(db_path, &db);
    if (st != AK_OK) return st;
    st = rp_ingest(r, db, paths, n);
    ak_article_iter *it = NULL;
    if (st == AK_OK) st = ak_articles_iter(db, &it);
    while (st == AK_OK) {
        const ak_stored_article *a = NULL;
        int k = ak_articles_next(it, &a);
        if (k <= 0) { st = k; break; }
        st = add_stored(r, a, NULL);
    }
    ak_articles_iter_free(it);
    if (st == AK_OK) st = ak_duplicates_each(db, on_dup, r);
    ak_db_close(db);
    return st;
}

/* ---- the report of the whole database with its persisted analysis ---- */

static char *col_dup(sqlite3_stmt *q, int i)
{
    const char *s = (const char *)sqlite3_column_text(q, i);
    return s ? strdup(s) : NULL;
}

/* The first duplicate/rewrite pair (in the order found) of each later article b: read in one
 * pass, since dup_pair has no index on b and a query per article would scan it every time
 * (articles x pairs: hours at a million articles). */
typedef struct near_map { ak_strmap at; char **a, **cls; size_t n, cap; } near_map;

static int near_load(near_map *m, sqlite3 *db)
{
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT b, a, cls FROM dup_pair WHERE cls IN ('duplicate','rewrite') ORDER BY seq", -1,
                           &q, NULL) != SQLITE_OK)
        return ak_set_error(AK_EDB, "report: %s", sqlite3_errmsg(db));
    int rc = AK_OK, r;
    while (rc == AK_OK && (r = sqlite3_step(q)) == SQLITE_ROW) {
        const char *b = (const char *)sqlite3_column_text(q, 0);
        if (!b || ak_strmap_get(&m->at, b, -1) >= 0) continue; /* the first pair of b only */
        if (m->n == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 256;
            char **a = realloc(m->a, cap * sizeof *a), **c = a ? realloc(m->cls, cap * sizeof *c) : NULL;
            if (a) m->a = a;
            if (c) m->cls = c;
            if (!a || !c) { rc = AK_ENOMEM; break; }
            m->cap = cap;
        }
        m->a[m->n] = col_dup(q, 1);
        m->cls[m->n] = col_dup(q, 2);
        m->n++;
        if (!m->a[m->n - 1] || !m->cls[m->n - 1] || ak_strmap_put(&m->at, b, (long long)(m->n - 1)) != AK_OK)
            rc = AK_ENOMEM;
    }
    if (rc == AK_OK && r != SQLITE_DONE) rc = ak_set_error(AK_EDB, "report: %s", sqlite3_errmsg(db));
    sqlite3_finalize(q);
    return rc == AK_ENOMEM ? ak_set_error(AK_ENOMEM, "report: out of memory") : rc;
}

static void near_free(near_map *m)
{
    for (size_t i = 0; i < m->n; i++) { free(m->a[i]); free(m->cls[i]); }
    free(m->a);
    free(m->cls);
    ak_strmap_free(&m->at);
}

typedef struct db_q {
    sqlite3 *db;
    sqlite3_stmt *meta, *tx, *ment, *story;
    near_map near;
} db_q;

static int fill_analysis(db_q *q, rp_article *a)
{
    sqlite3_stmt *qs[] = {q->tx, q->ment, q->story};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        sqlite3_reset(qs[k]);
        sqlite3_bind_text(qs[k], 1, a->id, -1, SQLITE_STATIC);
    }
    size_t cap = 0;
    while (sqlite3_step(q->tx) == SQLITE_ROW) {
        if (a->n_times == cap) {
            cap = cap ? cap * 2 : 16;
            rp_time *p = realloc(a->times, cap * sizeof *p);
            if (!p) return AK_ENOMEM;
            a->times = p;
        }
        rp_time *t = &a->times[a->n_times];
        memset(t, 0, sizeof *t);
        t->start = (size_t)sqlite3_column_int64(q->tx, 0);
        t->end = (size_t)sqlite3_column_int64(q->tx, 1);
        t->has_span = 1;
        snprintf(t->type, sizeof t->type, "%s", (const char *)sqlite3_column_text(q->tx, 2));
        snprintf(t->value, sizeof t->value, "%s", (const char *)sqlite3_column_text(q->tx, 3));
        const char *mod = (const char *)sqlite3_column_text(q->tx, 4);
        snprintf(t->mod, sizeof t->mod, "%s", mod ? mod : "");
        if (!(t->text = col_dup(q->tx, 5))) return AK_ENOMEM;
        a->n_times++;
    }
    cap = 0;
    while (sqlite3_step(q->ment) == SQLITE_ROW) {
        if (a->n_ments == cap) {
            cap = cap ? cap * 2 : 16;
            rp_mention *p = realloc(a->ments, cap * sizeof *p);
            if (!p) return AK_ENOMEM;
            a->ments = p;
        }
        rp_mention *m = &a->ments[a->n_ments];
        memset(m, 0, sizeof *m);
        m->start = (size_t)sqlite3_column_int64(q->ment, 0);
        m->end = (size_t)sqlite3_column_int64(q->ment, 1);
        snprintf(m->type, sizeof m->type, "%s", (const char *)sqlite3_column_text(q->ment, 2));
        if (!(m->name = col_dup(q->ment, 3))) return AK_ENOMEM;
        a->n_ments++;
    }
    if (sqlite3_step(q->story) == SQLITE_ROW && !(a->story = col_dup(q->story, 0))) return AK_ENOMEM;
    long long k = ak_strmap_get(&q->near.at, a->id, -1);
    if (k >= 0) {
        a->near_of = strdup(q->near.a[k]);
        a->near_class = strdup(q->near.cls[k]);
        if (!a->near_of || !a->near_class) return AK_ENOMEM;
    }
    return AK_OK;
}

static const char *meta_dct(db_q *q, const char *id, const char **from)
{
    sqlite3_reset(q->meta);
    sqlite3_bind_text(q->meta, 1, id, -1, SQLITE_STATIC);
    if (sqlite3_step(q->meta) != SQLITE_ROW || sqlite3_column_type(q->meta, 0) == SQLITE_NULL) return NULL;
    *from = (const char *)sqlite3_column_text(q->meta, 1);
    return (const char *)sqlite3_column_text(q->meta, 0);
}

int ak_report_add_db(ak_report *r, ak_db *adb)
{
    if (!r || !adb) return ak_set_error(AK_EINVAL, "ak_report_add_db: NULL argument");
    db_q q = {.db = ak_db_sqlite(adb)};
    int st = AK_OK;
    const char *sql[] = {
        "SELECT dct, dct_from FROM article_meta WHERE article=?1",
        "SELECT start, end, type, value, mod, text FROM article_timex WHERE article=?1 ORDER BY start",
        ("SELECT x.start, x.end, e.type, e.name FROM entity_mentions x JOIN entities e ON e.id=x.entity"
         " WHERE x.article=?1 ORDER BY x.start"),
        "SELECT story FROM story_articles WHERE article=?1",
    };
    sqlite3_stmt **qs[] = {&q.meta, &q.tx, &q.ment, &q.story};
    for (size_t k = 0; st == AK_OK && k < sizeof qs / sizeof *qs; k++)
        if (sqlite3_prepare_v2(q.db, sql[k], -1, qs[k], NULL) != SQLITE_OK)
            st = ak_set_error(AK_EDB, "report: %s", sqlite3_errmsg(q.db));
    if (st == AK_OK) st = near_load(&q.near, q.db);
    ak_article_iter *it = NULL;
    if (st == AK_OK) st = ak_articles_iter(adb, &it);
    while (st == AK_OK) {
        const ak_stored_article *a = NULL;
        int k = ak_articles_next(it, &a);
        if (k <= 0) { st = k; break; }
        st = add_stored(r, a, &q);
    }
    near_free(&q.near);
    ak_articles_iter_free(it);
    if (st == AK_OK) st = ak_duplicates_each(adb, on_dup, r);
    if (st == AK_OK) st = rp_add_db_sections(r, adb);
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) sqlite3_finalize(*qs[k]);
    return st;
}
