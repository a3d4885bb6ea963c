/* search_pg.h: full-text search on a PostgreSQL store: the same terms as SQLite's FTS5 index
 * (ak_search_analyze), kept in plain tables (PostgreSQL migration 4), and the same answers:
 * matches, BM25 scores to the last bit, order, totals and snippets. Internal to the library. */
#ifndef AK_SEARCH_PG_H
#define AK_SEARCH_PG_H
#include <stdint.h>
#include <stdlib.h>

#include "akhbar.h"
#include "util/buf.h"
#include "store/sql.h" /* first: <sqlite3.h> opens search_internal.h's shared part */
#include "search/search_internal.h"

/* The index's blocks: a row holds a term's postings for 1,024 consecutive article numbers. */
#define AK_PG_BLOCK_SHIFT 10
#define AK_PG_BLOCK_MASK ((1LL << AK_PG_BLOCK_SHIFT) - 1)

/* Room for need items of each bytes in *p (capacity *cap, doubled from 64): 1, or 0 out of memory. */
static inline int ak_pg_grow(void **p, size_t *cap, size_t need, size_t each)
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

/* A block's numbers as varints: 7 bits a byte, low bits first, the top bit set on all but the last. */
static inline void ak_pg_varint_put(ak_buf *b, uint64_t v)
{
    unsigned char t[10];
    int n = 0;
    do {
        t[n] = (unsigned char)(v & 0x7F);
        v >>= 7;
        if (v) t[n] |= 0x80;
        n++;
    } while (v);
    ak_buf_append(b, t, (size_t)n);
}
/* Reads one at p[*i] (of n bytes), moving *i past it; 0 when cut short or too long. */
static inline int ak_pg_varint_get(const unsigned char *p, size_t n, size_t *i, uint64_t *v)
{
    uint64_t x = 0;
    for (int shift = 0; *i < n && shift < 64; shift += 7) {
        unsigned char c = p[(*i)++];
        x |= (uint64_t)(c & 0x7F) << shift;
        if (!(c & 0x80)) { *v = x; return 1; }
    }
    return 0;
}

/* Indexes what the queue holds (articles written, changed or deleted since the last catch-up),
 * inside the caller's write transaction. AK_OK or AK_EDB / AK_ENOMEM with a message. */
int ak_search_pg_catch_up(ak_sql *c);

/* Catches up in a write transaction of its own when the queue holds anything (a search then sees
 * what any writer stored). AK_OK or an error with a message. */
int ak_search_pg_sync(ak_sql *c);

/* Answers q on a PostgreSQL store (after catching the index up, outside a transaction): *out
 * gets the page (ak_search_page_free). The statements stay prepared on the connection. */
int ak_search_pg(ak_sql *c, const ak_search_query *q, ak_search_page **out);

/* One part of a user query as ak_search_match_expr reads it: the text of a word or a quoted
 * phrase (n bytes), and whether it ends in '*'. fn returns non-zero to stop. */
typedef int (*ak_search_part_fn)(void *ctx, const char *s, size_t n, int prefix);
/* Walks q's parts with the checks of ak_search_match_expr (same errors, same limits). */
int ak_search_query_parts(const char *q, ak_search_part_fn fn, void *ctx);

#endif
