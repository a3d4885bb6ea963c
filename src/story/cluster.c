/* cluster.c: incremental single-pass story clustering over per-article feature
 * records (TF-IDF centroid cosine + rare shared entities + shared dates - DCT gap). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "akhbar.h"
#include "util/buf.h"
#include "util/error.h"
#include "story/cluster.h"
#include "story/features.h"

#define TOP_TERMS 24        /* article terms used to find candidate stories */
#define CENTROID_MAX 1200   /* a centroid above this many terms is cut to CENTROID_KEEP */
#define CENTROID_KEEP 400
#define RETIRE_EVERY 256    /* articles between scans for stories to retire */
#define COMPACT_EVERY 8192  /* articles between inverted-index clean-ups */
#define MAX_CAND 40         /* candidates fully scored, the best by pre-score */
#define MAX_NUMS 32         /* number terms kept per article (numbers_conflict) */
#define MAX_DAYS 16         /* mentioned days kept per article */
#define FILTER_BITS 16384   /* bits of the article's term filter (2 KB: stays in L1) */
#define ATAB_MIN 256        /* smallest article term table (slots) */
#define TOP_N 8             /* strongest terms kept of a retired story */
#define PREFETCH_AHEAD 8    /* posting entries between a story's prefetch and its use */

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

typedef struct kv { uint32_t k; float w; } kv;

typedef struct vec { kv *v; uint32_t n, cap; } vec;

/* Places named by a list of terms (place_set): gazetteer ids, regions of the towns,
 * countries (places.c; a country id is a bit of COUNTRY_WORDS words). */
#define COUNTRY_WORDS ((AK_STORY_COUNTRY_IDS + 63) / 64)
typedef struct placeset { uint64_t place, region, country[COUNTRY_WORDS]; } placeset;

/* What the candidate walk reads of each story a posting names, apart from the
 * rest: a common key's posting is long, and with these 24 bytes per story the
 * stories of the window stay in cache instead of costing a miss each. */
typedef struct story_hot {
    uint32_t parent;     /* union-find: itself when a root */
    uint32_t stamp;      /* candidate de-duplication */
    float acc;           /* candidate pre-score: weight of the article's terms it holds */
    int32_t first, last; /* day range of the story's articles */
    uint8_t active;      /* 0 once retired (vectors freed) */
} story_hot;

typedef struct story {
    uint32_t first_art;  /* earliest article: its id is the story id */
    uint32_t n_art, n_dup;
    vec terms;           /* centroid: sum of unit article vectors */
    double norm2;
    vec title;           /* sum of unit title vectors (headlines name the happening) */
    double tnorm2;
    vec keys;            /* entity and date key ids, w = article count */
    uint32_t top[TOP_N]; /* retired summary: strongest terms (UINT32_MAX = none) */
    uint32_t head, tail; /* its articles, linked through art.next (UINT32_MAX: none) */
    uint8_t principals;  /* who opens its headlines (headline_principal bits) */
} story;

typedef struct art {
    uint32_t id_off;     /* offset of the id in the id pool */
    uint32_t story;
    uint32_t next;       /* the next article of its story's list */
    int32_t dct;
    uint8_t dup;
} art;

typedef struct posting { uint32_t *v; uint32_t n, cap; } posting;

/* A term's idf, valid while mark == the article's dstamp (N and df do not
 * change while it is scored); one array, so one cache miss per term. */
typedef struct idf_memo { double v; uint32_t mark; } idf_memo;

/* What score() needs of each article key, the same for every candidate (df and
 * the story count do not change while the article is scored). */
typedef struct key_fact {
    double idf;          /* key_idf */
    char kind;           /* 'e' entity, 'd' date, 's' source and day */
    uint8_t specific;    /* specific_key, for entities */
} key_fact;

/* What a key's text says, found once when it is interned: the scoring then
 * reads a byte array instead of walking the key's text (a cache miss each). */
#define NO_ID 0xFFu
typedef struct key_trait {
    char kind;           /* 't' term, 'e' entity, 'd' date, 's' source and day */
    uint8_t number;      /* number_term */
    uint8_t country;     /* a term naming a country: its id (places.c), else NO_ID */
    uint8_t place;       /* a term naming a place of the gazetteer: its id, else NO_ID */
    uint8_t region;      /* that place's region, or AK_STORY_NO_REGION */
} key_trait;
_Static_assert(AK_STORY_COUNTRY_IDS <= NO_ID && AK_STORY_PLACE_IDS <= NO_ID, "ids fit a key_trait byte");

/* String interner: one open-addressing table per space (keys, article ids). */
typedef struct interner {
    uint64_t *slots;     /* high half: the key's hash tag; low half: id + 1, 0 = empty */
    size_t cap;          /* power of two */
    char *pool;
    size_t pool_len, pool_cap;
    uint32_t *off;       /* id -> offset in pool */
    uint32_t n, off_cap;
} interner;

struct ak_clusterer {
    ak_story_options o;
    interner keys;       /* "t"stem, "e"entity, "d"date */
    uint32_t *df;        /* per key: articles (terms) or stories (entities, dates) */
    key_trait *trait;    /* per key */
    posting *post;       /* per key: stories holding it */
    uint32_t dstamp;     /* the article's number + 1 */
    /* The current article's terms by key, for scoring centroids: a bit filter
     * that turns most centroid terms away in one load, then an open-addressing
     * table (a few KB, stays in cache while candidates are scored). */
    uint64_t afilter[FILTER_BITS / 64]; /* bit k % FILTER_BITS set for each article term k */
    kv *atab;            /* k = UINT32_MAX: empty slot */
    size_t atab_n, atab_cap; /* slots in use (a power of two), allocated */
    idf_memo *idf;       /* per key: log(1 + N / df) for the current article */
    size_t key_cap;
    interner ids;        /* article ids */
    art *arts;
    size_t n_arts, arts_cap;
    story *st;
    story_hot *hot;      /* hot[i]: the walk's fields of st[i] */
    size_t n_st, st_cap, hot_cap;
    uint32_t *active;    /* root stories not yet retired */
    size_t n_active, active_cap;
    size_t n_roots;
    uint32_t *fin;       /* retired roots not yet drained (ak_clusterer_track_final) */
    size_t n_fin, fin_cap;
    int track_final;
    uint32_t *members; size_t members_cap;      /* a drained story's articles */
    int32_t max_dct;
    uint32_t stamp;
    /* scratch reused across articles */
    kv *a_terms; size_t a_terms_n, a_terms_cap;
    const char **a_strs; size_t a_strs_cap;     /* a_strs[j]: the text of a_terms[j] while building */
    uint64_t *a_hash; size_t a_hash_cap;       /* a_hash[j]: its key's hash (intern_terms) */
    uint32_t *seen; size_t seen_cap;            /* the article's distinct terms: j + 1, 0 = empty */
    kv *a_title; size_t a_title_n, a_title_cap;
    uint32_t *a_keys; size_t a_keys_n, a_keys_cap;
    key_fact *a_facts; size_t a_facts_cap;      /* a_facts[i]: of a_keys[i] */
    double a_unit;                              /* evidence unit (see score) */
    int32_t a_days[MAX_DAYS]; size_t a_days_n;  /* days the article mentions (day-precise dates) */
    uint32_t *cand; size_t cand_cap;
    kv *ranked; size_t ranked_cap;
    kv *tmp; size_t tmp_cap;
    kv *rs; size_t rs_cap;  /* radix sort buffer */
    uint32_t a_nums[MAX_NUMS]; size_t a_nums_n; /* the article's number terms (number_term) */
    placeset a_places, a_tplaces;               /* the places the article, its title name */
    uint8_t a_principal;                        /* headline_principal of the article */
};

AK_API void ak_story_options_default(ak_story_options *o)
{
    /* chosen on tests/data/stories-snn/tuning.tsv (2015-08-09); see docs/story.md */
    o->window_days = 14;
    o->title_weight = 3.0;
    o->w_text = 1.0;
    o->w_title = 1.0;
    o->w_miss = 0.2;
    o->w_entity = 0.2;
    o->w_date = 0.1;
    o->w_gap = 0.2;
    o->w_source = 0.2;
    o->threshold = 0.3;
    o->merge_threshold = 0.95;
    o->baseline = 0;
}

/* ---- growable arrays -------------------------------------------------- */

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) nc *= 2;
    void *q = realloc(*p, nc * elem);
    if (!q) return -1;
    *p = q;
    *cap = nc;
    return 0;
}

static int vec_reserve(vec *v, size_t need)
{
    size_t cap = v->cap;
    if (grow((void **)&v->v, &cap, need, sizeof *v->v)) return -1;
    v->cap = (uint32_t)cap;
    return 0;
}

/* ---- interner --------------------------------------------------------- */

static const char *intern_str(const interner *t, uint32_t id) { return t->pool + t->off[id]; }

/* A slot: the hash's high half as a tag (most probes then skip the string
 * compare and its cache miss), and id + 1. */
static uint64_t slot_of(uint64_t hash, uint32_t id) { return (hash & 0xFFFFFFFF00000000ull) | ((uint64_t)id + 1); }

static int intern_rehash(interner *t, size_t cap)
{
    uint64_t *s = calloc(cap, sizeof *s);
    if (!s) return -1;
    for (uint32_t id = 0; id < t->n; id++) {
        const char *k = intern_str(t, id);
        uint64_t hash = XXH3_64bits(k, strlen(k));
        size_t h = (size_t)hash & (cap - 1);
        while (s[h]) h = (h + 1) & (cap - 1);
        s[h] = slot_of(hash, id);
    }
    free(t->slots);
    t->slots = s;
    t->cap = cap;
    return 0;
}

/* The key as interned: the one-byte prefix (0: none), then k (cut to fit buf); its length. */
static size_t intern_key(char buf[512], char prefix, const char *k, size_t n)
{
    if (n + 2 > 512) n = 512 - 2;
    size_t bl = 0;
    if (prefix) buf[bl++] = prefix;
    memcpy(buf + bl, k, n);
    bl += n;
    buf[bl] = '\0';
    return bl;
}

static uint64_t intern_hash(const char *buf, size_t bl) { return XXH3_64bits(buf, bl); }

