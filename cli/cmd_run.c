/* cmd_run.c: `akhbar run`, the main job: ingest the inputs into the store, analyze
 * them (ak_analyze), write report.html and report.json from the store (docs/report.md). */
#include "commands.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "akhbar.h"
#include "report/report_internal.h"
#include "store/store_internal.h"

static const char ARGS[] =
    "[--db PATH] [--out DIR] [--threads N] [--max-size BYTES] [--report-stories N] [--report-articles N] [--times]"
    " [INPUT...]";
static const char USAGE[] =
    "usage: akhbar run [--db PATH] [--out DIR] [--threads N] [--max-size BYTES] [--report-stories N]\n"
    "                  [--report-articles N] [--times] [INPUT...]\n"
    "  INPUT   JSONL files, .txt/.html files, directories of them, or - (JSONL on stdin);\n"
    "          none: the sample corpus examples/ ($AKHBAR_EXAMPLES overrides)\n"
    "  --out   where report.html and report.json go (default: ./akhbar-report)\n"
    "  --db    database path (default: $AKHBAR_DB or akhbar.db)\n"
    "  --threads  threads for the per-article analysis, 1-256 (default: one per core);\n"
    "          the results are the same for any number\n"
    "  --max-size  bytes per input record (default 10 MB, or $AKHBAR_MAX_RECORD);\n"
    "          e.g. --max-size 67108864 for one article of 50 MB\n"
    "  --report-stories, --report-articles  the report lists the newest stories and their\n"
    "          articles, up to N stories (default 1000) and N articles (default 5000);\n"
    "          0: no such bound (both 0: the whole database, gigabytes for a large one)\n"
    "  --times  print the wall and CPU seconds of each step on stderr\n";

/* What a report lists by default: the newest stories up to these (a report of a whole
 * large store is gigabytes, 2 GB at 100,000 articles). */
#define DEFAULT_REPORT_STORIES 1000
#define DEFAULT_REPORT_ARTICLES 5000

/* Wall and process CPU seconds now. */
static void clocks(double t[2])
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c);
    t[0] = (double)w.tv_sec + (double)w.tv_nsec / 1e9;
    t[1] = (double)c.tv_sec + (double)c.tv_nsec / 1e9;
}

/* A positive decimal number up to max, or 0 when the text is not one. */
static unsigned long long number(const char *s, unsigned long long max)
{
    char *end = NULL;
    if (!s || !*s || *s == '-' || *s == '+') return 0;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    return *end || errno == ERANGE || v > max ? 0 : v; /* too large: not a number either */
}

/* The sample corpus: $AKHBAR_EXAMPLES, else examples/ beside the data folder
 * the library was built with, else ./examples. */
static const char *examples_dir(void)
{
    const char *env = getenv("AKHBAR_EXAMPLES");
    if (env && *env) return env;
    static char path[4096];
    struct stat st;
#ifdef AK_DATA_DIR
    char joined[4096];
    snprintf(joined, sizeof joined, "%s/../examples", AK_DATA_DIR);
    if (stat(joined, &st) == 0 && S_ISDIR(st.st_mode)) return realpath(joined, path) ? path : "examples";
#endif
    return "examples";
}

