/* from_db.c: fills a report from the store: ingests the run's inputs into the
 * database, then lists every stored article, recorded duplicate and rejection. */
#include "report/report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

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

/* One stored article as a report view (removed lines are byte spans of raw). */
static int add_stored(ak_report *r, const ak_stored_article *a)
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
    int st = ak_report_add_article(r, &v);
    free(rm);
    return st;
}

int rp_load_db(ak_report *r, const char *db_path, const char *const *paths, size_t n)
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
    ak_db *db = NULL;
    int st = ak_db_open(&db, db_path);
    if (st != AK_OK) return st;
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    ev_ctx c = {r, AK_OK};
    opt.on_record = on_record;
    opt.ctx = &c;
    ak_ingest_counts counts;
    memset(&counts, 0, sizeof counts);
    st = ak_ingest(db, paths, n, &opt, &counts);
    if (st == AK_OK) st = c.st;
    ak_article_iter *it = NULL;
    if (st == AK_OK) st = ak_articles_iter(db, &it);
    while (st == AK_OK) {
        const ak_stored_article *a = NULL;
        int k = ak_articles_next(it, &a);
        if (k <= 0) { st = k; break; }
        st = add_stored(r, a);
    }
    ak_articles_iter_free(it);
    if (st == AK_OK) st = ak_duplicates_each(db, on_dup, r);
    ak_db_close(db);
    return st;
}
