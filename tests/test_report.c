/* test_report.c: the report of `akhbar run`: escaping, JSON validity (parsed back
 * with jansson), right-to-left HTML, removed lines marked, sections, the store run. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "akhbar.h"
#include "report/report_internal.h"

static const char HOSTILE[] = "<script>alert('x')</script> & \"q\" عنوان";

static ak_report *one_article(void)
{
    static const ak_report_removed rm[] = {
        {"كتب: <b>سامي</b>", sizeof "كتب: <b>سامي</b>" - 1, "byline"},
        {"Share on Facebook", 17, "latin-line"},
    };
    const char text[] = "السطر الأول <img src=x onerror=y>\nالسطر \"الثاني\"\t\x01 تحكم";
    ak_report_article a = {
        .id = "a\"1<", .source = "وكالة <الشرق>", .title = HOSTILE, .published = "2024-03-12",
        .published_from = "record", .text = text, .text_len = sizeof text - 1,
        .removed = rm, .n_removed = 2,
    };
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    assert_int_equal(ak_report_add_article(r, &a), AK_OK);
    return r;
}

static char *render(ak_report *r, int html)
{
    char *s = NULL;
    size_t n = 0;
    assert_int_equal(html ? ak_report_html(r, &s, &n) : ak_report_json(r, &s, &n), AK_OK);
    assert_int_equal(strlen(s), n);
    return s;
}

static void html_escapes_every_field(void **state)
{
    (void)state;
    ak_report *r = one_article();
    char *h = render(r, 1);
    assert_null(strstr(h, "<script>alert"));
    assert_null(strstr(h, "<img src=x"));
    assert_null(strstr(h, "<b>سامي"));
    assert_non_null(strstr(h, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"));
    assert_non_null(strstr(h, "وكالة &lt;الشرق&gt;"));
    assert_non_null(strstr(h, "id=\"art-a&quot;1&lt;\""));
    ak_free(h);
    ak_report_free(r);
}

static void json_parses_back_to_the_input(void **state)
{
    (void)state;
    ak_report *r = one_article();
    char *s = render(r, 0);
    json_error_t err;
    json_t *d = json_loads(s, 0, &err);
    assert_non_null(d);
    assert_int_equal(json_integer_value(json_object_get(d, "version")), AK_REPORT_SCHEMA_VERSION);
    json_t *a = json_array_get(json_object_get(d, "articles"), 0);
    assert_string_equal(json_string_value(json_object_get(a, "title")), HOSTILE);
    assert_string_equal(json_string_value(json_object_get(a, "id")), "a\"1<");
    assert_string_equal(json_string_value(json_object_get(a, "published_from")), "record");
    assert_non_null(strstr(json_string_value(json_object_get(a, "text")), "\t\x01 تحكم"));
    assert_true(json_is_null(json_object_get(a, "url")));
    json_t *c = json_object_get(d, "counts");
    assert_int_equal(json_integer_value(json_object_get(c, "articles")), 1);
    assert_int_equal(json_integer_value(json_object_get(c, "rejected")), 0);
    json_decref(d);
    ak_free(s);
    ak_report_free(r);
}

static void html_is_rtl_arabic_and_self_contained(void **state)
{
    (void)state;
    ak_report *r = one_article();
    char *h = render(r, 1);
    assert_true(strncmp(h, "<!DOCTYPE html>", 15) == 0);
    assert_non_null(strstr(h, "<html lang=\"ar\" dir=\"rtl\">"));
    assert_non_null(strstr(h, "<meta charset=\"utf-8\">"));
    assert_non_null(strstr(h, "Noto Naskh Arabic"));
    assert_null(strstr(h, "<link"));
    assert_null(strstr(h, "http://"));
    assert_null(strstr(h, "https://"));
    assert_non_null(strstr(h, "<section id=\"articles\">"));
    assert_non_null(strstr(h, "<section id=\"rejected\">"));
    assert_non_null(strstr(h, "<header id=\"summary\">"));
    ak_free(h);
    ak_report_free(r);
}

static void removed_lines_are_struck_out_with_reason(void **state)
{
    (void)state;
    ak_report *r = one_article();
    char *h = render(r, 1);
    assert_non_null(strstr(h, "<li data-reason=\"byline\"><del dir=\"auto\">كتب: &lt;b&gt;سامي&lt;/b&gt;</del>"));
    assert_non_null(strstr(h, "<li data-reason=\"latin-line\"><del dir=\"auto\">Share on Facebook</del>"));
    /* the removed line is not in the body */
    assert_null(strstr(strstr(h, "<div class=\"body\">"), "Share on Facebook</p>"));
    char *s = render(r, 0);
    json_t *d = json_loads(s, 0, NULL);
    json_t *rm = json_object_get(json_array_get(json_object_get(d, "articles"), 0), "removed");
    assert_int_equal(json_array_size(rm), 2);
    assert_string_equal(json_string_value(json_object_get(json_array_get(rm, 0), "reason")), "byline");
    assert_string_equal(json_string_value(json_object_get(json_array_get(rm, 1), "text")), "Share on Facebook");
    json_decref(d);
    ak_free(s);
    ak_free(h);
    ak_report_free(r);
}

