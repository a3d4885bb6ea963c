/* doclist.c: a one-word phrase's matches read straight from the FTS5 index tables
 * (articles_fts_data, articles_fts_idx) instead of through xQueryPhrase. FTS5 hands its callback
 * one row at a time through a cursor, an expression node, a segment iterator and the API's
 * position iterator: most of a distinct search's CPU. The index format is FTS5's (version 4,
 * described at the top of SQLite's fts5_index.c): leaf pages of a segment, each with a 4-byte
 * header (offset of a first rowid that comes before any term, start of the footer), terms with
 * their doclists (rowid deltas, a size varint per row, then the position list) and a footer of
 * term offsets. Read in the search's own snapshot, so the rows are FTS5's rows.
 * Only the simple case is read here; anything else answers AK_DOCLIST_FALLBACK and the caller walks
 * with FTS5 as before: a delete marker or an empty row (an update or a delete not yet merged away),
 * a rowid in two segments, a table whose definition or format version is not the expected one, more
 * segments than kept here, anything that does not parse. */
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_internal.h"

#define MAX_SEGS 64
#define SPARES 3

static const char SQL_HEAD[] = "SELECT (SELECT v FROM articles_fts_config WHERE k = 'version'),"
    " (SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'articles_fts'),"
    " (SELECT block FROM articles_fts_data WHERE id = 10)";
static const char SQL_PAGE[] = "SELECT block FROM articles_fts_data WHERE id = ?1";
static const char SQL_FIND[] = "SELECT pgno FROM articles_fts_idx WHERE segid = ?1 AND term <= ?2"
    " ORDER BY term DESC LIMIT 1";
/* The table the reader knows: its tokenizer without options (the analyzer's defaults) and detail=full. */
static const char TABLE_SQL[] = "CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles',"
    " content_rowid='seq', tokenize='akhbar')";

typedef struct seg { int id, first, last; } seg;

size_t ak_search_doclist_replaced, ak_search_doclist_deleted;

/* One segment's doclist of the term, its pages' bytes one after another (headers and footers left
 * out); marks: where a page's first rowid (a literal, not a delta) falls in them. */
typedef struct chunk { size_t from, to, mark_from, mark_to, ent_from, ent_to; } chunk;
/* A row of a segment's doclist: its position list is size bytes at buf + off (none: deleted). */
typedef ak_doclist_row ent;

struct ak_doclist {
    sqlite3_stmt *page, *find;
    int nseg;
    seg s[MAX_SEGS];
    unsigned char *buf;
    size_t len, cap;
    size_t *mark;
    size_t nmark, capmark;
    ent *ent;
    size_t nent, capent;
    /* Buffers given back (ak_doclist_give) while one was held: the next takes reuse them, so a
     * search that takes several (a phrase's words, several words) grows none anew. */
    unsigned char *spare[SPARES];
    size_t spare_cap[SPARES];
};

/* An SQLite varint (big-endian groups of 7 bits, a ninth byte of 8); the bytes read, 0 if cut. */
static inline int get_varint(const unsigned char *p, const unsigned char *end, uint64_t *v)
{
    if (p < end && !(*p & 0x80)) { *v = *p; return 1; } /* most are one byte */
    uint64_t x = 0;
    for (int i = 0; i < 8; i++) {
        if (p + i >= end) return 0;
        x = (x << 7) | (p[i] & 0x7F);
        if (!(p[i] & 0x80)) { *v = x; return i + 1; }
    }
    if (p + 8 >= end) return 0;
    *v = (x << 8) | p[8];
    return 9;
}

/* The structure record (id 10): levels of segments, each (segid, first page, last page). */
static int parse_structure(ak_doclist *d, const unsigned char *p, int n)
{
    const unsigned char *e = p + n;
    uint64_t nlevel, nseg, counter;
    int k;
    if (n < 4) return 0;
    p += 4; /* the configuration cookie */
    if (!(k = get_varint(p, e, &nlevel))) return 0;
    p += k;
    if (!(k = get_varint(p, e, &nseg))) return 0;
    p += k;
    if (!(k = get_varint(p, e, &counter))) return 0;
    p += k;
    if (nseg > MAX_SEGS || nlevel > 64) return 0;
    d->nseg = 0;
    for (uint64_t l = 0; l < nlevel; l++) { /* level 0 first, each level's segments oldest first */
        uint64_t merge, cnt;
        if (!(k = get_varint(p, e, &merge))) return 0;
        p += k;
        if (!(k = get_varint(p, e, &cnt))) return 0;
        p += k;
        for (uint64_t i = 0; i < cnt; i++) {
            uint64_t f[3];
            for (int j = 0; j < 3; j++) {
                if (!(k = get_varint(p, e, &f[j])) || f[j] > 0x7FFFFFFF) return 0;
                p += k;
            }
            if (d->nseg >= MAX_SEGS || f[1] < 1 || f[2] < f[1]) return 0;
            d->s[d->nseg++] = (seg){(int)f[0], (int)f[1], (int)f[2]};
        }
        for (int a = d->nseg - (int)cnt, z = d->nseg - 1; a < z; a++, z--) { /* the level newest first */
            seg x = d->s[a];
            d->s[a] = d->s[z];
            d->s[z] = x;
        }
    }
    return p == e && (uint64_t)d->nseg == nseg;
}

