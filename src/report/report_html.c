/* report_html.c: report.html, the report a person reads: right-to-left, Arabic
 * first, self-contained (inline CSS, system Arabic fonts), every string escaped. */
#include "report/report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/strmap.h"

static const char CSS[] =
    ":root{--ink:#1d232a;--muted:#5b6570;--line:#dfe3e7;--bg:#f7f5f0;--card:#fff;--accent:#0b6e4f;"
    "--accent2:#b35c00;--del:#a23b2a;--per:#1f5fa8;--org:#7a3fa0;--loc:#0b6e4f;--misc:#6b6b6b}"
    "*{box-sizing:border-box}"
    "html{-webkit-text-size-adjust:100%}"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font-family:\"Noto Naskh Arabic\",\"Noto Sans Arabic\",\"Amiri\",\"Scheherazade New\",\"Arial\",sans-serif;"
    "font-size:19px;line-height:1.9;overflow-wrap:anywhere;font-kerning:normal;text-rendering:optimizeLegibility}"
    "h1,h2,h3,h4,.when,.counts,nav,.chips,.meta,th{font-family:\"Noto Kufi Arabic\",\"Noto Sans Arabic\",sans-serif}"
    "main{max-width:56rem;margin:0 auto;padding:1.5rem 1rem 4rem}"
    "h1{font-size:1.8rem;margin:.5rem 0;line-height:1.5}h2{font-size:1.35rem;border-bottom:3px solid var(--accent);"
    "padding-bottom:.3rem;margin-top:2.8rem;line-height:1.6}h3{font-size:1.2rem;margin:.2rem 0 .4rem;line-height:1.6}"
    "h4{font-size:.9rem;color:var(--muted);margin:1rem 0 .3rem;font-weight:600}"
    "a{color:var(--accent)}a:focus-visible{outline:3px solid var(--accent2);outline-offset:2px}"
    ".counts{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;list-style:none;font-size:.9rem}"
    ".counts li{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.3rem .9rem}"
    ".counts b{font-size:1.2rem;margin-inline-start:.4rem}"
    "nav ol{padding-inline-start:1.4rem;font-size:.9rem;line-height:1.7}nav details{font-size:.9rem}"
    "nav time{color:var(--muted);font-size:.8rem;margin-inline-start:.4rem}"
    "article.story{background:var(--card);border:1px solid var(--line);border-inline-start:5px solid var(--accent);"
    "border-radius:.6rem;padding:1rem 1.3rem;margin:1.4rem 0;box-shadow:0 1px 2px rgba(0,0,0,.04)}"
    ".story header h3{font-size:1.35rem}.when{color:var(--muted);font-size:.85rem;margin:0}"
    ".header{margin:.4rem 0 0;padding:.3rem .7rem;background:#f1f6f3;border-radius:.4rem;font-size:.95rem}"
    "ol.summary{margin:.2rem 0;padding-inline-start:1.3rem}ol.summary li{margin:.35rem 0}"
    "a.cite{font-size:.75rem;text-decoration:none;background:#eef3f8;color:var(--per);border-radius:1rem;"
    "padding:0 .45rem;margin-inline-start:.25rem;white-space:nowrap;font-family:\"Noto Kufi Arabic\",sans-serif}"
    ".axis-wrap{position:relative;overflow:hidden;padding:0 2.6rem;margin:.3rem 0 .6rem}"
    "ol.axis{position:relative;height:5.2rem;margin:0;padding:0;list-style:none}"
    "ol.axis::before{content:\"\";position:absolute;inset-inline:0;top:50%;border-top:2px solid #9aa5ae}"
    "ol.axis li{position:absolute;top:50%;transform:translate(50%,-50%);width:0;height:0}"
    "ol.axis a{display:block;position:relative;text-decoration:none;color:var(--ink)}"
    ".dot{position:absolute;width:.85rem;height:.85rem;border-radius:50%;background:var(--accent);"
    "border:2px solid #fff;box-shadow:0 0 0 1px var(--accent);transform:translate(50%,-50%);right:0;top:0}"
    ".g-month .dot,.g-quarter .dot{background:#fff}.g-year .dot,.g-approximate .dot{background:#fff;border-radius:2px}"
    ".lbl{position:absolute;right:0;transform:translateX(50%);bottom:.7rem;white-space:nowrap;font-size:.7rem;"
    "color:var(--muted);line-height:1.2}.low .lbl{bottom:auto;top:.7rem}"
    ".quiet .lbl{display:none}ol.axis a:hover .lbl,ol.axis a:focus .lbl{display:block;color:var(--ink);"
    "font-weight:bold;background:var(--card);z-index:2}"
    ".header b{color:var(--accent);font-weight:600}.header .sep{color:var(--muted)}"
    "ol.events{list-style:none;margin:0;padding:0;border-inline-start:2px solid var(--line)}"
    "ol.events li{position:relative;padding:.15rem .9rem .35rem 0;padding-inline-start:.9rem;font-size:.95rem}"
    "ol.events li::before{content:\"\";position:absolute;inset-inline-start:-.4rem;top:.85rem;width:.6rem;height:.6rem;"
    "border-radius:50%;background:var(--accent)}"
    "ol.events time{font-weight:bold;color:var(--accent);margin-inline-end:.4rem;font-size:.9rem}"
    ".chips-row{display:flex;gap:.5rem;align-items:baseline;margin:.2rem 0}.chips-type{color:var(--muted);"
    "font-size:.8rem;min-width:3.5rem}"
    "ul.chips{display:flex;flex-wrap:wrap;gap:.35rem;list-style:none;margin:0;padding:0}"
    ".chip{font-size:.82rem;border-radius:1rem;padding:.05rem .65rem;border:1px solid currentColor;background:#fff}"
    ".chip b{font-size:.7rem;margin-inline-start:.35rem;opacity:.7}"
    ".chip.PER{color:var(--per)}.chip.ORG{color:var(--org)}.chip.LOC{color:var(--loc)}.chip.MISC{color:var(--misc)}"
    "ol.sources{padding-inline-start:1.3rem;margin:.2rem 0;font-size:.92rem}ol.sources li{margin:.2rem 0}"
    ".kind{font-size:.72rem;color:#fff;background:var(--muted);border-radius:.3rem;padding:0 .35rem}"
    ".copy .kind{background:var(--accent2)}ul.copies{list-style:none;padding-inline-start:1.2rem;margin:.1rem 0;"
    "border-inline-start:2px dotted var(--accent2)}"
    ".src{color:var(--muted)}.sources time{color:var(--muted);font-size:.82rem}"
    ".none,.note{color:var(--muted);font-size:.9rem}"
    "article.article{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.2rem;"
    "margin:1.2rem 0}"
    ".meta{color:var(--muted);font-size:.82rem;margin:0 0 .6rem;line-height:1.8}.meta span+span::before{content:\" · \"}"
    ".body p{margin:.45rem 0;text-align:start}"
    "mark.ent{background:none;border-bottom:2px solid currentColor;padding:0 .05rem;color:inherit}"
    "mark.PER{border-color:var(--per)}mark.ORG{border-color:var(--org)}mark.LOC{border-color:var(--loc)}"
    "mark.MISC{border-color:var(--misc)}"
    "time.tx{background:#fff1dc;border-radius:.25rem;padding:0 .15rem}"
    ".legend{font-size:.8rem;color:var(--muted)}"
    ".dup{color:var(--del);font-weight:bold}"
    "details{margin-top:.6rem;font-size:.92rem}summary{cursor:pointer;color:var(--muted)}"
    "details.copies{border-top:1px dashed var(--line);padding-top:.4rem}"
    "details.copies article.article{background:#fcfbf8}"
    "ul.removed{list-style:none;padding:0;margin:.3rem 0}"
    "ul.removed li{margin:.2rem 0;padding:.2rem .5rem;background:#fdf3f1;border-radius:.3rem}"
    "ul.removed del{color:var(--del);text-decoration-thickness:2px}"
    ".reason{font-size:.8rem;background:var(--del);color:#fff;border-radius:1rem;padding:0 .5rem;"
    "margin-inline-start:.5rem;white-space:nowrap}"
    "ul.times{padding:0;margin:.3rem 0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem}"
    "ul.times li{border:1px solid var(--line);border-radius:.3rem;padding:0 .4rem}"
    "ul.times bdi{font-family:monospace;color:var(--accent);margin-inline-start:.3rem}"
    ".scroll{overflow-x:auto}"
    "table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}td,th{border:1px solid var(--line);"
    "padding:.3rem .5rem;text-align:start}"
    "ol.stories>li{margin:.6rem 0}ol.stories ul{margin:.2rem 0;font-size:.95rem}"
    "ol.stories time{color:var(--muted);font-size:.85rem;margin-inline-start:.4rem}"
    "footer{color:var(--muted);font-size:.85rem;margin-top:3rem}"
    "@media (max-width:600px){body{font-size:17px}main{padding:1rem .6rem 3rem}article.story{padding:.8rem .8rem}"
    ".axis-wrap{padding:0 1.8rem}.chips-row{flex-direction:column;gap:.1rem}}"
    "@media print{body{background:#fff}details{display:block}}";

