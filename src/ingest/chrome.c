/* chrome.c: splits an article's raw text into content and page chrome (UI strings,
 * Latin lines in Arabic text, bylines, captions, date lines, lines an outlet repeats). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <xxhash.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "text/utf8.h"
#include "time/dateline.h"
#include "util/buf.h"
#include "util/error.h"

/* Whole-line UI strings of news sites (compared after trimming, collapsing
 * spaces, lower-casing ASCII and dropping trailing . : … punctuation). General
 * site furniture, gathered from common CMS templates, not from any one article. */
static const char *const UI_LINES[] = {
    "skip to main content", "skip to content", "skip to navigation", "jump to content",
    "nocomment", "no comment", "no comments", "leave a comment", "comments", "comment",
    "next previous", "previous next", "next", "previous", "read more", "more", "share",
    "share this", "share on facebook", "share on twitter", "tweet", "print", "email",
    "advertisement", "related", "related articles", "related news", "click here",
    "follow us", "subscribe", "menu", "home", "search", "close", "loading", "back to top",
    "tags", "caption", "photo", "video", "watch", "toggle navigation", "main menu",
    "شاهد بالفيديو", "شاهد الفيديو", "شاهد", "فيديو", "شاهد أيضا", "شاهد أيضاً", "شاهد ايضا",
    "اقرأ أيضا", "اقرأ أيضاً", "اقرأ ايضا", "إقرأ أيضا", "إقرأ أيضاً", "اقرا ايضا", "اقرأ المزيد",
    "المزيد", "شارك", "شارك الخبر", "شارك هذا الخبر", "شارك هذا المقال", "شارك المقال", "مشاركة", "طباعة", "أرسل لصديق", "ارسل لصديق",
    "تابعونا", "تابعنا", "إعلان", "اعلان", "اضغط هنا", "التعليقات", "تعليقات", "أضف تعليق",
    "اضف تعليق", "لا توجد تعليقات", "الرئيسية", "كلمات دلالية", "الكلمات الدلالية",
    "مواضيع ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة", "ذات صلة", "التالي", "السابق",
    "التالي السابق", "السابق التالي", "نسخ الرابط", "رابط مختصر", "الرابط المختصر",
    "انتقل إلى المحتوى", "تخطي إلى المحتوى", "تكبير الخط", "تصغير الخط", "حجم الخط",
};

/* Prefixes of link lines ("اقرأ أيضا: ..."), matched with their colon. */
static const char *const UI_PREFIXES[] = {
    "read more:", "read also:", "related:", "اقرأ أيضا:", "اقرأ أيضاً:", "اقرأ ايضا:", "إقرأ أيضا:",
    "شاهد أيضا:", "شاهد أيضاً:", "شاهد ايضا:", "اقرأ المزيد:",
};

static char *strdup_n(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

static void trim(const char **s, size_t *n)
{
    while (*n > 0 && is_space((unsigned char)**s)) { (*s)++; (*n)--; }
    while (*n > 0 && is_space((unsigned char)(*s)[*n - 1])) (*n)--;
}

unsigned long long ak_chrome_line_hash(const char *s, size_t n)
{
    trim(&s, &n);
    return (unsigned long long)XXH3_64bits(s, n);
}

/* The comparison key of a short line for the UI lexicon (into out, cap bytes). */
static size_t ui_key(const char *s, size_t n, char *out, size_t cap)
{
    size_t k = 0;
    int sp = 0;
    for (size_t i = 0; i < n && k + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space(c)) { sp = k > 0; continue; }
        if (sp) { out[k++] = ' '; sp = 0; if (k + 1 >= cap) break; }
        out[k++] = (char)tolower(c);
    }
    /* Trailing dots, colons, ellipses and dashes are decoration. */
    for (;;) {
        if (k > 0 && (out[k - 1] == '.' || out[k - 1] == ':' || out[k - 1] == '-' ||
                      out[k - 1] == '!' || out[k - 1] == ' ' || out[k - 1] == '>'))
            k--;
        else if (k >= 3 && memcmp(out + k - 3, "\xe2\x80\xa6", 3) == 0) /* … */
            k -= 3;
        else
            break;
    }
    out[k] = '\0';
    return k;
}

