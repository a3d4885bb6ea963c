/* http.h: the HTTP transport of `akhbar serve` over libmicrohttpd: limits, routing, bodies.
 * Handlers see a parsed request and fill a JSON (or static) response; they never touch sockets. */
#ifndef AK_SERVE_HTTP_H
#define AK_SERVE_HTTP_H
#include <stddef.h>

#include "util/buf.h"

/* At most this many query parameters are kept; a request with more gets 400. */
#define AK_HTTP_MAX_PARAMS 32

typedef struct ak_http_param {
    const char *name, *value; /* percent-decoded, NUL-terminated */
} ak_http_param;

typedef struct ak_http_request {
    const char *method;     /* "GET", "POST", ... */
    const char *path;       /* decoded path, e.g. "/api/stories/s-1" */
    const char *body;       /* POST body (NUL-terminated), NULL if none */
    size_t body_len;
    const ak_http_param *params; /* query parameters in the order given */
    size_t n_params;
    int too_many_params;    /* more than AK_HTTP_MAX_PARAMS were sent */
    const char *authorization; /* the Authorization header, or NULL */
} ak_http_request;

typedef struct ak_http_response {
    int status;             /* HTTP status code */
    const char *content_type;
    ak_buf body;
    const char *header_name, *header_value; /* one extra header (Allow, WWW-Authenticate...), or NULL */
} ak_http_response;

/* The value of query parameter `name` (the first one given), or NULL. */
const char *ak_http_query(const ak_http_request *req, const char *name);

/* Sets a JSON error body {"error": {"status": N, "message": "..."}}. */
void ak_http_error(ak_http_response *res, int status, const char *message);

/* Splits a request target "/path?a=1&b=%D8%A8" in place into a decoded path and
 * parameters (percent escapes and '+' decoded). Returns 0, or -1 when a
 * parameter list is too long (the first AK_HTTP_MAX_PARAMS are kept).
 * The server uses libmicrohttpd's parser; this one serves the fuzz target and tests. */
int ak_http_parse_target(char *target, const char **path, ak_http_param *params, size_t *n_params);

typedef void (*ak_http_handler)(const ak_http_request *req, ak_http_response *res, void *ctx);

typedef struct ak_http_options {
    const char *bind;          /* address to bind, default "127.0.0.1" */
    unsigned port;             /* 0 = any free port (see ak_http_port) */
    unsigned threads;          /* event loops (one thread each), default one per core (at least 2) */
    size_t max_body;           /* bytes; larger bodies get 413; default 16 MB */
    unsigned timeout_s;        /* idle connection timeout, default 30 s */
    unsigned max_connections;  /* default 256 */
} ak_http_options;

typedef struct ak_http_server ak_http_server;

/* The number of event loops when none is given: one per core, at least 2. */
unsigned ak_http_default_threads(void);

/* Starts listening; every request goes to `handler`: GET and others on the event loops, POST on one
 * writer thread of its own (connection suspended meanwhile), one at a time in arrival order, so
 * ingestion never occupies a worker that reads are waiting for. */
int ak_http_start(ak_http_server **out, const ak_http_options *opts, ak_http_handler handler, void *ctx);
unsigned ak_http_port(const ak_http_server *s);
/* The number of event loops, and the connections open on loop i (each new connection goes to
 * the loop with the fewest). */
unsigned ak_http_loops(const ak_http_server *s);
unsigned ak_http_loop_open(const ak_http_server *s, unsigned i);
void ak_http_stop(ak_http_server *s);

#endif
