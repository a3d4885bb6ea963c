/* db_sections.c: the report's sections drawn from the persisted analysis:
 * stories (title, header, cited summary, timeline on a time axis, entity chips,
 * sources with duplicates folded), the corpus's main entities, near-duplicates. */
#include "report/report_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pipeline/pipeline_internal.h"
#include "store/store_internal.h"
#include "story/features.h"
#include "util/buf.h"
#include "util/error.h"

static void esc(ak_buf *b, const char *s)
{
    if (s) ak_buf_html_escape(b, s, strlen(s));
}

static void jstr(ak_buf *b, const char *s)
{
    if (!s) { ak_buf_puts(b, "null"); return; }
    ak_buf_putc(b, '"');
    ak_buf_json_escape(b, s, strlen(s));
    ak_buf_putc(b, '"');
}

static const char *const MONTHS[12] = {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
                                       "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"};

/* A TIMEX value as a reader says it: "11 مارس 2024", "مارس 2024", else the value. */
static void say_date(ak_buf *b, const char *v)
{
    int y, m, d;
    char tail;
    if (v && sscanf(v, "%4d-%2d-%2d%c", &y, &m, &d, &tail) >= 3 && m >= 1 && m <= 12 && strlen(v) >= 10 && v[4] == '-') {
        ak_buf_printf(b, "%d %s %d", d, MONTHS[m - 1], y);
        if (strlen(v) > 10 && v[10] == '/') { ak_buf_puts(b, " – "); say_date(b, v + 11); }
        return;
    }
    if (v && strlen(v) == 7 && sscanf(v, "%4d-%2d", &y, &m) == 2 && m >= 1 && m <= 12) {
        ak_buf_printf(b, "%s %d", MONTHS[m - 1], y);
        return;
    }
    ak_buf_puts(b, "<bdi dir=\"ltr\">");
    esc(b, v);
    ak_buf_puts(b, "</bdi>");
}

int32_t rp_value_day(const char *v)
{
    if (!v || strlen(v) < 4) return AK_STORY_NO_DAY;
    for (int i = 0; i < 4; i++)
        if (v[i] < '0' || v[i] > '9') return AK_STORY_NO_DAY;
    char tmp[11];
    if (strlen(v) >= 10 && v[4] == '-' && v[7] == '-') return ak_story_day(v);
    if (strlen(v) >= 7 && v[4] == '-' && v[5] >= '0' && v[5] <= '1' && v[6] >= '0' && v[6] <= '9') {
        snprintf(tmp, sizeof tmp, "%.7s-15", v);
        return ak_story_day(tmp);
    }
    snprintf(tmp, sizeof tmp, "%.4s-07-01", v);
    return ak_story_day(tmp);
}

/* The "من: … · ماذا: … · أين: … · متى: …" line with its labels set off and the
 * date said in words (a bare ISO date would break the right-to-left line). */
static void header_html(ak_buf *h, const char *header)
{
    ak_buf_puts(h, "<p class=\"header\">");
    const char *p = header;
    int first = 1;
    while (*p) {
        const char *sep = strstr(p, " · ");
        size_t n = sep ? (size_t)(sep - p) : strlen(p);
        const char *colon = memchr(p, ':', n);
        if (!first) ak_buf_puts(h, " <span class=\"sep\">·</span> ");
        first = 0;
        if (colon) {
            ak_buf_puts(h, "<b>");
            ak_buf_html_escape(h, p, (size_t)(colon - p) + 1);
            ak_buf_puts(h, "</b>");
            const char *v = colon + 1;
            while (*v == ' ') v++;
            char val[64];
            size_t vl = n - (size_t)(v - p);
            if (!strncmp(p, "متى", strlen("متى")) && vl < sizeof val) {
                memcpy(val, v, vl);
                val[vl] = '\0';
                ak_buf_puts(h, " <span class=\"v\">");
                say_date(h, val);
                ak_buf_puts(h, "</span>");
            } else {
                ak_buf_puts(h, " <span class=\"v\" dir=\"auto\">");
                ak_buf_html_escape(h, v, vl);
                ak_buf_puts(h, "</span>");
            }
        } else {
            ak_buf_html_escape(h, p, n);
        }
        p += n + (sep ? strlen(" · ") : 0);
    }
    ak_buf_puts(h, "</p>");
}

/* ---- per story ---- */

