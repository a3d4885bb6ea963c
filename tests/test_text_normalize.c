/* test_text_normalize.c: each normalization rule on and off, the seeds, the caller-buffer API,
 * invalid UTF-8, the growth bound, and idempotence on the seed articles and random UTF-8. */
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

static char *norm(const char *in, unsigned flags)
{
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(ak_normalize(in, strlen(in), flags, &out, &n), AK_OK);
    assert_int_equal(strlen(out), n);
    return out;
}

static void expect(const char *in, unsigned flags, const char *want)
{
    char *got = norm(in, flags);
    if (strcmp(got, want)) fail_msg("normalize(%s) = '%s', want '%s'", in, got, want);
    ak_free(got);
}

static void test_seeds(void **state)
{
    (void)state;
    expect("اللٓجنة", AK_NORM_DEFAULT, "اللجنه");
    expect("اجتماعاً", AK_NORM_DEFAULT, "اجتماعا");
    expect("٢٣ يوليو ٢٠٢١", AK_NORM_DEFAULT, "23 يوليو 2021");
}

static void test_each_rule(void **state)
{
    (void)state;
    unsigned all = AK_NORM_DEFAULT;
    /* marks: U+0610, U+064E, U+0670, U+06DA */
    expect("محمد\u0610 كَتَب هٰذا عليم\u06DA", all, "محمد كتب هذا عليم");
    expect("كَتَب", all & ~AK_NORM_MARKS, "كَتَب");
    expect("جـمـيـل", all, "جميل");
    expect("جـمـيـل", all & ~AK_NORM_TATWEEL, "جـمـيـل");
    expect("أحمد إبراهيم آمال ٱلكتاب", all, "احمد ابراهيم امال الكتاب");
    expect("أحمد", all & ~AK_NORM_ALEF, "أحمد");
    expect("مستشفى", all, "مستشفي");
    expect("مستشفى", all & ~AK_NORM_ALEF_MAKSURA, "مستشفى");
    expect("مدرسة", all, "مدرسه");
    expect("مدرسة", all & ~AK_NORM_TEH_MARBUTA, "مدرسة");
    expect("۱۴۰۲ ٠٩:٠١", all, "1402 09:01");
    expect("٠٩", all & ~AK_NORM_DIGITS, "٠٩");
    expect("\uFE8D\uFEDF\uFECC\uFEAE\uFE8D\uFED5 \uFEFB \uFEF7 \uFDF2", all, "العراق لا لا الله");
    expect("\uFEFB", all & ~AK_NORM_PRESENTATION, "\uFEFB");
    expect("\uFEF7", all & ~AK_NORM_ALEF, "لأ"); /* NFKC composes the hamza */
    expect("ال\u200Cكتاب \u202Bمرحبا\u202C \u2066123\u2069 \u061C-5 \uFEFFنص", all, "الكتاب مرحبا 123 -5 نص");
    expect("ك\u200Dتاب", all & ~AK_NORM_CONTROLS, "ك\u200Dتاب");
    expect("کتاب ایران ۀ", all, "كتاب ايران ه");
    expect("کتاب", all & ~AK_NORM_PERSIAN, "کتاب");
    expect("\uFB90\uFE98\uFE8E\uFE8F", all, "كتاب"); /* keheh form: NFKC then the Persian fold */
    expect("COVID-19, «نعم»؟ Reuters! $5 %", all, "COVID-19, «نعم»؟ Reuters! $5 %");
    expect("", all, "");
}

static void test_buffer_api(void **state)
{
    (void)state;
    const char *in = "اللٓجنة";
    size_t need = 0;
    assert_int_equal(ak_normalize_buf(in, strlen(in), AK_NORM_DEFAULT, NULL, 0, &need), AK_ETOOBIG);
    assert_int_equal(need, strlen("اللجنه"));
    char small[4], exact[32];
    assert_int_equal(ak_normalize_buf(in, strlen(in), AK_NORM_DEFAULT, small, sizeof small, &need), AK_ETOOBIG);
    assert_memory_equal(small, "اللجنه", 4); /* a prefix was written */
    assert_int_equal(ak_normalize_buf(in, strlen(in), AK_NORM_DEFAULT, exact, need, &need), AK_OK);
    assert_memory_equal(exact, "اللجنه", need);
    assert_int_equal(ak_normalize_buf(NULL, 3, 0, exact, 1, &need), AK_EINVAL);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    char *out = (char *)1;
    size_t n;
    assert_int_equal(ak_normalize("abc\xff" "def", 7, AK_NORM_DEFAULT, &out, &n), AK_EUTF8);
    assert_null(out);
    assert_non_null(strstr(ak_last_error(), "byte 3"));
    assert_int_equal(ak_normalize("\xd8", 1, AK_NORM_DEFAULT, &out, &n), AK_EUTF8); /* truncated */
    assert_int_equal(ak_normalize("\xed\xa0\x80", 3, AK_NORM_DEFAULT, &out, &n), AK_EUTF8); /* surrogate */
}