static void esc(ak_buf *b, const char *s)
{
    if (s) ak_buf_html_escape(b, s, strlen(s));
}

const char *rp_reason_label(const char *reason)
{
    static const char *const map[][2] = {
        {"ui", "عنصر واجهة"}, {"latin-line", "سطر لاتيني"}, {"repeated", "متكرر في المصدر"},
        {"caption", "تعليق صورة"}, {"byline", "توقيع"}, {"dateline", "سطر التاريخ"},
        {"related", "روابط ذات صلة"}, {"share", "مشاركة"}, {"nav", "تنقل"}, {"chrome", "زخرفة الصفحة"},
    };
    if (!reason) return "";
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcmp(map[i][0], reason)) return map[i][1];
    return reason;
}

const char *rp_from_label(const char *from)
{
    if (!from) return "غير معروف";
    if (!strcmp(from, "record")) return "من السجل";
    if (!strcmp(from, "chrome")) return "من سطر التاريخ في الصفحة";
    if (!strcmp(from, "text")) return "مستنتج من النص";
    return from;
}

/* A span to highlight in the text: byte offsets, an entity or a date. */
typedef struct hl { size_t bs, be; const rp_mention *m; const rp_time *t; } hl;

static int cmp_hl(const void *a, const void *b)
{
    const hl *x = a, *y = b;
    if (x->bs != y->bs) return x->bs < y->bs ? -1 : 1;
    return x->be > y->be ? -1 : x->be < y->be; /* the longer first */
}

