/* dedup.c: scale benchmark of fingerprints and the LSH index on synthetic articles of ~400 words
 * drawn from a pool of real words (generated on the fly, never held), plus brute force vs LSH;
 * with --real, LSH recall against exact all-pairs Jaccard on real articles (one per line).
 * Usage: bench_dedup N_SCALE N_SIDE WORDFILE...   |   bench_dedup --real FILE N [N_BRUTE] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"
#include "dedup/dedup_internal.h" /* the shingle sets, for the exact all-pairs truth */

static char **pool;
static size_t npool;

static uint64_t rng(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* CPU time of this thread: on a shared machine it leaves out the time spent waiting
 * for a core (not the slowdown of sharing caches with other work). */
static double cpu_now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* Words of the pool: every whitespace-separated token of the given files. */
static void load_pool(int argc, char **argv)
{
    size_t cap = 1 << 16;
    pool = malloc(cap * sizeof *pool);
    for (int i = 0; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) continue;
        char w[256];
        while (fscanf(f, "%255s", w) == 1) {
            if (npool == cap) pool = realloc(pool, (cap *= 2) * sizeof *pool);
            pool[npool++] = strdup(w);
        }
        fclose(f);
    }
}

/* Article d: ~400 words from its own seed; one in ten is a copy of an earlier
 * article with one word in `edit` replaced, so near-duplicates exist at a known rate. */
static size_t article(uint64_t d, char *buf, size_t cap)
{
    uint64_t s = d * 7919 + 1, base = d, edit = 0;
    if (d > 1000 && rng(&s) % 10 == 0) {
        base = d - 1 - rng(&s) % 1000;
        edit = 20 + rng(&s) % 80;
    }
    uint64_t ws = base * 104729 + 7, es = d * 31 + 3;
    unsigned n = 380 + (unsigned)(base % 40);
    size_t l = 0;
    for (unsigned i = 0; i < n && l + 300 < cap; i++) {
        const char *w = pool[rng(&ws) % npool];
        if (edit && rng(&es) % edit == 0) w = pool[rng(&es) % npool];
        size_t wl = strlen(w);
        memcpy(buf + l, w, wl);
        l += wl;
        buf[l++] = ' ';
    }
    buf[l] = 0;
    return l;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static long rss_mb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024;
}

/* Signatures and index over n articles; latency of a query for each of the last 10,000. */
static void scale(size_t n)
{
    static char buf[1 << 16];
    ak_lsh *lsh;
    ak_lsh_new(NULL, &lsh);
    double t_sig = 0, t_idx = 0, bytes = 0, c_sig = 0;
    size_t nq = 0, qcap = 10000, cands = 0;
    double *lat = malloc(qcap * sizeof *lat);
    double t0 = now();
    for (size_t d = 0; d < n; d++) {
        size_t l = article(d, buf, sizeof buf);
        double a = now(), ca = cpu_now();
        ak_fp *fp;
        if (ak_fp_new(buf, l, NULL, &fp) != AK_OK) { fprintf(stderr, "fp failed\n"); exit(1); }
        c_sig += cpu_now() - ca;
        double b = now();
        const uint32_t *sig = ak_fp_signature(fp, NULL);
        uint64_t *ids;
        size_t m;
        ak_lsh_query(lsh, sig, &ids, &m);
        cands += m;
        ak_lsh_add(lsh, d, sig);
        double c = now();
        if (d + qcap >= n && nq < qcap) lat[nq++] = c - b;
        ak_free(ids);
        ak_fp_free(fp);
        t_sig += b - a;
        t_idx += c - b;
        bytes += l;
    }
    double total = now() - t0;
    qsort(lat, nq, sizeof *lat, cmp_d);
    printf("dedup_docs=%zu\ndedup_bands=%u\ndedup_sig_docs_per_s=%.0f\ndedup_sig_mb_per_s=%.1f\n", n, ak_lsh_bands(lsh),
           n / t_sig, bytes / t_sig / 1e6);
    printf("dedup_sig_docs_per_cpu_s=%.0f\n", n / c_sig);
    printf("dedup_index_query_insert_per_s=%.0f\ndedup_query_p50_us=%.1f\ndedup_query_p99_us=%.1f\n", n / t_idx,
           lat[nq / 2] * 1e6, lat[nq * 99 / 100] * 1e6);
    printf("dedup_candidates_per_doc=%.3f\ndedup_total_s=%.1f\ndedup_peak_rss_mb=%ld\n", (double)cands / n, total, rss_mb());
    free(lat);
    ak_lsh_free(lsh);
}

