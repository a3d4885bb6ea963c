/* cmd_summarize.c: `akhbar summarize [--db PATH] [--story ID] [--json]`: the
 * persisted summaries, 3-5 sentences a story, each cited to its article. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "akhbar.h"
#include "util/buf.h"

static const char ARGS[] = "[--db PATH] [--story ID] [--json]";
static const char USAGE[] =
    "usage: akhbar summarize [--db PATH] [--story ID] [--json]\n"
    "  the summary of each story (or of one) of the database analyzed by `akhbar run`;\n"
    "  text: the title, then one sentence a line with [article]; --json: {\"story\",\"sentences\":[{\"text\",\"article\"}]}\n";

static int one(const ak_story_info *s, void *ctx)
{
    int json = *(int *)ctx;
    json_t *sum = json_loads(s->summary_json ? s->summary_json : "[]", 0, NULL);
    if (!sum) sum = json_array();
    ak_buf b = AK_BUF_INIT;
    if (json) {
        ak_buf_puts(&b, "{\"story\":\"");
        ak_buf_json_escape(&b, s->id, strlen(s->id));
        ak_buf_puts(&b, "\",\"sentences\":[");
    } else {
        ak_buf_printf(&b, "# %s\t%s\n", s->id, s->title ? s->title : "");
    }
    size_t i;
    json_t *x;
    json_array_foreach(sum, i, x) {
        const char *t = json_string_value(json_object_get(x, "text")), *a = json_string_value(json_object_get(x, "article"));
        if (!t || !a) continue;
        if (json) {
            ak_buf_puts(&b, i ? ",{\"text\":\"" : "{\"text\":\"");
            ak_buf_json_escape(&b, t, strlen(t));
            ak_buf_puts(&b, "\",\"article\":\"");
            ak_buf_json_escape(&b, a, strlen(a));
            ak_buf_puts(&b, "\"}");
        } else {
            ak_buf_printf(&b, "%s [%s]\n", t, a);
        }
    }
    ak_buf_puts(&b, json ? "]}\n" : "\n");
    json_decref(sum);
    int rc = b.failed ? EXIT_BAD_INPUT : cli_write(ak_buf_cstr(&b), b.len);
    ak_buf_free(&b);
    return rc ? AK_EIO : AK_OK;
}

int cmd_summarize(int argc, char **argv)
{
    const char *path = cli_default_db(), *story = NULL;
    int json = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json")) json = 1;
        else if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--story")) {
            if (i + 1 >= argc) return cli_usage("summarize", ARGS, "%s needs a value", argv[i]);
            if (!strcmp(argv[i], "--db")) path = argv[++i]; else story = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { fputs(USAGE, stdout); return EXIT_OK; }
        else return cli_usage("summarize", ARGS, "unexpected argument '%s'", argv[i]);
    }
    ak_db *db;
    int rc = cli_open_existing_db("summarize", path, &db);
    if (rc) return rc;
    if (ak_stories_each(db, story, one, &json) != AK_OK) {
        fprintf(stderr, "akhbar summarize: %s\n", ak_last_error());
        rc = EXIT_BAD_INPUT;
    }
    ak_db_close(db);
    return rc;
}
