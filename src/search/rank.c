/* rank.c: ak_bm25(articles_fts, w_title, w_text): FTS5's BM25 (k1 1.2, b 0.75, the length of a
 * document the sum of its columns, IDF floored at 1e-6, a match weighted by its column), the same
 * score to the last bit, but reading each document's length from an array held in memory instead
 * of a lookup in the _docsize table per match. That lookup is a statement step per row and about
 * half the cost of ranking a common word's thousands of matches. Without the array (or for a row it
 * does not cover) the length comes from FTS5 as before. */
#include <math.h>
#include <stdint.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_internal.h"

typedef struct stats {
    int n;        /* phrases */
    double avgdl; /* mean document length in tokens */
    double *idf, *freq;
} stats;

static int count_row(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
    (void)api; (void)f;
    (*(sqlite3_int64 *)ctx)++;
    return SQLITE_OK;
}

/* Per-statement figures, computed at the first row (FTS5 keeps them for the query). */
static stats *stats_of(const Fts5ExtensionApi *api, Fts5Context *f, int *rc)
{
    stats *s = api->xGetAuxdata(f, 0);
    if (s) return s;
    int n = api->xPhraseCount(f);
    s = sqlite3_malloc64(sizeof *s + 2 * (size_t)n * sizeof(double));
    if (!s) { *rc = SQLITE_NOMEM; return NULL; }
    s->n = n;
    s->idf = (double *)(s + 1);
    s->freq = s->idf + n;
    sqlite3_int64 rows = 0, tokens = 0;
    *rc = api->xRowCount(f, &rows);
    if (*rc == SQLITE_OK) *rc = api->xColumnTotalSize(f, -1, &tokens);
    if (*rc == SQLITE_OK) s->avgdl = (double)tokens / (double)rows;
    for (int i = 0; *rc == SQLITE_OK && i < n; i++) {
        sqlite3_int64 hits = 0;
        *rc = api->xQueryPhrase(f, i, &hits, count_row);
        double idf = log((rows - hits + 0.5) / (hits + 0.5));
        s->idf[i] = idf <= 0.0 ? 1e-6 : idf;
    }
    if (*rc == SQLITE_OK) *rc = api->xSetAuxdata(f, s, sqlite3_free);
    else sqlite3_free(s);
    return *rc == SQLITE_OK ? s : NULL;
}

static void bm25_fn(const Fts5ExtensionApi *api, Fts5Context *f, sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    int rc = SQLITE_OK, n_inst = 0;
    stats *s = stats_of(api, f, &rc);
    if (s) {
        memset(s->freq, 0, (size_t)s->n * sizeof *s->freq);
        rc = api->xInstCount(f, &n_inst);
    }
    for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
        int phrase, col, off;
        rc = api->xInst(f, i, &phrase, &col, &off);
        if (rc == SQLITE_OK) s->freq[phrase] += argc > col ? sqlite3_value_double(argv[col]) : 1.0;
    }
    double d = 0.0;
    if (rc == SQLITE_OK) {
        int len = ak_search_doc_length(api->xUserData(f), api->xRowid(f));
        if (len < 0) rc = api->xColumnSize(f, -1, &len);
        d = (double)len;
    }
    double score = 0.0;
    for (int i = 0; rc == SQLITE_OK && i < s->n; i++)
        score += ak_bm25_phrase(s->idf[i], s->freq[i], d, s->avgdl);
    if (rc == SQLITE_OK) sqlite3_result_double(ctx, -1.0 * score);
    else sqlite3_result_error_code(ctx, rc);
}

int ak_search_register_rank(fts5_api *api, ak_search_cache *c)
{
    return api->xCreateFunction(api, "ak_bm25", c, bm25_fn, NULL);
}

/* ---- ak_topk(articles_fts, ?): the best k matches of the whole query in one call ----
 * Ranking through SQL costs a statement step, an auxiliary-function call and a sorter insert per
 * match (about 1-3 µs); a common word has tens of thousands of matches. ak_topk is called on the
 * query's FIRST row only (LIMIT 1) and walks every phrase's matches itself with xQueryPhrase, a
 * callback per row with no SQL in between: each phrase's (rowid, weighted frequency) in rowid order,
 * their intersection (the query is an AND of phrases), ak_bm25's score for each row (the same
 * expression, so the same doubles) and a bounded heap of the k best by (score, rowid). The number
 * of rows in the intersection is the query's exact total. */

typedef ak_search_posting posting;
typedef ak_search_position position;
/* A phrase's matches; with keep, also every position (for the page's snippets, ak_snippet_make).
 * held: the arrays belong to the connection's list cache (read only; released, not freed). */
typedef struct plist {
    posting *v;
    sqlite3_int64 n, cap;
    int sorted;
    const double *w;
    int nw;
    int keep;
    position *pos;
    uint32_t npos, cappos;
    const ak_search_list *held;
    /* lazy: read from the index tables without decoding positions: each posting's at and npos are
     * the byte offset and size of its position list in raw (the doclist reader's buffer, taken from
     * it after the walk, given back at the end); only the page's rows are decoded (a distinct
     * search keeps a common word's every position for twenty snippets otherwise). */
    int lazy, int_w;
    double one_title, one_body; /* with int_w: the frequency of a row with one match, in that column */
    ak_doclist *dl;
    const unsigned char *base; /* the doclist buffer during the walk */
    unsigned char *raw;
    size_t raw_cap, raw_len;
} plist;

/* Positions kept per phrase at most (512 KB): keeping every position of the commonest words (في:
 * 69k articles, most of a million positions) costs more than the page's FTS5 statements, so past
 * this a search gives up keeping them and its page's snippets come from FTS5 as before. */
#define MAX_POS (1u << 17)

static void keep_position(plist *l, int col, int off)
{
    if (col < 0 || col > 1 || off < 0) { l->keep = 0; free(l->pos); l->pos = NULL; return; } /* not packable */
    if (l->npos == l->cappos) {
        uint32_t cap = l->cappos ? 2 * l->cappos : 1024;
        position *p = cap <= MAX_POS ? realloc(l->pos, cap * sizeof *p) : NULL;
        if (!p) { l->keep = 0; free(l->pos); l->pos = NULL; return; }
        l->pos = p;
        l->cappos = cap;
    }
    l->pos[l->npos++] = AK_SEARCH_POS(col, off);
}

