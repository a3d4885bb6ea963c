/* test_search_lists.c: the list cache (cache.c: decoded match lists of phrases walked before,
 * shared by the connections to one database file) changes no answer: with it, without it, on the
 * second asking of a query (served from the cache), from another connection than the one that
 * walked the lists, from threads at once, after writes by another connection, by the same one
 * and by another process (which empty it), and with a bound so small that lists are dropped all
 * the time: the same ids, scores to the bit, totals and snippets. The index generation that
 * stamps the lists follows every change to the index and nothing else. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include "akhbar.h"
#include "search/search_internal.h"
#include "search_page.h"

#define VOCAB 40
#define VOCAB_SEED 7
#define VOCAB_PICKS 2
#define VOCAB_THIRD 1
#include "search_vocab.h"

static char g_dir[64];
static char g_db[128];

enum { DOCS = 400 };

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
    vocab_make();
    char in[128];
    snprintf(in, sizeof in, "%s/in.jsonl", g_dir);
    if (vocab_corpus(in, DOCS)) return -1;
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
    return remove_tree(g_dir);
}

static void search(ak_db *db, const char *text, size_t offset, page *p)
{
    assert_int_equal(search_page(db, text, offset, 20, p), AK_OK);
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
            /* the bound is per connection attached, pooled: at most four connections' worth */
            assert_true(ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses) <= 4 * bound);
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
    size_t hits, misses, bytes = ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses);
    assert_true(bytes > 0);
    assert_true(bytes <= 2 * (12 << 10)); /* two connections attached: twice the bound, pooled */
    assert_true(hits > 0);
    /* A bound below any list keeps none and still answers (new connections, so a new shared
     * cache: a lowered bound applies from the next list kept). */
    ak_db_close(db);
    ak_db_close(plain);
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    ak_search_list_cache_max = 64;
    compare_all(db, plain, nq, "bound below a list");
    assert_int_equal(ak_search_list_cache_stats(ak_db_sqlite(db), &hits, &misses), 0);
    ak_db_close(plain);
    ak_db_close(db);
    restore(s);
}

/* ---- one cache for every connection to the file ---- */

static sqlite3_int64 stamp(ak_db *db)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db), "SELECT gen FROM search_stamp", -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    sqlite3_int64 g = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return g;
}

static void shared_between_connections(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    int nq = make_queries();
    ak_db *a = NULL, *b = NULL, *plain = NULL;
    assert_int_equal(ak_db_open(&a, g_db), AK_OK);
    assert_int_equal(ak_db_open(&b, g_db), AK_OK);
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    compare_all(a, plain, nq, "walked by a");
    compare_all(a, plain, nq, "again by a"); /* lists asked twice: kept */
    size_t hits, misses, bytes = ak_search_list_cache_stats(ak_db_sqlite(a), &hits, &misses);
    assert_true(bytes > 0);
    /* b walks nothing a has kept: its first round is served from a's lists */
    compare_all(b, plain, nq, "read by b");
    assert_int_equal(ak_search_list_cache_stats(ak_db_sqlite(b), &hits, &misses), bytes);
    assert_true(hits >= 20);
    /* An ingestion between two queries from two connections: a asks, another connection writes,
     * b asks the same (its snapshot is the new one: the lists a kept are stale). */
    ak_db *w = NULL;
    assert_int_equal(ak_db_open(&w, g_db), AK_OK);
    page before, after, fresh;
    search(a, g_words[0], 0, &before);
    sqlite3_int64 g0 = stamp(a);
    assert_int_equal(write_article(w, 10), 0);
    assert_int_equal(stamp(b), g0 + 1);
    search(b, g_words[0], 0, &after);
    ak_search_list_cache_max = 0;
    search(plain, g_words[0], 0, &fresh);
    ak_search_list_cache_max = s.max;
    assert_same(&fresh, &after, "after an ingestion, from the other connection");
    assert_int_equal(after.total, before.total + 1);
    assert_non_null(strstr(after.ids, "w10 "));
    compare_all(a, plain, nq, "after an ingestion, a");
    compare_all(b, plain, nq, "after an ingestion, b");
    ak_db_close(w);
    ak_db_close(plain);
    ak_db_close(b);
    ak_db_close(a);
    restore(s);
}

/* Another process ingests while this one's connections have lists of the old index. */
static void ingest_by_another_process(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    int nq = make_queries();
    ak_db *a = NULL, *b = NULL, *plain = NULL;
    assert_int_equal(ak_db_open(&a, g_db), AK_OK);
    assert_int_equal(ak_db_open(&b, g_db), AK_OK);
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    compare_all(a, plain, nq, "before the other process");
    page before, after;
    search(b, g_words[0], 0, &before);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) { /* the child: its own connection, its own process */
        ak_db *w = NULL;
        int rc = ak_db_open(&w, g_db) == AK_OK && write_article(w, 20) == 0 ? 0 : 1;
        ak_db_close(w);
        _exit(rc);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    search(a, g_words[0], 0, &after);
    assert_int_equal(after.total, before.total + 1);
    assert_non_null(strstr(after.ids, "w20 "));
    compare_all(b, plain, nq, "after the other process, b");
    compare_all(a, plain, nq, "after the other process, a");
    ak_db_close(plain);
    ak_db_close(b);
    ak_db_close(a);
    restore(s);
}

