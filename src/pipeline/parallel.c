/* parallel.c: an ordered parallel loop: items computed on worker threads, each
 * written on the caller's thread in input order as soon as it is ready, so what
 * is written (and in which order) does not depend on the number of threads. */
#include "pipeline/pipeline_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/error.h"

unsigned pl_threads(unsigned want)
{
    if (want) return want;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

/* The ordered loop over items queued while it runs: a ring of `cap` slots; the
 * writer thread adds at `tail` and takes computed items at `head` in order, the
 * workers compute at `next`. Counters only grow; slot = counter % cap. */
struct pl_flow {
    void **item;
    unsigned char *done;
    size_t cap, head, next, tail;
    int stop;
    int (*compute)(void *item, void *ctx);
    void *ctx;
    pthread_t *t;
    unsigned started;
    pthread_mutex_t mu;
    pthread_cond_t ready, work;
};

static void *flow_worker(void *arg)
{
    pl_flow *f = arg;
    pthread_mutex_lock(&f->mu);
    for (;;) {
        while (!f->stop && f->next == f->tail) pthread_cond_wait(&f->work, &f->mu);
        if (f->stop) break;
        size_t i = f->next++;
        void *it = f->item[i % f->cap];
        pthread_mutex_unlock(&f->mu);
        f->compute(it, f->ctx);
        pthread_mutex_lock(&f->mu);
        f->done[i % f->cap] = 1;
        pthread_cond_broadcast(&f->ready);
    }
    pthread_mutex_unlock(&f->mu);
    return NULL;
}

int pl_flow_new(pl_flow **out, size_t cap, unsigned workers, int (*compute)(void *item, void *ctx), void *ctx)
{
    pl_flow *f = calloc(1, sizeof *f);
    *out = NULL;
    if (f) {
        f->item = calloc(cap, sizeof *f->item);
        f->done = calloc(cap, 1);
        f->t = workers ? calloc(workers, sizeof *f->t) : NULL;
    }
    if (!f || !f->item || !f->done || (workers && !f->t)) {
        if (f) { free(f->item); free(f->done); free(f->t); }
        free(f);
        return ak_set_error(AK_ENOMEM, "analysis: out of memory");
    }
    f->cap = cap;
    f->compute = compute;
    f->ctx = ctx;
    pthread_mutex_init(&f->mu, NULL);
    pthread_cond_init(&f->ready, NULL);
    pthread_cond_init(&f->work, NULL);
    while (f->started < workers && pthread_create(&f->t[f->started], NULL, flow_worker, f) == 0)
        f->started++;
    *out = f; /* no thread could start: pl_flow_take computes each item itself */
    return AK_OK;
}

size_t pl_flow_queued(const pl_flow *f) { return f->tail - f->head; }

void pl_flow_add(pl_flow *f, void *item)
{
    pthread_mutex_lock(&f->mu);
    f->item[f->tail % f->cap] = item;
    f->done[f->tail % f->cap] = 0;
    f->tail++;
    pthread_cond_signal(&f->work);
    pthread_mutex_unlock(&f->mu);
}

void *pl_flow_take(pl_flow *f)
{
    if (f->head == f->tail) return NULL;
    size_t i = f->head % f->cap;
    if (!f->started) { /* no workers: compute it here, in order */
        f->compute(f->item[i], f->ctx);
        f->head++;
        return f->item[i];
    }
    pthread_mutex_lock(&f->mu);
    while (!f->done[i]) pthread_cond_wait(&f->ready, &f->mu);
    f->head++;
    pthread_mutex_unlock(&f->mu);
    return f->item[i];
}

void pl_flow_free(pl_flow *f)
{
    if (!f) return;
    pthread_mutex_lock(&f->mu);
    f->stop = 1;
    pthread_cond_broadcast(&f->work);
    pthread_mutex_unlock(&f->mu);
    for (unsigned k = 0; k < f->started; k++) pthread_join(f->t[k], NULL);
    pthread_cond_destroy(&f->ready);
    pthread_cond_destroy(&f->work);
    pthread_mutex_destroy(&f->mu);
    free(f->t);
    free(f->item);
    free(f->done);
    free(f);
}

/* pl_ordered: the flow over the indices 0 .. n-1, all queued at once. */
typedef struct indexed {
    int (*compute)(size_t i, void *ctx);
    void *ctx;
} indexed;

static int index_compute(void *item, void *ctx)
{
    const indexed *x = ctx;
    return x->compute(*(const size_t *)item, x->ctx);
}

int pl_ordered(size_t n, unsigned threads, int (*compute)(size_t i, void *ctx), int (*write)(size_t i, void *ctx),
               void *ctx)
{
    if (!n) return AK_OK;
    indexed x = {compute, ctx};
    size_t *ix = malloc(n * sizeof *ix);
    pl_flow *f = NULL;
    unsigned w = threads > n ? (unsigned)n : threads;
    int rc = ix ? pl_flow_new(&f, n, w > 1 ? w : 0, index_compute, &x)
                : ak_set_error(AK_ENOMEM, "analysis: out of memory");
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        ix[i] = i;
        pl_flow_add(f, &ix[i]);
    }
    for (size_t i = 0; rc == AK_OK && i < n; i++) rc = write(*(size_t *)pl_flow_take(f), ctx);
    pl_flow_free(f); /* after a failed write: the workers stop after the items they are on */
    free(ix);
    return rc;
}
