/* cache.c: a small LRU cache of recent search pages per SQLite connection. A server asks the same
 * few queries again and again; a common word costs a BM25 score for every match, a cached page
 * costs a key comparison. An entry is only served while the database is exactly as it was when it
 * was filled: `PRAGMA data_version` (changes by other connections) and sqlite3_total_changes()
 * (changes by this one) are compared on every lookup, and any difference empties the cache.
 * The same state guards what the ranking keeps per connection: document lengths, phrase document
 * counts, and decoded match lists of phrases asked before (a distinct query sharing a common word
 * with earlier ones reads its list instead of walking the doclist again). */
#include <pthread.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"

#define CACHE_SLOTS 64

/* Phrase statistics kept per database state: a common word's document count costs a walk of its
 * whole doclist, and distinct queries share their common words. Emptied with the pages. */
#define DF_SLOTS 4096
typedef struct df_slot { char *key; uint64_t hash; sqlite3_int64 df; } df_slot;

/* Decoded match lists (ak_search_list_get/put): an entry is handed out as its first member; found
 * by a chained hash of its key, evicted least recently used first. */
#define LIST_BUCKETS 1024
#define SEEN_BITS 16
typedef struct list_entry {
    ak_search_list l;
    char *key;
    size_t key_len, bytes;
    uint64_t hash;
    double w[2];
    int refs;  /* searches holding it */
    int live;  /* in the table; a dropped entry still held is freed by its last release */
    ak_search_posting *v;
    ak_search_position *pos;
    struct list_entry *chain, *newer, *older;
} list_entry;

typedef struct slot {
    char *key;       /* NULL: free */
    uint64_t hash, used;
    ak_search_page *page;
} slot;

struct ak_search_cache {
    pthread_mutex_t lock;
    sqlite3 *h;
    sqlite3_int64 version, changes; /* the database state the entries belong to */
    uint64_t tick;
    slot s[CACHE_SLOTS];
    int *len;                /* document length (tokens, all columns) by rowid, -1 unknown; NULL: not loaded */
    sqlite3_int64 n_len;
    int live;                /* len is of the snapshot ak_search is ranking in */
    sqlite3_stmt *version_st; /* PRAGMA data_version, kept prepared */
    sqlite3_stmt *st[AK_SEARCH_STMTS]; /* ak_search's statements, kept prepared (ak_search_stmts_take) */
    int st_busy;             /* taken by a search running on this connection */
    df_slot df[DF_SLOTS];    /* documents per phrase of the current database state */
    int n_df;
    list_entry *bucket[LIST_BUCKETS]; /* match lists of the current database state */
    list_entry *newest, *oldest;
    size_t list_bytes;
    uint8_t seen[1 << SEEN_BITS];  /* lookups missed per key hash (aged): who is asked again */
    size_t seen_n;
    size_t list_hits, list_misses; /* lookups served and not, since the connection opened */
    struct ak_search_cache *next;
};

int ak_search_cache_pages = 1;

/* Connection -> cache. A connection's cache is created by ak_search_register and removed by
 * SQLite itself when the connection closes (the destructor of a function registered with it), so
 * a new connection at a reused address never finds an old cache. */
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static struct ak_search_cache *registry;

void ak_search_page_free(ak_search_page *p)
{
    if (!p) return;
    free(p->hits);
    free(p->text);
    free(p);
}

static void df_clear(ak_search_cache *c)
{
    for (size_t i = 0; i < DF_SLOTS; i++) { free(c->df[i].key); c->df[i] = (df_slot){0}; }
    c->n_df = 0;
}

static void list_free(list_entry *e)
{
    sqlite3_free(e->v);
    free(e->pos);
    free(e->key);
    free(e);
}

/* Takes e out of the table (freed now unless a search holds it). */
static void list_drop(ak_search_cache *c, list_entry *e)
{
    list_entry **at = &c->bucket[e->hash % LIST_BUCKETS];
    while (*at != e) at = &(*at)->chain;
    *at = e->chain;
    if (e->newer) e->newer->older = e->older; else c->newest = e->older;
    if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
    c->list_bytes -= e->bytes;
    e->live = 0;
    if (!e->refs) list_free(e);
}

static void cache_clear(ak_search_cache *c)
{
    df_clear(c);
    while (c->oldest) list_drop(c, c->oldest);
    free(c->len);
    c->len = NULL;
    c->n_len = 0;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        free(c->s[i].key);
        ak_search_page_free(c->s[i].page);
        c->s[i] = (slot){0};
    }
}

static void ak_search_release_cache(ak_search_cache *c);

