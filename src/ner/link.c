/* link.c: entities across articles: mentions merged by folded spelling, by name
 * parts within an article (الوزير العباسي -> ثابت العباسي) and by an alias list. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_internal.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

#define KEY_CAP 512
#define MAX_ROLE_WORDS 5

typedef struct mention {
    char key[KEY_CAP];   /* TYPE + ":" + folded words joined by spaces */
    char *surface;       /* stripped surface form (allocated) */
    char *role;          /* PER: title words right before, or NULL */
    const char *canon;   /* the alias list's name for it, or NULL */
    int type;            /* index into ner_type_names */
    unsigned words;
    size_t doc;
    size_t entity;
} mention;

typedef struct alias {
    char from[KEY_CAP], to[KEY_CAP]; /* folded, without type */
    char name[KEY_CAP];              /* the canonical name as written in the file */
} alias;

/* Role head words: a PER mention preceded by one of these (and what follows it)
 * carries that role, e.g. "وزير الدفاع العراقي ثابت العباسي". Folded forms. */
static const char *const role_heads[] = {
    "وزير", "الوزير", "وزيره", "رييس", "الرييس", "نايب", "قايد", "مستشار", "المستشار",
    "الفريق", "اللواء", "العميد", "العقيد", "الجنرال", "المتحدث", "الناطق", "السفير",
    "مدير", "المدير", "الامين", "امين", "مساعد", "وكيل", "نظيره", "الملك", "الامير", "الشيخ", NULL};

/* Is the folded word w (n bytes) a conjunction/preposition glued before "ال"? Returns
 * the bytes to drop: "والعراق" -> 2, "بالعراق" -> 2, "وبالعراق" -> 4, "للعراق" -> 0. */
static size_t clitic_len(const char *w, size_t n)
{
    size_t o = 0;
    if (n > 6 && (!memcmp(w, "\xD9\x88", 2) || !memcmp(w, "\xD9\x81", 2))) o = 2;
    /* not و + ك: "وكالة" is a word of its own, not "and like the ..." */
    if (n > o + 6 && (!memcmp(w + o, "\xD8\xA8", 2) || (!o && !memcmp(w + o, "\xD9\x83", 2))) &&
        !memcmp(w + o + 2, "\xD8\xA7\xD9\x84", 4))
        return o + 2;
    if (o && !memcmp(w + o, "\xD8\xA7\xD9\x84", 4)) return o;
    return 0;
}

/* The bytes of the surface [s, s+n) that fold to the first `folded` bytes of its
 * folded form (and the marks right after them): a clitic is two bytes folded, but
 * three in a presentation form (U+FExx) or more with a vowel mark, and a cut
 * inside a character would leave invalid UTF-8 in a name or a role. */
static size_t surface_bytes(const char *s, size_t n, size_t folded)
{
    size_t i = 0, got = 0;
    char tmp[16];
    while (folded && i < n) {
        uint32_t cp;
        size_t cl = ak_utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (!cl) cl = 1;
        size_t f = ner_fold(s + i, cl, tmp, sizeof tmp);
        if (got >= folded && f) break;
        got += f;
        i += cl;
    }
    return got >= folded ? i : 0;
}

/* Splits [s, s+n) on spaces into the folded, joined key; drops a leading clitic. */
static unsigned fold_name(const char *s, size_t n, char *out, size_t cap, size_t *drop)
{
    char tmp[KEY_CAP];
    size_t m = ner_fold(s, n, tmp, sizeof tmp), o = 0;
    unsigned words = 0;
    size_t c = clitic_len(tmp, m);
    *drop = surface_bytes(s, n, c); /* the same clitic letters in the surface */
    for (size_t i = c; i < m && o + 1 < cap;) {
        while (i < m && tmp[i] == ' ') i++;
        if (i >= m) break;
        if (words) out[o++] = ' ';
        while (i < m && tmp[i] != ' ' && o + 1 < cap) out[o++] = tmp[i++];
        words++;
    }
    out[o] = 0;
    return words;
}

