/* test_time_bounds.c: the tagger never reads a token past the last one, nor a word past its
 * last byte. Texts that end with a pattern whose next token is looked at ("بين 23 يناير 2023"
 * then an optional "و..."), at every length around the token array's first growth (256
 * tokens), so that under AddressSanitizer a read of the slot after the last token is a heap
 * overflow; texts that end with a one-byte word where a glued ب is looked for. The
 * comparison of a word with a listed word, folded a code point at a time, must answer as
 * folding both to buffers does, reading only the word's own bytes (no NUL after them). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "time/timex_internal.h"

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

/* Texts that end with a word of one byte where a pattern looks for a glued ب (two bytes):
 * "قبل الميلاد بستمائة عام", "بعد ذلك بعامين", a year in brackets after بـ. The word is the
 * text's last byte, in a buffer of exactly the text's length (the form the fuzzer found). */
static const char *const SHORT_LAST[] = {
    "قبل الميلادX", "بعد ذلكX", "قبل ذلك X", "وصل X (2000)", "قبل الميلاد ب",
};

static void one_byte_word_at_the_end(void **state)
{
    (void)state;
    for (size_t e = 0; e < sizeof SHORT_LAST / sizeof *SHORT_LAST; e++) {
        size_t n = strlen(SHORT_LAST[e]);
        char *t = malloc(n);
        assert_non_null(t);
        memcpy(t, SHORT_LAST[e], n);
        ak_timex *x = NULL;
        size_t nx = 0;
        assert_int_equal(ak_timex_tag(t, n, "2015-08-01", &x, &nx), AK_OK);
        ak_free(x);
        free(t);
    }
}

/* Words and listed words with what folding changes or drops: hamza and madda alefs, teh
 * marbuta, alef maqsura, diacritics, tatweel, Latin capitals, a broken byte. */
static const char *const FOLD_WORDS[] = {
    "الأربعة", "الاربعه", "الأربعـــة", "الأَرْبَعَة", "الأربع", "الاربعين", "إلى", "الى", "الي", "آب", "اب",
    "أب", "أصبح", "اصبح", "أصبحت", "GMT", "gmt", "Gmt", "و", "", "\xd8", "ال\xd8", "\xd8\xa7\xd9",
    "تأجيل", "تاجيلها", "تأجيلات", "ي", "ى", "ـ",
};

static void fold_eq_answers_as_folding_does(void **state)
{
    (void)state;
    size_t n = sizeof FOLD_WORDS / sizeof FOLD_WORDS[0];
    for (size_t a = 0; a < n; a++) {
        size_t len = strlen(FOLD_WORDS[a]);
        char *word = malloc(len ? len : 1); /* exactly its bytes: a read past them is an overflow */
        assert_non_null(word);
        memcpy(word, FOLD_WORDS[a], len);
        char fa[TX_WMAX], fw[TX_WMAX];
        size_t na = tx_fold(word, len, fa, sizeof fa);
        for (size_t w = 0; w < n; w++) {
            size_t nw = tx_fold(FOLD_WORDS[w], strlen(FOLD_WORDS[w]), fw, sizeof fw);
            int same = na == nw && memcmp(fa, fw, na) == 0, starts = na >= nw && memcmp(fa, fw, nw) == 0;
            if (tx_fold_eq(word, len, FOLD_WORDS[w], 0) != same || tx_fold_eq(word, len, FOLD_WORDS[w], 1) != starts)
                fail_msg("'%s' against '%s': equal %d, begins with %d", FOLD_WORDS[a], FOLD_WORDS[w], same, starts);
        }
        free(word);
    }
    assert_true(tx_fold_eq("الأربعـة", strlen("الأربعـة"), "الاربعه", 0));
    assert_false(tx_fold_eq("الأربعة", strlen("الأربعة"), "الأربع", 0));
    assert_true(tx_fold_eq("الأربعة", strlen("الأربعة"), "الأربع", 1));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(endings_at_every_length),
        cmocka_unit_test(one_byte_word_at_the_end),
        cmocka_unit_test(fold_eq_answers_as_folding_does),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
