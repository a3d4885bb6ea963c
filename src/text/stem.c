/* stem.c: the Light10 light stemmer (Larkey, Ballesteros & Connell), written from the paper's
 * rules, and Snowball Arabic through libstemmer, behind one ak_stemmer handle. */
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"
#include "util/error.h"

/* Normalized Arabic letters are two bytes, 0xD8 or 0xD9 then one byte: a letter is
 * compared as a 16-bit value, so each affix test is one or two compares. */
#define L(hi, lo) ((unsigned)(hi) << 8 | (unsigned)(lo))
enum {
    ALEF = L(0xD8, 0xA7), LAM = L(0xD9, 0x84), WAW = L(0xD9, 0x88), BEH = L(0xD8, 0xA8),
    KAF = L(0xD9, 0x83), FEH = L(0xD9, 0x81), HEH = L(0xD9, 0x87), NOON = L(0xD9, 0x86),
    TEH = L(0xD8, 0xAA), YEH = L(0xD9, 0x8A), TEH_M = L(0xD8, 0xA9)
};

static inline unsigned at(const unsigned char *s, size_t i) { return L(s[i], s[i + 1]); }

/* The paper's suffixes, right to left in its order: ها ان ات ون ين يه ية ه ة ي. */
static const unsigned suffix2[][2] = {{HEH, ALEF}, {ALEF, NOON}, {ALEF, TEH}, {WAW, NOON},
                                      {YEH, NOON}, {YEH, HEH}, {YEH, TEH_M}};
static const unsigned suffix1[] = {HEH, TEH_M, YEH};

AK_API size_t ak_light10(const char *word, size_t len, char *out, size_t cap)
{
    if (!word || !out) return 0;
    const unsigned char *s = (const unsigned char *)word;
    size_t n = len;
    /* Letter counts below are in code points; non-2-byte letters make it approximate only
     * for words that no affix of the paper can match anyway. */
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) chars += (s[i] & 0xC0) != 0x80;
    /* و: only when three letters stay (ولد, وزن keep it). */
    if (chars >= 4 && at(s, 0) == WAW) { s += 2; n -= 2; chars--; }
    /* One definite article (ال وال بال كال فال لل), when two letters stay. */
    if (n >= 4) {
        unsigned a = at(s, 0), b = at(s, 2);
        size_t art = 0;
        if ((a == ALEF && b == LAM) || (a == LAM && b == LAM)) art = 2;
        else if (n >= 6 && (a == WAW || a == BEH || a == KAF || a == FEH) && b == ALEF && at(s, 4) == LAM) art = 3;
        if (art && chars - art >= 2) { s += 2 * art; n -= 2 * art; chars -= art; }
    }
    /* Each suffix once, in the paper's order, when two letters stay. */
    for (size_t i = 0; i < sizeof suffix2 / sizeof *suffix2; i++)
        if (chars >= 4 && n >= 4 && at(s, n - 4) == suffix2[i][0] && at(s, n - 2) == suffix2[i][1]) {
            n -= 4;
            chars -= 2;
        }
    for (size_t i = 0; i < sizeof suffix1 / sizeof *suffix1; i++)
        if (chars >= 3 && n >= 2 && at(s, n - 2) == suffix1[i]) {
            n -= 2;
            chars--;
        }
    if (n > cap) n = cap;
    memmove(out, s, n);
    return n;
}

struct ak_stemmer {
    int kind;
    struct sb_stemmer *sb;
    char *buf;
    size_t cap;
};

AK_API int ak_stemmer_new(ak_stemmer **out, int kind)
{
    if (!out) return ak_set_error(AK_EINVAL, "stemmer: bad argument");
    *out = NULL;
    if (kind != AK_STEM_NONE && kind != AK_STEM_LIGHT10 && kind != AK_STEM_SNOWBALL)
        return ak_set_error(AK_EINVAL, "stemmer: unknown kind %d", kind);
    ak_stemmer *st = calloc(1, sizeof *st);
    if (!st) return ak_set_error(AK_ENOMEM, "stemmer: out of memory");
    st->kind = kind;
    if (kind == AK_STEM_SNOWBALL) {
        st->sb = sb_stemmer_new("arabic", "UTF_8");
        if (!st->sb) {
            free(st);
            return ak_set_error(AK_ENOMEM, "stemmer: libstemmer could not create the Arabic stemmer");
        }
    }
    *out = st;
    return AK_OK;
}

AK_API void ak_stemmer_free(ak_stemmer *st)
{
    if (!st) return;
    if (st->sb) sb_stemmer_delete(st->sb);
    free(st->buf);
    free(st);
}

AK_API int ak_stem(ak_stemmer *st, const char *word, size_t len, const char **stem, size_t *stem_len)
{
    if (!st || (!word && len) || !stem || !stem_len) return ak_set_error(AK_EINVAL, "stem: bad argument");
    if (!word) word = "";
    if (st->kind == AK_STEM_NONE) {
        *stem = word;
        *stem_len = len;
        return AK_OK;
    }
    if (st->kind == AK_STEM_SNOWBALL) {
        if (len > (size_t)INT32_MAX) return ak_set_error(AK_ETOOBIG, "stem: word too long");
        const sb_symbol *r = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
        if (!r) return ak_set_error(AK_ENOMEM, "stem: libstemmer out of memory");
        *stem = (const char *)r;
        *stem_len = (size_t)sb_stemmer_length(st->sb);
        return AK_OK;
    }
    if (len + 1 > st->cap) {
        size_t ncap = len + 64;
        char *g = realloc(st->buf, ncap);
        if (!g) return ak_set_error(AK_ENOMEM, "stem: out of memory");
        st->buf = g;
        st->cap = ncap;
    }
    *stem_len = ak_light10(word, len, st->buf, st->cap);
    st->buf[*stem_len] = '\0';
    *stem = st->buf;
    return AK_OK;
}
