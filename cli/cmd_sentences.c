/* cmd_sentences.c: `akhbar sentences [FILE|-]`: one sentence a line, as ak_sentences splits
 * the input (docs/text.md); empty lines of the input give no output. */
#include "akhbar.h"
#include "commands.h"
#include "text/utf8.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] = "[FILE|-]";

int cmd_sentences(int argc, char **argv)
{
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: akhbar sentences %s\nOne sentence a line (split at . ؟ ? ! … ؛ and line breaks,\n"
                   "not at decimals, dates, abbreviations or inside quotes).\n", USAGE);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("sentences", USAGE, "unknown option '%s'", argv[i]);
        else if (path) return cli_usage("sentences", USAGE, "more than one input");
        else path = argv[i];
    }
    char *data;
    size_t len;
    int rc = cli_read_input(path, &data, &len);
    if (rc) return rc;
    const char *name = path && strcmp(path, "-") ? path : "<stdin>";
    ak_buf out = AK_BUF_INIT;
    int status = EXIT_OK;
    size_t line = 1;
    /* Every line break ends a sentence (AK_SENT_LINES), so lines are split one by one. */
    for (size_t a = 0; a < len; line++) {
        const char *nl = memchr(data + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - data) + 1 : len, bad = 0, n = 0;
        ak_token *s = NULL;
        if (!ak_utf8_valid(data + a, b - a, &bad)) {
            fprintf(stderr, "akhbar sentences: %s: line %zu: invalid UTF-8 at byte %zu\n", name, line, a + bad);
            status = EXIT_BAD_INPUT;
        } else if (ak_sentences(data + a, b - a, AK_SENT_DEFAULT, &s, &n) != AK_OK) {
            fprintf(stderr, "akhbar sentences: %s: line %zu: %s\n", name, line, ak_last_error());
            status = EXIT_BAD_INPUT;
        }
        for (size_t i = 0; i < n; i++) {
            ak_buf_append(&out, data + a + s[i].byte_start, s[i].byte_end - s[i].byte_start);
            ak_buf_putc(&out, '\n');
        }
        ak_free(s);
        if (out.failed) { fprintf(stderr, "akhbar sentences: out of memory\n"); status = EXIT_BAD_INPUT; break; }
        if (out.len > (1u << 20)) {
            if (cli_write(out.data, out.len)) { status = EXIT_BAD_INPUT; break; }
            ak_buf_reset(&out);
        }
        a = b;
    }
    if (!out.failed && cli_write(out.data, out.len)) status = EXIT_BAD_INPUT;
    ak_buf_free(&out);
    free(data);
    return status;
}