/* Room for one more row in the list's postings (doubling). */
static int grow_postings(plist *l)
{
    sqlite3_int64 cap = l->cap ? 2 * l->cap : 1024;
    posting *v = sqlite3_realloc64(l->v, (sqlite3_uint64)cap * sizeof *v);
    if (!v) return SQLITE_NOMEM;
    l->v = v;
    l->cap = cap;
    return SQLITE_OK;
}

static int collect_row(const Fts5ExtensionApi *api, Fts5Context *f, void *ctx)
{
    plist *l = ctx;
    if (l->n == l->cap && grow_postings(l) != SQLITE_OK) return SQLITE_NOMEM;
    Fts5PhraseIter it;
    int col = 0, off = 0;
    double freq = 0.0;
    uint32_t at = l->npos;
    int rc = api->xPhraseFirst(f, 0, &it, &col, &off);
    for (; rc == SQLITE_OK && col >= 0; api->xPhraseNext(f, &it, &col, &off)) {
        freq += l->nw > col ? l->w[col] : 1.0;
        if (l->keep) keep_position(l, col, off);
    }
    sqlite3_int64 id = api->xRowid(f);
    if (l->n && l->v[l->n - 1].rowid >= id) l->sorted = 0;
    l->v[l->n++] = (posting){id, freq, at, l->npos - at};
    return rc;
}

static int cmp_posting(const void *a, const void *b)
{
    sqlite3_int64 x = ((const posting *)a)->rowid, y = ((const posting *)b)->rowid;
    return (x > y) - (x < y);
}

/* The heap's order: the worst of the kept rows at the root (larger r, then larger rowid). */
static int worse(double ra, sqlite3_int64 ia, double rb, sqlite3_int64 ib)
{
    return ra > rb || (ra == rb && ia > ib);
}

static void heap_push(ak_topk *t, double r, sqlite3_int64 id)
{
    size_t i;
    if (t->n < t->k) {
        i = t->n++;
    } else {
        if (!worse(t->r[0], t->rowid[0], r, id)) return; /* not better than the worst kept */
        i = 0; /* replace the root, sift down */
        for (;;) {
            size_t c = 2 * i + 1, w = i;
            double wr = r;
            sqlite3_int64 wi = id;
            if (c < t->n && worse(t->r[c], t->rowid[c], wr, wi)) { w = c; wr = t->r[c]; wi = t->rowid[c]; }
            if (c + 1 < t->n && worse(t->r[c + 1], t->rowid[c + 1], wr, wi)) w = c + 1;
            if (w == i) break;
            t->r[i] = t->r[w];
            t->rowid[i] = t->rowid[w];
            i = w;
        }
        t->r[i] = r;
        t->rowid[i] = id;
        return;
    }
    while (i > 0) { /* sift up */
        size_t p = (i - 1) / 2;
        if (!worse(r, id, t->r[p], t->rowid[p])) break;
        t->r[i] = t->r[p];
        t->rowid[i] = t->rowid[p];
        i = p;
    }
    t->r[i] = r;
    t->rowid[i] = id;
}

/* Sorts the kept rows best first (heap order is not list order). */
static void heap_sort(ak_topk *t)
{
    for (size_t i = 1; i < t->n; i++) { /* k is small: insertion sort */
        double r = t->r[i];
        sqlite3_int64 id = t->rowid[i];
        size_t j = i;
        for (; j > 0 && worse(t->r[j - 1], t->rowid[j - 1], r, id); j--) {
            t->r[j] = t->r[j - 1];
            t->rowid[j] = t->rowid[j - 1];
        }
        t->r[j] = r;
        t->rowid[j] = id;
    }
}

