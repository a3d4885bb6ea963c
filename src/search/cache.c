/* cache.c: a small LRU cache of recent search pages per SQLite connection. A server asks the same
 * few queries again and again; a common word costs a BM25 score for every match, a cached page
 * costs a key comparison. An entry is only served while the database is exactly as it was when it
 * was filled: `PRAGMA data_version` (changes by other connections) and sqlite3_total_changes()
 * (changes by this one) are compared on every lookup, and any difference empties the cache.
 * What the ranking keeps is of the index alone, and shared by every connection of the process to
 * the same database file (list_group): the decoded match lists of phrases asked before (a distinct
 * query sharing a common word with earlier ones reads its list instead of walking the doclist
 * again), phrase document counts and document lengths. They are stamped with the index's
 * generation (the search_stamp row, bumped in the same transaction as every change to the index),
 * read in the search's own snapshot: data_version and total_changes are per connection, so they
 * cannot tell two connections that they read the same index. */
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "akhbar.h"
#include "search/search_internal.h"

#define CACHE_SLOTS 64

/* Phrase statistics kept per index generation, shared like the lists (list_group): a common word's
 * document count costs a walk of its whole doclist, and distinct queries share their common words. */
#define DF_SLOTS 16384
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
    unsigned char *raw;
    struct list_entry *chain, *newer, *older;
} list_entry;

/* Document lengths (tokens, all columns) by rowid, -1 unknown, of one index generation (gen; -1:
 * of one connection's state, not shared). Counted: the group and each connection using it. */
typedef struct len_block { int refs; sqlite3_int64 gen, n; int v[]; } len_block;

/* The match lists of one database file, shared by the process's connections to it (found by device
 * and inode: a connection keeps reading the file it opened, so while one is attached the inode
 * cannot name another file). Holds the lists of one index generation at a time, the newest a
 * search has seen; a search in an older snapshot neither reads nor adds. Its lock is held only
 * around a lookup, an insertion or a release: an entry is immutable once in, and counted while a
 * search holds it, so rankings read it without the lock. */
typedef struct list_group {
    pthread_mutex_t lock;
    dev_t dev;
    ino_t ino;
    int shared;            /* in the registry (a file); else one connection's own (in memory) */
    int refs;              /* connections attached */
    sqlite3_int64 gen;     /* index generation of the entries; -1: none yet */
    list_entry *bucket[LIST_BUCKETS];
    list_entry *newest, *oldest;
    size_t list_bytes;
    uint8_t seen[1 << SEEN_BITS];  /* lookups missed per key hash (aged): who is asked again */
    size_t seen_n;
    len_block *lens;       /* the newest generation's document lengths a connection loaded */
    df_slot df[DF_SLOTS];  /* documents per phrase, of generation gen */
    int n_df;
    struct list_group *next;
} list_group;

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
    len_block *lb;           /* document lengths of this state (shared through g); NULL: not loaded */
    int live;                /* len is of the snapshot ak_search is ranking in */
    sqlite3_stmt *version_st; /* PRAGMA data_version, kept prepared */
    sqlite3_stmt *gen_st;     /* the index generation (search_stamp), kept prepared */
    sqlite3_stmt *txn_st[3];  /* BEGIN, COMMIT, ROLLBACK (ak_search_txn), kept prepared */
    sqlite3_int64 gen;        /* as read by the last lookup, in its snapshot; -1 unknown */
    sqlite3_int64 gen_kept;   /* the generation the entries are of (-1: unknown) */
    sqlite3_stmt *st[AK_SEARCH_STMTS]; /* ak_search's statements, kept prepared (ak_search_stmts_take) */
    int st_busy;             /* taken by a search running on this connection */
    ak_doclist *dl;          /* doclist.c's reader (its buffers), used with the statements */
    list_group *g;           /* the match lists shared with other connections to the file */
    size_t list_hits, list_misses; /* this connection's lookups served and not (under g's lock) */
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

static void df_clear(list_group *g)
{
    for (size_t i = 0; g->n_df && i < DF_SLOTS; i++) { free(g->df[i].key); g->df[i] = (df_slot){0}; }
    g->n_df = 0;
}

