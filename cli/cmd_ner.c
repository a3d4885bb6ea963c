/* cmd_ner.c: `akhbar ner [--conll] [--no-bodies] [FILE|-]`, a thin shell over the library:
 * JSONL entity mentions, or with --conll one token a line with the BIO tag appended. */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char usage[] = "[--conll] [--no-bodies] [FILE|-]\n"
                            "  --no-bodies  leave public bodies (وزارة، قيادة، هيئة ... X) and the lists'\n"
                            "               multi-word names to the model, as ANERcorp's annotation does\n"
                            "  loads ner.model from $AKHBAR_DATA or the installed data folder";

/* The whole input is tagged in one call so the document pass sees every
 * sentence; a blank line is kept and given to the tagger as an empty token,
 * which ends a sentence. The first column of each line is the token. */
static int run_conll(const ak_ner *m, char *text, size_t len)
{
    size_t cap = 1;
    for (size_t i = 0; i < len; i++) cap += text[i] == '\n';
    char **lines = malloc(cap * sizeof *lines);
    const char **tok = malloc(cap * sizeof *tok);
    size_t *lens = malloc(cap * sizeof *lens), n = 0;
    int *tags = malloc(cap * sizeof *tags);
    int rc = (lines && tok && lens && tags) ? EXIT_OK : EXIT_BAD_INPUT;
    for (char *p = text; rc == EXIT_OK && p < text + len;) {
        char *nl = memchr(p, '\n', (size_t)(text + len - p));
        char *e = nl ? nl : text + len;
        if (e > p && e[-1] == '\r') e[-1] = 0;
        *e = 0;
        lines[n] = p;
        tok[n] = p;
        lens[n] = strcspn(p, " \t");
        n++;
        p = e + 1;
    }
    if (rc == EXIT_OK && ak_ner_tag_tokens(m, tok, lens, n, tags)) {
        fprintf(stderr, "akhbar ner: %s\n", ak_last_error());
        rc = EXIT_BAD_INPUT;
    }
    for (size_t i = 0; i < n && rc == EXIT_OK; i++) {
        int w = lines[i][0] ? printf("%s %s\n", lines[i], ak_ner_tag_name(tags[i])) : printf("\n");
        if (w < 0) rc = EXIT_BAD_INPUT;
    }
    free(lines); free(tok); free(lens); free(tags);
    return rc;
}

int cmd_ner(int argc, char **argv)
{
    const char *path = NULL;
    int conll = 0, bodies = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--conll")) conll = 1;
        else if (!strcmp(argv[i], "--no-bodies")) bodies = 0;
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { printf("usage: akhbar ner %s\n", usage); return EXIT_OK; }
        else if (argv[i][0] == '-' && argv[i][1]) return cli_usage("ner", usage, "unknown option '%s'", argv[i]);
        else if (path) return cli_usage("ner", usage, "more than one input");
        else path = argv[i];
    }
    ak_ner *m;
    if (ak_ner_load(&m, NULL)) {
        fprintf(stderr, "akhbar ner: %s\n", ak_last_error());
        return EXIT_BAD_INPUT;
    }
    ak_ner_set_bodies(m, bodies);
    char *text;
    size_t len;
    int rc = cli_read_input(path, &text, &len);
    if (rc) { ak_ner_free(m); return rc; }
    if (conll) {
        rc = run_conll(m, text, len);
    } else {
        char *out;
        size_t n;
        rc = ak_ner_jsonl(m, text, len, &out, &n);
        if (rc) {
            fprintf(stderr, "akhbar ner: %s: %s\n", path ? path : "-", ak_last_error());
            rc = EXIT_BAD_INPUT;
        } else {
            rc = cli_write(out, n);
            ak_free(out);
        }
    }
    free(text);
    ak_ner_free(m);
    return rc;
}
