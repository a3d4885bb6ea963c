/* test_dedup_cache.c: the near-duplicate pass gives the same tables (dup_fp, dup_key, dup_pair,
 * row for row) whatever its thread count and fingerprint cache: no cache (every candidate
 * re-fingerprinted from its stored text), a large cache, and a cache so small that candidates
 * of earlier chunks have been evicted and are read again. The corpus has pairs inside one
 * chunk of the pass, in the next chunk and several chunks apart, and candidates shared by many
 * new articles. */
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

#define N_ART 1100 /* the pass works in chunks of 500 */
#define GROUPS 250 /* article i shares a passage with every article of group i % GROUPS */

/* Article i: 30 words of its own, the 40-word passage of its group, and every 5th article is
 * a near copy of the one before (the same words, one changed: a duplicate in the same chunk). */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < N_ART; i++) {
        unsigned own = i % 5 == 4 ? i - 1 : i;
        fprintf(f, "{\"id\":\"c%u\",\"source\":\"مصدر\",\"title\":\"خبر\",\"published\":\"2024-01-01\",\"text\":\"", i);
        for (unsigned j = 0; j < 30; j++) synth_word(f, " ك", 1000000 + own * 100 + (j == 7 && own != i ? 99 : j));
        for (unsigned j = 0; j < 40; j++) synth_word(f, " ك", 500000 + (own % GROUPS) * 100 + j);
        fputs(".\"}\n", f);
    }
    fclose(f);
}

static char *run_pass(const char *dir, const char *in, const char *name, unsigned threads, size_t cache_mb,
                      size_t *added)
{
    char dbp[128];
    snprintf(dbp, sizeof dbp, "%s/%s.db", dir, name);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, dbp), AK_OK);
    const char *paths[] = { in };
    ak_ingest_counts ic;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
    assert_int_equal(ak_dups_update_opts(db, threads, cache_mb, added), AK_OK);
    size_t again = 1;
    assert_int_equal(ak_dups_update_opts(db, threads, cache_mb, &again), AK_OK);
    assert_int_equal(again, 0);
    char *s = dup_tables_dump(db, 0);
    ak_db_close(db);
    synth_remove_db(dbp);
    return s;
}

static int count_cls(const char *dump_text, const char *cls)
{
    int n = 0;
    for (const char *p = dump_text; (p = strstr(p, cls)) != NULL; p++) n++;
    return n;
}

static void test_cache_and_threads_change_nothing(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_dupcache_XXXXXX", in[64];
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.jsonl", dir);
    write_corpus(in);
    size_t a0 = 0, a1 = 0, a2 = 0;
    char *plain = run_pass(dir, in, "plain", 1, 0, &a0);
    char *cached = run_pass(dir, in, "cached", 2, 128, &a1);
    char *small = run_pass(dir, in, "small", 3, 1, &a2); /* 1 MB: about a hundred fingerprints */
    /* pairs in one chunk (near copies) and between chunks (groups span all of them) */
    assert_true(a0 > 1000);
    assert_true(count_cls(plain, "|duplicate|") >= N_ART / 5 - 1);
    assert_true(count_cls(plain, "|shares-passage|") > 0);
    assert_int_equal(a0, a1);
    assert_int_equal(a0, a2);
    assert_string_equal(plain, cached);
    assert_string_equal(plain, small);
    free(plain);
    free(cached);
    free(small);
    remove(in);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cache_and_threads_change_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
