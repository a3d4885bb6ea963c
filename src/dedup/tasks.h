/* tasks.h: worker threads for the near-duplicate pass (tasks.c). */
#ifndef AK_DEDUP_TASKS_H
#define AK_DEDUP_TASKS_H

#include <pthread.h>
#include <stddef.h>

#define DD_POOL_MAX 16

/* A list of n items, fn(i, ctx) for each, in any order on any thread. */
typedef struct dd_task {
    void (*fn)(size_t i, void *ctx);
    void *ctx;
    size_t n, next, done;
    struct dd_task *after; /* its items are handed out once this list is done (or NULL) */
    struct dd_task *qnext;
} dd_task;

typedef struct dd_pool {
    pthread_mutex_t mu;
    pthread_cond_t work, done_cv;
    dd_task *head, *tail; /* lists with items not yet handed out, in submission order */
    pthread_t t[DD_POOL_MAX];
    unsigned started;
    int stop;
} dd_pool;

/* Starts up to `workers` threads (0: the waiting thread does everything). */
void dd_pool_start(dd_pool *p, unsigned workers);
/* Queues t (its memory stays valid until dd_pool_wait returns for it). */
void dd_pool_submit(dd_pool *p, dd_task *t, size_t n, void (*fn)(size_t, void *), void *ctx, dd_task *after);
/* Returns when every item of t is done, doing items of t (or of the list it waits for) meanwhile. */
void dd_pool_wait(dd_pool *p, dd_task *t);
/* Ends the threads once the queue is empty; every list must have been waited for. */
void dd_pool_stop(dd_pool *p);

#endif
