/* schema.c: the database schema as an ordered list of migrations.
 * A later stage adds its tables by appending one entry to MIGRATIONS. */
#include "store/store_internal.h"

/* Migration i (1-based) brings the schema from version i-1 to i. Never edit an
 * entry once released: append a new one (docs/store.md). */
static const char *const MIGRATIONS[] = {
    /* 1: articles, exact duplicates, chrome model, ingest runs */
    "CREATE TABLE articles(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, url TEXT, source TEXT,"
    " title TEXT, author TEXT, published TEXT, published_from TEXT, origin TEXT, line INTEGER,"
    " raw TEXT NOT NULL, text TEXT NOT NULL, removed TEXT NOT NULL, hash TEXT NOT NULL, run INTEGER);"
    "CREATE INDEX articles_hash ON articles(hash);"
    "CREATE INDEX articles_source ON articles(source);"
    "CREATE TABLE duplicates(seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, of_id TEXT NOT NULL,"
    " origin TEXT, line INTEGER, run INTEGER);"
    "CREATE TABLE chrome_lines(source TEXT NOT NULL, hash INTEGER NOT NULL, n INTEGER NOT NULL,"
    " PRIMARY KEY(source, hash)) WITHOUT ROWID;"
    "CREATE TABLE chrome_sources(source TEXT PRIMARY KEY, n INTEGER NOT NULL, dirty INTEGER NOT NULL DEFAULT 0);"
    "CREATE TABLE ingest_runs(run INTEGER PRIMARY KEY, started TEXT NOT NULL, finished TEXT,"
    " added INTEGER, duplicates INTEGER, rejected INTEGER);",
};

const char *const *ak_store_migrations(int *n)
{
    *n = (int)(sizeof MIGRATIONS / sizeof *MIGRATIONS);
    return MIGRATIONS;
}