/* The article's entity and date spans (code points) in bytes, sorted, without
 * overlaps or line breaks inside. Returns the count; *out allocated. */
/* A highlight's start or end offset in code points; slot 2i is v[i].bs, 2i+1 v[i].be. */
typedef struct cp_slot { size_t cp, slot; } cp_slot;
static int cmp_cp_slot(const void *x, const void *y)
{
    size_t a = ((const cp_slot *)x)->cp, b = ((const cp_slot *)y)->cp;
    return a < b ? -1 : a > b;
}

static size_t highlights(const rp_article *a, hl **out)
{
    size_t n = a->n_ments + a->n_times, k = 0;
    *out = NULL;
    if (!n || !a->text) return 0;
    hl *v = calloc(n, sizeof *v);
    size_t *cps = calloc(2 * n, sizeof *cps);
    if (!v || !cps) { free(v); free(cps); return 0; }
    for (size_t i = 0; i < a->n_ments; i++) { cps[2 * k] = a->ments[i].start; cps[2 * k + 1] = a->ments[i].end; v[k++].m = &a->ments[i]; }
    for (size_t i = 0; i < a->n_times; i++) {
        if (!a->times[i].has_span) continue;
        cps[2 * k] = a->times[i].start;
        cps[2 * k + 1] = a->times[i].end;
        v[k++].t = &a->times[i];
    }
    /* code points to bytes in one walk over the text, the offsets taken in
     * ascending order (a scan of every offset at each code point is quadratic
     * in a long article) */
    size_t len = strlen(a->text);
    for (size_t i = 0; i < k; i++) { v[i].bs = v[i].be = (size_t)-1; }
    cp_slot *ord = calloc(2 * k + 1, sizeof *ord);
    if (!ord) { free(v); free(cps); return 0; }
    for (size_t i = 0; i < 2 * k; i++) ord[i] = (cp_slot){cps[i], i};
    qsort(ord, 2 * k, sizeof *ord, cmp_cp_slot);
    size_t cp = 0, j = 0;
    for (size_t bpos = 0; bpos <= len && j < 2 * k; bpos++) {
        if (bpos < len && ((unsigned char)a->text[bpos] & 0xC0) == 0x80) continue;
        for (; j < 2 * k && ord[j].cp == cp; j++) {
            size_t *slot = ord[j].slot % 2 ? &v[ord[j].slot / 2].be : &v[ord[j].slot / 2].bs;
            *slot = bpos;
        }
        cp++;
    }
    free(ord);
    size_t o = 0;
    for (size_t i = 0; i < k; i++)
        if (v[i].bs != (size_t)-1 && v[i].be != (size_t)-1 && v[i].bs < v[i].be &&
            !memchr(a->text + v[i].bs, '\n', v[i].be - v[i].bs))
            v[o++] = v[i];
    qsort(v, o, sizeof *v, cmp_hl);
    size_t w = 0;
    for (size_t i = 0; i < o; i++)
        if (!w || v[i].bs >= v[w - 1].be) v[w++] = v[i];
    free(cps);
    *out = v;
    return w;
}