static int load_aliases(const char *path, alias **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    FILE *f = fopen(path, "rb");
    if (!f) return AK_OK; /* optional */
    char line[2048];
    size_t cap = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        line[strcspn(line, "\r\n")] = 0;
        char canon[KEY_CAP] = "", canon_name[KEY_CAP] = "";
        for (char *p = line, *q; p; p = q) {
            q = strchr(p, '=');
            size_t len = q ? (size_t)(q - p) : strlen(p);
            if (q) q++;
            while (len && (*p == ' ')) { p++; len--; }
            while (len && p[len - 1] == ' ') len--;
            if (!len) continue;
            char k[KEY_CAP];
            size_t drop;
            fold_name(p, len, k, sizeof k, &drop);
            if (!canon[0]) {
                snprintf(canon, sizeof canon, "%s", k);
                snprintf(canon_name, sizeof canon_name, "%.*s", (int)len, p);
                continue;
            }
            if (*n == cap) {
                cap = cap ? cap * 2 : 32;
                alias *g = realloc(*out, cap * sizeof *g);
                if (!g) { fclose(f); return ak_set_error(AK_ENOMEM, "out of memory"); }
                *out = g;
            }
            snprintf((*out)[*n].from, KEY_CAP, "%s", k);
            snprintf((*out)[*n].to, KEY_CAP, "%s", canon);
            snprintf((*out)[*n].name, KEY_CAP, "%s", canon_name);
            (*n)++;
        }
    }
    fclose(f);
    return AK_OK;
}

/* The role words before byte offset `at` in the same sentence, or NULL. */
static char *find_role(const char *text, size_t at)
{
    size_t starts[MAX_ROLE_WORDS + 1], k = 0, i = at;
    while (k < MAX_ROLE_WORDS) {
        while (i > 0 && text[i - 1] == ' ') i--;
        if (i == 0 || strchr(".!?\n،,:\"", text[i - 1])) break;
        size_t e = i;
        while (i > 0 && text[i - 1] != ' ' && text[i - 1] != '\n' && !strchr(".!?,:\"", text[i - 1])) i--;
        if (e - i >= 2 && !memcmp(text + e - 2, "\xD8\x8C", 2)) break; /* Arabic comma */
        starts[k++] = i;
    }
    /* the farthest head word starts the role */
    for (size_t j = k; j-- > 0;) {
        char w[64];
        size_t e = starts[j];
        while (e < at && text[e] != ' ') e++;
        size_t m = ner_fold(text + starts[j], e - starts[j], w, sizeof w);
        size_t c = (m > 2 && (!memcmp(w, "\xD9\x88", 2))) ? 2 : 0; /* وزير after و */
        for (const char *const *h = role_heads; *h; h++)
            if (m - c == strlen(*h) && !memcmp(w + c, *h, m - c)) {
                size_t end = at;
                while (end > starts[j] && text[end - 1] == ' ') end--;
                size_t b = starts[j] + surface_bytes(text + starts[j], e - starts[j], c);
                char *r = malloc(end - b + 1);
                if (r) { memcpy(r, text + b, end - b); r[end - b] = 0; }
                return r;
            }
    }
    return NULL;
}

static const char *last_word(const char *key)
{
    const char *p = strrchr(key, ' ');
    return p ? p + 1 : strchr(key, ':') + 1;
}
static size_t first_word_len(const char *k) { return strcspn(k, " "); }

/* Index of the one PER key among cand[0..n) that a short name fits, or -1 when
 * none or several do: different people who share a name part stay apart. */
static long unique_fit(const mention *v, const size_t *cand, size_t n, const mention *s)
{
    long found = -1;
    const char *sw = strchr(s->key, ':') + 1;
    for (size_t i = 0; i < n; i++) {
        const mention *c = &v[cand[i]];
        if (c->words <= s->words || strcmp(c->key, s->key) == 0) continue;
        const char *cw = strchr(c->key, ':') + 1;
        int fits;
        if (s->words == 1)
            fits = !strcmp(last_word(c->key), sw) ||
                   (first_word_len(cw) == strlen(sw) && !memcmp(cw, sw, strlen(sw)) && 0);
        else /* same first and last word: "ثابت العباسي" in "ثابت محمد العباسي" */
            fits = !strcmp(last_word(c->key), last_word(s->key)) && first_word_len(cw) == first_word_len(sw) &&
                   !memcmp(cw, sw, first_word_len(sw));
        if (!fits) continue;
        if (found >= 0 && strcmp(v[found].key, c->key)) return -2;
        found = (long)cand[i];
    }
    return found;
}

/* Appends s to arr unless entity ent already has it under kind (v, r, a): seen
 * holds "ent:kind:string" for every string kept so far. */
