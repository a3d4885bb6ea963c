/* analyze.c: what a word becomes in the search index: the text core's words, normalized
 * (AK_NORM_DEFAULT), Latin lower-cased, Arabic stemmed by Light10 (unless the stem is a function
 * word), plus proclitic variants. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "text/text_internal.h"
#include "text/utf8.h"

/* Normalized Arabic letters are two bytes: compare them as 16-bit values. */
#define L2(hi, lo) ((unsigned)(hi) << 8 | (unsigned)(lo))
enum { BEH = L2(0xD8, 0xA8), LAM = L2(0xD9, 0x84), KAF = L2(0xD9, 0x83), FEH = L2(0xD9, 0x81),
       WAW = L2(0xD9, 0x88), ALEF = L2(0xD8, 0xA7) };

static unsigned letter_at(const char *s, size_t i)
{
    return L2((unsigned char)s[i], (unsigned char)s[i + 1]);
}

/* Cuts a word to at most AK_SEARCH_MAX_WORD bytes at a code-point boundary. */
static size_t cut_word(const char *w, size_t n)
{
    if (n <= AK_SEARCH_MAX_WORD) return n;
    n = AK_SEARCH_MAX_WORD;
    while (n > 0 && ((unsigned char)w[n] & 0xC0) == 0x80) n--;
    return n;
}

/* Lower-cases a non-Arabic word code point by code point (utf8proc's simple mapping), stopping
 * before out (cap bytes) could overflow. */
static size_t lower_word(const char *w, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 <= cap;) {
        uint32_t cp;
        size_t k = ak_utf8_decode((const unsigned char *)w + i, n - i, &cp);
        if (!k) break;
        i += k;
        if (cp < 0x80) { out[o++] = (char)(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp); continue; }
        size_t e = ak_utf8_encode((uint32_t)utf8proc_tolower((utf8proc_int32_t)cp), out + o);
        o += e ? e : ak_utf8_encode(cp, out + o);
    }
    return o;
}

/* The number of code points of a normalized word. */
static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Light10 has no rule for a bare one-letter proclitic (ب ل ك ف + noun: لبغداد, كرئيس), and
 * stripping one always would wreck words that start with those letters (بغداد). So documents
 * index both: the stem of the word and, colocated, the stem without the letter. Queries use the
 * plain stem, so "بغداد" finds لبغداد while "لبغداد" still finds only itself. */
static size_t proclitic_rest(const char *norm, size_t n, const char **rest)
{
    size_t chars = count_chars(norm, n);
    const char *s = norm;
    if (chars >= 5 && n >= 4 && letter_at(s, 0) == WAW) { s += 2; n -= 2; chars--; }
    if (n < 8 || chars < 4) return 0; /* three letters must stay after the proclitic */
    unsigned a = letter_at(s, 0);
    if (a != BEH && a != LAM && a != KAF && a != FEH) return 0;
    if (a == LAM && letter_at(s, 2) == LAM) return 0; /* لل is Light10's article */
    *rest = s + 2;
    return n - 2;
}

typedef struct walk {
    unsigned opts;
    ak_search_term_fn fn;
    void *ctx;
    size_t base; /* byte offset of the current valid segment in the whole text */
} walk;

/* 1 when normalizing the word surely leaves something: it holds an ASCII letter or digit, or an
 * Arabic letter U+0621-063A or U+0641-064A, which AK_NORM_DEFAULT maps to letters but never removes
 * (it removes only marks, tatweel and controls). A snippet needs only a word's position, which
 * depends on that alone, so it skips the normalizing (most of its tokenizing). */
static int surely_kept(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return 1;
        if (i + 1 < n) {
            unsigned char d = (unsigned char)s[i + 1];
            if ((c == 0xD8 && d >= 0xA1 && d <= 0xBA) || (c == 0xD9 && d >= 0x81 && d <= 0x8A)) return 1;
        }
    }
    return 0;
}

/* Where Light10 takes the function words of the stopword table (normalized): في, علي (على) → عل,
 * التي → تي, الي (إلى). The table's words and their stems, sorted, made once. */
enum { STOP_STEM_MAX = 1024, STOP_STEM_BYTES = 32 };
static char stop_stem[STOP_STEM_MAX][STOP_STEM_BYTES];
static size_t n_stop_stem;
static pthread_once_t stop_stem_once = PTHREAD_ONCE_INIT;

static int cmp_stem(const void *a, const void *b) { return strcmp(a, b); }

static void add_stop_stem(const char *s, size_t n)
{
    if (n == 0 || n >= STOP_STEM_BYTES || n_stop_stem == STOP_STEM_MAX) return;
    memcpy(stop_stem[n_stop_stem], s, n);
    stop_stem[n_stop_stem++][n] = 0;
}

/* The words of up to three letters and their stems, and the stems of up to two letters of the
 * longer ones (التي → تي): not the stem of a longer word the table lists for its use as an adverb
 * (اليوم → يوم is a noun that يومين and باليوم should still find). */
static void make_stop_stems(void)
{
    for (size_t i = 0; i < ak_stopwords_count; i++) {
        const char *w = ak_stopwords[i];
        size_t n = strlen(w), chars = count_chars(w, n);
        char st[STOP_STEM_BYTES * 2];
        size_t t = ak_light10(w, n, st, sizeof st);
        if (chars <= 3) add_stop_stem(w, n);
        if (chars <= 3 || count_chars(st, t) <= 2) add_stop_stem(st, t);
    }
    qsort(stop_stem, n_stop_stem, STOP_STEM_BYTES, cmp_stem);
}