static void list_free(list_entry *e)
{
    sqlite3_free(e->v);
    free(e->pos);
    free(e->raw);
    free(e->key);
    free(e);
}

/* Takes e out of the table (freed now unless a search holds it). */
static void list_drop(list_group *g, list_entry *e)
{
    list_entry **at = &g->bucket[e->hash % LIST_BUCKETS];
    while (*at != e) at = &(*at)->chain;
    *at = e->chain;
    if (e->newer) e->newer->older = e->older; else g->newest = e->older;
    if (e->older) e->older->newer = e->newer; else g->oldest = e->newer;
    g->list_bytes -= e->bytes;
    e->live = 0;
    if (!e->refs) list_free(e);
}

/* ---- list groups: one per database file, shared by the connections to it ---- */

static void len_release(list_group *g, len_block *b);

static pthread_mutex_t group_lock = PTHREAD_MUTEX_INITIALIZER;
static list_group *groups;

/* The group of h's main database file (a new one if none), or a group of h's own for a database
 * with no file (in memory, temporary); NULL when out of memory. */
static list_group *group_attach(sqlite3 *h)
{
    const char *path = sqlite3_db_filename(h, "main");
    struct stat st;
    int shared = path && *path && stat(path, &st) == 0;
    pthread_mutex_lock(&group_lock);
    list_group *g = groups;
    while (shared && g && !(g->dev == st.st_dev && g->ino == st.st_ino)) g = g->next;
    if (!shared || !g) {
        g = calloc(1, sizeof *g);
        if (g) {
            pthread_mutex_init(&g->lock, NULL);
            g->gen = -1;
            g->shared = shared;
            if (shared) {
                g->dev = st.st_dev;
                g->ino = st.st_ino;
                g->next = groups;
                groups = g;
            }
        }
    }
    if (g) {
        pthread_mutex_lock(&g->lock); /* refs sets the bound (list_put reads it under g's lock) */
        g->refs++;
        pthread_mutex_unlock(&g->lock);
    }
    pthread_mutex_unlock(&group_lock);
    return g;
}

/* A connection leaves its group; the last one frees it (no search runs then: none holds a list). */
static void group_detach(list_group *g)
{
    if (!g) return;
    pthread_mutex_lock(&group_lock);
    pthread_mutex_lock(&g->lock);
    int last = --g->refs == 0;
    pthread_mutex_unlock(&g->lock);
    if (last && g->shared)
        for (list_group **at = &groups; *at; at = &(*at)->next)
            if (*at == g) { *at = g->next; break; }
    pthread_mutex_unlock(&group_lock);
    if (!last) return;
    while (g->oldest) list_drop(g, g->oldest);
    df_clear(g);
    len_release(g, g->lens);
    pthread_mutex_destroy(&g->lock);
    free(g);
}

/* Drops a hold on b (under g's lock: other connections hold it too); the last frees it. */
static void len_release(list_group *g, len_block *b)
{
    if (!b) return;
    pthread_mutex_lock(&g->lock);
    int gone = --b->refs == 0;
    pthread_mutex_unlock(&g->lock);
    if (gone) free(b);
}

