/* test_time_bounds.c: the tagger never reads a token past the last one. Texts that end
 * with a pattern whose next token is looked at ("بين 23 يناير 2023" then an optional
 * "و..."), at every length around the token array's first growth (256 tokens), so that
 * under AddressSanitizer a read of the slot after the last token is a heap overflow. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char *const ENDINGS[] = {
    "بين 23 يناير 2023",   /* a day range after بين: is the next token و...? */
    "بين23 يناير2023",     /* the form the fuzzer found (digits glued to the words) */
    "ما بين 29 سبتمبر",
    "بين الرابع من يناير",
};

static void endings_at_every_length(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof ENDINGS / sizeof *ENDINGS; e++) {
        for (size_t words = 230; words <= 262; words++) {
            size_t cap = words * 7 + strlen(ENDINGS[e]) + 1;
            char *s = malloc(cap);
            assert_non_null(s);
            size_t n = 0;
            for (size_t w = 0; w < words; w++) n += (size_t)snprintf(s + n, cap - n, "قال ");
            n += (size_t)snprintf(s + n, cap - n, "%s", ENDINGS[e]);
            /* a copy of exactly the text's length: a read past it is caught too */
            char *t = malloc(n);
            assert_non_null(t);
            memcpy(t, s, n);
            ak_timex *x = NULL;
            size_t nx = 0;
            assert_int_equal(ak_timex_tag(t, n, "2023-08-08", &x, &nx), AK_OK);
            assert_true(nx >= 1); /* the date itself is still found */
            ak_free(x);
            free(t);
            free(s);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endings_at_every_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
