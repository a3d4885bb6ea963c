/* pg_search.c: ak_search on a PostgreSQL store, over the index of pg_index.c, with SQLite's
 * answers: a query is an AND of phrases (a word is a phrase of one term; a trailing * makes the
 * last term a prefix), a phrase matches where its terms stand at consecutive positions of one
 * column, and a match is ranked by FTS5's BM25 (ak_bm25_phrase; title matches weigh 3, body
 * matches 1; the IDF of a phrase from the articles it is in, over every article indexed), ties by
 * article order. Snippets come from ak_snippet_make, as the SQLite search's own do. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_pg.h"
#include "util/buf.h"
#include "util/error.h"

/* The rows of a term or a phrase, ascending, each with its (packed) positions ascending. */
typedef struct rows {
    long long *seq;
    uint32_t *len; /* each row's length in tokens (its columns' sum), as the index stores it */
    size_t *at; /* row i's positions: pos[at[i]..at[i + 1]) */
    uint32_t *pos;
    size_t n, npos, cap, cappos;
} rows;

typedef struct phrase {
    ak_buf terms;   /* its terms, NUL after each */
    size_t n_terms;
    int prefix;     /* the last term is a prefix */
    rows r;         /* where it matches: the position of its first term */
} phrase;

typedef struct query {
    phrase ph[AK_SEARCH_MAX_TERMS];
    int n;
    int failed;
} query;

static void rows_free(rows *r)
{
    free(r->seq); free(r->len); free(r->at); free(r->pos);
    memset(r, 0, sizeof *r);
}

static int rows_add_row(rows *r, long long seq, uint32_t len)
{
    if (r->n + 2 > r->cap) {
        size_t cap = r->cap ? 2 * r->cap : 64;
        long long *s = realloc(r->seq, cap * sizeof *s);
        if (s) r->seq = s;
        uint32_t *l = s ? realloc(r->len, cap * sizeof *l) : NULL;
        if (l) r->len = l;
        size_t *a = l ? realloc(r->at, cap * sizeof *a) : NULL;
        if (!a) return 0;
        r->at = a;
        r->cap = cap;
    }
    r->seq[r->n] = seq;
    r->len[r->n] = len;
    r->at[r->n++] = r->npos;
    r->at[r->n] = r->npos;
    return 1;
}

static int rows_add_pos(rows *r, uint32_t p)
{
    if (!ak_pg_grow((void **)&r->pos, &r->cappos, r->npos + 1, sizeof *r->pos)) return 0;
    r->pos[r->npos++] = p;
    r->at[r->n] = r->npos;
    return 1;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

/* ---- the query: its phrases and their terms, as the tokenizer gives them to FTS5 ---- */

static int add_query_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)colocated; (void)bs; (void)be; /* a query has no colocated terms */
    phrase *p = ctx;
    ak_buf_append(&p->terms, t, n);
    ak_buf_putc(&p->terms, 0);
    p->n_terms++;
    return 0;
}

static int add_part(void *ctx, const char *s, size_t n, int prefix)
{
    query *q = ctx;
    phrase *p = &q->ph[q->n++];
    p->prefix = prefix;
    ak_search_analyze(s, n, AK_SA_DEFAULT | AK_SA_QUERY, add_query_term, p);
    if (p->terms.failed) q->failed = 1;
    return q->failed;
}

static void query_free(query *q)
{
    for (int i = 0; i < q->n; i++) {
        ak_buf_free(&q->ph[i].terms);
        rows_free(&q->ph[i].r);
    }
}

/* ---- reading a term's rows ---- */

/* The statements of a search, prepared once per connection (kept with it: ak_sql_set_aux):
 * preparing is a round trip each. */
typedef struct pg_search {
    ak_sql *c;
    ak_sqlq *exact, *prefix, *totals, *allowed, *page, *queued;
} pg_search;

/* One article's entry in a block row: its positions are pos[from..from + n). */
typedef struct entry { long long seq; size_t from; uint32_t n, len; } entry;
typedef struct entries { entry *v; size_t n, cap; uint32_t *pos; size_t npos, cappos; } entries;

static int cmp_entry(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->seq != y->seq) return x->seq < y->seq ? -1 : 1;
    return (x->from > y->from) - (x->from < y->from);
}