static int add_str(ak_strmap *seen, ak_buf *tmp, size_t ent, char kind, char ***arr, size_t *n, const char *s)
{
    ak_buf_reset(tmp);
    if (ak_buf_printf(tmp, "%zu:%c:", ent, kind) || ak_buf_puts(tmp, s)) return AK_ENOMEM;
    ak_strslot *sl = ak_strmap_find(seen, ak_buf_cstr(tmp));
    if (sl && sl->key) return AK_OK;
    char **g = realloc(*arr, (*n + 1) * sizeof *g);
    if (!g) return AK_ENOMEM;
    *arr = g;
    if (!(g[*n] = strdup(s))) return AK_ENOMEM;
    (*n)++;
    return ak_strmap_put(seen, ak_buf_cstr(tmp), 1);
}

/* Two PER mentions with only spaces between them are one name the tagger cut
 * ("عبد الأمير" + "رشيد يار الله"): a list of people has commas or "و". */
size_t ner_join_adjacent(const char *text, ak_ner_entity *e, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (o && !strcmp(e[i].type, "PER") && !strcmp(e[o - 1].type, "PER")) {
            size_t b = e[o - 1].byte_end;
            while (b < e[i].byte_start && text[b] == ' ') b++;
            if (b == e[i].byte_start) {
                e[o - 1].byte_end = e[i].byte_end;
                e[o - 1].end = e[i].end;
                continue;
            }
        }
        e[o++] = e[i];
    }
    return o;
}

/* The document's mentions: a copy of the caller's, or tagged here. */
static int tagged(const ak_ner *m, const ak_ner_doc *doc, ak_ner_entity **e, size_t *ne)
{
    if (!doc->mentions) return ak_ner_tag(m, doc->text, doc->len, e, ne);
    *ne = doc->n_mentions;
    *e = malloc((doc->n_mentions ? doc->n_mentions : 1) * sizeof **e);
    if (!*e) return ak_set_error(AK_ENOMEM, "out of memory");
    if (doc->n_mentions) memcpy(*e, doc->mentions, doc->n_mentions * sizeof **e);
    return AK_OK;
}

static int collect(const ak_ner *m, const ak_ner_doc *docs, size_t nd, const alias *al, size_t nal,
                   mention **out, size_t *n_out)
{
    mention *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t d = 0; d < nd; d++) {
        ak_ner_entity *e;
        size_t ne;
        int rc = tagged(m, &docs[d], &e, &ne);
        if (rc) { *out = v; *n_out = n; return rc; }
        ne = ner_join_adjacent(docs[d].text, e, ne);
        for (size_t i = 0; i < ne; i++) {
            if (n == cap) {
                cap = cap ? cap * 2 : 64;
                mention *g = realloc(v, cap * sizeof *g);
                if (!g) { free(e); *out = v; *n_out = n; return ak_set_error(AK_ENOMEM, "out of memory"); }
                v = g;
            }
            mention *x = &v[n];
            memset(x, 0, sizeof *x);
            int t = 0;
            while (t < NER_NTYPES - 1 && strcmp(ner_type_names[t], e[i].type)) t++;
            char k[KEY_CAP];
            size_t drop;
            const char *s = docs[d].text + e[i].byte_start;
            size_t len = e[i].byte_end - e[i].byte_start;
            x->words = fold_name(s, len, k, sizeof k, &drop);
            for (size_t a = 0; a < nal; a++)
                if (!strcmp(al[a].from, k)) {
                    snprintf(k, sizeof k, "%s", al[a].to);
                    x->canon = al[a].name;
                    break;
                }
            /* keys are cut at KEY_CAP: a longer name still gets a stable key */
            size_t tl = strlen(ner_type_names[t]), kl = strnlen(k, KEY_CAP - tl - 2);
            memcpy(x->key, ner_type_names[t], tl);
            x->key[tl] = ':';
            memcpy(x->key + tl + 1, k, kl);
            x->key[tl + 1 + kl] = 0;
            x->type = t;
            x->doc = d;
            x->surface = strndup(s + drop, len - drop);
            x->role = t == 0 ? find_role(docs[d].text, e[i].byte_start) : NULL;
            n++;
            if (!x->surface) { free(e); *out = v; *n_out = n; return ak_set_error(AK_ENOMEM, "out of memory"); }
        }
        free(e);
    }
    *out = v;
    *n_out = n;
    return AK_OK;
}

