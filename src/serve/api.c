/* api.c: the API handle (reader pool, writer, page), request routing, parameter
 * checks and JSON helpers. Every bad input is answered 4xx before the store is touched. */
#include "serve/api_internal.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/store_internal.h"
#include "text/utf8.h"
#include "util/error.h"

/* ---- connections ---- */

ak_db *api_reader(ak_api *api)
{
    pthread_mutex_lock(&api->lock);
    for (;;) {
        for (unsigned i = 0; i < api->n_readers; i++)
            if (!api->busy[i]) {
                api->busy[i] = 1;
                pthread_mutex_unlock(&api->lock);
                return api->readers[i];
            }
        pthread_cond_wait(&api->freed, &api->lock);
    }
}

void api_release(ak_api *api, ak_db *db)
{
    pthread_mutex_lock(&api->lock);
    for (unsigned i = 0; i < api->n_readers; i++)
        if (api->readers[i] == db) api->busy[i] = 0;
    pthread_cond_signal(&api->freed);
    pthread_mutex_unlock(&api->lock);
}

/* ---- the page ---- */

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (16 << 20)) {
        buf = malloc((size_t)st.st_size + 1);
        if (buf && fread(buf, 1, (size_t)st.st_size, f) != (size_t)st.st_size) { free(buf); buf = NULL; }
        if (buf) { buf[st.st_size] = '\0'; *len = (size_t)st.st_size; }
    }
    fclose(f);
    return buf;
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* The page is looked for like the data folder: an explicit folder, $AKHBAR_WEB, the
 * source tree this binary was built from; an installed binary uses its built-in copy. */
static int load_page(ak_api *api, const char *web_dir)
{
    const char *env = getenv("AKHBAR_WEB");
    const char *dirs[3] = {web_dir, env && *env ? env : NULL, AK_DATA_DIR "/../web"};
    for (int i = 0; i < 3; i++) {
        if (!dirs[i]) continue;
        char *path = join(dirs[i], "index.html");
        if (!path) return ak_set_error(AK_ENOMEM, "serve: out of memory");
        api->page = read_file(path, &api->page_len);
        if (api->page) { api->page_origin = path; return AK_OK; }
        if (i < 2) { /* a folder asked for by name must hold the page */
            int rc = ak_set_error(AK_EIO, "serve: %s: %s", path, strerror(errno ? errno : ENOENT));
            free(path);
            return rc;
        }
        free(path);
    }
    const char *built_in = ak_web_page(&api->page_len);
    api->page = malloc(api->page_len + 1);
    if (!api->page) return ak_set_error(AK_ENOMEM, "serve: out of memory");
    memcpy(api->page, built_in, api->page_len);
    api->page[api->page_len] = '\0';
    api->page_origin = join("built-in", "index.html");
    return api->page_origin ? AK_OK : ak_set_error(AK_ENOMEM, "serve: out of memory");
}

const char *ak_api_web_origin(const ak_api *api) { return api->page_origin; }

/* ---- life cycle ---- */

