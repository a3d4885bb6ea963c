/* text.c: build/bench_text, the text-core benchmark: normalize+tokenize+Light10 over a file,
 * streaming, single thread, best of N, against its own floor (read+decode) and libstemmer alone.
 * Usage: bench_text [--mode chain|floor|tokens|norm|snowball|light10] [--runs N] FILE
 * (tokens: the tokenizer alone; norm: tokens with their normalized forms, no stemming)
 * Prints key=value lines: mode bytes tokens seconds mb_s tokens_s peak_rss_kb cpu_seconds mb_s_cpu
 * (the last two from the thread's CPU time, for a busy shared machine; docs/text.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "akhbar.h"
#include "text/utf8.h"

enum { CHUNK = 1 << 20 };

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double now(void) { return clock_s(CLOCK_MONOTONIC); }

/* CPU time of the thread: leaves out the time spent waiting for a core on a shared machine. */
static double cpu_now(void) { return clock_s(CLOCK_THREAD_CPUTIME_ID); }

typedef struct {
    size_t bytes, tokens, sink;
    ak_stemmer *st;
} stats;

/* The chain on one piece of text: tokens with their normalized form (one pass), Arabic words
 * stemmed in place. A token whose form does not fit the buffer is normalized on its own. */
static int chain_piece(const char *s, size_t n, stats *z)
{
    ak_token_iter it;
    ak_token t;
    char norm[256];
    size_t len;
    int rc;
    ak_token_iter_init(&it, s, n);
    while ((rc = ak_token_next_norm(&it, &t, AK_NORM_DEFAULT, norm, sizeof norm, &len)) == 1) {
        z->tokens++;
        if (len > sizeof norm) { z->sink += len; continue; } /* over 256 bytes: not a word */
        if (t.kind == AK_TOK_ARABIC) z->sink += ak_light10(norm, len, norm, sizeof norm);
        else z->sink += len;
    }
    return rc;
}

/* Parts of the chain, for the profile in docs/text.md: tokens only, tokens + normalized forms. */
static int tokens_piece(const char *s, size_t n, stats *z)
{
    ak_token_iter it;
    ak_token t;
    int rc;
    ak_token_iter_init(&it, s, n);
    while ((rc = ak_token_next(&it, &t)) == 1) {
        z->tokens++;
        z->sink += t.byte_end;
    }
    return rc;
}

static int norm_piece(const char *s, size_t n, stats *z)
{
    ak_token_iter it;
    ak_token t;
    char norm[256];
    size_t len;
    int rc;
    ak_token_iter_init(&it, s, n);
    while ((rc = ak_token_next_norm(&it, &t, AK_NORM_DEFAULT, norm, sizeof norm, &len)) == 1) {
        z->tokens++;
        z->sink += len;
    }
    return rc;
}

/* The floor: strict UTF-8 decoding of every code point. */
static int floor_piece(const char *s, size_t n, stats *z)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t k = p[i] < 0x80 ? 1 : ak_utf8_decode(p + i, n - i, &cp);
        if (!k) return AK_EUTF8;
        i += k;
        z->sink++;
    }
    return 0;
}

/* Reads FILE in chunks cut after the last line break, so no token or sequence is split. */
static int stream(const char *path, int (*piece)(const char *, size_t, stats *), stats *z)
{
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); return -1; }
    char *buf = malloc(CHUNK * 2);
    size_t carry = 0, got;
    int rc = 0;
    while (buf && (got = fread(buf + carry, 1, CHUNK, f)) > 0) {
        size_t n = carry + got, cut = n;
        z->bytes += got;
        while (cut > 0 && buf[cut - 1] != '\n') cut--;
        if (cut == 0) cut = n < CHUNK ? 0 : n; /* a line longer than a chunk: take it whole */
        if (cut && (rc = piece(buf, cut, z)) < 0) break;
        carry = n - cut;
        memmove(buf, buf + cut, carry);
    }
    if (buf && rc >= 0 && carry) rc = piece(buf, carry, z);
    free(buf);
    fclose(f);
    return rc < 0 ? -1 : 0;
}

/* snowball / light10 modes: words gathered untimed, then only the stemming is timed. */
typedef struct {
    char *pool;
    size_t pool_len, pool_cap;
    size_t *off;
    size_t n, cap;
} words;

static int gather_piece(const char *s, size_t n, stats *z);
static words W;

