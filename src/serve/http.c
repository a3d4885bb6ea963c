/* http.c: libmicrohttpd glue: bind address, event loops, timeouts, body limits, JSON errors, and a
 * writer thread for POSTs. Bodies are gathered to a bounded buffer; over the limit is answered 413.
 * The server accepts connections itself and gives each to the event loop with the fewest: in
 * libmicrohttpd's own pool the loops race to accept, and a burst of new connections could land
 * 53 on one loop and 12 on the other, whose requests then wait four times longer in line. */
#include "serve/http.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "akhbar.h"
#include "util/error.h"

/* A POST handed to the writer thread while its connection is suspended. */
typedef struct job {
    struct job *next;
    struct MHD_Connection *conn;
    ak_http_request req;
    ak_http_param params[AK_HTTP_MAX_PARAMS];
    ak_http_response res;
} job;

/* One event loop: a libmicrohttpd daemon with its own thread and no listening socket. */
typedef struct loop {
    struct MHD_Daemon *daemon;
    atomic_int open; /* connections handed to it and not yet closed */
} loop;

#define AK_HTTP_MAX_LOOPS 256 /* the most `akhbar serve --threads` takes */

struct ak_http_server {
    loop loops[AK_HTTP_MAX_LOOPS];
    unsigned n_loops, max_connections;
    int listen_fd;
    pthread_t acceptor;
    int acceptor_started;
    atomic_int closing; /* set before the listening socket is shut down */
    ak_http_handler handler;
    void *ctx;
    size_t max_body;
    unsigned port;
    /* POSTs run one at a time on their own thread, so a long ingestion never holds a
     * worker that reads are waiting for. */
    pthread_t writer;
    pthread_mutex_t q_lock;
    pthread_cond_t q_cond;
    job *head, *tail;
    int writer_started;
    int writer_running; /* 0 once the writer has drained the queue and left: POSTs then run in place */
    int stopping;
};

/* Per-connection state while a body arrives. */
typedef struct pending {
    ak_buf body;
    int too_big;
    int answered; /* a response is already queued: drop what still arrives */
    job *job;     /* a POST on the writer thread; its answer is sent when the connection resumes */
} pending;

const char *ak_http_query(const ak_http_request *req, const char *name)
{
    for (size_t i = 0; i < req->n_params; i++)
        if (strcmp(req->params[i].name, name) == 0) return req->params[i].value;
    return NULL;
}

/* Collects the query parameters libmicrohttpd parsed (already percent-decoded). */
typedef struct param_list { ak_http_param p[AK_HTTP_MAX_PARAMS]; size_t n; int overflow; } param_list;

