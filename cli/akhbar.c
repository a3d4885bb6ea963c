/* akhbar.c: the command-line entry point; subcommand dispatch only.
 * All work happens in the library; each subcommand is in cli/cmd_<name>.c. */
#include "akhbar.h"
#include "commands.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} commands[] = {
    {"normalize", cmd_normalize, "normalized text, same line structure"},
    {"tokens", cmd_tokens, "tokens as TSV: start end surface normalized stem"},
    {"sentences", cmd_sentences, "one sentence a line"},
    {"ingest", cmd_ingest, "add JSONL, .txt, .html files or folders to the database"},
    {"timex", cmd_timex, "date and time expressions as JSONL"},
    {"ner", cmd_ner, "named entities as JSONL (or CoNLL with --conll)"},
    {"dups", cmd_dups, "duplicates, rewrites and shared passages"},
    {"stories", cmd_stories, "articles grouped into stories"},
    {"timeline", cmd_timeline, "merged timeline per story"},
    {"summarize", cmd_summarize, "extractive summary per story"},
    {"entities", cmd_entities, "people, organisations and places across articles"},
    {"search", cmd_search, "full-text search"},
    {"serve", cmd_serve, "HTTP API and web page"},
    {"run", cmd_run, "the main job: ingest, analyze, write report.html and report.json"},
};

static int usage(FILE *out)
{
    fprintf(out, "akhbar %s: an engine for Arabic news\nusage: akhbar COMMAND [OPTIONS] [FILE|-]\n\n", ak_version());
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n`akhbar COMMAND --help` for a command's options.\n");
    return out == stdout ? EXIT_OK : EXIT_USAGE;
}

/* Resource limits from the environment (docs/reliability.md), for every command.
 * Returns 0, or prints the bad variable and returns EXIT_USAGE. */
static int limits_from_env(void)
{
    static const char *const names[] = {"AKHBAR_MAX_RECORD", "AKHBAR_MAX_BATCH_BYTES", "AKHBAR_MAX_SENTENCE_TOKENS"};
    size_t v[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        const char *s = getenv(names[i]);
        if (!s || !*s) continue;
        char *end = NULL;
        unsigned long long k = strtoull(s, &end, 10);
        if (*end || s[0] == '-' || k == 0) {
            fprintf(stderr, "akhbar: %s: not a positive number: %s\n", names[i], s);
            return EXIT_USAGE;
        }
        v[i] = (size_t)k;
    }
    ak_limits lim = {v[0], v[1], v[2]};
    ak_limits_set(&lim);
    return 0;
}

int main(int argc, char **argv)
{
    /* SQLite's memory statistics take one process-wide mutex on every allocation: the
     * server's readers and the pipeline's threads queued on it (about 14% of the server's
     * CPU per search). Process-wide, so the program sets it, before SQLite starts. */
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    if (argc < 2) return usage(stderr);
    if (limits_from_env()) return EXIT_USAGE;
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) return usage(stdout);
    if (!strcmp(argv[1], "--version")) {
        printf("akhbar %s\n", ak_version());
        return EXIT_OK;
    }
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
    fprintf(stderr, "akhbar: unknown command '%s'\n", argv[1]);
    return usage(stderr);
}
