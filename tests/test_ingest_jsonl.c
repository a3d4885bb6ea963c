/* test_ingest_jsonl.c: the record readers: every bad-input case of a JSONL
 * record, and files read whole, with the file:line the rejections carry. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar.h"
#include "ingest/ingest.h"

static int parse(const char *line, size_t n, ak_article *a, char *why)
{
    memset(a, 0, sizeof *a);
    return ak_jsonl_parse(line, n, a, why, 256);
}

/* The flat-record fast path decodes every escape as jansson does, and leaves what it
 * does not take (repeated keys, lone surrogates, \u0000, control bytes) to jansson. */
static void escapes_and_fallbacks(void **state)
{
    (void)state;
    ak_article a;
    char why[256];
    const char *l = "  { \"i\\u0064\" : \"k\", \"x\":\"y\" , \"text\":\"a\\\"b\\\\c\\/d\\b\\f\\ne\\r\\tf \\u00e9 \\ud83d\\ude00\" } ";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.id, "k");
    assert_string_equal(a.raw, "a\"b\\c/d\b\f\ne\r\tf \xc3\xa9 \xf0\x9f\x98\x80");
    ak_article_clear(&a);
    l = "{\"id\":\"a\",\"text\":\"t\",\"title\":\"\\u0627\\u0644\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.title, "\xd8\xa7\xd9\x84");
    ak_article_clear(&a);
    const char *bad[] = {
        "{\"text\":\"a\",\"text\":\"b\"}", "{\"x\":\"1\",\"x\":\"2\",\"text\":\"b\"}", "{\"text\":\"\\ud83d x\"}",
        "{\"text\":\"\\ude00\"}", "{\"text\":\"\\u0000\"}", "{\"text\":\"a\tb\"}", "{\"text\":\"a\"} x",
        "{\"text\":\"a\",}", "{\"text\":\"\\u00\"}", "{\"text\":\"a\\q\"}",
    };
    const char *want[] = {"duplicate object key", "duplicate object key", "invalid Unicode", "invalid Unicode",
                          "\\u0000 is not allowed", "control character", "end of file expected", "'}' expected",
                          "invalid escape", "invalid escape"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(parse(bad[i], strlen(bad[i]), &a, why), AK_EPARSE);
        if (!strstr(why, want[i])) fail_msg("%s: %s", bad[i], why);
    }
}

static void good_record_fills_fields(void **state)
{
    (void)state;
    ak_article a;
    char why[256];
    const char *l = "{\"id\":\"x1\",\"url\":\"http://e/1\",\"source\":\"s\",\"title\":\"t\",\"published\":\"2023-08-10\","
                    "\"author\":\"au\",\"text\":\"نص \\u0627\\n\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.id, "x1");
    assert_string_equal(a.url, "http://e/1");
    assert_string_equal(a.source, "s");
    assert_string_equal(a.published, "2023-08-10");
    assert_string_equal(a.published_from, "record");
    assert_string_equal(a.raw, "نص ا\n");
    ak_article_clear(&a);
    /* Only text is required; a numeric id is spelled out. */
    l = "{\"id\":42,\"text\":\"x\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.id, "42");
    assert_null(a.url);
    ak_article_clear(&a);
}

static void html_field_is_extracted(void **state)
{
    (void)state;
    ak_article a;
    char why[256];
    const char *l = "{\"html\":\"<p>أ &amp; ب</p><script>x()</script><p>ج</p>\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.raw, "أ & ب\nج\n");
    ak_article_clear(&a);
}

/* Feeds send titles such as "&quot;سبق&quot;" in plain-text fields: decoded; a lone
 * '&', an unknown name and a reference to NUL or a surrogate stay as written. */
static void character_references_are_decoded(void **state)
{
    (void)state;
    char s[128];
    const char *cases[][2] = {
        {"لـ&quot;سبق&quot;: &#8220;نعم&#8221; &amp; &#x627;", "لـ\"سبق\": \u201cنعم\u201d & \u0627"},
        {"a & b &unknown; &#0; &#xD800; &#12", "a & b &unknown; &#0; &#xD800; &#12"},
        {"&#65536;&lt;&gt;&#39;", "\U00010000<>'"},
        {"&", "&"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        snprintf(s, sizeof s, "%s", cases[i][0]);
        size_t n = ak_charref_decode(s, strlen(s));
        assert_int_equal(n, strlen(cases[i][1]));
        assert_memory_equal(s, cases[i][1], n);
    }
}

/* A title is shown as one tidy line; the text keeps its lines (offsets point into it). */
static void title_is_tidied_text_keeps_lines(void **state)
{
    (void)state;
    ak_article a;
    char why[256];
    const char *l = "{\"title\":\"\\u200f\\u202b207 شركات حج \\n تنتظر&quot;النتائج&quot; \",\"text\":\"سطر &amp; أول\\n\\nسطر\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_string_equal(a.title, "207 شركات حج تنتظر\"النتائج\"");
    assert_string_equal(a.raw, "سطر & أول\n\nسطر");
    assert_int_equal(a.raw_len, strlen(a.raw));
    ak_article_clear(&a);
    /* A title of nothing but controls and space is no title. */
    l = "{\"title\":\"\\u200f \\u202c\",\"text\":\"x\"}";
    assert_int_equal(parse(l, strlen(l), &a, why), AK_OK);
    assert_null(a.title);
    ak_article_clear(&a);
}

static void expect_reject(const char *line, size_t n, int status, const char *reason_part)
{
    ak_article a;
    char why[256];
    int rc = parse(line, n, &a, why);
    if (rc != status) fail_msg("status %d for %.*s (%s)", rc, (int)n, line, why);
    if (!strstr(why, reason_part)) fail_msg("reason \"%s\" lacks \"%s\"", why, reason_part);
    assert_null(a.raw);
}