typedef struct sctx {
    ak_report *r;
    ak_sql *db;
    ak_sqlq *ents;
    ak_strmap idx; /* article id -> index into r->art */
    rp_stream *st; /* or, when the articles stay in the store, looked up there */
    rp_article brief; /* the last one looked up in st */
    ak_strmap dup_first; /* id of an exact duplicate's original -> its first r->dups index */
    size_t *dup_next;    /* r->dups index -> the next with the same original, or SIZE_MAX */
    size_t *orig;        /* the story's member index each copy is folded under, or SIZE_MAX */
    size_t *copy_first;  /* member index -> its first copy's member index, or SIZE_MAX */
    size_t *copy_next;   /* a copy's member index -> the next copy of the same original */
    size_t cap_orig;
    ak_strmap member;    /* the story's article ids -> member index */
    rp_spill sp;         /* .j, .h: the section's JSON and HTML */
    int n;
    int failed;
} sctx;

/* The exact duplicates of each original, chained in r->dups order: a story looks up its
 * members instead of scanning every duplicate for each member (40,000 x 1,000,000 at a million). */
static int dup_chains(sctx *c)
{
    size_t n = c->r->n_dups;
    c->dup_next = malloc((n ? n : 1) * sizeof *c->dup_next);
    if (!c->dup_next) return AK_ENOMEM;
    for (size_t k = n; k-- > 0;) {
        c->dup_next[k] = (size_t)ak_strmap_get(&c->dup_first, c->r->dups[k].b, -1);
        if (ak_strmap_put(&c->dup_first, c->r->dups[k].b, (long long)k)) return AK_ENOMEM;
    }
    return AK_OK;
}

/* The first r->dups index whose original is id, or SIZE_MAX. */
static size_t dup_of(sctx *c, const char *id)
{
    return (size_t)ak_strmap_get(&c->dup_first, id, -1);
}

/* The article's fields the section shows; from the store, valid until the next call. */
static const rp_article *art_of(sctx *c, const char *id)
{
    if (c->st) {
        int k = rp_stream_brief(c->st, id, &c->brief);
        if (k < 0) c->failed = 1;
        return k > 0 ? &c->brief : NULL;
    }
    long long i = ak_strmap_get(&c->idx, id, -1);
    return i >= 0 ? &c->r->art[i] : NULL;
}

static const char *type_label(const char *t)
{
    if (!strcmp(t, "PER")) return "أشخاص";
    if (!strcmp(t, "ORG")) return "هيئات";
    if (!strcmp(t, "LOC")) return "أماكن";
    return "أخرى";
}

static void cite(ak_buf *h, sctx *c, const char *article)
{
    const rp_article *a = art_of(c, article);
    ak_buf_puts(h, "<a class=\"cite\" href=\"#art-");
    esc(h, article);
    ak_buf_puts(h, "\">");
    if (a && a->source) esc(h, a->source);
    else { ak_buf_puts(h, "<bdi dir=\"ltr\">"); esc(h, article); ak_buf_puts(h, "</bdi>"); }
    ak_buf_puts(h, "</a>");
}

static void summary_html(sctx *c, json_t *sum)
{
    ak_buf *h = &c->sp.h;
    ak_buf_puts(h, "<section class=\"summary\"><h4>الملخص</h4><ol class=\"summary\">");
    size_t i;
    json_t *s;
    json_array_foreach(sum, i, s) {
        ak_buf_puts(h, "<li><span dir=\"auto\">");
        esc(h, json_string_value(json_object_get(s, "text")));
        ak_buf_puts(h, "</span> ");
        const char *a = json_string_value(json_object_get(s, "article"));
        if (a) cite(h, c, a);
        ak_buf_puts(h, "</li>");
    }
    ak_buf_puts(h, "</ol></section>");
}

static int cmp_day(const void *x, const void *y)
{
    int32_t a = *(const int32_t *)x, b = *(const int32_t *)y;
    return (a > b) - (a < b);
}

/* How many of the n sorted distinct days are before d. */
static size_t days_below(const int32_t *days, size_t n, int32_t d)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (days[mid] < d) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

/* The timeline as a time axis (earliest at the right, as Arabic reads) over the
 * list of events with their sources. */
