/* pg_index.c: the full-text index of a PostgreSQL store, kept by the library itself. An article's
 * title (column 0) and text (column 1) are analyzed as FTS5 analyzes them for SQLite's index (the
 * tokenizer "akhbar" over the same analyzer), each term written once per article with its
 * positions, so that a search reads a word's articles from one index range. Positions count
 * a column's terms that are not colocated, as FTS5's do, and are packed as in the list cache
 * (AK_SEARCH_POS: the column in the top bit), four bytes each, little-endian. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_pg.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

/* Rows per insert statement: one statement for most of an article's terms. */
#define ROWS 64
#define FETCH 64 /* queued articles read at once */

/* The terms of the catch-up so far (a term's id: its place here), and one article's occurrences. */
typedef struct occ { uint32_t slot, pos; } occ;
typedef struct indexer {
    ak_strmap ids;        /* term -> id */
    ak_buf bytes;         /* the terms, one after another */
    size_t *at;           /* id -> offset in bytes */
    uint32_t *len, *doc_slot;
    size_t *doc_of;       /* id -> the article (1-based count) that last used it */
    size_t n_ids, cap_ids, doc;
    /* the current article */
    uint32_t *slot_id;    /* slot -> id */
    size_t n_slots, cap_slots;
    occ *v;
    size_t n, cap;
    int col;
    uint32_t size[2];     /* tokens per column */
    int failed;
} indexer;

static int grow(void **p, size_t *cap, size_t need, size_t each)
{
    if (need <= *cap) return 1;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *q = realloc(*p, c * each);
    if (!q) return 0;
    *p = q;
    *cap = c;
    return 1;
}

/* The id of a term, added when new. (size_t)-1 when out of memory. */
static size_t term_id(indexer *x, const char *t, size_t n)
{
    char key[AK_SEARCH_MAX_WORD * AK_NORM_MAX_GROWTH + 1];
    if (n >= sizeof key) n = sizeof key - 1; /* cannot happen: the analyzer cuts words shorter */
    memcpy(key, t, n);
    key[n] = 0;
    long long id = ak_strmap_get(&x->ids, key, -1);
    if (id >= 0) return (size_t)id;
    size_t cap = x->cap_ids;
    if (!grow((void **)&x->at, &cap, x->n_ids + 1, sizeof *x->at)) return (size_t)-1;
    cap = x->cap_ids;
    if (!grow((void **)&x->len, &cap, x->n_ids + 1, sizeof *x->len)) return (size_t)-1;
    cap = x->cap_ids;
    if (!grow((void **)&x->doc_slot, &cap, x->n_ids + 1, sizeof *x->doc_slot)) return (size_t)-1;
    cap = x->cap_ids;
    if (!grow((void **)&x->doc_of, &cap, x->n_ids + 1, sizeof *x->doc_of)) return (size_t)-1;
    x->cap_ids = cap;
    x->at[x->n_ids] = x->bytes.len;
    x->len[x->n_ids] = (uint32_t)n;
    x->doc_of[x->n_ids] = 0;
    if (ak_buf_append(&x->bytes, t, n) != AK_OK || ak_strmap_put(&x->ids, key, (long long)x->n_ids) != AK_OK)
        return (size_t)-1;
    return x->n_ids++;
}

static int add_term(void *ctx, int colocated, const char *term, size_t n, size_t bs, size_t be)
{
    (void)bs; (void)be;
    indexer *x = ctx;
    if (!colocated || x->size[x->col] == 0) x->size[x->col]++;
    size_t id = term_id(x, term, n);
    if (id == (size_t)-1) { x->failed = 1; return 1; }
    if (x->doc_of[id] != x->doc) { /* the term's first occurrence in this article */
        if (!grow((void **)&x->slot_id, &x->cap_slots, x->n_slots + 1, sizeof *x->slot_id)) { x->failed = 1; return 1; }
        x->doc_of[id] = x->doc;
        x->doc_slot[id] = (uint32_t)x->n_slots;
        x->slot_id[x->n_slots++] = (uint32_t)id;
    }
    if (!grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v)) { x->failed = 1; return 1; }
    x->v[x->n++] = (occ){x->doc_slot[id], AK_SEARCH_POS(x->col, x->size[x->col] - 1)};
    return 0;
}

