/* sql.c: the store's SQL connection over SQLite or PostgreSQL (libpq, when built with it).
 * SQLite calls go straight through; PostgreSQL statements are prepared on the server with
 * their placeholders rewritten, run when first stepped, and their rows read from the result
 * in binary form (no text round trip for numbers and blobs). */
#include "store/sql.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef AK_WITH_PG
#include <libpq-fe.h>
#endif

#include "util/buf.h"
#include "util/error.h"

/* How long a SQLite writer waits for another one's lock before failing (set by the opener). */
#define AK_DB_BUSY_MS 5000
/* The advisory lock every PostgreSQL write transaction takes: writers take turns. */
#define AK_SQL_SENT_MAX 16 /* statements sent ahead at once */
#define AK_PG_WRITE_LOCK 0x616b68626172LL

struct ak_sql {
    sqlite3 *lite;
    void *aux;                 /* ak_sql_set_aux */
    void (*aux_free)(void *);
#ifdef AK_WITH_PG
    PGconn *pg;
    char *url;      /* what it was opened with: more connections to the same database */
    char *err;      /* the last failing command's message */
    unsigned names; /* prepared statements made so far: their names */
    unsigned piped; /* deferred steps sent whose results are not read yet (pipeline mode) */
    int pipe_failed; /* one of them failed: err holds its message */
    struct ak_sqlq *sent[AK_SQL_SENT_MAX]; /* statements sent ahead (ak_sqlq_send), in order */
    int n_sent, sent_synced;
#endif
};

struct ak_sqlq {
    ak_sql *c;
    sqlite3_stmt *st;
#ifdef AK_WITH_PG
    char name[24];
    int n;
    /* the parameters as PQexecPrepared takes them (NULL: SQL NULL; format 0 text, 1 binary) */
    const char **vals;
    int *lens, *fmts;
    char (*num)[32]; /* a number parameter's text */
    PGresult *res;
    int row, ran;
    int deferred; /* ak_sqlq_defer: steps are queued in the pipeline */
    int sent;     /* sent ahead, its result not read yet */
    PGresult *early; /* its result, read while reading a later one's: taken by the next step */
#endif
};

int ak_sql_is_pg_url(const char *path)
{
    return path && (strncmp(path, "postgresql://", 13) == 0 || strncmp(path, "postgres://", 11) == 0);
}

void ak_sql_redact_url(const char *url, char *out, size_t cap)
{
    const char *auth = strstr(url, "://"), *at = auth ? strchr(auth + 3, '@') : NULL;
    const char *colon = at ? memchr(auth + 3, ':', (size_t)(at - auth - 3)) : NULL;
    if (colon) snprintf(out, cap, "%.*s:***%s", (int)(colon - url), url, at);
    else snprintf(out, cap, "%s", url);
}

int ak_sql_wrap_sqlite(ak_sql **out, sqlite3 *db)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return ak_set_error(AK_ENOMEM, "out of memory");
    (*out)->lite = db;
    return AK_OK;
}

int ak_sql_is_pg(const ak_sql *c) { return c && !c->lite; }

void *ak_sql_aux(const ak_sql *c) { return c->aux; }

void ak_sql_set_aux(ak_sql *c, void *value, void (*free_fn)(void *))
{
    if (c->aux_free) c->aux_free(c->aux);
    c->aux = value;
    c->aux_free = free_fn;
}

const char *ak_sql_url(const ak_sql *c)
{
#ifdef AK_WITH_PG
    if (c && !c->lite) return c->url;
#endif
    (void)c;
    return NULL;
}
sqlite3 *ak_sql_sqlite(const ak_sql *c) { return c ? c->lite : NULL; }