/* ---- a glued conjunction or preposition before a name ----
 * The tagger keeps "وإيران", "وصالح", "للأمم المتحدة" as written (ANERcorp's
 * tokens carry their clitics), which would make each a separate entity. Names do
 * start with these letters (وليد، وائل، بغداد، واس، فلسطين), so the letter goes only
 * when the rest is named in the same call (another mention's key, or for a one-word
 * person a part of a person's name) or in the gazetteer of its type ("وأوروبا", "للمملكة
 * العربية السعودية" in an article that names them once). A one-word entry stored without a
 * letter it was written with (فلسطين is kept as لسطين) is marked and proves nothing. */

/* The key's first word with one clitic off: و ف ب ل ك + rest, or لل + rest -> ال + rest.
 * Writes "TYPE:alt" into out; returns the folded bytes removed from the start (0: none). */
static size_t clitic_alt(const char *key, char *out, size_t cap)
{
    const char *colon = strchr(key, ':'), *w = colon + 1;
    size_t fw = first_word_len(w), tl = (size_t)(colon - key) + 1;
    const char *rest;
    size_t cut;
    const char *prefix = "";
    if (fw >= 8 && !memcmp(w, "\xD9\x84\xD9\x84", 4)) { /* لل + at least two letters */
        rest = w + 4;
        cut = 2;
        prefix = "\xD8\xA7\xD9\x84";
    } else if (fw >= 6 && (!memcmp(w, "\xD9\x88", 2) || !memcmp(w, "\xD9\x81", 2) || !memcmp(w, "\xD8\xA8", 2) ||
                           !memcmp(w, "\xD9\x84", 2) || !memcmp(w, "\xD9\x83", 2))) {
        rest = w + 2;
        cut = 2;
    } else {
        return 0;
    }
    int k = snprintf(out, cap, "%.*s%s%s", (int)tl, key, prefix, rest);
    return k > 0 && (size_t)k < cap ? cut : 0;
}

/* Keys of the call's mentions, and "PER-part:word" for each word of a person's key. */
static int known_names(const mention *v, size_t n, ak_strmap *keys, ak_buf *tmp)
{
    for (size_t i = 0; i < n; i++) {
        if (ak_strmap_put(keys, v[i].key, 1)) return AK_ENOMEM;
        if (v[i].type != 0) continue;
        for (const char *w = strchr(v[i].key, ':') + 1; *w;) {
            size_t l = first_word_len(w);
            ak_buf_reset(tmp);
            if (ak_buf_puts(tmp, "PER-part:") || ak_buf_append(tmp, w, l) ||
                ak_strmap_put(keys, ak_buf_cstr(tmp), 1))
                return AK_ENOMEM;
            w += l;
            while (*w == ' ') w++;
        }
    }
    return AK_OK;
}

static int strip_glued(const ner_lex *lex, mention *v, size_t n)
{
    ak_strmap keys = {0};
    ak_buf tmp = AK_BUF_INIT;
    int rc = known_names(v, n, &keys, &tmp);
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        char alt[KEY_CAP];
        if (!clitic_alt(v[i].key, alt, sizeof alt)) continue;
        const char *name = strchr(alt, ':') + 1, *whole = strchr(v[i].key, ':') + 1;
        int double_lam = !memcmp(whole, "\xD9\x84\xD9\x84", 4) && memcmp(name, "\xD9\x84", 2);
        if (double_lam && v[i].type == 0) continue; /* "لل" before a person is a role word */
        int known = ak_strmap_get(&keys, alt, 0) != 0;
        if (!known && v[i].type == 0 && v[i].words == 1) {
            ak_buf_reset(&tmp);
            if (ak_buf_puts(&tmp, "PER-part:") || ak_buf_puts(&tmp, name)) { rc = AK_ENOMEM; break; }
            known = ak_strmap_get(&keys, ak_buf_cstr(&tmp), 0) != 0;
        }
        if (!known && v[i].type >= 0 && v[i].type < NER_NTYPES)
            known = (ner_gazetteer_class(lex, name, strlen(name)) & (1u << v[i].type)) != 0;
        /* "ووزارة الخارجية": a body's name opens with its head noun, so the letter before it
         * is a conjunction or a preposition */
        if (!known && v[i].type == 1 && !double_lam) known = ner_body_head(name, first_word_len(name));
        if (!known) continue;
        /* The surface loses the letter too, and لل becomes ال (the pipeline matches such
         * a mention to its entity the same way, src/pipeline/articles.c); a first letter
         * written otherwise (a presentation form, a vowel mark) keeps the surface. */
        size_t len = strlen(v[i].surface), d = surface_bytes(v[i].surface, len, 2);
        if (double_lam && d == 2) memcpy(v[i].surface, "\xD8\xA7", 2);
        else if (!double_lam && d && d < len) memmove(v[i].surface, v[i].surface + d, len - d + 1);
        snprintf(v[i].key, KEY_CAP, "%s", alt);
    }
    ak_strmap_free(&keys);
    ak_buf_free(&tmp);
    return rc ? ak_set_error(AK_ENOMEM, "out of memory") : AK_OK;
}