static void h_span(ak_buf *b, const char *text, const hl *h)
{
    if (h->m) {
        ak_buf_printf(b, "<mark class=\"ent %s\" data-type=\"%s\" title=\"", h->m->type, h->m->type);
        ak_buf_html_escape(b, h->m->name ? h->m->name : "", h->m->name ? strlen(h->m->name) : 0);
        ak_buf_puts(b, "\">");
        ak_buf_html_escape(b, text + h->bs, h->be - h->bs);
        ak_buf_puts(b, "</mark>");
    } else {
        ak_buf_puts(b, "<time class=\"tx\" data-value=\"");
        ak_buf_html_escape(b, h->t->value, strlen(h->t->value));
        ak_buf_puts(b, "\" title=\"");
        ak_buf_html_escape(b, h->t->value, strlen(h->t->value));
        ak_buf_puts(b, "\">");
        ak_buf_html_escape(b, text + h->bs, h->be - h->bs);
        ak_buf_puts(b, "</time>");
    }
}

/* Paragraphs of the cleaned text, entities and dates marked; dir=auto so a
 * Latin line reads left to right. */
static void h_body(ak_buf *b, const rp_article *a)
{
    const char *text = a->text ? a->text : "";
    hl *v = NULL;
    size_t nh = highlights(a, &v), k = 0;
    ak_buf_puts(b, "<div class=\"body\">");
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t s = 0;
        while (s < n && (p[s] == ' ' || p[s] == '\t' || p[s] == '\r')) s++;
        size_t ls = (size_t)(p - text) + s, le = (size_t)(p - text) + n;
        if (s < n) {
            ak_buf_puts(b, "<p dir=\"auto\">");
            size_t at = ls;
            while (k < nh && v[k].bs < ls) k++;
            for (; k < nh && v[k].be <= le; k++) {
                ak_buf_html_escape(b, text + at, v[k].bs - at);
                h_span(b, text, &v[k]);
                at = v[k].be;
            }
            ak_buf_html_escape(b, text + at, le - at);
            ak_buf_puts(b, "</p>");
        }
        p += n + (e ? 1 : 0);
    }
    ak_buf_puts(b, "</div>");
    free(v);
}

static void h_anchor(ak_buf *b, const char *id)
{
    ak_buf_puts(b, "art-");
    esc(b, id);
}