static int is_stop_stem(const char *s, size_t n)
{
    if (n == 0 || n >= STOP_STEM_BYTES) return 0;
    char key[STOP_STEM_BYTES];
    memcpy(key, s, n);
    key[n] = 0;
    return bsearch(key, stop_stem, n_stop_stem, STOP_STEM_BYTES, cmp_stem) != NULL;
}

/* 1 for a function word or its stem, or و and one (وفي: Light10 keeps the و of a word of three
 * letters). Normalized input. */
static int function_word(const char *s, size_t n)
{
    pthread_once(&stop_stem_once, make_stop_stems);
    return is_stop_stem(s, n) || (n >= 4 && letter_at(s, 0) == WAW && is_stop_stem(s + 2, n - 2));
}

/* Light10 takes some words where the function words go: وفيات (deaths) and فيه to في, عليها and
 * علان to عل (على's stem), الآلية to الي (إلى), بالتي to تي (التي), الوفيات to وفي. As a search term
 * such a stem matches nearly every article (في is in 96% of them), so a longer word stemmed there
 * keeps its own term: the word, normalized. Returns the term's length in out. */
static size_t stem_term(const char *norm, size_t n, char *out, size_t cap)
{
    size_t t = ak_light10(norm, n, out, cap);
    if (t > 0 && t < n && n <= cap && function_word(out, t)) {
        memcpy(out, norm, n);
        t = n;
    }
    return t;
}

static int emit_word(walk *w, const char *word, size_t n, int kind, size_t bs, size_t be)
{
    char norm[AK_SEARCH_MAX_WORD * AK_NORM_MAX_GROWTH];
    char term[AK_SEARCH_MAX_WORD * AK_NORM_MAX_GROWTH];
    size_t need = 0, bad = 0;
    n = cut_word(word, n);
    if ((w->opts & AK_SA_OFFSETS) && surely_kept(word, n)) return w->fn(w->ctx, 0, word, n, bs, be);
    if (ak_text_normalize_raw(word, n, AK_NORM_DEFAULT, norm, sizeof norm, &need, &bad) != AK_OK) return 0;
    if (need == 0) return 0;
    if (w->opts & AK_SA_OFFSETS) return w->fn(w->ctx, 0, norm, need, bs, be);
    if (kind != AK_TOK_ARABIC) {
        size_t t = lower_word(norm, need, term, sizeof term);
        return t ? w->fn(w->ctx, 0, term, t, bs, be) : 0;
    }
    size_t t = need;
    if (w->opts & AK_SA_STEM) t = stem_term(norm, need, term, sizeof term);
    else memcpy(term, norm, need);
    if (t == 0) return 0;
    int rc = w->fn(w->ctx, 0, term, t, bs, be);
    if (rc || !(w->opts & AK_SA_VARIANTS) || (w->opts & AK_SA_QUERY)) return rc;
    char var[sizeof term];
    const char *rest = NULL;
    size_t v = proclitic_rest(norm, need, &rest);
    if (v && (w->opts & AK_SA_STEM)) v = stem_term(rest, v, var, sizeof var);
    else if (v) memcpy(var, rest, v);
    if (v && (v != t || memcmp(var, term, t) != 0)) rc = w->fn(w->ctx, 1, var, v, bs, be);
    return rc;
}

/* Walks the words of text[0..len) from its start, as far as the text is valid UTF-8 or fn stops it.
 * Nothing is validated ahead: the token scanners end a token at an invalid byte as they would at the
 * end of the text, so every token before it is the one the valid part alone gives, and the iterator
 * fails when a token would start there. A snippet stops at its window, so the rest of a long text is
 * never read (validating all of it first was a third of a snippet's tokenizing). *bad is set to the
 * invalid byte's offset, or len when there is none. */
static int analyze_valid(walk *w, const char *text, size_t len, size_t *bad)
{
    ak_token_iter it;
    ak_token tok;
    ak_token_iter_init(&it, text, len);
    size_t last = 0;
    int r;
    *bad = len;
    while ((r = ak_token_next(&it, &tok)) == 1) {
        last = tok.byte_end;
        if (tok.kind != AK_TOK_ARABIC && tok.kind != AK_TOK_LATIN && tok.kind != AK_TOK_NUMBER) continue;
        int rc = emit_word(w, text + tok.byte_start, tok.byte_end - tok.byte_start, tok.kind,
                           w->base + tok.byte_start, w->base + tok.byte_end);
        if (rc) return rc;
    }
    if (r != 0) { /* an invalid byte where a token would start: between the last token and it, only valid gaps */
        size_t at = 0;
        *bad = ak_utf8_valid(text + last, len - last, &at) ? len : last + at;
    }
    return 0;
}

int ak_search_analyze(const char *text, size_t len, unsigned opts, ak_search_term_fn fn, void *ctx)
{
    walk w = {opts, fn, ctx, 0};
    size_t pos = 0;
    while (pos < len) {
        size_t bad = 0;
        w.base = pos;
        int rc = analyze_valid(&w, text + pos, len - pos, &bad);
        if (rc || bad >= len - pos) return rc;
        pos += bad + 1; /* skip the bad byte: a term never spans it */
    }
    return 0;
}
