/* test_report_store.c: the report of a database streams its articles from the store while
 * it writes (ak_report_add_db keeps no copy of them) and spills the store's sections to
 * temporary files, and writes byte for byte what the report held whole in memory writes
 * (rp_add_db_whole, the way it was built before) over a generated store of a few hundred
 * articles with exact copies, near copies folded under their originals, dates inferred by
 * the analysis, stories and removed date lines; the write buffers and the spill are set
 * small so every article crosses a flush. */
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
#include "report/report_internal.h"
#include "slurp.h"
#include "synth_corpus.h"

#define N_ART 320

typedef struct fixture { char dir[64], db[96], in[96], out[96]; ak_db *store; } fixture;

/* The body of article k of topic t: shared sentences, the topic's words, its own words. */
static void body(FILE *f, unsigned t, unsigned k, int changed, int dated)
{
    fputs("أعلنت وزارة الصحة في عمّان يوم 3 آذار 2024 عن افتتاح مستشفى جديد في الزرقاء", f);
    for (unsigned w = 0; w < 6; w++) synth_word(f, " ت", t * 10 + w);
    fputs(".\\nوقال الوزير سامر الخطيب إن المشروع", f);
    for (unsigned w = 0; w < 10; w++) synth_word(f, " م", k * 16 + w + (changed && w == 4 ? 7000 : 0));
    /* undated: the weekday lets the analysis take the day from the related articles */
    fputs(dated ? " ويخدم سكان المدينة منذ الأحد الماضي." : " ويخدم سكان المدينة منذ صباح اليوم الأحد 3 مارس 2024.", f);
}

/* N_ART records: every tenth a near copy of the one before (one word changed), every tenth
 * (another) an exact copy under a new id, every fifth without a date of its own (the
 * analysis infers it), every third with a date line the cleaning takes out. */
static void write_corpus(const char *path)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    for (unsigned i = 0; i < N_ART; i++) {
        unsigned t = i / 10, src = i % 10 == 9 || i % 10 == 4 ? i - 1 : i;
        fprintf(f, "{\"id\":\"s%u\",\"source\":\"مصدر %u\",\"title\":\"خبر %u\",", i, i % 4, i);
        if (i % 5 != 2) fprintf(f, "\"published\":\"2024-03-%02u\",", 1 + t % 28);
        fputs("\"text\":\"", f);
        if (i % 3 == 0) fputs("الأحد 3 مارس 2024 - 14:20\\n", f);
        body(f, t, src, i % 10 == 9, i % 5 != 2);
        fputs("\"}\n", f);
    }
    fclose(f);
}

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    assert_non_null(x);
    snprintf(x->dir, sizeof x->dir, "/tmp/ak_rpstore_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    snprintf(x->db, sizeof x->db, "%s/a.db", x->dir);
    snprintf(x->in, sizeof x->in, "%s/in.jsonl", x->dir);
    snprintf(x->out, sizeof x->out, "%s/out", x->dir);
    write_corpus(x->in);
    assert_int_equal(ak_db_open(&x->store, x->db), AK_OK);
    const char *paths[] = {x->in};
    ak_ingest_counts ic;
    assert_int_equal(ak_ingest(x->store, paths, 1, NULL, &ic), AK_OK);
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    ak_analyze_counts ac;
    assert_int_equal(ak_analyze(x->store, &o, &ac), AK_OK);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    ak_db_close(x->store);
    char p[160];
    synth_remove_db(x->db);
    const char *files[] = {"report.json", "report.html"};
    for (int i = 0; i < 2; i++) { snprintf(p, sizeof p, "%s/%s", x->out, files[i]); remove(p); }
    rmdir(x->out);
    remove(x->in);
    rmdir(x->dir);
    free(x);
    rp_flush_bytes = RP_FLUSH;
    return 0;
}

/* dir/name read whole. */
static char *slurp_in(const char *dir, const char *name, size_t *len)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return slurp(path, len);
}

/* Writes r into dir and checks both files against the report held whole; *fj and *fh:
 * the files' bytes (the caller frees them). */
