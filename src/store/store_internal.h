/* store_internal.h: what the store's files share: the handle and the migrations.
 * Internal to the library. */
#ifndef AK_STORE_INTERNAL_H
#define AK_STORE_INTERNAL_H
#include <sqlite3.h>

#include "akhbar.h"

/* The ordered migrations (SQL scripts); *n receives their number. */
const char *const *ak_store_migrations(int *n);

/* The PostgreSQL schema's migrations (ingestion and the near-duplicate index). */
const char *const *ak_store_pg_migrations(int *n);

/* Applies migrations[from..n) to db, each in its own transaction with the
 * version bump. Returns AK_OK or AK_EDB. Exposed for the migration tests. */
int ak_store_migrate(sqlite3 *db, const char *const *migrations, int n);

/* ak_db_open for a connection that one thread at a time uses (the server's readers, each held
 * by one request): without SQLite's per-connection mutex, taken on every call otherwise. */
int ak_db_open_single(ak_db **out, const char *path);

/* The store's SQL connection (SQLite or PostgreSQL). */
struct ak_sql *ak_db_sql(ak_db *db);

/* What the store was opened from, to open it again: the SQLite file's path ("" for a
 * database in memory) or the PostgreSQL URL. */
const char *ak_db_location(ak_db *db);

#endif
