/* test_text_sentences.c: where sentences end and where they must not (decimals, dates,
 * abbreviations, quotes), line and paragraph breaks, and span sanity on the seed articles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "seeds.h"
#include "text/utf8.h"

/* want: the sentences joined by '|'. */
static void expect(const char *in, unsigned flags, const char *want)
{
    ak_token *s;
    size_t n;
    assert_int_equal(ak_sentences(in, strlen(in), flags, &s, &n), AK_OK);
    char got[4096] = "";
    for (size_t i = 0; i < n; i++) {
        if (i) strcat(got, "|");
        strncat(got, in + s[i].byte_start, s[i].byte_end - s[i].byte_start);
        assert_int_equal(s[i].start, ak_utf8_count(in, s[i].byte_start));
        assert_int_equal(s[i].end, ak_utf8_count(in, s[i].byte_end));
    }
    if (strcmp(got, want)) fail_msg("sentences(%s) =\n'%s'\nwant\n'%s'", in, got, want);
    ak_free(s);
}

static void test_terminators(void **state)
{
    (void)state;
    expect("ذهب. عاد؟ لماذا? نعم! ربما… لا؛ انتهى", AK_SENT_DEFAULT,
           "ذهب.|عاد؟|لماذا?|نعم!|ربما…|لا؛|انتهى");
    expect("حقا؟! نعم..", AK_SENT_DEFAULT, "حقا؟!|نعم..");
    expect("", AK_SENT_DEFAULT, "");
}

static void test_no_split(void **state)
{
    (void)state;
    expect("بلغ النمو 7.5 في المئة في 23.7.2021 وانتهى.", AK_SENT_DEFAULT,
           "بلغ النمو 7.5 في المئة في 23.7.2021 وانتهى.");
    expect("قال د. محمد و م. علي إن أ. ب. حضر. ثم غادر", AK_SENT_DEFAULT,
           "قال د. محمد و م. علي إن أ. ب. حضر.|ثم غادر");
    expect("The U.S. and Mr. Smith agreed. Then left", AK_SENT_DEFAULT,
           "The U.S. and Mr. Smith agreed.|Then left");
    expect("زوروا example.com الآن", AK_SENT_DEFAULT, "زوروا example.com الآن");
}

static void test_quotes(void **state)
{
    (void)state;
    expect("وقال «لن نتراجع. أبدا» ثم غادر. وعاد", AK_SENT_DEFAULT,
           "وقال «لن نتراجع. أبدا» ثم غادر.|وعاد");
    expect("وقال «لن نتراجع أبدا.» وعاد", AK_SENT_DEFAULT, "وقال «لن نتراجع أبدا.»|وعاد");
    expect("قال \"هذا مهم. جدا\" وأضاف. ثم", AK_SENT_DEFAULT, "قال \"هذا مهم. جدا\" وأضاف.|ثم");
    expect("قال “هذا مهم! جدا” وأضاف", AK_SENT_DEFAULT, "قال “هذا مهم! جدا” وأضاف");
    /* An unclosed quote does not run past a paragraph. */
    expect("قال «هذا. مهم\n\nفقرة. ثانية", AK_SENT_DEFAULT, "قال «هذا. مهم|فقرة.|ثانية");
}

static void test_breaks(void **state)
{
    (void)state;
    expect("عنوان بلا نقطة\nوقال الوزير", AK_SENT_DEFAULT, "عنوان بلا نقطة|وقال الوزير");
    expect("سطر أول\nيكمل هنا\n\nفقرة ثانية", 0, "سطر أول\nيكمل هنا|فقرة ثانية");
    expect("سطر\r\n\r\nآخر", 0, "سطر|آخر");
}

/* Every non-empty line gives at least one sentence; sentences are ordered, disjoint, one line each. */
static void seed_sentences(const char *text, size_t len, void *ctx)
{
    (void)ctx;
    size_t n, lines = 0;
    for (size_t i = 0; i < len; i++) lines += text[i] == '\n';
    ak_token *s;
    assert_int_equal(ak_sentences(text, len, AK_SENT_DEFAULT, &s, &n), AK_OK);
    assert_true(n >= lines / 2);
    for (size_t i = 0; i < n; i++) {
        assert_true(s[i].byte_end > s[i].byte_start);
        if (i) assert_true(s[i].byte_start >= s[i - 1].byte_end);
        assert_null(memchr(text + s[i].byte_start, '\n', s[i].byte_end - s[i].byte_start));
    }
    ak_free(s);
}

static void test_seeds(void **state)
{
    (void)state;
    int files = each_seed(seed_sentences, NULL);
    if (files < 0) skip();
    assert_int_equal(files, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terminators), cmocka_unit_test(test_no_split), cmocka_unit_test(test_quotes),
        cmocka_unit_test(test_breaks),      cmocka_unit_test(test_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