/* Whole UI lines are short; a link line ("اقرأ أيضاً: <a headline>") carries a headline. */
#define UI_LINE_MAX 80
#define UI_LINK_MAX 400

static int is_ui(const char *s, size_t n)
{
    if (n == 0 || n > UI_LINK_MAX) return 0;
    char key[128];
    if (n <= UI_LINE_MAX) {
        ui_key(s, n, key, sizeof key);
        for (size_t i = 0; i < sizeof UI_LINES / sizeof *UI_LINES; i++)
            if (strcmp(key, UI_LINES[i]) == 0) return 1;
    }
    char raw[128];
    size_t m = n < sizeof raw - 1 ? n : sizeof raw - 1;
    for (size_t i = 0; i < m; i++) raw[i] = (char)tolower((unsigned char)s[i]);
    raw[m] = '\0';
    for (size_t i = 0; i < sizeof UI_PREFIXES / sizeof *UI_PREFIXES; i++)
        if (strncmp(raw, UI_PREFIXES[i], strlen(UI_PREFIXES[i])) == 0) return 1;
    return 0;
}

/* Letter counts of a span by script. */
typedef struct script_count { size_t arabic, latin, digits, words; } script_count;

static inline int arabic_letter(uint32_t c)
{
    return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3) || (c >= 0x0750 && c <= 0x077F) ||
           (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) || (c >= 0xFE70 && c <= 0xFEFC);
}

/* A code point's script for count_scripts: 1 Arabic letter, 2 Latin letter, 3 digit,
 * 0 anything else. The basic Arabic letters and ASCII are tested first: they are
 * nearly every character of the news, and the text is scanned several times per
 * article at ingestion (a tenth of the writer's CPU went here). ASCII letters are
 * those of the C locale, as isalpha gave them. */
static inline int script_of(uint32_t c)
{
    if (c - 0x0620u <= 0x064Au - 0x0620u) return 1;
    if (c < 0x80) return ((c | 0x20u) - 'a' <= (unsigned)('z' - 'a')) ? 2 : (c - '0' <= 9u ? 3 : 0);
    if (arabic_letter(c)) return 1;
    if (c >= 0xC0 && c <= 0x24F) return 2;
    return (c >= 0x0660 && c <= 0x0669) || (c >= 0x06F0 && c <= 0x06F9) ? 3 : 0;
}

static script_count count_scripts(const char *s, size_t n)
{
    script_count sc = {0, 0, 0, 0};
    int in_word = 0;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += ak_utf8_step(u + i, n - i, &c); /* runs over every raw text, line by line */
        if (c == ' ' || c == '\t') { in_word = 0; continue; }
        if (!in_word) { sc.words++; in_word = 1; }
        switch (script_of(c)) {
        case 1: sc.arabic++; break;
        case 2: sc.latin++; break;
        case 3: sc.digits++; break;
        default: break;
        }
    }
    return sc;
}

static int strstr_n(const char *s, size_t n, const char *needle)
{
    size_t m = strlen(needle);
    for (size_t i = 0; i + m <= n; i++)
        if (memcmp(s + i, needle, m) == 0) return 1;
    return 0;
}

/* Sentence punctuation that captions and bylines do not carry. */
static int has_sentence_punct(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '.' || c == '!' || c == '?' || c == ':' || c == '"') return 1;
    }
    return strstr_n(s, n, "\xd8\x9f") || strstr_n(s, n, "\xd8\x9b") || strstr_n(s, n, "\xc2\xab");
}

/* Splits a trimmed line into words; returns the word count and, for a single
 * standalone separator (- – — |), the word index where it stands (or -1). */
static size_t words_sep(const char *s, size_t n, long *sep_at, int *n_sep)
{
    size_t w = 0;
    *sep_at = -1;
    *n_sep = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && is_space((unsigned char)s[i])) i++;
        if (i >= n) break;
        size_t j = i;
        while (j < n && !is_space((unsigned char)s[j])) j++;
        size_t len = j - i;
        if ((len == 1 && (s[i] == '-' || s[i] == '|')) ||
            (len == 3 && (memcmp(s + i, "\xe2\x80\x93", 3) == 0 || memcmp(s + i, "\xe2\x80\x94", 3) == 0))) {
            (*n_sep)++;
            *sep_at = (long)w;
        } else {
            w++;
        }
        i = j;
    }
    return w;
}

