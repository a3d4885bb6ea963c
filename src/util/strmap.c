/* strmap.c: a string -> integer hash table (open addressing): FNV-1a, at most half full. */
#include "util/strmap.h"

#include "akhbar.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t key_hash(const char *k)
{
    uint64_t h = 1469598103934665603ull;
    for (; *k; k++) h = (h ^ (unsigned char)*k) * 1099511628211ull;
    return h;
}

ak_strslot *ak_strmap_find(ak_strmap *m, const char *k)
{
    if (!m->cap) return NULL;
    size_t i = (size_t)key_hash(k) & (m->cap - 1);
    while (m->s[i].key && strcmp(m->s[i].key, k)) i = (i + 1) & (m->cap - 1);
    return &m->s[i];
}

long long ak_strmap_get(ak_strmap *m, const char *k, long long missing)
{
    ak_strslot *s = ak_strmap_find(m, k);
    return s && s->key ? s->val : missing;
}

int ak_strmap_put(ak_strmap *m, const char *k, long long val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        ak_strslot *old = m->s;
        size_t oc = m->cap;
        m->s = calloc(cap, sizeof *m->s);
        if (!m->s) { m->s = old; return AK_ENOMEM; }
        m->cap = cap;
        for (size_t i = 0; i < oc; i++)
            if (old[i].key) *ak_strmap_find(m, old[i].key) = old[i];
        free(old);
    }
    ak_strslot *s = ak_strmap_find(m, k);
    if (s->key) { s->val = val; return AK_OK; }
    s->key = strdup(k);
    if (!s->key) return AK_ENOMEM;
    s->val = val;
    m->n++;
    return AK_OK;
}

void ak_strmap_free(ak_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) free(m->s[i].key);
    free(m->s);
    memset(m, 0, sizeof *m);
}
