/* test_store_sql.c: the store's SQL interface (src/store/sql.h) on either database: queued
 * (deferred) writes all land, in order with the reads after them, past the pipeline's batch
 * size; a queued write that fails is reported by the next command at the latest, its
 * transaction rolls back whole, and the connection goes on; reads sent ahead answer each its
 * own, whatever order they are stepped in and whatever runs between. On PostgreSQL when cli_pg.sh runs
 * it with AK_TEST_PG_HOST (tests/test_db.h), on SQLite otherwise. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "store/sql.h"
#include "test_db.h"

typedef struct conn { ak_sql *c; sqlite3 *lite; char dir[64]; } conn;

static int setup(void **state)
{
    conn *k = calloc(1, sizeof *k);
    if (!k) return -1;
    strcpy(k->dir, "/tmp/ak_sql_XXXXXX");
    if (!mkdtemp(k->dir)) return -1;
    const char *where = test_db(k->dir, "t.db");
    if (!where) return -1;
    if (ak_sql_is_pg_url(where)) {
        if (ak_sql_open_pg(&k->c, where) != AK_OK) return -1;
    } else if (sqlite3_open(where, &k->lite) != SQLITE_OK || ak_sql_wrap_sqlite(&k->c, k->lite) != AK_OK) {
        return -1;
    }
    *state = k;
    return ak_sql_exec(k->c, "CREATE TABLE t(k bigint PRIMARY KEY, v text NOT NULL)", "create") == AK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    conn *k = *state;
    ak_sql_close(k->c);
    sqlite3_close(k->lite);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", k->dir);
    int rc = system(cmd);
    free(k);
    return rc == 0 ? 0 : -1;
}

static long long count_rows(ak_sql *c, const char *where)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM t%s", where);
    ak_sqlq *q = NULL;
    assert_int_equal(ak_sql_prepare(c, sql, 0, &q), AK_OK);
    assert_int_equal(ak_sqlq_step(q), AK_SQL_ROW);
    long long n = ak_sqlq_int64(q, 0);
    ak_sqlq_finalize(q);
    return n;
}

/* Inserts keys [from, to) through a deferred statement; returns the first failing step's status. */
static int insert_range(ak_sql *c, long long from, long long to)
{
    ak_sqlq *q = NULL;
    assert_int_equal(ak_sql_prepare(c, "INSERT INTO t(k, v) VALUES(?1, ?2)", 0, &q), AK_OK);
    ak_sqlq_defer(q);
    int rc = AK_OK;
    char v[32];
    for (long long k = from; rc == AK_OK && k < to; k++) {
        snprintf(v, sizeof v, "v%lld", k);
        ak_sqlq_reset(q);
        ak_sqlq_bind_int64(q, 1, k);
        ak_sqlq_bind_text(q, 2, v, -1);
        int st = ak_sqlq_step(q);
        if (st != AK_SQL_DONE) rc = st < 0 ? st : AK_EDB;
    }
    ak_sqlq_finalize(q);
    return rc;
}

static void queued_writes_land_in_order(void **state)
{
    conn *k = *state;
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    /* more than one batch of the pipeline (512), then a read in the same transaction */
    assert_int_equal(insert_range(k->c, 0, 1300), AK_OK);
    assert_int_equal(count_rows(k->c, ""), 1300);
    assert_int_equal(insert_range(k->c, 1300, 1305), AK_OK);
    assert_int_equal(count_rows(k->c, " WHERE k >= 1300"), 5);
    assert_int_equal(ak_sql_commit(k->c), AK_OK);
    ak_sqlq *q = NULL;
    assert_int_equal(ak_sql_prepare(k->c, "SELECT v FROM t WHERE k = ?1", 0, &q), AK_OK);
    ak_sqlq_bind_int64(q, 1, 1299);
    assert_int_equal(ak_sqlq_step(q), AK_SQL_ROW);
    assert_string_equal(ak_sqlq_text(q, 0), "v1299");
    ak_sqlq_finalize(q);
}