static void timeline_html(sctx *c, const char *sid, json_t *tl)
{
    ak_buf *h = &c->sp.h;
    size_t n = json_array_size(tl), i;
    json_t *e;
    int32_t lo = 0, hi = 0;
    int any = 0;
    (void)any;
    json_array_foreach(tl, i, e) {
        int32_t d = rp_value_day(json_string_value(json_object_get(e, "value")));
        if (d == AK_STORY_NO_DAY) continue;
        if (!any || d < lo) lo = d;
        if (!any || d > hi) hi = d;
        any = 1;
    }
    ak_buf_printf(h, "<section class=\"timeline\" data-timeline><h4>الخط الزمني (%zu)</h4>", n);
    if (!n) { ak_buf_puts(h, "<p class=\"none\">لا تواريخ محددة في تقارير هذه القصة.</p></section>"); return; }
    /* half by date, half by rank: distant outliers do not crush the close events */
    size_t nd = 0;
    int32_t *days = calloc(n, sizeof *days);
    if (!days) { c->failed = 1; return; }
    json_array_foreach(tl, i, e) {
        int32_t d = rp_value_day(json_string_value(json_object_get(e, "value")));
        if (d != AK_STORY_NO_DAY) days[nd++] = d;
    }
    /* the distinct days, sorted once: an event's rank is a binary search (was a scan of all
     * pairs of days per event, cubic in the events of a big story) */
    qsort(days, nd, sizeof *days, cmp_day);
    size_t distinct = 0;
    for (size_t t = 0; t < nd; t++)
        if (!distinct || days[distinct - 1] != days[t]) days[distinct++] = days[t];
    ak_buf_puts(h, "<div class=\"axis-wrap\"><ol class=\"axis\" aria-hidden=\"true\">");
    size_t k = 0;
    double last_lbl[2] = {-100, -100};
    json_array_foreach(tl, i, e) {
        const char *v = json_string_value(json_object_get(e, "value"));
        int32_t d = rp_value_day(v);
        if (d == AK_STORY_NO_DAY) continue;
        size_t rank = days_below(days, distinct, d);
        double lin = hi > lo ? (double)(d - lo) / (double)(hi - lo) : 0.5;
        double rk = distinct > 1 ? (double)rank / (double)(distinct - 1) : 0.5;
        double pos = 2.0 + 96.0 * (0.5 * lin + 0.5 * rk);
        const char *g = json_string_value(json_object_get(e, "granularity"));
        int row = (int)(k++ % 2);
        /* a label too close to the previous one on its row stays on hover only */
        int show = pos - last_lbl[row] >= 12.0;
        if (show) last_lbl[row] = pos;
        ak_buf_printf(h, "<li class=\"g-%s%s%s\" style=\"inset-inline-start:%.1f%%\" title=\"", g ? g : "day",
                      row ? " low" : "", show ? "" : " quiet", pos);
        esc(h, json_string_value(json_object_get(e, "text")));
        ak_buf_printf(h, "\"><a href=\"#ev-%d-%zu\"><span class=\"dot\"></span><span class=\"lbl\">", c->n, i);
        say_date(h, v);
        ak_buf_puts(h, "</span></a></li>");
    }
    free(days);
    ak_buf_puts(h, "</ol></div><ol class=\"events\">");
    json_array_foreach(tl, i, e) {
        const char *v = json_string_value(json_object_get(e, "value"));
        ak_buf_printf(h, "<li id=\"ev-%d-%zu\"><time datetime=\"", c->n, i);
        esc(h, v);
        ak_buf_puts(h, "\">");
        say_date(h, v);
        const char *mod = json_string_value(json_object_get(e, "mod"));
        if (mod) {
            ak_buf_puts(h, " <small>(");
            ak_buf_puts(h, !strcmp(mod, "START") ? "مطلع" : !strcmp(mod, "MID") ? "منتصف" : !strcmp(mod, "END") ? "نهاية" : "تقريبًا");
            ak_buf_puts(h, ")</small>");
        }
        ak_buf_puts(h, "</time> <span class=\"ev\" dir=\"auto\">");
        esc(h, json_string_value(json_object_get(e, "text")));
        ak_buf_puts(h, "</span> <span class=\"cites\">");
        size_t t;
        json_t *src;
        json_t *srcs = json_object_get(e, "sources");
        ak_strmap cited = {0}; /* one citation per article */
        json_array_foreach(srcs, t, src) {
            const char *a = json_string_value(json_object_get(src, "article"));
            if (!a || ak_strmap_get(&cited, a, -1) >= 0) continue;
            if (ak_strmap_put(&cited, a, 1)) c->failed = 1;
            cite(h, c, a);
        }
        ak_strmap_free(&cited);
        ak_buf_puts(h, "</span></li>");
    }
    ak_buf_puts(h, "</ol></section>");
    (void)sid;
}