int ak_sql_pragma_swap(ak_sql *c, const char *name, int value, int fallback)
{
    sqlite3 *db = ak_sql_sqlite(c);
    if (!db) return fallback;
    char sql[80];
    snprintf(sql, sizeof sql, "PRAGMA %s", name);
    sqlite3_stmt *q = NULL;
    int old = fallback;
    if (sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        old = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    snprintf(sql, sizeof sql, "PRAGMA %s=%d", name, value);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
    return old;
}

ak_sql_settings ak_sql_settings_swap(ak_sql *c, ak_sql_settings want)
{
    ak_sql_settings old;
    old.cache = ak_sql_pragma_swap(c, "cache_size", want.cache, -2000);
    old.temp = ak_sql_pragma_swap(c, "temp_store", want.temp, 0);
    return old;
}

/* ---- SQLite ---- */

/* what: the failing step ("" for none: the caller names the store). */
static int lite_error(sqlite3 *db, const char *what, const char *msg)
{
    int code = sqlite3_errcode(db) & 0xff, sys = sqlite3_system_errno(db);
    const char *sep = *what ? ": " : "";
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
        return ak_set_error(AK_EDB, "%s%s%s (another process holds a write lock; waited %d ms)", what, sep, msg,
                            AK_DB_BUSY_MS);
    if (sys && (code == SQLITE_IOERR || code == SQLITE_FULL))
        return ak_set_error(AK_EDB, "%s%s%s (%s)", what, sep, msg, strerror(sys));
    if (code == SQLITE_CANTOPEN) /* errno is that of SQLite's last fallback, often misleading */
        return ak_set_error(AK_EDB, "%s%s%s (does its folder exist and is it writable?)", what, sep, msg);
    return ak_set_error(AK_EDB, "%s%s%s", what, sep, msg);
}

static int lite_exec(ak_sql *c, const char *sql, const char *what)
{
    char *msg = NULL;
    if (sqlite3_exec(c->lite, sql, NULL, NULL, &msg) == SQLITE_OK) return AK_OK;
    lite_error(c->lite, what, msg ? msg : sqlite3_errmsg(c->lite));
    sqlite3_free(msg);
    return AK_EDB;
}

/* ---- PostgreSQL ---- */
#ifdef AK_WITH_PG

enum { PG_BOOL = 16, PG_INT8 = 20, PG_INT2 = 21, PG_INT4 = 23, PG_FLOAT4 = 700, PG_FLOAT8 = 701 };

static void pg_keep_error(ak_sql *c, const char *msg)
{
    free(c->err);
    size_t n = msg ? strcspn(msg, "\n") : 0; /* the first line: the server's LINE and caret lines follow */
    while (n && msg[n - 1] == ' ') n--;
    c->err = malloc(n + 1);
    if (c->err) { if (n) memcpy(c->err, msg, n); c->err[n] = 0; }
}

static void pg_quiet(void *arg, const char *msg) { (void)arg; (void)msg; } /* the library never prints */

int ak_sql_open_pg(ak_sql **out, const char *url)
{
    *out = NULL;
    PGconn *pg = PQconnectdb(url);
    if (!pg) return ak_set_error(AK_ENOMEM, "out of memory");
    if (PQstatus(pg) != CONNECTION_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", PQerrorMessage(pg));
        msg[strcspn(msg, "\n")] = 0;
        PQfinish(pg);
        return ak_set_error(AK_EDB, "cannot connect: %s", msg);
    }
    PQsetNoticeProcessor(pg, pg_quiet, NULL);
    ak_sql *c = calloc(1, sizeof *c);
    if (!c) { PQfinish(pg); return ak_set_error(AK_ENOMEM, "out of memory"); }
    c->pg = pg;
    if (!(c->url = strdup(url))) { ak_sql_close(c); return ak_set_error(AK_ENOMEM, "out of memory"); }
    *out = c;
    return AK_OK;
}

/* Runs a command; keeps the message of a failure. */
static int pg_ok(ak_sql *c, PGresult *r)
{
    int st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
    int ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (!ok) pg_keep_error(c, r ? PQresultErrorMessage(r) : PQerrorMessage(c->pg));
    PQclear(r);
    return ok;
}

/* `?N` and `?` become `$N` (outside quotes), `INSERT OR IGNORE` becomes `... ON CONFLICT DO
 * NOTHING`; *n_params receives the highest parameter number. */
static char *pg_rewrite(const char *sql, int *n_params)
{
    static const char ignore[] = "INSERT OR IGNORE INTO";
    int or_ignore = strncmp(sql, ignore, sizeof ignore - 1) == 0, next = 0, max = 0;
    ak_buf b = AK_BUF_INIT;
    const char *p = sql;
    if (or_ignore) { ak_buf_puts(&b, "INSERT INTO"); p += sizeof ignore - 1; }
    for (char quote = 0; *p; p++) {
        if (quote) { if (*p == quote) quote = 0; ak_buf_putc(&b, *p); continue; }
        if (*p == '\'' || *p == '"') { quote = *p; ak_buf_putc(&b, *p); continue; }
        if (*p != '?') { ak_buf_putc(&b, *p); continue; }
        int k = 0;
        while (p[1] >= '0' && p[1] <= '9') k = k * 10 + (*++p - '0');
        if (!k) k = ++next;
        if (k > max) max = k;
        ak_buf_printf(&b, "$%d", k);
    }
    if (or_ignore) ak_buf_puts(&b, " ON CONFLICT DO NOTHING");
    ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); return NULL; }
    *n_params = max;
    return ak_buf_detach(&b, NULL);
}