/* Where the slot of a key of this hash is looked for first (a hint: the table may grow). */
static const uint64_t *intern_probe_start(const interner *t, uint64_t hash)
{
    return t->cap ? &t->slots[(size_t)hash & (t->cap - 1)] : NULL;
}

/* Finds the key buf (bl bytes, its intern_hash `hash`) or adds it when `add`.
 * Returns the id, UINT32_MAX when absent (or out of memory when adding). */
static uint32_t intern_hashed(interner *t, const char *buf, size_t bl, uint64_t hash, int add, int *added)
{
    if (added) *added = 0;
    if (t->cap == 0 && !add) return UINT32_MAX;
    if (t->cap == 0 && intern_rehash(t, 1024)) return UINT32_MAX;
    uint64_t tag = hash & 0xFFFFFFFF00000000ull;
    size_t h = (size_t)hash & (t->cap - 1);
    while (t->slots[h]) {
        uint32_t id = (uint32_t)t->slots[h] - 1;
        if ((t->slots[h] & 0xFFFFFFFF00000000ull) == tag && strcmp(intern_str(t, id), buf) == 0) return id;
        h = (h + 1) & (t->cap - 1);
    }
    if (!add) return UINT32_MAX;
    size_t oc = t->off_cap;
    if (grow((void **)&t->pool, &t->pool_cap, t->pool_len + bl + 1, 1) ||
        grow((void **)&t->off, &oc, (size_t)t->n + 1, sizeof *t->off))
        return UINT32_MAX;
    t->off_cap = (uint32_t)oc;
    memcpy(t->pool + t->pool_len, buf, bl + 1);
    t->off[t->n] = (uint32_t)t->pool_len;
    t->pool_len += bl + 1;
    uint32_t id = t->n++;
    t->slots[h] = slot_of(hash, id);
    if (added) *added = 1;
    if ((size_t)t->n * 2 > t->cap && intern_rehash(t, t->cap * 2)) return UINT32_MAX;
    return id;
}

/* Finds `k` (length n, optional one-byte prefix) or adds it when `add`. */
static uint32_t intern(interner *t, char prefix, const char *k, size_t n, int add, int *added)
{
    char buf[512];
    size_t bl = intern_key(buf, prefix, k, n);
    return intern_hashed(t, buf, bl, intern_hash(buf, bl), add, added);
}

static void intern_free(interner *t)
{
    free(t->slots);
    free(t->pool);
    free(t->off);
}

/* ---- stories ---------------------------------------------------------- */

static uint32_t find(ak_clusterer *c, uint32_t s)
{
    uint32_t r = s;
    while (c->hot[r].parent != r) r = c->hot[r].parent;
    while (c->hot[s].parent != r) {
        uint32_t p = c->hot[s].parent;
        c->hot[s].parent = r;
        s = p;
    }
    return r;
}

static const char *art_id(const ak_clusterer *c, uint32_t a) { return c->ids.pool + c->arts[a].id_off; }

/* Earlier (DCT, then id) article first: decides which story id survives. */
static int art_before(const ak_clusterer *c, uint32_t a, uint32_t b)
{
    int32_t da = c->arts[a].dct, db = c->arts[b].dct;
    /* an undated article never gives its id to a dated story */
    if (da != db) return db == AK_STORY_NO_DAY || (da != AK_STORY_NO_DAY && da < db);
    return strcmp(art_id(c, a), art_id(c, b)) < 0;
}

AK_API int ak_clusterer_new(ak_clusterer **out, const ak_story_options *opt)
{
    if (!out) return ak_set_error(AK_EINVAL, "ak_clusterer_new: out is NULL");
    *out = NULL;
    ak_clusterer *c = calloc(1, sizeof *c);
    if (!c) return ak_set_error(AK_ENOMEM, "ak_clusterer_new: out of memory");
    if (opt) c->o = *opt;
    else ak_story_options_default(&c->o);
    if (c->o.window_days < 1 || c->o.title_weight < 0 || !(c->o.threshold >= 0)) {
        free(c);
        return ak_set_error(AK_EINVAL, "ak_clusterer_new: window_days must be >= 1, weights >= 0");
    }
    c->max_dct = AK_STORY_NO_DAY;
    *out = c;
    return AK_OK;
}

AK_API void ak_clusterer_free(ak_clusterer *c)
{
    if (!c) return;
    for (size_t i = 0; i < c->n_st; i++) {
        free(c->st[i].terms.v);
        free(c->st[i].title.v);
        free(c->st[i].keys.v);
    }
    for (size_t i = 0; i < c->keys.n; i++) free(c->post[i].v);
    intern_free(&c->keys);
    intern_free(&c->ids);
    free(c->df);
    free(c->trait);
    free(c->post);
    free(c->atab);
    free(c->idf);
    free(c->a_facts);
    free(c->rs);
    free(c->arts);
    free(c->st);
    free(c->hot);
    free(c->active);
    free(c->fin);
    free(c->members);
    free(c->a_terms);
    free(c->a_strs);
    free(c->a_hash);
    free(c->seen);
    free(c->a_title);
    free(c->a_keys);
    free(c->cand);
    free(c->ranked);
    free(c->tmp);
    free(c);
}

static void trait_fill(key_trait *t, const char *k);

/* Makes sure the df/postings/trait slots of key id exist (the trait filled when the key
 * was just added); id, or UINT32_MAX when memory runs out. */
static uint32_t key_slots(ak_clusterer *c, uint32_t id, int added)
{
    if (id == UINT32_MAX) return id;
    if (id >= c->key_cap) {
        size_t old = c->key_cap, cap = old;
        if (grow((void **)&c->df, &cap, (size_t)id + 1, sizeof *c->df)) return UINT32_MAX;
        cap = old;
        if (grow((void **)&c->trait, &cap, (size_t)id + 1, sizeof *c->trait)) return UINT32_MAX;
        cap = old;
        if (grow((void **)&c->post, &cap, (size_t)id + 1, sizeof *c->post)) return UINT32_MAX;
        cap = old;
        if (grow((void **)&c->idf, &cap, (size_t)id + 1, sizeof *c->idf)) return UINT32_MAX;
        memset(c->idf + old, 0, (cap - old) * sizeof *c->idf);
        memset(c->df + old, 0, (cap - old) * sizeof *c->df);
        memset(c->post + old, 0, (cap - old) * sizeof *c->post);
        c->key_cap = cap;
    }
    if (added) trait_fill(&c->trait[id], intern_str(&c->keys, id));
    return id;
}

/* Interns a key and makes sure its df/postings/trait slots exist. */
static uint32_t key_id(ak_clusterer *c, char prefix, const char *s)
{
    int added;
    uint32_t id = intern(&c->keys, prefix, s, strlen(s), 1, &added);
    return key_slots(c, id, added);
}

/* The ids of the article's m distinct terms (c->a_strs), interned in order of first
 * use. The key table holds millions of keys at scale and nearly every term is in it:
 * each probe is a cache miss, so the slot of the term TERMS_AHEAD further on is
 * fetched while this one is interned. */
#define TERMS_AHEAD 16
static int intern_terms(ak_clusterer *c, size_t m)
{
    if (grow((void **)&c->a_hash, &c->a_hash_cap, m + 1, sizeof *c->a_hash)) return -1;
    char buf[512];
    for (size_t i = 0; i < m; i++) {
        size_t bl = intern_key(buf, 't', c->a_strs[i], strlen(c->a_strs[i]));
        c->a_hash[i] = intern_hash(buf, bl);
#if defined(__GNUC__)
        if (i < TERMS_AHEAD) __builtin_prefetch(intern_probe_start(&c->keys, c->a_hash[i]));
#endif
    }
    for (size_t i = 0; i < m; i++) {
#if defined(__GNUC__)
        if (i + TERMS_AHEAD < m) __builtin_prefetch(intern_probe_start(&c->keys, c->a_hash[i + TERMS_AHEAD]));
#endif
        int added;
        size_t bl = intern_key(buf, 't', c->a_strs[i], strlen(c->a_strs[i]));
        uint32_t id = intern_hashed(&c->keys, buf, bl, c->a_hash[i], 1, &added);
        id = key_slots(c, id, added);
        if (id == UINT32_MAX) return -1;
        c->a_terms[i].k = id;
    }
    return 0;
}

static int cmp_kv_k(const void *a, const void *b)
{
    uint32_t x = ((const kv *)a)->k, y = ((const kv *)b)->k;
    return (x > y) - (x < y);
}

/* Stable LSD radix sort by key: equal keys keep their order (a repeated term's
 * weights are then summed in input order, as with the stable merge sort before). */
static int sort_kv(ak_clusterer *c, kv *v, size_t n)
{
    if (n < 2) return 0;
    if (grow((void **)&c->rs, &c->rs_cap, n, sizeof *c->rs)) return -1;
    uint32_t maxk = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i].k > maxk) maxk = v[i].k;
    kv *src = v, *dst = c->rs;
    for (unsigned shift = 0; shift < 32 && (maxk >> shift); shift += 8) {
        size_t cnt[257] = {0};
        for (size_t i = 0; i < n; i++) cnt[((src[i].k >> shift) & 255) + 1]++;
        for (size_t b = 0; b < 256; b++) cnt[b + 1] += cnt[b];
        for (size_t i = 0; i < n; i++) dst[cnt[(src[i].k >> shift) & 255]++] = src[i];
        kv *t = src; src = dst; dst = t;
    }
    if (src != v) memcpy(v, src, n * sizeof *v);
    return 0;
}

static int cmp_kv_w_desc(const void *a, const void *b)
{
    const kv *x = a, *y = b;
    if (x->w != y->w) return x->w < y->w ? 1 : -1;
    return (x->k > y->k) - (x->k < y->k);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* The title alone as a unit TF-IDF vector, from the m title term ids
 * article_vector put in c->a_title (df already counted there). */
static int title_vector(ak_clusterer *c, size_t m)
{
    if (sort_kv(c, c->a_title, m)) return -1;
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && c->a_title[u - 1].k == c->a_title[i].k) c->a_title[u - 1].w += 1.0f;
        else c->a_title[u++] = c->a_title[i];
    }
    double N = (double)c->n_arts + 1, norm2 = 0;
    for (size_t i = 0; i < u; i++) {
        double w = (1.0 + log(c->a_title[i].w)) * log(1.0 + N / c->df[c->a_title[i].k]);
        c->a_title[i].w = (float)w;
        norm2 += w * w;
    }
    double inv = norm2 > 0 ? 1.0 / sqrt(norm2) : 0;
    for (size_t i = 0; i < u; i++) c->a_title[i].w = (float)(c->a_title[i].w * inv);
    c->a_title_n = u;
    return 0;
}