/* Decodes a block row (pg_index.c) into e. 0 when it does not parse. */
static int decode_block(long long block, const unsigned char *p, size_t n, entries *e)
{
    size_t i = 0;
    while (i < n) {
        uint64_t d, len, cnt, v;
        if (!ak_pg_varint_get(p, n, &i, &d) || !ak_pg_varint_get(p, n, &i, &len) || !ak_pg_varint_get(p, n, &i, &cnt) ||
            d > (uint64_t)AK_PG_BLOCK_MASK || len > UINT32_MAX || cnt > n - i)
            return 0;
        if (!ak_pg_grow((void **)&e->v, &e->cap, e->n + 1, sizeof *e->v) ||
            !ak_pg_grow((void **)&e->pos, &e->cappos, e->npos + cnt, sizeof *e->pos))
            return -1;
        e->v[e->n++] = (entry){(block << AK_PG_BLOCK_SHIFT) | (long long)d, e->npos, (uint32_t)cnt, (uint32_t)len};
        uint64_t at = 0;
        for (uint64_t k = 0; k < cnt; k++) {
            if (!ak_pg_varint_get(p, n, &i, &v) || (k && v == 0) || at + v > UINT32_MAX) return 0;
            at += v;
            e->pos[e->npos++] = (uint32_t)at;
        }
    }
    return 1;
}

/* A term's rows (a prefix: every term it begins, their positions merged per row) into r. */
static int read_term(pg_search *s, const char *term, int prefix, rows *r)
{
    size_t n = strlen(term);
    ak_sqlq *q = prefix ? s->prefix : s->exact;
    ak_sqlq_reset(q);
    ak_sqlq_bind_blob(q, 1, term, (int)n);
    char end[AK_SEARCH_MAX_WORD * AK_NORM_MAX_GROWTH + 2];
    if (prefix) { /* the terms from the prefix up to the prefix and 0xFF: no UTF-8 byte is 0xFF */
        if (n + 1 >= sizeof end) n = sizeof end - 2;
        memcpy(end, term, n);
        end[n] = (char)0xFF;
        ak_sqlq_bind_blob(q, 2, end, (int)n + 1);
    }
    entries e = {NULL, 0, 0, NULL, 0, 0};
    int st, rc = AK_OK;
    while (rc == AK_OK && (st = ak_sqlq_step(q)) == AK_SQL_ROW) {
        int ok = decode_block(ak_sqlq_int64(q, 0), ak_sqlq_blob(q, 1), (size_t)ak_sqlq_bytes(q, 1), &e);
        if (ok < 0) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
        else if (!ok) rc = ak_set_error(AK_EDB, "search: a block of postings of the index does not parse");
    }
    if (rc == AK_OK && st != AK_SQL_DONE) rc = ak_sql_error(s->c, "search");
    ak_sqlq_reset(q);
    /* in article order (a block's entries are appended as articles are indexed: a changed one
     * comes last), an article's entries of several terms (a prefix) merged */
    int sorted = 1;
    for (size_t i = 1; i < e.n && sorted; i++) sorted = e.v[i - 1].seq < e.v[i].seq;
    if (!sorted) qsort(e.v, e.n, sizeof *e.v, cmp_entry);
    for (size_t i = 0; rc == AK_OK && i < e.n;) {
        size_t j = i, from = r->npos;
        if (!rows_add_row(r, e.v[i].seq, e.v[i].len)) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
        for (; rc == AK_OK && j < e.n && e.v[j].seq == e.v[i].seq; j++)
            for (uint32_t k = 0; k < e.v[j].n; k++)
                if (!rows_add_pos(r, e.pos[e.v[j].from + k])) { rc = ak_set_error(AK_ENOMEM, "search: out of memory"); break; }
        if (rc == AK_OK && j - i > 1) { /* merged: in order, each position once */
            uint32_t *p = r->pos + from;
            size_t k = r->npos - from, w = 0;
            qsort(p, k, sizeof *p, cmp_u32);
            for (size_t a = 0; a < k; a++)
                if (!w || p[w - 1] != p[a]) p[w++] = p[a];
            r->npos = from + w;
            r->at[r->n] = r->npos;
        }
        i = j;
    }
    free(e.v);
    free(e.pos);
    return rc;
}

static int has_pos(const uint32_t *p, size_t n, uint32_t want)
{
    return bsearch(&want, p, n, sizeof *p, cmp_u32) != NULL;
}

