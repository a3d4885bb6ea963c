/* search_internal.h: what the search files share and the tests, fuzz target and bench may reach:
 * the term analyzer behind the FTS5 tokenizer "akhbar" and the safe query translator. */
#ifndef AK_SEARCH_INTERNAL_H
#define AK_SEARCH_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

/* Analyzer options (bits): what a token becomes in the index. */
enum {
    AK_SA_STEM = 1 << 0,     /* Light10 stem of the normalized word (else the normalized word) */
    AK_SA_VARIANTS = 1 << 1, /* documents only: also the stem without a one-letter proclitic ب ل ك ف */
    AK_SA_QUERY = 1 << 2,    /* query text: never emit variants */
    AK_SA_OFFSETS = 1 << 3,  /* only positions and offsets matter (snippets): the normalized word
                              * (or the word as written when it surely normalizes to something), no
                              * stem, no variant; the same positions (a stem is never empty) */
    AK_SA_DEFAULT = AK_SA_STEM | AK_SA_VARIANTS
};

/* Longest term kept, in bytes of the original word; longer words are cut at a code point. */
#define AK_SEARCH_MAX_WORD 96
/* Limits of a query. */
#define AK_SEARCH_MAX_QUERY 2048
#define AK_SEARCH_MAX_TERMS 32

/* Receives one term: colocated is 1 for a variant at the same position as the term before;
 * bs/be are byte offsets of the word in the ORIGINAL text. Non-zero stops the walk. */
typedef int (*ak_search_term_fn)(void *ctx, int colocated, const char *term, size_t n, size_t bs,
                                 size_t be);

/* Splits text into words (ak_token_next), normalizes, stems and calls fn for each term.
 * Invalid UTF-8 bytes are skipped (the stored text is valid; the fuzz target is not).
 * Returns 0 or fn's value. No allocation. */
int ak_search_analyze(const char *text, size_t len, unsigned opts, ak_search_term_fn fn, void *ctx);

/* Translates a user query (words, "phrases", prefix*) into an FTS5 expression in which every
 * term is a quoted string, so no input is FTS5 syntax. *out is allocated (free()). Returns AK_OK
 * or AK_EINVAL (invalid UTF-8, too long, nothing searchable) with a message, or AK_ENOMEM. */
int ak_search_match_expr(const char *q, char **out);

/* Registers the FTS5 auxiliary function ak_snippet(table, N) (snippet.c). Returns an SQLite code.
 * Only files that include <sqlite3.h> see it. */
#ifdef SQLITE_OK
int ak_search_register_snippet(fts5_api *api);

/* One match of a phrase in a row, as FTS5's xInst gives it; a row's matches in xInst's order are
 * sorted by (col, off, ph). */
typedef struct ak_search_inst { int ph, col, off; } ak_search_inst;
/* Tokens a snippet shows (ak_snippet(articles_fts, 24) in the SQL, ak_snippet_make). */
#define AK_SNIPPET_WIDTH 24
/* The snippet ak_snippet(articles_fts, width) gives a row, made without FTS5 from the row's matches
 * (n_inst of them, xInst order), each phrase's size in tokens, and the title's and text's token
 * counts (the _docsize blob; -1 unknown) and texts (NULL: an empty snippet). Appends to b; returns
 * SQLITE_OK or an SQLite error code. Tested to give the same bytes as ak_snippet. */
struct ak_buf;
/* Marks of a text (a row's body) for its next snippets: m[i] the byte offset where the token of position
 * (i + 1) * AK_SNIPPET_MARK_STEP starts. A snippet starts tokenizing at the last mark before its
 * window instead of the text's start (the tokenizer starts afresh at a token as it goes on from the
 * one before), and notes the marks it passes that were not known (changed set: ak_snippet_marks_of). */
#define AK_SNIPPET_MARK_STEP 32
#define AK_SNIPPET_MARKS 64
typedef struct ak_snippet_marks { uint32_t m[AK_SNIPPET_MARKS]; int n, changed; } ak_snippet_marks;
/* marks: the body's, or NULL; col_size: each column's tokens, -1 when unknown (counted if needed). */
int ak_snippet_make(const ak_search_inst *inst, int n_inst, const int *phrase_len, const int col_size[2],
                    const char *const col_text[2], const int col_len[2], int width, ak_snippet_marks *marks,
                    struct ak_buf *b);
