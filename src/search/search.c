/* search.c: ak_search: a user query made safe for FTS5, ranked by BM25 (title weighted) over
 * articles_fts, filtered by date, source, story and entity, with snippets of the original text. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "search/search_pg.h"
#include "text/utf8.h"
#include "util/buf.h"
#include "store/store_internal.h"
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

int ak_search_query_parts(const char *q, ak_search_part_fn fn, void *ctx)
{
    if (!q) return ak_set_error(AK_EINVAL, "search: no query");
    size_t n = strlen(q), bad = 0;
    if (n > AK_SEARCH_MAX_QUERY)
        return ak_set_error(AK_EINVAL, "search: query too long (%zu bytes, at most %d)", n, AK_SEARCH_MAX_QUERY);
    if (!ak_utf8_valid(q, n, &bad)) return ak_set_error(AK_EINVAL, "search: query is not valid UTF-8 (byte %zu)", bad);
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
        if (++terms > AK_SEARCH_MAX_TERMS)
            return ak_set_error(AK_EINVAL, "search: too many terms (at most %d)", AK_SEARCH_MAX_TERMS);
        int rc = fn(ctx, q + start, end - start, prefix);
        if (rc) return rc;
    }
    if (!terms) return ak_set_error(AK_EINVAL, "search: the query has no word to search for");
    return AK_OK;
}

static int put_part(void *ctx, const char *s, size_t n, int prefix)
{
    put_term(ctx, s, n, prefix);
    return 0;
}

int ak_search_match_expr(const char *q, char **out)
{
    *out = NULL;
    ak_buf b = AK_BUF_INIT;
    int rc = ak_search_query_parts(q, put_part, &b);
    if (rc != AK_OK) {
        ak_buf_free(&b);
        return rc;
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
static const char SQL_HITS[] = "SELECT a.seq, a.id, a.title, a.source, a.published, ak_bm25(articles_fts, 3.0, 1.0) AS r"
    FROM_WHERE " ORDER BY r, a.seq LIMIT ?7 OFFSET ?8";
/* Without filters the ranking needs no article column: rank in the index alone (about half the
 * cost for common words), then read only the page's articles. */
static const char SQL_HITS_ALL[] = "SELECT rowid, ak_bm25(articles_fts, 3.0, 1.0) AS r FROM articles_fts"
    " WHERE articles_fts MATCH ?1 ORDER BY r, rowid LIMIT ?7 OFFSET ?8";
static const char SQL_ARTICLE[] = "SELECT seq, id, title, source, published FROM articles WHERE seq = ?1";
static const char SQL_COUNT[] = "SELECT count(*)" FROM_WHERE;
/* Without filters the join adds nothing: count in the index alone. */
static const char SQL_COUNT_ALL[] = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1";
/* The page's snippets, one statement per hit: computing them in the ranking query would make one
 * for every match. ak_snippet (snippet.c) escapes the text and marks the matches itself. */
static const char SQL_SNIPPET[] = "SELECT ak_snippet(articles_fts, 24)"
    " FROM articles_fts WHERE articles_fts MATCH ?1 AND rowid = ?2";

/* The page's snippets in one pass over the matches, for prefix queries: a prefix's doclist is a
 * merge of every term it covers, made again by each statement, so ten statements cost ten merges.
 * ak_page_has (below) keeps ak_snippet to the page's rows. */
static const char SQL_SNIPPET_SCAN[] = "SELECT rowid, ak_snippet(articles_fts, 24) FROM articles_fts"
    " WHERE articles_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 AND ak_page_has(?4, rowid)";

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

/* ---- a page of results, gathered once and handed out (possibly again, from the cache) ---- */

typedef struct page_builder {
    ak_search_page *p;
    ak_buf text;
    size_t cap;
    sqlite3_int64 *seq; /* each hit's article */
} page_builder;

