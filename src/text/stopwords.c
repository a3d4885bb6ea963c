/* stopwords.c: look-up of Arabic function words in the compiled-in table
 * (src/text/stopwords_table.c, generated from data/stopwords-ar.txt). */
#include <string.h>

#include "akhbar.h"
#include "text/text_internal.h"

/* Bytewise order, the order the generator sorts in. */
static int cmp_word(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    int c = memcmp(a, b, an < bn ? an : bn);
    if (c) return c;
    return an < bn ? -1 : an > bn;
}

AK_API int ak_is_stopword(const char *word, size_t len)
{
    char buf[128];
    size_t need = 0, bad = 0;
    if (!word || len == 0 || len > sizeof buf) return 0; /* longer than any stopword */
    if (ak_text_normalize_raw(word, len, AK_NORM_DEFAULT, buf, sizeof buf, &need, &bad) != AK_OK) return 0;
    size_t lo = 0, hi = ak_stopwords_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = cmp_word(buf, need, ak_stopwords[mid]);
        if (c == 0) return 1;
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return 0;
}