static int pg_prepare(ak_sql *c, const char *sql, ak_sqlq *q)
{
    int n = 0;
    char *text = pg_rewrite(sql, &n);
    if (!text) return ak_set_error(AK_ENOMEM, "out of memory");
    snprintf(q->name, sizeof q->name, "ak%u", ++c->names);
    int ok = pg_ok(c, PQprepare(c->pg, q->name, text, 0, NULL));
    free(text);
    if (!ok) { q->name[0] = 0; return AK_EDB; }
    q->n = n;
    q->vals = calloc((size_t)n + 1, sizeof *q->vals);
    q->lens = calloc((size_t)n + 1, sizeof *q->lens);
    q->fmts = calloc((size_t)n + 1, sizeof *q->fmts);
    q->num = calloc((size_t)n + 1, sizeof *q->num);
    return q->vals && q->lens && q->fmts && q->num ? AK_OK : ak_set_error(AK_ENOMEM, "out of memory");
}

/* Sets parameter i (1-based) of a PostgreSQL statement (one out of range is ignored). */
static void pg_set(ak_sqlq *q, int i, const char *v, int len, int fmt)
{
    if (i < 1 || i > q->n) return;
    q->vals[i - 1] = v;
    q->lens[i - 1] = len;
    q->fmts[i - 1] = fmt;
}

/* A number parameter: its text, kept with the statement until the next step. */
static void pg_set_number(ak_sqlq *q, int i, const char *fmt, ...)
{
    if (i < 1 || i > q->n) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(q->num[i - 1], sizeof *q->num, fmt, ap);
    va_end(ap);
    pg_set(q, i, q->num[i - 1], 0, 0);
}

/* Reads the results of the statements sent ahead (ak_sqlq_send) up to `upto` (all when NULL),
 * each kept with its statement for its first step; leaves pipeline mode once all are read. */
static int pg_collect(ak_sql *c, const ak_sqlq *upto)
{
    if (!c->n_sent) return AK_OK;
    if (!c->sent_synced && PQpipelineSync(c->pg) != 1) { pg_keep_error(c, PQerrorMessage(c->pg)); return AK_EDB; }
    c->sent_synced = 1;
    while (c->n_sent) {
        ak_sqlq *q = c->sent[0];
        PGresult *r = PQgetResult(c->pg);
        if (!r) { pg_keep_error(c, PQerrorMessage(c->pg)); return AK_EDB; } /* the connection is gone */
        PQclear(PQgetResult(c->pg)); /* the NULL that ends the statement's results */
        q->early = r;
        q->sent = 0;
        memmove(c->sent, c->sent + 1, (size_t)--c->n_sent * sizeof *c->sent);
        if (q == upto) break;
    }
    if (c->n_sent) return AK_OK;
    PQclear(PQgetResult(c->pg)); /* the sync's own result */
    PQexitPipelineMode(c->pg);
    c->sent_synced = 0;
    return AK_OK;
}

