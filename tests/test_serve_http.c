/* test_serve_http.c: the HTTP transport: each new connection goes to the event loop with the
 * fewest open, the connection limit closes the ones over it, a port in use is a clear error, and
 * the server stops with connections still open. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "akhbar.h"
#include "serve/http.h"

static void echo_path(const ak_http_request *req, ak_http_response *res, void *ctx)
{
    (void)ctx;
    ak_buf_printf(&res->body, "{\"path\":\"%s\"}\n", req->path);
}

static ak_http_server *start(unsigned threads, unsigned max_connections)
{
    ak_http_options o = {"127.0.0.1", 0, threads, 0, 30, max_connections};
    ak_http_server *s = NULL;
    assert_int_equal(ak_http_start(&s, &o, echo_path, NULL), AK_OK);
    assert_non_null(s);
    assert_int_equal(ak_http_loops(s), threads);
    return s;
}

static int dial(unsigned port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof a), 0);
    return fd;
}

/* Sends one keep-alive GET and reads until the body's closing brace; the bytes read, 0 when the
 * server closed the connection instead of answering. */
static size_t ask(int fd, char *got, size_t cap)
{
    const char *req = "GET /x HTTP/1.1\r\nHost: t\r\n\r\n";
    if (send(fd, req, strlen(req), MSG_NOSIGNAL) < 0) return 0;
    size_t n = 0;
    while (n + 1 < cap) {
        struct pollfd p = {fd, POLLIN, 0};
        if (poll(&p, 1, 5000) <= 0) break;
        ssize_t k = recv(fd, got + n, cap - 1 - n, 0);
        if (k <= 0) break;
        n += (size_t)k;
        got[n] = '\0';
        if (strstr(got, "\"/x\"}")) break;
    }
    return n;
}

static void wait_open(const ak_http_server *s, unsigned want)
{
    for (int i = 0; i < 500; i++) {
        unsigned total = 0;
        for (unsigned l = 0; l < ak_http_loops(s); l++) total += ak_http_loop_open(s, l);
        if (total == want) return;
        nanosleep(&(struct timespec){0, 10 * 1000 * 1000}, NULL);
    }
    fail_msg("open connections never came to %u", want);
}

static void connections_spread_evenly(void **state)
{
    (void)state;
    ak_http_server *s = start(3, 256);
    int fd[12];
    char buf[1024];
    for (int i = 0; i < 12; i++) {
        fd[i] = dial(ak_http_port(s));
        assert_true(ask(fd[i], buf, sizeof buf) > 0);
        assert_non_null(strstr(buf, "200 OK"));
    }
    for (unsigned l = 0; l < 3; l++) assert_int_equal(ak_http_loop_open(s, l), 4);
    for (int i = 0; i < 6; i++) close(fd[i]); /* the first six: two from each loop */
    wait_open(s, 6);
    for (int i = 0; i < 6; i++) { /* refilled evenly again */
        fd[i] = dial(ak_http_port(s));
        assert_true(ask(fd[i], buf, sizeof buf) > 0);
    }
    for (unsigned l = 0; l < 3; l++) assert_int_equal(ak_http_loop_open(s, l), 4);
    for (int i = 0; i < 12; i++) close(fd[i]);
    wait_open(s, 0);
    ak_http_stop(s);
}

static void over_the_limit_is_closed(void **state)
{
    (void)state;
    ak_http_server *s = start(2, 3);
    int fd[5];
    char buf[1024];
    for (int i = 0; i < 3; i++) {
        fd[i] = dial(ak_http_port(s));
        assert_true(ask(fd[i], buf, sizeof buf) > 0);
    }
    for (int i = 3; i < 5; i++) {
        fd[i] = dial(ak_http_port(s));
        assert_int_equal(ask(fd[i], buf, sizeof buf), 0);
    }
    close(fd[0]);
    wait_open(s, 2);
    fd[0] = dial(ak_http_port(s)); /* room again */
    assert_true(ask(fd[0], buf, sizeof buf) > 0);
    for (int i = 0; i < 5; i++) close(fd[i]);
    ak_http_stop(s);
}

static void port_in_use_is_an_error(void **state)
{
    (void)state;
    ak_http_server *s = start(2, 256);
    ak_http_options o = {"127.0.0.1", ak_http_port(s), 2, 0, 30, 256};
    ak_http_server *t = NULL;
    assert_int_equal(ak_http_start(&t, &o, echo_path, NULL), AK_EIO);
    assert_null(t);
    char want[64];
    snprintf(want, sizeof want, "127.0.0.1:%u", ak_http_port(s));
    assert_non_null(strstr(ak_last_error(), want));
    o.bind = "localhost"; /* a name, not an address */
    assert_int_equal(ak_http_start(&t, &o, echo_path, NULL), AK_EINVAL);
    ak_http_stop(s);
}

static void stops_with_connections_open(void **state)
{
    (void)state;
    ak_http_server *s = start(2, 256);
    char buf[1024];
    int a = dial(ak_http_port(s)), b = dial(ak_http_port(s));
    assert_true(ask(a, buf, sizeof buf) > 0);
    ak_http_stop(s); /* b never sent a byte */
    assert_int_equal(ask(a, buf, sizeof buf), 0);
    close(a);
    close(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(connections_spread_evenly),
        cmocka_unit_test(over_the_limit_is_closed),
        cmocka_unit_test(port_in_use_is_an_error),
        cmocka_unit_test(stops_with_connections_open),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
