/* report_html.c: report.html, the report a person reads: right-to-left, Arabic
 * first, self-contained (inline CSS, system Arabic fonts), every string escaped. */
#include "report/report_internal.h"

#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"

static const char CSS[] =
    ":root{--ink:#1d232a;--muted:#5b6570;--line:#d9dee3;--bg:#fbfaf7;--accent:#0b6e4f;--del:#a23b2a}"
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);"
    "font-family:\"Noto Naskh Arabic\",\"Noto Sans Arabic\",\"Amiri\",\"Scheherazade New\",\"Arial\",sans-serif;"
    "font-size:18px;line-height:1.8}"
    "main{max-width:52rem;margin:0 auto;padding:1.5rem 1rem 4rem}"
    "h1{font-size:1.9rem;margin:.5rem 0}h2{font-size:1.4rem;border-bottom:2px solid var(--accent);"
    "padding-bottom:.2rem;margin-top:2.5rem}h3{font-size:1.2rem;margin:.2rem 0 .4rem;line-height:1.5}"
    ".counts{display:flex;flex-wrap:wrap;gap:.6rem;padding:0;list-style:none}"
    ".counts li{background:#fff;border:1px solid var(--line);border-radius:.5rem;padding:.3rem .9rem}"
    ".counts b{font-size:1.3rem;margin-inline-start:.4rem}"
    "nav ol{padding-inline-start:1.4rem;columns:2;font-size:.95rem}"
    "article.article{background:#fff;border:1px solid var(--line);border-radius:.6rem;padding:1rem 1.2rem;"
    "margin:1.2rem 0}"
    ".meta{color:var(--muted);font-size:.9rem;margin:0 0 .6rem}.meta span+span::before{content:\" · \"}"
    ".body p{margin:.4rem 0}"
    ".dup{color:var(--del);font-weight:bold}"
    "details{margin-top:.6rem;font-size:.92rem}summary{cursor:pointer;color:var(--muted)}"
    "ul.removed{list-style:none;padding:0;margin:.3rem 0}"
    "ul.removed li{margin:.2rem 0;padding:.2rem .5rem;background:#fdf3f1;border-radius:.3rem}"
    "ul.removed del{color:var(--del);text-decoration-thickness:2px}"
    ".reason{font-size:.8rem;background:var(--del);color:#fff;border-radius:1rem;padding:0 .5rem;"
    "margin-inline-start:.5rem;white-space:nowrap}"
    "ul.times{padding:0;margin:.3rem 0;list-style:none;display:flex;flex-wrap:wrap;gap:.3rem}"
    "ul.times li{border:1px solid var(--line);border-radius:.3rem;padding:0 .4rem}"
    "ul.times bdi{font-family:monospace;color:var(--accent);margin-inline-start:.3rem}"
    "table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid var(--line);"
    "padding:.3rem .5rem;text-align:start}"
    "ol.stories>li{margin:.6rem 0}ol.stories ul{margin:.2rem 0;font-size:.95rem}"
    "ol.stories time{color:var(--muted);font-size:.85rem;margin-inline-start:.4rem}"
    "footer{color:var(--muted);font-size:.85rem;margin-top:3rem}";

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

/* Paragraphs of the cleaned text; dir=auto so a Latin line reads left to right. */
static void h_body(ak_buf *b, const char *text)
{
    ak_buf_puts(b, "<div class=\"body\">");
    const char *p = text ? text : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        size_t s = 0;
        while (s < n && (p[s] == ' ' || p[s] == '\t' || p[s] == '\r')) s++;
        if (s < n) {
            ak_buf_puts(b, "<p dir=\"auto\">");
            ak_buf_html_escape(b, p + s, n - s);
            ak_buf_puts(b, "</p>");
        }
        p += n + (e ? 1 : 0);
    }
    ak_buf_puts(b, "</div>");
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
    h_body(b, a->text);
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
    ak_buf_puts(b, "</article>\n");
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
                  "<li id=\"count-rejected\">المرفوضة<b>%zu</b></li></ul></header>\n",
                  c.records, c.articles, c.duplicates, c.rejected);
}

static void h_toc(ak_buf *b, const ak_report *r)
{
    ak_buf_puts(b, "<nav id=\"toc\" aria-label=\"المحتويات\"><ol>");
    for (size_t i = 0; i < r->n_art; i++) {
        ak_buf_puts(b, "<li><a href=\"#");
        h_anchor(b, r->art[i].id);
        ak_buf_puts(b, "\" dir=\"auto\">");
        esc(b, r->art[i].title && *r->art[i].title ? r->art[i].title : r->art[i].id);
        ak_buf_puts(b, "</a></li>");
    }
    ak_buf_puts(b, "</ol></nav>\n");
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

int ak_report_html(const ak_report *r, char **out, size_t *len)
{
    if (!r || !out) return ak_set_error(AK_EINVAL, "ak_report_html: NULL argument");
    ak_buf b = AK_BUF_INIT;
    ak_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    ak_buf_printf(&b, "<meta name=\"generator\" content=\"akhbar %s\">\n"
                      "<meta name=\"akhbar-report-version\" content=\"%d\">\n",
                  ak_version(), AK_REPORT_SCHEMA_VERSION);
    ak_buf_puts(&b, "<title>تقرير الأخبار — akhbar</title>\n<style>");
    ak_buf_puts(&b, CSS);
    ak_buf_puts(&b, "</style>\n</head>\n<body>\n<main>\n");
    h_header(&b, r);
    h_toc(&b, r);
    /* the later stages' sections summarize the corpus: they come before the articles */
    for (size_t i = 0; i < r->n_sec; i++) {
        ak_buf_printf(&b, "<section id=\"sec-%s\" class=\"stage\"><h2>", r->sec[i].id);
        esc(&b, r->sec[i].heading);
        ak_buf_puts(&b, "</h2>");
        ak_buf_puts(&b, r->sec[i].html);
        ak_buf_puts(&b, "</section>\n");
    }
    ak_buf_puts(&b, "<section id=\"articles\"><h2>المقالات</h2>\n");
    for (size_t i = 0; i < r->n_art; i++) h_article(&b, &r->art[i]);
    ak_buf_puts(&b, "</section>\n");
    h_rejected(&b, r);
    ak_buf_printf(&b, "<footer>أعدّه akhbar %s · صيغة التقرير %d</footer>\n</main>\n</body>\n</html>\n",
                  ak_version(), AK_REPORT_SCHEMA_VERSION);
    if (b.failed) { ak_buf_free(&b); return ak_set_error(AK_ENOMEM, "report: out of memory"); }
    *out = ak_buf_detach(&b, len);
    return *out ? AK_OK : ak_set_error(AK_ENOMEM, "report: out of memory");
}