int ak_api_new(ak_api **out, const ak_api_options *opt)
{
    *out = NULL;
    if (!opt || !opt->db_path) return ak_set_error(AK_EINVAL, "serve: no database");
    ak_api *api = calloc(1, sizeof *api);
    if (!api) return ak_set_error(AK_ENOMEM, "serve: out of memory");
    pthread_mutex_init(&api->lock, NULL);
    pthread_cond_init(&api->freed, NULL);
    pthread_mutex_init(&api->write_lock, NULL);
    api->max_record = opt->max_record ? opt->max_record : (size_t)1 << 20;
    int rc = ak_db_open(&api->writer, opt->db_path); /* first: creates and migrates */
    api->n_readers = opt->readers ? opt->readers : 4;
    api->readers = calloc(api->n_readers, sizeof *api->readers);
    api->busy = calloc(api->n_readers, sizeof *api->busy);
    if (rc == AK_OK && (!api->readers || !api->busy)) rc = ak_set_error(AK_ENOMEM, "serve: out of memory");
    for (unsigned i = 0; rc == AK_OK && i < api->n_readers; i++) {
        rc = ak_db_open_single(&api->readers[i], opt->db_path);
        /* Readers map the file: a search reads many pages once (doclists, article texts) and each
         * connection's own page cache is small; a read() per page and its copy were 10-15% of a
         * search's CPU. Only a hint: SQLite reads as before where mapping is not available. */
        if (rc == AK_OK && ak_db_sqlite(api->readers[i]))
            sqlite3_exec(ak_db_sqlite(api->readers[i]), "PRAGMA mmap_size=1073741824", NULL, NULL, NULL);
    }
    if (rc == AK_OK && opt->token && *opt->token && !(api->token = strdup(opt->token)))
        rc = ak_set_error(AK_ENOMEM, "serve: out of memory");
    if (rc == AK_OK) {
        const char *tmp = getenv("TMPDIR");
        char *tpl = join(tmp && *tmp ? tmp : "/tmp", "akhbar-serve-XXXXXX");
        if (!tpl) rc = ak_set_error(AK_ENOMEM, "serve: out of memory");
        else if (!mkdtemp(tpl)) { rc = ak_set_error(AK_EIO, "serve: %s: %s", tpl, strerror(errno)); free(tpl); }
        else api->spool = tpl;
    }
    if (rc == AK_OK) rc = load_page(api, opt->web_dir);
    if (rc != AK_OK) {
        char keep[512];
        snprintf(keep, sizeof keep, "%s", ak_last_error());
        ak_api_free(api);
        return ak_set_error(rc, "%s", keep);
    }
    *out = api;
    return AK_OK;
}

void ak_api_free(ak_api *api)
{
    if (!api) return;
    for (unsigned i = 0; api->readers && i < api->n_readers; i++) ak_db_close(api->readers[i]);
    ak_db_close(api->writer);
    if (api->spool) rmdir(api->spool);
    free(api->readers);
    free(api->busy);
    free(api->token);
    free(api->spool);
    free(api->page);
    free(api->page_origin);
    pthread_mutex_destroy(&api->lock);
    pthread_cond_destroy(&api->freed);
    pthread_mutex_destroy(&api->write_lock);
    free(api);
}

/* ---- parameters ---- */

int api_int_id(const char *s, long long *out)
{
    if (!s || !*s || strlen(s) > 16) return -1;
    long long v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (*p - '0');
    }
    if (v < 1) return -1;
    *out = v;
    return 0;
}

static int parse_size(const char *s, size_t *out)
{
    if (!s || !*s || strlen(s) > 9) return -1;
    size_t v = 0;
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9') return -1;
        v = v * 10 + (size_t)(*p - '0');
    }
    *out = v;
    return 0;
}

static void bad_param(ak_http_response *res, const char *name, const char *why)
{
    char msg[256];
    snprintf(msg, sizeof msg, "parameter '%s': %s", name, why);
    ak_http_error(res, 400, msg);
}

int api_paging(const ak_http_request *req, ak_http_response *res, size_t dflt, size_t max, size_t *offset,
               size_t *limit)
{
    const char *o = ak_http_query(req, "offset"), *l = ak_http_query(req, "limit");
    *offset = 0;
    *limit = dflt;
    if (o && parse_size(o, offset) != 0) {
        bad_param(res, "offset", "expected a whole number from 0 to 999999999");
        return -1;
    }
    if (l && (parse_size(l, limit) != 0 || *limit < 1 || *limit > max)) {
        char why[96];
        snprintf(why, sizeof why, "expected a whole number from 1 to %zu", max);
        bad_param(res, "limit", why);
        return -1;
    }
    return 0;
}

static int digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

int api_date(const ak_http_request *req, ak_http_response *res, const char *name, const char **out)
{
    const char *v = ak_http_query(req, name);
    *out = NULL;
    if (!v || !*v) return 0;
    size_t n = strlen(v);
    int ok = (n == 4 || n == 7 || n == 10) && digits(v, 4);
    if (ok && n >= 7) ok = v[4] == '-' && digits(v + 5, 2) && ((v[5] - '0') * 10 + v[6] - '0') >= 1 &&
                          ((v[5] - '0') * 10 + v[6] - '0') <= 12;
    if (ok && n == 10) ok = v[7] == '-' && digits(v + 8, 2) && ((v[8] - '0') * 10 + v[9] - '0') >= 1 &&
                            ((v[8] - '0') * 10 + v[9] - '0') <= 31;
    if (!ok) {
        bad_param(res, name, "expected a date YYYY-MM-DD (or YYYY-MM, YYYY)");
        return -1;
    }
    *out = v;
    return 0;
}

