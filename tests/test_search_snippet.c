/* test_search_snippet.c: the snippets ak_search makes itself from the matches ak_topk keeps while
 * ranking (ak_snippet_make, no FTS5 statement) are the bytes FTS5's ak_snippet(articles_fts, 24)
 * gives, for words, Arabic clitics, spelling variants, Latin, numbers, phrases, prefixes, a word
 * asked twice, matches at the start and the end of a text, very short texts, a title-only match,
 * HTML specials, marks and line breaks, more matches than a snippet looks at, pages deep and
 * shallow and the row-at-a-time ranking mode; and no snippet statement runs when they are made.
 * The same bytes when the match lists come from the cache another connection filled, and after an
 * ingestion between a query on one connection and one on another; and when a snippet starts
 * tokenizing at a mark stored with the text (long texts with tatweel, marks, controls, numbers,
 * Latin, line breaks and an invalid byte between the marks); and the stored marks themselves. */
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
#include "text/utf8.h"

static char g_dir[64];
static ak_db *g_db;

/* Texts written for the edge cases; each is stored as given (no ingestion clean-up). */
static const char *const DOCS[][2] = {
    {"العراق اليوم", "بغداد عاصمة العراق وأكبر مدنها، ويمر بها نهر دجلة."},
    {"رحلة", "سافر الوفد صباح أمس من الرياض إلى عمان ثم إلى أربيل، وقضى هناك يومين في اجتماعات مطولة مع"
             " المسؤولين المحليين حول مشاريع الطاقة والمياه والطرق والتعليم والصحة، قبل أن يتوجه مساء الخميس لبغداد"},
    {"قصير", "وبغداد"},
    {"أوستن تكساس", "المدينة تستضيف مهرجانا للموسيقى كل عام."},
    {"<عنوان> & \"اقتباس\"", "قال <b>المتحدث</b> إن الخبر & التفاصيل \"كاملة\" 'غدا' &amp; &lt;بغداد&gt; ستنشر."},
    {"Reuters", "Reuters reported that OPEC oil ministers met in Vienna; OPEC's output rose. reuters-style reporting"},
    {"سطور", "السطر الأول عن الحكومة\nالسطر الثاني\tعن الحكومة الجديدة\r\nوالثالث للحكومة"},
    {"تشكيل", "أعلنت الحُكومــة العراقيّة أنّ وزيرَ الخارجيةِ سيزور بغداد قريبا."},
    {"وزير الخارجية", "التقى وزير الخارجية بنظيره، ثم قال وزير الخارجية إن المحادثات كانت بناءة، وأضاف أن وزير"
                      " المالية سيشارك في الجولة المقبلة مع وزير الخارجية نفسه في العاصمة."},
    {"أرقام", "بلغ الإنتاج 2015 برميلا في عام ٢٠١٥ و3.5 مليون في 2016."},
    {"ب", "ب"},
    {"كبغداد", "كبغداد في الاتساع، وفبغداد ليست كلمة، وبالبغداديين فخر."},
};

/* A long text with more matches than a snippet reads (256), and filler sharing a common word. */
static char *long_text(void)
{
    size_t cap = 16384, n = 0;
    char *t = malloc(cap);
    for (int i = 0; t && i < 300; i++) n += (size_t)snprintf(t + n, cap - n, "%sنفط %s", i ? " " : "", i % 7 ? "خام" : "وغاز");
    return t;
}

static void insert(sqlite3 *h, int i, const char *title, const char *text)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "INSERT INTO articles(id, title, raw, text, removed, hash)"
                                           " VALUES(?1, ?2, '', ?3, '[]', '')", -1, &st, NULL), SQLITE_OK);
    char id[16];
    snprintf(id, sizeof id, "d%d", i);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
}