/* The story's entities, most mentioned first, as chips grouped by type. */
static void entities_part(sctx *c, const char *sid)
{
    ak_buf *h = &c->sp.h, *j = &c->sp.j;
    ak_sqlq_reset(c->ents);
    ak_sqlq_bind_text(c->ents, 1, sid, -1);
    typedef struct row { char type[8]; char *name; int count, articles; } row;
    row rows[40];
    int n = 0;
    while (n < 40 && ak_sqlq_step(c->ents) == AK_SQL_ROW) {
        snprintf(rows[n].type, sizeof rows[n].type, "%s", pl_col(c->ents, 0));
        rows[n].name = strdup(pl_col(c->ents, 1));
        rows[n].count = ak_sqlq_int64(c->ents, 2);
        rows[n].articles = ak_sqlq_int64(c->ents, 3);
        if (!rows[n].name) { c->failed = 1; break; }
        n++;
    }
    ak_buf_puts(j, ",\"entities\":[");
    for (int i = 0; i < n; i++) {
        ak_buf_printf(j, "%s{\"type\":\"%s\",\"name\":", i ? "," : "", rows[i].type);
        jstr(j, rows[i].name);
        ak_buf_printf(j, ",\"mentions\":%d,\"articles\":%d}", rows[i].count, rows[i].articles);
    }
    ak_buf_putc(j, ']');
    ak_buf_puts(h, "<section class=\"entities\"><h4>الأطراف</h4>");
    static const char *const types[] = {"PER", "ORG", "LOC", "MISC"};
    int shown = 0;
    for (int t = 0; t < 4; t++) {
        int any = 0;
        for (int i = 0; i < n; i++) {
            if (strcmp(rows[i].type, types[t])) continue;
            if (!any) ak_buf_printf(h, "<div class=\"chips-row\"><span class=\"chips-type\">%s</span><ul class=\"chips\">",
                                    type_label(types[t]));
            any = 1;
            shown++;
            ak_buf_printf(h, "<li class=\"chip %s\" data-type=\"%s\">", types[t], types[t]);
            esc(h, rows[i].name);
            if (rows[i].count > 1) ak_buf_printf(h, "<b>%d</b>", rows[i].count);
            ak_buf_puts(h, "</li>");
        }
        if (any) ak_buf_puts(h, "</ul></div>");
    }
    if (!shown) ak_buf_puts(h, "<p class=\"none\">لم يُتعرَّف على أسماء.</p>");
    ak_buf_puts(h, "</section>");
    for (int i = 0; i < n; i++) free(rows[i].name);
}

/* The member a duplicate member k is folded under: its near-duplicate link when that
 * article is in the story, else the story's first report; SIZE_MAX when none. */
static size_t original_idx(sctx *c, const ak_story_info *s, size_t k, size_t first_report)
{
    const rp_article *a = art_of(c, s->articles[k]);
    long long i = a && a->near_of ? ak_strmap_get(&c->member, a->near_of, -1) : -1;
    return i >= 0 && !s->duplicate[i] ? (size_t)i : first_report;
}

static int grow_members(sctx *c, size_t n)
{
    if (n <= c->cap_orig) return AK_OK;
    size_t *o = realloc(c->orig, n * sizeof *o);
    if (o) c->orig = o;
    size_t *f = o ? realloc(c->copy_first, n * sizeof *f) : NULL;
    if (f) c->copy_first = f;
    size_t *x = f ? realloc(c->copy_next, n * sizeof *x) : NULL;
    if (x) c->copy_next = x;
    if (!x) return AK_ENOMEM;
    c->cap_orig = n;
    return AK_OK;
}

/* Each copy's original and each original's copies, found once per story through a map of
 * its members (a scan of the members per copy is the square of a big story's size). */
static int originals(sctx *c, const ak_story_info *s)
{
    size_t n = s->n_articles, first_report = SIZE_MAX;
    if (grow_members(c, n)) return AK_ENOMEM;
    ak_strmap_free(&c->member);
    for (size_t i = 0; i < n; i++) {
        if (ak_strmap_put(&c->member, s->articles[i], (long long)i)) return AK_ENOMEM;
        if (!s->duplicate[i] && first_report == SIZE_MAX) first_report = i;
    }
    for (size_t k = 0; k < n; k++) c->orig[k] = s->duplicate[k] ? original_idx(c, s, k, first_report) : SIZE_MAX;
    for (size_t k = 0; k < n; k++) c->copy_first[k] = SIZE_MAX;
    for (size_t k = n; k-- > 0;)
        if (c->orig[k] != SIZE_MAX) {
            c->copy_next[k] = c->copy_first[c->orig[k]];
            c->copy_first[c->orig[k]] = k;
        }
    return AK_OK;
}

static const char *original_of(sctx *c, const ak_story_info *s, size_t k)
{
    return c->orig[k] == SIZE_MAX ? NULL : s->articles[c->orig[k]];
}

