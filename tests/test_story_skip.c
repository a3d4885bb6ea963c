/* test_story_skip.c: the story step of ak_analyze is skipped when none of its inputs
 * changed since the last completed pass (story_stamp, migration 6): a re-run clusters
 * nothing and leaves every table as it was; any one change of an input (an article added,
 * its text re-cleaned, one deleted, also with another added in its place, a near-duplicate
 * pair, a date, a mention, an entity, a stored story, the options) makes the next call
 * cluster again and store what a pass from scratch over the same data stores; a pass killed before its commit records
 * nothing; a database from before the stamp is clustered once, then skipped; an input
 * written by another connection while the step reads leaves the stamp counting. */
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
#include "sql_number.h"
#include "synth_corpus.h"

#define REC(id, src, day, title, text) \
    "{\"id\":\"" id "\",\"source\":\"" src "\",\"title\":\"" title "\",\"published\":\"" day "\",\"text\":\"" text "\"}\n"

static const char *const BASE =
    REC("f1", "وكالة أ", "2024-03-12", "سيول تغمر أحياء مدينة الزرقاء",
        "غمرت السيول مساء أمس الاثنين أحياء مدينة الزرقاء بعد أمطار غزيرة، وقال محافظ الزرقاء سامر الخطيب إن فرق "
        "الدفاع المدني أنقذت عشرات السكان من منازلهم.\\nوأعلنت مديرية التربية تعليق الدوام في مدارس المدينة اليوم الثلاثاء.")
    REC("f2", "صحيفة ب", "2024-03-13", "ارتفاع ضحايا سيول الزرقاء",
        "ارتفعت حصيلة ضحايا السيول التي اجتاحت مدينة الزرقاء إلى سبعة قتلى، وقال محافظ الزرقاء سامر الخطيب إن فرق "
        "الدفاع المدني ما زالت تبحث عن مفقودين في أحياء المدينة.\\nوأوضح أن السيول غمرت أمس الثلاثاء أحياء جديدة.")
    REC("r1", "وكالة أ", "2024-08-29", "المركزي يرفع سعر الفائدة",
        "قرر البنك المركزي اليوم الخميس رفع سعر الفائدة الرئيسي بمقدار 50 نقطة أساس لكبح التضخم، وقال محافظ البنك "
        "عادل الشريف إن القرار جاء بعد اجتماع لجنة السياسة النقدية.\\nوكان التضخم قد بلغ 6.8 في المئة في تموز/يوليو الماضي.");
static const char *const MORE =
    REC("f3", "قناة ج", "2024-03-13", "الدفاع المدني يواصل البحث في الزرقاء",
        "واصلت فرق الدفاع المدني البحث عن مفقودين في أحياء مدينة الزرقاء التي غمرتها السيول، وقال محافظ الزرقاء "
        "سامر الخطيب إن حصيلة الضحايا ارتفعت إلى سبعة قتلى.\\nوتوقعت الأرصاد استمرار الأمطار حتى الخميس.");
/* f2's text once rewritten: a report of the rate decision */
static const char *const F2_AS_RATES =
    "رفع البنك المركزي سعر الفائدة الرئيسي بمقدار 50 نقطة أساس لكبح التضخم، وقال محافظ البنك عادل الشريف "
    "إن لجنة السياسة النقدية قررت رفع سعر الفائدة بعد اجتماعها.\nوبلغ التضخم 6.8 في المئة.";

typedef struct fixture { char dir[64], db[96], in[96], copy[96]; } fixture;

static int setup(void **state)
{
    fixture *x = calloc(1, sizeof *x);
    snprintf(x->dir, sizeof x->dir, "/tmp/ak_storyskip_XXXXXX");
    assert_non_null(mkdtemp(x->dir));
    snprintf(x->db, sizeof x->db, "%s/a.db", x->dir);
    snprintf(x->in, sizeof x->in, "%s/in.jsonl", x->dir);
    snprintf(x->copy, sizeof x->copy, "%s/copy.db", x->dir);
    *state = x;
    return 0;
}

static int teardown(void **state)
{
    fixture *x = *state;
    synth_remove_db(x->db);
    synth_remove_db(x->copy);
    remove(x->in);
    rmdir(x->dir);
    free(x);
    return 0;
}

