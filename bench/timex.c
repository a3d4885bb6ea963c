/* timex.c (bench): tagger throughput in MB/s, single thread, on SaudiNewsNet texts
 * (../shared/data/saudinewsnet/saudinewsnet.jsonl.gz, read through gzip -dc). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akhbar.h"

/* Pulls the "text" field of each JSONL line, unescaping the few escapes JSON uses. */
static size_t take_text(const char *line, char *out, size_t cap)
{
    const char *p = strstr(line, "\"text\": \"");
    if (!p)
        return 0;
    p += 9;
    size_t n = 0;
    while (*p && *p != '"' && n + 4 < cap) {
        if (*p == '\\' && p[1]) {
            p++;
            out[n++] = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p;
            p++;
        } else
            out[n++] = *p++;
    }
    return n;
}

int main(int argc, char **argv)
{
    const char *shared = getenv("AK_SHARED_DIR");
    char path[1024], cmd[1200];
    snprintf(path, sizeof path, "%s/data/saudinewsnet/saudinewsnet.jsonl.gz", shared ? shared : "../shared");
    size_t limit = argc > 1 ? (size_t)atol(argv[1]) : 3000;
    snprintf(cmd, sizeof cmd, "gzip -dc '%s' 2>/dev/null", path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("bench_timex: %s not found, skipped\n", path);
        return 0;
    }
    fclose(f);
    FILE *in = popen(cmd, "r");
    if (!in)
        return 1;
    size_t lcap = 1 << 22, tcap = 1 << 22, total = 0, docs = 0, cap = 64 << 20;
    char *line = malloc(lcap), *all = malloc(cap);
    size_t *ends = malloc(sizeof *ends * (limit + 1));
    if (!line || !all || !ends)
        return 1;
    while (docs < limit && fgets(line, (int)lcap, in)) {
        if (total + tcap > cap)
            break;
        size_t n = take_text(line, all + total, tcap);
        if (n == 0)
            continue;
        total += n;
        ends[docs++] = total;
    }
    pclose(in);
    /* the escape handling above may cut a UTF-8 sequence only on malformed input; skip bad docs */
    size_t found = 0, tagged = 0;
    struct timespec t0, t1, c0, c1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    for (int rep = 0; rep < 3; rep++) {
        size_t start = 0;
        for (size_t d = 0; d < docs; d++) {
            ak_timex *x;
            size_t n;
            if (ak_timex_tag(all + start, ends[d] - start, "2015-08-05", &x, &n) == AK_OK) {
                found += n;
                tagged += ends[d] - start;
                ak_free(x);
            }
            start = ends[d];
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    double cs = (double)(c1.tv_sec - c0.tv_sec) + (double)(c1.tv_nsec - c0.tv_nsec) / 1e9;
    printf("bench_timex: %zu docs, %.1f MB x3, %zu expressions, %.3f s, %.1f MB/s single thread\n", docs,
           (double)total / 1e6, found, s, (double)tagged / 1e6 / s);
    /* on a shared machine the wall clock counts the time other processes held the core */
    printf("bench_timex: cpu %.3f s, %.1f MB/s of this thread's CPU time\n", cs, (double)tagged / 1e6 / cs);
    free(line);
    free(all);
    free(ends);
    return 0;
}
