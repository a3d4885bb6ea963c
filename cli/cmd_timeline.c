/* cmd_timeline.c: `akhbar timeline [--db PATH] [--story ID] [--json]`: the persisted timelines of
 * the stories; `akhbar timeline [--json] FILE...`: the merged timeline of the given articles (one a file). */
#include "commands.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "util/buf.h"

#include <jansson.h>

static const char usage[] = "[--db PATH] [--story ID] [--json]   (the stories of a database)\n"
                            "       akhbar timeline [--json] FILE...   (one article a file)";

/* ---- the store-backed form: one line per timeline entry of each story ---- */

static int db_story(const ak_story_info *s, void *ctx)
{
    int json = *(int *)ctx;
    json_t *tl = json_loads(s->timeline_json ? s->timeline_json : "[]", 0, NULL);
    if (!tl) tl = json_array();
    ak_buf b = AK_BUF_INIT;
    size_t i;
    json_t *e;
    json_array_foreach(tl, i, e) {
        if (json) {
            /* the contract's keys first, the story's id added */
            json_t *o = json_object();
            json_object_set_new(o, "story", json_string(s->id));
            const char *k;
            json_t *v;
            json_object_foreach(e, k, v) json_object_set(o, k, v);
            char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (line) { ak_buf_puts(&b, line); ak_buf_putc(&b, '\n'); free(line); }
            else b.failed = 1;
            json_decref(o);
        } else {
            const char *mod = json_string_value(json_object_get(e, "mod"));
            ak_buf_printf(&b, "%s\t%s%s%s\t%s\t", s->id, json_string_value(json_object_get(e, "value")),
                          mod ? " " : "", mod ? mod : "", json_string_value(json_object_get(e, "granularity")));
            size_t t;
            json_t *src;
            json_array_foreach(json_object_get(e, "sources"), t, src)
                ak_buf_printf(&b, "%s%s", t ? "," : "", json_string_value(json_object_get(src, "article")));
            const char *text = json_string_value(json_object_get(e, "text"));
            ak_buf_printf(&b, "\t%s\n", text ? text : "");
        }
    }
    json_decref(tl);
    int rc = b.failed ? EXIT_BAD_INPUT : cli_write(ak_buf_cstr(&b), b.len);
    ak_buf_free(&b);
    return rc ? AK_EIO : AK_OK;
}

static int from_db(const char *path, const char *story, int json)
{
    ak_db *db;
    int rc = cli_open_existing_db("timeline", path, &db);
    if (rc) return rc;
    if (ak_stories_each(db, story, db_story, &json) != AK_OK) {
        fprintf(stderr, "akhbar timeline: %s\n", ak_last_error());
        rc = EXIT_BAD_INPUT;
    }
    ak_db_close(db);
    return rc;
}

static const char *gran_name(int g, const char *mod)
{
    if (mod[0])
        return "approximate";
    switch (g) {
    case AK_GRAN_MINUTE: case AK_GRAN_DAY: return "day";
    case AK_GRAN_WEEK: return "week";
    case AK_GRAN_MONTH: return "month";
    case AK_GRAN_YEAR: return "year";
    default: return "approximate";
    }
}

/* Article id: the file name without directory and extension. */
static char *file_id(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *id = malloc(n + 1);
    if (id) {
        memcpy(id, b, n);
        id[n] = '\0';
    }
    return id;
}

static int print(ak_timeline_entry *e, size_t ne, int json)
{
    ak_buf b = AK_BUF_INIT;
    for (size_t k = 0; k < ne; k++) {
        const char *g = gran_name(e[k].granularity, e[k].mod);
        if (json) {
            ak_buf_printf(&b, "{\"story\":null,\"value\":\"%s\",\"granularity\":\"%s\",", e[k].value, g);
            if (e[k].mod[0])
                ak_buf_printf(&b, "\"mod\":\"%s\",", e[k].mod);
            ak_buf_puts(&b, "\"text\":\"");
            ak_buf_json_escape(&b, e[k].text, strlen(e[k].text));
            ak_buf_puts(&b, "\",\"sources\":[");
            for (size_t s = 0; s < e[k].n_sources; s++) {
                ak_buf_puts(&b, s ? ",{\"article\":\"" : "{\"article\":\"");
                ak_buf_json_escape(&b, e[k].sources[s]->article, strlen(e[k].sources[s]->article));
                ak_buf_printf(&b, "\",\"start\":%zu,\"end\":%zu}", e[k].sources[s]->tx_start, e[k].sources[s]->tx_end);
            }
            ak_buf_puts(&b, "]}\n");
        } else {
            ak_buf_printf(&b, "%s%s%s\t%s\t", e[k].value, e[k].mod[0] ? " " : "", e[k].mod, g);
            for (size_t s = 0; s < e[k].n_sources; s++)
                ak_buf_printf(&b, "%s%s", s ? "," : "", e[k].sources[s]->article);
            ak_buf_putc(&b, '\t');
            ak_buf_puts(&b, e[k].text);
            ak_buf_putc(&b, '\n');
        }
    }
    int rc = b.failed ? EXIT_BAD_INPUT : cli_write(b.data ? b.data : "", b.len);
    ak_buf_free(&b);
    return rc;
}

