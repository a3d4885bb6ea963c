/* fuzz_search_query.c: fuzz target for search queries and the search analyzer.
 * Invariants: no crash; a query is either refused (AK_EINVAL) or runs (never AK_EDB: no FTS5
 * syntax error leaks); snippets keep <b></b> balanced with no other markup; terms lie inside the text. */
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "search/search_internal.h"

static ak_db *g_db;

static void open_db(void)
{
    if (g_db) return;
    if (ak_db_open(&g_db, ":memory:") != AK_OK) abort();
    const char *sql =
        "INSERT INTO articles(id, title, raw, text, removed, hash, source, published) VALUES"
        "('a', 'بغداد وواشنطن', '', 'التقى لويد أوستن نظيره في بغداد <b> & \"x\" وبغداد لبغداد.', '[]', 'h1', 's', '2023-08-08'),"
        "('b', NULL, '', 'Solar power: 200 MW محطة الطاقة الشمسية في معان *\"^ NEAR(a b)', '[]', 'h2', NULL, NULL)";
    if (sqlite3_exec(ak_db_sqlite(g_db), sql, NULL, NULL, NULL) != SQLITE_OK) abort();
}

/* Only <b> and </b> may appear as markup, alternating, closed at the end. */
static int check_hit(const ak_search_hit *h, void *ctx)
{
    (void)ctx;
    int open = 0;
    for (const char *p = h->snippet; *p; p++) {
        if (*p == '>') abort();
        if (*p != '<') continue;
        if (strncmp(p, "<b>", 3) == 0 && !open) { open = 1; p += 2; }
        else if (strncmp(p, "</b>", 4) == 0 && open) { open = 0; p += 3; }
        else abort();
    }
    if (open || !h->id) abort();
    return 0;
}

typedef struct span_ctx { size_t len, last; } span_ctx;

static int check_term(void *c, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    span_ctx *s = c;
    (void)t;
    if (n == 0 || n > AK_SEARCH_MAX_WORD * AK_NORM_MAX_GROWTH || bs >= be || be > s->len) abort();
    if (bs < s->last && !colocated) abort();
    s->last = bs;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    open_db();
    char *q = malloc(size + 1);
    if (!q) return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    span_ctx s = {size, 0};
    ak_search_analyze(q, size, AK_SA_DEFAULT, check_term, &s);
    ak_search_query sq = {0};
    sq.q = q;
    size_t total = 0;
    int rc = ak_search(g_db, &sq, check_hit, NULL, &total);
    if (rc != AK_OK && rc != AK_EINVAL) abort();
    sq.source = "s";
    sq.from = "2023-01-01";
    rc = ak_search(g_db, &sq, check_hit, NULL, &total);
    if (rc != AK_OK && rc != AK_EINVAL) abort();
    free(q);
    return 0;
}
