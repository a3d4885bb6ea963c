/* cmd_timex.c: `akhbar timex [--dct YYYY-MM-DD] [--articles] [FILE|-]`, a thin shell over the library:
 * JSONL time expressions of one text; without --dct the DCT comes from the text's own date line.
 * With --articles the input is articles as `akhbar ingest` reads them (JSONL records, text or HTML
 * files, a directory) and each gets one output line, so a whole set is tagged in one process. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "util/buf.h"

static const char usage[] = "[--dct YYYY-MM-DD] [--articles] [FILE|DIR|-]\n"
                            "  --articles: one line per article: {\"id\",\"line\",\"dct\",\"timex\":[...]}";

/* The DCT of a text: the given one, else its date line when the guess is sure. */
static const char *text_dct(const char *text, size_t len, const char *dct, ak_dct_guess *g)
{
    if (!dct && ak_dct_infer(text, len, g) == AK_OK && g->date[0] && g->confidence >= 0.9)
        dct = g->date;
    return dct;
}

/* 1 when the library refuses dct (the message is in ak_last_error()). */
static int bad_dct(const char *dct)
{
    char *x = NULL;
    size_t n;
    int rc = ak_timex_jsonl("", 0, dct, &x, &n);
    ak_free(x);
    return rc == AK_EINVAL;
}

typedef struct each_ctx {
    const char *dct; /* --dct: the DCT of articles with no date of their own */
    ak_buf out;
    int status, write_failed;
} each_ctx;

static void report(const ak_article *a, const char *reason)
{
    if (a->line)
        fprintf(stderr, "akhbar timex: %s:%zu: %s\n", a->origin, a->line, reason);
    else
        fprintf(stderr, "akhbar timex: %s: %s\n", a->origin, reason);
}

/* One article: {"id","line","dct","timex":[...]}, the expressions as the one-text mode writes them
 * (offsets in code points of the text as read: HTML reduced to text, character references decoded). */
static int on_article(ak_article *a, int ok, const char *reason, void *ctx)
{
    each_ctx *c = ctx;
    if (!ok) {
        report(a, reason);
        c->status = EXIT_BAD_INPUT;
        return 0;
    }
    char day[11] = "";
    if (a->published)
        snprintf(day, sizeof day, "%s", a->published); /* "YYYY-MM-DD" of "YYYY-MM-DDTHH:MM" */
    ak_dct_guess g;
    const char *dct = day[0] ? day : text_dct(a->raw, a->raw_len, c->dct, &g);
    char *x;
    size_t n;
    if (ak_timex_jsonl(a->raw, a->raw_len, dct, &x, &n) != AK_OK) {
        report(a, ak_last_error());
        c->status = EXIT_BAD_INPUT;
        return 0;
    }
    ak_buf *b = &c->out;
    ak_buf_puts(b, "{\"id\":");
    cli_json_str(b, a->id);
    ak_buf_printf(b, ",\"line\":%zu,\"dct\":", a->line);
    cli_json_str(b, dct);
    ak_buf_puts(b, ",\"timex\":[");
    /* the one-text mode's lines, joined: an escaped string holds no raw newline */
    for (size_t i = 0; i < n;) {
        const char *nl = memchr(x + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - x) : n;
        if (i)
            ak_buf_puts(b, ",");
        ak_buf_append(b, x + i, e - i);
        i = e + 1;
    }
    ak_buf_puts(b, "]}\n");
    ak_free(x);
    if (b->failed)
        return AK_ENOMEM;
    if (b->len > CLI_FLUSH_AT) {
        c->write_failed = cli_write(b->data, b->len) != 0;
        ak_buf_reset(b);
    }
    return c->write_failed ? AK_EIO : 0;
}

static int tag_articles(const char *path, const char *dct)
{
    each_ctx c = {dct, AK_BUF_INIT, EXIT_OK, 0};
    int rc = ak_read_path(path ? path : "-", 0, on_article, &c);
    if (rc == AK_ENOMEM || c.out.failed) {
        fprintf(stderr, "akhbar timex: out of memory\n");
        c.status = EXIT_BAD_INPUT;
    } else if (c.write_failed || (c.out.len && cli_write(c.out.data, c.out.len)))
        c.status = EXIT_BAD_INPUT;
    ak_buf_free(&c.out);
    return c.status;
}

int cmd_timex(int argc, char **argv)
{
    const char *dct = NULL, *path = NULL;
    int articles = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dct")) {
            if (i + 1 >= argc)
                return cli_usage("timex", usage, "--dct needs a date");
            dct = argv[++i];
        } else if (!strncmp(argv[i], "--dct=", 6))
            dct = argv[i] + 6;
        else if (!strcmp(argv[i], "--articles"))
            articles = 1;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: akhbar timex %s\n", usage);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("timex", usage, "unknown option '%s'", argv[i]);
        else if (path)
            return cli_usage("timex", usage, "more than one input");
        else
            path = argv[i];
    }
    if (dct && bad_dct(dct))
        return cli_usage("timex", usage, "%s", ak_last_error());
    if (articles)
        return tag_articles(path, dct);
    char *text;
    size_t len;
    int rc = cli_read_input(path, &text, &len);
    if (rc)
        return rc;
    ak_dct_guess g;
    dct = text_dct(text, len, dct, &g);
    char *out;
    size_t n;
    rc = ak_timex_jsonl(text, len, dct, &out, &n);
    free(text);
    if (rc) {
        fprintf(stderr, "akhbar timex: %s: %s\n", path ? path : "-", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    rc = cli_write(out, n);
    ak_free(out);
    return rc;
}