int api_text(const ak_http_request *req, ak_http_response *res, const char *name, size_t max, const char **out)
{
    const char *v = ak_http_query(req, name);
    *out = NULL;
    if (!v || !*v) return 0;
    if (strlen(v) > max) {
        char why[64];
        snprintf(why, sizeof why, "longer than %zu bytes", max);
        bad_param(res, name, why);
        return -1;
    }
    *out = v;
    return 0;
}

void api_db_error(ak_http_response *res, const char *what)
{
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %s", what, ak_last_error());
    ak_http_error(res, 500, msg);
}

static void list_free(api_list *l)
{
    ak_sqlq_finalize(l->n);
    ak_sqlq_finalize(l->page);
    api_release(l->api, l->db);
}

int api_list_begin(ak_api *api, ak_http_response *res, api_list *l, const char *key, const char *count_sql,
                   const char *page_sql, const char *const *filters, int n_filters, size_t offset, size_t limit)
{
    *l = (api_list){api, api_reader(api), NULL, NULL, NULL, key};
    l->s = ak_db_sql(l->db);
    if (ak_sql_prepare(l->s, count_sql, 0, &l->n) != AK_OK || ak_sql_prepare(l->s, page_sql, 0, &l->page) != AK_OK) {
        ak_sql_error(l->s, "database");
        api_db_error(res, key);
        list_free(l);
        return AK_EDB;
    }
    for (int i = 0; i < n_filters; i++) {
        ak_sqlq_bind_opt(l->n, i + 1, filters[i]);
        ak_sqlq_bind_opt(l->page, i + 1, filters[i]);
    }
    ak_sqlq_bind_int64(l->page, n_filters + 1, (long long)limit);
    ak_sqlq_bind_int64(l->page, n_filters + 2, (long long)offset);
    long long total = ak_sqlq_step(l->n) == AK_SQL_ROW ? ak_sqlq_int64(l->n, 0) : 0;
    ak_buf_printf(&res->body, "{\"total\":%lld,\"offset\":%zu,\"limit\":%zu,\"%s\":[", total, offset, limit, key);
    return AK_OK;
}

int api_list_row(api_list *l, ak_buf *b, const char *const *keys, int n)
{
    int r = ak_sqlq_step(l->page);
    if (r != AK_SQL_ROW) return r;
    ak_buf_puts(b, b->data[b->len - 1] == '[' ? "{" : ",{");
    for (int i = 0; i < n; i++) json_key_col(b, keys[i], l->page, i, i > 0);
    return r;
}

void api_list_end(api_list *l, ak_http_response *res, int last_step)
{
    ak_buf_puts(&res->body, "]}\n");
    if (last_step != AK_SQL_DONE) {
        ak_sql_error(l->s, "database");
        api_db_error(res, l->key);
    }
    list_free(l);
}

/* ---- JSON ---- */

void json_fixed4(ak_buf *b, double x)
{
    if (!(x > -1e11 && x < 1e11)) { ak_buf_printf(b, "%.4f", x); return; } /* NaN, infinities, huge */
    double a = fabs(x);
    /* a * 10^4 = p + e exactly (fma), so the rounding below sees the exact product: ties go to the
     * even neighbour, as printf rounds. p - fl and (p - fl) - 0.5 are exact where it matters. */
    double p = a * 10000.0, e = fma(a, 10000.0, -p), fl = floor(p), d = (p - fl) - 0.5;
    uint64_t n = (uint64_t)fl;
    if (d > -e || (d == -e && (n & 1))) n++;
    char tmp[32], *w = tmp + sizeof tmp;
    for (int i = 0; i < 4; i++, n /= 10) *--w = (char)('0' + n % 10);
    *--w = '.';
    do { *--w = (char)('0' + n % 10); n /= 10; } while (n);
    if (signbit(x)) *--w = '-';
    ak_buf_append(b, w, (size_t)(tmp + sizeof tmp - w));
}

void json_str(ak_buf *b, const char *s)
{
    if (!s) { ak_buf_puts(b, "null"); return; }
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, s, strlen(s));
    ak_buf_putc(b, '"');
}

