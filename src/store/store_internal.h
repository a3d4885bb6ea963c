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

/* Work that runs beside an ingestion on the same SQLite connection, inside the ingestion's
 * transactions (ak_ingest_analyze: the per-article analysis of the articles already inserted).
 * The ingestion calls `flushed` after each insert of staged articles (they are then visible to
 * the connection; a non-OK status: the work beside failed, and the ingestion with it), brackets each commit with `commit_lock` / `commit_unlock` (a non-OK status
 * from commit_lock: the work beside failed, the ingestion rolls back and fails with it; `open`
 * tells whether a transaction is open again after the commit), and calls `end` once its last
 * records are inserted, before the final commit: the work stops, what it wrote commits with the
 * ingestion, and its status is returned. */
typedef struct ak_ingest_beside {
    int (*flushed)(void *ctx);
    int (*commit_lock)(void *ctx);
    void (*commit_unlock)(void *ctx, int open);
    int (*end)(void *ctx);
    void *ctx;
} ak_ingest_beside;

/* ak_ingest with work beside it (beside may be NULL: ak_ingest). */
int ak_ingest_with(ak_db *db, const char *const *paths, size_t n_paths, const ak_ingest_options *opt,
                   ak_ingest_counts *counts, const ak_ingest_beside *beside);

#endif
