/* features.c: what the named-entity tagger looks at: folded words, clitic-stripped
 * forms, affixes, a light stem, shape, a ±2 window, gazetteer and trigger membership. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_internal.h"
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
        if (!memchr(fold, ' ', m)) strip_clitics(fold, m, &off, &len);
        if (lex->n == lex->cap) {
            size_t cap = lex->cap ? lex->cap * 2 : 1024;
            uint64_t *k = realloc(lex->keys, cap * sizeof *k);
            if (!k) { fclose(f); return ak_set_error(AK_ENOMEM, "out of memory"); }
            lex->keys = k;
            lex->cap = cap;
        }
        lex->keys[lex->n++] = lex_key(fold + off, len) | cls;
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

unsigned ner_lex_get(const ner_lex *lex, const char *folded, size_t n)
{
    uint64_t k = lex_key(folded, n);
    size_t lo = 0, hi = lex->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t m = lex->keys[mid] & ~0xFFFull;
        if (m == k) return (unsigned)(lex->keys[mid] & 0xFFF);
        if (m < k) lo = mid + 1; else hi = mid;
    }
    return 0;
}

void ner_lex_free(ner_lex *lex)
{
    free(lex->keys);
    lex->keys = NULL;
    lex->n = lex->cap = 0;
}

/* ---- features ---- */

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

int ner_lex_find(const ner_lex *lex, uint64_t k, unsigned *val)
{
    size_t lo = 0, hi = lex ? lex->n : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t m = lex->keys[mid] & ~0xFFFull;
        if (m == k) { *val = (unsigned)(lex->keys[mid] & 0xFFF); return 1; }
        if (m < k) lo = mid + 1; else hi = mid;
    }
    return 0;
}

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
    size_t lo = 0, hi = lex ? lex->n : 0;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        uint64_t m = lex->keys[mid] & ~0xFFFull;
        if (m == k) return (unsigned)(lex->keys[mid] & 0xFFF);
        if (m < k) lo = mid + 1; else hi = mid;
    }
    return 0;
}

static int place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *w, size_t m);

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
    f->lex = ner_lex_get(lex, f->w + off, len) | ner_lex_get(lex, f->w, f->wn);
    uint64_t key = lex_key(f->w + off, len);
    f->tlex = ner_lex_get_key(tlex, key);
    unsigned p;
    f->clu = ner_lex_find(clex, key, &p) ? (int)p : -1;
    f->nisba = (uint8_t)place_adjective(lex, tlex, f->w, f->wn);
}

typedef struct fsink {
    uint32_t *out;
    uint8_t n;
} fsink;

static void emit(fsink *k, unsigned tmpl, const char *a, size_t an, const char *b, size_t bn)
{
    if (k->n >= NER_MAXFEAT) return;
    uint64_t h = ner_hash(a, an, tmpl);
    if (b) h = ner_hash(b, bn, h);
    k->out[k->n++] = (uint32_t)(h >> (64 - NER_BITS));
}

static void emit_num(fsink *k, unsigned tmpl, unsigned v)
{
    char b[4] = {(char)v, (char)(v >> 8), 0, 0};
    emit(k, tmpl, b, 2, NULL, 0);
}

static void emit_u32(fsink *k, unsigned tmpl, uint32_t v)
{
    char b[4] = {(char)v, (char)(v >> 8), (char)(v >> 16), (char)(v >> 24)};
    emit(k, tmpl, b, 4, NULL, 0);
}

/* Classes of the folded phrase made of forms [a, b] (two or three words). */
static unsigned phrase_lex(const ner_lex *lex, const form *f, size_t a, size_t b)
{
    char buf[3 * FORM_CAP + 4];
    size_t o = 0;
    for (size_t i = a; i <= b; i++) {
        if (i > a) buf[o++] = ' ';
        memcpy(buf + o, f[i].w, f[i].wn);
        o += f[i].wn;
    }
    return ner_lex_get(lex, buf, o);
}

static const form empty_form = {.tlex = 0, .clu = -2, .w = "<s>", .wn = 3, .so = 0, .sn = 3, .tn = 3, .shp = "S", .shn = 1};

/* The cluster path cut to its first `bits` bits; -1 (no cluster) and -2 (past
 * the sentence edge) stay apart from every path. */
static unsigned cpre(const form *f, unsigned bits)
{
    return f->clu < 0 ? (unsigned)(1 << 14) - (unsigned)f->clu : (unsigned)f->clu >> (NER_CLUSTER_BITS - bits) | 1u << bits;
}

/* Word clusters from unlabelled news: prefixes of the tree path of the word and
 * its neighbours, so a name never seen in training looks like names seen. */
