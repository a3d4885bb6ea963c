/* link.c: entities across articles: mentions merged by folded spelling, by name
 * parts within an article (الوزير العباسي -> ثابت العباسي) and by an alias list. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ner/ner_internal.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

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
    if (n > o + 6 && (!memcmp(w + o, "\xD8\xA8", 2) || !memcmp(w + o, "\xD9\x83", 2)) &&
        !memcmp(w + o + 2, "\xD8\xA7\xD9\x84", 4))
        return o + 2;
    if (o && !memcmp(w + o, "\xD8\xA7\xD9\x84", 4)) return o;
    return 0;
}

/* Splits [s, s+n) on spaces into the folded, joined key; drops a leading clitic. */
static unsigned fold_name(const char *s, size_t n, char *out, size_t cap, size_t *drop)
{
    char tmp[KEY_CAP];
    size_t m = ner_fold(s, n, tmp, sizeof tmp), o = 0;
    unsigned words = 0;
    size_t c = clitic_len(tmp, m);
    *drop = c; /* the surface has the same clitic letters, two bytes each */
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
                size_t b = starts[j] + c;
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

static int add_str(char ***arr, size_t *n, const char *s)
{
    for (size_t i = 0; i < *n; i++)
        if (!strcmp((*arr)[i], s)) return AK_OK;
    char **g = realloc(*arr, (*n + 1) * sizeof *g);
    if (!g) return AK_ENOMEM;
    *arr = g;
    if (!(g[*n] = strdup(s))) return AK_ENOMEM;
    (*n)++;
    return AK_OK;
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

/* Short PER names take the key of the one fuller name they fit: first in the
 * same article, then in the whole collection. */
static int resolve_short(mention *v, size_t n)
{
    size_t *cand = malloc((n ? n : 1) * sizeof *cand), nc;
    if (!cand) return ak_set_error(AK_ENOMEM, "out of memory");
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            if (v[i].type != 0) continue;
            nc = 0;
            for (size_t j = 0; j < n; j++)
                if (v[j].type == 0 && v[j].words > v[i].words && (pass || v[j].doc == v[i].doc)) cand[nc++] = j;
            long f = unique_fit(v, cand, nc, &v[i]);
            if (f >= 0) {
                memmove(v[i].key, v[f].key, strlen(v[f].key) + 1); /* f != i: it has more words */
                v[i].words = v[f].words;
            }
        }
    free(cand);
    return AK_OK;
}

static int build_entities(const ak_ner_doc *docs, mention *v, size_t n, ak_entity **out, size_t *n_out)
{
    ak_entity *E = NULL;
    char **keys = NULL;
    unsigned *best = NULL;
    size_t ne = 0;
    int rc = AK_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        size_t k = 0;
        while (k < ne && strcmp(keys[k], v[i].key)) k++;
        if (k == ne) {
            ak_entity *g = realloc(E, (ne + 1) * sizeof *g);
            char **gk = g ? realloc(keys, (ne + 1) * sizeof *gk) : NULL;
            if (g) E = g;
            if (gk) keys = gk;
            unsigned *gb = gk ? realloc(best, (ne + 1) * sizeof *gb) : NULL;
            if (gb) best = gb;
            if (!gb) { rc = AK_ENOMEM; break; }
            memset(&E[ne], 0, sizeof *E);
            keys[ne] = v[i].key;
            best[ne] = 0;
            snprintf(E[ne].type, sizeof E[ne].type, "%s", ner_type_names[v[i].type]);
            ne++;
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
        if (!rc) rc = add_str(&x->variants, &x->n_variants, v[i].surface);
        if (!rc && v[i].role) rc = add_str(&x->roles, &x->n_roles, v[i].role);
        if (!rc) {
            const char *id = docs[v[i].doc].id ? docs[v[i].doc].id : "";
            size_t a = 0;
            while (a < x->n_articles && strcmp(x->articles[a], id)) a++;
            if (a == x->n_articles) {
                const char **g = realloc(x->articles, (a + 1) * sizeof *g);
                if (!g) rc = AK_ENOMEM;
                else { x->articles = g; g[a] = id; x->n_articles++; }
            }
        }
    }
    free(keys);
    free(best);
    if (rc) { ak_entities_free(E, ne); return ak_set_error(AK_ENOMEM, "out of memory"); }
    /* most mentioned first; stable for equal counts */
    for (size_t i = 1; i < ne; i++)
        for (size_t j = i; j > 0 && E[j].mentions > E[j - 1].mentions; j--) {
            ak_entity t = E[j]; E[j] = E[j - 1]; E[j - 1] = t;
        }
    *out = E;
    *n_out = ne;
    return AK_OK;
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
    alias *al;
    size_t nal;
    int rc = load_aliases(aliases, &al, &nal);
    if (rc) return rc;
    mention *v;
    size_t nm;
    rc = collect(m, docs, n, al, nal, &v, &nm);
    if (!rc) rc = resolve_short(v, nm);
    if (!rc) rc = build_entities(docs, v, nm, out, n_out);
    for (size_t i = 0; i < nm; i++) { free(v[i].surface); free(v[i].role); }
    free(v);
    free(al);
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