/* "| وكالات", "العالم - العراق": an outlet or place, a separator, a place or agency. */
static int is_byline(const char *s, size_t n)
{
    if (n == 0 || n > 80 || has_sentence_punct(s, n)) return 0;
    script_count sc = count_scripts(s, n);
    if (sc.digits > 0 || sc.arabic + sc.latin == 0) return 0;
    long at;
    int k;
    size_t w = words_sep(s, n, &at, &k);
    if (k != 1) return 0;
    if (s[0] == '|') return w >= 1 && w <= 3;
    return at >= 1 && at <= 2 && w - (size_t)at >= 1 && w - (size_t)at <= 3;
}

/* Labels of a credit line: "كتب: هاني الربيعي", "بقلم: ريم العزام", "تصوير: ...". */
static const char *const CREDIT_LABELS[] = {
    "كتب", "كتبت", "بقلم", "تصوير", "إعداد", "اعداد", "متابعة", "تحرير", "حوار", "ترجمة", "by", "photo",
};

/* The length of a credit label and its colon at s ("كتب:" / "بقلم :"), or 0. */
static size_t credit_label(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof CREDIT_LABELS / sizeof *CREDIT_LABELS; i++) {
        size_t k = strlen(CREDIT_LABELS[i]);
        if (n <= k || strncasecmp(s, CREDIT_LABELS[i], k) != 0) continue;
        size_t j = k;
        while (j < n && s[j] == ' ') j++;
        if (j < n && s[j] == ':') return j + 1;
    }
    return 0;
}

/* A labelled byline: a credit label, then a name of one to five words and nothing else. */
static int is_labelled_byline(const char *s, size_t n)
{
    size_t k = credit_label(s, n);
    if (!k || n - k > 120 || has_sentence_punct(s + k, n - k)) return 0;
    script_count sc = count_scripts(s + k, n - k);
    return sc.words >= 1 && sc.words <= 5 && sc.digits == 0;
}

/* First words of lines that continue prose, so never start a caption. */
static const char *const PROSE_STARTS[] = {
    "والذي", "والتي", "الذي", "التي", "وقد", "قد", "وقال", "قال", "وأضاف", "وأكد", "كما", "حيث", "وكان", "كان",
};

/* A photo or video caption: a short line without sentence punctuation that
 * ends in a parenthesized credit of a few words: "... (الاعلام الامني)". */
static int is_caption(const char *s, size_t n)
{
    if (n < 4 || s[n - 1] != ')') return 0;
    size_t open = n - 1;
    while (open > 0 && s[open] != '(') open--;
    if (s[open] != '(' || open == 0) return 0;
    const char *in = s + open + 1;
    size_t in_n = n - 1 - open - 1;
    /* "(تصوير: محمود قاسم)": the label is part of the credit, not a sentence's colon */
    size_t label = credit_label(in, in_n);
    while (label < in_n && in[label] == ' ') label++;
    in += label;
    in_n -= label;
    script_count ic = count_scripts(in, in_n);
    if (ic.words < 1 || ic.words > 4 || ic.digits > 0 || ic.arabic + ic.latin == 0) return 0;
    if (memchr(s, '(', open) || has_sentence_punct(s, open) || has_sentence_punct(in, in_n)) return 0;
    /* A credit is written tight: "(رويترز)", not "( ... )"; a letter "(ج)" is a list mark. */
    if (in_n == 0 || in[0] == ' ' || in[in_n - 1] == ' ' || ic.arabic + ic.latin < 3) return 0;
    /* A list item ("* ...", "- ...", "• ...") is not a caption. */
    if (s[0] == '*' || s[0] == '-' || (n >= 3 && memcmp(s, "\xe2\x80\xa2", 3) == 0)) return 0;
    /* Nor is a line that continues a sentence (relative pronoun, reporting verb). */
    for (size_t i = 0; i < sizeof PROSE_STARTS / sizeof *PROSE_STARTS; i++) {
        size_t k = strlen(PROSE_STARTS[i]);
        if (open > k && memcmp(s, PROSE_STARTS[i], k) == 0 && s[k] == ' ') return 0;
    }
    script_count lc = count_scripts(s, open);
    return lc.words >= 6 && lc.words <= 30;
}