/* Brute force (exact Jaccard on every pair) against LSH + verification on n articles. */
static void side_by_side(size_t n)
{
    static char buf[1 << 16];
    ak_fp **fp = malloc(n * sizeof *fp);
    for (size_t d = 0; d < n; d++) {
        size_t l = article(d, buf, sizeof buf);
        ak_fp_new(buf, l, NULL, &fp[d]);
    }
    double t0 = now();
    size_t truth = 0, truth_hi = 0;
    ak_dup_result r;
    /* Exact Jaccard only: the cheap part of ak_dup_compare is what brute force needs. */
    unsigned char *hi = calloc(n, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            double jac = ak_fp_jaccard(fp[i], fp[j]);
            if (jac >= 0.5) truth++;
            if (jac >= 0.85) { truth_hi++; hi[j] = 1; }
        }
    double t_brute = now() - t0;
    t0 = now();
    ak_lsh *lsh;
    ak_lsh_new(NULL, &lsh);
    size_t found = 0, found_hi = 0, verified = 0, cand = 0;
    for (size_t d = 0; d < n; d++) {
        uint64_t *ids;
        size_t m;
        ak_lsh_query(lsh, ak_fp_signature(fp[d], NULL), &ids, &m);
        cand += m;
        for (size_t k = 0; k < m; k++) {
            ak_dup_compare(fp[d], fp[ids[k]], &r);
            if (r.jaccard >= 0.5) found++, verified++;
            if (r.jaccard >= 0.85) found_hi++;
        }
        ak_free(ids);
        ak_lsh_add(lsh, d, ak_fp_signature(fp[d], NULL));
    }
    double t_lsh = now() - t0;
    printf("side_docs=%zu\nside_brute_s=%.2f\nside_lsh_s=%.3f\nside_time_ratio=%.0f\n", n, t_brute, t_lsh, t_brute / t_lsh);
    printf("side_pairs_j085=%zu\nside_recall_j085=%.4f\nside_pairs_j05=%zu\nside_recall_j05=%.4f\n", truth_hi,
           truth_hi ? (double)found_hi / truth_hi : 1.0, truth, truth ? (double)found / truth : 1.0);
    /* Verification keeps only pairs whose exact Jaccard passes, so each kept pair is true. */
    printf("side_candidates=%zu\nside_kept_after_verification=%zu\n", cand, verified);
    for (size_t d = 0; d < n; d++) ak_fp_free(fp[d]);
    free(fp);
    free(hi);
    ak_lsh_free(lsh);
}

/* ---- real articles: LSH against the exact truth ---- */

typedef struct { uint64_t h; uint32_t doc; } posting;

static int cmp_posting(const void *a, const void *b)
{
    const posting *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return (x->doc > y->doc) - (x->doc < y->doc);
}

typedef struct { uint32_t a, b; float j; } pair;

/* Every pair with J >= lo, exactly: an inverted index from shingle to documents gives
 * each pair's intersection (pairs sharing no shingle have J = 0), as all-pairs brute
 * force would, in time proportional to the shared postings instead of n^2 merges. */