/* k's slot: multiplying by an odd constant permutes the low bits and spreads
 * runs of consecutive key ids (the terms a new article interns together). */
static uint32_t atab_slot(uint32_t k, size_t cap) { return (uint32_t)((k * 2654435761u) & (cap - 1)); }

/* Puts the article's terms (c->a_terms) in the filter and the table, a quarter full. */
static int fill_article_table(ak_clusterer *c)
{
    size_t cap = ATAB_MIN;
    while (cap < 4 * c->a_terms_n) cap *= 2;
    if (grow((void **)&c->atab, &c->atab_cap, cap, sizeof *c->atab)) return -1;
    c->atab_n = cap;
    memset(c->atab, 0xFF, cap * sizeof *c->atab);
    memset(c->afilter, 0, sizeof c->afilter);
    for (size_t i = 0; i < c->a_terms_n; i++) {
        uint32_t k = c->a_terms[i].k, h = atab_slot(k, cap);
        while (c->atab[h].k != UINT32_MAX) h = (h + 1) & (cap - 1);
        c->atab[h] = c->a_terms[i];
        c->afilter[k / 64 % (FILTER_BITS / 64)] |= 1ull << (k % 64);
    }
    return 0;
}

/* The current article's term k (its unit weight), NULL when it has none. */
static const kv *article_term(const ak_clusterer *c, uint32_t k)
{
    if (!(c->afilter[k / 64 % (FILTER_BITS / 64)] >> (k % 64) & 1)) return NULL;
    size_t mask = c->atab_n - 1;
    for (uint32_t h = atab_slot(k, c->atab_n); c->atab[h].k != UINT32_MAX; h = (h + 1) & mask)
        if (c->atab[h].k == k) return &c->atab[h];
    return NULL;
}

/* Who a headline opens with, when it is one of the kingdom's three heads (stems as
 * ak_story_terms gives them): the king (خادم الحرمين, الملك, المليك), the crown
 * prince (ولي العهد) or the deputy crown prince (ولي ولي العهد). The same visitor
 * received by two of them on one day is two happenings told in the same words
 * (tuning7.tsv: the Egyptian foreign minister, the US defence secretary), while
 * the cables of two of them on one occasion are one (congratulations, condolences:
 * such a headline gives no one). "نائب خادم الحرمين" is whoever deputises: no one. */
#define PRINCIPAL_KING 1u
#define PRINCIPAL_CP 2u
#define PRINCIPAL_DCP 4u
static uint8_t headline_principal(const ak_story_doc *d)
{
    static const char *const cable[] = {"تهنئ", "يهنئ", "تهان", "تهنئت", "برق", "برقيت", "يعز", "تعز", "عز",
                                        "عزاء", "يواس", "مواسا"};
    const char *t[3] = {"", "", ""};
    size_t k = 0;
    for (size_t i = 0; i < d->n_title_terms; i++) {
        const char *w = d->title_terms[i];
        if (!w || !*w) continue;
        for (size_t j = 0; j < sizeof cable / sizeof *cable; j++)
            if (!strcmp(w, cable[j])) return 0;
        if (k < 3) t[k++] = w;
    }
    if ((!strcmp(t[0], "خادم") && !strcmp(t[1], "حرم")) || !strcmp(t[0], "ملك") || !strcmp(t[0], "مليك"))
        return PRINCIPAL_KING;
    if (strcmp(t[0], "ول")) return 0;
    if (!strcmp(t[1], "عهد")) return PRINCIPAL_CP;
    return !strcmp(t[1], "ول") && !strcmp(t[2], "عهد") ? PRINCIPAL_DCP : 0;
}

/* Whether two sets of hosts (headline_principal bits) are both known and share none. */
static int hosts_differ(uint8_t a, uint8_t b) { return a && b && !(a & b); }

/* Builds the article's unit TF-IDF vector (sorted by key) in c->a_terms, updating df. */
static int article_vector(ak_clusterer *c, const ak_story_doc *d)
{
    c->a_principal = headline_principal(d);
    size_t n = d->n_title_terms + d->n_body_terms, cap = 64;
    while (cap < 2 * n) cap *= 2;
    if (grow((void **)&c->a_terms, &c->a_terms_cap, n + 1, sizeof *c->a_terms) ||
        grow((void **)&c->a_strs, &c->a_strs_cap, n + 1, sizeof *c->a_strs) ||
        grow((void **)&c->seen, &c->seen_cap, cap, sizeof *c->seen) ||
        grow((void **)&c->a_title, &c->a_title_cap, d->n_title_terms + 1, sizeof *c->a_title))
        return -1;
    memset(c->seen, 0, cap * sizeof *c->seen);
    size_t m = 0, mt = 0;
    for (size_t i = 0; i < n; i++) {
        int title = i < d->n_title_terms;
        const char *t = title ? d->title_terms[i] : d->body_terms[i - d->n_title_terms];
        if (!t || !*t) continue;
        /* a text repeats its words: each distinct one is interned once, in order of
         * first use (the ids, and so every result, as when each use was interned) */
        size_t len = strlen(t), h = (size_t)XXH3_64bits(t, len) & (cap - 1);
        while (c->seen[h] && strcmp(c->a_strs[c->seen[h] - 1], t)) h = (h + 1) & (cap - 1);
        size_t j = c->seen[h] ? c->seen[h] - 1 : m;
        if (j == m) {
            c->a_terms[m] = (kv){UINT32_MAX, 0.0f}; /* its id: intern_terms */
            c->a_strs[m++] = t;
            c->seen[h] = (uint32_t)m;
        }
        /* summed in order of use, as the stable sort summed them before */
        c->a_terms[j].w += title ? (float)c->o.title_weight : 1.0f;
        /* the title's terms once more, for its own vector (title_vector): j until the ids are known */
        if (title) c->a_title[mt++] = (kv){(uint32_t)j, 1.0f};
    }
    if (intern_terms(c, m)) return -1;
    for (size_t i = 0; i < mt; i++) c->a_title[i].k = c->a_terms[c->a_title[i].k].k;
    if (sort_kv(c, c->a_terms, m)) return -1;
    size_t u = 0;
    for (size_t i = 0; i < m; i++) {
        if (u > 0 && c->a_terms[u - 1].k == c->a_terms[i].k) c->a_terms[u - 1].w += c->a_terms[i].w;
        else c->a_terms[u++] = c->a_terms[i];
    }
    double N = (double)c->n_arts + 1;
    double norm2 = 0;
    for (size_t i = 0; i < u; i++) {
        uint32_t df = ++c->df[c->a_terms[i].k];
        double w = (1.0 + log(c->a_terms[i].w)) * log(1.0 + N / df);
        c->a_terms[i].w = (float)w;
        norm2 += w * w;
    }
    double inv = norm2 > 0 ? 1.0 / sqrt(norm2) : 0;
    for (size_t i = 0; i < u; i++) c->a_terms[i].w = (float)(c->a_terms[i].w * inv);
    c->a_terms_n = u;
    c->dstamp++;
    if (fill_article_table(c)) return -1;
    return title_vector(c, mt);
}

/* Entity and date keys of the article, distinct and sorted, in c->a_keys. */
static int article_keys(ak_clusterer *c, const ak_story_doc *d)
{
    size_t n = d->n_entities + d->n_dates;
    if (grow((void **)&c->a_keys, &c->a_keys_cap, n + 2, sizeof *c->a_keys)) return -1;
    size_t m = 0;
    c->a_days_n = 0;
    for (size_t i = 0; i < d->n_dates && c->a_days_n < MAX_DAYS; i++)
        if (d->dates[i] && strlen(d->dates[i]) == 10) {
            int32_t day = ak_story_day(d->dates[i]);
            if (day != AK_STORY_NO_DAY) c->a_days[c->a_days_n++] = day;
        }
    for (size_t i = 0; i < n; i++) {
        int ent = i < d->n_entities;
        const char *s = ent ? d->entities[i] : d->dates[i - d->n_entities];
        if (!s || !*s) continue;
        uint32_t id = key_id(c, ent ? 'e' : 'd', s);
        if (id == UINT32_MAX) return -1;
        c->a_keys[m++] = id;
    }
    if (d->source && *d->source && d->dct != AK_STORY_NO_DAY) {
        char sk[256];
        snprintf(sk, sizeof sk, "%.200s@%ld", d->source, (long)d->dct);
        uint32_t id = key_id(c, 's', sk);
        if (id == UINT32_MAX) return -1;
        c->a_keys[m++] = id;
    }
    qsort(c->a_keys, m, sizeof *c->a_keys, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (u == 0 || c->a_keys[u - 1] != c->a_keys[i]) c->a_keys[u++] = c->a_keys[i];
    c->a_keys_n = u;
    return 0;
}

static int post_add(ak_clusterer *c, uint32_t key, uint32_t s)
{
    posting *p = &c->post[key];
    if (p->n && p->v[p->n - 1] == s) return 0;
    size_t cap = p->cap;
    if (grow((void **)&p->v, &cap, (size_t)p->n + 1, sizeof *p->v)) return -1;
    p->cap = (uint32_t)cap;
    p->v[p->n++] = s;
    return 0;
}

/* Dot product of two key-sorted vectors; *shared (optional) counts common keys. */
static double dot_sorted(const kv *a, size_t na, const kv *b, size_t nb, size_t *shared)
{
    double s = 0;
    size_t common = 0;
    if (nb > 8 * na) {
        /* a short article against a long centroid: search instead of walking */
        size_t lo = 0;
        for (size_t i = 0; i < na; i++) {
            size_t hi = nb;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (b[mid].k < a[i].k) lo = mid + 1;
                else hi = mid;
            }
            if (lo == nb) break;
            if (b[lo].k == a[i].k) { s += (double)a[i].w * b[lo].w; common++; }
        }
        if (shared) *shared = common;
        return s;
    }
    size_t i = 0, j = 0;
    while (i < na && j < nb) {
        if (a[i].k < b[j].k) i++;
        else if (a[i].k > b[j].k) j++;
        else { s += (double)a[i++].w * b[j++].w; common++; }
    }
    if (shared) *shared = common;
    return s;
}

