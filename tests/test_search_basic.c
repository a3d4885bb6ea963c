/* test_search_basic.c: full-text search: spelling variants and proclitics match, phrases and
 * prefixes, BM25 with the title weighted, filters, snippets of the original text, safe queries,
 * the index in step with ingestion (same transaction) and migration 4 on an existing database. */
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
#include "store/store_internal.h"
#include "sql_number.h"

static char g_dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_search_XXXXXX");
    return mkdtemp(g_dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *path_of(const char *name)
{
    static char p[4][128];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", g_dir, name);
    return p[k];
}

static void write_file(const char *path, const char *data)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(data, f);
    fclose(f);
}

static const char CORPUS[] =
    "{\"id\":\"a1\",\"source\":\"s1\",\"published\":\"2023-08-08\",\"title\":\"وزير الدفاع في واشنطن\","
    "\"text\":\"التقى الوزير نظيره الأميركي لويد أوستن في مبنى البنتاغون.\"}\n"
    "{\"id\":\"a2\",\"source\":\"s2\",\"published\":\"2023-08-09\",\"title\":\"محادثات\","
    "\"text\":\"وصل الوفد العراقي إلى واشنطن قادما من العاصمة وبغداد تترقب النتائج.\"}\n"
    "{\"id\":\"a3\",\"source\":\"s1\",\"published\":\"2023-09-01T10:30\",\"title\":\"عودة الوفد\","
    "\"text\":\"عاد الوفد لبغداد بعد جولة طويلة <script>alert(1)</script> & حديث عن الانسحاب.\"}\n"
    "{\"id\":\"a4\",\"source\":\"s2\",\"published\":\"2023-10-01\",\"title\":\"بغداد تستضيف القمة\","
    "\"text\":\"تستعد العاصمة لاستضافة القمة العربية في الشهر المقبل.\"}\n"
    "{\"id\":\"a5\",\"title\":\"Solar power\",\"text\":\"محطة الطاقة الشمسية في معان تعمل. SOLAR energy grows.\"}\n";

static ak_db *open_corpus(const char *name)
{
    char jsonl[32];
    snprintf(jsonl, sizeof jsonl, "%s.jsonl", name);
    const char *in = path_of(jsonl);
    write_file(in, CORPUS);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of(name)), AK_OK);
    const char *paths[] = {in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
    assert_int_equal(c.added, 5);
    return db;
}

/* Collected hits: ids joined by spaces, and the snippets. */
typedef struct got {
    char ids[512];
    char snippets[4096];
    double scores[16];
    size_t n;
} got;

static int collect(const ak_search_hit *h, void *ctx)
{
    got *g = ctx;
    if (g->n < 16) g->scores[g->n] = h->score;
    g->n++;
    strncat(g->ids, g->ids[0] ? " " : "", sizeof g->ids - strlen(g->ids) - 1);
    strncat(g->ids, h->id, sizeof g->ids - strlen(g->ids) - 1);
    strncat(g->snippets, h->snippet, sizeof g->snippets - strlen(g->snippets) - 2);
    strcat(g->snippets, "\n");
    return 0;
}

static int run(ak_db *db, ak_search_query *q, got *g, size_t *total)
{
    memset(g, 0, sizeof *g);
    return ak_search(db, q, collect, g, total);
}

static int search_ids(ak_db *db, const char *text, got *g)
{
    ak_search_query q = {0};
    q.q = text;
    return run(db, &q, g, NULL);
}

/* Each word of a sorted-id expectation appears in the hits, and nothing else. */
static void assert_same_ids(const char *ids, const char *want)
{
    char a[512], b[512];
    snprintf(a, sizeof a, " %s ", ids);
    snprintf(b, sizeof b, "%s", want);
    size_t n_want = 0;
    for (char *t = strtok(b, " "); t; t = strtok(NULL, " ")) {
        char pat[64];
        snprintf(pat, sizeof pat, " %s ", t);
        if (!strstr(a, pat)) fail_msg("expected %s in hits [%s]", t, ids);
        n_want++;
    }
    size_t n_got = 0;
    for (const char *p = ids; *p; p++) n_got += *p == ' ';
    if (*ids) n_got++;
    if (n_got != n_want) fail_msg("hits [%s], wanted only [%s]", ids, want);
}