/* Keeps of `into` (the phrase's first k terms) the rows and positions where term k follows. */
static int follow(rows *into, const rows *next, uint32_t k)
{
    rows out;
    memset(&out, 0, sizeof out);
    size_t j = 0;
    for (size_t i = 0; i < into->n; i++) {
        while (j < next->n && next->seq[j] < into->seq[i]) j++;
        if (j == next->n) break;
        if (next->seq[j] != into->seq[i]) continue;
        const uint32_t *np = next->pos + next->at[j];
        size_t nn = next->at[j + 1] - next->at[j];
        int added = 0;
        for (size_t a = into->at[i]; a < into->at[i + 1]; a++) {
            uint32_t p = into->pos[a];
            if (AK_SEARCH_POS_OFF(p) + k > 0x7FFFFFFFu || !has_pos(np, nn, p + k)) continue;
            if ((!added && !rows_add_row(&out, into->seq[i], into->len[i])) || !rows_add_pos(&out, p)) {
                rows_free(&out);
                return ak_set_error(AK_ENOMEM, "search: out of memory");
            }
            added = 1;
        }
    }
    rows_free(into);
    *into = out;
    return AK_OK;
}

/* A phrase's rows: its first term's, kept where the others follow. */
static int read_phrase(pg_search *s, phrase *p)
{
    const char *t = p->terms.data;
    int rc = read_term(s, t, p->prefix && p->n_terms == 1, &p->r);
    for (size_t k = 1; rc == AK_OK && k < p->n_terms && p->r.n; k++) {
        t += strlen(t) + 1;
        rows next;
        memset(&next, 0, sizeof next);
        rc = read_term(s, t, p->prefix && k == p->n_terms - 1, &next);
        if (rc == AK_OK) rc = follow(&p->r, &next, (uint32_t)k);
        rows_free(&next);
    }
    return rc;
}

/* ---- ranking ---- */

