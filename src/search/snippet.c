/* snippet.c: a window of N tokens of the ORIGINAL text around the densest matches, HTML-escaped,
 * matches in <b></b>. Two ways in, one computation: the FTS5 auxiliary function
 * ak_snippet(articles_fts, N) reads a row's matches from the index (xInst), and ak_snippet_make
 * takes them from the caller (ak_topk keeps the page's matches while ranking), so a page's
 * snippets need no FTS5 statement at all. Either way the column is tokenized only up to the
 * window's end, once. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "search/search_internal.h"
#include "util/buf.h"

enum { MAX_INST = 256 };

typedef struct hit { int off, len, ph; } hit; /* token position, phrase length, phrase */

typedef struct walk {
    int pos;            /* position of the current token (colocated ones share it) */
    int first, last;    /* window, inclusive positions */
    const hit *h;
    int nh, next;       /* hits sorted by position; the first not yet reached */
    int cover;          /* last position covered by a hit reached so far */
    int prev_hit;       /* the previous token was highlighted */
    int start, end;     /* window byte span */
    int spans[2 * MAX_INST]; /* byte spans of the highlighted runs */
    int nspan;
    int off;                 /* where in the text the tokenizing began (a mark), added to offsets */
    ak_snippet_marks *marks; /* the text's marks to extend, or NULL */
} walk;

static int cmp_hit(const void *a, const void *b)
{
    const hit *x = a, *y = b;
    return (x->off > y->off) - (x->off < y->off);
}

/* Called for each token of the column: notes the window's byte span and the highlighted runs
 * (adjacent highlighted tokens make one run, so a phrase is one <b>). */
static int on_token(void *ctx, int flags, const char *t, int n, int bs, int be)
{
    walk *w = ctx;
    (void)t;
    (void)n;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    int p = ++w->pos;
    bs += w->off;
    be += w->off;
    ak_snippet_marks *m = w->marks;
    if (m && p % AK_SNIPPET_MARK_STEP == 0 && p / AK_SNIPPET_MARK_STEP - 1 == m->n && m->n < AK_SNIPPET_MARKS) {
        m->m[m->n++] = (uint32_t)bs;
        m->changed = 1;
    }
    if (p > w->last) return SQLITE_DONE; /* past the window: stop tokenizing */
    if (p < w->first) return SQLITE_OK;
    if (w->start < 0) w->start = bs;
    w->end = be;
    for (; w->next < w->nh && w->h[w->next].off <= p; w->next++) {
        int until = w->h[w->next].off + w->h[w->next].len - 1;
        if (until > w->cover) w->cover = until;
    }
    if (p > w->cover) { w->prev_hit = 0; return SQLITE_OK; }
    if (w->prev_hit && w->nspan > 0) {
        w->spans[2 * w->nspan - 1] = be;
    } else if (w->nspan < MAX_INST) {
        w->spans[2 * w->nspan] = bs;
        w->spans[2 * w->nspan + 1] = be;
        w->nspan++;
    }
    w->prev_hit = 1;
    return SQLITE_OK;
}

/* Escapes text for HTML with line breaks and tabs made spaces. */
static void put_text(ak_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        size_t k = i;
        while (k < n && s[k] != '\n' && s[k] != '\r' && s[k] != '\t') k++;
        ak_buf_html_escape(b, s + i, k - i);
        if (k < n) ak_buf_putc(b, ' ');
        i = k + 1;
    }
}

/* The start position of the window of `width` tokens that covers the most distinct phrases
 * (then the most hits), beginning a few tokens before one of the hits. */
static int best_start(const hit *h, int nh, int width)
{
    int best = 0, best_distinct = -1, best_count = -1;
    for (int i = 0; i < nh; i++) {
        int s = h[i].off > 3 ? h[i].off - 3 : 0;
        unsigned long long seen = 0;
        int distinct = 0, count = 0;
        for (int j = i; j < nh && h[j].off + h[j].len <= s + width; j++) {
            unsigned long long bit = 1ULL << (h[j].ph & 63);
            if (!(seen & bit)) { seen |= bit; distinct++; }
            count++;
        }
        if (distinct > best_distinct || (distinct == best_distinct && count > best_count)) {
            best = s;
            best_distinct = distinct;
            best_count = count;
        }
    }
    return best;
}

/* How the column's words are walked: FTS5's xTokenize, or the analyzer itself (the same calls:
 * FTS5 hands an auxiliary function's tokenizing to the tokenizer "akhbar" with AK_SA_OFFSETS). */
typedef int (*tokenize_fn)(void *src, const char *text, int len, walk *w);

/* Walks the column's tokens for the window of `width` tokens from position `first` (from the last
 * mark at or before it, when the text has marks) into w. Returns the tokenizer's code: SQLITE_DONE
 * when it stopped past the window, SQLITE_OK when it reached the end of the text. */