static void queued_failure_is_reported_and_rolled_back(void **state)
{
    conn *k = *state;
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    assert_int_equal(insert_range(k->c, 0, 10), AK_OK);
    assert_int_equal(ak_sql_commit(k->c), AK_OK);
    /* new keys, then one already stored: SQLite fails at that step, PostgreSQL by the commit */
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    int rc = insert_range(k->c, 100, 200);
    if (rc == AK_OK) rc = insert_range(k->c, 5, 6);
    if (rc == AK_OK) rc = ak_sql_commit(k->c);
    assert_int_equal(rc, AK_EDB);
    if (ak_sql_is_pg(k->c)) assert_non_null(strstr(ak_last_error(), "duplicate key"));
    ak_sql_rollback(k->c);
    /* nothing of the failed transaction stays, and the connection goes on */
    assert_int_equal(count_rows(k->c, ""), 10);
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    assert_int_equal(insert_range(k->c, 10, 20), AK_OK);
    assert_int_equal(ak_sql_commit(k->c), AK_OK);
    assert_int_equal(count_rows(k->c, ""), 20);
}

/* One statement's count for keys >= from, sent ahead. */
static ak_sqlq *send_count(ak_sql *c, long long from)
{
    ak_sqlq *q = NULL;
    assert_int_equal(ak_sql_prepare(c, "SELECT count(*) FROM t WHERE k >= ?1", 0, &q), AK_OK);
    ak_sqlq_bind_int64(q, 1, from);
    assert_int_equal(ak_sqlq_send(q), AK_OK);
    return q;
}

static long long step_count(ak_sqlq *q)
{
    assert_int_equal(ak_sqlq_step(q), AK_SQL_ROW);
    long long n = ak_sqlq_int64(q, 0);
    assert_int_equal(ak_sqlq_step(q), AK_SQL_DONE);
    return n;
}

static void reads_sent_ahead_answer_in_any_order(void **state)
{
    conn *k = *state;
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    assert_int_equal(insert_range(k->c, 0, 100), AK_OK);
    assert_int_equal(ak_sql_commit(k->c), AK_OK);
    /* stepped out of order: each gets its own result */
    ak_sqlq *a = send_count(k->c, 10), *b = send_count(k->c, 90), *c = send_count(k->c, 50);
    assert_int_equal(step_count(b), 10);
    assert_int_equal(step_count(a), 90);
    /* a statement run in between reads what was sent before it first */
    assert_int_equal(count_rows(k->c, ""), 100);
    assert_int_equal(step_count(c), 50);
    /* reset before its step, bound again, sent again: the new binding answers */
    ak_sqlq_reset(a);
    ak_sqlq_bind_int64(a, 1, 0);
    assert_int_equal(ak_sqlq_send(a), AK_OK);
    ak_sqlq_reset(a);
    ak_sqlq_bind_int64(a, 1, 99);
    assert_int_equal(ak_sqlq_send(a), AK_OK);
    assert_int_equal(step_count(a), 1);
    /* sent ahead, then queued writes, then the read: the writes come after it */
    ak_sqlq_reset(b);
    ak_sqlq_bind_int64(b, 1, 0);
    assert_int_equal(ak_sqlq_send(b), AK_OK);
    assert_int_equal(ak_sql_begin_write(k->c), AK_OK);
    assert_int_equal(insert_range(k->c, 100, 110), AK_OK);
    assert_int_equal(ak_sql_commit(k->c), AK_OK);
    long long before = step_count(b);
    assert_true(before == 100 || before == 110); /* sent first on PostgreSQL, run at its step on SQLite */
    if (ak_sql_is_pg(k->c)) assert_int_equal(before, 100);
    ak_sqlq_finalize(a);
    ak_sqlq_finalize(b);
    ak_sqlq_finalize(c);
    assert_int_equal(count_rows(k->c, ""), 110);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(queued_writes_land_in_order, setup, teardown),
        cmocka_unit_test_setup_teardown(queued_failure_is_reported_and_rolled_back, setup, teardown),
        cmocka_unit_test_setup_teardown(reads_sent_ahead_answer_in_any_order, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