int cmd_timeline(int argc, char **argv)
{
    int json = 0, nfiles = 0;
    const char *db = NULL, *story = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (!strcmp(argv[i], "--db") || !strcmp(argv[i], "--story")) {
            if (i + 1 >= argc)
                return cli_usage("timeline", usage, "%s needs a value", argv[i]);
            if (!strcmp(argv[i], "--db"))
                db = argv[++i];
            else
                story = argv[++i];
        } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: akhbar timeline %s\n", usage);
            return EXIT_OK;
        } else if (argv[i][0] == '-' && argv[i][1])
            return cli_usage("timeline", usage, "unknown option '%s'", argv[i]);
        else
            nfiles++;
    }
    if (nfiles && (db || story))
        return cli_usage("timeline", usage, "give either --db/--story or files, not both");
    if (!nfiles && !db && !story)
        return cli_usage("timeline", usage, "give --db PATH (the stories of a database) or the articles as files");
    if (!nfiles)
        return from_db(db ? db : cli_default_db(), story, json);
    char **text = calloc((size_t)nfiles, sizeof *text), **ids = calloc((size_t)nfiles, sizeof *ids);
    size_t *len = calloc((size_t)nfiles, sizeof *len);
    ak_dct_guess *dct = calloc((size_t)nfiles, sizeof *dct);
    const char **cands = calloc((size_t)nfiles, sizeof *cands);
    int rc = EXIT_OK, k = 0;
    if (!text || !ids || !len || !dct || !cands) {
        rc = EXIT_BAD_INPUT;
        goto out;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-' && argv[i][1])
            continue; /* only --json can be here: files and --db exclude each other */
        if ((rc = cli_read_input(argv[i], &text[k], &len[k])) != 0)
            goto out;
        ids[k] = file_id(argv[i]);
        if (!ids[k] || ak_dct_infer(text[k], len[k], &dct[k]) != AK_OK) {
            fprintf(stderr, "akhbar timeline: %s: %s\n", argv[i], ak_last_error());
            rc = EXIT_BAD_INPUT;
            goto out;
        }
        k++;
    }
    /* articles without a sure date take the one, among the others' dates and the days they
     * mention explicitly, that fits their own weekday mentions */
    size_t nc = 0, ccap = (size_t)nfiles;
    for (int i = 0; i < k; i++)
        if (dct[i].confidence >= 0.9)
            cands[nc++] = dct[i].date;
    char (*days)[11] = NULL;
    size_t nd = 0;
    for (int i = 0; i < k; i++) {
        ak_timex *x;
        size_t nx;
        if (ak_timex_tag(text[i], len[i], NULL, &x, &nx) != AK_OK)
            continue;
        for (size_t j = 0; j < nx; j++) {
            const char *v = x[j].value;
            if (x[j].granularity > AK_GRAN_DAY || v[0] < '0' || v[0] > '9')
                continue;
            for (const char *p = v; p; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL) {
                char (*nd2)[11] = realloc(days, (nd + 1) * sizeof *days);
                if (!nd2)
                    break;
                days = nd2;
                snprintf(days[nd++], 11, "%.10s", p);
            }
        }
        ak_free(x);
    }
    const char **all = realloc(cands, (nc + nd + 1) * sizeof *cands);
    if (all) {
        cands = all;
        ccap = nc + nd;
        for (size_t j = 0; j < nd; j++)
            cands[nc++] = days[j];
    }
    (void)ccap;
    for (int i = 0; i < k; i++) {
        if (dct[i].confidence >= 0.9 || !nc)
            continue;
        ak_dct_guess g;
        if (ak_dct_from_candidates(text[i], len[i], cands, nc, &g) == AK_OK && g.confidence >= 0.8)
            dct[i] = g;
        if (dct[i].date[0] && dct[i].confidence >= 0.5)
            fprintf(stderr, "akhbar timeline: %s: date %s inferred (confidence %.2f: %s)\n", ids[i], dct[i].date,
                    dct[i].confidence, dct[i].evidence);
        else {
            /* a weak guess would put relative dates on wrong days: leave them unresolved */
            fprintf(stderr, "akhbar timeline: %s: no sure date; relative expressions left out\n", ids[i]);
            dct[i].date[0] = '\0';
        }
    }
    ak_time_event *ev = NULL;
    size_t n = 0;
    for (int i = 0; i < k; i++)
        if (ak_time_events(text[i], len[i], dct[i].date[0] ? dct[i].date : NULL, ids[i], &ev, &n) != AK_OK) {
            fprintf(stderr, "akhbar timeline: %s: %s\n", ids[i], ak_last_error());
            rc = EXIT_BAD_INPUT;
        }
    ak_timeline_entry *e = NULL;
    size_t ne = 0;
    if (ak_timeline_merge(ev, n, &e, &ne) == AK_OK) {
        int r = print(e, ne, json);
        if (r)
            rc = r;
    } else
        rc = EXIT_BAD_INPUT;
    ak_timeline_free(e, ne);
    ak_time_events_free(ev, n);
    free(days);
out:
    for (int i = 0; text && i < nfiles; i++) {
        free(text[i]);
        if (ids)
            free(ids[i]);
    }
    free(text), free(ids), free(len), free(dct), free(cands);
    return rc;
}