static void invalid_utf8_or_missing_id_is_refused(void **state)
{
    (void)state;
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    ak_report_article a = {.id = "x", .title = "bad \xff title", .text = "نص", .text_len = 4};
    assert_int_equal(ak_report_add_article(r, &a), AK_EINVAL);
    a.title = "ok";
    a.id = NULL;
    assert_int_equal(ak_report_add_article(r, &a), AK_EINVAL);
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    assert_int_equal(c.articles, 0);
    /* a rejection reason quoting raw bytes still yields valid JSON */
    assert_int_equal(ak_report_add_rejection(r, "in\xc3.jsonl", 3, "bad byte \xff here"), AK_OK);
    char *s = render(r, 0);
    json_t *d = json_loads(s, 0, NULL);
    assert_non_null(d);
    json_t *j = json_array_get(json_object_get(d, "rejected"), 0);
    assert_int_equal(json_integer_value(json_object_get(j, "line")), 3);
    assert_string_equal(json_string_value(json_object_get(j, "reason")), "bad byte \xEF\xBF\xBD here");
    json_decref(d);
    ak_free(s);
    ak_report_free(r);
}

static void counts_cover_duplicates_and_rejections(void **state)
{
    (void)state;
    ak_report *r = one_article();
    ak_report_article b = {.id = "b", .text = "نص", .text_len = 4, .duplicate_of = "a\"1<"};
    assert_int_equal(ak_report_add_article(r, &b), AK_OK);
    assert_int_equal(ak_report_add_duplicate(r, "c", "b"), AK_OK);
    assert_int_equal(ak_report_add_rejection(r, "x.jsonl", 2, "not JSON"), AK_OK);
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    assert_int_equal(c.articles, 2);
    assert_int_equal(c.duplicates, 2);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(c.records, 4);
    char *h = render(r, 1);
    assert_non_null(strstr(h, "<li id=\"count-duplicates\">النسخ المطابقة<b>2</b>"));
    assert_non_null(strstr(h, "x.jsonl:2"));
    ak_free(h);
    ak_report_free(r);
}

static void sections_are_validated_and_rendered(void **state)
{
    (void)state;
    ak_report *r = one_article();
    assert_int_equal(ak_report_add_section(r, "Stories", "القصص", "[]", ""), AK_EINVAL);
    assert_int_equal(ak_report_add_section(r, "stories", "القصص", "[1,", ""), AK_EINVAL);
    assert_int_equal(ak_report_add_section(r, "stories", "القصص", "[{\"story\":\"s1\"}]", "<p>قصة</p>"), AK_OK);
    assert_int_equal(ak_report_add_section(r, "stories", "القصص", "[]", ""), AK_EINVAL);
    char *h = render(r, 1);
    assert_non_null(strstr(h, "<section id=\"sec-stories\" class=\"stage\"><h2>القصص</h2><p>قصة</p></section>"));
    char *s = render(r, 0);
    json_t *d = json_loads(s, 0, NULL);
    json_t *sec = json_object_get(json_object_get(d, "sections"), "stories");
    assert_string_equal(json_string_value(json_object_get(sec, "heading")), "القصص");
    assert_string_equal(json_string_value(json_object_get(json_array_get(json_object_get(sec, "data"), 0), "story")), "s1");
    json_decref(d);
    ak_free(s);
    ak_free(h);
    ak_report_free(r);
}

static void missing_date_is_taken_from_a_date_line(void **state)
{
    (void)state;
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    const char text[] = "الأحد 9 يونيو 2024 - 10:30\nقال المدرب إن الفريق فاز أمس السبت.";
    ak_report_article a = {.id = "d", .text = text, .text_len = sizeof text - 1};
    assert_int_equal(ak_report_add_article(r, &a), AK_OK);
    char *s = render(r, 0);
    json_t *d = json_loads(s, 0, NULL);
    json_t *j = json_array_get(json_object_get(d, "articles"), 0);
    assert_string_equal(json_string_value(json_object_get(j, "published_from")), "text");
    assert_true(strncmp(json_string_value(json_object_get(j, "published")), "2024-06-09", 10) == 0);
    json_decref(d);
    ak_free(s);
    ak_report_free(r);
}