int cmd_run(int argc, char **argv)
{
    const char *out = "akhbar-report", *db = cli_default_db();
    int times = 0;
    size_t report_stories = DEFAULT_REPORT_STORIES, report_articles = DEFAULT_REPORT_ARTICLES;
    ak_analyze_options ao;
    ak_analyze_options_default(&ao);
    const char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t n_in = 0;
    if (!inputs) { fprintf(stderr, "akhbar run: out of memory\n"); return EXIT_BAD_INPUT; }
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--threads") || !strcmp(argv[i], "--max-size")) {
            int threads = !strcmp(argv[i], "--threads");
            const char *v = i + 1 < argc ? argv[++i] : NULL;
            unsigned long long k = number(v, threads ? 256 : (unsigned long long)SIZE_MAX);
            if (!k) {
                free(inputs);
                return cli_usage("run", ARGS, threads ? "--threads: expected 1 to 256: %s" : "--max-size: not a positive number: %s",
                                 v ? v : "(none)");
            }
            if (threads) ao.threads = (unsigned)k;
            else { /* before any thread starts: the limits are process-wide */
                ak_limits lim = {0};
                lim.max_record = (size_t)k;
                ak_limits_set(&lim);
            }
        } else if (!strcmp(argv[i], "--report-stories") || !strcmp(argv[i], "--report-articles")) {
            const char *opt = argv[i], *v = i + 1 < argc ? argv[++i] : NULL;
            int zero = v && !strcmp(v, "0");
            unsigned long long k = zero ? 0 : number(v, (unsigned long long)SIZE_MAX);
            if (!k && !zero) {
                free(inputs);
                return cli_usage("run", ARGS, "%s: expected a number: %s", opt, v ? v : "(none)");
            }
            *(!strcmp(opt, "--report-stories") ? &report_stories : &report_articles) = (size_t)k;
        } else if (!strcmp(argv[i], "--times")) {
            times = 1;
        } else if (!strcmp(argv[i], "--out") || !strcmp(argv[i], "--db")) {
            if (i + 1 >= argc) { free(inputs); return cli_usage("run", ARGS, "%s needs a value", argv[i]); }
            if (!strcmp(argv[i], "--out")) out = argv[++i]; else db = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            free(inputs);
            fputs(USAGE, stdout);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            free(inputs);
            return cli_usage("run", ARGS, "unknown option %s", argv[i]);
        } else {
            inputs[n_in++] = argv[i];
        }
    }
    if (!*out) { free(inputs); return cli_usage("run", ARGS, "--out is empty"); }
    if (n_in == 0) inputs[n_in++] = examples_dir();

    ak_report *r = NULL;
    ak_db *store = NULL;
    ak_analyze_counts ac;
    memset(&ac, 0, sizeof ac);
    int st = ak_report_new(&r);
    if (st == AK_OK) st = ak_report_limit(r, report_stories, report_articles);
    for (size_t i = 0; st == AK_OK && i < n_in; i++) st = ak_report_add_input(r, inputs[i]);
    if (st == AK_OK) st = rp_open_db(db, &store);
    double t0[2], t1[2];
    clocks(t0);
    if (st == AK_OK) st = rp_ingest(r, store, inputs, n_in);
    clocks(t1);
    /* every stage over what is stored; the report then reads the stored results */
    if (st == AK_OK) st = ak_analyze(store, &ao, &ac);
    if (st == AK_OK && times)
        fprintf(stderr, "akhbar run: times (wall s / CPU s): ingest %.2f / %.2f, near-duplicates %.2f / %.2f,"
                        " articles %.2f / %.2f, stories %.2f / %.2f\n", t1[0] - t0[0], t1[1] - t0[1], ac.wall[0],
                ac.cpu[0], ac.wall[1], ac.cpu[1], ac.wall[2], ac.cpu[2]);
    if (st == AK_OK && ac.ner_missing)
        fprintf(stderr, "akhbar run: no NER model, entities left out: %s\n", ak_last_error());
    if (st == AK_OK) st = ak_report_add_db(r, store);
    ak_db_close(store);
    if (st == AK_OK) st = ak_report_write(r, out);
    int code = EXIT_OK;
    if (st != AK_OK) {
        fprintf(stderr, "akhbar run: %s\n", ak_last_error());
        code = EXIT_BAD_INPUT;
    } else {
        ak_report_counts c;
        ak_report_get_counts(r, &c);
        for (size_t i = 0; i < r->n_rej; i++) {
            if (r->rej[i].line) fprintf(stderr, "akhbar: %s:%zu: %s\n", r->rej[i].origin, r->rej[i].line, r->rej[i].reason);
            else fprintf(stderr, "akhbar: %s: %s\n", r->rej[i].origin, r->rej[i].reason);
        }
        printf("records %zu, articles %zu, duplicates %zu, rejected %zu\n", c.records, c.articles, c.duplicates,
               c.rejected);
        printf("analyzed %zu, near-duplicate pairs %zu, stories %zu (%zu written%s)\n", ac.analyzed, ac.dup_pairs,
               ac.stories, ac.stories_written, ac.stories_unchanged ? ", unchanged" : "");
        if (r->limited)
            printf("report: the newest %zu of %zu stories and their %zu of %zu articles"
                   " (--report-stories 0 --report-articles 0: all)\n",
                   r->stories_listed, r->stories_stored, c.articles, r->articles_stored);
        printf("report: %s/report.html\n        %s/report.json\n", out, out);
        if (c.rejected) code = EXIT_BAD_INPUT;
    }
    ak_report_free(r);
    free(inputs);
    return code;
}
