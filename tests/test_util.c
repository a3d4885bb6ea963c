/* test_util.c: the core utilities every stage relies on: errors, buffers, UTF-8.
 * Strict UTF-8 matters because ingestion rejects by byte offset. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

static void error_message_is_kept_per_call(void **state)
{
    (void)state;
    assert_int_equal(ak_set_error(AK_EPARSE, "file %s line %d", "a.jsonl", 3), AK_EPARSE);
    assert_string_equal(ak_last_error(), "file a.jsonl line 3");
    ak_clear_error();
    assert_string_equal(ak_last_error(), "");
    assert_string_equal(ak_status_name(AK_EUTF8), "invalid UTF-8");
}

static void json_escape_handles_controls_and_quotes(void **state)
{
    (void)state;
    ak_buf b = AK_BUF_INIT;
    const char in[] = "a\"b\\c\n\x01" "عربي";
    ak_buf_json_escape(&b, in, sizeof in - 1);
    assert_string_equal(ak_buf_cstr(&b), "a\\\"b\\\\c\\n\\u0001عربي");
    ak_buf_reset(&b);
    /* a cut sequence (a parser's echo of bad input) is written as U+FFFD: JSON is UTF-8 */
    ak_buf_json_escape(&b, "x\xc2\"y\xd9\x82\xff", 7);
    assert_string_equal(ak_buf_cstr(&b), "x\xef\xbf\xbd\\\"y\xd9\x82\xef\xbf\xbd");
    ak_buf_reset(&b);
    ak_buf_html_escape(&b, "<a href='x'>&</a>", 17);
    assert_string_equal(ak_buf_cstr(&b), "&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;");
    ak_buf_free(&b);
}

/* The escaper's shortcut for two-byte sequences against a plain reading (every sequence through
 * ak_utf8_decode) on random strings of bytes that start, continue and cut sequences. */
static void json_escape_agrees_with_plain_decoding(void **state)
{
    (void)state;
    static const unsigned char pool[] = {'a', '"', '\\', '\n', 0x01, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xD9, 0xDF,
                                         0xE0, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF, 0x82, 0xA7};
    unsigned seed = 12345;
    ak_buf got = AK_BUF_INIT, want = AK_BUF_INIT;
    for (int round = 0; round < 20000; round++) {
        unsigned char in[12];
        size_t n = (size_t)(round % 12) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            in[i] = pool[(seed >> 16) % sizeof pool];
        }
        ak_buf_reset(&got);
        ak_buf_reset(&want);
        assert_int_equal(ak_buf_json_escape(&got, (const char *)in, n), AK_OK);
        for (size_t i = 0; i < n;) {
            uint32_t cp;
            size_t k = in[i] >= 0x80 ? ak_utf8_decode(in + i, n - i, &cp) : 1;
            if (k == 0) { ak_buf_append(&want, "\xEF\xBF\xBD", 3); i++; continue; }
            if (in[i] >= 0x80) ak_buf_append(&want, in + i, k);
            else if (in[i] == '"' || in[i] == '\\' || in[i] < 0x20) {
                ak_buf reference = AK_BUF_INIT; /* one byte alone: the escapes are checked above */
                ak_buf_json_escape(&reference, (const char *)in + i, 1);
                ak_buf_append(&want, ak_buf_cstr(&reference), reference.len);
                ak_buf_free(&reference);
            } else ak_buf_append(&want, in + i, 1);
            i += k;
        }
        assert_int_equal(got.len, want.len);
        assert_memory_equal(ak_buf_cstr(&got), ak_buf_cstr(&want), got.len);
    }
    ak_buf_free(&got);
    ak_buf_free(&want);
}

static void utf8_rejects_overlong_surrogate_and_truncated(void **state)
{
    (void)state;
    size_t off = 99;
    assert_true(ak_utf8_valid("سلام abc", strlen("سلام abc"), &off));
    assert_false(ak_utf8_valid("ab\xC0\xAF", 4, &off));
    assert_int_equal(off, 2);
    assert_false(ak_utf8_valid("\xED\xA0\x80", 3, &off)); /* surrogate */
    assert_int_equal(off, 0);
    assert_false(ak_utf8_valid("x\xD8", 2, &off)); /* truncated */
    assert_int_equal(off, 1);
    assert_false(ak_utf8_valid("\xF4\x90\x80\x80", 4, &off)); /* > U+10FFFF */
    assert_int_equal(ak_utf8_count("سلام", strlen("سلام")), 4);
}

static void utf8_round_trips_every_scalar_value(void **state)
{
    (void)state;
    char enc[4];
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        size_t n = ak_utf8_encode(cp, enc);
        if (cp >= 0xD800 && cp <= 0xDFFF) { assert_int_equal(n, 0); continue; }
        uint32_t back;
        assert_int_equal(ak_utf8_decode((const unsigned char *)enc, n, &back), n);
        assert_int_equal(back, cp);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(error_message_is_kept_per_call),
        cmocka_unit_test(json_escape_handles_controls_and_quotes),
        cmocka_unit_test(json_escape_agrees_with_plain_decoding),
        cmocka_unit_test(utf8_rejects_overlong_surrogate_and_truncated),
        cmocka_unit_test(utf8_round_trips_every_scalar_value),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
