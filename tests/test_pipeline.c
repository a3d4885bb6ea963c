/* test_pipeline.c: ak_analyze over a small store: every stage persisted, a second call
 * changes nothing, new articles are analyzed incrementally with stable story ids, a run
 * cut off before its story step is completed by the next, and the stories read back. */
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

static const char *const FLOOD1 =
    "{\"id\":\"f1\",\"source\":\"وكالة أ\",\"title\":\"سيول تغمر أحياء مدينة الزرقاء\",\"published\":\"2024-03-12\","
    "\"text\":\"غمرت السيول مساء أمس الاثنين أحياء مدينة الزرقاء بعد أمطار غزيرة، وقال محافظ الزرقاء سامر الخطيب إن فرق "
    "الدفاع المدني أنقذت عشرات السكان من منازلهم.\\nوأعلنت مديرية التربية تعليق الدوام في مدارس المدينة اليوم الثلاثاء.\\n"
    "وتوقعت الأرصاد الجوية استمرار الأمطار حتى الخميس المقبل مع تحذيرات من تشكل السيول في الأودية.\"}\n";
static const char *const FLOOD2 =
    "{\"id\":\"f2\",\"source\":\"صحيفة ب\",\"title\":\"ارتفاع ضحايا سيول الزرقاء\",\"published\":\"2024-03-13\","
    "\"text\":\"ارتفعت حصيلة ضحايا السيول التي اجتاحت مدينة الزرقاء إلى سبعة قتلى، وقال محافظ الزرقاء سامر الخطيب إن فرق "
    "الدفاع المدني ما زالت تبحث عن مفقودين في أحياء المدينة.\\nوأوضح أن السيول غمرت أمس الثلاثاء أحياء جديدة.\"}\n";
static const char *const RATES =
    "{\"id\":\"r1\",\"source\":\"وكالة أ\",\"title\":\"المركزي يرفع سعر الفائدة\",\"published\":\"2024-08-29\","
    "\"text\":\"قرر البنك المركزي اليوم الخميس رفع سعر الفائدة الرئيسي بمقدار 50 نقطة أساس لكبح التضخم، وقال محافظ البنك "
    "عادل الشريف إن القرار جاء بعد اجتماع لجنة السياسة النقدية.\\nوكان التضخم قد بلغ 6.8 في المئة في تموز/يوليو الماضي.\"}\n";

typedef struct fixture { char dir[64], db[96], in[96]; } fixture;

static void write_file(const char *path, const char *a, const char *b)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(a, f);
    if (b) fputs(b, f);
    fclose(f);
}

static ak_db *open_with(fixture *x, const char *a, const char *b)
{
    ak_db *db = NULL;
    write_file(x->in, a, b);
    assert_int_equal(ak_db_open(&db, x->db), AK_OK);
    const char *paths[] = {x->in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    return db;
}

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "/tmp/ak_pipeline_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    snprintf(x->db, sizeof x->db, "%s/a.db", x->dir);
    snprintf(x->in, sizeof x->in, "%s/in.jsonl", x->dir);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    char p[128];
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) { snprintf(p, sizeof p, "%s%s", x->db, suffix[i]); remove(p); }
    remove(x->in);
    rmdir(x->dir);
    free(x);
    return 0;
}

/* Without a model (a path that does not exist) everything else still runs. */
static ak_analyze_options no_ner(void)
{
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.ner_model = "/nonexistent/ner.model";
    return o;
}

typedef struct seen { int n; char first[64], of_f2[64]; } seen;

static int collect(const ak_story_info *s, void *ctx)
{
    seen *v = ctx;
    if (!v->n) snprintf(v->first, sizeof v->first, "%s", s->id);
    for (size_t i = 0; i < s->n_articles; i++)
        if (!strcmp(s->articles[i], "f2")) snprintf(v->of_f2, sizeof v->of_f2, "%s", s->id);
    assert_true(s->summary_json[0] == '[' && s->timeline_json[0] == '[');
    v->n++;
    return 0;
}

static long long count(ak_db *db, const char *sql) { return sql_number(ak_db_sqlite(db), sql); }

static void analysis_is_persisted_and_a_rerun_changes_nothing(void **state)
{
    fixture *x = *state;
    ak_db *db = open_with(x, FLOOD1, FLOOD2);
    ak_analyze_options o = no_ner();
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.ner_missing, 1);
    assert_int_equal(c.analyzed, 2);
    assert_true(c.timexes > 0);
    assert_int_equal(c.stories, 1);
    assert_int_equal(c.stories_written, 1);
    assert_int_equal(count(db, "SELECT count(*) FROM article_meta WHERE analyzed != 0"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM article_meta WHERE dct='2024-03-12' AND dct_from='record'"), 1);
    /* "أمس الاثنين" under 2024-03-12 */
    assert_int_equal(count(db, "SELECT count(*) FROM article_timex WHERE article='f1' AND value='2024-03-11'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM stories WHERE id='f1' AND n_articles=2 AND summary LIKE '[{%'"), 1);
    seen v = {0};
    assert_int_equal(ak_stories_each(db, NULL, collect, &v), AK_OK);
    assert_int_equal(v.n, 1);
    assert_string_equal(v.of_f2, "f1");
    /* the same call again: nothing to do, nothing written */
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.analyzed, 0);
    assert_int_equal(c.stories_written, 0);
    assert_int_equal(c.stories, 1);
    assert_int_equal(ak_stories_each(db, "nosuch", collect, &v), AK_ENOTFOUND);
    ak_db_close(db);
}