/* Threads, each with its connection, asking at once: every page as one connection alone gives. */
enum { THREADS = 4 };
typedef struct worker { ak_db *db; int nq, bad; page *expect; } worker;

static void *run_worker(void *p)
{
    worker *w = p;
    static __thread page got;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < w->nq; i++) {
            memset(&got, 0, sizeof got);
            ak_search_query q = {0};
            q.q = g_q[(i + round * 7) % w->nq];
            q.limit = 20;
            if (ak_search(w->db, &q, collect, &got, &got.total) != AK_OK) { w->bad++; continue; }
            const page *e = &w->expect[(i + round * 7) % w->nq];
            if (strcmp(got.ids, e->ids) != 0 || got.total != e->total || strcmp(got.snippets, e->snippets) != 0 ||
                memcmp(got.scores, e->scores, sizeof got.scores) != 0)
                w->bad++;
        }
    return NULL;
}

static void threads_share_one_cache(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    int nq = make_queries();
    ak_db *plain = NULL;
    assert_int_equal(ak_db_open(&plain, g_db), AK_OK);
    page *expect = calloc((size_t)nq, sizeof *expect);
    assert_non_null(expect);
    ak_search_list_cache_max = 0;
    for (int i = 0; i < nq; i++) search(plain, g_q[i], 0, &expect[i]);
    ak_search_list_cache_max = 64 << 10; /* pooled 256 KB: lists dropped while others are held */
    worker w[THREADS];
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i] = (worker){NULL, nq, 0, expect};
        assert_int_equal(ak_db_open(&w[i].db, g_db), AK_OK);
    }
    for (int i = 0; i < THREADS; i++) assert_int_equal(pthread_create(&th[i], NULL, run_worker, &w[i]), 0);
    size_t hits = 0;
    for (int i = 0; i < THREADS; i++) {
        pthread_join(th[i], NULL);
        assert_int_equal(w[i].bad, 0);
        size_t h, m;
        assert_true(ak_search_list_cache_stats(ak_db_sqlite(w[i].db), &h, &m) <= 4 * ak_search_list_cache_max);
        hits += h;
    }
    assert_true(hits > 0);
    for (int i = 0; i < THREADS; i++) ak_db_close(w[i].db);
    ak_db_close(plain);
    free(expect);
    restore(s);
}

/* The stamp: one more on every change to the index (insert, delete, update of title or text),
 * none for other columns, none left by a rolled-back change; the same for every connection. */
