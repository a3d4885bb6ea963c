/* test_serve_json.c: the API's JSON numbers written without printf give printf's bytes: a search
 * answer's scores must not change by a digit when the server stops calling snprintf. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "serve/api_internal.h"
#include "util/buf.h"

/* json_fixed4(x) against snprintf("%.4f", x); 1 when the same. */
static int same_as_printf(double x)
{
    char want[512];
    snprintf(want, sizeof want, "%.4f", x);
    ak_buf b = AK_BUF_INIT;
    json_fixed4(&b, x);
    int ok = b.len == strlen(want) && memcmp(b.data, want, b.len) == 0;
    if (!ok) print_error("x=%.17g printf=%s ours=%.*s\n", x, want, (int)b.len, b.data ? b.data : "");
    ak_buf_free(&b);
    return ok;
}

static uint64_t next(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

static void fixed4_edges(void **state)
{
    (void)state;
    const double xs[] = {0.0, -0.0, 1.0, -1.0, 0.00005, 0.00015, 0.00025, 1.23445, 1.23455, 2.5e-5, 7.5e-5,
                         0.99995, 9.99995, 12.34565, 1e-300, -1e-300, 5e-324, 123456789.00005, 99999999999.99995,
                         1e11, -1e11, 1e300, INFINITY, -INFINITY, NAN, 0.5, 0.49999999999999994, 4503599627370496.5};
    for (size_t i = 0; i < sizeof xs / sizeof *xs; i++) assert_true(same_as_printf(xs[i]));
    for (int i = -200000; i <= 200000; i++) { /* every tie and near-tie of the fourth decimal */
        double x = i / 20000.0;
        assert_true(same_as_printf(x));
        assert_true(same_as_printf(nextafter(x, 1e9)));
        assert_true(same_as_printf(nextafter(x, -1e9)));
    }
}

static void fixed4_random(void **state)
{
    (void)state;
    uint64_t s = 88172645463325252ull;
    for (int i = 0; i < 500000; i++) {
        uint64_t r = next(&s);
        double x = (double)(r >> 11) / 9007199254740992.0 * 60.0; /* scores: 0 to 60 */
        assert_true(same_as_printf(x));
        double y;
        memcpy(&y, &r, sizeof y); /* any bit pattern */
        assert_true(same_as_printf(y));
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fixed4_edges),
        cmocka_unit_test(fixed4_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