int ak_doclist_begin(ak_doclist **slot, sqlite3 *h, sqlite3_stmt **kept)
{
    sqlite3_stmt *st[3] = {NULL, NULL, NULL};
    static const char *const sql[3] = {SQL_HEAD, SQL_PAGE, SQL_FIND};
    for (int i = 0; i < 3; i++) {
        sqlite3_stmt **at = &kept[AK_SEARCH_STMT_DOCLIST + i];
        if (!*at && sqlite3_prepare_v3(h, sql[i], -1, SQLITE_PREPARE_PERSISTENT, at, NULL) != SQLITE_OK)
            return AK_DOCLIST_FALLBACK; /* no such tables: FTS5 reads them */
        st[i] = *at;
    }
    if (!*slot && !(*slot = calloc(1, sizeof **slot))) return SQLITE_NOMEM;
    ak_doclist *d = *slot;
    int ok = 0;
    if (sqlite3_step(st[0]) == SQLITE_ROW && sqlite3_column_int(st[0], 0) == 4 &&
        sqlite3_column_type(st[0], 1) == SQLITE_TEXT &&
        strcmp((const char *)sqlite3_column_text(st[0], 1), TABLE_SQL) == 0)
        ok = parse_structure(d, sqlite3_column_blob(st[0], 2), sqlite3_column_bytes(st[0], 2));
    sqlite3_reset(st[0]);
    d->page = st[1];
    d->find = st[2];
    return ok ? SQLITE_OK : AK_DOCLIST_FALLBACK;
}

/* Buffers past this are given back after a search (the commonest words' doclists are megabytes). */
#define KEEP_BYTES ((size_t)4 << 20)

void ak_doclist_end(ak_doclist *d)
{
    if (!d) return;
    if (d->page) sqlite3_reset(d->page);
    if (d->find) sqlite3_reset(d->find);
    if (d->cap > KEEP_BYTES) { free(d->buf); d->buf = NULL; d->cap = 0; }
    for (int i = 0; i < SPARES; i++)
        if (d->spare_cap[i] > KEEP_BYTES) { free(d->spare[i]); d->spare[i] = NULL; d->spare_cap[i] = 0; }
    if (d->capent * sizeof *d->ent > KEEP_BYTES) { free(d->ent); d->ent = NULL; d->capent = 0; }
}

void ak_doclist_free(ak_doclist *d)
{
    if (!d) return;
    free(d->buf);
    for (int i = 0; i < SPARES; i++) free(d->spare[i]);
    free(d->mark);
    free(d->ent);
    free(d);
}

const unsigned char *ak_doclist_data(const ak_doclist *d)
{
    return d->buf;
}

unsigned char *ak_doclist_take(ak_doclist *d, size_t *cap, size_t *len)
{
    unsigned char *b = d->buf;
    *cap = d->cap;
    *len = d->len;
    d->buf = NULL;
    d->cap = d->len = 0;
    for (int i = 0; i < SPARES; i++) /* the largest spare for the next walk */
        if (d->spare[i] && d->spare_cap[i] > d->cap) {
            unsigned char *x = d->buf;
            size_t xc = d->cap;
            d->buf = d->spare[i];
            d->cap = d->spare_cap[i];
            d->spare[i] = x;
            d->spare_cap[i] = xc;
        }
    return b;
}

void ak_doclist_give(ak_doclist *d, unsigned char *buf, size_t cap)
{
    if (!buf) return;
    if (!d->buf) { d->buf = buf; d->cap = cap; d->len = 0; return; }
    int at = 0; /* an empty spare slot, else the smallest spare (replaced when buf is larger) */
    for (int i = 0; i < SPARES; i++) {
        if (!d->spare[i]) { at = i; break; }
        if (d->spare_cap[i] < d->spare_cap[at]) at = i;
    }
    if (d->spare[at] && d->spare_cap[at] >= cap) { free(buf); return; }
    free(d->spare[at]);
    d->spare[at] = buf;
    d->spare_cap[at] = cap;
}

