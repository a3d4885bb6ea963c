/* analyze.c: ak_analyze, every stage over the stored articles: near-duplicates,
 * then per article its DCT, time expressions and entity mentions, then stories. */
#include "pipeline/pipeline_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/store_internal.h"
#include "util/error.h"

int pl_dberr(ak_sql *db, const char *what)
{
    char w[160];
    snprintf(w, sizeof w, "analysis: %s", what);
    return ak_sql_error(db, w);
}

int pl_prepare(ak_sql *db, const char *sql, ak_sqlq **q)
{
    int rc = ak_sql_prepare(db, sql, 0, q);
    return rc == AK_EDB ? pl_dberr(db, "prepare") : rc;
}

int pl_exec(ak_sql *db, const char *sql)
{
    return ak_sql_exec(db, sql, "analysis") == AK_OK ? AK_OK : pl_dberr(db, sql);
}

const char *pl_col(ak_sqlq *q, int i)
{
    const char *s = ak_sqlq_text(q, i);
    return s ? s : "";
}

const char *pl_col_or_null(ak_sqlq *q, int i)
{
    return ak_sqlq_text(q, i);
}

void pl_now(char out[21])
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void ak_analyze_options_default(ak_analyze_options *opt)
{
    if (!opt) return;
    memset(opt, 0, sizeof *opt);
    opt->batch_size = 200;
    opt->summary_sentences = 4;
    opt->commit_articles = 1000;
}

/* Adds the wall and process CPU seconds since *t0 to step k, and restarts the clocks. */
static void lap(ak_analyze_counts *c, int k, struct timespec t0[2])
{
    struct timespec t1[2];
    clock_gettime(CLOCK_MONOTONIC, &t1[0]);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t1[1]);
    c->wall[k] += (double)(t1[0].tv_sec - t0[0].tv_sec) + (double)(t1[0].tv_nsec - t0[0].tv_nsec) / 1e9;
    c->cpu[k] += (double)(t1[1].tv_sec - t0[1].tv_sec) + (double)(t1[1].tv_nsec - t0[1].tv_nsec) / 1e9;
    t0[0] = t1[0];
    t0[1] = t1[1];
}

int ak_analyze(ak_db *db, const ak_analyze_options *in, ak_analyze_counts *counts)
{
    if (!db) return ak_set_error(AK_EINVAL, "ak_analyze: no database");
    ak_analyze_options opt;
    ak_analyze_options_default(&opt);
    if (in) {
        opt = *in;
        if (!opt.batch_size) opt.batch_size = 200;
        if (!opt.commit_articles) opt.commit_articles = 1000;
        if (opt.summary_sentences < 1) opt.summary_sentences = 4;
    }
    ak_analyze_counts c;
    memset(&c, 0, sizeof c);
    struct timespec t0[2];
    clock_gettime(CLOCK_MONOTONIC, &t0[0]);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t0[1]);
    /* fingerprints of the pass cached in 128 MB (docs/dedup.md), the work on the run's threads */
    int rc = ak_dups_update_opts(db, pl_threads(opt.threads), 128, &c.dup_pairs);
    lap(&c, 0, t0);
    /* Statement journals in memory and a 64 MB page cache while the per-article and story steps
     * write (docs/pipeline.md, "Bytes written"); not for the near-duplicate step, which sets its
     * own cache and ran slower with them in two runs (within the runs' spread: not settled). */
    ak_sql_settings old = ak_sql_settings_swap(ak_db_sql(db), AK_SQL_BULK);
    ak_ner *own = NULL;
    const ak_ner *m = opt.ner;
    if (rc == AK_OK && !m) {
        /* without a model the rest of the analysis still runs: entities are left out */
        if (ak_ner_load(&own, opt.ner_model) == AK_OK) m = own;
        else c.ner_missing = 1;
    }
    if (rc == AK_OK) rc = pl_analyze_articles(db, m, opt.batch_size, opt.commit_articles, pl_threads(opt.threads), &c);
    lap(&c, 1, t0);
    if (rc == AK_OK) rc = pl_update_stories(db, &opt, &c);
    lap(&c, 2, t0);
    ak_ner_free(own);
    ak_sql_settings_swap(ak_db_sql(db), old);
    if (counts) *counts = c;
    return rc;
}
