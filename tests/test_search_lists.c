/* test_search_lists.c: the list cache (cache.c: decoded match lists of phrases walked before, kept
 * per connection) changes no answer: with it, without it, on the second asking of a query (served
 * from the cache), after writes by another connection and by the same one (which empty it), and
 * with a bound so small that lists are dropped all the time: the same ids, scores to the bit,
 * totals and snippets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar.h"
#include "search/search_internal.h"

static char g_dir[64];
static char g_db[128];

/* Letters that are no affix or proclitic of Light10, so each made word is a term of its own. */
static const char *const LETTERS[] = {"ج", "ح", "خ", "د", "ر", "ز", "س", "ش", "ص", "ض", "ط", "ع", "غ", "ق", "م"};
enum { N_LETTERS = 15, VOCAB = 40, DOCS = 400 };
static char g_words[VOCAB][16];

static unsigned long long g_rng = 7;
static unsigned rnd(unsigned n)
{
    g_rng = g_rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((g_rng >> 33) % n);
}

/* A skewed draw: low indexes (common words) much more often than high ones. */
static const char *draw(void)
{
    unsigned a = rnd(VOCAB), b = rnd(VOCAB);
    return g_words[a < b ? a : b];
}

static int ingest_file(ak_db *db, const char *path, size_t want)
{
    const char *paths[] = {path};
    ak_ingest_counts c;
    int rc = ak_ingest(db, paths, 1, NULL, &c);
    return rc == AK_OK && c.added == want ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_lists_XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    for (int i = 0; i < VOCAB; i++)
        snprintf(g_words[i], sizeof g_words[i], "%s%s%s", LETTERS[i % N_LETTERS], LETTERS[(i / N_LETTERS + 3 * i) % N_LETTERS],
                 LETTERS[(i * 7 + 1) % N_LETTERS]);
    char in[128];
    snprintf(in, sizeof in, "%s/in.jsonl", g_dir);
    FILE *f = fopen(in, "w");
    if (!f) return -1;
    for (int d = 0; d < DOCS; d++) {
        fprintf(f, "{\"id\":\"d%d\",\"source\":\"s%d\",\"title\":\"", d, d % 3);
        for (unsigned w = 0, n = 2 + rnd(4); w < n; w++) fprintf(f, "%s%s", w ? " " : "", draw());
        fprintf(f, "\",\"text\":\"رقم %d:", d);
        for (unsigned w = 0, n = 10 + rnd(60); w < n; w++) fprintf(f, " %s", draw());
        fprintf(f, ".\"}\n");
    }
    fclose(f);
    snprintf(g_db, sizeof g_db, "%s/t.db", g_dir);
    ak_db *db = NULL;
    if (ak_db_open(&db, g_db) != AK_OK) return -1;
    int rc = ingest_file(db, in, DOCS);
    ak_db_close(db);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

typedef struct page { char ids[8192]; char snippets[65536]; double scores[64]; size_t n, total; } page;

static int collect(const ak_search_hit *h, void *ctx)
{
    page *p = ctx;
    if (p->n < 64) p->scores[p->n] = h->score;
    p->n++;
    strncat(p->ids, h->id, sizeof p->ids - strlen(p->ids) - 2);
    strcat(p->ids, " ");
    strncat(p->snippets, h->snippet, sizeof p->snippets - strlen(p->snippets) - 2);
    strcat(p->snippets, "\n");
    return 0;
}

static void search(ak_db *db, const char *text, size_t offset, page *p)
{
    memset(p, 0, sizeof *p);
    ak_search_query q = {0};
    q.q = text;
    q.offset = offset;
    q.limit = 20;
    assert_int_equal(ak_search(db, &q, collect, p, &p->total), AK_OK);
}

static void assert_same(const page *a, const page *b, const char *what)
{
    if (strcmp(a->ids, b->ids) != 0) fail_msg("%s: ids differ:\n%s\n%s", what, a->ids, b->ids);
    assert_int_equal(a->n, b->n);
    assert_int_equal(a->total, b->total);
    for (size_t i = 0; i < a->n && i < 64; i++)
        if (a->scores[i] != b->scores[i]) fail_msg("%s: score %zu differs: %.17g %.17g", what, i, a->scores[i], b->scores[i]);
    assert_string_equal(a->snippets, b->snippets);
}

/* The queries: common and rare words, AND of two and three, a word twice, phrases, prefixes. */
enum { MAX_Q = 64 };
static char g_q[MAX_Q][160];
static int make_queries(void)
{
    int n = 0;
    for (int i = 0; i < 12; i++) snprintf(g_q[n++], sizeof g_q[0], "%.15s", g_words[i]);
    snprintf(g_q[n++], sizeof g_q[0], "%.15s", g_words[VOCAB - 1]);
    for (int i = 0; i < 10; i++) snprintf(g_q[n++], sizeof g_q[0], "%.15s %.15s", g_words[i], g_words[(i * 7 + 3) % VOCAB]);
    snprintf(g_q[n++], sizeof g_q[0], "%.15s %.15s %.15s", g_words[0], g_words[1], g_words[2]);
    snprintf(g_q[n++], sizeof g_q[0], "%.15s %.15s", g_words[0], g_words[0]);
    snprintf(g_q[n++], sizeof g_q[0], "\"%.15s %.15s\"", g_words[0], g_words[1]);
    snprintf(g_q[n++], sizeof g_q[0], "\"%.15s %.15s\" %.15s", g_words[1], g_words[0], g_words[2]);
    snprintf(g_q[n++], sizeof g_q[0], "%.15s*", LETTERS[0]);
    snprintf(g_q[n++], sizeof g_q[0], "%.15s* %.15s", LETTERS[1], g_words[0]);
    snprintf(g_q[n++], sizeof g_q[0], "رقم %.15s", g_words[3]);
    return n;
}

/* Every query at two pages on db (list cache as set) against a connection without it. */
static void compare_all(ak_db *db, ak_db *plain, int nq, const char *what)
{
    size_t bound = ak_search_list_cache_max;
    for (int i = 0; i < nq; i++)
        for (size_t off = 0; off <= 20; off += 20) {
            page a, b;
            ak_search_list_cache_max = 0;
            search(plain, g_q[i], off, &a);
            ak_search_list_cache_max = bound;
            search(db, g_q[i], off, &b);
            char msg[512];
            snprintf(msg, sizeof msg, "%s: %.160s at %zu", what, g_q[i], off);
            assert_same(&a, &b, msg);
            size_t hits, misses;
            assert_true(ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses) <= bound);
        }
}

