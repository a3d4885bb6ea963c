/* sql_number.h: the first column of the one row a query returns, for the tests that check a
 * store with SQL (cmocka asserts; include after <cmocka.h> and <sqlite3.h>). */
#ifndef AK_TESTS_SQL_NUMBER_H
#define AK_TESTS_SQL_NUMBER_H

static inline long long sql_number(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &q, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    long long v = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    return v;
}
#endif
