/* stem.c: the Light10 light stemmer (Larkey, Ballesteros & Connell), written from the paper's
 * rules, and Snowball Arabic through libstemmer, behind one ak_stemmer handle. */
#include <libstemmer.h>
#include <stdint.h>
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

/* The paper's suffixes, right to left in its order: ها ان ات ون ين يه ية ه ة ي (below). */

/* Continuation bytes (10xxxxxx) among the eight bytes of x: 1 in each such byte, summed. */
static inline size_t cont8(uint64_t x)
{
    uint64_t c = (x & ~(x << 1) & 0x8080808080808080u) >> 7;
    return (size_t)((c * 0x0101010101010101u) >> 56);
}

static inline uint64_t load(const unsigned char *s, size_t k)
{
    uint64_t x = 0;
    memcpy(&x, s, k); /* k is 4 or 8: one load */
    return x;
}

/* Code points in s[0..len): bytes less continuation bytes, counted eight (or four) at a
 * time, the last block overlapping the previous one with the overlap masked off, so a
 * word costs one or two loads and no data-dependent loop exit (the masks assume
 * little-endian loads; other machines take the byte loop). */
static inline size_t count_chars(const unsigned char *s, size_t len)
{
    size_t cont = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 8) {
        size_t i = 0;
        for (; i + 8 <= len; i += 8) cont += cont8(load(s + i, 8));
        if (i < len) cont += cont8(load(s + len - 8, 8) & (~0ull << (8 * (8 - (len - i)))));
    } else if (len >= 4) {
        cont = cont8(load(s, 4)) + cont8(load(s + len - 4, 4) & ((~0ull << (8 * (8 - len))) & 0xFFFFFFFFu));
    } else
#endif
    {
        for (size_t i = 0; i < len; i++) cont += (s[i] & 0xC0) == 0x80;
    }
    return len - cont;
}

/* Can a suffix of the paper end with this letter? Most words end otherwise. */
static inline int suffix_end(unsigned c)
{
    return c == ALEF || c == NOON || c == TEH || c == HEH || c == TEH_M || c == YEH;
}

/* Any word: letters counted, affixes compared letter by letter. */
static size_t light10_general(const char *word, size_t len, char *out, size_t cap)
{
    const unsigned char *s = (const unsigned char *)word;
    size_t n = len;
    /* Letter counts below are in code points; non-2-byte letters make it approximate only
     * for words that no affix of the paper can match anyway. */
    size_t chars = count_chars(s, len);
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
    /* Each suffix once, in the paper's order, when two letters stay: the last two
     * letters held in registers, unrolled (a loop over a table was a third of the time). */
    if (n >= 2 && suffix_end(at(s, n - 2))) {
        unsigned last = at(s, n - 2), prev = n >= 4 ? at(s, n - 4) : 0;
#define SUFFIX2(p, l)                                                                                    \
    if (chars >= 4 && n >= 4 && prev == (p) && last == (l)) {                                           \
        n -= 4;                                                                                          \
        chars -= 2;                                                                                      \
        last = at(s, n - 2);                                                                             \
        prev = n >= 4 ? at(s, n - 4) : 0;                                                                \
    }
        SUFFIX2(HEH, ALEF) SUFFIX2(ALEF, NOON) SUFFIX2(ALEF, TEH) SUFFIX2(WAW, NOON) SUFFIX2(YEH, NOON)
        SUFFIX2(YEH, HEH) SUFFIX2(YEH, TEH_M)
#undef SUFFIX2
#define SUFFIX1(l)                                                                                       \
    if (chars >= 3 && n >= 2 && last == (l)) {                                                          \
        n -= 2;                                                                                          \
        chars--;                                                                                         \
        last = n >= 2 ? at(s, n - 2) : 0;                                                                \
    }
        SUFFIX1(HEH) SUFFIX1(TEH_M) SUFFIX1(YEH)
#undef SUFFIX1
    }
    if (n > cap) n = cap;
    if ((const char *)s != out) memmove(out, s, n);
    return n;
}