/* Seeks l from *at to the first posting with rowid >= id (galloping: the lists differ in size). */
static sqlite3_int64 seek(const plist *l, sqlite3_int64 at, sqlite3_int64 id)
{
    sqlite3_int64 step = 1, lo = at, hi = at;
    while (hi < l->n && l->v[hi].rowid < id) { lo = hi + 1; hi += step; step *= 2; }
    if (hi > l->n) hi = l->n;
    while (lo < hi) {
        sqlite3_int64 mid = lo + (hi - lo) / 2;
        if (l->v[mid].rowid < id) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* A row's length read from the _docsize table; -1 if absent. */
static int doc_length(sqlite3_stmt *ds, sqlite3_int64 id)
{
    sqlite3_reset(ds);
    sqlite3_bind_int64(ds, 1, id);
    if (sqlite3_step(ds) != SQLITE_ROW) return -1;
    return ak_search_docsize_len(sqlite3_column_blob(ds, 0), sqlite3_column_bytes(ds, 0));
}

/* doclist.c's callbacks: the rows' array sized once, then the same posting and kept positions as
 * collect_row makes from FTS5. */
static int direct_size(void *ctx, size_t rows, size_t pos)
{
    plist *l = ctx;
    if ((sqlite3_int64)rows > l->cap) {
        posting *v = sqlite3_realloc64(l->v, (sqlite3_uint64)rows * sizeof *v);
        if (!v) return SQLITE_NOMEM;
        l->v = v;
        l->cap = (sqlite3_int64)rows;
    }
    if (l->lazy) {
        l->base = ak_doclist_data(l->dl);
        return pos > UINT32_MAX ? AK_DOCLIST_FALLBACK : SQLITE_OK; /* offsets are 32 bits */
    }
    if (l->keep && pos <= MAX_POS && pos > l->cappos) { /* as many as keep_position would reach */
        uint32_t cap = l->cappos ? l->cappos : 1024;
        while (cap < pos) cap *= 2;
        position *p = realloc(l->pos, cap * sizeof *p);
        if (p) { l->pos = p; l->cappos = cap; }
    }
    return SQLITE_OK;
}

static int direct_row(void *ctx, sqlite3_int64 id, const unsigned char *list, uint32_t n)
{
    plist *l = ctx;
    if (l->n == l->cap && grow_postings(l) != SQLITE_OK) return SQLITE_NOMEM;
    double freq = 0.0;
    uint32_t at = l->npos;
    int np;
    if (l->keep && l->npos + n <= l->cappos) { /* room for the most it can hold: read in place */
        np = ak_doclist_positions(list, n, l->w, l->pos + l->npos, &freq);
        if (np >= 0) l->npos += (uint32_t)np;
    } else {
        np = ak_doclist_positions(list, n, l->w, NULL, &freq);
        if (np > 0 && l->keep) { /* near the cap or the array's end: one at a time, as FTS5's walk */
            position *tmp = malloc((size_t)np * sizeof *tmp);
            if (!tmp || ak_doclist_positions(list, n, l->w, tmp, &freq) != np) { free(tmp); return SQLITE_NOMEM; }
            for (int k = 0; k < np && l->keep; k++) keep_position(l, AK_SEARCH_POS_COL(tmp[k]), AK_SEARCH_POS_OFF(tmp[k]));
            free(tmp);
        }
    }
    if (np < 0) return AK_DOCLIST_FALLBACK;
    l->v[l->n++] = (posting){id, freq, at, l->npos - at};
    return SQLITE_OK;
}

/* A lazy list's rows, and a word's rows for a phrase (word_walk), are raw_row's: where each row's
 * list is, nothing decoded; a lazy list's frequency is counted when its row is scored (a row of a
 * common word that another phrase's rows do not hold never is). */
#define FREQ_LATER (-1.0)

static int raw_row(void *ctx, sqlite3_int64 id, const unsigned char *list, uint32_t n)
{
    plist *l = ctx;
    if (l->n == l->cap) return SQLITE_NOMEM; /* cannot happen: at most the rows announced */
    l->v[l->n++] = (posting){id, FREQ_LATER, (uint32_t)(list - l->base), n};
    return SQLITE_OK;
}

/* raw_row for a run of rows. */
static int raw_run(void *ctx, const ak_doclist_row *r, size_t n)
{
    plist *l = ctx;
    if ((sqlite3_int64)n > l->cap - l->n) return SQLITE_NOMEM;
    posting *out = l->v + l->n;
    for (size_t j = 0; j < n; j++)
        if (r[j].size) *out++ = (posting){r[j].rowid, FREQ_LATER, r[j].off, r[j].size}; /* 0: deleted */
    l->n = out - l->v;
    return SQLITE_OK;
}

/* Whole, small column weights (their sums are exact): the frequency may be counted without
 * decoding (ak_doclist_count_freq). Set for a list read here and for one borrowed from the cache. */
static void set_int_w(plist *l)
{
    l->int_w = 1;
    for (int c = 0; c < 2; c++)
        l->int_w &= l->w[c] >= -1024 && l->w[c] <= 1024 && l->w[c] == (double)(int)l->w[c];
    l->one_title = (double)1 * l->w[0] + (double)0 * l->w[1]; /* ak_doclist_count_freq's expression */
    l->one_body = (double)0 * l->w[0] + (double)1 * l->w[1];
}

/* The frequency of a row whose position list is one match (one varint of 2 or more: an offset, not
 * a marker), as ak_doclist_count_freq counts it; -1 for any other list. Most rows of a common word
 * are such: the title's offset alone, or the body's marker 1, column 1 and an offset of 1-2 bytes. */
static inline double one_match_freq(const plist *l, const unsigned char *q, uint32_t n)
{
    if (n == 1 && q[0] >= 2 && q[0] < 0x80) return l->one_title;
    if (n < 3 || n > 4 || q[0] != 1 || q[1] != 1) return -1.0;
    if (n == 3) return q[2] >= 2 && q[2] < 0x80 ? l->one_body : -1.0;
    return q[2] >= 0x80 && q[3] < 0x80 && (q[2] > 0x80 || q[3] >= 2) ? l->one_body : -1.0;
}

static double posting_freq_counted(const plist *l, const posting *p)
{
    const unsigned char *list = l->raw ? l->raw + p->at : NULL;
    double freq;
    if (!list || ((!l->int_w || ak_doclist_count_freq(list, p->npos, l->w, &freq) < 0) &&
                  ak_doclist_positions(list, p->npos, l->w, NULL, &freq) < 0))
        return -1.0;
    return freq;
}

/* Posting p's weighted frequency: as walked, or counted now from the lazy list's bytes (read only:
 * a cached list is shared). -1 when its list cannot be read here (the search then ranks through SQL).
 * A row of one match is answered without the count's loop. */
static inline double posting_freq(const plist *l, const posting *p)
{
    if (p->freq >= 0.0) return p->freq;
    if (l->int_w && l->raw && p->npos <= 4) {
        double f = one_match_freq(l, l->raw + p->at, p->npos);
        if (f >= 0.0) return f;
    }
    return posting_freq_counted(l, p);
}

/* The terms of phrase i (a quoted FTS5 string, "" a quote, as ak_search_match_expr writes it) as
 * the tokenizer gives them to FTS5, when there are as many as FTS5 counts and no prefix: into
 * term[j] (len[j] bytes); their number, or 0. Phrases of one word and of two are read directly
 * (two: each word's rows located without decoding, positions decoded only in the rows holding
 * both; decoding every row of each word cost more than FTS5's walk, measured: +4% of
 * instructions). */
#define PHRASE_MAX 2
typedef struct terms { char (*term)[AK_SEARCH_MAX_WORD * 4]; size_t *len; int count, max; } terms;

static int take_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)bs; (void)be;
    terms *o = ctx;
    if (colocated) return 0;
    if (o->count >= o->max || n > sizeof o->term[0]) { o->count = -1; return 1; }
    memcpy(o->term[o->count], t, n);
    o->len[o->count++] = n;
    return 0;
}

