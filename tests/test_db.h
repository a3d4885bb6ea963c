/* test_db.h: a fresh store for a test: a SQLite file in the test's folder, or, when
 * AK_TEST_PG_HOST names the socket folder of a throwaway PostgreSQL server (tests/cli_pg.sh
 * starts one), a new database on it, so that the same test runs against both stores. */
#ifndef AK_TEST_DB_H
#define AK_TEST_DB_H
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* The path or URL of a new store named `name`; NULL when the database cannot be made. */
static inline const char *test_db(const char *dir, const char *name)
{
    static char p[512];
    static int made;
    const char *host = getenv("AK_TEST_PG_HOST");
    if (!host || !*host) {
        snprintf(p, sizeof p, "%s/%s", dir, name);
        return p;
    }
    char db[64], cmd[1024];
    snprintf(db, sizeof db, "t_%ld_%d", (long)getpid(), ++made);
    snprintf(cmd, sizeof cmd, "psql -X -q -d 'postgresql://postgres@/postgres?host=%s' -c 'CREATE DATABASE %s' >/dev/null",
             host, db);
    if (system(cmd) != 0) return NULL;
    snprintf(p, sizeof p, "postgresql://postgres@/%s?host=%s", db, host);
    return p;
}

#endif
