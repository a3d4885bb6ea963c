/* parallel.c: an ordered parallel loop: items computed on worker threads, each
 * written on the caller's thread in input order as soon as it is ready, so what
 * is written (and in which order) does not depend on the number of threads. */
#include "pipeline/pipeline_internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "util/error.h"

typedef struct ordered {
    size_t n, next;          /* items; the next one a worker takes */
    unsigned char *done;     /* per item: computed */
    int stop;                /* the writer failed: take no more items */
    int (*compute)(size_t i, void *ctx);
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t ready;
} ordered;

static void *worker(void *arg)
{
    ordered *o = arg;
    for (;;) {
        pthread_mutex_lock(&o->mu);
        size_t i = o->stop ? o->n : o->next++;
        pthread_mutex_unlock(&o->mu);
        if (i >= o->n) break;
        o->compute(i, o->ctx); /* its status is the item's own: the writer reads it */
        pthread_mutex_lock(&o->mu);
        o->done[i] = 1;
        pthread_cond_broadcast(&o->ready);
        pthread_mutex_unlock(&o->mu);
    }
    return NULL;
}

unsigned pl_threads(unsigned want)
{
    if (want) return want;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int pl_ordered(size_t n, unsigned threads, int (*compute)(size_t i, void *ctx), int (*write)(size_t i, void *ctx),
               void *ctx)
{
    if (threads > n) threads = (unsigned)n;
    if (threads <= 1) { /* no threads at all: compute and write each item in turn */
        int rc = AK_OK;
        for (size_t i = 0; rc == AK_OK && i < n; i++) {
            compute(i, ctx);
            rc = write(i, ctx);
        }
        return rc;
    }
    ordered o = {.n = n, .compute = compute, .ctx = ctx};
    pthread_t *t = malloc(threads * sizeof *t);
    o.done = calloc(n, 1);
    if (!t || !o.done) { free(t); free(o.done); return ak_set_error(AK_ENOMEM, "analysis: out of memory"); }
    pthread_mutex_init(&o.mu, NULL);
    pthread_cond_init(&o.ready, NULL);
    unsigned started = 0;
    while (started < threads && pthread_create(&t[started], NULL, worker, &o) == 0) started++;
    int rc = AK_OK;
    if (!started) { /* no thread could start: do it all here */
        o.stop = 1;
        for (size_t i = 0; rc == AK_OK && i < n; i++) { compute(i, ctx); rc = write(i, ctx); }
    }
    for (size_t i = 0; started && rc == AK_OK && i < n; i++) {
        pthread_mutex_lock(&o.mu);
        while (!o.done[i]) pthread_cond_wait(&o.ready, &o.mu);
        pthread_mutex_unlock(&o.mu);
        rc = write(i, ctx);
    }
    pthread_mutex_lock(&o.mu);
    o.stop = 1;
    pthread_mutex_unlock(&o.mu);
    for (unsigned k = 0; k < started; k++) pthread_join(t[k], NULL);
    pthread_cond_destroy(&o.ready);
    pthread_mutex_destroy(&o.mu);
    free(t);
    free(o.done);
    return rc;
}