static int phrase_terms(const ak_topk *t, int i, char (*term)[AK_SEARCH_MAX_WORD * 4], size_t *len)
{
    const char *k = t->key[i];
    size_t n = t->key_len[i];
    if (t->phrase_len[i] < 1 || t->phrase_len[i] > PHRASE_MAX || n < 2 || k[0] != '"' || k[n - 1] != '"')
        return 0; /* a prefix ends in " *" */
    char text[AK_SEARCH_MAX_QUERY];
    size_t m = 0;
    for (size_t j = 1; j + 1 < n && m < sizeof text; j++) {
        text[m++] = k[j];
        if (k[j] == '"') j++; /* "" */
    }
    terms o = {term, len, 0, PHRASE_MAX};
    ak_search_analyze(text, m, AK_SA_DEFAULT | AK_SA_QUERY, take_term, &o);
    return o.count == t->phrase_len[i] ? o.count : 0;
}

int ak_search_doclist = 1;
size_t ak_search_doclist_reads, ak_search_doclist_fallbacks;

/* Decodes row j of a word's list w (read by raw_row) into *buf (grown as needed); the count or -1. */
static int word_positions(const plist *w, sqlite3_int64 j, position **buf, uint32_t *cap)
{
    uint32_t n = w->v[j].npos; /* bytes: a position takes one or more */
    if (n > *cap) {
        position *x = realloc(*buf, n * sizeof *x);
        if (!x) return -1;
        *buf = x;
        *cap = n;
    }
    double f;
    return ak_doclist_positions(w->raw + w->v[j].at, n, w->w, *buf, &f);
}

/* A two-word phrase's matches (as FTS5 finds them: the second word one token after the first, in
 * the same column) from the words' lists a and b, read without decoding: into l, in rowid order,
 * each row's phrase positions (the first word's) weighted by column and kept as direct_row keeps. */
static int phrase_join(plist *l, const plist *a, const plist *b)
{
    const plist *s = a->n <= b->n ? a : b, *o = s == a ? b : a; /* walk the shorter, seek the other */
    position *pa = NULL, *pb = NULL;
    uint32_t ca = 0, cb = 0;
    int rc = SQLITE_OK;
    if (s->n > l->cap) {
        posting *v = sqlite3_realloc64(l->v, (sqlite3_uint64)s->n * sizeof *v);
        if (!v) return SQLITE_NOMEM;
        l->v = v;
        l->cap = s->n;
    }
    sqlite3_int64 at = 0;
    for (sqlite3_int64 j = 0; j < s->n && rc == SQLITE_OK; j++) {
        sqlite3_int64 id = s->v[j].rowid;
        at = seek(o, at, id);
        if (at >= o->n) break;
        if (o->v[at].rowid != id) continue;
        sqlite3_int64 ja = s == a ? j : at, jb = s == a ? at : j;
        int na = word_positions(a, ja, &pa, &ca), nb = na < 0 ? -1 : word_positions(b, jb, &pb, &cb);
        if (na < 0 || nb < 0) { rc = AK_DOCLIST_FALLBACK; break; }
        double freq = 0.0;
        uint32_t from = l->npos, hits = 0;
        for (int x = 0, y = 0; x < na; x++) { /* both ascending by (column, offset) */
            if (AK_SEARCH_POS_OFF(pa[x]) == 0x7FFFFFFF) continue; /* no next token to hold */
            position want = pa[x] + 1;
            while (y < nb && pb[y] < want) y++;
            if (y == nb) break;
            if (pb[y] != want) continue;
            int col = AK_SEARCH_POS_COL(pa[x]);
            freq += l->nw > col ? l->w[col] : 1.0;
            hits++;
            if (l->keep) keep_position(l, col, AK_SEARCH_POS_OFF(pa[x]));
        }
        if (hits) l->v[l->n++] = (posting){id, freq, from, l->npos - from};
    }
    free(pa);
    free(pb);
    return rc;
}

/* Reads a word's rows for a phrase (raw_row) into w, taking the reader's buffer. */
static int word_walk(ak_doclist *dl, const char *term, size_t len, const double *wt, plist *w)
{
    w->lazy = 1;
    w->dl = dl;
    w->w = wt;
    w->nw = 2;
    int rc = ak_doclist_walk_runs(dl, term, len, direct_size, raw_row, raw_run, w);
    if (rc == SQLITE_OK) w->raw = ak_doclist_take(dl, &w->raw_cap, &w->raw_len);
    return rc;
}

/* A term's key in the caches: the term after a byte no phrase's text starts with (those are
 * quoted). Its length, 0 when it does not fit. */
static size_t word_key(char *key, size_t cap, const char *term, size_t len)
{
    if (len + 1 > cap) return 0;
    key[0] = '\1';
    memcpy(key + 1, term, len);
    return len + 1;
}

/* The phrases' keys in the df and list caches: a one-word phrase's is its term's (word_key), so
 * that "على" and "علي" (one term) and the phrases holding it share one list and one count;
 * a longer phrase or a prefix keeps its text. */
static void cache_keys(ak_topk *t, int n)
{
    for (int i = 0; i < n && i < t->n_keys && i < AK_SEARCH_MAX_TERMS; i++) {
        char term[PHRASE_MAX][AK_SEARCH_MAX_WORD * 4];
        size_t len[PHRASE_MAX], k = 0;
        if (t->phrase_len[i] == 1 && phrase_terms(t, i, term, len) == 1)
            k = word_key(t->ckey_buf[i], sizeof t->ckey_buf[i], term[0], len[0]);
        t->ckey[i] = k ? t->ckey_buf[i] : t->key[i];
        t->ckey_len[i] = k ? k : t->key_len[i];
    }
}

/* A word's rows for a phrase, from the list cache when it holds them, else read (word_walk) and
 * offered to it. Phrases with a common word ("على", "إلى": tens of thousands of rows) are the
 * slowest distinct searches, each reading the word's whole doclist again; the join then only seeks
 * in it. The key is the analyzed term after a byte no phrase key starts with (those are quoted). */
