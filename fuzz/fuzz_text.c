/* fuzz_text.c: libFuzzer target for the text core: normalize (idempotent, within the growth
 * bound), tokenize (tokens cover the input in order, offsets agree), sentences and both stemmers. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"

#define CHECK(c) do { if (!(c)) abort(); } while (0)

static void check_normalize(const char *s, size_t n, unsigned flags)
{
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    int rc = ak_normalize(s, n, flags, &a, &na);
    CHECK(rc == AK_OK || rc == AK_EUTF8);
    if (rc != AK_OK) { CHECK(!ak_utf8_valid(s, n, NULL)); return; }
    CHECK(na <= n * AK_NORM_MAX_GROWTH);
    CHECK(ak_normalize(a, na, flags, &b, &nb) == AK_OK);
    CHECK(na == nb && memcmp(a, b, na) == 0);
    ak_free(a);
    ak_free(b);
}

static void check_tokens(const char *s, size_t n, ak_stemmer *l10, ak_stemmer *sb)
{
    ak_token_iter it;
    ak_token t;
    size_t pos = 0, cp = 0;
    int rc;
    ak_token_iter_init(&it, s, n);
    while ((rc = ak_token_next(&it, &t)) == 1) {
        CHECK(t.byte_start >= pos && t.byte_end > t.byte_start && t.byte_end <= n);
        CHECK(t.start == cp + ak_utf8_count(s + pos, t.byte_start - pos));
        CHECK(t.end == t.start + ak_utf8_count(s + t.byte_start, t.byte_end - t.byte_start));
        pos = t.byte_end;
        cp = t.end;
        char norm[512];
        size_t need;
        if (ak_normalize_buf(s + t.byte_start, t.byte_end - t.byte_start, AK_NORM_DEFAULT, norm, sizeof norm,
                             &need) != AK_OK)
            continue;
        const char *stem;
        size_t len;
        CHECK(ak_stem(l10, norm, need, &stem, &len) == AK_OK && len <= need);
        CHECK(ak_stem(sb, norm, need, &stem, &len) == AK_OK);
        (void)ak_is_stopword(norm, need);
    }
    CHECK(rc == 0 || rc == AK_EUTF8);
}

static void check_sentences(const char *s, size_t n)
{
    ak_token *sp;
    size_t k;
    for (unsigned flags = 0; flags <= AK_SENT_LINES; flags++) {
        int rc = ak_sentences(s, n, flags, &sp, &k);
        CHECK(rc == AK_OK || rc == AK_EUTF8);
        if (rc != AK_OK) continue;
        for (size_t i = 0; i < k; i++) {
            CHECK(sp[i].byte_end > sp[i].byte_start && sp[i].byte_end <= n);
            if (i) CHECK(sp[i].byte_start >= sp[i - 1].byte_end);
        }
        ak_free(sp);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static ak_stemmer *l10, *sb;
    if (!l10 && ak_stemmer_new(&l10, AK_STEM_LIGHT10)) return 0;
    if (!sb && ak_stemmer_new(&sb, AK_STEM_SNOWBALL)) return 0;
    const char *s = (const char *)data;
    unsigned flags = size ? data[0] * 2u + 1u : AK_NORM_DEFAULT;
    check_normalize(s, size, AK_NORM_DEFAULT);
    check_normalize(s, size, flags & AK_NORM_DEFAULT);
    check_tokens(s, size, l10, sb);
    check_sentences(s, size);
    return 0;
}
