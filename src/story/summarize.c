/* summarize.c: extractive multi-document summaries of one story (centrality, position,
 * entity and date coverage, MMR across sources), the story title and a one-line header. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "akhbar.h"
#include "util/buf.h"
#include "util/error.h"

/* Relevance mix; chosen by reading summaries of the tuning day, see docs/story.md. */
#define W_CENTRAL 0.6
#define W_POSITION 0.2
#define W_ENTITY 0.1
#define W_DATE 0.1
#define MIN_TERMS 5      /* shorter sentences are captions, bylines or fragments */
#define MAX_TERMS 90     /* longer ones are run-on lists */
#define DUP_SIM 0.6      /* above this a sentence repeats one already chosen */
#define LONG_TERMS 30    /* relevance falls as LONG_TERMS/length above this: a summary of
                            3 sentences should not be 3 run-on paragraphs (ROUGE-1 F
                            0.420 -> 0.455, docs/story.md) */

typedef struct hv { uint64_t k; float w; } hv;

/* A sparse vector per item: terms hashed to 64 bits (collisions are negligible at
 * story scale), sorted, with idf weights from the item-level document frequency. */
typedef struct bag {
    hv *all;         /* every item's entries, back to back */
    size_t *start;   /* item i is all[start[i] .. start[i+1]) */
    size_t n;
    hv *tmp;         /* room for every entry: the sorts' scratch */
} bag;

/* Sorts v[0..n) by key, equal keys kept in input order (centrality sums a key's weights in
 * that order); tmp has room for n. Insertion sort on runs of 16, then merges: no comparison
 * through a function pointer (qsort's were most of the summaries' sorting time). */
static void sort_hv(hv *v, hv *tmp, size_t n)
{
    enum { RUN = 16 };
    for (size_t s = 0; s < n; s += RUN) {
        size_t e = s + RUN < n ? s + RUN : n;
        for (size_t i = s + 1; i < e; i++) {
            hv x = v[i];
            size_t j = i;
            for (; j > s && v[j - 1].k > x.k; j--) v[j] = v[j - 1];
            v[j] = x;
        }
    }
    hv *a = v, *b = tmp;
    for (size_t w = RUN; w < n; w *= 2) {
        for (size_t s = 0; s < n; s += 2 * w) {
            size_t m = s + w < n ? s + w : n, e = s + 2 * w < n ? s + 2 * w : n, i = s, j = m, o = s;
            while (i < m && j < e) b[o++] = a[j].k < a[i].k ? a[j++] : a[i++];
            while (i < m) b[o++] = a[i++];
            while (j < e) b[o++] = a[j++];
        }
        hv *t = a;
        a = b;
        b = t;
    }
    if (a != v) memcpy(v, a, n * sizeof *v);
}

static void bag_free(bag *b)
{
    free(b->all);
    free(b->start);
    free(b->tmp);
}

/* Builds unit TF-IDF vectors for n term lists. */
static int bag_build(bag *b, const char *const *const *terms, const size_t *n_terms, size_t n)
{
    memset(b, 0, sizeof *b);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) total += n_terms[i];
    b->all = malloc((total + 1) * sizeof *b->all);
    b->start = malloc((n + 1) * sizeof *b->start);
    b->tmp = malloc((total + 1) * sizeof *b->tmp);
    hv *keys = malloc((total + 1) * sizeof *keys);
    if (!b->all || !b->start || !b->tmp || !keys) { free(keys); bag_free(b); return AK_ENOMEM; }
    size_t m = 0, nk = 0;
    for (size_t i = 0; i < n; i++) {
        size_t s0 = m;
        b->start[i] = s0;
        for (size_t j = 0; j < n_terms[i]; j++) {
            const char *t = terms[i][j];
            if (!t || !*t) continue;
            b->all[m].k = XXH3_64bits(t, strlen(t));
            b->all[m++].w = 1.0f;
        }
        sort_hv(b->all + s0, b->tmp, m - s0);
        size_t u = s0;
        for (size_t j = s0; j < m; j++) {
            if (u > s0 && b->all[u - 1].k == b->all[j].k) b->all[u - 1].w += 1.0f;
            else b->all[u++] = b->all[j];
        }
        for (size_t j = s0; j < u; j++) keys[nk++] = (hv){b->all[j].k, 1.0f};
        m = u;
    }
    b->start[n] = m;
    b->n = n;
    sort_hv(keys, b->tmp, nk);
    /* df of each distinct key counted once: walking a key's run at each of its uses
     * was quadratic in the items of a large story (a common term is in most of them) */
    size_t *df = malloc((nk + 1) * sizeof *df), nu = 0;
    if (!df) { free(keys); bag_free(b); return AK_ENOMEM; }
    for (size_t j = 0; j < nk; j++) {
        if (nu && keys[nu - 1].k == keys[j].k) df[nu - 1]++;
        else { keys[nu] = keys[j]; df[nu++] = 1; }
    }
    for (size_t i = 0; i < n; i++) {
        double norm2 = 0;
        for (size_t j = b->start[i]; j < b->start[i + 1]; j++) {
            uint64_t k = b->all[j].k;
            size_t lo = 0, hi = nu;
            while (lo < hi) { size_t mid = (lo + hi) / 2; if (keys[mid].k < k) lo = mid + 1; else hi = mid; }
            double w = (1.0 + log(b->all[j].w)) * log(1.0 + (double)n / (double)df[lo]);
            b->all[j].w = (float)w;
            norm2 += w * w;
        }
        double inv = norm2 > 0 ? 1.0 / sqrt(norm2) : 0;
        for (size_t j = b->start[i]; j < b->start[i + 1]; j++) b->all[j].w = (float)(b->all[j].w * inv);
    }
    free(df);
    free(keys);
    return AK_OK;
}