static pair *exact_pairs(ak_fp **fp, size_t n, double lo, size_t *np)
{
    size_t total = 0;
    for (size_t d = 0; d < n; d++) total += fp[d]->nset;
    posting *p = malloc((total + 1) * sizeof *p);
    size_t k = 0;
    for (size_t d = 0; d < n; d++)
        for (size_t i = 0; i < fp[d]->nset; i++) p[k++] = (posting){fp[d]->set[i], (uint32_t)d};
    qsort(p, total, sizeof *p, cmp_posting);
    /* Per document, where its shingles' posting lists start (a binary search each). */
    uint32_t *count = calloc(n, sizeof *count), *touched = malloc(n * sizeof *touched);
    size_t cap = 1024, m = 0;
    pair *out = malloc(cap * sizeof *out);
    for (size_t d = 0; d < n; d++) {
        size_t nt = 0;
        for (size_t i = 0; i < fp[d]->nset; i++) {
            uint64_t h = fp[d]->set[i];
            size_t a = 0, b = total;
            while (a < b) { size_t mid = (a + b) / 2; if (p[mid].h < h || (p[mid].h == h && p[mid].doc <= d)) a = mid + 1; else b = mid; }
            for (size_t q = a; q < total && p[q].h == h; q++) { /* later documents only */
                uint32_t e = p[q].doc;
                if (!count[e]++) touched[nt++] = e;
            }
        }
        for (size_t t = 0; t < nt; t++) {
            uint32_t e = touched[t];
            double c = count[e], j = c / ((double)fp[d]->nset + (double)fp[e]->nset - c);
            count[e] = 0;
            if (j < lo) continue;
            if (m == cap) out = realloc(out, (cap *= 2) * sizeof *out);
            out[m++] = (pair){(uint32_t)d, e, (float)j};
        }
    }
    free(p);
    free(count);
    free(touched);
    *np = m;
    return out;
}

/* bench_dedup --real FILE N [N_BRUTE]: the first N articles of FILE (one per line, e.g.
 * bench-data/snn.txt): fingerprint rate on real text, exact truth, LSH + verification
 * recall per Jaccard band, and true brute force (every pair merged) on the first N_BRUTE
 * to time it and to check that the inverted-index truth equals it. */
