/* test_text_tokenize.c: token kinds and offsets on hand-checked phrases (proclitic with tatweel,
 * numbers, marks, controls), the three API forms agreeing, and coverage of the input (seeds, random). */
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
#include "text/text_internal.h"
#include "text/utf8.h"

/* want: "start:end:kind" per token, space-separated (kind: a l n p s). */
static void expect(const char *in, const char *want)
{
    ak_token *t;
    size_t n;
    assert_int_equal(ak_tokenize(in, strlen(in), &t, &n), AK_OK);
    char got[2048] = "";
    for (size_t i = 0; i < n; i++) {
        char one[64];
        snprintf(one, sizeof one, "%s%zu:%zu:%c", i ? " " : "", t[i].start, t[i].end, "?alnps"[t[i].kind]);
        strcat(got, one);
    }
    if (strcmp(got, want)) fail_msg("tokens(%s) = '%s', want '%s'", in, got, want);
    ak_free(t);
}

static void test_phrases(void **state)
{
    (void)state;
    expect("لـ«التحالف»", "0:2:a 2:3:p 3:10:a 10:11:p");
    expect("لـداعش", "0:2:a 2:6:a");          /* proclitic + tatweel before a plain word */
    expect("ولـداعش", "0:3:a 3:7:a");         /* و + ل */
    expect("جـمـيـل بـيـت", "0:7:a 8:13:a"); /* decorative tatweel: one word each */
    expect("2,100 و 7.5 و ٢٣", "0:5:n 6:7:a 8:11:n 12:13:a 14:16:n");
    expect("23.7.2021 09:01 2, 3", "0:9:n 10:15:n 16:17:n 17:18:p 19:20:n");
    expect("اجتماعاً.", "0:8:a 8:9:p");
    expect("ال\u200Cكتاب \u202Bمرحبا\u202C", "0:7:a 9:14:a");
    expect("COVID-19 G20 $5", "0:5:l 5:6:p 6:8:n 9:12:l 13:14:s 14:15:n");
    expect("العراقUSA", "0:6:a 6:9:l");
    expect("\uFEFB \uFDF2", "0:1:a 2:3:a");
    expect("  \n\t", "");
    expect("", "");
}

typedef struct { ak_token *t; size_t n; } collected;

static int collect(const ak_token *tok, void *ctx)
{
    collected *c = ctx;
    c->t[c->n++] = *tok;
    return 0;
}

/* ak_token_next_norm gives the same tokens as ak_token_next and, for every flag set
 * tried and every buffer size (cut forms included), exactly ak_normalize_buf of the
 * token's bytes. */
static void check_fused(const char *text, size_t len, const ak_token *arr, size_t n)
{
    static const unsigned flag_sets[] = {AK_NORM_DEFAULT, AK_NORM_DEFAULT & ~AK_NORM_TEH_MARBUTA, AK_NORM_MARKS,
                                         AK_NORM_PRESENTATION | AK_NORM_ALEF, 0};
    static const size_t caps[] = {512, 7, 2, 0};
    for (size_t f = 0; f < sizeof flag_sets / sizeof *flag_sets; f++)
        for (size_t c = 0; c < sizeof caps / sizeof *caps; c++) {
            ak_token_iter it;
            ak_token t;
            char norm[512], want[4096];
            size_t nl = 0, wl = 0, i = 0;
            ak_token_iter_init(&it, text, len);
            while (ak_token_next_norm(&it, &t, flag_sets[f], caps[c] ? norm : NULL, caps[c], &nl) == 1) {
                assert_true(i < n);
                assert_int_equal(t.byte_start, arr[i].byte_start);
                assert_int_equal(t.byte_end, arr[i].byte_end);
                assert_int_equal(t.end, arr[i].end);
                assert_int_equal(t.kind, arr[i].kind);
                assert_int_equal(ak_normalize_buf(text + t.byte_start, t.byte_end - t.byte_start, flag_sets[f], want,
                                                  sizeof want, &wl),
                                 AK_OK);
                assert_int_equal(nl, wl);
                assert_memory_equal(norm, want, nl < caps[c] ? nl : caps[c]);
                i++;
            }
            assert_int_equal(i, n);
        }
}

/* Tokens in order, not overlapping; offsets agree; gaps hold only what the tokenizer may skip;
 * the iterator, the callback and the array agree. */