/* The marks of a body as a snippet walk would note them (up to AK_SNIPPET_MARKS): computed once
 * when an article is stored (the SQL function ak_marks(text), kept in search_marks by migration 8's
 * triggers), so that a page's snippets tokenize from near their windows, not from the start.
 * SQLITE_OK or the tokenizer's code. */
int ak_snippet_marks_of(const char *text, int len, ak_snippet_marks *out);
/* Reads ak_marks's blob into out; the number of marks (0 for NULL or a blob of another shape). */
int ak_snippet_marks_read(const void *blob, int bytes, ak_snippet_marks *out);
/* Texts analyzed ahead of their insert on a worker thread (pretok.c), for ingestion: each text
 * queued is analyzed (AK_SA_DEFAULT terms, and a body's snippet marks) while the caller goes on;
 * while a slot's `active` points at it, the connection's tokenizer and ak_marks replay the terms
 * and marks of a queued text of the same bytes instead of analyzing it. */
typedef struct ak_pretok ak_pretok;
typedef struct ak_pretok_slot { ak_pretok *active; } ak_pretok_slot;
/* A worker for up to max_texts texts between resets. AK_OK or AK_ENOMEM. */
int ak_pretok_start(ak_pretok **out, size_t max_texts);
void ak_pretok_stop(ak_pretok *p);
/* Queues text (kept by the caller until the next reset); 0 when it is left to the tokenizer (too
 * long, or the queue full). body: also its snippet marks. */
int ak_pretok_add(ak_pretok *p, const char *text, size_t n, int body);
/* Waits until every queued text is analyzed. */
void ak_pretok_wait(ak_pretok *p);
/* Waits, then forgets the queued texts. */
void ak_pretok_reset(ak_pretok *p);
/* After a wait: 1 when a queued text has these bytes, its terms given to fn (its value in *rc). */
int ak_pretok_replay(ak_pretok *p, const char *text, size_t n, ak_search_term_fn fn, void *ctx, int *rc);
/* Texts replayed so far in the process (the tests count them). */
extern size_t ak_pretok_replays;
/* After a wait: 1 when a queued body has these bytes, its marks in *out. */
int ak_pretok_marks(ak_pretok *p, const char *text, size_t n, ak_snippet_marks *out);
/* ak_search_register with the slot the tokenizer and ak_marks look at (NULL: none); the slot must
 * outlive the connection. AK_OK or AK_EDB. */
int ak_search_register_slot(sqlite3 *h, ak_pretok_slot *slot);
/* Registers ak_marks(text) on the connection (slot as above). SQLite code. */
int ak_search_register_marks(sqlite3 *h, ak_pretok_slot *slot);
/* 0 makes ak_search's unfiltered pages take their snippets from FTS5 statements as before (the tests
 * compare both); 1 (the default) from ak_snippet_make with the matches ak_topk kept. */
extern int ak_search_fast_snippets;
/* 0: every snippet tokenizes its text from the start (the stored marks unused; the tests compare). */
extern int ak_search_snippet_marks;
/* Snippets that began at a stored mark of their text (so far in the process). */
extern size_t ak_search_marks_used;

/* A page of results as ak_search hands them out, kept by the cache (cache.c): the strings of the
 * hits are offsets into text (AK_SEARCH_NULL for NULL). */
#define AK_SEARCH_NULL ((size_t)-1)
typedef struct ak_search_page_hit { size_t id, title, source, published, snippet; double score; } ak_search_page_hit;
typedef struct ak_search_page {
    size_t n, total;
    ak_search_page_hit *hits;
    char *text;
    size_t text_len;
} ak_search_page;
/* The database state a lookup saw; a page found under one state is stored only under the same.
 * version and changes are the connection's (data_version, total_changes: pages, lengths, counts);
 * gen is the index generation (the search_stamp row, -1 when absent), the same on every
 * connection to the file, read in the search's snapshot: it stamps the shared match lists. */
typedef struct ak_search_state { sqlite3_int64 version, changes, gen; } ak_search_state;
typedef struct ak_search_cache ak_search_cache;

