/* test_search_topk.c: ak_search's one-call ranking (ak_topk, rank.c) gives what ranking through SQL
 * gives: the same ids in the same order, the same scores bit for bit, the same totals and snippets,
 * for words common and rare, AND of several words, a repeated word, phrases, prefixes and pages
 * deep and shallow; and the statements a connection keeps are released when it closes. */
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
#include "search_page.h"

#define VOCAB 60
#define VOCAB_SEED 42
#define VOCAB_PICKS 3
#define VOCAB_THIRD 1
#include "search_vocab.h"

static char g_dir[64];
static char g_db[128];

enum { DOCS = 400 };

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_topk_XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    vocab_make();
    char in[128];
    snprintf(in, sizeof in, "%s/in.jsonl", g_dir);
    if (vocab_corpus(in, DOCS)) return -1;
    snprintf(g_db, sizeof g_db, "%s/t.db", g_dir);
    ak_db *db = NULL;
    if (ak_db_open(&db, g_db) != AK_OK) return -1;
    const char *paths[] = {in};
    ak_ingest_counts c;
    int rc = ak_ingest(db, paths, 1, NULL, &c);
    ak_db_close(db);
    return rc == AK_OK && c.added == DOCS ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(g_dir);
}

static void search(ak_db *db, const char *text, size_t offset, size_t limit, page *p)
{
    assert_int_equal(search_page(db, text, offset, limit, p), AK_OK);
}

/* A connection on which lengths are never loaded: ak_topk reads each row's from _docsize. */
static ak_db *g_plain;

/* One query asked four ways: ak_topk with lengths from memory and from _docsize, SQL with lengths
 * from memory, SQL with FTS5's lengths. */
static void compare(ak_db *db, const char *text, size_t offset, size_t limit, size_t *nonempty)
{
    static page a, b, c, d;
    ak_search_topk = 1;
    ak_search_lengths_min = 1;
    search(db, text, offset, limit, &a);
    ak_search_lengths_min = (size_t)-1;
    search(g_plain, text, offset, limit, &d);
    assert_same(&a, &d, text);
    ak_search_topk = 0;
    ak_search_lengths_min = 1;
    search(db, text, offset, limit, &b);
    ak_search_lengths_min = (size_t)-1;
    search(db, text, offset, limit, &c);
    ak_search_lengths_min = 2000;
    ak_search_topk = 1;
    assert_same(&a, &b, text);
    assert_same(&a, &c, text);
    if (a.n) (*nonempty)++;
}

static void topk_agrees_with_sql(void **state)
{
    (void)state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    assert_int_equal(ak_db_open(&g_plain, g_db), AK_OK);
    ak_search_cache_pages = 0;
    size_t nonempty = 0, common = 0;
    char q[128];
    for (int i = 0; i < VOCAB; i++) {
        compare(db, g_words[i], 0, 10, &nonempty);
        page p;
        search(db, g_words[i], 0, 10, &p);
        if (p.total > DOCS / 3) common++;
        snprintf(q, sizeof q, "%s %s", g_words[i], g_words[(i + 1) % VOCAB]);
        compare(db, q, 0, 10, &nonempty);
        snprintf(q, sizeof q, "%s %s %s", g_words[i], g_words[(i * 5) % VOCAB], g_words[1]);
        compare(db, q, 0, 20, &nonempty);
        snprintf(q, sizeof q, "\"%s %s\"", g_words[i], g_words[(i + 2) % VOCAB]);
        compare(db, q, 0, 10, &nonempty);
        snprintf(q, sizeof q, "%s %s", g_words[i], g_words[i]); /* a word twice: two phrases */
        compare(db, q, 0, 10, &nonempty);
    }
    for (int i = 0; i < N_LETTERS; i++) { /* a one-letter prefix covers many terms */
        snprintf(q, sizeof q, "%s*", LETTERS[i]);
        compare(db, q, 0, 10, &nonempty);
    }
    /* pages: shallow, deep, past the end, and the largest ak_topk keeps */
    static const size_t offsets[] = {0, 3, 10, 95, 390, 1000};
    for (size_t k = 0; k < sizeof offsets / sizeof *offsets; k++) {
        compare(db, g_words[0], offsets[k], 10, &nonempty);
        compare(db, g_words[0], offsets[k], 100, &nonempty);
    }
    compare(db, g_words[0], 0, 1000, &nonempty);
    compare(db, g_words[0], 999, 1, &nonempty);
    assert_true(nonempty > 150); /* the comparisons were about results, not empty pages */
    assert_true(common >= 3);     /* and some words match most documents */
    ak_search_cache_pages = 1;
    ak_db_close(g_plain);
    ak_db_close(db);
}

