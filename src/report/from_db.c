/* from_db.c: fills a report from the store: ingests the run's inputs into the
 * database, then lists every stored article, recorded duplicate and rejection. */
#include "report/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sql.h"
#include "store/store_internal.h"
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
    return rp_listed_id(ctx, of) ? ak_report_add_duplicate(ctx, id, of) : AK_OK;
}

typedef struct db_q db_q;
static int fill_analysis(db_q *q, rp_article *a);
static int fill_rows(db_q *q, rp_article *a);
static const char *meta_dct(db_q *q, const char *id, const char **from);

/* One stored article as a report view (removed lines are byte spans of raw); with q, the
 * date the analysis settled on when it has none of its own. *rm: the caller frees it. */
static int stored_view(const ak_stored_article *a, db_q *q, ak_report_article *v, ak_report_removed **rm,
                       char origin[512])
{
    *rm = a->n_removed ? calloc(a->n_removed, sizeof **rm) : NULL;
    if (a->n_removed && !*rm) return ak_set_error(AK_ENOMEM, "report: out of memory");
    for (size_t i = 0; i < a->n_removed; i++) {
        size_t s = a->removed[i].start, e = a->removed[i].end;
        if (e > a->raw_len) e = a->raw_len;
        if (s > e) s = e;
        while (e > s && (a->raw[e - 1] == '\n' || a->raw[e - 1] == '\r')) e--;
        (*rm)[i] = (ak_report_removed){a->raw + s, e - s, a->removed[i].reason};
    }
    origin[0] = '\0';
    if (a->origin && a->line) snprintf(origin, 512, "%s:%zu", a->origin, a->line);
    else if (a->origin) snprintf(origin, 512, "%s", a->origin);
    *v = (ak_report_article){
        .id = a->id, .source = a->source, .title = a->title, .url = a->url,
        .origin = origin[0] ? origin : NULL, .published = a->published, .published_from = a->published_from,
        .text = a->text ? a->text : "", .text_len = a->text ? a->text_len : 0,
        .removed = *rm, .n_removed = a->n_removed,
    };
    if (q) {
        /* no date of its own: the one the analysis settled on (text, related articles) */
        const char *from = NULL, *dct = v->published ? NULL : meta_dct(q, a->id, &from);
        if (dct) { v->published = dct; v->published_from = from; }
    }
    return AK_OK;
}

/* One stored article added to r: with q, its persisted analysis instead of a fresh one. */
static int add_stored(ak_report *r, const ak_stored_article *a, db_q *q)
{
    ak_report_article v;
    ak_report_removed *rm = NULL;
    char origin[512];
    int st = stored_view(a, q, &v, &rm, origin);
    if (st == AK_OK && q) {
        rp_article *copy = NULL;
        st = rp_add_plain(r, &v, &copy);
        if (st == AK_OK) st = fill_analysis(q, copy);
    } else if (st == AK_OK) {
        st = ak_report_add_article(r, &v);
    }
    free(rm);
    return st;
}

/* One stored article with its persisted analysis into *out (a copy of its own). */
static int stored_copy(const ak_stored_article *a, db_q *q, rp_article *out)
{
    ak_report_article v;
    ak_report_removed *rm = NULL;
    char origin[512];
    int st = stored_view(a, q, &v, &rm, origin);
    if (st == AK_OK) st = rp_copy_article(out, &v, 0);
    if (st == AK_OK && (st = fill_analysis(q, out)) != AK_OK) rp_article_free(out);
    free(rm);
    return st;
}

