/* test_search_doclist.c: phrases of one and two words read straight from the index tables
 * (doclist.c, rank.c) give what FTS5's walk gives: the same ids, scores to the bit, totals and
 * snippets, on an index of several segments (several ingestions), with doclists and position lists
 * longer than a leaf page, rows updated and deleted (delete markers and replaced rows in newer
 * segments), and after `optimize` (one segment); with lists kept by the list cache (positions
 * decoded from a list read without them); matches far apart (offsets of two-byte varints); and the
 * direct reading is what actually ran. The frequency counted without decoding (ak_doclist_count_freq)
 * against the decoding on made-up position lists. */
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

#define VOCAB 40
#define VOCAB_SEED 7
#define VOCAB_PICKS 2
#define VOCAB_THIRD 2
#include "search_vocab.h"

static char g_dir[64];
static char g_db[128];

enum { BATCHES = 5, PER_BATCH = 300 };

/* One batch of articles, ingested on its own: segments of their own (FTS5 may merge them). */
static int ingest_batch(ak_db *db, int batch)
{
    char in[128];
    snprintf(in, sizeof in, "%s/in%d.jsonl", g_dir, batch);
    FILE *f = fopen(in, "w");
    if (!f) return -1;
    for (int d = batch * PER_BATCH; d < (batch + 1) * PER_BATCH; d++) {
        fprintf(f, "{\"id\":\"d%d\",\"title\":\"", d);
        for (unsigned w = 0, n = 2 + rnd(4); w < n; w++) fprintf(f, "%s%s", w ? " " : "", draw());
        fprintf(f, "\",\"text\":\"رقم %d:", d); /* a number of its own: no two texts alike */
        /* now and then a long text that repeats the commonest word: a position list past a page */
        unsigned n = d % 97 == 5 ? 10000 : 10 + rnd(80);
        for (unsigned w = 0; w < n; w++) fprintf(f, " %s", d % 97 == 5 && w % 2 ? g_words[0] : draw());
        fprintf(f, ".\"}\n");
    }
    fclose(f);
    const char *paths[] = {in};
    ak_ingest_counts c;
    return ak_ingest(db, paths, 1, NULL, &c) == AK_OK && c.added == PER_BATCH ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_doclist_XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    vocab_make();
    snprintf(g_db, sizeof g_db, "%s/t.db", g_dir);
    ak_db *db = NULL;
    if (ak_db_open(&db, g_db) != AK_OK) return -1;
    int rc = 0;
    for (int b = 0; b < BATCHES && rc == 0; b++) rc = ingest_batch(db, b);
    ak_db_close(db);
    return rc;
}

static int teardown(void **state)
{
    (void)state;
    return remove_tree(g_dir);
}

static void search(ak_db *db, const char *text, size_t limit, page *p)
{
    assert_int_equal(search_page(db, text, 0, limit, p), AK_OK);
}

/* One query read directly and through FTS5: the same page. 1 when it has hits. */
static int compare_one(ak_db *db, const char *what, const char *q, size_t limit)
{
    static page a, b;
    ak_search_doclist = 1;
    search(db, q, limit, &a);
    size_t lists = ak_search_list_cache_max;
    ak_search_list_cache_max = 0; /* FTS5's walk, never a list the direct reading kept */
    ak_search_doclist = 0;
    search(db, q, limit, &b);
    ak_search_doclist = 1;
    ak_search_list_cache_max = lists;
    if (strcmp(a.ids, b.ids) != 0) fail_msg("%s: %s: ids differ:\n%s\n%s", what, q, a.ids, b.ids);
    assert_int_equal(a.n, b.n);
    assert_int_equal(a.total, b.total);
    for (size_t k = 0; k < a.n && k < 64; k++)
        if (a.scores[k] != b.scores[k]) fail_msg("%s: %s: score %zu differs: %.17g %.17g", what, q, k, a.scores[k], b.scores[k]);
    assert_string_equal(a.snippets, b.snippets);
    return a.n > 0;
}

/* Every word, pairs of words and two-word phrases (a word twice among them), read directly and
 * through FTS5. */
static void compare_all(ak_db *db, const char *what)
{
    char q[1024];
    size_t nonempty = 0;
    for (int i = 0; i < VOCAB + 70; i++) {
        if (i < VOCAB) snprintf(q, sizeof q, "%s", g_words[i]);
        else if (i < VOCAB + 20) snprintf(q, sizeof q, "%s %s", g_words[i - VOCAB], g_words[(i * 7) % VOCAB]);
        else if (i < VOCAB + 30) snprintf(q, sizeof q, "\"%s %s\"", g_words[i % 5], g_words[(i * 3) % VOCAB]);
        else snprintf(q, sizeof q, "\"%s %s\" %s", g_words[i % 7], g_words[i % 3], i % 4 ? "" : g_words[i % 11]);
        nonempty += (size_t)compare_one(db, what, q, i % 2 ? 10 : 40);
    }
    assert_true(nonempty > VOCAB);
}

