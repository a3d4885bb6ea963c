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
    char *data;
    size_t len;
    int rc = cli_read_input(path, &data, &len);
    if (rc) return rc;
    const char *name = path && strcmp(path, "-") ? path : "<stdin>";
    ak_buf out = AK_BUF_INIT;
    int status = EXIT_OK;
    size_t line = 1;
    for (size_t a = 0; a < len; line++) {
        const char *nl = memchr(data + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - data) + 1 : len, need = 0, bad = 0;
        if (!ak_utf8_valid(data + a, b - a, &bad)) {
            /* The bad line is reported and left empty; the others still go out. */
            fprintf(stderr, "akhbar normalize: %s: line %zu: invalid UTF-8 at byte %zu\n", name, line, a + bad);
            status = EXIT_BAD_INPUT;
            if (nl) ak_buf_putc(&out, '\n');
        } else if (ak_buf_reserve(&out, (b - a) * AK_NORM_MAX_GROWTH + 1) == 0) {
            ak_normalize_buf(data + a, b - a, flags, out.data + out.len, out.cap - out.len, &need);
            out.len += need;
        }
        if (out.failed) { fprintf(stderr, "akhbar normalize: out of memory\n"); status = EXIT_BAD_INPUT; break; }
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