/* The same connection asked many times reuses its statements; a second connection has its own;
 * closing releases them (ASan's leak check sees any left). */
static int search_again(const ak_search_hit *h, void *ctx)
{
    (void)h;
    ak_db *db = ctx;
    ak_search_query q = {0};
    q.q = g_words[2];
    size_t total = 0;
    return ak_search(db, &q, NULL, NULL, &total) == AK_OK && total > 0 ? 0 : 1;
}

static void statements_kept_and_released(void **state)
{
    (void)state;
    ak_db *a = NULL, *b = NULL;
    assert_int_equal(ak_db_open(&a, g_db), AK_OK);
    assert_int_equal(ak_db_open(&b, g_db), AK_OK);
    ak_search_cache_pages = 0;
    page p1, p2;
    search(a, g_words[3], 0, 10, &p1);
    for (int i = 0; i < 50; i++) search(a, g_words[i % VOCAB], 0, 10, &p2);
    search(a, g_words[3], 0, 10, &p2);
    assert_same(&p1, &p2, "again");
    search(b, g_words[3], 0, 10, &p2);
    assert_same(&p1, &p2, "other connection");
    /* a search from inside a callback, on the same connection */
    ak_search_query q = {0};
    q.q = g_words[0];
    size_t total = 0;
    assert_int_equal(ak_search(a, &q, search_again, a, &total), AK_OK);
    assert_true(total > 0);
    ak_search_cache_pages = 1;
    ak_db_close(a);
    ak_db_close(b);
}

/* Snippets tokenize with AK_SA_OFFSETS (no stem, no variant): every word must still take the
 * position and the bytes it takes in the index, or highlights would land on other words. */
typedef struct spans { size_t n; size_t bs[4096], be[4096]; } spans;

static int keep_span(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)t;
    (void)n;
    spans *s = ctx;
    if (!colocated && s->n < 4096) { s->bs[s->n] = bs; s->be[s->n] = be; s->n++; }
    return 0;
}

static void assert_same_positions(const char *text, size_t len)
{
    static spans doc, aux;
    doc.n = aux.n = 0;
    ak_search_analyze(text, len, AK_SA_DEFAULT, keep_span, &doc);
    ak_search_analyze(text, len, AK_SA_DEFAULT | AK_SA_OFFSETS, keep_span, &aux);
    assert_int_equal(doc.n, aux.n);
    for (size_t i = 0; i < doc.n && i < 4096; i++) {
        assert_int_equal(doc.bs[i], aux.bs[i]);
        assert_int_equal(doc.be[i], aux.be[i]);
    }
}

static void snippet_positions_are_index_positions(void **state)
{
    (void)state;
    static const char *const hard[] = {
        "وبغداد لبغداد بالعاصمة كرئيس فالأمر للمدينة والمعلمون الحكومة ومدرستها",
        "ـــ ً ٌ ّ مــــرحبا ـ x", /* tatweel and marks alone: nothing to index */
        "İSTANBUL Straße ΣΊΣΥΦΟΣ ١٢٣ 12.5 ٤٥٬٦ abc123 ﻻ ﷲ",
        "\xff\xfeبغداد \xc3 وزير\x80الدفاع", /* invalid bytes between words */
        "وا ال و ب ل لل ها ية ي ه ة", /* affixes alone */
    };
    for (size_t i = 0; i < sizeof hard / sizeof *hard; i++) assert_same_positions(hard[i], strlen(hard[i]));
    char longw[400] = "";
    for (int i = 0; i < 60; i++) strcat(longw, "بغ"); /* a word past AK_SEARCH_MAX_WORD */
    strcat(longw, " كلمة");
    assert_same_positions(longw, strlen(longw));
    /* the seeds, as stored text */
    const char *dir = getenv("AK_SHARED_DIR");
    static const char *const seeds[] = {"000_4b513fc99d57a73e.txt", "001_44a3e3d5a904009e.txt", "002_4de39128c6cd87f4.txt",
                                        "003_6b94d0cceead2250.txt", "004_f63168924004b052.txt"};
    int read = 0;
    for (size_t i = 0; dir && i < sizeof seeds / sizeof *seeds; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/seeds/%s", dir, seeds[i]);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        static char buf[1 << 16];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        assert_same_positions(buf, n);
        read++;
    }
    if (dir) assert_int_equal(read, 5);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(topk_agrees_with_sql),
        cmocka_unit_test(statements_kept_and_released),
        cmocka_unit_test(snippet_positions_are_index_positions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