static void cache_destroy(void *p)
{
    ak_search_cache *c = p;
    pthread_mutex_lock(&registry_lock);
    for (ak_search_cache **at = &registry; *at; at = &(*at)->next)
        if (*at == c) { *at = c->next; break; }
    pthread_mutex_unlock(&registry_lock);
    ak_search_release_cache(c);
    cache_clear(c);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

static void anchor_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc; (void)argv;
    sqlite3_result_null(ctx);
}

int ak_search_cache_attach(sqlite3 *h, ak_search_cache **out)
{
    *out = NULL;
    ak_search_cache *c = calloc(1, sizeof *c);
    if (!c) return SQLITE_NOMEM;
    pthread_mutex_init(&c->lock, NULL);
    c->h = h;
    c->version = c->changes = -1;
    /* Replacing an earlier anchor (a second registration) destroys the earlier cache first. */
    int rc = sqlite3_create_function_v2(h, "ak_search_cache_anchor", 0, SQLITE_UTF8, c, anchor_fn, NULL, NULL,
                                        cache_destroy);
    if (rc != SQLITE_OK) {
        /* SQLite has already called the destructor when registration failed. */
        return rc;
    }
    pthread_mutex_lock(&registry_lock);
    c->next = registry;
    registry = c;
    pthread_mutex_unlock(&registry_lock);
    *out = c;
    return SQLITE_OK;
}

/* The connection's cache made current (emptied if the database changed), locked; NULL when the
 * connection has none. */
static ak_search_cache *cache_enter(sqlite3 *h)
{
    pthread_mutex_lock(&registry_lock);
    ak_search_cache *c = registry;
    while (c && c->h != h) c = c->next;
    pthread_mutex_unlock(&registry_lock);
    if (!c) return NULL;
    sqlite3_int64 version = -1;
    pthread_mutex_lock(&c->lock);
    if (!c->version_st)
        sqlite3_prepare_v3(h, "PRAGMA data_version", -1, SQLITE_PREPARE_PERSISTENT, &c->version_st, NULL);
    if (c->version_st && sqlite3_step(c->version_st) == SQLITE_ROW) version = sqlite3_column_int64(c->version_st, 0);
    if (c->version_st) sqlite3_reset(c->version_st);
    if (version < 0) { pthread_mutex_unlock(&c->lock); return NULL; }
    sqlite3_int64 changes = sqlite3_total_changes(h);
    if (c->version != version || c->changes != changes) {
        cache_clear(c);
        c->version = version;
        c->changes = changes;
    }
    return c;
}

static uint64_t hash_key(const char *k)
{
    uint64_t x = 1469598103934665603ULL; /* FNV-1a */
    for (; *k; k++) x = (x ^ (unsigned char)*k) * 1099511628211ULL;
    return x;
}

ak_search_page *ak_search_page_copy(const ak_search_page *p)
{
    ak_search_page *c = calloc(1, sizeof *c);
    if (!c) return NULL;
    *c = *p;
    c->hits = p->n ? malloc(p->n * sizeof *p->hits) : NULL;
    c->text = p->text_len ? malloc(p->text_len) : NULL;
    if ((p->n && !c->hits) || (p->text_len && !c->text)) { ak_search_page_free(c); return NULL; }
    if (p->n) memcpy(c->hits, p->hits, p->n * sizeof *p->hits);
    if (p->text_len) memcpy(c->text, p->text, p->text_len);
    return c;
}

ak_search_cache *ak_search_cache_lookup(sqlite3 *h, const char *key, ak_search_page **copy, ak_search_state *state)
{
    *copy = NULL;
    ak_search_cache *c = cache_enter(h);
    if (!c) return NULL;
    state->version = c->version;
    state->changes = c->changes;
    uint64_t x = hash_key(key);
    for (size_t i = 0; ak_search_cache_pages && i < CACHE_SLOTS; i++)
        if (c->s[i].key && c->s[i].hash == x && strcmp(c->s[i].key, key) == 0) {
            c->s[i].used = ++c->tick;
            *copy = ak_search_page_copy(c->s[i].page); /* a copy: the callbacks run without the lock */
            break;
        }
    pthread_mutex_unlock(&c->lock);
    return c;
}

