/* test_search_pretok.c: texts analyzed ahead of their insert (src/search/pretok.c). A replay gives
 * the very terms, offsets and snippet marks the analyzer gives; a text of other bytes, one never
 * queued, one too long, or one asked after a reset is not replayed; and a store filled by ingestion
 * (which replays) holds the same full-text index and marks as one indexed afresh. */
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
#include "util/buf.h"

/* Terms written out as lines "coloc|term|bs|be". */
static int put_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    ak_buf_printf(ctx, "%d|%.*s|%zu|%zu\n", colocated, (int)n, t, bs, be);
    return 0;
}

static char *analyzed(const char *text)
{
    ak_buf b = AK_BUF_INIT;
    assert_int_equal(ak_search_analyze(text, strlen(text), AK_SA_DEFAULT, put_term, &b), 0);
    return ak_buf_detach(&b, NULL);
}

static char *replayed(ak_pretok *p, const char *text, int *found)
{
    ak_buf b = AK_BUF_INIT;
    int rc = -1;
    *found = ak_pretok_replay(p, text, strlen(text), put_term, &b, &rc);
    if (*found) assert_int_equal(rc, 0);
    ak_buf_cstr(&b);
    return ak_buf_detach(&b, NULL);
}

static const char *const TEXTS[] = {
    "وصل وزير الدفاع لبغداد، والتقى نظيره في 8 آب 2023 (واع).",
    "محادثات أمنية في واشنطن",
    "Solar ENERGY grows; الطاقة الشمسية كرئيس للقطاع وفي المدن.",
};

static void replay_matches_analyzer(void **state)
{
    (void)state;
    ak_pretok *p = NULL;
    assert_int_equal(ak_pretok_start(&p, 8), AK_OK);
    /* copies: the replay compares bytes, not pointers */
    char *copy[3];
    for (int i = 0; i < 3; i++) {
        copy[i] = strdup(TEXTS[i]);
        assert_int_equal(ak_pretok_add(p, TEXTS[i], strlen(TEXTS[i]), i != 1), 1);
    }
    ak_pretok_wait(p);
    for (int i = 0; i < 3; i++) {
        int found = 0;
        char *want = analyzed(copy[i]), *got = replayed(p, copy[i], &found);
        assert_int_equal(found, 1);
        assert_string_equal(got, want);
        free(want);
        free(got);
    }
    /* marks: only bodies carry them, the same as ak_snippet_marks_of's */
    ak_snippet_marks want, got;
    assert_int_equal(ak_snippet_marks_of(copy[0], (int)strlen(copy[0]), &want), SQLITE_OK);
    assert_int_equal(ak_pretok_marks(p, copy[0], strlen(copy[0]), &got), 1);
    assert_int_equal(got.n, want.n);
    assert_memory_equal(got.m, want.m, sizeof want.m[0] * (size_t)want.n);
    assert_int_equal(ak_pretok_marks(p, copy[2], strlen(copy[2]), &got), 1);
    for (int i = 0; i < 3; i++) free(copy[i]);
    ak_pretok_stop(p);
}

static void other_bytes_are_not_replayed(void **state)
{
    (void)state;
    ak_pretok *p = NULL;
    assert_int_equal(ak_pretok_start(&p, 4), AK_OK);
    assert_int_equal(ak_pretok_add(p, TEXTS[1], strlen(TEXTS[1]), 1), 1);
    ak_pretok_wait(p);
    int found = 1;
    /* same length, one letter changed; never queued; a title asked for marks */
    char *other = strdup(TEXTS[1]);
    other[strlen(other) - 1] = 'X';
    free(replayed(p, other, &found));
    assert_int_equal(found, 0);
    free(replayed(p, TEXTS[0], &found));
    assert_int_equal(found, 0);
    ak_pretok_reset(p);
    free(replayed(p, TEXTS[1], &found));
    assert_int_equal(found, 0);
    /* a title is not a body: no marks kept for it */
    assert_int_equal(ak_pretok_add(p, TEXTS[1], strlen(TEXTS[1]), 0), 1);
    ak_pretok_wait(p);
    ak_snippet_marks m;
    assert_int_equal(ak_pretok_marks(p, TEXTS[1], strlen(TEXTS[1]), &m), 0);
    /* the queue holds at most its texts; a very long text is left to the tokenizer */
    assert_int_equal(ak_pretok_add(p, TEXTS[0], strlen(TEXTS[0]), 1), 1);
    assert_int_equal(ak_pretok_add(p, TEXTS[2], strlen(TEXTS[2]), 1), 1);
    assert_int_equal(ak_pretok_add(p, TEXTS[2], strlen(TEXTS[2]), 1), 1);
    assert_int_equal(ak_pretok_add(p, TEXTS[2], strlen(TEXTS[2]), 1), 0);
    ak_pretok_reset(p);
    size_t big_n = 300u << 10;
    char *big = malloc(big_n + 1);
    for (size_t i = 0; i < big_n; i++) big[i] = "ab "[i % 3];
    big[big_n] = 0;
    assert_int_equal(ak_pretok_add(p, big, big_n, 1), 0);
    free(big);
    free(other);
    ak_pretok_stop(p);
}