/* ---- short names: the same rule over an index, for articles with many mentions ----
 * resolve_short's result depends on the order of the mentions (a short name, once
 * resolved, is a member of the fuller name's key for the mentions after it), so the
 * index is updated as the scan goes: mentions are grouped by key, each group split
 * by word count into buckets of mention indices; a member that left its group is
 * dropped lazily (it never comes back within a pass). */

typedef struct ix_vec { size_t *v, n, cap; } ix_vec;

typedef struct ix_bucket {
    unsigned words;
    ix_vec orig;  /* members at the start of the pass, increasing */
    ix_vec added; /* mentions resolved into this key during the pass, increasing */
} ix_bucket;

typedef struct ix_group { char *key; ix_bucket *b; size_t nb; } ix_group;

typedef struct ix_scope {
    ix_group *g;
    size_t ng;
    size_t *cur;       /* per mention of the scope (index - lo): its group */
    ak_strmap keys;    /* key -> group */
    ak_strmap sig1;    /* last word -> list (fits a one-word name) */
    ak_strmap sig2;    /* "first last" -> list (fits a longer name) */
    ix_vec *lists;     /* group ids per signature */
    size_t nl;
} ix_scope;

static int vec_push(ix_vec *x, size_t v)
{
    if (x->n == x->cap) {
        size_t cap = x->cap ? x->cap * 2 : 4;
        size_t *p = realloc(x->v, cap * sizeof *p);
        if (!p) return AK_ENOMEM;
        x->v = p;
        x->cap = cap;
    }
    x->v[x->n++] = v;
    return AK_OK;
}

static void scope_free(ix_scope *s)
{
    for (size_t i = 0; i < s->ng; i++) {
        for (size_t b = 0; b < s->g[i].nb; b++) { free(s->g[i].b[b].orig.v); free(s->g[i].b[b].added.v); }
        free(s->g[i].b);
        free(s->g[i].key);
    }
    for (size_t i = 0; i < s->nl; i++) free(s->lists[i].v);
    free(s->lists);
    free(s->g);
    free(s->cur);
    ak_strmap_free(&s->keys);
    ak_strmap_free(&s->sig1);
    ak_strmap_free(&s->sig2);
    memset(s, 0, sizeof *s);
}

static ix_bucket *bucket_of(ix_group *g, unsigned words)
{
    for (size_t b = 0; b < g->nb; b++)
        if (g->b[b].words == words) return &g->b[b];
    ix_bucket *p = realloc(g->b, (g->nb + 1) * sizeof *p);
    if (!p) return NULL;
    g->b = p;
    memset(&p[g->nb], 0, sizeof *p);
    p[g->nb].words = words;
    return &p[g->nb++];
}

/* Adds group id to the list of signature sig in map m. */
static int sig_add(ix_scope *s, ak_strmap *m, const char *sig, size_t id)
{
    long long l = ak_strmap_get(m, sig, -1);
    if (l < 0) {
        ix_vec *p = realloc(s->lists, (s->nl + 1) * sizeof *p);
        if (!p) return AK_ENOMEM;
        s->lists = p;
        memset(&p[s->nl], 0, sizeof *p);
        l = (long long)s->nl++;
        if (ak_strmap_put(m, sig, l)) return AK_ENOMEM;
    }
    return vec_push(&s->lists[l], id);
}

/* "first last" of a key's words: what a longer short name must share. */
static void pair_sig(const char *key, char *out, size_t cap)
{
    const char *w = strchr(key, ':') + 1;
    snprintf(out, cap, "%.*s %s", (int)first_word_len(w), w, last_word(key));
}