static int word_get(ak_topk *t, ak_doclist *dl, const char *term, size_t len, plist *w)
{
    char key[AK_SEARCH_MAX_WORD * 4 + 1];
    size_t n = word_key(key, sizeof key, term, len);
    int keyed = t->cache && t->state && n;
    if (keyed) {
        const ak_search_list *h = ak_search_list_get(t->cache, t->state, key, n, t->w, 1);
        if (h && h->pos_state == 3) {
            *w = (plist){.v = (posting *)h->v, .n = h->n, .held = h, .raw = (unsigned char *)h->raw,
                         .w = t->w, .nw = 2, .lazy = 1, .sorted = 1};
            return SQLITE_OK;
        }
        ak_search_list_release(t->cache, h); /* cannot happen: every list under such a key is raw */
    }
    int rc = word_walk(dl, term, len, t->w, w);
    if (rc != SQLITE_OK || !keyed || !ak_search_list_wanted(t->cache, t->state, key, n, w->n)) return rc;
    /* kept without slack (the cache counts what it holds) */
    posting *v = w->n < w->cap && w->n ? sqlite3_realloc64(w->v, (sqlite3_uint64)w->n * sizeof *v) : NULL;
    if (v) { w->v = v; w->cap = w->n; }
    unsigned char *r = w->raw_len < w->raw_cap ? realloc(w->raw, w->raw_len ? w->raw_len : 1) : NULL;
    if (r) { w->raw = r; w->raw_cap = w->raw_len; }
    w->held = ak_search_list_put_raw(t->cache, t->state, key, n, t->w, w->v, w->n, w->raw, w->raw_len);
    return rc;
}

static void word_free(ak_topk *t, plist *w)
{
    if (w->held) { ak_search_list_release(t->cache, w->held); return; } /* the cache's arrays */
    sqlite3_free(w->v);
    ak_doclist_give(w->dl, w->raw, w->raw_cap);
}

/* Phrase i's matches read from the index tables (doclist.c) when it is one plain word and the index
 * is readable there; AK_DOCLIST_FALLBACK otherwise, with l[i] as it was. */
static int direct_walk(ak_topk *t, plist *l, int i, int n)
{
    char term[PHRASE_MAX][AK_SEARCH_MAX_WORD * 4];
    size_t len[PHRASE_MAX];
    if (!ak_search_doclist || !t->kept || t->dl_state < 0 || !t->key || t->n_keys != n ||
        !phrase_terms(t, i, term, len))
        return AK_DOCLIST_FALLBACK;
    ak_doclist **dl = ak_search_stmts_doclist(t->kept);
    if (t->dl_state == 0) {
        int rc = ak_doclist_begin(dl, t->h, t->kept);
        t->dl_state = rc == SQLITE_OK ? 1 : -1;
        if (rc != SQLITE_OK) {
            ak_doclist_end(*dl);
            return rc;
        }
    }
    if (t->phrase_len[i] == 2) { /* a two-word phrase: its words' lists, joined */
        plist a, b;
        memset(&a, 0, sizeof a);
        memset(&b, 0, sizeof b);
        int rc = word_get(t, *dl, term[0], len[0], &a);
        if (rc == SQLITE_OK) rc = word_get(t, *dl, term[1], len[1], &b);
        if (rc == SQLITE_OK) rc = phrase_join(&l[i], &a, &b);
        word_free(t, &a);
        word_free(t, &b);
        __atomic_add_fetch(rc == SQLITE_OK ? &ak_search_doclist_reads : &ak_search_doclist_fallbacks, 1,
                           __ATOMIC_RELAXED);
        if (rc != SQLITE_OK) { /* start again: FTS5 walks it, or the error stands */
            l[i].n = 0;
            l[i].npos = 0;
            l[i].keep = t->want_inst;
            if (!l[i].pos) l[i].cappos = 0;
        }
        return rc;
    }
    l[i].lazy = l[i].keep; /* positions wanted: decoded later, for the rows that need them */
    set_int_w(&l[i]);
    l[i].dl = *dl;
    int rc = l[i].lazy ? ak_doclist_walk_runs(*dl, term[0], len[0], direct_size, raw_row, raw_run, &l[i])
                       : ak_doclist_walk(*dl, term[0], len[0], direct_size, direct_row, &l[i]);
    __atomic_add_fetch(rc == SQLITE_OK ? &ak_search_doclist_reads : &ak_search_doclist_fallbacks, 1, __ATOMIC_RELAXED);
    if (rc == SQLITE_OK && l[i].lazy) l[i].raw = ak_doclist_take(*dl, &l[i].raw_cap, &l[i].raw_len);
    if (rc != SQLITE_OK) { /* start again: FTS5 walks it, or the error stands */
        l[i].lazy = 0;
        l[i].n = 0;
        l[i].npos = 0;
        l[i].keep = t->want_inst;
        if (!l[i].pos) l[i].cappos = 0;
    }
    return rc;
}

/* Walks phrase i's matches into l[i], notes its document count in the df cache and offers the
 * list to the list cache (which then owns it: l[i].held). */