/* Deferred steps queued before the results are read: the server's replies to them (a few
 * bytes each) then fit in the socket's buffers, so neither side waits on the other. */
#define AK_PG_PIPE_MAX 512

/* Reads the results of the deferred steps sent so far and leaves pipeline mode. AK_EDB when
 * one failed (the first failure's message is kept; the transaction is then aborted). */
static int pg_drain(ak_sql *c)
{
    if (c->n_sent && pg_collect(c, NULL) != AK_OK) return AK_EDB;
    if (!c->piped) {
        int failed = c->pipe_failed; /* a failure found by a drain that could not say so */
        c->pipe_failed = 0;
        return failed ? AK_EDB : AK_OK;
    }
    int ok = PQpipelineSync(c->pg) == 1;
    if (!ok) pg_keep_error(c, PQerrorMessage(c->pg));
    for (int synced = !ok; !synced;) {
        PGresult *r = PQgetResult(c->pg);
        if (!r) {
            if (PQstatus(c->pg) != CONNECTION_OK) { pg_keep_error(c, PQerrorMessage(c->pg)); ok = 0; break; }
            continue; /* between two queued statements' results */
        }
        int st = PQresultStatus(r);
        if (st == PGRES_PIPELINE_SYNC) synced = 1;
        else if (st == PGRES_FATAL_ERROR && ok && !c->pipe_failed) { pg_keep_error(c, PQresultErrorMessage(r)); ok = 0; }
        PQclear(r);
    }
    PQexitPipelineMode(c->pg);
    c->piped = 0;
    if (!ok) c->pipe_failed = 1;
    if (!c->pipe_failed) return AK_OK;
    c->pipe_failed = 0;
    return AK_EDB;
}

/* A deferred step: sent without waiting for its result. */
static int pg_send(ak_sqlq *q)
{
    ak_sql *c = q->c;
    if (c->n_sent && pg_collect(c, NULL) != AK_OK) return AK_EDB;
    if (!c->piped && PQenterPipelineMode(c->pg) != 1) { pg_keep_error(c, PQerrorMessage(c->pg)); return AK_EDB; }
    if (PQsendQueryPrepared(c->pg, q->name, q->n, q->vals, q->lens, q->fmts, 1) != 1) {
        pg_keep_error(c, PQerrorMessage(c->pg));
        c->pipe_failed = 1;
        if (!c->piped) PQexitPipelineMode(c->pg); /* nothing queued: no sync to wait for */
        pg_drain(c);
        return AK_EDB;
    }
    if (++c->piped >= AK_PG_PIPE_MAX) return pg_drain(c);
    return AK_SQL_DONE;
}

/* Sends a statement ahead: its result is read at its first step (or before the next command
 * that is not sent ahead), so that several reads cost one round trip. */
static int pg_send_ahead(ak_sqlq *q)
{
    ak_sql *c = q->c;
    if (q->sent || q->early || q->ran) return AK_OK; /* already sent, or already run */
    if (c->piped && pg_drain(c) != AK_OK) return AK_EDB;
    if ((c->sent_synced || c->n_sent == AK_SQL_SENT_MAX) && pg_collect(c, NULL) != AK_OK) return AK_EDB;
    if (!c->n_sent && PQenterPipelineMode(c->pg) != 1) { pg_keep_error(c, PQerrorMessage(c->pg)); return AK_EDB; }
    if (PQsendQueryPrepared(c->pg, q->name, q->n, q->vals, q->lens, q->fmts, 1) != 1) {
        pg_keep_error(c, PQerrorMessage(c->pg));
        if (!c->n_sent) PQexitPipelineMode(c->pg);
        return AK_EDB;
    }
    q->sent = 1;
    c->sent[c->n_sent++] = q;
    return AK_OK;
}

