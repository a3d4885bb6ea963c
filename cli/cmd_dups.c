/* cmd_dups.c: `akhbar dups`: brings the duplicate index of the database up to date (only articles
 * not yet fingerprinted are read) and lists every related pair with its class, scores and spans. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "akhbar.h"

static const char USAGE[] = "[--db PATH] [--json]";

typedef struct out { int json; size_t n; } out;

static int print_pair(const ak_dup_pair *p, void *ctx)
{
    out *o = ctx;
    char line[1024];
    int n;
    if (o->json)
        n = snprintf(line, sizeof line,
                     "{\"a\":\"%s\",\"b\":\"%s\",\"class\":\"%s\",\"jaccard\":%.3f,\"bigram_jaccard\":%.3f,"
                     "\"cover_a\":%.3f,\"cover_b\":%.3f,\"longest\":%zu,\"spans\":",
                     p->a, p->b, p->cls, p->jaccard, p->bigram_jaccard, p->cover_a, p->cover_b, p->longest);
    else
        n = snprintf(line, sizeof line, "%s\t%s\t%s\tJ=%.3f\tbigram=%.3f\tcover=%.2f/%.2f\tlongest=%zu\t",
                     p->a, p->b, p->cls, p->jaccard, p->bigram_jaccard, p->cover_a, p->cover_b, p->longest);
    if (n < 0 || (size_t)n >= sizeof line) return EXIT_BAD_INPUT;
    if (cli_write(line, (size_t)n) || cli_write(p->spans_json, strlen(p->spans_json)) ||
        cli_write(o->json ? "}\n" : "\n", o->json ? 2 : 1))
        return EXIT_BAD_INPUT;
    o->n++;
    return 0;
}

int cmd_dups(int argc, char **argv)
{
    const char *db_path = cli_default_db();
    out o = { 0, 0 };
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) { o.json = 1; continue; }
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
            printf("usage: akhbar dups %s\n", USAGE);
            return EXIT_OK;
        }
        if (strcmp(argv[i], "--db") == 0) {
            if (i + 1 >= argc) return cli_usage("dups", USAGE, "--db needs a value");
            db_path = argv[++i];
            continue;
        }
        return cli_usage("dups", USAGE, "unknown argument %s", argv[i]);
    }
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) {
        fprintf(stderr, "akhbar dups: %s\n", ak_last_error()); /* the message names the store */
        ak_db_close(db);
        return EXIT_BAD_INPUT;
    }
    size_t added = 0;
    int rc = ak_dups_update(db, &added);
    if (rc == AK_OK) rc = ak_dups_each(db, print_pair, &o);
    if (rc < 0) fprintf(stderr, "akhbar dups: %s\n", ak_last_error());
    ak_db_close(db);
    if (rc != 0) return EXIT_BAD_INPUT;
    fprintf(stderr, "akhbar dups: %zu pairs (%zu new)\n", o.n, added);
    return EXIT_OK;
}