static int scope_build(ix_scope *s, const mention *v, size_t lo, size_t hi)
{
    memset(s, 0, sizeof *s);
    s->cur = malloc((hi - lo) * sizeof *s->cur);
    if (!s->cur) return AK_ENOMEM;
    size_t cap = 0;
    for (size_t i = lo; i < hi; i++) {
        if (v[i].type != 0) continue;
        long long g = ak_strmap_get(&s->keys, v[i].key, -1);
        if (g < 0) {
            if (s->ng == cap) {
                cap = cap ? cap * 2 : 16;
                ix_group *p = realloc(s->g, cap * sizeof *p);
                if (!p) return AK_ENOMEM;
                s->g = p;
            }
            g = (long long)s->ng;
            memset(&s->g[g], 0, sizeof *s->g);
            s->ng++;
            if (!(s->g[g].key = strdup(v[i].key)) || ak_strmap_put(&s->keys, v[i].key, g)) return AK_ENOMEM;
        }
        s->cur[i - lo] = (size_t)g;
        ix_bucket *b = bucket_of(&s->g[g], v[i].words);
        if (!b || vec_push(&b->orig, i)) return AK_ENOMEM;
    }
    char sig[2 * KEY_CAP];
    for (size_t g = 0; g < s->ng; g++) {
        pair_sig(s->g[g].key, sig, sizeof sig);
        if (sig_add(s, &s->sig1, last_word(s->g[g].key), g) || sig_add(s, &s->sig2, sig, g)) return AK_ENOMEM;
    }
    return AK_OK;
}

/* The last index of x still in group g (stale entries dropped), or -1. */
static long last_member(ix_vec *x, const size_t *cur, size_t lo, size_t g)
{
    while (x->n && cur[x->v[x->n - 1] - lo] != g) x->n--;
    return x->n ? (long)x->v[x->n - 1] : -1;
}

/* unique_fit over the index: the last mention of the one fitting key, -1 or -2. */
static long indexed_fit(ix_scope *s, const mention *v, size_t lo, size_t i, ix_bucket **into)
{
    const mention *m = &v[i];
    const char *sw = strchr(m->key, ':') + 1;
    char sig[2 * KEY_CAP];
    long long l;
    if (m->words == 1) l = ak_strmap_get(&s->sig1, sw, -1);
    else { pair_sig(m->key, sig, sizeof sig); l = ak_strmap_get(&s->sig2, sig, -1); }
    if (l < 0) return -1;
    long found = -1;
    size_t fg = 0;
    const ix_vec *lst = &s->lists[l];
    for (size_t k = 0; k < lst->n; k++) {
        size_t g = lst->v[k];
        if (g == s->cur[i - lo]) continue; /* the same key */
        long best = -1;
        ix_bucket *bb = NULL;
        for (size_t b = 0; b < s->g[g].nb; b++) {
            ix_bucket *bk = &s->g[g].b[b];
            if (bk->words <= m->words) continue;
            long a = last_member(&bk->orig, s->cur, lo, g), c = last_member(&bk->added, s->cur, lo, g);
            if (c > a) a = c;
            if (a > best) { best = a; bb = bk; }
        }
        if (best < 0) continue;
        if (found >= 0 && fg != g) return -2;
        found = best;
        fg = g;
        *into = bb;
    }
    return found;
}

static int resolve_indexed(mention *v, size_t lo, size_t hi)
{
    ix_scope s;
    int rc = scope_build(&s, v, lo, hi);
    for (size_t i = lo; rc == AK_OK && i < hi; i++) {
        if (v[i].type != 0) continue;
        ix_bucket *into = NULL;
        long f = indexed_fit(&s, v, lo, i, &into);
        if (f < 0) continue;
        memmove(v[i].key, v[f].key, strlen(v[f].key) + 1);
        v[i].words = v[f].words;
        s.cur[i - lo] = s.cur[f - lo];
        rc = vec_push(&into->added, i);
    }
    scope_free(&s);
    return rc ? ak_set_error(AK_ENOMEM, "out of memory") : AK_OK;
}

/* The plain scan over [lo, hi): cheaper than the index for a few names. */
static void resolve_scan(mention *v, size_t lo, size_t hi, size_t *cand)
{
    for (size_t i = lo; i < hi; i++) {
        if (v[i].type != 0) continue;
        size_t nc = 0;
        for (size_t j = lo; j < hi; j++)
            if (v[j].type == 0 && v[j].words > v[i].words) cand[nc++] = j;
        long f = unique_fit(v, cand, nc, &v[i]);
        if (f >= 0) {
            memmove(v[i].key, v[f].key, strlen(v[f].key) + 1); /* f != i: it has more words */
            v[i].words = v[f].words;
        }
    }
}

#define SCAN_MAX 64 /* person mentions up to which a scope is scanned, not indexed */