static void source_li(sctx *c, const char *id, int copy)
{
    ak_buf *h = &c->sp.h;
    const rp_article *a = art_of(c, id);
    ak_buf_puts(h, copy ? "<li class=\"copy\"><span class=\"kind\">" : "<li><span class=\"kind\">");
    if (copy) ak_buf_puts(h, a && a->near_class && !strcmp(a->near_class, "duplicate") ? "نسخة" : "إعادة صياغة");
    else ak_buf_puts(h, "تقرير");
    ak_buf_puts(h, "</span> <a href=\"#art-");
    esc(h, id);
    ak_buf_puts(h, "\" dir=\"auto\">");
    esc(h, a && a->title && *a->title ? a->title : id);
    ak_buf_puts(h, "</a> <span class=\"src\">");
    if (a && a->source) esc(h, a->source); else ak_buf_puts(h, "مصدر غير مذكور");
    ak_buf_puts(h, "</span>");
    if (a && a->published) {
        ak_buf_puts(h, " <time datetime=\"");
        esc(h, a->published);
        ak_buf_puts(h, "\">");
        char d[11];
        snprintf(d, sizeof d, "%.10s", a->published);
        say_date(h, d);
        ak_buf_puts(h, "</time>");
    }
}

static void sources_part(sctx *c, const ak_story_info *s)
{
    ak_buf *h = &c->sp.h, *j = &c->sp.j;
    ak_buf_puts(j, ",\"sources\":[");
    for (size_t i = 0; i < s->n_articles; i++) {
        const rp_article *a = art_of(c, s->articles[i]);
        ak_buf_puts(j, i ? ",{\"article\":" : "{\"article\":");
        jstr(j, s->articles[i]);
        ak_buf_puts(j, ",\"source\":");
        jstr(j, a ? a->source : NULL);
        ak_buf_puts(j, ",\"title\":");
        jstr(j, a ? a->title : NULL);
        ak_buf_puts(j, ",\"published\":");
        jstr(j, a ? a->published : NULL);
        ak_buf_puts(j, ",\"duplicate_of\":");
        jstr(j, s->duplicate[i] ? original_of(c, s, i) : NULL);
        ak_buf_putc(j, '}');
    }
    ak_buf_putc(j, ']');
    size_t reports = 0;
    for (size_t i = 0; i < s->n_articles; i++) reports += !s->duplicate[i];
    ak_buf_printf(h, "<section class=\"sources\"><h4>المصادر (%zu)</h4><ol class=\"sources\">", reports);
    for (size_t i = 0; i < s->n_articles; i++) {
        if (s->duplicate[i]) continue;
        source_li(c, s->articles[i], 0);
        int open = 0;
        for (size_t k = c->copy_first[i]; k != SIZE_MAX; k = c->copy_next[k]) {
            if (!open) ak_buf_puts(h, "<ul class=\"copies\">");
            open = 1;
            source_li(c, s->articles[k], 1);
            ak_buf_puts(h, "</li>");
        }
        /* exact copies were not stored as articles: named, not linked */
        for (size_t k = dup_of(c, s->articles[i]); k != SIZE_MAX; k = c->dup_next[k]) {
            if (!open) ak_buf_puts(h, "<ul class=\"copies\">");
            open = 1;
            ak_buf_puts(h, "<li class=\"copy\"><span class=\"kind\">نسخة مطابقة</span> <bdi>");
            esc(h, c->r->dups[k].a);
            ak_buf_puts(h, "</bdi></li>");
        }
        if (open) ak_buf_puts(h, "</ul>");
        ak_buf_puts(h, "</li>");
    }
    ak_buf_puts(h, "</ol></section>");
}

/* One entry of a story's "duplicates": a copy folded under its original. */
static void dup_entry(ak_buf *j, int *first, const char *id, const char *of, int exact)
{
    ak_buf_puts(j, *first ? "{\"id\":" : ",{\"id\":");
    *first = 0;
    jstr(j, id);
    ak_buf_puts(j, ",\"of\":");
    jstr(j, of);
    ak_buf_puts(j, exact ? ",\"exact\":true}" : ",\"exact\":false}");
}

typedef struct dpair { size_t k, i; } dpair;

static int cmp_dpair(const void *x, const void *y)
{
    const dpair *a = x, *b = y;
    if (a->k != b->k) return a->k < b->k ? -1 : 1;
    return a->i < b->i ? -1 : a->i > b->i;
}

/* what one_story returns to end the walk once a limited report has its stories */
#define STORIES_DONE 1

