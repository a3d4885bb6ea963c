/* test_story_times.c: the story step makes each story's timeline from the time expressions
 * the analysis stored (article_timex, with their granularity since migration 11), not by
 * tagging every report again: the timelines are the same as tagging gives, a stored value is
 * what the timeline shows, and rows stored without their granularity (a store analyzed before
 * migration 11) have their article tagged again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar.h"
#include "sql_number.h"
#include "synth_corpus.h"

#define REC(id, src, day, title, text) \
    "{\"id\":\"" id "\",\"source\":\"" src "\",\"title\":\"" title "\",\"published\":\"" day "\",\"text\":\"" text "\"}\n"

static const char *const RECORDS =
    REC("f1", "وكالة أ", "2024-03-12", "سيول تغمر أحياء مدينة الزرقاء",
        "غمرت السيول مساء أمس الاثنين أحياء مدينة الزرقاء بعد أمطار غزيرة، وقال محافظ الزرقاء سامر الخطيب إن فرق "
        "الدفاع المدني أنقذت عشرات السكان من منازلهم.\\nوأعلنت مديرية التربية تعليق الدوام في مدارس المدينة اليوم الثلاثاء"
        " حتى 15 آذار/مارس الجاري.")
    REC("f2", "صحيفة ب", "2024-03-13", "ارتفاع ضحايا سيول الزرقاء",
        "ارتفعت حصيلة ضحايا السيول التي اجتاحت مدينة الزرقاء إلى سبعة قتلى، وقال محافظ الزرقاء سامر الخطيب إن فرق "
        "الدفاع المدني ما زالت تبحث عن مفقودين في أحياء المدينة.\\nوأوضح أن السيول غمرت أمس الثلاثاء أحياء جديدة،"
        " وأن الأمطار المماثلة في كانون الثاني/يناير 2023 كانت أخف.")
    REC("r1", "وكالة أ", "2024-08-29", "المركزي يرفع سعر الفائدة",
        "قرر البنك المركزي اليوم الخميس رفع سعر الفائدة الرئيسي بمقدار 50 نقطة أساس لكبح التضخم في الساعة 10:30 صباحا،"
        " وقال محافظ البنك عادل الشريف إن القرار جاء بعد اجتماع لجنة السياسة النقدية.\\nوكان التضخم قد بلغ 6.8 في"
        " المئة في تموز/يوليو الماضي، وفي الربع الثاني من العام.");

typedef struct fixture { char dir[64], db[96], in[96]; ak_db *db_h; } fixture;

static void exec(ak_db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(ak_db_sqlite(db), sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, err);
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

static long long num(ak_db *db, const char *sql) { return sql_number(ak_db_sqlite(db), sql); }

/* Without a model (a path that does not exist): fast, the rest of the analysis runs. */
static void analyze(ak_db *db)
{
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.ner_model = "/nonexistent/ner.model";
    o.threads = 2;
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
}

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "/tmp/ak_storytimes_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    snprintf(x->db, sizeof x->db, "%s/a.db", x->dir);
    snprintf(x->in, sizeof x->in, "%s/in.jsonl", x->dir);
    FILE *f = fopen(x->in, "w");
    assert_non_null(f);
    fputs(RECORDS, f);
    fclose(f);
    assert_int_equal(ak_db_open(&x->db_h, x->db), AK_OK);
    const char *paths[] = {x->in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(x->db_h, paths, 1, NULL, &c), AK_OK);
    analyze(x->db_h);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    ak_db_close(x->db_h);
    synth_remove_db(x->db);
    remove(x->in);
    rmdir(x->dir);
    free(x);
    return 0;
}

/* Every story's timeline, in story order (caller frees). */
static char *timelines(ak_db *db)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db), "SELECT id, timeline FROM stories ORDER BY id", -1, &q, NULL),
                     SQLITE_OK);
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    while (sqlite3_step(q) == SQLITE_ROW)
        fprintf(f, "%s %s\n", (const char *)sqlite3_column_text(q, 0), (const char *)sqlite3_column_text(q, 1));
    sqlite3_finalize(q);
    fclose(f);
    return s;
}

/* The stories made again from scratch over what is stored now. */
static char *timelines_again(ak_db *db)
{
    exec(db, "DELETE FROM story_articles; DELETE FROM stories");
    analyze(db);
    return timelines(db);
}

static void every_row_has_its_granularity(void **state)
{
    fixture *x = *state;
    assert_true(num(x->db_h, "SELECT count(*) FROM article_timex") >= 8);
    assert_int_equal(num(x->db_h, "SELECT count(*) FROM article_timex WHERE gran IS NULL"), 0);
    /* day, minute, month and quarter expressions: each kept its own */
    assert_true(num(x->db_h, "SELECT count(DISTINCT gran) FROM article_timex") >= 4);
}

/* The same timelines from the stored rows as from tagging each report again (their
 * granularity removed, as in a store analyzed before migration 11). */
static void stored_expressions_give_the_timelines_tagging_gives(void **state)
{
    fixture *x = *state;
    char *stored = timelines(x->db_h);
    assert_non_null(strstr(stored, "\"value\":\"2024-08-29T10:30\""));
    assert_non_null(strstr(stored, "\"granularity\":\"month\""));
    assert_non_null(strstr(stored, "\"granularity\":\"quarter\""));
    assert_non_null(strstr(stored, "\"value\":\"2024-03-11\""));
    exec(x->db_h, "UPDATE article_timex SET gran = NULL");
    char *tagged = timelines_again(x->db_h);
    assert_string_equal(stored, tagged);
    free(stored);
    free(tagged);
}

/* A stored value is what the timeline shows; without its granularity the row's article
 * is tagged again and the tagger's value is back. */
static void the_timeline_reads_the_stored_rows(void **state)
{
    fixture *x = *state;
    exec(x->db_h, "UPDATE article_timex SET value = '2001-02-03' WHERE article = 'f1' AND value = '2024-03-11'");
    assert_int_equal(sqlite3_changes(ak_db_sqlite(x->db_h)), 1);
    char *read = timelines_again(x->db_h);
    assert_non_null(strstr(read, "\"value\":\"2001-02-03\""));
    assert_null(strstr(read, "\"value\":\"2024-03-11\""));
    exec(x->db_h, "UPDATE article_timex SET gran = NULL WHERE article = 'f1'");
    char *tagged = timelines_again(x->db_h);
    assert_null(strstr(tagged, "\"value\":\"2001-02-03\""));
    assert_non_null(strstr(tagged, "\"value\":\"2024-03-11\""));
    free(read);
    free(tagged);
}

/* Offsets that do not fit the text (a row written by hand, a text changed behind the
 * analysis's back) have the article tagged again rather than read out of bounds. */
static void rows_that_do_not_fit_the_text_are_tagged_again(void **state)
{
    fixture *x = *state;
    char *before = timelines(x->db_h);
    exec(x->db_h, "UPDATE article_timex SET start = start + 100000, \"end\" = \"end\" + 100000 WHERE article = 'r1'");
    char *after = timelines_again(x->db_h);
    assert_string_equal(before, after);
    free(before);
    free(after);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(every_row_has_its_granularity, setup, teardown),
        cmocka_unit_test_setup_teardown(stored_expressions_give_the_timelines_tagging_gives, setup, teardown),
        cmocka_unit_test_setup_teardown(the_timeline_reads_the_stored_rows, setup, teardown),
        cmocka_unit_test_setup_teardown(rows_that_do_not_fit_the_text_are_tagged_again, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
