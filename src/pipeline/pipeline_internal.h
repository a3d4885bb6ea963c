/* pipeline_internal.h: what the analysis pipeline's files share: statement
 * helpers over the store and the two steps of ak_analyze (articles, stories). */
#ifndef AK_PIPELINE_INTERNAL_H
#define AK_PIPELINE_INTERNAL_H
#include <stddef.h>
#include <stdlib.h>

#include "akhbar.h"
#include "store/sql.h"
#include "util/error.h"
#include "util/strmap.h"

/* Prepares sql on db (SQLite or PostgreSQL, store/sql.h) into *q; AK_OK or AK_EDB with the
 * database's message. */
int pl_prepare(ak_sql *db, const char *sql, ak_sqlq **q);
/* Runs one statement without results. */
int pl_exec(ak_sql *db, const char *sql);
/* AK_EDB with the database's message and what was being done. */
int pl_dberr(ak_sql *db, const char *what);
/* A text column as a C string ("" for NULL) / NULL for NULL. */
const char *pl_col(ak_sqlq *q, int i);
const char *pl_col_or_null(ak_sqlq *q, int i);
/* The current UTC time as "YYYY-MM-DDTHH:MM:SSZ" into out[21]. */
void pl_now(char out[21]);


/* Room for element n (of `size` bytes) in *v of *cap elements, the capacity doubled from
 * `first`: AK_OK, or AK_ENOMEM with "<what>: out of memory". */
static inline int pl_grow(void **v, size_t n, size_t *cap, size_t size, size_t first, const char *what)
{
    if (n < *cap) return AK_OK;
    size_t c = *cap ? *cap * 2 : first;
    void *p = realloc(*v, c * size);
    if (!p) return ak_set_error(AK_ENOMEM, "%s: out of memory", what);
    *v = p;
    *cap = c;
    return AK_OK;
}

/* The number of threads to use: want, or the online cores when want is 0. */
unsigned pl_threads(unsigned want);

/* An ordered parallel loop: compute(i) for every i < n on `threads` worker
 * threads (it keeps its own status in ctx), and write(i) on the calling thread
 * in increasing i as each item is ready; stops at the first write that fails
 * and returns its status. threads <= 1: no thread, compute and write in turn.
 * compute must only read shared state; write alone may touch the database. */
int pl_ordered(size_t n, unsigned threads, int (*compute)(size_t i, void *ctx), int (*write)(size_t i, void *ctx),
               void *ctx);

/* The ordered loop over a stream: items are queued while earlier ones are still
 * computed or written, so the workers go on from one batch into the next while
 * the calling thread writes, commits and reads ahead. compute(item) runs on
 * `workers` threads (0: on the caller, in pl_flow_take); the caller alone adds
 * and takes. At most cap items queued (added, not yet taken). */
typedef struct pl_flow pl_flow;
int pl_flow_new(pl_flow **out, size_t cap, unsigned workers, int (*compute)(void *item, void *ctx), void *ctx);
void pl_flow_add(pl_flow *f, void *item);
/* The oldest queued item once computed (waits for it), or NULL when none is queued. */
void *pl_flow_take(pl_flow *f);
size_t pl_flow_queued(const pl_flow *f);
/* Stops the workers after the items they are computing, then frees the flow. */
void pl_flow_free(pl_flow *f);

/* Step 1: analyzes the articles with no article_meta row yet (DCT, time
 * expressions, entity mentions), batch_size articles a batch, whole batches
 * committed once commit_articles are written, the per-article analysis on
 * `threads` threads (writes stay in input order). m may be NULL (entities left
 * out). */
int pl_analyze_articles(ak_db *db, const ak_ner *m, size_t batch_size, size_t commit_articles, unsigned threads,
                        ak_analyze_counts *c);

/* Step 2: clusters every stored article into stories and rewrites the stories
 * whose membership changed (one transaction). */
int pl_update_stories(ak_db *db, const ak_analyze_options *opt, ak_analyze_counts *c);

#endif