static double bag_dot(const bag *b, size_t x, size_t y)
{
    const hv *p = b->all + b->start[x], *pe = b->all + b->start[x + 1];
    const hv *q = b->all + b->start[y], *qe = b->all + b->start[y + 1];
    double s = 0;
    while (p < pe && q < qe) {
        if (p->k < q->k) p++;
        else if (p->k > q->k) q++;
        else s += (double)(p++)->w * (q++)->w;
    }
    return s;
}

/* Cosine of each item with the centroid of all items (the item itself included). */
static int centrality(const bag *b, double *out)
{
    size_t m = b->start[b->n];
    hv *c = malloc((m + 1) * sizeof *c);
    if (!c) return AK_ENOMEM;
    memcpy(c, b->all, m * sizeof *c);
    sort_hv(c, b->tmp, m);
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && c[u - 1].k == c[i].k) c[u - 1].w += c[i].w;
        else c[u++] = c[i];
    }
    double n2 = 0;
    for (size_t i = 0; i < u; i++) n2 += (double)c[i].w * c[i].w;
    double inv = n2 > 0 ? 1.0 / sqrt(n2) : 0;
    for (size_t i = 0; i < b->n; i++) {
        double s = 0;
        size_t j = 0;
        for (size_t k = b->start[i]; k < b->start[i + 1]; k++) {
            /* binary search from j (keys sorted): a linear walk from 0 per item was
             * quadratic in the length of a large story */
            size_t hi = u;
            while (j < hi) { size_t mid = j + (hi - j) / 2; if (c[mid].k < b->all[k].k) j = mid + 1; else hi = mid; }
            if (j < u && c[j].k == b->all[k].k) s += (double)c[j].w * b->all[k].w;
        }
        out[i] = s * inv;
    }
    free(c);
    return AK_OK;
}

/* Reading order: the article's first appearance in the input, then position
 * (insertion sort: a summary has a handful of sentences). */
static void sort_reading(const ak_story_sentence *s, const size_t *rank, size_t *idx, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        size_t x = idx[i], j = i;
        while (j > 0) {
            size_t y = idx[j - 1];
            int before = rank[x] < rank[y] || (rank[x] == rank[y] && s[x].position < s[y].position);
            if (!before) break;
            idx[j] = y;
            j--;
        }
        idx[j] = x;
    }
}

AK_API int ak_story_summarize(const ak_story_sentence *s, size_t n, unsigned max_sentences,
                              double lambda, size_t **out, size_t *n_out)
{
    if (!out || !n_out || (n && !s)) return ak_set_error(AK_EINVAL, "ak_story_summarize: NULL argument");
    *out = NULL;
    *n_out = 0;
    if (lambda < 0 || lambda > 1) return ak_set_error(AK_EINVAL, "ak_story_summarize: lambda must be in [0, 1]");
    size_t *res = malloc((max_sentences + 1) * sizeof *res);
    if (!res) return ak_set_error(AK_ENOMEM, "ak_story_summarize: out of memory");
    if (n == 0 || max_sentences == 0) { *out = res; return AK_OK; }

    const char *const **terms = malloc(n * sizeof *terms);
    size_t *nt = malloc(n * sizeof *nt);
    double *rel = malloc(n * sizeof *rel);
    double *maxsim = malloc(n * sizeof *maxsim);
    size_t *rank = malloc(n * sizeof *rank);
    unsigned char *used = calloc(n, 1);
    bag b = {0};
    int rc = AK_ENOMEM;
    if (!terms || !nt || !rel || !maxsim || !rank || !used) goto done;
    for (size_t i = 0; i < n; i++) { terms[i] = s[i].terms; nt[i] = s[i].terms ? s[i].n_terms : 0; }
    if (bag_build(&b, terms, nt, n) || centrality(&b, rel)) goto done;

    for (size_t i = 0; i < n; i++) {
        /* article rank: sentences of one article come together in the input */
        rank[i] = (i > 0 && s[i].article && s[i - 1].article && strcmp(s[i].article, s[i - 1].article) == 0)
                      ? rank[i - 1] : i;
        double pos = 1.0 / (1.0 + s[i].position);
        double ent = s[i].n_entities >= 3 ? 1.0 : s[i].n_entities / 3.0;
        double date = s[i].n_dates ? 1.0 : 0.0;
        rel[i] = W_CENTRAL * rel[i] + W_POSITION * pos + W_ENTITY * ent + W_DATE * date;
        if (nt[i] > LONG_TERMS) rel[i] *= (double)LONG_TERMS / (double)nt[i];
        maxsim[i] = 0;
        if (nt[i] < MIN_TERMS || nt[i] > MAX_TERMS) used[i] = 2; /* not eligible */
    }
    size_t k = 0;
    while (k < max_sentences) {
        size_t best = n;
        double bv = -1e9;
        for (size_t i = 0; i < n; i++) {
            if (used[i] || maxsim[i] > DUP_SIM) continue;
            double v = lambda * rel[i] - (1 - lambda) * maxsim[i];
            if (v > bv) { bv = v; best = i; }
        }
        if (best == n) break;
        used[best] = 1;
        res[k++] = best;
        for (size_t i = 0; i < n; i++) {
            if (used[i]) continue;
            double sim = bag_dot(&b, i, best);
            if (sim > maxsim[i]) maxsim[i] = sim;
        }
    }
    sort_reading(s, rank, res, k);
    *out = res;
    *n_out = k;
    res = NULL;
    rc = AK_OK;
done:
    free(res);
    free(terms); free(nt); free(rel); free(maxsim); free(rank); free(used);
    bag_free(&b);
    return rc == AK_OK ? AK_OK : ak_set_error(rc, "ak_story_summarize: out of memory");
}

