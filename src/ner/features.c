/* features.c: what the named-entity tagger looks at: folded words, clitic-stripped
 * forms, affixes, a light stem, shape, a ±2 window, gazetteer and trigger membership. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_internal.h"
#include "time/timex_internal.h"
#include "text/utf8.h"
#include "util/error.h"

const char *const ner_type_names[NER_NTYPES] = {"PER", "ORG", "LOC", "MISC"};
const char *const ner_tag_names[NER_NTAGS] = {"O",     "B-PER", "I-PER", "B-ORG", "I-ORG",
                                              "B-LOC", "I-LOC", "B-MISC", "I-MISC"};

/* Forms longer than this are cut: features of a 10,000-letter token stay bounded. */
#define FORM_CAP 96

uint64_t ner_hash(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull);
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
}

/* Maps one code point to its folded form; 0 drops it. */
static uint32_t fold_cp(uint32_t c)
{
    if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671) return 0x0627;
    if (c == 0x0649) return 0x064A;
    if (c == 0x0629) return 0x0647;
    if (c == 0x0640 || (c >= 0x064B && c <= 0x0652) || c == 0x0670) return 0;
    if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
    if (c >= 'A' && c <= 'Z') return c + 32;
    return c;
}

/* The text core's normalization (all rules) with ASCII lowercased; at most
 * 256 input bytes are looked at, so a 10,000-letter token costs no more. */
size_t ner_fold(const char *s, size_t n, char *out, size_t cap)
{
    enum { IN_CAP = 256 };
    char tmp[IN_CAP * AK_NORM_MAX_GROWTH];
    size_t in = n < IN_CAP ? n : IN_CAP, need;
    while (in < n && in > 0 && ((unsigned char)s[in] & 0xC0) == 0x80) in--; /* whole code points */
    if (cap && ak_normalize_buf(s, in, AK_NORM_DEFAULT, tmp, sizeof tmp, &need) == AK_OK) {
        size_t o = need < cap - 1 ? need : cap - 1;
        while (o > 0 && o < need && ((unsigned char)tmp[o] & 0xC0) == 0x80) o--;
        for (size_t i = 0; i < o; i++) out[i] = (tmp[i] >= 'A' && tmp[i] <= 'Z') ? tmp[i] + 32 : tmp[i];
        out[o] = 0;
        return o;
    }
    /* not valid UTF-8 (CoNLL input is not validated): the tagger's own fold */
    size_t o = 0, i = 0;
    while (i < n) {
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (!k) { i++; continue; }
        i += k;
        c = fold_cp(c);
        if (!c) continue;
        char tmp[4];
        size_t m = ak_utf8_encode(c, tmp);
        if (o + m + 1 > cap) break;
        memcpy(out + o, tmp, m);
        o += m;
    }
    if (cap) out[o] = 0;
    return o;
}

/* Arabic letters are two bytes in UTF-8: these helpers compare folded forms. */
#define AR(x) "\xD8" x
static int starts(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && !memcmp(s, p, m);
}
static int ends(const char *s, size_t n, const char *p)
{
    size_t m = strlen(p);
    return n >= m && !memcmp(s + n - m, p, m);
}
static size_t cps(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
    return c;
}

/* Strips the conjunction, a preposition and the article: "لداعش" -> "داعش",
 * "والعراق" -> "عراق", "للجيش" -> "جيش". Keeps at least two letters. */
static void strip_clitics(const char *s, size_t n, size_t *off, size_t *len)
{
    static const char *const conj[] = {"\xD9\x88", "\xD9\x81"};            /* و ف */
    static const char *const prep[] = {"\xD8\xA8", "\xD9\x84", "\xD9\x83"}; /* ب ل ك */
    const char *al = "\xD8\xA7\xD9\x84", *ll = "\xD9\x84\xD9\x84";          /* ال لل */
    size_t o = 0;
    for (int k = 0; k < 2; k++)
        if (starts(s, n, conj[k]) && cps(s + 2, n - 2) >= 3) { o = 2; break; }
    if (starts(s + o, n - o, ll) && cps(s + o + 4, n - o - 4) >= 2) {
        o += 4;
    } else {
        for (int k = 0; k < 3; k++)
            if (starts(s + o, n - o, prep[k]) && starts(s + o + 2, n - o - 2, al) &&
                cps(s + o + 6, n - o - 6) >= 2) { o += 2; break; }
        if (starts(s + o, n - o, al) && cps(s + o + 4, n - o - 4) >= 2) o += 4;
    }
    *off = o;
    *len = n - o;
}

/* A light stem: the stripped form without common plural/feminine/pronoun endings. */
static size_t light_stem(const char *s, size_t n)
{
    static const char *const suf[] = {"\xD8\xA7\xD8\xAA", "\xD9\x88\xD9\x86", "\xD9\x8A\xD9\x86",
                                      "\xD8\xA7\xD9\x86", "\xD9\x8A\xD9\x87", "\xD9\x87\xD8\xA7",
                                      "\xD9\x87\xD9\x85", "\xD9\x87", "\xD9\x8A"};
    for (size_t k = 0; k < sizeof suf / sizeof *suf; k++)
        if (ends(s, n, suf[k]) && cps(s, n - strlen(suf[k])) >= 3) return n - strlen(suf[k]);
    return n;
}

/* Shape: a collapsed string of character classes plus a length bucket. */
static size_t shape(const char *s, size_t n, char *out)
{
    size_t o = 0, i = 0;
    char last = 0;
    while (i < n && o < 6) {
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (!k) { i++; continue; }
        i += k;
        char cl = (c >= '0' && c <= '9') ? 'D'
                  : (c < 128 && ((c | 32) >= 'a' && (c | 32) <= 'z')) ? 'L'
                  : (c >= 0x0600 && c <= 0x06FF) ? 'A' : (c < 128 ? 'P' : 'X');
        if (cl != last) out[o++] = cl;
        last = cl;
    }
    size_t c = cps(s, n);
    out[o++] = c <= 2 ? '1' : c <= 4 ? '2' : c <= 7 ? '3' : '4';
    return o;
}

/* ---- lexicon: gazetteers and triggers ---- */

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t lex_key(const char *folded, size_t n) { return ner_hash(folded, n, 77) & ~0xFFFull; }