static int resolve_range(mention *v, size_t lo, size_t hi, size_t *cand)
{
    size_t per = 0;
    for (size_t i = lo; i < hi; i++) per += v[i].type == 0;
    if (per > SCAN_MAX) return resolve_indexed(v, lo, hi);
    resolve_scan(v, lo, hi, cand);
    return AK_OK;
}

/* Short PER names take the key of the one fuller name they fit: first in the
 * same article, then in the whole collection. The mentions of an article are
 * contiguous in v. */
static int resolve_short(mention *v, size_t n)
{
    size_t *cand = malloc((SCAN_MAX + 1) * sizeof *cand);
    if (!cand) return ak_set_error(AK_ENOMEM, "out of memory");
    int rc = AK_OK;
    for (size_t lo = 0, hi; rc == AK_OK && lo < n; lo = hi) {
        for (hi = lo + 1; hi < n && v[hi].doc == v[lo].doc;) hi++;
        rc = resolve_range(v, lo, hi, cand);
    }
    if (rc == AK_OK) rc = resolve_range(v, 0, n, cand);
    free(cand);
    return rc;
}

/* Sort key of an entity: most mentioned first, then first seen. */
typedef struct ent_order { size_t mentions, idx; } ent_order;
static int by_mentions(const void *a, const void *b)
{
    const ent_order *x = a, *y = b;
    if (x->mentions != y->mentions) return x->mentions > y->mentions ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

static int grow(ak_entity **E, unsigned **best, size_t *cap, size_t ne)
{
    if (ne < *cap) return AK_OK;
    size_t c = *cap ? *cap * 2 : 16;
    ak_entity *g = realloc(*E, c * sizeof *g);
    if (!g) return AK_ENOMEM;
    *E = g;
    unsigned *gb = realloc(*best, c * sizeof *gb);
    if (!gb) return AK_ENOMEM;
    *best = gb;
    *cap = c;
    return AK_OK;
}

static int build_entities(const ak_ner_doc *docs, mention *v, size_t n, ak_entity **out, size_t *n_out)
{
    ak_entity *E = NULL;
    unsigned *best = NULL;
    size_t ne = 0, cap = 0;
    ak_strmap keys = {0}, seen = {0}; /* key -> entity; what each entity holds already */
    ak_buf tmp = {0};
    int rc = AK_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        long long k = ak_strmap_get(&keys, v[i].key, -1);
        if (k < 0) {
            if ((rc = grow(&E, &best, &cap, ne)) || (rc = ak_strmap_put(&keys, v[i].key, (long long)ne))) break;
            memset(&E[ne], 0, sizeof *E);
            best[ne] = 0;
            snprintf(E[ne].type, sizeof E[ne].type, "%s", ner_type_names[v[i].type]);
            k = (long long)ne++;
        }
        ak_entity *x = &E[k];
        x->mentions++;
        /* canonical: the surface with the most words, first seen on ties */
        unsigned w = 1;
        for (const char *p = v[i].surface; *p; p++) w += *p == ' ';
        if (v[i].canon && best[k] < 1000) { /* the alias list names it */
            free(x->name);
            x->name = strdup(v[i].canon);
            best[k] = 1000;
            if (!x->name) rc = AK_ENOMEM;
        } else if (w > best[k]) {
            free(x->name);
            x->name = strdup(v[i].surface);
            best[k] = w;
            if (!x->name) rc = AK_ENOMEM;
        }
        if (!rc) rc = add_str(&seen, &tmp, (size_t)k, 'v', &x->variants, &x->n_variants, v[i].surface);
        if (!rc && v[i].role) rc = add_str(&seen, &tmp, (size_t)k, 'r', &x->roles, &x->n_roles, v[i].role);
        if (!rc) {
            const char *id = docs[v[i].doc].id ? docs[v[i].doc].id : "";
            size_t a = x->n_articles;
            /* mentions come article by article: only a new article can be missing */
            if (a && (x->articles[a - 1] == id || !strcmp(x->articles[a - 1], id))) continue;
            ak_buf_reset(&tmp);
            if (ak_buf_printf(&tmp, "%lld:a:", k) || ak_buf_puts(&tmp, id)) { rc = AK_ENOMEM; break; }
            ak_strslot *sl = ak_strmap_find(&seen, ak_buf_cstr(&tmp));
            if (sl && sl->key) continue;
            const char **g = realloc(x->articles, (a + 1) * sizeof *g);
            if (!g) rc = AK_ENOMEM;
            else { x->articles = g; g[a] = id; x->n_articles++; rc = ak_strmap_put(&seen, ak_buf_cstr(&tmp), 1); }
        }
    }
    free(best);
    ak_strmap_free(&keys);
    ak_strmap_free(&seen);
    ak_buf_free(&tmp);
    ent_order *ord = rc || !ne ? NULL : malloc(ne * sizeof *ord);
    ak_entity *S = ord ? malloc(ne * sizeof *S) : NULL;
    if (!rc && ne && !S) rc = AK_ENOMEM;
    if (rc) { free(ord); ak_entities_free(E, ne); return ak_set_error(AK_ENOMEM, "out of memory"); }
    if (ne) {
        /* most mentioned first; stable for equal counts */
        for (size_t i = 0; i < ne; i++) ord[i] = (ent_order){E[i].mentions, i};
        qsort(ord, ne, sizeof *ord, by_mentions);
        for (size_t i = 0; i < ne; i++) S[i] = E[ord[i].idx];
        free(E);
        free(ord);
        E = S;
    }
    *out = E;
    *n_out = ne;
    return AK_OK;
}