static size_t put_str(ak_buf *b, const char *s)
{
    if (!s) return AK_SEARCH_NULL;
    size_t at = b->len;
    ak_buf_append(b, s, strlen(s) + 1);
    return at;
}

/* Adds a hit whose strings are columns of st from `from` on (id, title, source, published). */
static int add_hit(page_builder *pb, sqlite3_int64 seq, sqlite3_stmt *st, int from, double score)
{
    ak_search_page *p = pb->p;
    if (p->n == pb->cap) {
        size_t cap = pb->cap ? 2 * pb->cap : 16;
        ak_search_page_hit *hits = realloc(p->hits, cap * sizeof *hits);
        if (hits) p->hits = hits;
        sqlite3_int64 *seqs = hits ? realloc(pb->seq, cap * sizeof *seqs) : NULL;
        if (!seqs) return ak_set_error(AK_ENOMEM, "search: out of memory");
        pb->seq = seqs;
        pb->cap = cap;
    }
    pb->seq[p->n] = seq;
    ak_search_page_hit *o = &p->hits[p->n++];
    o->id = put_str(&pb->text, (const char *)sqlite3_column_text(st, from));
    o->title = put_str(&pb->text, (const char *)sqlite3_column_text(st, from + 1));
    o->source = put_str(&pb->text, (const char *)sqlite3_column_text(st, from + 2));
    o->published = put_str(&pb->text, (const char *)sqlite3_column_text(st, from + 3));
    o->snippet = AK_SEARCH_NULL;
    o->score = score;
    return pb->text.failed ? ak_set_error(AK_ENOMEM, "search: out of memory") : AK_OK;
}

static void set_snippet(page_builder *pb, size_t i, sqlite3_stmt *st, int col)
{
    const char *t = (const char *)sqlite3_column_text(st, col);
    pb->p->hits[i].snippet = put_str(&pb->text, t ? t : "");
}

/* The page's rows by article, for ak_page_has and to place each snippet. */
typedef struct seq_ix { sqlite3_int64 seq; size_t i; } seq_ix;
typedef struct page_set { seq_ix *v; size_t n; } page_set;

static int cmp_seq(const void *a, const void *b)
{
    sqlite3_int64 x = ((const seq_ix *)a)->seq, y = ((const seq_ix *)b)->seq;
    return (x > y) - (x < y);
}

static void page_has_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const page_set *s = sqlite3_value_pointer(argv[0], "ak_page_set");
    seq_ix k = {sqlite3_value_int64(argv[1]), 0};
    sqlite3_result_int(ctx, s && s->n && bsearch(&k, s->v, s->n, sizeof k, cmp_seq) != NULL);
}

int ak_search_register_page_fn(sqlite3 *h)
{
    return sqlite3_create_function(h, "ak_page_has", 2, SQLITE_UTF8, NULL, page_has_fn, NULL, NULL);
}

/* Every hit's snippet in one pass over the matches (prefix queries). */
static int scan_snippets(sqlite3 *h, const char *expr, page_builder *pb)
{
    size_t n = pb->p->n;
    if (!n) return AK_OK;
    page_set set = {malloc(n * sizeof *set.v), n};
    if (!set.v) return ak_set_error(AK_ENOMEM, "search: out of memory");
    for (size_t i = 0; i < n; i++) set.v[i] = (seq_ix){pb->seq[i], i};
    qsort(set.v, n, sizeof *set.v, cmp_seq);
    sqlite3_stmt *st = NULL;
    int rc = AK_OK, step = SQLITE_DONE;
    if (sqlite3_prepare_v2(h, SQL_SNIPPET_SCAN, -1, &st, NULL) != SQLITE_OK) rc = db_error(h, "prepare");
    if (rc == AK_OK) {
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 2, set.v[0].seq);
        sqlite3_bind_int64(st, 3, set.v[n - 1].seq);
        sqlite3_bind_pointer(st, 4, &set, "ak_page_set", NULL);
        while ((step = sqlite3_step(st)) == SQLITE_ROW) {
            seq_ix k = {sqlite3_column_int64(st, 0), 0};
            const seq_ix *at = bsearch(&k, set.v, n, sizeof k, cmp_seq);
            if (at && pb->p->hits[at->i].snippet == AK_SEARCH_NULL) set_snippet(pb, at->i, st, 1);
        }
        if (step != SQLITE_DONE) rc = db_error(h, "snippets");
    }
    sqlite3_finalize(st);
    free(set.v);
    for (size_t i = 0; rc == AK_OK && i < n; i++) /* a hit the pass did not meet: no snippet, as before */
        if (pb->p->hits[i].snippet == AK_SEARCH_NULL) pb->p->hits[i].snippet = put_str(&pb->text, "");
    return rc == AK_OK && pb->text.failed ? ak_set_error(AK_ENOMEM, "search: out of memory") : rc;
}