static int reserve(ak_doclist *d, size_t more)
{
    if (d->len + more <= d->cap) return 1;
    size_t cap = d->cap ? d->cap : 16384;
    while (cap < d->len + more) cap *= 2;
    unsigned char *b = realloc(d->buf, cap);
    if (!b) return 0;
    d->buf = b;
    d->cap = cap;
    return 1;
}

static int add_mark(ak_doclist *d, size_t at)
{
    if (d->nmark == d->capmark) {
        size_t cap = d->capmark ? 2 * d->capmark : 64;
        size_t *m = realloc(d->mark, cap * sizeof *m);
        if (!m) return 0;
        d->mark = m;
        d->capmark = cap;
    }
    d->mark[d->nmark++] = at;
    return 1;
}

/* Reads leaf page pgno of segment s: the step is left open (the caller resets d->page). 1 when it
 * is a well-formed leaf: *p its bytes, *n their count, *rowid_at the header's first rowid offset, *leaf
 * the footer's start. */
static int read_page(ak_doclist *d, const seg *s, int pgno, const unsigned char **p, int *n, int *rowid_at, int *leaf)
{
    sqlite3_reset(d->page);
    sqlite3_bind_int64(d->page, 1, ((sqlite3_int64)s->id << 37) + pgno);
    if (sqlite3_step(d->page) != SQLITE_ROW) return 0;
    *p = sqlite3_column_blob(d->page, 0);
    *n = sqlite3_column_bytes(d->page, 0);
    if (!*p || *n < 4) return 0;
    *rowid_at = (*p)[0] << 8 | (*p)[1];
    *leaf = (*p)[2] << 8 | (*p)[3];
    return *leaf >= 4 && *leaf <= *n && *rowid_at < *leaf;
}

/* The first term's offset on a page with terms (the footer's first varint), or the leaf's end. */
static int first_term(const unsigned char *p, int n, int leaf)
{
    uint64_t v = 0;
    if (leaf >= n) return leaf;
    if (!get_varint(p + leaf, p + n, &v) || v < 4 || v > (uint64_t)leaf) return -1;
    return (int)v;
}

/* Appends segment s's doclist of term (key: '0' and the term) to d->buf. 1 found, 0 absent, -1
 * not readable here. */
static int gather(ak_doclist *d, const seg *s, const unsigned char *key, int nkey)
{
    sqlite3_reset(d->find);
    sqlite3_bind_int(d->find, 1, s->id);
    sqlite3_bind_blob(d->find, 2, key, nkey, SQLITE_STATIC);
    int pgno = s->first;
    int step = sqlite3_step(d->find);
    if (step == SQLITE_ROW) {
        sqlite3_int64 v = sqlite3_column_int64(d->find, 0) >> 1;
        if (v > pgno) pgno = (int)v;
    }
    sqlite3_reset(d->find);
    if (step != SQLITE_ROW && step != SQLITE_DONE) return -1;
    if (pgno > s->last) return -1;
    const unsigned char *p;
    int n, rowid_at, leaf;
    if (!read_page(d, s, pgno, &p, &n, &rowid_at, &leaf)) return -1;
    /* The page's terms, through the footer's offsets: the first in full, the others after the bytes
     * they share with the one before. */
    unsigned char term[512];
    int nterm = 0, at = first_term(p, n, leaf), from = -1, to = -1;
    const unsigned char *ft = p + leaf, *fe = p + n;
    uint64_t v;
    int k;
    if (at < 0) return -1;
    if (leaf < n) ft += get_varint(ft, fe, &v); /* the first term's offset, read */
    for (int first = 1; at < leaf; first = 0) {
        uint64_t keep = 0, nnew = 0;
        const unsigned char *q = p + at, *qe = p + leaf;
        if (!first) {
            if (!(k = get_varint(q, qe, &keep))) return -1;
            q += k;
        }
        if (!(k = get_varint(q, qe, &nnew))) return -1;
        q += k;
        if (keep > (uint64_t)nterm || keep + nnew > sizeof term || q + nnew > qe) return -1;
        memcpy(term + keep, q, nnew);
        nterm = (int)(keep + nnew);
        q += nnew;
        int next = leaf;
        if (ft < fe) {
            if (!(k = get_varint(ft, fe, &v)) || v == 0 || at + v > (uint64_t)leaf) return -1;
            ft += k;
            next = at + (int)v;
        }
        int c = memcmp(term, key, (size_t)(nterm < nkey ? nterm : nkey));
        if (c == 0) c = (nterm > nkey) - (nterm < nkey);
        if (c == 0) { from = (int)(q - p); to = next; break; }
        if (c > 0) break;
        at = next;
    }
    if (from < 0) { sqlite3_reset(d->page); return 0; }
    if (!reserve(d, (size_t)(to - from))) return -1;
    memcpy(d->buf + d->len, p + from, (size_t)(to - from));
    d->len += (size_t)(to - from);
    /* A doclist that reaches the end of its leaf goes on in the next pages, up to one with a term. */
    for (int more = to == leaf; more && ++pgno <= s->last;) {
        if (!read_page(d, s, pgno, &p, &n, &rowid_at, &leaf)) return -1;
        int end = first_term(p, n, leaf);
        if (end < 0) return -1;
        if (rowid_at && rowid_at < end && !add_mark(d, d->len + (size_t)(rowid_at - 4))) return -1;
        if (rowid_at && (rowid_at < 4 || rowid_at >= end)) return -1;
        if (!reserve(d, (size_t)(end - 4))) return -1;
        memcpy(d->buf + d->len, p + 4, (size_t)(end - 4));
        d->len += (size_t)(end - 4);
        more = end == leaf;
    }
    sqlite3_reset(d->page);
    return 1;
}