static enum MHD_Result collect_param(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    (void)kind;
    param_list *l = cls;
    if (l->n == AK_HTTP_MAX_PARAMS) { l->overflow = 1; return MHD_NO; }
    l->p[l->n++] = (ak_http_param){key ? key : "", value ? value : ""};
    return MHD_YES;
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

/* The body is handed over, not copied: libmicrohttpd frees it once sent. */
static enum MHD_Result send_response(struct MHD_Connection *conn, ak_http_response *res)
{
    size_t len = 0;
    char *body = ak_buf_detach(&res->body, &len);
    if (!body) return MHD_NO;
    struct MHD_Response *r = MHD_create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
    if (!r) { free(body); return MHD_NO; }
    MHD_add_response_header(r, "Content-Type", res->content_type ? res->content_type : "application/json");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (res->header_name && res->header_value) MHD_add_response_header(r, res->header_name, res->header_value);
    enum MHD_Result ok = MHD_queue_response(conn, (unsigned)res->status, r);
    MHD_destroy_response(r);
    return ok;
}

/* Queues a POST for the writer thread and suspends its connection; 0 when the writer
 * is gone (the server is stopping) and the caller must answer in place. The request's
 * strings live in the connection's memory, untouched while it is suspended. */
static int hand_over(ak_http_server *s, struct MHD_Connection *conn, pending *p, const ak_http_request *req)
{
    job *j = calloc(1, sizeof *j);
    if (!j) return 0;
    j->conn = conn;
    j->req = *req;
    memcpy(j->params, req->params, req->n_params * sizeof *req->params);
    j->req.params = j->params;
    j->res = (ak_http_response){200, "application/json", AK_BUF_INIT, NULL, NULL};
    pthread_mutex_lock(&s->q_lock);
    if (!s->writer_running) {
        pthread_mutex_unlock(&s->q_lock);
        free(j);
        return 0;
    }
    p->job = j;
    MHD_suspend_connection(conn);
    if (s->tail) s->tail->next = j; else s->head = j;
    s->tail = j;
    pthread_cond_signal(&s->q_cond);
    pthread_mutex_unlock(&s->q_lock);
    return 1;
}

static void *writer_main(void *arg)
{
    ak_http_server *s = arg;
    for (;;) {
        pthread_mutex_lock(&s->q_lock);
        while (!s->head && !s->stopping) pthread_cond_wait(&s->q_cond, &s->q_lock);
        job *j = s->head;
        if (!j) { /* stopping and nothing left: later POSTs are answered in place */
            s->writer_running = 0;
            pthread_mutex_unlock(&s->q_lock);
            return NULL;
        }
        s->head = j->next;
        if (!s->head) s->tail = NULL;
        pthread_mutex_unlock(&s->q_lock);
        s->handler(&j->req, &j->res, s->ctx);
        MHD_resume_connection(j->conn);
    }
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
        /* A declared body over the limit is refused before a byte of it is read. */
        const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && strtoull(cl, NULL, 10) > s->max_body) {
            p->too_big = 1;
            ak_http_response res = {413, "application/json", AK_BUF_INIT, NULL, NULL};
            ak_http_error(&res, 413, "request body too large");
            enum MHD_Result ok = send_response(conn, &res);
            ak_buf_free(&res.body);
            p->answered = 1;
            return ok;
        }
        return MHD_YES;
    }
    if (p->answered) { *upload_size = 0; return MHD_YES; }
    if (*upload_size) { /* a chunk of the body */
        if (!p->too_big && p->body.len + *upload_size > s->max_body) {
            p->too_big = 1;
            ak_buf_free(&p->body);
        }
        if (!p->too_big) ak_buf_append(&p->body, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (p->job) { /* resumed: the writer thread has answered */
        enum MHD_Result ok = send_response(conn, &p->job->res);
        ak_buf_free(&p->job->res.body);
        free(p->job);
        p->job = NULL;
        p->answered = 1;
        return ok;
    }
    ak_http_response res = {200, "application/json", AK_BUF_INIT, NULL, NULL};
    param_list params;
    params.n = 0;
    params.overflow = 0;
    MHD_get_connection_values(conn, MHD_GET_ARGUMENT_KIND, collect_param, &params);
    if (p->too_big) {
        ak_http_error(&res, 413, "request body too large");
    } else if (p->body.failed) {
        ak_http_error(&res, 503, "out of memory");
    } else {
        ak_http_request req = {method, url, p->body.len ? ak_buf_cstr(&p->body) : NULL, p->body.len,
                               params.p, params.n, params.overflow,
                               MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION)};
        if (strcmp(method, "POST") == 0 && hand_over(s, conn, p, &req)) return MHD_YES;
        s->handler(&req, &res, s->ctx);
    }
    p->answered = 1;
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
        if (p->job) { /* answered by the writer but closed before it was sent */
            ak_buf_free(&p->job->res.body);
            free(p->job);
        }
        ak_buf_free(&p->body);
        free(p);
        *state = NULL;
    }
}

/* Lets the writer finish what is queued, then answers later POSTs in place. */
static void stop_writer(ak_http_server *s)
{
    pthread_mutex_lock(&s->q_lock);
    s->stopping = 1;
    pthread_cond_signal(&s->q_cond);
    pthread_mutex_unlock(&s->q_lock);
    if (s->writer_started) pthread_join(s->writer, NULL);
    s->writer_started = 0;
}

/* One event loop per core by default: with more threads than cores, a thread put off
 * the CPU in the middle of a request holds up every connection it owns (at 64
 * connections on 2 cores, p99 49-67 ms with 4 threads, 30-36 ms with 2). */
unsigned ak_http_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 2 ? 2 : n > 64 ? 64 : (unsigned)n;
}