static int pg_step(ak_sqlq *q)
{
    if (q->deferred) return pg_send(q);
    if (q->sent && pg_collect(q->c, q) != AK_OK) return AK_EDB;
    if (!q->ran && !q->early && pg_drain(q->c) != AK_OK) return AK_EDB;
    if (!q->ran) {
        q->res = q->early ? q->early : PQexecPrepared(q->c->pg, q->name, q->n, q->vals, q->lens, q->fmts, 1);
        q->early = NULL;
        int st = q->res ? PQresultStatus(q->res) : PGRES_FATAL_ERROR;
        if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
            pg_keep_error(q->c, st == PGRES_PIPELINE_ABORTED ? "not run: a statement sent before it failed"
                                : q->res ? PQresultErrorMessage(q->res) : PQerrorMessage(q->c->pg));
            PQclear(q->res);
            q->res = NULL;
            return AK_EDB;
        }
        q->ran = 1;
        q->row = -1;
    }
    if (!q->res || ++q->row >= PQntuples(q->res)) return AK_SQL_DONE;
    return AK_SQL_ROW;
}

static unsigned long long be_read(const unsigned char *p, int n)
{
    unsigned long long v = 0;
    for (int i = 0; i < n; i++) v = v << 8 | p[i];
    return v;
}

static long long pgcol_int64(ak_sqlq *q, int col)
{
    if (!q->res || PQgetisnull(q->res, q->row, col)) return 0;
    const unsigned char *v = (const unsigned char *)PQgetvalue(q->res, q->row, col);
    switch (PQftype(q->res, col)) {
    case PG_INT8: return (long long)be_read(v, 8);
    case PG_INT4: return (int)(unsigned)be_read(v, 4);
    case PG_INT2: return (short)(unsigned short)be_read(v, 2);
    case PG_BOOL: return v[0] != 0;
    case PG_FLOAT8: case PG_FLOAT4: return (long long)ak_sqlq_double(q, col);
    default: return strtoll((const char *)v, NULL, 10);
    }
}

static double pgcol_double(ak_sqlq *q, int col)
{
    if (!q->res || PQgetisnull(q->res, q->row, col)) return 0;
    const unsigned char *v = (const unsigned char *)PQgetvalue(q->res, q->row, col);
    int t = PQftype(q->res, col);
    if (t == PG_FLOAT8) { unsigned long long u = be_read(v, 8); double d; memcpy(&d, &u, 8); return d; }
    if (t == PG_FLOAT4) { unsigned u = (unsigned)be_read(v, 4); float f; memcpy(&f, &u, 4); return f; }
    if (t == PG_INT8 || t == PG_INT4 || t == PG_INT2 || t == PG_BOOL) return (double)pgcol_int64(q, col);
    return strtod((const char *)v, NULL);
}

#else

int ak_sql_open_pg(ak_sql **out, const char *url)
{
    (void)url;
    *out = NULL;
    return ak_set_error(AK_EINVAL, "this akhbar was built without PostgreSQL (libpq-dev)");
}

#endif

/* ---- one interface ---- */

void ak_sql_close(ak_sql *c)
{
    if (!c) return;
    if (c->aux_free) c->aux_free(c->aux); /* its statements first, while the connection is there */
#ifdef AK_WITH_PG
    if (c->pg) PQfinish(c->pg);
    free(c->url);
    free(c->err);
#endif
    free(c);
}

int ak_sql_error(ak_sql *c, const char *what)
{
#ifdef AK_WITH_PG
    if (!c->lite) return ak_set_error(AK_EDB, "%s: %s", what, c->err ? c->err : PQerrorMessage(c->pg));
#endif
    return lite_error(c->lite, what, sqlite3_errmsg(c->lite));
}

int ak_sql_exec(ak_sql *c, const char *sql, const char *what)
{
#ifdef AK_WITH_PG
    if (!c->lite) return pg_drain(c) == AK_OK && pg_ok(c, PQexec(c->pg, sql)) ? AK_OK : ak_sql_error(c, what);
#endif
    return lite_exec(c, sql, what);
}