/* The current article's vector (in its table) against a key-sorted centroid:
 * the same products summed in the same key order as dot_sorted, without the
 * merge's branches. */
static double dot_dense(const ak_clusterer *c, const kv *b, size_t nb, size_t *shared)
{
    double s = 0;
    size_t common = 0;
    for (size_t j = 0; j < nb; j++) {
        const kv *t = article_term(c, b[j].k);
        if (t) { s += (double)t->w * b[j].w; common++; }
    }
    *shared = common;
    return s;
}

static int kv_has(const vec *keys, uint32_t k)
{
    size_t lo = 0, hi = keys->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (keys->v[mid].k < k) lo = mid + 1;
        else hi = mid;
    }
    return lo < keys->n && keys->v[lo].k == k;
}

/* Rarity of an entity or date: stories holding it against all stories. */
static double key_idf(const ak_clusterer *c, uint32_t k)
{
    double n = (double)c->n_roots + 1;
    return log(1.0 + n / (c->df[k] + 1.0));
}

static int32_t day_gap(const story_hot *s, int32_t dct)
{
    if (dct == AK_STORY_NO_DAY || s->first == AK_STORY_NO_DAY) return 0;
    if (dct < s->first) return s->first - dct;
    if (dct > s->last) return dct - s->last;
    return 0;
}

/* log(1 + N / df) of a term, computed once per article (the candidates share
 * their headline terms). */
static double term_idf(ak_clusterer *c, uint32_t k, double N)
{
    idf_memo *m = &c->idf[k];
    if (m->mark != c->dstamp) {
        m->v = log(1.0 + N / c->df[k]);
        m->mark = c->dstamp;
    }
    return m->v;
}

/* The share (idf weighted) of the story's headline terms that the article never
 * uses. Two happenings told in the same formula ("the leadership congratulates
 * the president of X") differ in exactly these names (a country, a number),
 * while outlets retelling one happening all use them somewhere in the text. */
static double missing_lead(ak_clusterer *c, const story *s)
{
    enum { LEAD = 3 };
    uint32_t key[LEAD];
    double val[LEAD];
    size_t n = 0;
    double N = (double)c->n_arts + 1;
    /* No idf exceeds log(1 + N) (df >= 1); with a margin for log's rounding, a
     * term whose (positive) weight times it cannot pass the third value is
     * skipped without its idf. */
    double idf_bound = log(1.0 + N) * (1 + 1e-9);
    for (uint32_t i = 0; i < s->title.n; i++) {
        if (n == LEAD && s->title.v[i].w * idf_bound <= val[LEAD - 1]) continue;
        double v = s->title.v[i].w * term_idf(c, s->title.v[i].k, N);
        size_t j = n < LEAD ? n++ : LEAD;
        while (j > 0 && val[j - 1] < v) {
            if (j < LEAD) { val[j] = val[j - 1]; key[j] = key[j - 1]; }
            j--;
        }
        if (j < LEAD) { val[j] = v; key[j] = s->title.v[i].k; }
    }
    double all = 0, missing = 0;
    for (size_t i = 0; i < n; i++) {
        double w = term_idf(c, key[i], N);
        all += w;
        if (!article_term(c, key[i])) missing += w;
    }
    return all > 0 ? missing / all : 0;
}

/* Days between two stories' day ranges (0 when they overlap or one is undated). */
static int32_t stories_gap(const story_hot *a, const story_hot *b)
{
    if (a->first == AK_STORY_NO_DAY || b->first == AK_STORY_NO_DAY) return 0;
    if (a->last < b->first) return b->first - a->last;
    if (b->last < a->first) return a->first - b->last;
    return 0;
}

/* Two happenings told in one formula on one day differ in their headline names
 * (the missing-lead penalty) and in their actors (the name conflict below); a
 * follow-up days later is told in new words and quotes new people, so both
 * penalties fade out over FADE_DAYS days from the story's day range (chosen on
 * the tuning day and the first half of the written set, docs/story.md). */
#define FADE_DAYS 1.5
static double same_day_fade(const story_hot *s, int32_t dct)
{
    double f = 1.0 - day_gap(s, dct) / FADE_DAYS;
    return f > 0 ? f : 0;
}

/* A name is specific when few stories hold it: fewer than SPECIFIC_MIN, or at
 * most SPECIFIC_SHARE of all stories. The heads of state and ministers named in
 * many happenings of a day are not: sharing one of them says nothing. */
#define SPECIFIC_MIN 3
#define SPECIFIC_SHARE 0.1
static int specific_key(const ak_clusterer *c, uint32_t k)
{
    double df = c->df[k];
    return df < SPECIFIC_MIN || df <= SPECIFIC_SHARE * (double)c->n_roots;
}

/* Whether the story names anyone specific (an entity key among its keys). */
static int story_names_specific(const ak_clusterer *c, const story *s)
{
    for (uint32_t i = 0; i < s->keys.n; i++)
        if (c->trait[s->keys.v[i].k].kind == 'e' && specific_key(c, s->keys.v[i].k)) return 1;
    return 0;
}

/* One person's name is often written several ways across outlets, and the NER
 * linking does not join them all: "محمد المبارك", "محمد عبد الله المبارك",
 * "محمد العبد الله"; "عبدالله صالح", "علي عبدالله صالح"; a verb glued on
 * ("ولد الشيخ أحمد التقى"). Name words (split on spaces, or "_") are compared with
 * "عبد" joined to the next word and a leading "ال" dropped. Two names may be one
 * person when the shorter's words appear in order in the longer and both start
 * with the same word, or when the shorter is the longer's last words and not a
 * father's chain after "بن". A different given name never matches ("سلمان بن
 * عبدالعزيز", "محمد بن سلمان بن عبدالعزيز"), nor does one word alone (a common
 * family name: "الغامدي" is many people). */
#define NAME_WORDS 8
#define NAME_IBN 1u /* "بن", "ابن", "بنت": the word that starts a father's name */
static size_t name_words(const char *s, uint32_t *w)
{
    static const char abd[] = "\xd8\xb9\xd8\xa8\xd8\xaf", al[] = "\xd8\xa7\xd9\x84";
    static const char ibn2[] = "\xd8\xa8\xd9\x86", ibn3[] = "\xd8\xa7\xd8\xa8\xd9\x86", bint[] = "\xd8\xa8\xd9\x86\xd8\xaa";
    const char *colon = strchr(s, ':');
    if (colon) s = colon + 1;
    size_t n = 0;
    char joined[128];
    while (*s && n < NAME_WORDS) {
        while (*s == ' ' || *s == '_') s++;
        const char *e = s;
        while (*e && *e != ' ' && *e != '_') e++;
        if (e == s) break;
        size_t len = (size_t)(e - s);
        const char *t = s;
        if (len == 6 && !memcmp(s, abd, 6) && *e && e[1] && e[1] != ' ' && e[1] != '_') {
            /* "عبد الله" -> "عبدالله" */
            const char *e2 = e + 1;
            while (*e2 && *e2 != ' ' && *e2 != '_') e2++;
            size_t l2 = (size_t)(e2 - e - 1);
            if (6 + l2 < sizeof joined) {
                memcpy(joined, s, 6);
                memcpy(joined + 6, e + 1, l2);
                t = joined;
                len = 6 + l2;
                e = e2;
            }
        }
        if (len > 6 && !memcmp(t, al, 4)) { t += 4; len -= 4; }
        int ibn = (len == 4 && !memcmp(t, ibn2, 4)) || (len == 6 && (!memcmp(t, ibn3, 6) || !memcmp(t, bint, 6)));
        w[n++] = ibn ? NAME_IBN : XXH32(t, len, 0);
        s = e;
    }
    return n;
}

/* The shorter name is the longer's last words, not after "بن": the given name
 * left out ("عبدالله صالح", "علي عبدالله صالح"), not a father's chain. */
static int name_tail(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t off = nb - na;
    if (off == 0 || memcmp(a, b + off, na * sizeof *a)) return 0;
    return b[off - 1] != NAME_IBN;
}

/* Whether two names (name_words) may be one person (see above). */
static int same_person(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    if (na > nb) { const uint32_t *t = a; a = b; b = t; size_t tn = na; na = nb; nb = tn; }
    if (na == 0) return 0;
    if (na == 1) return nb == 1 && a[0] == b[0];
    if (a[0] != b[0]) return name_tail(a, na, b, nb);
    size_t j = 1;
    for (size_t i = 1; i < na; i++) {
        while (j < nb && b[j] != a[i]) j++;
        if (j == nb) return 0;
        j++;
    }
    return 1;
}

/* Whether one of the article's specific names may be a person the story names
 * under another spelling (same_person). */
static int story_names_variant(const ak_clusterer *c, const story *s)
{
    uint32_t a[NAME_WORDS], b[NAME_WORDS];
    for (size_t i = 0; i < c->a_keys_n; i++) {
        if (!c->a_facts[i].specific) continue;
        size_t na = name_words(intern_str(&c->keys, c->a_keys[i]) + 1, a);
        for (uint32_t j = 0; j < s->keys.n; j++) {
            if (c->trait[s->keys.v[j].k].kind != 'e') continue;
            const char *k = intern_str(&c->keys, s->keys.v[j].k);
            if (same_person(a, na, b, name_words(k + 1, b))) return 1;
        }
    }
    return 0;
}

/* Whether the story names a specific person the article does not name. */
static int story_names_own(const ak_clusterer *c, const story *s)
{
    for (uint32_t i = 0; i < s->keys.n; i++) {
        uint32_t k = s->keys.v[i].k;
        if (c->trait[k].kind != 'e' || !specific_key(c, k)) continue;
        if (!bsearch(&k, c->a_keys, c->a_keys_n, sizeof *c->a_keys, cmp_u32)) return 1;
    }
    return 0;
}