static void stamp_follows_the_index(void **state)
{
    (void)state;
    ak_db *db = NULL, *other = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    assert_int_equal(ak_db_open(&other, g_db), AK_OK);
    sqlite3 *h = ak_db_sqlite(db);
    sqlite3_int64 g = stamp(db);
    assert_int_equal(stamp(other), g);
    assert_int_equal(write_article(db, 30), 0);
    assert_int_equal(stamp(other), ++g);
    assert_int_equal(sqlite3_exec(h, "UPDATE articles SET source = 'x' WHERE id = 'w30'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(other), g);
    assert_int_equal(sqlite3_exec(h, "UPDATE articles SET text = text || ' زيادة' WHERE id = 'w30'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(other), ++g);
    assert_int_equal(sqlite3_exec(h, "UPDATE articles SET title = 'عنوان' WHERE id = 'w30'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(other), ++g);
    assert_int_equal(sqlite3_exec(h, "BEGIN; DELETE FROM articles WHERE id = 'w30'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(db), g + 1); /* inside the transaction */
    assert_int_equal(stamp(other), g);  /* not committed */
    assert_int_equal(sqlite3_exec(h, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(other), g);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE id = 'w30'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(stamp(other), ++g);
    ak_db_close(other);
    ak_db_close(db);
}

/* The cache's rule by generation, through its own calls: a list is read and added only under the
 * generation it was walked in; a newer one empties the cache (a list still held stays readable
 * until released), an older one (a search in an earlier snapshot) neither reads nor adds. */
static ak_search_posting *one_list(sqlite3_int64 rows)
{
    ak_search_posting *v = sqlite3_malloc64((sqlite3_uint64)rows * sizeof *v);
    for (sqlite3_int64 i = 0; v && i < rows; i++) v[i] = (ak_search_posting){i + 1, 1.0, 0, 0};
    return v;
}

static void generations_rule_the_lists(void **state)
{
    (void)state;
    saved s = save();
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    ak_db *a = NULL, *b = NULL;
    assert_int_equal(ak_db_open(&a, g_db), AK_OK);
    assert_int_equal(ak_db_open(&b, g_db), AK_OK);
    ak_search_page *none = NULL;
    ak_search_state sa, sb;
    ak_search_cache *ca = ak_search_cache_lookup(ak_db_sqlite(a), "", &none, &sa);
    ak_search_cache *cb = ak_search_cache_lookup(ak_db_sqlite(b), "", &none, &sb);
    assert_non_null(ca);
    assert_non_null(cb);
    assert_true(sa.gen >= 0);
    assert_int_equal(sa.gen, sb.gen);
    const double w[2] = {3.0, 1.0};
    const char *key = "\"xyz\"";
    ak_search_state g5 = {0, 0, sa.gen + 5}, g4 = {0, 0, sa.gen + 4}, g6 = {0, 0, sa.gen + 6};
    ak_search_posting *v = one_list(100);
    const ak_search_list *put = ak_search_list_put(ca, &g5, key, strlen(key), w, v, 100, NULL, 0, 0);
    assert_non_null(put); /* held by its putter */
    ak_search_list_release(ca, put);
    const ak_search_list *got = ak_search_list_get(cb, &g5, key, strlen(key), w, 0); /* the other connection */
    assert_non_null(got);
    assert_int_equal(got->n, 100);
    assert_null(ak_search_list_get(cb, &g5, key, strlen(key), w, 1)); /* kept without positions */
    /* an older snapshot: no list read, none added (the caller keeps its own) */
    assert_null(ak_search_list_get(cb, &g4, key, strlen(key), w, 0));
    ak_search_posting *old = one_list(50);
    assert_null(ak_search_list_put(cb, &g4, "\"old\"", 5, w, old, 50, NULL, 0, 0));
    sqlite3_free(old);
    /* a newer generation: the cache is emptied; the list b holds stays readable until released */
    assert_null(ak_search_list_get(ca, &g6, key, strlen(key), w, 0));
    size_t hits, misses;
    assert_int_equal(ak_search_list_cache_stats(ak_db_sqlite(a), &hits, &misses), 0);
    assert_int_equal(got->v[99].rowid, 100);
    ak_search_list_release(cb, got);
    assert_null(ak_search_list_get(cb, &g5, key, strlen(key), w, 0)); /* g5 is older now */
    ak_db_close(b);
    ak_db_close(a);
    restore(s);
}

/* Document lengths are loaded once per index generation for every connection to the file, and
 * again after a write: the same answers as ranking with FTS5's own lengths. */
static void lengths_shared_follow_writes(void **state)
{
    (void)state;
    saved s = save();
    size_t min = ak_search_lengths_min;
    int nq = make_queries();
    ak_db *a = NULL, *b = NULL, *w = NULL;
    assert_int_equal(ak_db_open(&a, g_db), AK_OK);
    assert_int_equal(ak_db_open(&b, g_db), AK_OK);
    assert_int_equal(ak_db_open(&w, g_db), AK_OK);
    page *ref = calloc((size_t)nq, sizeof *ref), got;
    assert_non_null(ref);
    for (int round = 0; round < 2; round++) {
        ak_search_lengths_min = (size_t)-1; /* none loaded: FTS5's lengths, one lookup per row */
        for (int i = 0; i < nq; i++) search(a, g_q[i], 0, &ref[i]);
        size_t loads = ak_search_lengths_loads;
        ak_search_lengths_min = 1; /* every ranking reads them from memory */
        for (int i = 0; i < nq; i++) {
            search(round ? b : a, g_q[i], 0, &got);
            assert_same(&ref[i], &got, round ? "lengths loaded by b" : "lengths loaded by a");
            search(round ? a : b, g_q[i], 0, &got);
            assert_same(&ref[i], &got, "lengths of the other connection");
        }
        assert_int_equal(ak_search_lengths_loads, loads + 1); /* one load for both */
        assert_int_equal(write_article(w, 40 + round), 0);   /* a new generation: loaded again */
    }
    ak_db_close(w);
    ak_db_close(b);
    ak_db_close(a);
    free(ref);
    ak_search_lengths_min = min;
    restore(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cached_lists_change_nothing),
        cmocka_unit_test(writes_empty_the_cache),
        cmocka_unit_test(tiny_bound_drops_lists),
        cmocka_unit_test(shared_between_connections),
        cmocka_unit_test(ingest_by_another_process),
        cmocka_unit_test(threads_share_one_cache),
        cmocka_unit_test(stamp_follows_the_index),
        cmocka_unit_test(generations_rule_the_lists),
        cmocka_unit_test(lengths_shared_follow_writes),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
