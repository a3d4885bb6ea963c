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

static int sentence_line(const char *line, size_t n, int valid, ak_buf *out, void *ctx)
{
    (void)ctx;
    ak_token *s = NULL;
    size_t k = 0;
    if (!valid) return 0;
    if (ak_sentences(line, n, AK_SENT_DEFAULT, &s, &k) != AK_OK) return 1;
    for (size_t i = 0; i < k; i++) {
        ak_buf_append(out, line + s[i].byte_start, s[i].byte_end - s[i].byte_start);
        ak_buf_putc(out, '\n');
    }
    ak_free(s);
    return 0;
}

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
    /* Every line break ends a sentence (AK_SENT_LINES), so lines are split one by one. */
    return cli_each_line("sentences", path, sentence_line, NULL);
}