/* An article that names specific people, none of whom the story (which names
 * specific people) has named, is most often another happening told in the same
 * words: another official visiting the same wounded, another council on the
 * same day. Shared leaders do not lift the conflict (see specific_key). When the
 * story's headline terms are all but absent from the article as well
 * (missing_lead >= BOTH_MISS) on one of the story's days, the two signals agree
 * and the conflict counts BOTH_FACTOR times: congratulations to another
 * president, in the same formula. (A day later it does not: the banks' reaction
 * to a rate decision quotes a new banker in new headline words.) */
#define W_CONFLICT 0.3
#define BOTH_MISS 0.9
#define BOTH_FACTOR 2.0
#define OWN_MAX_UNITS 3.0 /* own people on both sides count below this many shared units */

/* Entity evidence of a dated article saturates at ENT_UNITS rare shared names:
 * the same officials act in several happenings of one day (tuned with the real
 * NER on the tuning day, docs/story.md). An undated article weighs them more. */
#define ENT_UNITS 4
#define W_ENT_UNDATED 0.4
/* An article of the day after the story's last day that mentions none of the
 * story's days. A print report of yesterday's happening says "أمس" (resolved to
 * the story's day); the next day's own happening told in the same words (the
 * market report of the next session, the minister's next stop) does not. A
 * small penalty: follow-ups need not cite the day (chosen on the written set,
 * where 0.1 changes nothing and 0.2 splits follow-ups; docs/story.md). */
#define W_NEXT_DAY 0.1
#define NEXT_DAYS 1
static int next_day_without_reference(const ak_clusterer *c, const story_hot *s, int32_t dct)
{
    if (dct == AK_STORY_NO_DAY || s->last == AK_STORY_NO_DAY || dct <= s->last || dct - s->last > NEXT_DAYS)
        return 0;
    for (size_t i = 0; i < c->a_days_n; i++)
        if (c->a_days[i] >= s->first && c->a_days[i] <= s->last) return 0;
    return 1;
}

/* Below this many distinct shared stems, and without a shared specific name,
 * an article cannot join a story whatever its score. */
#define MIN_SHARED_TERMS 2
#define NO_EVIDENCE (-1e6)

/* Two market reports of two sessions, two tallies of two days, are told in the
 * same words and differ in their figures, while outlets retelling one report
 * copy its figures ("291.03 نقطة ... 8807.24"). A number term is a stem of digits
 * only, three or more of them (two-digit numbers are days, ages, shares of a
 * hundred, common to unrelated reports), and not a year (1900-2100, Hijri
 * 1400-1500). When the article and the story each give at least NUM_MIN such
 * numbers and share none, the article is the same formula about another
 * happening: on the story's days this counts as a conflict of W_NUMBERS, faded
 * as the name conflict (chosen on tuning4.tsv, docs/story.md). */
#define NUM_DIGITS 3
#define NUM_MIN 2
#define W_NUMBERS 0.3
static int number_term(const char *k)
{
    if (*k++ != 't') return 0;
    size_t n = 0;
    long v = 0;
    for (; k[n]; n++) {
        if (k[n] < '0' || k[n] > '9') return 0;
        if (n < 9) v = v * 10 + (k[n] - '0');
    }
    if (n < NUM_DIGITS) return 0;
    return !(n == 4 && ((v >= 1900 && v <= 2100) || (v >= 1400 && v <= 1500)));
}

/* The article's number terms, in c->a_nums (the first MAX_NUMS by key). */
static void article_numbers(ak_clusterer *c)
{
    c->a_nums_n = 0;
    for (size_t i = 0; i < c->a_terms_n && c->a_nums_n < MAX_NUMS; i++)
        if (c->trait[c->a_terms[i].k].number) c->a_nums[c->a_nums_n++] = c->a_terms[i].k;
}

/* Whether the article and the story each give NUM_MIN numbers or more and share none. */
static int numbers_conflict(const ak_clusterer *c, const story *s)
{
    if (c->a_nums_n < NUM_MIN) return 0;
    for (size_t i = 0; i < c->a_nums_n; i++)
        if (kv_has(&s->terms, c->a_nums[i])) return 0;
    size_t m = 0;
    for (uint32_t i = 0; i < s->terms.n; i++)
        if (c->trait[s->terms.v[i].k].number && ++m >= NUM_MIN) return 1;
    return 0;
}

/* Two reports of rain on two towns, two labour offices' inspections, are told in
 * the same words on one day and differ in the place, which the NER often leaves
 * untyped (الطائف, رفحاء, عرعر). When the article and the story name other places
 * (places_conflict), on the story's days this counts as a conflict of W_PLACES,
 * faded as the name conflict: enough to part reports whose headline words are all
 * shared (chosen on tuning4.tsv, where 0.9-1.5 score the same; docs/story.md).
 * place_set: the places a list of terms names (the gazetteer of places.c), their
 * ids and the regions of the towns among them. */
#define W_PLACES 1.0
static placeset place_set(const ak_clusterer *c, const kv *v, size_t n)
{
    placeset ps = {0, 0, {0}};
    for (size_t i = 0; i < n; i++) {
        const key_trait *t = &c->trait[v[i].k];
        if (t->country != NO_ID) { ps.country[t->country / 64] |= 1ull << (t->country % 64); continue; }
        if (t->place == NO_ID) continue;
        ps.place |= 1ull << t->place;
        if (t->region != AK_STORY_NO_REGION && t->region != t->place) ps.region |= 1ull << t->region;
    }
    return ps;
}

/* A key's traits from its text (prefix included). */
static void trait_fill(key_trait *t, const char *k)
{
    unsigned id, region;
    t->kind = k[0];
    t->number = (uint8_t)number_term(k);
    t->country = t->place = NO_ID;
    t->region = AK_STORY_NO_REGION;
    if (k[0] != 't') return;
    if (ak_story_country(k + 1, &id)) t->country = (uint8_t)id;
    else if (ak_story_place(k + 1, &id, &region)) {
        t->place = (uint8_t)id;
        t->region = (uint8_t)region;
    }
}

/* Whether two place sets name a place in common, or one names the region of a town
 * the other names (the story of one happening names the region, the city or both). */
static int places_shared(placeset a, placeset b)
{
    return (a.place & b.place) || (a.region & b.place) || (b.region & a.place);
}

/* Whether a place set names a country; whether a names a country b does not. */
static int countries_any(placeset a)
{
    uint64_t any = 0;
    for (size_t i = 0; i < COUNTRY_WORDS; i++) any |= a.country[i];
    return any != 0;
}

static int countries_beyond(placeset a, placeset b)
{
    for (size_t i = 0; i < COUNTRY_WORDS; i++)
        if (a.country[i] & ~b.country[i]) return 1;
    return 0;
}

/* The places and countries a story's terms name, walked once for the place and the
 * country conflicts of one candidate (set: whether v holds them yet). */
typedef struct story_places { int set; placeset v; } story_places;

static const placeset *story_places_of(const ak_clusterer *c, const story *s, story_places *p)
{
    if (!p->set) p->v = place_set(c, s->terms.v, s->terms.n);
    p->set = 1;
    return &p->v;
}

/* Whether the story names other places: the article's headline names places and the
 * story none of them, or the story's headlines name places and the article none of
 * them (the headline names the happening's place; the rest of a text may name the
 * region, the filing city or a forecast's list of regions). */
static int places_conflict(const ak_clusterer *c, const story *s, story_places *sp)
{
    if (!c->a_places.place) return 0;
    const placeset *all = story_places_of(c, s, sp);
    if (!all->place) return 0;
    if (c->a_tplaces.place && !places_shared(c->a_tplaces, *all)) return 1;
    placeset head = place_set(c, s->title.v, s->title.n);
    return head.place && !places_shared(head, c->a_places);
}

/* Whether another country speaks: the kingdom's and the UAE's condemnations of one
 * crime, two countries' congratulations, are one formula whose headline names the
 * country that speaks (الإمارات تدين, المملكة تدين) while both texts name the countries
 * spoken of: the article's headline names a country (places.c, the kingdom included)
 * that the story, itself naming countries, never names. One direction only: a story's
 * headlines gather nationality words ("ضابط إيراني") that a report of the same
 * happening need not repeat (tuning3's al-Anad base, docs/story.md). */
static int country_conflict(const ak_clusterer *c, const story *s, story_places *sp)
{
    if (!countries_any(c->a_tplaces)) return 0;
    const placeset *all = story_places_of(c, s, sp);
    return countries_any(*all) && countries_beyond(c->a_tplaces, *all);
}

/* Whether two stories' headlines tell two happenings apart by who or where: their
 * hosts differ (headline_principal), each names a country the other's never name
 * (the deputy crown prince's calls with Yemen's president and with Jordan's king on
 * one day), or both name places and share none (rain on Taif, rain on Jazan). A print
 * roundup telling both scores high against both and must not bridge them
 * (tuning6.tsv, docs/story.md). */
static int stories_apart(const ak_clusterer *c, const story *a, const story *b)
{
    if (hosts_differ(a->principals, b->principals)) return 1;
    placeset ha = place_set(c, a->title.v, a->title.n), hb = place_set(c, b->title.v, b->title.n);
    if (countries_beyond(ha, hb) && countries_beyond(hb, ha)) return 1;
    return ha.place && hb.place && !places_shared(ha, hb);
}

/* Fills c->a_facts for the article's keys, and the evidence unit: two shared
 * entities held by no other story (or one such date) count in full, however
 * many other names the article mentions (score). */
static int article_key_facts(ak_clusterer *c)
{
    if (grow((void **)&c->a_facts, &c->a_facts_cap, c->a_keys_n + 1, sizeof *c->a_facts)) return -1;
    for (size_t i = 0; i < c->a_keys_n; i++) {
        uint32_t k = c->a_keys[i];
        key_fact *f = &c->a_facts[i];
        f->idf = key_idf(c, k);
        f->kind = c->trait[k].kind;
        f->specific = f->kind == 'e' && specific_key(c, k);
    }
    c->a_unit = log(1.0 + ((double)c->n_roots + 1) / 2.0);
    article_numbers(c);
    c->a_places = place_set(c, c->a_terms, c->a_terms_n);
    c->a_tplaces = place_set(c, c->a_title, c->a_title_n);
    return 0;
}

