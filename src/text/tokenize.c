/* tokenize.c: splits UTF-8 text into Arabic words, other-script words, numbers, punctuation and
 * symbols, with code-point and byte offsets into the original text; streaming, no allocation. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "akhbar.h"
#include "text/text_internal.h"
#include "text/utf8.h"
#include "util/error.h"

/* ASCII classes: letters, digits, white space, punctuation and symbols by Unicode category. */
static int ascii_class(unsigned c)
{
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return AK_CL_LETTER;
    if (c >= '0' && c <= '9') return AK_CL_DIGIT;
    if (c <= 0x20 || c == 0x7F) return AK_CL_SPACE;
    switch (c) {
    case '$': case '+': case '<': case '=': case '>': case '^': case '`': case '|': case '~':
        return AK_CL_SYMBOL;
    default:
        return AK_CL_PUNCT;
    }
}

static int arabic_block_class(uint32_t cp)
{
    if ((cp >= 0x610 && cp <= 0x61A) || (cp >= 0x64B && cp <= 0x65F) || cp == 0x670 ||
        (cp >= 0x6D6 && cp <= 0x6ED) || cp == 0x640)
        return AK_CL_AR_MARK;
    if ((cp >= 0x660 && cp <= 0x669) || (cp >= 0x6F0 && cp <= 0x6F9)) return AK_CL_DIGIT;
    if (cp <= 0x605 || cp == 0x61C) return AK_CL_CONTROL;
    switch (cp) {
    case 0x609: case 0x60A: case 0x60C: case 0x60D: case 0x61B: case 0x61D: case 0x61E: case 0x61F:
    case 0x66A: case 0x66B: case 0x66C: case 0x66D: case 0x6D4:
        return AK_CL_PUNCT;
    case 0x606: case 0x607: case 0x608: case 0x60B: case 0x60E: case 0x60F: case 0x6FD: case 0x6FE:
        return AK_CL_SYMBOL;
    default:
        return AK_CL_ARABIC;
    }
}

static int general_class(uint32_t cp)
{
    int in_arabic = (cp >= 0x750 && cp <= 0x77F) || (cp >= 0x8A0 && cp <= 0x8FF) ||
                    (cp >= 0xFB50 && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFE);
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
        return in_arabic ? AK_CL_ARABIC : AK_CL_LETTER;
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return in_arabic ? AK_CL_AR_MARK : AK_CL_MARK;
    case UTF8PROC_CATEGORY_ND:
        return AK_CL_DIGIT;
    case UTF8PROC_CATEGORY_PC: case UTF8PROC_CATEGORY_PD: case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE: case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
        return AK_CL_PUNCT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
        return AK_CL_SPACE;
    case UTF8PROC_CATEGORY_CF:
        return AK_CL_CONTROL;
    default:
        return AK_CL_SYMBOL;
    }
}

int ak_text_class(uint32_t cp)
{
    if (cp < 0x80) return ascii_class(cp);
    if (cp >= 0x600 && cp <= 0x6FF) return arabic_block_class(cp);
    if (cp == 0xFEFF) return AK_CL_CONTROL;
    return general_class(cp);
}

/* Classes of ASCII and of U+0600-06FF, built once: the common cases are one look-up. */
static unsigned char ascii_tab[128], arabic_tab[256];
/* U+0600-067F for the Arabic word's fast path: a letter, a mark (not tatweel) or 0 (ends the run). */
enum { RUN_STOP = 0, RUN_LETTER = 1, RUN_MARK = 2 };
typedef struct { unsigned char cls, len; char out[2]; } run_entry; /* out: its AK_NORM_DEFAULT form */
static run_entry run_default[128];
static pthread_once_t class_once = PTHREAD_ONCE_INIT;