static int setup(void **state)
{
    (void)state;
    strcpy(g_dir, "/tmp/ak_snippet_XXXXXX");
    if (!mkdtemp(g_dir)) return -1;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", g_dir);
    if (ak_db_open(&g_db, path) != AK_OK) return -1;
    sqlite3 *h = ak_db_sqlite(g_db);
    sqlite3_exec(h, "BEGIN", NULL, NULL, NULL);
    int n = 0;
    for (size_t i = 0; i < sizeof DOCS / sizeof *DOCS; i++) insert(h, n++, DOCS[i][0], DOCS[i][1]);
    char *t = long_text();
    if (!t) return -1;
    insert(h, n++, "نفط", t);
    free(t);
    for (int i = 0; i < 120; i++) { /* a common word, so a rare one with it is ranked row by row */
        char text[256];
        snprintf(text, sizeof text, "خبر عادي رقم %d عن السوق والأسعار%s", i, i == 7 ? " وبغداد" : "");
        insert(h, n++, "خبر", text);
    }
    sqlite3_exec(h, "COMMIT", NULL, NULL, NULL);
    ak_search_cache_pages = 0; /* every search computed: the answers of the two ways compared */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ak_db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

typedef struct page { char text[131072]; size_t n, total; } page;

static int collect(const ak_search_hit *h, void *ctx)
{
    page *p = ctx;
    size_t used = strlen(p->text);
    snprintf(p->text + used, sizeof p->text - used, "%s %.17g %s\n", h->id, h->score, h->snippet);
    p->n++;
    return 0;
}

/* Statements that ran a snippet through FTS5 (ak_snippet), counted by the connection's trace. */
static int g_fts_snippets;

static int on_stmt(unsigned type, void *ctx, void *p, void *x)
{
    (void)ctx; (void)x;
    const char *sql = type == SQLITE_TRACE_STMT ? sqlite3_sql(p) : NULL;
    if (sql && strstr(sql, "ak_snippet(")) g_fts_snippets++;
    return 0;
}

static void search(const char *text, size_t offset, size_t limit, page *p)
{
    memset(p, 0, sizeof *p);
    ak_search_query q = {0};
    q.q = text;
    q.offset = offset;
    q.limit = limit;
    assert_int_equal(ak_search(g_db, &q, collect, p, &p->total), AK_OK);
}

/* One query three ways: snippets made here (ranked by ak_topk), by FTS5 statements (ak_topk), and
 * through SQL (ranked by ak_bm25, FTS5 snippets). */
static void compare(const char *text, size_t offset, size_t limit, size_t *nonempty)
{
    static page own, fts, sql;
    sqlite3_trace_v2(ak_db_sqlite(g_db), SQLITE_TRACE_STMT, on_stmt, NULL);
    g_fts_snippets = 0;
    search(text, offset, limit, &own);
    if (g_fts_snippets) fail_msg("%s: a snippet statement ran", text);
    ak_search_fast_snippets = 0;
    search(text, offset, limit, &fts);
    ak_search_fast_snippets = 1;
    if (fts.n && !g_fts_snippets) fail_msg("%s: FTS5 made no snippet", text);
    ak_search_topk = 0;
    search(text, offset, limit, &sql);
    ak_search_topk = 1;
    sqlite3_trace_v2(ak_db_sqlite(g_db), 0, NULL, NULL);
    if (strcmp(own.text, fts.text) != 0) fail_msg("%s: snippets differ:\n%s---\n%s", text, own.text, fts.text);
    if (strcmp(own.text, sql.text) != 0) fail_msg("%s: snippets differ from SQL's:\n%s---\n%s", text, own.text, sql.text);
    assert_int_equal(own.total, fts.total);
    if (own.n) (*nonempty)++;
}

static const char *const QUERIES[] = {
    "بغداد", "لبغداد", "وبغداد", "كبغداد", "بغداد العراق", "العراق بغداد", "اوستن", "أوستن تكساس",
    "الحكومة", "للحكومة", "والحكومة", "حكومة", "الحكومه", "الحكومة الجديدة", "\"الحكومة الجديدة\"",
    "\"وزير الخارجية\"", "وزير الخارجية", "«وزير الخارجية»", "“وزير المالية”", "وزير*", "وزي*", "بغد*",
    "\"وزير الخارجية\"*", "ب*", "ب", "الخبر", "قال المتحدث", "كاملة", "بغداد ستنشر", "OPEC", "opec vienna",
    "Reuters", "reuters*", "style", "\"oil ministers\"", "2015", "٢٠١٥", "3.5", "نفط", "نفط نفط",
    "\"نفط خام\"", "\"نفط نفط\"", "نفط وغاز", "نف*", "خبر", "خبر بغداد", "خبر السوق", "السطر الثاني",
    "عاصمة", "مهرجانا", "سافر", "الفخر", "بالبغداديين", "غير موجودة", "بغداد AND OR NOT",
};

static void own_snippets_equal_fts5(void **state)
{
    (void)state;
    size_t nonempty = 0, n = sizeof QUERIES / sizeof *QUERIES;
    for (size_t i = 0; i < n; i++) compare(QUERIES[i], 0, 20, &nonempty);
    /* the common word's count is cached now: "خبر بغداد" again is ranked row by row */
    compare("خبر بغداد", 0, 20, &nonempty);
    compare("خبر وبغداد", 0, 20, &nonempty);
    for (size_t i = 0; i < n; i++) compare(QUERIES[i], 1, 3, &nonempty); /* a page from its second row */
    compare("خبر", 50, 20, &nonempty);
    assert_true(nonempty >= 70);
}

/* The cases above, checked by hand where the rule is plain. */
static void snippets_as_written(void **state)
{
    (void)state;
    static page p;
    search("بغداد", 0, 20, &p);
    /* the match starts the text; "…" where anything but white space was left out, a full stop too */
    assert_non_null(strstr(p.text, " <b>بغداد</b> عاصمة العراق وأكبر مدنها، ويمر بها نهر دجلة…\n"));
    assert_non_null(strstr(p.text, " <b>وبغداد</b>\n"));
    assert_non_null(strstr(p.text, " …")); /* the window ends with the text: it starts before the match */
    assert_non_null(strstr(p.text, "الخميس <b>لبغداد</b>\n"));
    assert_non_null(strstr(p.text, "قال &lt;b&gt;المتحدث&lt;/b&gt; إن الخبر &amp; التفاصيل &quot;كاملة&quot; &#39;غدا&#39;"
                                   " &amp;amp; &amp;lt;<b>بغداد</b>&amp;gt; ستنشر…")); /* escaped once, as written */
    search("الثاني", 0, 20, &p); /* line breaks and tabs become spaces */
    assert_non_null(strstr(p.text, " السطر الأول عن الحكومة السطر <b>الثاني</b> عن الحكومة الجديدة  والثالث للحكومة\n"));
    search("اوستن", 0, 20, &p);
    assert_non_null(strstr(p.text, " <b>أوستن</b> تكساس\n")); /* only the title matches */
}

/* ---- the analyzer reads no further than it must: the same terms as validating first ---- */

typedef struct terms { char buf[65536]; size_t n; size_t base; } terms;

static int note_term(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    terms *o = ctx;
    int k = snprintf(o->buf + o->n, sizeof o->buf - o->n, "%d:%.*s:%zu-%zu|", colocated, (int)n, t, o->base + bs, o->base + be);
    if (k > 0 && o->n + (size_t)k < sizeof o->buf) o->n += (size_t)k;
    return 0;
}

/* What the analyzer gave before: the text cut at every invalid byte, each valid piece on its own. */
static void by_segments(const char *text, size_t len, unsigned opts, terms *o)
{
    size_t pos = 0;
    while (pos < len) {
        size_t bad = 0;
        int ok = ak_utf8_valid(text + pos, len - pos, &bad);
        size_t seg = ok ? len - pos : bad;
        o->base = pos;
        ak_search_analyze(text + pos, seg, opts, note_term, o);
        if (ok) break;
        pos += seg + 1;
    }
    o->base = 0;
}

static void analyzer_stops_at_invalid_bytes_as_before(void **state)
{
    (void)state;
    /* pieces that meet an invalid byte in every way: inside and after words, numbers with
     * separators, tatweel after a proclitic, marks, joiners, truncated and overlong sequences */
    static const char *const PIECES[] = {
        "بغداد", "لبغداد", "وال", "ـ", "لـ", "\xD9\x8E", "\xE2\x80\x8C", "\xE2\x80\x8D", "2,1", "3.", "٢٠", "٫",
        "OPEC", "é", " ", "\n", ".", "،", "«", "\xFF", "\xC0\xAF", "\x80", "\xE2\x82", "\xED\xA0\x80", "\xD8",
        "\xF0\x9F\x98", "\xF4\x90\x80\x80", "😀", "كبرى",
    };
    enum { N = sizeof PIECES / sizeof *PIECES };
    unsigned long long x = 7;
    static terms a, b;
    for (int round = 0; round < 3000; round++) {
        char text[512];
        size_t len = 0;
        for (int k = 0, m = 1 + (int)(x % 12); k < m; k++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const char *p = PIECES[(x >> 33) % N];
            size_t n = strlen(p);
            if (len + n < sizeof text) { memcpy(text + len, p, n); len += n; }
        }
        for (unsigned opts = 0; opts < 2; opts++) {
            unsigned o = opts ? AK_SA_DEFAULT | AK_SA_OFFSETS : AK_SA_DEFAULT;
            memset(&a, 0, sizeof a);
            memset(&b, 0, sizeof b);
            ak_search_analyze(text, len, o, note_term, &a);
            by_segments(text, len, o, &b);
            if (strcmp(a.buf, b.buf) != 0) fail_msg("round %d: %s\n%s", round, a.buf, b.buf);
        }
    }
}

/* ---- the match lists shared by connections: the same snippets ---- */

static void search_on(ak_db *db, const char *text, size_t offset, page *p)
{
    memset(p, 0, sizeof *p);
    ak_search_query q = {0};
    q.q = text;
    q.offset = offset;
    q.limit = 20;
    assert_int_equal(ak_search(db, &q, collect, p, &p->total), AK_OK);
}

/* Every query on a (walks and keeps its lists), then on b (reads them), against the shared
 * connection with the list cache off; then an ingestion between a query on a and one on b. */
static void shared_lists_same_snippets(void **state)
{
    (void)state;
    size_t max = ak_search_list_cache_max, min = ak_search_list_min;
    int admit = ak_search_list_admit;
    ak_search_list_min = 1;
    ak_search_list_admit = 0;
    char path[128];
    snprintf(path, sizeof path, "%s/t.db", g_dir);
    ak_db *a = NULL, *b = NULL;
    assert_int_equal(ak_db_open(&a, path), AK_OK);
    assert_int_equal(ak_db_open(&b, path), AK_OK);
    static page ref, got;
    size_t n = sizeof QUERIES / sizeof *QUERIES, hits0, hits, misses;
    ak_search_list_cache_stats(ak_db_sqlite(b), &hits0, &misses);
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < n; i++) {
            ak_search_list_cache_max = 0;
            search(QUERIES[i], 0, 20, &ref);
            ak_search_list_cache_max = max;
            search_on(pass ? b : a, QUERIES[i], 0, &got);
            if (strcmp(ref.text, got.text) != 0) fail_msg("%s (%s): differ:\n%s---\n%s", QUERIES[i], pass ? "b" : "a", ref.text, got.text);
            assert_int_equal(ref.total, got.total);
        }
    ak_search_list_cache_stats(ak_db_sqlite(b), &hits, &misses);
    assert_true(hits - hits0 >= 20); /* b read the lists a walked */
    search_on(a, "خبر", 0, &got);
    sqlite3 *h = ak_db_sqlite(g_db);
    insert(h, 900, "خبر جديد", "خبر عن بغداد وخبر آخر");
    search_on(b, "خبر", 0, &got);
    ak_search_list_cache_max = 0;
    search("خبر", 0, 20, &ref);
    ak_search_list_cache_max = max;
    assert_string_equal(ref.text, got.text);
    assert_non_null(strstr(got.text, "d900 "));
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE id = 'd900'", NULL, NULL, NULL), SQLITE_OK);
    ak_db_close(b);
    ak_db_close(a);
    ak_search_list_cache_max = max;
    ak_search_list_min = min;
    ak_search_list_admit = admit;
}