void ak_search_cache_store(sqlite3 *h, const char *key, ak_search_page *page, const ak_search_state *state)
{
    pthread_mutex_lock(&registry_lock);
    ak_search_cache *c = registry;
    while (c && c->h != h) c = c->next;
    pthread_mutex_unlock(&registry_lock);
    char *k = c && ak_search_cache_pages ? strdup(key) : NULL;
    if (!k) { ak_search_page_free(page); return; } /* only a cache: the search itself succeeded */
    pthread_mutex_lock(&c->lock);
    /* Kept only if nothing changed since the lookup (a callback may have written, say). */
    if (c->version != state->version || c->changes != state->changes || sqlite3_total_changes(h) != state->changes) {
        pthread_mutex_unlock(&c->lock);
        free(k);
        ak_search_page_free(page);
        return;
    }
    size_t victim = 0;
    for (size_t i = 0; i < CACHE_SLOTS; i++) {
        if (!c->s[i].key) { victim = i; break; }
        if (c->s[i].used < c->s[victim].used) victim = i;
    }
    free(c->s[victim].key);
    ak_search_page_free(c->s[victim].page);
    c->s[victim] = (slot){k, hash_key(key), ++c->tick, page};
    pthread_mutex_unlock(&c->lock);
}

/* ---- document lengths for ak_bm25 (rank.c) ---- */

/* Decodes one SQLite varint of at most 4 bytes (a token count); -1 if longer or cut. */
static int get_varint(const unsigned char *p, int n, int *at)
{
    int v = 0;
    for (int k = 0; k < 4 && *at < n; k++) {
        unsigned char b = p[(*at)++];
        v = (v << 7) | (b & 0x7F);
        if (!(b & 0x80)) return v;
    }
    return -1;
}

int ak_search_docsize_len(const unsigned char *p, int n)
{
    int at = 0, sum = 0;
    while (p && at < n && sum >= 0) {
        int v = get_varint(p, n, &at);
        sum = v < 0 ? -1 : sum + v;
    }
    return p ? sum : -1;
}

int ak_search_docsize_cols(const unsigned char *p, int n, int *cols, int max)
{
    int at = 0, k = 0;
    while (p && at < n && k < max) {
        int v = get_varint(p, n, &at);
        if (v < 0) return -1;
        cols[k++] = v;
    }
    return p ? k : -1;
}

int ak_search_lengths_ready(ak_search_cache *c)
{
    pthread_mutex_lock(&c->lock);
    int ready = c->len != NULL;
    pthread_mutex_unlock(&c->lock);
    return ready;
}

/* Reads every row's length from the _docsize table (one blob of varints, a count per column). */
static int load_lengths(ak_search_cache *c, sqlite3 *h)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 max = 0;
    if (sqlite3_prepare_v2(h, "SELECT max(id) FROM articles_fts_docsize", -1, &st, NULL) != SQLITE_OK) return 0;
    if (sqlite3_step(st) == SQLITE_ROW) max = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (max <= 0 || max > (1 << 26)) return 0; /* nothing, or too sparse to hold as an array */
    int *len = malloc((size_t)(max + 1) * sizeof *len);
    if (!len) return 0;
    memset(len, 0xFF, (size_t)(max + 1) * sizeof *len); /* -1 */
    if (sqlite3_prepare_v2(h, "SELECT id, sz FROM articles_fts_docsize", -1, &st, NULL) != SQLITE_OK) { free(len); return 0; }
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_blob(st, 1);
        if (id >= 0 && id <= max) len[id] = ak_search_docsize_len(p, sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    c->len = len;
    c->n_len = max + 1;
    return 1;
}

int ak_search_lengths_begin(ak_search_cache *c, sqlite3 *h)
{
    pthread_mutex_lock(&c->lock);
    if (!c->len) load_lengths(c, h);
    c->live = c->len != NULL;
    pthread_mutex_unlock(&c->lock);
    return c->live;
}

void ak_search_lengths_end(ak_search_cache *c)
{
    pthread_mutex_lock(&c->lock);
    c->live = 0;
    pthread_mutex_unlock(&c->lock);
}

int ak_search_doc_length(void *cache, sqlite3_int64 rowid)
{
    ak_search_cache *c = cache;
    if (!c || !c->live || rowid < 0 || rowid >= c->n_len) return -1;
    return c->len[rowid];
}

/* ---- statements kept prepared per connection ---- */

static ak_search_cache *cache_of(sqlite3 *h)
{
    pthread_mutex_lock(&registry_lock);
    ak_search_cache *c = registry;
    while (c && c->h != h) c = c->next;
    pthread_mutex_unlock(&registry_lock);
    return c;
}

sqlite3_stmt **ak_search_stmts_take(sqlite3 *h)
{
    ak_search_cache *c = cache_of(h);
    if (!c) return NULL;
    pthread_mutex_lock(&c->lock);
    int free_now = !c->st_busy;
    c->st_busy = 1;
    pthread_mutex_unlock(&c->lock);
    return free_now ? c->st : NULL;
}