/* A statement set of one search; finalized together. */
typedef struct stmts { sqlite3_stmt *rank, *article, *snippet; } stmts;

static void stmts_free(stmts *s)
{
    sqlite3_finalize(s->rank);
    sqlite3_finalize(s->article);
    sqlite3_finalize(s->snippet);
}

/* Ranks the matches and gathers the page into pb, each hit with its snippet. */
static int walk_hits(sqlite3 *h, const char *expr, const ak_search_query *q, page_builder *pb)
{
    int filtered = q->from || q->to || q->source || q->story || q->entity;
    int scan = strstr(expr, "\" *") != NULL; /* a prefix: snippets in one pass */
    stmts s = {NULL, NULL, NULL};
    if (sqlite3_prepare_v2(h, filtered ? SQL_HITS : SQL_HITS_ALL, -1, &s.rank, NULL) != SQLITE_OK ||
        (!filtered && sqlite3_prepare_v2(h, SQL_ARTICLE, -1, &s.article, NULL) != SQLITE_OK) ||
        (!scan && sqlite3_prepare_v2(h, SQL_SNIPPET, -1, &s.snippet, NULL) != SQLITE_OK)) {
        int rc = db_error(h, "prepare");
        stmts_free(&s);
        return rc;
    }
    if (filtered) bind_filters(s.rank, expr, q);
    else sqlite3_bind_text(s.rank, 1, expr, -1, SQLITE_STATIC);
    size_t limit = q->limit ? q->limit : 20;
    sqlite3_bind_int64(s.rank, 7, (sqlite3_int64)(limit > 10000 ? 10000 : limit));
    sqlite3_bind_int64(s.rank, 8, q->offset > (size_t)INT64_MAX ? INT64_MAX : (sqlite3_int64)q->offset);
    if (s.snippet) sqlite3_bind_text(s.snippet, 1, expr, -1, SQLITE_STATIC);
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
        rc = add_hit(pb, seq, a, 1, score);
        if (rc == AK_OK && s.snippet) { /* one statement per hit: a seek for a word or a phrase */
            sqlite3_reset(s.snippet);
            sqlite3_bind_int64(s.snippet, 2, seq);
            if (sqlite3_step(s.snippet) == SQLITE_ROW) set_snippet(pb, pb->p->n - 1, s.snippet, 0);
            else pb->p->hits[pb->p->n - 1].snippet = put_str(&pb->text, "");
            if (pb->text.failed) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
        }
    }
    if (rc == AK_OK && step != SQLITE_DONE) rc = db_error(h, "query");
    stmts_free(&s);
    if (rc == AK_OK && scan) rc = scan_snippets(h, expr, pb);
    return rc;
}

/* The ranking of an unfiltered query in one call (rank.c): no per-match statement step. */
static const char SQL_TOPK[] = "SELECT ak_topk(articles_fts, ?2) FROM articles_fts WHERE articles_fts MATCH ?1";
/* Pages deeper than this go through SQL's sorter (the heap holds offset + limit rows). */
#define TOPK_MAX 1000
int ak_search_topk = 1;