static void h_article(ak_buf *b, const rp_article *a)
{
    ak_buf_puts(b, "<article class=\"article\" id=\"");
    h_anchor(b, a->id);
    ak_buf_puts(b, "\" data-id=\"");
    esc(b, a->id);
    ak_buf_puts(b, "\" data-article=\"");
    esc(b, a->id);
    ak_buf_puts(b, "\"><h3 dir=\"auto\">");
    esc(b, a->title && *a->title ? a->title : a->id);
    ak_buf_puts(b, "</h3><p class=\"meta\"><span>المعرّف: <bdi>");
    esc(b, a->id);
    ak_buf_puts(b, "</bdi></span><span>المصدر: ");
    if (a->source) esc(b, a->source); else ak_buf_puts(b, "غير مذكور");
    ak_buf_puts(b, "</span><span class=\"date\">التاريخ: ");
    if (a->published) {
        ak_buf_puts(b, "<time dir=\"ltr\" datetime=\"");
        esc(b, a->published);
        ak_buf_puts(b, "\">");
        esc(b, a->published);
        ak_buf_puts(b, "</time>");
    } else {
        ak_buf_puts(b, "غير معروف");
    }
    ak_buf_puts(b, " (<span class=\"from\" data-from=\"");
    esc(b, a->published_from ? a->published_from : "none");
    ak_buf_puts(b, "\">");
    esc(b, rp_from_label(a->published_from));
    ak_buf_puts(b, "</span>)");
    if (a->published_evidence) {
        ak_buf_puts(b, " — <bdi>");
        esc(b, a->published_evidence);
        ak_buf_puts(b, "</bdi>");
    }
    ak_buf_puts(b, "</span>");
    if (a->origin) {
        ak_buf_puts(b, "<span>الملف: <bdi dir=\"ltr\">");
        esc(b, a->origin);
        ak_buf_puts(b, "</bdi></span>");
    }
    ak_buf_puts(b, "</p>");
    if (a->duplicate_of) {
        ak_buf_puts(b, "<p class=\"dup\">نسخة مطابقة من <a href=\"#");
        h_anchor(b, a->duplicate_of);
        ak_buf_puts(b, "\">");
        esc(b, a->duplicate_of);
        ak_buf_puts(b, "</a></p>");
    }
    if (a->near_of) {
        ak_buf_puts(b, "<p class=\"dup\">");
        ak_buf_puts(b, a->near_class && !strcmp(a->near_class, "duplicate") ? "نسخة شبه مطابقة من " : "إعادة صياغة لـ");
        ak_buf_puts(b, "<a href=\"#");
        h_anchor(b, a->near_of);
        ak_buf_puts(b, "\"><bdi>");
        esc(b, a->near_of);
        ak_buf_puts(b, "</bdi></a></p>");
    }
    if (a->story) {
        ak_buf_puts(b, "<p class=\"meta\">القصة: <a href=\"#story-");
        esc(b, a->story);
        ak_buf_puts(b, "\"><bdi dir=\"ltr\">");
        esc(b, a->story);
        ak_buf_puts(b, "</bdi></a></p>");
    }
    h_body(b, a);
    if (a->n_removed) {
        ak_buf_printf(b, "<details class=\"removed\" open><summary>أسطر حُذفت من النص (%zu)</summary>"
                      "<ul class=\"removed\">", a->n_removed);
        for (size_t i = 0; i < a->n_removed; i++) {
            ak_buf_puts(b, "<li data-reason=\"");
            esc(b, a->removed[i].reason);
            ak_buf_puts(b, "\"><del dir=\"auto\">");
            esc(b, a->removed[i].text);
            ak_buf_puts(b, "</del><span class=\"reason\">");
            esc(b, rp_reason_label(a->removed[i].reason));
            ak_buf_puts(b, "</span></li>");
        }
        ak_buf_puts(b, "</ul></details>");
    }
    if (a->n_times) {
        ak_buf_printf(b, "<details class=\"times\"><summary>التعابير الزمنية (%zu)</summary><ul class=\"times\">",
                      a->n_times);
        for (size_t i = 0; i < a->n_times; i++) {
            ak_buf_puts(b, "<li>");
            esc(b, a->times[i].text);
            ak_buf_puts(b, "<bdi dir=\"ltr\">");
            esc(b, a->times[i].value);
            if (a->times[i].mod[0]) {
                ak_buf_puts(b, " ");
                esc(b, a->times[i].mod);
            }
            ak_buf_puts(b, "</bdi></li>");
        }
        ak_buf_puts(b, "</ul></details>");
    }
}

/* The first article with id other than a itself (ids: id -> first index). */
static const rp_article *by_id(const ak_report *r, ak_strmap *ids, const char *id, const rp_article *a)
{
    long long i = ak_strmap_get(ids, id, -1);
    if (i < 0) return NULL;
    if (&r->art[i] != a) return &r->art[i];
    for (size_t k = (size_t)i + 1; k < r->n_art; k++) /* a repeated id: the next one */
        if (!strcmp(r->art[k].id, id)) return &r->art[k];
    return NULL;
}