/* The combined score of the current article against story ix (article_key_facts first). */
static double score(ak_clusterer *c, uint32_t ix, int32_t dct, int *conflicted)
{
    const story *s = &c->st[ix];
    const story_hot *h = &c->hot[ix];
    size_t n_shared = 0;
    *conflicted = 0;
    double cos = s->norm2 > 0 ? dot_dense(c, s->terms.v, s->terms.n, &n_shared) / sqrt(s->norm2) : 0;
    if (c->o.baseline) return cos;
    /* without a title on either side the body stands in for it */
    double tcos = cos;
    if (c->a_title_n > 0 && s->tnorm2 > 0)
        tcos = dot_sorted(c->a_title, c->a_title_n, s->title.v, s->title.n, NULL) / sqrt(s->tnorm2);
    double ent_sh = 0, date_all = 0, date_sh = 0;
    int same_source = 0, spec_all = 0, spec_sh = 0, spec_own = 0;
    for (size_t i = 0; i < c->a_keys_n; i++) {
        const key_fact *f = &c->a_facts[i];
        double w = f->idf;
        int shared = kv_has(&s->keys, c->a_keys[i]);
        if (f->kind == 'e') {
            if (shared) ent_sh += w;
            if (f->specific) { spec_all = 1; if (shared) spec_sh = 1; else spec_own = 1; }
        }
        else if (f->kind == 'd') { date_all += w; if (shared) date_sh += w; }
        else if (f->kind == 's' && shared) same_source = 1;
    }
    double unit = c->a_unit;
    /* An article with no date has lost the time window that keeps formula stories
     * apart; its actors are then the evidence left: one rare shared name counts in
     * full, and weighs w_entity_undated instead of w_entity. */
    int undated = dct == AK_STORY_NO_DAY;
    double ent = ent_sh / ((undated ? 1 : ENT_UNITS) * unit), date = date_sh / unit;
    double w_ent = undated ? W_ENT_UNDATED : c->o.w_entity;
    if (ent > 1) ent = 1;
    if (date > 1) date = 1;
    (void)date_all;
    /* A minimum of real evidence: one shared word (two one-line notes that both
     * say "خبر") makes a high cosine between short texts and proves nothing. */
    if (n_shared < MIN_SHARED_TERMS && !spec_sh) return NO_EVIDENCE;
    double gap = (double)day_gap(h, dct) / c->o.window_days;
    /* both same-day formula signals fade for follow-ups told days later */
    double fade = same_day_fade(h, dct);
    double miss = c->o.w_miss > 0 ? missing_lead(c, s) * fade : 0;
    double base = c->o.w_text * cos + c->o.w_title * tcos - c->o.w_miss * miss - c->o.w_source * same_source +
                  w_ent * ent + c->o.w_date * date - c->o.w_gap * gap;
    double conflict = spec_all && !spec_sh && story_names_specific(c, s) ? fade : 0;
    /* another spelling of one of the story's people is no conflict; the look-up
     * is only needed where the conflict can decide the join (penalties only
     * lower the score, so below the threshold it stays below) */
    int variant = conflict > 0 && base >= c->o.threshold && story_names_variant(c, s);
    if (variant) conflict = 0;
    if (day_gap(h, dct) == 0 && miss >= BOTH_MISS) {
        /* the headline names are absent and each side has people of its own: the
         * same formula about another happening, even when both name the same
         * officials (counted as specific while few stories are open). Not for an
         * undated article: with no day there is no same-day formula to tell, and
         * its shared people are the evidence left (seed 004). */
        if (conflict == 0 && !variant && !undated && spec_own && ent_sh / unit < OWN_MAX_UNITS &&
            base >= c->o.threshold && story_names_own(c, s))
            conflict = 1;
        conflict *= BOTH_FACTOR;
    }
    *conflicted = conflict > 0;
    /* the next-day penalty and the faded name conflict tell the same thing (another
     * happening the next day): the larger counts, not both */
    double against = W_CONFLICT * conflict;
    if (next_day_without_reference(c, h, dct) && W_NEXT_DAY > against) against = W_NEXT_DAY;
    /* other figures in the same words on the story's days: another session's market
     * report (the larger penalty counts, as above; looked up only where it can
     * decide the join), and no bridge across it either */
    if (fade > 0 && base - against >= c->o.threshold && numbers_conflict(c, s)) {
        if (W_NUMBERS * fade > against) against = W_NUMBERS * fade;
        *conflicted = 1;
    }
    /* another place in the same words on the story's days: the same rules, and a
     * weight that outweighs headline words all shared (the al-Jouf and Khaybar
     * labour offices' "عمل ... يضبط مخالفات لقرار منع العمل تحت الشمس", 1.14), or
     * another of the heads opening the headline (the same visitor received by the
     * king and by the crown prince) */
    story_places sp = {0, {0, 0, {0}}};
    if (fade > 0 && base - against >= c->o.threshold &&
        (hosts_differ(c->a_principal, s->principals) || places_conflict(c, s, &sp))) {
        if (W_PLACES * fade > against) against = W_PLACES * fade;
        *conflicted = 1;
    }
    /* another country speaking in the same words, on any day of the window: a
     * country's statement the day after another's is its own (tuning5.tsv: the
     * kingdom's condemnation of the Duma arson a day after the OIC's) */
    if (base - against >= c->o.threshold && country_conflict(c, s, &sp)) {
        if (W_PLACES > against) against = W_PLACES;
        *conflicted = 1;
    }
    return base - against;
}

/* Adds a sorted kv list into a sorted vec (w summed); reports keys new to the vec. */
static int vec_add(ak_clusterer *c, vec *dst, const kv *src, size_t n, uint32_t story_ix, int keys, int post)
{
    size_t need = (size_t)dst->n + n;
    if (grow((void **)&c->tmp, &c->tmp_cap, need + 1, sizeof *c->tmp)) return -1;
    size_t i = 0, j = 0, m = 0;
    while (i < dst->n || j < n) {
        if (j >= n || (i < dst->n && dst->v[i].k < src[j].k)) c->tmp[m++] = dst->v[i++];
        else if (i >= dst->n || src[j].k < dst->v[i].k) {
            if (post && post_add(c, src[j].k, story_ix)) return -1;
            if (keys) c->df[src[j].k]++;
            c->tmp[m++] = src[j++];
        } else {
            c->tmp[m] = dst->v[i++];
            c->tmp[m++].w += src[j++].w;
        }
    }
    if (m == 0) return 0;
    if (vec_reserve(dst, m)) return -1;
    memcpy(dst->v, c->tmp, m * sizeof *dst->v);
    dst->n = (uint32_t)m;
    return 0;
}

static double vec_norm2(const vec *v)
{
    double n2 = 0;
    for (uint32_t i = 0; i < v->n; i++) n2 += (double)v->v[i].w * v->v[i].w;
    return n2;
}

static void recompute_norm(story *s)
{
    double n2 = 0;
    for (uint32_t i = 0; i < s->terms.n; i++) n2 += (double)s->terms.v[i].w * s->terms.v[i].w;
    s->norm2 = n2;
}

/* Bounds a big story's centroid to its strongest terms (memory stays per story). */
static void cut_centroid(story *s)
{
    if (s->terms.n <= CENTROID_MAX) return;
    qsort(s->terms.v, s->terms.n, sizeof *s->terms.v, cmp_kv_w_desc);
    s->terms.n = CENTROID_KEEP;
    qsort(s->terms.v, s->terms.n, sizeof *s->terms.v, cmp_kv_k);
}

static int new_story(ak_clusterer *c, uint32_t a, uint32_t *out)
{
    if (grow((void **)&c->st, &c->st_cap, c->n_st + 1, sizeof *c->st) ||
        grow((void **)&c->hot, &c->hot_cap, c->n_st + 1, sizeof *c->hot) ||
        grow((void **)&c->active, &c->active_cap, c->n_active + 1, sizeof *c->active))
        return -1;
    uint32_t s = (uint32_t)c->n_st++;
    story *st = &c->st[s];
    memset(st, 0, sizeof *st);
    st->first_art = a;
    story_hot *h = &c->hot[s];
    memset(h, 0, sizeof *h);
    h->parent = s;
    h->first = h->last = c->arts[a].dct;
    h->active = 1;
    for (int i = 0; i < TOP_N; i++) st->top[i] = UINT32_MAX;
    st->head = st->tail = UINT32_MAX;
    c->active[c->n_active++] = s;
    c->n_roots++;
    *out = s;
    return 0;
}

static void extend_days(story_hot *s, int32_t dct)
{
    if (dct == AK_STORY_NO_DAY) return;
    if (s->first == AK_STORY_NO_DAY || dct < s->first) s->first = dct;
    if (s->last == AK_STORY_NO_DAY || dct > s->last) s->last = dct;
}

/* Links article a at the end of story s's list. */
static void member_append(ak_clusterer *c, uint32_t s, uint32_t a)
{
    story *st = &c->st[s];
    if (st->tail == UINT32_MAX) st->head = a;
    else c->arts[st->tail].next = a;
    st->tail = a;
}

/* Adds the current article (vectors in scratch) to story s. */
static int join(ak_clusterer *c, uint32_t s, uint32_t a)
{
    story *st = &c->st[s];
    if (vec_add(c, &st->terms, c->a_terms, c->a_terms_n, s, 0, 1)) return -1;
    st = &c->st[s];
    if (vec_add(c, &st->title, c->a_title, c->a_title_n, s, 0, 0)) return -1;
    st = &c->st[s];
    /* keys become kv with w = 1 article */
    kv *kk = malloc((c->a_keys_n + 1) * sizeof *kk);
    if (!kk) return -1;
    for (size_t i = 0; i < c->a_keys_n; i++) { kk[i].k = c->a_keys[i]; kk[i].w = 1.0f; }
    int rc = vec_add(c, &st->keys, kk, c->a_keys_n, s, 1, 1);
    free(kk);
    if (rc) return -1;
    cut_centroid(st);
    recompute_norm(st);
    st->tnorm2 = vec_norm2(&st->title);
    st->n_art++;
    st->principals |= c->a_principal;
    extend_days(&c->hot[s], c->arts[a].dct);
    if (art_before(c, a, st->first_art)) st->first_art = a;
    c->arts[a].story = s;
    member_append(c, s, a);
    return 0;
}