static void cluster_features(const form *p2, const form *p1, const form *c, const form *n1, const form *n2,
                             fsink *k)
{
    static const unsigned depth[] = {4, 6, 8, 10, 12};
    for (unsigned j = 0; j < 5; j++) emit_u32(k, 60 + j, cpre(c, depth[j]));
    emit_u32(k, 65, cpre(p1, 6));
    emit_u32(k, 66, cpre(p1, 12));
    emit_u32(k, 67, cpre(n1, 6));
    emit_u32(k, 68, cpre(n1, 12));
    emit_u32(k, 69, cpre(p2, 8));
    emit_u32(k, 70, cpre(n2, 8));
    emit_u32(k, 71, cpre(p1, 8) << 16 | cpre(c, 8));
    emit_u32(k, 72, cpre(c, 8) << 16 | cpre(n1, 8));
}

/* Prefixes and suffixes of 1-3 letters (code points) of w, templates tmpl+1..tmpl+6. */
static void emit_affixes(fsink *k, unsigned tmpl, const char *w, size_t wn)
{
    size_t b = 0;
    for (unsigned j = 1; j <= 3 && b < wn; j++) {
        b++;
        while (b < wn && ((unsigned char)w[b] & 0xC0) == 0x80) b++;
        emit(k, tmpl + j, w, b, NULL, 0);
    }
    size_t e = wn;
    for (unsigned j = 1; j <= 3 && e > 0; j++) {
        e--;
        while (e > 0 && ((unsigned char)w[e] & 0xC0) == 0x80) e--;
        emit(k, tmpl + 3 + j, w + e, wn - e, NULL, 0);
    }
}