/* Notes each row of the chunk [c->from, c->to) of d->buf: its rowid and where its position list is. */
static int scan_chunk(ak_doclist *d, const chunk *c)
{
    const unsigned char *b = d->buf, *p = b + c->from, *e = b + c->to;
    size_t m = c->mark_from;
    sqlite3_int64 rowid = 0;
    uint64_t v, size;
    int k;
    for (int first = 1; p < e; first = 0) {
        size_t off = (size_t)(p - b);
        if (!(k = get_varint(p, e, &v))) return AK_DOCLIST_FALLBACK;
        p += k;
        if (m < c->mark_to && d->mark[m] < off) return AK_DOCLIST_FALLBACK; /* a page's rowid skipped */
        int literal = m < c->mark_to && d->mark[m] == off; /* a page's first rowid */
        if (literal) m++;
        if (first || literal) { /* the doclist's first rowid is a literal too */
            if (!first && (sqlite3_int64)v <= rowid) return AK_DOCLIST_FALLBACK;
            rowid = (sqlite3_int64)v;
        } else {
            if (v == 0) return AK_DOCLIST_FALLBACK;
            rowid += (sqlite3_int64)v;
        }
        /* The list's size in bytes times two, plus one for a delete marker: a row of an older
         * segment deleted (no positions) or replaced (these positions). */
        if (!(k = get_varint(p, e, &size))) return AK_DOCLIST_FALLBACK;
        p += k;
        if ((size >> 1) > (uint64_t)(e - p)) return AK_DOCLIST_FALLBACK;
        if (d->nent == d->capent) {
            size_t cap = d->capent ? 2 * d->capent : 4096;
            ent *x = realloc(d->ent, cap * sizeof *x);
            if (!x) return SQLITE_NOMEM;
            d->ent = x;
            d->capent = cap;
        }
        d->ent[d->nent++] = (ent){rowid, (uint32_t)(p - b), (uint32_t)(size >> 1)};
        p += size >> 1;
    }
    return m == c->mark_to ? SQLITE_OK : AK_DOCLIST_FALLBACK;
}

/* The decoding loop, with out or without (keep is a constant where it is inlined). Offsets only
 * grow within a column, so the 31-bit bound is checked when a column ends. */
static inline int positions(const unsigned char *p, uint32_t n, const double w[2], ak_search_position *out,
                            double *freq, int keep)
{
    const unsigned char *pe = p + n;
    int np = 0;
    uint64_t col = 0, off = 0, v;
    double f = 0.0, wc = w[0];
    int k;
    while (p < pe) { /* as sqlite3Fts5PoslistNext64 reads it */
        unsigned c = *p;
        if (c >= 2 && c < 0x80) { /* the common case: a delta of one byte */
            p++;
            off += c - 2;
        } else if (c == 1) { /* another column: its number, then its first offset + 2 */
            if (off > 0x7FFFFFFF) return -1;
            p++;
            if (!(k = get_varint(p, pe, &col)) || col > 1) return -1;
            p += k;
            if (!(k = get_varint(p, pe, &v)) || v < 2) return -1;
            p += k;
            off = v - 2;
            wc = w[col];
        } else {
            if (!(k = get_varint(p, pe, &v)) || v < 2) return -1;
            p += k;
            off += v - 2;
        }
        f += wc;
        if (keep) out[np] = (ak_search_position)(col << 31 | (off & 0x7FFFFFFF));
        np++;
    }
    if (off > 0x7FFFFFFF) return -1;
    *freq = f;
    return np;
}