static void bad_records_are_rejected(void **state)
{
    (void)state;
    expect_reject("{\"text\":\"a", 10, AK_EPARSE, "bad JSON at column");
    expect_reject("[1,2]", 5, AK_EPARSE, "not a JSON object");
    expect_reject("\"text\"", 6, AK_EPARSE, "not a JSON object");
    expect_reject("{\"id\":\"a\"}", 10, AK_EPARSE, "missing \"text\"");
    expect_reject("{\"text\":3}", 10, AK_EPARSE, "\"text\" is not a string");
    expect_reject("{\"text\":null}", 13, AK_EPARSE, "\"text\" is not a string");
    expect_reject("{\"text\":\"  \\n \"}", 16, AK_EPARSE, "empty text");
    expect_reject("{\"text\":\"\"}", 11, AK_EPARSE, "empty text");
    expect_reject("{\"text\":\"a\\u0000b\"}", 19, AK_EPARSE, "NUL");
    expect_reject("{\"text\":\"a\0b\"}", 14, AK_EPARSE, "NUL byte at byte 10");
    expect_reject("{\"text\":\"a\xff\"}", 13, AK_EUTF8, "invalid UTF-8 at byte 10");
    expect_reject("{\"text\":\"\xd8\"}", 12, AK_EUTF8, "invalid UTF-8 at byte 9");
    expect_reject("{\"text\":\"a\",\"text\":\"b\"}", 23, AK_EPARSE, "bad JSON");
}

typedef struct got { int n_ok, n_bad; char log[4096]; } got;

static int collect(ak_article *a, int ok, const char *reason, void *ctx)
{
    got *g = ctx;
    size_t k = strlen(g->log);
    if (ok) {
        g->n_ok++;
        snprintf(g->log + k, sizeof g->log - k, "ok %s:%zu %s\n", a->origin, a->line, a->id ? a->id : "-");
    } else {
        g->n_bad++;
        snprintf(g->log + k, sizeof g->log - k, "bad %s:%zu %s\n", a->origin, a->line, reason);
    }
    return 0;
}

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static void jsonl_file_reports_lines(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_jsonl_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    const char data[] = "{\"id\":\"a\",\"text\":\"one\"}\n"
                        "\n"
                        "{\"id\":\"b\",\"text\":\"two\"\n"
                        "{\"id\":\"c\",\"text\":\"" "0123456789012345678901234567890123456789" "\"}\n"
                        "{\"id\":\"d\",\"text\":\"four\"}";
    write_file(path, data, sizeof data - 1);
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(ak_read_path(path, 50, collect, &g), AK_OK);
    assert_int_equal(g.n_ok, 2);
    assert_int_equal(g.n_bad, 2);
    char want[2048];
    snprintf(want, sizeof want,
             "ok %s:1 a\nbad %s:3 bad JSON at column 22: '}' expected near end of file\n"
             "bad %s:4 record larger than 50 bytes\nok %s:5 d\n", path, path, path, path);
    assert_string_equal(g.log, want);
    unlink(path);
    rmdir(dir);
}

static void directories_in_sorted_order(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_dir_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char p[128];
    snprintf(p, sizeof p, "%s/b.txt", dir); write_file(p, "نص\n", 5);
    snprintf(p, sizeof p, "%s/a.html", dir); write_file(p, "<p>html</p>", 11);
    snprintf(p, sizeof p, "%s/c.bin.txt", dir); write_file(p, "x\0y", 3);
    snprintf(p, sizeof p, "%s/d.txt", dir); write_file(p, "\xc3\x28", 2);
    snprintf(p, sizeof p, "%s/e.png", dir); write_file(p, "zz", 2);
    snprintf(p, sizeof p, "%s/f.txt", dir); write_file(p, " \n", 2);
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(ak_read_path(dir, 0, collect, &g), AK_OK);
    char want[2048];
    snprintf(want, sizeof want,
             "ok %s/a.html:0 a\nok %s/b.txt:0 b\nbad %s/c.bin.txt:0 binary file (NUL byte at byte 1)\n"
             "bad %s/d.txt:0 invalid UTF-8 at byte 0\nbad %s/f.txt:0 empty text\n", dir, dir, dir, dir, dir);
    assert_string_equal(g.log, want);
    const char *names[] = {"a.html", "b.txt", "c.bin.txt", "d.txt", "e.png", "f.txt"};
    for (size_t i = 0; i < 6; i++) { snprintf(p, sizeof p, "%s/%s", dir, names[i]); unlink(p); }
    rmdir(dir);
}

static void missing_path_is_reported(void **state)
{
    (void)state;
    got g;
    memset(&g, 0, sizeof g);
    assert_int_equal(ak_read_path("/nonexistent/x.jsonl", 0, collect, &g), AK_EIO);
    assert_int_equal(g.n_bad, 1);
    assert_non_null(strstr(g.log, "bad /nonexistent/x.jsonl:0 cannot open"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_record_fills_fields),
        cmocka_unit_test(escapes_and_fallbacks),
        cmocka_unit_test(html_field_is_extracted),
        cmocka_unit_test(character_references_are_decoded),
        cmocka_unit_test(title_is_tidied_text_keeps_lines),
        cmocka_unit_test(bad_records_are_rejected),
        cmocka_unit_test(jsonl_file_reports_lines),
        cmocka_unit_test(directories_in_sorted_order),
        cmocka_unit_test(missing_path_is_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