static int one_story(const ak_story_info *s, void *vctx)
{
    sctx *c = vctx;
    if (c->r->limited && (size_t)c->n >= c->r->stories_listed) return STORIES_DONE;
    ak_buf *j = &c->sp.j, *h = &c->sp.h;
    json_t *sum = json_loads(s->summary_json, 0, NULL), *tl = json_loads(s->timeline_json, 0, NULL);
    /* the stored JSON goes into the section as it is only when it parses: the section is then
     * valid JSON by construction and is not parsed again whole (rp_add_section_spill) */
    const char *sum_js = sum ? s->summary_json : "[]", *tl_js = tl ? s->timeline_json : "[]";
    if (!sum) sum = json_array();
    if (!tl) tl = json_array();
    if (originals(c, s)) {
        json_decref(sum);
        json_decref(tl);
        return AK_ENOMEM;
    }
    size_t reports = 0;
    for (size_t i = 0; i < s->n_articles; i++) reports += !s->duplicate[i];
    ak_buf_puts(j, c->n ? ",\n{\"story\":" : "\n{\"story\":");
    jstr(j, s->id);
    ak_buf_puts(j, ",\"title\":");
    jstr(j, s->title);
    ak_buf_puts(j, ",\"header\":");
    jstr(j, s->header);
    ak_buf_puts(j, ",\"first\":");
    jstr(j, s->first_day);
    ak_buf_puts(j, ",\"last\":");
    jstr(j, s->last_day);
    ak_buf_printf(j, ",\"reports\":%zu,\"articles\":[", reports);
    for (size_t i = 0; i < s->n_articles; i++) {
        if (i) ak_buf_putc(j, ',');
        jstr(j, s->articles[i]);
    }
    ak_buf_puts(j, "],\"duplicates\":[");
    int first = 1;
    for (size_t i = 0; i < s->n_articles; i++)
        if (s->duplicate[i]) dup_entry(j, &first, s->articles[i], original_of(c, s, i), 0);
    /* exact copies of members, in r->dups order (then member order), as a scan of r->dups did */
    size_t np = 0, cap = 0;
    dpair *pairs = NULL;
    for (size_t i = 0; !c->failed && i < s->n_articles; i++)
        for (size_t k = dup_of(c, s->articles[i]); !c->failed && k != SIZE_MAX; k = c->dup_next[k]) {
            if (np == cap) {
                cap = cap ? cap * 2 : 16;
                dpair *p = realloc(pairs, cap * sizeof *p);
                if (!p) { c->failed = 1; break; }
                pairs = p;
            }
            pairs[np++] = (dpair){k, i};
        }
    if (np > 1) qsort(pairs, np, sizeof *pairs, cmp_dpair);
    for (size_t p = 0; p < np; p++) dup_entry(j, &first, c->r->dups[pairs[p].k].a, s->articles[pairs[p].i], 1);
    free(pairs);
    ak_buf_printf(j, "],\"summary\":%s,\"timeline\":%s", sum_js, tl_js);

    ak_buf_puts(h, "<article class=\"story\" id=\"story-");
    esc(h, s->id);
    ak_buf_puts(h, "\" data-story=\"");
    esc(h, s->id);
    ak_buf_puts(h, "\"><header><h3 dir=\"auto\">");
    esc(h, s->title);
    ak_buf_puts(h, "</h3><p class=\"when\">");
    if (s->first_day) {
        ak_buf_puts(h, "<time datetime=\"");
        esc(h, s->first_day);
        ak_buf_puts(h, "\">");
        say_date(h, s->first_day);
        ak_buf_puts(h, "</time>");
        if (s->last_day && strcmp(s->last_day, s->first_day)) {
            ak_buf_puts(h, " – <time datetime=\"");
            esc(h, s->last_day);
            ak_buf_puts(h, "\">");
            say_date(h, s->last_day);
            ak_buf_puts(h, "</time>");
        }
        ak_buf_puts(h, " · ");
    }
    ak_buf_printf(h, "%zu %s", reports, reports == 1 ? "تقرير" : reports == 2 ? "تقريران" : reports <= 10 ? "تقارير" : "تقريرًا");
    if (reports < s->n_articles) ak_buf_printf(h, " و%zu نسخ", s->n_articles - reports);
    ak_buf_puts(h, "</p>");
    if (s->header && *s->header) header_html(h, s->header);
    ak_buf_puts(h, "</header>");
    summary_html(c, sum);
    timeline_html(c, s->id, tl);
    entities_part(c, s->id);
    sources_part(c, s);
    ak_buf_puts(j, "}");
    ak_buf_puts(h, "</article>\n");
    json_decref(sum);
    json_decref(tl);
    c->n++;
    if (c->sp.j.failed || c->sp.h.failed || c->failed) return AK_ENOMEM;
    return rp_spill_step(&c->sp, "stories", rp_flush_bytes); /* a whole story at a time */
}