/* Analyzes one article: its occurrences, its terms (slots) and its columns' sizes. */
static int analyze_doc(indexer *x, const char *title, size_t title_len, const char *text, size_t text_len)
{
    x->doc++;
    x->n = x->n_slots = 0;
    x->size[0] = x->size[1] = 0;
    x->col = 0;
    ak_search_analyze(title ? title : "", title ? title_len : 0, AK_SA_DEFAULT, add_term, x);
    x->col = 1;
    if (!x->failed) ak_search_analyze(text ? text : "", text ? text_len : 0, AK_SA_DEFAULT, add_term, x);
    return x->failed ? ak_set_error(AK_ENOMEM, "search index: out of memory") : AK_OK;
}

static void indexer_free(indexer *x)
{
    ak_strmap_free(&x->ids);
    ak_buf_free(&x->bytes);
    free(x->at); free(x->len); free(x->doc_slot); free(x->doc_of);
    free(x->slot_id); free(x->v);
}

/* The statements of a catch-up. */
typedef struct stmts {
    ak_sql *c;
    ak_sqlq *fetch, *ins_many, *ins_one, *del_post, *del_doc, *add_doc, *dequeue;
    unsigned char *blob; /* an article's position lists, slot after slot */
    size_t blob_cap;
    size_t *blob_at;     /* slot -> offset in blob (n_slots + 1 of them) */
    size_t blob_at_cap;
    long long docs, tokens; /* the totals' change */
} stmts;

static int prepare_all(stmts *s)
{
    ak_buf b = AK_BUF_INIT;
    ak_buf_puts(&b, "INSERT INTO search_postings(term, seq, pos) VALUES");
    for (int i = 0; i < ROWS; i++) ak_buf_puts(&b, i ? ",(?,?,?)" : "(?,?,?)");
    const char *many = ak_buf_cstr(&b);
    int rc = b.failed ? ak_set_error(AK_ENOMEM, "search index: out of memory") : AK_OK;
    if (rc == AK_OK &&
        (ak_sql_prepare(s->c, "SELECT q.seq, q.old, q.old_title, q.old_text, a.seq IS NOT NULL, a.title, a.text"
                              " FROM search_queue q LEFT JOIN articles a ON a.seq = q.seq ORDER BY q.seq LIMIT 64",
                        0, &s->fetch) != AK_OK ||
         ak_sql_prepare(s->c, many, 0, &s->ins_many) != AK_OK ||
         ak_sql_prepare(s->c, "INSERT INTO search_postings(term, seq, pos) VALUES(?,?,?)", 0, &s->ins_one) != AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_postings WHERE term = ?1 AND seq = ?2", 0, &s->del_post) != AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_docs WHERE seq = ?1 RETURNING title_len + text_len", 0, &s->del_doc) !=
             AK_OK ||
         ak_sql_prepare(s->c, "INSERT INTO search_docs(seq, title_len, text_len) VALUES(?1, ?2, ?3)", 0, &s->add_doc) !=
             AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_queue WHERE seq = ?1", 0, &s->dequeue) != AK_OK))
        rc = ak_sql_error(s->c, "search index");
    ak_buf_free(&b);
    if (rc != AK_OK) return rc;
    ak_sqlq_defer(s->ins_many); /* write-only: queued, not a round trip each (sql.h) */
    ak_sqlq_defer(s->ins_one);
    ak_sqlq_defer(s->del_post);
    ak_sqlq_defer(s->add_doc);
    ak_sqlq_defer(s->dequeue);
    return AK_OK;
}

static void stmts_free(stmts *s)
{
    ak_sqlq *all[] = {s->fetch, s->ins_many, s->ins_one, s->del_post, s->del_doc, s->add_doc, s->dequeue};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) ak_sqlq_finalize(all[i]);
    free(s->blob);
    free(s->blob_at);
}

/* Each slot's positions, packed, in blob: a counting sort of the occurrences by slot keeps each
 * term's positions in the order they came, which is ascending. */
