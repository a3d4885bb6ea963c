/* lsh.c: banded LSH over MinHash signatures, in memory: one chained hash table of
 * (band key, document) entries, 12 bytes each, so a query touches only matching buckets. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "dedup/dedup_internal.h"
#include "util/error.h"

typedef struct entry { uint64_t key; uint32_t doc, next; } entry; /* next: entry index + 1, 0 ends */

struct ak_lsh {
    unsigned K, bands, rows;
    uint64_t *ids;    /* caller id of each document */
    size_t ndocs, capdocs;
    entry *e;
    size_t ne, cape;
    uint32_t *head;   /* bucket -> first entry + 1 (0: empty) */
    size_t mask;
};

AK_API double ak_lsh_probability(double s, unsigned bands, unsigned rows)
{
    return 1.0 - pow(1.0 - pow(s, rows), bands);
}

/* Integrates the S-curve: false negatives on [t,1] plus false positives on [0,t]. */
AK_API void ak_lsh_params(double t, unsigned hashes, unsigned *bands, unsigned *rows)
{
    double best = 1e9;
    unsigned bb = 1, br = hashes ? hashes : 1;
    for (unsigned r = 1; r <= hashes; r++) {
        unsigned b = hashes / r;
        double fp = 0, fn = 0;
        for (int i = 0; i < 200; i++) {
            double s = (i + 0.5) / 200.0, p = ak_lsh_probability(s, b, r);
            if (s < t) fp += p / 200.0;
            else fn += (1 - p) / 200.0;
        }
        if (fp + fn < best) { best = fp + fn; bb = b; br = r; }
    }
    if (bands) *bands = bb;
    if (rows) *rows = br;
}

AK_API int ak_lsh_new(const ak_dedup_opts *opts, ak_lsh **out)
{
    if (!out) return ak_set_error(AK_EINVAL, "lsh: bad argument");
    ak_dedup_opts o;
    ak_dedup_defaults(opts, &o);
    if (o.hashes > AK_DEDUP_MAX_HASHES) return ak_set_error(AK_EINVAL, "lsh: too many hashes");
    ak_lsh *l = calloc(1, sizeof *l);
    if (!l) return ak_set_error(AK_ENOMEM, "lsh: out of memory");
    l->K = o.hashes;
    ak_lsh_params(o.threshold, o.hashes, &l->bands, &l->rows);
    *out = l;
    return AK_OK;
}

AK_API void ak_lsh_free(ak_lsh *l)
{
    if (!l) return;
    free(l->ids);
    free(l->e);
    free(l->head);
    free(l);
}

AK_API unsigned ak_lsh_bands(const ak_lsh *l) { return l ? l->bands : 0; }

AK_API uint64_t ak_lsh_band_key(const ak_lsh *l, const uint32_t *sig, unsigned b)
{
    return XXH3_64bits_withSeed(sig + (size_t)b * l->rows, l->rows * sizeof *sig, 0x6c7368ull + b);
}

/* Buckets are sized with the entry array (load <= 1) and rebuilt when it grows. */
static int rehash(ak_lsh *l, size_t cap)
{
    uint32_t *h = calloc(cap, sizeof *h);
    if (!h) return AK_ENOMEM;
    free(l->head);
    l->head = h;
    l->mask = cap - 1;
    for (size_t i = 0; i < l->ne; i++) {
        size_t s = (size_t)l->e[i].key & l->mask;
        l->e[i].next = h[s];
        h[s] = (uint32_t)(i + 1);
    }
    return AK_OK;
}

AK_API int ak_lsh_add(ak_lsh *l, uint64_t id, const uint32_t *sig)
{
    if (!l || !sig) return ak_set_error(AK_EINVAL, "lsh: bad argument");
    if (l->ndocs >= UINT32_MAX - 1) return ak_set_error(AK_ETOOBIG, "lsh: index full");
    if (l->ndocs == l->capdocs) {
        size_t cap = l->capdocs ? l->capdocs * 2 : 1024;
        uint64_t *ids = realloc(l->ids, cap * sizeof *ids);
        if (!ids) return ak_set_error(AK_ENOMEM, "lsh: out of memory");
        l->ids = ids;
        l->capdocs = cap;
    }
    if (l->ne + l->bands > l->cape) {
        size_t cap = l->cape ? l->cape * 2 : (size_t)l->bands * 1024;
        if (cap > UINT32_MAX - 1) return ak_set_error(AK_ETOOBIG, "lsh: index full");
        entry *e = realloc(l->e, cap * sizeof *e);
        if (!e) return ak_set_error(AK_ENOMEM, "lsh: out of memory");
        l->e = e;
        l->cape = cap;
        size_t hc = 1;
        while (hc < cap) hc <<= 1;
        if (rehash(l, hc) != AK_OK) return ak_set_error(AK_ENOMEM, "lsh: out of memory");
    }
    uint32_t doc = (uint32_t)l->ndocs;
    l->ids[l->ndocs++] = id;
    for (unsigned b = 0; b < l->bands; b++) {
        uint64_t key = ak_lsh_band_key(l, sig, b);
        entry *en = &l->e[l->ne];
        en->key = key;
        en->doc = doc;
        size_t s = (size_t)key & l->mask;
        en->next = l->head[s];
        l->head[s] = (uint32_t)++l->ne;
    }
    return AK_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_id(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

AK_API int ak_lsh_query(const ak_lsh *l, const uint32_t *sig, uint64_t **ids, size_t *n)
{
    if (!l || !sig || !ids || !n) return ak_set_error(AK_EINVAL, "lsh: bad argument");
    *ids = NULL;
    *n = 0;
    size_t cap = 64, m = 0;
    uint32_t *docs = malloc(cap * sizeof *docs);
    if (!docs) return ak_set_error(AK_ENOMEM, "lsh: out of memory");
    for (unsigned b = 0; b < l->bands && l->head; b++) {
        uint64_t key = ak_lsh_band_key(l, sig, b);
        for (uint32_t x = l->head[(size_t)key & l->mask]; x; x = l->e[x - 1].next) {
            if (l->e[x - 1].key != key) continue;
            if (m == cap) {
                uint32_t *d = realloc(docs, cap * 2 * sizeof *d);
                if (!d) { free(docs); return ak_set_error(AK_ENOMEM, "lsh: out of memory"); }
                docs = d;
                cap *= 2;
            }
            docs[m++] = l->e[x - 1].doc;
        }
    }
    qsort(docs, m, sizeof *docs, cmp_u32);
    size_t u = 0;
    for (size_t i = 0; i < m; i++)
        if (!u || docs[i] != docs[u - 1]) docs[u++] = docs[i];
    uint64_t *out = malloc((u ? u : 1) * sizeof *out);
    if (!out) { free(docs); return ak_set_error(AK_ENOMEM, "lsh: out of memory"); }
    for (size_t i = 0; i < u; i++) out[i] = l->ids[docs[i]];
    free(docs);
    qsort(out, u, sizeof *out, cmp_id);
    *ids = out;
    *n = u;
    return AK_OK;
}