#define AK_SEARCH_HAS_CACHE 1
/* ak_search's statements kept prepared per connection: preparing an FTS5 query costs about as
 * much as answering a rare one. Take gives the connection's array (slots NULL until prepared, with
 * SQLITE_PREPARE_PERSISTENT), or NULL when the connection has no cache or another search on it
 * holds them (then prepare and finalize your own); give resets them and hands them back. */
enum { AK_SEARCH_STMTS = 7, AK_SEARCH_STMT_DOCLIST = 4 /* 4 to 6: doclist.c's */ };
sqlite3_stmt **ak_search_stmts_take(sqlite3 *h);
/* BEGIN (0), COMMIT (1) or ROLLBACK (2) through statements kept prepared on the connection (a
 * search runs two; parsing them each time was 2% of a served search). SQLite code. */
enum { AK_SEARCH_BEGIN, AK_SEARCH_COMMIT, AK_SEARCH_ROLLBACK };
int ak_search_txn(sqlite3 *h, int which);
void ak_search_stmts_give(sqlite3 *h, sqlite3_stmt **st);
/* Matches from which ranking reads document lengths from memory (2,000; the tests lower it). */
extern size_t ak_search_lengths_min;
/* 0 turns the page cache off (the benchmark's uncached figures); set before any search runs. */
extern int ak_search_cache_pages;
/* 0 ranks every query through SQL (ak_bm25 per match) instead of ak_topk (the tests compare them). */
#define AK_SEARCH_HAS_TOPK 1
extern int ak_search_topk;
void ak_search_page_free(ak_search_page *p);
/* A deep copy, or NULL when out of memory. */
ak_search_page *ak_search_page_copy(const ak_search_page *p);
/* Gives the connection a cache of recent pages (dropped when the connection closes). SQLite code. */
int ak_search_cache_attach(sqlite3 *h, ak_search_cache **out);
/* The connection's cache (then *state is set, and *copy is a copy of the page under key, or NULL),
 * or NULL when it has none. The caller holds a read transaction: what it sees must be committed. */
ak_search_cache *ak_search_cache_lookup(sqlite3 *h, const char *key, ak_search_page **copy, ak_search_state *state);
/* Keeps page under key (takes it) if the database is still in *state; else frees it. */
void ak_search_cache_store(sqlite3 *h, const char *key, ak_search_page *page, const ak_search_state *state);
/* Document lengths in memory for ak_bm25, loaded from articles_fts_docsize once per database state.
 * Between begin (1: in use) and end, ak_bm25 reads them; the caller holds one read transaction
 * across the lookup, the load and the ranking, so they are of the snapshot it ranks. */
int ak_search_lengths_begin(ak_search_cache *c, sqlite3 *h);
void ak_search_lengths_end(ak_search_cache *c);
/* Lengths are shared by the connections to a file at one index generation (state->gen): loaded
 * by the first search that needs them. Loads so far, in the process (the tests count them). */
extern size_t ak_search_lengths_loads;
/* 1 when the lengths of the current database state are in memory (begin would not load them). */
int ak_search_lengths_ready(ak_search_cache *c);
/* A row's length from its articles_fts_docsize blob (the sum of its columns), -1 if unreadable. */
int ak_search_docsize_len(const unsigned char *p, int n);
/* A row's length in tokens, or -1 when not known (no cache, not in use, not covered). */
int ak_search_doc_length(void *cache, sqlite3_int64 rowid);
/* The lengths by rowid (*n of them, -1 unknown) while in use (between begin and end), else NULL. */
const int *ak_search_lengths_array(ak_search_cache *c, sqlite3_int64 *n);
/* Registers the SQL function ak_page_has(set, rowid) ak_search's snippet pass uses. SQLite code. */
int ak_search_register_page_fn(sqlite3 *h);
/* The k best matches of a query by ak_bm25's score, filled by the FTS5 auxiliary function
 * ak_topk(articles_fts, ptr) (rank.c) bound as a pointer of type "ak_topk". */
/* Documents matching a phrase (key: its text in the FTS5 expression) at the index generation of
 * the connection's search (shared by the connections to the file): get returns 1 and sets *df when
 * known; put keeps one counted under state->gen. */