/* Every presentation form, alone and with every flag, stays within the documented bound. */
static void test_growth_bound(void **state)
{
    (void)state;
    size_t worst = 0;
    for (uint32_t cp = 0xFB50; cp <= 0xFEFF; cp++) {
        if (cp > 0xFDFF && cp < 0xFE70) continue;
        char in[4], out[64];
        size_t k = ak_utf8_encode(cp, in), need = 0;
        assert_int_equal(ak_normalize_buf(in, k, AK_NORM_DEFAULT, out, sizeof out, &need), AK_OK);
        assert_true(need <= k * AK_NORM_MAX_GROWTH);
        if (need > worst) worst = need;
    }
    assert_int_equal(worst, strlen("صلي الله عليه وسلم")); /* U+FDFA, with ى folded */
}

/* A random mix of ASCII, Arabic letters, marks, digits, controls and presentation forms. */
static size_t random_text(char *buf, size_t cap, unsigned *seed)
{
    static const uint32_t lo[] = {0x20, 0x600, 0x64B, 0x660, 0x6F0, 0x200B, 0xFB50, 0xFE70, 0x621, 0x640, 0xAB, 0x1F600};
    static const uint32_t span[] = {95, 256, 21, 10, 10, 5, 0x2B0, 0x8F, 26, 1, 1, 16};
    size_t n = 0;
    while (n + 4 < cap) {
        *seed = *seed * 1103515245u + 12345u;
        unsigned r = (*seed >> 8);
        size_t which = r % 12;
        uint32_t cp = lo[which] + (r / 12) % span[which];
        n += ak_utf8_encode(cp, buf + n);
    }
    return n;
}

static void check_idempotent(const char *text, size_t len, unsigned flags)
{
    char *a = NULL, *b = NULL;
    size_t na, nb;
    assert_int_equal(ak_normalize(text, len, flags, &a, &na), AK_OK);
    assert_int_equal(ak_normalize(a, na, flags, &b, &nb), AK_OK);
    if (na != nb || memcmp(a, b, na)) fail_msg("not idempotent with flags %#x", flags);
    ak_free(a);
    ak_free(b);
}

static void test_idempotent_random(void **state)
{
    (void)state;
    unsigned seed = 12345;
    char buf[600];
    for (int i = 0; i < 3000; i++) {
        size_t n = random_text(buf, sizeof buf, &seed);
        check_idempotent(buf, n, i % 3 == 0 ? AK_NORM_DEFAULT : (seed >> 4) & AK_NORM_DEFAULT);
    }
}

static void seed_idempotent(const char *text, size_t n, void *ctx)
{
    (void)ctx;
    check_idempotent(text, n, AK_NORM_DEFAULT);
    check_idempotent(text, n, AK_NORM_DEFAULT & ~AK_NORM_TEH_MARBUTA);
    /* The seed marks are gone from the normalized text. */
    char *out;
    size_t m;
    assert_int_equal(ak_normalize(text, n, AK_NORM_DEFAULT, &out, &m), AK_OK);
    assert_null(strstr(out, "\u0653"));
    assert_null(strstr(out, "\u064B"));
    assert_null(strstr(out, "\u0640"));
    ak_free(out);
}

static void test_idempotent_seeds(void **state)
{
    (void)state;
    int files = each_seed(seed_idempotent, NULL);
    if (files < 0) skip();
    assert_int_equal(files, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_seeds),           cmocka_unit_test(test_each_rule),
        cmocka_unit_test(test_buffer_api),      cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_growth_bound),    cmocka_unit_test(test_idempotent_random),
        cmocka_unit_test(test_idempotent_seeds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
