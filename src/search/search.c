/* search.c: ak_search: a user query made safe for FTS5, ranked by BM25 (title weighted) over
 * articles_fts, filtered by date, source, story and entity, with snippets of the original text. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "util/error.h"

/* ---- the query language: words, "phrases" (also «...» and “...”), a trailing * for a prefix ---- */

static int count_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)t; (void)n; (void)bs; (void)be;
    if (!colocated) (*(size_t *)ctx)++;
    return 0;
}

static size_t searchable_terms(const char *s, size_t n)
{
    size_t k = 0;
    ak_search_analyze(s, n, AK_SA_DEFAULT | AK_SA_QUERY, count_term, &k);
    return k;
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

/* The closing quote of an opening one at s (byte length in *open_len), or NULL if s opens none. */
static const char *closing_quote(const char *s, size_t n, size_t *open_len)
{
    static const char *const pairs[][2] = {{"\"", "\""}, {"\xC2\xAB", "\xC2\xBB"}, {"\xE2\x80\x9C", "\xE2\x80\x9D"}};
    for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++) {
        size_t k = strlen(pairs[i][0]);
        if (n >= k && memcmp(s, pairs[i][0], k) == 0) { *open_len = k; return pairs[i][1]; }
    }
    return NULL;
}

/* Appends one term as an FTS5 string ("" doubles a quote), then " *" for a prefix. */
static void put_term(ak_buf *b, const char *s, size_t n, int prefix)
{
    if (b->len) ak_buf_putc(b, ' ');
    ak_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') ak_buf_putc(b, '"');
        ak_buf_putc(b, s[i]);
    }
    ak_buf_puts(b, prefix ? "\" *" : "\"");
}

int ak_search_match_expr(const char *q, char **out)
{
    *out = NULL;
    if (!q) return ak_set_error(AK_EINVAL, "search: no query");
    size_t n = strlen(q), bad = 0;
    if (n > AK_SEARCH_MAX_QUERY)
        return ak_set_error(AK_EINVAL, "search: query too long (%zu bytes, at most %d)", n, AK_SEARCH_MAX_QUERY);
    if (!ak_utf8_valid(q, n, &bad)) return ak_set_error(AK_EINVAL, "search: query is not valid UTF-8 (byte %zu)", bad);
    ak_buf b = AK_BUF_INIT;
    size_t terms = 0, i = 0;
    while (i < n) {
        if (is_space(q[i])) { i++; continue; }
        size_t open = 0, start, end;
        const char *close = closing_quote(q + i, n - i, &open);
        if (close) { /* a phrase runs to its closing quote (or the end) */
            start = i + open;
            const char *c = strstr(q + start, close);
            end = c ? (size_t)(c - q) : n;
            i = c ? end + strlen(close) : n;
        } else { /* a word runs to white space or a quote */
            start = i;
            while (i < n && !is_space(q[i]) && !closing_quote(q + i, n - i, &open)) i++;
            end = i;
        }
        int prefix = 0;
        while (end > start && q[end - 1] == '*') { end--; prefix = 1; } /* word* */
        while (i < n && q[i] == '*') { i++; prefix = 1; }             /* "phrase"* */
        if (searchable_terms(q + start, end - start) == 0) continue;   /* punctuation only */
        if (++terms > AK_SEARCH_MAX_TERMS) {
            ak_buf_free(&b);
            return ak_set_error(AK_EINVAL, "search: too many terms (at most %d)", AK_SEARCH_MAX_TERMS);
        }
        put_term(&b, q + start, end - start, prefix);
    }
    if (!terms) {
        ak_buf_free(&b);
        return ak_set_error(AK_EINVAL, "search: the query has no word to search for");
    }
    ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "search: out of memory"); }
    *out = ak_buf_detach(&b, NULL);
    return AK_OK;
}

/* ---- the SQL ---- */