static void variants_and_proclitics_match(void **state)
{
    (void)state;
    ak_db *db = open_corpus("v.db");
    got g;
    assert_int_equal(search_ids(db, "اوستن", &g), AK_OK); /* bare alef finds hamza-alef */
    assert_same_ids(g.ids, "a1");
    assert_non_null(strstr(g.snippets, "<b>أوستن</b>")); /* highlight shows the original spelling */
    assert_int_equal(search_ids(db, "بغداد", &g), AK_OK); /* finds وبغداد, لبغداد and بغداد */
    assert_same_ids(g.ids, "a2 a3 a4");
    assert_non_null(strstr(g.snippets, "<b>وبغداد</b>"));
    assert_non_null(strstr(g.snippets, "<b>لبغداد</b>"));
    assert_int_equal(search_ids(db, "الوفود", &g), AK_OK); /* a different stem: no match */
    assert_int_equal(g.n, 0);
    assert_int_equal(search_ids(db, "solar", &g), AK_OK); /* Latin folds case */
    assert_same_ids(g.ids, "a5");
    assert_int_equal(search_ids(db, "الشمسيه", &g), AK_OK); /* teh marbuta and heh meet */
    assert_same_ids(g.ids, "a5");
    ak_db_close(db);
}

static void phrases_and_prefixes(void **state)
{
    (void)state;
    ak_db *db = open_corpus("p.db");
    got g;
    assert_int_equal(search_ids(db, "\"لويد أوستن\"", &g), AK_OK);
    assert_same_ids(g.ids, "a1");
    assert_non_null(strstr(g.snippets, "<b>لويد أوستن</b>")); /* a phrase is one highlight */
    assert_int_equal(search_ids(db, "\"أوستن لويد\"", &g), AK_OK); /* order matters in a phrase */
    assert_int_equal(g.n, 0);
    assert_int_equal(search_ids(db, "«الوفد العراقي»", &g), AK_OK);
    assert_same_ids(g.ids, "a2");
    assert_int_equal(search_ids(db, "البنتا*", &g), AK_OK);
    assert_same_ids(g.ids, "a1");
    assert_int_equal(search_ids(db, "واشنطن الوفد", &g), AK_OK); /* words: all must match */
    assert_same_ids(g.ids, "a2");
    ak_db_close(db);
}

static void title_weighs_more(void **state)
{
    (void)state;
    ak_db *db = open_corpus("t.db");
    got g;
    /* بغداد in a4's short title beats it once in the bodies of a2 and a3. */
    assert_int_equal(search_ids(db, "بغداد", &g), AK_OK);
    assert_int_equal(strncmp(g.ids, "a4 ", 3), 0);
    assert_true(g.scores[0] > g.scores[1] && g.scores[1] >= g.scores[2] && g.scores[2] > 0);
    ak_db_close(db);
}

static void filters_and_paging(void **state)
{
    (void)state;
    ak_db *db = open_corpus("f.db");
    sqlite3 *h = ak_db_sqlite(db);
    assert_int_equal(sqlite3_exec(h,
                                  "INSERT INTO story_articles(article, story) VALUES('a2','st1'),('a3','st1');"
                                  "INSERT INTO entities(id, type, name) VALUES(7, 'LOC', 'بغداد');"
                                  "INSERT INTO entity_mentions(article, start, end, entity, text) VALUES('a4', 0, 5, 7, 'بغداد');",
                                  NULL, NULL, NULL),
                     SQLITE_OK);
    got g;
    size_t total = 0;
    ak_search_query q = {0};
    q.q = "بغداد";
    q.from = "2023-08-10";
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_same_ids(g.ids, "a3 a4");
    q.to = "2023-09-01"; /* inclusive, on the day part of a date-time */
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_same_ids(g.ids, "a3");
    assert_int_equal(total, 1);
    memset(&q, 0, sizeof q);
    q.q = "بغداد";
    q.source = "s2";
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_same_ids(g.ids, "a2 a4");
    q.source = NULL;
    q.story = "st1";
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_same_ids(g.ids, "a2 a3");
    q.story = NULL;
    q.entity = 7;
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_same_ids(g.ids, "a4");
    q.entity = 0;
    q.limit = 1; /* paging: total counts every match */
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_int_equal(g.n, 1);
    assert_int_equal(total, 3);
    char first[512];
    memcpy(first, g.ids, sizeof first);
    q.offset = 1;
    q.limit = 5;
    assert_int_equal(run(db, &q, &g, &total), AK_OK);
    assert_int_equal(g.n, 2);
    assert_null(strstr(g.ids, first));
    q.from = "2023-8-1"; /* not YYYY-MM-DD */
    assert_int_equal(run(db, &q, &g, &total), AK_EINVAL);
    ak_db_close(db);
}