/* The statement for slot `slot`: the connection's kept one (prepared once) when kept is not NULL,
 * else a new one the caller finalizes. */
static int stmt_get(sqlite3 *h, sqlite3_stmt **kept, int slot, const char *sql, sqlite3_stmt **out)
{
    if (!kept) return sqlite3_prepare_v2(h, sql, -1, out, NULL);
    if (!kept[slot] && sqlite3_prepare_v3(h, sql, -1, SQLITE_PREPARE_PERSISTENT, &kept[slot], NULL) != SQLITE_OK)
        return SQLITE_ERROR;
    *out = kept[slot];
    return SQLITE_OK;
}

/* Ranks with ak_topk and gathers the page (articles, snippets) into pb. Returns AK_OK, an error,
 * or -1 when ak_topk could not rank (then nothing was added: the caller ranks through SQL). */
/* Each phrase of an expression made by ak_search_match_expr: a quoted string ("" inside is a
 * quote) and its " *" when a prefix. Returns the number found (at most max). */
static int split_phrases(const char *expr, const char **key, size_t *len, int max)
{
    int n = 0;
    const char *p = expr;
    while (*p && n < max) {
        while (*p == ' ') p++;
        if (*p != '"') break;
        const char *s = p++;
        while (*p && !(p[0] == '"' && p[1] != '"')) p += p[0] == '"' ? 2 : 1;
        if (*p) p++;
        if (p[0] == ' ' && p[1] == '*') p += 2;
        key[n] = s;
        len[n++] = (size_t)(p - s);
    }
    return n;
}

/* The page's articles with what their snippets need: the text (the token counts are not read: a
 * snippet counts them itself in the rare window that runs off the end of its column). */
/* with the body's marks (migration 8): a snippet tokenizes from near its window */
static const char SQL_ARTICLE_TEXT[] = "SELECT a.seq, a.id, a.title, a.source, a.published, a.text,"
    " (SELECT m FROM search_marks WHERE seq = a.seq) FROM articles a WHERE a.seq = ?1";
int ak_search_fast_snippets = 1;
int ak_search_snippet_marks = 1;
size_t ak_search_marks_used;

/* Hit i's snippet from the matches ak_topk kept (row j of its page) and the article row a, which
 * holds the title (column 2) and the text (5). Returns 1 when made. */
static int own_snippet(page_builder *pb, size_t i, const ak_topk *t, size_t j, sqlite3_stmt *a, ak_buf *tmp)
{
    const int cols[2] = {-1, -1}; /* token counts unknown */
    const char *text[2] = {(const char *)sqlite3_column_text(a, 2), (const char *)sqlite3_column_text(a, 5)};
    int len[2] = {sqlite3_column_bytes(a, 2), sqlite3_column_bytes(a, 5)};
    ak_buf_reset(tmp);
    const ak_search_inst *inst = t->inst + t->inst_at[j];
    int n = (int)(t->inst_at[j + 1] - t->inst_at[j]);
    /* The body's marks, stored with it. */
    ak_snippet_marks marks;
    int have = ak_search_snippet_marks && ak_snippet_marks_read(sqlite3_column_blob(a, 6), sqlite3_column_bytes(a, 6), &marks);
    if (have) __atomic_add_fetch(&ak_search_marks_used, 1, __ATOMIC_RELAXED);
    if (ak_snippet_make(inst, n, t->phrase_len, cols, text, len, AK_SNIPPET_WIDTH, have ? &marks : NULL, tmp) !=
            SQLITE_OK ||
        tmp->failed)
        return 0;
    pb->p->hits[i].snippet = put_str(&pb->text, ak_buf_cstr(tmp));
    return 1;
}

/* What placing a page's rows needs (walk_topk's state). */
typedef struct page_ctx {
    sqlite3 *h;
    const char *expr;
    const ak_topk *t;
    size_t from;            /* the page's first row in t's order (the query's offset) */
    stmts *s;
    sqlite3_stmt **kept;
    int scan, missing;      /* a prefix: snippets left to one pass (missing: some are) */
    ak_buf tmp;
    page_builder *pb;
} page_ctx;