/* ---- a store filled by ingestion against the same store indexed afresh ---- */

static char *dump(sqlite3 *h, const char *sql)
{
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, sql, -1, &q, NULL), SQLITE_OK);
    ak_buf b = AK_BUF_INIT;
    int cols = sqlite3_column_count(q), rows = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        rows++;
        for (int i = 0; i < cols; i++) ak_buf_printf(&b, "%s|", (const char *)sqlite3_column_text(q, i));
        ak_buf_putc(&b, '\n');
    }
    sqlite3_finalize(q);
    assert_true(rows > 0);
    ak_buf_cstr(&b);
    return ak_buf_detach(&b, NULL);
}

/* 700 records (several staged inserts of 128 and two transactions of 500), titled and not, one
 * body longer than the worker takes, over the project's own examples/. */
static void write_records(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (int i = 0; i < 700; i++) {
        fprintf(f, "{\"id\":\"r%d\",\"source\":\"s%d\",", i, i % 3);
        if (i % 4) fprintf(f, "\"title\":\"خبر رقم %d عن بغداد\",", i);
        fprintf(f, "\"text\":\"وصل الوفد %d لبغداد في %d آب، والتقى وزير الدفاع كرئيس للجنة. Meeting %d.", i, 1 + i % 28,
                i);
        if (i == 350)
            for (int k = 0; k < 9000; k++) fprintf(f, " الفقرة %d من التقرير الطويل عن الاجتماع.", k);
        fprintf(f, "\"}\n");
    }
    fclose(f);
}

static void ingested_index_is_the_analyzers(void **state)
{
    (void)state;
    char dir[] = "/tmp/ak_pretok_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char in[96], db_path[96], examples[512];
    snprintf(in, sizeof in, "%s/r.jsonl", dir);
    snprintf(db_path, sizeof db_path, "%s/s.db", dir);
    snprintf(examples, sizeof examples, "%s/examples", getenv("AK_SOURCE_DIR") ? getenv("AK_SOURCE_DIR") : ".");
    write_records(in);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, db_path), AK_OK);
    const char *paths[] = {in, examples};
    ak_ingest_options opt;
    ak_ingest_options_default(&opt);
    opt.batch_size = 500;
    ak_ingest_counts c;
    size_t replays = ak_pretok_replays;
    assert_int_equal(ak_ingest(db, paths, 2, &opt, &c), AK_OK);
    assert_true(c.added >= 700);
    /* every body but the long one, and the titles, came from the worker */
    assert_true(ak_pretok_replays - replays >= c.added - 1 + 500);
    sqlite3 *h = ak_db_sqlite(db);
    assert_int_equal(sqlite3_exec(h, "CREATE VIRTUAL TABLE temp.v USING fts5vocab(main, articles_fts, instance)",
                                  NULL, NULL, NULL), SQLITE_OK);
    const char *index = "SELECT term, doc, col, offset FROM temp.v";
    char *ingested = dump(h, index);
    char *marks = dump(h, "SELECT count(*) FROM articles a JOIN search_marks s USING(seq)"
                          " WHERE s.m IS NOT ak_marks(a.text)");
    assert_string_equal(marks, "0|\n");
    /* the index made again by FTS5 from the stored texts, every text analyzed by the tokenizer */
    assert_int_equal(sqlite3_exec(h, "INSERT INTO articles_fts(articles_fts) VALUES('rebuild')", NULL, NULL, NULL),
                     SQLITE_OK);
    char *rebuilt = dump(h, index);
    assert_string_equal(ingested, rebuilt);
    free(ingested);
    free(rebuilt);
    free(marks);
    ak_db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(replay_matches_analyzer),
        cmocka_unit_test(other_bytes_are_not_replayed),
        cmocka_unit_test(ingested_index_is_the_analyzers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
