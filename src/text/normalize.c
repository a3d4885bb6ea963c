/* normalize.c: Arabic orthographic normalization (marks, tatweel, alef/yeh/teh folds, digits,
 * presentation forms, invisible controls, Persian letters), one byte-level pass over UTF-8. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "akhbar.h"
#include "text/text_internal.h"
#include "text/utf8.h"
#include "util/error.h"

ak_norm_rule ak_norm_arabic_rules[256];

/* NFKC of every presentation form, built once: FB50-FDFF then FE70-FEFF. */
enum { PF1_LO = 0xFB50, PF1_HI = 0xFDFF, PF2_LO = 0xFE70, PF2_HI = 0xFEFF };
enum { PF1_N = PF1_HI - PF1_LO + 1, PF2_N = PF2_HI - PF2_LO + 1, PF_N = PF1_N + PF2_N };
static uint16_t pf_off[PF_N + 1];
static char pf_pool[PF_N * 12];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void set_range(uint32_t lo, uint32_t hi, uint16_t flag, uint16_t to)
{
    for (uint32_t c = lo; c <= hi; c++) ak_norm_arabic_rules[c - 0x600] = (ak_norm_rule){flag, to};
}

static void build_arabic_rules(void)
{
    set_range(0x610, 0x61A, AK_NORM_MARKS, 0);
    set_range(0x64B, 0x65F, AK_NORM_MARKS, 0);
    set_range(0x670, 0x670, AK_NORM_MARKS, 0);
    set_range(0x6D6, 0x6ED, AK_NORM_MARKS, 0);
    set_range(0x640, 0x640, AK_NORM_TATWEEL, 0);
    set_range(0x61C, 0x61C, AK_NORM_CONTROLS, 0);
    static const uint16_t alefs[] = {0x622, 0x623, 0x625, 0x671, 0x672, 0x673};
    for (size_t i = 0; i < sizeof alefs / sizeof *alefs; i++) set_range(alefs[i], alefs[i], AK_NORM_ALEF, 0x627);
    set_range(0x649, 0x649, AK_NORM_ALEF_MAKSURA, 0x64A);
    set_range(0x629, 0x629, AK_NORM_TEH_MARBUTA, 0x647);
    for (uint16_t d = 0; d < 10; d++) {
        set_range(0x660 + d, 0x660 + d, AK_NORM_DIGITS, (uint16_t)('0' + d));
        set_range(0x6F0 + d, 0x6F0 + d, AK_NORM_DIGITS, (uint16_t)('0' + d));
    }
    set_range(0x6A9, 0x6AA, AK_NORM_PERSIAN, 0x643);   /* keheh, swash kaf */
    set_range(0x6CC, 0x6CC, AK_NORM_PERSIAN, 0x64A);   /* farsi yeh */
    set_range(0x6C0, 0x6C1, AK_NORM_PERSIAN, 0x647);   /* heh with yeh above, heh goal */
    set_range(0x6BE, 0x6BE, AK_NORM_PERSIAN, 0x647);   /* heh doachashmee */
    set_range(0x6D5, 0x6D5, AK_NORM_PERSIAN, 0x647);   /* ae */
}

static void build_presentation(void)
{
    size_t off = 0;
    for (size_t i = 0; i < PF_N; i++) {
        uint32_t cp = i < PF1_N ? PF1_LO + (uint32_t)i : PF2_LO + (uint32_t)(i - PF1_N);
        pf_off[i] = (uint16_t)off;
        char src[5] = {0};
        size_t k = ak_utf8_encode(cp, src);
        utf8proc_uint8_t *nf = utf8proc_NFKC((const utf8proc_uint8_t *)src);
        const char *s = nf ? (const char *)nf : src;
        size_t n = nf ? strlen(s) : k;
        if (off + n > sizeof pf_pool) n = 0; /* cannot happen with Unicode's data; keep bounds */
        memcpy(pf_pool + off, s, n);
        off += n;
        free(nf);
    }
    pf_off[PF_N] = (uint16_t)off;
}

static void build_tables(void)
{
    build_arabic_rules();
    build_presentation();
}

void ak_text_tables_init(void)
{
    pthread_once(&tables_once, build_tables);
}

static int pf_index(uint32_t cp)
{
    if (cp >= PF1_LO && cp <= PF1_HI) return (int)(cp - PF1_LO);
    if (cp >= PF2_LO && cp <= PF2_HI) return (int)(cp - PF2_LO) + PF1_N;
    return -1;
}


/* Normalizes one code point outside the fast path (src holds its k bytes). The
 * NFKC of a presentation form is passed through the other rules. */