int ak_search_df_get(ak_search_cache *c, const char *key, size_t n, sqlite3_int64 *df);
void ak_search_df_put(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n, sqlite3_int64 df);

/* A phrase's matches as ak_topk walks them (rank.c): per row its rowid, its matches weighted by
 * column, and where its positions start in the list's position array (when kept). */
typedef struct ak_search_posting { sqlite3_int64 rowid; double freq; uint32_t at, npos; } ak_search_posting;
/* A kept position in 4 bytes (a cached list holds every position of its phrase): the column (0
 * title, 1 text) in the top bit, the token offset in the others. */
typedef uint32_t ak_search_position;
#define AK_SEARCH_POS(col, off) ((uint32_t)(col) << 31 | (uint32_t)(off))
#define AK_SEARCH_POS_COL(p) ((int)((p) >> 31))
#define AK_SEARCH_POS_OFF(p) ((int)((p) & 0x7FFFFFFFu))
/* The list cache (cache.c): decoded match lists of the phrases walked lately, so a distinct query
 * sharing a common word with earlier ones reads its list instead of walking the doclist again.
 * One per database file, shared by the process's connections to it, holding the lists of one index
 * generation (state->gen; emptied when a search sees a newer one), bounded by
 * ak_search_list_cache_max bytes (the least asked dropped first); only lists of ak_search_list_min
 * rows or more are kept. An entry is read-only once in the cache and counted while a search holds it. */
#define AK_SEARCH_LIST_MIN 256
extern size_t ak_search_list_min;
/* Lookups a phrase's list must have missed (this one included) before it is kept (2; 0 keeps all). */
extern int ak_search_list_admit;
extern size_t ak_search_list_cache_max; /* bytes, per database file (32 MB; 0: off) */
typedef struct ak_search_list {
    const ak_search_posting *v;
    sqlite3_int64 n;
    const ak_search_position *pos; /* every position (pos_state 1), else NULL */
    uint32_t npos;
    /* 0 positions not gathered, 1 all kept, 2 gathered but past the cap (none kept), 3 as read from
     * the index (raw: each posting's at and npos are the byte offset and size of its position list) */
    int pos_state;
    const unsigned char *raw;
} ak_search_list;
/* The list of the phrase key (weights w) under state with positions when need_pos; NULL when not
 * cached. A list got is held until ak_search_list_release. */
const ak_search_list *ak_search_list_get(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], int need_pos);
void ak_search_list_release(ak_search_cache *c, const ak_search_list *l);
/* ak_search_list_put for a list read without decoding (pos_state 3): the cache then owns raw
 * (raw_bytes, malloc'd) too. */
const ak_search_list *ak_search_list_put_raw(ak_search_cache *c, const ak_search_state *state, const char *key,
                                             size_t n, const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                             unsigned char *raw, size_t raw_bytes);
/* 1 when ak_search_list_put would now consider keeping a list of rows rows under key (asked for
 * often enough, of the group's generation): only then is a list read without its positions decoded. */
int ak_search_list_wanted(ak_search_cache *c, const ak_search_state *state, const char *key, size_t n,
                          sqlite3_int64 rows);
/* Offers a walked list to the cache: on success the cache owns v (sqlite3_malloc'd) and pos (malloc'd)
 * and returns the list, held (release it); NULL when not kept (the caller still owns both). */
const ak_search_list *ak_search_list_put(ak_search_cache *c, const ak_search_state *state, const char *key,
                                         size_t n, const double w[2], ak_search_posting *v, sqlite3_int64 rows,
                                         ak_search_position *pos, uint32_t npos, int pos_state);
/* Bytes the list cache shared by connection h holds now; *hits and *misses count h's own lookups. */
size_t ak_search_list_cache_stats(sqlite3 *h, size_t *hits, size_t *misses);