static int real(const char *path, size_t n, size_t nbrute)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return 1; }
    ak_fp **fp = malloc(n * sizeof *fp);
    char *line = NULL;
    size_t cap = 0, d = 0;
    ssize_t l;
    double t_sig = 0, bytes = 0, c_sig = 0;
    while (d < n && (l = getline(&line, &cap, f)) > 0) {
        if (l <= 1) continue;
        double a = now(), ca = cpu_now();
        if (ak_fp_new(line, (size_t)l, NULL, &fp[d]) != AK_OK) continue;
        t_sig += now() - a;
        c_sig += cpu_now() - ca;
        bytes += (double)l;
        d++;
    }
    free(line);
    fclose(f);
    n = d;
    printf("real_docs=%zu\nreal_sig_docs_per_s=%.0f\nreal_sig_mb_per_s=%.1f\nreal_sig_docs_per_cpu_s=%.0f\n", n, n / t_sig,
           bytes / t_sig / 1e6, n / c_sig);
    ak_lsh *lsh;
    ak_lsh_new(NULL, &lsh);
    unsigned bands = ak_lsh_bands(lsh), rows = 0;
    ak_lsh_params(0.5, 128, &bands, &rows);
    double t0 = now();
    size_t np;
    pair *truth = exact_pairs(fp, n, 0.3, &np);
    double t_exact = now() - t0;
    /* LSH: query then add, in order; candidates verified by exact Jaccard at the target. */
    t0 = now();
    uint32_t *mark = calloc(n, sizeof *mark);
    size_t *by_b = calloc(n + 1, sizeof *by_b); /* truth pairs grouped by their later document */
    for (size_t i = 0; i < np; i++) by_b[truth[i].b + 1]++;
    for (size_t i = 1; i <= n; i++) by_b[i] += by_b[i - 1];
    size_t *idx = malloc((np + 1) * sizeof *idx), *fill = malloc((n + 1) * sizeof *fill);
    memcpy(fill, by_b, (n + 1) * sizeof *fill);
    for (size_t i = 0; i < np; i++) idx[fill[truth[i].b]++] = i;
    static const double edges[] = {0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 1.01};
    enum { NE = sizeof edges / sizeof *edges - 1 };
    size_t tot[NE] = {0}, hit[NE] = {0}, cand = 0, kept = 0;
    double t_lsh = 0;
    for (size_t e = 0; e < n; e++) {
        double a = now();
        uint64_t *ids;
        size_t m;
        ak_lsh_query(lsh, fp[e]->sig, &ids, &m);
        cand += m;
        for (size_t k = 0; k < m; k++) {
            mark[ids[k]] = (uint32_t)e + 1; /* a candidate: what the recall counts */
            kept += ak_fp_jaccard(fp[e], fp[ids[k]]) >= 0.5;
        }
        ak_free(ids);
        ak_lsh_add(lsh, e, fp[e]->sig);
        t_lsh += now() - a;
        for (size_t q = by_b[e]; q < by_b[e + 1]; q++) {
            const pair *t = &truth[idx[q]];
            for (int b = 0; b < NE; b++)
                if (t->j >= edges[b] && t->j < edges[b + 1]) {
                    tot[b]++;
                    hit[b] += mark[t->a] == (uint32_t)e + 1;
                }
        }
    }
    size_t t85 = 0, h85 = 0, t50 = 0, h50 = 0;
    for (int b = 0; b < NE; b++) {
        if (edges[b] >= 0.85) { t85 += tot[b]; h85 += hit[b]; }
        if (edges[b] >= 0.5) { t50 += tot[b]; h50 += hit[b]; }
    }
    printf("real_exact_truth_s=%.2f\nreal_lsh_query_insert_verify_s=%.3f\nreal_lsh_bands=%u\nreal_lsh_rows=%u\n", t_exact, t_lsh,
           bands, rows);
    printf("real_pairs_j085=%zu\nreal_recall_j085=%.4f\nreal_pairs_j05=%zu\nreal_recall_j05=%.4f\n", t85,
           t85 ? (double)h85 / t85 : 1.0, t50, t50 ? (double)h50 / t50 : 1.0);
    printf("real_candidates=%zu\nreal_kept_j05=%zu\nreal_precision_after_verification=1.0000\n", cand, kept);
    printf("# Jaccard band: pairs, LSH candidates among them, recall, 1-(1-s^r)^b at the band's low end\n");
    for (int b = 0; b < NE; b++)
        printf("real_band_%.2f_%.2f: pairs=%zu candidates=%zu recall=%.4f p_low=%.4f\n", edges[b], edges[b + 1] > 1 ? 1.0 : edges[b + 1],
               tot[b], hit[b], tot[b] ? (double)hit[b] / tot[b] : 1.0, ak_lsh_probability(edges[b], bands, rows));
    /* True brute force on a prefix: every pair merged; must agree with the truth there. */
    if (nbrute > n) nbrute = n;
    if (nbrute) {
        t0 = now();
        size_t bf = 0, agree = 0;
        for (size_t a = 0; a < nbrute; a++)
            for (size_t b = a + 1; b < nbrute; b++)
                if (ak_fp_jaccard(fp[a], fp[b]) >= 0.5) bf++;
        double t_bf = now() - t0;
        for (size_t i = 0; i < np; i++) agree += truth[i].b < nbrute && truth[i].j >= 0.5;
        double pairs_b = (double)nbrute * (nbrute - 1) / 2, pairs_n = (double)n * (n - 1) / 2;
        printf("real_brute_docs=%zu\nreal_brute_s=%.2f\nreal_brute_pairs_j05=%zu\nreal_truth_pairs_j05_same_docs=%zu\n", nbrute, t_bf,
               bf, agree);
        printf("real_brute_extrapolated_s=%.0f\nreal_time_ratio_brute_over_lsh=%.0f\n", t_bf * pairs_n / pairs_b,
               t_bf * pairs_n / pairs_b / t_lsh);
    }
    free(truth);
    free(mark);
    free(by_b);
    free(idx);
    free(fill);
    for (size_t e = 0; e < n; e++) ak_fp_free(fp[e]);
    free(fp);
    ak_lsh_free(lsh);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 4 && !strcmp(argv[1], "--real"))
        return real(argv[2], strtoull(argv[3], NULL, 10), argc > 4 ? strtoull(argv[4], NULL, 10) : 0);
    if (argc < 4) {
        fprintf(stderr, "usage: bench_dedup N_SCALE N_SIDE WORDFILE...\n");
        return 2;
    }
    load_pool(argc - 3, argv + 3);
    if (npool < 100) { fprintf(stderr, "bench_dedup: word pool too small\n"); return 1; }
    printf("dedup_pool_words=%zu\n", npool);
    size_t ns = strtoull(argv[1], NULL, 10), nb = strtoull(argv[2], NULL, 10);
    if (nb) side_by_side(nb);
    if (ns) scale(ns);
    return 0;
}