/* Articles whose original is in the report are folded under it. */
static const rp_article *folded_under(const ak_report *r, ak_strmap *ids, const rp_article *a)
{
    const char *of = a->duplicate_of ? a->duplicate_of : a->near_of;
    for (int hop = 0; of && hop < 8; hop++) {
        const rp_article *o = by_id(r, ids, of, a);
        if (!o) return NULL;
        const char *up = o->duplicate_of ? o->duplicate_of : o->near_of;
        if (!up) return o;
        of = up;
    }
    return NULL;
}

/* Each article's folded copies, in report order: kids[at[i] .. at[i + 1]) for article i;
 * folded[i]: article i is shown under its original. A map of ids and one pass, not a scan
 * of every article per article (a million of them). */
static int fold_all(const ak_report *r, size_t *at, size_t *kids, unsigned char *folded)
{
    ak_strmap ids = {0};
    size_t n = r->n_art, *root = malloc((n ? n : 1) * sizeof *root);
    int rc = root ? AK_OK : AK_ENOMEM;
    for (size_t i = 0; rc == AK_OK && i < n; i++)
        if (ak_strmap_get(&ids, r->art[i].id, -1) < 0) rc = ak_strmap_put(&ids, r->art[i].id, (long long)i);
    memset(at, 0, (n + 1) * sizeof *at);
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        const rp_article *o = folded_under(r, &ids, &r->art[i]);
        root[i] = o ? (size_t)(o - r->art) : n;
        folded[i] = o != NULL;
        if (o) at[root[i] + 1]++;
    }
    ak_strmap_free(&ids);
    if (rc) { free(root); return rc; }
    for (size_t i = 0; i < n; i++) at[i + 1] += at[i];
    /* filling moves each at[i] to the end of its range; shifted back after */
    for (size_t k = 0; k < n; k++)
        if (root[k] < n) kids[at[root[k]]++] = k;
    for (size_t i = n; i > 0; i--) at[i] = at[i - 1];
    at[0] = 0;
    free(root);
    return AK_OK;
}

static int h_articles(ak_buf *b, const ak_report *r, FILE *f)
{
    size_t n = r->n_art, *at = malloc((n + 1) * sizeof *at), *kids = malloc((n ? n : 1) * sizeof *kids);
    unsigned char *folded = malloc(n ? n : 1);
    int rc = at && kids && folded ? fold_all(r, at, kids, folded) : AK_ENOMEM;
    if (rc) b->failed = 1; /* reported as out of memory by the caller */
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        if (folded[i]) continue;
        h_article(b, &r->art[i]);
        size_t nk = at[i + 1] - at[i];
        if (nk) {
            ak_buf_printf(b, "<details class=\"copies\"><summary>نسخ وإعادات صياغة لهذا المقال (%zu)</summary>", nk);
            for (size_t k = at[i]; k < at[i + 1]; k++) { h_article(b, &r->art[kids[k]]); ak_buf_puts(b, "</article>\n"); }
            ak_buf_puts(b, "</details>");
        }
        ak_buf_puts(b, "</article>\n");
        rc = rp_flush(b, f, rp_flush_bytes);
    }
    free(at);
    free(kids);
    free(folded);
    return rc == AK_ENOMEM && b->failed ? AK_OK : rc;
}

typedef struct hctx { const ak_report *r; ak_buf *b; FILE *f; } hctx;

/* One streamed article not folded under another, with its copies read in after it. */
static int h_streamed(const rp_article *a, long long seq, void *vctx)
{
    hctx *c = vctx;
    if (rp_stream_folded(c->r, seq)) return AK_OK;
    const long long *kids = NULL;
    size_t nk = 0;
    rp_stream_kids(c->r, seq, &kids, &nk);
    h_article(c->b, a);
    int rc = AK_OK;
    if (nk) {
        ak_buf_printf(c->b, "<details class=\"copies\"><summary>نسخ وإعادات صياغة لهذا المقال (%zu)</summary>", nk);
        for (size_t k = 0; rc == AK_OK && k < nk; k++) {
            rp_article kid;
            rc = rp_stream_get(c->r, kids[k], &kid);
            if (rc) break;
            h_article(c->b, &kid);
            ak_buf_puts(c->b, "</article>\n");
            rp_article_free(&kid);
        }
        ak_buf_puts(c->b, "</details>");
    }
    ak_buf_puts(c->b, "</article>\n");
    return rc ? rc : rp_flush(c->b, c->f, rp_flush_bytes);
}