static void snippets_are_escaped(void **state)
{
    (void)state;
    ak_db *db = open_corpus("s.db");
    got g;
    assert_int_equal(search_ids(db, "جولة", &g), AK_OK);
    assert_same_ids(g.ids, "a3");
    assert_null(strstr(g.snippets, "<script>"));
    assert_non_null(strstr(g.snippets, "&lt;script&gt;"));
    assert_non_null(strstr(g.snippets, "&amp;"));
    assert_non_null(strstr(g.snippets, "<b>جولة</b>"));
    ak_db_close(db);
}

/* A long text gives a window around the match with ellipses; a short one is shown whole. */
static void snippet_windows(void **state)
{
    (void)state;
    const char *in = path_of("w.jsonl");
    char rec[8192] = "{\"id\":\"long\",\"text\":\"";
    for (int i = 0; i < 60; i++) strcat(rec, i == 30 ? "زلزال مدمر " : "كلمة ");
    strcat(rec, "\"}\n{\"id\":\"short\",\"text\":\"وقع زلزال قوي\"}\n");
    write_file(in, rec);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of("w.db")), AK_OK);
    const char *paths[] = {in};
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_OK);
    got g;
    assert_int_equal(search_ids(db, "مدمر", &g), AK_OK);
    assert_same_ids(g.ids, "long");
    assert_int_equal(strncmp(g.snippets, "…", strlen("…")), 0);
    assert_non_null(strstr(g.snippets, "<b>مدمر</b> كلمة"));
    assert_non_null(strstr(g.snippets, "…\n"));
    size_t words = 1;
    for (const char *p = g.snippets; *p; p++) words += *p == ' ';
    assert_true(words <= 26);
    assert_int_equal(search_ids(db, "زلزال", &g), AK_OK);
    assert_non_null(strstr(g.snippets, "وقع <b>زلزال</b> قوي\n"));
    assert_non_null(strstr(g.snippets, "<b>زلزال</b> مدمر"));
    ak_db_close(db);
}

static int keep_terms(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be);

/* A word that Light10 takes where the function words go is its own term: "وفيات" (deaths) does not
 * find every article with في, nor "الوفيات" every "وفي" (and in), "منها" every من, "عليها" every على
 * or "الآلية" every إلى; a stem that is no function word still joins its forms (يده finds يد,
 * يوم finds يومين). */
static void stems_that_are_function_words(void **state)
{
    (void)state;
    const char *in = path_of("fnw.jsonl");
    write_file(in, "{\"id\":\"deaths\",\"text\":\"لا وفيات ولا إصابات جديدة\"}\n"
                   "{\"id\":\"in\",\"text\":\"اجتمع الوزراء في الرياض وفي جدة\"}\n"
                   "{\"id\":\"from\",\"text\":\"خرج الوفد من القاعة\"}\n"
                   "{\"id\":\"hand\",\"text\":\"رفع يده بالتحية\"}\n"
                   "{\"id\":\"hand2\",\"text\":\"صافحه اليد اليمنى\"}\n"
                   "{\"id\":\"on\",\"text\":\"وقع الاتفاق على الورق ووصل إلى عمان\"}\n"
                   "{\"id\":\"days\",\"text\":\"استمر المعرض يومين\"}\n");
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of("fnw.db")), AK_OK);
    const char *paths[] = {in};
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_OK);
    got g;
    assert_int_equal(search_ids(db, "وفيات", &g), AK_OK);
    assert_same_ids(g.ids, "deaths");
    assert_int_equal(search_ids(db, "الوفيات", &g), AK_OK); /* its stem وفي is و + في */
    assert_same_ids(g.ids, "");
    assert_int_equal(search_ids(db, "في", &g), AK_OK);
    assert_same_ids(g.ids, "in");
    assert_int_equal(search_ids(db, "منها", &g), AK_OK);
    assert_same_ids(g.ids, "");
    assert_int_equal(search_ids(db, "يد", &g), AK_OK);
    assert_same_ids(g.ids, "hand hand2");
    assert_int_equal(search_ids(db, "عليها", &g), AK_OK); /* Light10: عل, على's stem */
    assert_same_ids(g.ids, "");
    assert_int_equal(search_ids(db, "الآلية", &g), AK_OK); /* Light10: الي, إلى normalized */
    assert_same_ids(g.ids, "");
    assert_int_equal(search_ids(db, "على", &g), AK_OK);
    assert_same_ids(g.ids, "on");
    assert_int_equal(search_ids(db, "يوم", &g), AK_OK); /* اليوم is a stopword, يوم a noun: still joined */
    assert_same_ids(g.ids, "days");
    /* the analyzer: the word as normalized, with the same offsets */
    char terms[1024] = "";
    const char *w = "وفيات";
    assert_int_equal(ak_search_analyze(w, strlen(w), AK_SA_DEFAULT | AK_SA_QUERY, keep_terms, terms), 0);
    assert_string_equal(terms, "وفيات@0-10 ");
    ak_db_close(db);
}