typedef struct ak_doclist ak_doclist; /* doclist.c */
typedef struct ak_topk {
    size_t k, n;           /* wanted, kept */
    const char *const *key; /* each phrase's text in the expression, or NULL */
    const size_t *key_len;
    int n_keys;
    /* each phrase's key in the df and list caches (rank.c: a one-word phrase's is its term) */
    const char *ckey[AK_SEARCH_MAX_TERMS];
    size_t ckey_len[AK_SEARCH_MAX_TERMS];
    char ckey_buf[AK_SEARCH_MAX_TERMS][AK_SEARCH_MAX_WORD * 4 + 1];
    const ak_search_state *state; /* the cache state of this search (for ak_search_df_put) */
    int mode;              /* 0 before the first call, 1 ranked (done), 2 one row per call */
    /* row mode: the statistics of the first call, the lengths' source */
    double idf[64], avgdl;
    int live;
    double w[2];           /* column weights: title, text */
    sqlite3_int64 *rowid;  /* k slots each; after the call: best first */
    double *r;             /* ak_bm25's value (minus the score): lower is better */
    sqlite3_int64 total;   /* rows matching the whole query */
    sqlite3 *h;            /* the connection, for the lengths */
    ak_search_cache *cache; /* the connection's cache (lengths in memory), or NULL */
    int began;             /* ak_topk began using the cache's lengths: the caller ends */
    int ok;
    /* The page's matches, for snippets without an FTS5 statement (want_inst set by the caller):
     * after a successful ranking with inst_ok set, kept row j >= inst_from (best first) has its
     * matches in xInst order at inst[inst_at[j - inst_from]] to inst[inst_at[j - inst_from + 1]].
     * The caller frees inst, inst_at and log (free()). */
    int want_inst, inst_ok;
    size_t inst_from;
    int phrase_len[64];    /* each phrase's size in tokens (xPhraseSize) */
    ak_search_inst *inst;
    size_t *inst_at, n_inst, cap_inst;
    /* row mode: every scored row's matches, found again by rowid once the best are known */
    struct ak_topk_row { sqlite3_int64 rowid; size_t at, n; } *log;
    size_t n_log, cap_log;
    /* Direct reading of one-word phrases (doclist.c): the connection's kept statements (NULL: none;
     * their reader: ak_search_stmts_doclist), 0 not tried / 1 begun (the caller ends it) / -1 not usable. */
    sqlite3_stmt **kept;
    int dl_state;
} ak_topk;
/* doclist.c: a one-word phrase's matches read from the index tables in the caller's snapshot (the
 * rows, in rowid order, and each row's positions as xPhraseFirst/xPhraseNext give them), without
 * FTS5's per-row machinery. AK_DOCLIST_FALLBACK: not read here (the caller walks with FTS5; a row
 * callback may already have run: the caller starts again). */
#define AK_DOCLIST_FALLBACK (-1)
/* Called once before the rows: at most rows rows and pos positions will come. */
typedef int (*ak_doclist_size_fn)(void *ctx, size_t rows, size_t pos);
/* Called for each row with its position list as stored (n bytes: ak_doclist_positions reads it). */
typedef int (*ak_doclist_row_fn)(void *ctx, sqlite3_int64 rowid, const unsigned char *list, uint32_t n);
/* A row where it is in the reader's buffer (ak_doclist_data): its position list is size bytes at off;
 * size 0: a deleted row, no row at all. */
typedef struct ak_doclist_row { sqlite3_int64 rowid; uint32_t off, size; } ak_doclist_row;
/* Called with a run of n rows in rowid order instead of row for each (rows of size 0 are skipped by it). */
typedef int (*ak_doclist_run_fn)(void *ctx, const ak_doclist_row *rows, size_t n);
/* Reads the index's structure in the caller's snapshot, with the statements
 * kept[AK_SEARCH_STMT_DOCLIST..+3) (prepared here when NULL) and the reader *slot (made when NULL,
 * kept with the connection's statements: ak_search_stmts_doclist). SQLITE_OK, AK_DOCLIST_FALLBACK
 * (not the table or format expected) or an SQLite code. */
int ak_doclist_begin(ak_doclist **slot, sqlite3 *h, sqlite3_stmt **kept);
/* Hands term's rows (the term as the tokenizer gives it, n bytes) to size, then row, rowid ascending. */
int ak_doclist_walk(ak_doclist *d, const char *term, size_t n, ak_doclist_size_fn size, ak_doclist_row_fn row, void *ctx);
/* The same with runs of rows handed to run (a row in several segments still goes to row). */
int ak_doclist_walk_runs(ak_doclist *d, const char *term, size_t n, ak_doclist_size_fn size, ak_doclist_row_fn row,
                         ak_doclist_run_fn run, void *ctx);