static void write_equals(const ak_report *r, const char *dir, const char *wj, size_t wjn, const char *wh, size_t whn,
                         char **fj, char **fh)
{
    assert_int_equal(ak_report_write(r, dir), AK_OK);
    size_t fjn, fhn;
    *fj = slurp_in(dir, "report.json", &fjn);
    *fh = slurp_in(dir, "report.html", &fhn);
    assert_int_equal(fjn, wjn);
    assert_memory_equal(*fj, wj, wjn);
    assert_int_equal(fhn, whn);
    assert_memory_equal(*fh, wh, whn);
}

/* The report as it was built before: every article copied into memory (limit: the newest
 * stories only, 0 for all). */
static void whole_limited(ak_db *db, size_t limit, char **json, size_t *jn, char **html, size_t *hn)
{
    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    assert_int_equal(ak_report_limit(r, limit, 0), AK_OK);
    assert_int_equal(ak_report_add_input(r, "in.jsonl"), AK_OK);
    assert_int_equal(rp_add_db_whole(r, db), AK_OK);
    assert_null(r->db);
    assert_true(limit ? r->n_art < 250 : r->n_art > 250);
    assert_int_equal(ak_report_json(r, json, jn), AK_OK);
    assert_int_equal(ak_report_html(r, html, hn), AK_OK);
    ak_report_free(r);
}

static void whole(ak_db *db, char **json, size_t *jn, char **html, size_t *hn)
{
    whole_limited(db, 0, json, jn, html, hn);
}

static void streamed_report_equals_the_whole_one(void **state)
{
    fixture *x = *state;
    rp_flush_bytes = 2048;
    char *wj, *wh;
    size_t wjn, whn;
    whole(x->store, &wj, &wjn, &wh, &whn);

    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    assert_int_equal(ak_report_add_input(r, "in.jsonl"), AK_OK);
    assert_int_equal(ak_report_add_db(r, x->store), AK_OK);
    /* no article is held: they are read from the store while writing */
    assert_non_null(r->db);
    assert_int_equal(r->n_art, 0);
    assert_true(r->n_db_art > 250);
    /* the stories and near-duplicates sections went to their temporary files */
    assert_int_equal(r->n_sec, 3);
    assert_string_equal(r->sec[0].id, "stories");
    assert_non_null(r->sec[0].jf);
    assert_non_null(r->sec[0].hf);
    assert_null(r->sec[0].json);
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    assert_int_equal(c.articles, r->n_db_art);
    assert_int_equal(c.records, N_ART);

    char *fj, *fh;
    write_equals(r, x->out, wj, wjn, wh, whn, &fj, &fh);
    /* what the corpus was made to have */
    assert_non_null(strstr(fh, "<details class=\"copies\">"));
    assert_non_null(strstr(fh, "<article class=\"story\""));
    assert_non_null(strstr(fh, "<p class=\"dup\">"));
    assert_non_null(strstr(fj, "\"published_from\":\"related\""));
    assert_non_null(strstr(fj, "\"reason\":\"dateline\""));
    assert_non_null(strstr(fj, "\"exact\":true"));

    /* the string forms are the same bytes, and a second write too */
    char *s = NULL;
    size_t n = 0;
    assert_int_equal(ak_report_json(r, &s, &n), AK_OK);
    assert_int_equal(n, wjn);
    assert_memory_equal(s, wj, n);
    ak_free(s);
    assert_int_equal(ak_report_html(r, &s, &n), AK_OK);
    assert_int_equal(n, whn);
    assert_memory_equal(s, wh, n);
    ak_free(s);
    ak_report_free(r);
    free(fj); free(fh); ak_free(wj); ak_free(wh);
}

