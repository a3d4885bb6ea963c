/* run.c: ak_ingest_analyze, an ingestion with the per-article analysis of what it has inserted
 * running beside it, then ak_analyze for the rest. Ingestion keeps one core busy (one writer: the
 * chrome model needs the articles before each one) while the per-article step would wait for it
 * with the other idle; beside it, the step's workers use that core. The step shares the
 * ingestion's connection and transactions (pl_follow), so a killed run loses both or neither, and
 * it takes only whole batches, the ones the step after the ingestion would have made: the store
 * ends as after ak_ingest then ak_analyze. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>

#include "pipeline/pipeline_internal.h"
#include "store/store_internal.h"

typedef struct beside {
    pl_follow fo;
    ak_db *db;
    const ak_ner *m;
    const ak_analyze_options *opt;
    ak_analyze_counts c;
    pthread_t t;
    int joined;
    int rc;          /* the step's status once it stopped (under fo.mu) */
    char err[1024];  /* and its message */
} beside;

static void *beside_main(void *arg)
{
    beside *b = arg;
    /* The ingestion's writer is the run's critical path: the analysis beside it (this thread and
     * the workers it starts, which inherit the policy) runs only on CPU nothing else wants. Shared
     * fairly, the writer got half a core of two at 100,000 articles, and ingestion and analysis
     * together took longer than one after the other. Best effort: the policy may be refused. */
    struct sched_param idle;
    memset(&idle, 0, sizeof idle);
    (void)pthread_setschedparam(pthread_self(), SCHED_IDLE, &idle);
    int rc = pl_analyze_articles(b->db, b->m, b->opt->batch_size, b->opt->commit_articles,
                                 pl_threads(b->opt->threads), &b->fo, &b->c);
    pthread_mutex_lock(&b->fo.mu);
    b->rc = rc;
    if (rc != AK_OK) snprintf(b->err, sizeof b->err, "%s", ak_last_error());
    pthread_mutex_unlock(&b->fo.mu);
    return NULL;
}

/* The step's failure, its message made this thread's. */
static int beside_status(beside *b)
{
    pthread_mutex_lock(&b->fo.mu);
    int rc = b->rc;
    if (rc != AK_OK) ak_set_error(rc, "%s", b->err);
    pthread_mutex_unlock(&b->fo.mu);
    return rc;
}

/* A failure of the step stops the ingestion at its next insert: SQLite may have rolled the
 * transaction back (a full disk), and what the ingestion writes would then commit alone. */
static int on_flushed(void *ctx)
{
    beside *b = ctx;
    pthread_mutex_lock(&b->fo.mu);
    b->fo.flushed++;
    pthread_cond_broadcast(&b->fo.more);
    pthread_mutex_unlock(&b->fo.mu);
    return beside_status(b);
}

static int on_commit_lock(void *ctx)
{
    beside *b = ctx;
    pthread_mutex_lock(&b->fo.tx);
    return beside_status(b);
}

static void on_commit_unlock(void *ctx, int open)
{
    beside *b = ctx;
    b->fo.open = open;
    pthread_mutex_unlock(&b->fo.tx);
}

static int on_end(void *ctx)
{
    beside *b = ctx;
    if (b->joined) return AK_OK;
    pthread_mutex_lock(&b->fo.mu);
    b->fo.ending = 1;
    pthread_cond_broadcast(&b->fo.more);
    pthread_mutex_unlock(&b->fo.mu);
    pthread_join(b->t, NULL);
    b->joined = 1;
    return beside_status(b);
}

/* Adds what the step did beside the ingestion to the counts of the analysis after it (its
 * time is inside the ingestion's). */
static void add_counts(ak_analyze_counts *to, const ak_analyze_counts *from)
{
    to->analyzed += from->analyzed;
    to->timexes += from->timexes;
    to->mentions += from->mentions;
    to->analyzed_beside = from->analyzed;
}

int ak_ingest_analyze(ak_db *db, const char *const *paths, size_t n_paths, const ak_ingest_options *iopt,
                      const ak_analyze_options *aopt, ak_ingest_counts *ic, ak_analyze_counts *ac)
{
    if (!db) return ak_set_error(AK_EINVAL, "ak_ingest_analyze: no database");
    ak_analyze_options opt;
    pl_options(aopt, &opt);
    /* PostgreSQL's ingestion writes through its own path: the steps one after the other */
    if (ak_sql_is_pg(ak_db_sql(db))) {
        int rc = ak_ingest(db, paths, n_paths, iopt, ic);
        return rc == AK_OK ? ak_analyze(db, &opt, ac) : rc;
    }
    ak_ner *own = NULL;
    if (!opt.ner && ak_ner_load(&own, opt.ner_model) == AK_OK) opt.ner = own;
    beside b;
    memset(&b, 0, sizeof b);
    b.db = db;
    b.m = opt.ner;
    b.opt = &opt;
    b.fo.open = 1;
    pthread_mutex_init(&b.fo.tx, NULL);
    pthread_mutex_init(&b.fo.mu, NULL);
    pthread_cond_init(&b.fo.more, NULL);
    ak_ingest_beside hooks = {on_flushed, on_commit_lock, on_commit_unlock, on_end, &b};
    int started = pthread_create(&b.t, NULL, beside_main, &b) == 0;
    b.joined = !started;
    int rc = ak_ingest_with(db, paths, n_paths, iopt, ic, started ? &hooks : NULL);
    int brc = on_end(&b); /* an ingestion that failed before its records: the step did nothing */
    if (rc == AK_OK) rc = brc;
    pthread_cond_destroy(&b.fo.more);
    pthread_mutex_destroy(&b.fo.mu);
    pthread_mutex_destroy(&b.fo.tx);
    if (rc == AK_OK) rc = ak_analyze(db, &opt, ac);
    if (rc == AK_OK && ac) add_counts(ac, &b.c);
    ak_ner_free(own);
    return rc;
}