typedef struct saved { size_t max, min; int admit, pages, fast; } saved;
static saved save(void)
{
    saved s = {ak_search_list_cache_max, ak_search_list_min, ak_search_list_admit, ak_search_cache_pages,
               ak_search_fast_snippets};
    ak_search_cache_pages = 0; /* every asking computed: the page cache would answer the second */
    return s;
}
static void restore(saved s)
{
    ak_search_list_cache_max = s.max;
    ak_search_list_min = s.min;
    ak_search_list_admit = s.admit;
    ak_search_cache_pages = s.pages;
    ak_search_fast_snippets = s.fast;
}

static void cached_lists_change_nothing(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    int nq = make_queries();
    for (int admit = 0; admit <= 2; admit += 2) {
        ak_search_list_admit = admit;
        ak_db *db = NULL, *plain = NULL;
        assert_int_equal(ak_db_open(&db, g_db), AK_OK);
        assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
        /* Lists kept without positions (snippets from FTS5), then asked for with them. */
        ak_search_fast_snippets = 0;
        compare_all(db, plain, nq, "no positions");
        ak_search_fast_snippets = 1;
        compare_all(db, plain, nq, "first");
        size_t hits0, misses0, hits, misses;
        ak_search_list_cache_stats(ak_db_sqlite(db), &hits0, &misses0);
        compare_all(db, plain, nq, "again");
        size_t bytes = ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses);
        assert_true(bytes > 0);
        assert_true(hits - hits0 >= 20); /* the second round is served from the cache */
        ak_search_list_cache_stats(ak_db_sqlite(plain), &hits, &misses);
        assert_int_equal(hits, 0);
        ak_db_close(plain);
        ak_db_close(db);
    }
    restore(s);
}

static int write_article(ak_db *db, int k)
{
    char in[128];
    snprintf(in, sizeof in, "%s/w%d.jsonl", g_dir, k);
    FILE *f = fopen(in, "w");
    if (!f) return -1;
    fprintf(f, "{\"id\":\"w%d\",\"source\":\"w\",\"title\":\"%s %s\",\"text\":\"%s %s %s جديد %d.\"}\n", k, g_words[0],
            g_words[1], g_words[0], g_words[0], g_words[2], k);
    fclose(f);
    return ingest_file(db, in, 1);
}

static void writes_empty_the_cache(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    int nq = make_queries();
    ak_db *db = NULL, *plain = NULL, *writer = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    assert_int_equal(ak_db_open(&writer, g_db), AK_OK);
    compare_all(db, plain, nq, "before");
    page before, after;
    search(db, g_words[0], 0, &before);
    /* Another connection writes: this one's lists are of the old state. */
    assert_int_equal(write_article(writer, 1), 0);
    compare_all(db, plain, nq, "after a write by another connection");
    search(db, g_words[0], 0, &after);
    assert_int_equal(after.total, before.total + 1);
    /* This connection writes. */
    assert_int_equal(write_article(db, 2), 0);
    compare_all(db, plain, nq, "after a write by the same connection");
    search(db, g_words[0], 0, &after);
    assert_int_equal(after.total, before.total + 2);
    /* A rolled-back write leaves nothing: the cache filled inside it is not kept. */
    sqlite3 *h = ak_db_sqlite(db);
    assert_int_equal(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE id = 'w2'", NULL, NULL, NULL), SQLITE_OK);
    search(db, g_words[0], 0, &after);
    assert_int_equal(after.total, before.total + 1);
    assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    compare_all(db, plain, nq, "after a rollback");
    search(db, g_words[0], 0, &after);
    assert_int_equal(after.total, before.total + 2);
    ak_db_close(writer);
    ak_db_close(plain);
    ak_db_close(db);
    restore(s);
}

static void tiny_bound_drops_lists(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    int nq = make_queries();
    ak_db *db = NULL, *plain = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    /* About one common word's list: every new list drops others (compare_all checks the bound). */
    ak_search_list_cache_max = 12 << 10;
    for (int round = 0; round < 3; round++) compare_all(db, plain, nq, "tiny bound");
    size_t hits, misses;
    assert_true(ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses) > 0);
    assert_true(hits > 0);
    /* A bound below any list keeps none and still answers (a new connection: a lowered bound
     * applies from the next list kept). */
    ak_db_close(db);
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    ak_search_list_cache_max = 64;
    compare_all(db, plain, nq, "bound below a list");
    assert_int_equal(ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses), 0);
    ak_db_close(plain);
    ak_db_close(db);
    restore(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cached_lists_change_nothing),
        cmocka_unit_test(writes_empty_the_cache),
        cmocka_unit_test(tiny_bound_drops_lists),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
