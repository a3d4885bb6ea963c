/* test_dedup_store.c: the persistent near-duplicate pass over more articles than one commit
 * batch: pairs across batches are found, a rerun adds nothing, and after every commit of the
 * pass the whole WAL can be checkpointed (no statement keeps an old snapshot open, which
 * would make the WAL grow without bound over a large pass). */
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
#include "synth_corpus.h"

#define N_ART 1300 /* more than two commit batches of the pass */
#define SHIFT 650  /* article i and i+SHIFT share a passage: the pairs span batches */

/* Article i: 60 words of its own, then the 120-word passage of group i % SHIFT. */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < N_ART; i++) {
        fprintf(f, "{\"id\":\"a%u\",\"source\":\"مصدر\",\"title\":\"خبر\",\"published\":\"2024-01-01\",\"text\":\"", i);
        for (unsigned j = 0; j < 60; j++) synth_word(f, " س", 1000000 + i * 100 + j);
        for (unsigned j = 0; j < 120; j++) synth_word(f, " س", 500000 + (i % SHIFT) * 200 + j);
        fputs(".\"}\n", f);
    }
    fclose(f);
}

static int count_pair(const ak_dup_pair *p, void *ctx)
{
    unsigned a, b;
    if (sscanf(p->a, "a%u", &a) == 1 && sscanf(p->b, "a%u", &b) == 1 && b == a + SHIFT) ++*(int *)ctx;
    else ++((int *)ctx)[1];
    return 0;
}

static void test_pass_across_batches_checkpoints(void **state)
{
    (void)state;
    synth_store st;
    ak_db *db = synth_store_open(&st, "/tmp/ak_dupstore_XXXXXX", write_corpus);
    size_t n_art = 0, n_dup = 0;
    assert_int_equal(ak_db_counts(db, &n_art, &n_dup), AK_OK);
    assert_int_equal(n_art, N_ART);

    ckpt c = { 0, 0 };
    sqlite3_wal_hook(ak_db_sqlite(db), ckpt_on_commit, &c);
    size_t added = 0;
    assert_int_equal(ak_dups_update(db, &added), AK_OK);
    assert_true(c.commits >= 3);
    assert_int_equal(c.stuck, 0);
    int seen[2] = { 0, 0 };
    assert_int_equal(ak_dups_each(db, count_pair, seen), AK_OK);
    assert_int_equal(seen[0], SHIFT); /* each i < SHIFT with i + SHIFT, the second batch against the first */
    assert_int_equal(seen[1], 0);
    assert_int_equal(added, (size_t)(seen[0] + seen[1]));
    assert_int_equal(ak_dups_update(db, &added), AK_OK);
    assert_int_equal(added, 0);
    synth_store_close(&st, db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pass_across_batches_checkpoints),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