/* A long text: filler with awkward tokens every few words and target words (هدف + a letter) at
 * growing distances, so windows fall before, on and after the marks (every 32 positions). */
static char *marked_text(int variant)
{
    static const char *const odd[] = {"ـــ", "لـداعش", "2,100", "7.5", "Reuters-style", "\n", "\xff", "ُ",
                                      "و\u200dبغداد", "«قال»", "فـ«الحكومة»", "٢٠١٥"};
    static const char *const fill[] = {"السوق", "والأسعار", "ارتفعت", "اليوم", "في", "المدينة", "الكبيرة"};
    static const int at[] = {3, 31, 32, 33, 64, 95, 130, 250, 400, 700};
    size_t cap = 65536, n = 0;
    char *t = malloc(cap);
    int next = 0;
    for (int i = 0; t && i < 800; i++) {
        const char *w = fill[(i + variant) % 7];
        if (next < 10 && i == at[next] + variant) {
            n += (size_t)snprintf(t + n, cap - n, " هدف%s", (const char *[]){"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر"}[next]);
            next++;
            continue;
        }
        if ((i * 7 + variant) % 5 == 0) w = odd[(i / 5 + variant) % 12];
        n += (size_t)snprintf(t + n, cap - n, " %s", w);
    }
    return t;
}