static void check_coverage(const char *text, size_t len)
{
    ak_token *arr;
    size_t n;
    assert_int_equal(ak_tokenize(text, len, &arr, &n), AK_OK);
    collected c = {calloc(n + 1, sizeof(ak_token)), 0};
    assert_int_equal(ak_tokenize_each(text, len, collect, &c), AK_OK);
    assert_int_equal(c.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(c.t[i].byte_start, arr[i].byte_start);
        assert_int_equal(c.t[i].byte_end, arr[i].byte_end);
        assert_int_equal(c.t[i].start, arr[i].start);
        assert_int_equal(c.t[i].kind, arr[i].kind);
    }
    size_t pos = 0, cp = 0;
    for (size_t i = 0; i < n; i++) {
        const ak_token *t = &arr[i];
        assert_true(t->byte_start >= pos && t->byte_end > t->byte_start && t->byte_end <= len);
        /* The gap: white space, controls and stray marks only. */
        const unsigned char *s = (const unsigned char *)text;
        while (pos < t->byte_start) {
            uint32_t g;
            size_t k = ak_utf8_decode(s + pos, len - pos, &g);
            assert_true(k > 0);
            int cl = ak_text_class(g);
            assert_true(cl == AK_CL_SPACE || cl == AK_CL_CONTROL || cl == AK_CL_AR_MARK || cl == AK_CL_MARK);
            pos += k;
            cp++;
        }
        assert_int_equal(t->start, cp);
        cp += ak_utf8_count(text + t->byte_start, t->byte_end - t->byte_start);
        assert_int_equal(t->end, cp);
        pos = t->byte_end;
    }
    free(c.t);
    check_fused(text, len, arr, n);
    ak_free(arr);
}

static void test_coverage_random(void **state)
{
    (void)state;
    static const uint32_t lo[] = {0x20, 0x600, 0x64B, 0x660, 0x30, 0x200B, 0xFB50, 0xFE70, 0x621, 0x640, 0xAB, 0x1F600, 0x41, 0x2E, 0x0A};
    static const uint32_t span[] = {95, 256, 21, 10, 10, 5, 0x2B0, 0x8F, 26, 1, 1, 16, 26, 1, 1};
    unsigned seed = 777;
    char buf[400];
    for (int i = 0; i < 3000; i++) {
        size_t n = 0;
        while (n + 4 < sizeof buf) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8, w = r % 15;
            n += ak_utf8_encode(lo[w] + (r / 15) % span[w], buf + n);
        }
        check_coverage(buf, n);
    }
}

static void seed_coverage(const char *text, size_t len, void *ctx)
{
    (void)ctx;
    check_coverage(text, len);
}

static void test_coverage_seeds(void **state)
{
    (void)state;
    int files = each_seed(seed_coverage, NULL);
    if (files < 0) skip();
    assert_int_equal(files, 5);
}

/* A word of و, 500,000 marks, ب, then 500,000 "ـب": every tatweel asks whether the letters
 * before it are a proclitic, and the answer must not re-read the marks each time (read again
 * for each tatweel, this input would take longer than the test's time limit; it now takes
 * milliseconds). One Arabic token spans it all (the tatweels are
 * decorative: more follow), and its normalized form is و followed by 500,001 ب. */
static void test_many_tatweels(void **state)
{
    (void)state;
    enum { M = 500000 };
    size_t cap = 2 + 2 * M + 2 + 4 * M;
    char *s = malloc(cap), *norm = malloc(cap);
    assert_non_null(s);
    assert_non_null(norm);
    size_t n = 0;
    memcpy(s + n, "و", 2), n += 2;
    for (int i = 0; i < M; i++) memcpy(s + n, "\xd9\x8b", 2), n += 2; /* fathatan */
    memcpy(s + n, "ب", 2), n += 2;
    for (int i = 0; i < M; i++) memcpy(s + n, "ـب", 4), n += 4;
    ak_token_iter it;
    ak_token t;
    size_t len;
    ak_token_iter_init(&it, s, n);
    assert_int_equal(ak_token_next_norm(&it, &t, AK_NORM_DEFAULT, norm, cap, &len), 1);
    assert_int_equal(t.kind, AK_TOK_ARABIC);
    assert_int_equal(t.byte_start, 0);
    assert_int_equal(t.byte_end, n);
    assert_int_equal(len, 2 + 2 * (M + 1));
    assert_memory_equal(norm, "و", 2);
    for (size_t i = 2; i < len; i += 2) assert_memory_equal(norm + i, "ب", 2);
    assert_int_equal(ak_token_next_norm(&it, &t, AK_NORM_DEFAULT, norm, cap, &len), 0);
    free(s);
    free(norm);
}

static void test_invalid(void **state)
{
    (void)state;
    ak_token *t = NULL;
    size_t n = 9;
    assert_int_equal(ak_tokenize("كتب \xc3\x28", 9, &t, &n), AK_EUTF8);
    assert_null(t);
    assert_non_null(strstr(ak_last_error(), "byte 7"));
    ak_token_iter it;
    ak_token tok;
    ak_token_iter_init(&it, "كتب \xff", 8);
    assert_int_equal(ak_token_next(&it, &tok), 1);
    assert_int_equal(ak_token_next(&it, &tok), AK_EUTF8);
    assert_int_equal(ak_token_next(&it, &tok), 0);
    assert_string_equal(ak_token_kind_name(AK_TOK_NUMBER), "number");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_phrases),        cmocka_unit_test(test_coverage_random),
        cmocka_unit_test(test_coverage_seeds), cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_many_tatweels),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
