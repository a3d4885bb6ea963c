/* api_articles.c: GET /api/articles (list, filters, paging), GET /api/articles/{id} (text,
 * removed chrome, time expressions, entity mentions, story) and POST /api/articles (ingest). */
#include "serve/api_internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text/utf8.h"
#include "util/error.h"

#define FILTERS                                                                                             \
    " FROM articles a LEFT JOIN story_articles sa ON sa.article=a.id"                                      \
    " WHERE (CAST(?1 AS TEXT) IS NULL OR a.source=?1) AND (CAST(?2 AS TEXT) IS NULL OR a.published>=?2)"   \
    " AND (CAST(?3 AS TEXT) IS NULL OR substr(a.published,1,length(CAST(?3 AS TEXT)))<=?3)"                 \
    " AND (CAST(?4 AS TEXT) IS NULL OR sa.story=?4)"

static void list(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    size_t offset, limit;
    const char *source, *from, *to, *story, *order = ak_http_query(req, "order");
    if (api_paging(req, res, 50, 1000, &offset, &limit) || api_text(req, res, "source", 512, &source) ||
        api_date(req, res, "from", &from) || api_date(req, res, "to", &to) ||
        api_text(req, res, "story", 512, &story))
        return;
    int newest = 0;
    if (order && strcmp(order, "newest") == 0) newest = 1;
    else if (order && strcmp(order, "oldest") != 0) return ak_http_error(res, 400, "parameter 'order': expected newest or oldest");
    const char *sql = newest ? "SELECT a.id,a.title,a.source,a.published,a.url,sa.story" FILTERS
                               " ORDER BY a.seq DESC LIMIT ?5 OFFSET ?6"
                             : "SELECT a.id,a.title,a.source,a.published,a.url,sa.story" FILTERS
                               " ORDER BY a.seq LIMIT ?5 OFFSET ?6";
    const char *v[4] = {source, from, to, story};
    api_list l;
    if (api_list_begin(api, res, &l, "articles", "SELECT count(*)" FILTERS, sql, v, 4, offset, limit) != AK_OK) return;
    static const char *const keys[] = {"id", "title", "source", "published", "url", "story"};
    int r;
    while ((r = api_list_row(&l, &res->body, keys, 6)) == AK_SQL_ROW) ak_buf_putc(&res->body, '}');
    api_list_end(&l, res, r);
}

/* Code-point offset of byte offset `at` in s (which is valid UTF-8). */
static size_t cp_at(const char *s, size_t at)
{
    size_t n = 0;
    for (size_t i = 0; i < at; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    return n;
}

/* The analysis of one article: its date, story, time expressions and entity mentions. */
static int analysis(ak_sql *s, ak_buf *b, const char *id)
{
    static const char *const meta_keys[] = {"dct", "dct_from", "story", "story_title", "duplicate"};
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(s,
                       "SELECT m.dct, m.dct_from, sa.story, st.title, sa.duplicate FROM (SELECT CAST(?1 AS TEXT) AS id) x"
                       " LEFT JOIN article_meta m ON m.article=x.id LEFT JOIN story_articles sa ON sa.article=x.id"
                       " LEFT JOIN stories st ON st.id=sa.story",
                       0, &q) != AK_OK)
        return ak_sql_error(s, "database");
    ak_sqlq_bind_text(q, 1, id, -1);
    if (ak_sqlq_step(q) == AK_SQL_ROW)
        for (int i = 0; i < 5; i++) json_key_col(b, meta_keys[i], q, i, 1);
    ak_sqlq_finalize(q);
    static const char *const tx[] = {"start", "end", "type", "value", "mod", "text"};
    static const char *const en[] = {"start", "end", "entity", "name", "type", "text"};
    if (api_section(s, b, "dates", "SELECT start,\"end\",type,value,mod,text FROM article_timex WHERE article=?1"
                    " ORDER BY start", id, 0, tx, 6))
        return AK_EDB;
    return api_section(s, b, "entities",
                       "SELECT m.start,m.\"end\",m.entity,e.name,e.type,m.text FROM entity_mentions m"
                       " LEFT JOIN entities e ON e.id=m.entity WHERE m.article=?1 ORDER BY m.start",
                       id, 0, en, 6);
}