AK_API int ak_story_pick_title(const char *const *const *titles, const size_t *n_terms, size_t n, size_t *best)
{
    if (!best || (n && (!titles || !n_terms))) return ak_set_error(AK_EINVAL, "ak_story_pick_title: NULL argument");
    if (n == 0) return ak_set_error(AK_EINVAL, "ak_story_pick_title: no titles");
    *best = 0;
    bag b;
    double *c = malloc(n * sizeof *c);
    if (!c || bag_build(&b, titles, n_terms, n)) { free(c); return ak_set_error(AK_ENOMEM, "ak_story_pick_title: out of memory"); }
    int rc = centrality(&b, c);
    if (rc == AK_OK) {
        double bv = -1;
        for (size_t i = 0; i < n; i++)
            if (n_terms[i] > 0 && c[i] > bv + 1e-12) { bv = c[i]; *best = i; }
    }
    bag_free(&b);
    free(c);
    return rc == AK_OK ? AK_OK : ak_set_error(rc, "ak_story_pick_title: out of memory");
}

/* Appends up to `max` distinct names of entities of one type ("PER", ...), the
 * most frequent first (ties: the order given). Returns how many were written. */
static int put_names(ak_buf *o, const char *const *e, const unsigned *cnt, size_t n, const char *type, int max)
{
    size_t tl = strlen(type);
    const char *done[8];
    int put = 0;
    if (max > 8) max = 8;
    while (put < max) {
        size_t best = n;
        for (size_t i = 0; i < n; i++) {
            if (!e[i] || strncmp(e[i], type, tl) != 0 || e[i][tl] != ':' || !e[i][tl + 1]) continue;
            int seen = 0;
            for (int d = 0; d < put && !seen; d++) seen = strcmp(done[d], e[i]) == 0;
            if (seen) continue;
            if (best == n || (cnt && cnt[i] > cnt[best])) best = i;
        }
        if (best == n) break;
        if (put) ak_buf_puts(o, "، ");
        ak_buf_puts(o, e[best] + tl + 1);
        done[put++] = e[best];
    }
    return put;
}

AK_API int ak_story_header(const char *const *entities, const unsigned *counts, size_t n,
                           const char *what, const char *when, char **out)
{
    if (!out || (n && !entities)) return ak_set_error(AK_EINVAL, "ak_story_header: NULL argument");
    *out = NULL;
    ak_buf o = AK_BUF_INIT;
    int parts = 0;
    ak_buf tmp = AK_BUF_INIT;
    if (put_names(&tmp, entities, counts, n, "PER", 2) > 0 || put_names(&tmp, entities, counts, n, "ORG", 1) > 0) {
        ak_buf_puts(&o, "من: ");
        ak_buf_puts(&o, ak_buf_cstr(&tmp));
        parts++;
    }
    if (what && *what) {
        if (parts++) ak_buf_puts(&o, " · ");
        ak_buf_puts(&o, "ماذا: ");
        ak_buf_puts(&o, what);
    }
    ak_buf_reset(&tmp);
    if (put_names(&tmp, entities, counts, n, "LOC", 1)) {
        if (parts++) ak_buf_puts(&o, " · ");
        ak_buf_puts(&o, "أين: ");
        ak_buf_puts(&o, ak_buf_cstr(&tmp));
    }
    if (when && *when) {
        if (parts++) ak_buf_puts(&o, " · ");
        ak_buf_puts(&o, "متى: ");
        ak_buf_puts(&o, when);
    }
    ak_buf_free(&tmp);
    if (o.failed) { ak_buf_free(&o); return ak_set_error(AK_ENOMEM, "ak_story_header: out of memory"); }
    *out = ak_buf_detach(&o, NULL);
    return AK_OK;
}
