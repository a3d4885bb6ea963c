/* cmd_stories.c: `akhbar stories [--db PATH] [--json]`: the persisted stories,
 * newest first (ak_stories_each over what `akhbar run` analyzed). */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include "akhbar.h"
#include "util/buf.h"

static const char ARGS[] = "[--db PATH] [--json]";
static const char USAGE[] =
    "usage: akhbar stories [--db PATH] [--json]\n"
    "  the stories of the database (analyzed by `akhbar run`), newest first;\n"
    "  text: story, first and last day, reports, title, header; --json: one object a line\n";

static int one(const ak_story_info *s, void *ctx)
{
    int json = *(int *)ctx;
    ak_buf b = AK_BUF_INIT;
    size_t reports = 0;
    for (size_t i = 0; i < s->n_articles; i++) reports += !s->duplicate[i];
    if (json) {
        ak_buf_puts(&b, "{\"story\":");
        cli_json_str(&b, s->id);
        ak_buf_puts(&b, ",\"title\":");
        cli_json_str(&b, s->title);
        ak_buf_puts(&b, ",\"articles\":[");
        for (size_t i = 0; i < s->n_articles; i++) {
            if (i) ak_buf_putc(&b, ',');
            cli_json_str(&b, s->articles[i]);
        }
        ak_buf_puts(&b, "],\"first\":");
        cli_json_str(&b, s->first_day);
        ak_buf_puts(&b, ",\"last\":");
        cli_json_str(&b, s->last_day);
        ak_buf_puts(&b, ",\"header\":");
        cli_json_str(&b, s->header);
        ak_buf_puts(&b, ",\"duplicates\":[");
        int first = 1;
        for (size_t i = 0; i < s->n_articles; i++) {
            if (!s->duplicate[i]) continue;
            if (!first) ak_buf_putc(&b, ',');
            first = 0;
            cli_json_str(&b, s->articles[i]);
        }
        ak_buf_puts(&b, "]}\n");
    } else {
        ak_buf_printf(&b, "%s\t%s..%s\t%zu\t%s\t%s\n", s->id, s->first_day ? s->first_day : "?",
                      s->last_day ? s->last_day : "?", reports, s->title ? s->title : "", s->header ? s->header : "");
    }
    int rc = b.failed ? EXIT_BAD_INPUT : cli_write(ak_buf_cstr(&b), b.len);
    ak_buf_free(&b);
    return rc ? AK_EIO : AK_OK;
}

int cmd_stories(int argc, char **argv)
{
    const char *path = cli_default_db();
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--db")) {
            if (i + 1 >= argc) return cli_usage("stories", ARGS, "--db needs a path");
            path = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(USAGE, stdout); return EXIT_OK; }
        else return cli_usage("stories", ARGS, "unexpected argument '%s'", argv[i]);
    }
    ak_db *db;
    int rc = cli_open_existing_db("stories", path, &db);
    if (rc) return rc;
    if (ak_stories_each(db, NULL, one, &json) != AK_OK) {
        fprintf(stderr, "akhbar stories: %s\n", ak_last_error());
        rc = EXIT_BAD_INPUT;
    }
    ak_db_close(db);
    return rc;
}