static void bad_queries_are_einval(void **state)
{
    (void)state;
    ak_db *db = open_corpus("b.db");
    got g;
    const char *einval[] = {"", "   ", "\"\"", "*", "()", "\xff\xfe", "بغداد \xC3", "؟!،"};
    for (size_t i = 0; i < sizeof einval / sizeof *einval; i++) {
        if (search_ids(db, einval[i], &g) != AK_EINVAL) fail_msg("query %zu not refused", i);
        assert_true(strlen(ak_last_error()) > 0);
    }
    assert_non_null(strstr((search_ids(db, "\xff", &g), ak_last_error()), "UTF-8"));
    /* FTS5 syntax in the query is plain text: never a syntax error. */
    const char *ok[] = {"NEAR(بغداد", "بغداد OR", "AND بغداد", "title:بغداد", "بغداد\"", "^بغداد", "-بغداد",
                        "\"بغداد", "(بغداد)", "بغداد+واشنطن", "{title}: x", "بغداد NOT واشنطن"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
        if (search_ids(db, ok[i], &g) != AK_OK) fail_msg("query %s: %s", ok[i], ak_last_error());
    char big[AK_SEARCH_MAX_QUERY + 10];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    assert_int_equal(search_ids(db, big, &g), AK_EINVAL);
    ak_search_query q = {0};
    assert_int_equal(ak_search(db, &q, collect, &g, NULL), AK_EINVAL);
    assert_int_equal(ak_search(NULL, &q, collect, &g, NULL), AK_EINVAL);
    ak_db_close(db);
}

static int refuse_second(ak_db *db, const ak_stored_article *a, void *ctx)
{
    (void)db;
    (void)ctx;
    return strcmp(a->id, "y") == 0 ? AK_EINVAL : 0;
}

/* The index is written in the batch's transaction: a rolled-back batch leaves nothing to find,
 * and a later committed one is found at once. */
static void index_in_step_with_ingestion(void **state)
{
    (void)state;
    const char *in = path_of("h.jsonl");
    write_file(in, "{\"id\":\"x\",\"text\":\"مطار بغداد الدولي\"}\n{\"id\":\"y\",\"text\":\"ميناء البصرة\"}\n");
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of("h.db")), AK_OK);
    ak_db_set_article_hook(db, refuse_second, NULL);
    const char *paths[] = {in};
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_EINVAL);
    got g;
    assert_int_equal(search_ids(db, "بغداد", &g), AK_OK);
    assert_int_equal(g.n, 0);
    ak_db_set_article_hook(db, NULL, NULL);
    assert_int_equal(ak_ingest(db, paths, 1, NULL, NULL), AK_OK);
    assert_int_equal(search_ids(db, "بغداد", &g), AK_OK);
    assert_same_ids(g.ids, "x");
    assert_int_equal(search_ids(db, "البصره", &g), AK_OK);
    assert_same_ids(g.ids, "y");
    /* An edited article is found by its new words only. */
    assert_int_equal(sqlite3_exec(ak_db_sqlite(db), "UPDATE articles SET title='ميناء', text='ميناء أم قصر' WHERE id='y'",
                                  NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(search_ids(db, "البصرة", &g), AK_OK);
    assert_int_equal(g.n, 0);
    assert_int_equal(search_ids(db, "قصر", &g), AK_OK);
    assert_same_ids(g.ids, "y");
    ak_db_close(db);
}

static int stop_at_first(const ak_search_hit *h, void *ctx)
{
    (void)h;
    (*(int *)ctx)++;
    return 42;
}

/* Pages are cached per connection, but never served once the database changed: by another
 * connection, by this one, or inside a transaction that is then rolled back. */
static void cache_follows_every_change(void **state)
{
    (void)state;
    ak_db *a = open_corpus("c.db"), *b = NULL;
    assert_int_equal(ak_db_open(&b, path_of("c.db")), AK_OK);
    got g1, g2;
    size_t t1 = 0, t2 = 0;
    ak_search_query q = {0};
    q.q = "بغداد";
    assert_int_equal(run(b, &q, &g1, &t1), AK_OK);
    assert_int_equal(run(b, &q, &g2, &t2), AK_OK); /* the same page again, from the cache */
    assert_string_equal(g1.ids, g2.ids);
    assert_string_equal(g1.snippets, g2.snippets);
    assert_int_equal(t1, 3);
    assert_int_equal(t2, 3);
    for (size_t i = 0; i < g1.n; i++) assert_true(g1.scores[i] == g2.scores[i]);
    int calls = 0;
    assert_int_equal(ak_search(b, &q, stop_at_first, &calls, NULL), 42); /* a stop is still a stop */
    assert_int_equal(calls, 1);
    /* another connection writes: b sees it at once */
    assert_int_equal(sqlite3_exec(ak_db_sqlite(a), "INSERT INTO articles(id, title, raw, text, removed, hash)"
                                  " VALUES('n1', 'بغداد', '', 'خبر من بغداد', '[]', '')", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(run(b, &q, &g1, &t1), AK_OK);
    assert_int_equal(t1, 4);
    assert_true(strstr(g1.ids, "n1") != NULL);
    /* this connection writes in a transaction, searches, rolls back: the page seen inside is not kept */
    sqlite3 *hb = ak_db_sqlite(b);
    assert_int_equal(sqlite3_exec(hb, "BEGIN; INSERT INTO articles(id, title, raw, text, removed, hash)"
                                  " VALUES('n2', 'بغداد', '', 'بغداد', '[]', '')", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(run(b, &q, &g1, &t1), AK_OK);
    assert_int_equal(t1, 5);
    assert_int_equal(sqlite3_exec(hb, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(run(b, &q, &g1, &t1), AK_OK);
    assert_int_equal(t1, 4);
    assert_null(strstr(g1.ids, "n2"));
    /* this connection deletes outside a transaction */
    assert_int_equal(sqlite3_exec(hb, "DELETE FROM articles WHERE id='n1'", NULL, NULL, NULL), SQLITE_OK);
    assert_int_equal(run(b, &q, &g1, &t1), AK_OK);
    assert_int_equal(t1, 3);
    assert_null(strstr(g1.ids, "n1"));
    ak_db_close(b);
    ak_db_close(a);
}

/* The fast paths give what the plain ones give: ak_bm25 with lengths from memory the same scores,
 * bit for bit, as FTS5's bm25 (and the same order); a prefix query's snippets made in one pass the
 * same as one statement per hit. */
static void fast_paths_agree(void **state)
{
    (void)state;
    ak_db *db = open_corpus("fq.db");
    sqlite3 *h = ak_db_sqlite(db);
    ak_search_cache_pages = 0;
    static const char *const queries[] = {"بغداد", "الوفد", "واشنطن الوفد", "\"الوفد العراقي\"", "بغد*", "ال*", "solar"};
    for (size_t k = 0; k < sizeof queries / sizeof *queries; k++) {
        got fast, plain;
        ak_search_lengths_min = 1;
        assert_int_equal(search_ids(db, queries[k], &fast), AK_OK);
        ak_search_lengths_min = (size_t)-1;
        assert_int_equal(search_ids(db, queries[k], &plain), AK_OK);
        assert_string_equal(fast.ids, plain.ids);
        assert_string_equal(fast.snippets, plain.snippets);
        assert_true(fast.n > 0);
        char *expr = NULL;
        assert_int_equal(ak_search_match_expr(queries[k], &expr), AK_OK);
        sqlite3_stmt *st = NULL;
        assert_int_equal(sqlite3_prepare_v2(h, "SELECT -bm25(articles_fts, 3.0, 1.0), ak_snippet(articles_fts, 24)"
                                               " FROM articles_fts WHERE articles_fts MATCH ?1"
                                               " ORDER BY bm25(articles_fts, 3.0, 1.0), rowid", -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_text(st, 1, expr, -1, SQLITE_STATIC);
        char snippets[4096] = "";
        for (size_t i = 0; sqlite3_step(st) == SQLITE_ROW; i++) {
            assert_true(i < fast.n);
            assert_true(fast.scores[i] == sqlite3_column_double(st, 0));
            strncat(snippets, (const char *)sqlite3_column_text(st, 1), sizeof snippets - strlen(snippets) - 2);
            strcat(snippets, "\n");
        }
        assert_string_equal(fast.snippets, snippets);
        sqlite3_finalize(st);
        free(expr);
    }
    ak_search_lengths_min = 2000;
    ak_search_cache_pages = 1;
    ak_db_close(db);
}

/* A store file brought to schema `version` by the migrations alone, then `sql` run on it. */
static sqlite3 *store_at_version(const char *name, int version, const char *sql)
{
    sqlite3 *h = NULL;
    assert_int_equal(sqlite3_open(path_of(name), &h), SQLITE_OK);
    assert_int_equal(ak_search_register(h), AK_OK); /* migrations 4 and 8 call the tokenizer */
    int n = 0;
    const char *const *m = ak_store_migrations(&n);
    assert_true(n > version);
    assert_int_equal(ak_store_migrate(h, m, version), AK_OK);
    assert_int_equal(sqlite3_exec(h, sql, NULL, NULL, NULL), SQLITE_OK);
    return h;
}

/* A database made before search (schema 3, articles stored) gets them indexed by migration 4. */
static void migration_indexes_stored_articles(void **state)
{
    (void)state;
    sqlite3_close(store_at_version("old.db", 3,
                                   "INSERT INTO articles(id, title, raw, text, removed, hash) VALUES"
                                   "('old1', 'قديم', 'وصل أوستن', 'وصل أوستن إلى بغداد', '[]', 'h1'),"
                                   "('old2', NULL, 'x', 'خبر آخر عن البصرة', '[]', 'h2')"));
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of("old.db")), AK_OK);
    int version = 0;
    assert_int_equal(ak_db_schema_version(db, &version), AK_OK);
    assert_true(version >= 4);
    got g;
    assert_int_equal(search_ids(db, "اوستن", &g), AK_OK);
    assert_same_ids(g.ids, "old1");
    assert_int_equal(search_ids(db, "البصره", &g), AK_OK);
    assert_same_ids(g.ids, "old2");
    ak_db_close(db);
}

/* Migration 10 re-makes a store of schema 9: `raw` last and NULL where it equals the text, the
 * same rows, the index and the triggers as before (a search finds old and new articles). */
static void migration_puts_raw_last(void **state)
{
    (void)state;
    sqlite3 *h = store_at_version("v9.db", 9,
                                  "INSERT INTO articles(id, title, raw, text, removed, hash) VALUES"
                                  "('same', 'قديم', 'وصل أوستن إلى بغداد', 'وصل أوستن إلى بغداد', '[]', 'h1'),"
                                  "('cut', NULL, 'خبر آخر عن البصرة\nاقرأ أيضا', 'خبر آخر عن البصرة', "
                                  "'[{\"start\":32,\"end\":45,\"reason\":\"ui\"}]', 'h2')");
    int n = 0;
    ak_store_migrations(&n);
    long long gen = sql_number(h, "SELECT gen FROM search_stamp");
    sqlite3_close(h);
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, path_of("v9.db")), AK_OK);
    h = ak_db_sqlite(db);
    assert_int_equal(sql_number(h, "SELECT max(version) FROM schema_version"), n);
    assert_int_equal(sql_number(h, "SELECT cid FROM pragma_table_info('articles') WHERE name = 'raw'"),
                     sql_number(h, "SELECT count(*) - 1 FROM pragma_table_info('articles')"));
    assert_int_equal(sql_number(h, "SELECT count(*) FROM articles WHERE raw IS NULL"), 1);
    assert_int_equal(sql_number(h, "SELECT count(*) FROM articles WHERE id = 'same' AND raw IS NULL"), 1);
    /* the triggers of migrations 4, 5, 6 and 8 are back on the new table */
    assert_int_equal(sql_number(h, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'"), 12);
    assert_int_equal(sql_number(h, "SELECT gen FROM search_stamp"), gen); /* same rows: the index is still valid */
    ak_stored_article *a = NULL;
    assert_int_equal(ak_article_get(db, "same", &a), AK_OK);
    assert_string_equal(a->raw, "وصل أوستن إلى بغداد");
    assert_int_equal(a->raw_len, a->text_len);
    ak_stored_article_free(a);
    assert_int_equal(ak_article_get(db, "cut", &a), AK_OK);
    assert_string_equal(a->raw, "خبر آخر عن البصرة\nاقرأ أيضا");
    assert_string_equal(a->text, "خبر آخر عن البصرة");
    ak_stored_article_free(a);
    assert_int_equal(sqlite3_exec(h, "INSERT INTO articles(id, title, text, removed, hash) VALUES"
                                     "('new', NULL, 'زار أوستن البصرة', '[]', 'h3')", NULL, NULL, NULL), SQLITE_OK);
    assert_true(sql_number(h, "SELECT gen FROM search_stamp") > gen);
    assert_int_equal(sql_number(h, "SELECT count(*) FROM search_marks"), 3);
    got g;
    assert_int_equal(search_ids(db, "اوستن", &g), AK_OK);
    assert_same_ids(g.ids, "same new");
    assert_int_equal(search_ids(db, "البصره", &g), AK_OK);
    assert_same_ids(g.ids, "cut new");
    ak_db_close(db);
}

/* Terms carry byte offsets of the original word, so highlights land on the original text. */
static int keep_terms(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    char *out = ctx;
    char one[256];
    snprintf(one, sizeof one, "%s%.*s@%zu-%zu ", colocated ? "+" : "", (int)n, t, bs, be);
    strncat(out, one, 1023 - strlen(out));
    return 0;
}

/* The Light10 stem of a normalized word (the text core's rules, whatever they become). */
static const char *stem_of(const char *w)
{
    static char buf[8][128];
    static int k;
    k = (k + 1) % 8;
    size_t n = ak_light10(w, strlen(w), buf[k], sizeof buf[k] - 1);
    buf[k][n] = '\0';
    return buf[k];
}

static void analyzer_terms(void **state)
{
    (void)state;
    char out[1024] = "", want[1024];
    const char *text = "لويد أوستن، لبغداد وبالحكومة Solar \xff بيروت";
    assert_int_equal(ak_search_analyze(text, strlen(text), AK_SA_DEFAULT, keep_terms, out), 0);
    /* Offsets are bytes of the original words; a proclitic ب ل ك ف gives a colocated variant;
     * the invalid byte is skipped. */
    snprintf(want, sizeof want, "%s@0-8 +%s@0-8 %s@9-19 %s@22-34 +%s@22-34 %s@35-53 solar@54-59 %s@62-72 +%s@62-72 ",
             stem_of("لويد"), stem_of("ويد"), stem_of("اوستن"), stem_of("لبغداد"), stem_of("بغداد"),
             stem_of("وبالحكومه"), stem_of("بيروت"), stem_of("يروت"));
    assert_string_equal(out, want);
    out[0] = '\0';
    assert_int_equal(ak_search_analyze(text, strlen(text), AK_SA_DEFAULT | AK_SA_QUERY, keep_terms, out), 0);
    assert_null(strchr(out, '+')); /* queries: no variants */
    char *expr = NULL;
    assert_int_equal(ak_search_match_expr("بغداد \"لويد \"\"أوستن\" واشنط* ،", &expr), AK_OK);
    assert_string_equal(expr, "\"بغداد\" \"لويد \" \"أوستن\" \"واشنط\" *");
    free(expr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyzer_terms),
        cmocka_unit_test(variants_and_proclitics_match),
        cmocka_unit_test(phrases_and_prefixes),
        cmocka_unit_test(title_weighs_more),
        cmocka_unit_test(filters_and_paging),
        cmocka_unit_test(snippets_are_escaped),
        cmocka_unit_test(snippet_windows),
        cmocka_unit_test(stems_that_are_function_words),
        cmocka_unit_test(bad_queries_are_einval),
        cmocka_unit_test(index_in_step_with_ingestion),
        cmocka_unit_test(migration_indexes_stored_articles),
        cmocka_unit_test(migration_puts_raw_last),
        cmocka_unit_test(cache_follows_every_change),
        cmocka_unit_test(fast_paths_agree),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