static void ingest(ak_db *db, fixture *x, const char *records)
{
    FILE *f = fopen(x->in, "w");
    assert_non_null(f);
    fputs(records, f);
    fclose(f);
    const char *paths[] = {x->in};
    ak_ingest_counts c;
    assert_int_equal(ak_ingest(db, paths, 1, NULL, &c), AK_OK);
}

/* Without a model (a path that does not exist): fast, the rest of the analysis runs. */
static ak_analyze_options opts(void)
{
    ak_analyze_options o;
    ak_analyze_options_default(&o);
    o.ner_model = "/nonexistent/ner.model";
    o.threads = 2;
    return o;
}

static void exec(ak_db *db, const char *sql)
{
    char *err = NULL;
    int rc = sqlite3_exec(ak_db_sqlite(db), sql, NULL, NULL, &err);
    if (rc != SQLITE_OK) fprintf(stderr, "%s: %s\n", sql, err);
    sqlite3_free(err);
    assert_int_equal(rc, SQLITE_OK);
}

static long long num(ak_db *db, const char *sql) { return sql_number(ak_db_sqlite(db), sql); }

/* got must equal want: else the step and the first line that differs are printed. */
static void same_text(const char *got, const char *want, const char *what)
{
    if (!strcmp(got, want)) return;
    size_t i = 0, line = 0;
    for (; got[i] && got[i] == want[i]; i++)
        if (got[i] == '\n') line = i + 1;
    fprintf(stderr, "after %s: differs at\n got: %.300s\nwant: %.300s\n", what, got + line, want + line);
    fail();
}

/* The rows of the given queries as text (caller frees). */
static char *dump(ak_db *db, const char *const *sql, size_t n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    for (size_t i = 0; i < n; i++) {
        fprintf(f, "## %s\n", sql[i]);
        assert_int_equal(sqlite3_exec(ak_db_sqlite(db), sql[i], dump_row, f, NULL), SQLITE_OK);
    }
    fclose(f);
    return s;
}

/* Every ordinary table of the database, row by row (the full-text index through its shadow tables). */
static char *dump_all(ak_db *db)
{
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db),
                                        "SELECT name FROM sqlite_master WHERE type='table'"
                                        " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name", -1, &q, NULL),
                     SQLITE_OK);
    char *sql[64];
    size_t n = 0;
    while (sqlite3_step(q) == SQLITE_ROW && n < 64) {
        char buf[256];
        snprintf(buf, sizeof buf, "SELECT * FROM \"%s\"", (const char *)sqlite3_column_text(q, 0));
        sql[n++] = strdup(buf);
    }
    sqlite3_finalize(q);
    assert_true(n > 10);
    char *s = dump(db, (const char *const *)sql, n);
    for (size_t i = 0; i < n; i++) free(sql[i]);
    return s;
}

/* The story tables, without the time each story was written; or only what the
 * clusterer decides: each article's story and copy flag. */
static char *dump_stories(ak_db *db, int texts)
{
    static const char *const q[] = {
        "SELECT article,story,duplicate FROM story_articles ORDER BY article",
        "SELECT id,title,header,first_day,last_day,n_articles,summary,timeline FROM stories ORDER BY id"};
    return dump(db, q, texts ? 2 : 1);
}

static ak_analyze_counts analyze(ak_db *db, const ak_analyze_options *o)
{
    ak_analyze_counts c;
    assert_int_equal(ak_analyze(db, o, &c), AK_OK);
    return c;
}

/* A copy of the database as it is now (sqlite3 backup). */
static void copy_db(ak_db *db, const char *path)
{
    synth_remove_db(path);
    sqlite3 *to = NULL;
    assert_int_equal(sqlite3_open(path, &to), SQLITE_OK);
    sqlite3_backup *b = sqlite3_backup_init(to, "main", ak_db_sqlite(db), "main");
    assert_non_null(b);
    assert_int_equal(sqlite3_backup_step(b, -1), SQLITE_DONE);
    assert_int_equal(sqlite3_backup_finish(b), SQLITE_OK);
    sqlite3_close(to);
}

/* The stories a pass from scratch stores over the data db holds now: a copy with its
 * stories removed, analyzed with the same options, must store exactly what db stores. */