int ak_doclist_positions(const unsigned char *p, uint32_t n, const double w[2], ak_search_position *out, double *freq)
{
    return out ? positions(p, n, w, out, freq, 1) : positions(p, n, w, NULL, freq, 0);
}

int ak_doclist_walk(ak_doclist *d, const char *term, size_t n, ak_doclist_size_fn size, ak_doclist_row_fn row, void *ctx)
{
    return ak_doclist_walk_runs(d, term, n, size, row, NULL, ctx);
}

int ak_doclist_walk_runs(ak_doclist *d, const char *term, size_t n, ak_doclist_size_fn size, ak_doclist_row_fn row,
                         ak_doclist_run_fn run, void *ctx)
{
    unsigned char key[AK_SEARCH_MAX_WORD * 4 + 2];
    if (n + 1 > sizeof key) return AK_DOCLIST_FALLBACK;
    key[0] = '0'; /* the main index's terms */
    memcpy(key + 1, term, n);
    chunk c[MAX_SEGS];
    int nc = 0;
    d->len = d->nmark = d->nent = 0;
    for (int i = 0; i < d->nseg; i++) { /* newest first: the order in which FTS5 ranks segments */
        size_t from = d->len, mark_from = d->nmark;
        int r = gather(d, &d->s[i], key, (int)n + 1);
        if (r < 0) { sqlite3_reset(d->page); return AK_DOCLIST_FALLBACK; }
        if (r > 0) c[nc++] = (chunk){from, d->len, mark_from, d->nmark, 0, 0};
    }
    for (int i = 0; i < nc; i++) {
        c[i].ent_from = d->nent;
        int rc = scan_chunk(d, &c[i]);
        if (rc != SQLITE_OK) return rc;
        c[i].ent_to = d->nent;
    }
    int rc = size(ctx, d->nent, d->len); /* at most these rows and positions (a position is a byte or more) */
    if (rc != SQLITE_OK) return rc;
    /* The segments merged by rowid: a rowid in several is the newest segment's row, and a row
     * without positions (deleted) is no row, as FTS5's iterator skips it. */
    size_t cur[MAX_SEGS];
    for (int i = 0; i < nc; i++) cur[i] = c[i].ent_from;
    for (;;) {
        int best = -1;
        sqlite3_int64 min = 0, next = INT64_MAX; /* the smallest head, and the smallest of the others */
        for (int i = 0; i < nc; i++) {
            if (cur[i] >= c[i].ent_to) continue;
            sqlite3_int64 r = d->ent[cur[i]].rowid;
            if (best < 0 || r < min) { /* ties stay with the newer segment (lower i) */
                if (best >= 0) next = min;
                best = i;
                min = r;
            } else if (r < next) {
                next = r;
            }
        }
        if (best < 0) break;
        if (min == next) { /* one rowid in several segments: the newest one's row */
            const ent *x = &d->ent[cur[best]];
            __atomic_add_fetch(x->size ? &ak_search_doclist_replaced : &ak_search_doclist_deleted, 1, __ATOMIC_RELAXED);
            for (int i = 0; i < nc; i++)
                if (cur[i] < c[i].ent_to && d->ent[cur[i]].rowid == min) cur[i]++;
            rc = x->size ? row(ctx, x->rowid, d->buf + x->off, x->size) : SQLITE_OK;
            if (rc != SQLITE_OK) return rc;
            continue;
        }
        /* A run of rows of one segment below every other segment's next row: no comparison each. */
        if (run) { /* handed over at once */
            size_t j = cur[best], end = c[best].ent_to;
            if (next == INT64_MAX) cur[best] = end;
            else while (cur[best] < end && d->ent[cur[best]].rowid < next) cur[best]++;
            rc = run(ctx, d->ent + j, cur[best] - j);
            if (rc != SQLITE_OK) return rc;
            continue;
        }
        for (size_t j = cur[best], end = c[best].ent_to; j < end && d->ent[j].rowid < next; j = ++cur[best]) {
            rc = d->ent[j].size ? row(ctx, d->ent[j].rowid, d->buf + d->ent[j].off, d->ent[j].size) : SQLITE_OK;
            if (rc != SQLITE_OK) return rc;
        }
    }
    return SQLITE_OK;
}