void ak_search_stmts_give(sqlite3 *h, sqlite3_stmt **st)
{
    if (!st) return;
    ak_search_cache *c = cache_of(h);
    for (int i = 0; i < AK_SEARCH_STMTS; i++)
        if (st[i]) { sqlite3_reset(st[i]); sqlite3_clear_bindings(st[i]); } /* no snapshot or pointer kept */
    pthread_mutex_lock(&c->lock);
    c->st_busy = 0;
    pthread_mutex_unlock(&c->lock);
}

/* Statements on a connection that is still open: finalized when it closes or gets a new cache. */
static void ak_search_release_cache(ak_search_cache *c)
{
    pthread_mutex_lock(&c->lock);
    for (int i = 0; i < AK_SEARCH_STMTS; i++) { sqlite3_finalize(c->st[i]); c->st[i] = NULL; }
    sqlite3_finalize(c->version_st);
    c->version_st = NULL;
    pthread_mutex_unlock(&c->lock);
}

void ak_search_release(void *handle)
{
    ak_search_cache *c = handle ? cache_of(handle) : NULL;
    if (c) ak_search_release_cache(c);
}

/* ---- phrase document counts ---- */

static uint64_t hash_n(const char *k, size_t n)
{
    uint64_t x = 1469598103934665603ULL; /* FNV-1a */
    for (size_t i = 0; i < n; i++) x = (x ^ (unsigned char)k[i]) * 1099511628211ULL;
    return x;
}

int ak_search_df_get(ak_search_cache *c, const char *key, size_t n, sqlite3_int64 *df)
{
    uint64_t x = hash_n(key, n);
    int found = 0;
    pthread_mutex_lock(&c->lock);
    for (size_t i = x % DF_SLOTS, k = 0; k < DF_SLOTS && c->df[i].key; i = (i + 1) % DF_SLOTS, k++)
        if (c->df[i].hash == x && strlen(c->df[i].key) == n && memcmp(c->df[i].key, key, n) == 0) {
            *df = c->df[i].df;
            found = 1;
            break;
        }
    pthread_mutex_unlock(&c->lock);
    return found;
}

void ak_search_df_put(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n, sqlite3_int64 df)
{
    uint64_t x = hash_n(key, n);
    pthread_mutex_lock(&c->lock);
    /* Only under the state the count was made in; a full table starts again (linear probing). */
    if (c->version == state->version && c->changes == state->changes) {
        if (2 * (c->n_df + 1) > DF_SLOTS) df_clear(c);
        size_t i = x % DF_SLOTS;
        while (c->df[i].key && !(c->df[i].hash == x && strlen(c->df[i].key) == n && memcmp(c->df[i].key, key, n) == 0))
            i = (i + 1) % DF_SLOTS;
        if (!c->df[i].key) {
            char *k = malloc(n + 1);
            if (k) {
                memcpy(k, key, n);
                k[n] = 0;
                c->df[i] = (df_slot){k, x, df};
                c->n_df++;
            }
        }
    }
    pthread_mutex_unlock(&c->lock);
}

/* ---- decoded match lists ---- */

/* 32 MB a connection: the lists of the 15-20 commonest words with their positions, or hundreds of
 * less common ones (a list costs 24 bytes a row and 8 a position kept). */
size_t ak_search_list_cache_max = (size_t)32 << 20;
size_t ak_search_list_min = AK_SEARCH_LIST_MIN;
int ak_search_list_admit = 2;

AK_API void ak_search_set_list_cache_mb(size_t mb)
{
    ak_search_list_cache_max = mb << 20;
}

static uint64_t hash_n(const char *k, size_t n);

static int same_state(const ak_search_cache *c, const ak_search_state *state)
{
    return c->version == state->version && c->changes == state->changes;
}

static list_entry *list_find(const ak_search_cache *c, uint64_t x, const char *key, size_t n, const double w[2])
{
    for (list_entry *e = c->bucket[x % LIST_BUCKETS]; e; e = e->chain)
        if (e->hash == x && e->key_len == n && e->w[0] == w[0] && e->w[1] == w[1] && memcmp(e->key, key, n) == 0)
            return e;
    return NULL;
}

static void lru_front(ak_search_cache *c, list_entry *e)
{
    if (c->newest == e) return;
    if (e->newer) e->newer->older = e->older; /* unlink (e is in the list) */
    if (e->older) e->older->newer = e->newer; else c->oldest = e->newer;
    e->older = c->newest;
    e->newer = NULL;
    if (c->newest) c->newest->newer = e;
    c->newest = e;
    if (!c->oldest) c->oldest = e;
}