int ner_lex_add_file(ner_lex *lex, const char *path, unsigned cls)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ak_set_error(AK_EIO, "%s: cannot open", path);
    char line[1024], fold[1024];
    while (fgets(line, sizeof line, f)) {
        size_t n = strcspn(line, "\r\n#");
        while (n && (line[n - 1] == ' ' || line[n - 1] == '\t')) n--;
        if (!n) continue;
        size_t m = ner_fold(line, n, fold, sizeof fold);
        size_t off = 0, len = m;
        /* one-word entries are matched on their clitic-stripped form */
        unsigned mark = 0;
        if (!memchr(fold, ' ', m)) {
            strip_clitics(fold, m, &off, &len);
            if (off && !starts(fold, m, "\xD8\xA7\xD9\x84")) mark = GZ_CLITIC; /* more than ال went */
        }
        if (lex->n == lex->cap) {
            size_t cap = lex->cap ? lex->cap * 2 : 1024;
            uint64_t *k = realloc(lex->keys, cap * sizeof *k);
            if (!k) { fclose(f); return ak_set_error(AK_ENOMEM, "out of memory"); }
            lex->keys = k;
            lex->cap = cap;
        }
        lex->keys[lex->n++] = lex_key(fold + off, len) | cls | mark;
    }
    fclose(f);
    return AK_OK;
}

/* Sorts and merges the class bits of equal words. */
int ner_lex_finish(ner_lex *lex)
{
    if (!lex->n) return AK_OK;
    qsort(lex->keys, lex->n, sizeof *lex->keys, cmp_u64);
    size_t o = 0;
    for (size_t i = 0; i < lex->n; i++) {
        if (o && (lex->keys[o - 1] & ~0xFFFull) == (lex->keys[i] & ~0xFFFull))
            lex->keys[o - 1] |= lex->keys[i] & 0xFFF;
        else
            lex->keys[o++] = lex->keys[i];
    }
    lex->n = o;
    return AK_OK;
}

/* 1 and *val = the class bits when the word key k is in lex: one probe of the
 * hash index when there is one, else a binary search of the sorted keys. */
static int lex_lookup(const ner_lex *lex, uint64_t k, unsigned *val)
{
    if (!lex) return 0;
    if (lex->slots) {
        for (size_t j = (size_t)(k >> 40) & lex->mask;; j = (j + 1) & lex->mask) {
            uint64_t e = lex->slots[j];
            if (!e) return 0;
            if ((e & ~0xFFFull) == k) { *val = (unsigned)(e & 0xFFF); return 1; }
        }
    }
    size_t lo = 0, hi = lex->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t m = lex->keys[mid] & ~0xFFFull;
        if (m == k) { *val = (unsigned)(lex->keys[mid] & 0xFFF); return 1; }
        if (m < k) lo = mid + 1; else hi = mid;
    }
    return 0;
}

int ner_lex_index(ner_lex *lex)
{
    free(lex->slots);
    lex->slots = NULL;
    lex->mask = 0;
    /* the binary search's answers are only well defined on strictly sorted keys;
     * a zero key part would look like a free slot */
    for (size_t i = 0; i < lex->n; i++)
        if (!(lex->keys[i] & ~0xFFFull) || (i && (lex->keys[i - 1] & ~0xFFFull) >= (lex->keys[i] & ~0xFFFull)))
            return AK_OK;
    size_t cap = 16;
    while (cap < 2 * lex->n) cap *= 2;
    uint64_t *t = calloc(cap, sizeof *t);
    if (!t) return ak_set_error(AK_ENOMEM, "out of memory");
    for (size_t i = 0; i < lex->n; i++) {
        size_t j = (size_t)(lex->keys[i] >> 40) & (cap - 1);
        while (t[j]) j = (j + 1) & (cap - 1);
        t[j] = lex->keys[i];
    }
    lex->slots = t;
    lex->mask = cap - 1;
    return AK_OK;
}

unsigned ner_lex_get(const ner_lex *lex, const char *folded, size_t n)
{
    unsigned v = 0;
    return lex_lookup(lex, lex_key(folded, n), &v) ? v : 0;
}

void ner_lex_free(ner_lex *lex)
{
    free(lex->keys);
    free(lex->slots);
    lex->keys = lex->slots = NULL;
    lex->n = lex->cap = lex->mask = 0;
}

/* ---- features ---- */

/* FNV-1a with a seeded start and a final mix, in three steps: a phrase's key
 * continues from its first word's state instead of hashing a joined copy. */
static inline uint64_t fnv_start(uint64_t seed) { return 1469598103934665603ull ^ (seed * 0x9E3779B97F4A7C15ull); }
static inline uint64_t fnv_add(uint64_t h, const char *p, size_t n)
{
    const unsigned char *s = (const unsigned char *)p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}
static inline uint64_t fnv_end(uint64_t h)
{
    h ^= h >> 31;
    h *= 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    return h;
}
static inline uint32_t bucket(uint64_t h) { return (uint32_t)(h >> (64 - NER_BITS)); }
static uint32_t hb(unsigned tmpl, const char *a, size_t an) { return bucket(ner_hash(a, an, tmpl)); }

/* Feature buckets that depend on one word alone (form.u): computed once per word
 * and, within a call, once per distinct word. Template numbers in comments. */
enum {
    U_W, U_S, U_T,                 /* 2 3 4: word, stripped form, stem */
    U_WPRE, U_WSUF = U_WPRE + 3,   /* 6-8, 10-12: affixes of the word */
    U_SHP = U_WSUF + 3,            /* 13 */
    U_P1W, U_N1W, U_P2W, U_N2W,    /* 14-17: the word as a neighbour */
    U_P1S, U_N1S, U_P1T, U_N1T,    /* 18 19 24 25 */
    U_AL,                          /* 26 */
    U_F48, U_F52,                  /* 48+fq, 52+fq: first/last 4 bytes by frequency class */
    U_P40, U_N44 = U_P40 + 4,      /* 40-43, 44-47: as a neighbour, by the token's frequency class */
    U_C = U_N44 + 4,               /* 60-64: cluster path prefixes */
    U_P1C6 = U_C + 5, U_P1C12, U_N1C6, U_N1C12, U_P2C8, U_N2C8, /* 65-70 */
    U_SPRE, U_SSUF = U_SPRE + 3,   /* 82-84, 85-87: affixes of the stripped form */
    U_N = U_SSUF + 3
};
/* First halves of two-word features: the hash that seeds the second word's. */
enum { P_20, P_21, P_27, P_28, P_22, P_23, P_94, P_N };