static void same_as_from_scratch(fixture *x, ak_db *db, const ak_analyze_options *o, const char *what, int texts)
{
    copy_db(db, x->copy);
    ak_db *s = NULL;
    assert_int_equal(ak_db_open(&s, x->copy), AK_OK);
    exec(s, "DELETE FROM story_articles; DELETE FROM stories");
    ak_analyze_counts c = analyze(s, o);
    assert_int_equal(c.analyzed, 0);
    assert_int_equal(c.stories_written, c.stories);
    char *want = dump_stories(s, texts), *got = dump_stories(db, texts);
    same_text(got, want, what);
    free(want);
    free(got);
    ak_db_close(s);
}

/* A call after a change: the step clustered every article again, stored what a pass
 * from scratch stores, and the next call skips it, changing no table. texts 0: the
 * change was made behind the pipeline's back to one of its analysis rows (the pipeline
 * changes those only by analyzing an article again): the stories' members are compared,
 * not their texts, which are rewritten when a story's members or their analyses change. */
static ak_analyze_counts reclusters_as(fixture *x, ak_db *db, const ak_analyze_options *o, const char *what,
                                       int texts)
{
    ak_analyze_counts c = analyze(db, o);
    assert_int_equal(c.stories_unchanged, 0);
    assert_int_equal(c.stories_clustered, (size_t)num(db, "SELECT count(*) FROM articles"));
    assert_int_equal(num(db, "SELECT gen FROM story_stamp"), 0);
    same_as_from_scratch(x, db, o, what, texts);
    char *before = dump_all(db);
    ak_analyze_counts again = analyze(db, o);
    assert_int_equal(again.stories_unchanged, 1);
    assert_int_equal(again.stories_clustered, 0);
    assert_int_equal(again.stories_written, 0);
    assert_int_equal(again.stories, c.stories);
    char *after = dump_all(db);
    same_text(after, before, what);
    free(before);
    free(after);
    return c;
}

static ak_analyze_counts reclusters(fixture *x, ak_db *db, const ak_analyze_options *o, const char *what)
{
    return reclusters_as(x, db, o, what, 1);
}

/* A fresh store holding BASE after its first analysis with the default options of this file. */
static ak_db *clustered_base(fixture *x, ak_analyze_options *o, ak_analyze_counts *first)
{
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, x->db), AK_OK);
    ingest(db, x, BASE);
    *o = opts();
    ak_analyze_counts c = reclusters(x, db, o, "the first call");
    if (first) *first = c;
    return db;
}

static void a_rerun_clusters_nothing_and_changes_no_table(void **state)
{
    fixture *x = *state;
    ak_analyze_options o;
    ak_analyze_counts c;
    ak_db *db = clustered_base(x, &o, &c);
    assert_int_equal(c.analyzed, 3);
    assert_int_equal(c.stories, 2);
    assert_int_equal(c.stories_written, 2);
    /* the same input ingested again adds nothing: still nothing to cluster, on one thread too */
    ingest(db, x, BASE);
    o.threads = 1;
    char *before = dump_all(db);
    c = analyze(db, &o);
    assert_int_equal(c.stories_unchanged, 1);
    assert_int_equal(c.stories_clustered, 0);
    assert_int_equal(c.stories, 2);
    char *after = dump_all(db);
    assert_string_equal(after, before);
    free(before);
    free(after);
    ak_db_close(db);
}

