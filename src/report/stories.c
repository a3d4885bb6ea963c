/* stories.c: the "stories" section of the report: articles grouped into stories
 * by the story clusterer, from their stems, dates and publication days. */
#include "report/report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "story/features.h"
#include "util/buf.h"
#include "util/error.h"

typedef struct order { size_t i; int32_t day; } order;

static int by_day(const void *a, const void *b)
{
    const order *x = a, *y = b;
    if (x->day != y->day) return x->day == AK_STORY_NO_DAY ? 1 : y->day == AK_STORY_NO_DAY ? -1
                                                                      : (x->day < y->day ? -1 : 1);
    return x->i < y->i ? -1 : x->i > y->i;
}

/* Day- and month-precise resolved dates: what ties reports of one happening. */
static size_t usable_dates(const rp_article *a, const char **out)
{
    size_t n = 0;
    for (size_t k = 0; k < a->n_times; k++) {
        const char *v = a->times[k].value;
        size_t len = strlen(v);
        if (strcmp(a->times[k].type, "DATE") || (len != 10 && len != 7) || strchr(v, 'X')) continue;
        out[n++] = v;
    }
    return n;
}

static int cluster(const ak_report *r, const order *ord, ak_clusterer *c)
{
    ak_story_feats f;
    memset(&f, 0, sizeof f);
    int st = AK_OK;
    for (size_t k = 0; st == AK_OK && k < r->n_art; k++) {
        const rp_article *a = &r->art[ord[k].i];
        const char **dates = a->n_times ? malloc(a->n_times * sizeof *dates) : NULL;
        if (a->n_times && !dates) { st = AK_ENOMEM; break; }
        st = ak_story_feats_build(&f, a->title, a->text);
        if (st == AK_OK) {
            ak_story_doc d = {
                .id = a->id, .dct = ord[k].day, .title_terms = f.title, .n_title_terms = f.n_title,
                .body_terms = f.body, .n_body_terms = f.n_body, .dates = dates,
                .n_dates = dates ? usable_dates(a, dates) : 0, .dup_of = a->duplicate_of, .source = a->source,
            };
            st = ak_clusterer_add(c, &d);
        }
        free((void *)dates);
    }
    ak_story_feats_clear(&f);
    return st;
}

static const rp_article *find(const ak_report *r, const char *id)
{
    for (size_t i = 0; i < r->n_art; i++)
        if (!strcmp(r->art[i].id, id)) return &r->art[i];
    return NULL;
}

/* JSON and HTML of the stories, in the order their first article was placed. */
static void render(const ak_report *r, const ak_story_assignment *as, size_t n, ak_buf *j, ak_buf *h)
{
    char *done = calloc(n ? n : 1, 1);
    if (!done) { j->failed = 1; return; }
    ak_buf_putc(j, '[');
    ak_buf_puts(h, "<ol class=\"stories\">");
    int first_story = 1;
    for (size_t s = 0; s < n; s++) {
        if (done[s]) continue;
        const char *sid = as[s].story;
        const rp_article *lead = find(r, sid);
        const char *t = lead && lead->title ? lead->title : sid;
        char first[11] = "", last[11] = "";
        ak_buf_printf(j, "%s{\"story\":\"", first_story ? "" : ",");
        first_story = 0;
        ak_buf_json_escape(j, sid, strlen(sid));
        ak_buf_puts(j, "\",\"title\":\"");
        ak_buf_json_escape(j, t, strlen(t));
        ak_buf_puts(j, "\",\"articles\":[");
        ak_buf_puts(h, "<li class=\"story\" id=\"story-");
        ak_buf_html_escape(h, sid, strlen(sid));
        ak_buf_puts(h, "\"><b dir=\"auto\">");
        ak_buf_html_escape(h, t, strlen(t));
        ak_buf_puts(h, "</b><ul>");
        int firsta = 1;
        for (size_t k = s; k < n; k++) {
            if (done[k] || strcmp(as[k].story, sid)) continue;
            done[k] = 1;
            const rp_article *a = find(r, as[k].article);
            ak_buf_puts(j, firsta ? "\"" : ",\"");
            firsta = 0;
            ak_buf_json_escape(j, as[k].article, strlen(as[k].article));
            ak_buf_putc(j, '"');
            ak_buf_puts(h, "<li><a href=\"#art-");
            ak_buf_html_escape(h, as[k].article, strlen(as[k].article));
            ak_buf_puts(h, "\" dir=\"auto\">");
            const char *at = a && a->title ? a->title : as[k].article;
            ak_buf_html_escape(h, at, strlen(at));
            ak_buf_puts(h, "</a>");
            if (a && a->published && strlen(a->published) >= 10) {
                char d[11];
                memcpy(d, a->published, 10);
                d[10] = '\0';
                if (!first[0] || strcmp(d, first) < 0) memcpy(first, d, 11);
                if (!last[0] || strcmp(d, last) > 0) memcpy(last, d, 11);
                ak_buf_printf(h, " <time dir=\"ltr\">%s</time>", d);
            }
            ak_buf_puts(h, "</li>");
        }
        ak_buf_puts(j, "],\"first\":");
        if (first[0]) ak_buf_printf(j, "\"%s\",\"last\":\"%s\"}", first, last);
        else ak_buf_puts(j, "null,\"last\":null}");
        ak_buf_puts(h, "</ul></li>");
    }
    ak_buf_putc(j, ']');
    ak_buf_puts(h, "</ol>");
    free(done);
}

int rp_add_stories(ak_report *r)
{
    if (!r->n_art) return AK_OK;
    order *ord = malloc(r->n_art * sizeof *ord);
    if (!ord) return ak_set_error(AK_ENOMEM, "report: out of memory");
    for (size_t i = 0; i < r->n_art; i++)
        ord[i] = (order){i, r->art[i].published ? ak_story_day(r->art[i].published) : AK_STORY_NO_DAY};
    qsort(ord, r->n_art, sizeof *ord, by_day); /* the clusterer expects publication order */
    ak_clusterer *c = NULL;
    int st = ak_clusterer_new(&c, NULL);
    if (st == AK_OK) st = cluster(r, ord, c);
    ak_story_assignment *as = NULL;
    size_t n = 0;
    if (st == AK_OK) st = ak_clusterer_assignments(c, &as, &n);
    if (st == AK_OK) {
        ak_buf j = AK_BUF_INIT, h = AK_BUF_INIT;
        render(r, as, n, &j, &h);
        st = (j.failed || h.failed) ? AK_ENOMEM
                                    : ak_report_add_section(r, "stories", "القصص", ak_buf_cstr(&j), ak_buf_cstr(&h));
        ak_buf_free(&j);
        ak_buf_free(&h);
    }
    ak_free(as);
    ak_clusterer_free(c);
    free(ord);
    return st;
}