static int walk_phrase(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, plist *l, int i, int n)
{
    l[i].sorted = 1;
    l[i].w = t->w;
    l[i].nw = 2;
    l[i].keep = t->want_inst;
    int keyed = t->cache && t->key && t->n_keys == n;
    sqlite3_int64 df = 0; /* the rows to come when counted before: no regrowing (a copy each time) */
    if (keyed && ak_search_df_get(t->cache, t->ckey[i], t->ckey_len[i], &df) && df > 0 &&
        (l[i].v = sqlite3_malloc64((sqlite3_uint64)df * sizeof *l[i].v)) != NULL)
        l[i].cap = df;
    int rc = direct_walk(t, l, i, n);
    if (rc == AK_DOCLIST_FALLBACK) rc = api->xQueryPhrase(f, i, &l[i], collect_row);
    if (rc == SQLITE_OK && !l[i].sorted) qsort(l[i].v, (size_t)l[i].n, sizeof *l[i].v, cmp_posting);
    if (rc == SQLITE_OK && keyed) {
        ak_search_df_put(t->cache, t->state, t->ckey[i], t->ckey_len[i], l[i].n);
        /* A kept list holds no slack (the cache counts rows): shrinking gives memory back in place. */
        posting *v = l[i].n < l[i].cap && l[i].n ? sqlite3_realloc64(l[i].v, (sqlite3_uint64)l[i].n * sizeof *v) : NULL;
        if (v) { l[i].v = v; l[i].cap = l[i].n; }
        if (l[i].lazy) { /* offered as read: the cache decodes nothing and keeps the smaller form */
            if (!ak_search_list_wanted(t->cache, t->state, t->ckey[i], t->ckey_len[i], l[i].n)) return rc;
            unsigned char *r = l[i].raw_len < l[i].raw_cap ? realloc(l[i].raw, l[i].raw_len ? l[i].raw_len : 1) : NULL;
            if (r) { l[i].raw = r; l[i].raw_cap = l[i].raw_len; }
            l[i].held = ak_search_list_put_raw(t->cache, t->state, t->ckey[i], t->ckey_len[i], t->w, l[i].v, l[i].n,
                                               l[i].raw, l[i].raw_len);
            return rc;
        }
        position *p = l[i].keep && l[i].npos && l[i].npos < l[i].cappos ? realloc(l[i].pos, l[i].npos * sizeof *p) : NULL;
        if (p) { l[i].pos = p; l[i].cappos = l[i].npos; }
        int pos_state = !t->want_inst ? 0 : l[i].keep ? 1 : 2;
        l[i].held = ak_search_list_put(t->cache, t->state, t->ckey[i], t->ckey_len[i], t->w, l[i].v, l[i].n,
                                       l[i].keep ? l[i].pos : NULL, l[i].npos, pos_state);
    }
    return rc;
}

/* Phrase i's list from the list cache when it holds one (positions too when the page wants them). */
static int borrow_phrase(ak_topk *t, plist *l, int i, int n)
{
    if (!t->cache || !t->key || t->n_keys != n) return 0;
    const ak_search_list *h = ak_search_list_get(t->cache, t->state, t->ckey[i], t->ckey_len[i], t->w, t->want_inst);
    if (!h) return 0;
    l[i].held = h;
    l[i].v = (posting *)h->v; /* only read */
    l[i].n = h->n;
    l[i].pos = (position *)h->pos;
    l[i].npos = h->npos;
    l[i].keep = t->want_inst && (h->pos_state == 1 || h->pos_state == 3);
    l[i].lazy = h->pos_state == 3;
    l[i].raw = (unsigned char *)h->raw; /* the cache's (held, not ours) */
    l[i].w = t->w;
    l[i].nw = 2;
    l[i].sorted = 1;
    set_int_w(&l[i]); /* counted as when read: the same frequencies (tested), fewer decodings */
    return 1;
}

static void plist_free(ak_topk *t, plist *l)
{
    if (l->held) { ak_search_list_release(t->cache, l->held); return; } /* raw too is the cache's */
    sqlite3_free(l->v);
    free(l->pos);
    if (l->raw && l->dl) ak_doclist_give(l->dl, l->raw, l->raw_cap);
    else free(l->raw);
}

/* ---- the page's matches, kept for its snippets (ak_snippet_make) ---- */

static int inst_push(ak_topk *t, int ph, int col, int off)
{
    if (t->n_inst == t->cap_inst) {
        size_t cap = t->cap_inst ? 2 * t->cap_inst : 256;
        ak_search_inst *v = realloc(t->inst, cap * sizeof *v);
        if (!v) { t->want_inst = 0; return 0; } /* no snippets from here: FTS5 makes them */
        t->inst = v;
        t->cap_inst = cap;
    }
    t->inst[t->n_inst++] = (ak_search_inst){ph, col, off};
    return 1;
}

/* xInst's order: by column, then offset, then phrase. */
static int cmp_inst(const void *a, const void *b)
{
    const ak_search_inst *x = a, *y = b;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    if (x->off != y->off) return x->off < y->off ? -1 : 1;
    return (x->ph > y->ph) - (x->ph < y->ph);
}

/* The kept rows from inst_from on: their matches from the walked lists (collect mode). */
static void keep_page_inst(ak_topk *t, const plist *l, int n)
{
    for (int i = 0; i < n; i++)
        if (!l[i].keep) return;
    size_t rows = t->n > t->inst_from ? t->n - t->inst_from : 0;
    t->inst_at = malloc((rows + 1) * sizeof *t->inst_at);
    if (!t->inst_at) return;
    position *tmp = NULL; /* a lazy row's positions, decoded */
    uint32_t cap_tmp = 0;
    for (size_t j = 0; j < rows; j++) {
        sqlite3_int64 id = t->rowid[t->inst_from + j];
        size_t from = t->inst_at[j] = t->n_inst;
        for (int i = 0; i < n; i++) {
            sqlite3_int64 k = seek(&l[i], 0, id);
            if (k >= l[i].n || l[i].v[k].rowid != id) continue;
            /* a lazy list has no decoded positions (pos is NULL): `at` is an offset into raw */
            const position *at = l[i].lazy ? NULL : l[i].pos + l[i].v[k].at;
            uint32_t np = l[i].v[k].npos;
            if (l[i].lazy) {
                if (np > cap_tmp) {
                    position *x = realloc(tmp, np * sizeof *x);
                    if (!x) { free(tmp); return; }
                    tmp = x;
                    cap_tmp = np;
                }
                double f;
                int got = ak_doclist_positions(l[i].raw + l[i].v[k].at, np, l[i].w, tmp, &f);
                if (got < 0) { free(tmp); return; } /* parsed during the walk: cannot happen */
                at = tmp;
                np = (uint32_t)got;
            }
            for (uint32_t p = 0; p < np; p++)
                if (!inst_push(t, i, AK_SEARCH_POS_COL(at[p]), AK_SEARCH_POS_OFF(at[p]))) { free(tmp); return; }
        }
        qsort(t->inst + from, t->n_inst - from, sizeof *t->inst, cmp_inst);
    }
    free(tmp);
    t->inst_at[rows] = t->n_inst;
    t->inst_ok = 1;
}