static void each_change_of_an_input_clusters_again_as_from_scratch(void **state)
{
    fixture *x = *state;
    ak_analyze_options o;
    ak_db *db = clustered_base(x, &o, NULL);

    /* an article added: it joins the flood story */
    ingest(db, x, MORE);
    ak_analyze_counts c = reclusters(x, db, &o, "an article added");
    assert_int_equal(c.analyzed, 1);
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE story='f1'"), 3);

    /* an article's text re-cleaned (as ingestion does: text and hash updated): analyzed again */
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db),
                                        "UPDATE articles SET text=?1, hash='00000000000000f2' WHERE id='f2'", -1, &q, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(q, 1, F2_AS_RATES, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(q), SQLITE_DONE);
    sqlite3_finalize(q);
    c = reclusters(x, db, &o, "a text re-cleaned");
    assert_int_equal(c.analyzed, 1);

    /* a near-duplicate pair: the copy is flagged in its story */
    exec(db, "INSERT INTO dup_pair(a,b,cls) VALUES('f1','f3','rewrite')");
    reclusters(x, db, &o, "a near-duplicate pair");
    assert_int_equal(num(db, "SELECT duplicate FROM story_articles WHERE article='f3'"), 1);

    /* the stored stories changed behind the step's back: made again */
    static const char *const story_edits[] = {
        "DELETE FROM stories WHERE id='r1'",
        "UPDATE story_articles SET duplicate=1 WHERE article='r1'",
        "DELETE FROM dup_pair",
    };
    for (size_t i = 0; i < sizeof story_edits / sizeof *story_edits; i++) {
        exec(db, story_edits[i]);
        assert_true(num(db, "SELECT gen FROM story_stamp") > 0);
        reclusters(x, db, &o, story_edits[i]);
    }
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE duplicate=1"), 0);

    /* an article deleted: its story goes with it when it was alone */
    long long stories = num(db, "SELECT count(*) FROM stories");
    exec(db, "DELETE FROM articles WHERE id='r1'");
    c = reclusters(x, db, &o, "an article deleted");
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE article='r1'"), 0);
    assert_true((long long)c.stories <= stories);

    /* the analysis's own rows, each edited alone behind the pipeline's back */
    static const char *const edits[] = {
        "UPDATE article_meta SET dct='2024-03-20' WHERE article='f3'",
        "INSERT INTO entities(type,name) VALUES('PER','سامر الخطيب')",
        ("INSERT INTO entity_mentions(article,start,end,entity,text)"
         " SELECT 'f1', 0, 4, id, 'سامر' FROM entities WHERE name='سامر الخطيب'"),
        "UPDATE entities SET name='سامر خطيب' WHERE name='سامر الخطيب'",
        "DELETE FROM entity_mentions WHERE article='f1'",
        "INSERT INTO article_timex(article,start,end,type,value,text) VALUES('f2', 0, 3, 'DATE', '2024-03-12', 'قرر')",
        "UPDATE article_timex SET value='2024-03-13' WHERE article='f2' AND start=0",
        /* read for the timelines since migration 11 */
        "UPDATE article_timex SET mod='APPROX' WHERE article='f1'",
        "UPDATE article_timex SET gran=7 WHERE article='f1'",
        "DELETE FROM article_timex WHERE article='f2' AND start=0",
    };
    for (size_t i = 0; i < sizeof edits / sizeof *edits; i++) {
        exec(db, edits[i]);
        assert_true(num(db, "SELECT gen FROM story_stamp") > 0);
        reclusters_as(x, db, &o, edits[i], 0);
    }

    /* other clustering options: every article its own story, every story written again
     * (so, as from scratch, texts included); the same options again: skipped */
    ak_story_options so;
    ak_story_options_default(&so);
    so.threshold = 50;
    o.story = &so;
    c = reclusters(x, db, &o, "threshold 50");
    assert_int_equal(c.stories, (size_t)num(db, "SELECT count(*) FROM articles"));
    /* another summary length: every story is written again, as from scratch */
    o.summary_sentences = 3;
    c = reclusters(x, db, &o, "3 summary sentences");
    assert_int_equal(c.stories_written, c.stories);
    /* the defaults back */
    o = opts();
    reclusters(x, db, &o, "the default options");
    ak_db_close(db);
}

/* Ends the process at the n-th commit of its connection, before the commit is made. */
typedef struct at { int n, seen; } at;

static int count_commit(void *ctx)
{
    ((at *)ctx)->seen++;
    return 0;
}

static int die_at_commit(void *ctx)
{
    at *a = ctx;
    if (++a->seen == a->n) _exit(0); /* killed: no rollback, no cleanup */
    return 0;
}

/* A report deleted and another added to its story in one step: the stored story still
 * counts as many rows as it has members, but the new one has no row; the story is
 * written again (with one thread after the clustering, with two while it goes on). */
static void a_report_in_place_of_a_deleted_one_is_stored(void **state)
{
    fixture *x = *state;
    for (unsigned threads = 1; threads <= 2; threads++) {
        synth_remove_db(x->db);
        ak_analyze_options o;
        ak_db *db = clustered_base(x, &o, NULL);
        o.threads = threads;
        assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE story='f1'"), 2);
        exec(db, "DELETE FROM articles WHERE id='f2'");
        ingest(db, x, MORE);
        reclusters(x, db, &o, "a report deleted, another added");
        assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE article='f3' AND story='f1'"), 1);
        ak_db_close(db);
    }
}