/* Adds row i of t's order from article row a, with its snippet: from the kept matches, else
 * FTS5's (a statement per hit or, for a prefix, the pass after). */
static int page_row(page_ctx *c, size_t i, sqlite3_stmt *a)
{
    page_builder *pb = c->pb;
    int rc = add_hit(pb, c->t->rowid[i], a, 1, -c->t->r[i]);
    if (rc != AK_OK || (c->t->inst_ok && own_snippet(pb, pb->p->n - 1, c->t, i - c->from, a, &c->tmp))) return rc;
    if (c->scan) { c->missing = 1; return AK_OK; }
    stmts *s = c->s;
    if (!s->snippet && stmt_get(c->h, c->kept, 2, SQL_SNIPPET, &s->snippet) != SQLITE_OK) return db_error(c->h, "prepare");
    sqlite3_reset(s->snippet);
    sqlite3_bind_text(s->snippet, 1, c->expr, -1, SQLITE_STATIC);
    sqlite3_bind_int64(s->snippet, 2, c->t->rowid[i]);
    if (sqlite3_step(s->snippet) == SQLITE_ROW) set_snippet(pb, pb->p->n - 1, s->snippet, 0);
    else pb->p->hits[pb->p->n - 1].snippet = put_str(&pb->text, "");
    return AK_OK;
}

/* A page of up to PAGE_ROWS rows is read with one statement (its unused places NULL): a statement
 * per hit is reset between hits, and a reset frees the memory of every column, so each hit's
 * text was allocated afresh. Its rows come in seq order; the hits are put back in rank order. */
#define PAGE_ROWS 20
static const char SQL_ARTICLES_IN[] = "SELECT a.seq, a.id, a.title, a.source, a.published, a.text,"
    " (SELECT m FROM search_marks WHERE seq = a.seq) FROM articles a WHERE a.seq IN"
    " (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20)";

/* Puts the n hits from `first` on, added in the order of their rows in t (order[k] for the k-th), in
 * that order. */
static void rank_order(page_builder *pb, size_t first, const size_t *order, size_t n)
{
    size_t idx[PAGE_ROWS];
    for (size_t k = 0; k < n; k++) { /* n is small: insertion sort */
        size_t j = k;
        for (; j > 0 && order[idx[j - 1]] > order[k]; j--) idx[j] = idx[j - 1];
        idx[j] = k;
    }
    ak_search_page_hit hits[PAGE_ROWS];
    sqlite3_int64 seq[PAGE_ROWS];
    for (size_t k = 0; k < n; k++) { hits[k] = pb->p->hits[first + idx[k]]; seq[k] = pb->seq[first + idx[k]]; }
    memcpy(pb->p->hits + first, hits, n * sizeof *hits);
    memcpy(pb->seq + first, seq, n * sizeof *seq);
}

static int page_at_once(page_ctx *c, sqlite3_stmt *in)
{
    const ak_topk *t = c->t;
    size_t m = t->n - c->from, first = c->pb->p->n, added = 0, order[PAGE_ROWS];
    seq_ix ix[PAGE_ROWS];
    for (size_t k = 0; k < PAGE_ROWS; k++) {
        if (k < m) { ix[k] = (seq_ix){t->rowid[c->from + k], c->from + k}; sqlite3_bind_int64(in, (int)k + 1, ix[k].seq); }
        else sqlite3_bind_null(in, (int)k + 1);
    }
    qsort(ix, m, sizeof *ix, cmp_seq);
    int rc = AK_OK, step = SQLITE_DONE;
    while (rc == AK_OK && added < m && (step = sqlite3_step(in)) == SQLITE_ROW) {
        seq_ix key = {sqlite3_column_int64(in, 0), 0};
        const seq_ix *at = bsearch(&key, ix, m, sizeof key, cmp_seq);
        if (!at) continue; /* cannot happen: the rows asked for */
        order[added++] = at->i;
        rc = page_row(c, at->i, in);
    }
    if (rc == AK_OK && step != SQLITE_DONE && step != SQLITE_ROW) rc = db_error(c->h, "articles");
    sqlite3_reset(in);
    if (rc == AK_OK) rank_order(c->pb, first, order, c->pb->p->n - first);
    return rc;
}