#define FROM_WHERE                                                                              \
    " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid WHERE articles_fts MATCH ?1" \
    " AND (?2 IS NULL OR substr(a.published, 1, 10) >= ?2)"                                      \
    " AND (?3 IS NULL OR substr(a.published, 1, 10) <= ?3)"                                      \
    " AND (?4 IS NULL OR a.source = ?4)"                                                         \
    " AND (?5 IS NULL OR EXISTS(SELECT 1 FROM story_articles s WHERE s.article = a.id AND s.story = ?5))" \
    " AND (?6 = 0 OR EXISTS(SELECT 1 FROM entity_mentions m WHERE m.article = a.id AND m.entity = ?6))"

/* Title matches weigh three times body matches (BM25 column weights). */
static const char SQL_HITS[] = "SELECT a.seq, a.id, a.title, a.source, a.published, bm25(articles_fts, 3.0, 1.0) AS r"
    FROM_WHERE " ORDER BY r, a.seq LIMIT ?7 OFFSET ?8";
/* Without filters the ranking needs no article column: rank in the index alone (about half the
 * cost for common words), then read only the page's articles. */
static const char SQL_HITS_ALL[] = "SELECT rowid, bm25(articles_fts, 3.0, 1.0) AS r FROM articles_fts"
    " WHERE articles_fts MATCH ?1 ORDER BY r, rowid LIMIT ?7 OFFSET ?8";
static const char SQL_ARTICLE[] = "SELECT seq, id, title, source, published FROM articles WHERE seq = ?1";
static const char SQL_COUNT[] = "SELECT count(*)" FROM_WHERE;
/* Without filters the join adds nothing: count in the index alone. */
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1";
/* The page's snippets, one statement per hit: computing them in the ranking query would make one
 * for every match. ak_snippet (snippet.c) escapes the text and marks the matches itself. */
static const char SQL_SNIPPET[] = "SELECT ak_snippet(articles_fts, 24)"
    " FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2";

static int valid_day(const char *d)
{
    if (!d) return 1;
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (d[i] < '0' || d[i] > '9')) return 0;
    return 1;
}

static void bind_filters(sqlite3_stmt *st, const char *expr, const ak_search_query *q)
{
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    const char *text[] = {q->from, q->to, q->source, q->story};
    for (int i = 0; i < 4; i++)
        if (text[i]) sqlite3_bind_text(st, i + 2, text[i], -1, SQLITE_STATIC);
        else sqlite3_bind_null(st, i + 2);
    sqlite3_bind_int64(st, 6, q->entity);
}

static int db_error(sqlite3 *h, const char *what)
{
    return ak_set_error(AK_EDB, "search: %s: %s", what, sqlite3_errmsg(h));
}

static int count_matches(sqlite3 *h, const char *expr, const ak_search_query *q, size_t *total)
{
    sqlite3_stmt *st = NULL;
    int filtered = q->from || q->to || q->source || q->story || q->entity;
    if (sqlite3_prepare_v2(h, filtered ? SQL_COUNT : SQL_COUNT_ALL, -1, &st, NULL) != SQLITE_OK)
        return db_error(h, "prepare");
    if (filtered) bind_filters(st, expr, q);
    else sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) *total = (size_t)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? AK_OK : db_error(h, "count");
}

/* A statement set of one search; finalized together. */
typedef struct stmts { sqlite3_stmt *rank, *article, *snippet; } stmts;

static void stmts_free(stmts *s)
{
    sqlite3_finalize(s->rank);
    sqlite3_finalize(s->article);
    sqlite3_finalize(s->snippet);
}

/* Fills snip with the hit's snippet. Returns AK_OK or AK_ENOMEM. */
static int make_snippet(sqlite3_stmt *sn, sqlite3_int64 seq, ak_buf *snip)
{
    sqlite3_reset(sn);
    sqlite3_bind_int64(sn, 2, seq);
    ak_buf_reset(snip);
    if (sqlite3_step(sn) == SQLITE_ROW && sqlite3_column_text(sn, 0))
        ak_buf_append(snip, sqlite3_column_text(sn, 0), (size_t)sqlite3_column_bytes(sn, 0));
    ak_buf_cstr(snip);
    return snip->failed ? ak_set_error(AK_ENOMEM, "search: out of memory") : AK_OK;
}

