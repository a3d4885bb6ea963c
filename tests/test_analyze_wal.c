/* test_analyze_wal.c: the per-article step of ak_analyze (dates, time expressions, entities)
 * over several commit batches whose articles name the same entities again and again: after
 * every commit the whole WAL can be checkpointed, and the entities' counts and day ranges,
 * added to batch by batch, equal a recount. A statement left on a row across a commit
 * (the known-entity look-up did so) keeps the connection's read snapshot, so no checkpoint can
 * copy the log back and the WAL grows with the run (585 MB at 21,600 articles of a large run).
 * Batches committed together write the same rows as a commit per batch. */
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

#define N_ART 240 /* six commit batches of BATCH */
#define BATCH 40

/* Every article names the same people, places and bodies (known entities after the first
 * batch), a date, and 40 words of its own (no two articles are near copies). */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < N_ART; i++) {
        fprintf(f, "{\"id\":\"a%u\",\"source\":\"مصدر\",\"title\":\"خبر %u\",\"published\":\"2024-01-%02u\",\"text\":\"", i, i,
                1 + i % 28);
        fputs("قال وزير الخارجية السعودي الأمير فيصل بن فرحان في الرياض يوم الاثنين إن الأمم المتحدة"
              " ستعقد اجتماعا في جدة مع الرئيس المصري عبد الفتاح السيسي في 5 مارس 2024.", f);
        for (unsigned j = 0; j < 40; j++) synth_word(f, " س", 1000000 + i * 100 + j);
        fputs(".\"}\n", f);
    }
    fclose(f);
}

/* The batches add to each entity's article count and day range instead of recounting its
 * mentions: the result must be what a recount over the whole table gives. */
static void entity_aggregates_match_a_recount(sqlite3 *db)
{
    assert_int_equal(sql_number(db, "SELECT count(*) FROM entities e WHERE"
                                    " n_articles != (SELECT count(DISTINCT article) FROM entity_mentions WHERE entity=e.id)"
                                    " OR first_day IS NOT (SELECT min(m.dct) FROM entity_mentions x"
                                    "  JOIN article_meta m ON m.article=x.article WHERE x.entity=e.id)"
                                    " OR last_day IS NOT (SELECT max(m.dct) FROM entity_mentions x"
                                    "  JOIN article_meta m ON m.article=x.article WHERE x.entity=e.id)"),
                     0);
    /* the entities every article names span all batches and all 28 days */
    assert_true(sql_number(db, "SELECT count(*) FROM entities WHERE n_articles=240"
                               " AND first_day='2024-01-01' AND last_day='2024-01-28'") >= 3);
}

/* Ingests the corpus into dir/name, runs the near-duplicate pass (its own test checks it) and then
 * the article step with the given commit size; *ac: its counts, *commits: its commits, after each
 * of which a passive checkpoint must have copied the whole WAL. */
static ak_db *analyzed(const char *dir, const char *name, const char *in, size_t commit_articles,
                       ak_analyze_counts *ac, int *commits)
{
    char dbp[96];
    snprintf(dbp, sizeof dbp, "%s/%s", dir, name);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, dbp), AK_OK);
    const char *paths[] = { in };
    ak_ingest_counts ic;
    size_t added = 0, n_art = 0, n_dup = 0;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &ic), AK_OK);
    assert_int_equal(ak_db_counts(db, &n_art, &n_dup), AK_OK);
    assert_int_equal(n_art, N_ART);
    assert_int_equal(ak_dups_update(db, &added), AK_OK);
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.batch_size = BATCH;
    o.commit_articles = commit_articles;
    o.threads = 2;
    ckpt c = { 0, 0 };
    sqlite3_wal_hook(ak_db_sqlite(db), ckpt_on_commit, &c);
    assert_int_equal(ak_analyze(db, &o, ac), AK_OK);
    sqlite3_wal_hook(ak_db_sqlite(db), NULL, NULL);
    assert_int_equal(ac->analyzed, N_ART);
    assert_int_equal(c.stuck, 0);
    *commits = c.commits;
    return db;
}

static void test_articles_step_checkpoints(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_anawal_XXXXXX", in[64], dbp[96];
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.jsonl", dir);
    write_corpus(in);
    ak_analyze_counts ac;
    int commits = 0;
    ak_db *db = analyzed(dir, "a.db", in, BATCH, &ac, &commits); /* a commit per batch: six of them */
    assert_int_equal(ac.ner_missing, 0);
    assert_true(ac.mentions >= N_ART * 3); /* the same entities in every batch: looked up, not new */
    assert_true(ac.timexes >= N_ART);
    assert_true(commits >= N_ART / BATCH);
    entity_aggregates_match_a_recount(ak_db_sqlite(db));
    ak_db_close(db);

    snprintf(dbp, sizeof dbp, "%s/a.db", dir);
    synth_remove_db(dbp);
    remove(in);
    rmdir(dir);
}

/* Committing several batches at once changes what is written when, not what is written: the
 * same rows as a commit per batch, in every table of the article step. */
static void test_commit_size_keeps_the_answers(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_anacommit_XXXXXX", in[64], other[96];
    assert_non_null(mkdtemp(dir));
    snprintf(in, sizeof in, "%s/in.jsonl", dir);
    write_corpus(in);
    int n_each = 0, n_all = 0;
    ak_analyze_counts ac;
    ak_db *each = analyzed(dir, "each.db", in, BATCH, &ac, &n_each);
    ak_db *all = analyzed(dir, "all.db", in, 0, &ac, &n_all); /* the default: all six batches in one commit */
    assert_true(n_all < n_each); /* the story step commits once in both */
    snprintf(other, sizeof other, "ATTACH '%s/all.db' AS b", dir);
    sqlite3 *h = ak_db_sqlite(each);
    assert_int_equal(sqlite3_exec(h, other, NULL, NULL, NULL), SQLITE_OK);
    static const char *const tables[] = {"article_meta", "article_timex", "entity_mentions", "entities"};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
        char q[256];
        snprintf(q, sizeof q, "SELECT count(*) FROM main.%s", tables[i]);
        assert_true(sql_number(h, q) > 0);
        snprintf(q, sizeof q, "SELECT count(*) FROM (SELECT * FROM main.%s EXCEPT SELECT * FROM b.%s)", tables[i], tables[i]);
        assert_int_equal(sql_number(h, q), 0);
        snprintf(q, sizeof q, "SELECT count(*) FROM (SELECT * FROM b.%s EXCEPT SELECT * FROM main.%s)", tables[i], tables[i]);
        assert_int_equal(sql_number(h, q), 0);
    }
    assert_int_equal(sqlite3_exec(h, "DETACH b", NULL, NULL, NULL), SQLITE_OK);
    ak_db_close(each);
    ak_db_close(all);
    snprintf(other, sizeof other, "%s/each.db", dir);
    synth_remove_db(other);
    snprintf(other, sizeof other, "%s/all.db", dir);
    synth_remove_db(other);
    remove(in);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_articles_step_checkpoints),
        cmocka_unit_test(test_commit_size_keeps_the_answers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