typedef struct hit { long long seq; double r; size_t at[AK_SEARCH_MAX_TERMS]; } hit;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    if (x->r != y->r) return x->r < y->r ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* The rows every phrase matches (each hit with its row in each phrase's list). */
static int intersect(const query *q, hit **out, size_t *n_out)
{
    const rows *first = &q->ph[0].r;
    hit *h = malloc((first->n ? first->n : 1) * sizeof *h);
    if (!h) return ak_set_error(AK_ENOMEM, "search: out of memory");
    size_t n = 0, j[AK_SEARCH_MAX_TERMS] = {0};
    for (size_t i = 0; i < first->n; i++) {
        long long seq = first->seq[i];
        int all = 1;
        h[n].seq = seq;
        h[n].at[0] = i;
        for (int k = 1; k < q->n && all; k++) {
            const rows *r = &q->ph[k].r;
            while (j[k] < r->n && r->seq[j[k]] < seq) j[k]++;
            all = j[k] < r->n && r->seq[j[k]] == seq;
            h[n].at[k] = j[k];
        }
        if (all) n++;
    }
    *out = h;
    *n_out = n;
    return AK_OK;
}

/* The seqs of hits as a PostgreSQL array literal. */
static int seq_array(const hit *h, size_t n, ak_buf *b)
{
    ak_buf_reset(b);
    ak_buf_putc(b, '{');
    for (size_t i = 0; i < n; i++) ak_buf_printf(b, i ? ",%lld" : "%lld", h[i].seq);
    ak_buf_putc(b, '}');
    ak_buf_cstr(b);
    return b->failed ? ak_set_error(AK_ENOMEM, "search: out of memory") : AK_OK;
}

static int cmp_hit_seq(const void *a, const void *b)
{
    long long x = ((const hit *)a)->seq, y = ((const hit *)b)->seq;
    return (x > y) - (x < y);
}

/* The hits the filters allow (both lists in seq order). The seqs go as one array, joined to the
 * articles row by row (unnest: a plan by the primary key however many there are). */
static const char SQL_ALLOWED[] =
    "SELECT a.seq FROM unnest(CAST(CAST(?1 AS text) AS bigint[])) AS u(seq) JOIN articles a ON a.seq = u.seq"
    " WHERE (CAST(?2 AS text) IS NULL OR substr(a.published, 1, 10) COLLATE \"C\" >= ?2)"
    " AND (CAST(?3 AS text) IS NULL OR substr(a.published, 1, 10) COLLATE \"C\" <= ?3)"
    " AND (CAST(?4 AS text) IS NULL OR a.source = ?4)"
    " AND (CAST(?5 AS text) IS NULL OR EXISTS(SELECT 1 FROM story_articles s WHERE s.article = a.id AND s.story = ?5))"
    " AND (CAST(?6 AS bigint) = 0 OR EXISTS(SELECT 1 FROM entity_mentions m WHERE m.article = a.id AND m.entity = ?6))"
    " ORDER BY a.seq";

static int filter_hits(pg_search *s, const ak_search_query *f, hit *h, size_t *n)
{
    ak_buf arr = AK_BUF_INIT;
    ak_sqlq *a = s->allowed;
    int rc = seq_array(h, *n, &arr);
    size_t kept = 0;
    ak_sqlq_reset(a);
    if (rc == AK_OK) {
        ak_sqlq_bind_text(a, 1, arr.data, (int)arr.len);
        const char *text[] = {f->from, f->to, f->source, f->story};
        for (int i = 0; i < 4; i++) ak_sqlq_bind_opt(a, i + 2, text[i]);
        ak_sqlq_bind_int64(a, 6, f->entity);
        int st;
        size_t i = 0;
        while ((st = ak_sqlq_step(a)) == AK_SQL_ROW) {
            long long seq = ak_sqlq_int64(a, 0);
            while (i < *n && h[i].seq < seq) i++;
            if (i < *n && h[i].seq == seq) h[kept++] = h[i++];
        }
        if (st != AK_SQL_DONE) rc = ak_sql_error(s->c, "search");
    }
    ak_sqlq_reset(a);
    ak_buf_free(&arr);
    if (rc == AK_OK) *n = kept;
    return rc;
}

static void score_hit(const query *q, hit *h, const double *idf, double avgdl)
{
    static const double w[2] = {3.0, 1.0};
    double score = 0.0, d = (double)q->ph[0].r.len[h->at[0]];
    for (int k = 0; k < q->n; k++) {
        const rows *r = &q->ph[k].r;
        double freq = 0.0;
        for (size_t a = r->at[h->at[k]]; a < r->at[h->at[k] + 1]; a++) freq += w[AK_SEARCH_POS_COL(r->pos[a])];
        score += ak_bm25_phrase(idf[k], freq, d, avgdl);
    }
    h->r = -1.0 * score;
}

/* Keeps the hits the filters allow, scored (r: minus the BM25 score; lower is better) and sorted. */
static int rank(pg_search *s, const query *q, const ak_search_query *f, hit *h, size_t *n)
{
    long long docs = 0, tokens = 0;
    ak_sqlq *t = s->totals;
    int rc = AK_OK;
    ak_sqlq_reset(t);
    if (ak_sqlq_step(t) == AK_SQL_ROW) {
        docs = ak_sqlq_int64(t, 0);
        tokens = ak_sqlq_int64(t, 1);
    } else {
        rc = ak_sql_error(s->c, "search");
    }
    ak_sqlq_reset(t);
    double idf[AK_SEARCH_MAX_TERMS], avgdl = (double)tokens / (double)docs;
    for (int k = 0; k < q->n; k++) {
        long long hits = (long long)q->ph[k].r.n;
        double v = log((docs - hits + 0.5) / (hits + 0.5));
        idf[k] = v <= 0.0 ? 1e-6 : v;
    }
    if (rc == AK_OK && (f->from || f->to || f->source || f->story || f->entity)) rc = filter_hits(s, f, h, n);
    if (rc != AK_OK) return rc;
    for (size_t i = 0; i < *n; i++) score_hit(q, &h[i], idf, avgdl);
    qsort(h, *n, sizeof *h, cmp_hit);
    return AK_OK;
}

/* ---- the page ---- */

static size_t put_str(ak_buf *b, const char *s)
{
    if (!s) return AK_SEARCH_NULL;
    size_t at = b->len;
    ak_buf_append(b, s, strlen(s) + 1);
    return at;
}

typedef struct inst_list { ak_search_inst *v; size_t n, cap; } inst_list;

static int cmp_inst(const void *a, const void *b)
{
    const ak_search_inst *x = a, *y = b;
    if (x->col != y->col) return x->col - y->col;
    if (x->off != y->off) return x->off - y->off;
    return x->ph - y->ph;
}

/* A hit's matches in the order FTS5's xInst gives them: by column, offset, phrase. */
static int hit_inst(const query *q, const hit *h, inst_list *l)
{
    l->n = 0;
    for (int k = 0; k < q->n; k++) {
        const rows *r = &q->ph[k].r;
        for (size_t a = r->at[h->at[k]]; a < r->at[h->at[k] + 1]; a++) {
            if (!ak_pg_grow((void **)&l->v, &l->cap, l->n + 1, sizeof *l->v))
                return ak_set_error(AK_ENOMEM, "search: out of memory");
            l->v[l->n++] = (ak_search_inst){k, AK_SEARCH_POS_COL(r->pos[a]), AK_SEARCH_POS_OFF(r->pos[a])};
        }
    }
    qsort(l->v, l->n, sizeof *l->v, cmp_inst);
    return AK_OK;
}

/* Fills the page's hits (from the ranked h[from..from+n)) with their articles and snippets. */
static int make_page(pg_search *s, const query *q, hit *h, size_t n, ak_search_page *p)
{
    ak_buf text = AK_BUF_INIT, arr = AK_BUF_INIT, snip = AK_BUF_INIT;
    inst_list il = {NULL, 0, 0};
    ak_sqlq *a = s->page;
    int phrase_len[AK_SEARCH_MAX_TERMS];
    for (int k = 0; k < q->n; k++) phrase_len[k] = (int)q->ph[k].n_terms;
    p->hits = n ? calloc(n, sizeof *p->hits) : NULL;
    int rc = n && !p->hits ? ak_set_error(AK_ENOMEM, "search: out of memory") : AK_OK;
    hit *by_seq = n ? malloc(n * sizeof *by_seq) : NULL;
    if (rc == AK_OK && n && !by_seq) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
    if (rc == AK_OK && n) {
        memcpy(by_seq, h, n * sizeof *h);
        for (size_t i = 0; i < n; i++) by_seq[i].r = (double)i; /* its place in the page */
        qsort(by_seq, n, sizeof *by_seq, cmp_hit_seq);
        rc = seq_array(by_seq, n, &arr);
        ak_sqlq_reset(a);
        if (rc == AK_OK) ak_sqlq_bind_text(a, 1, arr.data, (int)arr.len);
    }
    size_t i = 0;
    int st = AK_SQL_DONE;
    while (rc == AK_OK && n && (st = ak_sqlq_step(a)) == AK_SQL_ROW) {
        long long seq = ak_sqlq_int64(a, 0);
        while (i < n && by_seq[i].seq < seq) i++;
        if (i == n || by_seq[i].seq != seq) continue;
        size_t place = (size_t)by_seq[i].r;
        ak_search_page_hit *o = &p->hits[place];
        o->id = put_str(&text, ak_sqlq_text(a, 1));
        o->title = put_str(&text, ak_sqlq_text(a, 2));
        o->source = put_str(&text, ak_sqlq_text(a, 3));
        o->published = put_str(&text, ak_sqlq_text(a, 4));
        o->score = -h[place].r;
        const int cols[2] = {-1, -1}; /* token counts: counted where needed */
        const char *t[2] = {ak_sqlq_text(a, 2), ak_sqlq_text(a, 5)};
        int len[2] = {ak_sqlq_bytes(a, 2), ak_sqlq_bytes(a, 5)};
        rc = hit_inst(q, &h[place], &il);
        ak_buf_reset(&snip);
        if (rc == AK_OK &&
            (ak_snippet_make(il.v, (int)il.n, phrase_len, cols, t, len, AK_SNIPPET_WIDTH, NULL, &snip) != SQLITE_OK ||
             snip.failed))
            rc = ak_set_error(AK_ENOMEM, "search: cannot make a snippet");
        o->snippet = put_str(&text, ak_buf_cstr(&snip));
        p->n++;
        i++;
    }
    if (rc == AK_OK && st != AK_SQL_DONE) rc = ak_sql_error(s->c, "search");
    if (rc == AK_OK && p->n != n) rc = ak_set_error(AK_EDB, "search: an indexed article is missing");
    if (rc == AK_OK && text.failed) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
    p->text_len = text.len;
    p->text = ak_buf_detach(&text, NULL);
    ak_sqlq_reset(a);
    ak_buf_free(&arr);
    ak_buf_free(&snip);
    free(il.v);
    free(by_seq);
    return rc;
}

static int answer(pg_search *s, query *q, const ak_search_query *f, ak_search_page *p)
{
    int rc = AK_OK;
    for (int k = 0; rc == AK_OK && k < q->n; k++) rc = read_phrase(s, &q->ph[k]);
    hit *h = NULL;
    size_t n = 0;
    if (rc == AK_OK) rc = intersect(q, &h, &n);
    if (rc == AK_OK && n) rc = rank(s, q, f, h, &n);
    if (rc == AK_OK) {
        p->total = n;
        size_t limit = f->limit ? f->limit : 20;
        size_t from = f->offset < n ? f->offset : n;
        size_t m = n - from < limit ? n - from : limit;
        rc = make_page(s, q, h + from, m, p);
    }
    free(h);
    return rc;
}

static void kept_free(void *v)
{
    pg_search *s = v;
    ak_sqlq *all[] = {s->exact, s->prefix, s->totals, s->allowed, s->page, s->queued};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) ak_sqlq_finalize(all[i]);
    free(s);
}