static int walk_hits(sqlite3 *h, const char *expr, const ak_search_query *q,
                     int (*fn)(const ak_search_hit *, void *), void *ctx)
{
    int filtered = q->from || q->to || q->source || q->story || q->entity;
    stmts s = {NULL, NULL, NULL};
    if (sqlite3_prepare_v2(h, filtered ? SQL_HITS : SQL_HITS_ALL, -1, &s.rank, NULL) != SQLITE_OK ||
        (!filtered && sqlite3_prepare_v2(h, SQL_ARTICLE, -1, &s.article, NULL) != SQLITE_OK) ||
        sqlite3_prepare_v2(h, SQL_SNIPPET, -1, &s.snippet, NULL) != SQLITE_OK) {
        int rc = db_error(h, "prepare");
        stmts_free(&s);
        return rc;
    }
    if (filtered) bind_filters(s.rank, expr, q);
    else sqlite3_bind_text(s.rank, 1, expr, -1, SQLITE_STATIC);
    size_t limit = q->limit ? q->limit : 20;
    sqlite3_bind_int64(s.rank, 7, (sqlite3_int64)(limit > 10000 ? 10000 : limit));
    sqlite3_bind_int64(s.rank, 8, q->offset > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)q->offset);
    sqlite3_bind_text(s.snippet, 1, expr, -1, SQLITE_STATIC);
    ak_buf snip = AK_BUF_INIT;
    int rc = AK_OK, step = SQLITE_DONE;
    while (rc == AK_OK && (step = sqlite3_step(s.rank)) == SQLITE_ROW) {
        sqlite3_int64 seq = sqlite3_column_int64(s.rank, 0);
        double score = -sqlite3_column_double(s.rank, filtered ? 5 : 1);
        sqlite3_stmt *a = s.rank; /* the filtered ranking carries the article's columns itself */
        if (!filtered) {
            a = s.article;
            sqlite3_reset(a);
            sqlite3_bind_int64(a, 1, seq);
            if (sqlite3_step(a) != SQLITE_ROW) continue; /* cannot happen: the index follows articles */
        }
        if ((rc = make_snippet(s.snippet, seq, &snip)) != AK_OK) break;
        ak_search_hit hit = {(const char *)sqlite3_column_text(a, 1), (const char *)sqlite3_column_text(a, 2),
                             (const char *)sqlite3_column_text(a, 3), (const char *)sqlite3_column_text(a, 4),
                             snip.data ? snip.data : "", score};
        if (fn) rc = fn(&hit, ctx);
    }
    if (rc == AK_OK && step != SQLITE_DONE) rc = db_error(h, "query");
    ak_buf_free(&snip);
    stmts_free(&s);
    return rc;
}

AK_API int ak_search(ak_db *db, const ak_search_query *q, int (*fn)(const ak_search_hit *h, void *ctx),
                     void *ctx, size_t *total)
{
    if (total) *total = 0;
    if (!db || !q) return ak_set_error(AK_EINVAL, "search: bad argument");
    if (!q->q) return ak_set_error(AK_EINVAL, "search: no query");
    if (!valid_day(q->from) || !valid_day(q->to))
        return ak_set_error(AK_EINVAL, "search: dates must be YYYY-MM-DD");
    char *expr = NULL;
    int rc = ak_search_match_expr(q->q, &expr);
    if (rc != AK_OK) return rc;
    sqlite3 *h = ak_db_sqlite(db);
    if (total) rc = count_matches(h, expr, q, total);
    if (rc == AK_OK) rc = walk_hits(h, expr, q, fn, ctx);
    free(expr);
    return rc;
}