/* Each target word asked three times, windows from the start to the end of long texts, each
 * snippet starting at a stored mark: the same bytes as FTS5's snippets and as snippets without marks. */
static void marks_same_snippets(void **state)
{
    (void)state;
    sqlite3 *h = ak_db_sqlite(g_db);
    for (int v = 0; v < 4; v++) {
        char *t = marked_text(v);
        assert_non_null(t);
        insert(h, 1000 + v, "نص طويل", t);
        free(t);
    }
    static const char *const letters[] = {"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ", "ر"};
    static page own, fts, plain;
    size_t used = ak_search_marks_used, nonempty = 0;
    for (int round = 0; round < 3; round++)
        for (int k = 0; k < 10; k++) {
            char q[64];
            int j = round == 1 ? 9 - k : (k * 3) % 10; /* from the end, then scattered */
            snprintf(q, sizeof q, round == 2 ? "هدف%s طويل" : "هدف%s", letters[j]);
            search(q, 0, 20, &own);
            ak_search_fast_snippets = 0;
            search(q, 0, 20, &fts);
            ak_search_fast_snippets = 1;
            ak_search_snippet_marks = 0;
            search(q, 0, 20, &plain);
            ak_search_snippet_marks = 1;
            if (strcmp(own.text, fts.text) != 0) fail_msg("%s: snippets differ:\n%s---\n%s", q, own.text, fts.text);
            assert_string_equal(own.text, plain.text);
            nonempty += own.n == 4;
        }
    assert_int_equal(nonempty, 30);
    assert_true(ak_search_marks_used > used + 40); /* most snippets after the first round began at a mark */
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE id GLOB 'd100?'", NULL, NULL, NULL), SQLITE_OK);
}

