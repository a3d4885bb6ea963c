/* akhbar-clusters.c: hierarchical word clusters from unlabelled news, for the NER
 * tagger's cluster features. Each frequent word (folded and clitic-stripped, the
 * form the tagger keys words by) gets a 12-bit path in a binary tree; words with
 * a long common prefix are used alike. A word is described by its left and right
 * neighbours (positive PMI over the most frequent words, context counts smoothed
 * by ^0.75), projected to NDIM dimensions with a fixed pseudo-random ±1 matrix,
 * then the tree is grown top-down by spherical 2-means. Everything is
 * deterministic: same input, same output.
 *
 * usage: zcat saudinewsnet.jsonl.gz | akhbar-clusters [--min N] [--max V] [--window W] > data/ner-clusters.txt
 * (defaults: words seen twice or more, at most 200,000 of them, neighbours up to 2 away, one round)
 * Input: JSONL records with a "text" field (or plain text lines with --plain).
 * Output: one `form<TAB>path` line per word, most frequent first. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ner/ner_internal.h"

enum { DEPTH = 12, NCTX = 2000, NDIM = 256, ITERS = 10, CTX_BITS = 8 };
#define BOUND UINT32_MAX /* a line or article edge in the token stream */

/* ---- vocabulary: forms interned in an arena, open addressing on their hash ---- */
typedef struct vocab {
    char *arena;
    size_t alen, acap;
    size_t *off;      /* per id: arena offset of its NUL-terminated form */
    uint64_t *count;  /* per id */
    size_t n, cap;
    uint32_t *slot;   /* hash table of id + 1 (0 = free) */
    size_t nslot;
} vocab;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) { fprintf(stderr, "akhbar-clusters: out of memory\n"); exit(1); }
    return q;
}

static void grow_slots(vocab *v)
{
    size_t ns = v->nslot ? v->nslot * 2 : 1 << 16;
    uint32_t *s = calloc(ns, sizeof *s);
    if (!s) { fprintf(stderr, "akhbar-clusters: out of memory\n"); exit(1); }
    for (size_t id = 0; id < v->n; id++) {
        const char *f = v->arena + v->off[id];
        size_t j = ner_hash(f, strlen(f), 5) & (ns - 1);
        while (s[j]) j = (j + 1) & (ns - 1);
        s[j] = (uint32_t)id + 1;
    }
    free(v->slot);
    v->slot = s;
    v->nslot = ns;
}

static uint32_t intern(vocab *v, const char *f, size_t n)
{
    if (2 * (v->n + 1) > v->nslot) grow_slots(v);
    size_t j = ner_hash(f, n, 5) & (v->nslot - 1);
    while (v->slot[j]) {
        uint32_t id = v->slot[j] - 1;
        const char *g = v->arena + v->off[id];
        if (!strncmp(g, f, n) && !g[n]) { v->count[id]++; return id; }
        j = (j + 1) & (v->nslot - 1);
    }
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 1 << 16;
        v->off = xrealloc(v->off, v->cap * sizeof *v->off);
        v->count = xrealloc(v->count, v->cap * sizeof *v->count);
    }
    if (v->alen + n + 1 > v->acap) {
        while (v->alen + n + 1 > v->acap) v->acap = v->acap ? v->acap * 2 : 1 << 20;
        v->arena = xrealloc(v->arena, v->acap);
    }
    memcpy(v->arena + v->alen, f, n);
    v->arena[v->alen + n] = 0;
    v->off[v->n] = v->alen;
    v->count[v->n] = 1;
    v->alen += n + 1;
    v->slot[j] = (uint32_t)v->n + 1;
    return (uint32_t)v->n++;
}

/* ---- the token stream ---- */
typedef struct stream {
    uint32_t *id;
    size_t n, cap;
} stream;

static void push(stream *s, uint32_t id)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 1 << 20;
        s->id = xrealloc(s->id, s->cap * sizeof *s->id);
    }
    s->id[s->n++] = id;
}