static int walk_topk(sqlite3 *h, const char *expr, const ak_search_query *q, size_t limit, ak_search_cache *cache,
                     const ak_search_state *state, page_builder *pb)
{
    const char *key[AK_SEARCH_MAX_TERMS];
    size_t key_len[AK_SEARCH_MAX_TERMS];
    ak_topk t = {.k = q->offset + limit, .w = {3.0, 1.0}, .h = h, .cache = cache, .state = state,
                 .key = key, .key_len = key_len, .want_inst = ak_search_fast_snippets, .inst_from = q->offset};
    t.n_keys = split_phrases(expr, key, key_len, AK_SEARCH_MAX_TERMS);
    t.rowid = malloc(t.k * sizeof *t.rowid);
    t.r = malloc(t.k * sizeof *t.r);
    stmts s = {NULL, NULL, NULL};
    int rc = t.rowid && t.r ? AK_OK : ak_set_error(AK_ENOMEM, "search: out of memory");
    sqlite3_stmt **kept = ak_search_stmts_take(h);
    t.kept = kept;
    if (rc == AK_OK && (stmt_get(h, kept, 0, SQL_TOPK, &s.rank) != SQLITE_OK ||
                        stmt_get(h, kept, 1, SQL_ARTICLE_TEXT, &s.article) != SQLITE_OK))
        rc = db_error(h, "prepare");
    if (rc == AK_OK) {
        sqlite3_bind_text(s.rank, 1, expr, -1, SQLITE_STATIC);
        sqlite3_bind_pointer(s.rank, 2, &t, "ak_topk", NULL);
        int step = sqlite3_step(s.rank);
        if (step == SQLITE_DONE) t.ok = 1; /* no match: ak_topk never ran */
        while (step == SQLITE_ROW && t.ok && t.mode == 2) step = sqlite3_step(s.rank); /* a row per call */
        if (step == SQLITE_DONE && t.mode == 2) t.ok = 1;
        if ((step != SQLITE_ROW && step != SQLITE_DONE) || !t.ok) rc = -1;
        else ak_topk_finish(&t);
        if (t.dl_state > 0) ak_doclist_end(*ak_search_stmts_doclist(kept));
        sqlite3_reset(s.rank); /* the ranking is over: the lengths are no longer read */
        if (t.began) ak_search_lengths_end(cache);
    }
    pb->p->total = rc == AK_OK ? (size_t)t.total : 0;
    /* Snippets: made here from the kept matches; a hit without them (positions past ak_topk's cap:
     * the commonest words, short prefixes; no memory) gets FTS5's, a statement per hit or, for a
     * prefix, one pass over the matches. */
    page_ctx c = {h, expr, &t, q->offset, &s, kept, strstr(expr, "\" *") != NULL, 0, AK_BUF_INIT, pb};
    sqlite3_stmt *in = NULL;
    if (rc == AK_OK && t.n > q->offset && t.n - q->offset <= PAGE_ROWS && kept &&
        stmt_get(h, kept, 3, SQL_ARTICLES_IN, &in) == SQLITE_OK) {
        rc = page_at_once(&c, in);
    } else {
        for (size_t i = q->offset; rc == AK_OK && i < t.n; i++) {
            sqlite3_reset(s.article);
            sqlite3_bind_int64(s.article, 1, t.rowid[i]);
            if (sqlite3_step(s.article) != SQLITE_ROW) continue; /* cannot happen: the index follows articles */
            rc = page_row(&c, i, s.article);
        }
    }
    int missing = c.missing;
    if (rc == AK_OK && pb->text.failed) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
    ak_buf_free(&c.tmp);
    if (kept) ak_search_stmts_give(h, kept);
    else stmts_free(&s);
    free(t.rowid);
    free(t.r);
    free(t.inst);
    free(t.inst_at);
    free(t.log);
    if (rc == AK_OK && missing) rc = scan_snippets(h, expr, pb);
    return rc;
}