typedef struct form {
    char w[FORM_CAP]; /* folded */
    uint8_t wn, so, sn, tn; /* folded length; stripped offset/length; stem length */
    uint8_t had_al;
    char shp[8];
    uint8_t shn;
    unsigned lex;   /* classes of the stripped form */
    unsigned tlex;  /* training-lexicon classes */
    int clu;        /* cluster path, -1 when the word has none */
    uint8_t nisba;  /* a place adjective ("الأميركي") */
    uint8_t month;  /* a month name of the date tagger's lexicon ("نيسان") */
    uint8_t nwpre, nwsuf, nspre, nssuf; /* affix features present */
    uint64_t key;   /* ner_word_key of the token */
    uint64_t h77;   /* FNV state after the folded word from seed 77 (lexicon keys), unmixed */
    uint32_t u[U_N];
    uint64_t pre[P_N];
} form;

uint64_t ner_word_key(const char *s, size_t n)
{
    char w[FORM_CAP];
    size_t m = ner_fold(s, n, w, FORM_CAP), off, len;
    strip_clitics(w, m, &off, &len);
    return lex_key(w + off, len);
}

size_t ner_word_form(const char *s, size_t n, char *out, size_t cap)
{
    char w[FORM_CAP];
    size_t m = ner_fold(s, n, w, FORM_CAP), off, len;
    strip_clitics(w, m, &off, &len);
    if (len + 1 > cap) len = cap ? cap - 1 : 0;
    memcpy(out, w + off, len);
    if (cap) out[len] = 0;
    return len;
}

uint64_t ner_form_key(const char *form, size_t n) { return lex_key(form, n); }

int ner_lex_find(const ner_lex *lex, uint64_t k, unsigned *val) { return lex_lookup(lex, k, val); }

int ner_clusters_add_file(ner_lex *lex, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return ak_set_error(AK_EIO, "%s: cannot open", path);
    char line[1024];
    while (fgets(line, sizeof line, f)) {
        char *tab = strchr(line, '\t');
        if (!tab || tab == line || !strncmp(line, "# ", 2)) continue; /* header */
        unsigned p = 0, d = 0;
        for (const char *b = tab + 1; (*b == '0' || *b == '1') && d < NER_CLUSTER_BITS; b++, d++)
            p = p << 1 | (unsigned)(*b - '0');
        if (d != NER_CLUSTER_BITS) continue;
        if (lex->n == lex->cap) {
            size_t cap = lex->cap ? lex->cap * 2 : 1024;
            uint64_t *k = realloc(lex->keys, cap * sizeof *k);
            if (!k) { fclose(f); return ak_set_error(AK_ENOMEM, "out of memory"); }
            lex->keys = k;
            lex->cap = cap;
        }
        lex->keys[lex->n++] = lex_key(line, (size_t)(tab - line)) | p;
    }
    fclose(f);
    /* sorted; a (rare) hash collision keeps the first path */
    if (lex->n) qsort(lex->keys, lex->n, sizeof *lex->keys, cmp_u64);
    size_t o = 0;
    for (size_t i = 0; i < lex->n; i++)
        if (!o || (lex->keys[o - 1] & ~0xFFFull) != (lex->keys[i] & ~0xFFFull)) lex->keys[o++] = lex->keys[i];
    lex->n = o;
    return AK_OK;
}

unsigned ner_lex_get_key(const ner_lex *lex, uint64_t k)
{
    unsigned v = 0;
    return lex_lookup(lex, k, &v) ? v : 0;
}

static int place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *w, size_t m);

/* The cluster path cut to its first `bits` bits; -1 (no cluster) and -2 (past
 * the sentence edge) stay apart from every path. */
static unsigned cpre(const form *f, unsigned bits)
{
    return f->clu < 0 ? (unsigned)(1 << 14) - (unsigned)f->clu : (unsigned)f->clu >> (NER_CLUSTER_BITS - bits) | 1u << bits;
}

static uint32_t hnum(unsigned tmpl, unsigned v)
{
    char b[2] = {(char)v, (char)(v >> 8)};
    return hb(tmpl, b, 2);
}

static uint32_t hu32(unsigned tmpl, uint32_t v)
{
    char b[4] = {(char)v, (char)(v >> 8), (char)(v >> 16), (char)(v >> 24)};
    return hb(tmpl, b, 4);
}

/* Prefixes and suffixes of 1-3 letters (code points) of w: buckets of templates
 * tp+1..3 into pre, ts+1..3 into suf (Arabic letters are two bytes). */
static void affixes(unsigned tp, unsigned ts, const char *w, size_t wn, uint32_t *pre, uint8_t *npre, uint32_t *suf,
                    uint8_t *nsuf)
{
    size_t b = 0;
    unsigned j;
    for (j = 1; j <= 3 && b < wn; j++) {
        b++;
        while (b < wn && ((unsigned char)w[b] & 0xC0) == 0x80) b++;
        pre[j - 1] = hb(tp + j, w, b);
    }
    *npre = (uint8_t)(j - 1);
    size_t e = wn;
    for (j = 1; j <= 3 && e > 0; j++) {
        e--;
        while (e > 0 && ((unsigned char)w[e] & 0xC0) == 0x80) e--;
        suf[j - 1] = hb(ts + j, w + e, wn - e);
    }
    *nsuf = (uint8_t)(j - 1);
}

