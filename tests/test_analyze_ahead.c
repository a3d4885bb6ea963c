/* test_analyze_ahead.c: the per-article step reads and queues batches ahead of the one it
 * writes; a batch with an article whose DCT comes from the store's known days waits until the
 * batches before it are written, so it finds their days as it would one batch at a time. */
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

/* Batches of two: the first batch gives the store Tuesday 5 March; the second has an undated
 * report of "yesterday, Monday" beside a report of Wednesday 20 March, so only the first
 * batch's day fits it. Then more dated batches, so several are read ahead. */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    const char *dated = "{\"id\":\"%s\",\"source\":\"مصدر\",\"title\":\"خبر %s\",\"published\":\"%s\",\"text\":\"%s\"}\n";
    fprintf(f, dated, "d1", "d1", "2024-03-05", "افتتح المحافظ معرض الكتاب في المدينة بحضور عدد من المسؤولين.");
    fprintf(f, dated, "d2", "d2", "2024-03-05", "أعلنت البلدية خطة لصيانة الطرق في الأحياء الشرقية خلال الشهر.");
    fputs("{\"id\":\"u1\",\"source\":\"مصدر\",\"title\":\"زيارة\",\"text\":\"زار الوزير أمس الاثنين مستشفى المدينة"
          " واطلع على سير العمل في أقسامه.\"}\n", f);
    fprintf(f, dated, "d3", "d3", "2024-03-20", "بدأت المدارس استقبال طلبات التسجيل للعام الدراسي المقبل في المنطقة.");
    for (unsigned i = 0; i < 10; i++) {
        char id[16], text[160];
        snprintf(id, sizeof id, "e%u", i);
        snprintf(text, sizeof text, "خبر محلي رقم %u عن نشاط ثقافي في المحافظة.", i);
        fprintf(f, dated, id, id, "2024-03-21", text);
    }
    fclose(f);
}

static void the_store_days_of_earlier_batches_date_a_report(unsigned threads)
{
    synth_store st;
    ak_db *db = synth_store_open(&st, "/tmp/ak_ahead_XXXXXX", write_corpus);
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.batch_size = 2;
    o.commit_articles = 2;
    o.threads = threads;
    ak_analyze_counts ac;
    assert_int_equal(ak_analyze(db, &o, &ac), AK_OK);
    assert_int_equal(ac.analyzed, 14);
    sqlite3 *h = ak_db_sqlite(db);
    assert_int_equal(sql_number(h, "SELECT count(*) FROM article_meta WHERE article='u1' AND dct='2024-03-05'"
                                   " AND dct_from='related'"),
                     1);
    assert_int_equal(sql_number(h, "SELECT count(*) FROM article_meta WHERE dct IS NOT NULL"), 14);
    synth_store_close(&st, db);
}

static void with_one_thread(void **state)
{
    (void)state;
    the_store_days_of_earlier_batches_date_a_report(1);
}

static void with_two_threads(void **state)
{
    (void)state;
    the_store_days_of_earlier_batches_date_a_report(2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(with_one_thread),
        cmocka_unit_test(with_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