static sqlite3_int64 count_of(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    sqlite3_int64 n = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void doclist_agrees_with_fts5(void **state)
{
    (void)state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    sqlite3 *h = ak_db_sqlite(db);
    ak_search_cache_pages = 0;       /* every query computed */
    ak_search_list_cache_max = 0;    /* and every list walked */
    ak_search_lengths_min = 1;
    /* Several segments, and the commonest word's doclist over several leaf pages. */
    assert_true(count_of(h, "SELECT count(DISTINCT segid) FROM articles_fts_idx") > 1);
    assert_true(count_of(h, "SELECT count(*) FROM articles_fts_data WHERE id > 10") > 10);
    size_t reads = ak_search_doclist_reads, fallbacks = ak_search_doclist_fallbacks;
    compare_all(db, "segments");
    assert_true(ak_search_doclist_reads > reads + VOCAB);
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);

    /* Rows replaced and deleted: newer segments carry delete markers and replaced rows. */
    char sql[512];
    snprintf(sql, sizeof sql, "UPDATE articles SET text = text || ' %s %s' WHERE seq %% 11 = 3", g_words[0], g_words[VOCAB - 1]);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    snprintf(sql, sizeof sql, "UPDATE articles SET text = 'رقم ' || seq || ' %s' WHERE seq %% 13 = 4", g_words[1]);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE seq % 17 = 5", NULL, NULL, NULL), SQLITE_OK);
    reads = ak_search_doclist_reads;
    size_t replaced = ak_search_doclist_replaced, deleted = ak_search_doclist_deleted;
    compare_all(db, "updated");
    assert_true(ak_search_doclist_reads > reads + VOCAB);
    assert_true(ak_search_doclist_replaced > replaced); /* the merge of segments was exercised */
    assert_true(ak_search_doclist_deleted > deleted);
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);

    /* One more batch on top, then one segment. */
    assert_int_equal(ingest_batch(db, BATCHES), 0);
    compare_all(db, "one more batch");
    assert_int_equal(ak_search_optimize(db), AK_OK);
    compare_all(db, "optimized");
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);

    /* Lists kept by the cache at their first walk (a list read without positions is decoded for
     * it), then borrowed by the same queries again. */
    ak_search_list_cache_max = (size_t)32 << 20;
    ak_search_list_admit = 0;
    size_t list_min = ak_search_list_min;
    ak_search_list_min = 1;
    compare_all(db, "lists kept");
    size_t hits = 0, misses = 0;
    assert_true(ak_search_list_cache_stats(h, &hits, &misses) > 0);
    compare_all(db, "lists borrowed");
    size_t hits2 = 0;
    ak_search_list_cache_stats(h, &hits2, &misses);
    assert_true(hits2 > hits + VOCAB);
    ak_search_list_admit = 2;
    ak_search_list_min = list_min;
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);
    ak_search_cache_pages = 1;
    ak_search_lengths_min = 2000;
    ak_db_close(db);
}

/* A two-word phrase's words are kept by the list cache on their own: a new phrase sharing a word
 * with an earlier one borrows that word's list (the phrase itself is new: nothing else to borrow),
 * first word or second, and answers as FTS5's walk does. A word asked alone and the same word in a
 * phrase share one list (one key: the term's), whichever comes first. */
static void phrase_words_borrowed(void **state)
{
    (void)state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    sqlite3 *h = ak_db_sqlite(db);
    ak_search_cache_pages = 0;
    ak_search_list_cache_max = (size_t)32 << 20;
    ak_search_list_admit = 0;
    size_t list_min = ak_search_list_min;
    ak_search_list_min = 1;
    /* -1: the first word alone */
    const int pairs[][2] = {{0, 1}, {0, 2}, {3, 1}, {2, 4}, {5, -1}, {6, 5}, {6, -1}};
    size_t before = 0, after = 0, misses = 0;
    char q[256];
    for (int i = 0; i < 7; i++) {
        ak_search_list_cache_stats(h, &before, &misses);
        if (pairs[i][1] < 0) snprintf(q, sizeof q, "%s", g_words[pairs[i][0]]);
        else snprintf(q, sizeof q, "\"%s %s\"", g_words[pairs[i][0]], g_words[pairs[i][1]]);
        compare_one(db, "phrase words", q, 20);
        ak_search_list_cache_stats(h, &after, &misses);
        if (i > 0 && i != 4 && after < before + 1) fail_msg("%s: no word list borrowed", q);
    }
    ak_search_list_admit = 2;
    ak_search_list_min = list_min;
    ak_search_cache_pages = 1;
    ak_db_close(db);
}

