/* pretok.c: texts analyzed ahead of their insert, on a worker thread. Ingestion's writer inserts
 * the articles it has staged in one statement whose triggers index each title and body (the FTS5
 * tokenizer "akhbar") and note each body's snippet marks (ak_marks): a quarter of the writer's time,
 * spent while the other core had nothing to do. So the writer queues each staged text here as it
 * stages it, a worker analyzes it while the writer reads and cleans the next records, and at the
 * insert the tokenizer and ak_marks replay what the worker found for a text of the same bytes
 * (compared in full), analyzing any other text themselves as before. */
#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "util/error.h"

/* Texts longer than this are left to the writer (a term takes about eight times its text's bytes);
 * the texts queued at once are capped in bytes, and buffers grown past the cap are let go. */
#define PRETOK_MAX_TEXT (256u << 10)
#define PRETOK_MAX_PENDING (8u << 20)
#define PRETOK_KEEP_BUF (1u << 20)

typedef struct term { uint32_t off, len, bs, be; uint8_t coloc; } term;

typedef struct job {
    const char *text; /* the caller's, valid until ak_pretok_reset */
    size_t n;
    int body;         /* also the snippet marks */
    int ok;           /* analyzed completely */
    term *terms;
    size_t n_terms, cap_terms;
    char *bytes;
    size_t n_bytes, cap_bytes;
    ak_snippet_marks marks;
} job;

struct ak_pretok {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t work, done_cv;
    job *jobs;
    size_t cap, n, done;
    size_t pending;            /* text bytes queued since the last reset */
    size_t next_tok, next_mark; /* where the replays look first */
    int stop;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap) return 1;
    size_t nc = *cap ? *cap : 64;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * size);
    if (!q) return 0;
    *p = q;
    *cap = nc;
    return 1;
}

static int keep_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    job *j = ctx;
    if (!grow((void **)&j->terms, &j->cap_terms, j->n_terms + 1, sizeof *j->terms) ||
        !grow((void **)&j->bytes, &j->cap_bytes, j->n_bytes + n, 1))
        return 1;
    memcpy(j->bytes + j->n_bytes, t, n);
    j->terms[j->n_terms++] = (term){(uint32_t)j->n_bytes, (uint32_t)n, (uint32_t)bs, (uint32_t)be, (uint8_t)colocated};
    j->n_bytes += n;
    return 0;
}

static void analyze(job *j)
{
    j->n_terms = j->n_bytes = 0;
    j->ok = ak_search_analyze(j->text, j->n, AK_SA_DEFAULT, keep_term, j) == 0 &&
            (!j->body || ak_snippet_marks_of(j->text, (int)j->n, &j->marks) == 0);
}

static void *worker(void *arg)
{
    ak_pretok *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!p->stop) {
        if (p->done == p->n) { pthread_cond_wait(&p->work, &p->mu); continue; }
        job *j = &p->jobs[p->done];
        pthread_mutex_unlock(&p->mu);
        analyze(j);
        pthread_mutex_lock(&p->mu);
        p->done++;
        pthread_cond_broadcast(&p->done_cv);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int ak_pretok_start(ak_pretok **out, size_t max_texts)
{
    *out = NULL;
    ak_pretok *p = calloc(1, sizeof *p);
    if (!p || !(p->jobs = calloc(max_texts ? max_texts : 1, sizeof *p->jobs))) {
        free(p);
        return ak_set_error(AK_ENOMEM, "out of memory");
    }
    p->cap = max_texts;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done_cv, NULL);
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->work);
        pthread_cond_destroy(&p->done_cv);
        free(p->jobs);
        free(p);
        return ak_set_error(AK_ENOMEM, "cannot start a thread");
    }
    *out = p;
    return AK_OK;
}

void ak_pretok_stop(ak_pretok *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    p->stop = 1;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    for (size_t i = 0; i < p->cap; i++) {
        free(p->jobs[i].terms);
        free(p->jobs[i].bytes);
    }
    free(p->jobs);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->work);
    pthread_cond_destroy(&p->done_cv);
    free(p);
}

int ak_pretok_add(ak_pretok *p, const char *text, size_t n, int body)
{
    if (!p || !text || n == 0 || n > PRETOK_MAX_TEXT) return 0;
    pthread_mutex_lock(&p->mu);
    int queued = p->n < p->cap && p->pending + n <= PRETOK_MAX_PENDING;
    if (queued) {
        job *j = &p->jobs[p->n];
        j->text = text;
        j->n = n;
        j->body = body;
        j->ok = 0;
        p->pending += n;
        p->n++;
        pthread_cond_signal(&p->work);
    }
    pthread_mutex_unlock(&p->mu);
    return queued;
}

void ak_pretok_wait(ak_pretok *p)
{
    if (!p) return;
    pthread_mutex_lock(&p->mu);
    while (p->done < p->n) pthread_cond_wait(&p->done_cv, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void ak_pretok_reset(ak_pretok *p)
{
    if (!p) return;
    ak_pretok_wait(p);
    for (size_t i = 0; i < p->n; i++) {
        job *j = &p->jobs[i];
        j->text = NULL;
        if (j->cap_bytes > PRETOK_KEEP_BUF) {
            free(j->terms);
            free(j->bytes);
            j->terms = NULL;
            j->bytes = NULL;
            j->cap_terms = j->cap_bytes = 0;
        }
    }
    pthread_mutex_lock(&p->mu);
    p->n = p->done = p->pending = 0;
    pthread_mutex_unlock(&p->mu);
    p->next_tok = p->next_mark = 0;
}

/* The analyzed job of these bytes (of the kind asked), looked for from *next on: the inserts come
 * in the order the texts were queued, so it is nearly always the first one looked at. Only after
 * ak_pretok_wait, on the thread that queued. */
static const job *find(ak_pretok *p, size_t *next, const char *text, size_t n, int body)
{
    for (size_t i = *next; i < p->n && i < *next + 3; i++) {
        const job *j = &p->jobs[i];
        if (j->ok && j->n == n && (!body || j->body) && memcmp(j->text, text, n) == 0) {
            *next = i + 1;
            return j;
        }
    }
    return NULL;
}

size_t ak_pretok_replays;

int ak_pretok_replay(ak_pretok *p, const char *text, size_t n, ak_search_term_fn fn, void *ctx, int *rc)
{
    if (!p || !text) return 0;
    const job *j = find(p, &p->next_tok, text, n, 0);
    if (!j) return 0;
    __atomic_add_fetch(&ak_pretok_replays, 1, __ATOMIC_RELAXED);
    *rc = 0;
    for (size_t i = 0; i < j->n_terms && !*rc; i++) {
        const term *t = &j->terms[i];
        *rc = fn(ctx, t->coloc, j->bytes + t->off, t->len, t->bs, t->be);
    }
    return 1;
}

int ak_pretok_marks(ak_pretok *p, const char *text, size_t n, ak_snippet_marks *out)
{
    if (!p || !text) return 0;
    const job *j = find(p, &p->next_mark, text, n, 1);
    if (!j) return 0;
    *out = j->marks;
    return 1;
}