static void new_articles_are_analyzed_incrementally_with_stable_ids(void **state)
{
    fixture *x = *state;
    ak_db *db = open_with(x, FLOOD2, NULL);
    ak_analyze_options o = no_ner();
    o.batch_size = 1;
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.analyzed, 1);
    ak_db_close(db);
    /* an earlier report of the same story and an unrelated one arrive later */
    db = open_with(x, FLOOD1, RATES);
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.analyzed, 2);
    assert_int_equal(c.stories, 2);
    seen v = {0};
    assert_int_equal(ak_stories_each(db, NULL, collect, &v), AK_OK);
    assert_string_equal(v.first, "r1");   /* newest first */
    assert_string_equal(v.of_f2, "f1");   /* the story is named by its earliest article */
    assert_int_equal(count(db, "SELECT count(*) FROM story_articles"), 3);
    ak_db_close(db);
}

static void a_run_cut_before_its_story_step_is_completed(void **state)
{
    fixture *x = *state;
    ak_db *db = open_with(x, FLOOD1, RATES);
    ak_analyze_options o = no_ner();
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    /* as if the process died after the article batches committed */
    assert_int_equal(sqlite3_exec(ak_db_sqlite(db), "DELETE FROM stories; DELETE FROM story_articles", NULL, NULL, NULL),
                     SQLITE_OK);
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.analyzed, 0);
    assert_int_equal(c.stories_written, 2);
    assert_int_equal(count(db, "SELECT count(*) FROM story_articles"), 2);
    ak_db_close(db);
}

/* One man written with and without بن between his names is one entity; a two-word
 * name is too short to tell, so "محمد بن سلمان" and "محمد سلمان" stay two people. */
static void a_lineage_word_does_not_split_a_person(void **state)
{
    fixture *x = *state;
    static const char *const LINEAGE =
        "{\"id\":\"b1\",\"source\":\"s1\",\"title\":\"تعزية\",\"published\":\"2015-08-03\",\"text\":\"قدم مدير عام حرس "
        "الحدود اللواء أحمد بن جعفر المجيشي التعازي لذوي الشهيدين في جازان اليوم.\"}\n"
        "{\"id\":\"b2\",\"source\":\"s2\",\"title\":\"عزاء\",\"published\":\"2015-08-03\",\"text\":\"نقل اللواء أحمد "
        "جعفر المجيشي مدير عام حرس الحدود تعازيه إلى أسر الشهداء في منطقة جازان.\"}\n"
        "{\"id\":\"b3\",\"source\":\"s1\",\"title\":\"لقاء\",\"published\":\"2015-08-04\",\"text\":\"التقى ولي ولي العهد "
        "الأمير محمد بن سلمان وزير الخارجية الأمريكي في جدة.\"}\n"
        "{\"id\":\"b4\",\"source\":\"s2\",\"title\":\"هدف\",\"published\":\"2015-08-04\",\"text\":\"سجل اللاعب محمد "
        "سلمان هدفا في مرمى الفريق الضيف أمس.\"}\n";
    ak_db *db = open_with(x, LINEAGE, NULL);
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.ner_missing, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM entities WHERE type='PER' AND name LIKE '%المجيشي'"), 1);
    assert_int_equal(count(db, "SELECT n_articles FROM entities WHERE type='PER' AND name LIKE '%المجيشي'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM entities WHERE type='PER' AND name LIKE 'محمد%سلمان'"), 2);
    ak_db_close(db);
}

/* A ruling house's member is one person with and without "آل <house>" or his grandfather, and
 * "عبد العزيز" is "عبدالعزيز"; another family's name is kept, since it tells two men of one
 * father's name apart. */