/* Everything about a word that its neighbours do not change. */
static void form_hashes(form *f)
{
    const char *s = f->w + f->so;
    unsigned fq = f->tlex >> 8 & 3;
    size_t m4 = f->wn > 4 ? 4 : f->wn;
    memset(f->u, 0, sizeof f->u); /* affixes a short word lacks: bucket 0, never used */
    f->u[U_W] = hb(2, f->w, f->wn);
    f->u[U_S] = hb(3, s, f->sn);
    f->u[U_T] = hb(4, s, f->tn);
    affixes(5, 9, f->w, f->wn, f->u + U_WPRE, &f->nwpre, f->u + U_WSUF, &f->nwsuf);
    f->u[U_SHP] = hb(13, f->shp, f->shn);
    f->u[U_P1W] = hb(14, f->w, f->wn);
    f->u[U_N1W] = hb(15, f->w, f->wn);
    f->u[U_P2W] = hb(16, f->w, f->wn);
    f->u[U_N2W] = hb(17, f->w, f->wn);
    f->u[U_P1S] = hb(18, s, f->sn);
    f->u[U_N1S] = hb(19, s, f->sn);
    f->u[U_P1T] = hb(24, s, f->tn);
    f->u[U_N1T] = hb(25, s, f->tn);
    f->u[U_AL] = hnum(26, f->had_al);
    f->u[U_F48] = hb(48 + fq, f->w, m4);
    f->u[U_F52] = hb(52 + fq, f->w + f->wn - m4, m4);
    for (unsigned j = 0; j < 4; j++) {
        f->u[U_P40 + j] = hb(40 + j, f->w, f->wn);
        f->u[U_N44 + j] = hb(44 + j, f->w, f->wn);
    }
    static const unsigned depth[] = {4, 6, 8, 10, 12};
    for (unsigned j = 0; j < 5; j++) f->u[U_C + j] = hu32(60 + j, cpre(f, depth[j]));
    f->u[U_P1C6] = hu32(65, cpre(f, 6));
    f->u[U_P1C12] = hu32(66, cpre(f, 12));
    f->u[U_N1C6] = hu32(67, cpre(f, 6));
    f->u[U_N1C12] = hu32(68, cpre(f, 12));
    f->u[U_P2C8] = hu32(69, cpre(f, 8));
    f->u[U_N2C8] = hu32(70, cpre(f, 8));
    affixes(81, 84, s, f->sn, f->u + U_SPRE, &f->nspre, f->u + U_SSUF, &f->nssuf);
    f->pre[P_20] = ner_hash(f->w, f->wn, 20);
    f->pre[P_21] = ner_hash(f->w, f->wn, 21);
    f->pre[P_27] = ner_hash(s, f->sn, 27);
    f->pre[P_28] = ner_hash(s, f->sn, 28);
    f->pre[P_22] = ner_hash(f->shp, f->shn, 22);
    f->pre[P_23] = ner_hash(f->shp, f->shn, 23);
    f->pre[P_94] = ner_hash(s, f->sn, 94);
}

static void make_form(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *t, form *f)
{
    f->wn = (uint8_t)ner_fold(t->s, t->len, f->w, FORM_CAP);
    size_t off, len;
    strip_clitics(f->w, f->wn, &off, &len);
    f->so = (uint8_t)off;
    f->sn = (uint8_t)len;
    f->had_al = off >= 4;
    f->tn = (uint8_t)light_stem(f->w + off, len);
    f->shn = (uint8_t)shape(f->w, f->wn, f->shp);
    f->h77 = fnv_add(fnv_start(77), f->w, f->wn);
    unsigned v = 0, cl = 0;
    uint64_t key = lex_key(f->w + off, len);
    f->key = key;
    f->lex = (lex_lookup(lex, key, &v) ? v : 0);
    f->lex |= lex_lookup(lex, fnv_end(f->h77) & ~0xFFFull, &cl) ? cl : 0;
    f->tlex = ner_lex_get_key(tlex, key);
    unsigned p;
    f->clu = ner_lex_find(clex, key, &p) ? (int)p : -1;
    f->nisba = (uint8_t)place_adjective(lex, tlex, f->w, f->wn);
    f->month = (uint8_t)tx_month_word(t->s, t->len);
    form_hashes(f);
}

/* The sentence edge as a neighbour. */
static void edge_form(form *f)
{
    memset(f, 0, sizeof *f);
    memcpy(f->w, "<s>", 4);
    f->wn = f->sn = f->tn = 3;
    f->shp[0] = 'S';
    f->shn = 1;
    f->clu = -2;
    form_hashes(f);
}

typedef struct fsink {
    uint32_t *out;
    uint8_t n;
    const struct ak_ner *m; /* features as this model's row ids, else buckets */
} fsink;

/* A word-level feature: already a row id when the forms were made for a model. */
static inline void put(fsink *k, uint32_t b)
{
    if (k->n < NER_MAXFEAT) k->out[k->n++] = b;
}

/* A feature computed here: a bucket, turned into a row id for a model. */
static inline void put_b(fsink *k, uint32_t b)
{
    if (k->n < NER_MAXFEAT) k->out[k->n++] = k->m ? ner_row_id(k->m, b) : b;
}

/* A two-word feature: the first word's half (seed) continued with b. */
static void emit2(fsink *k, uint64_t seed, const char *b, size_t bn)
{
    put_b(k, bucket(ner_hash(b, bn, seed)));
}

/* Buckets of the small numbers of templates 30-39 (classes, positions, frequency
 * classes: all under 256), hashed once per process. */
static uint32_t num_table[10][256];
static pthread_once_t num_once = PTHREAD_ONCE_INIT;
static void num_init(void)
{
    for (unsigned t = 0; t < 10; t++)
        for (unsigned v = 0; v < 256; v++) num_table[t][v] = hnum(30 + t, v);
}

static void emit_num(fsink *k, unsigned tmpl, unsigned v)
{
    put_b(k, tmpl >= 30 && tmpl < 40 && v < 256 ? num_table[tmpl - 30][v] : hnum(tmpl, v));
}

/* A sentence as the features see it around token i: win[3] is the token, win[0..2]
 * the three before, win[4..6] the three after (NULL past the edges), with the
 * gazetteer classes of the two-word phrases starting at each (-1: not looked up). */
typedef struct view {
    form *win[7];
    int *bi;     /* bi[j]: phrase win[j] win[j+1] */
    const form *edge;
} view;

/* Classes of the folded phrase win[a..b] (two or three words), as ner_lex_get of
 * the words joined by spaces would give. */
static unsigned phrase_lex(const ner_lex *lex, const view *v, int a, int b)
{
    uint64_t h = v->win[a]->h77;
    for (int i = a + 1; i <= b; i++) h = fnv_add(fnv_add(h, " ", 1), v->win[i]->w, v->win[i]->wn);
    unsigned cl = 0;
    return lex_lookup(lex, fnv_end(h) & ~0xFFFull, &cl) ? cl : 0;
}

static unsigned bigram_lex(const ner_lex *lex, const view *v, int a)
{
    if (v->bi[a] < 0) v->bi[a] = (int)phrase_lex(lex, v, a, a + 1);
    return (unsigned)v->bi[a];
}

