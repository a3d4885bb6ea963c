/* search_internal.h: what the search files share and the tests, fuzz target and bench may reach:
 * the term analyzer behind the FTS5 tokenizer "akhbar" and the safe query translator. */
#ifndef AK_SEARCH_INTERNAL_H
#define AK_SEARCH_INTERNAL_H
#include <stddef.h>

/* Analyzer options (bits): what a token becomes in the index. */
enum {
    AK_SA_STEM = 1 << 0,     /* Light10 stem of the normalized word (else the normalized word) */
    AK_SA_VARIANTS = 1 << 1, /* documents only: also the stem without a one-letter proclitic ب ل ك ف */
    AK_SA_QUERY = 1 << 2,    /* query text: never emit variants */
    AK_SA_DEFAULT = AK_SA_STEM | AK_SA_VARIANTS
};

/* Longest term kept, in bytes of the original word; longer words are cut at a code point. */
#define AK_SEARCH_MAX_WORD 96

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
#endif

/* Limits of a query. */
#define AK_SEARCH_MAX_QUERY 2048
#define AK_SEARCH_MAX_TERMS 32

#endif
