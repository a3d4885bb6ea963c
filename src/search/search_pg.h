/* search_pg.h: full-text search on a PostgreSQL store: the same terms as SQLite's FTS5 index
 * (ak_search_analyze), kept in plain tables (PostgreSQL migration 4), and the same answers:
 * matches, BM25 scores to the last bit, order, totals and snippets. Internal to the library. */
#ifndef AK_SEARCH_PG_H
#define AK_SEARCH_PG_H
#include "akhbar.h"
#include "store/sql.h" /* first: <sqlite3.h> opens search_internal.h's shared part */
#include "search/search_internal.h"

/* Indexes what the queue holds (articles written, changed or deleted since the last catch-up),
 * inside the caller's write transaction. AK_OK or AK_EDB / AK_ENOMEM with a message. */
int ak_search_pg_catch_up(ak_sql *c);

/* Catches up in a write transaction of its own when the queue holds anything (a search then sees
 * what any writer stored). AK_OK or an error with a message. */
int ak_search_pg_sync(ak_sql *c);

/* Answers q on a PostgreSQL store: *out gets the page (ak_search_page_free). */
int ak_search_pg(ak_sql *c, const ak_search_query *q, ak_search_page **out);

/* One part of a user query as ak_search_match_expr reads it: the text of a word or a quoted
 * phrase (n bytes), and whether it ends in '*'. fn returns non-zero to stop. */
typedef int (*ak_search_part_fn)(void *ctx, const char *s, size_t n, int prefix);
/* Walks q's parts with the checks of ak_search_match_expr (same errors, same limits). */
int ak_search_query_parts(const char *q, ak_search_part_fn fn, void *ctx);

#endif
