/* dedup.c: scale benchmark of fingerprints and the LSH index on synthetic articles of ~400 words
 * drawn from a pool of real words (generated on the fly, never held), plus brute force vs LSH. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"

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
    double t_sig = 0, t_idx = 0, bytes = 0;
    size_t nq = 0, qcap = 10000, cands = 0;
    double *lat = malloc(qcap * sizeof *lat);
    double t0 = now();
    for (size_t d = 0; d < n; d++) {
        size_t l = article(d, buf, sizeof buf);
        double a = now();
        ak_fp *fp;
        if (ak_fp_new(buf, l, NULL, &fp) != AK_OK) { fprintf(stderr, "fp failed\n"); exit(1); }
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

int main(int argc, char **argv)
{
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
