/* rank.c: ak_bm25(articles_fts, w_title, w_text): FTS5's BM25 (k1 1.2, b 0.75, the length of a
 * document the sum of its columns, IDF floored at 1e-6, a match weighted by its column), the same
 * score to the last bit, but reading each document's length from an array held in memory instead
 * of a lookup in the _docsize table per match. That lookup is a statement step per row and about
 * half the cost of ranking a common word's thousands of matches. Without the array (or for a row it
 * does not cover) the length comes from FTS5 as before. */
#include <math.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_internal.h"

typedef struct stats {
    int n;        /* phrases */
    double avgdl; /* mean document length in tokens */
    double *idf, *freq;
} stats;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
    (void)api; (void)f;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* Per-statement figures, computed at the first row (FTS5 keeps them for the query). */
static stats *stats_of(const Fts5ExtensionApi *api, Fts5Context *f, int *rc)
{
    stats *s = api->xGetAuxdata(f, 0);
    if (s) return s;
    int n = api->xPhraseCount(f);
    s = sqlite3_malloc64(sizeof *s + 2 * (size_t)n * sizeof(double));
    if (!s) { *rc = SQLITE_NOMEM; return NULL; }
    s->n = n;
    s->idf = (double *)(s + 1);
    s->freq = s->idf + n;
    sqlite3_int64 rows = 0, tokens = 0;
    *rc = api->xRowCount(f, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(f, -1, &tokens);
    if (*rc == SQLITE_OK) s->avgdl = (double)tokens / (double)rows;
    for (int i = 0; *rc == SQLITE_OK && i < n; i++) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(f, i, &hits, count_row);
        double idf = log((rows - hits + 0.5) / (hits + 0.5));
        s->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (*rc == SQLITE_OK) *rc = api->xSetAuxdata(f, s, sqlite3_free);
    else sqlite3_free(s);
    return *rc == SQLITE_OK ? s : NULL;
}

static void bm25_fn(const Fts5ExtensionApi *api, Fts5Context *f, sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    const double k1 = 1.2, b = 0.75;
    int rc = SQLITE_OK, n_inst = 0;
    stats *s = stats_of(api, f, &rc);
    if (s) {
        memset(s->freq, 0, (size_t)s->n * sizeof *s->freq);
        rc = api->xInstCount(f, &n_inst);
    }
    for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
        int phrase, col, off;
        rc = api->xInst(f, i, &phrase, &col, &off);
        if (rc == SQLITE_OK) s->freq[phrase] += argc > col ? sqlite3_value_double(argv[col]) : 1.0;
    }
    double d = 0.0;
    if (rc == SQLITE_OK) {
        int len = ak_search_doc_length(api->xUserData(f), api->xRowid(f));
        if (len < 0) rc = api->xColumnSize(f, -1, &len);
        d = (double)len;
    }
    double score = 0.0;
    for (int i = 0; rc == SQLITE_OK && i < s->n; i++)
        score += s->idf[i] * ((s->freq[i] * (k1 + 1.0)) / (s->freq[i] + k1 * (1 - b + b * d / s->avgdl)));
    if (rc == SQLITE_OK) sqlite3_result_double(ctx, -1.0 * score);
    else sqlite3_result_error_code(ctx, rc);
}

int ak_search_register_rank(fts5_api *api, ak_search_cache *c)
{
    return api->xCreateFunction(api, "ak_bm25", c, bm25_fn, NULL);
}