int ak_sql_begin_write(ak_sql *c)
{
#ifdef AK_WITH_PG
    if (!c->lite) {
        char sql[96];
        snprintf(sql, sizeof sql, "BEGIN; SELECT pg_advisory_xact_lock(%lld)", AK_PG_WRITE_LOCK);
        return ak_sql_exec(c, sql, "begin");
    }
#endif
    return lite_exec(c, "BEGIN IMMEDIATE", "begin");
}

int ak_sql_in_transaction(const ak_sql *c)
{
#ifdef AK_WITH_PG
    if (!c->lite) return PQtransactionStatus(c->pg) != PQTRANS_IDLE;
#endif
    return !sqlite3_get_autocommit(c->lite);
}

int ak_sql_commit(ak_sql *c) { return ak_sql_exec(c, "COMMIT", "commit"); }

void ak_sql_rollback(ak_sql *c)
{
#ifdef AK_WITH_PG
    if (!c->lite) { pg_drain(c); PQclear(PQexec(c->pg, "ROLLBACK")); return; }
#endif
    sqlite3_exec(c->lite, "ROLLBACK", NULL, NULL, NULL);
}

int ak_sql_prepare(ak_sql *c, const char *sql, int persistent, ak_sqlq **out)
{
    *out = NULL;
    ak_sqlq *q = calloc(1, sizeof *q);
    if (!q) return ak_set_error(AK_ENOMEM, "out of memory");
    q->c = c;
    int rc;
#ifdef AK_WITH_PG
    if (!c->lite) {
        (void)persistent;
        rc = pg_drain(c) == AK_OK ? pg_prepare(c, sql, q) : AK_EDB;
        if (rc == AK_EDB) rc = ak_sql_error(c, "prepare");
    } else
#endif
        rc = sqlite3_prepare_v3(c->lite, sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &q->st, NULL) ==
                     SQLITE_OK ? AK_OK : lite_error(c->lite, "prepare", sqlite3_errmsg(c->lite));
    if (rc != AK_OK) { ak_sqlq_finalize(q); return rc; }
    *out = q;
    return AK_OK;
}

void ak_sqlq_finalize(ak_sqlq *q)
{
    if (!q) return;
    sqlite3_finalize(q->st);
#ifdef AK_WITH_PG
    if (q->sent) pg_collect(q->c, q);
    PQclear(q->res);
    PQclear(q->early);
    if (q->name[0] && q->c->pg) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", q->name);
        if (q->c->piped && pg_drain(q->c) != AK_OK) q->c->pipe_failed = 1; /* told at the next command */
        PQclear(PQexec(q->c->pg, sql));
    }
    free(q->vals); free(q->lens); free(q->fmts); free(q->num);
#endif
    free(q);
}

void ak_sqlq_reset(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (q->sent) pg_collect(q->c, q); /* a later statement's result comes after its own */
    PQclear(q->res);
    PQclear(q->early);
    q->res = q->early = NULL;
    q->ran = 0;
#endif
    if (q->st) sqlite3_reset(q->st);
}

void ak_sqlq_clear(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (q->vals) memset(q->vals, 0, (size_t)q->n * sizeof *q->vals);
#endif
    if (q->st) sqlite3_clear_bindings(q->st);
}

void ak_sqlq_bind_null(ak_sqlq *q, int i)
{
#ifdef AK_WITH_PG
    if (!q->st) { pg_set(q, i, NULL, 0, 0); return; }
#endif
    if (q->st) sqlite3_bind_null(q->st, i);
}

void ak_sqlq_bind_int64(ak_sqlq *q, int i, long long v)
{
#ifdef AK_WITH_PG
    if (!q->st) { pg_set_number(q, i, "%lld", v); return; }
#endif
    if (q->st) sqlite3_bind_int64(q->st, i, (sqlite3_int64)v);
}

void ak_sqlq_bind_double(ak_sqlq *q, int i, double v)
{
#ifdef AK_WITH_PG
    if (!q->st) { pg_set_number(q, i, "%.17g", v); return; }
#endif
    if (q->st) sqlite3_bind_double(q->st, i, v);
}

