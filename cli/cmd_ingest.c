/* cmd_ingest.c: `akhbar ingest`, a thin shell over ak_ingest: parses options,
 * prints each rejection as FILE:LINE: reason and the counts at the end. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "commands.h"

static const char USAGE[] = "[--db PATH] [--max-size BYTES] [--batch N] [--max-batch-bytes BYTES] INPUT...";

static void on_record(const ak_ingest_event *ev, void *ctx)
{
    (void)ctx;
    if (ev->kind != AK_REC_REJECTED) return;
    if (ev->line)
        fprintf(stderr, "%s:%zu: %s\n", ev->origin, ev->line, ev->reason);
    else
        fprintf(stderr, "%s: %s\n", ev->origin, ev->reason);
}

/* A positive decimal size, or 0 when the text is not one. */
static size_t parse_size(const char *s)
{
    char *end = NULL;
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || s[0] == '-') return 0;
    return (size_t)v;
}

int cmd_ingest(int argc, char **argv)
{
    const char *db_path = cli_default_db();
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    opt.on_record = on_record;
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    if (!inputs) { fprintf(stderr, "akhbar ingest: out of memory\n"); return EXIT_BAD_INPUT; }
    size_t n = 0;
    int only_inputs = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_inputs && strcmp(a, "--") == 0) { only_inputs = 1; continue; }
        if (!only_inputs && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
            free(inputs);
            printf("usage: akhbar ingest %s\n", USAGE);
            return EXIT_OK;
        }
        if (!only_inputs && (strcmp(a, "--db") == 0 || strcmp(a, "--max-size") == 0 || strcmp(a, "--batch") == 0 ||
                             strcmp(a, "--max-batch-bytes") == 0)) {
            if (i + 1 >= argc) { free(inputs); return cli_usage("ingest", USAGE, "%s needs a value", a); }
            const char *v = argv[++i];
            if (strcmp(a, "--db") == 0) { db_path = v; continue; }
            size_t k = parse_size(v);
            if (k == 0) { free(inputs); return cli_usage("ingest", USAGE, "%s: not a positive number: %s", a, v); }
            if (strcmp(a, "--max-size") == 0) opt.max_record = k;
            else if (strcmp(a, "--batch") == 0) opt.batch_size = k;
            else opt.max_batch_bytes = k;
            continue;
        }
        if (!only_inputs && a[0] == '-' && a[1] != '\0') { free(inputs); return cli_usage("ingest", USAGE, "unknown option %s", a); }
        inputs[n++] = a;
    }
    if (n == 0) { free(inputs); return cli_usage("ingest", USAGE, "no INPUT given"); }
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) {
        fprintf(stderr, "akhbar ingest: %s\n", ak_last_error());
        free(inputs);
        return EXIT_BAD_INPUT;
    }
    ak_ingest_counts c;
    int rc = ak_ingest(db, inputs, n, &opt, &c);
    ak_db_close(db);
    free(inputs);
    if (rc != AK_OK) {
        fprintf(stderr, "akhbar ingest: %s\n", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    printf("added %zu, duplicates %zu, rejected %zu\n", c.added, c.duplicates, c.rejected);
    if (fflush(stdout) != 0) return EXIT_BAD_INPUT;
    return c.rejected ? EXIT_BAD_INPUT : EXIT_OK;
}