typedef struct line { size_t start, end; const char *reason; } line;

static int add_removed(ak_article *a, size_t *cap, size_t start, size_t end, const char *reason)
{
    if (a->n_removed == *cap) {
        size_t nc = *cap ? 2 * *cap : 8;
        ak_removed *r = realloc(a->removed, nc * sizeof *r);
        if (!r) return AK_ENOMEM;
        a->removed = r;
        *cap = nc;
    }
    a->removed[a->n_removed++] = (ak_removed){start, end, reason};
    return AK_OK;
}

/* Is this (trimmed) line stamped on many articles of the source? */
static int is_repeated(const ak_article *a, const ak_chrome_model *m, const char *s, size_t n)
{
    if (!m || !m->count || !a->source || n == 0 || n > AK_CHROME_REPEAT_MAXLEN) return 0;
    unsigned n_line = 0, n_src = 0;
    if (m->count(m->ctx, a->source, ak_chrome_line_hash(s, n), &n_line, &n_src) != 0) return 0;
    double need = AK_CHROME_REPEAT_FRAC * n_src;
    if (need < AK_CHROME_REPEAT_MIN) need = AK_CHROME_REPEAT_MIN;
    return (double)n_line >= need;
}

/* The reason a line is chrome, or NULL. first: the first content line (the title). */
static const char *classify(ak_article *a, const ak_chrome_model *m, const char *s, size_t n,
                            const script_count *counts, int arabic_article, int first, int near_edge)
{
    if (is_ui(s, n)) return "ui";
    char date[32];
    if (n <= 200 && ak_dateline_find(s, n, date)) {
        if (!a->published) {
            a->published = strdup_n(date);
            a->published_from = a->published ? "chrome" : NULL;
        }
        return "dateline";
    }
    if (a->title && strlen(a->title) == n && memcmp(a->title, s, n) == 0) return NULL;
    script_count sc = *counts;
    if (sc.arabic + sc.latin + sc.digits == 0) return NULL; /* spacing and rules: left as they are */
    if (arabic_article && sc.arabic == 0 && sc.latin > 0) return "latin-line";
    if (near_edge && (is_byline(s, n) || is_labelled_byline(s, n))) return "byline";
    if (!first && is_caption(s, n)) return "caption";
    if (is_repeated(a, m, s, n)) return "repeated";
    return NULL;
}

/* A title from the first content line, cut at a word boundary when long. */
static char *make_title(const char *s, size_t n)
{
    const size_t max = 200;
    int cut = 0;
    if (n > max) {
        size_t k = max;
        while (k > 0 && s[k] != ' ') k--;
        if (k == 0) { k = max; while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80) k--; }
        n = k;
        cut = 1;
    }
    char *t = malloc(n + 4);
    if (!t) return NULL;
    memcpy(t, s, n);
    if (cut) { memcpy(t + n, "\xe2\x80\xa6", 3); n += 3; }
    t[n] = '\0';
    return t;
}

