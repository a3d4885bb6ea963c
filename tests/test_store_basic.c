/* test_store_basic.c: the store: migrations, idempotent ingestion, exact duplicates, the
 * per-source chrome model cleaning earlier articles, the hook. Run on SQLite, and by
 * tests/cli_pg.sh on PostgreSQL (test_db.h); the SQLite-only checks are skipped there. */
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
#include "store/store_internal.h"
#include "test_db.h"

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_store_XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
    static char p[128];
    snprintf(p, sizeof p, "%s/%s", g_dir, name);
    return p;
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static int count_hook(ak_db *db, const ak_stored_article *a, void *ctx)
{
    (void)db;
    assert_non_null(a->id);
    assert_non_null(a->text);
    (*(int *)ctx)++;
    return 0;
}

static void ingest_is_idempotent_and_dedups(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s", path_of("a.jsonl"));
    write_file(in, "{\"id\":\"1\",\"source\":\"s\",\"text\":\"عنوان\\nنص أول.\"}\n"
                   "{\"id\":\"2\",\"text\":\"عنوان\\n\\nنص   أول.\"}\n" /* same text, other spacing */
                   "{\"id\":\"3\",\"text\":\"نص ثالث.\"}\n"
                   "{\"id\":\"4\",\"text\":\"نصّ ثالـث.\"}\n" /* same after normalization (shadda, tatweel) */
                   "{\"id\":\"1\",\"text\":\"مختلف\"}\n"             /* same id */
                   "not json\n");
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, test_db(g_dir, "t.db")), AK_OK);
    int version = 0;
    assert_int_equal(ak_db_schema_version(db, &version), AK_OK);
    int n_mig;
    if (ak_db_sqlite(db)) ak_store_migrations(&n_mig);
    else ak_store_pg_migrations(&n_mig); /* PostgreSQL's schema counts its own */
    assert_int_equal(version, n_mig);
    int hooked = 0;
    ak_db_set_article_hook(db, count_hook, &hooked);
    const char *paths[] = {in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    assert_int_equal(c.added, 2);
    assert_int_equal(c.duplicates, 3);
    assert_int_equal(c.rejected, 1);
    assert_int_equal(hooked, 2);
    /* Again: nothing added, every good record a duplicate. */
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    assert_int_equal(c.added, 0);
    assert_int_equal(c.duplicates, 5);
    assert_int_equal(c.rejected, 1);
    size_t na = 0, nd = 0;
    assert_int_equal(ak_db_counts(db, &na, &nd), AK_OK);
    assert_int_equal(na, 2);
    assert_int_equal(nd, 2);
    ak_stored_article *a = NULL;
    assert_int_equal(ak_article_get(db, "1", &a), AK_OK);
    assert_string_equal(a->text, "عنوان\nنص أول.");
    assert_string_equal(a->title, "عنوان");
    assert_string_equal(a->source, "s");
    assert_int_equal(a->line, 1);
    ak_stored_article_free(a);
    assert_int_equal(ak_article_get(db, "2", &a), AK_ENOTFOUND);
    ak_db_close(db);
}

static void iteration_in_ingest_order(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s", path_of("b.jsonl"));
    write_file(in, "{\"id\":\"z\",\"text\":\"Skip to main content\\nعنوان\\nنص.\"}\n{\"id\":\"a\",\"text\":\"آخر\"}\n");
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, test_db(g_dir, "i.db")), AK_OK);
    const char *paths[] = {in};
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_OK);
    ak_article_iter *it = NULL;
    assert_int_equal(ak_articles_iter(db, &it), AK_OK);
    const ak_stored_article *a;
    assert_int_equal(ak_articles_next(it, &a), 1);
    assert_string_equal(a->id, "z");
    assert_string_equal(a->raw, "Skip to main content\nعنوان\nنص.");
    assert_string_equal(a->text, "عنوان\nنص.");
    assert_int_equal(a->n_removed, 1);
    assert_int_equal(a->removed[0].start, 0);
    assert_int_equal(a->removed[0].end, 20);
    assert_string_equal(a->removed[0].reason, "ui");
    assert_string_equal(a->removed_json, "[{\"start\":0,\"end\":20,\"reason\":\"ui\"}]");
    assert_int_equal(ak_articles_next(it, &a), 1);
    assert_string_equal(a->id, "a");
    assert_int_equal(ak_articles_next(it, &a), 0);
    ak_articles_iter_free(it);
    /* more articles than a page of PostgreSQL's reading: each once, in order */
    FILE *f = fopen(in, "wb");
    assert_non_null(f);
    for (int i = 0; i < 1300; i++) fprintf(f, "{\"id\":\"n%04d\",\"text\":\"خبر رقم %d.\"}\n", i, i);
    fclose(f);
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_OK);
    assert_int_equal(ak_articles_iter(db, &it), AK_OK);
    int n = 0, r;
    while ((r = ak_articles_next(it, &a)) == 1) {
        if (n >= 2) {
            char want[16];
            snprintf(want, sizeof want, "n%04d", n - 2);
            assert_string_equal(a->id, want);
        }
        n++;
    }
    assert_int_equal(r, 0);
    assert_int_equal(n, 1302);
    ak_articles_iter_free(it);
    ak_db_close(db);
}