#define TLEX_ON (tlex_n != 0)
static void token_features(size_t tlex_n, const ner_lex *lex, const form *f, size_t n, size_t i, fsink *k)
{
    const form *c = &f[i];
    const form *p1 = i >= 1 ? &f[i - 1] : &empty_form, *p2 = i >= 2 ? &f[i - 2] : &empty_form;
    const form *n1 = i + 1 < n ? &f[i + 1] : &empty_form, *n2 = i + 2 < n ? &f[i + 2] : &empty_form;
    emit(k, 1, "", 0, NULL, 0);
    /* a word unseen in (the other folds of) the training data gets no identity
     * features: the weights then learn what unseen words in context look like */
    int known = (c->tlex >> 8 & 3) != 0 || !TLEX_ON;
    if (known) {
        emit(k, 2, c->w, c->wn, NULL, 0);
        emit(k, 3, c->w + c->so, c->sn, NULL, 0);
        emit(k, 4, c->w + c->so, c->tn, NULL, 0);
    }
    /* affixes by code point: Arabic letters are two bytes, so step over UTF-8 */
    size_t b = 0;
    for (unsigned j = 1; j <= 3 && b < c->wn; j++) {
        b++;
        while (b < c->wn && ((unsigned char)c->w[b] & 0xC0) == 0x80) b++;
        emit(k, 5 + j, c->w, b, NULL, 0);
    }
    size_t e = c->wn;
    for (unsigned j = 1; j <= 3 && e > 0; j++) {
        e--;
        while (e > 0 && ((unsigned char)c->w[e] & 0xC0) == 0x80) e--;
        emit(k, 9 + j, c->w + e, c->wn - e, NULL, 0);
    }
    emit(k, 13, c->shp, c->shn, NULL, 0);
    emit(k, 14, p1->w, p1->wn, NULL, 0);
    emit(k, 15, n1->w, n1->wn, NULL, 0);
    emit(k, 16, p2->w, p2->wn, NULL, 0);
    emit(k, 17, n2->w, n2->wn, NULL, 0);
    emit(k, 18, p1->w + p1->so, p1->sn, NULL, 0);
    emit(k, 19, n1->w + n1->so, n1->sn, NULL, 0);
    if (known) {
        emit(k, 20, p1->w, p1->wn, c->w, c->wn);
        emit(k, 21, c->w, c->wn, n1->w, n1->wn);
        emit(k, 27, c->w + c->so, c->sn, n1->w + n1->so, n1->sn);
        emit(k, 28, p1->w + p1->so, p1->sn, c->w + c->so, c->sn);
    }
    emit(k, 22, p1->shp, p1->shn, c->shp, c->shn);
    emit(k, 23, c->shp, c->shn, n1->shp, n1->shn);
    emit(k, 24, p1->w + p1->so, p1->tn, NULL, 0);
    emit(k, 25, n1->w + n1->so, n1->tn, NULL, 0);
    emit_num(k, 26, c->had_al);
    /* gazetteer and trigger classes: one feature per class bit and position */
    const form *win[5] = {p2, p1, c, n1, n2};
    for (unsigned pos = 0; pos < 5; pos++) {
        unsigned l = (win[pos] == &empty_form) ? 0 : win[pos]->lex;
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 30, pos * 8 + bit);
    }
    for (unsigned pos = 1; pos < 4; pos++) {
        unsigned l = (win[pos] == &empty_form) ? 0 : win[pos]->tlex;
        for (unsigned bit = 0; bit < 8; bit++)
            if (l & (1u << bit)) emit_num(k, 35, pos * 8 + bit);
    }
    /* how often the word was seen in training: an unseen word after a cue
     * ("قال X", "الرئيس X") is the main evidence for names never seen */
    unsigned fq = c->tlex >> 8 & 3, fp = p1 == &empty_form ? 4 : p1->tlex >> 8 & 3,
             fn = n1 == &empty_form ? 4 : n1->tlex >> 8 & 3;
    emit_num(k, 36, fq);
    emit_num(k, 37, fq * 8 + fp);
    emit_num(k, 38, fq * 8 + fn);
    emit_num(k, 39, fq * 64 + fp * 8 + fn);
    emit(k, 40 + fq, p1->w, p1->wn, NULL, 0);
    emit(k, 44 + fq, n1->w, n1->wn, NULL, 0);
    emit(k, 48 + fq, c->w, c->wn > 4 ? 4 : c->wn, NULL, 0);
    emit(k, 52 + fq, c->w + c->wn - (c->wn > 4 ? 4 : c->wn), c->wn > 4 ? 4 : c->wn, NULL, 0);
    if (!known || !TLEX_ON) cluster_features(p2, p1, c, n1, n2, k);
    /* "الرئيس الأميركي X": a place adjective between a role and the word */
    if (c->nisba) emit_num(k, 79, 1);
    /* affixes of the clitic-stripped form: "وبالكونغرس" shows the ending of كونغرس */
    emit_affixes(k, 81, c->w + c->so, c->sn);
    /* the previous stripped word with the current word's ending: works for unseen words too */
    size_t m4 = c->sn > 4 ? 4 : c->sn;
    emit(k, 94, p1->w + p1->so, p1->sn, c->w + c->so + c->sn - m4, m4);
    if (p1->nisba) emit_num(k, 80, p2 == &empty_form ? 0x100 : p2->lex & 0x7F);

    if (i >= 2) {
        unsigned l = phrase_lex(lex, f, i - 2, i - 1);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 31, bit);
    }
    if (i >= 3) {
        unsigned l = phrase_lex(lex, f, i - 3, i - 1);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 32, bit);
    }
    if (i + 1 < n) {
        unsigned l = phrase_lex(lex, f, i, i + 1);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 33, bit);
    }
    if (i >= 1) {
        unsigned l = phrase_lex(lex, f, i - 1, i);
        for (unsigned bit = 0; bit < 7; bit++)
            if (l & (1u << bit)) emit_num(k, 34, bit);
    }
}

void ner_features(const ner_lex *lex, const ner_lex *tlex, const ner_lex *clex, const ner_tok *toks, size_t n,
                  uint32_t *feats, uint8_t *nf)
{
    /* forms are computed in chunks so memory stays bounded on very long sentences */
    enum { CH = 256 };
    form f[CH + 8];
    if (n == 0) return;
    size_t base = 0; /* index of f[0] in the sentence */
    size_t have = 0; /* forms computed: sentence indices [base, base+have) */
    for (size_t i = 0; i < n; i++) {
        /* keep a window of 3 tokens before i and 3 after */
        size_t want_lo = i >= 3 ? i - 3 : 0, want_hi = i + 3 < n ? i + 3 : n - 1;
        if (want_lo > base) {
            size_t drop = want_lo - base;
            if (drop > have) drop = have;
            memmove(f, f + drop, (have - drop) * sizeof *f);
            base += drop;
            have -= drop;
            if (base < want_lo) base = want_lo;
        }
        while (base + have <= want_hi) {
            make_form(lex, tlex, clex, &toks[base + have], &f[have]);
            have++;
        }
        fsink k = {feats + i * NER_MAXFEAT, 0};
        /* a view of the sentence as seen from i: local indices */
        token_features(tlex ? tlex->n : 0, lex, f, have, i - base, &k);
        nf[i] = k.n;
    }
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

int ner_is_place_adjective(const ner_lex *lex, const ner_lex *tlex, const char *s, size_t n)
{
    char w[FORM_CAP];
    size_t m = ner_fold(s, n, w, FORM_CAP);
    return place_adjective(lex, tlex, w, m);
}
