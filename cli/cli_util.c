/* cli_util.c: input reading, usage errors and output shared by the subcommands.
 * Kept apart from the dispatch so each cmd_*.c stays a thin shell over the library. */
#include "commands.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

int cli_read_input(const char *path, char **data, size_t *len)
{
    int from_stdin = !path || strcmp(path, "-") == 0;
    FILE *f = from_stdin ? stdin : fopen(path, "rb");
    const char *name = from_stdin ? "<stdin>" : path;
    if (!f) {
        fprintf(stderr, "akhbar: %s: %s\n", name, strerror(errno));
        return EXIT_BAD_INPUT;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap) {
            if (ferror(f)) { free(buf); buf = NULL; }
            break;
        }
        char *grown = realloc(buf, cap * 2);
        if (!grown) { free(buf); buf = NULL; break; }
        buf = grown;
        cap *= 2;
    }
    if (!from_stdin) fclose(f);
    if (!buf) {
        fprintf(stderr, "akhbar: %s: cannot read input\n", name);
        return EXIT_BAD_INPUT;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return EXIT_OK;
}

int cli_usage(const char *cmd, const char *usage, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "akhbar %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nusage: akhbar %s %s\n", cmd, usage);
    return EXIT_USAGE;
}

int cli_write(const char *s, size_t n)
{
    if (n && fwrite(s, 1, n, stdout) != n) {
        fprintf(stderr, "akhbar: cannot write output\n");
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

void cli_json_str(ak_buf *b, const char *s)
{
    if (!s) {
        ak_buf_puts(b, "null");
        return;
    }
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, s, strlen(s));
    ak_buf_putc(b, '"');
}

const char *cli_default_db(void)
{
    const char *env = getenv("AKHBAR_DB");
    return env && *env ? env : "akhbar.db";
}