/* Eight articles of one source end with the same stamp line: once the stamp is
 * known (5 articles), every article of the source loses it, the first ones too. */
static void repeated_lines_cleaned_everywhere(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s", path_of("c.jsonl"));
    FILE *f = fopen(in, "wb");
    assert_non_null(f);
    for (int i = 0; i < 8; i++)
        fprintf(f, "{\"id\":\"r%d\",\"source\":\"paper\",\"text\":\"عنوان %d\\nخبر رقم %d عن موضوع.\\nرابط الخبر بصحيفة المثال\"}\n", i, i, i);
    fprintf(f, "{\"id\":\"o\",\"source\":\"other\",\"text\":\"عنوان\\nرابط الخبر بصحيفة المثال\"}\n");
    fclose(f);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, test_db(g_dir, "r.db")), AK_OK);
    const char *paths[] = {in};
    ak_ingest_counts c;
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    opt.batch_size = 3;
    assert_int_equal(ak_ingest(db, paths, 1, &opt, &c), AK_OK);
    assert_int_equal(c.added, 9);
    assert_true(c.recleaned >= 4);
    for (int i = 0; i < 8; i++) {
        char id[8];
        snprintf(id, sizeof id, "r%d", i);
        ak_stored_article *a = NULL;
        assert_int_equal(ak_article_get(db, id, &a), AK_OK);
        assert_null(strstr(a->text, "رابط الخبر"));
        assert_int_equal(a->n_removed, 1);
        assert_string_equal(a->removed[0].reason, "repeated");
        /* raw keeps the line, also where it was stored as NULL (nothing removed) before */
        const char *line = a->raw + a->removed[0].start;
        assert_true(a->removed[0].end <= a->raw_len);
        assert_int_equal(strncmp(line, "رابط الخبر", strlen("رابط الخبر")), 0);
        ak_stored_article_free(a);
    }
    ak_stored_article *o = NULL;
    assert_int_equal(ak_article_get(db, "o", &o), AK_OK); /* another source keeps it */
    assert_non_null(strstr(o->text, "رابط الخبر"));
    ak_stored_article_free(o);
    /* raw is stored only where the cleaning changed the text */
    if (!ak_db_sqlite(db)) { ak_db_close(db); return; } /* read through SQLite below */
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db), "SELECT group_concat(id) FROM articles WHERE raw IS NULL",
                                        -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_string_equal((const char *)sqlite3_column_text(q, 0), "o");
    sqlite3_finalize(q);
    ak_db_close(db);
}

static void migrations_run_in_order_once(void **state)
{
    (void)state;
    if (getenv("AK_TEST_PG_HOST")) skip(); /* SQLite's migration list */
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(path_of("m.db"), &db), SQLITE_OK);
    const char *m[] = {"CREATE TABLE a(x)", "CREATE TABLE b(y); INSERT INTO a VALUES(1)", "CREATE TABLE oops("};
    assert_int_equal(ak_store_migrate(db, m, 2), AK_OK);
    assert_int_equal(ak_store_migrate(db, m, 2), AK_OK); /* already applied: nothing runs twice */
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM a", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 1);
    sqlite3_finalize(q);
    /* A failing migration leaves the version where it was. */
    assert_int_equal(ak_store_migrate(db, m, 3), AK_EDB);
    assert_non_null(strstr(ak_last_error(), "migration 3"));
    sqlite3_prepare_v2(db, "SELECT max(version) FROM schema_version", -1, &q, NULL);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(q, 0), 2);
    sqlite3_finalize(q);
    /* A database newer than the library is refused. */
    assert_int_equal(ak_store_migrate(db, m, 1), AK_EDB);
    sqlite3_close(db);
}

static int refuse_second(ak_db *db, const ak_stored_article *a, void *ctx)
{
    (void)db;
    (void)ctx;
    return strcmp(a->id, "y") == 0 ? AK_EINVAL : 0;
}

/* A hook that fails rolls its batch back: nothing of it is stored. */
static void failing_hook_rolls_back(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s", path_of("h.jsonl"));
    write_file(in, "{\"id\":\"x\",\"text\":\"أول\"}\n{\"id\":\"y\",\"text\":\"ثان\"}\n");
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, test_db(g_dir, "h.db")), AK_OK);
    ak_db_set_article_hook(db, refuse_second, NULL);
    const char *paths[] = {in};
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_EINVAL);
    size_t na = 9;
    assert_int_equal(ak_db_counts(db, &na, NULL), AK_OK);
    assert_int_equal(na, 0);
    ak_db_close(db);
}

static void unopenable_db_is_an_error(void **state)
{
    (void)state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, "/nonexistent/dir/x.db"), AK_EDB);
    assert_null(db);
    assert_non_null(strstr(ak_last_error(), "/nonexistent/dir/x.db"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(ingest_is_idempotent_and_dedups),
        cmocka_unit_test(iteration_in_ingest_order),
        cmocka_unit_test(repeated_lines_cleaned_everywhere),
        cmocka_unit_test(migrations_run_in_order_once),
        cmocka_unit_test(failing_hook_rolls_back),
        cmocka_unit_test(unopenable_db_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