/* ,"key": (keys are the API's own names: nothing to escape). Written without printf: a
 * page of search hits writes a hundred of them. */
static void json_key(ak_buf *b, const char *key, int comma)
{
    if (comma) ak_buf_putc(b, ',');
    ak_buf_putc(b, '"');
    ak_buf_puts(b, key);
    ak_buf_puts(b, "\":");
}

void json_key_str(ak_buf *b, const char *key, const char *s, int comma)
{
    json_key(b, key, comma);
    json_str(b, s);
}

void json_col(ak_buf *b, ak_sqlq *q, int col)
{
    switch (ak_sqlq_type(q, col)) {
    case AK_SQL_NULL: ak_buf_puts(b, "null"); break;
    case AK_SQL_INT: ak_buf_printf(b, "%lld", ak_sqlq_int64(q, col)); break;
    case AK_SQL_FLOAT: ak_buf_printf(b, "%.6g", ak_sqlq_double(q, col)); break;
    default: {
        const char *t = ak_sqlq_text(q, col);
        ak_buf_putc(b, '"');
        ak_buf_json_escape(b, t ? t : "", (size_t)ak_sqlq_bytes(q, col));
        ak_buf_putc(b, '"');
    }
    }
}

void json_key_col(ak_buf *b, const char *key, ak_sqlq *q, int col, int comma)
{
    json_key(b, key, comma);
    json_col(b, q, col);
}

void json_raw_col(ak_buf *b, ak_sqlq *q, int col, const char *dflt)
{
    const char *t = ak_sqlq_text(q, col);
    size_t n = (size_t)ak_sqlq_bytes(q, col);
    json_error_t err;
    json_t *v = t ? json_loadb(t, n, JSON_DECODE_ANY, &err) : NULL;
    if (!v) { ak_buf_puts(b, dflt); return; }
    char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    ak_buf_puts(b, s ? s : dflt);
    free(s);
    json_decref(v);
}

/* ---- health ---- */

/* Appends ,"key":[...]: the rows of sql, its ?1 bound to id_text, or to id_int when id_text is
 * NULL, each an object with keys[i] for column i. */
int api_section(ak_sql *s, ak_buf *b, const char *key, const char *sql, const char *id_text, long long id_int,
                const char *const *keys, int n_keys)
{
    ak_sqlq *q = NULL;
    if (ak_sql_prepare(s, sql, 0, &q) != AK_OK) return ak_sql_error(s, "database");
    if (id_text) ak_sqlq_bind_text(q, 1, id_text, -1);
    else ak_sqlq_bind_int64(q, 1, id_int);
    json_key(b, key, 1);
    ak_buf_putc(b, '[');
    int k = 0, r;
    while ((r = ak_sqlq_step(q)) == AK_SQL_ROW) {
        ak_buf_puts(b, k++ ? ",{" : "{");
        for (int i = 0; i < n_keys; i++) json_key_col(b, keys[i], q, i, i > 0);
        ak_buf_putc(b, '}');
    }
    ak_buf_putc(b, ']');
    int rc = r == AK_SQL_DONE ? AK_OK : ak_sql_error(s, "database");
    ak_sqlq_finalize(q);
    return rc;
}

void api_health(ak_api *api, const ak_http_request *req, ak_http_response *res)
{
    (void)req;
    ak_db *db = api_reader(api);
    int version = 0;
    ak_sqlq *q = NULL;
    int rc = ak_db_schema_version(db, &version);
    if (rc == AK_OK &&
        ak_sql_prepare(ak_db_sql(db),
                       "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM duplicates),"
                       " (SELECT count(*) FROM stories), (SELECT count(*) FROM entities),"
                       " (SELECT count(*) FROM article_meta)", 0, &q) != AK_OK)
        rc = ak_sql_error(ak_db_sql(db), "database");
    if (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        ak_buf *b = &res->body;
        ak_buf_printf(b, "{\"status\":\"ok\",\"version\":\"%s\",\"schema\":%d", ak_version(), version);
        json_key_col(b, "articles", q, 0, 1);
        json_key_col(b, "duplicates", q, 1, 1);
        json_key_col(b, "stories", q, 2, 1);
        json_key_col(b, "entities", q, 3, 1);
        json_key_col(b, "analyzed", q, 4, 1);
        /* The search match-list cache the readers share: its size and their lookups so far. */
        size_t bytes = 0, hits = 0, misses = 0;
        for (unsigned i = 0; i < api->n_readers; i++) {
            size_t h = 0, m = 0;
            ak_search_list_stats(api->readers[i], i ? NULL : &bytes, &h, &m);
            hits += h;
            misses += m;
        }
        ak_buf_printf(b, ",\"search_lists\":{\"bytes\":%zu,\"hits\":%zu,\"misses\":%zu}", bytes, hits, misses);
        ak_buf_puts(b, "}\n");
    } else {
        api_db_error(res, "health");
    }
    ak_sqlq_finalize(q);
    api_release(api, db);
}