static int walk_window(walk *w, int first, int width, const hit *h, int nh, const char *text, int len,
                       tokenize_fn tok, void *src, ak_snippet_marks *marks)
{
    memset(w, 0, sizeof *w);
    w->pos = -1;
    w->first = first;
    w->last = first + width - 1;
    w->h = h;
    w->nh = nh;
    w->start = -1;
    w->cover = -1;
    w->marks = marks;
    int k = marks ? first / AK_SNIPPET_MARK_STEP : 0; /* the last mark at or before the window */
    if (marks && k > marks->n) k = marks->n;
    if (k > 0 && marks->m[k - 1] < (uint32_t)len) {
        w->off = (int)marks->m[k - 1];
        w->pos = k * AK_SNIPPET_MARK_STEP - 1;
    }
    return tok(src, text + w->off, len - w->off, w);
}

/* Appends the snippet of text (len bytes, n_tok tokens or -1 if unknown) for the hits of its column
 * (in xInst order, at most MAX_INST) to b. Returns SQLITE_OK or the tokenizer's error. */
static int make(hit *h, int nh, int n_tok, const char *text, int len, int width, tokenize_fn tok, void *src,
                ak_snippet_marks *marks, ak_buf *b)
{
    if (width < 4) width = 4;
    if (width > 200) width = 200;
    qsort(h, (size_t)nh, sizeof *h, cmp_hit);
    int first = best_start(h, nh, width);
    /* Near the end, the window takes tokens from before the matches rather than run short. */
    if (n_tok >= 0 && first + width > n_tok) first = n_tok > width ? n_tok - width : 0;
    walk w;
    int rc = walk_window(&w, first, width, h, nh, text, len, tok, src, marks);
    /* The length unknown: a window that ran off the end is walked again from where the known
     * length would have put it (the walk has just counted the tokens), so the snippet is the
     * same either way and the length is not read for the windows that fit. */
    if (n_tok < 0 && rc == SQLITE_OK && first > 0 && w.pos < w.last) {
        int n = w.pos + 1;
        rc = walk_window(&w, n > width ? n - width : 0, width, h, nh, text, len, tok, src, marks);
    }
    if (rc != SQLITE_OK && rc != SQLITE_DONE) return rc;
    if (w.start < 0) { w.start = 0; w.end = 0; }
    if (w.start > 0) ak_buf_puts(b, "…");
    int at = w.start;
    for (int i = 0; i < w.nspan; i++) {
        int s = w.spans[2 * i], e = w.spans[2 * i + 1];
        if (s < at) continue;
        put_text(b, text + at, (size_t)(s - at));
        ak_buf_puts(b, "<b>");
        put_text(b, text + s, (size_t)(e - s));
        ak_buf_puts(b, "</b>");
        at = e;
    }
    put_text(b, text + at, (size_t)(w.end - at));
    if (rc == SQLITE_DONE || w.end < len) {
        /* more tokens follow when the walk stopped early or text remains after the last one */
        int more = rc == SQLITE_DONE;
        for (int i = w.end; !more && i < len; i++) more = (unsigned char)text[i] > ' ';
        if (more) ak_buf_puts(b, "…");
    }
    return SQLITE_OK;
}

/* ---- the FTS5 auxiliary function ---- */

typedef struct fts_src { const Fts5ExtensionApi *api; Fts5Context *fts; } fts_src;

static int fts_tokenize(void *src, const char *text, int len, walk *w)
{
    fts_src *f = src;
    return f->api->xTokenize(f->fts, text, len, w, on_token);
}

static void ak_snippet(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx, int argc,
                       sqlite3_value **argv)
{
    int width = argc > 0 ? sqlite3_value_int(argv[0]) : 24;
    int n_inst = 0;
    if (api->xInstCount(fts, &n_inst) != SQLITE_OK) { sqlite3_result_error(ctx, "ak_snippet: no matches", -1); return; }
    /* The body when it matches, else the title. */
    int col = 0, in_body = 0;
    for (int i = 0; i < n_inst; i++) {
        int ph, c, off;
        if (api->xInst(fts, i, &ph, &c, &off) == SQLITE_OK && c == 1) { in_body = 1; break; }
    }
    col = in_body || n_inst == 0 ? 1 : 0;
    hit h[MAX_INST];
    int nh = 0;
    for (int i = 0; i < n_inst && nh < MAX_INST; i++) {
        int ph, c, off;
        if (api->xInst(fts, i, &ph, &c, &off) != SQLITE_OK || c != col) continue;
        h[nh].off = off;
        h[nh].len = api->xPhraseSize(fts, ph);
        if (h[nh].len < 1) h[nh].len = 1;
        h[nh++].ph = ph;
    }
    int n_tok = 0;
    if (api->xColumnSize(fts, col, &n_tok) != SQLITE_OK) n_tok = -1;
    const char *text = NULL;
    int len = 0;
    if (api->xColumnText(fts, col, &text, &len) != SQLITE_OK || !text) { sqlite3_result_text(ctx, "", 0, SQLITE_STATIC); return; }
    ak_buf b = AK_BUF_INIT;
    fts_src src = {api, fts};
    int rc = make(h, nh, n_tok, text, len, width, fts_tokenize, &src, NULL, &b);
    if (rc != SQLITE_OK) { ak_buf_free(&b); sqlite3_result_error_code(ctx, rc); return; }
    ak_buf_cstr(&b);
    if (b.failed) { ak_buf_free(&b); sqlite3_result_error_nomem(ctx); return; }
    size_t n = 0;
    char *out = ak_buf_detach(&b, &n);
    sqlite3_result_text(ctx, out, (int)n, free);
}