/* Memory per connection for the request line and headers. libmicrohttpd zeroes a connection's
 * whole pool for every request: at 256 KB that was 14% of a search's instructions. 32 KB holds
 * any request the API takes (its longest parameters, percent-encoded, are under 8 KB). */
#define POOL_BYTES ((size_t)32 * 1024)

/* A connection closed on a loop: one fewer for the acceptor to count. */
static void on_connection(void *cls, struct MHD_Connection *conn, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode code)
{
    (void)conn;
    (void)socket_ctx;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) atomic_fetch_sub(&((loop *)cls)->open, 1);
}

static loop *least_loaded(ak_http_server *s, int *total)
{
    loop *best = NULL;
    int least = 0;
    *total = 0;
    for (unsigned i = 0; i < s->n_loops; i++) {
        int n = atomic_load(&s->loops[i].open);
        *total += n;
        if (!best || n < least) best = &s->loops[i], least = n;
    }
    return best;
}

/* Accepts until the listening socket is shut down; each connection goes to the loop with the
 * fewest open ones, or is closed at once when max_connections are open. */
static void *acceptor_main(void *arg)
{
    ak_http_server *s = arg;
    while (!atomic_load(&s->closing)) {
        struct sockaddr_storage peer;
        socklen_t len = sizeof peer;
        int fd = accept4(s->listen_fd, (struct sockaddr *)&peer, &len, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM)
                usleep(10000); /* out of descriptors: let connections close rather than spin */
            continue;          /* EINTR, ECONNABORTED, or the shutdown that ends the loop */
        }
        int total = 0;
        loop *l = least_loaded(s, &total);
        if ((unsigned)total >= s->max_connections) { close(fd); continue; }
        atomic_fetch_add(&l->open, 1);
        /* on failure libmicrohttpd has closed the socket and will not report it closed */
        if (MHD_add_connection(l->daemon, fd, (struct sockaddr *)&peer, len) != MHD_YES)
            atomic_fetch_sub(&l->open, 1);
    }
    return NULL;
}

static int open_listener(ak_http_server *s, const struct sockaddr_in *addr, const char *bind_to, unsigned port)
{
    s->listen_fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (s->listen_fd < 0) return ak_set_error(AK_EIO, "serve: cannot open a socket: %s", strerror(errno));
    int one = 1;
    setsockopt(s->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(s->listen_fd, (const struct sockaddr *)addr, sizeof *addr) != 0 || listen(s->listen_fd, SOMAXCONN) != 0)
        return ak_set_error(AK_EIO, "serve: cannot listen on %s:%u (%s)", bind_to, port, strerror(errno));
    struct sockaddr_in got;
    socklen_t len = sizeof got;
    s->port = getsockname(s->listen_fd, (struct sockaddr *)&got, &len) == 0 ? ntohs(got.sin_port) : port;
    return AK_OK;
}

static int start_loops(ak_http_server *s, const ak_http_options *opts)
{
    s->n_loops = opts->threads ? opts->threads : ak_http_default_threads();
    if (s->n_loops > AK_HTTP_MAX_LOOPS) s->n_loops = AK_HTTP_MAX_LOOPS;
    for (unsigned i = 0; i < s->n_loops; i++) {
        loop *l = &s->loops[i];
        l->daemon = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_NO_LISTEN_SOCKET, 0,
            NULL, NULL, on_request, s, MHD_OPTION_CONNECTION_TIMEOUT,
            (unsigned)(opts->timeout_s ? opts->timeout_s : 30), MHD_OPTION_CONNECTION_LIMIT, s->max_connections,
            MHD_OPTION_CONNECTION_MEMORY_LIMIT, POOL_BYTES, MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
            MHD_OPTION_NOTIFY_CONNECTION, on_connection, l, MHD_OPTION_END);
        if (!l->daemon) return ak_set_error(AK_EIO, "serve: cannot start event loop %u of %u", i + 1, s->n_loops);
    }
    return AK_OK;
}

/* Stops accepting, lets the writer finish (every suspended connection is resumed before its
 * daemon stops, as libmicrohttpd requires), then stops the loops. */
