/* commands.h: the subcommands of the akhbar CLI and the helpers they share.
 * Each subcommand lives in cli/cmd_<name>.c and returns the process exit code. */
#ifndef AK_CLI_COMMANDS_H
#define AK_CLI_COMMANDS_H
#include <stddef.h>

/* Exit codes of the CLI contract. */
enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

int cmd_normalize(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_sentences(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_timex(int argc, char **argv);
int cmd_ner(int argc, char **argv);
int cmd_dups(int argc, char **argv);
int cmd_stories(int argc, char **argv);
int cmd_timeline(int argc, char **argv);
int cmd_summarize(int argc, char **argv);
int cmd_entities(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* Reads a whole file, or standard input for "-" or NULL. Returns 0, or prints
 * "akhbar: PATH: reason" to stderr and returns EXIT_BAD_INPUT. *data is
 * NUL-terminated; free it with free(). */
int cli_read_input(const char *path, char **data, size_t *len);

/* One line of input (with its '\n', if any) for cli_each_line; valid is 0 when the line is
 * not UTF-8 (already reported). Appends its output to out; returns 0, or non-zero with
 * ak_last_error() set (reported with the line number). */
struct ak_buf;
typedef int (*cli_line_fn)(const char *line, size_t n, int valid, struct ak_buf *out, void *ctx);

/* Reads path (or stdin) and calls fn on each line, writing the output as it grows.
 * Returns EXIT_OK, or EXIT_BAD_INPUT when a line was bad or writing failed. */
int cli_each_line(const char *cmd, const char *path, cli_line_fn fn, void *ctx);

/* Prints "akhbar CMD: message" and the command's usage to stderr; returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *usage, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Writes n bytes to stdout; returns 0 or EXIT_BAD_INPUT (e.g. a closed pipe). */
int cli_write(const char *s, size_t n);

/* Commands that gather their output in a buffer write it out at this size, so memory stays
 * flat on large inputs. */
#define CLI_FLUSH_AT (1u << 20)

/* Appends s to b as a JSON string, escaped and quoted, or null when s is NULL. */
void cli_json_str(struct ak_buf *b, const char *s);

/* The default database path: $AKHBAR_DB or "akhbar.db". */
const char *cli_default_db(void);

/* Opens an existing database for a command that reads analysis results; prints
 * the reason and returns EXIT_BAD_INPUT when it does not exist or cannot open. */
struct ak_db;
int cli_open_existing_db(const char *cmd, const char *path, struct ak_db **db);

#endif
