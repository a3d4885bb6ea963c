/* fuzz_http_request.c: fuzz target for the server's request handling: target parsing, routing,
 * parameter checks, JSON and JSONL bodies, over a small store. Input: "METHOD TARGET\n", header
 * lines, a blank line, then the body. Invariants: no crash; never a 5xx; every API answer is JSON. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar.h"
#include "serve/api.h"
#include "serve/http.h"

static ak_api *api;
static char dir[] = "/tmp/akhbar-fuzz-http-XXXXXX";
static char db_path[256];

static void cleanup(void)
{
    ak_api_free(api);
    char p[300];
    const char *suffix[] = {"", "-wal", "-shm", ".jsonl"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s%s", db_path, suffix[i]);
        unlink(p);
    }
    rmdir(dir);
}

/* A store with two articles, a story, an entity and a time expression. */
static void setup(void)
{
    if (!mkdtemp(dir)) abort();
    snprintf(db_path, sizeof db_path, "%s/f.db", dir);
    char seed[300];
    snprintf(seed, sizeof seed, "%s.jsonl", db_path);
    FILE *f = fopen(seed, "w");
    if (!f) abort();
    fputs("{\"id\":\"a1\",\"source\":\"وكالة\",\"published\":\"2024-03-12\",\"title\":\"سيول في الزرقاء\","
          "\"text\":\"غمرت السيول أحياء في مدينة الزرقاء يوم الاثنين 11 آذار 2024.\"}\n"
          "{\"id\":\"a/2\",\"source\":\"صحيفة\",\"text\":\"افتتح الوزير معرض الكتاب في عمان.\"}\n", f);
    fclose(f);
    ak_db *db = NULL;
    const char *paths[1] = {seed};
    if (ak_db_open(&db, db_path) != AK_OK || ak_ingest(db, paths, 1, NULL, NULL) != AK_OK) abort();
    const char *sql =
        "INSERT INTO stories(id,title,first_day,last_day,n_articles,summary,timeline) VALUES('a1','سيول',"
        "'2024-03-12','2024-03-12',1,'[{\"text\":\"x\",\"article\":\"a1\"}]','not json');"
        "INSERT INTO story_articles(article,story) VALUES('a1','a1');"
        "INSERT INTO entities(id,type,name) VALUES(1,'LOC','الزرقاء');"
        "INSERT INTO entity_mentions(article,start,end,entity,text) VALUES('a1',27,34,1,'الزرقاء');"
        "INSERT INTO article_timex(article,start,end,type,value,text) VALUES('a1',0,4,'DATE','2024-03-11','غمرت');";
    if (sqlite3_exec(ak_db_sqlite(db), sql, NULL, NULL, NULL) != SQLITE_OK) abort();
    ak_db_close(db);
    unlink(seed);
    ak_api_options o = {db_path, "tok", 1, NULL, 0};
    if (ak_api_new(&api, &o) != AK_OK) abort();
    atexit(cleanup);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!api) setup();
    if (size > (1 << 20)) return 0;
    char *in = malloc(size + 1);
    if (!in) return 0;
    memcpy(in, data, size);
    in[size] = '\0';
    /* request line: METHOD SP TARGET (up to the first newline) */
    char *line_end = memchr(in, '\n', size);
    size_t line_len = line_end ? (size_t)(line_end - in) : size;
    char *rest = line_end ? line_end + 1 : in + size;
    in[line_len] = '\0';
    char *sp = strchr(in, ' ');
    const char *method = sp ? in : "GET";
    char *target = sp ? sp + 1 : in;
    if (sp) *sp = '\0';
    /* header lines until a blank line; only Authorization matters to the handler */
    const char *auth = NULL;
    const char *body = NULL;
    size_t body_len = 0;
    while (rest < in + size) {
        char *nl = memchr(rest, '\n', (size_t)(in + size - rest));
        if (!nl) break;
        *nl = '\0';
        if (nl == rest) { body = nl + 1; body_len = (size_t)(in + size - body); break; }
        if (strncmp(rest, "Authorization: ", 15) == 0) auth = rest + 15;
        rest = nl + 1;
    }
    ak_http_param params[AK_HTTP_MAX_PARAMS];
    size_t n_params = 0;
    const char *path = NULL;
    int too_many = ak_http_parse_target(target, &path, params, &n_params) != 0;
    ak_http_request req = {method, path, body_len ? body : NULL, body_len, params, n_params, too_many, auth};
    ak_http_response res = {200, "application/json", AK_BUF_INIT, NULL, NULL};
    ak_api_handle(&req, &res, api);
    if (res.status < 200 || res.status >= 500) abort(); /* bad input is never a server error */
    if (res.content_type && strcmp(res.content_type, "application/json") == 0) {
        json_error_t err;
        json_t *v = json_loadb(res.body.data ? res.body.data : "", res.body.len, 0, &err);
        if (!v) abort(); /* every API answer is one JSON value */
        json_decref(v);
    }
    ak_buf_free(&res.body);
    free(in);
    return 0;
}