#define TLEX_ON (tlex_n != 0)
static void token_features(size_t tlex_n, const ner_lex *lex, const view *v, fsink *k)
{
    const form *e = v->edge;
    const form *c = v->win[3];
    const form *p1 = v->win[2] ? v->win[2] : e, *p2 = v->win[1] ? v->win[1] : e;
    const form *n1 = v->win[4] ? v->win[4] : e, *n2 = v->win[5] ? v->win[5] : e;
    put_b(k, bucket(ner_hash("", 0, 1)));
    /* a word unseen in (the other folds of) the training data gets no identity
     * features: the weights then learn what unseen words in context look like */
    int known = (c->tlex >> 8 & 3) != 0 || !TLEX_ON;
    if (known) {
        put(k, c->u[U_W]);
        put(k, c->u[U_S]);
        put(k, c->u[U_T]);
    }
    for (unsigned j = 0; j < c->nwpre; j++) put(k, c->u[U_WPRE + j]);
    for (unsigned j = 0; j < c->nwsuf; j++) put(k, c->u[U_WSUF + j]);
    put(k, c->u[U_SHP]);
    put(k, p1->u[U_P1W]);
    put(k, n1->u[U_N1W]);
    put(k, p2->u[U_P2W]);
    put(k, n2->u[U_N2W]);
    put(k, p1->u[U_P1S]);
    put(k, n1->u[U_N1S]);
    if (known) {
        emit2(k, p1->pre[P_20], c->w, c->wn);
        emit2(k, c->pre[P_21], n1->w, n1->wn);
        emit2(k, c->pre[P_27], n1->w + n1->so, n1->sn);
        emit2(k, p1->pre[P_28], c->w + c->so, c->sn);
    }
    emit2(k, p1->pre[P_22], c->shp, c->shn);
    emit2(k, c->pre[P_23], n1->shp, n1->shn);
    put(k, p1->u[U_P1T]);
    put(k, n1->u[U_N1T]);
    put(k, c->u[U_AL]);
    /* gazetteer and trigger classes: one feature per class bit and position */
    for (unsigned pos = 0; pos < 5; pos++) {
        unsigned l = v->win[pos + 1] ? v->win[pos + 1]->lex : 0;
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 30, pos * 8 + bit);
    }
    for (unsigned pos = 1; pos < 4; pos++) {
        unsigned l = v->win[pos + 1] ? v->win[pos + 1]->tlex : 0;
        for (unsigned bit = 0; bit < 8; bit++)
            if (l & (1u << bit)) emit_num(k, 35, pos * 8 + bit);
    }
    /* how often the word was seen in training: an unseen word after a cue
     * ("قال X", "الرئيس X") is the main evidence for names never seen */
    unsigned fq = c->tlex >> 8 & 3, fp = p1 == e ? 4 : p1->tlex >> 8 & 3,
             fn = n1 == e ? 4 : n1->tlex >> 8 & 3;
    emit_num(k, 36, fq);
    emit_num(k, 37, fq * 8 + fp);
    emit_num(k, 38, fq * 8 + fn);
    emit_num(k, 39, fq * 64 + fp * 8 + fn);
    put(k, p1->u[U_P40 + fq]);
    put(k, n1->u[U_N44 + fq]);
    put(k, c->u[U_F48]);
    put(k, c->u[U_F52]);
    if (!known || !TLEX_ON) {
        /* word clusters from unlabelled news: prefixes of the tree path of the word and
         * its neighbours, so a name never seen in training looks like names seen */
        for (unsigned j = 0; j < 5; j++) put(k, c->u[U_C + j]);
        put(k, p1->u[U_P1C6]);
        put(k, p1->u[U_P1C12]);
        put(k, n1->u[U_N1C6]);
        put(k, n1->u[U_N1C12]);
        put(k, p2->u[U_P2C8]);
        put(k, n2->u[U_N2C8]);
        put_b(k, hu32(71, cpre(p1, 8) << 16 | cpre(c, 8)));
        put_b(k, hu32(72, cpre(c, 8) << 16 | cpre(n1, 8)));
    }
    /* "الرئيس الأميركي X": a place adjective between a role and the word */
    if (c->nisba) emit_num(k, 79, 1);
    /* affixes of the clitic-stripped form: "وبالكونغرس" shows the ending of كونغرس */
    for (unsigned j = 0; j < c->nspre; j++) put(k, c->u[U_SPRE + j]);
    for (unsigned j = 0; j < c->nssuf; j++) put(k, c->u[U_SSUF + j]);
    /* the previous stripped word with the current word's ending: works for unseen words too */
    size_t m4 = c->sn > 4 ? 4 : c->sn;
    emit2(k, p1->pre[P_94], c->w + c->so + c->sn - m4, m4);
    if (p1->nisba) emit_num(k, 80, p2 == e ? 0x100 : p2->lex & 0x7F);

    if (v->win[1]) {
        unsigned l = bigram_lex(lex, v, 1);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 31, bit);
    }
    if (v->win[0]) {
        unsigned l = phrase_lex(lex, v, 0, 2);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 32, bit);
    }
    if (v->win[4]) {
        unsigned l = bigram_lex(lex, v, 3);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 33, bit);
    }
    if (v->win[2]) {
        unsigned l = bigram_lex(lex, v, 2);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 34, bit);
    }
}

/* ---- the per-call word cache: a word's form is computed once per call ---- */

struct ner_wcache {
    form *forms;       /* forms[0] is the sentence edge */
    const char **src;  /* the token bytes each form was made from */
    size_t *srclen;
    size_t n, cap, max;
    uint64_t *slots;   /* high 32 bits of the token's hash | index + 1 into forms; 0 free */
    size_t mask;
    int owned;         /* token bytes copied into blocks: the cache outlives the text */
    const struct ak_ner *m; /* the forms' word-level features are this model's row ids */
    char **blocks;
    size_t nblocks, used;
};

/* Distinct words kept: memory stays bounded on huge texts (about 350 bytes a word). */
enum { WCACHE_CALL_MAX = 1 << 14, WCACHE_OWNED_MAX = 1 << 15, WCACHE_BLOCK = 1 << 16, WCACHE_OWNED_LEN = 64 };

/* The word-level features of a form as the model's row ids. */
static void form_rows(form *f, const struct ak_ner *m)
{
    if (!m) return;
    for (unsigned j = 0; j < U_N; j++) f->u[j] = ner_row_id(m, f->u[j]);
}

const struct ak_ner *ner_wcache_model(const ner_wcache *c) { return c ? c->m : NULL; }

ner_wcache *ner_wcache_new(const struct ak_ner *m, int owned)
{
    ner_wcache *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    c->m = m;
    c->cap = 256;
    c->max = owned ? WCACHE_OWNED_MAX : WCACHE_CALL_MAX;
    c->owned = owned;
    c->mask = 2 * c->cap - 1;
    c->forms = malloc(c->cap * sizeof *c->forms);
    c->src = malloc(c->cap * sizeof *c->src);
    c->srclen = malloc(c->cap * sizeof *c->srclen);
    c->slots = calloc(c->mask + 1, sizeof *c->slots);
    if (!c->forms || !c->src || !c->srclen || !c->slots) { ner_wcache_free(c); return NULL; }
    edge_form(&c->forms[0]);
    form_rows(&c->forms[0], m);
    c->src[0] = NULL;
    c->srclen[0] = 0;
    c->n = 1;
    return c;
}

