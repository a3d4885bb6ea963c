/* test_report_stream.c: ak_report_write writes report.json and report.html as they are built
 * (its buffer flushed to the file every few MB, so a large report is never one string):
 * the files are byte for byte what ak_report_json and ak_report_html return, for a report
 * several times larger than the flush size, with copies folded under their originals. */
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
#include "slurp.h"

#define N_ART 700
#define REPEAT 90 /* sentences per article: about 13 KB of text, 9 MB of articles in all */

static void add_articles(ak_report *r)
{
    static const char SENT[] = "أعلنت وزارة الصحة في عمّان يوم 3 آذار 2024 عن افتتاح مستشفى جديد في الزرقاء. ";
    size_t sl = strlen(SENT);
    char *text = malloc(sl * REPEAT + 32);
    assert_non_null(text);
    for (int i = 0; i < N_ART; i++) {
        size_t n = 0;
        for (int k = 0; k < REPEAT; k++) { memcpy(text + n, SENT, sl); n += sl; }
        n += (size_t)sprintf(text + n, "رقم %d", i);
        char id[16], title[32], of[16];
        snprintf(id, sizeof id, "a%d", i);
        snprintf(title, sizeof title, "خبر %d", i);
        snprintf(of, sizeof of, "a%d", i - 7);
        ak_report_article a = {
            .id = id, .source = "مصدر", .title = title, .origin = "in.jsonl:1",
            .published = "2024-03-03", .published_from = "record", .text = text, .text_len = n,
            .duplicate_of = i % 10 == 9 ? of : NULL, /* folded under an earlier article */
        };
        assert_int_equal(ak_report_add_article(r, &a), AK_OK);
    }
    free(text);
    assert_int_equal(ak_report_add_duplicate(r, "b1", "a3"), AK_OK);
    assert_int_equal(ak_report_add_rejection(r, "in.jsonl", 4, "not JSON"), AK_OK);
}

static void same_as_file(const char *dir, const char *name, const char *s, size_t n)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    size_t fl = 0;
    char *f = slurp(path, &fl);
    assert_int_equal(fl, n);
    assert_memory_equal(f, s, n);
    assert_true(fl > 8u << 20); /* past two flushes of 4 MB */
    free(f);
    remove(path);
}

static void test_files_equal_strings(void **state)
{
    (void)state;
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    add_articles(r);
    char dir[] = "/tmp/ak_rpstream_XXXXXX";
    assert_non_null(mkdtemp(dir));
    assert_int_equal(ak_report_write(r, dir), AK_OK);
    char *s = NULL;
    size_t n = 0;
    assert_int_equal(ak_report_json(r, &s, &n), AK_OK);
    same_as_file(dir, "report.json", s, n);
    ak_free(s);
    assert_int_equal(ak_report_html(r, &s, &n), AK_OK);
    assert_non_null(strstr(s, "<details class=\"copies\">"));
    same_as_file(dir, "report.html", s, n);
    ak_free(s);
    ak_report_free(r);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_files_equal_strings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