void ak_sqlq_bind_text(ak_sqlq *q, int i, const char *s, int n)
{
#ifdef AK_WITH_PG
    /* binary format: the bytes as they are, with their length (text's binary form is its bytes) */
    if (!q->st) { pg_set(q, i, s, n < 0 ? (int)strlen(s) : n, 1); return; }
#endif
    if (q->st) sqlite3_bind_text(q->st, i, s, n, SQLITE_STATIC);
}

void ak_sqlq_bind_blob(ak_sqlq *q, int i, const void *b, int n)
{
#ifdef AK_WITH_PG
    if (!q->st) { pg_set(q, i, b, n, 1); return; }
#endif
    if (q->st) sqlite3_bind_blob(q->st, i, b, n, SQLITE_STATIC);
}

void ak_sqlq_bind_opt(ak_sqlq *q, int i, const char *s)
{
    if (s) ak_sqlq_bind_text(q, i, s, -1);
    else ak_sqlq_bind_null(q, i);
}

int ak_sqlq_step(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (!q->st) return pg_step(q);
#endif
    int r = sqlite3_step(q->st);
    return r == SQLITE_ROW ? AK_SQL_ROW : r == SQLITE_DONE ? AK_SQL_DONE : AK_EDB;
}

int ak_sqlq_is_null(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    if (!q->st) return !q->res || PQgetisnull(q->res, q->row, col);
#endif
    return sqlite3_column_type(q->st, col) == SQLITE_NULL;
}

int ak_sqlq_type(ak_sqlq *q, int col)
{
    if (ak_sqlq_is_null(q, col)) return AK_SQL_NULL;
#ifdef AK_WITH_PG
    if (!q->st) {
        int t = PQftype(q->res, col);
        return t == PG_INT8 || t == PG_INT4 || t == PG_INT2 || t == PG_BOOL ? AK_SQL_INT
               : t == PG_FLOAT8 || t == PG_FLOAT4                          ? AK_SQL_FLOAT
                                                                          : AK_SQL_TEXT;
    }
#endif
    int t = sqlite3_column_type(q->st, col);
    return t == SQLITE_INTEGER ? AK_SQL_INT : t == SQLITE_FLOAT ? AK_SQL_FLOAT : AK_SQL_TEXT;
}

long long ak_sqlq_int64(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    if (!q->st) return pgcol_int64(q, col);
#endif
    return sqlite3_column_int64(q->st, col);
}

double ak_sqlq_double(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    if (!q->st) return pgcol_double(q, col);
#endif
    return sqlite3_column_double(q->st, col);
}

const char *ak_sqlq_text(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    /* libpq ends every value with a zero byte, binary ones too */
    if (!q->st) return ak_sqlq_is_null(q, col) ? NULL : PQgetvalue(q->res, q->row, col);
#endif
    return (const char *)sqlite3_column_text(q->st, col);
}

const void *ak_sqlq_blob(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    if (!q->st) return ak_sqlq_text(q, col);
#endif
    return sqlite3_column_blob(q->st, col);
}

int ak_sqlq_bytes(ak_sqlq *q, int col)
{
#ifdef AK_WITH_PG
    if (!q->st) return ak_sqlq_is_null(q, col) ? 0 : PQgetlength(q->res, q->row, col);
#endif
    return sqlite3_column_bytes(q->st, col);
}

int ak_sqlq_send(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (!q->st) return pg_send_ahead(q) == AK_OK ? AK_OK : ak_sql_error(q->c, "send");
#endif
    (void)q;
    return AK_OK;
}

void ak_sqlq_defer(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (!q->st) q->deferred = 1;
#endif
    (void)q;
}

long long ak_sqlq_changes(ak_sqlq *q)
{
#ifdef AK_WITH_PG
    if (!q->st) return q->res ? strtoll(PQcmdTuples(q->res), NULL, 10) : 0;
#endif
    return sqlite3_changes(sqlite3_db_handle(q->st));
}