/* The stored article a recorded exact copy repeats (malloc'd), or NULL. */
static char *copy_of(ak_sql *s, const char *id)
{
    ak_sqlq *q = NULL;
    char *of = NULL;
    if (ak_sql_prepare(s, "SELECT of_id FROM duplicates WHERE id=?1", 0, &q) != AK_OK) return NULL;
    ak_sqlq_bind_text(q, 1, id, -1);
    if (ak_sqlq_step(q) == AK_SQL_ROW && ak_sqlq_text(q, 0)) of = strdup(ak_sqlq_text(q, 0));
    ak_sqlq_finalize(q);
    return of;
}

static void one(ak_api *api, ak_http_response *res, const char *id)
{
    ak_db *db = api_reader(api);
    ak_stored_article *a = NULL;
    int rc = ak_article_get(db, id, &a);
    if (rc == AK_ENOTFOUND) {
        char msg[600];
        char *of = copy_of(ak_db_sql(db), id);
        if (of) snprintf(msg, sizeof msg, "no article with id '%.200s': it is an exact copy of '%.200s'", id, of);
        else snprintf(msg, sizeof msg, "no article with id '%.200s'", id);
        free(of);
        ak_http_error(res, 404, msg);
    } else if (rc != AK_OK) {
        api_db_error(res, "article");
    } else {
        ak_buf *b = &res->body;
        ak_buf_putc(b, '{');
        json_key_str(b, "id", a->id, 0);
        json_key_str(b, "title", a->title, 1);
        json_key_str(b, "source", a->source, 1);
        json_key_str(b, "url", a->url, 1);
        json_key_str(b, "author", a->author, 1);
        json_key_str(b, "published", a->published, 1);
        json_key_str(b, "published_from", a->published_from, 1);
        json_key_str(b, "origin", a->origin, 1);
        ak_buf_printf(b, ",\"line\":%zu,\"text\":\"", a->line);
        ak_buf_json_escape(b, a->text, a->text_len);
        ak_buf_puts(b, "\",\"removed\":[");
        /* chrome lines: code points of the raw text, with the line itself */
        for (size_t i = 0; i < a->n_removed; i++) {
            size_t s = a->removed[i].start, e = a->removed[i].end;
            if (e > a->raw_len) e = a->raw_len;
            if (s > e) s = e;
            while (e > s && (a->raw[e - 1] == '\n' || a->raw[e - 1] == '\r')) e--;
            size_t cs = cp_at(a->raw, s);
            ak_buf_printf(b, "%s{\"start\":%zu,\"end\":%zu,\"reason\":", i ? "," : "", cs,
                          cs + ak_utf8_count(a->raw + s, e - s));
            json_str(b, a->removed[i].reason);
            ak_buf_puts(b, ",\"text\":\"");
            ak_buf_json_escape(b, a->raw + s, e - s);
            ak_buf_puts(b, "\"}");
        }
        ak_buf_putc(b, ']');
        if (analysis(ak_db_sql(db), b, a->id) != AK_OK) api_db_error(res, "article analysis");
        else ak_buf_puts(b, "}\n");
    }
    ak_stored_article_free(a);
    api_release(api, db);
}

void api_articles(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest)
{
    if (!*rest) return list(api, req, res);
    one(api, res, rest);
}

/* ---- POST: a JSON object, a JSON array of objects, or JSONL ---- */

/* Constant-time comparison, so the token cannot be guessed a byte at a time. */
static int token_ok(const ak_api *api, const char *auth)
{
    if (!api->token) return 1;
    if (!auth || strncmp(auth, "Bearer ", 7) != 0) return 0;
    const char *given = auth + 7;
    size_t n = strlen(api->token), m = strlen(given);
    unsigned char diff = (unsigned char)(n != m);
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(api->token[i] ^ (i < m ? given[i] : 0));
    return diff == 0;
}

typedef struct post_ctx {
    ak_buf out;
    size_t n;
} post_ctx;

static void on_record(const ak_ingest_event *ev, void *vctx)
{
    post_ctx *c = vctx;
    static const char *const kind[] = {"", "added", "duplicate", "rejected"};
    ak_buf *b = &c->out;
    ak_buf_printf(b, "%s{\"record\":%zu,\"status\":\"%s\"", c->n++ ? "," : "", ev->line,
                  ev->kind >= 1 && ev->kind <= 3 ? kind[ev->kind] : "unknown");
    json_key_str(b, "id", ev->id, 1);
    if (ev->reason) json_key_str(b, "reason", ev->reason, 1);
    if (ev->duplicate_of) json_key_str(b, "duplicate_of", ev->duplicate_of, 1);
    ak_buf_putc(b, '}');
}

