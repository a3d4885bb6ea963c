/* api.h: the JSON API and the web page of `akhbar serve`, over a pool of store connections.
 * The CLI starts it; the fuzz target drives ak_api_handle directly with parsed requests. */
#ifndef AK_SERVE_API_H
#define AK_SERVE_API_H
#include <stddef.h>

#include "serve/http.h"

typedef struct ak_api_options {
    const char *db_path;     /* the store (created and migrated if absent) */
    const char *token;       /* bearer token required for POST, or NULL for none */
    unsigned readers;        /* reader connections, one per HTTP worker thread; default 4 */
    const char *web_dir;     /* folder with index.html, or NULL: $AKHBAR_WEB, the source tree, then the
                                copy built into the binary */
    size_t max_record;       /* bytes per posted record; default 1 MB */
} ak_api_options;

typedef struct ak_api ak_api;

/* Opens the connections and a private folder for posted bodies. Returns AK_OK,
 * AK_EDB, AK_EIO or AK_ENOMEM (message in ak_last_error()). */
int ak_api_new(ak_api **out, const ak_api_options *opt);
void ak_api_free(ak_api *api);

/* The request handler (an ak_http_handler; ctx is the ak_api). Thread-safe. */
void ak_api_handle(const ak_http_request *req, ak_http_response *res, void *ctx);

/* Where the page was found ("built-in" or a path), for the start-up message. */
const char *ak_api_web_origin(const ak_api *api);

#endif
