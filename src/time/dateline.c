/* dateline.c: recognizes a page-chrome line that carries the publication date, using
 * the tagger's lexicon and patterns, so chrome dates and text dates are read alike. */
#include "time/dateline.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time/timex_internal.h"

#define NODAY INT32_MIN

/* Words that may stand beside the date on a chrome line without making it prose. */
static int chrome_word(const tx_tok *t)
{
    switch (t->cls) {
    case C_CHROME: case C_WEEKDAY: case C_EWEEKDAY: case C_TZ: case C_TZW: case C_PREP:
    case C_HMARK: case C_GMARK: case C_EQUIV: case C_HOURW: case C_AMPM:
        return 1;
    default:
        return 0;
    }
}

int ak_dateline_find(const char *line, size_t n, char out[32])
{
    out[0] = '\0';
    if (!line || n == 0 || n > 400)
        return 0;
    tx_toks v = {0, 0, 0};
    ak_timex *x = NULL;
    size_t nx = 0, cap = 0;
    int found = 0;
    if (tx_tokenize(line, n, &v) || v.n == 0 || v.n > 40)
        goto done;
    /* a date line is one line: newlines inside mean the caller gave a block */
    for (size_t i = 1; i < v.n; i++)
        if (v.t[i].nl)
            goto done;
    if (tx_tag_tokens(line, &v, NODAY, &x, &nx, &cap))
        goto done;
    /* the best expression: a full day (with or without a clock time) */
    size_t best = nx;
    for (size_t k = 0; k < nx; k++)
        if (x[k].granularity == 1 /* minute */ || x[k].granularity == 2 /* day */) {
            if (x[k].value[0] == 'X' || x[k].value[0] == 'P' || strchr(x[k].value, '/'))
                continue;
            best = k;
            break;
        }
    if (best == nx)
        goto done;
    size_t other = 0, words = 0, covered = 0;
    for (size_t i = 0; i < v.n; i++) {
        const tx_tok *t = &v.t[i];
        int in = t->b0 >= x[best].byte_start && t->b1 <= x[best].byte_end;
        if (in) {
            covered++;
            continue;
        }
        if (t->kind == TK_PUNCT)
            continue;
        words++;
        if (t->kind == TK_NUM || !chrome_word(t))
            other++;
    }
    /* prose has many words around the date; chrome has a label at most */
    if (other > 2 || words > 6 || covered < other * 2)
        goto done;
    snprintf(out, 32, "%.16s", x[best].value);
    found = 1;
done:
    free(v.t);
    free(x);
    return found;
}