static void a_story_step_killed_before_its_commit_records_nothing(void **state)
{
    fixture *x = *state;
    ak_analyze_options o;
    ak_db *db = clustered_base(x, &o, NULL);
    ingest(db, x, MORE);
    char *stories_before = dump_stories(db, 1);
    /* the commits of the call, counted on a copy: the story step's is the last */
    copy_db(db, x->copy);
    ak_db *cp = NULL;
    assert_int_equal(ak_db_open(&cp, x->copy), AK_OK);
    at a = {0, 0};
    sqlite3_commit_hook(ak_db_sqlite(cp), count_commit, &a);
    analyze(cp, &o);
    ak_db_close(cp);
    assert_true(a.seen >= 2);
    ak_db_close(db);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        ak_db *k = NULL;
        if (ak_db_open(&k, x->db) != AK_OK) _exit(2);
        at d = {a.seen, 0};
        sqlite3_commit_hook(ak_db_sqlite(k), die_at_commit, &d);
        ak_analyze(k, &o, NULL);
        _exit(3); /* the call must have reached its last commit */
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);

    assert_int_equal(ak_db_open(&db, x->db), AK_OK);
    /* the articles were analyzed, the stories and the stamp are as before the call */
    assert_int_equal(num(db, "SELECT count(*) FROM article_meta WHERE article='f3'"), 1);
    char *stories_after = dump_stories(db, 1);
    assert_string_equal(stories_after, stories_before);
    assert_true(num(db, "SELECT gen FROM story_stamp") > 0);
    ak_analyze_counts c = reclusters(x, db, &o, "the call after the killed one");
    assert_int_equal(c.analyzed, 0);
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE story='f1'"), 3);
    free(stories_before);
    free(stories_after);
    ak_db_close(db);
}

static void a_database_from_before_the_stamp_is_clustered_once(void **state)
{
    fixture *x = *state;
    ak_analyze_options o;
    ak_db *db = clustered_base(x, &o, NULL);
    /* back to schema 5: no stamp table, no triggers; stories added meanwhile stay unclustered */
    sqlite3_stmt *q;
    assert_int_equal(sqlite3_prepare_v2(ak_db_sqlite(db), "SELECT name FROM sqlite_master WHERE type='trigger'"
                                        " AND name LIKE 'story_stamp_%'", -1, &q, NULL), SQLITE_OK);
    char drop[40][128];
    int n = 0;
    while (sqlite3_step(q) == SQLITE_ROW && n < 40)
        snprintf(drop[n++], sizeof drop[0], "DROP TRIGGER \"%s\"", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    assert_int_equal(n, 24);
    for (int i = 0; i < n; i++) exec(db, drop[i]);
    exec(db, "DROP TABLE story_stamp; ALTER TABLE story_articles DROP COLUMN analyzed;"
             " DROP TRIGGER search_marks_ai; DROP TRIGGER search_marks_ad; DROP TRIGGER search_marks_au;"
             " DROP TABLE search_marks; ALTER TABLE article_timex DROP COLUMN gran;"
             " DELETE FROM schema_version WHERE version >= 6"); /* and 8's and 11's */
    ingest(db, x, MORE);
    ak_db_close(db);
    assert_int_equal(ak_db_open(&db, x->db), AK_OK); /* migrated again */
    assert_int_equal(num(db, "SELECT count(*) FROM story_stamp WHERE gen=0 AND opts IS NULL"), 1);
    /* the members' content stamps are filled in: the stored stories are taken as current */
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE analyzed IS NULL"), 0);
    ak_analyze_counts c = reclusters(x, db, &o, "the call after the migration");
    assert_int_equal(c.analyzed, 1);
    /* only the story that changed is written (no stamp before: nothing says the options differ) */
    assert_int_equal(c.stories_written, 1);
    ak_db_close(db);
}

/* Articles of one outlet, each closing with the same line; k the first. */
static char *outlet_records(unsigned k, unsigned n)
{
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    assert_non_null(f);
    for (unsigned i = k; i < k + n; i++) {
        fprintf(f, "{\"id\":\"o%u\",\"source\":\"صحيفة د\",\"published\":\"2024-05-%02u\",\"text\":\"", i, 1 + i);
        for (unsigned w = 0; w < 12; w++) synth_word(f, w ? " " : "", i * 100 + w);
        fputs(" في المدينة.\\nتابعونا على حساب الصحيفة في المنصات الرقمية والمواقع الإخبارية وشبكات التواصل الاجتماعي\"}\n", f);
    }
    fclose(f);
    return s;
}

static void an_article_recleaned_by_ingestion_has_its_story_written_again(void **state)
{
    fixture *x = *state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, x->db), AK_OK);
    char *first = outlet_records(0, 1), *later = outlet_records(1, 5);
    ingest(db, x, first);
    ingest(db, x, BASE);
    ak_analyze_options o = opts();
    reclusters(x, db, &o, "the first call");
    assert_int_equal(num(db, "SELECT count(*) FROM articles WHERE id='o0' AND text LIKE '%تابعونا%'"), 1);
    assert_int_equal(num(db, "SELECT count(*) FROM stories WHERE id='o0' AND summary LIKE '%تابعونا%'"), 1);
    /* five more of the outlet: their closing line is the outlet's chrome, o0 is cleaned again */
    ingest(db, x, later);
    assert_int_equal(num(db, "SELECT count(*) FROM articles WHERE id='o0' AND text LIKE '%تابعونا%'"), 0);
    ak_analyze_counts c = reclusters(x, db, &o, "o0 re-cleaned");
    assert_int_equal(c.analyzed, 6);
    /* its story's summary was written again, without the line */
    assert_int_equal(num(db, "SELECT count(*) FROM stories WHERE summary LIKE '%تابعونا%'"), 0);
    free(first);
    free(later);
    ak_db_close(db);
}