/* Notes a missed lookup of a key; the counts halve now and then, so they follow recent queries. */
static void seen_bump(ak_search_cache *c, uint64_t x)
{
    uint8_t *s = &c->seen[x >> (64 - SEEN_BITS)];
    if (*s < 255) (*s)++;
    if (++c->seen_n >= 4u << SEEN_BITS) {
        for (size_t i = 0; i < sizeof c->seen; i++) c->seen[i] /= 2;
        c->seen_n /= 2;
    }
}

const ak_search_list *ak_search_list_get(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], int need_pos)
{
    if (!c || !ak_search_list_cache_max) return NULL;
    uint64_t x = hash_n(key, n);
    pthread_mutex_lock(&c->lock);
    list_entry *e = same_state(c, state) ? list_find(c, x, key, n, w) : NULL;
    if (e && (!need_pos || e->l.pos_state)) {
        e->refs++;
        lru_front(c, e);
        c->list_hits++;
    } else {
        e = NULL;
        c->list_misses++;
        seen_bump(c, x);
    }
    pthread_mutex_unlock(&c->lock);
    return e ? &e->l : NULL;
}

void ak_search_list_release(ak_search_cache *c, const ak_search_list *l)
{
    if (!l) return;
    list_entry *e = (list_entry *)l;
    pthread_mutex_lock(&c->lock);
    int gone = --e->refs == 0 && !e->live;
    pthread_mutex_unlock(&c->lock);
    if (gone) list_free(e);
}

static unsigned seen_of(const ak_search_cache *c, uint64_t x)
{
    return c->seen[x >> (64 - SEEN_BITS)];
}

/* Makes room for bytes more by dropping entries no search holds, the least often asked first (the
 * least recently used among equals), but only ones asked less often than the newcomer (asked):
 * a common word's list stays while rarer words come and go. 0 if the room cannot be made. */
static int list_make_room(ak_search_cache *c, size_t bytes, size_t budget, unsigned asked)
{
    while (c->list_bytes + bytes > budget) {
        list_entry *victim = NULL;
        for (list_entry *e = c->oldest; e; e = e->newer)
            if (!e->refs && (!victim || seen_of(c, e->hash) < seen_of(c, victim->hash))) victim = e;
        if (!victim || seen_of(c, victim->hash) > asked) return 0;
        list_drop(c, victim);
    }
    return 1;
}

const ak_search_list *ak_search_list_put(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                         ak_search_position *pos, uint32_t npos, int pos_state)
{
    size_t budget = ak_search_list_cache_max;
    size_t bytes = sizeof(list_entry) + n + (size_t)rows * sizeof *v + (pos_state == 1 ? npos * sizeof *pos : 0);
    if (!c || (size_t)rows < ak_search_list_min || bytes > budget || (pos_state == 1) != (pos != NULL)) return NULL;
    uint64_t x = hash_n(key, n);
    list_entry *e = calloc(1, sizeof *e);
    char *k = malloc(n + 1);
    if (!e || !k) { free(e); free(k); return NULL; }
    memcpy(k, key, n);
    k[n] = 0;
    int ok = 0;
    pthread_mutex_lock(&c->lock);
    /* Only lists asked for before (a word in one query only is most words: not worth the room). */
    if (same_state(c, state) && seen_of(c, x) >= (unsigned)ak_search_list_admit) {
        list_entry *old = list_find(c, x, key, n, w); /* one without positions, now walked with them */
        if (old) list_drop(c, old);
        ok = list_make_room(c, bytes, budget, seen_of(c, x));
    }
    if (ok) {
        *e = (list_entry){{v, rows, pos, npos, pos_state}, k, n, bytes, x, {w[0], w[1]}, 1, 1, v, pos,
                          c->bucket[x % LIST_BUCKETS], NULL, c->newest};
        c->bucket[x % LIST_BUCKETS] = e;
        if (c->newest) c->newest->newer = e;
        c->newest = e;
        if (!c->oldest) c->oldest = e;
        c->list_bytes += bytes;
    }
    pthread_mutex_unlock(&c->lock);
    if (!ok) { free(e); free(k); return NULL; }
    return &e->l;
}

size_t ak_search_list_cache_stats(sqlite3 *h, size_t *hits, size_t *misses)
{
    ak_search_cache *c = cache_of(h);
    if (!c) { *hits = *misses = 0; return 0; }
    pthread_mutex_lock(&c->lock);
    size_t b = c->list_bytes;
    *hits = c->list_hits;
    *misses = c->list_misses;
    pthread_mutex_unlock(&c->lock);
    return b;
}