static void a_ruling_house_does_not_split_a_person(void **state)
{
    fixture *x = *state;
    static const char *const HOUSE =
        "{\"id\":\"h1\",\"source\":\"s1\",\"title\":\"برقية\",\"published\":\"2015-08-03\",\"text\":\"بعث خادم "
        "الحرمين الشريفين الملك سلمان بن عبد العزيز آل سعود برقية تهنئة إلى رئيس تشاد.\"}\n"
        "{\"id\":\"h2\",\"source\":\"s2\",\"title\":\"استقبال\",\"published\":\"2015-08-04\",\"text\":\"استقبل "
        "الملك سلمان بن عبدالعزيز في جدة أمس وزير الخارجية الفرنسي.\"}\n"
        "{\"id\":\"h3\",\"source\":\"s1\",\"title\":\"تكريم\",\"published\":\"2015-08-04\",\"text\":\"كرم مدير "
        "التعليم الأستاذ أحمد بن علي آل مريع المعلمين المتميزين في أبها.\"}\n"
        "{\"id\":\"h4\",\"source\":\"s2\",\"title\":\"افتتاح\",\"published\":\"2015-08-05\",\"text\":\"افتتح "
        "رجل الأعمال أحمد بن علي المعرض الجديد في الرياض أمس.\"}\n"
        "{\"id\":\"h5\",\"source\":\"s1\",\"title\":\"اتصال\",\"published\":\"2015-08-05\",\"text\":\"تلقى "
        "ولي العهد الأمير محمد بن نايف بن عبدالعزيز اتصالا هاتفيا من وزير الداخلية الفرنسي.\"}\n"
        "{\"id\":\"h6\",\"source\":\"s2\",\"title\":\"استقبال\",\"published\":\"2015-08-06\",\"text\":\"استقبل "
        "الأمير محمد بن نايف في جدة أمس سفير اليابان لدى المملكة.\"}\n";
    ak_db *db = open_with(x, HOUSE, NULL);
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(c.ner_missing, 0);
    assert_int_equal(count(db, "SELECT count(*) FROM entities WHERE type='PER' AND name LIKE 'سلمان%'"), 1);
    assert_int_equal(count(db, "SELECT n_articles FROM entities WHERE type='PER' AND name LIKE 'سلمان%'"), 2);
    assert_int_equal(count(db, "SELECT count(*) FROM entities WHERE type='PER' AND name LIKE 'أحمد بن علي%'"), 2);
    /* a chain of بن links is the man and his father: "محمد بن نايف بن عبدالعزيز" is "محمد بن نايف" */
    assert_int_equal(count(db, "SELECT count(*) FROM entities WHERE type='PER' AND name LIKE 'محمد بن نايف%'"), 1);
    assert_int_equal(count(db, "SELECT n_articles FROM entities WHERE type='PER' AND name LIKE 'محمد بن نايف%'"), 2);
    ak_db_close(db);
}

/* The story's main day is the one most reports give, not the one most often written: one
 * report repeating its day four times does not outvote two that give another. */
static void the_main_day_is_counted_in_reports(void **state)
{
    fixture *x = *state;
    static const char *const DAYS =
        "{\"id\":\"d1\",\"source\":\"s1\",\"title\":\"سيول تغمر أحياء مدينة الزرقاء\",\"published\":\"2024-03-12\","
        "\"text\":\"غمرت السيول أحياء مدينة الزرقاء يوم 10 آذار 2024 بعد أمطار غزيرة. وقال محافظ الزرقاء إن فرق الدفاع "
        "المدني عملت يوم 10 آذار 2024 طوال الليل. وأضاف أن المدارس أغلقت يوم 10 آذار 2024. وذكر أن الأمطار توقفت مساء "
        "يوم 10 آذار 2024.\"}\n"
        "{\"id\":\"d2\",\"source\":\"s2\",\"title\":\"سيول الزرقاء تغمر الأحياء\",\"published\":\"2024-03-12\","
        "\"text\":\"غمرت السيول أحياء مدينة الزرقاء يوم 11 آذار 2024 بعد أمطار غزيرة، وقال محافظ الزرقاء إن فرق الدفاع "
        "المدني أنقذت عشرات السكان.\"}\n"
        "{\"id\":\"d3\",\"source\":\"s3\",\"title\":\"السيول تغمر أحياء الزرقاء\",\"published\":\"2024-03-12\","
        "\"text\":\"قال محافظ الزرقاء إن السيول غمرت أحياء المدينة يوم 11 آذار 2024 بعد أمطار غزيرة وإن فرق الدفاع "
        "المدني أنقذت السكان.\"}\n";
    ak_db *db = open_with(x, DAYS, NULL);
    ak_analyze_options o = no_ner();
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, &o, &c), AK_OK);
    assert_int_equal(count(db, "SELECT count(*) FROM stories"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM stories WHERE header LIKE '%2024-03-11%'"), 1);
    assert_int_equal(count(db, "SELECT count(*) FROM stories WHERE header LIKE '%2024-03-10%'"), 0);
    ak_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(analysis_is_persisted_and_a_rerun_changes_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(new_articles_are_analyzed_incrementally_with_stable_ids, setup, teardown),
        cmocka_unit_test_setup_teardown(a_run_cut_before_its_story_step_is_completed, setup, teardown),
        cmocka_unit_test_setup_teardown(a_lineage_word_does_not_split_a_person, setup, teardown),
        cmocka_unit_test_setup_teardown(the_main_day_is_counted_in_reports, setup, teardown),
        cmocka_unit_test_setup_teardown(a_ruling_house_does_not_split_a_person, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