static int gather_piece(const char *s, size_t n, stats *z)
{
    ak_token_iter it;
    ak_token t;
    char norm[256];
    int rc;
    ak_token_iter_init(&it, s, n);
    while ((rc = ak_token_next(&it, &t)) == 1) {
        size_t need = 0;
        if (t.kind != AK_TOK_ARABIC) continue;
        if (ak_normalize_buf(s + t.byte_start, t.byte_end - t.byte_start, AK_NORM_DEFAULT, norm, sizeof norm,
                             &need) != AK_OK)
            continue;
        if (W.pool_len + need > W.pool_cap) {
            W.pool_cap = (W.pool_cap + need) * 2;
            W.pool = realloc(W.pool, W.pool_cap);
        }
        if (W.n + 2 > W.cap) {
            W.cap = (W.cap + 2) * 2;
            W.off = realloc(W.off, W.cap * sizeof *W.off);
        }
        if (!W.pool || !W.off) return AK_ENOMEM;
        if (W.n == 0) W.off[W.n++] = 0;
        memcpy(W.pool + W.pool_len, norm, need);
        W.pool_len += need;
        W.off[W.n++] = W.pool_len;
        z->tokens++;
    }
    return rc;
}

static void stem_all(stats *z)
{
    for (size_t i = 0; i + 1 < W.n; i++) {
        const char *stem;
        size_t len;
        if (ak_stem(z->st, W.pool + W.off[i], W.off[i + 1] - W.off[i], &stem, &len) == AK_OK) z->sink += len;
    }
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

int main(int argc, char **argv)
{
    const char *mode = "chain", *path = NULL;
    int runs = 3;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--mode") && i + 1 < argc) mode = argv[++i];
        else if (!strcmp(argv[i], "--runs") && i + 1 < argc) runs = atoi(argv[++i]);
        else path = argv[i];
    }
    int stemming = !strcmp(mode, "snowball") || !strcmp(mode, "light10");
    int (*piece)(const char *, size_t, stats *) = !strcmp(mode, "chain")    ? chain_piece
                                                  : !strcmp(mode, "floor")  ? floor_piece
                                                  : !strcmp(mode, "tokens") ? tokens_piece
                                                  : !strcmp(mode, "norm")   ? norm_piece
                                                                            : NULL;
    if (!path || runs < 1 || (!stemming && !piece)) {
        fprintf(stderr, "usage: bench_text [--mode chain|floor|tokens|norm|snowball|light10] [--runs N] FILE\n");
        return 2;
    }
    double best = 1e30, best_cpu = 1e30;
    stats z = {0, 0, 0, NULL};
    if (stemming) {
        stats g = {0, 0, 0, NULL};
        if (stream(path, gather_piece, &g)) { fprintf(stderr, "bench_text: %s\n", ak_last_error()); return 1; }
        if (ak_stemmer_new(&z.st, !strcmp(mode, "snowball") ? AK_STEM_SNOWBALL : AK_STEM_LIGHT10)) return 1;
        z.bytes = g.bytes;
        z.tokens = g.tokens;
        for (int r = 0; r < runs; r++) {
            double t0 = now(), c0 = cpu_now();
            stem_all(&z);
            double dt = now() - t0, dc = cpu_now() - c0;
            if (dt < best) best = dt;
            if (dc < best_cpu) best_cpu = dc;
        }
        ak_stemmer_free(z.st);
    } else {
        for (int r = 0; r < runs; r++) {
            stats s = {0, 0, 0, NULL};
            double t0 = now(), c0 = cpu_now();
            if (stream(path, piece, &s)) { fprintf(stderr, "bench_text: %s: bad input\n", path); return 1; }
            double dt = now() - t0, dc = cpu_now() - c0;
            if (dt < best) { best = dt; z = s; }
            if (dc < best_cpu) best_cpu = dc;
        }
    }
    if (best <= 0) best = 1e-9;
    if (best_cpu <= 0) best_cpu = 1e-9;
    printf("mode=%s\nbytes=%zu\ntokens=%zu\nseconds=%.6f\nmb_s=%.2f\ntokens_s=%.0f\npeak_rss_kb=%ld\n", mode,
           z.bytes, z.tokens, best, (double)z.bytes / 1e6 / best, (double)z.tokens / best, peak_rss_kb());
    printf("cpu_seconds=%.6f\nmb_s_cpu=%.2f\n", best_cpu, (double)z.bytes / 1e6 / best_cpu);
    free(W.pool);
    free(W.off);
    return 0;
}