/* ---- routing ---- */

/* "rest" of path after prefix: NULL when path is not under it, "" for the prefix itself. */
static const char *under(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(path, prefix, n) != 0) return NULL;
    if (path[n] == '\0') return "";
    if (path[n] == '/') return path + n + 1;
    return NULL;
}

static int method_is(const ak_http_request *req, const char *m)
{
    return strcmp(req->method, m) == 0 || (strcmp(m, "GET") == 0 && strcmp(req->method, "HEAD") == 0);
}

static void not_allowed(ak_http_response *res, const char *allow)
{
    ak_http_error(res, 405, "method not allowed");
    res->header_name = "Allow";
    res->header_value = allow;
}

/* Every query value and the path must be UTF-8 before anything reads them. */
static int check_input(const ak_http_request *req, ak_http_response *res)
{
    if (req->too_many_params) {
        ak_http_error(res, 400, "too many query parameters");
        return -1;
    }
    if (!ak_utf8_valid(req->path, strlen(req->path), NULL)) {
        ak_http_error(res, 400, "the path is not valid UTF-8");
        return -1;
    }
    for (size_t i = 0; i < req->n_params; i++) {
        const ak_http_param *p = &req->params[i];
        if (!ak_utf8_valid(p->name, strlen(p->name), NULL) || !ak_utf8_valid(p->value, strlen(p->value), NULL)) {
            ak_http_error(res, 400, "a query parameter is not valid UTF-8");
            return -1;
        }
    }
    return 0;
}

static void page(ak_api *api, ak_http_response *res)
{
    res->status = 200;
    res->content_type = "text/html; charset=utf-8";
    ak_buf_reset(&res->body);
    ak_buf_append(&res->body, api->page, api->page_len);
    /* inline script and style only; fetches to our own origin; nothing from elsewhere */
    res->header_name = "Content-Security-Policy";
    res->header_value = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
                        "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";
}

void ak_api_handle(const ak_http_request *req, ak_http_response *res, void *ctx)
{
    ak_api *api = ctx;
    res->status = 200;
    res->content_type = "application/json";
    if (check_input(req, res) != 0) return;
    const char *p = req->path, *rest;
    if (strcmp(p, "/") == 0 || strcmp(p, "/index.html") == 0) {
        if (!method_is(req, "GET")) return not_allowed(res, "GET, HEAD");
        return page(api, res);
    }
    if ((rest = under(p, "/api/articles"))) {
        if (!*rest && strcmp(req->method, "POST") == 0) return api_post_articles(api, req, res);
        if (!method_is(req, "GET")) return not_allowed(res, *rest ? "GET, HEAD" : "GET, HEAD, POST");
        return api_articles(api, req, res, rest);
    }
    if (!method_is(req, "GET")) {
        if (under(p, "/api/health") || under(p, "/api/stories") || under(p, "/api/entities") ||
            under(p, "/api/search") || under(p, "/api/duplicates"))
            return not_allowed(res, "GET, HEAD");
        return ak_http_error(res, 404, "no such resource");
    }
    if ((rest = under(p, "/api/health")) && !*rest) return api_health(api, req, res);
    if ((rest = under(p, "/api/stories"))) return api_stories(api, req, res, rest);
    if ((rest = under(p, "/api/entities"))) return api_entities(api, req, res, rest);
    if ((rest = under(p, "/api/search")) && !*rest) return api_search(api, req, res);
    if ((rest = under(p, "/api/duplicates")) && !*rest) return api_duplicates(api, req, res);
    ak_http_error(res, 404, "no such resource");
}