void ner_wcache_free(ner_wcache *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->nblocks; i++) free(c->blocks[i]);
    free(c->blocks);
    free(c->forms);
    free(c->src);
    free(c->srclen);
    free(c->slots);
    free(c);
}

/* A copy of the token's bytes that lives as long as the cache; NULL when the
 * token is too long to be worth keeping or memory runs out. */
static const char *wcache_keep(ner_wcache *c, const ner_tok *t)
{
    if (!c->owned) return t->s;
    if (t->len > WCACHE_OWNED_LEN) return NULL;
    if (!c->nblocks || c->used + t->len > WCACHE_BLOCK) {
        char **b = realloc(c->blocks, (c->nblocks + 1) * sizeof *b);
        if (!b) return NULL;
        c->blocks = b;
        if (!(b[c->nblocks] = malloc(WCACHE_BLOCK))) return NULL;
        c->nblocks++;
        c->used = 0;
    }
    char *d = c->blocks[c->nblocks - 1] + c->used;
    memcpy(d, t->s, t->len);
    c->used += t->len;
    return d;
}

/* The cache's own hash of a token's bytes (8 at a time: only the table uses it). */
static uint64_t raw_hash(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t v;
        memcpy(&v, s + i, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 29;
    }
    uint64_t v = 0;
    memcpy(&v, s + i, n - i);
    h = (h ^ v) * 0x94D049BB133111EBull;
    return h ^ h >> 32;
}

/* Grows the table to cap forms; 0 when memory runs out (the caller then computes
 * uncached). */
static int wcache_grow(ner_wcache *c, size_t cap)
{
    size_t mask = 2 * cap - 1;
    form *f = realloc(c->forms, cap * sizeof *f);
    if (f) c->forms = f;
    const char **s = realloc(c->src, cap * sizeof *s);
    if (s) c->src = s;
    size_t *l = realloc(c->srclen, cap * sizeof *l);
    if (l) c->srclen = l;
    uint64_t *t = calloc(mask + 1, sizeof *t);
    if (!f || !s || !l || !t) { free(t); return 0; }
    for (size_t j = 0; j <= c->mask; j++) {
        if (!c->slots[j]) continue;
        size_t i = (uint32_t)c->slots[j] - 1, k = (size_t)raw_hash(c->src[i], c->srclen[i]) & mask;
        while (t[k]) k = (k + 1) & mask;
        t[k] = c->slots[j];
    }
    free(c->slots);
    c->slots = t;
    c->mask = mask;
    c->cap = cap;
    return 1;
}

void ner_wcache_reserve(ner_wcache *c, size_t words)
{
    /* at once rather than doubling from 256: no chain of copies and dropped arrays */
    if (!c) return;
    size_t cap = c->cap;
    while (cap < words && cap < c->max) cap *= 2;
    if (cap > c->cap) wcache_grow(c, cap);
}

/* The index of the token's form in the cache (computed when new), or 0 when the
 * cache is full and *own was filled instead. */
static size_t wcache_form(ner_wcache *c, const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex,
                          const ner_tok *t, form *own)
{
    if (c->n == c->cap && c->cap < c->max) wcache_grow(c, c->cap * 2); /* keeps the table at most half full */
    uint64_t h = raw_hash(t->s, t->len), tag = h >> 32 << 32;
    size_t j = (size_t)h & c->mask;
    for (; c->slots[j]; j = (j + 1) & c->mask) {
        if ((c->slots[j] & ~0xFFFFFFFFull) != tag) continue; /* another word: its bytes need not be read */
        size_t i = (uint32_t)c->slots[j] - 1;
        if (c->srclen[i] == t->len && !memcmp(c->src[i], t->s, t->len)) return i;
    }
    const char *keep = c->n < c->cap ? wcache_keep(c, t) : NULL;
    if (!keep) {
        make_form(lex, tlex, clex, t, own);
        form_rows(own, c->m);
        return 0;
    }
    size_t i = c->n++;
    make_form(lex, tlex, clex, t, &c->forms[i]);
    form_rows(&c->forms[i], c->m);
    c->src[i] = keep;
    c->srclen[i] = t->len;
    c->slots[j] = tag | (uint32_t)(i + 1);
    return i;
}

void ner_features_cached(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *toks,
                         size_t n, uint32_t *feats, uint8_t *nf, ner_wcache *c, uint64_t *keys)
{
    pthread_once(&num_once, num_init);
    /* a ring of the forms of tokens i-3..i+3: own copies, or the cache's */
    form own[8], edge;
    size_t at[8];    /* cache index of token j in slot j & 7; 0: own[j & 7] */
    int bi[8];       /* bigram classes starting at token j (slot j & 7), -1 unknown */
    if (n == 0) return;
    if (!c) edge_form(&edge);
    size_t have = 0; /* forms made: tokens [0, have) */
    for (size_t i = 0; i < n; i++) {
        size_t want = i + 3 < n ? i + 4 : n;
        for (; have < want; have++) {
            size_t r = have & 7;
            at[r] = c ? wcache_form(c, lex, tlex, clex, &toks[have], &own[r]) : 0;
            if (!c) make_form(lex, tlex, clex, &toks[have], &own[r]);
            if (keys) {
                const form *fm = at[r] ? &c->forms[at[r]] : &own[r];
                keys[have] = fm->key | (fm->tlex & 0x3FF) | (fm->month ? NER_KEY_MONTH : 0);
            }
            bi[r] = -1;
        }
        view v;
        int vbi[7];
        for (int d = 0; d < 7; d++) {
            size_t j = i + (size_t)d - 3;
            if (i + (size_t)d < 3 || j >= n) { v.win[d] = NULL; vbi[d] = -1; continue; }
            v.win[d] = at[j & 7] ? &c->forms[at[j & 7]] : &own[j & 7];
            vbi[d] = bi[j & 7];
        }
        v.bi = vbi;
        v.edge = c ? &c->forms[0] : &edge;
        fsink k = {feats + i * NER_MAXFEAT, 0, c ? c->m : NULL};
        token_features(tlex ? tlex->n : 0, lex, &v, &k);
        for (int d = 0; d < 7; d++)
            if (v.win[d]) bi[(i + (size_t)d - 3) & 7] = vbi[d];
        nf[i] = k.n;
    }
}