/* Row mode: notes the current row's matches (xInst, already in order) under its rowid. */
static int log_row_inst(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, sqlite3_int64 id, int n_inst)
{
    if (t->n_log && t->log[t->n_log - 1].rowid >= id) { t->want_inst = 0; return SQLITE_OK; } /* not in order */
    if (t->n_log == t->cap_log) {
        size_t cap = t->cap_log ? 2 * t->cap_log : 64;
        struct ak_topk_row *v = realloc(t->log, cap * sizeof *v);
        if (!v) { t->want_inst = 0; return SQLITE_OK; }
        t->log = v;
        t->cap_log = cap;
    }
    size_t at = t->n_inst;
    int rc = SQLITE_OK;
    for (int i = 0; rc == SQLITE_OK && t->want_inst && i < n_inst; i++) {
        int phrase, col, off;
        rc = api->xInst(f, i, &phrase, &col, &off);
        if (rc == SQLITE_OK) inst_push(t, phrase, col, off);
    }
    if (t->want_inst) t->log[t->n_log++] = (struct ak_topk_row){id, at, t->n_inst - at};
    return rc;
}

static int cmp_log(const void *a, const void *b)
{
    sqlite3_int64 x = ((const struct ak_topk_row *)a)->rowid, y = ((const struct ak_topk_row *)b)->rowid;
    return (x > y) - (x < y);
}

/* Row mode, after the last row: the kept rows' matches from the log, in page order. */
static void keep_logged_inst(ak_topk *t)
{
    size_t rows = t->n > t->inst_from ? t->n - t->inst_from : 0, total = 0;
    const struct ak_topk_row *at[1024];
    if (rows > sizeof at / sizeof *at) return;
    for (size_t j = 0; j < rows; j++) {
        struct ak_topk_row k = {t->rowid[t->inst_from + j], 0, 0};
        at[j] = bsearch(&k, t->log, t->n_log, sizeof k, cmp_log);
        if (!at[j]) return; /* cannot happen: every kept row was scored, so logged */
        total += at[j]->n;
    }
    ak_search_inst *v = malloc((total ? total : 1) * sizeof *v);
    t->inst_at = malloc((rows + 1) * sizeof *t->inst_at);
    if (!v || !t->inst_at) { free(v); return; }
    size_t o = 0;
    for (size_t j = 0; j < rows; j++) {
        t->inst_at[j] = o;
        memcpy(v + o, t->inst + at[j]->at, at[j]->n * sizeof *v);
        o += at[j]->n;
    }
    t->inst_at[rows] = o;
    free(t->inst);
    t->inst = v;
    t->n_inst = t->cap_inst = o;
    t->inst_ok = 1;
}

/* Ranks the intersection of the walked lists l[0..n) (collect mode). */
static int topk_run(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, plist *l, int n)
{
    double idf[64];
    sqlite3_int64 rows = 0, tokens = 0;
    int rc = api->xRowCount(f, &rows);
    if (rc == SQLITE_OK) rc = api->xColumnTotalSize(f, -1, &tokens);
    double avgdl = (double)tokens / (double)rows;
    int least = 0;
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        sqlite3_int64 hits = l[i].n;
        double x = log((rows - hits + 0.5) / (hits + 0.5));
        idf[i] = x <= 0.0 ? 1e-6 : x;
        if (l[i].n < l[least].n) least = i;
    }
    /* Lengths: from memory when they are loaded or worth loading (as for ak_bm25), else one
     * _docsize lookup per row: after a write, a rare word is not worth reading every length. */
    int live = 0;
    sqlite3_stmt *ds = NULL;
    if (rc == SQLITE_OK && t->cache &&
        ((size_t)l[least].n >= ak_search_lengths_min || ak_search_lengths_ready(t->cache))) {
        live = ak_search_lengths_begin(t->cache, t->h);
        t->began = 1;
    }
    if (rc == SQLITE_OK && !live)
        rc = sqlite3_prepare_v2(t->h, "SELECT sz FROM articles_fts_docsize WHERE id = ?1", -1, &ds, NULL);
    sqlite3_int64 at[64] = {0}, nlen = 0;
    const int *lens = live ? ak_search_lengths_array(t->cache, &nlen) : NULL;
    if (rc == SQLITE_OK && n == 1 && lens) { /* one phrase: every row is a match; the same expression */
        const posting *v = l[0].v;
        for (sqlite3_int64 j = 0; j < l[0].n; j++) {
            sqlite3_int64 id = v[j].rowid;
            if (id < 0 || id >= nlen || lens[id] < 0) { rc = SQLITE_ERROR; break; } /* cannot happen */
            double d = (double)lens[id], f = posting_freq(&l[0], &v[j]), score = 0.0;
            if (f < 0.0) { rc = SQLITE_ERROR; break; }
            score += ak_bm25_phrase(idf[0], f, d, avgdl);
            double r = -1.0 * score;
            if (t->n < t->k || worse(t->r[0], t->rowid[0], r, id)) heap_push(t, r, id);
        }
        t->total += l[0].n;
    }
    for (sqlite3_int64 j = 0; rc == SQLITE_OK && !(n == 1 && lens) && j < l[least].n; j++) {
        sqlite3_int64 id = l[least].v[j].rowid;
        double freq[64];
        int all = 1;
        for (int i = 0; i < n && all; i++) {
            at[i] = i == least ? j : seek(&l[i], at[i], id); /* the rarest list is the one walked */
            all = at[i] < l[i].n && l[i].v[at[i]].rowid == id;
        }
        if (!all) continue;
        for (int i = 0; i < n && all; i++) all = (freq[i] = posting_freq(&l[i], &l[i].v[at[i]])) >= 0.0;
        if (!all) { rc = SQLITE_ERROR; break; }
        t->total++;
        int len = lens ? (id >= 0 && id < nlen ? lens[id] : -1)
                       : live ? ak_search_doc_length(t->cache, id) : doc_length(ds, id);
        if (len < 0) { rc = SQLITE_ERROR; break; } /* cannot happen: every indexed row has a length */
        double d = (double)len, score = 0.0;
        for (int i = 0; i < n; i++)
            score += ak_bm25_phrase(idf[i], freq[i], d, avgdl);
        double r = -1.0 * score;
        if (t->n < t->k || worse(t->r[0], t->rowid[0], r, id)) heap_push(t, r, id); /* else not kept */
    }
    sqlite3_finalize(ds);
    if (rc == SQLITE_OK) heap_sort(t);
    if (rc == SQLITE_OK && t->want_inst) keep_page_inst(t, l, n);
    return rc;
}