/* Tokenizes text line by line (a line is a paragraph in news text). */
static void add_text(vocab *v, stream *s, const char *text, size_t len)
{
    char form[128];
    size_t a = 0;
    while (a < len) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) : len;
        ak_token_iter it;
        ak_token t;
        ak_token_iter_init(&it, text + a, b - a);
        while (ak_token_next(&it, &t) == 1) {
            size_t n = ner_word_form(text + a + t.byte_start, t.byte_end - t.byte_start, form, sizeof form);
            if (n) push(s, intern(v, form, n));
        }
        push(s, BOUND);
        a = b + 1;
    }
}

static const vocab *sort_v;
static int by_freq(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    uint64_t cx = sort_v->count[x], cy = sort_v->count[y];
    if (cx != cy) return cx > cy ? -1 : 1;
    return strcmp(sort_v->arena + sort_v->off[x], sort_v->arena + sort_v->off[y]);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- top-down spherical 2-means over unit vectors ---- */
static float dot(const float *a, const float *b)
{
    float s = 0;
    for (int d = 0; d < NDIM; d++) s += a[d] * b[d];
    return s;
}

static void normalize(float *a)
{
    float s = sqrtf(dot(a, a));
    if (s > 0)
        for (int d = 0; d < NDIM; d++) a[d] /= s;
}

/* items[0..n) are word ranks in frequency order; path bits so far in `path`. */
static void split(const float *vec, uint32_t *items, uint32_t *tmp, size_t n, int depth, unsigned path,
                  unsigned *out)
{
    if (depth == DEPTH || n < 2) {
        for (size_t i = 0; i < n; i++) out[items[i]] = path << (DEPTH - depth);
        return;
    }
    float c[2][NDIM];
    /* seeds: the most frequent word and the word least like it */
    memcpy(c[0], vec + (size_t)items[0] * NDIM, sizeof c[0]);
    size_t far = 1;
    float lo = 2;
    for (size_t i = 1; i < n; i++) {
        float s = dot(c[0], vec + (size_t)items[i] * NDIM);
        if (s < lo) { lo = s; far = i; }
    }
    memcpy(c[1], vec + (size_t)items[far] * NDIM, sizeof c[1]);
    unsigned char *side = (unsigned char *)tmp; /* tmp holds n words: n bytes fit */
    size_t n1 = 0;
    for (int it = 0; it < ITERS; it++) {
        float sum[2][NDIM];
        memset(sum, 0, sizeof sum);
        n1 = 0;
        for (size_t i = 0; i < n; i++) {
            const float *x = vec + (size_t)items[i] * NDIM;
            side[i] = dot(c[1], x) > dot(c[0], x);
            n1 += side[i];
            float *s = sum[side[i]];
            for (int d = 0; d < NDIM; d++) s[d] += x[d];
        }
        if (n1 == 0 || n1 == n) break;
        memcpy(c, sum, sizeof c);
        normalize(c[0]);
        normalize(c[1]);
    }
    if (n1 == 0 || n1 == n) { /* identical vectors: split by frequency order */
        n1 = n / 2;
        for (size_t i = 0; i < n; i++) side[i] = i >= n - n1;
    }
    /* stable partition, keeping frequency order on both sides */
    uint32_t *part = malloc(n * sizeof *part);
    if (!part) { fprintf(stderr, "akhbar-clusters: out of memory\n"); exit(1); }
    size_t a = 0, b = n - n1;
    for (size_t i = 0; i < n; i++) part[side[i] ? b++ : a++] = items[i];
    memcpy(items, part, n * sizeof *items);
    free(part);
    split(vec, items, tmp, n - n1, depth + 1, path << 1, out);
    split(vec, items + (n - n1), tmp, n1, depth + 1, path << 1 | 1, out);
}

static float proj(uint32_t ctx, int d)
{
    return (ner_hash(&ctx, sizeof ctx, 1000 + (unsigned)d) >> 63) ? 1.0f : -1.0f;
}

/* PPMI context vectors of the nv clustered words, projected to NDIM and unit
 * length. cls maps a word id to its context class (< ncls); the line edge is
 * class ncls. Slots: positions -win..-1, 1..win. */
static void vectors(const stream *s, const uint32_t *rank, size_t nv, const uint32_t *cls, uint32_t ncls, int win,
                    float *vec)
{
    const uint32_t W = ncls + 1, NC = 2 * (uint32_t)win * W;
    uint64_t *pairs = malloc(2 * (size_t)win * s->n * sizeof *pairs);
    double *cctx = calloc(NC, sizeof *cctx);
    float *R = malloc((size_t)NC * NDIM * sizeof *R);
    if (!pairs || !cctx || !R) { fprintf(stderr, "akhbar-clusters: out of memory\n"); exit(1); }
    size_t np = 0;
    for (size_t i = 0; i < s->n; i++) {
        if (s->id[i] == BOUND || rank[s->id[i]] >= nv) continue;
        uint64_t w = rank[s->id[i]];
        for (int side = 0; side < 2; side++)
            for (int d = 1; d <= win; d++) {
                /* a line edge cuts the window: what lies past it is the edge */
                uint32_t nb = BOUND;
                for (int e = 1; e <= d; e++) {
                    if (side ? i + (size_t)e >= s->n : i < (size_t)e) { nb = BOUND; break; }
                    nb = s->id[side ? i + (size_t)e : i - (size_t)e];
                    if (nb == BOUND) break;
                }
                uint32_t cx = (uint32_t)(side * win + d - 1) * W + (nb == BOUND ? ncls : cls[nb]);
                pairs[np++] = w << 32 | cx;
                cctx[cx] += 1;
            }
    }
    qsort(pairs, np, sizeof *pairs, cmp_u64);
    double tot = 0;
    for (uint32_t c = 0; c < NC; c++) tot += (cctx[c] = pow(cctx[c], 0.75));
    for (uint32_t c = 0; c < NC; c++)
        for (int d = 0; d < NDIM; d++) R[(size_t)c * NDIM + d] = proj(c, d);
    for (size_t a = 0; a < np;) {
        uint64_t w = pairs[a] >> 32;
        size_t e = a;
        while (e < np && pairs[e] >> 32 == w) e++;
        double nw = (double)(e - a);
        float *x = vec + w * NDIM;
        for (size_t b = a; b < e;) {
            uint32_t cx = (uint32_t)pairs[b];
            size_t k = b;
            while (k < e && (uint32_t)pairs[k] == cx) k++;
            double pmi = log((double)(k - b) * tot / (nw * cctx[cx]));
            if (pmi > 0)
                for (int d = 0; d < NDIM; d++) x[d] += (float)pmi * R[(size_t)cx * NDIM + d];
            b = k;
        }
        normalize(x);
        a = e;
    }
    free(pairs);
    free(R);
    free(cctx);
}

int main(int argc, char **argv)
{
    /* defaults chosen on ANERcorp dev splits (docs/ner.md) */
    size_t minc = 2, maxv = 200000;
    int plain = 0, win = 2, rounds = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--min") && i + 1 < argc) minc = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--max") && i + 1 < argc) maxv = (size_t)atol(argv[++i]);
        else if (!strcmp(argv[i], "--plain")) plain = 1;
        else if (!strcmp(argv[i], "--rounds") && i + 1 < argc) rounds = atoi(argv[++i]) < 2 ? 1 : 2;
        else if (!strcmp(argv[i], "--window") && i + 1 < argc) win = atoi(argv[++i]) < 1 ? 1 : atoi(argv[i]) > 4 ? 4 : atoi(argv[i]);
        else {
            fprintf(stderr, "usage: akhbar-clusters [--min N] [--max V] [--window W] [--rounds 1|2] [--plain] < news.jsonl > clusters.txt\n");
            return 2;
        }
    }
    vocab v = {0};
    stream s = {0};
    char *line = NULL;
    size_t lcap = 0, nrec = 0;
    ssize_t ln;
    while ((ln = getline(&line, &lcap, stdin)) > 0) {
        if (plain) { add_text(&v, &s, line, (size_t)ln); nrec++; continue; }
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)ln, 0, &err);
        json_t *t = o ? json_object_get(o, "text") : NULL;
        if (json_is_string(t)) {
            add_text(&v, &s, json_string_value(t), json_string_length(t));
            nrec++;
        }
        json_decref(o);
    }
    free(line);
    if (!nrec) { fprintf(stderr, "akhbar-clusters: no input records\n"); return 1; }
    /* ranks by frequency: the vocabulary and the context words */
    uint32_t *byf = malloc(v.n * sizeof *byf), *rank = malloc(v.n * sizeof *rank);
    for (uint32_t i = 0; i < v.n; i++) byf[i] = i;
    sort_v = &v;
    qsort(byf, v.n, sizeof *byf, by_freq);
    for (uint32_t r = 0; r < v.n; r++) rank[byf[r]] = r;
    size_t nv = 0;
    while (nv < v.n && nv < maxv && v.count[byf[nv]] >= minc) nv++;
    fprintf(stderr, "akhbar-clusters: %zu records, %zu tokens, %zu forms, %zu clustered\n", nrec, s.n, v.n, nv);
    float *vec = calloc(nv * NDIM, sizeof *vec);
    uint32_t *cls = malloc((v.n ? v.n : 1) * sizeof *cls);
    uint32_t *items = malloc((nv ? nv : 1) * sizeof *items), *tmp = malloc((nv ? nv : 1) * sizeof *tmp);
    unsigned *path = calloc(nv ? nv : 1, sizeof *path);
    if (!vec || !cls || !items || !tmp || !path || !byf || !rank) { fprintf(stderr, "akhbar-clusters: out of memory\n"); return 1; }
    /* round 1: neighbours are the NCTX most frequent words (others pooled) */
    for (uint32_t i = 0; i < v.n; i++) cls[i] = rank[i] < NCTX ? rank[i] : NCTX;
    vectors(&s, rank, nv, cls, NCTX + 1, win, vec);
    for (uint32_t i = 0; i < nv; i++) items[i] = i;
    split(vec, items, tmp, nv, 0, 0, path);
    /* round 2 (--rounds 2): neighbours are the round-1 clusters of every clustered
     * word, so a rare word is described by the kinds of words around it rather
     * than by a few of its neighbours (less noise for rare names) */
    for (int round = 2; round <= rounds; round++) {
    for (uint32_t i = 0; i < v.n; i++) cls[i] = rank[i] < nv ? path[rank[i]] >> (DEPTH - CTX_BITS) : 1u << CTX_BITS;
    memset(vec, 0, nv * NDIM * sizeof *vec);
    vectors(&s, rank, nv, cls, (1u << CTX_BITS) + 1, win, vec);
    for (uint32_t i = 0; i < nv; i++) items[i] = i;
    split(vec, items, tmp, nv, 0, 0, path);
    }
    free(s.id);
    free(cls);
    printf("# word clusters for the NER tagger, made by tools/akhbar-clusters from %zu records "
           "(make model: SaudiNewsNet, CC BY-NC-SA 4.0); form<TAB>path\n", nrec);
    for (size_t r = 0; r < nv; r++) {
        char bits[DEPTH + 1];
        for (int d = 0; d < DEPTH; d++) bits[d] = (char)('0' + (path[r] >> (DEPTH - 1 - d) & 1));
        bits[DEPTH] = 0;
        printf("%s\t%s\n", v.arena + v.off[byf[r]], bits);
    }
    free(items); free(tmp); free(path); free(vec); free(byf); free(rank);
    free(v.arena); free(v.off); free(v.count); free(v.slot);
    return fflush(stdout) ? 1 : 0;
}