/* Counts positions as the index does (one per term that is not colocated) and notes the byte
 * offset of every 32nd: the marks, found without the snippet walker. */
typedef struct counted { int pos; ak_snippet_marks m; } counted;
static int count_position(void *ctx, int colocated, const char *t, size_t n, size_t bs, size_t be)
{
    (void)t;
    (void)n;
    (void)be;
    counted *c = ctx;
    if (colocated) return 0;
    int p = ++c->pos;
    if (p > 0 && p % AK_SNIPPET_MARK_STEP == 0 && c->m.n < AK_SNIPPET_MARKS) c->m.m[c->m.n++] = (uint32_t)bs;
    return 0;
}

/* The row's stored marks; their number (-1: no row). */
static int stored_marks(sqlite3 *h, const char *id, ak_snippet_marks *out)
{
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT m.m FROM articles a JOIN search_marks m ON m.seq = a.seq"
                                           " WHERE a.id = ?1", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
    int n = -1;
    if (sqlite3_step(st) == SQLITE_ROW) n = ak_snippet_marks_read(sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0), out);
    sqlite3_finalize(st);
    return n;
}

static void assert_marks_of(sqlite3 *h, const char *id, const char *text)
{
    counted c = {.pos = -1};
    assert_int_equal(ak_search_analyze(text, strlen(text), AK_SA_DEFAULT | AK_SA_OFFSETS, count_position, &c), 0);
    ak_snippet_marks got;
    assert_int_equal(stored_marks(h, id, &got), c.m.n);
    for (int i = 0; i < c.m.n; i++) assert_int_equal(got.m[i], c.m.m[i]);
}