static int replay(const ak_search_page *p, int (*fn)(const ak_search_hit *, void *), void *ctx)
{
    for (size_t i = 0; fn && i < p->n; i++) {
        const ak_search_page_hit *o = &p->hits[i];
#define AT(f) (o->f == AK_SEARCH_NULL ? NULL : p->text + o->f)
        ak_search_hit hit = {AT(id), AT(title), AT(source), AT(published), AT(snippet), o->score};
#undef AT
        int rc = fn(&hit, ctx);
        if (rc) return rc;
    }
    return AK_OK;
}

/* The cache key: everything that decides the page. NULL and "" differ (a 0/1 mark). */
static char *page_key(const char *expr, const ak_search_query *q, size_t limit)
{
    ak_buf k = AK_BUF_INIT;
    const char *text[] = {expr, q->from, q->to, q->source, q->story};
    for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
        ak_buf_putc(&k, text[i] ? '1' : '0');
        if (text[i]) ak_buf_puts(&k, text[i]);
        ak_buf_putc(&k, '\x1f');
    }
    ak_buf_printf(&k, "%lld\x1f%zu\x1f%zu", q->entity, q->offset, limit);
    ak_buf_cstr(&k);
    if (k.failed) { ak_buf_free(&k); return NULL; }
    return ak_buf_detach(&k, NULL);
}

/* Pages larger than this are not kept (a cache of a few MB at most). */
#define CACHE_MAX_LIMIT 100
/* From this many matches on, ranking reads document lengths from memory (cache.c, rank.c). */
size_t ak_search_lengths_min = 2000;