/* ---- row mode: a rare phrase ANDed with common ones ----
 * Walking a common word's whole doclist costs more than letting FTS5 intersect (it skips through
 * long doclists) and scoring the few rows that match all phrases one call each. That needs every
 * phrase's document count for its IDF without the walk: the connection's df cache (cache.c), filled
 * by earlier walks of the same database state. Chosen when the phrases whose counts are cached
 * (and so need no walk) have at least ROW_RATIO times the documents of the rarest phrase. */
#define ROW_RATIO 10

static void row_mode_start(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, const sqlite3_int64 *df,
                           sqlite3_int64 min, int n)
{
    sqlite3_int64 rows = 0, tokens = 0;
    api->xRowCount(f, &rows);
    api->xColumnTotalSize(f, -1, &tokens);
    t->avgdl = (double)tokens / (double)rows;
    for (int i = 0; i < n; i++) {
        double x = log((rows - df[i] + 0.5) / (df[i] + 0.5));
        t->idf[i] = x <= 0.0 ? 1e-6 : x;
    }
    if ((size_t)min >= ak_search_lengths_min || ak_search_lengths_ready(t->cache)) {
        t->live = ak_search_lengths_begin(t->cache, t->h);
        t->began = 1;
    }
}

/* The first row: each phrase's count from the df cache, or else from a walk of its matches (kept);
 * then row mode when the walks left to do would read ROW_RATIO times more postings than the
 * rarest phrase has, else the remaining walks and the intersection. */
static int topk_first(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, int n)
{
    plist l[64];
    memset(l, 0, sizeof l);
    sqlite3_int64 df[64], min = -1, unwalked = 0;
    int walked[64] = {0}, rc = SQLITE_OK;
    int keyed = t->cache && t->key && t->n_keys == n;
    for (int i = 0; rc == SQLITE_OK && i < n; i++) {
        if (borrow_phrase(t, l, i, n)) { /* no walk: as good as walked */
            walked[i] = 1;
            df[i] = l[i].n;
        } else if (keyed && n > 1 && ak_search_df_get(t->cache, t->ckey[i], t->ckey_len[i], &df[i])) {
            unwalked += df[i];
        } else {
            rc = walk_phrase(api, f, t, l, i, n);
            walked[i] = 1;
            df[i] = l[i].n;
        }
        if (min < 0 || df[i] < min) min = df[i];
    }
    if (rc == SQLITE_OK && n > 1 && min * ROW_RATIO <= unwalked) {
        row_mode_start(api, f, t, df, min, n);
        t->mode = 2;
    } else {
        t->mode = 1;
        for (int i = 0; rc == SQLITE_OK && i < n; i++)
            if (!walked[i]) rc = walk_phrase(api, f, t, l, i, n);
        if (rc == SQLITE_OK) rc = topk_run(api, f, t, l, n);
    }
    for (int i = 0; i < n; i++) plist_free(t, &l[i]);
    return rc;
}

/* Scores the current row as ak_bm25 does (the same operations, so the same double). */
static int row_score(const Fts5ExtensionApi *api, Fts5Context *f, ak_topk *t, int n)
{
    double freq[64] = {0};
    int n_inst = 0, rc = api->xInstCount(f, &n_inst);
    for (int i = 0; rc == SQLITE_OK && i < n_inst; i++) {
        int phrase, col, off;
        rc = api->xInst(f, i, &phrase, &col, &off);
        if (rc == SQLITE_OK) freq[phrase] += col < 2 ? t->w[col] : 1.0;
    }
    sqlite3_int64 id = api->xRowid(f);
    if (rc == SQLITE_OK && t->want_inst) rc = log_row_inst(api, f, t, id, n_inst);
    int len = t->live ? ak_search_doc_length(t->cache, id) : -1;
    if (rc == SQLITE_OK && len < 0) rc = api->xColumnSize(f, -1, &len);
    if (rc != SQLITE_OK) return rc;
    double d = (double)len, score = 0.0;
    for (int i = 0; i < n; i++)
        score += ak_bm25_phrase(t->idf[i], freq[i], d, t->avgdl);
    t->total++;
    heap_push(t, -1.0 * score, id);
    return SQLITE_OK;
}

void ak_topk_finish(ak_topk *t)
{
    if (t->mode != 2) return;
    heap_sort(t);
    if (t->want_inst) keep_logged_inst(t);
}

static void topk_fn(const Fts5ExtensionApi *api, Fts5Context *f, sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    ak_topk *t = argc == 1 ? sqlite3_value_pointer(argv[0], "ak_topk") : NULL;
    if (!t || t->mode == 1) { sqlite3_result_null(ctx); return; } /* ranked at the first row */
    int n = api->xPhraseCount(f), rc = SQLITE_OK;
    for (int i = 0; t->mode == 0 && i < n && i < 64; i++) t->phrase_len[i] = api->xPhraseSize(f, i);
    if (t->mode == 0 && t->key && t->n_keys == n) cache_keys(t, n);
    if (t->mode == 0) rc = n < 1 || n > 64 ? SQLITE_ERROR : topk_first(api, f, t, n);
    if (rc == SQLITE_OK && t->mode == 2) rc = row_score(api, f, t, n);
    t->ok = rc == SQLITE_OK;
    if (rc == SQLITE_OK) sqlite3_result_int(ctx, t->mode);
    else { t->mode = 1; sqlite3_result_error_code(ctx, rc); }
}

int ak_search_register_topk(fts5_api *api)
{
    return api->xCreateFunction(api, "ak_topk", NULL, topk_fn, NULL);
}