static void build_class_tables(void)
{
    for (unsigned c = 0; c < 128; c++) ascii_tab[c] = (unsigned char)ascii_class(c);
    for (unsigned c = 0; c < 256; c++) arabic_tab[c] = (unsigned char)arabic_block_class(0x600 + c);
    ak_text_tables_init();
    for (unsigned c = 0; c < 128; c++) {
        run_entry *e = &run_default[c];
        e->cls = arabic_tab[c] == AK_CL_ARABIC                      ? RUN_LETTER
                 : arabic_tab[c] == AK_CL_AR_MARK && c != 0x40 ? RUN_MARK
                                                                  : RUN_STOP;
        unsigned char src[2] = {(unsigned char)(0xD8 | (c >> 6)), (unsigned char)(0x80 | (c & 0x3F))};
        e->len = (unsigned char)ak_norm_emit_arabic(0x600 + c, AK_NORM_DEFAULT, src, e->out);
    }
}

/* Decodes the code point at byte i: its class and length, 0 length if invalid. */
static inline size_t peek(const unsigned char *s, size_t n, size_t i, uint32_t *cp, int *cls)
{
    unsigned char c = s[i];
    if (c < 0x80) { *cp = c; *cls = ascii_tab[c]; return 1; }
    if (c >= 0xD8 && c <= 0xDB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
        *cls = arabic_tab[*cp - 0x600];
        return 2;
    }
    size_t k = ak_utf8_decode(s + i, n - i, cp);
    if (k) *cls = ak_text_class(*cp);
    return k;
}

/* و ف ب ل ك: one bit test (offsets 0x20, 0x19, 0, 0x1C, 0x1B from U+0628). */
static int is_proclitic(uint32_t cp)
{
    uint32_t d = cp - 0x628;
    return d <= 0x20 && ((0x11A000001ull >> d) & 1);
}

/* Whether the letters of a word so far are a proclitic: one of و ف ب ل ك, or و/ف then
 * ب/ل/ك (وبـ, فلـ); marks and controls between them do not count. Asked only at a
 * tatweel, so the scan of every word carries no state for it; the bytes up to `seen`
 * are read once however many tatweels follow, and none after a third letter. */
typedef struct {
    size_t seen;
    int letters;
    uint32_t letter[2];
} proclitic_scan;

static int proclitic_so_far(proclitic_scan *ps, const unsigned char *s, size_t end)
{
    while (ps->letters <= 2 && ps->seen < end) {
        uint32_t cp;
        size_t k = ak_utf8_decode(s + ps->seen, end - ps->seen, &cp);
        if (!k) return 0;
        if (ak_text_class(cp) == AK_CL_ARABIC) {
            if (ps->letters < 2) ps->letter[ps->letters] = cp;
            ps->letters++;
        }
        ps->seen += k;
    }
    if (ps->letters == 1) return is_proclitic(ps->letter[0]);
    return ps->letters == 2 && (ps->letter[0] == 0x648 || ps->letter[0] == 0x641) &&
           (ps->letter[1] == 0x628 || ps->letter[1] == 0x644 || ps->letter[1] == 0x643);
}

/* Does the Arabic word from byte i on go on without another tatweel? Then a
 * tatweel before it joins a proclitic, not decorative elongation (جـمـيـل). */
static int rest_plain(const unsigned char *s, size_t n, size_t i)
{
    while (i < n) {
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, i, &cp, &cls);
        if (!k || (cls != AK_CL_ARABIC && cls != AK_CL_AR_MARK && cls != AK_CL_MARK)) return 1;
        if (cp == 0x640) return 0;
        i += k;
    }
    return 1;
}

typedef struct { size_t pos, cp; } cursor;

/* Skips controls from c; returns the class of what follows them (-1 at end/invalid). */
static int after_controls(const unsigned char *s, size_t n, cursor *c)
{
    while (c->pos < n) {
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, c->pos, &cp, &cls);
        if (!k) return -1;
        if (cls != AK_CL_CONTROL) return cls;
        c->pos += k;
        c->cp++;
    }
    return -1;
}

