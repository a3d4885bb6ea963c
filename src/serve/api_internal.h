/* api_internal.h: what the API's resource files share: the handle, connection
 * checkout, parameter parsing and JSON writing helpers. Internal to src/serve. */
#ifndef AK_SERVE_API_INTERNAL_H
#define AK_SERVE_API_INTERNAL_H
#include <pthread.h>

#include "akhbar.h"
#include "serve/api.h"
#include "store/sql.h"
#include "store/store_internal.h"

struct ak_api {
    ak_db **readers;          /* one per worker; a request checks one out */
    int *busy;
    unsigned n_readers;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    ak_db *writer;            /* ingestion: one at a time (SQLite has one writer) */
    pthread_mutex_t write_lock;
    char *token;
    char *spool;              /* private folder for posted bodies */
    unsigned long long posts; /* names spool files */
    size_t max_record;
    char *page;               /* index.html */
    size_t page_len;
    char *page_origin;
};

/* Checks a reader connection out (waits while all are busy) and back in. */
ak_db *api_reader(ak_api *api);
void api_release(ak_api *api, ak_db *db);

/* Paging parameters: offset >= 0, 1 <= limit <= max (default dflt). Returns 0,
 * or -1 after writing a 400 error into res. */
int api_paging(const ak_http_request *req, ak_http_response *res, size_t dflt, size_t max, size_t *offset,
               size_t *limit);
/* A date parameter: absent (NULL), or YYYY, YYYY-MM or YYYY-MM-DD. -1 after a 400. */
int api_date(const ak_http_request *req, ak_http_response *res, const char *name, const char **out);
/* A text parameter: absent (NULL) or valid UTF-8 of at most max bytes. -1 after a 400. */
int api_text(const ak_http_request *req, ak_http_response *res, const char *name, size_t max, const char **out);
/* An integer id (1..2^53). -1 after a 400. */
int api_int_id(const char *s, long long *out);

/* A 500 for a store failure (never for bad input: those are found before). */
void api_db_error(ak_http_response *res, const char *what);

/* A list endpoint's page (stories, entities, articles): count_sql and page_sql share their
 * filters ?1..?n_filters (each text or NULL); page_sql ends with LIMIT ?n+1 OFFSET ?n+2. Begin
 * takes a reader, counts, and writes {"total":T,"offset":O,"limit":L,"<key>":[ ; the caller steps
 * l.page and writes its rows, then hands end the last step's result (end closes the list, answers
 * a 500 if that step failed, and gives everything back). AK_OK, or an error already answered. */
typedef struct api_list { ak_api *api; ak_db *db; ak_sql *s; ak_sqlq *n, *page; const char *key; } api_list;
int api_list_begin(ak_api *api, ak_http_response *res, api_list *l, const char *key, const char *count_sql,
                   const char *page_sql, const char *const *filters, int n_filters, size_t offset, size_t limit);
void api_list_end(api_list *l, ak_http_response *res, int last_step);
/* Steps l.page once; on a row writes its object's opening and the first n columns as keys[0..n)
 * (the caller may add more, then closes it with '}'). Returns the step's result. */
int api_list_row(api_list *l, ak_buf *b, const char *const *keys, int n);

/* JSON writing onto a buffer. */
void json_str(ak_buf *b, const char *s);           /* "..." or null */
void json_key_str(ak_buf *b, const char *key, const char *s, int comma);
void json_col(ak_buf *b, ak_sqlq *q, int col); /* a column as a JSON string, number or null */
void json_key_col(ak_buf *b, const char *key, ak_sqlq *q, int col, int comma);
/* x as printf's "%.4f" writes it (the same bytes), without printf: a page of hits writes twenty. */
void json_fixed4(ak_buf *b, double x);
/* A column holding JSON text written by the pipeline: copied when it parses, else `dflt`. */
void json_raw_col(ak_buf *b, ak_sqlq *q, int col, const char *dflt);

/* Resource handlers: each gets what follows its prefix in the path ("" for the collection). */
/* Appends ,"key":[rows of sql as objects], ?1 bound to id_text (or id_int when NULL).
 * Returns AK_OK or AK_EDB with the message set. */
int api_section(ak_sql *s, ak_buf *b, const char *key, const char *sql, const char *id_text, long long id_int,
                const char *const *keys, int n_keys);

void api_health(ak_api *api, const ak_http_request *req, ak_http_response *res);
void api_articles(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest);
void api_post_articles(ak_api *api, const ak_http_request *req, ak_http_response *res);
void api_stories(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest);
void api_entities(ak_api *api, const ak_http_request *req, ak_http_response *res, const char *rest);
void api_duplicates(ak_api *api, const ak_http_request *req, ak_http_response *res);
void api_search(ak_api *api, const ak_http_request *req, ak_http_response *res);

/* The page built into the binary (web/index.html at build time). */
const char *ak_web_page(size_t *len);

#endif