/* The alias lists read so far, by file: the analysis links each article on its own, and reading
 * and folding the file for each was a file open per article. Kept for the process (a few KB),
 * shared read-only by the threads once made. */
#define ALIAS_FILES 8
typedef struct alias_file { char *path; alias *al; size_t n; } alias_file;
static alias_file alias_files[ALIAS_FILES];
static size_t n_alias_files;
static pthread_mutex_t alias_mu = PTHREAD_MUTEX_INITIALIZER;

static int aliases_of(const char *path, const alias **al, size_t *n)
{
    pthread_mutex_lock(&alias_mu);
    int rc = AK_OK;
    size_t i = 0;
    while (i < n_alias_files && strcmp(alias_files[i].path, path)) i++;
    if (i == n_alias_files) {
        alias *v = NULL;
        size_t nv = 0;
        char *copy = NULL;
        rc = load_aliases(path, &v, &nv);
        if (rc == AK_OK && n_alias_files < ALIAS_FILES && !(copy = strdup(path)))
            rc = ak_set_error(AK_ENOMEM, "out of memory");
        if (rc == AK_OK && copy) {
            alias_files[n_alias_files++] = (alias_file){copy, v, nv};
        } else if (rc == AK_OK) { /* more files than kept: this call's own list, not kept */
            pthread_mutex_unlock(&alias_mu);
            *al = v;
            *n = nv;
            return 1;
        }
        if (rc != AK_OK) free(v);
    }
    if (rc == AK_OK) { *al = alias_files[i].al; *n = alias_files[i].n; }
    pthread_mutex_unlock(&alias_mu);
    return rc;
}

AK_API int ak_entities_link(const ak_ner *m, const ak_ner_doc *docs, size_t n, const char *aliases,
                            ak_entity **out, size_t *n_out)
{
    if (!m || !out || !n_out || (n && !docs)) return ak_set_error(AK_EINVAL, "ak_entities_link: null argument");
    *out = NULL;
    *n_out = 0;
    char def[4096];
    if (!aliases) {
        const char *dir = getenv("AKHBAR_DATA");
#ifdef AK_DATA_DIR
        if (!dir || !*dir) dir = AK_DATA_DIR;
#endif
        snprintf(def, sizeof def, "%s/aliases-ar.txt", dir && *dir ? dir : "data");
        aliases = def;
    }
    const alias *al = NULL;
    size_t nal = 0;
    int rc = aliases_of(aliases, &al, &nal), own = rc == 1;
    if (own) rc = AK_OK;
    if (rc) return rc;
    mention *v;
    size_t nm;
    rc = collect(m, docs, n, al, nal, &v, &nm);
    if (!rc) rc = strip_glued(&m->lex, v, nm);
    if (!rc) rc = resolve_short(v, nm);
    if (!rc) rc = build_entities(docs, v, nm, out, n_out);
    for (size_t i = 0; i < nm; i++) { free(v[i].surface); free(v[i].role); }
    free(v);
    if (own) free((alias *)al);
    return rc;
}

AK_API void ak_entities_free(ak_entity *e, size_t n)
{
    if (!e) return;
    for (size_t i = 0; i < n; i++) {
        free(e[i].name);
        for (size_t j = 0; j < e[i].n_variants; j++) free(e[i].variants[j]);
        for (size_t j = 0; j < e[i].n_roles; j++) free(e[i].roles[j]);
        free(e[i].variants);
        free(e[i].roles);
        free(e[i].articles);
    }
    free(e);
}