/* Each body's marks are stored with it (migration 8's triggers) as the index counts positions,
 * up to AK_SNIPPET_MARKS of them, follow an edit of the text, go with the row, and are made for
 * the articles a store held before the migration. */
static void marks_stored_with_the_text(void **state)
{
    (void)state;
    sqlite3 *h = ak_db_sqlite(g_db);
    char *t = marked_text(1);
    assert_non_null(t);
    insert(h, 2000, "علامات", t);
    assert_marks_of(h, "d2000", t);
    ak_snippet_marks m;
    assert_true(stored_marks(h, "d2000", &m) > 10);
    /* a text longer than the marks reach */
    size_t cap = 64 * 1024, n = 0;
    char *big = malloc(cap);
    assert_non_null(big);
    for (int i = 0; i < 3000; i++) n += (size_t)snprintf(big + n, cap - n, "%sكلمة%d", i ? " " : "", i % 10);
    insert(h, 2001, "طويل جدا", big);
    assert_int_equal(stored_marks(h, "d2001", &m), AK_SNIPPET_MARKS);
    assert_marks_of(h, "d2001", big);
    /* short and empty bodies: a row with no marks */
    insert(h, 2002, "قصير", "كلمتان فقط");
    assert_int_equal(stored_marks(h, "d2002", &m), 0);
    /* an edit of the text brings new marks; a delete takes them */
    sqlite3_stmt *st = NULL;
    assert_int_equal(sqlite3_prepare_v2(h, "UPDATE articles SET text = ?1 WHERE id = 'd2000'", -1, &st, NULL), SQLITE_OK);
    sqlite3_bind_text(st, 1, big + 7, -1, SQLITE_STATIC);
    assert_int_equal(sqlite3_step(st), SQLITE_DONE);
    sqlite3_finalize(st);
    assert_marks_of(h, "d2000", big + 7);
    assert_int_equal(sqlite3_exec(h, "DELETE FROM articles WHERE id GLOB 'd200?'", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_int64 left = -1;
    assert_int_equal(sqlite3_prepare_v2(h, "SELECT count(*) FROM search_marks WHERE seq NOT IN (SELECT seq FROM articles)",
                                        -1, &st, NULL), SQLITE_OK);
    if (sqlite3_step(st) == SQLITE_ROW) left = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    assert_int_equal(left, 0);
    /* a store of schema 7 with articles: migration 8 gives them their marks */
    char path[128];
    snprintf(path, sizeof path, "%s/v7.db", g_dir);
    ak_db *old = NULL;
    assert_int_equal(ak_db_open(&old, path), AK_OK);
    sqlite3 *o = ak_db_sqlite(old);
    assert_int_equal(sqlite3_exec(o, "DROP TRIGGER search_marks_ai; DROP TRIGGER search_marks_ad;"
                                     " DROP TRIGGER search_marks_au; DROP TABLE search_marks;"
                                     " ALTER TABLE article_timex DROP COLUMN gran", NULL, NULL, NULL), SQLITE_OK);
    insert(o, 3000, "قبل", t);
    assert_int_equal(sqlite3_exec(o, "DELETE FROM schema_version WHERE version > 7", NULL, NULL, NULL), SQLITE_OK);
    ak_db_close(old);
    assert_int_equal(ak_db_open(&old, path), AK_OK);
    assert_marks_of(ak_db_sqlite(old), "d3000", t);
    ak_db_close(old);
    free(big);
    free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(own_snippets_equal_fts5),
        cmocka_unit_test(snippets_as_written),
        cmocka_unit_test(analyzer_stops_at_invalid_bytes_as_before),
        cmocka_unit_test(shared_lists_same_snippets),
        cmocka_unit_test(marks_same_snippets),
        cmocka_unit_test(marks_stored_with_the_text),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