/* The connection's search statements, prepared at its first search. */
static int kept_stmts(ak_sql *c, pg_search **out)
{
    if ((*out = ak_sql_aux(c)) != NULL) return AK_OK;
    pg_search *s = calloc(1, sizeof *s);
    if (!s) return ak_set_error(AK_ENOMEM, "search: out of memory");
    s->c = c;
    if (ak_sql_prepare(c, "SELECT block, data FROM search_postings WHERE term = ?1 ORDER BY block, part", 1, &s->exact) != AK_OK ||
        ak_sql_prepare(c, "SELECT block, data FROM search_postings WHERE term >= ?1 AND term < ?2 ORDER BY block, part, term", 1,
                       &s->prefix) != AK_OK ||
        ak_sql_prepare(c, "SELECT docs, tokens FROM search_totals WHERE id = 1", 1, &s->totals) != AK_OK ||
        ak_sql_prepare(c, SQL_ALLOWED, 1, &s->allowed) != AK_OK ||
        ak_sql_prepare(c, "SELECT seq, id, title, source, published, text FROM articles"
                          " WHERE seq IN (SELECT unnest(CAST(CAST(?1 AS text) AS bigint[]))) ORDER BY seq", 1, &s->page) != AK_OK ||
        ak_sql_prepare(c, "SELECT EXISTS(SELECT 1 FROM search_queue)", 1, &s->queued) != AK_OK) {
        int rc = ak_sql_error(c, "search");
        kept_free(s);
        return rc;
    }
    ak_sql_set_aux(c, s, kept_free);
    *out = s;
    return AK_OK;
}

