/* test_store_crash.c: `akhbar ingest` killed with SIGKILL at spread-out points leaves a
 * database that opens, passes integrity_check, and converges on re-run to an uninterrupted run. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <xxhash.h>

#define N_RECORDS 3000
#define TRIALS 5

static char g_dir[64];

static char g_input[160], g_ref[160], g_trial[160];

static const char *in_dir(char *out, const char *name)
{
    snprintf(out, 160, "%s/%s", g_dir, name);
    return out;
}

/* Synthetic news: 6 sources stamping a closing line, exact copies, a few bad lines. */
static void make_input(const char *path)
{
    static const char *const words[] = {"الوزير", "الحكومة", "الاجتماع", "بغداد", "الرياض", "القمة",
                                        "الاقتصاد", "النفط", "الأمن", "المحادثات", "الوفد", "البرلمان"};
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (int i = 0; i < N_RECORDS; i++) {
        int src = i % 6;
        if (i % 211 == 17) { fprintf(f, "{\"id\":\"bad%d\",\"text\":\"\n", i); continue; }
        int body = i % 50 == 49 ? i - 7 : i; /* every 50th repeats an earlier article's text */
        fprintf(f, "{\"id\":\"n%d\",\"source\":\"paper%d\",\"text\":\"تقرير رقم %d\\n", i, src, body);
        for (int s = 0; s < 4; s++) {
            for (int w = 0; w < 12; w++)
                fprintf(f, "%s ", words[(unsigned)(body * 7 + s * 5 + w * 3) % 12]);
            fprintf(f, "%d.\\n", body * 31 + s);
        }
        fprintf(f, "رابط الخبر بصحيفة %d\"}\n", src);
    }
    fclose(f);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

static pid_t start_ingest(const char *db, const char *input)
{
    pid_t p = fork();
    if (p == 0) {
        FILE *devnull = freopen("/dev/null", "w", stdout);
        (void)devnull;
        devnull = freopen("/dev/null", "w", stderr);
        (void)devnull;
        execl(getenv("AKHBAR"), "akhbar", "ingest", "--batch", "100", "--db", db, input, (char *)NULL);
        _exit(127);
    }
    return p;
}

static int finish(pid_t p)
{
    int st = 0;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : WIFSIGNALED(st) ? -WTERMSIG(st) : -1000;
}

/* sqlite3_exec callback: any row means the schema is not empty (abort the statement). */
static int empty_check(void *ctx, int n, char **v, char **names)
{
    (void)ctx; (void)n; (void)v; (void)names;
    return 1;
}

/* A digest of everything a user can read back: articles and duplicates. */
static unsigned long long digest(const char *db_path, long *n_articles, int *integrity_ok)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(db_path, &db), SQLITE_OK);
    sqlite3_stmt *q = NULL;
    *integrity_ok = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        *integrity_ok = strcmp((const char *)sqlite3_column_text(q, 0), "ok") == 0;
    sqlite3_finalize(q);
    XXH3_state_t *h = XXH3_createState();
    XXH3_64bits_reset(h);
    *n_articles = 0;
    const char *sql[] = {"SELECT id, title, text, removed, hash FROM articles ORDER BY id",
                         "SELECT id, of_id, '', '', '' FROM duplicates ORDER BY id"};
    for (int k = 0; k < 2; k++) {
        if (sqlite3_prepare_v2(db, sql[k], -1, &q, NULL) != SQLITE_OK) {
            /* no table at all: the kill came before the schema was made, and an empty database
             * is a consistent one; a schema without this table is not */
            *n_articles = sqlite3_exec(db, "SELECT 1 FROM sqlite_master LIMIT 1", empty_check, NULL, NULL) == SQLITE_OK
                              ? 0 : -1;
            break;
        }
        while (sqlite3_step(q) == SQLITE_ROW) {
            if (k == 0) (*n_articles)++;
            for (int c = 0; c < 5; c++) {
                const unsigned char *t = sqlite3_column_text(q, c);
                XXH3_64bits_update(h, t ? (const char *)t : "", (size_t)sqlite3_column_bytes(q, c) + 1);
            }
        }
        sqlite3_finalize(q);
    }
    unsigned long long d = XXH3_64bits_digest(h);
    XXH3_freeState(h);
    sqlite3_close(db);
    return d;
}

static void remove_db(const char *db)
{
    const char *suf[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char p[200];
        snprintf(p, sizeof p, "%s%s", db, suf[i]);
        unlink(p);
    }
}

static void kill9_leaves_a_consistent_db(void **state)
{
    (void)state;
    if (!getenv("AKHBAR")) { printf("SKIP: $AKHBAR not set (run through ctest)\n"); skip(); }
    strcpy(g_dir, "/tmp/ak_crash_XXXXXX");
    assert_non_null(mkdtemp(g_dir));
    const char *input = in_dir(g_input, "in.jsonl");
    make_input(input);
    const char *ref = in_dir(g_ref, "ref.db");
    double t0 = now();
    assert_int_equal(finish(start_ingest(ref, input)), 1); /* the bad lines are rejected */
    double took = now() - t0;
    long n_ref;
    int ok;
    unsigned long long d_ref = digest(ref, &n_ref, &ok);
    assert_true(ok);
    assert_true(n_ref > N_RECORDS * 9 / 10);
    srand((unsigned)time(NULL));
    int killed = 0;
    for (int t = 0; t < TRIALS; t++) {
        const char *db = in_dir(g_trial, "trial.db");
        remove_db(db);
        /* Spread the kill points over the run, with jitter. */
        double at = took * (t + 0.2 + 0.6 * rand() / (double)RAND_MAX) / TRIALS;
        pid_t p = start_ingest(db, input);
        usleep((useconds_t)(at * 1e6));
        kill(p, SIGKILL);
        if (finish(p) == -SIGKILL) killed++;
        long n;
        digest(db, &n, &ok);
        if (!ok) fail_msg("trial %d (kill at %.3fs): integrity_check failed", t, at);
        assert_true(n >= 0 && n <= n_ref);
        finish(start_ingest(db, input));
        unsigned long long d = digest(db, &n, &ok);
        assert_true(ok);
        if (n != n_ref || d != d_ref)
            fail_msg("trial %d (kill at %.3fs): %ld articles after re-run, %ld uninterrupted, digests %s", t, at,
                     n, n_ref, d == d_ref ? "equal" : "differ");
        remove_db(db);
    }
    assert_true(killed >= 1);
    printf("%d/%d runs killed mid-way (uninterrupted run %.2fs, %ld articles)\n", killed, TRIALS, took, n_ref);
    remove_db(ref);
    unlink(input);
    rmdir(g_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(kill9_leaves_a_consistent_db)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
