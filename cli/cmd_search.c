/* cmd_search.c: `akhbar search`: full-text search of the database, a thin shell over ak_search.
 * Text: one hit a line (score, id, source, published, title, snippet); --json: JSONL. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char USAGE[] =
    "[--db PATH] [--json] [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--source S] [--story ID] [--entity N]"
    " [--limit N] [--offset N] QUERY... | [--db PATH] --optimize";

typedef struct out { int json; int failed; } out;

/* JSON string body: quotes, backslashes and controls escaped; UTF-8 passes through. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') fprintf(f, "\\%c", c);
        else if (c < 0x20) fprintf(f, "\\u%04x", c);
        else fputc(c, f);
    }
    fputc('"', f);
}

static void json_opt(FILE *f, const char *key, const char *s)
{
    fprintf(f, ",\"%s\":", key);
    if (s) json_str(f, s);
    else fputs("null", f);
}

/* Tabs and line breaks of a field would break the text output's columns. */
static void text_field(FILE *f, const char *s)
{
    for (; s && *s; s++) fputc(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s, f);
}

static int print_hit(const ak_search_hit *h, void *ctx)
{
    out *o = ctx;
    if (o->json) {
        fputs("{\"id\":", stdout);
        json_str(stdout, h->id);
        fprintf(stdout, ",\"score\":%.4g", h->score);
        json_opt(stdout, "title", h->title);
        json_opt(stdout, "source", h->source);
        json_opt(stdout, "published", h->published);
        json_opt(stdout, "snippet", h->snippet);
        fputs("}\n", stdout);
    } else {
        fprintf(stdout, "%.4g\t", h->score);
        const char *f[] = {h->id, h->source, h->published, h->title, h->snippet};
        for (int i = 0; i < 5; i++) {
            text_field(stdout, f[i] ? f[i] : "-");
            fputc(i == 4 ? '\n' : '\t', stdout);
        }
    }
    if (ferror(stdout)) { o->failed = 1; return 1; }
    return 0;
}

static int valid_day(const char *d)
{
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
    return 1;
}

static int parse_count(const char *s, long long min, long long *v)
{
    char *end = NULL;
    long long x = strtoll(s, &end, 10);
    if (!*s || *end || x < min) return 0;
    *v = x;
    return 1;
}

/* Appends a query word, joined by a space. Returns 0 when out of memory. */
static int append_word(char **words, size_t *wlen, const char *w)
{
    size_t n = strlen(w);
    char *g = realloc(*words, *wlen + n + 2);
    if (!g) return 0;
    *words = g;
    if (*wlen) g[(*wlen)++] = ' ';
    memcpy(g + *wlen, w, n + 1);
    *wlen += n;
    return 1;
}

/* The library's search messages begin "search: "; this command's prefix already says so. */
static const char *own_message(const char *msg)
{
    return strncmp(msg, "search: ", 8) == 0 ? msg + 8 : msg;
}

int cmd_search(int argc, char **argv)
{
    const char *db_path = cli_default_db();
    ak_search_query q;
    memset(&q, 0, sizeof q);
    out o = {0, 0};
    char *words = NULL;
    size_t wlen = 0;
    int rc = EXIT_OK, optimize = 0;
    for (int i = 1; i < argc && rc == EXIT_OK; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) { o.json = 1; continue; }
        if (strcmp(a, "--optimize") == 0) { optimize = 1; continue; }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            free(words);
            printf("usage: akhbar search %s\n", USAGE);
            return EXIT_OK;
        }
        if (strcmp(a, "--") == 0 || a[0] != '-' || a[1] == '\0') {
            /* a query word (options may come after it); after "--" everything is the query */
            int last = strcmp(a, "--") == 0 ? argc - 1 : i;
            for (int k = strcmp(a, "--") == 0 ? i + 1 : i; k <= last; k++)
                if (!append_word(&words, &wlen, argv[k])) {
                    free(words);
                    fprintf(stderr, "akhbar search: out of memory\n");
                    return EXIT_BAD_INPUT;
                }
            i = last;
            continue;
        }
        const char *opts[] = {"--db", "--from", "--to", "--source", "--story", "--entity", "--limit", "--offset"};
        int which = -1;
        for (int k = 0; k < 8; k++)
            if (strcmp(a, opts[k]) == 0) which = k;
        if (which < 0) { rc = cli_usage("search", USAGE, "unknown option %s", a); break; }
        if (i + 1 >= argc) { rc = cli_usage("search", USAGE, "%s needs a value", a); break; }
        const char *v = argv[++i];
        long long num = 0;
        switch (which) {
        case 0: db_path = v; break;
        case 1: case 2:
            if (!valid_day(v)) rc = cli_usage("search", USAGE, "%s needs a date YYYY-MM-DD, not %s", a, v);
            if (which == 1) q.from = v; else q.to = v;
            break;
        case 3: q.source = v; break;
        case 4: q.story = v; break;
        default:
            if (!parse_count(v, which == 5 ? 1 : which == 6 ? 1 : 0, &num))
                rc = cli_usage("search", USAGE, "%s needs a number, not %s", a, v);
            else if (which == 5) q.entity = num;
            else if (which == 6) q.limit = (size_t)num;
            else q.offset = (size_t)num;
        }
    }
    if (rc == EXIT_OK && !words && !optimize) rc = cli_usage("search", USAGE, "no query");
    if (rc != EXIT_OK) { free(words); return rc; }
    q.q = words;
    ak_db *db = NULL;
    if (ak_db_open(&db, db_path) != AK_OK) {
        fprintf(stderr, "akhbar search: %s\n", ak_last_error());
        free(words);
        return EXIT_BAD_INPUT;
    }
    if (optimize) { /* merge the index into one segment first (docs/search.md, Speed) */
        int r = ak_search_optimize(db);
        if (r != AK_OK) fprintf(stderr, "akhbar search: %s\n", own_message(ak_last_error()));
        else fprintf(stderr, "akhbar search: index optimized\n");
        if (r != AK_OK || !words) {
            ak_db_close(db);
            free(words);
            return r == AK_OK ? EXIT_OK : EXIT_BAD_INPUT;
        }
    }
    size_t total = 0;
    int st = ak_search(db, &q, print_hit, &o, &total);
    if (fflush(stdout) != 0) o.failed = 1;
    if (o.failed) fprintf(stderr, "akhbar search: cannot write output\n");
    else if (st < 0) fprintf(stderr, "akhbar search: %s\n", own_message(ak_last_error()));
    else fprintf(stderr, "akhbar search: %zu matches\n", total);
    ak_db_close(db);
    free(words);
    return st == AK_OK && !o.failed ? EXIT_OK : EXIT_BAD_INPUT;
}
