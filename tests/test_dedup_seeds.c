/* test_dedup_seeds.c: golden test on the five seeds (EXPECTED.md): no duplicates or rewrites;
 * 001 and 002 share passages of the joint statement, located in both; every other pair is unrelated. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static const char *names[5] = { "000_4b513fc99d57a73e.txt", "001_44a3e3d5a904009e.txt", "002_4de39128c6cd87f4.txt",
                                "003_6b94d0cceead2250.txt", "004_f63168924004b052.txt" };
static char *text[5];
static size_t len[5];

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long sz = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)sz + 1);
    if (buf && fread(buf, 1, (size_t)sz, f) != (size_t)sz) { free(buf); buf = NULL; }
    fclose(f);
    if (buf) { buf[sz] = 0; *n = (size_t)sz; }
    return buf;
}

/* The UTF-8 bytes of code points [s, e) of t, copied into out. */
static void slice(const char *t, size_t s, size_t e, char *out, size_t cap)
{
    size_t cp = (size_t)-1, o = 0;
    for (size_t i = 0; t[i]; i++) {
        if (((unsigned char)t[i] & 0xC0) != 0x80) cp++;
        if (cp >= e) break;
        if (cp >= s && o + 1 < cap) out[o++] = t[i];
    }
    out[o] = 0;
}

static void test_seed_pairs(void **state)
{
    (void)state;
    const char *shared = getenv("AK_SHARED_DIR");
    char path[4096];
    for (int i = 0; i < 5; i++) {
        snprintf(path, sizeof path, "%s/seeds/%s", shared ? shared : "../shared", names[i]);
        text[i] = slurp(path, &len[i]);
        if (!text[i]) skip();
    }
    ak_fp *fp[5];
    for (int i = 0; i < 5; i++) assert_int_equal(ak_fp_new(text[i], len[i], NULL, &fp[i]), AK_OK);
    for (int i = 0; i < 5; i++)
        for (int j = i + 1; j < 5; j++) {
            ak_dup_result r;
            assert_int_equal(ak_dup_compare(fp[i], fp[j], &r), AK_OK);
            assert_int_not_equal(r.cls, AK_DUP_DUPLICATE);
            assert_int_not_equal(r.cls, AK_DUP_REWRITE);
            if (i == 1 && j == 2) {
                assert_int_equal(r.cls, AK_DUP_SHARES_PASSAGE);
                assert_true(r.n_spans >= 2);
                /* Every span is the same words in both texts, inside the statement's wording. */
                int capacity = 0;
                for (size_t s = 0; s < r.n_spans; s++) {
                    static char a[8192], b[8192];
                    slice(text[1], r.spans[s].a_start, r.spans[s].a_end, a, sizeof a);
                    slice(text[2], r.spans[s].b_start, r.spans[s].b_end, b, sizeof b);
                    assert_true(strlen(a) > 50 && strlen(b) > 50);
                    assert_memory_equal(a, b, 20); /* both start on the same words */
                    capacity += strstr(a, "القدرات المؤسسية لقوات الأمن العراقية") != NULL &&
                                strstr(b, "القدرات المؤسسية لقوات الأمن العراقية") != NULL;
                }
                assert_int_equal(capacity, 1);
            } else {
                assert_int_equal(r.cls, AK_DUP_UNRELATED);
                assert_int_equal(r.n_spans, 0);
            }
        }
    for (int i = 0; i < 5; i++) { ak_fp_free(fp[i]); free(text[i]); }
}

int main(void)
{
    const struct CMUnitTest tests[] = { cmocka_unit_test(test_seed_pairs) };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