static void write_creates_both_files(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_report_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[256], path[300];
    snprintf(sub, sizeof sub, "%s/a/b", dir);
    ak_report *r = one_article();
    assert_int_equal(ak_report_write(r, sub), AK_OK);
    snprintf(path, sizeof path, "%s/report.json", sub);
    json_t *d = json_load_file(path, 0, NULL);
    assert_non_null(d);
    json_decref(d);
    remove(path);
    snprintf(path, sizeof path, "%s/report.html", sub);
    assert_int_equal(access(path, R_OK), 0);
    remove(path);
    rmdir(sub);
    snprintf(path, sizeof path, "%s/a", dir);
    rmdir(path);
    rmdir(dir);
    ak_report_free(r);
}

static void store_run_rejects_bad_records_and_keeps_the_rest(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_report_db_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[300], db[300];
    snprintf(path, sizeof path, "%s/in.jsonl", dir);
    snprintf(db, sizeof db, "%s/t.db", dir);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("{\"id\":\"a\",\"source\":\"و\",\"title\":\"ت\",\"text\":\"الأحد 1 سبتمبر 2024 - 14:20\\nنص الخبر الأول عن افتتاح المعرض.\"}\n"
          "{\"id\":\"b\",\"text\":\n"                                   /* truncated JSON */
          "{\"id\":\"c\",\"title\":\"no text\"}\n"                      /* missing text */
          "{\"id\":\"e\",\"source\":\"ب\",\"text\":\"الأحد 1 سبتمبر 2024 - 14:20\\nنص الخبر الأول عن افتتاح المعرض.\"}\n"
          "{\"id\":\"f\",\"published\":\"2024-01-02\",\"text\":\"خبر ثان عن الطقس في 2 كانون الثاني 2024.\"}\n",
          f);
    fclose(f);
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    const char *paths[] = {path};
    assert_int_equal(rp_load_db(r, db, paths, 1), AK_OK);
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    assert_int_equal(c.articles, 2);
    assert_int_equal(c.duplicates, 1);
    assert_int_equal(c.rejected, 2);
    assert_int_equal(r->rej[0].line, 2);
    assert_int_equal(r->rej[1].line, 3);
    assert_string_equal(r->dups[0].a, "e");
    assert_string_equal(r->dups[0].b, "a");
    /* the date line became the date and a struck-out line, out of the text */
    assert_string_equal(r->art[0].published, "2024-09-01T14:20");
    assert_string_equal(r->art[0].published_from, "chrome");
    assert_int_equal(r->art[0].n_removed, 1);
    assert_string_equal(r->art[0].removed[0].reason, "dateline");
    assert_string_equal(r->art[0].removed[0].text, "الأحد 1 سبتمبر 2024 - 14:20");
    assert_null(strstr(r->art[0].text, "14:20"));
    assert_string_equal(r->art[1].published_from, "record");
    ak_report_free(r);
    /* a second run over the same input adds nothing */
    assert_int_equal(ak_report_new(&r), AK_OK);
    assert_int_equal(rp_load_db(r, db, paths, 1), AK_OK);
    ak_report_get_counts(r, &c);
    assert_int_equal(c.articles, 2);
    ak_report_free(r);
    remove(path);
    remove(db);
    char side[320];
    snprintf(side, sizeof side, "%s-wal", db);
    remove(side);
    snprintf(side, sizeof side, "%s-shm", db);
    remove(side);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(html_escapes_every_field),
        cmocka_unit_test(json_parses_back_to_the_input),
        cmocka_unit_test(html_is_rtl_arabic_and_self_contained),
        cmocka_unit_test(removed_lines_are_struck_out_with_reason),
        cmocka_unit_test(invalid_utf8_or_missing_id_is_refused),
        cmocka_unit_test(counts_cover_duplicates_and_rejections),
        cmocka_unit_test(sections_are_validated_and_rendered),
        cmocka_unit_test(missing_date_is_taken_from_a_date_line),
        cmocka_unit_test(write_creates_both_files),
        cmocka_unit_test(store_run_rejects_bad_records_and_keeps_the_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