/* Writes `n` small articles of batch b (ids m<b>-<i>) to a JSONL file; returns its path (static). */
static const char *small_batch(int b, int n)
{
    static char in[160];
    snprintf(in, sizeof in, "%s/m%d.jsonl", g_dir, b);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    for (int i = 0; i < n; i++) {
        fprintf(f, "{\"id\":\"m%d-%d\",\"title\":\"%s %s\",\"text\":\"رقم %d:", b, i, draw(), draw(), b * 1000 + i);
        for (int w = 0; w < 30; w++) fprintf(f, " %s", draw());
        fprintf(f, ".\"}\n");
    }
    fclose(f);
    return in;
}

/* Each ingestion ends with merge work (ak_search_merge, two segments of a level at a time): a store
 * whose index has dozens of segments (64 transactions of plain SQL with FTS5's own merging off) is
 * down to a few after one small ingestion, and the merged index answers as FTS5 does. */
static void ingestion_merges_segments(void **state)
{
    (void)state;
    char path[160];
    snprintf(path, sizeof path, "%s/merged.db", g_dir);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path), AK_OK);
    sqlite3 *h = ak_db_sqlite(db);
    assert_int_equal(sqlite3_exec(h, "INSERT INTO articles_fts(articles_fts, rank) VALUES('automerge', 0);"
                                     "INSERT INTO articles_fts(articles_fts, rank) VALUES('crisismerge', 100)",
                                  NULL, NULL, NULL), SQLITE_OK);
    sqlite3_stmt *ins = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO articles(id, title, text, raw, removed, hash)"
                                           " VALUES(?1, ?2, ?3, ?3, '[]', ?1)", -1, &ins, NULL), SQLITE_OK);
    for (int batch = 0; batch < 64; batch++) {
        assert_int_equal(sqlite3_exec(h, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
        for (int i = 0; i < 20; i++) {
            char id[32], title[64], text[1024];
            snprintf(id, sizeof id, "p%d-%d", batch, i);
            int at = snprintf(title, sizeof title, "%s ", draw());
            snprintf(title + at, sizeof title - (size_t)at, "%s", draw());
            at = snprintf(text, sizeof text, "رقم %d:", batch * 1000 + i);
            for (int w = 0; w < 30; w++) at += snprintf(text + at, sizeof text - (size_t)at, " %s", draw());
            sqlite3_bind_text(ins, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 2, title, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(ins, 3, text, -1, SQLITE_TRANSIENT);
            assert_int_equal(sqlite3_step(ins), SQLITE_DONE);
            sqlite3_reset(ins);
        }
        assert_int_equal(sqlite3_exec(h, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
    }
    sqlite3_finalize(ins);
    const char *segs = "SELECT count(DISTINCT segid) FROM articles_fts_idx";
    assert_true(count_of(h, segs) >= 48);
    const char *paths[] = {small_batch(64, 20)};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    assert_int_equal(c.added, 20);
    sqlite3_int64 left = count_of(h, segs);
    assert_true(left >= 1 && left <= 4);
    ak_search_cache_pages = 0;
    ak_search_list_cache_max = 0;
    size_t fallbacks = ak_search_doclist_fallbacks;
    compare_all(db, "merged by an ingestion");
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);
    ak_search_cache_pages = 1;
    ak_db_close(db);
}

/* Matches 126 and 127 tokens apart (offset deltas written as two-byte varints ending in 0x00 and
 * 0x01), in the title and the body, a word next to itself: words, phrases and pairs agree. */
static void far_matches_agree(void **state)
{
    (void)state;
    char in[128];
    snprintf(in, sizeof in, "%s/far.jsonl", g_dir);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    const char *x = g_words[VOCAB - 2], *y = g_words[VOCAB - 3], *z = g_words[VOCAB - 4];
    for (int d = 0; d < 6; d++) {
        fprintf(f, "{\"id\":\"far%d\",\"title\":\"%s %s\",\"text\":\"رقم %d: %s", d, d % 2 ? x : z, y, 9000 + d, x);
        for (int gap = 0; gap < 3; gap++) {
            for (int k = 0; k < 125 + gap + d; k++) fprintf(f, " %s", z);
            fprintf(f, " %s %s", x, gap % 2 ? y : x);
        }
        fprintf(f, ".\"}\n");
    }
    fclose(f);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, g_db), AK_OK);
    const char *paths[] = {in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    assert_int_equal(c.added, 6);
    ak_search_cache_pages = 0;
    ak_search_list_cache_max = 0;
    size_t fallbacks = ak_search_doclist_fallbacks;
    char q[256];
    const char *const forms[] = {"%s", "\"%s %s\"", "%s %s", "\"%s %s\" %s"};
    const char *const w[] = {x, y, z};
    int nonempty = 0;
    for (int i = 0; i < 4; i++)
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++) {
                snprintf(q, sizeof q, forms[i], w[a], w[b], w[(a + b) % 3]);
                nonempty += compare_one(db, "far", q, 20);
            }
    assert_true(nonempty > 20);
    assert_int_equal(ak_search_doclist_fallbacks, fallbacks);
    ak_search_cache_pages = 1;
    ak_search_list_cache_max = (size_t)32 << 20;
    ak_db_close(db);
}

/* Appends v as an FTS5 varint (as SQLite writes it). */
static size_t put_varint(unsigned char *p, uint64_t v)
{
    unsigned char tmp[10];
    size_t n = 0;
    do { tmp[n++] = (unsigned char)(v & 0x7F); v >>= 7; } while (v);
    for (size_t i = 0; i < n; i++) p[i] = tmp[n - 1 - i] | (i + 1 < n ? 0x80 : 0);
    return n;
}

/* The frequency counted without decoding equals the decoding's, or leaves the list to it. */
static void count_agrees_with_decoding(void **state)
{
    (void)state;
    const double w[2] = {3.0, 1.0};
    static ak_search_position out[4096];
    unsigned char list[8192];
    int counted = 0;
    for (int round = 0; round < 20000; round++) {
        size_t n = 0;
        unsigned nt = rnd(4), nb = rnd(3) ? 1 + rnd(60) : 0;
        for (unsigned i = 0; i < nt; i++) n += put_varint(list + n, 2 + (rnd(4) ? rnd(10) : rnd(400)));
        if (nb) {
            list[n++] = 1;
            list[n++] = 1;
            for (unsigned i = 0; i < nb; i++) n += put_varint(list + n, 2 + (rnd(3) ? rnd(120) : 120 + rnd(20000)));
        }
        if (round % 7 == 3 && n) { /* damaged: a byte changed or the list cut */
            if (rnd(2)) list[rnd((unsigned)n)] = (unsigned char)rnd(256);
            else n -= 1 + rnd((unsigned)n);
        }
        double f1 = -1, f2 = -2;
        int np = ak_doclist_positions(list, (uint32_t)n, w, out, &f1);
        if (ak_doclist_count_freq(list, (uint32_t)n, w, &f2) == 0) {
            counted++;
            if (round % 7 != 3) { /* a list as FTS5 writes it: the same frequency */
                assert_true(np >= 0);
                assert_true(f1 == f2);
            } else if (np >= 0) {
                assert_true(f1 == f2);
            }
        } else {
            assert_true(round % 7 == 3 || n == 0 || np >= 0); /* left to the decoding */
        }
    }
    assert_true(counted > 15000);
}

/* A position list that does not parse is refused, not read past. */
static void positions_refuse_bad_lists(void **state)
{
    (void)state;
    const double w[2] = {3.0, 1.0};
    ak_search_position out[8];
    double f = 0;
    /* title offsets 0 and 3, then column 1 offset 5 */
    const unsigned char good[] = {2, 5, 1, 1, 7};
    assert_int_equal(ak_doclist_positions(good, sizeof good, w, out, &f), 3);
    assert_true(f == 7.0);
    assert_int_equal(out[0], AK_SEARCH_POS(0, 0));
    assert_int_equal(out[1], AK_SEARCH_POS(0, 3));
    assert_int_equal(out[2], AK_SEARCH_POS(1, 5));
    const unsigned char zero[] = {2, 0};
    assert_int_equal(ak_doclist_positions(zero, sizeof zero, w, out, &f), -1);
    const unsigned char cut[] = {2, 0x85};
    assert_int_equal(ak_doclist_positions(cut, sizeof cut, w, out, &f), -1);
    const unsigned char col2[] = {1, 2, 2};
    assert_int_equal(ak_doclist_positions(col2, sizeof col2, w, out, &f), -1);
    const unsigned char colcut[] = {2, 1, 1};
    assert_int_equal(ak_doclist_positions(colcut, sizeof colcut, w, out, &f), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(doclist_agrees_with_fts5),
        cmocka_unit_test(phrase_words_borrowed),
        cmocka_unit_test(positions_refuse_bad_lists),
        cmocka_unit_test(count_agrees_with_decoding),
        cmocka_unit_test(far_matches_agree),
        cmocka_unit_test(ingestion_merges_segments),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