void ner_features(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *toks, size_t n,
                  uint32_t *feats, uint8_t *nf)
{
    ner_features_cached(lex, tlex, clex, toks, n, feats, nf, NULL, NULL);
}

/* A nisba adjective of a known place ("العراقي", "والأميركي", "لعراقي"): the
 * word without conjunction, preposition and article, ending in ي, whose base is
 * a place in the lists or seen as a place in training. */
static int place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *w, size_t m)
{
    static const char *const pre[] = {"\xD9\x88", "\xD9\x81", "\xD8\xA8", "\xD9\x84", "\xD9\x83"};
    const char *al = "\xD8\xA7\xD9\x84", *ya = "\xD9\x8A";
    size_t o = 0;
    if (!ends(w, m, ya)) return 0;
    for (int step = 0; step < 4; step++) {
        size_t base = m - 2 - o;
        if (cps(w + o, base) >= 3 && base + 4 < FORM_CAP) {
            /* مصري <- مصر, أميركي <- أميركا, تركي <- تركيا */
            static const char *const tail[] = {"", "\xD8\xA7", "\xD9\x8A\xD8\xA7"};
            char b[FORM_CAP];
            memcpy(b, w + o, base);
            for (int t = 0; t < 3; t++) {
                size_t bl = base + strlen(tail[t]);
                memcpy(b + base, tail[t], strlen(tail[t]));
                if (ner_lex_get(lex, b, bl) & GZ_LOC) return 1;
                if (ner_lex_get_key(tlex, lex_key(b, bl)) & (1u << 4)) return 1; /* bit of B-LOC */
            }
        }
        /* peel one more clitic: و/ف, then ب/ل/ك, then ال */
        size_t next = o;
        if (step < 2) {
            for (int k = step == 0 ? 0 : 2; k < (step == 0 ? 2 : 5); k++)
                if (starts(w + o, m - o, pre[k])) { next = o + 2; break; }
        } else if (starts(w + o, m - o, al)) {
            next = o + 4;
        }
        o = next;
    }
    return 0;
}

int ner_is_clitic_place(const ner_lex *lex, const char *s, size_t n)
{
    char w[FORM_CAP];
    size_t m = ner_fold(s, n, w, FORM_CAP), o = 0;
    if (starts(w, m, "\xD9\x88") || starts(w, m, "\xD9\x81")) o = 2; /* و, ف */
    if (!starts(w + o, m - o, "\xD8\xA8") && !starts(w + o, m - o, "\xD9\x84")) return 0; /* ب, ل */
    o += 2;
    size_t al = starts(w + o, m - o, "\xD8\xA7\xD9\x84") ? 4 : 0; /* "بالرياض" */
    return cps(w + o + al, m - o - al) >= 3 && (ner_gazetteer_class(lex, w + o, m - o) & GZ_LOC);
}

unsigned ner_gazetteer_class(const ner_lex *lex, const char *w, size_t n)
{
    size_t o = 0; /* one-word entries are kept without ال (strip_clitics) */
    if (!memchr(w, ' ', n) && starts(w, n, "\xD8\xA7\xD9\x84") && cps(w + 4, n - 4) >= 2) o = 4;
    unsigned cl = ner_lex_get(lex, w + o, n - o);
    return cl & GZ_CLITIC ? 0 : cl & (GZ_PER | GZ_ORG | GZ_LOC | GZ_MISC);
}

int ner_is_place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *s, size_t n)
{
    char w[FORM_CAP];
    size_t m = ner_fold(s, n, w, FORM_CAP);
    return place_adjective(lex, tlex, w, m);
}

/* ---- stacked (document) features: what a first tagging pass said about the same
 * word elsewhere in the text, for a second model to weigh ---- */

/* Counts over a window of sentences: c[0] occurrences left O (or, for a pair of
 * words, not tagged as one entity), c[1 + y] occurrences inside an entity of type y. */
typedef struct dcount {
    uint64_t key; /* 0: free slot */
    uint16_t c[NER_NTYPES + 1];
} dcount;

typedef struct dtable {
    dcount *h;
    size_t mask;
} dtable;

static dcount *dt_slot(const dtable *t, uint64_t k)
{
    size_t j = (size_t)(k >> 24) & t->mask;
    while (t->h[j].key && t->h[j].key != k) j = (j + 1) & t->mask;
    return &t->h[j];
}

/* 0 for O, 1 + type for B-/I- of a type. */
static unsigned tag_class(uint8_t t) { return t ? 1u + (t - 1u) / 2u : 0u; }

static uint64_t uni_key(uint64_t wk) { return (wk & ~0xFFFull) | 1; }
static uint64_t pair_key(uint64_t a, uint64_t b)
{
    uint64_t h = ner_hash(&a, sizeof a, 113) ^ (b & ~0xFFFull) * 0x9E3779B97F4A7C15ull;
    return (h ^ h >> 29) | 3; /* never a word's key (those end in ...001) */
}

/* The class of the pair of words i, i+1: the entity type both are part of, else 0. */
static unsigned pair_class(const uint8_t *tags, size_t i)
{
    uint8_t a = tags[i], b = tags[i + 1];
    return a && b == (a & 1 ? a + 1 : a) ? tag_class(a) : 0;
}

/* Empties slot e, moving later entries of its probe run back (no tombstones: the
 * table only ever holds the keys of the window). */
static void dt_remove(dtable *t, dcount *e)
{
    size_t i = (size_t)(e - t->h);
    for (size_t j = (i + 1) & t->mask; t->h[j].key; j = (j + 1) & t->mask) {
        size_t home = (size_t)(t->h[j].key >> 24) & t->mask;
        if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
            t->h[i] = t->h[j];
            i = j;
        }
    }
    memset(&t->h[i], 0, sizeof t->h[i]);
}

static void dt_add(dtable *t, uint64_t k, unsigned cls, int d)
{
    dcount *e = dt_slot(t, k);
    e->key = k;
    e->c[cls] = (uint16_t)(e->c[cls] + d);
    if (d < 0) {
        unsigned any = 0;
        for (unsigned y = 0; y <= NER_NTYPES; y++) any |= e->c[y];
        if (!any) dt_remove(t, e);
    }
}

