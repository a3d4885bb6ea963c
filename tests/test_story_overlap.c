/* test_story_overlap.c: with worker threads the story step writes each story as the
 * clusterer makes it final, while the clustering goes on; with one thread it writes them
 * after. On a corpus long enough for stories to retire mid-pass (four months, copies
 * among the reports, one topic running through all of it) both store the same stories,
 * members and copy flags, and rewrite the same stories when a second run adds articles,
 * some of them to stories that retired in the first. */
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
#include "sql_number.h"
#include "synth_corpus.h"

#define N_FIRST 640 /* six a day: 107 days, past the clusterer's retirement horizon */
#define N_MORE 60

typedef struct fixture { char dir[64], db[2][96], in[96]; } fixture;

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "/tmp/ak_storyovl_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    for (int i = 0; i < 2; i++) snprintf(x->db[i], sizeof x->db[i], "%s/t%d.db", x->dir, i + 1);
    snprintf(x->in, sizeof x->in, "%s/in.jsonl", x->dir);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    for (int i = 0; i < 2; i++) synth_remove_db(x->db[i]);
    remove(x->in);
    rmdir(x->dir);
    free(x);
    return 0;
}

/* Article `id` on day `day`: event e's four reports share six words of their own; on the
 * running topic (every sixth article) its own words, one report a day; `copy`: the same
 * report from another outlet, one word added (a near-duplicate, not an exact one). */
static void record(FILE *f, unsigned id, unsigned source, int topic, unsigned day, unsigned e, int copy)
{
    fprintf(f, "{\"id\":\"o%04u\",\"source\":\"مصدر%u\",\"published\":\"2024-%02u-%02u\",\"title\":\"خبر", id, source,
            1 + day / 28, 1 + day % 28);
    for (unsigned k = 0; k < 3; k++) synth_word(f, " ق", topic ? 900000 + k : e * 10 + k);
    fputs("\",\"text\":\"", f);
    for (unsigned k = 0; k < 6; k++) synth_word(f, " ق", topic ? 900000 + k : e * 10 + k);
    fputs(" وقال المتحدث إن العمل مستمر.", f);
    for (unsigned k = 0; k < 12; k++) synth_word(f, " ع", (topic ? 500000 + day * 100 : e * 100) + k);
    fputs(copy ? ". وانتهى.\"}\n" : ".\"}\n", f);
}

/* Articles from..from+n: every ninth a copy of the one before; the second run's (from
 * N_FIRST on) half after the first run's days, half back in them (joining old events). */
static void write_corpus(const char *path, unsigned from, unsigned n)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = from; i < from + n; i++) {
        int copy = i % 9 == 8;
        unsigned o = copy ? i - 1 : i;
        unsigned j = o < N_FIRST || o % 2 ? o : (o - N_FIRST) * 18;
        record(f, i, copy ? 7 : i % 5, j % 6 == 0, j / 6, j / 4, copy);
    }
    fclose(f);
}

static ak_analyze_options opts(unsigned threads)
{
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.ner_model = "/nonexistent/ner.model"; /* fast: the story step is what is tested */
    o.threads = threads;
    return o;
}

static void ingest_and_analyze(fixture *x, ak_analyze_counts c[2])
{
    for (int i = 0; i < 2; i++) {
        ak_db *db;
        assert_int_equal(ak_db_open(&db, x->db[i]), AK_OK);
        const char *paths[] = {x->in};
        ak_ingest_counts ic;
        assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
        ak_analyze_options o = opts(i ? 2 : 1);
        memset(&c[i], 0, sizeof c[i]);
        assert_int_equal(ak_analyze(db, &o, &c[i]), AK_OK);
        ak_db_close(db);
    }
}

/* The story tables by key, without the clock time (caller frees). */
static char *stories_dump(const char *path)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    const char *q[] = {"SELECT id,title,header,first_day,last_day,n_articles,summary,timeline FROM stories ORDER BY id",
                       "SELECT article,story,duplicate,analyzed FROM story_articles ORDER BY article"};
    for (int i = 0; i < 2; i++) assert_int_equal(sqlite3_exec(db, q[i], dump_row, f, NULL), SQLITE_OK);
    fclose(f);
    sqlite3_close(db);
    return s;
}

static long long num(const char *path, const char *sql)
{
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    long long v = sql_number(db, sql);
    sqlite3_close(db);
    return v;
}

static void same_stories(fixture *x)
{
    char *a = stories_dump(x->db[0]), *b = stories_dump(x->db[1]);
    assert_true(strlen(a) > 1000);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

/* The running topic's story began on the first day and never retired: the overlapped pass
 * wrote it after stories that began later (it ran), the pass after the clustering in order
 * of first articles. */
#define WRITTEN_BEFORE_LATER_STORIES                                                                      \
    "SELECT count(*) FROM stories s, story_articles m WHERE m.article='o0000' AND s.id != m.story AND"    \
    " s.rowid < (SELECT rowid FROM stories WHERE id=m.story)"

static void both_passes_store_the_same_stories(void **state)
{
    fixture *x = *state;
    write_corpus(x->in, 0, N_FIRST);
    ak_analyze_counts c[2];
    ingest_and_analyze(x, c);
    assert_true(c[0].stories > 100);
    assert_int_equal(c[0].stories, c[1].stories);
    assert_int_equal(c[0].stories_written, c[0].stories);
    assert_int_equal(c[1].stories_written, c[1].stories);
    same_stories(x);
    /* copies were found and flagged, stories spanned the run and retired */
    assert_true(num(x->db[0], "SELECT count(*) FROM story_articles WHERE duplicate=1") > 0);
    assert_true(num(x->db[0], "SELECT max(n_articles) FROM stories WHERE first_day='2024-01-01'") > 50);
    assert_int_equal(num(x->db[0], WRITTEN_BEFORE_LATER_STORIES), 0);
    assert_true(num(x->db[1], WRITTEN_BEFORE_LATER_STORIES) > 50);

    /* a second run: articles after the first run's days and back in them */
    write_corpus(x->in, N_FIRST, N_MORE);
    ingest_and_analyze(x, c);
    assert_int_equal(c[0].stories, c[1].stories);
    assert_int_equal(c[0].stories_written, c[1].stories_written);
    assert_true(c[0].stories_written > 0 && c[0].stories_written < c[0].stories);
    same_stories(x);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(both_passes_store_the_same_stories, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
