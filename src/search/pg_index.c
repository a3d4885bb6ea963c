/* pg_index.c: the full-text index of a PostgreSQL store, kept by the library itself. An article's
 * title (column 0) and text (column 1) are analyzed as FTS5 analyzes them for SQLite's index (the
 * tokenizer "akhbar" over the same analyzer). Positions count a column's terms that are not
 * colocated, as FTS5's do, packed as in the list cache (AK_SEARCH_POS: the column in the top bit).
 * A row holds one term's postings among 1,024 article numbers (the block, seq >> 10) written by
 * one catch-up (the part: its first article): for each article its seq within the block, its
 * length in tokens, its number of positions and the positions, each a delta, as varints. A row per term and article
 * cost 110 bytes each, 16 times SQLite's whole FTS5 index; rows appended to by each batch left
 * old versions behind; parts are only inserted. A search reads a word's rows from one index range. */
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
    if (!ak_pg_grow((void **)&x->at, &cap, x->n_ids + 1, sizeof *x->at)) return (size_t)-1;
    cap = x->cap_ids;
    if (!ak_pg_grow((void **)&x->len, &cap, x->n_ids + 1, sizeof *x->len)) return (size_t)-1;
    cap = x->cap_ids;
    if (!ak_pg_grow((void **)&x->doc_slot, &cap, x->n_ids + 1, sizeof *x->doc_slot)) return (size_t)-1;
    cap = x->cap_ids;
    if (!ak_pg_grow((void **)&x->doc_of, &cap, x->n_ids + 1, sizeof *x->doc_of)) return (size_t)-1;
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
        if (!ak_pg_grow((void **)&x->slot_id, &x->cap_slots, x->n_slots + 1, sizeof *x->slot_id)) { x->failed = 1; return 1; }
        x->doc_of[id] = x->doc;
        x->doc_slot[id] = (uint32_t)x->n_slots;
        x->slot_id[x->n_slots++] = (uint32_t)id;
    }
    if (!ak_pg_grow((void **)&x->v, &x->cap, x->n + 1, sizeof *x->v)) { x->failed = 1; return 1; }
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

/* A posting waiting for the flush: a term's positions in one article (pos[from..from+n)). */
typedef struct pend { uint32_t id, n; long long seq; size_t from; uint32_t len; } pend;

/* The statements of a catch-up and the postings it has not written yet. */
typedef struct stmts {
    ak_sql *c;
    ak_sqlq *fetch, *ins_many, *ins_one, *get_block, *put_block, *del_block, *del_doc, *add_doc, *dequeue;
    pend *p;
    size_t n_p, cap_p;
    uint32_t *pos;
    size_t n_pos, cap_pos;
    long long docs, tokens; /* the totals' change */
} stmts;

/* Postings kept before a flush (in all about 40 MB). */
#define FLUSH_POSTINGS (1u << 20)
#define FLUSH_POSITIONS (1u << 22)

/* A part is new but for an article indexed again as the first of its block's part: then appended. */
static const char UPSERT_TAIL[] =
    " ON CONFLICT (term, block, part) DO UPDATE SET data = search_postings.data || excluded.data";

static int prepare_all(stmts *s)
{
    ak_buf many = AK_BUF_INIT, one = AK_BUF_INIT;
    ak_buf_puts(&many, "INSERT INTO search_postings(term, block, part, data) VALUES");
    for (int i = 0; i < ROWS; i++) ak_buf_puts(&many, i ? ",(?,?,?,?)" : "(?,?,?,?)");
    ak_buf_puts(&many, UPSERT_TAIL);
    ak_buf_puts(&one, "INSERT INTO search_postings(term, block, part, data) VALUES(?,?,?,?)");
    ak_buf_puts(&one, UPSERT_TAIL);
    const char *m = ak_buf_cstr(&many), *o = ak_buf_cstr(&one);
    int rc = many.failed || one.failed ? ak_set_error(AK_ENOMEM, "search index: out of memory") : AK_OK;
    if (rc == AK_OK &&
        (ak_sql_prepare(s->c, "SELECT q.seq, q.old, q.old_title, q.old_text, a.seq IS NOT NULL, a.title, a.text"
                              " FROM search_queue q LEFT JOIN articles a ON a.seq = q.seq ORDER BY q.seq LIMIT 64",
                        0, &s->fetch) != AK_OK ||
         ak_sql_prepare(s->c, m, 0, &s->ins_many) != AK_OK || ak_sql_prepare(s->c, o, 0, &s->ins_one) != AK_OK ||
         ak_sql_prepare(s->c, "SELECT part, data FROM search_postings WHERE term = ?1 AND block = ?2 FOR UPDATE", 0,
                        &s->get_block) != AK_OK ||
         ak_sql_prepare(s->c, "UPDATE search_postings SET data = ?4 WHERE term = ?1 AND block = ?2 AND part = ?3", 0, &s->put_block) !=
             AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_postings WHERE term = ?1 AND block = ?2 AND part = ?3", 0, &s->del_block) != AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_docs WHERE seq = ?1 RETURNING title_len + text_len", 0, &s->del_doc) !=
             AK_OK ||
         ak_sql_prepare(s->c, "INSERT INTO search_docs(seq, title_len, text_len) VALUES(?1, ?2, ?3)", 0, &s->add_doc) !=
             AK_OK ||
         ak_sql_prepare(s->c, "DELETE FROM search_queue WHERE seq = ?1", 0, &s->dequeue) != AK_OK))
        rc = ak_sql_error(s->c, "search index");
    ak_buf_free(&many);
    ak_buf_free(&one);
    if (rc != AK_OK) return rc;
    /* write-only: queued, not a round trip each (sql.h) */
    ak_sqlq *w[] = {s->ins_many, s->ins_one, s->put_block, s->del_block, s->add_doc, s->dequeue};
    for (size_t i = 0; i < sizeof w / sizeof *w; i++) ak_sqlq_defer(w[i]);
    return AK_OK;
}

