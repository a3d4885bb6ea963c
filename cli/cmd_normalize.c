/* cmd_normalize.c: `akhbar normalize [--keep-teh-marbuta] [FILE|-]`, a thin shell over
 * ak_normalize_buf: line by line, so the output keeps the input's line structure. */
#include "akhbar.h"
#include "commands.h"
#include "text/utf8.h"
#include "util/buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char USAGE[] = "[--keep-teh-marbuta] [FILE|-]";

/* A bad line is left empty (its line break kept) so the output keeps the line structure. */
static int norm_line(const char *line, size_t n, int valid, ak_buf *out, void *ctx)
{
    size_t need = 0;
    if (!valid) {
        if (n && line[n - 1] == '\n') ak_buf_putc(out, '\n');
        return 0;
    }
    if (ak_buf_reserve(out, n * AK_NORM_MAX_GROWTH + 1) != 0) return 0; /* out->failed reports it */
    ak_normalize_buf(line, n, *(const unsigned *)ctx, out->data + out->len, out->cap - out->len, &need);
    out->len += need;
    return 0;
}

int cmd_normalize(int argc, char **argv)
{
    unsigned flags = AK_NORM_DEFAULT;
    const char *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--keep-teh-marbuta")) flags &= ~(unsigned)AK_NORM_TEH_MARBUTA;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: akhbar normalize %s\nNormalized Arabic text (docs/text.md), same line structure.\n"
                   "  --keep-teh-marbuta  do not fold ة to ه\n", USAGE);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("normalize", USAGE, "unknown option '%s'", argv[i]);
        else if (path) return cli_usage("normalize", USAGE, "more than one input");
        else path = argv[i];
    }
    return cli_each_line("normalize", path, norm_line, &flags);
}
