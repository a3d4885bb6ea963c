/* tasks.c: the near-duplicate pass's worker threads. Lists of independent items (fingerprint
 * these texts, compare these pairs) are queued in order; each item goes to a free worker, and
 * to the pass's own thread while it waits for that list (only that one: the workers keep the
 * rest, so that they have work while the pass's thread reads and writes). A list may wait for the
 * one before it (comparisons need the candidates' fingerprints). Workers never touch the
 * database: the pass's thread reads and writes it while they work. */
#include "dedup/tasks.h"

#include <string.h>

static int ready(const dd_task *t) { return !t->after || t->after->done == t->after->n; }

/* The first list with an item to hand out now (`only`: that list or the one it waits for);
 * under the lock. */
static dd_task *pick(dd_pool *p, const dd_task *only, size_t *item)
{
    dd_task *prev = NULL;
    for (dd_task *t = p->head; t; prev = t, t = t->qnext) {
        if (only && t != only && t != only->after) continue;
        if (ready(t)) {
            *item = t->next++;
            if (t->next == t->n) { /* all handed out: off the queue */
                if (prev) prev->qnext = t->qnext; else p->head = t->qnext;
                if (p->tail == t) p->tail = prev;
            }
            return t;
        }
    }
    return NULL;
}

/* Runs item i of t outside the lock, then counts it done; under the lock on entry and exit. */
static void run(dd_pool *p, dd_task *t, size_t i)
{
    pthread_mutex_unlock(&p->mu);
    t->fn(i, t->ctx);
    pthread_mutex_lock(&p->mu);
    if (++t->done == t->n) {
        pthread_cond_broadcast(&p->done_cv);
        pthread_cond_broadcast(&p->work); /* a list after it may start */
    }
}

static void *worker(void *arg)
{
    dd_pool *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        size_t i;
        dd_task *t = pick(p, NULL, &i);
        if (t) { run(p, t, i); continue; }
        if (p->stop) break;
        pthread_cond_wait(&p->work, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

void dd_pool_start(dd_pool *p, unsigned workers)
{
    memset(p, 0, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    if (workers > DD_POOL_MAX) workers = DD_POOL_MAX;
    /* none started: the waiting thread does every item itself */
    while (p->started < workers && pthread_create(&p->t[p->started], NULL, worker, p) == 0) p->started++;
}

void dd_pool_submit(dd_pool *p, dd_task *t, size_t n, void (*fn)(size_t, void *), void *ctx, dd_task *after)
{
    *t = (dd_task){ .fn = fn, .ctx = ctx, .n = n, .after = after };
    if (!n) return; /* done already */
    pthread_mutex_lock(&p->mu);
    if (p->tail) p->tail->qnext = t; else p->head = t;
    p->tail = t;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
}

void dd_pool_wait(dd_pool *p, dd_task *t)
{
    pthread_mutex_lock(&p->mu);
    while (t->done < t->n) {
        size_t i;
        dd_task *h = pick(p, t, &i);
        if (h) run(p, h, i);
        else pthread_cond_wait(&p->done_cv, &p->mu);
    }
    pthread_mutex_unlock(&p->mu);
}

void dd_pool_stop(dd_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (unsigned k = 0; k < p->started; k++) pthread_join(p->t[k], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done_cv);
}
