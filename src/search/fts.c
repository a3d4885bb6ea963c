/* fts.c: the FTS5 tokenizer "akhbar" (the analyzer of analyze.c behind the FTS5 tokenizer API),
 * registered on a connection through the fts5_api pointer that `SELECT fts5(?1)` hands out. */
#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "util/error.h"

typedef struct tokenizer { unsigned opts; ak_pretok_slot *slot; } tokenizer;

/* Arguments: "stem 0|1" and "variants 0|1" (both 1 by default), for the relevance ablations. */
static int tok_create(void *slot, const char **argv, int argc, Fts5Tokenizer **out)
{
    unsigned opts = AK_SA_DEFAULT;
    for (int i = 0; i + 1 < argc; i += 2) {
        unsigned bit = strcmp(argv[i], "stem") == 0 ? AK_SA_STEM : strcmp(argv[i], "variants") == 0 ? AK_SA_VARIANTS : 0;
        if (!bit || (strcmp(argv[i + 1], "0") != 0 && strcmp(argv[i + 1], "1") != 0)) return SQLITE_ERROR;
        opts = argv[i + 1][0] == '1' ? opts | bit : opts & ~bit;
    }
    if (argc % 2) return SQLITE_ERROR;
    tokenizer *t = malloc(sizeof *t);
    if (!t) return SQLITE_NOMEM;
    t->opts = opts;
    t->slot = slot;
    *out = (Fts5Tokenizer *)t;
    return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t) { free(t); }

typedef struct fts_ctx {
    void *ctx;
    int (*token)(void *, int, const char *, int, int, int);
} fts_ctx;

static int pass_term(void *c, int colocated, const char *term, size_t n, size_t bs, size_t be)
{
    fts_ctx *f = c;
    return f->token(f->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, term, (int)n, (int)bs, (int)be);
}

static int tok_tokenize(Fts5Tokenizer *tk, void *ctx, int flags, const char *text, int n,
                        int (*token)(void *, int, const char *, int, int, int))
{
    tokenizer *t = (tokenizer *)tk;
    unsigned opts = t->opts;
    if (flags & FTS5_TOKENIZE_QUERY) opts |= AK_SA_QUERY;
    if (flags & FTS5_TOKENIZE_AUX) opts |= AK_SA_OFFSETS; /* snippets: positions only */
    fts_ctx f = {ctx, token};
    int rc;
    if (flags == FTS5_TOKENIZE_DOCUMENT && opts == AK_SA_DEFAULT && t->slot && t->slot->active && text && n > 0 &&
        ak_pretok_replay(t->slot->active, text, (size_t)n, pass_term, &f, &rc))
        return rc;
    return ak_search_analyze(text ? text : "", n > 0 ? (size_t)n : 0, opts, pass_term, &f);
}

AK_API int ak_search_register(void *handle) { return ak_search_register_slot(handle, NULL); }

int ak_search_register_slot(sqlite3 *db, ak_pretok_slot *slot)
{
    if (!db) return ak_set_error(AK_EINVAL, "search: no database");
    fts5_api *api = NULL;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &q, NULL) != SQLITE_OK)
        return ak_set_error(AK_EDB, "search: this SQLite has no FTS5: %s", sqlite3_errmsg(db));
    sqlite3_bind_pointer(q, 1, &api, "fts5_api_ptr", NULL);
    sqlite3_step(q);
    sqlite3_finalize(q);
    if (!api || api->iVersion < 2) return ak_set_error(AK_EDB, "search: FTS5 API not available");
    fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
    ak_search_cache *cache = NULL;
    if (api->xCreateTokenizer(api, "akhbar", slot, &tok, NULL) != SQLITE_OK ||
        ak_search_register_snippet(api) != SQLITE_OK || ak_search_cache_attach(db, &cache) != SQLITE_OK ||
        ak_search_register_rank(api, cache) != SQLITE_OK ||
        ak_search_register_topk(api) != SQLITE_OK || ak_search_register_page_fn(db) != SQLITE_OK ||
        ak_search_register_marks(db, slot) != SQLITE_OK)
        return ak_set_error(AK_EDB, "search: cannot register the tokenizer: %s", sqlite3_errmsg(db));
    return AK_OK;
}

/* Merge work after an ingestion of `added` articles: FTS5's 'merge' with up to 16 pages written per
 * article (at least 256), two segments of a level at a time (migration 7). Each ingestion so pays
 * for its share of a log-structured merge, a bulk load ends with a few segments (3 for 94k
 * articles, against 24 before: searches 35-40% cheaper) and a small one costs a few milliseconds.
 * Its own transaction: a failure (disk full, a writer in the way) loses nothing, the index merely
 * keeps more segments until the next ingestion, so it is not an error of the ingestion. */
void ak_search_merge(void *sqlite3_handle, size_t added)
{
    sqlite3 *h = sqlite3_handle;
    if (!h || !added) return;
    sqlite3_int64 pages = added > (size_t)INT_MAX / 16 ? INT_MAX : (sqlite3_int64)added * 16;
    if (pages < 256) pages = 256;
    sqlite3_stmt *q = NULL;
    if (sqlite3_prepare_v2(h, "INSERT INTO articles_fts(articles_fts, rank) VALUES('merge', ?1)", -1, &q, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_int64(q, 1, pages);
        sqlite3_step(q);
    }
    sqlite3_finalize(q);
}