/* Eight bytes hold four two-byte letters at even offsets: lead 110xxxxx, then 10xxxxxx. */
static inline int pairs8(uint64_t x) { return (x & 0xC0E0C0E0C0E0C0E0ull) == 0x80C080C080C080C0ull; }

/* The two-letter suffix ending in the letter pair (prev, last): its place in the paper's
 * order (1-7), 0 for none. Compares combined without branches: which suffix a word ends
 * with is what the branch predictor cannot guess. */
static inline unsigned suffix2_rank(unsigned prev, unsigned last)
{
    uint32_t p = prev << 16 | last;
#define R(k, a, b) ((unsigned)(p == ((uint32_t)(a) << 16 | (b))) * (k))
    return R(1, HEH, ALEF) | R(2, ALEF, NOON) | R(3, ALEF, TEH) | R(4, WAW, NOON) | R(5, YEH, NOON) |
           R(6, YEH, HEH) | R(7, YEH, TEH_M);
#undef R
}

/* Copies n (4..16) bytes; every load before any store, so the two may overlap. */
static inline void copy_short(char *out, const unsigned char *s, size_t n)
{
    if (n >= 8) {
        uint64_t a, b;
        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(out, &a, 8);
        memcpy(out + n - 8, &b, 8);
    } else {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(out, &a, 4);
        memcpy(out + n - 4, &b, 4);
    }
}

/* Words of 4-8 two-byte letters, most of a text's words: a letter is two bytes, so the
 * letter counts of the rules are byte counts, and each step is a conditional subtraction
 * rather than a branch (mispredicted branches were most of the stemmer's time). */
static size_t light10_short(const unsigned char *s, size_t n, char *out)
{
    const unsigned char *w = s;
    /* و when three letters stay: n >= 8 already. */
    size_t cut = (at(s, 0) == WAW) * 2u;
    s += cut;
    n -= cut;
    unsigned a = at(s, 0), b = at(s, 2), c = at(s, 4);
    size_t art = (size_t)(((a == ALEF) | (a == LAM)) & (b == LAM)) * 2u +
                 (size_t)(((a == WAW) | (a == BEH) | (a == KAF) | (a == FEH)) & (b == ALEF) & (c == LAM)) * 3u;
    art = n >= 2 * art + 4 ? art : 0; /* two letters stay */
    s += 2 * art;
    n -= 2 * art;
    /* Suffixes in the paper's order, each once, when two letters stay (n >= 4 here). */
    unsigned last = at(s, n - 2), prev = at(s, n - 4);
    unsigned r = n >= 8 ? suffix2_rank(prev, last) : 0;
    while (r) { /* after a suffix comes off, only those later in the order may follow */
        n -= 4;
        last = at(s, n - 2);
        prev = at(s, n - 4);
        unsigned next = n >= 8 ? suffix2_rank(prev, last) : 0;
        r = next > r ? next : 0;
    }
    size_t h = (last == HEH) & (n >= 6);
    n -= 2 * h;
    last = at(s, n - 2);
    size_t t = (last == TEH_M) & (n >= 6);
    n -= 2 * t;
    last = at(s, n - 2);
    n -= 2 * (size_t)((last == YEH) & (n >= 6));
    if (s != w || (const char *)w != out) copy_short(out, s, n);
    return n;
}

AK_API size_t ak_light10(const char *word, size_t len, char *out, size_t cap)
{
    if (!word || !out) return 0;
    const unsigned char *s = (const unsigned char *)word;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (len >= 8 && len <= 16 && !(len & 1) && cap >= len && pairs8(load(s, 8)) && pairs8(load(s + len - 8, 8)))
        return light10_short(s, len, out);
    if ((len == 4 || len == 6) && cap >= len && pairs8(load(s, 4) | load(s + len - 4, 4) << 32)) {
        /* Two or three letters: only ه ة ي can come off, from three. */
        unsigned last = at(s, len - 2);
        size_t n = len - 2 * (size_t)((len == 6) & ((last == HEH) | (last == TEH_M) | (last == YEH)));
        if ((const char *)s != out) memmove(out, s, n);
        return n;
    }
#endif
    return light10_general(word, len, out, cap);
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