/* Another connection writes an input while the story step reads (at the step's
 * ordering query): the step stores its stories but leaves the stamp counting. */
typedef struct meddler { const char *path; int done; } meddler;

static int meddle(unsigned type, void *ctx, void *p, void *x)
{
    (void)type, (void)x;
    meddler *m = ctx;
    const char *sql = sqlite3_sql((sqlite3_stmt *)p);
    if (m->done || !sql || !strstr(sql, "m.analyzed FROM articles")) return 0;
    sqlite3 *other = NULL;
    assert_int_equal(sqlite3_open(m->path, &other), SQLITE_OK);
    sqlite3_busy_timeout(other, 10000);
    assert_int_equal(sqlite3_exec(other, "INSERT INTO dup_pair(a,b,cls) VALUES('f1','f2','rewrite')", NULL, NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(other);
    m->done = 1;
    return 0;
}

static void an_input_written_meanwhile_leaves_the_stamp_counting(void **state)
{
    fixture *x = *state;
    ak_db *db = NULL;
    assert_int_equal(ak_db_open(&db, x->db), AK_OK);
    ingest(db, x, BASE);
    ak_analyze_options o = opts();
    o.threads = 1;
    reclusters(x, db, &o, "the first call");
    ingest(db, x, MORE);
    meddler m = {x->db, 0};
    sqlite3_trace_v2(ak_db_sqlite(db), SQLITE_TRACE_STMT, meddle, &m);
    ak_analyze_counts c = analyze(db, &o);
    sqlite3_trace_v2(ak_db_sqlite(db), 0, NULL, NULL);
    assert_int_equal(m.done, 1);
    assert_int_equal(c.stories_unchanged, 0);
    assert_int_equal(num(db, "SELECT count(*) FROM story_articles WHERE article='f3'"), 1);
    assert_true(num(db, "SELECT gen FROM story_stamp") > 0);
    reclusters(x, db, &o, "the call after a concurrent write");
    assert_int_equal(num(db, "SELECT duplicate FROM story_articles WHERE article='f2'"), 1);
    ak_db_close(db);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(a_rerun_clusters_nothing_and_changes_no_table, setup, teardown),
        cmocka_unit_test_setup_teardown(each_change_of_an_input_clusters_again_as_from_scratch, setup, teardown),
        cmocka_unit_test_setup_teardown(an_article_recleaned_by_ingestion_has_its_story_written_again, setup, teardown),
        cmocka_unit_test_setup_teardown(a_report_in_place_of_a_deleted_one_is_stored, setup, teardown),
        cmocka_unit_test_setup_teardown(a_story_step_killed_before_its_commit_records_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(a_database_from_before_the_stamp_is_clustered_once, setup, teardown),
        cmocka_unit_test_setup_teardown(an_input_written_meanwhile_leaves_the_stamp_counting, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