static void h_header(ak_buf *b, const ak_report *r)
{
    ak_report_counts c;
    ak_report_get_counts(r, &c);
    ak_buf_puts(b, "<header id=\"summary\"><h1>تقرير الأخبار</h1>");
    if (r->n_inputs) {
        ak_buf_puts(b, "<p class=\"meta\">المدخلات: ");
        for (size_t i = 0; i < r->n_inputs; i++) {
            ak_buf_puts(b, i ? "، <bdi dir=\"ltr\">" : "<bdi dir=\"ltr\">");
            esc(b, r->inputs[i]);
            ak_buf_puts(b, "</bdi>");
        }
        ak_buf_puts(b, "</p>");
    }
    ak_buf_printf(b, "<ul class=\"counts\"><li id=\"count-records\">السجلات<b>%zu</b></li>"
                  "<li id=\"count-articles\">المقالات<b>%zu</b></li>"
                  "<li id=\"count-duplicates\">النسخ المطابقة<b>%zu</b></li>"
                  "<li id=\"count-rejected\">المرفوضة<b>%zu</b></li></ul>",
                  c.records, c.articles, c.duplicates, c.rejected);
    if (r->limited)
        ak_buf_printf(b, "<p class=\"meta\" id=\"count-limit\">يعرض التقرير أحدث %zu قصة من %zu في قاعدة البيانات، ومقالاتها"
                      " (%zu من %zu مقالة). كل شيء في قاعدة البيانات: <bdi dir=\"ltr\">akhbar serve</bdi> أو"
                      " <bdi dir=\"ltr\">akhbar stories</bdi>.</p>",
                      r->stories_listed, r->stories_stored, c.articles, r->articles_stored);
    ak_buf_puts(b, "</header>\n");
}

static void toc_entry(ak_buf *b, const char *id, const char *title, const char *published)
{
    ak_buf_puts(b, "<li><a href=\"#");
    h_anchor(b, id);
    ak_buf_puts(b, "\" dir=\"auto\">");
    esc(b, title && *title ? title : id);
    ak_buf_puts(b, "</a>");
    if (published) {
        ak_buf_puts(b, "<time>");
        ak_buf_append(b, published, strnlen(published, 10));
        ak_buf_puts(b, "</time>");
    }
    ak_buf_puts(b, "</li>");
}

static int toc_streamed(const char *id, const char *title, const char *published, void *vctx)
{
    hctx *c = vctx;
    toc_entry(c->b, id, title, published);
    return rp_flush(c->b, c->f, rp_flush_bytes);
}

static int h_toc(ak_buf *b, const ak_report *r, FILE *f)
{
    ak_buf_puts(b, "<nav id=\"toc\" aria-label=\"المحتويات\"><ol>");
    for (size_t i = 0; i < r->n_sec; i++) {
        ak_buf_printf(b, "<li><a href=\"#sec-%s\">", r->sec[i].id);
        esc(b, r->sec[i].heading);
        ak_buf_puts(b, "</a></li>");
    }
    ak_buf_printf(b, "<li><a href=\"#articles\">المقالات</a></li></ol><details><summary>كل المقالات (%zu)</summary><ol>",
                  r->n_art + r->n_db_art);
    int rc = AK_OK;
    for (size_t i = 0; rc == AK_OK && i < r->n_art; i++) {
        toc_entry(b, r->art[i].id, r->art[i].title, r->art[i].published);
        rc = rp_flush(b, f, rp_flush_bytes);
    }
    hctx c = {r, b, f};
    if (rc == AK_OK && r->db) rc = rp_stream_toc(r, toc_streamed, &c);
    ak_buf_puts(b, "</ol></details></nav>\n");
    return rc;
}