/* The normalized form of the token being scanned, built on the way: the source bytes
 * before `done` are normalized into out[0..o); what the scan leaves behind (controls,
 * tatweel after a proclitic, code points outside U+0600-06FF) is normalized after the
 * token ends, from `done` on. NULL when the caller wants no normalized form. */
typedef struct {
    char *out;
    size_t cap, o, done;
    unsigned flags;
} emitter;

/* Normalizes the two-byte U+0600-06FF code point cp at s[pos] if the output is
 * caught up with the scan and has room. */
static inline void emit2(emitter *em, const unsigned char *s, size_t pos, uint32_t cp)
{
    if (em && em->done == pos && em->o + 2 <= em->cap) {
        if (em->flags == AK_NORM_DEFAULT && cp < 0x680) {
            /* The table's bytes: whether a word's first letter has a rule is not predictable. */
            run_entry e = run_default[cp - 0x600];
            memcpy(em->out + em->o, e.out, 2);
            em->o += e.len;
        } else {
            em->o += ak_norm_emit_arabic(cp, em->flags, s + pos, em->out + em->o);
        }
        em->done = pos + 2;
    }
}

/* Fast path of scan_arabic: letters and marks of U+0600-067F (lead byte D8 or D9)
 * other than tatweel, one look-up in run_default each, normalized on the way when the
 * emitter is in step with the scan. State is kept in locals: stores to the output
 * could alias the emitter's fields otherwise. */
static inline void fast_run(const unsigned char *s, size_t n, cursor *cur, emitter *em)
{
    size_t pos = cur->pos, cps = cur->cp, o = 0;
    int sync = em && em->done == pos && em->o + 2 <= em->cap;
    char *out = sync ? em->out : NULL;
    size_t lim = sync ? em->cap - 2 : 0;
    unsigned flags = sync ? em->flags : 0;
    if (sync) o = em->o;
    if (sync && flags == AK_NORM_DEFAULT) {
        /* The usual case: class and normalized bytes in one table entry, no rule branches. */
        while (pos + 1 < n) {
            unsigned b0 = s[pos], b1 = s[pos + 1];
            if ((b0 & 0xFE) != 0xD8 || (b1 & 0xC0) != 0x80) goto done;
            unsigned idx = (b0 & 1) << 6 | (b1 & 0x3F); /* code point - 0x600 */
            run_entry e = run_default[idx];
            if (!e.cls) goto done;
            if (o > lim) { em->o = o; em->done = pos; sync = 0; break; }
            memcpy(out + o, e.out, 2); /* o + 2 <= cap; only e.len bytes count */
            o += e.len;
            pos += 2;
            cps++;
        }
    }
    while (pos + 1 < n) {
        unsigned b0 = s[pos], b1 = s[pos + 1];
        if ((b0 & 0xFE) != 0xD8 || (b1 & 0xC0) != 0x80) break;
        unsigned idx = (b0 & 1) << 6 | (b1 & 0x3F); /* code point - 0x600 */
        if (!run_default[idx].cls) break;
        if (sync) {
            if (o > lim) { em->o = o; em->done = pos; sync = 0; }
            else o += ak_norm_emit_arabic(0x600 + idx, flags, s + pos, out + o);
        }
        pos += 2;
        cps++;
    }
done:
    if (sync) { em->o = o; em->done = pos; }
    cur->pos = pos;
    cur->cp = cps;
}