/* Outside a transaction, the index first takes in what any writer stored since (a write
 * transaction of its own, only when something is queued). A connection that cannot write (a
 * read-only role, a standby) answers from the index as it stands: what is queued is taken in by
 * the next writer's ingestion. */
static int catch_up_first(pg_search *s)
{
    if (ak_sql_in_transaction(s->c)) return AK_OK;
    ak_sqlq_reset(s->queued);
    int st = ak_sqlq_step(s->queued);
    int queued = st == AK_SQL_ROW && ak_sqlq_int64(s->queued, 0) != 0;
    ak_sqlq_reset(s->queued);
    if (st != AK_SQL_ROW) return ak_sql_error(s->c, "search index");
    if (queued && ak_search_pg_sync(s->c) != AK_OK && ak_sql_in_transaction(s->c)) ak_sql_rollback(s->c);
    return AK_OK;
}

int ak_search_pg(ak_sql *c, const ak_search_query *f, ak_search_page **out)
{
    *out = NULL;
    query q;
    memset(&q, 0, sizeof q);
    int rc = ak_search_query_parts(f->q, add_part, &q);
    if (rc != AK_OK) {
        query_free(&q);
        return q.failed ? ak_set_error(AK_ENOMEM, "search: out of memory") : rc;
    }
    pg_search *s = NULL;
    ak_search_page *p = calloc(1, sizeof *p);
    if (!p) rc = ak_set_error(AK_ENOMEM, "search: out of memory");
    if (rc == AK_OK) rc = kept_stmts(c, &s);
    if (rc == AK_OK) rc = catch_up_first(s);
    /* one snapshot for the lists, the totals and the page */
    int own = rc == AK_OK && !ak_sql_in_transaction(c);
    if (own && ak_sql_exec(c, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "search") != AK_OK) rc = AK_EDB;
    if (rc == AK_OK) rc = answer(s, &q, f, p);
    if (s) {
        ak_sqlq_reset(s->exact);
        ak_sqlq_reset(s->prefix);
    }
    if (own) {
        if (rc == AK_OK && ak_sql_commit(c) != AK_OK) rc = AK_EDB;
        if (rc != AK_OK) ak_sql_rollback(c);
    }
    query_free(&q);
    if (rc != AK_OK) {
        ak_search_page_free(p);
        return rc;
    }
    *out = p;
    return AK_OK;
}