/* Merges story b into story a (or the reverse, keeping the earlier story id). */
static int merge(ak_clusterer *c, uint32_t a, uint32_t b)
{
    if (art_before(c, c->st[b].first_art, c->st[a].first_art)) { uint32_t t = a; a = b; b = t; }
    story *sb = &c->st[b];
    /* keys present in both stories now count as one story */
    for (uint32_t i = 0; i < sb->keys.n; i++)
        if (kv_has(&c->st[a].keys, sb->keys.v[i].k) && c->df[sb->keys.v[i].k] > 0) c->df[sb->keys.v[i].k]--;
    if (vec_add(c, &c->st[a].terms, sb->terms.v, sb->terms.n, a, 0, 1)) return -1;
    sb = &c->st[b];
    if (vec_add(c, &c->st[a].title, sb->title.v, sb->title.n, a, 0, 0)) return -1;
    sb = &c->st[b];
    /* the df of keys new to `a` was counted once already for b */
    for (uint32_t i = 0; i < sb->keys.n; i++)
        if (!kv_has(&c->st[a].keys, sb->keys.v[i].k)) c->df[sb->keys.v[i].k]--;
    if (vec_add(c, &c->st[a].keys, sb->keys.v, sb->keys.n, a, 1, 1)) return -1;
    story *sa = &c->st[a];
    sb = &c->st[b];
    cut_centroid(sa);
    recompute_norm(sa);
    sa->tnorm2 = vec_norm2(&sa->title);
    sa->n_art += sb->n_art;
    sa->n_dup += sb->n_dup;
    sa->principals |= sb->principals;
    story_hot *ha = &c->hot[a], *hb = &c->hot[b];
    extend_days(ha, hb->first);
    extend_days(ha, hb->last);
    hb->parent = a;
    hb->active = 0;
    if (sb->head != UINT32_MAX) { /* b's articles go with it */
        if (sa->tail == UINT32_MAX) sa->head = sb->head;
        else c->arts[sa->tail].next = sb->head;
        sa->tail = sb->tail;
        sb->head = sb->tail = UINT32_MAX;
    }
    free(sb->terms.v); sb->terms = (vec){0};
    free(sb->title.v); sb->title = (vec){0};
    free(sb->keys.v); sb->keys = (vec){0};
    c->n_roots--;
    return 0;
}

/* The TOP_N strongest terms of a centroid in cmp_kv_w_desc's order, picked in
 * one pass (sorting every term of every retired story cost more than a tenth of
 * the clustering); returns how many (fewer when the centroid is smaller). */
static size_t strongest(const vec *v, uint32_t out[TOP_N])
{
    kv best[TOP_N];
    size_t nb = 0;
    for (uint32_t i = 0; i < v->n; i++) {
        const kv *t = &v->v[i];
        if (nb == TOP_N && cmp_kv_w_desc(t, &best[TOP_N - 1]) >= 0) continue;
        size_t j = nb < TOP_N ? nb++ : TOP_N - 1;
        for (; j > 0 && cmp_kv_w_desc(t, &best[j - 1]) < 0; j--) best[j] = best[j - 1];
        best[j] = *t;
    }
    for (size_t k = 0; k < nb; k++) out[k] = best[k].k;
    return nb;
}

/* Retires stories whose last article is far behind the newest DCT: their
 * vectors are freed, a few top terms kept as a summary. Returns -1 when the
 * queue of final stories cannot grow (nothing changed then). */
static int retire(ak_clusterer *c)
{
    if (c->max_dct == AK_STORY_NO_DAY) return 0;
    if (c->track_final && grow((void **)&c->fin, &c->fin_cap, c->n_fin + c->n_active, sizeof *c->fin)) return -1;
    int32_t horizon = c->max_dct - 2 * c->o.window_days;
    size_t w = 0;
    for (size_t i = 0; i < c->n_active; i++) {
        uint32_t s = c->active[i];
        story *st = &c->st[s];
        story_hot *h = &c->hot[s];
        if (h->parent != s || !h->active) continue;
        if (h->last != AK_STORY_NO_DAY && h->last < horizon) {
            for (size_t k = strongest(&st->terms, st->top); k < TOP_N; k++) st->top[k] = UINT32_MAX;
            free(st->terms.v); st->terms = (vec){0};
            free(st->title.v); st->title = (vec){0};
            free(st->keys.v); st->keys = (vec){0};
            h->active = 0;
            if (c->track_final) c->fin[c->n_fin++] = s;
            continue;
        }
        c->active[w++] = s;
    }
    c->n_active = w;
    return 0;
}

/* Drops postings of retired or merged stories, so the index follows the window. */
static void compact_postings(ak_clusterer *c)
{
    c->stamp++;
    for (size_t k = 0; k < c->keys.n; k++) {
        posting *p = &c->post[k];
        uint32_t w = 0;
        c->stamp++;
        for (uint32_t i = 0; i < p->n; i++) {
            uint32_t r = find(c, p->v[i]);
            if (!c->hot[r].active || c->hot[r].stamp == c->stamp) continue;
            c->hot[r].stamp = c->stamp;
            p->v[w++] = r;
        }
        p->n = w;
        if (w == 0) { free(p->v); p->v = NULL; p->cap = 0; }
    }
}

/* a when pick, else b: a select the compiler cannot turn into a branch */
static float pick_float(int pick, float a, float b)
{
    uint32_t x, y, mask = 0u - (uint32_t)pick;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    x = (x & mask) | (y & ~mask);
    memcpy(&a, &x, sizeof a);
    return a;
}

/* Walks the posting of one article key of weight w: each active root within
 * the window becomes a candidate once (c->cand, *m); its pre-score adds w for
 * each entry that leads to it. The entries name stories at random, a cache miss
 * each: the story a few entries ahead is fetched while this one is read. Whether
 * a story was seen already is a coin toss for the branch predictor, so the loop
 * selects instead of branching; it also stamps retired stories, which nothing
 * reads (retired stories never become candidates). */
static int walk_posting(ak_clusterer *c, const posting *p, float w, int32_t dct, size_t *m)
{
    /* room for every entry, so the loop stores without a test */
    if (grow((void **)&c->cand, &c->cand_cap, *m + p->n + 1, sizeof *c->cand)) return -1;
    uint32_t *cand = c->cand, stamp = c->stamp;
    int32_t window = c->o.window_days;
    size_t n = *m;
    for (uint32_t j = 0; j < p->n; j++) {
        if (j + PREFETCH_AHEAD < p->n) PREFETCH(&c->hot[p->v[j + PREFETCH_AHEAD]]);
        uint32_t r = find(c, p->v[j]);
        story_hot *h = &c->hot[r];
        int seen = h->stamp == stamp;
        int fresh = (seen == 0) & (h->active != 0) & (day_gap(h, dct) <= window);
        /* seen: add w; new: w, or -1e30 outside the window (never a candidate) */
        h->acc = pick_float(seen, h->acc + w, pick_float(fresh, w, -1e30f));
        h->stamp = stamp;
        cand[n] = r;
        n += (size_t)fresh;
    }
    *m = n;
    return 0;
}

/* Candidate stories: roots reached from the article's strongest terms and its keys. */
static size_t candidates(ak_clusterer *c, int32_t dct)
{
    /* the TOP_TERMS strongest terms, by insertion into a short sorted list */
    size_t nt = 0;
    if (grow((void **)&c->tmp, &c->tmp_cap, TOP_TERMS + 1, sizeof *c->tmp)) return 0;
    for (size_t i = 0; i < c->a_terms_n; i++) {
        kv x = c->a_terms[i];
        if (nt == TOP_TERMS && cmp_kv_w_desc(&x, &c->tmp[nt - 1]) >= 0) continue;
        size_t j = nt < TOP_TERMS ? nt++ : TOP_TERMS - 1;
        while (j > 0 && cmp_kv_w_desc(&x, &c->tmp[j - 1]) < 0) { c->tmp[j] = c->tmp[j - 1]; j--; }
        c->tmp[j] = x;
    }
    c->stamp++;
    size_t m = 0;
    for (size_t i = 0; i < nt + c->a_keys_n; i++) {
        uint32_t k = i < nt ? c->tmp[i].k : c->a_keys[i - nt];
        float w = i < nt ? c->tmp[i].w : 0.2f;
        if (walk_posting(c, &c->post[k], w, dct, &m)) return m;
    }
    if (m <= MAX_CAND) return m;
    /* only the stories holding most of the article's weight are scored in full */
    /* the MAX_CAND first by (pre-score, story), in that order: what sorting all of them gave */
    if (grow((void **)&c->ranked, &c->ranked_cap, MAX_CAND, sizeof *c->ranked)) return MAX_CAND;
    size_t nr = 0;
    for (size_t i = 0; i < m; i++) {
        kv x = {c->cand[i], c->hot[c->cand[i]].acc};
        if (nr == MAX_CAND && cmp_kv_w_desc(&x, &c->ranked[nr - 1]) >= 0) continue;
        size_t j = nr < MAX_CAND ? nr++ : MAX_CAND - 1;
        while (j > 0 && cmp_kv_w_desc(&x, &c->ranked[j - 1]) < 0) { c->ranked[j] = c->ranked[j - 1]; j--; }
        c->ranked[j] = x;
    }
    for (size_t i = 0; i < MAX_CAND; i++) c->cand[i] = c->ranked[i].k;
    return MAX_CAND;
}