/* Extends an Arabic word that starts at byte start and whose first letter ends at cur. */
static inline void scan_arabic(const unsigned char *s, size_t n, size_t start, cursor *cur, emitter *em)
{
    proclitic_scan ps = {start, 0, {0, 0}};
    while (cur->pos < n) {
        fast_run(s, n, cur, em);
        if (cur->pos >= n) return;
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, cur->pos, &cp, &cls);
        if (!k) return;
        if (cls == AK_CL_CONTROL) {
            cursor look = *cur;
            int next = after_controls(s, n, &look);
            if (next != AK_CL_ARABIC && next != AK_CL_AR_MARK) return;
            *cur = look;
            continue;
        }
        if (cls == AK_CL_AR_MARK && cp == 0x640 && proclitic_so_far(&ps, s, cur->pos)) {
            /* لـ«...» or لـداعش: a proclitic with tatweel is a token of its own. */
            cursor t = *cur;
            while (t.pos + 1 < n && s[t.pos] == 0xD9 && s[t.pos + 1] == 0x80) { t.pos += 2; t.cp++; }
            uint32_t ncp;
            int ncls = -1;
            size_t nk = t.pos < n ? peek(s, n, t.pos, &ncp, &ncls) : 0;
            if (!nk || ncls != AK_CL_ARABIC || rest_plain(s, n, t.pos)) { *cur = t; return; }
        }
        if (cls != AK_CL_ARABIC && cls != AK_CL_AR_MARK && cls != AK_CL_MARK) return;
        if (k == 2 && cp >= 0x600 && cp <= 0x6FF) emit2(em, s, cur->pos, cp);
        cur->pos += k;
        cur->cp++;
    }
}

static void scan_latin(const unsigned char *s, size_t n, cursor *cur)
{
    while (cur->pos < n) {
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, cur->pos, &cp, &cls);
        if (!k) return;
        if (cls == AK_CL_CONTROL) {
            cursor look = *cur;
            int next = after_controls(s, n, &look);
            if (next != AK_CL_LETTER && next != AK_CL_MARK) return;
            *cur = look;
            continue;
        }
        if (cls != AK_CL_LETTER && cls != AK_CL_MARK && cls != AK_CL_DIGIT) return;
        cur->pos += k;
        cur->cp++;
    }
}

static int is_num_sep(uint32_t cp)
{
    return cp == '.' || cp == ',' || cp == ':' || cp == '/' || cp == 0x66B || cp == 0x66C;
}

static void scan_number(const unsigned char *s, size_t n, cursor *cur)
{
    while (cur->pos < n) {
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, cur->pos, &cp, &cls);
        if (!k) return;
        if (cls == AK_CL_DIGIT) { cur->pos += k; cur->cp++; continue; }
        if (!is_num_sep(cp) || cur->pos + k >= n) return;
        /* A separator joins only when a digit follows it directly: 2,100 7.5 23.7.2021 */
        uint32_t ncp;
        int ncls;
        size_t nk = peek(s, n, cur->pos + k, &ncp, &ncls);
        if (!nk || ncls != AK_CL_DIGIT) return;
        cur->pos += k + nk;
        cur->cp += 2;
    }
}

AK_API void ak_token_iter_init(ak_token_iter *it, const char *text, size_t len)
{
    pthread_once(&class_once, build_class_tables);
    it->text = text;
    it->len = text ? len : 0;
    it->pos = 0;
    it->cp = 0;
}

/* One token; with em, its normalized form too (the part the scan did not write is
 * normalized from em->done to the token's end by the caller). */