static int pack_positions(stmts *s, const indexer *x)
{
    if (!grow((void **)&s->blob_at, &s->blob_at_cap, x->n_slots + 1, sizeof *s->blob_at) ||
        !grow((void **)&s->blob, &s->blob_cap, 4 * x->n + 1, 1))
        return ak_set_error(AK_ENOMEM, "search index: out of memory");
    size_t *at = s->blob_at;
    memset(at, 0, (x->n_slots + 1) * sizeof *at);
    for (size_t i = 0; i < x->n; i++) at[x->v[i].slot + 1] += 4;
    for (size_t k = 0; k < x->n_slots; k++) at[k + 1] += at[k];
    for (size_t i = 0; i < x->n; i++) {
        uint32_t p = x->v[i].pos;
        unsigned char *o = s->blob + at[x->v[i].slot];
        o[0] = (unsigned char)p; o[1] = (unsigned char)(p >> 8); o[2] = (unsigned char)(p >> 16); o[3] = (unsigned char)(p >> 24);
        at[x->v[i].slot] += 4;
    }
    for (size_t k = x->n_slots; k > 0; k--) at[k] = at[k - 1]; /* back to each slot's start */
    at[0] = 0;
    return AK_OK;
}

static void bind_row(stmts *s, ak_sqlq *q, int from, const indexer *x, size_t slot, long long seq)
{
    uint32_t id = x->slot_id[slot];
    ak_sqlq_bind_blob(q, from + 1, x->bytes.data + x->at[id], (int)x->len[id]);
    ak_sqlq_bind_int64(q, from + 2, seq);
    ak_sqlq_bind_blob(q, from + 3, s->blob + s->blob_at[slot], (int)(s->blob_at[slot + 1] - s->blob_at[slot]));
}

/* Writes the analyzed article's postings and lengths. */
static int add_doc(stmts *s, const indexer *x, long long seq)
{
    int rc = pack_positions(s, x);
    size_t k = 0;
    for (; rc == AK_OK && k + ROWS <= x->n_slots; k += ROWS) {
        ak_sqlq_reset(s->ins_many);
        for (int r = 0; r < ROWS; r++) bind_row(s, s->ins_many, 3 * r, x, k + (size_t)r, seq);
        if (ak_sqlq_step(s->ins_many) != AK_SQL_DONE) rc = ak_sql_error(s->c, "search index");
    }
    for (; rc == AK_OK && k < x->n_slots; k++) {
        ak_sqlq_reset(s->ins_one);
        bind_row(s, s->ins_one, 0, x, k, seq);
        if (ak_sqlq_step(s->ins_one) != AK_SQL_DONE) rc = ak_sql_error(s->c, "search index");
    }
    if (rc != AK_OK) return rc;
    ak_sqlq_reset(s->add_doc);
    ak_sqlq_bind_int64(s->add_doc, 1, seq);
    ak_sqlq_bind_int64(s->add_doc, 2, x->size[0]);
    ak_sqlq_bind_int64(s->add_doc, 3, x->size[1]);
    if (ak_sqlq_step(s->add_doc) != AK_SQL_DONE) return ak_sql_error(s->c, "search index");
    s->docs++;
    s->tokens += (long long)x->size[0] + x->size[1];
    return AK_OK;
}

/* Takes out what the index holds of an article: the postings of the analyzed (old) title and
 * text, and its lengths, when it was indexed. */
static int remove_doc(stmts *s, const indexer *x, long long seq)
{
    ak_sqlq_reset(s->del_doc);
    ak_sqlq_bind_int64(s->del_doc, 1, seq);
    int st = ak_sqlq_step(s->del_doc);
    if (st < 0) return ak_sql_error(s->c, "search index");
    if (st != AK_SQL_ROW) return AK_OK; /* never indexed */
    s->docs--;
    s->tokens -= ak_sqlq_int64(s->del_doc, 0);
    ak_sqlq_reset(s->del_doc);
    for (size_t k = 0; k < x->n_slots; k++) {
        uint32_t id = x->slot_id[k];
        ak_sqlq_reset(s->del_post);
        ak_sqlq_bind_blob(s->del_post, 1, x->bytes.data + x->at[id], (int)x->len[id]);
        ak_sqlq_bind_int64(s->del_post, 2, seq);
        if (ak_sqlq_step(s->del_post) != AK_SQL_DONE) return ak_sql_error(s->c, "search index");
    }
    return AK_OK;
}