/* A row's positions (xPhraseFirst/xPhraseNext's order) into out (n slots are enough; NULL: only
 * counted) and their frequency weighted by column (*freq, summed in that order); their number, or -1
 * when the list does not parse. */
int ak_doclist_positions(const unsigned char *list, uint32_t n, const double w[2], ak_search_position *out, double *freq);
/* A row's weighted frequency without decoding its positions, for whole-number column weights (int_w):
 * a position list is the title's offsets (varints), then for body matches the marker 1, the column
 * 1 and the body's offsets; each varint ends at a byte below 0x80, so counting those bytes counts
 * the body's matches. Whole weights make every partial sum of ak_doclist_positions an integer, so
 * n0 * w0 + n1 * w1 is the same double (the caller checks the weights). -1 where the careful reading must decide (a byte below 2
 * where an offset starts: another column or a bad list; a cut varint). */
static inline int ak_doclist_count_freq(const unsigned char *p, uint32_t n, const double w[2], double *freq)
{
    const unsigned char *e = p + n;
    uint32_t n0 = 0, n1 = 0, low = 0;
    while (p < e && *p != 1) { /* the title's offsets */
        if (*p == 0) return -1;
        while (p < e && *p >= 0x80) p++;
        if (p == e) return -1;
        p++;
        n0++;
    }
    if (p < e) {
        if (e - p < 3 || p[1] != 1 || e[-1] >= 0x80) return -1; /* the marker, column 1, an offset */
        for (p += 2; p < e; p++) {
            n1 += *p < 0x80;
            low |= *p < 2;
        }
        if (low) return -1; /* maybe a varint starting with 0 or 1 */
    }
    *freq = (double)n0 * w[0] + (double)n1 * w[1];
    return 0;
}

/* The buffer the last walk's row callbacks pointed into (a row's list is at an offset from it). */
const unsigned char *ak_doclist_data(const ak_doclist *d);
/* Detaches that buffer (the caller owns it: free(), or ak_doclist_give), its capacity and the bytes
 * used; the next
 * walk makes another. */
unsigned char *ak_doclist_take(ak_doclist *d, size_t *cap, size_t *len);
/* Gives a taken buffer back for the next walks (the larger of it and the one held is kept). */
void ak_doclist_give(ak_doclist *d, unsigned char *buf, size_t cap);
/* After a search: the statements reset, large buffers given back. */
void ak_doclist_end(ak_doclist *d);
void ak_doclist_free(ak_doclist *d);
/* The reader slot of the connection whose kept statements are kept (ak_search_stmts_take). */
ak_doclist **ak_search_stmts_doclist(sqlite3_stmt **kept);
/* 0 turns the direct reading off (the tests and the benchmark compare both). */
extern int ak_search_doclist;
/* Phrases read directly, and tried but left to FTS5, so far in the process. */
extern size_t ak_search_doclist_reads, ak_search_doclist_fallbacks;
/* Rows found in more than one segment, the newest one's kept (replaced) or skipped (deleted). */
extern size_t ak_search_doclist_replaced, ak_search_doclist_deleted;
int ak_search_register_topk(fts5_api *api);
/* After the last row of a statement in row mode: the kept rows sorted best first. */
void ak_topk_finish(ak_topk *t);
/* Registers the FTS5 auxiliary function ak_bm25 (rank.c) reading lengths from c. SQLite code. */
int ak_search_register_rank(fts5_api *api, ak_search_cache *c);
#endif

/* Finalizes the statements ak_search keeps on a connection; ak_db_close calls it before closing
 * (a connection with statements left cannot close). */
void ak_search_release(void *sqlite3_handle);
/* fts.c: the index's merge work after an ingestion of `added` articles (errors only leave it unmerged). */
void ak_search_merge(void *sqlite3_handle, size_t added);

/* BM25 of one phrase (k1 1.2, b 0.75): FTS5's expression, one place for every ranking path (the same doubles). */
static inline double ak_bm25_phrase(double idf, double freq, double d, double avgdl)
{
    const double k1 = 1.2, b = 0.75;
    return idf * ((freq * (k1 + 1.0)) / (freq + k1 * (1 - b + b * d / avgdl)));
}

#endif
