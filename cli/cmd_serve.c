/* cmd_serve.c: `akhbar serve`, a thin shell over the server in src/serve: parses options,
 * starts the API and the page, prints where it listens, and stops cleanly on SIGINT/SIGTERM. */
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "commands.h"
#include "store/sql.h"
#include "serve/api.h"
#include "serve/http.h"

static const char USAGE[] =
    "[--db PATH] [--port N] [--bind ADDR] [--token T] [--threads N] [--max-body BYTES] [--web DIR]\n"
    "       [--list-cache-mb MB]\n"
    "  --port 0 picks a free port; the address is printed on the first line of output.\n"
    "  The token (or $AKHBAR_TOKEN) is then required as 'Authorization: Bearer T' for POST.\n"
    "  --list-cache-mb: memory per reader thread for the match lists of words searched before\n"
    "  (default 32, 0 turns it off); results are the same for any value.";

/* A whole number in [lo, hi], or -1. */
static long long number(const char *s, long long lo, long long hi)
{
    char *end = NULL;
    if (!s || !*s || *s == '-') return -1;
    unsigned long long v = strtoull(s, &end, 10);
    if (*end || v < (unsigned long long)lo || v > (unsigned long long)hi) return -1;
    return (long long)v;
}

/* A search frees what it allocated (a common word's postings, megabytes) before the next one asks
 * for as much again. glibc's defaults gave the top of a heap back to the kernel past a threshold
 * and mapped large blocks afresh, so requests paid page faults on memory just freed (2-9 faults a
 * search at one connection): the server process keeps up to 128 MB of freed memory for reuse.
 * Set here, by the program: the library leaves its host's allocator as it finds it. */
static void keep_freed_memory(void)
{
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
}

int cmd_serve(int argc, char **argv)
{
    ak_api_options ao = {cli_default_db(), getenv("AKHBAR_TOKEN"), 4, NULL, 0};
    ak_http_options ho = {"127.0.0.1", 8080, ak_http_default_threads(), 0, 30, 256};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: akhbar serve %s\n", USAGE);
            return EXIT_OK;
        }
        if (a[0] != '-' || a[1] != '-') return cli_usage("serve", USAGE, "unexpected argument %s", a);
        static const char *const known[] = {"--db", "--bind", "--token", "--web", "--port", "--threads", "--max-body",
                                             "--list-cache-mb"};
        int is_known = 0;
        for (size_t o = 0; o < sizeof known / sizeof *known; o++) is_known |= strcmp(a, known[o]) == 0;
        if (!is_known) return cli_usage("serve", USAGE, "unknown option %s", a);
        if (i + 1 >= argc) return cli_usage("serve", USAGE, "%s needs a value", a);
        const char *v = argv[++i];
        long long k = 0;
        if (strcmp(a, "--db") == 0) ao.db_path = v;
        else if (strcmp(a, "--bind") == 0) ho.bind = v;
        else if (strcmp(a, "--token") == 0) ao.token = v;
        else if (strcmp(a, "--web") == 0) ao.web_dir = v;
        else if (strcmp(a, "--port") == 0) {
            if ((k = number(v, 0, 65535)) < 0) return cli_usage("serve", USAGE, "--port: not a port number: %s", v);
            ho.port = (unsigned)k;
        } else if (strcmp(a, "--threads") == 0) {
            if ((k = number(v, 1, 256)) < 0) return cli_usage("serve", USAGE, "--threads: expected 1 to 256: %s", v);
            ho.threads = ao.readers = (unsigned)k;
        } else if (strcmp(a, "--max-body") == 0) {
            if ((k = number(v, 1024, (long long)1 << 32)) < 0)
                return cli_usage("serve", USAGE, "--max-body: expected 1024 bytes or more: %s", v);
            ho.max_body = (size_t)k;
        } else if (strcmp(a, "--list-cache-mb") == 0) {
            if ((k = number(v, 0, 1 << 20)) < 0)
                return cli_usage("serve", USAGE, "--list-cache-mb: expected 0 to 1048576: %s", v);
            ak_search_set_list_cache_mb((size_t)k);
        }
    }
    if (ao.token && !*ao.token) ao.token = NULL;
    /* Signals are taken by this thread only: the server's threads inherit the blocked mask. */
    sigset_t stop;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, NULL);
    signal(SIGPIPE, SIG_IGN);
    ak_api *api = NULL;
    if (ak_api_new(&api, &ao) != AK_OK) {
        fprintf(stderr, "akhbar serve: %s\n", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    ak_http_server *srv = NULL;
    keep_freed_memory();
    if (ak_http_start(&srv, &ho, ak_api_handle, api) != AK_OK) {
        fprintf(stderr, "akhbar serve: %s\n", ak_last_error());
        ak_api_free(api);
        return EXIT_BAD_INPUT;
    }
    char db_name[1024];
    ak_sql_redact_url(ao.db_path, db_name, sizeof db_name); /* a URL's password is not printed */
    printf("listening on http://%s:%u/ (database %s, %u threads, POST %s)\n", ho.bind, ak_http_port(srv),
           db_name, ho.threads, ao.token ? "needs the token" : "open to anyone who can connect");
    printf("page: %s\n", ak_api_web_origin(api));
    fflush(stdout);
    int sig = 0;
    sigwait(&stop, &sig);
    fprintf(stderr, "akhbar serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    ak_http_stop(srv);
    ak_api_free(api);
    return EXIT_OK;
}