/* Writes the body as JSONL to f: one line per record. A body that is one JSON value
 * (object or array of objects) is re-serialized; anything else is taken as JSONL as
 * it is, so each bad line is rejected on its own with its line number. */
static int spool_body(const char *body, size_t len, FILE *f, char *why, size_t cap)
{
    json_error_t err;
    json_t *v = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (!v) {
        /* a body of one line that does not parse is bad JSON, not a JSONL batch */
        const char *nl = memchr(body, '\n', len);
        if (!nl || (size_t)(nl - body) + 1 >= len) {
            snprintf(why, cap, "bad JSON at line %d, column %d: %s", err.line, err.column, err.text);
            return -1;
        }
        return fwrite(body, 1, len, f) == len ? 0 : -2;
    }
    int rc = 0;
    if (json_is_object(v)) {
        if (json_dumpf(v, f, JSON_COMPACT) != 0 || fputc('\n', f) == EOF) rc = -2;
    } else if (json_is_array(v) && json_array_size(v) > 0) {
        size_t i;
        json_t *x;
        json_array_foreach(v, i, x) {
            /* a non-object element becomes a line the reader rejects with its reason */
            if (json_dumpf(x, f, JSON_COMPACT | JSON_ENCODE_ANY) != 0 || fputc('\n', f) == EOF) { rc = -2; break; }
        }
    } else {
        snprintf(why, cap, "expected an article object, an array of them, or JSON lines");
        rc = -1;
    }
    json_decref(v);
    return rc;
}

void api_post_articles(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    if (!token_ok(api, req->authorization)) {
        ak_http_error(res, 401, "a valid bearer token is required to post articles");
        res->header_name = "WWW-Authenticate";
        res->header_value = "Bearer realm=\"akhbar\"";
        return;
    }
    if (!req->body || req->body_len == 0) return ak_http_error(res, 400, "empty body: send JSON or JSON lines");
    size_t bad = 0;
    if (!ak_utf8_valid(req->body, req->body_len, &bad)) {
        char msg[96];
        snprintf(msg, sizeof msg, "the body is not valid UTF-8 (byte %zu)", bad);
        return ak_http_error(res, 400, msg);
    }
    char path[4096];
    pthread_mutex_lock(&api->write_lock);
    snprintf(path, sizeof path, "%s/post-%llu.jsonl", api->spool, ++api->posts);
    pthread_mutex_unlock(&api->write_lock);
    FILE *f = fopen(path, "wb");
    if (!f) {
        ak_set_error(AK_EIO, "%s: %s", path, strerror(errno));
        return api_db_error(res, "spooling the body");
    }
    char why[256] = "";
    int sp = spool_body(req->body, req->body_len, f, why, sizeof why);
    if (fclose(f) != 0 && sp == 0) sp = -2;
    if (sp != 0) {
        unlink(path);
        if (sp == -1) return ak_http_error(res, 400, why);
        ak_set_error(AK_EIO, "%s: cannot write", path);
        return api_db_error(res, "spooling the body");
    }
    post_ctx c = {AK_BUF_INIT, 0};
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    opt.max_record = api->max_record;
    opt.on_record = on_record;
    opt.ctx = &c;
    ak_ingest_counts counts;
    const char *paths[1] = {path};
    /* one writer at a time; readers go on reading the last committed state (WAL) */
    pthread_mutex_lock(&api->write_lock);
    int rc = ak_ingest(api->writer, paths, 1, &opt, &counts);
    pthread_mutex_unlock(&api->write_lock);
    unlink(path);
    if (rc != AK_OK) {
        api_db_error(res, "ingesting");
    } else {
        ak_buf *b = &res->body;
        int none = counts.added == 0 && counts.duplicates == 0 && counts.rejected > 0;
        res->status = none ? 422 : 200;
        ak_buf_printf(b, "{\"added\":%zu,\"duplicates\":%zu,\"rejected\":%zu,", counts.added, counts.duplicates,
                      counts.rejected);
        if (none)
            ak_buf_puts(b, "\"error\":{\"status\":422,\"message\":\"no record could be ingested\"},");
        ak_buf_puts(b, "\"records\":[");
        ak_buf_append(b, c.out.data, c.out.len);
        ak_buf_puts(b, "]}\n");
    }
    ak_buf_free(&c.out);
}