static int stories_section(ak_report *r, ak_db *db, ak_strmap *idx, rp_stream *st)
{
    sctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    c.db = ak_db_sql(db);
    c.idx = *idx;
    c.st = st;
    c.sp = (rp_spill){AK_BUF_INIT, AK_BUF_INIT, NULL, NULL};
    int rc = pl_prepare(c.db, "SELECT e.type, e.name, count(*), count(DISTINCT x.article) FROM entity_mentions x"
                              " JOIN entities e ON e.id=x.entity JOIN story_articles sa ON sa.article=x.article"
                              " WHERE sa.story=?1 AND sa.duplicate=0 GROUP BY e.id ORDER BY count(*) DESC, e.name, e.id", &c.ents);
    if (rc == AK_OK && dup_chains(&c)) rc = ak_set_error(AK_ENOMEM, "report: out of memory");
    ak_buf_putc(&c.sp.j, '[');
    ak_buf_puts(&c.sp.h, "<div class=\"stories\">");
    if (rc == AK_OK) rc = ak_stories_each(db, NULL, one_story, &c);
    if (rc == STORIES_DONE) rc = AK_OK;
    if (rc == AK_ENOMEM) rc = ak_set_error(AK_ENOMEM, "report: out of memory");
    ak_buf_puts(&c.sp.j, "]");
    if (!c.n) ak_buf_puts(&c.sp.h, "<p class=\"none\">لا قصص بعد.</p>");
    ak_buf_puts(&c.sp.h, "</div>");
    if (rc == AK_OK) rc = rp_add_section_spill(r, "stories", "القصص", &c.sp);
    ak_sqlq_finalize(c.ents);
    ak_strmap_free(&c.dup_first);
    free(c.dup_next);
    free(c.orig);
    free(c.copy_first);
    free(c.copy_next);
    ak_strmap_free(&c.member);
    rp_article_free(&c.brief);
    rp_spill_free(&c.sp);
    return rc;
}

/* ---- the corpus's main entities ---- */

static int entities_section(ak_report *r, ak_db *db)
{
    ak_sql *s = ak_db_sql(db);
    ak_sqlq *q = NULL, *arts = NULL;
    int rc = pl_prepare(s, "SELECT id, type, name, variants, n_articles, first_day, last_day FROM entities"
                           " WHERE n_articles > 0 ORDER BY n_articles DESC, type, name LIMIT 60", &q);
    if (rc == AK_OK) rc = pl_prepare(s, "SELECT DISTINCT article FROM entity_mentions WHERE entity=?1 ORDER BY article LIMIT 100", &arts);
    ak_buf j = AK_BUF_INIT, h = AK_BUF_INIT;
    ak_buf_putc(&j, '[');
    ak_buf_puts(&h, "<p class=\"note\">الأسماء الأكثر ورودًا في المقالات، مع عدد المقالات التي ذكرتها.</p><ul class=\"chips big\">");
    int n = 0;
    while (rc == AK_OK && ak_sqlq_step(q) == AK_SQL_ROW) {
        const char *type = pl_col(q, 1), *name = pl_col(q, 2);
        ak_buf_printf(&j, "%s{\"entity\":\"%s:", n ? ",\n" : "\n", type);
        ak_buf_json_escape(&j, name, strlen(name));
        ak_buf_puts(&j, "\",\"name\":");
        jstr(&j, name);
        ak_buf_printf(&j, ",\"type\":\"%s\",\"variants\":%s,\"first\":", type, *pl_col(q, 3) ? pl_col(q, 3) : "[]");
        jstr(&j, pl_col_or_null(q, 5));
        ak_buf_puts(&j, ",\"last\":");
        jstr(&j, pl_col_or_null(q, 6));
        ak_buf_puts(&j, ",\"articles\":[");
        ak_sqlq_reset(arts);
        ak_sqlq_bind_int64(arts, 1, ak_sqlq_int64(q, 0));
        for (int k = 0; ak_sqlq_step(arts) == AK_SQL_ROW; k++) {
            if (k) ak_buf_putc(&j, ',');
            jstr(&j, pl_col(arts, 0));
        }
        ak_buf_puts(&j, "]}");
        ak_buf_printf(&h, "<li class=\"chip %s\" data-type=\"%s\" title=\"%s\">", type, type, type_label(type));
        esc(&h, name);
        ak_buf_printf(&h, "<b>%lld</b></li>", ak_sqlq_int64(q, 4));
        n++;
    }
    ak_buf_putc(&j, ']');
    ak_buf_puts(&h, "</ul>");
    if (!n) { ak_buf_reset(&h); ak_buf_puts(&h, "<p class=\"none\">لم يُتعرَّف على أسماء.</p>"); }
    rp_spill sp = {j, h, NULL, NULL}; /* 60 entities: held as strings */
    if (rc == AK_OK) rc = rp_add_section_spill(r, "entities", "الأسماء البارزة", &sp);
    else rp_spill_free(&sp);
    ak_sqlq_finalize(q);
    ak_sqlq_finalize(arts);
    return rc;
}