/* ---- the same without FTS5 ---- */

static int pass_token(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    return on_token(ctx, colocated ? FTS5_TOKEN_COLOCATED : 0, t, (int)n, (int)bs, (int)be);
}

static int own_tokenize(void *src, const char *text, int len, walk *w)
{
    (void)src;
    return ak_search_analyze(text, len > 0 ? (size_t)len : 0, AK_SA_DEFAULT | AK_SA_OFFSETS, pass_token, w);
}

int ak_snippet_make(const ak_search_inst *inst, int n_inst, const int *phrase_len, const int col_size[2],
                    const char *const col_text[2], const int col_len[2], int width, ak_snippet_marks *marks,
                    ak_buf *b)
{
    int col = 0;
    for (int i = 0; i < n_inst && !col; i++) col = inst[i].col == 1;
    col = col || n_inst == 0 ? 1 : 0;
    hit h[MAX_INST];
    int nh = 0;
    for (int i = 0; i < n_inst && nh < MAX_INST; i++) {
        if (inst[i].col != col) continue;
        h[nh].off = inst[i].off;
        h[nh].len = phrase_len[inst[i].ph] < 1 ? 1 : phrase_len[inst[i].ph];
        h[nh++].ph = inst[i].ph;
    }
    if (!col_text[col]) return SQLITE_OK; /* as xColumnText of NULL: an empty snippet */
    return make(h, nh, col_size[col], col_text[col], col_len[col], width, own_tokenize, NULL, col == 1 ? marks : NULL, b);
}

int ak_search_register_snippet(fts5_api *api)
{
    return api->xCreateFunction(api, "ak_snippet", NULL, ak_snippet, NULL);
}

/* ---- the marks of a text, computed once when it is stored ---- */

int ak_snippet_marks_of(const char *text, int len, ak_snippet_marks *out)
{
    /* A window at the last position a mark can note: the walk notes every mark on its way there. */
    int at = AK_SNIPPET_MARKS * AK_SNIPPET_MARK_STEP;
    out->n = out->changed = 0;
    walk w;
    int rc = walk_window(&w, at, 1, NULL, 0, text, len, own_tokenize, NULL, out);
    return rc == SQLITE_OK || rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* ak_marks(text): the blob of the text's marks, 4 bytes each, little-endian (NULL for NULL). */
static void sql_marks(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const char *text = (const char *)sqlite3_value_text(argv[0]);
    if (!text) { sqlite3_result_null(ctx); return; }
    ak_snippet_marks m;
    ak_pretok_slot *slot = sqlite3_user_data(ctx);
    int n = sqlite3_value_bytes(argv[0]);
    if (slot && slot->active && ak_pretok_marks(slot->active, text, (size_t)n, &m)) {
        /* analyzed ahead (pretok.c) */
    } else if (ak_snippet_marks_of(text, n, &m) != SQLITE_OK) {
        sqlite3_result_error(ctx, "ak_marks: the text does not tokenize", -1);
        return;
    }
    unsigned char b[4 * AK_SNIPPET_MARKS];
    for (int i = 0; i < m.n; i++)
        for (int k = 0; k < 4; k++) b[4 * i + k] = (unsigned char)(m.m[i] >> (8 * k));
    sqlite3_result_blob(ctx, b, 4 * m.n, SQLITE_TRANSIENT);
}

int ak_snippet_marks_read(const void *blob, int bytes, ak_snippet_marks *out)
{
    const unsigned char *b = blob;
    out->n = out->changed = 0;
    if (!b || bytes < 0 || bytes % 4) return 0;
    for (int i = 0; i < bytes / 4 && i < AK_SNIPPET_MARKS; i++)
        out->m[out->n++] = (uint32_t)b[4 * i] | (uint32_t)b[4 * i + 1] << 8 | (uint32_t)b[4 * i + 2] << 16 |
                           (uint32_t)b[4 * i + 3] << 24;
    return out->n;
}

int ak_search_register_marks(sqlite3 *h, ak_pretok_slot *slot)
{
    return sqlite3_create_function(h, "ak_marks", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, slot,
                                   sql_marks, NULL, NULL);
}
