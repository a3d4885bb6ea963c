/* cmd_timex.c: `akhbar timex [--dct YYYY-MM-DD] [FILE|-]`, a thin shell over the library:
 * JSONL time expressions; without --dct the DCT comes from the text's own date line. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char usage[] = "[--dct YYYY-MM-DD] [FILE|-]";

int cmd_timex(int argc, char **argv)
{
    const char *dct = NULL, *path = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--dct")) {
            if (i + 1 >= argc)
                return cli_usage("timex", usage, "--dct needs a date");
            dct = argv[++i];
        } else if (!strncmp(argv[i], "--dct=", 6))
            dct = argv[i] + 6;
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
    char *text;
    size_t len;
    int rc = cli_read_input(path, &text, &len);
    if (rc)
        return rc;
    ak_dct_guess g;
    if (!dct && ak_dct_infer(text, len, &g) == AK_OK && g.date[0] && g.confidence >= 0.9)
        dct = g.date;
    char *out;
    size_t n;
    rc = ak_timex_jsonl(text, len, dct, &out, &n);
    free(text);
    if (rc == AK_EINVAL)
        return cli_usage("timex", usage, "%s", ak_last_error());
    if (rc) {
        fprintf(stderr, "akhbar timex: %s: %s\n", path ? path : "-", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    rc = cli_write(out, n);
    ak_free(out);
    return rc;
}