/* ---- near-duplicates ---- */

typedef struct dctx { rp_spill sp; int n; ak_report *r; } dctx;

static int one_pair(const ak_dup_pair *p, void *vctx)
{
    dctx *c = vctx;
    if (!rp_listed_id(c->r, p->a) || !rp_listed_id(c->r, p->b)) return AK_OK;
    ak_buf_puts(&c->sp.j, c->n ? ",{\"a\":" : "{\"a\":");
    jstr(&c->sp.j, p->a);
    ak_buf_puts(&c->sp.j, ",\"b\":");
    jstr(&c->sp.j, p->b);
    ak_buf_puts(&c->sp.j, ",\"class\":");
    jstr(&c->sp.j, p->cls);
    double cont = p->cover_a > p->cover_b ? p->cover_a : p->cover_b;
    ak_buf_printf(&c->sp.j, ",\"jaccard\":%.3f,\"containment\":%.3f,\"passages\":%s}", p->jaccard, cont,
                  p->spans_json && *p->spans_json ? p->spans_json : "[]");
    const char *label = !strcmp(p->cls, "duplicate") ? "نسخة" : !strcmp(p->cls, "rewrite") ? "إعادة صياغة" : "مقطع مشترك";
    ak_buf_puts(&c->sp.h, "<tr><td><a href=\"#art-");
    esc(&c->sp.h, p->a);
    ak_buf_puts(&c->sp.h, "\"><bdi>");
    esc(&c->sp.h, p->a);
    ak_buf_puts(&c->sp.h, "</bdi></a></td><td><a href=\"#art-");
    esc(&c->sp.h, p->b);
    ak_buf_puts(&c->sp.h, "\"><bdi>");
    esc(&c->sp.h, p->b);
    ak_buf_printf(&c->sp.h, "</bdi></a></td><td>%s</td><td dir=\"ltr\">%.2f</td><td dir=\"ltr\">%.2f</td></tr>", label,
                  p->jaccard, cont);
    c->n++;
    if (c->sp.j.failed || c->sp.h.failed) return AK_ENOMEM;
    return rp_spill_step(&c->sp, "near-duplicates", rp_flush_bytes);
}

static int dups_section(ak_report *r, ak_db *db)
{
    dctx c = {{AK_BUF_INIT, AK_BUF_INIT, NULL, NULL}, 0, r};
    ak_buf_putc(&c.sp.j, '[');
    ak_buf_puts(&c.sp.h, "<table class=\"pairs\"><thead><tr><th>الأصل</th><th>الثاني</th><th>العلاقة</th>"
                      "<th>تشابه</th><th>احتواء</th></tr></thead><tbody>");
    int rc = ak_dups_each(db, one_pair, &c);
    if (rc == AK_ENOMEM) rc = ak_set_error(AK_ENOMEM, "report: out of memory");
    ak_buf_putc(&c.sp.j, ']');
    ak_buf_puts(&c.sp.h, "</tbody></table>");
    if (rc == AK_OK && !c.n) { ak_buf_reset(&c.sp.h); ak_buf_puts(&c.sp.h, "<p class=\"none\">لا نسخ قريبة.</p>"); }
    if (rc == AK_OK) rc = rp_add_section_spill(r, "near-duplicates", "النسخ وإعادات الصياغة", &c.sp);
    rp_spill_free(&c.sp);
    return rc;
}

int rp_add_db_sections(ak_report *r, ak_db *db, rp_stream *st)
{
    ak_strmap idx = {0};
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && !st && i < r->n_art; i++) rc = ak_strmap_put(&idx, r->art[i].id, (long long)i);
    if (rc == AK_OK) rc = stories_section(r, db, &idx, st);
    if (rc == AK_OK) rc = entities_section(r, db);
    if (rc == AK_OK) rc = dups_section(r, db);
    ak_strmap_free(&idx);
    return rc;
}