int ak_chrome_clean(ak_article *a, const ak_chrome_model *model)
{
    free(a->text);
    free(a->removed);
    a->text = NULL;
    a->removed = NULL;
    a->text_len = a->n_removed = 0;
    size_t cap = 0;
    /* Bylines stand near the top or the bottom of an article: count its lines. Each
     * line's letters are counted once, here: their sums are the article's (lines are
     * trimmed of spaces only), and classify reads them again (one pass over the text
     * instead of two). */
    script_count all = {0, 0, 0, 0}, *counts = NULL;
    size_t n_lines = 0, idx = 0, counts_cap = 0;
    for (size_t i = 0; i < a->raw_len;) {
        const char *nl = memchr(a->raw + i, '\n', a->raw_len - i);
        size_t end = nl ? (size_t)(nl - a->raw) : a->raw_len;
        const char *s = a->raw + i;
        size_t n = end - i;
        trim(&s, &n);
        if (n) {
            if (n_lines == counts_cap) {
                size_t nc = counts_cap ? 2 * counts_cap : 64;
                script_count *g = realloc(counts, nc * sizeof *g);
                if (!g) { free(counts); return ak_set_error(AK_ENOMEM, "out of memory cleaning an article"); }
                counts = g;
                counts_cap = nc;
            }
            script_count sc = count_scripts(s, n);
            all.arabic += sc.arabic;
            all.latin += sc.latin;
            counts[n_lines++] = sc;
        }
        i = end + 1;
    }
    int arabic_article = all.arabic > all.latin;
    ak_buf out = AK_BUF_INIT;
    int first = 1, rc = AK_OK;
    const char *title_s = NULL;
    size_t title_n = 0;
    for (size_t i = 0; i <= a->raw_len && rc == AK_OK;) {
        const char *nl = memchr(a->raw + i, '\n', a->raw_len - i);
        size_t end = nl ? (size_t)(nl - a->raw) : a->raw_len;
        const char *s = a->raw + i;
        size_t n = end - i;
        trim(&s, &n);
        int near_edge = n && (idx < AK_CHROME_BYLINE_TOP || idx + AK_CHROME_BYLINE_BOTTOM >= n_lines);
        const char *why = n ? classify(a, model, s, n, &counts[idx], arabic_article, first, near_edge) : NULL;
        if (n) idx++;
        if (why) {
            rc = add_removed(a, &cap, (size_t)(s - a->raw), (size_t)(s - a->raw) + n, why);
        } else {
            ak_buf_append(&out, a->raw + i, end - i);
            if (nl) ak_buf_putc(&out, '\n');
            if (n && first) { first = 0; title_s = s; title_n = n; }
        }
        if (!nl) break;
        i = end + 1;
    }
    free(counts);
    ak_buf_cstr(&out);
    if (rc != AK_OK || out.failed) {
        ak_buf_free(&out);
        return ak_set_error(AK_ENOMEM, "out of memory cleaning an article");
    }
    a->text = ak_buf_detach(&out, &a->text_len);
    if (!a->title && title_s) {
        a->title = make_title(title_s, title_n);
        if (!a->title) return AK_ENOMEM;
    }
    return a->text ? AK_OK : AK_ENOMEM;
}

typedef struct seen { unsigned long long *h; size_t n, cap; } seen;

int ak_chrome_each_line(const char *raw, size_t len, int (*fn)(unsigned long long hash, void *ctx),
                        void *ctx)
{
    seen sn = {NULL, 0, 0};
    int rc = 0;
    for (size_t i = 0; i < len && rc == 0;) {
        const char *nl = memchr(raw + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - raw) : len;
        const char *s = raw + i;
        size_t n = end - i;
        trim(&s, &n);
        script_count sc = n > 0 && n <= AK_CHROME_REPEAT_MAXLEN ? count_scripts(s, n) : (script_count){0, 0, 0, 0};
        if (sc.arabic + sc.latin + sc.digits > 0) {
            unsigned long long h = ak_chrome_line_hash(s, n);
            int dup = 0;
            for (size_t k = 0; k < sn.n; k++) if (sn.h[k] == h) { dup = 1; break; }
            if (!dup) {
                if (sn.n == sn.cap) {
                    size_t nc = sn.cap ? 2 * sn.cap : 32;
                    unsigned long long *g = realloc(sn.h, nc * sizeof *g);
                    if (!g) { rc = AK_ENOMEM; break; }
                    sn.h = g;
                    sn.cap = nc;
                }
                sn.h[sn.n++] = h;
                rc = fn(h, ctx);
            }
        }
        i = end + 1;
    }
    free(sn.h);
    return rc;
}

/* Whether count_scripts would count any letter or digit: the same test, stopping at the first. */
static int any_letter_or_digit(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        uint32_t c;
        i += ak_utf8_step(u + i, n - i, &c);
        if (c == ' ' || c == '\t') continue;
        if (script_of(c)) return 1;
    }
    return 0;
}

int ak_text_has_content(const char *s, size_t n)
{
    if (any_letter_or_digit(s, n)) return 1;
    /* Other scripts count as content too; only spaces, marks and punctuation do not. */
    for (size_t i = 0; i < n;) {
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (k == 0) k = 1;
        i += k;
        if (c >= 0x370 && c != 0x00A0 && !(c >= 0x2000 && c <= 0x206F) && c != 0x3000 && c != 0xFEFF &&
            !(c >= 0x0600 && c <= 0x06FF))
            return 1;
    }
    return 0;
}
