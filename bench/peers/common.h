/* common.h: timing, peak-RSS and file helpers shared by the C peer drivers of bench/run-all.
 * Header-only so each driver stays one `cc` command; key=value output matches bench_text. */
#ifndef AK_BENCH_PEERS_COMMON_H
#define AK_BENCH_PEERS_COMMON_H
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double peer_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Peak resident set of this process in KiB (Linux reports ru_maxrss in KiB). */
static long peer_maxrss_kb(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Prints the figures every driver reports, one key=value a line. */
static void peer_report(const char *name, size_t bytes, size_t tokens, double secs)
{
    if (secs <= 0) secs = 1e-9;
    printf("peer=%s\nbytes=%zu\ntokens=%zu\nseconds=%.6f\n", name, bytes, tokens, secs);
    printf("mb_s=%.2f\ntokens_s=%.0f\npeak_rss_kb=%ld\n", (double)bytes / 1e6 / secs,
           (double)tokens / secs, peer_maxrss_kb());
}
#endif