/* An article added after the store's: the store's are read in first, in their place. */
static void mixed_report_is_held_whole(void **state)
{
    fixture *x = *state;
    rp_flush_bytes = 2048;
    ak_report_article extra = {.id = "extra", .title = "إضافي", .text = "نص قصير.", .text_len = strlen("نص قصير.")};
    ak_report *a = NULL, *b = NULL;
    assert_int_equal(ak_report_new(&a), AK_OK);
    assert_int_equal(ak_report_add_db(a, x->store), AK_OK);
    assert_int_equal(ak_report_add_article(a, &extra), AK_OK);
    assert_null(a->db);
    assert_int_equal(ak_report_new(&b), AK_OK);
    assert_int_equal(rp_add_db_whole(b, x->store), AK_OK);
    assert_int_equal(ak_report_add_article(b, &extra), AK_OK);
    assert_int_equal(a->n_art, b->n_art);
    char *sa, *sb;
    size_t na, nb;
    assert_int_equal(ak_report_json(a, &sa, &na), AK_OK);
    assert_int_equal(ak_report_json(b, &sb, &nb), AK_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(sa, sb, na);
    ak_free(sa); ak_free(sb);
    assert_int_equal(ak_report_html(a, &sa, &na), AK_OK);
    assert_int_equal(ak_report_html(b, &sb, &nb), AK_OK);
    assert_int_equal(na, nb);
    assert_memory_equal(sa, sb, na);
    ak_free(sa); ak_free(sb);
    ak_report_free(a);
    ak_report_free(b);
}

/* How often needle occurs in hay. */
static size_t occurrences(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

/* A report limited to the newest stories lists those and their articles only, the same
 * bytes streamed or held whole, and says how much the store holds. */
static void limited_report_lists_the_newest_stories(void **state)
{
    fixture *x = *state;
    rp_flush_bytes = 2048;
    enum { LIMIT = 4 };
    char *wj, *wh;
    size_t wjn, whn;
    whole_limited(x->store, LIMIT, &wj, &wjn, &wh, &whn);

    ak_report *r = NULL;
    assert_int_equal(ak_report_new(&r), AK_OK);
    assert_int_equal(ak_report_limit(r, LIMIT, 0), AK_OK);
    assert_int_equal(ak_report_add_input(r, "in.jsonl"), AK_OK);
    assert_int_equal(ak_report_add_db(r, x->store), AK_OK);
    assert_int_equal(ak_report_limit(r, 9, 0), AK_EINVAL); /* too late */
    assert_true(r->limited);
    assert_true(r->stories_stored > LIMIT);
    assert_true(r->articles_stored > 250);
    assert_true(r->n_db_art > 0 && r->n_db_art < r->articles_stored);
    char *fj, *fh;
    write_equals(r, x->out, wj, wjn, wh, whn, &fj, &fh);
    assert_int_equal(occurrences(fh, "<article class=\"story\""), LIMIT);
    assert_non_null(strstr(fh, "id=\"count-limit\""));
    char want[160];
    snprintf(want, sizeof want, "\"limit\":{\"stories\":%d,\"stories_stored\":%zu,\"articles_stored\":%zu}", LIMIT,
             r->stories_stored, r->articles_stored);
    assert_non_null(strstr(fj, want));

    /* every listed article belongs to a listed story, and there are as many as they hold */
    ak_db *db = x->store;
    sqlite3 *s = ak_db_sqlite(db);
    sqlite3_stmt *q = NULL;
    assert_int_equal(sqlite3_prepare_v2(s, "SELECT count(*) FROM (SELECT id FROM stories ORDER BY last_day IS NULL,"
                                           " last_day DESC, first_day DESC, id LIMIT ?1) t JOIN story_articles sa"
                                           " ON sa.story=t.id", -1, &q, NULL), SQLITE_OK);
    sqlite3_bind_int(q, 1, LIMIT);
    assert_int_equal(sqlite3_step(q), SQLITE_ROW);
    assert_int_equal((size_t)sqlite3_column_int64(q, 0), r->n_db_art);
    sqlite3_finalize(q);
    ak_report_free(r);
    free(fj); free(fh); ak_free(wj); ak_free(wh);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(streamed_report_equals_the_whole_one),
        cmocka_unit_test(mixed_report_is_held_whole),
        cmocka_unit_test(limited_report_lists_the_newest_stories),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