static inline int token_next(ak_token_iter *it, ak_token *tok, emitter *em)
{
    const unsigned char *s = (const unsigned char *)it->text;
    size_t n = it->len;
    while (it->pos < n) {
        uint32_t cp;
        int cls;
        size_t k = peek(s, n, it->pos, &cp, &cls);
        if (!k) {
            size_t bad = it->pos;
            it->pos = n;
            return ak_set_error(AK_EUTF8, "invalid UTF-8 at byte %zu", bad);
        }
        if (cls == AK_CL_SPACE || cls == AK_CL_CONTROL || cls == AK_CL_AR_MARK || cls == AK_CL_MARK) {
            /* Gaps: white space, and controls or marks with no letter before them. */
            it->pos += k;
            it->cp++;
            continue;
        }
        cursor cur = {it->pos + k, it->cp + 1};
        int kind;
        if (em) { em->o = 0; em->done = it->pos; }
        switch (cls) {
        case AK_CL_ARABIC:
            kind = AK_TOK_ARABIC;
            if (k == 2 && cp >= 0x600 && cp <= 0x6FF) emit2(em, s, it->pos, cp);
            scan_arabic(s, n, it->pos, &cur, em);
            break;
        case AK_CL_LETTER: kind = AK_TOK_LATIN; scan_latin(s, n, &cur); break;
        case AK_CL_DIGIT: kind = AK_TOK_NUMBER; scan_number(s, n, &cur); break;
        case AK_CL_PUNCT: kind = AK_TOK_PUNCT; break;
        default: kind = AK_TOK_SYMBOL; break;
        }
        tok->start = it->cp;
        tok->end = cur.cp;
        tok->byte_start = it->pos;
        tok->byte_end = cur.pos;
        tok->kind = kind;
        it->pos = cur.pos;
        it->cp = cur.cp;
        return 1;
    }
    return 0;
}

AK_API int ak_token_next(ak_token_iter *it, ak_token *tok)
{
    return token_next(it, tok, NULL);
}

AK_API int ak_token_next_norm(ak_token_iter *it, ak_token *tok, unsigned flags, char *norm, size_t cap,
                              size_t *norm_len)
{
    if (!norm) cap = 0;
    emitter em = {norm, cap, 0, 0, flags};
    int rc = token_next(it, tok, &em);
    if (rc != 1) return rc;
    size_t tail = 0, bad = 0;
    if (em.done < tok->byte_end) {
        /* Already validated by the scan: this cannot fail. */
        tail = ak_text_norm_core((const unsigned char *)it->text + em.done, tok->byte_end - em.done, flags,
                                 norm ? norm + em.o : NULL, cap - em.o, &bad);
    }
    *norm_len = em.o + tail;
    return 1;
}

AK_API int ak_tokenize_each(const char *text, size_t len, int (*fn)(const ak_token *, void *), void *ctx)
{
    if ((!text && len) || !fn) return ak_set_error(AK_EINVAL, "tokenize: bad argument");
    ak_token_iter it;
    ak_token tok;
    int rc;
    ak_token_iter_init(&it, text, len);
    while ((rc = ak_token_next(&it, &tok)) == 1) {
        int stop = fn(&tok, ctx);
        if (stop) return stop;
    }
    return rc;
}

AK_API int ak_tokenize(const char *text, size_t len, ak_token **out, size_t *n)
{
    if ((!text && len) || !out || !n) return ak_set_error(AK_EINVAL, "tokenize: bad argument");
    *out = NULL;
    *n = 0;
    size_t cap = 0, cnt = 0;
    ak_token *arr = NULL, tok;
    ak_token_iter it;
    int rc;
    ak_token_iter_init(&it, text, len);
    while ((rc = ak_token_next(&it, &tok)) == 1) {
        if (cnt == cap) {
            size_t ncap = cap ? cap * 2 : 64;
            ak_token *grown = realloc(arr, ncap * sizeof *arr);
            if (!grown) { free(arr); return ak_set_error(AK_ENOMEM, "tokenize: out of memory"); }
            arr = grown;
            cap = ncap;
        }
        arr[cnt++] = tok;
    }
    if (rc < 0) { free(arr); return rc; }
    *out = arr;
    *n = cnt;
    return AK_OK;
}

AK_API const char *ak_token_kind_name(int kind)
{
    switch (kind) {
    case AK_TOK_ARABIC: return "arabic";
    case AK_TOK_LATIN: return "latin";
    case AK_TOK_NUMBER: return "number";
    case AK_TOK_PUNCT: return "punct";
    case AK_TOK_SYMBOL: return "symbol";
    default: return "sentence";
    }
}
