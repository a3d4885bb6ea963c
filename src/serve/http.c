/* http.c: libmicrohttpd glue: bind address, thread pool, timeouts, body limits, JSON errors.
 * Bodies are gathered to a bounded buffer; anything over the limit is answered 413 at once. */
#include "serve/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "akhbar.h"
#include "util/error.h"

struct ak_http_server {
    struct MHD_Daemon *daemon;
    ak_http_handler handler;
    void *ctx;
    size_t max_body;
    unsigned port;
};

/* Per-connection state while a body arrives. */
typedef struct pending {
    ak_buf body;
    int too_big;
} pending;

const char *ak_http_query(const ak_http_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *ak_http_header(const ak_http_request *req, const char *name)
{
    return MHD_lookup_connection_value((struct MHD_Connection *)req->conn, MHD_HEADER_KIND, name);
}

void ak_http_error(ak_http_response *res, int status, const char *message)
{
    res->status = status;
    res->content_type = "application/json";
    ak_buf_reset(&res->body);
    ak_buf_printf(&res->body, "{\"error\":{\"status\":%d,\"message\":\"", status);
    ak_buf_json_escape(&res->body, message, strlen(message));
    ak_buf_puts(&res->body, "\"}}\n");
}

static enum MHD_Result send_response(struct MHD_Connection *conn, ak_http_response *res)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(res->body.len, (void *)ak_buf_cstr(&res->body),
                                                             MHD_RESPMEM_MUST_COPY);
    if (!r) return MHD_NO;
    MHD_add_response_header(r, "Content-Type", res->content_type ? res->content_type : "application/json");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
                                  const char *version, const char *upload, size_t *upload_size, void **state)
{
    (void)version;
    ak_http_server *s = cls;
    pending *p = *state;
    if (!p) { /* first call: headers only */
        p = calloc(1, sizeof *p);
        if (!p) return MHD_NO;
        *state = p;
        return MHD_YES;
    }
    if (*upload_size) { /* a chunk of the body */
        if (!p->too_big && p->body.len + *upload_size > s->max_body) {
            p->too_big = 1;
            ak_buf_free(&p->body);
        }
        if (!p->too_big) ak_buf_append(&p->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    ak_http_response res = {200, "application/json", AK_BUF_INIT};
    if (p->too_big) {
        ak_http_error(&res, 413, "request body too large");
    } else if (p->body.failed) {
        ak_http_error(&res, 503, "out of memory");
    } else {
        ak_http_request req = {method, url, p->body.len ? ak_buf_cstr(&p->body) : NULL, p->body.len, conn};
        s->handler(&req, &res, s->ctx);
    }
    enum MHD_Result ok = send_response(conn, &res);
    ak_buf_free(&res.body);
    return ok;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **state, enum MHD_RequestTerminationCode code)
{
    (void)cls;
    (void)conn;
    (void)code;
    pending *p = *state;
    if (p) {
        ak_buf_free(&p->body);
        free(p);
        *state = NULL;
    }
}

int ak_http_start(ak_http_server **out, const ak_http_options *opts, ak_http_handler handler, void *ctx)
{
    *out = NULL;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)opts->port);
    const char *bind = opts->bind && *opts->bind ? opts->bind : "127.0.0.1";
    if (inet_pton(AF_INET, bind, &addr.sin_addr) != 1)
        return ak_set_error(AK_EINVAL, "serve: bind address '%s' is not an IPv4 address", bind);
    ak_http_server *s = calloc(1, sizeof *s);
    if (!s) return ak_set_error(AK_ENOMEM, "serve: out of memory");
    s->handler = handler;
    s->ctx = ctx;
    s->max_body = opts->max_body ? opts->max_body : (size_t)16 << 20;
    s->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)opts->port, NULL, NULL,
        on_request, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
        (unsigned)(opts->threads ? opts->threads : 4), MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)(opts->timeout_s ? opts->timeout_s : 30), MHD_OPTION_CONNECTION_LIMIT,
        (unsigned)(opts->max_connections ? opts->max_connections : 256), MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        (size_t)256 * 1024, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s, MHD_OPTION_END);
    if (!s->daemon) {
        free(s);
        return ak_set_error(AK_EIO, "serve: cannot listen on %s:%u (address in use or not allowed)", bind, opts->port);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : opts->port;
    *out = s;
    return AK_OK;
}

unsigned ak_http_port(const ak_http_server *s) { return s ? s->port : 0; }

void ak_http_stop(ak_http_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    free(s);
}