static int add_article_record(ak_clusterer *c, const ak_story_doc *d, uint32_t *out)
{
    int added;
    if (grow((void **)&c->arts, &c->arts_cap, c->n_arts + 1, sizeof *c->arts))
        return ak_set_error(AK_ENOMEM, "ak_clusterer_add: out of memory");
    uint32_t id = intern(&c->ids, 0, d->id, strlen(d->id), 1, &added);
    if (id == UINT32_MAX) return ak_set_error(AK_ENOMEM, "ak_clusterer_add: out of memory");
    if (!added) return ak_set_error(AK_EINVAL, "ak_clusterer_add: article id '%s' added twice", d->id);
    art *a = &c->arts[c->n_arts];
    a->id_off = c->ids.off[id];
    a->dct = d->dct;
    a->dup = 0;
    a->story = UINT32_MAX;
    a->next = UINT32_MAX;
    *out = (uint32_t)c->n_arts;
    return AK_OK;
}

AK_API int ak_clusterer_add(ak_clusterer *c, const ak_story_doc *d)
{
    if (!c || !d || !d->id || !*d->id) return ak_set_error(AK_EINVAL, "ak_clusterer_add: article without id");
    if ((d->n_title_terms && !d->title_terms) || (d->n_body_terms && !d->body_terms) ||
        (d->n_entities && !d->entities) || (d->n_dates && !d->dates))
        return ak_set_error(AK_EINVAL, "ak_clusterer_add: '%s': a count without its array", d->id);
    uint32_t dup_art = UINT32_MAX;
    if (d->dup_of && *d->dup_of) {
        uint32_t di = intern(&c->ids, 0, d->dup_of, strlen(d->dup_of), 0, NULL);
        /* ids are interned in the order articles are added: id number = article index */
        if (di != UINT32_MAX && di < c->n_arts) dup_art = di;
    }
    uint32_t a = 0;
    int rc = add_article_record(c, d, &a);
    if (rc) return rc;
    c->n_arts++;
    if (d->dct != AK_STORY_NO_DAY && (c->max_dct == AK_STORY_NO_DAY || d->dct > c->max_dct)) c->max_dct = d->dct;

    if (dup_art != UINT32_MAX && c->arts[dup_art].story != UINT32_MAX) {
        /* a duplicate or rewrite follows its original and is not a new report */
        uint32_t s = find(c, c->arts[dup_art].story);
        c->arts[a].story = s;
        c->arts[a].dup = 1;
        c->st[s].n_dup++;
        member_append(c, s, a);
        extend_days(&c->hot[s], d->dct);
        if (art_before(c, a, c->st[s].first_art)) c->st[s].first_art = a;
        return AK_OK;
    }
    if (article_vector(c, d) || article_keys(c, d)) goto oom;

    size_t nc = candidates(c, d->dct);
    if (article_key_facts(c)) goto oom;
    uint32_t best = UINT32_MAX, second = UINT32_MAX;
    double bs = -1e9, ss = -1e9;
    int bc = 0, sc = 0; /* the best's and the second's name conflict */
    for (size_t i = 0; i < nc; i++) {
        uint32_t s = c->cand[i];
        int cf;
        double v = score(c, s, d->dct, &cf);
        /* ties go to the older story so results do not depend on hash order */
        if (v > bs || (v == bs && s < best)) { second = best; ss = bs; sc = bc; best = s; bs = v; bc = cf; }
        else if (v > ss || (v == ss && s < second)) { second = s; ss = v; sc = cf; }
    }
    if (best != UINT32_MAX && bs >= c->o.threshold) {
        if (join(c, best, a)) goto oom;
        /* a bridge joins stories that overlap in time, never across the window,
         * never a story whose people the article does not name (the name
         * conflict: another happening in the same words, whatever the score), and
         * never two stories whose headlines name other places (a roundup of two
         * happenings scores high against both) */
        if (!c->o.baseline && second != UINT32_MAX && ss >= c->o.merge_threshold && !sc &&
            stories_gap(&c->hot[find(c, best)], &c->hot[second]) <= c->o.window_days &&
            !stories_apart(c, &c->st[find(c, best)], &c->st[second]))
            if (merge(c, best, second)) goto oom;
    } else {
        uint32_t s;
        if (new_story(c, a, &s) || join(c, s, a)) goto oom;
    }
    if (c->n_arts % RETIRE_EVERY == 0 && retire(c)) goto oom;
    if (c->n_arts % COMPACT_EVERY == 0) compact_postings(c);
    return AK_OK;
oom:
    return ak_set_error(AK_ENOMEM, "ak_clusterer_add: out of memory at article '%s'", d->id);
}

void ak_clusterer_track_final(ak_clusterer *c) { c->track_final = 1; }

/* Story s's articles in the order added (merges append lists out of order). */
static int drain_one(ak_clusterer *c, uint32_t s, ak_final_story_cb cb, void *ctx)
{
    size_t n = 0;
    for (uint32_t a = c->st[s].head; a != UINT32_MAX; a = c->arts[a].next) {
        if (grow((void **)&c->members, &c->members_cap, n + 1, sizeof *c->members))
            return ak_set_error(AK_ENOMEM, "ak_clusterer_drain_final: out of memory");
        c->members[n++] = a;
    }
    qsort(c->members, n, sizeof *c->members, cmp_u32);
    return cb(ctx, c->st[s].first_art, c->members, n);
}

int ak_clusterer_drain_final(ak_clusterer *c, int all, ak_final_story_cb cb, void *ctx)
{
    int rc = AK_OK;
    size_t i = 0;
    for (; rc == AK_OK && i < c->n_fin; i++) rc = drain_one(c, c->fin[i], cb, ctx);
    if (i) memmove(c->fin, c->fin + i, (c->n_fin - i) * sizeof *c->fin);
    c->n_fin -= i;
    for (size_t k = 0; all && rc == AK_OK && k < c->n_active; k++) {
        uint32_t s = c->active[k];
        if (c->hot[s].parent == s && c->hot[s].active) rc = drain_one(c, s, cb, ctx);
    }
    return rc;
}

AK_API size_t ak_clusterer_story_count(const ak_clusterer *c) { return c ? c->n_roots : 0; }

AK_API int ak_clusterer_assignments(ak_clusterer *c, ak_story_assignment **out, size_t *n)
{
    if (!c || !out || !n) return ak_set_error(AK_EINVAL, "ak_clusterer_assignments: NULL argument");
    *out = NULL;
    *n = 0;
    ak_story_assignment *v = malloc((c->n_arts + 1) * sizeof *v);
    if (!v) return ak_set_error(AK_ENOMEM, "ak_clusterer_assignments: out of memory");
    for (size_t i = 0; i < c->n_arts; i++) {
        uint32_t r = find(c, c->arts[i].story);
        v[i].article = art_id(c, (uint32_t)i);
        v[i].story = art_id(c, c->st[r].first_art);
        v[i].duplicate = c->arts[i].dup;
    }
    *out = v;
    *n = c->n_arts;
    return AK_OK;
}

static void day_str(ak_buf *b, int32_t day)
{
    if (day == AK_STORY_NO_DAY) { ak_buf_puts(b, "null"); return; }
    /* civil from days */
    int64_t z = (int64_t)day + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    ak_buf_printf(b, "\"%04lld-%02u-%02u\"", (long long)(y + (mm <= 2)), mm, dd);
}

static void json_str(ak_buf *b, const char *s)
{
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, s, strlen(s));
    ak_buf_putc(b, '"');
}

AK_API int ak_clusterer_serialize(ak_clusterer *c, char **out, size_t *len)
{
    if (!c || !out) return ak_set_error(AK_EINVAL, "ak_clusterer_serialize: NULL argument");
    *out = NULL;
    /* chain the articles of each root story, in the order they were added */
    uint32_t *head = malloc((c->n_st + 1) * sizeof *head);
    uint32_t *tail = malloc((c->n_st + 1) * sizeof *tail);
    uint32_t *next = malloc((c->n_arts + 1) * sizeof *next);
    if (!head || !tail || !next) {
        free(head); free(tail); free(next);
        return ak_set_error(AK_ENOMEM, "ak_clusterer_serialize: out of memory");
    }
    for (size_t s = 0; s < c->n_st; s++) head[s] = tail[s] = UINT32_MAX;
    for (size_t i = 0; i < c->n_arts; i++) {
        uint32_t r = find(c, c->arts[i].story);
        next[i] = UINT32_MAX;
        if (head[r] == UINT32_MAX) head[r] = (uint32_t)i;
        else next[tail[r]] = (uint32_t)i;
        tail[r] = (uint32_t)i;
    }
    ak_buf b = AK_BUF_INIT;
    for (size_t s = 0; s < c->n_st; s++) {
        if (head[s] == UINT32_MAX) continue;
        story *st = &c->st[s];
        const story_hot *h = &c->hot[s];
        ak_buf_puts(&b, "{\"story\":");
        json_str(&b, art_id(c, st->first_art));
        ak_buf_puts(&b, ",\"first\":");
        day_str(&b, h->first);
        ak_buf_puts(&b, ",\"last\":");
        day_str(&b, h->last);
        for (int dup = 0; dup < 2; dup++) {
            ak_buf_puts(&b, dup ? ",\"duplicates\":[" : ",\"articles\":[");
            int first = 1;
            for (uint32_t i = head[s]; i != UINT32_MAX; i = next[i]) {
                if (c->arts[i].dup != dup) continue;
                if (!first) ak_buf_putc(&b, ',');
                first = 0;
                json_str(&b, art_id(c, i));
            }
            ak_buf_putc(&b, ']');
        }
        ak_buf_printf(&b, ",\"active\":%d,\"terms\":[", h->active);
        uint32_t top[TOP_N];
        size_t nt = 0;
        if (h->active) {
            nt = strongest(&st->terms, top);
        } else {
            for (int i = 0; i < TOP_N && st->top[i] != UINT32_MAX; i++) top[nt++] = st->top[i];
        }
        for (size_t i = 0; i < nt; i++) {
            if (i) ak_buf_putc(&b, ',');
            json_str(&b, intern_str(&c->keys, top[i]) + 1);
        }
        ak_buf_puts(&b, "]}\n");
    }
    free(head); free(tail); free(next);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "ak_clusterer_serialize: out of memory"); }
    size_t n = 0;
    *out = ak_buf_detach(&b, &n);
    if (!*out) *out = calloc(1, 1);
    if (len) *len = n;
    return AK_OK;
}