/* On PostgreSQL (pg_search.c): the page, then the hits handed out. */
static int search_pg(ak_db *db, const ak_search_query *q, int (*fn)(const ak_search_hit *h, void *ctx), void *ctx,
                     size_t *total)
{
    ak_search_page *page = NULL;
    int rc = ak_search_pg(ak_db_sql(db), q, &page);
    if (rc == AK_OK) {
        if (total) *total = page->total;
        rc = replay(page, fn, ctx);
    }
    ak_search_page_free(page);
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
    if (!ak_db_sqlite(db)) return search_pg(db, q, fn, ctx, total);
    char *expr = NULL;
    int rc = ak_search_match_expr(q->q, &expr);
    if (rc != AK_OK) return rc;
    sqlite3 *h = ak_db_sqlite(db);
    size_t limit = q->limit ? q->limit : 20;
    /* One read transaction for the lookup, the lengths and the ranking: one snapshot. Inside a
     * caller's transaction no page is cached (what it sees may yet be rolled back). */
    int own = sqlite3_get_autocommit(h) && ak_search_txn(h, AK_SEARCH_BEGIN) == SQLITE_OK;
    char *key = own && limit <= CACHE_MAX_LIMIT ? page_key(expr, q, limit) : NULL;
    ak_search_state state;
    ak_search_page *page = NULL;
    ak_search_cache *cache = key ? ak_search_cache_lookup(h, key, &page, &state) : NULL;
    int filtered = q->from || q->to || q->source || q->story || q->entity;
    int topk = ak_search_topk && own && !filtered && q->offset < TOPK_MAX && limit <= TOPK_MAX - q->offset;
    if (!page && topk) { /* unfiltered: ranked in one call, the total counted on the way */
        page_builder pb = {calloc(1, sizeof *pb.p), AK_BUF_INIT, 0, NULL};
        ak_buf_reserve(&pb.text, 384 * limit); /* a usual page's strings without regrowing */
        if (!pb.p) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
        if (rc == AK_OK && !cache) cache = ak_search_cache_lookup(h, "", &page, &state);
        if (rc == AK_OK) rc = walk_topk(h, expr, q, limit, cache, &state, &pb);
        if (rc == AK_OK) {
            pb.p->text_len = pb.text.len;
            pb.p->text = ak_buf_detach(&pb.text, NULL);
            page = pb.p;
            pb.p = NULL;
        }
        if (rc == -1) rc = AK_OK; /* not ranked: the SQL path below */
        ak_buf_free(&pb.text);
        ak_search_page_free(pb.p);
        free(pb.seq);
        if (page && key && cache) {
            ak_search_page *keep = ak_search_page_copy(page);
            if (keep) ak_search_cache_store(h, key, keep, &state);
        }
    }
    if (!page && rc == AK_OK) { /* not cached: run it (always with the total: it is cheap, and decides the lengths) */
        page_builder pb = {calloc(1, sizeof *pb.p), AK_BUF_INIT, 0, NULL};
        if (!pb.p) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
        if (rc == AK_OK) rc = count_matches(h, expr, q, &pb.p->total);
        /* Lengths in memory pay off past a few thousand matches; loading them costs about as much. */
        int lengths = rc == AK_OK && own && pb.p->total >= ak_search_lengths_min &&
                      (cache || (cache = ak_search_cache_lookup(h, "", &page, &state)) != NULL) &&
                      ak_search_lengths_begin(cache, h);
        ak_search_page_free(page); /* "" is never a key: always NULL */
        page = NULL;
        if (rc == AK_OK) rc = walk_hits(h, expr, q, &pb);
        if (lengths) ak_search_lengths_end(cache);
        if (pb.p) {
            pb.p->text_len = pb.text.len;
            pb.p->text = ak_buf_detach(&pb.text, NULL);
        }
        free(pb.seq);
        page = pb.p;
        if (rc == AK_OK && key && cache) {
            /* the cache keeps a copy of its own; this one is handed out below */
            ak_search_page *keep = ak_search_page_copy(page);
            if (keep) ak_search_cache_store(h, key, keep, &state);
        }
    }
    /* Read only: ends the snapshot (and never leaves a transaction open behind the caller). */
    if (own && ak_search_txn(h, AK_SEARCH_COMMIT) != SQLITE_OK) ak_search_txn(h, AK_SEARCH_ROLLBACK);
    if (rc == AK_OK && page) {
        if (total) *total = page->total;
        rc = replay(page, fn, ctx);
    }
    ak_search_page_free(page);
    free(key);
    free(expr);
    return rc;
}

AK_API void ak_search_list_stats(ak_db *db, size_t *bytes, size_t *hits, size_t *misses)
{
    size_t b = 0, h = 0, m = 0;
    if (db && ak_db_sqlite(db)) b = ak_search_list_cache_stats(ak_db_sqlite(db), &h, &m);
    if (bytes) *bytes = b;
    if (hits) *hits = h;
    if (misses) *misses = m;
}

AK_API int ak_search_optimize(ak_db *db)
{
    if (!db) return ak_set_error(AK_EINVAL, "search: bad argument");
    if (!ak_db_sqlite(db)) { /* PostgreSQL: nothing to merge; fresh planner statistics for the index */
        int rc = ak_search_pg_sync(ak_db_sql(db));
        if (rc == AK_OK) rc = ak_sql_exec(ak_db_sql(db), "ANALYZE search_postings; ANALYZE search_docs", "search");
        return rc;
    }
    sqlite3 *h = ak_db_sqlite(db);
    if (sqlite3_exec(h, "INSERT INTO articles_fts(articles_fts) VALUES('optimize')", NULL, NULL, NULL) != SQLITE_OK)
        return db_error(h, "optimize");
    return AK_OK;
}
