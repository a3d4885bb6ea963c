/* cmd_tokens.c: `akhbar tokens [--stem light10|snowball|none] [FILE|-]`: TSV
 * `start end surface normalized stem` per token, code-point offsets into the input. */
#include "akhbar.h"
#include "commands.h"
#include "text/utf8.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] = "[--stem light10|snowball|none] [FILE|-]";

typedef struct {
    ak_buf *out;
    ak_stemmer *st;
    size_t base; /* code points before this line */
    char norm[4096];
} tsv_ctx;

/* Appends one token's row. */
static void row(tsv_ctx *c, const char *line, const ak_token *t)
{
    const char *s = line + t->byte_start;
    size_t n = t->byte_end - t->byte_start, need = 0;
    char *norm = c->norm, *big = NULL;
    if (ak_normalize_buf(s, n, AK_NORM_DEFAULT, norm, sizeof c->norm, &need) == AK_ETOOBIG) {
        big = malloc(need);
        if (big && ak_normalize_buf(s, n, AK_NORM_DEFAULT, big, need, &need) == AK_OK) norm = big;
        else need = 0;
    }
    const char *stem = norm;
    size_t stem_len = need;
    if (t->kind == AK_TOK_ARABIC && ak_stem(c->st, norm, need, &stem, &stem_len) != AK_OK) {
        stem = norm;
        stem_len = need;
    }
    ak_buf_printf(c->out, "%zu\t%zu\t", c->base + t->start, c->base + t->end);
    ak_buf_append(c->out, s, n);
    ak_buf_putc(c->out, '\t');
    ak_buf_append(c->out, norm, need);
    ak_buf_putc(c->out, '\t');
    ak_buf_append(c->out, stem, stem_len);
    ak_buf_putc(c->out, '\n');
    free(big);
}

static int token_line(const char *line, size_t n, int valid, ak_buf *out, void *ctx)
{
    tsv_ctx *c = ctx;
    c->out = out;
    if (valid) {
        ak_token_iter it;
        ak_token t;
        ak_token_iter_init(&it, line, n);
        while (ak_token_next(&it, &t) == 1) row(c, line, &t);
    }
    /* Offsets stay in the whole input's code points (a bad line counts its lead bytes). */
    c->base += ak_utf8_count(line, n);
    return 0;
}

static int parse_stem(const char *v)
{
    if (!strcmp(v, "light10")) return AK_STEM_LIGHT10;
    if (!strcmp(v, "snowball")) return AK_STEM_SNOWBALL;
    if (!strcmp(v, "none")) return AK_STEM_NONE;
    return -1;
}

int cmd_tokens(int argc, char **argv)
{
    int kind = AK_STEM_LIGHT10;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--stem") || !strncmp(argv[i], "--stem=", 7)) {
            const char *v = argv[i][6] == '=' ? argv[i] + 7 : (i + 1 < argc ? argv[++i] : NULL);
            if (!v || (kind = parse_stem(v)) < 0) return cli_usage("tokens", USAGE, "--stem takes light10, snowball or none");
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: akhbar tokens %s\nOne token a line: start end surface normalized stem (TSV,\n"
                   "code-point offsets into the input, end exclusive). Default stemmer: light10.\n", USAGE);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("tokens", USAGE, "unknown option '%s'", argv[i]);
        else if (path) return cli_usage("tokens", USAGE, "more than one input");
        else path = argv[i];
    }
    tsv_ctx c = {NULL, NULL, 0, {0}};
    if (ak_stemmer_new(&c.st, kind) != AK_OK) {
        fprintf(stderr, "akhbar tokens: %s\n", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    int status = cli_each_line("tokens", path, token_line, &c);
    ak_stemmer_free(c.st);
    return status;
}
