/* cli_lines.c: the line-by-line driver of the text commands (normalize, tokens, sentences):
 * each line is checked as UTF-8 on its own, so one bad line is reported and the rest still go out. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"
#include "util/buf.h"

int cli_each_line(const char *cmd, const char *path, cli_line_fn fn, void *ctx)
{
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
        size_t b = nl ? (size_t)(nl - data) + 1 : len, bad = 0;
        int valid = ak_utf8_valid(data + a, b - a, &bad);
        if (!valid) {
            fprintf(stderr, "akhbar %s: %s: line %zu: invalid UTF-8 at byte %zu\n", cmd, name, line, a + bad);
            status = EXIT_BAD_INPUT;
        }
        if (fn(data + a, b - a, valid, &out, ctx) != 0) {
            fprintf(stderr, "akhbar %s: %s: line %zu: %s\n", cmd, name, line, ak_last_error());
            status = EXIT_BAD_INPUT;
        }
        if (out.failed) { fprintf(stderr, "akhbar %s: out of memory\n", cmd); status = EXIT_BAD_INPUT; break; }
        if (out.len > CLI_FLUSH_AT) {
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
