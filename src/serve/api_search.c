/* api_search.c: GET /api/search (ak_search with filters and paging) and GET /api/duplicates
 * (exact copies recorded at ingestion, near duplicates classified by the dedup stage). */
#include "serve/api_internal.h"

#include <stdio.h>
#include <string.h>

#include "util/error.h"

static int on_hit(const ak_search_hit *h, void *ctx)
{
    ak_buf *b = ctx;
    if (b->len && b->data[b->len - 1] == '}') ak_buf_putc(b, ',');
    ak_buf_putc(b, '{');
    json_key_str(b, "id", h->id, 0);
    json_key_str(b, "title", h->title, 1);
    json_key_str(b, "source", h->source, 1);
    json_key_str(b, "published", h->published, 1);
    json_key_str(b, "snippet", h->snippet, 1);
    ak_buf_puts(b, ",\"score\":");
    json_fixed4(b, h->score);
    ak_buf_putc(b, '}');
    return 0;
}

void api_search(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    ak_search_query q;
    memset(&q, 0, sizeof q);
    const char *entity;
    if (api_text(req, res, "q", 1024, &q.q) || api_date(req, res, "from", &q.from) ||
        api_date(req, res, "to", &q.to) || api_text(req, res, "source", 512, &q.source) ||
        api_text(req, res, "story", 512, &q.story) || api_text(req, res, "entity", 32, &entity) ||
        api_paging(req, res, 20, 100, &q.offset, &q.limit))
        return;
    if (!q.q) return ak_http_error(res, 400, "parameter 'q': a query is required");
    if (entity && api_int_id(entity, &q.entity) != 0)
        return ak_http_error(res, 400, "parameter 'entity': expected an entity id (a whole number)");
    ak_buf hits = AK_BUF_INIT;
    /* room for a usual page at once (a hit is about 450 bytes): growing from 64 bytes by doubling
     * was eight reallocations and copies a page */
    ak_buf_reserve(&hits, 512 * q.limit + 64);
    ak_buf_putc(&hits, '[');
    size_t total = 0;
    ak_db *db = api_reader(api);
    int rc = ak_search(db, &q, on_hit, &hits, &total);
    api_release(api, db);
    if (rc == AK_EINVAL) {
        ak_http_error(res, 400, ak_last_error());
    } else if (rc != AK_OK) {
        api_db_error(res, "search");
    } else {
        ak_buf *b = &res->body;
        ak_buf_reserve(b, hits.len + 6 * strlen(q.q) + 128);
        ak_buf_puts(b, "{\"query\":");
        json_str(b, q.q);
        ak_buf_printf(b, ",\"total\":%zu,\"offset\":%zu,\"limit\":%zu,\"results\":", total, q.offset, q.limit);
        ak_buf_append(b, hits.data, hits.len);
        ak_buf_puts(b, "]}\n");
    }
    ak_buf_free(&hits);
}

typedef struct dup_ctx { ak_buf *b; size_t skip, left, seen; } dup_ctx;

static int on_dup(const char *id, const char *of, void *vctx)
{
    dup_ctx *c = vctx;
    c->seen++;
    if (c->skip) { c->skip--; return 0; }
    if (!c->left) return 0; /* keep counting for the total */
    c->left--;
    ak_buf_puts(c->b, c->b->data[c->b->len - 1] == '[' ? "{" : ",{");
    json_key_str(c->b, "id", id, 0);
    json_key_str(c->b, "of", of, 1);
    ak_buf_putc(c->b, '}');
    return 0;
}

void api_duplicates(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    size_t offset, limit;
    const char *cls;
    if (api_paging(req, res, 100, 1000, &offset, &limit) || api_text(req, res, "class", 32, &cls)) return;
    ak_db *db = api_reader(api);
    ak_sql *s = ak_db_sql(db);
    ak_buf *b = &res->body;
    ak_buf_printf(b, "{\"offset\":%zu,\"limit\":%zu,\"exact\":[", offset, limit);
    dup_ctx c = {b, offset, limit, 0};
    int rc = ak_duplicates_each(db, on_dup, &c);
    ak_buf_printf(b, "],\"exact_total\":%zu,\"near\":[", c.seen);
    ak_sqlq *n = NULL, *q = NULL;
    if (rc == AK_OK &&
        (ak_sql_prepare(s, "SELECT count(*) FROM dup_pair WHERE CAST(?1 AS TEXT) IS NULL OR cls=?1", 0, &n) != AK_OK ||
         ak_sql_prepare(s, "SELECT a,b,cls,jaccard,bigram,cover_a,cover_b,longest,spans FROM dup_pair"
                               " WHERE CAST(?1 AS TEXT) IS NULL OR cls=?1 ORDER BY seq LIMIT ?2 OFFSET ?3", 0, &q) != AK_OK))
        rc = ak_sql_error(s, "database");
    if (rc == AK_OK) {
        if (cls) { ak_sqlq_bind_text(n, 1, cls, -1); ak_sqlq_bind_text(q, 1, cls, -1); }
        ak_sqlq_bind_int64(q, 2, (long long)limit);
        ak_sqlq_bind_int64(q, 3, (long long)offset);
        static const char *const keys[] = {"a", "b", "class", "jaccard", "bigram", "cover_a", "cover_b", "longest"};
        int k = 0, r;
        while ((r = ak_sqlq_step(q)) == AK_SQL_ROW) {
            ak_buf_puts(b, k++ ? ",{" : "{");
            for (int i = 0; i < 8; i++) json_key_col(b, keys[i], q, i, i > 0);
            ak_buf_puts(b, ",\"passages\":");
            json_raw_col(b, q, 8, "[]");
            ak_buf_putc(b, '}');
        }
        if (r != AK_SQL_DONE) rc = ak_sql_error(s, "database");
        long long total = ak_sqlq_step(n) == AK_SQL_ROW ? ak_sqlq_int64(n, 0) : 0;
        ak_buf_printf(b, "],\"near_total\":%lld}\n", total);
    }
    ak_sqlq_finalize(n);
    ak_sqlq_finalize(q);
    api_release(api, db);
    if (rc != AK_OK) api_db_error(res, "duplicates");
}