static void stmts_free(stmts *s)
{
    ak_sqlq *all[] = {s->fetch, s->ins_many, s->ins_one, s->get_block, s->put_block, s->del_block, s->del_doc,
                      s->add_doc, s->dequeue};
    for (size_t i = 0; i < sizeof all / sizeof *all; i++) ak_sqlq_finalize(all[i]);
    free(s->p);
    free(s->pos);
}

static int cmp_pend(const void *a, const void *b)
{
    const pend *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Appends one article's entry of a block: its seq in the block, its length in tokens (BM25 reads
 * it from here, not from a row per match), its positions (deltas). */
static void put_entry(ak_buf *b, long long seq, uint32_t len, const uint32_t *pos, uint32_t n)
{
    ak_pg_varint_put(b, (uint64_t)(seq & AK_PG_BLOCK_MASK));
    ak_pg_varint_put(b, len);
    ak_pg_varint_put(b, n);
    for (uint32_t i = 0; i < n; i++) ak_pg_varint_put(b, i ? pos[i] - pos[i - 1] : pos[0]);
}

/* Writes the pending postings: per term and block, one row (a part of the block: rows are only
 * inserted, none rewritten, so no row's old version is left for vacuum). */
static int flush(stmts *s, const indexer *x)
{
    qsort(s->p, s->n_p, sizeof *s->p, cmp_pend);
    ak_buf data = AK_BUF_INIT;
    size_t at[ROWS + 1], grp[ROWS], n_grp = 0;
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < s->n_p;) {
        size_t j = i;
        if (n_grp == 0) ak_buf_reset(&data);
        at[n_grp] = data.len;
        grp[n_grp] = i;
        for (; j < s->n_p && s->p[j].id == s->p[i].id && s->p[j].seq >> AK_PG_BLOCK_SHIFT == s->p[i].seq >> AK_PG_BLOCK_SHIFT; j++)
            put_entry(&data, s->p[j].seq, s->p[j].len, s->pos + s->p[j].from, s->p[j].n);
        at[++n_grp] = data.len;
        i = j;
        if (data.failed) rc = ak_set_error(AK_ENOMEM, "search index: out of memory");
        if (rc != AK_OK || (n_grp < ROWS && i < s->n_p)) continue;
        /* a statement for the groups gathered: of ROWS rows, or one each for the last few */
        for (size_t g = 0; rc == AK_OK && g < n_grp;) {
            int full = n_grp - g == ROWS;
            ak_sqlq *q = full ? s->ins_many : s->ins_one;
            size_t rows = full ? ROWS : 1;
            ak_sqlq_reset(q);
            for (size_t r = 0; r < rows; r++, g++) {
                const pend *e = &s->p[grp[g]];
                ak_sqlq_bind_blob(q, 4 * (int)r + 1, x->bytes.data + x->at[e->id], (int)x->len[e->id]);
                ak_sqlq_bind_int64(q, 4 * (int)r + 2, e->seq >> AK_PG_BLOCK_SHIFT);
                ak_sqlq_bind_int64(q, 4 * (int)r + 3, e->seq); /* its first article */
                ak_sqlq_bind_blob(q, 4 * (int)r + 4, data.data + at[g], (int)(at[g + 1] - at[g]));
            }
            if (ak_sqlq_step(q) != AK_SQL_DONE) rc = ak_sql_error(s->c, "search index");
        }
        n_grp = 0;
    }
    ak_buf_free(&data);
    s->n_p = s->n_pos = 0;
    return rc;
}

