/* test_story_summary_scale.c: the summary of one very long story (a 50 MB article is one
 * story of some 400,000 sentences). Every sentence shares one term, so each term's
 * document frequency must be counted once, not walked again at every use (that was
 * quadratic: here 3.6e9 steps, seconds; now a few ms). The sentences are alike but for
 * their position, so the summary is the first three, in order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

#define N 60000
#define UNIQUE 5 /* terms of one sentence only */
#define WLEN 16

static void long_story_summary(void **state)
{
    (void)state;
    ak_story_sentence *s = calloc(N, sizeof *s);
    const char **terms = calloc((size_t)N * (UNIQUE + 1), sizeof *terms);
    char *words = malloc((size_t)N * UNIQUE * WLEN);
    assert_non_null(s);
    assert_non_null(terms);
    assert_non_null(words);
    for (size_t i = 0; i < N; i++) {
        const char **t = terms + i * (UNIQUE + 1);
        t[0] = "common";
        for (size_t k = 0; k < UNIQUE; k++) {
            char *w = words + (i * UNIQUE + k) * WLEN;
            snprintf(w, WLEN, "u%zu_%zu", i, k);
            t[k + 1] = w;
        }
        s[i].text = "sentence";
        s[i].article = "a";
        s[i].position = (unsigned)i;
        s[i].terms = t;
        s[i].n_terms = UNIQUE + 1;
    }
    size_t *out = NULL, n_out = 0;
    assert_int_equal(ak_story_summarize(s, N, 3, 0.7, &out, &n_out), AK_OK);
    assert_int_equal(n_out, 3);
    for (size_t k = 0; k < 3; k++) assert_int_equal(out[k], k);
    ak_free(out);
    free(words);
    free(terms);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(long_story_summary),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
