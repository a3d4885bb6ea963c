/* sql.h: the store's SQL connection, SQLite or PostgreSQL behind one small interface, so that
 * ingestion and the near-duplicate index run on either. Statements are written once with `?`
 * or `?N` placeholders; for PostgreSQL they become `$N`, and `INSERT OR IGNORE` becomes
 * `INSERT ... ON CONFLICT DO NOTHING`. Internal to the library. */
#ifndef AK_STORE_SQL_H
#define AK_STORE_SQL_H
#include <stddef.h>
#include <sqlite3.h>

typedef struct ak_sql ak_sql;   /* a connection */
typedef struct ak_sqlq ak_sqlq; /* a prepared statement on it */

enum { AK_SQL_DONE = 0, AK_SQL_ROW = 1 }; /* ak_sqlq_step's results; < 0: an ak_status */

/* A connection over an open SQLite handle (not owned: closed by its opener). */
int ak_sql_wrap_sqlite(ak_sql **out, sqlite3 *db);
/* A connection to PostgreSQL by libpq URL (postgresql://...); AK_EINVAL when the library was
 * built without libpq. */
int ak_sql_open_pg(ak_sql **out, const char *url);
void ak_sql_close(ak_sql *c);
/* The URL a PostgreSQL connection was opened with (another connection to the same database:
 * ak_sql_open_pg with it); NULL on SQLite. */
const char *ak_sql_url(const ak_sql *c);

/* A value kept with the connection for its life (the PostgreSQL search's prepared statements),
 * freed by free_fn (before the connection closes, or when replaced). NULL until set. */
void *ak_sql_aux(const ak_sql *c);
void ak_sql_set_aux(ak_sql *c, void *value, void (*free_fn)(void *));

/* 1 for a URL that names a PostgreSQL server (postgresql:// or postgres://). */
int ak_sql_is_pg_url(const char *path);
/* url with its password shown as *** (any other path as it is), for messages. */
void ak_sql_redact_url(const char *url, char *out, size_t cap);
int ak_sql_is_pg(const ak_sql *c);
/* The SQLite handle, or NULL on PostgreSQL. */
sqlite3 *ak_sql_sqlite(const ak_sql *c);
/* Sets an integer PRAGMA of the connection (cache_size, temp_store) and returns its old value, or
 * `fallback` when it cannot be read. SQLite only (PostgreSQL's buffers are the server's): nothing
 * is set there and `fallback` comes back. */
int ak_sql_pragma_swap(ak_sql *c, const char *name, int value, int fallback);
/* The settings of a connection while it writes in bulk (ingestion, the analysis): statement
 * journals in memory and a 64 MB page cache (docs/ingest.md, "Speed"). Swap in AK_SQL_BULK,
 * then the returned old settings back. */
typedef struct ak_sql_settings { int cache, temp; } ak_sql_settings;
#define AK_SQL_BULK ((ak_sql_settings){-65536, 2 /* temp_store MEMORY */})
ak_sql_settings ak_sql_settings_swap(ak_sql *c, ak_sql_settings want);

/* Runs statements without results. Errors name `what`. */
int ak_sql_exec(ak_sql *c, const char *sql, const char *what);
/* A write transaction: SQLite's BEGIN IMMEDIATE; on PostgreSQL BEGIN plus a transaction-wide
 * advisory lock, so that several writers take turns as they do on SQLite. */
int ak_sql_begin_write(ak_sql *c);
int ak_sql_commit(ak_sql *c);
/* 1 while a transaction is open on the connection. */
int ak_sql_in_transaction(const ak_sql *c);
void ak_sql_rollback(ak_sql *c);

/* AK_EDB with `what`, the database's message and what it cannot say itself (the OS error behind
 * an I/O failure, a lock waited for). */
int ak_sql_error(ak_sql *c, const char *what);

/* persistent: kept for the connection's life (a hint to SQLite). */
int ak_sql_prepare(ak_sql *c, const char *sql, int persistent, ak_sqlq **out);
void ak_sqlq_finalize(ak_sqlq *q);
/* Ready to run again; bindings stay until rebound or cleared. */
void ak_sqlq_reset(ak_sqlq *q);
void ak_sqlq_clear(ak_sqlq *q);
/* Values are used before the next step (no copy is kept past it on SQLite). n < 0: up to NUL. */
void ak_sqlq_bind_null(ak_sqlq *q, int i);
void ak_sqlq_bind_int64(ak_sqlq *q, int i, long long v);
void ak_sqlq_bind_double(ak_sqlq *q, int i, double v);
void ak_sqlq_bind_text(ak_sqlq *q, int i, const char *s, int n);
void ak_sqlq_bind_blob(ak_sqlq *q, int i, const void *p, int n);
/* Binds s, or NULL when s is NULL. */
void ak_sqlq_bind_opt(ak_sqlq *q, int i, const char *s);
/* AK_SQL_ROW, AK_SQL_DONE, or AK_EDB with the message set. */
int ak_sqlq_step(ak_sqlq *q);
/* A statement whose steps return nothing the caller reads (no rows, no change count): on
 * PostgreSQL each step is queued (libpq's pipeline mode) and sent with the next ones, their
 * results read in one go when another statement runs, a transaction ends or 512 are queued;
 * a failure is then reported by that next command (the transaction is aborted). Round trips
 * per row are what a PostgreSQL store pays most for. No effect on SQLite. */
void ak_sqlq_defer(ak_sqlq *q);
/* Sends a bound statement ahead, before its first step: on PostgreSQL several statements sent
 * so (up to 16) go in one round trip and their results are read in order, each at its first
 * step. The bindings may change after it; a statement sent is reset only after its rows are read
 * or not needed. No effect on SQLite (the step runs it). */
int ak_sqlq_send(ak_sqlq *q);
/* Rows the last step of this statement changed (before its reset). */
long long ak_sqlq_changes(ak_sqlq *q);
/* A column's kind in the current row (its declared type on PostgreSQL, its value's on SQLite). */
enum { AK_SQL_NULL, AK_SQL_INT, AK_SQL_FLOAT, AK_SQL_TEXT };
int ak_sqlq_type(ak_sqlq *q, int col);
/* Column values of the current row; text is NUL-terminated, NULL for SQL NULL. */
int ak_sqlq_is_null(ak_sqlq *q, int col);
long long ak_sqlq_int64(ak_sqlq *q, int col);
double ak_sqlq_double(ak_sqlq *q, int col);
const char *ak_sqlq_text(ak_sqlq *q, int col);
const void *ak_sqlq_blob(ak_sqlq *q, int col);
int ak_sqlq_bytes(ak_sqlq *q, int col);

#endif