int rp_open_db(const char *db_path, ak_db **db)
{
    /* the database may live in a folder of its own that does not exist yet (make demo); a
     * server's URL names no folder */
    const char *slash = strstr(db_path, "://") ? NULL : strrchr(db_path, '/');
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

static int dberr(ak_sql *db) { return ak_sql_error(db, "report"); }

/* Nonzero when the statement cannot be prepared (the message is then the database's). */
static int prep(ak_sql *db, const char *sql, ak_sqlq **q) { return ak_sql_prepare(db, sql, 0, q) != AK_OK; }

static char *col_dup(ak_sqlq *q, int i)
{
    const char *s = ak_sqlq_text(q, i);
    return s ? strdup(s) : NULL;
}

/* The first duplicate/rewrite pair (in the order found) of each later article b: read in one
 * pass, since dup_pair has no index on b and a query per article would scan it every time
 * (articles x pairs: hours at a million articles). */
typedef struct near_map { ak_strmap at; char **a, **b, **cls; size_t n, cap; } near_map;

static int near_load(near_map *m, ak_sql *db)
{
    ak_sqlq *q = NULL;
    if (prep(db, "SELECT b, a, cls FROM dup_pair WHERE cls IN ('duplicate','rewrite') ORDER BY seq", &q))
        return dberr(db);
    int rc = AK_OK, r;
    while (rc == AK_OK && (r = ak_sqlq_step(q)) == AK_SQL_ROW) {
        const char *b = ak_sqlq_text(q, 0);
        if (!b || ak_strmap_get(&m->at, b, -1) >= 0) continue; /* the first pair of b only */
        if (m->n == m->cap) {
            size_t cap = m->cap ? m->cap * 2 : 256;
            char **a = realloc(m->a, cap * sizeof *a), **c = a ? realloc(m->cls, cap * sizeof *c) : NULL;
            if (a) m->a = a;
            if (c) m->cls = c;
            char **bb = c ? realloc(m->b, cap * sizeof *bb) : NULL;
            if (bb) m->b = bb;
            if (!a || !c || !bb) { rc = AK_ENOMEM; break; }
            m->cap = cap;
        }
        m->a[m->n] = col_dup(q, 1);
        m->cls[m->n] = col_dup(q, 2);
        m->b[m->n] = strdup(b);
        m->n++;
        if (!m->a[m->n - 1] || !m->cls[m->n - 1] || !m->b[m->n - 1] || ak_strmap_put(&m->at, b, (long long)(m->n - 1)) != AK_OK)
            rc = AK_ENOMEM;
    }
    if (rc == AK_OK && r != AK_SQL_DONE) rc = dberr(db);
    ak_sqlq_finalize(q);
    return rc == AK_ENOMEM ? ak_set_error(AK_ENOMEM, "report: out of memory") : rc;
}

static void near_free(near_map *m)
{
    for (size_t i = 0; i < m->n; i++) { free(m->a[i]); free(m->b[i]); free(m->cls[i]); }
    free(m->a);
    free(m->b);
    free(m->cls);
    ak_strmap_free(&m->at);
}

typedef struct db_q {
    ak_sql *db;
    ak_sqlq *meta, *tx, *ment, *story;
    near_map near;
} db_q;

/* a's stored dates, mentions, story and near-duplicate link; AK_OK, AK_ENOMEM or AK_EDB, with
 * the message set. */
static int fill_analysis(db_q *q, rp_article *a)
{
    int rc = fill_rows(q, a);
    return rc == AK_ENOMEM ? ak_set_error(AK_ENOMEM, "report: out of memory") : rc == AK_EDB ? dberr(q->db) : rc;
}

static int fill_rows(db_q *q, rp_article *a)
{
    ak_sqlq *qs[] = {q->tx, q->ment, q->story};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) {
        ak_sqlq_reset(qs[k]);
        ak_sqlq_bind_text(qs[k], 1, a->id, -1);
    }
    /* the three reads in one round trip on PostgreSQL */
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++)
        if (ak_sqlq_send(qs[k]) != AK_OK) return AK_EDB;
    size_t cap = 0;
    while (ak_sqlq_step(q->tx) == AK_SQL_ROW) {
        if (a->n_times == cap) {
            cap = cap ? cap * 2 : 16;
            rp_time *p = realloc(a->times, cap * sizeof *p);
            if (!p) return AK_ENOMEM;
            a->times = p;
        }
        rp_time *t = &a->times[a->n_times];
        memset(t, 0, sizeof *t);
        t->start = (size_t)ak_sqlq_int64(q->tx, 0);
        t->end = (size_t)ak_sqlq_int64(q->tx, 1);
        t->has_span = 1;
        snprintf(t->type, sizeof t->type, "%s", ak_sqlq_text(q->tx, 2));
        snprintf(t->value, sizeof t->value, "%s", ak_sqlq_text(q->tx, 3));
        const char *mod = ak_sqlq_text(q->tx, 4);
        snprintf(t->mod, sizeof t->mod, "%s", mod ? mod : "");
        if (!(t->text = col_dup(q->tx, 5))) return AK_ENOMEM;
        a->n_times++;
    }
    cap = 0;
    while (ak_sqlq_step(q->ment) == AK_SQL_ROW) {
        if (a->n_ments == cap) {
            cap = cap ? cap * 2 : 16;
            rp_mention *p = realloc(a->ments, cap * sizeof *p);
            if (!p) return AK_ENOMEM;
            a->ments = p;
        }
        rp_mention *m = &a->ments[a->n_ments];
        memset(m, 0, sizeof *m);
        m->start = (size_t)ak_sqlq_int64(q->ment, 0);
        m->end = (size_t)ak_sqlq_int64(q->ment, 1);
        snprintf(m->type, sizeof m->type, "%s", ak_sqlq_text(q->ment, 2));
        if (!(m->name = col_dup(q->ment, 3))) return AK_ENOMEM;
        a->n_ments++;
    }
    if (ak_sqlq_step(q->story) == AK_SQL_ROW && !(a->story = col_dup(q->story, 0))) return AK_ENOMEM;
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
    ak_sqlq_reset(q->meta);
    ak_sqlq_bind_text(q->meta, 1, id, -1);
    if (ak_sqlq_step(q->meta) != AK_SQL_ROW || ak_sqlq_is_null(q->meta, 0)) return NULL;
    *from = ak_sqlq_text(q->meta, 1);
    return ak_sqlq_text(q->meta, 0);
}