static void shut_down(ak_http_server *s)
{
    atomic_store(&s->closing, 1);
    if (s->listen_fd >= 0) shutdown(s->listen_fd, SHUT_RDWR); /* wakes the blocked accept */
    if (s->acceptor_started) pthread_join(s->acceptor, NULL);
    stop_writer(s);
    for (unsigned i = 0; i < s->n_loops; i++)
        if (s->loops[i].daemon) MHD_stop_daemon(s->loops[i].daemon);
    if (s->listen_fd >= 0) close(s->listen_fd);
    pthread_mutex_destroy(&s->q_lock);
    pthread_cond_destroy(&s->q_cond);
    free(s);
}

int ak_http_start(ak_http_server **out, const ak_http_options *opts, ak_http_handler handler, void *ctx)
{
    *out = NULL;
    struct sockaddr_in addr;
    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons((uint16_t)opts->port);
    const char *bind_to = opts->bind && *opts->bind ? opts->bind : "127.0.0.1";
    if (inet_pton(AF_INET, bind_to, &addr.sin_addr) != 1)
        return ak_set_error(AK_EINVAL, "serve: bind address '%s' is not an IPv4 address", bind_to);
    ak_http_server *s = calloc(1, sizeof *s);
    if (!s) return ak_set_error(AK_ENOMEM, "serve: out of memory");
    s->handler = handler;
    s->ctx = ctx;
    s->max_body = opts->max_body ? opts->max_body : (size_t)16 << 20;
    s->max_connections = opts->max_connections ? opts->max_connections : 256;
    s->listen_fd = -1;
    pthread_mutex_init(&s->q_lock, NULL);
    pthread_cond_init(&s->q_cond, NULL);
    s->writer_started = s->writer_running = pthread_create(&s->writer, NULL, writer_main, s) == 0;
    int rc = open_listener(s, &addr, bind_to, opts->port);
    if (rc == AK_OK) rc = start_loops(s, opts);
    if (rc == AK_OK && pthread_create(&s->acceptor, NULL, acceptor_main, s) != 0)
        rc = ak_set_error(AK_EIO, "serve: cannot start the accepting thread");
    if (rc != AK_OK) {
        shut_down(s);
        return rc;
    }
    s->acceptor_started = 1;
    *out = s;
    return AK_OK;
}

unsigned ak_http_port(const ak_http_server *s) { return s ? s->port : 0; }

unsigned ak_http_loops(const ak_http_server *s) { return s ? s->n_loops : 0; }

unsigned ak_http_loop_open(const ak_http_server *s, unsigned i)
{
    if (!s || i >= s->n_loops) return 0;
    int n = atomic_load(&((ak_http_server *)s)->loops[i].open);
    return n < 0 ? 0 : (unsigned)n;
}

void ak_http_stop(ak_http_server *s)
{
    if (s) shut_down(s);
}

/* ---- a request-target parser of our own, for the fuzz target and tests ---- */

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Decodes %XX (and '+' when plus is set) in place; a bad escape stays as it is. */
static void unescape(char *s, int plus)
{
    char *w = s;
    for (char *r = s; *r; r++) {
        int hi, lo;
        if (*r == '%' && (hi = hexval(r[1])) >= 0 && (lo = hexval(r[2])) >= 0) {
            *w++ = (char)(hi * 16 + lo);
            r += 2;
        } else {
            *w++ = plus && *r == '+' ? ' ' : *r;
        }
    }
    *w = '\0';
}

int ak_http_parse_target(char *target, const char **path, ak_http_param *params, size_t *n_params)
{
    *n_params = 0;
    char *q = strchr(target, '?');
    if (q) *q++ = '\0';
    unescape(target, 0);
    *path = target;
    int rc = 0;
    while (q && *q) {
        char *amp = strchr(q, '&');
        if (amp) *amp = '\0';
        if (*q) {
            if (*n_params == AK_HTTP_MAX_PARAMS) { rc = -1; break; }
            char *eq = strchr(q, '=');
            if (eq) *eq++ = '\0';
            unescape(q, 1);
            if (eq) unescape(eq, 1);
            params[(*n_params)++] = (ak_http_param){q, eq ? eq : ""};
        }
        q = amp ? amp + 1 : NULL;
    }
    return rc;
}