/* One queued article: out with what was indexed (when it changed or went), in with what is. */
static int index_queued(stmts *s, indexer *x, ak_sqlq *f)
{
    long long seq = ak_sqlq_int64(f, 0);
    int rc = AK_OK;
    if (ak_sqlq_int64(f, 1)) {
        rc = analyze_doc(x, ak_sqlq_text(f, 2), (size_t)ak_sqlq_bytes(f, 2), ak_sqlq_text(f, 3), (size_t)ak_sqlq_bytes(f, 3));
        if (rc == AK_OK) rc = remove_doc(s, x, seq);
    }
    if (rc == AK_OK && ak_sqlq_int64(f, 4)) {
        rc = analyze_doc(x, ak_sqlq_text(f, 5), (size_t)ak_sqlq_bytes(f, 5), ak_sqlq_text(f, 6), (size_t)ak_sqlq_bytes(f, 6));
        if (rc == AK_OK) rc = add_doc(s, x, seq);
    }
    if (rc != AK_OK) return rc;
    ak_sqlq_reset(s->dequeue);
    ak_sqlq_bind_int64(s->dequeue, 1, seq);
    return ak_sqlq_step(s->dequeue) == AK_SQL_DONE ? AK_OK : ak_sql_error(s->c, "search index");
}

int ak_search_pg_catch_up(ak_sql *c)
{
    if (!ak_sql_is_pg(c)) return AK_OK;
    stmts s;
    memset(&s, 0, sizeof s);
    s.c = c;
    indexer x;
    memset(&x, 0, sizeof x);
    int rc = prepare_all(&s);
    for (size_t got = FETCH; rc == AK_OK && got == FETCH;) {
        /* the rows are read into the result at once: the writes below do not disturb them */
        ak_sqlq_reset(s.fetch);
        got = 0;
        int st = AK_SQL_DONE;
        while (rc == AK_OK && (st = ak_sqlq_step(s.fetch)) == AK_SQL_ROW) {
            got++;
            rc = index_queued(&s, &x, s.fetch);
        }
        if (rc == AK_OK && st != AK_SQL_DONE) rc = ak_sql_error(c, "search index");
    }
    if (rc == AK_OK && (s.docs || s.tokens)) {
        ak_sqlq *t = NULL;
        if (ak_sql_prepare(c, "UPDATE search_totals SET docs = docs + ?1, tokens = tokens + ?2 WHERE id = 1", 0, &t) !=
            AK_OK)
            rc = ak_sql_error(c, "search index");
        else {
            ak_sqlq_bind_int64(t, 1, s.docs);
            ak_sqlq_bind_int64(t, 2, s.tokens);
            if (ak_sqlq_step(t) != AK_SQL_DONE) rc = ak_sql_error(c, "search index");
        }
        ak_sqlq_finalize(t);
    }
    stmts_free(&s);
    indexer_free(&x);
    return rc;
}

int ak_search_pg_sync(ak_sql *c)
{
    if (!ak_sql_is_pg(c)) return AK_OK;
    ak_sqlq *q = NULL;
    int queued = 0;
    if (ak_sql_prepare(c, "SELECT EXISTS(SELECT 1 FROM search_queue)", 0, &q) != AK_OK)
        return ak_sql_error(c, "search index");
    int st = ak_sqlq_step(q);
    if (st == AK_SQL_ROW) queued = ak_sqlq_int64(q, 0) != 0;
    ak_sqlq_finalize(q);
    if (st != AK_SQL_ROW) return ak_sql_error(c, "search index");
    if (!queued) return AK_OK;
    if (ak_sql_begin_write(c) != AK_OK) return AK_EDB;
    int rc = ak_search_pg_catch_up(c);
    if (rc == AK_OK) return ak_sql_commit(c);
    ak_sql_rollback(c);
    return rc;
}
