/* test_dedup_bulk.c: the first near-duplicate pass over a store keeps its keys in memory, with
 * the key index dropped until its end; the tables must equal those of the pass that looks every
 * key up in the index: uninterrupted, killed after two commits and rerun (the rerun reads the
 * stored keys back, or with no map), over the memory budget (the index is built mid-pass), and in two passes
 * (the second one against the index). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "akhbar.h"
#include "synth_corpus.h"

/* Internal (src/dedup/dupstore.c): the key map's budget in MB; 0: never a bulk pass. */
void ak_dups_set_keymap_mb(size_t mb);

#define N_ART 1300 /* the pass commits every 500 */
#define GROUPS 300 /* article i shares a passage with the articles of group i % GROUPS */

/* Articles from..to-1: 30 words of their own, the 40-word passage of their group, every 5th
 * a near copy of the one before, and every 10th a boilerplate tail held by 130 articles (its
 * keys are past the 50-article limit: skipped). */
static void write_corpus(const char *path, unsigned from, unsigned to)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = from; i < to; i++) {
        unsigned own = i % 5 == 4 ? i - 1 : i;
        fprintf(f, "{\"id\":\"b%u\",\"source\":\"مصدر\",\"title\":\"خبر\",\"published\":\"2024-01-01\",\"text\":\"", i);
        for (unsigned j = 0; j < 30; j++) synth_word(f, " ق", 1000000 + own * 100 + (j == 7 && own != i ? 99 : j));
        for (unsigned j = 0; j < 40; j++) synth_word(f, " ق", 500000 + (own % GROUPS) * 100 + j);
        if (i % 10 == 0)
            for (unsigned j = 0; j < 30; j++) synth_word(f, " ق", 300000 + j);
        fputs(".\"}\n", f);
    }
    fclose(f);
}

static int has_index(ak_db *db)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db),
                                        "SELECT 1 FROM sqlite_master WHERE type='index' AND name='dup_key_key'", -1,
                                        &q, NULL), SQLITE_OK);
    int r = sqlite3_step(q) == SQLITE_ROW;
    sqlite3_finalize(q);
    return r;
}

typedef struct fx { char dir[32], in[64], in1[64], in2[64]; int k; } fx;

static ak_db *open_db(fx *x, const char *in)
{
    char p[128];
    snprintf(p, sizeof p, "%s/t%d.db", x->dir, x->k++);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, p), AK_OK);
    if (in) {
        const char *paths[] = { in };
        ak_ingest_counts ic;
        assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
    }
    return db;
}

/* The pass's threads: 1, or 2 and more (a bulk pass is then piped: a chunk's rows are written
 * while the next chunk's comparisons run); the tables must come out the same. */
static unsigned threads = 1;

static int update(ak_db *db, size_t *added) { return ak_dups_update_opts(db, threads, 128, added); }

static char *finish(ak_db *db, size_t *added)
{
    size_t a = 0, again = 1;
    assert_int_equal(update(db, &a), AK_OK);
    assert_int_equal(update(db, &again), AK_OK);
    assert_int_equal(again, 0);
    assert_true(has_index(db));
    if (added) *added = a;
    char *s = dup_tables_dump(db, 1);
    ak_db_close(db);
    return s;
}

static int stop_after_two(void *ctx, sqlite3 *db, const char *name, int pages)
{
    (void)db, (void)name, (void)pages;
    if (++*(int *)ctx == 2) _exit(0); /* killed: no cleanup, no rollback */
    return SQLITE_OK;
}

