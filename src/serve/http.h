/* http.h: the HTTP transport of `akhbar serve` over libmicrohttpd: limits, routing, bodies.
 * Handlers see a parsed request and fill a JSON (or static) response; they never touch sockets. */
#ifndef AK_SERVE_HTTP_H
#define AK_SERVE_HTTP_H
#include <stddef.h>

#include "util/buf.h"

typedef struct ak_http_request {
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* decoded path, e.g. "/api/stories/s-1" */
    const char *body;       /* POST body (NUL-terminated), NULL if none */
    size_t body_len;
    void *conn;             /* opaque: for ak_http_query() */
} ak_http_request;

typedef struct ak_http_response {
    int status;             /* HTTP status code */
    const char *content_type;
    ak_buf body;
} ak_http_response;

/* The value of query parameter `name`, or NULL. */
const char *ak_http_query(const ak_http_request *req, const char *name);
/* The value of request header `name`, or NULL. */
const char *ak_http_header(const ak_http_request *req, const char *name);

/* Sets a JSON error body {"error": {"status": N, "message": "..."}}. */
void ak_http_error(ak_http_response *res, int status, const char *message);

typedef void (*ak_http_handler)(const ak_http_request *req, ak_http_response *res, void *ctx);

typedef struct ak_http_options {
    const char *bind;          /* address to bind, default "127.0.0.1" */
    unsigned port;             /* 0 = any free port (see ak_http_port) */
    unsigned threads;          /* thread-pool size, default 4 */
    size_t max_body;           /* bytes; larger bodies get 413; default 16 MB */
    unsigned timeout_s;        /* idle connection timeout, default 30 s */
    unsigned max_connections;  /* default 256 */
} ak_http_options;

typedef struct ak_http_server ak_http_server;

/* Starts listening; every request goes to `handler` (called from pool threads). */
int ak_http_start(ak_http_server **out, const ak_http_options *opts, ak_http_handler handler, void *ctx);
unsigned ak_http_port(const ak_http_server *s);
void ak_http_stop(ak_http_server *s);

#endif