static size_t emit_other(uint32_t cp, size_t k, unsigned flags, const unsigned char *src, char *d)
{
    if (ak_text_is_invisible(cp) && (flags & AK_NORM_CONTROLS)) return 0;
    int pi = (flags & AK_NORM_PRESENTATION) ? pf_index(cp) : -1;
    if (pi < 0) {
        if (cp >= 0x600 && cp <= 0x6FF) return ak_norm_emit_arabic(cp, flags, src, d);
        memcpy(d, src, k);
        return k;
    }
    const unsigned char *p = (const unsigned char *)pf_pool + pf_off[pi];
    const unsigned char *end = (const unsigned char *)pf_pool + pf_off[pi + 1];
    size_t o = 0;
    while (p < end) {
        uint32_t c;
        size_t n = ak_utf8_decode(p, (size_t)(end - p), &c);
        if (!n) break;
        if (c >= 0x600 && c <= 0x6FF) o += ak_norm_emit_arabic(c, flags, p, d + o);
        else if (!(ak_text_is_invisible(c) && (flags & AK_NORM_CONTROLS))) { memcpy(d + o, p, n); o += n; }
        p += n;
    }
    return o;
}

/* The one pass. Writes to out while it fits in cap and returns the full length;
 * on invalid UTF-8 returns SIZE_MAX with the offset in *bad. */
size_t ak_text_norm_core(const unsigned char *s, size_t n, unsigned flags, char *out, size_t cap,
                         size_t *bad)
{
    enum { MAXEMIT = 64 };
    char scratch[MAXEMIT];
    size_t i = 0, o = 0;
    while (i < n) {
        unsigned char c = s[i];
        if (c < 0x80) {
            /* ASCII run: copied as is. */
            size_t j = i + 1;
            while (j < n && s[j] < 0x80) j++;
            size_t run = j - i;
            if (o + run <= cap) memcpy(out + o, s + i, run);
            else if (o < cap) memcpy(out + o, s + i, cap - o);
            o += run;
            i = j;
            continue;
        }
        char *d = o + MAXEMIT <= cap ? out + o : scratch;
        size_t k;
        if (c >= 0xD8 && c <= 0xDB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
            /* U+0600-06FF: the common Arabic case, one table look-up. */
            uint32_t cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
            k = ak_norm_emit_arabic(cp, flags, s + i, d);
            i += 2;
        } else {
            uint32_t cp;
            size_t len = ak_utf8_decode(s + i, n - i, &cp);
            if (!len) { *bad = i; return SIZE_MAX; }
            k = emit_other(cp, len, flags, s + i, d);
            i += len;
        }
        if (d == scratch && k) { /* k = 0 writes nothing (and out may be NULL) */
            if (o + k <= cap) memcpy(out + o, scratch, k);
            else if (o < cap) memcpy(out + o, scratch, cap - o);
        }
        o += k;
    }
    return o;
}

int ak_text_normalize_raw(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                          size_t *need, size_t *bad)
{
    ak_text_tables_init();
    size_t o = ak_text_norm_core((const unsigned char *)text, len, flags, out, cap, bad);
    if (o == SIZE_MAX) return AK_EUTF8;
    *need = o;
    return o <= cap ? AK_OK : AK_ETOOBIG;
}

AK_API int ak_normalize_buf(const char *text, size_t len, unsigned flags, char *out, size_t cap,
                            size_t *need)
{
    if ((!text && len) || !need || (!out && cap)) return ak_set_error(AK_EINVAL, "normalize: bad argument");
    size_t bad = 0;
    int rc = ak_text_normalize_raw(text, len, flags, out, cap, need, &bad);
    if (rc == AK_EUTF8) return ak_set_error(AK_EUTF8, "invalid UTF-8 at byte %zu", bad);
    return rc;
}

AK_API int ak_normalize(const char *text, size_t len, unsigned flags, char **out, size_t *out_len)
{
    if ((!text && len) || !out) return ak_set_error(AK_EINVAL, "normalize: bad argument");
    *out = NULL;
    /* Text seldom grows: try the input's size first, grow to the exact need if not. */
    size_t cap = len + 64, need = 0;
    char *buf = malloc(cap + 1);
    if (!buf) return ak_set_error(AK_ENOMEM, "normalize: out of memory");
    int rc = ak_normalize_buf(text, len, flags, buf, cap, &need);
    if (rc == AK_ETOOBIG) {
        char *grown = realloc(buf, need + 1);
        if (!grown) { free(buf); return ak_set_error(AK_ENOMEM, "normalize: out of memory"); }
        buf = grown;
        rc = ak_normalize_buf(text, len, flags, buf, need, &need);
    }
    if (rc != AK_OK) { free(buf); return rc; }
    buf[need] = '\0';
    *out = buf;
    if (out_len) *out_len = need;
    return AK_OK;
}