/* A pass killed right after its second commit (in a child process). */
static void killed_pass(fx *x, int n)
{
    char p[128];
    snprintf(p, sizeof p, "%s/t%d.db", x->dir, n);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ak_db *db = NULL;
        if (ak_db_open(&db, p) != AK_OK) _exit(2);
        int commits = 0;
        sqlite3_wal_hook(ak_db_sqlite(db), stop_after_two, &commits);
        update(db, NULL);
        _exit(3); /* the pass must have committed at least twice */
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

/* A fresh store of x->in whose pass was killed after two commits, opened again to resume. */
static ak_db *killed_then_reopened(fx *x)
{
    int n = x->k;
    ak_db_close(open_db(x, x->in));
    killed_pass(x, n);
    char p[128];
    snprintf(p, sizeof p, "%s/t%d.db", x->dir, n);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, p), AK_OK);
    return db;
}

static void bulk_pass_equals_indexed(unsigned n_threads)
{
    threads = n_threads;
    fx x = { .dir = "/tmp/ak_dupbulk_XXXXXX" };
    assert_non_null(mkdtemp(x.dir));
    snprintf(x.in, sizeof x.in, "%s/in.jsonl", x.dir);
    snprintf(x.in1, sizeof x.in1, "%s/in1.jsonl", x.dir);
    snprintf(x.in2, sizeof x.in2, "%s/in2.jsonl", x.dir);
    write_corpus(x.in, 0, N_ART);
    write_corpus(x.in1, 0, 700);
    write_corpus(x.in2, 700, N_ART);

    /* the reference: every key looked up in the index */
    ak_dups_set_keymap_mb(0);
    size_t a_ref = 0, a = 0;
    char *ref = finish(open_db(&x, x.in), &a_ref);
    assert_true(a_ref > 1000);
    assert_non_null(strstr(ref, "|shares-passage|"));
    assert_non_null(strstr(ref, "|duplicate|"));

    ak_dups_set_keymap_mb(3072);
    char *bulk = finish(open_db(&x, x.in), &a);
    assert_int_equal(a, a_ref);
    assert_string_equal(bulk, ref);

    /* killed after two commits: the index is gone; the rerun reads the keys back */
    ak_db *db = killed_then_reopened(&x);
    assert_false(has_index(db));
    char *resumed = finish(db, NULL);
    assert_string_equal(resumed, ref);

    /* killed, then resumed over the budget (keys read back, the index built at once) */
    db = killed_then_reopened(&x);
    ak_dups_set_keymap_mb(1);
    char *resumed_small = finish(db, NULL);
    assert_string_equal(resumed_small, ref);

    /* killed, then resumed with no map at all: the index is built first */
    db = killed_then_reopened(&x);
    ak_dups_set_keymap_mb(0);
    char *resumed_none = finish(db, NULL);
    assert_string_equal(resumed_none, ref);
    ak_dups_set_keymap_mb(1);

    /* over a 1 MB budget from the first commit: the index is built mid-pass */
    char *small = finish(open_db(&x, x.in), &a);
    assert_int_equal(a, a_ref);
    assert_string_equal(small, ref);

    /* two loads: a bulk pass, then one against the index */
    ak_dups_set_keymap_mb(3072);
    db = open_db(&x, x.in1);
    assert_int_equal(update(db, NULL), AK_OK);
    assert_true(has_index(db));
    const char *paths[] = { x.in2 };
    ak_ingest_counts ic;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
    char *two = finish(db, NULL);
    assert_string_equal(two, ref);

    free(ref);
    free(bulk);
    free(resumed);
    free(resumed_small);
    free(resumed_none);
    free(small);
    free(two);
    char p[128];
    for (int k = 0; k < x.k; k++) {
        snprintf(p, sizeof p, "%s/t%d.db", x.dir, k);
        synth_remove_db(p);
    }
    remove(x.in);
    remove(x.in1);
    remove(x.in2);
    rmdir(x.dir);
}

static void test_bulk_pass_equals_indexed(void **state)
{
    (void)state;
    bulk_pass_equals_indexed(1);
}

static void test_piped_pass_equals_indexed(void **state)
{
    (void)state;
    bulk_pass_equals_indexed(2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bulk_pass_equals_indexed),
        cmocka_unit_test(test_piped_pass_equals_indexed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