/* Keeps the analyzed article's postings for the flush, and writes its lengths. */
static int add_doc(stmts *s, const indexer *x, long long seq)
{
    if (!ak_pg_grow((void **)&s->p, &s->cap_p, s->n_p + x->n_slots, sizeof *s->p) ||
        !ak_pg_grow((void **)&s->pos, &s->cap_pos, s->n_pos + x->n, sizeof *s->pos))
        return ak_set_error(AK_ENOMEM, "search index: out of memory");
    /* a counting sort of the occurrences by slot: each term's positions in the order they came,
     * which is ascending */
    pend *p = s->p + s->n_p;
    for (size_t k = 0; k < x->n_slots; k++) p[k] = (pend){x->slot_id[k], 0, seq, 0, x->size[0] + x->size[1]};
    for (size_t i = 0; i < x->n; i++) p[x->v[i].slot].n++;
    size_t from = s->n_pos;
    for (size_t k = 0; k < x->n_slots; k++) {
        p[k].from = from;
        from += p[k].n;
        p[k].n = 0;
    }
    for (size_t i = 0; i < x->n; i++) {
        pend *e = &p[x->v[i].slot];
        s->pos[e->from + e->n++] = x->v[i].pos;
    }
    s->n_p += x->n_slots;
    s->n_pos += x->n;
    ak_sqlq_reset(s->add_doc);
    ak_sqlq_bind_int64(s->add_doc, 1, seq);
    ak_sqlq_bind_int64(s->add_doc, 2, x->size[0]);
    ak_sqlq_bind_int64(s->add_doc, 3, x->size[1]);
    if (ak_sqlq_step(s->add_doc) != AK_SQL_DONE) return ak_sql_error(s->c, "search index");
    s->docs++;
    s->tokens += (long long)x->size[0] + x->size[1];
    if (s->n_p >= FLUSH_POSTINGS || s->n_pos >= FLUSH_POSITIONS) return flush(s, x);
    return AK_OK;
}

/* A block's row without the entry of seq (kept: the bytes of the other entries). 0 when the row
 * does not parse. */
static int drop_entry(const unsigned char *p, size_t n, long long seq, ak_buf *out)
{
    uint64_t want = (uint64_t)(seq & AK_PG_BLOCK_MASK);
    size_t i = 0;
    while (i < n) {
        size_t start = i;
        uint64_t d, len, cnt, v;
        if (!ak_pg_varint_get(p, n, &i, &d) || !ak_pg_varint_get(p, n, &i, &len) || !ak_pg_varint_get(p, n, &i, &cnt))
            return 0;
        for (uint64_t k = 0; k < cnt; k++)
            if (!ak_pg_varint_get(p, n, &i, &v)) return 0;
        if (d != want) ak_buf_append(out, p + start, i - start);
    }
    return 1;
}

/* Takes out what the index holds of an article: its entries in the blocks of the analyzed (old)
 * title's and text's terms, and its lengths, when it was indexed. */
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
    ak_buf rest = AK_BUF_INIT;
    int rc = AK_OK;
    for (size_t k = 0; rc == AK_OK && k < x->n_slots; k++) {
        uint32_t id = x->slot_id[k];
        const char *term = x->bytes.data + x->at[id];
        ak_sqlq_reset(s->get_block);
        ak_sqlq_bind_blob(s->get_block, 1, term, (int)x->len[id]);
        ak_sqlq_bind_int64(s->get_block, 2, seq >> AK_PG_BLOCK_SHIFT);
        while (rc == AK_OK && (st = ak_sqlq_step(s->get_block)) == AK_SQL_ROW) { /* the block's parts */
            size_t bytes = (size_t)ak_sqlq_bytes(s->get_block, 1);
            ak_buf_reset(&rest);
            if (!drop_entry(ak_sqlq_blob(s->get_block, 1), bytes, seq, &rest)) {
                rc = ak_set_error(AK_EDB, "search index: a block of postings does not parse");
                break;
            }
            if (rest.failed) { rc = ak_set_error(AK_ENOMEM, "search index: out of memory"); break; }
            if (rest.len == bytes) continue; /* the article is in another part */
            ak_sqlq *q = rest.len ? s->put_block : s->del_block;
            ak_sqlq_reset(q);
            ak_sqlq_bind_blob(q, 1, term, (int)x->len[id]);
            ak_sqlq_bind_int64(q, 2, seq >> AK_PG_BLOCK_SHIFT);
            ak_sqlq_bind_int64(q, 3, ak_sqlq_int64(s->get_block, 0));
            if (rest.len) ak_sqlq_bind_blob(q, 4, rest.data, (int)rest.len);
            if (ak_sqlq_step(q) != AK_SQL_DONE) rc = ak_sql_error(s->c, "search index");
        }
        if (rc == AK_OK && st != AK_SQL_DONE) rc = ak_sql_error(s->c, "search index");
    }
    ak_sqlq_reset(s->get_block);
    ak_buf_free(&rest);
    return rc;
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
    if (rc == AK_OK && s.n_p) rc = flush(&s, &x);
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