/* The statements fill_analysis and meta_dct use, and the near-duplicate links, on q->db. */
static int q_prepare(db_q *q)
{
    const char *sql[] = {
        "SELECT dct, dct_from FROM article_meta WHERE article=?1",
        "SELECT start, \"end\", type, value, mod, text FROM article_timex WHERE article=?1 ORDER BY start",
        ("SELECT x.start, x.\"end\", e.type, e.name FROM entity_mentions x JOIN entities e ON e.id=x.entity"
         " WHERE x.article=?1 ORDER BY x.start"),
        "SELECT story FROM story_articles WHERE article=?1",
    };
    ak_sqlq **qs[] = {&q->meta, &q->tx, &q->ment, &q->story};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++)
        if (prep(q->db, sql[k], qs[k]))
            return dberr(q->db);
    return near_load(&q->near, q->db);
}

static void q_free(db_q *q)
{
    ak_sqlq *qs[] = {q->meta, q->tx, q->ment, q->story};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) ak_sqlq_finalize(qs[k]);
    near_free(&q->near);
}

/* ---- a report of the newest stories only (ak_report_limit) ---- */

static int cmp_seq(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

int ak_report_limit(ak_report *r, size_t stories, size_t articles)
{
    if (!r) return ak_set_error(AK_EINVAL, "ak_report_limit: NULL report");
    if (r->db || r->n_sec || r->limited)
        return ak_set_error(AK_EINVAL, "ak_report_limit: call it before ak_report_add_db");
    r->story_limit = stories;
    r->article_limit = articles;
    return AK_OK;
}

int rp_listed_id(ak_report *r, const char *id)
{
    return !r->limited || (id && ak_strmap_get(&r->keep, id, -1) >= 0);
}

int rp_listed_seq(const ak_report *r, long long seq)
{
    return !r->limited || bsearch(&seq, r->keep_seq, r->n_keep, sizeof seq, cmp_seq) != NULL;
}

/* One row of the listed articles: id and seq. */
static int keep_add(ak_report *r, const char *id, long long seq, size_t *cap)
{
    if (ak_strmap_get(&r->keep, id, -1) >= 0) return AK_OK;
    if (r->n_keep == *cap) {
        size_t c = *cap ? *cap * 2 : 256;
        long long *v = realloc(r->keep_seq, c * sizeof *v);
        if (!v) return AK_ENOMEM;
        r->keep_seq = v;
        *cap = c;
    }
    r->keep_seq[r->n_keep++] = seq;
    return ak_strmap_put(&r->keep, id, seq);
}

/* The members of one story, added to the listed articles. */
static int keep_story(ak_report *r, ak_sql *db, ak_sqlq *m, const char *story, size_t *cap)
{
    ak_sqlq_reset(m);
    ak_sqlq_bind_text(m, 1, story, -1);
    int k;
    while ((k = ak_sqlq_step(m)) == AK_SQL_ROW)
        if (keep_add(r, ak_sqlq_text(m, 0), ak_sqlq_int64(m, 1), cap))
            return ak_set_error(AK_ENOMEM, "report: out of memory");
    return k == AK_SQL_DONE ? AK_OK : dberr(db);
}

/* How many stories and articles db holds; 1 when either is past its limit. */
static int over_limits(ak_report *r, ak_sql *db, int *over)
{
    ak_sqlq *q = NULL;
    int st = AK_OK;
    if (prep(db, "SELECT (SELECT count(*) FROM stories), (SELECT count(*) FROM articles)", &q) ||
        ak_sqlq_step(q) != AK_SQL_ROW)
        st = dberr(db);
    if (st == AK_OK) {
        r->stories_stored = (size_t)ak_sqlq_int64(q, 0);
        r->articles_stored = (size_t)ak_sqlq_int64(q, 1);
    }
    ak_sqlq_finalize(q);
    /* a store not clustered yet has no stories to choose by: listed whole */
    *over = r->stories_stored && ((r->story_limit && r->stories_stored > r->story_limit) ||
                                  (r->article_limit && r->articles_stored > r->article_limit));
    return st;
}

/* Past a limit: the newest stories (ordered as ak_stories_each orders them), up to the story
 * limit and while their members stay within the article limit (the newest always), become
 * the listed stories and articles, and r->limited is set. */
static int keep_newest(ak_report *r, ak_sql *db)
{
    int over = 0, st = r->story_limit || r->article_limit ? over_limits(r, db, &over) : AK_OK;
    if (st != AK_OK || !over) return st;
    ak_sqlq *q = NULL, *m = NULL;
    if (prep(db, "SELECT id, n_articles FROM stories"
                               " ORDER BY last_day IS NULL, last_day DESC, first_day DESC, id", &q) ||
        prep(db, "SELECT a.id, a.seq FROM story_articles sa JOIN articles a ON a.id=sa.article"
                               " WHERE sa.story=?1", &m))
        st = dberr(db);
    size_t cap = 0;
    while (st == AK_OK && (!r->story_limit || r->stories_listed < r->story_limit) && ak_sqlq_step(q) == AK_SQL_ROW) {
        size_t members = (size_t)ak_sqlq_int64(q, 1);
        if (r->article_limit && r->stories_listed && r->n_keep + members > r->article_limit) break;
        st = keep_story(r, db, m, ak_sqlq_text(q, 0), &cap);
        r->stories_listed++;
    }
    ak_sqlq_finalize(q);
    ak_sqlq_finalize(m);
    if (st == AK_OK && r->n_keep) qsort(r->keep_seq, r->n_keep, sizeof *r->keep_seq, cmp_seq);
    if (st == AK_OK) r->limited = 1;
    return st;
}

int rp_add_db_whole(ak_report *r, ak_db *adb)
{
    int st = r->db ? rp_stream_materialize(r) : AK_OK;
    db_q q = {.db = ak_db_sql(adb)};
    if (st == AK_OK && !r->limited) st = keep_newest(r, q.db);
    if (st == AK_OK) st = q_prepare(&q);
    ak_article_iter *it = NULL;
    if (st == AK_OK) st = ak_articles_iter(adb, &it);
    while (st == AK_OK) {
        const ak_stored_article *a = NULL;
        int k = ak_articles_next(it, &a);
        if (k <= 0) { st = k; break; }
        if (rp_listed_seq(r, a->seq)) st = add_stored(r, a, &q);
    }
    ak_articles_iter_free(it);
    q_free(&q);
    if (st == AK_OK) st = ak_duplicates_each(adb, on_dup, r);
    if (st == AK_OK) st = rp_add_db_sections(r, adb, NULL);
    return st;
}

/* ---- the articles read from the store while the report is written ---- */

/* A connection of the report's own on the database file, in one read transaction from
 * ak_report_add_db to ak_report_free: what is written is what was counted, whatever
 * another process adds meanwhile. Held in memory: the near-duplicate links, and which
 * article report.html folds under which (seqs) — a few per copy, nothing per article. */
struct rp_stream {
    ak_db *db;
    db_q q;
    ak_sqlq *toc, *id_of, *seq_of, *brief;
    long long *pairs;   /* (root, kid) seqs, by root then kid */
    long long *child;   /* the kids of pairs in that order */
    long long *kids;    /* the folded seqs, ascending */
    size_t n_pairs;
};

void rp_stream_free(rp_stream *s)
{
    if (!s) return;
    q_free(&s->q);
    ak_sqlq *qs[] = {s->toc, s->id_of, s->seq_of, s->brief};
    for (size_t k = 0; k < sizeof qs / sizeof *qs; k++) ak_sqlq_finalize(qs[k]);
    if (s->db) ak_sql_rollback(ak_db_sql(s->db));
    ak_db_close(s->db);
    free(s->pairs);
    free(s->child);
    free(s->kids);
    free(s);
}

/* seq of the article with this id, or -1. */
static long long seq_of(rp_stream *s, const char *id)
{
    ak_sqlq_reset(s->seq_of);
    ak_sqlq_bind_text(s->seq_of, 1, id, -1);
    return ak_sqlq_step(s->seq_of) == AK_SQL_ROW ? ak_sqlq_int64(s->seq_of, 0) : -1;
}

static int cmp_pair(const void *x, const void *y)
{
    const long long *a = x, *b = y;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return a[1] < b[1] ? -1 : a[1] > b[1];
}

static int cmp_ll(const void *x, const void *y)
{
    long long a = *(const long long *)x, b = *(const long long *)y;
    return a < b ? -1 : a > b;
}

/* Which article each copy is folded under in report.html: as report_html.c's folded_under
 * does for articles held in memory (up the chain of near-duplicate links, at most 8 hops,
 * to an article that copies none; not under itself; only through articles the report
 * lists). Only articles with a link can fold. */
static int stream_folds(const ak_report *r)
{
    rp_stream *s = r->db;
    near_map *m = &s->q.near;
    s->pairs = malloc((m->n ? m->n : 1) * 2 * sizeof *s->pairs);
    s->kids = malloc((m->n ? m->n : 1) * sizeof *s->kids);
    s->child = malloc((m->n ? m->n : 1) * sizeof *s->child);
    if (!s->pairs || !s->kids || !s->child) return ak_set_error(AK_ENOMEM, "report: out of memory");
    for (size_t k = 0; k < m->n; k++) {
        long long kid = seq_of(s, m->b[k]), root = -1;
        if (kid < 0 || !rp_listed_seq(r, kid)) continue;
        const char *of = m->a[k];
        for (int hop = 0; of && hop < 8; hop++) {
            long long o = strcmp(of, m->b[k]) ? seq_of(s, of) : -1;
            if (o < 0 || !rp_listed_seq(r, o)) break;
            long long up = ak_strmap_get(&m->at, of, -1);
            if (up < 0) { root = o; break; }
            of = m->a[up];
        }
        if (root < 0) continue;
        s->pairs[2 * s->n_pairs] = root;
        s->pairs[2 * s->n_pairs + 1] = kid;
        s->kids[s->n_pairs++] = kid;
    }
    qsort(s->pairs, s->n_pairs, 2 * sizeof *s->pairs, cmp_pair);
    qsort(s->kids, s->n_pairs, sizeof *s->kids, cmp_ll);
    for (size_t k = 0; k < s->n_pairs; k++) s->child[k] = s->pairs[2 * k + 1];
    return AK_OK;
}

static int stream_open(const char *path, rp_stream **out, size_t *n_art)
{
    rp_stream *s = calloc(1, sizeof *s);
    if (!s) return ak_set_error(AK_ENOMEM, "report: out of memory");
    int st = ak_db_open(&s->db, path);
    ak_sql *db = s->db ? ak_db_sql(s->db) : NULL;
    s->q.db = db;
    /* one snapshot for every read of the report (PostgreSQL: one transaction does not give it) */
    if (st == AK_OK && ak_sql_exec(db, ak_sql_is_pg(db) ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN",
                                   "report") != AK_OK)
        st = dberr(db);
    const char *sql[] = {
        ("SELECT a.id, a.title, a.published, m.dct, a.seq FROM articles a LEFT JOIN article_meta m ON m.article=a.id"
         " ORDER BY a.seq"),
        "SELECT id FROM articles WHERE seq=?1",
        "SELECT seq FROM articles WHERE id=?1",
        "SELECT source, title, published FROM articles WHERE id=?1",
    };
    ak_sqlq **qs[] = {&s->toc, &s->id_of, &s->seq_of, &s->brief};
    for (size_t k = 0; st == AK_OK && k < sizeof qs / sizeof *qs; k++)
        if (prep(db, sql[k], qs[k]))
            st = dberr(db);
    size_t n = 0;
    /* the first read fixes the snapshot the whole report is made of */
    if (st == AK_OK) st = ak_db_counts(s->db, &n, NULL);
    if (st == AK_OK) st = q_prepare(&s->q);
    if (st != AK_OK) { rp_stream_free(s); return st; }
    *out = s;
    *n_art = n;
    return AK_OK;
}

/* The stored article of the stream's seq into *a (ak_stored_article_free). */
static int stored_by_seq(rp_stream *s, long long seq, ak_stored_article **a)
{
    *a = NULL;
    ak_sqlq_reset(s->id_of);
    ak_sqlq_bind_int64(s->id_of, 1, seq);
    if (ak_sqlq_step(s->id_of) != AK_SQL_ROW) {
        ak_sqlq_reset(s->id_of);
        return ak_set_error(AK_EDB, "report: article %lld is gone", seq);
    }
    int st = ak_article_get(s->db, ak_sqlq_text(s->id_of, 0), a);
    ak_sqlq_reset(s->id_of);
    return st;
}

/* The listed articles of a limited report, by seq: read one by one, not the whole table. */
static int stream_walk_kept(const ak_report *r, int (*take)(const ak_stored_article *a, rp_stream *s, void *ctx),
                            void *ctx)
{
    int st = AK_OK;
    for (size_t i = 0; st == AK_OK && i < r->n_keep; i++) {
        ak_stored_article *a = NULL;
        st = stored_by_seq(r->db, r->keep_seq[i], &a);
        if (st == AK_OK) st = take(a, r->db, ctx);
        ak_stored_article_free(a);
    }
    return st;
}

/* Calls take on each listed article in ingestion order, until it returns other than AK_OK. */
static int stream_walk(const ak_report *r, int (*take)(const ak_stored_article *a, rp_stream *s, void *ctx), void *ctx)
{
    if (r->limited) return stream_walk_kept(r, take, ctx);
    rp_stream *s = r->db;
    ak_article_iter *it = NULL;
    int st = ak_articles_iter(s->db, &it);
    while (st == AK_OK) {
        const ak_stored_article *a = NULL;
        int k = ak_articles_next(it, &a);
        if (k <= 0) { st = k; break; }
        st = take(a, s, ctx);
    }
    ak_articles_iter_free(it);
    return st;
}

typedef struct {
    int (*fn)(const rp_article *a, long long seq, void *ctx);
    void *ctx;
} each_ctx;

/* One article copied, handed to the caller's function, freed. */
static int take_each(const ak_stored_article *a, rp_stream *s, void *ctx)
{
    each_ctx *e = ctx;
    rp_article copy;
    int st = stored_copy(a, &s->q, &copy);
    if (st == AK_OK) st = e->fn(&copy, a->seq, e->ctx);
    rp_article_free(&copy);
    return st;
}

int rp_stream_each(const ak_report *r, int (*fn)(const rp_article *a, long long seq, void *ctx), void *ctx)
{
    each_ctx e = {fn, ctx};
    return stream_walk(r, take_each, &e);
}

int rp_stream_toc(const ak_report *r, int (*fn)(const char *id, const char *title, const char *published, void *ctx),
                  void *ctx)
{
    ak_sqlq *q = r->db->toc;
    ak_sqlq_reset(q);
    int st = AK_OK, k;
    while (st == AK_OK && (k = ak_sqlq_step(q)) == AK_SQL_ROW) {
        if (!rp_listed_seq(r, ak_sqlq_int64(q, 4))) continue;
        const char *pub = ak_sqlq_text(q, 2);
        if (!pub) pub = ak_sqlq_text(q, 3); /* the date the analysis settled on */
        st = fn(ak_sqlq_text(q, 0), ak_sqlq_text(q, 1), pub, ctx);
    }
    if (st == AK_OK && k != AK_SQL_DONE) st = dberr(ak_db_sql(r->db->db));
    ak_sqlq_reset(q);
    return st;
}

int rp_stream_folded(const ak_report *r, long long seq)
{
    return r->db->n_pairs && bsearch(&seq, r->db->kids, r->db->n_pairs, sizeof seq, cmp_ll) != NULL;
}

void rp_stream_kids(const ak_report *r, long long seq, const long long **kids, size_t *n)
{
    const rp_stream *s = r->db;
    size_t lo = 0, hi = s->n_pairs;
    while (lo < hi) { /* the first pair of root seq */
        size_t mid = lo + (hi - lo) / 2;
        if (s->pairs[2 * mid] < seq) lo = mid + 1; else hi = mid;
    }
    size_t e = lo;
    while (e < s->n_pairs && s->pairs[2 * e] == seq) e++;
    *kids = s->child + lo;
    *n = e - lo;
}

int rp_stream_get(const ak_report *r, long long seq, rp_article *out)
{
    rp_stream *s = r->db;
    memset(out, 0, sizeof *out);
    ak_stored_article *a = NULL;
    int st = stored_by_seq(s, seq, &a);
    if (st == AK_OK) st = stored_copy(a, &s->q, out);
    ak_stored_article_free(a);
    return st;
}

int rp_stream_brief(rp_stream *s, const char *id, rp_article *b)
{
    rp_article_free(b);
    ak_sqlq_reset(s->brief);
    ak_sqlq_bind_text(s->brief, 1, id, -1);
    if (ak_sqlq_step(s->brief) != AK_SQL_ROW) return 0;
    const char *from = NULL, *pub = ak_sqlq_text(s->brief, 2);
    b->id = strdup(id);
    b->source = col_dup(s->brief, 0);
    b->title = col_dup(s->brief, 1);
    if (!pub) pub = meta_dct(&s->q, id, &from);
    b->published = pub ? strdup(pub) : NULL;
    long long k = ak_strmap_get(&s->q.near.at, id, -1);
    if (k >= 0) {
        b->near_of = strdup(s->q.near.a[k]);
        b->near_class = strdup(s->q.near.cls[k]);
    }
    int bad = !b->id || (!ak_sqlq_is_null(s->brief, 0) && !b->source) ||
              (!ak_sqlq_is_null(s->brief, 1) && !b->title) || (pub && !b->published) ||
              (k >= 0 && (!b->near_of || !b->near_class));
    ak_sqlq_reset(s->brief);
    return bad ? -1 : 1;
}

/* One article copied to the end of the report's in-memory list. */
static int take_keep(const ak_stored_article *a, rp_stream *s, void *ctx)
{
    ak_report *r = ctx;
    rp_article *slot = rp_next_article(r);
    if (!slot) return AK_ENOMEM;
    int st = stored_copy(a, &s->q, slot);
    if (st == AK_OK) r->n_art++;
    return st;
}

int rp_stream_materialize(ak_report *r)
{
    rp_stream *s = r->db;
    int st = stream_walk(r, take_keep, r);
    if (st != AK_OK) return st;
    rp_stream_free(s);
    r->db = NULL;
    r->n_db_art = 0;
    return AK_OK;
}

int ak_report_add_db(ak_report *r, ak_db *adb)
{
    if (!r || !adb) return ak_set_error(AK_EINVAL, "ak_report_add_db: NULL argument");
    const char *path = ak_db_location(adb);
    /* articles already in the report, or a database with no file to open again: held whole */
    if (r->n_art || r->db || !path || !*path) return rp_add_db_whole(r, adb);
    rp_stream *s = NULL;
    size_t n = 0;
    int st = stream_open(path, &s, &n);
    if (st != AK_OK) return st;
    r->db = s;
    st = keep_newest(r, ak_db_sql(s->db)); /* in the stream's snapshot */
    r->n_db_art = r->limited ? r->n_keep : n;
    if (st == AK_OK) st = stream_folds(r);
    if (st != AK_OK) return st;
    st = ak_duplicates_each(s->db, on_dup, r);
    if (st == AK_OK) st = rp_add_db_sections(r, s->db, s);
    return st;
}
