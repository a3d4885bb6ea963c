/* strmap.h: a string -> integer hash table (open addressing, keys copied), shared by the
 * stages that index articles, stories and entity keys by id while they run. */
#ifndef AK_UTIL_STRMAP_H
#define AK_UTIL_STRMAP_H
#include <stddef.h>

/* Zero-initialize; free with ak_strmap_free. */
typedef struct ak_strslot { char *key; long long val; } ak_strslot;
typedef struct ak_strmap { ak_strslot *s; size_t cap, n; } ak_strmap;

/* The slot of k (key NULL when absent), or NULL for an empty table. */
ak_strslot *ak_strmap_find(ak_strmap *m, const char *k);
long long ak_strmap_get(ak_strmap *m, const char *k, long long missing);
int ak_strmap_put(ak_strmap *m, const char *k, long long val); /* AK_OK or AK_ENOMEM */
void ak_strmap_free(ak_strmap *m);
#endif