static void h_rejected(ak_buf *b, const ak_report *r)
{
    ak_buf_puts(b, "<section id=\"rejected\"><h2>السجلات المرفوضة</h2>");
    if (!r->n_rej && !r->n_dups) {
        ak_buf_puts(b, "<p>لا شيء.</p></section>\n");
        return;
    }
    if (r->n_rej) {
        ak_buf_puts(b, "<table><thead><tr><th>الموضع</th><th>السبب</th></tr></thead><tbody>");
        for (size_t i = 0; i < r->n_rej; i++) {
            ak_buf_puts(b, "<tr><td><bdi dir=\"ltr\">");
            esc(b, r->rej[i].origin);
            if (r->rej[i].line) ak_buf_printf(b, ":%zu", r->rej[i].line);
            ak_buf_puts(b, "</bdi></td><td dir=\"auto\">");
            esc(b, r->rej[i].reason);
            ak_buf_puts(b, "</td></tr>");
        }
        ak_buf_puts(b, "</tbody></table>");
    }
    if (r->n_dups) {
        ak_buf_puts(b, "<h3 id=\"duplicates\">نسخ مطابقة لم تُخزَّن</h3><ul>");
        for (size_t i = 0; i < r->n_dups; i++) {
            ak_buf_puts(b, "<li><bdi>");
            esc(b, r->dups[i].a);
            ak_buf_puts(b, "</bdi> = <a href=\"#");
            h_anchor(b, r->dups[i].b);
            ak_buf_puts(b, "\"><bdi>");
            esc(b, r->dups[i].b);
            ak_buf_puts(b, "</bdi></a></li>");
        }
        ak_buf_puts(b, "</ul>");
    }
    ak_buf_puts(b, "</section>\n");
}

int rp_html_emit(const ak_report *r, ak_buf *b, FILE *f)
{
    ak_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    ak_buf_printf(b, "<meta name=\"generator\" content=\"akhbar %s\">\n"
                      "<meta name=\"akhbar-report-version\" content=\"%d\">\n",
                  ak_version(), AK_REPORT_SCHEMA_VERSION);
    ak_buf_puts(b, "<title>تقرير الأخبار — akhbar</title>\n<style>");
    ak_buf_puts(b, CSS);
    ak_buf_puts(b, "</style>\n</head>\n<body>\n<main>\n");
    h_header(b, r);
    int rc = h_toc(b, r, f);
    /* the later stages' sections summarize the corpus: they come before the articles */
    for (size_t i = 0; i < r->n_sec; i++) {
        ak_buf_printf(b, "<section id=\"sec-%s\" class=\"stage\"><h2>", r->sec[i].id);
        esc(b, r->sec[i].heading);
        ak_buf_puts(b, "</h2>");
        if (rc == AK_OK) rc = rp_put_section(b, f, &r->sec[i], 0);
        ak_buf_puts(b, "</section>\n");
    }
    ak_buf_puts(b, "<section id=\"articles\"><h2>المقالات</h2>\n");
    ak_buf_puts(b, "<p class=\"legend\">في النص: <mark class=\"ent PER\">شخص</mark> · <mark class=\"ent ORG\">هيئة</mark>"
                    " · <mark class=\"ent LOC\">مكان</mark> · <time class=\"tx\">تاريخ</time>؛ الأسطر المحذوفة من الصفحة"
                    " مشطوبة تحت كل مقال.</p>\n");
    if (rc == AK_OK) rc = h_articles(b, r, f);
    hctx hc = {r, b, f};
    if (rc == AK_OK && r->db) rc = rp_stream_each(r, h_streamed, &hc);
    ak_buf_puts(b, "</section>\n");
    h_rejected(b, r);
    ak_buf_printf(b, "<footer>أعدّه akhbar %s · صيغة التقرير %d</footer>\n</main>\n</body>\n</html>\n",
                  ak_version(), AK_REPORT_SCHEMA_VERSION);
    if (b->failed) return ak_set_error(AK_ENOMEM, "report: out of memory");
    return rc ? rc : rp_flush(b, f, 0);
}

int ak_report_html(const ak_report *r, char **out, size_t *len)
{
    if (!r || !out) return ak_set_error(AK_EINVAL, "ak_report_html: NULL argument");
    ak_buf b = AK_BUF_INIT;
    int rc = rp_html_emit(r, &b, NULL);
    if (rc) { ak_buf_free(&b); return rc; }
    *out = ak_buf_detach(&b, len);
    return *out ? AK_OK : ak_set_error(AK_ENOMEM, "report: out of memory");
}