/* Adds d to the counts of the words and word pairs of tokens [a, b) (one sentence). */
static void dt_sentence(dtable *t, const uint64_t *wk, const uint8_t *tags, size_t a, size_t b, int d)
{
    for (size_t i = a; i < b; i++) {
        dt_add(t, uni_key(wk[i]), tag_class(tags[i]), d);
        if (i + 1 < b) dt_add(t, pair_key(wk[i], wk[i + 1]), pair_class(tags, i), d);
    }
}

/* Buckets of the stacked templates 100-107 (values all under 100), hashed once per
 * process: about ten a token. */
static uint32_t stack_table[8][100];
static pthread_once_t stack_once = PTHREAD_ONCE_INIT;
static void stack_init(void)
{
    for (unsigned t = 0; t < 8; t++)
        for (unsigned v = 0; v < 100; v++) stack_table[t][v] = hnum(100 + t, v);
}

static void emit_stack(uint32_t *f, uint8_t *nf, const struct ak_ner *m, unsigned tmpl, unsigned v)
{
    if (*nf >= NER_MAXFEAT) return;
    uint32_t b = tmpl >= 100 && tmpl < 108 && v < 100 ? stack_table[tmpl - 100][v] : hnum(tmpl, v);
    f[(*nf)++] = m ? ner_row_id(m, b) : b;
}

/* The features of token i (sentence [a, b)) from the window's counts. */
static void stack_token(const dtable *t, const uint64_t *wk, const uint8_t *tags, size_t a, size_t b, size_t i,
                        uint32_t *f, uint8_t *nf, const struct ak_ner *m)
{
    unsigned tg = tags[i], pt = i > a ? tags[i - 1] : 9, nt = i + 1 < b ? tags[i + 1] : 9;
    emit_stack(f, nf, m, 100, tg);
    emit_stack(f, nf, m, 101, pt * 10 + tg);
    emit_stack(f, nf, m, 102, tg * 10 + nt);
    /* the same word elsewhere, this occurrence left out */
    unsigned c[NER_NTYPES + 1];
    const dcount *e = dt_slot(t, uni_key(wk[i]));
    for (unsigned y = 0; y <= NER_NTYPES; y++) c[y] = e->c[y];
    c[tag_class(tags[i])]--;
    unsigned ce = 0, maj = 0, best = 0;
    for (unsigned y = 1; y <= NER_NTYPES; y++) {
        ce += c[y];
        if (c[y] > best) { best = c[y]; maj = y; }
        if (c[y]) emit_stack(f, nf, m, 104, (y - 1) * 2 + (c[y] >= 2));
    }
    emit_stack(f, nf, m, 103, (c[0] > 2 ? 2 : c[0]) * 3 + (ce > 2 ? 2 : ce));
    emit_stack(f, nf, m, 105, maj * 9 + tg);
    if (maj) emit_stack(f, nf, m, 106, (maj - 1) * 2 + (best > c[0]));
    /* the pairs this word opens and closes, tagged as one entity elsewhere */
    for (unsigned pos = 0; pos < 2; pos++) {
        size_t p = pos ? i - 1 : i;
        if (pos ? i == a : i + 1 >= b) continue;
        e = dt_slot(t, pair_key(wk[p], wk[p + 1]));
        for (unsigned y = 0; y <= NER_NTYPES; y++) c[y] = e->c[y];
        c[pair_class(tags, p)]--;
        maj = best = 0;
        for (unsigned y = 1; y <= NER_NTYPES; y++)
            if (c[y] > best) { best = c[y]; maj = y; }
        if (maj) emit_stack(f, nf, m, 107, ((pos * 4 + maj - 1) * 2 + (best >= 2)) * 2 + (best > c[0]));
    }
}

struct ner_stack {
    dtable t;
    const uint64_t *wk;
    const uint8_t *tags;
    const size_t *sent;
    size_t s0, s1, win, in, out; /* sentences [out, in) are counted */
};

ner_stack *ner_stack_new(const uint64_t *wk, const uint8_t *tags, const size_t *sent, size_t s0, size_t s1,
                         size_t win)
{
    /* at most 2 keys a token of the widest window (one more sentence each side while
     * it slides) are held, at most half full */
    size_t ntok = 0, cap = 64;
    for (size_t s = s0; s < s1; s++) {
        size_t a = s > s0 + win + 1 ? s - win - 1 : s0, b = s + win + 2 < s1 ? s + win + 2 : s1;
        if (sent[b] - sent[a] > ntok) ntok = sent[b] - sent[a];
    }
    while (cap < 4 * ntok) cap *= 2;
    ner_stack *st = malloc(sizeof *st);
    if (!st) return NULL;
    *st = (ner_stack){{calloc(cap, sizeof(dcount)), cap - 1}, wk, tags, sent, s0, s1, win, s0, s0};
    if (!st->t.h) { free(st); return NULL; }
    return st;
}

void ner_stack_sentence(ner_stack *st, size_t s, uint32_t *feats, uint8_t *nf, const struct ak_ner *m)
{
    pthread_once(&stack_once, stack_init);
    /* a window of sentences slides over the text: s - win .. s + win */
    const size_t *sent = st->sent;
    size_t want = s + st->win + 1 < st->s1 ? s + st->win + 1 : st->s1;
    for (; st->in < want; st->in++) dt_sentence(&st->t, st->wk, st->tags, sent[st->in], sent[st->in + 1], 1);
    for (; st->out + st->win < s; st->out++)
        dt_sentence(&st->t, st->wk, st->tags, sent[st->out], sent[st->out + 1], -1);
    for (size_t i = sent[s]; i < sent[s + 1]; i++)
        stack_token(&st->t, st->wk, st->tags, sent[s], sent[s + 1], i, feats + (i - sent[s]) * NER_MAXFEAT,
                    nf + (i - sent[s]), m);
}

void ner_stack_free(ner_stack *st)
{
    if (!st) return;
    free(st->t.h);
    free(st);
}

int ner_stack_features(const uint64_t *wk, const uint8_t *tags, const size_t *sent, size_t s0, size_t s1,
                       size_t win, uint32_t *feats, uint8_t *nf, const struct ak_ner *m)
{
    if (s1 <= s0) return AK_OK;
    ner_stack *st = ner_stack_new(wk, tags, sent, s0, s1, win);
    if (!st) return ak_set_error(AK_ENOMEM, "out of memory");
    for (size_t s = s0; s < s1; s++) ner_stack_sentence(st, s, feats + sent[s] * NER_MAXFEAT, nf + sent[s], m);
    ner_stack_free(st);
    return AK_OK;
}