static void cache_clear(ak_search_cache *c)
{
    len_release(c->g, c->lb);
    c->lb = NULL;
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
    group_detach(c->g);
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
    c->version = c->changes = c->gen = c->gen_kept = -1;
    c->g = group_attach(h);
    if (!c->g) { pthread_mutex_destroy(&c->lock); free(c); return SQLITE_NOMEM; }
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
    /* The index generation, in the caller's snapshot (the statement starts its read transaction if
     * the caller's BEGIN has not yet). A database without the row (not migrated) shares no lists. */
    c->gen = -1;
    if (!c->gen_st)
        sqlite3_prepare_v3(h, "SELECT gen FROM search_stamp WHERE id = 1", -1, SQLITE_PREPARE_PERSISTENT, &c->gen_st, NULL);
    if (c->gen_st && sqlite3_step(c->gen_st) == SQLITE_ROW) c->gen = sqlite3_column_int64(c->gen_st, 0);
    if (c->gen_st) sqlite3_reset(c->gen_st);
    /* data_version may be read before the snapshot starts: a commit between the two would leave
     * entries of the previous index under an unchanged version. The generation is of the snapshot. */
    if (c->gen != c->gen_kept) {
        if (c->gen_kept >= 0) cache_clear(c);
        c->gen_kept = c->gen;
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
    state->gen = c->gen;
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

/* Under c's lock: takes the group's lengths when they are of this search's index generation. */
static void lengths_from_group(ak_search_cache *c)
{
    if (c->lb || c->gen < 0) return;
    list_group *g = c->g;
    pthread_mutex_lock(&g->lock);
    if (g->lens && g->lens->gen == c->gen) {
        g->lens->refs++;
        c->lb = g->lens;
    }
    pthread_mutex_unlock(&g->lock);
}

int ak_search_lengths_ready(ak_search_cache *c)
{
    pthread_mutex_lock(&c->lock);
    lengths_from_group(c);
    int ready = c->lb != NULL;
    pthread_mutex_unlock(&c->lock);
    return ready;
}

size_t ak_search_lengths_loads;

/* Reads every row's length from the _docsize table (one blob of varints, a count per column), in
 * the caller's snapshot, of index generation gen. NULL when not worth it or out of memory. */
static len_block *load_lengths(sqlite3 *h, sqlite3_int64 gen)
{
    sqlite3_stmt *st = NULL;
    sqlite3_int64 max = 0;
    if (sqlite3_prepare_v2(h, "SELECT max(id) FROM articles_fts_docsize", -1, &st, NULL) != SQLITE_OK) return NULL;
    if (sqlite3_step(st) == SQLITE_ROW) max = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (max <= 0 || max > (1 << 26)) return NULL; /* nothing, or too sparse to hold as an array */
    len_block *b = malloc(sizeof *b + (size_t)(max + 1) * sizeof *b->v);
    if (!b) return NULL;
    *b = (len_block){1, gen, max + 1};
    memset(b->v, 0xFF, (size_t)(max + 1) * sizeof *b->v); /* -1 */
    if (sqlite3_prepare_v2(h, "SELECT id, sz FROM articles_fts_docsize", -1, &st, NULL) != SQLITE_OK) { free(b); return NULL; }
    while (sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(st, 0);
        const unsigned char *p = sqlite3_column_blob(st, 1);
        if (id >= 0 && id <= max) b->v[id] = ak_search_docsize_len(p, sqlite3_column_bytes(st, 1));
    }
    sqlite3_finalize(st);
    __atomic_add_fetch(&ak_search_lengths_loads, 1, __ATOMIC_RELAXED);
    return b;
}

/* Lengths are of the index alone, so one load serves every connection to the file at the same
 * generation: after a write, the first search that needs them loads them for all. */
int ak_search_lengths_begin(ak_search_cache *c, sqlite3 *h)
{
    pthread_mutex_lock(&c->lock);
    lengths_from_group(c);
    if (!c->lb && (c->lb = load_lengths(h, c->gen)) != NULL && c->gen >= 0) {
        list_group *g = c->g;
        len_block *old = NULL;
        pthread_mutex_lock(&g->lock);
        if (!g->lens || g->lens->gen < c->gen) { /* the newest generation's, for the others */
            old = g->lens;
            c->lb->refs++;
            g->lens = c->lb;
        }
        int gone = old && --old->refs == 0;
        pthread_mutex_unlock(&g->lock);
        if (gone) free(old);
    }
    c->live = c->lb != NULL;
    pthread_mutex_unlock(&c->lock);
    return c->live;
}

void ak_search_lengths_end(ak_search_cache *c)
{
    pthread_mutex_lock(&c->lock);
    c->live = 0;
    pthread_mutex_unlock(&c->lock);
}

const int *ak_search_lengths_array(ak_search_cache *c, sqlite3_int64 *n)
{
    if (!c || !c->live) { *n = 0; return NULL; }
    *n = c->lb->n;
    return c->lb->v;
}

int ak_search_doc_length(void *cache, sqlite3_int64 rowid)
{
    ak_search_cache *c = cache;
    if (!c || !c->live || rowid < 0 || rowid >= c->lb->n) return -1;
    return c->lb->v[rowid];
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
    sqlite3_finalize(c->gen_st);
    c->gen_st = NULL;
    for (int i = 0; i < 3; i++) { sqlite3_finalize(c->txn_st[i]); c->txn_st[i] = NULL; }
    ak_doclist_free(c->dl);
    c->dl = NULL;
    pthread_mutex_unlock(&c->lock);
}

int ak_search_txn(sqlite3 *h, int which)
{
    static const char *const sql[3] = {"BEGIN", "COMMIT", "ROLLBACK"};
    if (which < 0 || which > 2) return SQLITE_MISUSE;
    ak_search_cache *c = cache_of(h);
    if (!c) return sqlite3_exec(h, sql[which], NULL, NULL, NULL);
    pthread_mutex_lock(&c->lock);
    sqlite3_stmt **st = &c->txn_st[which];
    int rc = *st ? SQLITE_OK : sqlite3_prepare_v3(h, sql[which], -1, SQLITE_PREPARE_PERSISTENT, st, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_step(*st);
        rc = sqlite3_reset(*st); /* the step's error, or SQLITE_OK after SQLITE_DONE */
    }
    pthread_mutex_unlock(&c->lock);
    return rc;
}

ak_doclist **ak_search_stmts_doclist(sqlite3_stmt **kept)
{
    /* kept is the st array of a cache (ak_search_stmts_take hands out nothing else) */
    ak_search_cache *c = (ak_search_cache *)(void *)((char *)kept - offsetof(ak_search_cache, st));
    return &c->dl;
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

static int group_at(list_group *g, sqlite3_int64 gen);

static df_slot *df_find(list_group *g, uint64_t x, const char *key, size_t n)
{
    for (size_t i = x % DF_SLOTS, k = 0; k < DF_SLOTS; i = (i + 1) % DF_SLOTS, k++)
        if (!g->df[i].key || (g->df[i].hash == x && strlen(g->df[i].key) == n && memcmp(g->df[i].key, key, n) == 0))
            return &g->df[i]; /* its slot, or the free one where it would go (the table stays half empty) */
    return NULL;
}

int ak_search_df_get(ak_search_cache *c, const char *key, size_t n, sqlite3_int64 *df)
{
    uint64_t x = hash_n(key, n);
    list_group *g = c->g;
    int found = 0;
    pthread_mutex_lock(&g->lock);
    df_slot *d = group_at(g, c->gen) ? df_find(g, x, key, n) : NULL;
    if (d && d->key) {
        *df = d->df;
        found = 1;
    }
    pthread_mutex_unlock(&g->lock);
    return found;
}

void ak_search_df_put(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n, sqlite3_int64 df)
{
    uint64_t x = hash_n(key, n);
    list_group *g = c->g;
    char *k = malloc(n + 1);
    if (!k) return;
    memcpy(k, key, n);
    k[n] = 0;
    pthread_mutex_lock(&g->lock);
    /* Only under the generation the count was made in; a full table starts again (linear probing). */
    if (group_at(g, state->gen)) {
        if (2 * (g->n_df + 1) > DF_SLOTS) df_clear(g);
        df_slot *d = df_find(g, x, key, n);
        if (d && !d->key) {
            *d = (df_slot){k, x, df};
            g->n_df++;
            k = NULL;
        }
    }
    pthread_mutex_unlock(&g->lock);
    free(k);
}

/* ---- decoded match lists (shared by the connections to one file: list_group) ---- */

/* 32 MB per connection attached to the file, pooled in its one cache, at most LIST_POOL connections'
 * worth (the server's four readers: 128 MB, what four caches of their own held): the lists of the
 * commonest words with their positions and hundreds of less common ones (24 bytes a row, 4 a
 * position kept). Never more memory than a cache per connection, and each list once. */
#define LIST_POOL 4
size_t ak_search_list_cache_max = (size_t)32 << 20;
size_t ak_search_list_min = AK_SEARCH_LIST_MIN;
int ak_search_list_admit = 2;

AK_API void ak_search_set_list_cache_mb(size_t mb)
{
    ak_search_list_cache_max = mb << 20;
}

/* Under g's lock: 1 when g holds (or now starts holding) lists of the generation gen. A newer
 * generation than g's empties it: the index changed and every list may be stale (a list still
 * held is freed by its last release). An older one (a search in an earlier snapshot) gets 0. */
static int group_at(list_group *g, sqlite3_int64 gen)
{
    if (gen < 0 || gen < g->gen) return 0;
    if (gen > g->gen) {
        while (g->oldest) list_drop(g, g->oldest);
        df_clear(g);
        g->gen = gen;
    }
    return 1;
}

static list_entry *list_find(const list_group *g, uint64_t x, const char *key, size_t n, const double w[2])
{
    for (list_entry *e = g->bucket[x % LIST_BUCKETS]; e; e = e->chain)
        if (e->hash == x && e->key_len == n && e->w[0] == w[0] && e->w[1] == w[1] && memcmp(e->key, key, n) == 0)
            return e;
    return NULL;
}

static void lru_front(list_group *g, list_entry *e)
{
    if (g->newest == e) return;
    if (e->newer) e->newer->older = e->older; /* unlink (e is in the list) */
    if (e->older) e->older->newer = e->newer; else g->oldest = e->newer;
    e->older = g->newest;
    e->newer = NULL;
    if (g->newest) g->newest->newer = e;
    g->newest = e;
    if (!g->oldest) g->oldest = e;
}

/* Notes a missed lookup of a key; the counts halve now and then, so they follow recent queries. */
static void seen_bump(list_group *g, uint64_t x)
{
    uint8_t *s = &g->seen[x >> (64 - SEEN_BITS)];
    if (*s < 255) (*s)++;
    if (++g->seen_n >= 4u << SEEN_BITS) {
        for (size_t i = 0; i < sizeof g->seen; i++) g->seen[i] /= 2;
        g->seen_n /= 2;
    }
}

const ak_search_list *ak_search_list_get(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], int need_pos)
{
    if (!c || !ak_search_list_cache_max) return NULL;
    list_group *g = c->g;
    uint64_t x = hash_n(key, n);
    pthread_mutex_lock(&g->lock);
    list_entry *e = group_at(g, state->gen) ? list_find(g, x, key, n, w) : NULL;
    if (e && (!need_pos || e->l.pos_state)) {
        e->refs++;
        lru_front(g, e);
        c->list_hits++;
    } else {
        e = NULL;
        c->list_misses++;
        seen_bump(g, x);
    }
    pthread_mutex_unlock(&g->lock);
    return e ? &e->l : NULL;
}

void ak_search_list_release(ak_search_cache *c, const ak_search_list *l)
{
    if (!l) return;
    list_entry *e = (list_entry *)l;
    list_group *g = c->g;
    pthread_mutex_lock(&g->lock);
    int gone = --e->refs == 0 && !e->live;
    pthread_mutex_unlock(&g->lock);
    if (gone) list_free(e);
}

static unsigned seen_of(const list_group *g, uint64_t x)
{
    return g->seen[x >> (64 - SEEN_BITS)];
}

/* Makes room for bytes more by dropping entries no search holds, the least often asked first (the
 * least recently used among equals), but only ones asked less often than the newcomer (asked):
 * a common word's list stays while rarer words come and go. 0 if the room cannot be made. Only
 * the LIST_SCAN least recently used are looked at: the lock is held meanwhile, and a pool of
 * 128 MB holds thousands of lists. */
#define LIST_SCAN 64
static int list_make_room(list_group *g, size_t bytes, size_t budget, unsigned asked)
{
    while (g->list_bytes + bytes > budget) {
        list_entry *victim = NULL;
        int k = 0;
        for (list_entry *e = g->oldest; e && k < LIST_SCAN; e = e->newer, k++)
            if (!e->refs && (!victim || seen_of(g, e->hash) < seen_of(g, victim->hash))) victim = e;
        if (!victim || seen_of(g, victim->hash) > asked) return 0;
        list_drop(g, victim);
    }
    return 1;
}

int ak_search_list_wanted(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n,
                          sqlite3_int64 rows)
{
    if (!c || !ak_search_list_cache_max || (size_t)rows < ak_search_list_min || state->gen < 0) return 0;
    list_group *g = c->g;
    uint64_t x = hash_n(key, n);
    pthread_mutex_lock(&g->lock);
    int ok = state->gen >= g->gen && seen_of(g, x) >= (unsigned)ak_search_list_admit; /* as put decides */
    pthread_mutex_unlock(&g->lock);
    return ok;
}

static const ak_search_list *list_put(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n,
                                      const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                      ak_search_position *pos, uint32_t npos, int pos_state, unsigned char *raw,
                                      size_t raw_bytes)
{
    size_t budget = ak_search_list_cache_max; /* times the connections sharing, below */
    size_t bytes = sizeof(list_entry) + n + (size_t)rows * sizeof *v + (pos_state == 1 ? npos * sizeof *pos : 0) +
                   (pos_state == 3 ? raw_bytes : 0);
    if (!c || (size_t)rows < ak_search_list_min || bytes > LIST_POOL * budget || (pos_state == 1) != (pos != NULL) ||
        (pos_state == 3) != (raw != NULL))
        return NULL;
    list_group *g = c->g;
    uint64_t x = hash_n(key, n);
    list_entry *e = calloc(1, sizeof *e);
    char *k = malloc(n + 1);
    if (!e || !k) { free(e); free(k); return NULL; }
    memcpy(k, key, n);
    k[n] = 0;
    int ok = 0;
    pthread_mutex_lock(&g->lock);
    budget *= (size_t)(g->refs < LIST_POOL ? g->refs : LIST_POOL);
    /* Only lists asked for before (a word in one query only is most words: not worth the room),
     * and only of the generation the group holds (this search's snapshot is the newest seen). */
    if (group_at(g, state->gen) && seen_of(g, x) >= (unsigned)ak_search_list_admit) {
        /* One kept without positions is replaced by this walk with them; one another connection
         * kept meanwhile (the same list: the same generation) stays unless this one has more. */
        list_entry *old = list_find(g, x, key, n, w);
        int keep_old = old && (old->l.pos_state || !pos_state);
        if (old && !keep_old) list_drop(g, old);
        ok = !keep_old && list_make_room(g, bytes, budget, seen_of(g, x));
    }
    if (ok) {
        *e = (list_entry){{v, rows, pos, npos, pos_state, raw}, k, n, bytes, x, {w[0], w[1]}, 1, 1, v, pos, raw,
                          g->bucket[x % LIST_BUCKETS], NULL, g->newest};
        g->bucket[x % LIST_BUCKETS] = e;
        if (g->newest) g->newest->newer = e;
        g->newest = e;
        if (!g->oldest) g->oldest = e;
        g->list_bytes += bytes;
    }
    pthread_mutex_unlock(&g->lock);
    if (!ok) { free(e); free(k); return NULL; }
    return &e->l;
}

const ak_search_list *ak_search_list_put(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                         ak_search_position *pos, uint32_t npos, int pos_state)
{
    return pos_state == 3 ? NULL : list_put(c, state, key, n, w, v, rows, pos, npos, pos_state, NULL, 0);
}

const ak_search_list *ak_search_list_put_raw(ak_search_cache *c, const ak_search_state *state, const char *key,
                                             size_t n, const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                             unsigned char *raw, size_t raw_bytes)
{
    return list_put(c, state, key, n, w, v, rows, NULL, 0, 3, raw, raw_bytes);
}

size_t ak_search_list_cache_stats(sqlite3 *h, size_t *hits, size_t *misses)
{
    ak_search_cache *c = cache_of(h);
    if (!c) { *hits = *misses = 0; return 0; }
    pthread_mutex_lock(&c->g->lock);
    size_t b = c->g->list_bytes;
    *hits = c->list_hits;
    *misses = c->list_misses;
    pthread_mutex_unlock(&c->g->lock);
    return b;
}
