/* timex.c: the time-expression tagger and normalizer: one left-to-right pass over
 * looked-up tokens, trying the longest pattern at each token, resolved against the DCT. */
#include "time/timex_internal.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "time/calendar.h"
#include "util/buf.h"
#include "util/error.h"

#define NODAY INT32_MIN

typedef struct ctx {
    const char *s;
    const tx_tok *t;
    size_t n;
    int32_t dct;
    int dy, dm, dd;   /* DCT as a date, when known */
    int dhy, dhm, dhd; /* and as a Hijri (Umm al-Qura) date, read once: patterns ask it often */
    int last_year;    /* year of the latest explicit date, for "العام ذاته" */
    int last_hijri;   /* that date's Hijri year when it was a whole Hijri year, else 0 */
    int last_hijri_one; /* and it was that one year alone, not a run of them ("1435 / 1436هـ") */
    int last_month;   /* year * 12 + month - 1 of the latest month- or day-precise date, -1: none */
    size_t start;     /* token where the current match began (may start a line) */
    size_t line0;     /* first token of start's line: what is looked back at stays on it */
    size_t last_year_tok; /* token after the expression that set last_year */
    int32_t last_day; /* the latest day-precise date and the token after it, to anchor clock times */
    size_t last_day_end;
    int last_day_part; /* the part of day written in that date ("عصر اليوم السبت": 12), -1: none */
    size_t daily_end; /* token after the latest timetable clock (daily_before), 0: none */
    struct { size_t out, tok; int unit, fut; } anch[8]; /* offsets counted from an event, see anchor_events */
    int nanch;
    int doc_hijri;    /* the text dates by the Hijri calendar only (doc_calendar) */
    int surnames;     /* bit w: weekday w is someone's family name in this text (surname_days) */
    int32_t told_today; /* the day "اليوم" with its weekday named when the stamp is not it, NODAY: none */
    int chrono_year;  /* a year opening a chronology line ("1951 - ...") and its token */
    size_t chrono_tok;
    ak_timex **out;
    size_t *nout, *cap;
} ctx;

/* A parsed calendar date before resolution. */
typedef struct pdate {
    int y, m, d;      /* 0 = absent */
    int hijri;
    int dir;          /* D_* after the month */
    int weekday;
    int hh, mi;       /* -1 = no time */
    size_t end;       /* token index after the match */
} pdate;

/* ------------------------------------------------------------------ tokens */

/* token i exists and is on the current match's line (patterns never cross lines): after the
 * start, up to the next line's first token; before it, back to its own line's first token */
static int on(const ctx *c, size_t i)
{
    return i < c->n && (i < c->start ? i >= c->line0 : !c->t[i].nl || i == c->start);
}

static int is_cls(const ctx *c, size_t i, int cls) { return on(c, i) && c->t[i].kind == TK_WORD && c->t[i].cls == cls; }

static int is_punct(const ctx *c, size_t i, uint32_t ch) { return on(c, i) && c->t[i].kind == TK_PUNCT && (uint32_t)c->t[i].val == ch; }

/* an Arabic or a Latin comma at i */
static int comma_at(const ctx *c, size_t i) { return is_punct(c, i, 0x060C) || is_punct(c, i, ','); }

static int is_num(const ctx *c, size_t i) { return on(c, i) && c->t[i].kind == TK_NUM; }

static int is_prep(const ctx *c, size_t i, int p) { return is_cls(c, i, C_PREP) && c->t[i].val == p; }

static int unit_of(const ctx *c, size_t i) { return is_cls(c, i, C_UNIT) ? (c->t[i].val & U_MASK) : 0; }

/* a number token that is not glued to more digits or letters (e.g. 1920×1080 still passes
 * here; what makes it a date is the pattern around it) */
static int day_num(const ctx *c, size_t i)
{
    /* "011 أغسطس": a leading zero is still a day */
    return is_num(c, i) && (c->t[i].ndig <= 2 || (c->t[i].ndig == 3 && c->t[i].val < 100)) && c->t[i].val >= 1 &&
           c->t[i].val <= 31;
}

/* token k is a dash, hyphen or en dash ("8-10", "8 – 10") */
static int dash_at(const ctx *c, size_t k) { return is_punct(c, k, '-') || is_punct(c, k, 0x2013); }

/* Whether token k joins the two halves of a pair ("1435/1436", "1436-1437", "1436 – 1437"). */
static int pair_sep(const ctx *c, size_t k)
{
    return is_punct(c, k, '/') || dash_at(c, k);
}

static int year_num(const ctx *c, size_t i)
{
    return is_num(c, i) && c->t[i].ndig == 4 && c->t[i].val >= 1000 && c->t[i].val <= 2200;
}

/* A year of 1300 to 1445 after a year word with no mark after it ("عام 1432", "للعام 1436",
 * "نهاية عام 1436", the kingdom's early years "عام ١٣٥٢") is Hijri (1882 to 2024): Gregorian
 * years so far back are written with م ("عام 1453م") or in a history ("منزل تاريخي تم تشييده
 * في عام 1450"); not one of a pair ("1436 / 1437", "1395- 1975"), read elsewhere */
static int unmarked_hijri_year(const ctx *c, size_t k)
{
    return year_num(c, k) && c->t[k].val >= 1300 && c->t[k].val <= 1445 && !is_cls(c, k + 1, C_GMARK) &&
           !is_cls(c, k + 1, C_HMARK) && !pair_sep(c, k + 1) && !(is_num(c, k + 1) && !c->t[k + 1].sp);
}

/* Two consecutive years of 1300-1445 at k and k+2 with no mark ("1435/1436", "1436 - 1437"):
 * the Hijri pair, as a single such year after a year word is; not one more year or a third
 * number glued on */
static int unmarked_hijri_pair(const ctx *c, size_t k)
{
    int y = c->t[k].val;
    return year_num(c, k) && y >= 1300 && y < 1445 && pair_sep(c, k + 1) && is_num(c, k + 2) &&
           c->t[k + 2].ndig == 4 && c->t[k + 2].val == y + 1 && !is_cls(c, k + 3, C_GMARK) &&
           !is_cls(c, k + 3, C_HMARK) && !pair_sep(c, k + 3) && !(is_num(c, k + 3) && !c->t[k + 3].sp);
}

/* a sentence's full stop at k moved before the four-digit number after it by bidi editing ("في
 * آذار/مارس .2011", "عن عام .2011"): spaced before, glued to the number, nothing glued after. */
static int moved_stop(const ctx *c, size_t k)
{
    return is_punct(c, k, '.') && c->t[k].sp && is_num(c, k + 1) && !c->t[k + 1].sp && c->t[k + 1].ndig == 4 &&
           !(on(c, k + 2) && c->t[k + 2].kind != TK_PUNCT && !c->t[k + 2].sp);
}

/* token i is the word w (both folded; clitics are not peeled) */
static int word_eq(const ctx *c, size_t i, const char *w)
{
    if (!on(c, i) || c->t[i].kind != TK_WORD || c->t[i].b1 - c->t[i].b0 >= TX_WMAX)
        return 0;
    return tx_fold_eq(c->s + c->t[i].b0, c->t[i].b1 - c->t[i].b0, w, 0);
}

/* token i is one of the n words of w (word_eq) */
static int word_in(const ctx *c, size_t i, const char *const *w, size_t n)
{
    for (size_t j = 0; j < n; j++)
        if (word_eq(c, i, w[j]))
            return 1;
    return 0;
}

/* token k is a word that opens with ب, glued to what follows ("بستمائة", "بعامين"); a word of
 * one byte (a Latin letter) is too short to hold it */
static int opens_with_ba(const ctx *c, size_t k)
{
    return on(c, k) && c->t[k].kind == TK_WORD && c->t[k].b1 - c->t[k].b0 >= 2 &&
           memcmp(c->s + c->t[k].b0, "\xd8\xa8", 2) == 0;
}

/* the article الـ/ال as a token of its own before a number, glued or spaced ("الـ22", "الـ 22") */
static int article_word(const ctx *c, size_t k) { return word_eq(c, k, "الـ") || word_eq(c, k, "ال"); }

static int quote_mark(const tx_tok *t);
static int closing_quote(const ctx *c, size_t i);
static int teen_at(const ctx *c, size_t i);
static int words_year(const ctx *c, size_t k, size_t *end);
static int present_lede(const ctx *c, size_t i);
static int definite_word(const ctx *c, size_t i);
static int definite_period_unit(const ctx *c, size_t i);
static int counted_noun(const ctx *c, size_t k);
static int clause_end(const ctx *c, size_t k);
static int hijri_year_span(int hy, char *v, size_t n);
static int hijri_text(const ctx *c, const ak_timex *x);

/* the token is written starting with the bytes p (a glued و, ب, لل ...) and has more than `more`
 * bytes after them */
static int raw_prefix(const ctx *c, size_t i, const char *p, size_t more)
{
    size_t k = strlen(p);
    /* i may be the end of the text: a pattern that ends there asks about the next token */
    return i < c->n && c->t[i].b1 - c->t[i].b0 > k + more && memcmp(c->s + c->t[i].b0, p, k) == 0;
}

/* the token is written exactly "لامس" with a bare alif, after an optional و/ف: the verb "touched"
 * ("بعدما لامس أدنى مستوياته", "ولامس الذهب"), or Vlaams ("فلامس بلانغ"), never ل + أمس */
static int lamasa_verb(const ctx *c, size_t i)
{
    static const char w[] = "\xd9\x84\xd8\xa7\xd9\x85\xd8\xb3"; /* لامس */
    size_t n = c->t[i].b1 - c->t[i].b0, k = sizeof w - 1;
    const char *b = c->s + c->t[i].b0;
    if (n == k + 2 && (memcmp(b, "\xd9\x88", 2) == 0 || memcmp(b, "\xd9\x81", 2) == 0))
        b += 2, n -= 2; /* و/ف */
    return n == k && memcmp(b, w, k) == 0;
}

/* the token is written with a shadda (U+0651): "عامًّا" (general), not "عامًا" (a year) */
static int has_shadda(const ctx *c, size_t i)
{
    for (size_t b = c->t[i].b0; b + 1 < c->t[i].b1; b++)
        if ((unsigned char)c->s[b] == 0xD9 && (unsigned char)c->s[b + 1] == 0x91)
            return 1;
    return 0;
}

/* the token is written with a leading و ("والعشرين") */
static int has_waw(const ctx *c, size_t i)
{
    return raw_prefix(c, i, "\xd9\x88", 0);
}

/* the token is written with a glued ب before its article, after an optional و ("بالسادس",
 * "وبالعاشر") */
static int glued_ba_al(const ctx *c, size_t i)
{
    return raw_prefix(c, i, "\xd8\xa8\xd8\xa7\xd9\x84", 0) ||        /* بال */
           raw_prefix(c, i, "\xd9\x88\xd8\xa8\xd8\xa7\xd9\x84", 0); /* وبال */
}

/* An ordinal day in words at i: "الأول", "الحادي عشر", "السادس والعشرين", "الثلاثين".
 * Returns the day (0 if none) and the token after it. */
static int ord_day(const ctx *c, size_t i, size_t *end)
{
    if (!is_cls(c, i, C_ORD) || c->t[i].val > 30)
        return 0;
    /* days are masculine: "الأيام العشرة الأولى من الشهر" is not the first day; ى ends only
     * the first's feminine ("الثانى عشر" is the masculine as Egypt spells it) */
    const char *w = c->s + c->t[i].b1 - 2;
    if (c->t[i].b1 - c->t[i].b0 > 2 &&
        ((memcmp(w, "\xd9\x89", 2) == 0 && word_eq(c, i, "الأولى")) || memcmp(w, "\xd8\xa9", 2) == 0))
        return 0;
    int d = c->t[i].val;
    *end = i + 1;
    if (d >= 20)
        return d;
    if (d <= 9 && is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 10) {
        *end = i + 2; /* "الحادي عشر" */
        return d + 10;
    }
    if (is_cls(c, i + 1, C_ORD) && has_waw(c, i + 1) && (c->t[i + 1].val == 20 || c->t[i + 1].val == 30) &&
        d <= 9 && (c->t[i + 1].val == 20 || d == 1)) {
        *end = i + 2; /* "السادس والعشرين", "الحادي والثلاثين" */
        return d + c->t[i + 1].val;
    }
    if (c->t[i].b1 - c->t[i].b0 > 4 && memcmp(c->s + c->t[i].b0, "\xd8\xa7\xd9\x84\xd8\xad", 6) == 0)
        return 0; /* "الحادي" alone */
    return d <= 10 ? d : 0;
}

/* A cardinal day in words at i, as dates are said aloud ("خمسة وعشرين رمضان", "عشرة شوال",
 * "تسعة ديسمبر"): one or two, three to ten in the form with ة that counts days ("ست من شوال"
 * and "عشر ذي الحجة" count the days of a fast or a season), a teen with عشر, twenty, thirty, or
 * a unit and وعشرين/وثلاثين. Returns the day (0 if none) and the token after it. */
static int card_day(const ctx *c, size_t i, size_t *end)
{
    if (!is_cls(c, i, C_NUMW) || has_waw(c, i))
        return 0;
    int v = c->t[i].val;
    *end = i + 1;
    if (v == 20 || v == 30)
        return v;
    if (v < 1 || v > 10 || (v >= 3 && memcmp(c->s + c->t[i].b1 - 2, "\xd8\xa9", 2) != 0)) /* ة */
        return 0;
    if (v < 10 && is_cls(c, i + 1, C_NUMW) && has_waw(c, i + 1) &&
        (c->t[i + 1].val == 20 || (c->t[i + 1].val == 30 && v == 1))) {
        *end = i + 2; /* "خمسة وعشرين", "واحد وثلاثين" */
        return v + c->t[i + 1].val;
    }
    int teen = v >= 3 ? teen_at(c, i) : 0; /* "خمسة عشر" */
    if (teen)
        *end = i + 2;
    return teen ? teen : v;
}

/* ------------------------------------------------------------------ output */

/* the Hijri year a value stands for when it is one whole Hijri year's days
 * ("2014-10-25/2015-10-13" is 1436), else 0 */
static int hijri_year_of(const char *value, int gran)
{
    int32_t a;
    int hy, hm, hd;
    char day[11];
    if (gran != AK_GRAN_YEAR || strlen(value) != 21 || value[10] != '/')
        return 0;
    snprintf(day, sizeof day, "%.10s", value);
    if (tx_parse_day(day, &a) != 0 || ak_cal_hijri_from_days(a, &hy, &hm, &hd) < 0 || hm != 1 || hd != 1)
        return 0;
    return hy;
}

/* "كامل", "كاملة", "كاملا", "كاملين" (full) after a length */
static int full_word(const ctx *c, size_t k)
{
    static const char *const w[] = {"كامل", "كاملة", "كاملا", "كاملاً", "كاملين", "كاملتين"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

static int extra_word(const ctx *c, size_t k)
{
    /* and "other" of a plural or dual ("لثمانية أعوام أخرى", "لعامين آخرين"); a singular "آخر"
     * is as often "the other" of a list */
    static const char *const w[] = {"إضافي", "إضافية", "إضافيا", "إضافياً", "إضافيًا", "إضافيين", "إضافيتين",
                                    "أخرى", "آخرين", "أخريين"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

static int emit(ctx *c, size_t i0, size_t i1, const char *type, const char *value, const char *mod, int gran)
{
    if (*c->nout == *c->cap) {
        size_t cap = *c->cap ? *c->cap * 2 : 16;
        ak_timex *p = realloc(*c->out, cap * sizeof *p);
        if (!p)
            return -1;
        *c->out = p;
        *c->cap = cap;
    }
    ak_timex *x = &(*c->out)[(*c->nout)++];
    memset(x, 0, sizeof *x);
    /* "الـ4 من شهر ذي القعدة": an article glued to the number is part of its token as written
     * (extents are whole tokens); with a space it is the day's still ("في الـ 27 من الشهر
     * الجاري"), a length's not ("خلال الـ 24 ساعة") */
    if (i0 > 0 && is_num(c, i0) && on(c, i0 - 1) && article_word(c, i0 - 1) &&
        (c->t[i0 - 1].b1 == c->t[i0].b0 || (gran == AK_GRAN_DAY && !strcmp(type, "DATE"))))
        i0--;
    /* "أسبوع كامل", "شهرا كاملا", "ثلاثة أيام كاملة": a length's "full" is part of it, and its
     * "more" ("لمدة ستة أشهر إضافية", "نصف ساعة إضافية") */
    if (!strcmp(type, "DURATION") && i1 < c->n && on(c, i1) && (full_word(c, i1) || extra_word(c, i1)))
        i1++;
    x->start = c->t[i0].c0;
    x->end = c->t[i1 - 1].c1;
    x->byte_start = c->t[i0].b0;
    x->byte_end = c->t[i1 - 1].b1;
    snprintf(x->type, sizeof x->type, "%s", type);
    snprintf(x->value, sizeof x->value, "%s", value);
    snprintf(x->mod, sizeof x->mod, "%s", mod ? mod : "");
    x->granularity = gran;
    int32_t dd;
    char day[11];
    snprintf(day, sizeof day, "%.10s", value);
    if (gran == AK_GRAN_DAY && !strchr(value, '/') && tx_parse_day(day, &dd) == 0) {
        c->last_day = dd;
        c->last_day_end = i1;
        c->last_day_part = -1;
        for (size_t k = i0; k < i1; k++)
            if (c->t[k].kind == TK_WORD && c->t[k].cls == C_AMPM)
                c->last_day_part = c->t[k].val;
    }
    if (value[0] >= '0' && value[0] <= '9' && value[1] >= '0' && value[2] >= '0' && value[3] >= '0') {
        char one[48];
        c->last_year = atoi(value), c->last_year_tok = i1, c->last_hijri = hijri_year_of(value, gran);
        c->last_hijri_one = c->last_hijri && hijri_year_span(c->last_hijri, one, sizeof one) && !strcmp(one, value);
    }
    if ((gran == AK_GRAN_DAY || gran == AK_GRAN_MONTH) && !strchr(value, '/') && strlen(value) >= 7 &&
        value[4] == '-' && value[5] >= '0' && value[5] <= '1' && value[6] >= '0' && value[6] <= '9')
        c->last_month = atoi(value) * 12 + atoi(value + 5) - 1;
    return 0;
}

static void fmt_day(char *v, size_t n, int32_t days)
{
    int y, m, d;
    ak_cal_ymd(days, &y, &m, &d);
    snprintf(v, n, "%04d-%02d-%02d", y, m, d);
}

/* the days from a to the day before b written as a span ("2014-10-25/2015-10-13") */
static void fmt_span(char *v, size_t n, int32_t a, int32_t b)
{
    char x[16], z[16];
    fmt_day(x, sizeof x, a);
    fmt_day(z, sizeof z, b - 1);
    snprintf(v, n, "%s/%s", x, z);
}

/* The days of n Hijri months from month m of year hy, as an interval ("2015-07-17/2015-08-15"
 * for Shawwal 1436); 0 if the calendar cannot tell */
static int hijri_months_days(int hy, int m, int n, char *v, size_t vn)
{
    int32_t a, b;
    int e = m - 1 + n; /* the month after the last, counted from Muharram of hy */
    if (ak_cal_hijri_days(hy, m, 1, &a) < 0 || ak_cal_hijri_days(hy + e / 12, e % 12 + 1, 1, &b) < 0)
        return 0;
    fmt_span(v, vn, a, b);
    return 1;
}

/* Hijri year hy's Gregorian days as a span; 0 (v untouched) when the calendar cannot place it */
static int hijri_year_span(int hy, char *v, size_t n)
{
    int32_t a, b;
    if (ak_cal_hijri_days(hy, 1, 1, &a) < 0 || ak_cal_hijri_days(hy + 1, 1, 1, &b) < 0)
        return 0;
    fmt_span(v, n, a, b);
    return 1;
}

/* The Gregorian years that part `part` of `parts` of Hijri century cent (counted from 0, its years
 * cent*100 to cent*100+99) falls in, "0767/0815" for the second half of the second: TIMEX has no
 * Hijri centuries. 0 (v untouched) when the calendar cannot place them. */
static int hijri_century_years(int cent, int part, int parts, char *v, size_t vn)
{
    int len = 100 / parts, y0 = cent * 100 + (part - 1) * len, ya, yb, m, d;
    int32_t a, b;
    if (ak_cal_hijri_days(y0 > 0 ? y0 : 1, 1, 1, &a) < 0 || ak_cal_hijri_days(y0 + len, 1, 1, &b) < 0)
        return 0;
    ak_cal_ymd(a, &ya, &m, &d);
    ak_cal_ymd(b - 1, &yb, &m, &d);
    snprintf(v, vn, "%04d/%04d", ya, yb);
    return 1;
}

static const char *mod_name(int m)
{
    switch (m) {
    case M_START: return "START";
    case M_MID: return "MID";
    case M_END: return "END";
    case M_APPROX: return "APPROX";
    default: return "";
    }
}

/* ------------------------------------------------------------------ context */

/* token k is a word in Latin letters */
static int latin_word(const ctx *c, size_t k)
{
    unsigned char b = (unsigned char)c->s[c->t[k].b0];
    return c->t[k].kind == TK_WORD && ((b | 0x20) >= 'a' && (b | 0x20) <= 'z');
}

static int sentence_end(const ctx *c, size_t k)
{
    const tx_tok *t = &c->t[k];
    if (t->kind != TK_PUNCT || !(t->val == '.' || t->val == 0x061F || t->val == '!' || t->val == ':'))
        return 0;
    /* not the colon of a clock ("٥:٣٠") nor a point inside a number, nor the dots of a web
     * address ("http://riyadhedu.org/moe"): glued after Latin letters */
    if ((t->val == '.' || t->val == ':') && !t->sp && k > 0 && k + 1 < c->n && !c->t[k + 1].sp && latin_word(c, k - 1))
        return 0;
    return t->val == 0x061F || t->val == '!' || t->sp || k == 0 || k + 1 >= c->n || c->t[k - 1].kind != TK_NUM ||
           c->t[k + 1].kind != TK_NUM || c->t[k + 1].sp;
}

/* The first token of the sentence of token at, looking back at most max tokens and not past
 * the line's start: the expressions emitted from there on are the sentence's so far. */
static size_t sentence_start(const ctx *c, size_t at, size_t max)
{
    size_t k = at;
    while (k > 0 && at - k < max && !sentence_end(c, k - 1) && !c->t[k].nl)
        k--;
    return k;
}

static size_t event_hijri_year(const ctx *c, size_t i);

/* A token of the sentence of token at (up to 60 tokens either way) that hit accepts */
static int sentence_has(const ctx *c, size_t at, int (*hit)(const ctx *c, size_t k))
{
    for (size_t k = sentence_start(c, at, 60); k < c->n && k < at + 60 && (k == at || !c->t[k].nl) && !sentence_end(c, k);
         k++)
        if (hit(c, k))
            return 1;
    return 0;
}

/* a Hijri era mark, an unambiguous Hijri month name ("ذي القعدة") or a festival's Hijri year
 * ("مهرجان صيف منطقة الباحة ١٤٣٦") */
static int hijri_sign_at(const ctx *c, size_t k)
{
    return is_cls(c, k, C_HMARK) || is_cls(c, k, C_DHU) || is_cls(c, k, C_RABI) || is_cls(c, k, C_JUMADA) ||
           (is_cls(c, k, C_EVENT) && event_hijri_year(c, k) != k);
}

/* such a sign in the sentence of token at: "في الـ 27 من الشهر الجاري ويستمر حتى الـ 4 من شهر
 * ذي القعدة" counts its months in Hijri */
static int sentence_hijri(const ctx *c, size_t at) { return sentence_has(c, at, hijri_sign_at); }

/* a word of schools ("مدرسة", "للمدرسة", "الطلاب") */
static int school_word_at(const ctx *c, size_t k)
{
    static const char *const w[] = {"مدرسة",   "المدرسة", "للمدرسة",  "مدارس",    "المدارس",  "للمدارس",
                                    "الدراسي", "الدراسية", "للدراسة", "المدرسية", "الطلاب",  "للطلاب",
                                    "الطالب",  "للطالب",  "وللطالب",  "المعلمين", "المعلمات"};
    return c->t[k].kind == TK_WORD && word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* such a word in the sentence of token at ("لتشغيل 15 مدرسة مع بداية العام", "مبيعات العودة
 * للمدرسة عند بداية العام"): a bare "بداية العام" there starts the school year, not January */
static int sentence_school(const ctx *c, size_t at) { return sentence_has(c, at, school_word_at); }

/* whether token k is within eight tokens of "الموافق": one half of a date given in both
 * calendars, as the agency's datelines give every report's day */
static int near_equiv(const ctx *c, size_t k)
{
    for (size_t j = k > 8 ? k - 8 : 0; j < c->n && j <= k + 8; j++)
        if (c->t[j].kind == TK_WORD && c->t[j].cls == C_EQUIV)
            return 1;
    return 0;
}

/* The text's own calendar: Hijri when it writes Hijri days or months and names no Gregorian
 * month, neither counting a date it gives in both calendars. Hijri days or months: a date in
 * figures with its era mark ("7/11/1436هـ"), "ذي القعدة", "جمادى", "ربيع الأول", or a month with
 * its day, year or direction ("4 شوال الجاري"); not "رمضان الماضي", which news of any calendar
 * names, nor a year alone, which only its own sentence reads so (sentence_hijri). Such a text's
 * "نهاية الشهر الجاري", "الـ 7 من الشهر المقبل" are Hijri months (a Saudi ministry's deadline, a
 * council's election, a region's festival). A day of this Hijri century in figures counts without
 * its mark too ("من تاريخ ٢٤/١٠/١٤٣٦ وينتهي بتاريخ ٢٨/١٠/١٤٣٦ خلال هذا الشهر"). */
static int doc_calendar(const ctx *c)
{
    int hijri = 0;
    for (size_t k = 0; k < c->n; k++) {
        const tx_tok *t = &c->t[k];
        int cls = t->cls;
        /* "٢٤/١٠/١٤٣٦" without its mark: a day of this Hijri century in figures */
        if (t->kind == TK_NUM && !hijri && t->ndig == 4 && t->val >= 1400 && t->val <= 1450 && k >= 4 &&
            is_punct(c, k - 1, '/') && is_num(c, k - 2) && is_punct(c, k - 3, '/') && is_num(c, k - 4) &&
            !is_cls(c, k + 1, C_GMARK))
            hijri = !near_equiv(c, k);
        if (cls == C_NONE || t->kind != TK_WORD)
            continue;
        if (cls == C_GMONTH || cls == C_LMONTH || cls == C_KANUN || cls == C_TISHRIN) {
            if (!near_equiv(c, k))
                return 0;
        } else if (!hijri && ((cls == C_HMARK && k > 1 && is_num(c, k - 1) && is_punct(c, k - 2, '/')) ||
                              (cls == C_DHU && is_cls(c, k + 1, C_DHUX)) || cls == C_JUMADA ||
                              (cls == C_RABI && is_cls(c, k + 1, C_ORD)) ||
                              (cls == C_HMONTH && ((k > 0 && day_num(c, k - 1)) || year_num(c, k + 1) ||
                                                   (is_cls(c, k + 1, C_DIR) && (t->val & U_MASK) != 9)))))
            hijri = !near_equiv(c, k);
    }
    return hijri;
}

/* day d of the DCT's Gregorian month moved by shift months */
static int greg_month_day(const ctx *c, int shift, int d, pdate *p)
{
    int mm = c->dy * 12 + (c->dm - 1) + shift;
    p->y = mm / 12, p->m = mm % 12 + 1, p->d = d;
    return ak_cal_valid(p->y, p->m, p->d) ? 1 : -1;
}

/* day d of the DCT's Hijri month moved by shift months */
static int hijri_month_day(const ctx *c, int shift, int d, pdate *p)
{
    if (d > 30)
        return -1;
    int mm = c->dhy * 12 + (c->dhm - 1) + shift;
    p->y = mm / 12, p->m = mm % 12 + 1, p->d = d, p->hijri = 1;
    return 1;
}

/* "يوم الثلاثاء 26 الشهر الجاري" under a stamp of 1 August 2015: 26 August is a Wednesday and
 * 26 Shawwal a Tuesday, so the weekday tells the calendar of "this month". 1 Gregorian, 2 Hijri,
 * 0 when no weekday is written or it fits both or neither. */
static int weekday_calendar(const ctx *c, int shift, int d, int weekday)
{
    pdate g = {0}, h = {0};
    int32_t hd;
    if (!weekday)
        return 0;
    int wg = greg_month_day(c, shift, d, &g) == 1 && ak_cal_weekday(ak_cal_days(g.y, g.m, g.d)) == weekday;
    int wh = hijri_month_day(c, shift, d, &h) == 1 && ak_cal_hijri_days(h.y, h.m, h.d, &hd) >= 0 &&
             ak_cal_weekday(hd) == weekday;
    return wg == wh ? 0 : wg ? 1 : 2;
}

/* a year a little after the DCT's ("حتى الأول من نيسان 2025" under a 2024 stamp); far years
 * ("رؤية 2030") are plans, not anchors */
static int future_year(const ctx *c, const tx_tok *t)
{
    return c->dct != NODAY && t->kind == TK_NUM && t->ndig == 4 && t->val > c->dy && t->val <= c->dy + 2;
}

/* "المقبل" after this token qualifies a date (a month, a day number, a closing bracket of a
 * pairing), not a noun ("الحلقات المقبلة") */
static int date_word(const tx_tok *t)
{
    if (t->kind == TK_NUM)
        return t->ndig <= 2;
    if (t->kind == TK_PUNCT)
        return t->val == ')';
    return t->cls == C_GMONTH || t->cls == C_LMONTH || t->cls == C_HMONTH || t->cls == C_ORD || t->cls == C_DHUX;
}

/* each season's first month, by its code (1 summer, 2 winter, 3 spring, 4 autumn) */
static const int season_first[] = {0, 6, 12, 3, 9};

/* The year of "the last" or "the next" season (1 summer, 2 winter, 3 spring, 4 autumn; a
 * winter is named by its December): the latest one over before the DCT's month, or the
 * first one to begin after it. In August "الربيع الماضي" is this year's spring and
 * "الخريف المقبل" this year's autumn; "الصيف الماضي" is last year's, this one not being over. */
static int season_year(const ctx *c, int season, int dir)
{
    int m0 = season_first[season], ym = c->dy * 12 + (c->dm - 1); /* months since year 0 */
    if (dir == D_PAST) {
        int y = c->dy; /* the latest start year whose season ended before this month */
        while ((y * 12 + m0 - 1) + 2 >= ym) y--;
        return y;
    }
    int y = c->dy - 1; /* the first start year whose season begins after this month */
    while (y * 12 + m0 - 1 <= ym) y++;
    return y;
}

/* the stamp's month falls in the season (of those that lie in one calendar year) */
static int stamp_in_season(const ctx *c, int season)
{
    return season >= 1 && season <= 4 && season_first[season] <= 10 && c->dm >= season_first[season] &&
           c->dm <= season_first[season] + 2;
}

/* The Gregorian year of a season named with a Hijri year ("لصيف 1436هـ"): the one whose middle
 * month falls in that Hijri year (the summer of 2015 for 1436); 0 when none does, a Hijri year
 * being eleven days short of a solar one. */
static int hijri_season_year(int season, int hy)
{
    int32_t a, b;
    if (hy < 1 || ak_cal_hijri_days(hy, 1, 1, &a) < 0 || ak_cal_hijri_days(hy + 1, 1, 1, &b) < 0)
        return 0;
    int y0, m0, d0;
    ak_cal_ymd(a, &y0, &m0, &d0);
    for (int y = y0 - 1; y <= y0 + 1; y++) {
        int m = season_first[season] + 1; /* the middle month, a winter's in the next year */
        int32_t mid = m > 12 ? ak_cal_days(y + 1, m - 12, 15) : ak_cal_days(y, m, 15);
        if (mid >= a && mid < b)
            return y;
    }
    return 0;
}

/* The year of the Common Era at k after a bare ربيع (four digits, 1900-2100, no هـ, an optional
 * م), 0 when none; sets *end past it. A singular year word may come first, as after the other
 * seasons ("في ربيع سنة 1999"). */
static int spring_year(const ctx *c, size_t k, size_t *end)
{
    if (unit_of(c, k) == U_YEAR && !(c->t[k].val & (F_DUAL | F_PLURAL)) && is_num(c, k + 1))
        k++;
    if (!is_num(c, k) || c->t[k].ndig != 4 || c->t[k].val < 1900 || c->t[k].val > 2100 || is_cls(c, k + 1, C_HMARK) ||
        is_punct(c, k + 1, '/') || is_punct(c, k + 1, '-'))
        return 0;
    *end = is_cls(c, k + 1, C_GMARK) ? k + 2 : k + 1;
    return c->t[k].val;
}

/* Whether the Hijri year at i and the next one each carry a هـ: "1435هـ/1436هـ". */
static int hijri_pair_marked(const ctx *c, size_t i)
{
    if (!is_cls(c, i + 1, C_HMARK) || !is_num(c, i + 3) || c->t[i + 3].ndig != 4 || !is_cls(c, i + 4, C_HMARK))
        return 0;
    if (!pair_sep(c, i + 2))
        return 0;
    return c->t[i + 3].val == c->t[i].val + 1 || c->t[i + 3].val == c->t[i].val - 1;
}

/* The day a range "X حتى Y" starts when the date at token i0 is its end Y, written as a
 * separate expression right after X ("من أول يونيو وحتى منتصف يوليو", "هذا العام حتى 15
 * يوليو"); NODAY otherwise. The end then follows its start instead of the DCT. */
static int32_t range_start(const ctx *c, size_t i0)
{
    if (i0 < 2 || !*c->nout)
        return NODAY;
    size_t u = i0 - 1; /* "حتى [منتصف|شهر] يوليو", "وحتى [مساء] السبت" */
    if (is_cls(c, u, C_MOD) || is_cls(c, u, C_AWWAL) || unit_of(c, u) == U_MONTH || is_cls(c, u, C_AMPM))
        u--;
    if (u < 1 || !is_prep(c, u, P_UNTIL))
        return NODAY;
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    if (x->byte_end != c->t[u - 1].b1)
        return NODAY;
    const char *v = x->value;
    for (int k = 0; k < 4; k++)
        if (v[k] < '0' || v[k] > '9')
            return NODAY;
    int y = atoi(v), m = 1, d = 1;
    if (v[4] == '-' && v[5] >= '0' && v[5] <= '9') {
        m = atoi(v + 5);
        if (v[7] == '-')
            d = atoi(v + 8);
    }
    return ak_cal_valid(y, m, d) ? ak_cal_days(y, m, d) : NODAY;
}

/* the expression just emitted is one day (a weekday, a date, a clock on it), not a span */
static int start_is_day(const ctx *c)
{
    if (!*c->nout)
        return 0;
    const char *v = (*c->out)[*c->nout - 1].value;
    return strlen(v) >= 10 && v[4] == '-' && v[7] == '-' && !strchr(v, '/');
}

/* token k is كان, كانت or كانو(ا), with و/ف */
static int kana(const ctx *c, size_t k)
{
    const tx_tok *t = &c->t[k];
    if (t->kind != TK_WORD || t->b1 - t->b0 > 12)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + t->b0, t->b1 - t->b0, f, sizeof f);
    size_t o = n > 6 && (memcmp(f, "\xd9\x88", 2) == 0 || memcmp(f, "\xd9\x81", 2) == 0) ? 2 : 0;
    return n - o >= 6 && memcmp(f + o, "\xd9\x83\xd8\xa7\xd9\x86", 6) == 0 &&
           (n - o == 6 || (n - o == 8 && (memcmp(f + o + 6, "\xd8\xaa", 2) == 0 || memcmp(f + o + 6, "\xd9\x88", 2) == 0)) ||
            (n - o == 10 && memcmp(f + o + 6, "\xd9\x88\xd8\xa7", 4) == 0));
}

/* كان/كانت/كانوا (with و/ف) up to `span` tokens before token i, in its sentence */
static int kana_before(const ctx *c, size_t i, size_t span)
{
    for (size_t k = 1; k <= span && k <= i; k++) {
        if (c->t[i - k + 1].nl || sentence_end(c, i - k))
            return 0;
        if (kana(c, i - k))
            return 1;
    }
    return 0;
}

/* A past told before the past: كان/كانت/كانوا up to twelve tokens before token i in its
 * sentence, with no future verb or cue between ("ما إذا كان البنك سيرفع الفائدة في سبتمبر"
 * points ahead) and not after إذا ("whether") */
static int past_before_past(const ctx *c, size_t i)
{
    for (size_t k = 1; k <= 12 && k <= i; k++) {
        const tx_tok *t = &c->t[i - k];
        if (c->t[i - k + 1].nl || sentence_end(c, i - k) || t->fut || (t->kind == TK_WORD && t->cls == C_FUTURE))
            return 0;
        if (kana(c, i - k))
            return !(k < i && (word_eq(c, i - k - 1, "إذا") || word_eq(c, i - k - 1, "اذا")));
    }
    return 0;
}

/* A future verb told from the past: "كان يعلم أنهم سيؤدون الصلاة يوم الخميس", "كانت ستبدأ":
 * كان/كانت/كانوا up to six tokens before the verb at i, in its sentence. */
static int head_before(const ctx *c, size_t k, const char *const *heads, size_t nh);

/* A token among the n before token i, in its clause (no punctuation or line break between),
 * that hit accepts */
static int clause_before(const ctx *c, size_t i, size_t n, int (*hit)(const ctx *c, size_t k))
{
    for (size_t k = i; k > 0 && n > 0; n--) {
        if (c->t[k].nl || c->t[k - 1].kind == TK_PUNCT)
            return 0;
        if (hit(c, --k))
            return 1;
    }
    return 0;
}

/* token k is a past verb of lasting, with و or ف ("واستمرت") */
static int lasted_at(const ctx *c, size_t k)
{
    static const char *const lasted[] = {"استمر", "استمرت", "امتد", "امتدت", "تواصل", "تواصلت", "ظل", "ظلت"};
    return head_before(c, k + 1, lasted, sizeof lasted / sizeof *lasted);
}

/* token k is a past verb of reaching before a tally's noun ("بلغ عدد", "وصل إجمالي") */
static int tally_at(const ctx *c, size_t k)
{
    static const char *const reached[] = {"بلغ", "بلغت", "وصل", "وصلت", "ارتفع", "ارتفعت", "سجل", "سجلت"};
    static const char *const tally[] = {"عدد", "إجمالي", "اجمالي", "مجموع", "حجم"};
    return head_before(c, k + 1, reached, sizeof reached / sizeof *reached) && !c->t[k + 1].nl &&
           word_in(c, k + 1, tally, sizeof tally / sizeof *tally);
}

static int past_frame(const ctx *c, size_t i)
{
    /* "واستمرت تلك الاشتباكات حتى صباح الجمعة": a past verb of lasting frames it too; so does a
     * tally reached ("بلغ عدد السيارات الواردة للسوق حتى الجمعة": the count so far) */
    return clause_before(c, i, 6, lasted_at) || kana_before(c, i, 6) || clause_before(c, i, 12, tally_at);
}

/* "أسرع من المتوقع" (faster than expected): an elative (أفعل) + من before المتوقع compares,
 * it does not announce */
static int than_expected(const ctx *c, size_t i)
{
    if (i < 2 || !is_prep(c, i - 1, P_FROM) || c->t[i - 2].kind != TK_WORD)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + c->t[i - 2].b0, c->t[i - 2].b1 - c->t[i - 2].b0, f, sizeof f);
    return n == 8 && memcmp(f, "\xd8\xa7", 2) == 0; /* folded: ا + three letters */
}

/* Does the date at tokens [i0, i1) point forward? Cues in the same sentence: before it (ten
 * tokens) a future verb (س/سوف + imperfect), "المقرر/المرتقب/يتوقع/يعتزم", "موعد بدء/نهائي" or a
 * year one or two after the DCT's; right before it a deadline or start ("حتى", "بحلول",
 * "اعتبارا من", "تسليم" of a futures contract); right after it "موعدا" (set as the date of);
 * after it "المقبل" closing a list of dates, or
 * "حتى/إلى" + a near future year ("في الأول من يناير، وحتى الأول من نيسان 2025"). The end
 * of a range is left to range_start. No allocation: a bounded scan of the token array.
 * Returns 1, 2 when the only cue is a later year before the date (a weaker sign), or 3 when it
 * is the deadline "حتى" alone. */
/* a relative pronoun up to six tokens before i: "الاتفاق الذي تم التوصل إليه في 14 يوليو سيلقي":
 * the date ends the relative clause and the future verb after it is the main clause's */
static int relative_before(const ctx *c, size_t i)
{
    for (size_t k = 1; k <= 6 && k <= i; k++) {
        if (c->t[i - k + 1].nl || sentence_end(c, i - k))
            return 0;
        if (word_eq(c, i - k, "الذي") || word_eq(c, i - k, "التي") || word_eq(c, i - k, "الذين"))
            return 1;
    }
    return 0;
}

/* A relative clause with a perfect verb before token i, in its sentence: "الحوثيين ... الذين سيطروا على
 * العاصمة صنعاء في سبتمبر أيلول" (the plural's ـوا with no imperfect prefix), "التي بدأت في" (the
 * feminine's ـت): a past told, so a bare month ahead of the stamp is last year's */
static int past_relative(const ctx *c, size_t i)
{
    for (size_t k = 2; k <= 7 && k <= i; k++) {
        if (c->t[i - k + 1].nl || sentence_end(c, i - k))
            return 0;
        size_t v = i - k + 1;
        if (c->t[v].kind != TK_WORD || c->t[v].b1 - c->t[v].b0 < 6 || c->t[v].fut)
            continue;
        const char *w = c->s + c->t[v].b0;
        size_t n = c->t[v].b1 - c->t[v].b0;
        int ta = memcmp(w, "\xd8\xaa", 2) == 0; /* ت: imperfect, or a perfect of form V/VI */
        if (memcmp(w, "\xd9\x8a", 2) == 0 || memcmp(w, "\xd9\x86", 2) == 0)
            continue;
        if (word_eq(c, i - k, "الذين") && !ta && memcmp(w + n - 4, "\xd9\x88\xd8\xa7", 4) == 0)
            return 1; /* ـوا */
        if (word_eq(c, i - k, "التي") && (!ta || n >= 10) && memcmp(w + n - 2, "\xd8\xaa", 2) == 0)
            return 1; /* ـت; "تشكلت", not "تثبت" */
    }
    return 0;
}

/* Token k looks like a perfect verb told of the past: a third person's ـت (not ـات, nor an
 * imperfect ت of four letters or less: "تبخرت", "وجدت", not "تثبت"), or the plural's ـوا/ـوه/ـوها
 * without an imperfect prefix ("وجدوه", "عادوا"; not "يعودوا"); never a definite noun ("للبنت") */
static int perfect_verb(const ctx *c, size_t k)
{
    const tx_tok *t = &c->t[k];
    /* "تم إطلاق سراحه": the auxiliary of the passive told done, too short for the endings below */
    if (word_eq(c, k, "تم") || word_eq(c, k, "وتم") || word_eq(c, k, "فتم"))
        return !t->fut;
    if (t->kind != TK_WORD || t->cls != C_NONE || t->fut || t->b1 - t->b0 < 6)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + t->b0, t->b1 - t->b0, f, sizeof f);
    size_t o = n > 8 && (memcmp(f, "\xd9\x88", 2) == 0 || memcmp(f, "\xd9\x81", 2) == 0) ? 2 : 0; /* و/ف */
    const char *w = f + o;
    n -= o;
    if (n < 6 || memcmp(w, "\xd8\xa7\xd9\x84", 4) == 0 || memcmp(w, "\xd9\x84\xd9\x84", 4) == 0) /* ال, لل */
        return 0;
    int ta = memcmp(w, "\xd8\xaa", 2) == 0, ya = memcmp(w, "\xd9\x8a", 2) == 0 || memcmp(w, "\xd9\x86", 2) == 0;
    if (memcmp(w + n - 2, "\xd8\xaa", 2) == 0) /* ـت, not ـات */
        return memcmp(w + n - 4, "\xd8\xa7", 2) != 0 && !ya && (!ta || n >= 10);
    if (ta || ya)
        return 0;
    return (n >= 8 && (memcmp(w + n - 4, "\xd9\x88\xd8\xa7", 4) == 0 || memcmp(w + n - 4, "\xd9\x88\xd9\x87", 4) == 0)) ||
           (n >= 10 && memcmp(w + n - 6, "\xd9\x88\xd9\x87\xd8\xa7", 6) == 0);
}

/* token i begins its sentence or line */
static int opens_sentence(const ctx *c, size_t i)
{
    return i == 0 || c->t[i].nl || sentence_end(c, i - 1);
}

/* "منح اللاعبين إجازة يومي الإثنين والثلاثاء على أن يعاود الفريق تحضيراته الأربعاء المقبل": a
 * weekday in [i0, i1) before a weekday marked المقبل/القادم at m, later in its sentence, is in
 * the same run of days ahead when its next one falls after the stamp and before that day ("مباراة
 * الأحد ... السبت المقبل" under a Tuesday stamp stays the Sunday before); not across a complement
 * ("قال الاثنين إن الاجتماع الأربعاء المقبل": the day of saying) save "على أن" (the plan's next
 * step), nor before التالي (the day after one told) */
static int weekday_before_next(const ctx *c, size_t i0, size_t i1, size_t m)
{
    static const char *const that[] = {"أن", "بأن", "وأن", "لأن", "أنه", "بأنه", "وأنه"};
    int wb = 0;
    for (size_t k = i0; k < i1; k++) {
        if (c->t[k].kind == TK_NUM || (c->t[k].kind == TK_WORD && date_word(&c->t[k])))
            return 0; /* a weekday with its written date ("الاثنين 3 أغسطس") keeps that date's reading */
        if (is_cls(c, k, C_WEEKDAY))
            wb = c->t[k].val;
    }
    if (!wb || c->dct == NODAY || !is_cls(c, m, C_WEEKDAY) || !is_cls(c, m + 1, C_DIR) || c->t[m + 1].val != D_NEXT ||
        word_eq(c, m + 1, "التالي") || word_eq(c, m + 1, "التالية"))
        return 0;
    int w0 = ak_cal_weekday(c->dct), fb = (wb - w0 + 7) % 7, fm = (c->t[m].val - w0 + 7) % 7;
    if (fb == 0 || fb >= (fm ? fm : 7))
        return 0;
    for (size_t k = i1; k < m; k++) {
        if (k > i1 && word_eq(c, k - 1, "على"))
            continue; /* "على أن" (folded: أن and إن are one word) */
        if (word_in(c, k, that, sizeof that / sizeof that[0]))
            return 0;
    }
    return 1;
}

/* token k names a Gregorian or Levantine month */
static int solar_month(const ctx *c, size_t k)
{
    return is_cls(c, k, C_GMONTH) || is_cls(c, k, C_LMONTH) || is_cls(c, k, C_KANUN) || is_cls(c, k, C_TISHRIN);
}

/* "بمشيئة الله", "بإذن الله", "إن شاء الله" at k: said of what is yet to come */
static int god_willing(const ctx *c, size_t k)
{
    if (word_eq(c, k, "بمشيئة") || word_eq(c, k, "بإذن"))
        return word_eq(c, k + 1, "الله");
    return word_eq(c, k, "إن") && word_eq(c, k + 1, "شاء") && word_eq(c, k + 2, "الله");
}

/* a past verb of saying or issuing at k, of the forms perfect_verb cannot tell ("صدر", "قال") */
static int said_verb(const ctx *c, size_t k)
{
    static const char *const said[] = {"صدر", "أصدر", "قال", "أعلن", "أكد", "ذكر", "نشر", "صرح", "أفاد", "أوضح",
                                       "وصدر", "وقال", "وأعلن", "وأكد", "وذكر", "وأوضح"};
    return word_in(c, k, said, sizeof said / sizeof *said);
}

static size_t first_token_of(const ctx *c, const ak_timex *x);

/* the date read last is an offset ahead with بعد ending within the ten tokens before i0, in
 * its sentence, in a year after the stamp's: "سيترك منصبه بعد سبعة أشهر عند اختيار رئيس جديد
 * يوم 26 فبراير" (the day that offset leads to is ahead too; a year written, as in "كأس العالم
 * 2018 السبت", names an event and frames nothing) */
static int later_date_before(const ctx *c, size_t i0)
{
    if (!*c->nout || c->dct == NODAY)
        return 0;
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    size_t k0 = sentence_start(c, i0, 10);
    if (x->byte_end > c->t[i0].b0 || x->byte_start < c->t[k0].b0 || strcmp(x->type, "DATE") || x->mod[0] ||
        !is_prep(c, first_token_of(c, x), P_AFTER))
        return 0;
    const char *v = x->value;
    return v[0] >= '0' && v[0] <= '9' && strlen(v) >= 4 && atoi(v) > c->dy;
}

static int future_context(const ctx *c, size_t i0, size_t i1)
{
    int weak = 0, dl = 0;
    for (size_t k = 1; k <= 10 && k <= i0; k++) {
        const tx_tok *t = &c->t[i0 - k];
        if (c->t[i0 - k + 1].nl || sentence_end(c, i0 - k))
            break;
        /* "سيتم في ديسمبر المقبل، وذلك في بيان صدر الاثنين": a date right after a past act of
         * saying or issuing is that act's, whatever future was told before it */
        if (k == 1 && (perfect_verb(c, i0 - 1) || said_verb(c, i0 - 1)))
            break;
        if (t->fut && !past_frame(c, i0 - k))
            return 1;
        if (future_year(c, t)) {
            /* "في عام 2016" frames what follows; "السندات لعام 2017" only names a thing */
            size_t y = i0 - k;
            if (y > 0 && unit_of(c, y - 1) == U_YEAR)
                y--;
            if (y > 0 && (is_prep(c, y - 1, P_IN) || is_prep(c, y - 1, P_DURING)))
                return 1;
            weak = 1;
        }
        if (t->kind != TK_WORD)
            continue;
        /* "لن يتم شحنها قبل أغسطس", "توقيع كافة العقود قبل ديسمبر": a bare month right after
         * قبل is a deadline ahead (a past one is written "قبل نوفمبر الماضي") */
        if (k == 1 && t->cls == C_PREP && t->val == P_BEFORE && solar_month(c, i0) && !past_frame(c, i0 - 1))
            return 1;
        if (t->cls == C_FUTURE && t->val == 5 && !than_expected(c, i0 - k))
            return 1;
        /* "ابتداء من منتصف ليل الأحد/ الاثنين": a part word may stand between the start and the date;
         * "تباطأ بشكل غير متوقع في يوليو" (unexpectedly) tells a past surprise, no expectation */
        if (t->cls == C_FUTURE && t->val == 0 && k < i0 && word_eq(c, i0 - k - 1, "غير"))
            continue;
        if (t->cls == C_FUTURE && (t->val == 0 || (t->val == 1 && k <= 2 + (size_t)is_cls(c, i0 - 1, C_MOD))))
            return 1;
        /* "موعد بدء/نهائي": an appointed start or deadline; a bare "موعد" is as often past */
        if (t->cls == C_FUTURE && t->val == 3 && k < i0 && c->t[i0 - k - 1].kind == TK_WORD &&
            c->t[i0 - k - 1].cls == C_FUTURE && c->t[i0 - k - 1].val == 4)
            return 1;
        /* "حتى الخميس" sets a deadline, but not told from the past: "وكانت المعارك ما تزال
         * مستمرة حتى مساء السبت" (كان/كانت up to six tokens before حتى) is the Saturday before */
        if (k <= 2 && t->cls == C_PREP && t->val == P_UNTIL && range_start(c, i0) == NODAY && !past_frame(c, i0 - k))
            dl = 1; /* the scan goes on: is the deadline the only sign of the future? */
    }
    if (i1 <= i0)
        i1 = i0 + 1;
    int until = 0;
    for (size_t k = 0; k < 10 && i1 + k < c->n; k++) {
        const tx_tok *t = &c->t[i1 + k];
        if (t->nl || sentence_end(c, i1 + k))
            break;
        if (t->kind == TK_NUM && t->ndig == 4 && !future_year(c, t))
            break; /* "في يناير (2015) ... في يناير 2016": anchored by its own year */
        if (until && future_year(c, t))
            return 1;
        /* "وفي شهر أغسطس ستعلن"; not "يوم الخميس إن تركيا ستتخذ", nor a weekday before a
         * reported future ("قال الاثنين سنواصل") */
        if (k == 0 && t->fut && ((!is_cls(c, i1 - 1, C_WEEKDAY) && !is_cls(c, i0, C_WEEKDAY)) || opens_sentence(c, i0)) &&
            !relative_before(c, i0))
            return 1; /* also a weekday that opens its sentence as the verb's subject: "يوم الأربعاء سيكون" */
        if (k == 0 && word_eq(c, i1, "موعدا"))
            return 1; /* "حددت الحكومة السادس من ديسمبر موعدا للانتخابات": set as the date of */
        if (k == 0 && god_willing(c, i1))
            return 1; /* "وذلك يومي الجمعة والسبت بمشيئة الله": a hope, so ahead */
        if (t->kind == TK_WORD && t->cls == C_PREP && (t->val == P_UNTIL || t->val == P_TO))
            until = 1;
        if (t->kind == TK_WORD && t->cls == C_DIR && t->val == D_NEXT && k > 0 && date_word(&c->t[i1 + k - 1]))
            return 1;
        if (k > 0 && weekday_before_next(c, i0, i1, i1 + k - 1))
            return 1;
    }
    return dl ? (weak ? 1 : 3) : weak ? 2 : 0;
}

/* A perfect verb or verb of saying among the ten tokens before token i, in its sentence */
static int past_told_before(const ctx *c, size_t i)
{
    for (size_t k = 1; k <= 10 && k <= i; k++) {
        if (c->t[i - k + 1].nl || sentence_end(c, i - k))
            return 0;
        if (perfect_verb(c, i - k) || said_verb(c, i - k))
            return 1;
    }
    return 0;
}

/* a perfect verb opens what follows the phrase ending before k, after at most a comma
 * ("في منتصف الأسبوع، سيطرت الأخبار") */
static int perfect_opens_after(const ctx *c, size_t k)
{
    size_t j = comma_at(c, k) ? k + 1 : k;
    return on(c, j) && !c->t[j].nl && perfect_verb(c, j);
}

/* "قتلوا ... في قصف بنهاية الأسبوع", "انقذوا نهاية الاسبوع" (the week word at k): a bare
 * weekend told in the past under a stamp from Monday to Friday is the one just gone, in the
 * ISO week before the stamp's; so is a week's middle told in the past under a stamp from Monday
 * to Wednesday, before that middle has come */
static int weekend_told_past(const ctx *c, size_t i, size_t k, int mod)
{
    if (unit_of(c, k) != U_WEEK || c->dct == NODAY || future_context(c, i, k + 1))
        return 0;
    int wd = ak_cal_weekday(c->dct);
    if (mod == M_END)
        return wd <= 5 && past_told_before(c, i);
    return mod == M_MID && wd <= 3 && (past_told_before(c, i) || perfect_opens_after(c, k + 1));
}

/* token k is now: today's word or الآن ("بعد 48 ساعة من الآن", "بعد عامين من اليوم") */
static int now_word(const ctx *c, size_t k)
{
    return is_cls(c, k, C_TODAY) || word_eq(c, k, "الآن") || word_eq(c, k, "الان");
}

/* token k is "time" itself, الزمن/الزمان ("قبل قرن من الزمان", "أكثر من عقد من الزمن") */
static int time_noun(const ctx *c, size_t k)
{
    return word_eq(c, k, "الزمن") || word_eq(c, k, "الزمان");
}

/* the words after ما at k that make "ما يقارب", "ما يقرب من", "ما يناهز": about; counts ما */
static size_t about_words_at(const ctx *c, size_t k)
{
    if (!(word_eq(c, k + 1, "يقارب") || word_eq(c, k + 1, "يقرب") || word_eq(c, k + 1, "يناهز")) || c->t[k + 1].nl)
        return 0;
    return is_prep(c, k + 2, P_FROM) && !c->t[k + 2].nl ? 3 : 2;
}

/* "ما يقارب" at k: about, before an offset's count ("قبل ما يقرب من ثلاث سنوات" is three years
 * back, as "قبل نحو"); its tokens, 0 if none */
static size_t about_words(const ctx *c, size_t k)
{
    return word_eq(c, k, "ما") ? about_words_at(c, k) : 0;
}

/* "منذ ما يقارب السنتين", "بما يقارب الساعتين": about in words right before i, the words not
 * part of what is counted */
static int about_before(const ctx *c, size_t i)
{
    for (size_t n = 2; n <= 3; n++)
        if (i >= n && (word_eq(c, i - n, "ما") || word_eq(c, i - n, "بما")) && about_words_at(c, i - n) == n)
            return 1;
    return 0;
}

/* A perfect verb among the ten tokens before i in its sentence, with no quote, colon, purpose
 * or condition between; a complementizer (أن/إن) ends the look back: what is said may lie ahead,
 * unless it is told in the perfect itself */
static int perfect_in_clause(const ctx *c, size_t i)
{
    static const char *const that[] = {"أن", "إن", "ان", "أنه", "إنه", "انه", "أنها", "إنها", "بأن", "بان", "أنك",
                                       "إنك", "انك"};
    static const char *const ahead[] = {"لكي", "كي", "إذا", "اذا", "لو"};
    int seen = 0;
    for (size_t k = 1; k <= 10 && k <= i; k++) {
        size_t j = i - k;
        /* "مشيراً إلى أنه تم إطلاق سراحه بعد 45 يوما": a perfect verb inside what is said
         * still tells the past; before the complementizer it tells only the saying */
        if (word_in(c, j, that, sizeof that / sizeof *that))
            return seen;
        if (c->t[j + 1].nl || sentence_end(c, j) || quote_mark(&c->t[j]) || is_punct(c, j, ':') ||
            word_in(c, j, ahead, sizeof ahead / sizeof *ahead))
            return 0; /* "إذا ما امتنعت عن الالتزام بالاتفاق بعد بضع سنوات": a condition ahead */
        seen |= perfect_verb(c, j);
    }
    return seen;
}

/* "بعد N unit" at i to e (its event word at ev) telling a story's time, not the DCT's: minutes
 * or hours after a moment the story tells, as when it is named ("بعد ساعة من إقلاعها"): "تغنى
 * المشجعون باسمه بعد 25 دقيقة", "أعيد فتحه بعد ساعتين" (not "بعد 48 ساعة من الآن"), or any
 * count right after a perfect verb ("فسقطت بعد ثلاث سنوات", "حتى وجدوه بعد يومين"), not told ahead */
static int story_length(const ctx *c, size_t i, size_t e, size_t ev, int u)
{
    int fc = future_context(c, i, e);
    if ((u == U_MIN || u == U_HOUR) && !fc)
        return !(is_prep(c, ev, P_FROM) && now_word(c, ev + 1));
    if (fc == 1)
        return 0;
    if (i > 0 && !c->t[i].nl && perfect_verb(c, i - 1))
        return 1;
    /* "ألحقتها بـ(فسيفساء التمرد) بعد قرابة ثمانية عشر عاماً": a perfect verb earlier in the
     * clause tells the story too, unless a future verb follows the count ("وبعد أسبوعين سوف
     * أبدأ") */
    if (fc == 0 && perfect_in_clause(c, i)) {
        for (size_t k = e; k < e + 3 && k < c->n && !c->t[k].nl && !sentence_end(c, k); k++)
            if (c->t[k].fut || word_eq(c, k, "سوف") || word_eq(c, k, "وسوف"))
                return 0;
        return 1;
    }
    /* "ثم بعد أسبوعين قام الجراح", "وبعد ساعتين تم السماح": a step in the story's sequence,
     * told by the perfect verb right after it */
    int seq = (i > 0 && word_eq(c, i - 1, "ثم")) || word_eq(c, i, "وبعد");
    static const char *const aux[] = {"قام", "تم", "كان", "عاد", "بدأ", "جاء", "وصل", "قرر", "أعلن"};
    return seq && e < c->n && !c->t[e].nl && (perfect_verb(c, e) || word_in(c, e, aux, sizeof aux / sizeof *aux));
}

/* a day named in the sentence of token i, before or after it (yesterday, today, tomorrow or a
 * weekday): "سيطرت القوات أمس الخميس على البلدة بعد يومين من المعارك" is dated by it */
static int sentence_day(const ctx *c, size_t i)
{
    for (size_t k = sentence_start(c, i, 60); k < c->n && k < i + 60 && (k <= i || !c->t[k].nl); k++) {
        if (k > i && sentence_end(c, k))
            break;
        int cls = c->t[k].kind == TK_WORD ? c->t[k].cls : C_NONE;
        if (cls == C_RELDAY || cls == C_TODAY || cls == C_WEEKDAY || cls == C_GHAD)
            return 1;
    }
    return 0;
}

/* "رحل عن تشيلسي بعد 11 عاما في ستامفورد بريدج", "عاد لناديه بعد عشر سنوات في البرازيل": a count
 * after بعد (at i) followed by في (at e) and a place or office (a word of no time, no number, no
 * frame such as "في حين", "في ظل") is a stay's length; not after a start ("الانطلاق بعد أسبوعين في
 * النظر") or "that is" ("أي بعد 12 يوماً في لندن"), which count ahead to a date, and a date ahead
 * ("سيتم رفعها بعد ثماني سنوات في المرحلة الثانية") is left to the caller's future test */
static int stay_at(const ctx *c, size_t i, size_t e)
{
    static const char *const frame[] = {"حين", "حال", "حالة", "ظل", "وقت", "إطار", "أعقاب", "سياق", "ضوء",
                                        "أثناء", "الوقت", "المستقبل", "ذلك", "هذا", "هذه"};
    static const char *const ahead[] = {"أي", "اي", "الانطلاق", "البدء", "الشروع"};
    if (i > 0 && (is_cls(c, i - 1, C_FUTURE) || word_in(c, i - 1, ahead, sizeof ahead / sizeof *ahead)))
        return 0;
    return is_prep(c, e, P_IN) && !c->t[e].nl && on(c, e + 1) && !c->t[e + 1].nl && c->t[e + 1].kind == TK_WORD &&
           c->t[e + 1].cls == C_NONE && !word_in(c, e + 1, frame, sizeof frame / sizeof *frame);
}

/* "بعد قرابة الشهرين من المداولات", "بعد 12 عاما من المفاوضات", "بعد ثلاثة أيام من البحث",
 * "بعد ست سنوات من الركود", "بعد 54 عاما من العداء", "بعد 12 عامًا من النجاحات",
 * "بعد ثلاثة أيام من الفعاليات": a word at k (its article aside) for something that goes on, so
 * a count after بعد and before من it is how long it went on, not a date (unless the sentence
 * names the day it ended: sentence_day) */
static int activity_word(const ctx *c, size_t k)
{
    static const char *const doing[] = {
        "مفاوضات", "مداولات", "مشاورات", "محادثات", "مباحثات", "نقاش", "نقاشات", "انتظار", "بحث",
        "جهود", "معاناة", "حصار", "قتال", "معارك", "غياب", "دراسة", "تحقيق", "تحقيقات", "علاج",
        "إغلاق", "عمل", "خدمة", "سجن", "احتلال", "اعتقال", "صمت", "زواج", "فعاليات", "منافسات",
        "تدريبات", "إعداد", "تحضير", "تحضيرات", "تدريب", "نجاحات", "إنجازات", "ركود", "صعود", "تراجع",
        "تغطية", "دعم", "شلل", "نزاع", "صراع", "عداء", "توتر", "توترات", "قطيعة", "انقطاع", "جمود",
        "أبحاث", "بحوث", "دراسات", "تجارب"};
    if (!on(c, k) || c->t[k].kind != TK_WORD || c->t[k].nl)
        return 0;
    size_t b0 = c->t[k].b0, n = c->t[k].b1 - b0;
    if (definite_word(c, k))
        b0 += 4, n -= 4;
    for (size_t w = 0; w < sizeof doing / sizeof *doing; w++)
        if (tx_fold_eq(c->s + b0, n, doing[w], 0))
            return 1;
    return 0;
}

/* a future verb anywhere before token i in its sentence (up to 40 tokens back), not in a past
 * frame: "و ستطرح Verizon الجهاز ... في وقت ما حتى نهاية مارس" sets its deadline ahead */
static int future_verb_before(const ctx *c, size_t i)
{
    for (size_t k = 1; k <= 40 && k <= i; k++) {
        if (c->t[i - k + 1].nl || sentence_end(c, i - k))
            return 0;
        if (c->t[i - k].fut && !past_frame(c, i - k))
            return 1;
    }
    return 0;
}

/* The first of years y0, y0+1 in which month m (day d, or its last day when d is 0) of the
 * given calendar does not end before day `from`. */
static int year_from(int hijri, int y0, int m, int d, int32_t from)
{
    for (int y = y0; y < y0 + 2; y++) {
        int32_t end;
        if (hijri) {
            int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
            if (d ? ak_cal_hijri_days(y, m, d, &end) < 0 : ak_cal_hijri_days(ny, nm, 1, &end) < 0)
                continue;
            if (!d)
                end--;
        } else {
            if (d && !ak_cal_valid(y, m, d))
                continue;
            end = ak_cal_days(y, m, d ? d : ak_cal_month_len(y, m));
        }
        if (end >= from)
            return y;
    }
    return y0 + 1;
}

/* ------------------------------------------------------------------ months */

enum { SYS_G = 1, SYS_L, SYS_H, SYS_E };

/* One month name at i (one or two words). Returns the month or 0; sets *sys, *end, *amb. */
static int month_at(const ctx *c, size_t i, int *sys, size_t *end, int *amb)
{
    if (!on(c, i) || c->t[i].kind != TK_WORD)
        return 0;
    int cls = c->t[i].cls, v = c->t[i].val;
    *amb = (v & F_WEAK) ? 2 : (v & F_AMB) != 0;
    v &= 0xff;
    *end = i + 1;
    switch (cls) {
    case C_GMONTH: *sys = SYS_G; return v;
    case C_LMONTH: *sys = SYS_L; return v;
    case C_EMONTH: *sys = SYS_E; return v;
    case C_HMONTH: *sys = SYS_H; return v;
    default: break;
    }
    /* "في السابع من القعدة المقبل": ذي dropped before القعدة (not before الحجة, also "the
     * argument"), after من or a day's number */
    if (cls == C_DHUX && v == 11 && i > 0 && !c->t[i].nl && (is_prep(c, i - 1, P_FROM) || is_num(c, i - 1))) {
        *sys = SYS_H;
        return 11;
    }
    /* "كانون أول", "تشرين ثاني", "تشرين ثان": the ordinal without its article (ثان, the
     * indefinite of الثاني, is an ordinal only here: "لاعب ثان" is no date) */
    int lev = cls == C_KANUN || cls == C_TISHRIN;
    int awwal = lev && is_cls(c, i + 1, C_AWWAL);
    int thaan = lev && word_eq(c, i + 1, "ثان");
    if (!is_cls(c, i + 1, C_ORD) && !is_cls(c, i + 1, C_DHUX) && !awwal && !thaan)
        return 0;
    int o = awwal ? 1 : thaan ? 2 : c->t[i + 1].val;
    *end = i + 2;
    switch (cls) {
    case C_KANUN: *sys = SYS_L; return o == 1 ? 12 : o == 2 ? 1 : 0;
    case C_TISHRIN: *sys = SYS_L; return o == 1 ? 10 : o == 2 ? 11 : 0;
    case C_RABI: *sys = SYS_H; return o == 1 ? 3 : o == 2 ? 4 : 0;
    case C_JUMADA: *sys = SYS_H; return o == 1 ? 5 : o == 2 ? 6 : 0;
    case C_DHU: *sys = SYS_H; return is_cls(c, i + 1, C_DHUX) ? o : 0;
    default: return 0;
    }
}

/* "في (سبتمبر) أيلول", "في (اكتوبر) المقبل": a Gregorian or Levantine month name alone in
 * parentheses (the foreign name set off, as "سبتمبر (أيلول)" sets off the second) reads as the
 * bare name; returns the month and sets *end past the closing parenthesis, 0 otherwise */
static int bracketed_month(const ctx *c, size_t i, int *sys, size_t *end, int *amb)
{
    size_t e;
    int m = is_punct(c, i, '(') ? month_at(c, i + 1, sys, &e, amb) : 0;
    /* not a Hijri month: "نهاية (ربيع الثاني).. كل عام" sets off no foreign name */
    if (!m || *sys == SYS_H || !is_punct(c, e, ')'))
        return 0;
    *end = e + 1;
    return m;
}

static int year_part(const ctx *c, size_t i, size_t *end, int *hijri);
static int tatweel_al(const ctx *c, size_t k);

/* Whether a Hijri month's epithet at k (المبارك/الكريم/الفضيل) is followed by a year marked
 * هـ: "رمضان المبارك 1435هـ" names that year's Ramadan, so the epithet joins the month. */
static int epithet_before_hijri_year(const ctx *c, size_t k)
{
    size_t e;
    int h = 0;
    return is_cls(c, k, C_HOLYADJ) && year_part(c, k + 1, &e, &h) && h;
}

/* A month group: [شهر] M1 [/ - ( ،] [M2 [)]] with M1, M2 the same month in two systems
 * (M1 may stand in its own parentheses); M2 may stand in quotes too ("تموز "يوليو" 2015",
 * "تشرين الأول «أكتوبر» 2008"). */
static int month_group(const ctx *c, size_t i, int *sys, size_t *end, int *amb)
{
    int lead = unit_of(c, i) == U_MONTH && !(c->t[i].val & (F_DUAL | F_PLURAL)) ? 1 : 0;
    int m = month_at(c, i + lead, sys, end, amb);
    if (!m)
        m = bracketed_month(c, i + lead, sys, end, amb);
    if (!m)
        return 0;
    if (lead)
        *amb = -1; /* -1: the month is certain (led by شهر or paired) */
    size_t j = *end;
    size_t k = j;
    uint32_t open = 0;
    if (pair_sep(c, k) || comma_at(c, k))
        k++;
    else if (is_punct(c, k, '(') || is_punct(c, k, 0xAB) ||
             (is_punct(c, k, '"') && c->t[k].sp && on(c, k + 1) && !c->t[k + 1].sp)) { /* a quote opening, not one closing */
        open = c->t[k].val;
        k++;
    }
    int sys2, amb2;
    size_t e2;
    int m2 = month_at(c, k, &sys2, &e2, &amb2);
    if (m2 == m && sys2 != *sys && sys2 != SYS_H && *sys != SYS_H) {
        *amb = -1;
        j = e2;
        if (open && is_punct(c, j, open == '(' ? ')' : open == 0xAB ? 0xBB : '"'))
            j++;
        if (*sys == SYS_E)
            *sys = sys2;
    }
    if (*sys == SYS_H && (epithet_before_hijri_year(c, j) || (is_cls(c, j, C_HOLYADJ) && is_cls(c, j + 1, C_DIR))))
        j++; /* the year after the epithet is the month's, and so is a direction: "خلال شهر رمضان
              * المبارك الماضي", "شهر رمضان المبارك المقبل" (as "شهر رمضان الماضي") */
    *end = j;
    return m;
}

/* "العام الماضي 2014", "لصيف العام الحالي 2015": the year y written at k after a relative year
 * joins it; returns the token after it, k when none. */
static size_t apposed_year(const ctx *c, size_t k, int y)
{
    if (!is_num(c, k) || c->t[k].ndig != 4 || c->t[k].val != y || is_punct(c, k + 1, '/') || is_punct(c, k + 1, '-') ||
        is_cls(c, k + 1, C_HMARK))
        return k;
    return is_cls(c, k + 1, C_GMARK) ? k + 2 : k + 1;
}

/* The Gregorian year of month m (day d, 0 if none) told with its direction under a known stamp:
 * المقبل the first on or after the stamp; الماضي the latest before it ("نيسان الماضي" written in
 * late April: this April; in the first half of the stamp's month it is last year's ("منذ أغسطس
 * (آب) الماضي" under 1 August: all such SaudiNewsNet articles of early August mean 2014); a day
 * of the stamp's month after the stamp's day is last year's ("3 أغسطس/آب الماضي" under 1
 * August)); الحالي/الجاري the stamp's own. */
static int told_year(const ctx *c, int m, int d, int dir)
{
    if (dir == D_NEXT)
        return (d ? (m > c->dm || (m == c->dm && d >= c->dd)) : m >= c->dm) ? c->dy : c->dy + 1;
    if (dir == D_PAST) {
        int gone = d ? m < c->dm || (m == c->dm && d <= c->dd) : m < c->dm || (m == c->dm && c->dd > 15);
        return gone ? c->dy : c->dy - 1;
    }
    return c->dy;
}

/* "أغسطس الجاري 2015", "مايو الماضي 2015": the Gregorian year written at k after month m (day d,
 * 0 if none) and its direction dir, when it is the year they name, joins them; returns the token
 * after it, k when none. A month named in the stamp's own month with a past or next direction
 * is left alone, and so is "نفسه". */
static size_t dir_month_year(const ctx *c, size_t k, int m, int d, int dir)
{
    if (c->dct == NODAY || dir == D_SAME || (dir != D_THIS && m == c->dm))
        return k;
    return apposed_year(c, k, told_year(c, m, d, dir));
}

/* [عام|سنة|لعام] YYYY [هـ|م] after a month or day; sets *hijri when marked. */
static int year_part(const ctx *c, size_t i, size_t *end, int *hijri)
{
    size_t k = i;
    /* "من العام الماضي", "العام ذاته" after a day and month */
    size_t r = is_prep(c, k, P_FROM) ? k + 1 : k;
    if ((word_eq(c, r, "نفس") || word_eq(c, r, "ذات")) && unit_of(c, r + 1) == U_YEAR && (c->t[r + 1].val & F_DEF) &&
        !(c->t[r + 1].val & (F_PLURAL | F_DUAL)) && c->last_year) {
        *hijri = 0; /* "14 أغسطس من نفس العام" */
        *end = r + 2;
        return c->last_year;
    }
    /* "نوفمبر (تشرين الثاني) من هذا العام", "آذار (مارس) هذا العام", "أبريل لهذا العام 2015" */
    if (is_cls(c, r, C_THIS) && unit_of(c, r + 1) == U_YEAR && definite_period_unit(c, r + 1) &&
        c->dct != NODAY) {
        *hijri = 0;
        *end = apposed_year(c, r + 2, c->dy);
        return c->dy;
    }
    if (unit_of(c, r) == U_YEAR && definite_period_unit(c, r) && is_cls(c, r + 1, C_DIR)) {
        int d = c->t[r + 1].val, y = 0;
        if (d == D_SAME)
            y = c->last_year;
        else if (c->dct != NODAY)
            y = c->dy + (d == D_PAST ? -1 : d == D_NEXT ? 1 : 0);
        if (y) {
            *hijri = 0;
            *end = apposed_year(c, r + 2, y);
            return y;
        }
    }
    if (is_punct(c, k, ','))
        k++;
    /* "في آذار/مارس .2011": a sentence's full stop moved before its year (bidi editing) */
    else if (moved_stop(c, k))
        k++;
    /* "الحادي عشر من سبتمبر من عام 2001" */
    if (is_prep(c, k, P_FROM) && unit_of(c, k + 1) == U_YEAR && !(c->t[k + 1].val & (F_DUAL | F_PLURAL)) &&
        is_num(c, k + 2)) /* and "الـ20 من أكتوبر من العام 2014" */
        k++;
    int u = unit_of(c, k), worded = u == U_YEAR && !(c->t[k].val & (F_DUAL | F_PLURAL));
    if (worded)
        k++;
    int wy = words_year(c, k, end);
    if (wy) {
        *hijri = 0;
        return wy;
    }
    if (!is_num(c, k) || c->t[k].ndig < 3 || c->t[k].ndig > 4 || c->t[k].val < 600 || c->t[k].val > 2200)
        return 0;
    /* "خسرت خلال الربع الثاني 900 مليون ريال": an amount after the period, no year */
    if (!worded && (counted_noun(c, k + 1) || word_eq(c, k + 1, "مليار")))
        return 0;
    int y = c->t[k].val;
    k++;
    *hijri = 0;
    if (is_cls(c, k, C_HMARK)) {
        *hijri = 1;
        k++;
    } else if (is_cls(c, k, C_GMARK))
        k++;
    *end = k;
    return y;
}

/* ------------------------------------------------------------------ date core */

/* The year of a Hijri month m whose year_part at k gave y without a Hijri mark: a relative year
 * ("رمضان العام الماضي", "صفر من العام القادم", "رمضان هذا العام") counts Hijri years from the
 * DCT's; a Gregorian year ("رمضان 2015") is the one in which the month begins (the first when
 * two do); a smaller number is already Hijri ("27 رجب 1436"). 0: none. */
static int hijri_year(const ctx *c, size_t k, int y, int m)
{
    int hy, hm, hd;
    int32_t d;
    if (is_prep(c, k, P_FROM))
        k++;
    int rel = is_cls(c, k, C_THIS) ? 0 : unit_of(c, k) == U_YEAR && is_cls(c, k + 1, C_DIR) ? c->t[k + 1].val : -1;
    if (c->dct != NODAY && (rel == 0 || rel == D_THIS || rel == D_PAST || rel == D_NEXT))
        return c->dhy + (rel == D_PAST ? -1 : rel == D_NEXT ? 1 : 0);
    if (y < 1700)
        return y;
    if (ak_cal_hijri_from_days(ak_cal_days(y, 1, 1), &hy, &hm, &hd) < 0)
        return 0;
    for (int h = hy; h <= hy + 1; h++)
        if (ak_cal_hijri_days(h, m, 1, &d) >= 0 && d >= ak_cal_days(y, 1, 1) && d < ak_cal_days(y + 1, 1, 1))
            return h;
    return 0;
}

static int clock_at(const ctx *c, size_t i, int *hh, int *mi, size_t *end);

/* "الأسبوع الماضي" earlier in the clause of token i (twelve tokens back at most, no comma
 * between): a weekday after it is in that week; after a comma it is as often the day the news
 * was told ("الأسبوع الماضي، حسبما أكد محاميه الأربعاء") */
static int last_week_before(const ctx *c, size_t i)
{
    for (size_t k = 1; k <= 12 && k < i; k++) {
        const tx_tok *t = &c->t[i - k];
        if (c->t[i - k + 1].nl || t->kind == TK_PUNCT)
            return 0;
        if (t->kind == TK_WORD && t->cls == C_DIR && t->val == D_PAST && unit_of(c, i - k - 1) == U_WEEK &&
            definite_period_unit(c, i - k - 1))
            return 1;
    }
    return 0;
}

/* "البيانات التي تصدر هذا الأسبوع ... يوم الجمعة" under a Monday stamp: "this week" (هذا
 * الأسبوع, الأسبوع الحالي/الجاري) earlier in the weekday's sentence, no perfect verb right before
 * it; the caller takes a weekday later in the stamp's week as that week's, ahead */
static int this_week_before(const ctx *c, size_t i)
{
    /* "وشهدت المنطقة يوم السبت": a perfect verb just before tells a day gone */
    for (size_t k = 1; k <= 3 && k <= i && !c->t[i - k + 1].nl; k++)
        if (perfect_verb(c, i - k))
            return 0;
    for (size_t k = 1; k <= 40 && k <= i; k++) {
        size_t j = i - k;
        if (c->t[j + 1].nl || sentence_end(c, j))
            return 0;
        if (unit_of(c, j) != U_WEEK || !(c->t[j].val & F_DEF) || (c->t[j].val & (F_PLURAL | F_DUAL)))
            continue;
        if ((j > 0 && (word_eq(c, j - 1, "هذا") || word_eq(c, j - 1, "وهذا")) && !c->t[j].nl) ||
            (is_cls(c, j + 1, C_DIR) && c->t[j + 1].val == D_THIS))
            return 1;
    }
    return 0;
}

/* "بحلول/تسليم" right before token k, or with an opening quote between ("تسليم "سبتمبر""):
 * a month name there is a date (a deadline, a futures contract's delivery month); so it is
 * after the contracts themselves ("في عقود سبتمبر عند التسوية") */
static int deadline_before(const ctx *c, size_t k)
{
    static const char *const futures[] = {"عقود", "لعقود", "بعقود", "وعقود"};
    if (k > 1 && c->t[k - 1].kind == TK_PUNCT && (c->t[k - 1].val == '"' || c->t[k - 1].val == 0xAB ||
                                                  c->t[k - 1].val == 0x201C) && !c->t[k - 1].nl)
        k--;
    return k > 0 && !c->t[k].nl && c->t[k - 1].kind == TK_WORD &&
           ((c->t[k - 1].cls == C_FUTURE && c->t[k - 1].val == 1) || word_in(c, k - 1, futures, sizeof futures / sizeof futures[0]));
}

/* A verb or verbal noun of ending right before the month at k: the month ended is the object,
 * a stretch of time, not a name ("يتجه الذهب إلى إنهاء يوليو على أكبر خسائره", "لينهي يوليو
 * بأداء متواضع"), as "إنهاء يوليو تموز" already is. */
static int ends_month_before(const ctx *c, size_t k)
{
    static const char *const w[] = {"إنهاء", "وإنهاء", "لإنهاء", "بإنهاء", "ينهي", "تنهي", "لينهي", "لتنهي", "أنهى", "أنهت"};
    return k > 0 && !c->t[k].nl && word_in(c, k - 1, w, sizeof w / sizeof w[0]);
}

/* A start word right before the من at k: "اعتبارا/ابتداء/بدءا من 2016", "بداية من 2004" (a
 * bare year after it is the year things start from). */
static int start_word_before(const ctx *c, size_t k)
{
    static const char *const w[] = {"بداية", "وبداية"};
    return k >= 1 && !c->t[k].nl && c->t[k - 1].kind == TK_WORD &&
           ((c->t[k - 1].cls == C_FUTURE && c->t[k - 1].val == 1) || word_in(c, k - 1, w, sizeof w / sizeof w[0]));
}

/* "اعتبارا/ابتداء/بدءا من [شهر]" right before the month at k: a start, which for a month of the
 * last four reads "as of" or back-dated ("391 فلسطينيا محتجزون اعتبارا من مايو أيار", "وصلت
 * اعتبارا من حزيران/يونيو الى الجنوب"), not next year's; months ahead stay ahead */
static int start_from_before(const ctx *c, size_t k)
{
    if (k > 0 && k < c->n && !c->t[k].nl && unit_of(c, k - 1) == U_MONTH)
        k--;
    return k >= 2 && k < c->n && !c->t[k].nl && !c->t[k - 1].nl && is_prep(c, k - 1, P_FROM) &&
           is_cls(c, k - 2, C_FUTURE) && c->t[k - 2].val == 1;
}

/* a cardinal from three to nine in words right before the من at k, with or without ال or the
 * accusative's alif ("صام ستاً من شوال", "صيام الست من شوال", "الأيام الستة من شوال"): that من
 * counts days out of the month (the six days of Shawwal's fast), it does not date it. The ordinal
 * teens (ord_before) and "العشر" (as often the last ten nights of one Ramadan) are not counts here. */
static int card_before(const ctx *c, size_t k)
{
    static const char *w[] = {"ثلاث", "ثلاثة", "أربع", "أربعة", "خمس", "خمسة", "ست", "ستة",
                              "سبع", "سبعة", "ثماني", "ثمانية", "تسع", "تسعة"};
    if (k == 0 || c->t[k].nl || c->t[k - 1].kind != TK_WORD || c->t[k - 1].b1 - c->t[k - 1].b0 >= TX_WMAX)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + c->t[k - 1].b0, c->t[k - 1].b1 - c->t[k - 1].b0, f, sizeof f);
    const char *p = f;
    if (n > 6 && memcmp(p, "\xd8\xa7\xd9\x84", 4) == 0) /* ال */
        p += 4, n -= 4;
    if (n > 4 && memcmp(p + n - 2, "\xd8\xa7", 2) == 0) /* the accusative's alif: "ستا" */
        n -= 2;
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        if (tx_fold_eq(p, n, w[i], 0))
            return 1;
    return 0;
}

/* "حتى" right before the month at k, over a part word or شهر ("وحتى نهاية شهر رمضان"): a
 * deadline. One whose month ended in the last 45 days is that month, not the one eleven months
 * ahead: a writer naming next year's would say so, and records are often stamped late. */
static int until_before(const ctx *c, size_t k)
{
    for (size_t b = 1; b <= 3 && b <= k; b++) {
        if (c->t[k - b + 1].nl)
            return 0;
        if (is_prep(c, k - b, P_UNTIL))
            return 1;
        if (!is_cls(c, k - b, C_MOD) && !is_cls(c, k - b, C_AWWAL) && unit_of(c, k - b) != U_MONTH)
            return 0;
    }
    return 0;
}

/* an ordinal day ends right before token k ("العاشر من رمضان" at من): a month after that من
 * which the ordinal did not take ("مدينة العاشر من رمضان") is no date by itself */
static int ord_before(const ctx *c, size_t k)
{
    size_t e;
    for (size_t b = 1; b <= 2 && b <= k; b++)
        if (ord_day(c, k - b, &e) && e == k)
            return !(k - b > 0 && (unit_of(c, k - b - 1) == U_WEEK || is_cls(c, k - b - 1, C_HALF))); /* "الأسبوع الأول من أغسطس": a week's */
    return 0;
}

/* an ordinal day at k introduced as a date: after a preposition, يوم/اليوم, a part of day or a
 * weekday ("في الرابع من مارس", "يوم العاشر من شوال"): the month after it is no verb or name */
static int ord_framed(const ctx *c, size_t k)
{
    if (k == 0 || !on(c, k - 1) || c->t[k - 1].kind != TK_WORD || has_waw(c, k))
        return 0;
    int cls = c->t[k - 1].cls;
    return cls == C_PREP || cls == C_TODAY || cls == C_AMPM || cls == C_WEEKDAY ||
           (unit_of(c, k - 1) == U_DAY && !(c->t[k - 1].val & (F_PLURAL | F_DUAL)));
}

/* "الشهر نفسه/ذاته", "نفس/ذات الشهر" at k (the month just named): the token after it, or 0 */
static size_t same_month_at(const ctx *c, size_t k)
{
    if (unit_of(c, k) == U_MONTH && definite_period_unit(c, k) && is_cls(c, k + 1, C_DIR) && c->t[k + 1].val == D_SAME)
        return k + 2;
    if ((word_eq(c, k, "نفس") || word_eq(c, k, "ذات")) && unit_of(c, k + 1) == U_MONTH && definite_period_unit(c, k + 1))
        return k + 2;
    return 0;
}

/* "28 من الشهر نفسه", "الخامس من نفس الشهر", "24 منه" at k: the day (0 if none), *end after the month */
static int same_month_day(const ctx *c, size_t k, size_t *end)
{
    size_t oe = k + 1;
    int d = ord_day(c, k, &oe);
    if (!d && day_num(c, k))
        d = c->t[k].val, oe = k + 1;
    size_t e = d && is_prep(c, oe, P_FROM) ? same_month_at(c, oe + 1) : 0;
    if (d && !e && word_eq(c, oe, "منه"))
        e = oe + 1; /* "من 12 شوال وحتى 24 منه": of it, the month just named */
    if (!e)
        return 0;
    *end = e;
    return d;
}

/* "الشهر الحالي/الجاري/المقبل/الماضي" at k: the month word with its direction, not "نفسه" */
static int told_month(const ctx *c, size_t k)
{
    return unit_of(c, k) == U_MONTH && definite_period_unit(c, k) && is_cls(c, k + 1, C_DIR) &&
           c->t[k + 1].val != D_SAME;
}

/* The month "الشهر نفسه" at k stands for: the latest month name before it in its paragraph,
 * taken only when the latest date told agrees with it (the Hijri month of the last day for a
 * Hijri name, the last month for a Gregorian one), so that its year is known; or the month
 * told relative to now there, by the date that held it. */
static int same_month_ref(const ctx *c, size_t k, int *y, int *m, int *hijri)
{
    for (size_t b = 1; b <= 80 && b <= k; b++) {
        if (c->t[k - b + 1].nl)
            return 0;
        int sys, amb;
        size_t e;
        int mm = month_at(c, k - b, &sys, &e, &amb);
        if (!mm && told_month(c, k - b) && c->last_month >= 0 && c->last_day_end > k - b) {
            /* "الـ 27 من الشهر الحالي ... الـ 16 من الشهر نفسه": the month told, read off
             * the date that holds it */
            *y = c->last_month / 12, *m = c->last_month % 12 + 1, *hijri = 0;
            return 1;
        }
        if (!mm)
            continue;
        if (sys == SYS_H) {
            int hy, hm, hd;
            if (c->last_day == NODAY || ak_cal_hijri_from_days(c->last_day, &hy, &hm, &hd) < 0 || hm != mm)
                return 0;
            *y = hy, *m = hm, *hijri = 1;
            return 1;
        }
        if (c->last_month < 0 || c->last_month % 12 + 1 != mm)
            return 0;
        *y = c->last_month / 12, *m = mm, *hijri = 0;
        return 1;
    }
    return 0;
}

/* The day d of the month holding day `from` (Hijri or Gregorian), 0 if that month has none */
static int day_of_month_of(int hijri, int32_t from, int d, int32_t *out)
{
    int y, m, dd;
    if (hijri) {
        if (ak_cal_hijri_from_days(from, &y, &m, &dd) < 0)
            return 0;
        return ak_cal_hijri_days(y, m, d, out) >= 0;
    }
    ak_cal_ymd(from, &y, &m, &dd);
    if (!ak_cal_valid(y, m, d))
        return 0;
    *out = ak_cal_days(y, m, d);
    return 1;
}

/* "إجازة", "عطلة" (a holiday) at k: the month named right after it is a time ("إجازة رمضان") */
static int holiday_word(const ctx *c, size_t k)
{
    static const char *const w[] = {"إجازة", "اجازة", "عطلة", "وإجازة", "واجازة", "وعطلة"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* The words between a weekday and the date it falls on, from k: "الموافق" (with لـ: "الموافق
 * لـ17 من الشهر"), "الذي يوافق تاريخ", "التي تصادف", "بتاريخ" before a number. Returns the token
 * after them, k if none. */
static size_t equiv_words(const ctx *c, size_t k)
{
    static const char *const rel[] = {"الذي", "التي"};
    static const char *const fall[] = {"يوافق", "توافق", "يصادف", "تصادف"};
    if (is_cls(c, k, C_EQUIV))
        k++;
    else if (on(c, k) && c->t[k].b1 - c->t[k].b0 == 8 && word_in(c, k, rel, sizeof rel / sizeof *rel) &&
             word_in(c, k + 1, fall, sizeof fall / sizeof *fall) && !c->t[k + 1].nl)
        k += 2;
    else
        return is_cls(c, k, C_CHROME) && is_num(c, k + 1) ? k + 1 : k; /* "الإثنين بتاريخ 01/12/1436" */
    if ((word_eq(c, k, "لـ") || word_eq(c, k, "ل")) && is_num(c, k + 1))
        k++;
    else if (word_eq(c, k, "تاريخ") && !c->t[k].nl)
        k++;
    return k;
}

/* A calendar date at i: [weekday [،]] then day-month-year, month-year, numeric or
 * English forms. Returns 1 (parsed), 0 (no date) or -1 (date-shaped but impossible). */
static int date_core(const ctx *c, size_t i, pdate *p)
{
    memset(p, 0, sizeof *p);
    p->hh = p->mi = -1;
    size_t k = i;
    if ((is_cls(c, k, C_WEEKDAY) || is_cls(c, k, C_EWEEKDAY)) && on(c, k + 1)) {
        p->weekday = c->t[k].val;
        k++;
        if (comma_at(c, k) || is_punct(c, k, '-'))
            k++;
        k = equiv_words(c, k);
        if (tatweel_al(c, k) && is_num(c, k + 1) && !c->t[k].nl)
            k++; /* "يوم الخميس الـ 4 من شهر ذي الحجة": the day's article written apart */
    }
    int sys = 0, amb = 0, hij = 0;
    size_t e;
    /* numeric: d/m/yyyy, yyyy-mm-dd (same separator; spaces allowed) */
    if (is_num(c, k) && on(c, k + 1) && c->t[k + 1].kind == TK_PUNCT) {
        uint32_t sep = (uint32_t)c->t[k + 1].val;
        if ((sep == '/' || sep == '-' || sep == '.') && is_num(c, k + 2) && is_punct(c, k + 3, sep) &&
            is_num(c, k + 4)) {
            const tx_tok *a = &c->t[k], *b = &c->t[k + 2], *d = &c->t[k + 4];
            int y, m, dd;
            if (a->ndig == 4 && b->ndig <= 2 && d->ndig <= 2)
                y = a->val, m = b->val, dd = d->val;
            else if (a->ndig <= 2 && b->ndig <= 2 && d->ndig == 4)
                y = d->val, m = b->val, dd = a->val;
            else
                return 0;
            /* a longer run (1/2/2020/5) is a reference number, not a date */
            if (on(c, k + 5) && c->t[k + 5].kind == TK_PUNCT && (uint32_t)c->t[k + 5].val == sep && is_num(c, k + 6))
                return 0;
            e = k + 5;
            /* "12 / 8 / 2015هـ": a Hijri mark slipped onto a Gregorian year leaves it Gregorian */
            hij = y <= 1500 && (is_cls(c, e, C_HMARK) || y >= 1300);
            if (is_cls(c, e, C_HMARK) || is_cls(c, e, C_GMARK))
                e++;
            p->y = y, p->m = m, p->d = dd, p->hijri = hij, p->end = e;
            if (m < 1 || m > 12 || dd < 1 || (hij ? dd > 30 : !ak_cal_valid(y, m, dd)))
                return -1;
            return 1;
        }
    }
    /* English: Month D, YYYY; an Arabic month so too with its comma ("أغسطس 3, 2015", a tweet's stamp) */
    if ((is_cls(c, k, C_EMONTH) || (is_cls(c, k, C_GMONTH) && is_punct(c, k + 2, ','))) && day_num(c, k + 1)) {
        size_t j = k + 2;
        if (is_punct(c, j, ','))
            j++;
        if (year_num(c, j)) {
            p->m = c->t[k].val & 0xff, p->d = c->t[k + 1].val, p->y = c->t[j].val, p->end = j + 1;
            return ak_cal_valid(p->y, p->m, p->d) ? 1 : -1;
        }
    }
    /* D Month [Year], "D من Month", "الرابع من Month" */
    size_t oe = k + 1;
    int od = ord_day(c, k, &oe);
    /* "في أول يوم من ذي القعدة": the first day, its word after */
    if (!od && on(c, k) && c->t[k].b1 - c->t[k].b0 == 6 && is_prep(c, k + 2, P_FROM) && /* the cheap looks first */
        (word_eq(c, k, "أول") || word_eq(c, k, "اول")) && word_eq(c, k + 1, "يوم") && !c->t[k + 1].nl)
        od = 1, oe = k + 2;
    /* a cardinal day stands for an ordinal only where a date is expected (after a preposition,
     * يوم, ليلة or تاريخ) and with a month no place follows: "بمدينة ستة أكتوبر", "في ستة
     * أكتوبر بالقاهرة" name a city */
    int card = 0;
    if (!od && is_cls(c, k, C_NUMW)) {
        size_t ce;
        int cd = card_day(c, k, &ce);
        if (cd && (ord_framed(c, k) || (k > 0 && is_cls(c, k - 1, C_CHROME))))
            od = cd, oe = ce, card = 1;
    }
    /* "في التاسع من مايو، وثانيها في الحادي والعشرين منه": the day of the month named last, in
     * words or in figures ("والثانية في 13 منه") */
    if (!od && day_num(c, k) && word_eq(c, k + 1, "منه") && c->last_month >= 0 && k > 0 && is_cls(c, k - 1, C_PREP))
        od = c->t[k].val, oe = k + 1;
    if (od && word_eq(c, oe, "منه") && c->last_month >= 0 && k > 0 && is_cls(c, k - 1, C_PREP)) {
        /* after a preposition only: not "الجزء الثاني منه" (the second part of it) */
        p->y = c->last_month / 12, p->m = c->last_month % 12 + 1, p->d = od, p->end = oe + 1;
        return ak_cal_valid(p->y, p->m, p->d) ? 1 : -1;
    }
    int ord = (od && (card || is_prep(c, oe, P_FROM))) || is_cls(c, k, C_GHURRA);
    if (day_num(c, k) || ord) {
        size_t dk = ord ? oe : k + 1;
        /* "(16-21) من شهر أبريل", "(5-6) أغسطس": a range's end day closing the parentheses the
         * range opened takes the month after them */
        if (!ord && is_punct(c, dk, ')') && k >= 3 && dash_at(c, k - 1) &&
            day_num(c, k - 2) && is_punct(c, k - 3, '('))
            dk++;
        size_t mk = is_prep(c, dk, P_FROM) ? dk + 1 : dk;
        int m = month_group(c, mk, &sys, &e, &amb);
        /* "الخامس من الشهر الحالي", "السادس والعشرين من الشهر المقبل" */
        if (!m && ord && od && mk > dk && c->dct != NODAY && unit_of(c, mk) == U_MONTH && (c->t[mk].val & F_DEF) &&
            !(c->t[mk].val & (F_PLURAL | F_DUAL)) && is_cls(c, mk + 1, C_DIR) && c->t[mk + 1].val == D_SAME && p->weekday) {
            /* "الأربعاء الخامس من الشهر ذاته" with no month before: the month near the DCT
             * (one back to two ahead) whose day falls on that weekday */
            for (int dm = 0; dm < 4; dm++) {
                int mm = c->dy * 12 + (c->dm - 1) + (dm == 3 ? -1 : dm);
                int yy = mm / 12, mo = mm % 12 + 1;
                if (ak_cal_valid(yy, mo, od) && ak_cal_weekday(ak_cal_days(yy, mo, od)) == p->weekday) {
                    p->y = yy, p->m = mo, p->d = od, p->end = mk + 2;
                    return 1;
                }
            }
        }
        /* "في 12 من الشهر نفسه", "يوم 20 من نفس الشهر": the day of the month named last; not
         * an ordinal of a week or half ("الأسبوع الثاني من الشهر نفسه") */
        int sd = ord && od ? od : !ord && day_num(c, k) ? c->t[k].val : 0;
        int unit_ord = k > 0 && ((unit_of(c, k - 1) && unit_of(c, k - 1) != U_DAY) || is_cls(c, k - 1, C_HALF));
        size_t se = !m && sd && mk > dk && !unit_ord ? same_month_at(c, mk) : 0;
        int sy = 0, sm = 0, sh = 0;
        if (se && same_month_ref(c, k, &sy, &sm, &sh)) {
            p->y = sy, p->m = sm, p->d = sd, p->hijri = sh, p->end = se;
            return (sh ? sd > 30 : !ak_cal_valid(sy, sm, sd)) ? -1 : 1;
        }
        /* "الـ 27 من الشهر الجاري": a day number with من as an ordinal; "ينطلق 27 الشهر
         * الجاري" without من too (all 12 such in SaudiNewsNet are days) */
        int dn = ord && od ? od : !ord && day_num(c, k) ? c->t[k].val : 0;
        /* "في الثامن من هذا الشهر": this month named with هذا before it, the day framed as a
         * date (not "الشوط الثاني من هذا الشهر") */
        size_t mu = mk + (is_cls(c, mk, C_THIS) && mk > dk && !c->t[mk + 1].nl && ord_framed(c, k) &&
                          !is_cls(c, mk + 2, C_HOLYADJ)); /* "هذا الشهر الفضيل" is Ramadan */
        /* "في 25 الجاري": the month's word left out after a day number with its preposition */
        int bare = !m && dn && !ord && mk == dk && c->dct != NODAY && k > 0 && !c->t[dk].nl &&
                   (is_cls(c, k - 1, C_PREP) || unit_of(c, k - 1) == U_DAY) && is_cls(c, dk, C_DIR) &&
                   c->t[dk].val != D_SAME;
        if (bare || (!m && dn && (mk > dk || !ord) && c->dct != NODAY && unit_of(c, mu) == U_MONTH &&
                     definite_period_unit(c, mu) &&
                     (mu > mk || (is_cls(c, mk + 1, C_DIR) && c->t[mk + 1].val != D_SAME)))) {
            int dir = bare ? c->t[dk].val : mu > mk ? D_THIS : c->t[mk + 1].val;
            int shift = dir == D_PAST ? -1 : dir == D_NEXT ? 1 : 0;
            p->end = bare ? dk + 1 : mu > mk && is_cls(c, mu + 1, C_DIR) && c->t[mu + 1].val == D_THIS ? mu + 2 : mk + 2;
            int cal = weekday_calendar(c, shift, dn, p->weekday);
            if (cal)
                return cal == 1 ? greg_month_day(c, shift, dn, p) : hijri_month_day(c, shift, dn, p);
            if (!sentence_hijri(c, k) && !c->doc_hijri)
                return greg_month_day(c, shift, dn, p);
            if (hijri_month_day(c, shift, dn, p) != 1)
                return -1;
            /* "والتي ستنطلق يوم 15 من الشهر الحالي" on 17 Shawwal: a start still ahead is the
             * Gregorian month's day when the Hijri one has passed */
            int32_t hd;
            if (shift == 0 && ak_cal_hijri_days(p->y, p->m, dn, &hd) >= 0 && hd < c->dct && dn >= c->dd &&
                future_context(c, k, mk + 2)) {
                p->hijri = 0;
                return greg_month_day(c, 0, dn, p);
            }
            return 1;
        }
        size_t ye_;
        int yh_;
        /* an ambiguous month after an ordinal needs a pairing, شهر or a year ("السادس من رجب 1395هـ") */
        if (card && (!m || glued_ba_al(c, e)))
            return 0;
        if (m && (!ord || amb <= 0 || year_part(c, e, &ye_, &yh_) || is_cls(c, e, C_DIR) || ord_framed(c, k) || card)) {
            p->d = od ? od : c->t[k].val;
            p->m = m;
            p->hijri = sys == SYS_H;
            p->end = e;
            int h2 = 0;
            int y = year_part(c, e, &p->end, &h2);
            if (y && p->hijri && !h2 && !(y = hijri_year(c, e, y, p->m)))
                p->end = e;
            if (y) {
                p->y = y;
                if (h2)
                    p->hijri = 1;
            } else if (is_cls(c, e, C_DIR)) {
                p->dir = c->t[e].val;
                p->end = p->hijri ? e + 1 : dir_month_year(c, e + 1, p->m, p->d, p->dir);
            }
            if (p->hijri ? p->d > 30 : !ak_cal_valid(p->y ? p->y : 2000, p->m, p->d))
                return -1;
            return 1;
        }
        if (k != i) /* weekday followed by a bare day number: "الخميس 5" */
            return 0;
    }
    /* "الشهر الكريم/الفضيل/المبارك": Ramadan, resolved like the bare month name */
    if (unit_of(c, k) == U_MONTH && definite_period_unit(c, k) && is_cls(c, k + 1, C_HOLYADJ)) {
        p->m = c->t[k + 1].val;
        p->hijri = 1;
        p->end = k + 2;
        int h2 = 0;
        size_t ye;
        int y = year_part(c, k + 2, &ye, &h2);
        if (y && h2) { /* "الشهر الفضيل 1436هـ" */
            p->y = y;
            p->end = ye;
        } else if (is_cls(c, k + 2, C_DIR)) {
            p->dir = c->t[k + 2].val;
            p->end = k + 3;
        }
        return 1;
    }
    /* Month [Year] */
    int m = month_group(c, k, &sys, &e, &amb);
    if (m) {
        p->m = m;
        p->hijri = sys == SYS_H;
        p->end = e;
        int h2 = 0;
        if (sys == SYS_E && day_num(c, e)) /* "August 10" without a year */
            return 0;
        int y = year_part(c, e, &p->end, &h2);
        if (y && p->hijri && !h2 && !(y = hijri_year(c, e, y, p->m)))
            p->end = e;
        if (y) {
            p->y = y;
            if (h2)
                p->hijri = 1;
            return 1;
        }
        if (is_cls(c, e, C_DIR)) {
            p->dir = c->t[e].val;
            p->end = p->hijri ? e + 1 : dir_month_year(c, e + 1, p->m, 0, p->dir);
            return 1;
        }
        if (p->weekday || amb == 2)
            return 0;
        /* "حيث شهد رمضان المبارك إطلاق": a Hijri month with its epithet is no name or town */
        if (p->hijri && is_cls(c, e, C_HOLYADJ) && !c->t[e].nl)
            return 1;
        /* "من مارس القطيعة", "من مارس العمل": a month that is also a verb, after من and before a
         * plain definite noun, is the verb (who practised it); not before a year's word */
        if (amb == 1 && k > 0 && is_prep(c, k - 1, P_FROM) && on(c, e) && c->t[e].kind == TK_WORD &&
            c->t[e].cls == C_NONE && !c->t[e].nl && definite_word(c, e))
            return 0;
        /* a month alone ("نيسان" is also a car, "مارس" a verb, "شوال" a town): only after
         * شهر or في/خلال/منذ/حتى/قبل/بعد/من, or a holiday's word ("إجازة رمضان", "عطلة أغسطس") */
        if (amb != -1 && !(k > 0 && (is_cls(c, k - 1, C_MOD) || holiday_word(c, k - 1) || is_cls(c, k - 1, C_AWWAL) || is_prep(c, k - 1, P_IN) || is_prep(c, k - 1, P_DURING) || is_prep(c, k - 1, P_SINCE) ||
                                 is_prep(c, k - 1, P_UNTIL) || is_prep(c, k - 1, P_BEFORE) ||
                                 is_prep(c, k - 1, P_AFTER) || (is_prep(c, k - 1, P_FROM) && !ord_before(c, k - 1) && !card_before(c, k - 1)))) &&
            !(amb == 0 && deadline_before(c, k)) && !ends_month_before(c, k))
            return 0;
        return 1;
    }
    return 0;
}

/* A forward day-precise date that ends right before token at (at most a part word or a comma
 * between): a yearless month beside it names the same stretch of time. NODAY otherwise. */
static int32_t apposed_day(const ctx *c, size_t at)
{
    if (c->last_day == NODAY || c->dct == NODAY || c->last_day <= c->dct || c->last_day_end > at || at - c->last_day_end > 2)
        return NODAY;
    for (size_t k = c->last_day_end; k < at; k++)
        if (!(c->t[k].kind == TK_PUNCT || (c->t[k].kind == TK_WORD && (c->t[k].cls == C_MOD || c->t[k].cls == C_AWWAL))))
            return NODAY;
    return c->last_day;
}

/* "منذ [الـ] 20 أكتوبر": since points back */
static int since_before(const ctx *c, size_t at)
{
    size_t k = at;
    if (k > 0 && c->t[k - 1].kind == TK_WORD && c->t[k - 1].cls == C_NONE && c->t[k - 1].b1 - c->t[k - 1].b0 <= 6)
        k--; /* "الـ" */
    return k > 0 && is_prep(c, k - 1, P_SINCE);
}

/* "الماضي/الماضيين" within the next six tokens of the sentence: "من سبتمبر إلى يناير الماضيين"
 * puts the first month in the past too */
static int past_after(const ctx *c, size_t k)
{
    for (size_t j = k; j < k + 6 && j < c->n; j++) {
        if (c->t[j].nl || sentence_end(c, j))
            return 0;
        if (is_cls(c, j, C_DIR) && c->t[j].val == D_PAST)
            return 1;
    }
    return 0;
}

/* The year of day d of month m nearest the DCT when the next one is nearer than the last and
 * at most four months ahead ("الانتخابات الرئاسية في 25 أكتوبر" under a July stamp); 0 when the
 * last one wins. In the labelled SaudiNewsNet sentences no yearless day without "الماضي" lies
 * more than six months back, and days announced without a cue lie up to three months ahead. */
static int nearest_year(const ctx *c, int m, int d)
{
    int y = c->dy;
    if (!ak_cal_valid(y, m, d) || ak_cal_days(y, m, d) <= c->dct)
        y++;
    if (!ak_cal_valid(y, m, d) || !ak_cal_valid(y - 1, m, d))
        return 0; /* 29 February */
    int32_t ahead = ak_cal_days(y, m, d) - c->dct, back = c->dct - ak_cal_days(y - 1, m, d);
    return ahead < back && ahead <= 120 ? y : 0;
}

struct known_day { int d, m, y; };

/* the year of the yearless day p in the table of days known by their date alone (only once that
 * year has passed the DCT's), 0 when p is not one of them or has a year or weekday written */
static int known_day_year(const ctx *c, const pdate *p, const struct known_day *days, size_t n)
{
    if (p->y || p->hijri || !p->d || p->weekday)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (days[k].d == p->d && days[k].m == p->m && (c->dct == NODAY || c->dy > days[k].y))
            return days[k].y;
    return 0;
}

static int revolution_year(const ctx *c, const pdate *p);
static int revolution_named(const ctx *c, size_t at);

/* Days known by their date alone, written without a year after an incident noun or before
 * "الشهير": "منذ أحداث الحادي عشر من سبتمبر" is 2001, not the coming September; a revolution's
 * day after its word (revolution_named) is its revolution's. */
static int famous_year(const ctx *c, size_t at, const pdate *p)
{
    static const struct known_day days[] = {{11, 9, 2001}};
    if (revolution_named(c, at))
        return revolution_year(c, p);
    int cue = (at > 0 && is_cls(c, at - 1, C_INCIDENT) && c->t[at - 1].val == 0) ||
              (is_cls(c, p->end, C_INCIDENT) && c->t[p->end].val == 1);
    return cue ? known_day_year(c, p, days, sizeof days / sizeof *days) : 0;
}

/* The year of a revolution named by its day alone: Egypt's of 23 July 1952, 25 January 2011
 * and 30 June 2013, Tunisia's of 14 January 2011, Libya's of 17 February 2011; 0 for any other
 * day, or a day given with its year or a weekday */
static int revolution_year(const ctx *c, const pdate *p)
{
    static const struct known_day days[] = {{25, 1, 2011}, {30, 6, 2013}, {14, 1, 2011}, {17, 2, 2011}, {23, 7, 1952}};
    return known_day_year(c, p, days, sizeof days / sizeof *days);
}

/* "ثورة" or its dual "ثورتي" at k, with ل/ب/و before it */
static int revolution_word(const ctx *c, size_t k)
{
    static const char *const w[] = {"ثورة", "لثورة", "بثورة", "وثورة", "ثورتي", "لثورتي", "بثورتي", "وثورتي"};
    return word_in(c, k, w, sizeof w / sizeof *w);
}

/* a revolution's word right before the day at token at ("ثورة 25 يناير", "لثورتي 25 يناير"), or
 * before the day joined to it ("لثورتي 25 يناير و30 يونيو") */
static int revolution_named(const ctx *c, size_t at)
{
    for (size_t k = 1; k <= 4 && k <= at; k++) {
        size_t j = at - k;
        if (c->t[j + 1].nl)
            return 0;
        if (revolution_word(c, j))
            return 1;
        if (!(is_num(c, j) || is_cls(c, j, C_GMONTH) || word_eq(c, j, "و")))
            return 0;
    }
    return 0;
}

/* whether token at lies on the line a chronology year opened (within 80 tokens of it) */
static int chrono_line(const ctx *c, size_t at)
{
    if (!c->chrono_year || at <= c->chrono_tok || at - c->chrono_tok > 80)
        return 0;
    for (size_t k = c->chrono_tok + 1; k <= at; k++)
        if (c->t[k].nl)
            return 0;
    return 1;
}

/* "بطولة غرب آسيا المقرر لها سبتمبر المقبل، بالإضافة إلى دورة الألعاب ... في أكتوبر": a bare
 * month later in a sentence that already named a month ahead of the DCT continues the list
 * forward when its past reading lies more than six months back (a month just past, "بعد أن
 * تراجع في يوليو", stays past). Returns the year, or 0. */
static int forward_list_month(const ctx *c, size_t at, int m)
{
    size_t k = sentence_start(c, at, 40);
    int ahead = 0; /* the latest month ahead of the DCT's named before, as y*12+m */
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[k].b0)
            break;
        size_t n = strlen(x->value);
        if (strcmp(x->type, "DATE") || (n != 7 && n != 10) || x->value[4] != '-')
            continue;
        int mm = atoi(x->value) * 12 + atoi(x->value + 5) - 1;
        if (mm > c->dy * 12 + c->dm - 1 && mm > ahead)
            ahead = mm;
    }
    int past = (m <= c->dm ? c->dy : c->dy - 1) * 12 + m - 1, now = c->dy * 12 + c->dm - 1;
    if (!ahead || now - past <= 6)
        return 0;
    int fwd = (m >= c->dm ? c->dy : c->dy + 1) * 12 + m - 1;
    return fwd >= ahead ? fwd / 12 : 0;
}

/* tokens a and b a matching pair of parentheses or quotes: "(الأحد)", "«65»" */
static int enclosed(const ctx *c, size_t a, size_t b)
{
    static const uint32_t open[] = {'(', 0xAB, '"', 0x201C}, close[] = {')', 0xBB, '"', 0x201D};
    for (size_t j = 0; j < sizeof open / sizeof open[0]; j++)
        if (is_punct(c, a, open[j]) && is_punct(c, b, close[j]))
            return 1;
    return 0;
}

/* a weekday in parentheses or quotes at k, "(الأحد)", "امس «الاربعاء»", naming the day a
 * relative day before it means */
static int paren_weekday(const ctx *c, size_t k) { return is_cls(c, k + 1, C_WEEKDAY) && enclosed(c, k, k + 2); }

/* "مما كان مقررا", "عما هو متوقع" at k: an offset before it says how much later or earlier
 * than planned, a length; "قبل عام مما أثار" (مما: "which") stays a date */
static int than_planned(const ctx *c, size_t k)
{
    static const char *const plan[] = {"مقررا", "متوقعا", "مخططا", "مفترضا", "محددا", "مقدرا", "مستهدفا",
                                       "مجدولا", "معتادا", "مرتقبا", "منتظرا", "معلنا", "مزمعا"};
    if (!(word_eq(c, k, "مما") || word_eq(c, k, "عما")) ||
        !(word_eq(c, k + 1, "كان") || word_eq(c, k + 1, "كانت") || word_eq(c, k + 1, "هو")))
        return 0;
    return word_in(c, k + 2, plan, sizeof plan / sizeof plan[0]);
}

/* a weekday between commas at k, "مساء اليوم، الاثنين، في القاهرة": apposed to the relative day
 * before it, as in brackets; the closing comma (or the sentence's end) keeps out a list or a
 * new clause ("اليوم، والأحد", "أمس، الأحد المقبل") */
static int comma_weekday(const ctx *c, size_t k)
{
    if (!comma_at(c, k) || !is_cls(c, k + 1, C_WEEKDAY) || has_waw(c, k + 1) ||
        c->t[k + 1].nl)
        return 0;
    return k + 2 >= c->n || comma_at(c, k + 2) || sentence_end(c, k + 2);
}

/* "ستنطلق يوم غد السبت ... بينما يجمع اللقاء الثاني ... عصر يوم الأحد": a bare weekday after a
 * day ahead of the DCT in its sentence continues that schedule: the latest such day before at,
 * NODAY if none; *apposed when only punctuation stands between ("يوم غد -الاثنين-") */
static int32_t forward_list_day(const ctx *c, size_t at, int *apposed)
{
    size_t p = at;
    while (p > 0 && c->t[p - 1].kind == TK_PUNCT && !sentence_end(c, p - 1))
        p--;
    *apposed = 0;
    size_t k = sentence_start(c, at, 60);
    int32_t ahead = NODAY, d;
    char dv[16];
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[k].b0)
            break;
        snprintf(dv, sizeof dv, "%.10s", x->value); /* a TIME's day too */
        if (strcmp(x->type, "DURATION") && strcmp(x->type, "SET") && (strlen(x->value) == 10 || (strlen(x->value) > 10 && x->value[10] == 'T')) &&
            !tx_parse_day(dv, &d) && d > c->dct &&
            d - c->dct <= 14 && (ahead == NODAY || d > ahead)) {
            ahead = d;
            *apposed = p > 0 && x->byte_end == c->t[p - 1].b1;
        }
    }
    return ahead;
}

/* a year after the DCT's written earlier in the sentence of token at ("وفي عام 2016 يبدأ
 * الموسم في 26 يونيو"): a later year frames the date, so a day just past is not meant */
static int year_ahead_before(const ctx *c, size_t at)
{
    for (size_t k = at; k > 0 && at - k < 30 && !sentence_end(c, k - 1) && !c->t[k].nl; k--)
        if (year_num(c, k - 1) && c->t[k - 1].val > c->dy)
            return 1;
    return 0;
}

/* The year of a day written with its year (a year before the DCT's) earlier in the sentence of
 * token at, 0 if none: a yearless day after it is told in that year. */
static int sentence_year(const ctx *c, size_t at)
{
    size_t k = sentence_start(c, at, 60);
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[k].b0)
            break;
        if (strcmp(x->type, "DATE") || strlen(x->value) != 10 || x->granularity != AK_GRAN_DAY)
            continue;
        int y = atoi(x->value), digits = 0;
        for (size_t b = x->byte_start; b < x->byte_end && digits < 4; b++)
            digits = c->s[b] >= '0' && c->s[b] <= '9' ? digits + 1 : 0;
        return digits == 4 && y < c->dy ? y : 0;
    }
    return 0;
}

/* "تصرف إدارة النادي اليوم راتب شهر مايو": a month's pay is paid for a month gone, whatever
 * the sentence plans; token at opens the month */
static int paid_month(const ctx *c, size_t at)
{
    static const char *const pay[] = {"راتب", "رواتب", "مرتب", "مرتبات", "أجر", "أجور", "مستحقات"};
    return at > 0 && !c->t[at].nl && word_in(c, at - 1, pay, sizeof pay / sizeof *pay);
}

/* Resolves a parsed date to a value. Returns the granularity (0 if unresolvable). */
static int resolve_date(ctx *c, size_t at, const pdate *p, char *v, size_t vn)
{
    int y = p->y, m = p->m, d = p->d;
    if (!y && (y = famous_year(c, at, p)) != 0) {
        snprintf(v, vn, "%04d-%02d-%02d", y, m, d);
        return AK_GRAN_DAY;
    }
    if (p->hijri) {
        int hy = y;
        if (!hy) {
            if (c->dct == NODAY)
                return 0;
            int cy = c->dhy, cm = c->dhm, cd = c->dhd;
            int32_t rs = p->dir == 0 ? range_start(c, at) : NODAY;
            int fut = p->dir == D_NEXT || (p->dir == 0 && rs == NODAY && future_context(c, at, p->end));
            if (p->dir == D_THIS || p->dir == D_SAME)
                hy = cy;
            else if (rs != NODAY) {
                int ry, rm, rd;
                ak_cal_hijri_from_days(rs, &ry, &rm, &rd);
                hy = year_from(1, ry, m, d, rs);
            } else if (p->dir == D_NEXT) /* "14 شوال القادم" on 6 Shawwal: this month's */
                hy = d ? year_from(1, cy, m, d, c->dct + 1) : m > cm ? cy : cy + 1;
            else if (fut && !d && p->dir == 0 && start_from_before(c, at) && (cm - m + 12) % 12 >= 1 &&
                     (cm - m + 12) % 12 <= 4)
                /* "الصرف بدأ اعتبارا من شهر رمضان" in Shawwal: as of a month just past, as for
                 * Gregorian months, not next year's */
                hy = m < cm ? cy : cy - 1;
            else if (fut) /* from this month on, or a deadline just passed (late stamps) */
                /* a day-precise deadline that passed up to 45 days before the stamp is that one, as
                 * for Gregorian days ("استمرت حتى 18 رمضان" in Shawwal) */
                hy = year_from(1, cy, m, d, c->dct - (d ? (year_ahead_before(c, at) ? 7 : 45) : until_before(c, at) ? 45 : 0));
            else if (p->dir == D_PAST) /* "5 شوال الماضي" on 17 Shawwal: this Shawwal's */
                hy = m < cm || (d && m == cm && d <= cd) ? cy : cy - 1;
            else if (!d && p->dir == 0 && rs == NODAY && !since_before(c, at) && (m - cm + 12) % 12 >= 1 &&
                     (m - cm + 12) % 12 <= 2 && !past_after(c, p->end) && !past_before_past(c, at) &&
                     !past_relative(c, at))
                /* "تستعد لإقامة معرض في شهر ذي القعدة" in Shawwal: a bare month one or two ahead
                 * is the coming one, as for Gregorian months, not last year's */
                hy = cy + (m < cm);
            else
                hy = m <= cm ? cy : cy - 1;
            int32_t ahead;
            /* a day up to four months ahead is announced, not remembered ("تنتهي بنهاية يوم الثالث
             * من ذي الحجة" in Shawwal), as for Gregorian days (nearest_year) */
            if (p->dir == 0 && !fut && rs == NODAY && d && !since_before(c, at) &&
                ak_cal_hijri_days(cy, m, d, &ahead) >= 0 && ahead > c->dct && ahead - c->dct <= 120)
                hy = cy;
        }
        int32_t a;
        if (d) {
            if (ak_cal_hijri_days(hy, m, d, &a) < 0)
                return 0;
            fmt_day(v, vn, a);
            return AK_GRAN_DAY;
        }
        /* a Hijri month spans two Gregorian months: give its days as an interval */
        return hijri_months_days(hy, m, 1, v, vn) ? AK_GRAN_MONTH : 0;
    }
    if (!y) {
        if (p->dir == D_SAME && c->last_year)
            y = c->last_year;
        else if (p->dir == 0 && chrono_line(c, at))
            y = c->chrono_year; /* "1951 - ... أقره البرلمان في 15 مارس": the line's year */
        else if (c->dct == NODAY) {
            if (d)
                snprintf(v, vn, "XXXX-%02d-%02d", m, d);
            else
                snprintf(v, vn, "XXXX-%02d", m);
            return d ? AK_GRAN_DAY : AK_GRAN_MONTH;
        } else {
            int32_t rs = p->dir == 0 ? range_start(c, at) : NODAY;
            int fut = p->dir == D_NEXT                                    ? 1
                      : p->dir == 0 && rs == NODAY && !paid_month(c, at) ? (later_date_before(c, at) ? 1 : future_context(c, at, p->end))
                                                                          : 0;
            int before = d ? (m < c->dm || (m == c->dm && d <= c->dd)) : m <= c->dm;
            /* a deadline set by حتى alone (no future verb, المقبل or year) reaches half a year
             * ahead at most: a writer setting one further names its year or says المقبل ("حتى
             * يناير المقبل"); a month further ahead is the last of its name, a stretch told up to
             * it ("بعد سداد المرتبات حتى شهر ابريل الخميس الماضي", "قدم الحوالات ... حتى نهاية
             * مايو" under August stamps) */
            if (fut == 3 && !d && (m - c->dm + 12) % 12 > 6 && !future_verb_before(c, at))
                fut = 0;
            int32_t ap = p->dir == 0 && rs == NODAY ? apposed_day(c, at) : NODAY;
            if (p->dir == D_THIS || p->dir == D_SAME)
                y = c->dy;
            else if (ap != NODAY) {
                /* "يوم السبت المقبل مطلع آب": the month of the day it stands beside */
                int ay, am, ad;
                ak_cal_ymd(ap, &ay, &am, &ad);
                y = am - m > 6 ? ay + 1 : m - am > 6 ? ay - 1 : ay;
            } else if (rs != NODAY) {
                int ry, rm, rd;
                ak_cal_ymd(rs, &ry, &rm, &rd);
                y = year_from(0, ry, m, d, rs);
            } else if (p->dir == D_NEXT)
                y = told_year(c, m, d, D_NEXT);
            else if (fut == 2 && d && ak_cal_valid(c->dy, m, d) && ak_cal_days(c->dy, m, d) <= c->dct &&
                     c->dct - ak_cal_days(c->dy, m, d) <= 45)
                y = c->dy; /* only a later year nearby ("السندات لعام 2017"): a recent day stays past */
            else if (fut && !d && p->dir == 0 && start_from_before(c, at) && (c->dm - m + 12) % 12 >= 1 &&
                     (c->dm - m + 12) % 12 <= 4)
                y = m < c->dm ? c->dy : c->dy - 1; /* "محتجزون اعتبارا من مايو أيار": as of a month just past */
            else if (fut)
                /* from the DCT on; a day-precise deadline that passed up to 45 days before the
                 * stamp is that one ("في موعد نهائي أقصاه 30 حزيران/يونيو ولكن اللاعب تخلف"), not
                 * one eleven months ahead: records are often stamped late, and news tells of
                 * missed deadlines */
                y = year_from(0, c->dy, m, d, c->dct - (d ? (year_ahead_before(c, at) ? 7 : 45) : until_before(c, at) ? 45 : 0));
            else if (d && p->dir == 0 && rs == NODAY && (y = sentence_year(c, at)))
                ; /* "في الثلاثين من يونيو لعام 2007 ... طرح في التاسع والعشرين من يونيو": that year */
            else if (d && p->dir == 0 && rs == NODAY && !since_before(c, at) && (y = nearest_year(c, m, d)))
                ; /* news gives the year or "الماضي" to a day months back: the nearer one wins */
            else if (p->dir == D_PAST)
                y = told_year(c, m, d, D_PAST);
            else if (!d && p->dir == 0 && rs == NODAY && !since_before(c, at) && (y = forward_list_month(c, at, m)))
                ; /* a month continuing a list of months ahead */
            else if (!d && p->dir == 0 && rs == NODAY && !since_before(c, at) && (m - c->dm + 12) % 12 >= 1 &&
                     (m - c->dm + 12) % 12 <= 2 && !past_after(c, p->end) && !past_before_past(c, at) &&
                     !past_relative(c, at) &&
                     !(is_punct(c, p->end, '(') && year_num(c, p->end + 1))) /* "يناير (2024)": its own year */
                /* the next month or the one after, as for days (nearest_year): in the labelled
                 * news a bare month one or two ahead of the stamp is that one (33 times), never
                 * the one ten or eleven months back; not after كان in its clause ("وكان
                 * الحوثيون ... استولوا على الرضمة في سبتمبر أيلول": a past told before the past) */
                y = c->dy + (m < c->dm);
            else
                y = before ? c->dy : c->dy - 1;
        }
    }
    if (d) {
        if (!ak_cal_valid(y, m, d))
            return 0;
        snprintf(v, vn, "%04d-%02d-%02d", y, m, d);
        return AK_GRAN_DAY;
    }
    snprintf(v, vn, "%04d-%02d", y, m);
    return AK_GRAN_MONTH;
}

/* ------------------------------------------------------------------ clock */

/* The hour after a part of day: 0 morning; 11 noon ("الساعة 11 ظهرا" stays, "1 ظهرا" is 13);
 * 12 afternoon/evening; 13 night ("11 ليلا" is 23, "2 ليلا" stays). */
static int day_part_hour(int part, int h)
{
    if (part == 11)
        return h < 6 ? h + 12 : h;
    if (part == 12)
        return h < 12 ? h + 12 : h;
    if (part == 13) /* "الثانية عشرة ليلا" is midnight */
        return h >= 6 && h < 12 ? h + 12 : h == 12 ? 0 : h;
    return h;
}

/* "32ر06": the Reuters way of writing 06:32 (minutes, the letter ر, hours) */
static int reuters_sep(const ctx *c, size_t i)
{
    return on(c, i) && c->t[i].kind == TK_WORD && c->t[i].b1 - c->t[i].b0 == 2 &&
           memcmp(c->s + c->t[i].b0, "\xd8\xb1", 2) == 0 && !c->t[i].sp && on(c, i + 1) && !c->t[i + 1].sp;
}

/* The end of a time zone at k: "بتوقيت" stands in construct with the zone it names, so the word
 * after it is that zone whatever the place ("بتوقيت غرينتش", "بتوقيت لندن", "بتوقيت مكة
 * المكرمة": one more zone word may follow); a "بتوقيت" with no word after it stays out; "تغ"
 * is the zone in short. */
static size_t zone_end(const ctx *c, size_t k)
{
    if (word_eq(c, k, "تغ") && !c->t[k].nl)
        return k + 1; /* "(01:00 تغ)": the agencies' short "توقيت غرينتش" */
    if (!is_cls(c, k, C_TZ) || !on(c, k + 1) || c->t[k + 1].nl || c->t[k + 1].kind != TK_WORD)
        return k;
    k += 2;
    return is_cls(c, k, C_TZW) && !c->t[k].nl ? k + 1 : k;
}

/* Where the day named at k stands: after a bare يوم ("يوم غد", "يوم الثلاثاء"), else k. */
static size_t day_named_at(const ctx *c, size_t k)
{
    return unit_of(c, k) == U_DAY && !(c->t[k].val & (F_DEF | F_PLURAL | F_DUAL)) ? k + 1 : k;
}

/* Whether token k names a day: اليوم, أمس and the like, غدا, a weekday. */
static int names_day(const ctx *c, size_t k)
{
    return is_cls(c, k, C_TODAY) || is_cls(c, k, C_RELDAY) || is_cls(c, k, C_GHAD) || is_cls(c, k, C_WEEKDAY);
}

/* "غد" after بعد at k, or "غدا" as it is sometimes written there ("بعد غدا بطولة"); not the
 * adverb "فيما بعد" before a tomorrow */
static int ghad_after(const ctx *c, size_t k)
{
    return is_cls(c, k + 1, C_GHAD) ||
           (is_cls(c, k + 1, C_RELDAY) && c->t[k + 1].val == 1 && !(k > 0 && word_eq(c, k - 1, "فيما")));
}

/* "بعد غد" at k: the day after tomorrow */
static int after_tomorrow(const ctx *c, size_t k)
{
    return is_prep(c, k, P_AFTER) && ghad_after(c, k) && !c->t[k].nl && !c->t[k + 1].nl;
}

/* "من مساء يوم غدٍ الثلاثاء", "من صباح أمس", "من عصر اليوم": من, a part of day and the day it
 * names (with or without يوم) at k; after a bare hour in words it makes the hour a clock
 * ("في التاسعة والنصف من مساء يوم غدٍ الثلاثاء", "في العاشرة من صباح أمس"). */
static int from_part_day(const ctx *c, size_t k)
{
    if (!is_prep(c, k, P_FROM) || !is_cls(c, k + 1, C_AMPM))
        return 0;
    size_t d = day_named_at(c, k + 2);
    if (is_cls(c, d, C_TODAY) && (word_eq(c, d + 1, "التالي") || word_eq(c, d + 1, "نفسه") || word_eq(c, d + 1, "ذاته")))
        return 0; /* "حتى السادسة من صباح اليوم التالي": a curfew's end, no day named */
    return names_day(c, d) || after_tomorrow(c, k + 2);
}

/* Token k is "الـ", the article written apart with a tatweel ("الساعة الـ 12", "الـ7") */
static int tatweel_al(const ctx *c, size_t k)
{
    return on(c, k) && c->t[k].kind == TK_WORD && c->t[k].b1 - c->t[k].b0 == 6 &&
           memcmp(c->s + c->t[k].b0, "\xd8\xa7\xd9\x84\xd9\x80", 6) == 0;
}

/* "يلتقي الهلال في الـ7 من مساء اليوم", "حتى الـ 10 مساء": "الـ" and a digit hour (1-12) right after
 * في/حتى/إلى/من/عند/منذ/قبل/بعد, with a part of day after it (adverbial, or من + a part of day + the
 * day it names), are a clock as "في السابعة من مساء اليوم" is; "الـ 3 من الشهر" (no part of day) is
 * a day, "المركز الـ 7" (no preposition) a rank. */
static int bare_digit_hour(const ctx *c, size_t i)
{
    if (!tatweel_al(c, i) || i == 0 || c->t[i].nl || !is_num(c, i + 1) || c->t[i + 1].ndig > 2 ||
        c->t[i + 1].val < 1 || c->t[i + 1].val > 12 || c->t[i + 1].nl)
        return 0;
    if (!(is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_TO) ||
          is_prep(c, i - 1, P_FROM) || is_prep(c, i - 1, P_SINCE) || is_prep(c, i - 1, P_BEFORE) ||
          is_prep(c, i - 1, P_AFTER) || word_eq(c, i - 1, "عند")))
        return 0;
    return is_cls(c, i + 2, C_AMPM) || from_part_day(c, i + 2);
}

/* "بدأ البحث فجر أمس الأحد 5 فجرا", "يصل الخميس 9 مساء": a digit hour right before its part
 * of day and right after the day it falls on is a clock without الساعة. Without the day such
 * hours are mostly a timetable's ("البرنامج اليومي من 8 صباحا وحتى 3 مساء"), no day's. */
static int digit_hour_part(const ctx *c, size_t i)
{
    if (i == 0 || !is_num(c, i) || c->t[i].ndig > 2 || c->t[i].val < 1 || c->t[i].val > 12 || c->t[i].nl ||
        !is_cls(c, i + 1, C_AMPM) || c->t[i + 1].nl)
        return 0;
    return is_cls(c, i - 1, C_WEEKDAY) || is_cls(c, i - 1, C_RELDAY) || is_cls(c, i - 1, C_TODAY) || is_cls(c, i - 1, C_GHAD);
}

/* "والنصف", "والربع", "والثلث" after an hour: its minutes (0 if token k is none of them) */
static int hour_fraction(const ctx *c, size_t k)
{
    if (!on(c, k) || !has_waw(c, k))
        return 0; /* "ونصف" too, without its article ("الثانية ونصف صباحا") */
    return is_cls(c, k, C_HALF) || word_eq(c, k, "ونصف") ? 30
           : is_cls(c, k, C_THIRD)                         ? 20
           : is_cls(c, k, C_QUARTER)                       ? 15
                                                           : 0;
}

/* The minutes after an hour at k: a fraction ("الثالثة والنصف", "والثلث"), "و9 دقائق" or
 * "وخمس دقائق"; writes them into *mi and returns the tokens they take, 0 if none */
static size_t hour_minutes(const ctx *c, size_t k, int *mi)
{
    if ((*mi = hour_fraction(c, k)))
        return 1;
    if (is_cls(c, k, C_AND) && is_num(c, k + 1) && c->t[k + 1].ndig <= 2 && c->t[k + 1].val < 60 &&
        unit_of(c, k + 2) == U_MIN) {
        *mi = c->t[k + 1].val;
        return 3;
    }
    if (is_cls(c, k, C_NUMW) && has_waw(c, k) && c->t[k].val > 0 && c->t[k].val < 60 && unit_of(c, k + 1) == U_MIN) {
        *mi = c->t[k].val;
        return 2;
    }
    /* "وخمس وأربعون دقيقة": a unit and its tens, each with its و */
    if (is_cls(c, k, C_NUMW) && has_waw(c, k) && c->t[k].val > 0 && c->t[k].val < 10 && is_cls(c, k + 1, C_NUMW) &&
        has_waw(c, k + 1) && c->t[k + 1].val >= 20 && c->t[k + 1].val <= 50 && c->t[k + 1].val % 10 == 0 &&
        unit_of(c, k + 2) == U_MIN && !c->t[k + 1].nl) {
        *mi = c->t[k].val + c->t[k + 1].val;
        return 3;
    }
    return 0;
}

/* "بعد الظهر", "بعد الظهيرة" at k: the afternoon, as a part of day after a clock */
static int after_noon(const ctx *c, size_t k)
{
    return is_prep(c, k, P_AFTER) && !c->t[k + 1].nl && (word_eq(c, k + 1, "الظهر") || word_eq(c, k + 1, "الظهيرة"));
}

/* "بعد منتصف الليل" at k: the small hours, as a part of day after an hour ("في الواحدة بعد
 * منتصف الليل": 01:00) */
static int after_midnight(const ctx *c, size_t k)
{
    return is_prep(c, k, P_AFTER) && word_eq(c, k + 1, "منتصف") &&
           (word_eq(c, k + 2, "الليل") || word_eq(c, k + 2, "ليل")) && !c->t[k + 1].nl && !c->t[k + 2].nl;
}

/* A part of day with its article at k, as after a clock's من ("من الصباح", "من السحر", "من بعد
 * الظهر"): its hour shift for day_part_hour, -1 if none */
static int definite_part(const ctx *c, size_t k)
{
    if (c->t[k].nl)
        return -1;
    if (word_eq(c, k, "الصباح") || word_eq(c, k, "الفجر") || word_eq(c, k, "السحر"))
        return 0;
    if (word_eq(c, k, "الظهر") || word_eq(c, k, "الظهيرة"))
        return 11;
    if (word_eq(c, k, "العصر") || word_eq(c, k, "المساء") || after_noon(c, k))
        return 12;
    return word_eq(c, k, "الليل") ? 13 : -1;
}

/* "أو" and another hour at k ("عند الساعة 4 أو 5 عصرا", "الساعة الثانية أو الثالثة صباحا"):
 * one of two hours, a habit or a guess; no clock of its own */
static int or_hour(const ctx *c, size_t k)
{
    return k + 1 < c->n && !c->t[k].nl && (word_eq(c, k, "أو") || word_eq(c, k, "او")) &&
           ((is_num(c, k + 1) && c->t[k + 1].ndig <= 2) || is_cls(c, k + 1, C_HOURN) || is_cls(c, k + 1, C_ORD));
}

/* HH:MM [والنصف|والربع|و N دقائق] [صباحا|مساء] [بتوقيت X [Y]] or الساعة N [: MM] ...; with
 * bare, an hour in words needs صباحا/مساء ("إلى السابعة مساءً"). *pm says whether a part of day
 * was written. */
static int clock_any(const ctx *c, size_t i, int bare, int *hh, int *mi, size_t *end, int *pm)
{
    size_t k = i;
    int h = -1, m = 0, part;
    int lead = is_cls(c, k, C_HOURW);
    if (lead)
        k++;
    if (lead && tatweel_al(c, k))
        k++; /* "الساعة الـ 12" */
    /* "في الـ7 من مساء اليوم": a digit hour with its glued or spaced الـ (bare_digit_hour) */
    int al = !lead && bare && tatweel_al(c, k) && is_num(c, k + 1);
    if (al)
        k++;
    /* "الساعة ( 7.15 مساءً)": the clock in parentheses (not the agencies' "( 59ر06 )", below) */
    int paren = lead && is_punct(c, k, '(') && !(is_num(c, k + 1) && c->t[k + 1].ndig == 2 && reuters_sep(c, k + 2));
    if (paren)
        k++;
    *pm = 0;
    if (is_num(c, k) && c->t[k].ndig <= 2 && is_punct(c, k + 1, ':') && is_num(c, k + 2) && c->t[k + 2].ndig == 2) {
        h = c->t[k].val, m = c->t[k + 2].val;
        k += 3;
    } else if (lead && is_num(c, k) && c->t[k].ndig <= 2 && is_punct(c, k + 1, '.') && is_num(c, k + 2) &&
               c->t[k + 2].ndig == 2 && !c->t[k + 1].sp && !c->t[k + 2].sp) {
        h = c->t[k].val, m = c->t[k + 2].val; /* "الساعة 04.17" */
        k += 3;
    } else if (lead && is_num(c, k) && c->t[k].ndig <= 2 && comma_at(c, k + 1) &&
               is_num(c, k + 2) && c->t[k + 2].ndig == 2 && !c->t[k + 1].sp && !c->t[k + 2].sp) {
        h = c->t[k].val, m = c->t[k + 2].val; /* "الساعة 14,30" (news agencies' style) */
        k += 3;
    } else if (lead && is_num(c, k) && c->t[k].ndig == 2 && reuters_sep(c, k + 1) && is_num(c, k + 2) &&
               c->t[k + 2].ndig == 2) {
        h = c->t[k + 2].val, m = c->t[k].val; /* "الساعة 32ر06 بتوقيت جرينتش" */
        k += 3;
    } else if (lead && is_punct(c, k, '(') && is_num(c, k + 1) && c->t[k + 1].ndig == 2 && reuters_sep(c, k + 2) &&
               is_num(c, k + 3) && c->t[k + 3].ndig == 2 && is_punct(c, k + 4, ')')) {
        h = c->t[k + 3].val, m = c->t[k + 1].val; /* "الساعة ( 59ر06 ) بتوقيت جرينتش" */
        k += 5;
    } else if (is_num(c, k) && c->t[k].ndig == 4 && !al &&
               ((lead && (is_cls(c, k + 1, C_TZ) || is_cls(c, k + 1, C_AMPM))) ||
                (!lead && !bare && is_cls(c, k + 1, C_TZ) && is_cls(c, k + 2, C_TZW) && !c->t[k + 2].nl))) {
        /* "الساعة 0623 بتوقيت جرينتش", "الساعة 1130 صباحا" (the agencies' four digits with a
         * part of day), and without الساعة before a named zone: "(0230 بتوقيت جرينتش)" */
        h = c->t[k].val / 100, m = c->t[k].val % 100;
        k++;
    } else if (lead && is_num(c, k) && c->t[k].ndig <= 2) {
        h = c->t[k].val;
        k++;
    } else if (bare && !paren && is_num(c, k) && c->t[k].ndig <= 2 && c->t[k].val >= 1 && c->t[k].val <= 12 &&
               (is_cls(c, k + 1, C_AMPM) || (al && from_part_day(c, k + 1)))) {
        h = c->t[k].val; /* "الساعة 9 صباحا حتى 6 مساء": a digit hour with its part of day ends a clock range */
        k++;
    } else if ((lead || bare) && (is_cls(c, k, C_HOURN) || (is_cls(c, k, C_ORD) && c->t[k].val != 1))) {
        /* the first hour is a rank ("ربع الساعة الأول", "الساعة الأولى من"): one o'clock is الواحدة;
         * "الساعة والثانية" is the hour and the second, no clock */
        if (lead && has_waw(c, k))
            return 0;
        h = c->t[k].val;
        k++;
        /* "الحادية عشرة", "الثانية عشرة" */
        if (is_cls(c, k, C_NUMW) && c->t[k].val == 10 && (h == 11 || h == 2)) {
            h = h == 11 ? 11 : 12;
            k++;
        } else if (h == 11)
            return 0;
        /* a bare hour needs its part of day, after its minutes if any ("الثامنة والربع مساء",
         * "العاشرة وعشرين دقيقة من صباح أمس") */
        int mw;
        size_t hm = hour_minutes(c, k, &mw);
        if (!lead && !is_cls(c, k, C_AMPM) && !(hm && is_cls(c, k + hm, C_AMPM)) && !after_noon(c, k) &&
            !after_midnight(c, k + hm) && !from_part_day(c, k + hm))
            return 0;
    } else
        return 0;
    if (h > 23 || m > 59 || or_hour(c, k))
        return 0;
    if (m == 0)
        k += hour_minutes(c, k, &m);
    if (is_cls(c, k, C_AMPM)) {
        h = day_part_hour(c->t[k].val, h);
        *pm = 1;
        k++;
    } else if (after_noon(c, k)) { /* "الساعة الخامسة بعد الظهر": 17:00 */
        h = day_part_hour(12, h);
        *pm = 1;
        k += 2;
    } else if (after_midnight(c, k) && h <= 5) { /* "الثانية بعد منتصف الليل": 02:00 */
        *pm = 1;
        k += 3;
    } else if (is_prep(c, k, P_FROM) && (part = definite_part(c, k + 1)) >= 0) {
        h = day_part_hour(part, h); /* "الساعة الثانية من السحر", "و55 دقيقة من بعد الظهر" */
        *pm = 1;
        k += part == 12 && is_prep(c, k + 1, P_AFTER) ? 3 : 2;
    } else if (lead && has_waw(c, k) && is_cls(c, k, C_HOURN) && is_cls(c, k + 1, C_AMPM) && !c->t[k].nl) {
        h = day_part_hour(c->t[k + 1].val, h); /* "الساعة الواحدة والرابعة فجرا": both before dawn */
        *pm = 1;
    }
    k = zone_end(c, k);
    if (paren) {
        if (!is_punct(c, k, ')'))
            return 0;
        k++;
        if (!*pm && is_cls(c, k, C_AMPM)) { /* "الساعة (٧:٠٦) مساء" */
            h = day_part_hour(c->t[k].val, h);
            *pm = 1;
            k++;
        }
    }
    *hh = h;
    *mi = m;
    *end = k;
    return 1;
}

/* "الثانية" (feminine, so an hour), not "الثاني" or "الآخر" */
static int bare_hour_word(const ctx *c, size_t i)
{
    size_t b1 = c->t[i].b1;
    return b1 - c->t[i].b0 >= 4 &&
           (memcmp(c->s + b1 - 2, "\xd8\xa9", 2) == 0 || memcmp(c->s + b1 - 2, "\xd9\x87", 2) == 0);
}

/* A bare hour in words opens a clock when an adverbial part of day follows it ("والتاسعة مساء
 * بتوقيت الرياض", "في الثامنة صباحا"). Hours are feminine ordinals (of the ordinals' rows only
 * "الثانية" is one); a part of day in construct with a day after it ("في نسخته التاسعة مساء
 * الأربعاء", "مباراته الودية الثانية مساء اليوم") makes the ordinal a rank, not an hour, and with
 * "كل" a habit ("الواحدة ظهر كل يوم جمعة"); after a programme or bulletin the hour is its name
 * ("برنامج العاشرة مساء", "نشرة الثامنة مساء"). */
static int bare_hour(const ctx *c, size_t i)
{
    size_t k = i + 1;
    if (is_cls(c, i, C_ORD)) {
        if (c->t[i].val != 2 || !bare_hour_word(c, i))
            return 0; /* "الثاني", "الآخر": not an hour */
    } else if (!is_cls(c, i, C_HOURN))
        return 0;
    if (i >= 2 && (is_cls(c, i - 2, C_HOURN) || is_cls(c, i - 2, C_ORD) || is_num(c, i - 2)) && or_hour(c, i - 1))
        return 0; /* the second of two hours ("الساعة الثانية أو الثالثة صباحا") */
    if (is_cls(c, k, C_NUMW) && c->t[k].val == 10 && !has_waw(c, k))
        k++; /* "الحادية عشرة", "الثانية عشرة" (not "وعشر دقائق") */
    int mw;
    k += hour_minutes(c, k, &mw); /* "الثامنة والربع مساء", "العاشرة وعشرين دقيقة من صباح أمس" */
    if (from_part_day(c, k)) /* "التاسعة والنصف من مساء يوم غدٍ الثلاثاء" */
        return i == 0 || c->t[i].nl || !(word_eq(c, i - 1, "برنامج") || word_eq(c, i - 1, "نشرة"));
    if (after_midnight(c, k)) /* "تعلن الثانية بعد منتصف الليل": the small hours are no rank's */
        return c->t[i].val <= 5;
    /* "في الثالثة بعد الظهر": the afternoon after في/حتى/عند (not "المرة الثالثة بعد الظهر") */
    if (after_noon(c, k))
        return i > 0 && !c->t[i].nl && (is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_UNTIL) ||
                                        is_prep(c, i - 1, P_TO) || word_eq(c, i - 1, "عند"));
    if (!is_cls(c, k, C_AMPM))
        return 0;
    k++;
    /* "حتى الثامنة مساء اليوم الثلاثاء", "في العاشرة صباح أمس": right after في/حتى/إلى/منذ/قبل/بعد
     * or عند an ordinal is no rank (a rank follows its noun), so the hour holds its part of day
     * and the day that part names */
    int prep = i > 0 && !c->t[i].nl && (is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_TO) ||
               is_prep(c, i - 1, P_SINCE) || is_prep(c, i - 1, P_BEFORE) || is_prep(c, i - 1, P_AFTER) ||
               word_eq(c, i - 1, "عند"));
    if (prep && names_day(c, day_named_at(c, k)))
        return 1;
    if (is_num(c, k) || is_cls(c, k, C_WEEKDAY) || is_cls(c, k, C_TODAY) || is_cls(c, k, C_RELDAY) ||
        is_cls(c, k, C_GHAD) || is_cls(c, k, C_AWWAL) || unit_of(c, k) == U_DAY || is_prep(c, k, P_AFTER) ||
        is_cls(c, k, C_EVERY))
        return 0;
    return i == 0 || c->t[i].nl || !(word_eq(c, i - 1, "برنامج") || word_eq(c, i - 1, "نشرة"));
}

static int clock_at(const ctx *c, size_t i, int *hh, int *mi, size_t *end)
{
    int pm;
    return clock_any(c, i, 0, hh, mi, end, &pm);
}

/* "الساعة الخامسة": الساعة and an hour in words (a twelve-hour clock, unlike "الساعة 05:00") */
static int hour_in_words(const ctx *c, size_t i)
{
    return is_cls(c, i, C_HOURW) &&
           (is_cls(c, i + 1, C_HOURN) || (is_cls(c, i + 1, C_ORD) && bare_hour_word(c, i + 1)));
}

/* The day a clock time at token i belongs to: the latest day-precise date earlier in the same
 * sentence ("ظهر أمس على حريق ... الساعة 12"), else the DCT. A clock without its own part of day
 * (pm 0) takes that date's ("عصر اليوم السبت في تمام الساعة 5:30" is 17:30); an hour in words
 * from one to five with no part anywhere (pm -1) is the afternoon's, as news writes such hours
 * with مساء or عصرا four times as often as with صباحا ("التدريب عند الساعة الخامسة"). */
static void clock_value(const ctx *c, size_t i, int hh, int mi, int pm, char *v, size_t vn)
{
    int32_t anchor = c->dct;
    if (c->last_day != NODAY && i >= c->last_day_end && i - c->last_day_end <= 40) {
        size_t k = c->last_day_end;
        while (k < i && !sentence_end(c, k) && !c->t[k].nl)
            k++;
        if (k == i) {
            anchor = c->last_day; /* "الإثنين الموافق ... في تمام الساعة السادسة" */
            if (pm <= 0 && c->last_day_part >= 0) {
                hh = day_part_hour(c->last_day_part, hh);
                pm = 1;
            }
        }
    }
    if (pm < 0 && hh >= 1 && hh <= 5)
        hh += 12;
    if (anchor == NODAY)
        snprintf(v, vn, "XXXX-XX-XXT%02d:%02d", hh, mi);
    else {
        fmt_day(v, vn, anchor);
        size_t l = strlen(v);
        snprintf(v + l, vn - l, "T%02d:%02d", hh, mi);
    }
}

static size_t match(ctx *c, size_t i);
static size_t first_token_of(const ctx *c, const ak_timex *x);

/* Turns the day just emitted, x, into a TIME at hh:mi whose text starts with the clock at token i. */
static void day_at_clock(ctx *c, ak_timex *x, size_t i, int hh, int mi)
{
    size_t l = strlen(x->value);
    snprintf(x->value + l, sizeof x->value - l, "T%02d:%02d", hh, mi);
    snprintf(x->type, sizeof x->type, "TIME");
    x->start = c->t[i].c0;
    x->byte_start = c->t[i].b0;
    x->granularity = AK_GRAN_MINUTE;
}

static int weekday_word(const ctx *c, size_t k);

/* "الساعة الثالثة والنصف من عصر اليوم الأربعاء", "الساعة الثالثة و9 دقائق من ظهر الجمعة
 * بتوقيت جرينتش": the clock, then "من" + a part of day + the day it names: one TIME. */
static size_t clock_of_day(ctx *c, size_t i, size_t ce, int hh, int mi)
{
    char v[48];
    hh = day_part_hour(c->t[ce + 1].val, hh);
    /* "الساعة الواحدة من ظهر كل يوم اثنين": a habit, that hour of that weekday every week */
    int wdn;
    if (is_cls(c, ce + 2, C_EVERY) && word_eq(c, ce + 3, "يوم") && (wdn = weekday_word(c, ce + 4))) {
        snprintf(v, sizeof v, "XXXX-WXX-%dT%02d:%02d", wdn, hh, mi);
        return emit(c, i, ce + 5, "SET", v, NULL, AK_GRAN_NONE) ? i : ce + 5;
    }
    /* "من صباح يوم أمس الثلاثاء": the day after the part of day, with or without يوم */
    size_t d0 = ce + 1;
    if (unit_of(c, ce + 2) == U_DAY && !(c->t[ce + 2].val & (F_DEF | F_PLURAL | F_DUAL)))
        d0 = ce + 2;
    /* "عند الـ6 من مساء بعد غد": the day after tomorrow after the part of day */
    if (after_tomorrow(c, ce + 2))
        d0 = ce + 2;
    size_t before = *c->nout;
    size_t j = match(c, d0);
    if (*c->nout == before + 1) {
        ak_timex *x = &(*c->out)[before];
        if ((x->byte_start == c->t[ce + 1].b0 || x->byte_start == c->t[d0].b0) && strlen(x->value) == 10 &&
            x->value[4] == '-') {
            day_at_clock(c, x, i, hh, mi);
            if (zone_end(c, j) > j) {
                j = zone_end(c, j);
                x->end = c->t[j - 1].c1;
                x->byte_end = c->t[j - 1].b1;
            }
            return j;
        }
        return j;
    }
    /* no day after the part of day: the clock alone, in the afternoon or evening */
    clock_value(c, i, hh, mi, 1, v, sizeof v);
    return emit(c, i, ce + 2, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ce + 2;
}

static size_t tok_fold(const ctx *c, size_t i, char *f);
static int ends_with(const char *f, size_t n, const char *suf);
static int superlative_before(const ctx *c, size_t k);

/* "الساعة الثامنة والنصف صباح اليوم الاثنين", "الساعة 9 مساء أمس": a part of day in construct
 * (no adverbial alif: not "صباحا", "عصراً") ends the clock and the day it names follows, as after
 * "من": one TIME on that day. Returns ce when no day follows. */
static size_t clock_part_day(ctx *c, size_t i, size_t ce, int hh, int mi)
{
    char f[TX_WMAX];
    size_t n = ce > i ? tok_fold(c, ce - 1, f) : 0;
    if (!n || !is_cls(c, ce - 1, C_AMPM))
        return ce;
    /* ا, or tanween: "مساءً" is an adverb and ends the clock, unless a bare يوم names the day
     * right after it ("الساعة الحادية عشرة ليلا يوم الجمعة": one TIME, as "مساء يوم الأربعاء") */
    if ((ends_with(f, n, "\xd8\xa7") ||
         (c->t[ce - 1].b1 - c->t[ce - 1].b0 > 2 && memcmp(c->s + c->t[ce - 1].b1 - 2, "\xd9\x8b", 2) == 0)) &&
        (day_named_at(c, ce) == ce || c->t[ce].nl || !is_cls(c, ce + 1, C_WEEKDAY)))
        return ce;
    /* "الساعة التاسعة مساء يوم الأربعاء": يوم before the day it names, as after من */
    if (!names_day(c, day_named_at(c, ce)))
        return ce;
    size_t before = *c->nout;
    size_t j = match(c, ce);
    if (*c->nout != before + 1) /* "عصر اليوم نفسه" (no day tagged): the clock alone */
        return *c->nout == before ? ce : j;
    ak_timex *x = &(*c->out)[before];
    if (x->byte_start != c->t[ce].b0 || strlen(x->value) != 10 || x->value[4] != '-')
        return j;
    day_at_clock(c, x, i, hh, mi);
    return j;
}

/* "الساعة الواحدة ظهراً من هذا اليوم الأحد 17 / 10 / 1436هـ", "الساعة 9 من أمس", "الساعة 21:30 من
 * يوم الأربعاء": the clock, then "من" + the day itself (or yesterday or tomorrow right after it):
 * one TIME on that day. Returns ce when no day follows. */
static size_t clock_on_day(ctx *c, size_t i, size_t ce, int hh, int mi)
{
    size_t d0 = ce + 1;
    int yawm = unit_of(c, ce) == U_DAY && !(c->t[ce].val & (F_DEF | F_PLURAL | F_DUAL)); /* a bare يوم */
    /* "حتى الساعة الواحدة ظهراً أمس (الأحد)", "الساعة 22:24 يوم أمس الخميس": yesterday or
     * tomorrow right after the clock is its day (today after an adverbial part of day stays
     * apart, the clock already on the stamp's day) */
    if (on(c, ce) && !c->t[ce].nl && (is_cls(c, ce, C_RELDAY) || (yawm && is_cls(c, ce + 1, C_RELDAY))))
        d0 = ce;
    else if (!is_prep(c, ce, P_FROM))
        return ce;
    if (is_cls(c, d0, C_THIS) && is_cls(c, d0 + 1, C_TODAY))
        d0++;
    /* "الساعة 21:30 من يوم الأربعاء", "من يوم أمس الخميس": a weekday or a day next to today,
     * with or without يوم */
    size_t wk = unit_of(c, d0) == U_DAY && !(c->t[d0].val & (F_DEF | F_PLURAL | F_DUAL)) ? d0 + 1 : d0;
    if (!is_cls(c, d0, C_TODAY) && !is_cls(c, d0, C_RELDAY) && !is_cls(c, wk, C_WEEKDAY) && !is_cls(c, wk, C_RELDAY))
        return ce;
    size_t before = *c->nout;
    size_t j = match(c, d0);
    if (*c->nout != before + 1)
        return j > d0 ? j : ce;
    ak_timex *x = &(*c->out)[before];
    if (x->byte_start != c->t[d0].b0 || strlen(x->value) != 10 || x->value[4] != '-')
        return j;
    day_at_clock(c, x, i, hh, mi);
    return j;
}

/* ------------------------------------------------------------------ quantities */

/* "قبل يومين على الانتخابات", "وقبل أسبوع على بداية الدوري": after an offset before, على
 * counts from an event only when an event's start, end or time follows (on_event) */
static int on_event(const ctx *c, size_t k)
{
    static const char *const w[] = {"بداية", "بدء", "انطلاق", "انطلاقة", "افتتاح", "فتح", "ختام", "نهاية",
                                    "انتهاء", "موعد", "الموعد", "انتخابات", "الانتخابات"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* token k is "فترة" or "مدة" (with ل or ب glued): a span, whose length follows in construct */
static int span_noun(const ctx *c, size_t k)
{
    static const char *const w[] = {"فترة", "مدة", "لفترة", "لمدة", "بفترة", "بمدة"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* An office holder at k ("مدير", "الوزير"): who did something, never an event to count from */
static int office_holder(const ctx *c, size_t k)
{
    static const char *const w[] = {"مدير", "المدير", "رئيس", "الرئيس", "وزير", "الوزير", "أمير", "الأمير",
                                    "قائد", "القائد", "مسؤول", "المسؤول", "محافظ", "المحافظ"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* "بعد شهرين من الهجوم", "بعد أربعة أيام على تفجير", "قبل عامين من الانتخابات": counted from
 * an event, not from now.
 * The date is that of the event the sentence reports (anchor_events), else the DCT's, at the
 * unit's grain; "بعد عامين من الآن/اليوم", "قبل قرن من الزمان" still count from now. */
static int event_anchored(const ctx *c, size_t e, int before)
{
    if (word_eq(c, e, "على") && (word_eq(c, e + 1, "الأقل") || word_eq(c, e + 1, "الأكثر")))
        e += 2; /* "قبل 15 دقيقة على الأقل من الخروج" */
    if (!is_prep(c, e, P_FROM) && !word_eq(c, e, before ? "عن" : "على") &&
        !(before && word_eq(c, e, "على") && on_event(c, e + 1)))
        return 0; /* "سيطرت قبل ثلاثة أيام على المبنى": على belongs to the verb */
    if (word_eq(c, e + 1, "ثم"))
        return 0; /* "قبل شهرين ومن ثم": and then, no event */
    if (is_num(c, e + 1) && !year_num(c, e + 1))
        return 0; /* "بعد 15 عاما من 7.3 مليار نسمة حاليا إلى 8.5 مليار": a change's start, no event */
    if (before && (is_prep(c, e + 1, P_BEFORE) || word_eq(c, e + 1, "بعض") || word_eq(c, e + 1, "ذلك") ||
                   word_eq(c, e + 1, "هذا") || word_eq(c, e + 1, "هذه") || office_holder(c, e + 1)))
        return 0; /* "قبل 150 عاما من قبل/بعض الصيادين" (an agent), "قبل عام من ذلك" (a date),
                   * "أبعد قبل 8 أشهر من مدير الفرع" (by whom, no event) */
    /* "قبل قرن من الزمان", "قبل عقد من الزمن": "of time", an idiom; counted from now */
    return on(c, e + 1) && !now_word(c, e + 1) && !time_noun(c, e + 1);
}

/* "1400 سنة ضوئية": a distance, not a duration */
static int light_year(const ctx *c, size_t i)
{
    return on(c, i) && c->t[i].kind == TK_WORD && c->t[i].b1 - c->t[i].b0 >= 6 &&
           (memcmp(c->s + c->t[i].b0, "\xd8\xb6\xd9\x88\xd8\xa1", 6) == 0 ||
            memcmp(c->s + c->t[i].b0, "\xd8\xb6\xd9\x88\xd8\xa6", 6) == 0); /* ضوء, ضوئية */
}

/* "ثلاثة عقود جديدة لمشاريع": عقود is contracts as often as decades; a decade is not new, worth
 * a sum or for a project */
static int contracts_at(const ctx *c, size_t k)
{
    static const char *const w[] = {"جديدة", "جديد", "جديدين", "جديدتين", "بقيمة", "بمبلغ", "لمشاريع", "لمشروع", "لتنفيذ", "لشراء", "لتوريد"};
    return word_in(c, k, w, sizeof w / sizeof w[0]);
}

/* A definite dual at i after خلال/غضون, not the first two ("خلال اليومين الأولين", "اليومين الأول
 * والثاني": an ordinal stretch) nor two years written after it ("خلال العامين 2013 -2014") */
static int during_dual(const ctx *c, size_t i)
{
    static const char *const first[] = {"الأولين", "الأوليين", "الاولين", "الأول", "الاول", "الأولى", "الاولى"};
    return is_prep(c, i - 1, P_DURING) && !word_in(c, i + 1, first, sizeof first / sizeof first[0]) && !is_num(c, i + 1);
}

/* N unit, dual unit, or a lone singular unit (when lone_ok): count (-1 = some), unit, end. */
/* A teen in words at i ("ثلاثة عشر", "خمس عشرة", "أحد عشر", "اثنا عشر"): 11 to 19, 0 if none;
 * the "عشر" is at i + 1. */
static int teen_at(const ctx *c, size_t i)
{
    if (!is_cls(c, i + 1, C_NUMW) || c->t[i + 1].val != 10 || has_waw(c, i + 1))
        return 0;
    if (is_cls(c, i, C_NUMW) && c->t[i].val >= 3 && c->t[i].val <= 9)
        return 10 + c->t[i].val;
    /* with ل or لل before them as the other numbers have ("للاثني عشر شهرا الماضية") */
    static const char *const eleven[] = {"أحد", "إحدى", "لأحد", "لإحدى"};
    static const char *const twelve[] = {"اثنا", "اثني", "اثنتا", "اثنتي", "لاثني", "لاثنتي", "للاثني", "للاثنتي"};
    if (word_in(c, i, eleven, sizeof eleven / sizeof *eleven))
        return 11;
    if (word_in(c, i, twelve, sizeof twelve / sizeof *twelve))
        return 12;
    return 0;
}

/* A year of this century said in words at k, as broadcasts write it: "ألفين" alone or with
 * و and its units, teens or tens ("الفين واربعة عشر", "ألفين وعشرين", "ألفين وخمسة وعشرين").
 * Returns the year (0 if none) and the token after it. */
static int words_year(const ctx *c, size_t k, size_t *end)
{
    static const char *const two_thousand[] = {"ألفين", "الفين", "ألفان", "الفان"};
    if (!word_in(c, k, two_thousand, sizeof two_thousand / sizeof two_thousand[0]))
        return 0;
    size_t e = k + 1;
    int n = 0;
    if (is_cls(c, e, C_NUMW) && has_waw(c, e) && c->t[e].val >= 1 && c->t[e].val <= 90 &&
        (c->t[e].val <= 10 || c->t[e].val % 10 == 0)) {
        n = c->t[e].val;
        int teen = n >= 3 && n <= 9 ? teen_at(c, e) : 0;
        if (teen) {
            n = teen;
            e += 2;
        } else if (n <= 9 && is_cls(c, e + 1, C_NUMW) && has_waw(c, e + 1) && c->t[e + 1].val >= 20 &&
                   c->t[e + 1].val <= 90 && c->t[e + 1].val % 10 == 0) {
            n += c->t[e + 1].val;
            e += 2;
        } else
            e++;
    }
    /* "ألفين وخمسمائة" or a unit after is a count, no year */
    if (unit_of(c, e) || counted_noun(c, e) || (is_cls(c, e, C_NUMW) && has_waw(c, e)))
        return 0;
    *end = e;
    return 2000 + n;
}

/* Token a ends where token b starts, or only a right-to-left mark stands between them (a
 * number written "78.‏58" keeps its mark inside). */
static int glued(const ctx *c, size_t a, size_t b)
{
    size_t gap = c->t[b].b0 - c->t[a].b1;
    return gap == 0 || (gap == 3 && memcmp(c->s + c->t[a].b1, "\xe2\x80\x8f", 3) == 0);
}

/* A decimal mark at k glued between two numbers: "1.3", "58,6", "٢٫٥" */
static int decimal_mark(const ctx *c, size_t k)
{
    if (k == 0 || !is_num(c, k - 1) || !is_num(c, k + 1) || c->t[k].kind != TK_PUNCT || c->t[k].sp)
        return 0;
    int32_t m = c->t[k].val;
    return (m == '.' || m == ',' || m == 0x066B) && glued(c, k, k + 1);
}

/* "ألف/آلاف" or "مليون/ملايين" at k: the multiplier, 0 if none */
static int big_mult(const ctx *c, size_t k)
{
    /* the cheap look first: every form holds ف (ألف, آلاف) or opens with م (million) */
    if (!on(c, k) || c->t[k].kind != TK_WORD || c->t[k].b1 - c->t[k].b0 < 6 ||
        (!memmem(c->s + c->t[k].b0, c->t[k].b1 - c->t[k].b0, "\xd9\x81", 2) &&
         memcmp(c->s + c->t[k].b0, "\xd9\x85", 2) != 0))
        return 0;
    /* "قبل الميلاد بألف عام", "عاش في المكان لألف سنة" */
    if (word_eq(c, k, "ألف") || word_eq(c, k, "آلاف") || word_eq(c, k, "بألف") || word_eq(c, k, "لألف"))
        return 1000;
    if (word_eq(c, k, "ألفي") || word_eq(c, k, "لألفي") || word_eq(c, k, "بألفي")) /* "قبل ألفي عام" */
        return 2000;
    if (word_eq(c, k, "مليون") || word_eq(c, k, "ملايين"))
        return 1000000;
    return 0;
}

/* "25 مليون سنة", "ثلاثة آلاف عام", "ألف عام": a count in thousands or millions before an
 * indefinite singular unit of days to years (not a light year, nor "مليون عام 2014", an amount
 * in that year; thousands of hours are watches sold or hours of work); 0 if none, else the
 * count, the unit's token in *u */
static int big_count(const ctx *c, size_t i, size_t *u)
{
    int n = 1, m, teen = teen_at(c, i);
    *u = i + 1;
    if (teen) { /* "اثني عشر ألف سنة" */
        n = teen;
        m = big_mult(c, i + 2);
        *u = i + 3;
    } else if (is_num(c, i) && c->t[i].ndig <= 3 && decimal_mark(c, i + 1) && c->t[i + 2].ndig <= 2 &&
               (m = big_mult(c, i + 3)) && m != 2000) {
        /* "2.8 مليون عام", "1.5 ألف سنة": a count with decimals in thousands or millions */
        int d = c->t[i + 2].ndig == 1 ? 10 : 100;
        n = c->t[i].val * d + c->t[i + 2].val;
        m /= d;
        *u = i + 4;
    } else if ((is_num(c, i) && c->t[i].ndig <= 3 && c->t[i].val > 0) || (is_cls(c, i, C_NUMW) && c->t[i].val > 0)) {
        n = c->t[i].val;
        m = big_mult(c, i + 1);
        m = m == 2000 ? 0 : m; /* a dual thousand takes no count */
        *u = i + 2;
    } else if ((m = big_mult(c, i)) && (word_eq(c, i, "آلاف") || word_eq(c, i, "ملايين"))) {
        m = 0; /* "آلاف السنين": no count */
    }
    int add = 0; /* "ألف وأربعمائة عام": a thousand and its hundreds after و */
    if (m == 1000 && is_cls(c, *u, C_NUMW) && has_waw(c, *u) && c->t[*u].val >= 100 && c->t[*u].val <= 900 &&
        c->t[*u].val % 100 == 0)
        add = c->t[(*u)++].val;
    int un = unit_of(c, *u);
    if (!m || !un || un == U_HOUR || un == U_MIN || (c->t[*u].val & (F_DEF | F_DUAL | F_PLURAL)) ||
        light_year(c, *u + 1) || is_num(c, *u + 1) || n > 2000000000 / m)
        return 0;
    return n * m + add;
}

/* "عقودا" at k as contracts: "وقعوا عقودا مع المطورين", "يملكون عقودا", "عقودا أخرى" (a verb
 * of signing or holding up to three words before, or "مع" or a contract's word after) */
static int contracts_signed(const ctx *c, size_t k)
{
    if (word_eq(c, k + 1, "مع") || word_eq(c, k + 1, "أخرى") || word_eq(c, k + 1, "احترافية") || contracts_at(c, k + 1))
        return 1;
    for (size_t b = 1; b <= 3 && b <= k && c->t[k - b].kind == TK_WORD; b++) {
        char f[TX_WMAX];
        size_t n = tok_fold(c, k - b, f);
        int sign = memmem(f, n, "وقع", 6) && !memmem(f, n, "توقع", 8) && !memmem(f, n, "واقع", 8) &&
                   !memmem(f, n, "موقع", 8); /* not "المتوقع", "الواقع", "موقع" */
        if (n && (sign || memmem(f, n, "ابرم", 8) || memmem(f, n, "يملك", 8) || memmem(f, n, "يمتلك", 10)))
            return 1;
    }
    return 0;
}

/* A share before a singular indefinite unit ("ربع ساعة", "نصف قرن", "نصف عام"): its count in
 * the unit below (15 minutes, 50 years, 6 months), 0 if none. */
static int share_of_unit(const ctx *c, size_t i, int *unit)
{
    static const struct { const char *w; int u, n, below; } sh[] = {
        {"ربع", U_HOUR, 15, U_MIN}, {"نصف", U_HOUR, 30, U_MIN}, {"ثلث", U_HOUR, 20, U_MIN},
        {"نصف", U_DAY, 12, U_HOUR}, {"نصف", U_YEAR, 6, U_MONTH},
        {"ربع", U_CENTURY, 25, U_YEAR}, {"نصف", U_CENTURY, 50, U_YEAR},
    };
    int u = unit_of(c, i + 1);
    if (!u || (c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)) || c->t[i + 1].nl)
        return 0;
    /* "لنصف ساعة", "بربع ساعة": ل or ب glued, the share after it */
    size_t g = raw_prefix(c, i, "\xd9\x84", 4) || raw_prefix(c, i, "\xd8\xa8", 4) ? 2 : 0;
    const char *s = c->s + c->t[i].b0 + g;
    size_t n = c->t[i].b1 - c->t[i].b0 - g;
    for (size_t w = 0; w < sizeof sh / sizeof sh[0]; w++)
        if (sh[w].u == u && (word_eq(c, i, sh[w].w) || (g && c->t[i].kind == TK_WORD && tx_fold_eq(s, n, sh[w].w, 0)))) {
            *unit = sh[w].below;
            return sh[w].n;
        }
    return 0;
}

/* The number at k is the part after a decimal mark: never a count by itself ("3.5 ساعات" is
 * not five hours) */
static int fraction_part(const ctx *c, size_t k) { return k > 0 && decimal_mark(c, k - 1); }

/* A word for seconds at k: "ثانية", "ثوان", "ثوانٍ" ("الثانية" is an hour or an ordinal) */
static int seconds_word(const ctx *c, size_t k)
{
    return word_eq(c, k, "ثانية") || word_eq(c, k, "ثوان") || word_eq(c, k, "ثواني");
}

/* An indefinite word at k with no و and no class of its own: a bare noun or adjective */
static int bare_noun_after(const ctx *c, size_t k)
{
    return on(c, k) && c->t[k].kind == TK_WORD && c->t[k].cls == C_NONE && !c->t[k].nl && !has_waw(c, k) &&
           !definite_word(c, k);
}

/* "2.5 حالة وفاة كل ساعة", "34 رواية كل دقيقة", "180 مليون عملية كل ثانية": كل at i before a
 * single hour, minute or second with a count a few words before it in the same clause is a
 * rate: its value, else NULL. Without the count, "كل دقيقة في أيامه", "كل ثانية من البحث"
 * and "كل ساعة ميجاواط" are no frequency. */
static const char *counted_every_clock(const ctx *c, size_t i)
{
    const char *per = NULL;
    if (unit_of(c, i + 1) == U_HOUR && !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)))
        per = "PT1H";
    else if (unit_of(c, i + 1) == U_MIN && !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)))
        per = "PT1M";
    else if (on(c, i + 1) && word_eq(c, i + 1, "ثانية"))
        per = "PT1S";
    if (!per || is_prep(c, i + 2, P_FROM))
        return NULL;
    for (size_t b = 1; b <= 6 && b <= i; b++) {
        size_t k = i - b;
        if (c->t[k + 1].nl || c->t[k].kind == TK_PUNCT)
            return NULL;
        if (c->t[k].kind == TK_NUM || is_cls(c, k, C_NUMW))
            return per;
    }
    return NULL;
}

/* "ورصدت خلال شهر 252 مخالفة", "بلغت خلال أسبوع 50 ألف ريال": a count after a lone unit at i that
 * no month, week or day can be (or one of thousands, or of a counted noun) is what the length
 * saw, not the unit's number */
static int counted_after(const ctx *c, size_t i)
{
    if (!is_num(c, i + 1) || c->t[i + 1].ndig > 3 || !on(c, i + 2) || c->t[i + 2].kind != TK_WORD || c->t[i + 2].nl)
        return 0;
    return ((unit_of(c, i) == U_MONTH || unit_of(c, i) == U_WEEK) && c->t[i + 1].val > 53) || word_eq(c, i + 2, "ألف") ||
           word_eq(c, i + 2, "مليون") || word_eq(c, i + 2, "مليار") || counted_noun(c, i + 2);
}

static int quantity(const ctx *c, size_t i, int lone_ok, int *count, int *unit, size_t *end)
{
    if (is_num(c, i) && fraction_part(c, i))
        return 0;
    size_t bu;
    if (on(c, i) && c->t[i].kind == TK_WORD && (*count = share_of_unit(c, i, unit))) {
        *end = i + 2;
        return 1;
    }
    int big = big_count(c, i, &bu);
    if (big) {
        *count = big;
        *unit = unit_of(c, bu);
        *end = bu + 1;
        return 1;
    }
    int teen = teen_at(c, i);
    /* "قبل ثلاثة عشر عاما": the teen's unit is singular and indefinite; so is that of ones and
     * tens, "أربع وعشرين ساعة", "اثنين وثلاثين عاما" */
    if (!teen && is_cls(c, i, C_NUMW) && c->t[i].val >= 1 && c->t[i].val <= 9 && is_cls(c, i + 1, C_NUMW) &&
        has_waw(c, i + 1) && c->t[i + 1].val >= 20 && c->t[i + 1].val <= 90 && c->t[i + 1].val % 10 == 0)
        teen = c->t[i].val + c->t[i + 1].val;
    /* "مائة وسبع دقائق", "مئة وعشرين يوما", "مائة وخمسة وعشرين عاما", "مائتين وخمسين عاما":
     * hundreds and their ones or tens after و, one count (before, the hundreds were dropped:
     * "وسبع دقائق" PT7M) */
    int hundreds = is_cls(c, i, C_NUMW) && c->t[i].val >= 100 && c->t[i].val <= 900 && c->t[i].val % 100 == 0;
    if (!teen && hundreds && is_cls(c, i + 1, C_NUMW) && has_waw(c, i + 1) &&
        c->t[i + 1].val >= 1 && c->t[i + 1].val <= 90 && (c->t[i + 1].val <= 10 || c->t[i + 1].val % 10 == 0)) {
        size_t k = i + 1;
        int n = c->t[k].val;
        if (n <= 9 && is_cls(c, k + 1, C_NUMW) && has_waw(c, k + 1) && c->t[k + 1].val >= 20 && c->t[k + 1].val <= 90 &&
            c->t[k + 1].val % 10 == 0)
            n += c->t[++k].val;
        if (unit_of(c, k + 1) && !(c->t[k + 1].val & (F_DEF | F_DUAL)) && !light_year(c, k + 2)) {
            *count = c->t[i].val + n;
            *unit = unit_of(c, k + 1);
            *end = k + 2;
            return 1;
        }
    }
    if (teen && unit_of(c, i + 2) && !(c->t[i + 2].val & (F_DEF | F_DUAL | F_PLURAL))) {
        *count = teen;
        *unit = unit_of(c, i + 2);
        *end = i + 3;
        return 1;
    }
    /* "الحادي عشر عقد شراكة": the ten of an ordinal teen counts nothing */
    if (is_cls(c, i, C_NUMW) && c->t[i].val == 10 && i > 0 && is_cls(c, i - 1, C_ORD))
        return 0;
    size_t u = is_num(c, i) || is_cls(c, i, C_NUMW) ? i + 1 : i;
    /* "من مجموع 1800 عقد": past thirty, decades are contracts (centuries count such spans) */
    if (unit_of(c, u) == U_DECADE && (contracts_at(c, u + 1) || (is_num(c, i) && c->t[i].val > 30)))
        return 0;
    if (is_cls(c, i, C_APPROX) && !is_cls(c, i + 1, C_APPROX)) /* "نحو عامين": about is part of it */
        return quantity(c, i + 1, lone_ok, count, unit, end);
    if (light_year(c, i + 1) || light_year(c, i + 2))
        return 0;
    /* "القضية رقم 408 لسنة 2015", "القانون 19 لعام 2012": a number of that year (a law's, a
     * case's), no length; the year is read alone */
    if (is_num(c, i) && unit_of(c, i + 1) == U_YEAR && !(c->t[i + 1].val & (F_DUAL | F_PLURAL | F_ACC)) &&
        year_num(c, i + 2))
        return 0;
    /* "مؤشر ZEW 32 لشهر أغسطس", "حكم رقم 193 لسنة 29 ق": a figure before a unit with ل glued
     * to it is a value for that month or year, never that many of them */
    static const char *const for_unit[] = {"لشهر", "لعام", "لسنة", "ليوم", "لأسبوع", "لاسبوع", "لساعة", "لعقد", "لقرن"};
    if (is_num(c, i) && word_in(c, i + 1, for_unit, sizeof for_unit / sizeof *for_unit))
        return 0;
    if (is_num(c, i) && c->t[i].ndig <= 4 && unit_of(c, i + 1) && !(c->t[i + 1].val & F_DEF)) {
        *count = c->t[i].val;
        *unit = unit_of(c, i + 1);
        *end = i + 2;
        return *count > 0;
    }
    if (is_cls(c, i, C_NUMW) && unit_of(c, i + 1) && !(c->t[i + 1].val & F_DEF)) {
        *count = c->t[i].val;
        *unit = unit_of(c, i + 1);
        *end = i + 2;
        return 1;
    }
    if (unit_of(c, i) && (c->t[i].val & F_DUAL)) {
        static const char *const kin[] = {"أبو", "أبي", "أبا", "ابن", "بن"};
        if (i > 0 && !c->t[i].nl && word_in(c, i - 1, kin, sizeof kin / sizeof kin[0]))
            return 0; /* "اللواء محمد أبو قرنين": a family name */
        /* "خلال العامين الماضيين", "في العقدين الأخيرين": a definite dual only with a direction */
        if ((c->t[i].val & F_DEF) && !(is_cls(c, i + 1, C_DIR) && (c->t[i + 1].val == D_PAST || c->t[i + 1].val == D_NEXT)) &&
            !word_eq(c, i + 1, "الأخيرين") &&
            !(i > 0 && (is_cls(c, i - 1, C_APPROX) || span_noun(c, i - 1) || during_dual(c, i) || about_before(c, i)) &&
              !c->t[i].nl))
            return 0; /* after about, a span's noun or خلال it is a length too: "منذ قرابة السنتين", "فترة
                       * الأسبوعين", "خلال اليومين" (the two days just told) */
        *count = 2;
        *unit = unit_of(c, i);
        *end = i + 1;
        return 1;
    }
    int sys_, amb_;
    size_t e_;
    /* "منذ يوم العيد", "عام الحزم": a unit before a definite noun names a day or a year, not a
     * length; after كل the noun is the clause's ("كل عام الآلاف") */
    int named = !(i > 0 && is_cls(c, i - 1, C_EVERY)) && on(c, i + 1) && c->t[i + 1].kind == TK_WORD &&
                c->t[i + 1].cls == C_NONE && c->t[i + 1].b1 - c->t[i + 1].b0 > 4 &&
                memcmp(c->s + c->t[i + 1].b0, "\xd8\xa7\xd9\x84", 4) == 0;
    /* "ساعة «آبل ووتش»": a quoted name after the noun (the watch), not a length; a quote that
     * closes after it ends the words quoted ("وجرى إقراره قبل أسبوع»") */
    named = named || (i + 1 < c->n && quote_mark(&c->t[i + 1]) && c->t[i + 1].val != 0xBB && c->t[i + 1].val != 0x201D &&
                      !closing_quote(c, i + 1));
    /* "ورصدت خلال شهر 252 مخالفة": a count after a month or a week that no month, week or day
     * can be is what the length saw, not the unit's number */
    if (lone_ok && unit_of(c, i) && !(c->t[i].val & (F_PLURAL | F_DEF)) && !named && (!is_num(c, i + 1) || counted_after(c, i)) &&
        !is_cls(c, i + 1, C_DECADEW) && !(unit_of(c, i) == U_YEAR && moved_stop(c, i + 1)) && /* "خلال عام .2014" */
        !is_cls(c, i + 1, C_RELDAY) && !is_cls(c, i + 1, C_WEEKDAY) && !word_eq(c, i + 1, "الأمس") && /* "خلال يوم أمس": a day, not one day's length */
        !month_at(c, i + 1, &sys_, &e_, &amb_)) {
        *count = 1;
        *unit = unit_of(c, i);
        *end = i + 1;
        /* "بعد يوم واحد" */
        if (is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 1)
            *end = i + 2;
        return 1;
    }
    return 0;
}

/* A definite count word at k ("العشرة", "الخمس"; with waw, "والعشرة", as well): its count, 0
 * if none. */
static int def_count(const ctx *c, size_t k, int waw)
{
    static const struct { const char *w; int n; } defn[] = {
        {"الثلاثة", 3}, {"الثلاث", 3}, {"الأربعة", 4}, {"الأربع", 4}, {"الخمسة", 5}, {"الخمس", 5},
        {"الستة", 6}, {"الست", 6}, {"السبعة", 7}, {"السبع", 7}, {"الثمانية", 8}, {"الثماني", 8},
        {"التسعة", 9}, {"التسع", 9}, {"العشرة", 10}, {"العشر", 10}, {"العشرين", 20}, {"الثلاثين", 30},
        {"الأربعين", 40}, {"الخمسين", 50},
    };
    if (!on(c, k) || c->t[k].kind != TK_WORD || c->t[k].b1 - c->t[k].b0 >= TX_WMAX)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + c->t[k].b0, c->t[k].b1 - c->t[k].b0, f, sizeof f), off = 0;
    if (waw && has_waw(c, k))
        off = 2;
    else if (n > 4 && !memcmp(f, "لل", 4))
        memcpy(f, "ا", 2); /* "للخمسة الأيام المقبلة": ل and the article's lam joined */
    for (size_t w = 0; w < sizeof defn / sizeof defn[0]; w++)
        if (n >= off && tx_fold_eq(f + off, n - off, defn[w].w, 0))
            return defn[w].n;
    return 0;
}

/* A definite count at k with its teen ("الخمس عشرة", "الثلاثة عشر": 15, 13): the count, its
 * last token in *last; a count without a teen is itself. 0 if none. */
static int def_count_teen(const ctx *c, size_t k, size_t *last)
{
    int n = def_count(c, k, 0);
    *last = k;
    /* "الاثني عشر شهرا الماضية", "الإحدى عشرة سنة": 12, 11 */
    if (!n && (word_eq(c, k, "الاثني") || word_eq(c, k, "الاثنا") || word_eq(c, k, "الاثنتي") || word_eq(c, k, "الاثنتا")))
        n = 2;
    else if (!n && (word_eq(c, k, "الأحد") || word_eq(c, k, "الإحدى")) && is_cls(c, k + 1, C_NUMW) &&
             c->t[k + 1].val == 10)
        n = 1;
    if (n >= 1 && n <= 2 && !(is_cls(c, k + 1, C_NUMW) && c->t[k + 1].val == 10 && !has_waw(c, k + 1)))
        return 0;
    if (n >= 1 && n <= 9 && (word_eq(c, k + 1, "عشرة") || word_eq(c, k + 1, "عشر"))) {
        *last = k + 1;
        n += 10;
    }
    return n;
}

/* A past or coming direction at k ("الماضية", "المقبلة", "الأخيرة"). */
static int past_or_next(const ctx *c, size_t k)
{
    return (is_cls(c, k, C_DIR) && (c->t[k].val == D_PAST || c->t[k].val == D_NEXT)) || word_eq(c, k, "الأخيرة");
}

/* "الأشهر الثلاثة من يوليو إلى سبتمبر", "السنوات الخمس من 2015 إلى 2019م", "الأشهر الستة
 * المنتهية في 30 يونيو", "الأشهر الثلاثة حتى يونيو", "الأشهر الستة حتى نهاية يونيو": the span at
 * k bounds the counted plural before it as a direction does (not "الأشهر التسعة من العام
 * الماضي", an ordinal stretch as "الأشهر الستة الأولى" is). */
static int bounded_span(const ctx *c, size_t k)
{
    if ((word_eq(c, k, "المنتهية") || word_eq(c, k, "المنتهي")) && is_prep(c, k + 1, P_IN))
        return 1;
    if (is_prep(c, k, P_UNTIL) && !has_waw(c, k)) {
        size_t m = k + 1;
        if (is_cls(c, m, C_MOD))
            m++;
        if (unit_of(c, m) == U_YEAR)
            m++;
        return is_cls(c, m, C_GMONTH) || is_cls(c, m, C_LMONTH) || year_num(c, m);
    }
    if (is_prep(c, k, P_FROM) && (is_cls(c, k + 1, C_GMONTH) || is_cls(c, k + 1, C_LMONTH) || year_num(c, k + 1)))
        for (size_t j = k + 2; j < k + 6 && on(c, j); j++)
            if (is_prep(c, j, P_TO) || is_prep(c, j, P_UNTIL))
                return 1;
    return 0;
}

/* The singular indefinite unit at k after a definite count that opened at i is its length
 * without a direction: not a named day or year ("الحلقة الثلاثين يوم الخميس"), a number after
 * it, the first days of a stretch ("الثلاثين يوما الأولى") nor a war's name */
static int definite_count_unit(const ctx *c, size_t i, size_t k)
{
    static const char *const named[] = {"عام", "يوم", "شهر", "أسبوع"};
    int u = unit_of(c, k);
    return u && u != U_DECADE && !(c->t[k].val & (F_PLURAL | F_DEF | F_DUAL)) && !c->t[k].nl &&
           !(i > 0 && word_eq(c, i - 1, "حرب")) && !is_num(c, k + 1) && !word_eq(c, k + 1, "الأولى") &&
           !word_eq(c, k + 1, "الأول") && !word_in(c, k, named, sizeof named / sizeof named[0]);
}

/* A definite ten alone before a singular indefinite unit ("عن عمر يناهز التسعين عاما",
 * "خلال الثلاثين عاما الماضية"): a length, as "تسعين عاما" is, on definite_count_unit's terms
 * ("العشرين عام 2015" names a year, "حرب الثلاثين عامًا" a war) and not of centuries.
 * Token i is the ten; sets *count and *unit. */
static int definite_tens(const ctx *c, size_t i, int *count, int *unit)
{
    static const char *const tens[] = {"العشرين", "الثلاثين", "الأربعين", "الخمسين",
                                       "الستين",  "السبعين",  "الثمانين", "التسعين"};
    int u = unit_of(c, i + 1);
    if (u == U_CENTURY || !definite_count_unit(c, i, i + 1))
        return 0;
    for (size_t w = 0; w < sizeof tens / sizeof tens[0]; w++)
        if (word_eq(c, i, tens[w])) {
            *count = 20 + 10 * (int)w;
            *unit = u;
            return 1;
        }
    return 0;
}

/* "المالية", "الدراسية", "الهجرية" after a plural of years, before its count */
static int plural_year_adjective(const ctx *c, size_t k)
{
    static const char *const adj[] = {"المالية", "الدراسية", "الجامعية", "الهجرية", "الميلادية"};
    return on(c, k) && !c->t[k].nl && word_in(c, k, adj, sizeof adj / sizeof adj[0]);
}

/* "الأولى", "الأول", "الأوائل" at k: the first N of a stretch, an ordinal stretch left out */
static int first_of_stretch(const ctx *c, size_t k)
{
    return word_eq(c, k, "الأولى") || word_eq(c, k, "الأول") || word_eq(c, k, "الأوائل");
}

/* A definite plural unit at i and its count, ending before k, without a direction: a length
 * ("طيلة السنوات الثماني", "خلال الأشهر الستة حتى", "انقضاء السنوات العشر"), as with one, but
 * not a ranked stretch ("الأشهر الستة الأولى", "الشهور الثلاثة الثانية"), one of a period
 * ("الأشهر التسعة من العام الماضي", "الأشهر السبعة هذا العام"), days of a month listed ("الأيام
 * الـ11 والـ13"), a title in quotes ("«الأيام السبعة»") nor a war's name ("بحرب «السنوات السبع»") */
static int plain_stretch(const ctx *c, size_t i, size_t k)
{
    static const char *const war[] = {"حرب", "وحرب", "بحرب", "لحرب"};
    int quoted = i > 1 && quote_mark(&c->t[i - 1]);
    if (c->t[i].nl || i == 0 || word_in(c, quoted ? i - 2 : i - 1, war, sizeof war / sizeof war[0]) ||
        (quoted && k < c->n && quote_mark(&c->t[k])))
        return 0;
    /* "الأشهر الستة من عقده", "الأيام الثلاثة من الزيارة": من before a plain noun names what the
     * stretch lasts through, a length still */
    int of_period = is_prep(c, k, P_FROM) &&
                    !(on(c, k + 1) && c->t[k + 1].kind == TK_WORD && c->t[k + 1].cls == C_NONE && !unit_of(c, k + 1));
    if (first_of_stretch(c, k) || is_cls(c, k, C_ORD) ||
        is_cls(c, k, C_HOURN) || of_period || (has_waw(c, k) && (is_num(c, k) || is_num(c, k + 1))))
        return 0;
    size_t y = word_eq(c, k, "هذا") || is_prep(c, k, P_IN) ? k + 1 : k; /* "في هذا العام" */
    return unit_of(c, y + word_eq(c, y, "هذا")) != U_YEAR;
}

/* A definite plural unit, its definite count and a direction or a span that bounds it
 * (bounded_span): "الأشهر الثلاثة الماضية", "الأيام
 * العشرة الأخيرة", "السنوات الـ 10 المقبلة" (the count of "الأشهر الستة الأولى" is an ordinal
 * stretch, left out); or the count first, "الثلاث سنوات القادمة". Returns the token after the
 * count and unit (the direction stays out, as in "الـ 24 ساعة الماضية"), i when none; *count
 * gets the count, *unit the unit. */
static size_t counted_plural(const ctx *c, size_t i, int *count, int *unit)
{
    size_t q;
    /* an age told with an ordinal one and a ten before a singular year ("عن عمر يناهز الخامسة
     * والستين عاماً", "تجاوز عمره السابعة والعشرين عاماً", "ناهز الرابعة وأربعين عاماً"); not
     * "الحادية والأربعين عامًا بعد المائة" (141) nor "الجامبوري الثاني والعشرين عام 1432" (a year) */
    int o1 = is_cls(c, i, C_HOURN) ? (c->t[i].val == 11 ? 1 : c->t[i].val) : is_cls(c, i, C_ORD) ? c->t[i].val : 0;
    if (o1 >= 1 && o1 <= 9 && has_waw(c, i + 1) && unit_of(c, i + 2) == U_YEAR &&
        !(c->t[i + 2].val & (F_PLURAL | F_DEF | F_DUAL)) && !c->t[i + 1].nl && !c->t[i + 2].nl &&
        !word_eq(c, i + 2, "عام") && !is_num(c, i + 3) &&
        !(is_prep(c, i + 3, P_AFTER) && (word_eq(c, i + 4, "المائة") || word_eq(c, i + 4, "المئة")))) {
        static const char *const far[] = {"والستين", "والسبعين", "والثمانين", "والتسعين"};
        int ten = def_count(c, i + 1, 1);
        if (!ten && (is_cls(c, i + 1, C_NUMW) || is_cls(c, i + 1, C_ORD)))
            ten = c->t[i + 1].val;
        for (size_t w = 0; w < sizeof far / sizeof far[0] && !ten; w++)
            if (word_eq(c, i + 1, far[w]))
                ten = 60 + 10 * (int)w;
        if (ten >= 20 && ten <= 90 && ten % 10 == 0) {
            *count = o1 + ten;
            *unit = U_YEAR;
            return i + 3;
        }
    }
    /* a definite one and its ten before a singular unit ("خلال الأربع والعشرين ساعة
     * الماضية", "الثلاثة والعشرين عاما الماضية"): a count from 23 to 59 whose unit is singular
     * and indefinite, as with "أربع وعشرين ساعة"; a length with or without its direction, not
     * the first days of a month ("في الثلاثة والعشرين يوما الأولى من يوليو", an ordinal stretch) */
    int one = def_count(c, i, 0), ten = one >= 3 && one <= 9 && has_waw(c, i + 1) ? def_count(c, i + 1, 1) : 0;
    if (!ten && one >= 3 && one <= 9 && has_waw(c, i + 1) && is_cls(c, i + 1, C_NUMW))
        ten = c->t[i + 1].val; /* "في الاربع وعشرين ساعة": the ten written without its article */
    if (ten >= 20 && ten % 10 == 0 && unit_of(c, i + 2) && !(c->t[i + 2].val & (F_PLURAL | F_DEF | F_DUAL)) &&
        !c->t[i + 2].nl && !word_eq(c, i + 3, "الأولى") && !word_eq(c, i + 3, "الأول")) {
        *count = one + ten;
        *unit = unit_of(c, i + 2);
        return i + 3;
    }
    if (definite_tens(c, i, count, unit))
        return i + 2;
    /* "خلال المئة عام المقبلة", "في المائة سنة الماضية": a definite hundred or thousand before
     * its singular unit and a direction */
    int hund = 0; /* the cheap tests first (five or six letters): this runs at every word */
    size_t hn = on(c, i) ? c->t[i].b1 - c->t[i].b0 : 0;
    if ((hn == 10 || hn == 12) && unit_of(c, i + 1) && !(c->t[i + 1].val & (F_PLURAL | F_DEF | F_DUAL)) &&
        !c->t[i + 1].nl && past_or_next(c, i + 2))
        hund = word_eq(c, i, "المئة") || word_eq(c, i, "المائة") ? 100 : word_eq(c, i, "الألف") ? 1000 : 0;
    if (hund) {
        *count = hund;
        *unit = unit_of(c, i + 1);
        return i + 2;
    }
    /* a teen's unit is singular and indefinite ("الخمسة عشر يوما الماضية"); without a direction
     * it is a length as a definite ten's is ("ما يقارب الأربعة عشر قرناً", not "عشر قرناً") */
    if ((*count = def_count_teen(c, i, &q)) && unit_of(c, q + 1) &&
        (c->t[q + 1].val & (F_PLURAL | F_DEF | F_DUAL)) == (q > i ? 0 : F_PLURAL) &&
        (past_or_next(c, q + 2) || (q > i && definite_count_unit(c, i, q + 1)))) {
        *unit = unit_of(c, q + 1);
        return q + 2;
    }
    /* a definite count before its plural is a length without a direction too ("وعد السبعة
     * أشهر", "خلال الخمس سنوات", with the plural definite too: "خلال الأربعة الأشهر الماضية",
     * "إجازة الستة الأشهر"); not a stretch ranked or of a period ("الستة أشهر الأولى",
     * "الثلاثة أشهر الثانية من الحمل", "الستة أشهر من العام", "الأربعة الأيام الأولى من العيد") */
    if (*count && q == i && unit_of(c, i + 1) && (c->t[i + 1].val & (F_PLURAL | F_DUAL)) == F_PLURAL &&
        !c->t[i + 1].nl && !is_cls(c, i + 2, C_ORD) && !is_cls(c, i + 2, C_HOURN) && !first_of_stretch(c, i + 2) &&
        !(is_prep(c, i + 2, P_FROM) && !word_eq(c, i + 3, "الزمن"))) { /* "الخمسة عقود من الزمن": of time, a length still */
        *unit = unit_of(c, i + 1);
        return i + 2;
    }
    if (!unit_of(c, i) || (c->t[i].val & (F_PLURAL | F_DEF)) != (F_PLURAL | F_DEF))
        return i;
    *unit = unit_of(c, i);
    size_t k = i + 1;
    if (*unit == U_YEAR && plural_year_adjective(c, k))
        k++; /* "خلال السنوات المالية الثلاث الماضية": the years' adjective before their count */
    *count = 0;
    if (article_word(c, k) && is_num(c, k + 1) && c->t[k + 1].ndig <= 3 && c->t[k + 1].val > 2)
        *count = c->t[++k].val;
    if (!*count)
        *count = def_count_teen(c, k, &k); /* "السنوات الخمس عشرة المقبلة": 15 */
    if (!*count)
        return i;
    int tens = *count <= 9 && has_waw(c, k + 1) ? def_count(c, k + 1, 1) : 0;
    if (tens >= 20 && tens % 10 == 0) { /* "في الساعات الأربع والعشرين": 24 */
        *count += tens;
        k++;
    }
    k++;
    /* "طفله نبيل ذي الأعوام الثلاثة": after ذو/ذي/ذات/ذا (possessing) a definite plural of years
     * or months and its count is an age, a length ("ذات الأعوام الثمانية من عمرها") */
    int age = i > 0 && (*unit == U_YEAR || *unit == U_MONTH) && !c->t[i].nl &&
              (word_eq(c, i - 1, "ذي") || word_eq(c, i - 1, "ذو") || word_eq(c, i - 1, "ذات") || word_eq(c, i - 1, "ذا"));
    return past_or_next(c, k) || bounded_span(c, k) || age || plain_stretch(c, i, k) ? k : i;
}

static char unit_letter(int u)
{
    switch (u) {
    case U_DAY: return 'D';
    case U_WEEK: return 'W';
    case U_MONTH: return 'M';
    case U_YEAR: return 'Y';
    case U_DECADE: return 'E';
    case U_CENTURY: return 'C';
    default: return 'H';
    }
}

/* The fraction word at e in quarters of a unit: "ونصف" 2, "وربع" 1; 0 if none. */
static int quarters_at(const ctx *c, size_t e)
{
    return word_eq(c, e, "ونصف") ? 2 : word_eq(c, e, "وربع") ? 1 : 0;
}

/* The definite fraction word at e after a definite unit: "والنصف" 2, "والربع" 1 ("لا يتجاوز العام
 * والنصف"); 0 if none. */
static int def_quarters_at(const ctx *c, size_t e)
{
    return word_eq(c, e, "والنصف") ? 2 : word_eq(c, e, "والربع") ? 1 : 0;
}

/* "خمس سنوات ونصف", "ساعة ونصف", "ساعة وربع": a half or a quarter after the quantity of unit
 * u ending at e; the fraction's own unit joins it ("ونصف السنة", "وربع الساعة"). Returns its
 * tokens, 0 if none; quarters_at(c, e) tells which. */
static int half_after(const ctx *c, size_t e, int u)
{
    static const struct { const char *w; int u; } def[] = {
        {"اليوم", U_DAY}, {"الأسبوع", U_WEEK}, {"الشهر", U_MONTH}, {"السنة", U_YEAR},
        {"العام", U_YEAR}, {"الساعة", U_HOUR}, {"الدقيقة", U_MIN}, {"العقد", U_DECADE}, {"القرن", U_CENTURY},
    };
    if (!quarters_at(c, e))
        return 0;
    if (!on(c, e + 1) || c->t[e + 1].kind != TK_WORD)
        return 1;
    for (size_t w = 0; w < sizeof def / sizeof def[0]; w++)
        if (def[w].u == u && word_eq(c, e + 1, def[w].w))
            return 2;
    return 1;
}

/* "خمس سنوات ونيف" (five years and some): the نيف joins the length, which keeps its count */
static int some_after(const ctx *c, size_t e)
{
    return word_eq(c, e, "ونيف") || word_eq(c, e, "ونيفا") || word_eq(c, e, "ونيفاً");
}

/* A cheap first test for a lone unit's half: a unit (after "نحو") and a word of ونصف's length. */
static int half_next(const ctx *c, size_t i)
{
    for (size_t j = i; j <= i + 1 && j + 1 < c->n; j++) /* ونصف: 4 letters, 8 bytes */
        if (c->t[j + 1].b1 - c->t[j + 1].b0 == 8 && on(c, j + 1) && unit_of(c, j) && (j == i || is_cls(c, i, C_APPROX)))
            return 1;
    return 0;
}

/* A lone unit's half at e: "عام ونصف", "عام ونصف العام", but not "بشكل عام ونصف الطلاب" (half of
 * another definite noun: the unit word was an adjective). */
static int lone_half(const ctx *c, size_t e, int u)
{
    int h = half_after(c, e, u);
    if (h != 1 || !on(c, e + 1) || c->t[e + 1].kind != TK_WORD || c->t[e + 1].b1 - c->t[e + 1].b0 < 4)
        return h;
    return memcmp(c->s + c->t[e + 1].b0, "\xd8\xa7\xd9\x84", 4) == 0 ? 0 : h; /* ال */
}

/* P5Y, PT2H, P2E ("عقدين", in decades as "عقودا" is PXE), P5.5Y with a half, PT1.25H with a
 * quarter (quarters: 0, 1 or 2) */
static void duration_value(char *v, size_t vn, int count, int unit, int quarters)
{
    static const char *const frac[] = {"", ".25", ".5"};
    int time = unit == U_HOUR || unit == U_MIN;
    char n[16];
    if (count < 0)
        snprintf(n, sizeof n, "X");
    else
        snprintf(n, sizeof n, "%d%s", count, frac[quarters > 0 && quarters < 3 ? quarters : 0]);
    char u = unit == U_MIN ? 'M' : unit_letter(unit);
    snprintf(v, vn, "P%s%s%c", time ? "T" : "", n, u);
}

/* The day formatted at a unit's granularity ("2015-07" for months). Returns the granularity. */
static int fmt_unit(int32_t day, int unit, char *v, size_t vn)
{
    int y, m, d;
    ak_cal_ymd(day, &y, &m, &d);
    switch (unit) {
    case U_DAY:
    case U_HOUR:
    case U_MIN:
        fmt_day(v, vn, day);
        return AK_GRAN_DAY;
    case U_WEEK: {
        int wy, wn;
        ak_cal_iso_week(day, &wy, &wn);
        snprintf(v, vn, "%04d-W%02d", wy, wn);
        return AK_GRAN_WEEK;
    }
    case U_MONTH:
        snprintf(v, vn, "%04d-%02d", y, m);
        return AK_GRAN_MONTH;
    case U_DECADE:
        snprintf(v, vn, "%03dX", y / 10);
        return AK_GRAN_DECADE;
    case U_CENTURY:
        snprintf(v, vn, "%02d", y / 100);
        return AK_GRAN_DECADE;
    default:
        snprintf(v, vn, "%04d", y);
        return AK_GRAN_YEAR;
    }
}

/* The last date before token i in its sentence (a year, or a day) shifted by count units
 * (sign), formatted at the unit's granularity; 0 if there is none to count from. */
static int then_shifted(const ctx *c, size_t i, int count, int unit, int sign, char *v, size_t vn)
{
    size_t k = sentence_start(c, i, 60);
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[k].b0)
            return 0;
        if (x->byte_end > c->t[i].b0 || strcmp(x->type, "DATE"))
            continue;
        int32_t d;
        size_t n = strlen(x->value);
        if (n == 4 && unit == U_YEAR && strspn(x->value, "0123456789") == 4) { /* a year, not a decade "199X" */
            snprintf(v, vn, "%04d", atoi(x->value) + sign * count);
            return AK_GRAN_YEAR;
        }
        if (n != 10 || tx_parse_day(x->value, &d))
            return 0;
        int y, m, dd;
        ak_cal_ymd(d, &y, &m, &dd);
        if (unit == U_DAY || unit == U_WEEK)
            return fmt_unit(d + sign * count * (unit == U_WEEK ? 7 : 1), unit, v, vn);
        if (unit == U_MONTH) {
            int mm = y * 12 + (m - 1) + sign * count;
            return fmt_unit(ak_cal_days(mm / 12, mm % 12 + 1, 1), unit, v, vn);
        }
        return unit == U_YEAR ? fmt_unit(ak_cal_days(y + sign * count, 1, 1), unit, v, vn) : 0;
    }
    return 0;
}

/* DCT shifted by count units (sign), formatted at the unit's granularity. */
static int shifted(const ctx *c, int count, int unit, int sign, char *v, size_t vn)
{
    if (c->dct == NODAY || count < 0) {
        snprintf(v, vn, sign < 0 ? "PAST_REF" : "FUTURE_REF");
        return AK_GRAN_NONE;
    }
    int y = c->dy, m = c->dm;
    switch (unit) {
    case U_DAY:
        fmt_day(v, vn, c->dct + sign * count);
        return AK_GRAN_DAY;
    case U_HOUR: /* "بعد 48 ساعة من الآن": whole days on; the hour of writing is unknown */
        fmt_day(v, vn, c->dct + sign * (count / 24));
        return AK_GRAN_DAY;
    case U_MIN:
        fmt_day(v, vn, c->dct + sign * (count / 1440));
        return AK_GRAN_DAY;
    case U_WEEK: {
        int wy, wn;
        ak_cal_iso_week(c->dct + sign * 7 * count, &wy, &wn);
        snprintf(v, vn, "%04d-W%02d", wy, wn);
        return AK_GRAN_WEEK;
    }
    case U_MONTH: {
        int mm = y * 12 + (m - 1) + sign * count;
        snprintf(v, vn, "%04d-%02d", mm / 12, mm % 12 + 1);
        return AK_GRAN_MONTH;
    }
    case U_DECADE:
        snprintf(v, vn, "%03dX", (y + sign * 10 * count) / 10);
        return AK_GRAN_DECADE;
    case U_CENTURY:
        snprintf(v, vn, "%02d", (y + sign * 100 * count) / 100);
        return AK_GRAN_DECADE;
    default:
        snprintf(v, vn, "%04d", y + sign * count);
        return AK_GRAN_YEAR;
    }
}

/* "أو ثلاثة أيام", "أو ثلاثة" after an offset ("قبل يومين أو ثلاثة أيام"): another count of
 * the same offset, with its own unit or the offset's. Returns the token after it, 0 if none. */
static size_t alt_count(const ctx *c, size_t e, int u, int *count, int *unit)
{
    size_t end;
    if (!word_eq(c, e, "أو"))
        return 0;
    if (quantity(c, e + 1, 0, count, unit, &end) && *count > 0)
        return end;
    if ((is_num(c, e + 1) && c->t[e + 1].ndig <= 2 && c->t[e + 1].val > 0) || is_cls(c, e + 1, C_NUMW)) {
        *count = c->t[e + 1].val; /* a bare count ("يومين أو ثلاثة"): the first's unit */
        *unit = u;
        return *count > 0 ? e + 2 : 0;
    }
    return 0;
}

/* One offset "قبل/بعد N unit" from i0 to i1, or its other count: counted from the event the
 * sentence reports (anchored 1; hours and minutes are then a length, from d0 on, without
 * قبل/بعد) or from the DCT. anchored 2: counted from an event in a sentence told ahead ("سيتم
 * العمل فيه 7 أغسطس المقبل بعد يوم واحد من إنهاء حفل الافتتاح"): from the DCT, unless the
 * sentence names a day not before the DCT for the event it reports (anchor_events). Returns
 * emit's result. */
static int offset_emit(ctx *c, size_t i0, size_t d0, size_t i1, int cnt, int u, int quarters, int sign, int anchored)
{
    char v[48];
    int g;
    if (anchored == 2 && u != U_HOUR && u != U_MIN && !quarters && c->nanch < 8) {
        g = shifted(c, cnt, u, sign, v, sizeof v);
        c->anch[c->nanch].out = *c->nout;
        c->anch[c->nanch].tok = i0;
        c->anch[c->nanch].fut = 1;
        c->anch[c->nanch++].unit = u;
        return emit(c, i0, i1, "DATE", v, NULL, g);
    }
    if (anchored == 1) {
        if (u == U_HOUR || u == U_MIN) { /* "بعد ساعة تقريبا من إقلاعها": its length; the hour is unknown */
            duration_value(v, sizeof v, cnt, u, quarters);
            return emit(c, d0, i1, "DURATION", v, NULL, AK_GRAN_NONE);
        }
        g = fmt_unit(c->dct, u, v, sizeof v);
        if (c->nanch < 8) { /* the sentence's own day, if it names one, is set later */
            c->anch[c->nanch].out = *c->nout;
            c->anch[c->nanch].tok = i0;
            c->anch[c->nanch].fut = 0;
            c->anch[c->nanch++].unit = u;
        }
        return emit(c, i0, i1, "DATE", v, NULL, g);
    }
    if (quarters && c->dct != NODAY && (u == U_CENTURY || u == U_DECADE)) { /* "قبل قرن ونصف": 150 years back */
        int y = c->dy + sign * (u == U_CENTURY ? cnt * 100 + quarters * 25 : cnt * 10 + (quarters * 10 + 2) / 4);
        if (u == U_CENTURY)
            snprintf(v, sizeof v, "%02d", y / 100);
        else
            snprintf(v, sizeof v, "%03dX", y / 10);
        return emit(c, i0, i1, "DATE", v, NULL, AK_GRAN_DECADE);
    }
    if (quarters && c->dct != NODAY && (u == U_YEAR || u == U_MONTH)) /* "قبل عامين ونصف": 30 months back, at the year's grain */
        g = fmt_unit(c->dct + sign * (u == U_YEAR ? cnt * 365 + (quarters * 365 + 2) / 4 : cnt * 30 + (quarters * 30 + 2) / 4), u,
                     v, sizeof v);
    else
        g = shifted(c, cnt, u, sign, v, sizeof v);
    return emit(c, i0, i1, "DATE", v, NULL, g);
}

/* Token k-1 is one of heads, with و/ف and ل/ب clitics ("ولصلاة", "بثورة", "وبعده"):
 * returns the head's index + 1, 0 if none. */
static int head_before(const ctx *c, size_t k, const char *const *heads, size_t nh)
{
    if (k == 0 || !on(c, k - 1) || c->t[k - 1].kind != TK_WORD || c->t[k - 1].b1 - c->t[k - 1].b0 >= TX_WMAX)
        return 0;
    char f[TX_WMAX];
    size_t n = tx_fold(c->s + c->t[k - 1].b0, c->t[k - 1].b1 - c->t[k - 1].b0, f, sizeof f), off = 0;
    if (n > 2 && (memcmp(f, "\xd9\x88", 2) == 0 || memcmp(f, "\xd9\x81", 2) == 0)) /* و ف */
        off = 2;
    if (n > off + 2 && (memcmp(f + off, "\xd9\x84", 2) == 0 || memcmp(f + off, "\xd8\xa8", 2) == 0)) /* ل ب */
        off += 2;
    for (size_t w = 0; w < nh; w++)
        for (size_t o = 0; o <= off; o += 2)
            if (tx_fold_eq(f + o, n - o, heads[w], 0))
                return (int)w + 1;
    return 0;
}

/* Token k-1 is a verb of lasting or spending ("استمر", "تستغرق", "أمضى", "دامت", with و/ف). */
static int lasting_verb_before(const ctx *c, size_t k)
{
    static const char *const verbs[] = {
        "استمر", "استمرت", "يستمر", "تستمر", "استغرق", "استغرقت", "يستغرق", "تستغرق", "دام", "دامت",
        "يدوم", "تدوم", "أمضى", "أمضت", "يمضي", "تمضي", "قضى", "قضت", "يقضي", "تقضي", "مكث", "مكثت",
        "يمكث", "تمكث", "عمل", "عملت", "أكمل", "أكملت", "بقي", "بقيت", "قضاء", "مهلة",
        /* "وجلسنا أسبوعاً", "مكثنا شهرا": staying, and the first person plural */
        "جلس", "جلست", "جلسنا", "جلسوا", "يجلس", "تجلس", "مكثنا", "بقينا", "قضينا", "أمضينا", "استمرينا"};
    return head_before(c, k, verbs, sizeof verbs / sizeof verbs[0]);
}

/* Token k-1 is a prison sentence ("بالسجن عاما", "والسجن شهرا", "الحبس سنة"): its term follows. */
static int prison_before(const ctx *c, size_t k)
{
    static const char *const heads[] = {"السجن", "الحبس"};
    return head_before(c, k, heads, sizeof heads / sizeof heads[0]);
}

/* A bare indefinite singular unit ("أسبوعا", "شهرا", "عاما", "سنة", "يوما") right after a verb of
 * lasting or a prison sentence: not "يوما ما" (some day) nor "عاما بعد عام" (year after year). */
static int lone_length(const ctx *c, size_t i)
{
    static const char *const units[] = {"يوما", "أسبوعا", "اسبوعا", "شهرا", "عاما", "سنة"};
    int u = unit_of(c, i), bare = word_in(c, i, units, sizeof units / sizeof units[0]);
    return bare && u >= U_DAY && u <= U_YEAR && (lasting_verb_before(c, i) || prison_before(c, i)) &&
           !word_eq(c, i + 1, "ما") &&
           !(is_prep(c, i + 1, P_AFTER) && unit_of(c, i + 2) == u);
}

/* "ولم يمضِ شهر على خطاب الملك", "لم يمر عليه عام": a bare singular unit of days to years after
 * a negated verb of passing (with عليه/عليها between) is a length of one; "لم يمر يوم دون أن"
 * (not a day without) is a habit, no length. So is one after the passing with على or من after it
 * ("في ذكرى مرور عام على مقتل", "رغم مرور شهر على ذلك الوعد"); after بعد or قبل the passing is an
 * offset, read with them. Token i is the unit. */
static int passed_unit(const ctx *c, size_t i)
{
    static const char *const verbs[] = {"يمض", "تمض", "يمر", "تمر"}; /* "يمضِ": marks fold away */
    static const char *const on_it[] = {"عليه", "عليها", "عليهم", "عليهما"};
    static const char *const not_[] = {"لم", "ولم"};
    static const char *const but[] = {"دون", "بدون", "إلا", "الا"};
    int u = unit_of(c, i);
    if (u < U_DAY || u > U_YEAR || (c->t[i].val & (F_DEF | F_DUAL | F_PLURAL)) || i < 2 || c->t[i].nl ||
        word_in(c, i + 1, but, sizeof but / sizeof but[0]))
        return 0;
    static const char *const passing[] = {"مرور"};
    static const char *const onto[] = {"على", "من", "عليه", "عليها"};
    if (head_before(c, i, passing, sizeof passing / sizeof *passing) && !c->t[i - 1].nl &&
        word_in(c, i + 1, onto, sizeof onto / sizeof onto[0]))
        return !is_prep(c, i - 2, P_AFTER) && !is_prep(c, i - 2, P_BEFORE);
    size_t v = word_in(c, i - 1, on_it, sizeof on_it / sizeof on_it[0]) && !c->t[i - 1].nl ? i - 2 : i - 1;
    return v > 0 && !c->t[v].nl && !c->t[v + 1].nl && word_in(c, v, verbs, sizeof verbs / sizeof verbs[0]) &&
           word_in(c, v - 1, not_, sizeof not_ / sizeof not_[0]);
}

/* "ولا يمر يوم واحد إلا بعدد من الضحايا", "لا يمر شهر واحد دون": the unit at i, counted one,
 * that passes but never without something is a habit, no length */
static int passing_habit(const ctx *c, size_t i)
{
    static const char *const but[] = {"إلا", "الا", "دون", "بدون"};
    static const char *const passes[] = {"يمر", "تمر", "يمضي", "تمضي"};
    return word_in(c, i + 2, but, sizeof but / sizeof *but) && head_before(c, i, passes, sizeof passes / sizeof *passes);
}

/* "الوقوف دقيقة حدادا", "ويقفون دقيقة صمت": the minute of silence or mourning stood, a length
 * of one minute (a bare minute is otherwise as often a match's) */
static int silence_minute(const ctx *c, size_t i)
{
    static const char *const silence[] = {"حدادا", "حداد", "صمت", "صمتا"};
    static const char *const part[] = {"نصف", "ونصف", "ربع", "وربع", "ثلث", "وثلث"}; /* "أربع دقائق ونصف دقيقة صمت" */
    return word_eq(c, i, "دقيقة") && on(c, i + 1) && !c->t[i + 1].nl &&
           !(i > 0 && word_in(c, i - 1, part, sizeof part / sizeof *part)) &&
           word_in(c, i + 1, silence, sizeof silence / sizeof *silence);
}

/* An indefinite singular unit of days to years with "كامل" (whole) after it. */
static int whole_unit(const ctx *c, size_t i)
{
    static const char *const whole[] = {"كامل", "كاملة", "كاملا", "كاملاً", "كاملةً"};
    int u = unit_of(c, i);
    return u >= U_DAY && u <= U_YEAR && !(c->t[i].val & (F_DEF | F_DUAL | F_PLURAL)) && on(c, i + 1) &&
           !c->t[i + 1].nl && word_in(c, i + 1, whole, sizeof whole / sizeof whole[0]);
}

/* "بصرف راتب شهر", "حصولهم على راتب شهر من متأخراتهم": a bare singular unit right after a pay noun
 * (راتب, مرتب, معاش, إيجار, ... with و/ف/ل/ب) is the pay of one unit, a length of one, as "راتب
 * شهرين" and "راتب ثلاثة شهور" are of two and three; not "راتب شهر مايو" (that month's pay, a
 * date), nor a unit with a number, direction or ordinal after it. Not يوم, nor after أجر, most
 * often a reward ("أجر يوم عرفة"). Token i is the unit. */
static int pay_length(const ctx *c, size_t i)
{
    static const char *const units[] = {"أسبوع", "اسبوع", "شهر", "سنة", "عام"};
    static const char *const pay[] = {"راتب", "رواتب", "مرتب", "مرتبات", "معاش", "إيجار", "ايجار", "أجرة", "مكافأة"};
    int u = unit_of(c, i), bare = word_in(c, i, units, sizeof units / sizeof units[0]), sys = 0, amb = 0;
    size_t e;
    return bare && u >= U_WEEK && u <= U_YEAR && !(c->t[i].val & (F_DEF | F_DUAL | F_PLURAL)) &&
           head_before(c, i, pay, sizeof pay / sizeof pay[0]) && !month_at(c, i + 1, &sys, &e, &amb) &&
           !is_num(c, i + 1) && !is_cls(c, i + 1, C_DIR) && !is_cls(c, i + 1, C_ORD) && !is_cls(c, i + 1, C_HMARK);
}

/* "ساعة يومياً", "دقيقة أسبوعيا": a bare hour or minute before a rate adverb is a length of
 * one, so much a day; not after كل ("كل دقيقة يوميا": each minute) */
static int rate_lone_length(const ctx *c, size_t i)
{
    int u = unit_of(c, i); /* the class first: the words are asked only of an hour or a minute */
    return (u == U_HOUR || u == U_MIN) && is_cls(c, i + 1, C_SETADV) && !c->t[i + 1].nl &&
           (word_eq(c, i, "ساعة") || word_eq(c, i, "دقيقة")) && !(i > 0 && is_cls(c, i - 1, C_EVERY));
}

/* "عاماً بعد عام", "يوما بعد يوم", "سنة وراء سنة", "يوماً بعد الآخر": a unit after the same
 * unit (or آخر) joined by بعد/وراء/تلو/إثر/عن is one each time, a set; so is "السنة تلو الأخرى"
 * (definite, joined by تلو) and "من يوم لآخر", "من سنة لسنة" (from one to the next); returns the
 * token after it, or 0 */
static size_t unit_after_unit(const ctx *c, size_t i)
{
    static const char *const links[] = {"بعد", "وراء", "تلو", "إثر", "عن"};
    static const char *const other[] = {"آخر", "الآخر", "أخرى", "الأخرى"};
    static const char *const to_other[] = {"لآخر", "لأخرى", "لاخر", "لاخرى"};
    int u = unit_of(c, i), def = c->t[i].val & F_DEF;
    if (u < U_DAY || u > U_YEAR || (c->t[i].val & (F_DUAL | F_PLURAL)) || !on(c, i + 1) || c->t[i + 1].nl)
        return 0;
    if (!def && i > 0 && is_prep(c, i - 1, P_FROM) &&
        (word_in(c, i + 1, to_other, sizeof to_other / sizeof *to_other) ||
         (unit_of(c, i + 1) == u && raw_prefix(c, i + 1, "\xd9\x84", 0) && !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)))))
        return i + 2;
    if (!(def ? word_eq(c, i + 1, "تلو") : word_in(c, i + 1, links, sizeof links / sizeof links[0])) || !on(c, i + 2) ||
        c->t[i + 2].nl)
        return 0;
    int same = unit_of(c, i + 2) == u && !(c->t[i + 2].val & (F_DUAL | F_PLURAL));
    return same || word_in(c, i + 2, other, sizeof other / sizeof other[0]) ? i + 3 : 0;
}

/* "استمرت نحو أسبوع", "تستغرق حوالي شهر", "لنحو أسبوع", "بعد انقطاعه نحو عام.": about
 * (نحو/حوالي/قرابة/زهاء) after a verb of lasting, or glued to ل ("for"), or with its unit closing
 * the clause, before a bare singular unit is a length of one, as
 * "استمرت أسبوعا" is; not "نحو عام 2016" nor "نحو شهر رمضان" (toward a named year or month).
 * Token i is the approximator. */
static int approx_lone_length(const ctx *c, size_t i)
{
    int u = unit_of(c, i + 1), sys = 0, amb = 0;
    size_t e;
    return is_cls(c, i, C_APPROX) && u >= U_DAY && u <= U_MIN && /* "دامت نحو ساعة" too */
           !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)) &&
           (lasting_verb_before(c, i) || prison_before(c, i) || raw_prefix(c, i, "\xd9\x84", 0) || clause_end(c, i + 2)) &&
           !is_num(c, i + 2) && !is_cls(c, i + 2, C_NUMW) && !month_at(c, i + 2, &sys, &e, &amb) &&
           !word_eq(c, i + 2, "ما");
}

/* "خطبة الجمعة", "لصلاة الجمعة", "خطب الجمعة": the Friday prayer or sermon is a name, not a
 * day (the day, when told, is another word: "في خطبة الجمعة أمس"). Token k-1 is a prayer or
 * sermon noun. */
static int market_before(const ctx *c, size_t k)
{
    static const char *const heads[] = {"سوق", "أسواق", "عطلة"}; /* "عطلة الأحد": the day of rest */
    return head_before(c, k, heads, sizeof heads / sizeof heads[0]);
}
static int prayer_before(const ctx *c, size_t k)
{
    static const char *const heads[] = {"صلاة", "صلاتي", "صلوات", "خطبة", "خطبتي", "خطب", "خطيب", "خطباء",
                                        "منبر", "منابر", "مسجد"};
    return head_before(c, k, heads, sizeof heads / sizeof heads[0]);
}

/* A weekday closing a two-word quoted title after a plain noun at k-1: "برنامج «لقاء الخميس»",
 * "«ندوة الثلاثاء»", the story "«قيلولة الثلاثاء»" name a programme, a seminar, a book, not a
 * day. A time word before it ("«مساء الأحد»", "«أمس السبت»") is no plain noun and stays a day,
 * and so does a weekday quoted alone ("امس «الاربعاء»"). */
static int quoted_title_weekday(const ctx *c, size_t k)
{
    static const uint32_t open[] = {0xAB, '"', 0x201C}, close[] = {0xBB, '"', 0x201D};
    if (k < 2 || !on(c, k - 1) || c->t[k - 1].kind != TK_WORD || c->t[k - 1].cls != C_NONE || c->t[k - 1].nl ||
        c->t[k].nl)
        return 0;
    for (size_t j = 0; j < sizeof open / sizeof open[0]; j++)
        if (is_punct(c, k - 2, open[j]) && is_punct(c, k + 1, close[j]))
            return 1;
    return 0;
}

/* token i folded into f (TX_WMAX bytes); 0 when it is no word or too long */
static size_t tok_fold(const ctx *c, size_t i, char *f)
{
    if (!on(c, i) || c->t[i].kind != TK_WORD || c->t[i].b1 - c->t[i].b0 >= TX_WMAX)
        return 0;
    return tx_fold(c->s + c->t[i].b0, c->t[i].b1 - c->t[i].b0, f, TX_WMAX);
}

static int ends_with(const char *f, size_t n, const char *suf)
{
    size_t m = strlen(suf);
    return n >= m && memcmp(f + n - m, suf, m) == 0;
}

/* أي/أيا/أحد/كلا at q, bare or after one و/ل/ب ("لأي", "وأحد"): "any, one, both" of what
 * follows. Not after ف: "واي فاي" (Wi-Fi) would read as ف + أي. */
static int two_quantifier(const ctx *c, size_t q)
{
    static const char *const qs[] = {"أي", "أيا", "أحد", "كلا"};
    static const char *const clitics[] = {"و", "ل", "ب"};
    char f[TX_WMAX];
    size_t n = tok_fold(c, q, f), o = 0;
    for (size_t w = 0; w < sizeof clitics / sizeof clitics[0]; w++)
        if (n > 2 && memcmp(f, clitics[w], 2) == 0)
            o = 2;
    for (size_t w = 0; w < sizeof qs / sizeof qs[0]; w++)
        if (tx_fold_eq(f, n, qs[w], 0) || (o && tx_fold_eq(f + o, n - o, qs[w], 0)))
            return 1;
    return 0;
}

/* Bytes of a leading conjunction و/ف on the folded word f (n bytes) with more after it, else 0. */
static size_t conj_prefix(const char *f, size_t n)
{
    return n > 2 && (memcmp(f, "و", 2) == 0 || memcmp(f, "ف", 2) == 0) ? 2 : 0;
}

/* a verb of joining or binding (جمع، ربط) at v, bare or after one و/ف: "الذي يجمع". */
static int joining_verb(const ctx *c, size_t v)
{
    static const char *const vs[] = {"يجمع", "تجمع", "جمع", "جمعت", "سيجمع", "ستجمع",
                                     "يربط", "تربط", "ربط", "ربطت"};
    char f[TX_WMAX];
    size_t n = tok_fold(c, v, f), o = conj_prefix(f, n);
    for (size_t w = 0; w < sizeof vs / sizeof vs[0]; w++)
        if (tx_fold_eq(f, n, vs[w], 0) || (o && tx_fold_eq(f + o, n - o, vs[w], 0)))
            return 1;
    return 0;
}

/* "التعاون الأول الذي يجمع الاثنين.", "الحب الذي يجمع الاثنين،": الاثنين as the object of a
 * verb of joining that closes its clause (a stop, comma, semicolon or the end after it) is the
 * two it joins; with anything else after it ("يجمع الاثنين الهلال والنصر", a direction) it is
 * left a day. Token k is the weekday. */
static int joined_two(const ctx *c, size_t k)
{
    if (c->t[k].val != 1 || k == 0 || !joining_verb(c, k - 1))
        return 0;
    if (!on(c, k + 1))
        return 1;
    const tx_tok *t = &c->t[k + 1];
    return t->kind == TK_PUNCT && (t->val == '.' || t->val == ',' || t->val == 0x060C || t->val == 0x061B ||
                                   t->val == 0x061F || t->val == '!');
}

/* the folded word f (n bytes, at least min) is definite and ends in ـين: a plural, dual or
 * adjective in that case ("المستوطنين", "الآخرين") */
static int definite_yn(const char *f, size_t n, size_t min)
{
    return n >= min && memcmp(f, "ال", 4) == 0 && ends_with(f, n, "ين");
}

/* "الفارق بين الاثنين" (the two), "ببلدينا الاثنين": الاثنين after بين with no second day
 * joined by و/إلى/حتى, or after a dual with its pronoun (ـيهما, or ـينا after ب/ل: not
 * "بورصة أثينا الاثنين"), is the number two, not Monday; so is it after a quantifier, with or
 * without من ("لاي من الاثنين", "أحد الاثنين"), when no second day follows. A definite plural
 * in ـين is left alone: "الصين الاثنين", "البحرين الاثنين" are Monday. Token k is the weekday. */
static int the_two(const ctx *c, size_t k)
{
    if (c->t[k].val != 1 || k == 0)
        return 0;
    /* "وخسرت الاثنين معا" (both together), "دور الاثنين والثلاثين" (the round of 32) */
    if (word_eq(c, k + 1, "معا") || word_eq(c, k + 1, "معاً") ||
        ((is_cls(c, k + 1, C_NUMW) || is_cls(c, k + 1, C_ORD)) && has_waw(c, k + 1) && c->t[k + 1].val >= 20 &&
         c->t[k + 1].val <= 90 && c->t[k + 1].val % 10 == 0))
        return 1;
    char f[TX_WMAX];
    /* "لافتا إلى أن الاثنين معروفان", "حيث إن الاثنين يعرفان", "أن الاثنين كانا": the subject
     * after أن/إن with a dual predicate (…ان, …ا) or a definite adjective in …ين ("الآخرين") */
    if (word_eq(c, k - 1, "أن") || word_eq(c, k - 1, "إن") || word_eq(c, k - 1, "لأن") || word_eq(c, k - 1, "وأن")) {
        size_t n = tok_fold(c, k + 1, f);
        if (n && c->t[k + 1].cls == C_NONE && !c->t[k + 1].nl &&
            ((n >= 8 && ends_with(f, n, "ان")) || (n >= 6 && ends_with(f, n, "ا") && !ends_with(f, n, "ما")) ||
             definite_yn(f, n, 10)))
            return 1;
    }
    /* "المستوطنين الاثنين حاولا", "المتوفين الاثنين الموجودين": after a definite plural or dual
     * in ـين (not a place: "الصين الاثنين أنها" keeps its day) the two when a dual verb or an
     * adjective in ـين agrees with it */
    size_t np = tok_fold(c, k - 1, f);
    if (c->t[k - 1].cls == C_NONE && definite_yn(f, np, 14)) {
        size_t n = tok_fold(c, k + 1, f);
        if (n && c->t[k + 1].cls == C_NONE && !c->t[k + 1].nl &&
            (definite_yn(f, n, 10) ||
             (n >= 8 && n <= 10 && ends_with(f, n, "ا") && memcmp(f, "ا", 2) != 0)))
            return 1;
    }
    size_t q = word_eq(c, k - 1, "من") && k >= 2 ? k - 2 : k - 1;
    if (two_quantifier(c, q))
        return !is_cls(c, k + 1, C_WEEKDAY) && !(word_eq(c, k + 1, "أو") && is_cls(c, k + 2, C_WEEKDAY));
    if (word_eq(c, k - 1, "بين")) {
        size_t n = tok_fold(c, k + 1, f);
        return !(n >= 2 && memcmp(f, "و", 2) == 0) && !is_prep(c, k + 1, P_TO) && !is_prep(c, k + 1, P_UNTIL) &&
               !is_punct(c, k + 1, '-') && !is_punct(c, k + 1, '/');
    }
    size_t n = tok_fold(c, k - 1, f);
    if (n < 10 || c->t[k - 1].cls != C_NONE) /* five letters or more */
        return 0;
    int prep = memcmp(f, "ب", 2) == 0 || memcmp(f, "ل", 2) == 0;
    return ends_with(f, n, "يهما") || (prep && ends_with(f, n, "ينا"));
}

/* a definite active participle (الفاعل: "الصادر", "الحاكم") at k: it names a past act */
static int def_participle(const ctx *c, size_t k)
{
    char f[TX_WMAX];
    size_t n = tok_fold(c, k, f);
    return n == 12 && c->t[k].cls == C_NONE && memcmp(f, "ال", 4) == 0 && memcmp(f + 6, "ا", 2) == 0;
}

/* "يكشف الرئيس الاميركي باراك اوباما الاثنين خطة", "ويلتقي برشلونة مع اشبيلية في تبليسي يوم
 * الثلاثاء": a sentence opened by an imperfect verb (ي + three letters or more, not a verb of
 * report as "يذكر أن") with the weekday at i among its first nine words after the verb (titles
 * aside: "يبحث وزير الخارجية عادل الجبير مع نظيره الألماني فرانك فالتر الاثنين") tells
 * what is planned, so the weekday is the coming one when it is the nearer. Not across a
 * relative clause, a complement or a participle ("وينهي الحكم الصادر يوم الجمعة ...": the day
 * of the ruling). */
/* "على صعيد منفصل، تحتفي ...", "من جهة أخرى، يلتقي ...", "من جهة ثانية يخوض ...": a short
 * linking phrase, with its comma or its adjective of "other" when the comma is left out, opens
 * the sentence at s; "من جهته يخوض ..." (for its part) closes with its pronoun. Returns the
 * token after it, s when none */
static size_t after_linker(const ctx *c, size_t s, size_t i)
{
    static const char *const heads[] = {"صعيد", "جهة", "جانب", "سياق", "غضون", "ناحية"};
    static const char *const others[] = {"أخرى", "ثانية", "آخر", "ثان", "منفصل", "متصل"};
    static const char *const its_part[] = {"جهته", "جهتها", "جهتهم", "جانبه", "جانبها", "جانبهم", "ناحيته", "ناحيتها"};
    if (s + 2 < i && word_eq(c, s, "من") && word_in(c, s + 1, its_part, sizeof its_part / sizeof its_part[0]))
        return comma_at(c, s + 2) ? s + 3 : s + 2;
    for (size_t k = s; k < s + 3 && k + 1 < i; k++) {
        if (!word_in(c, k, heads, sizeof heads / sizeof heads[0]))
            continue;
        for (size_t j = k + 1; j <= k + 2 && j + 1 < i; j++)
            if (comma_at(c, j))
                return j + 1;
        if (k + 2 < i && word_in(c, k + 1, others, sizeof others / sizeof others[0]))
            return k + 2;
    }
    return s;
}

/* An imperfect verb opening a sentence: ي + three letters or more, or ت + four or more that
 * is no verbal noun or plural ("تقرير", "تصريحات", "تسوية") nor a past verb ("تصاعدت",
 * "تداول"). o skips a و/ف. */
static int imperfect_lede(const ctx *c, size_t s, const char *f, size_t n, size_t o)
{
    if (c->t[s].cls != C_NONE || n < o + 8)
        return 0;
    if (memcmp(f + o, "ي", 2) == 0)
        return 1;
    if (memcmp(f + o, "ت", 2) != 0 || n < o + 10 || ends_with(f, n, "ات") || ends_with(f, n, "ه") ||
        ends_with(f, n, "ت") || memcmp(f + o + 4, "ا", 2) == 0)
        return 0;
    return !(n == o + 10 && memcmp(f + o + 6, "ي", 2) == 0); /* تفعيل */
}

/* A word of a subject's honorific or lineage, not counted among the verb's first words: "يدشن
 * صاحب السمو الملكي الأمير فيصل بن خالد بن عبدالعزيز أمير منطقة عسير الثلاثاء" (the titles
 * صاحب السمو الملكي, سمو, معالي, فخامة, سماحة, and بن/بنت with the name after it) */
static int title_word(const ctx *c, size_t k)
{
    static const char *const titles[] = {"صاحب", "السمو", "الملكي", "سمو", "معالي", "فخامة", "سماحة", "بن", "بنت"};
    if (word_in(c, k, titles, sizeof titles / sizeof titles[0]))
        return 1;
    return k > 0 && (word_eq(c, k - 1, "بن") || word_eq(c, k - 1, "بنت")) && c->t[k].cls == C_NONE;
}

/* Imperfect verbs of report ("يذكر أن", "يشار إلى"): a sentence or clause they open tells
 * what was said, not what is planned */
static const char *const REPORT_VERBS[] = {"يذكر", "يشار", "يقول", "يجدر", "يأتي", "يعد", "يبدو"};

static int report_verb(const char *f, size_t n)
{
    for (size_t w = 0; w < sizeof REPORT_VERBS / sizeof REPORT_VERBS[0]; w++)
        if (tx_fold_eq(f, n, REPORT_VERBS[w], 0))
            return 1;
    return 0;
}

/* "وتستكمل المرحلة الأحد ...، وتختتم الاثنين فيلعب": a clause joined after a comma that opens
 * with و and an imperfect verb, the weekday at i within the next two words, tells what is
 * planned as a sentence opened so does (not a verb of report, nor across a relative word) */
static int clause_lede(const ctx *c, size_t i, size_t s)
{
    char f[TX_WMAX];
    for (size_t k = i - 1; k > s && k + 4 >= i; k--) {
        if (!comma_at(c, k))
            continue;
        size_t v = k + 1, words = 0;
        size_t n = tok_fold(c, v, f);
        if (v >= i || n <= 2 || memcmp(f, "و", 2) != 0 || !imperfect_lede(c, v, f, n, 2))
            return 0;
        if (report_verb(f + 2, n - 2))
            return 0;
        for (size_t j = v + 1; j < i; j++)
            if (c->t[j].kind != TK_WORD || ++words > 2 || word_eq(c, j, "الذي") || word_eq(c, j, "التي") ||
                def_participle(c, j))
                return 0;
        return 1;
    }
    return 0;
}

/* "في اللقاء الذي يجمع بين فريقي النصر والهلال الأربعاء": a relative clause opened by an
 * imperfect verb (no verb of report), the weekday at i among its first six words after the
 * verb with no comma or stop between, tells what is planned as a sentence opened so does */
static int relative_lede(const ctx *c, size_t i, const char *const *stops, size_t nstops)
{
    char f[TX_WMAX];
    if (i < 2)
        return 0; /* a relative word, a verb and a word before the weekday at the least */
    for (size_t k = i - 1, words = 0; k > 0 && k + 8 >= i; k--) {
        if (c->t[k].kind != TK_WORD || c->t[k].nl || word_in(c, k, stops, nstops) || def_participle(c, k))
            return 0;
        if (word_eq(c, k - 1, "الذي") || word_eq(c, k - 1, "التي")) {
            size_t n = tok_fold(c, k, f);
            return words >= 1 && imperfect_lede(c, k, f, n, 0) && !report_verb(f, n);
        }
        if (++words > 6)
            return 0;
    }
    return 0;
}

static int present_lede(const ctx *c, size_t i)
{
    static const char *const stops[] = {"الذي", "التي", "الذين", "أن", "إن", "أنه", "إنه", "بعد", "قبل", "منذ"};
    size_t s = sentence_start(c, i, 20), words = 0;
    char f[TX_WMAX];
    int open = s < i && opens_sentence(c, s);
    if (open)
        s = after_linker(c, s, i);
    size_t n = tok_fold(c, s, f), o = conj_prefix(f, n);
    if (relative_lede(c, i, stops, sizeof stops / sizeof stops[0]))
        return 1;
    if (s >= i || !open || !imperfect_lede(c, s, f, n, o))
        return s < i && clause_lede(c, i, s);
    if (report_verb(f + o, n - o))
        return 0;
    for (size_t k = s + 1; k < i; k++) {
        if (c->t[k].kind == TK_WORD && !title_word(c, k) && ++words > 9)
            return clause_lede(c, i, s);
        if (def_participle(c, k))
            return 0;
        if (word_in(c, k, stops, sizeof stops / sizeof stops[0]))
            return 0;
    }
    return 1;
}

/* "بين الأسبوع والعشرة أيام", "بين سنة وأربع سنوات", "بين عام واحد وخمسة أعوام": a lone unit
 * after بين, before a second length joined by و, is a length of one unit; a second length
 * written with a definite count ("والعشرة أيام") is one too. So is a lone unit after من before
 * a counted length after إلى ("تتراوح من أسبوع إلى عشرة أيام", "من ساعة إلى ساعتين"), and after
 * بين before one after إلى/حتى ("ما بين أسبوع إلى عشرة أيام"). Token i
 * is the lone unit; returns the token after what was emitted, 0 if none. */
static size_t length_range(ctx *c, size_t i)
{
    int cnt, u2, n;
    size_t e = i + 1, e2;
    if (i == 0 || !unit_of(c, i) || (c->t[i].val & (F_PLURAL | F_DUAL)))
        return 0;
    if (is_prep(c, i - 1, P_FROM) && !(c->t[i].val & F_DEF)) {
        if (is_cls(c, e, C_NUMW) && c->t[e].val == 1) /* "من عام واحد إلى" */
            e++;
        if (!is_prep(c, e, P_TO) || !quantity(c, e + 1, 0, &cnt, &u2, &e2) || cnt <= 1)
            return 0;
        char v[48];
        duration_value(v, sizeof v, 1, unit_of(c, i), 0);
        return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? 0 : e; /* the second is read next */
    }
    if (!is_prep(c, i - 1, P_BETWEEN))
        return 0;
    if (is_cls(c, e, C_NUMW) && c->t[e].val == 1) /* "عام واحد" */
        e++;
    char v[48];
    if (is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL)) { /* "ما بين أسبوع إلى عشرة أيام" */
        if (!quantity(c, e + 1, 0, &cnt, &u2, &e2) || cnt <= 1)
            return 0;
        duration_value(v, sizeof v, 1, unit_of(c, i), 0);
        return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? 0 : e;
    }
    if (!on(c, e) || c->t[e].kind != TK_WORD || !has_waw(c, e))
        return 0;
    if ((n = def_count(c, e, 1)) && unit_of(c, e + 1) && (c->t[e + 1].val & F_PLURAL) && !(c->t[e + 1].val & F_DEF)) {
        duration_value(v, sizeof v, 1, unit_of(c, i), 0);
        if (emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE))
            return 0;
        duration_value(v, sizeof v, n, unit_of(c, e + 1), 0);
        return emit(c, e, e + 2, "DURATION", v, NULL, AK_GRAN_NONE) ? e : e + 2;
    }
    if (!quantity(c, e, 0, &cnt, &u2, &e2) || cnt <= 0)
        return 0;
    duration_value(v, sizeof v, 1, unit_of(c, i), 0);
    return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? 0 : e; /* the second is read next */
}

/* Token k-1 is "بعده/بعدها/بعدهما" (1-3) or "قبله/قبلها/قبلهما" (4-6), with و/ف; "بعدة" (ب +
 * "several", folded alike) is not. Returns 0 if none. */
static int offset_pronoun(const ctx *c, size_t k)
{
    static const char *const heads[] = {"بعده", "بعدها", "بعدهما", "قبله", "قبلها", "قبلهما"};
    if (k == 0 || c->t[k - 1].b1 - c->t[k - 1].b0 < 8 || c->t[k - 1].b1 - c->t[k - 1].b0 > 14)
        return 0; /* "بعده" to "وقبلهما": cheap tests first, this runs at every match */
    const char *w = c->s + c->t[k - 1].b0;
    if (memcmp(w, "\xd9\x88", 2) == 0 || memcmp(w, "\xd9\x81", 2) == 0) /* و ف */
        w += 2;
    if (memcmp(w, "\xd8\xa8\xd8\xb9\xd8\xaf", 6) != 0 && memcmp(w, "\xd9\x82\xd8\xa8\xd9\x84", 6) != 0)
        return 0; /* بعد، قبل */
    int h = head_before(c, k, heads, sizeof heads / sizeof heads[0]);
    return h && memcmp(c->s + c->t[k - 1].b1 - 2, "\xd8\xa9", 2) != 0 ? h : 0;
}

/* "وبعده بيوم", "قبلها بعام", "بعدها بثلاثة أيام": an offset from the date its sentence gave
 * last ("صدر في 11 يونيو ... وبعده بيوم" is 12 June; "عام 2014 ... قبلها بعام" 2013), at the
 * unit's grain. Days, weeks and months need a day-precise date before it in the sentence,
 * years any date (see the guard below); hours and minutes, vague plurals ("بعدها بأيام") and
 * offsets with nothing to count from stay as they were. Token i is the count with its ب.
 * Returns the token after it, 0 if none. */
static size_t pronoun_offset(ctx *c, size_t i)
{
    size_t k = i, e;
    int cnt, u, h;
    if (c->dct == NODAY || c->t[i].nl || i == 0)
        return 0;
    if (c->t[i].kind == TK_WORD) { /* "بيوم", "بثلاثة أيام" */
        if (c->t[i].b1 - c->t[i].b0 < 4 || memcmp(c->s + c->t[i].b0, "\xd8\xa8", 2) != 0)
            return 0;
    } else if (c->t[i - 1].b1 - c->t[i - 1].b0 <= 4 && word_eq(c, i - 1, "ب") && !c->t[i - 1].nl) /* "بـ 24 يوما" */
        k = i - 1;
    else
        return 0;
    if (!(h = offset_pronoun(c, k)) || !quantity(c, i, 1, &cnt, &u, &e) ||
        cnt <= 0 || (u != U_DAY && u != U_WEEK && u != U_MONTH && u != U_YEAR))
        return 0;
    /* the anchor is the sentence's last expression, a DATE ending at most 24 tokens before the
     * pronoun: a farther one, or a later month or duration, is seldom what it points to */
    size_t ss = sentence_start(c, k - 1, 80), j = k - 1;
    if (*c->nout == 0)
        return 0;
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    while (j > ss && k - 1 - j <= 24 && c->t[j - 1].b1 > x->byte_end)
        j--;
    if (x->byte_start < c->t[ss].b0 || x->byte_end > c->t[k - 1].b0 || j == ss || k - 1 - j > 24 ||
        strcmp(x->type, "DATE") || strchr(x->value, '/') || strspn(x->value, "0123456789") != 4)
        return 0;
    int sign = h <= 3 ? 1 : -1;
    char v[48];
    int g;
    int32_t day;
    if (u == U_YEAR) {
        snprintf(v, sizeof v, "%04d", atoi(x->value) + sign * cnt);
        g = AK_GRAN_YEAR;
    } else {
        char dv[11];
        snprintf(dv, sizeof dv, "%.10s", x->value);
        if (x->granularity != AK_GRAN_DAY || tx_parse_day(dv, &day))
            return 0;
        if (u == U_MONTH) {
            int y, m, d;
            ak_cal_ymd(day, &y, &m, &d);
            int mm = y * 12 + m - 1 + sign * cnt;
            snprintf(v, sizeof v, "%04d-%02d", mm / 12, mm % 12 + 1);
            g = AK_GRAN_MONTH;
        } else
            g = fmt_unit(day + sign * cnt * (u == U_WEEK ? 7 : 1), u, v, sizeof v);
    }
    return emit(c, k - 1, e, "DATE", v, NULL, g) ? 0 : e;
}

/* The weekday named at k, definite ("الاثنين") or not ("اثنين", "جمعة": after "كل يوم"),
 * 1 (Monday) to 7; 0 if none. */
static int weekday_word(const ctx *c, size_t k)
{
    static const char *const bare[] = {"اثنين", "ثلاثاء", "أربعاء", "خميس", "جمعة", "سبت", "أحد"};
    if (!on(c, k) || c->t[k].nl)
        return 0;
    if (is_cls(c, k, C_WEEKDAY) && !has_waw(c, k))
        return c->t[k].val;
    for (int d = 0; d < 7; d++)
        if (word_eq(c, k, bare[d]))
            return d + 1;
    return word_eq(c, k, "إثنين") ? 1 : word_eq(c, k, "اربعاء") ? 3 : 0;
}

/* "بعدها بأسبوع", "قبل المباراة بيوم", "بعد الحادث بعام واحد", "قبل لقاء السوبر السعودي أمام
 * فريق النصر بأسبوع": a singular unit with ب after an offset (بعده/قبلها ..., or بعد/قبل and one
 * to seven words, no mark between) is its length when no date before it
 * anchors the offset (pronoun_offset reads those), as "بيومين" and "بثلاث سنوات" are; not "بيوم
 * الجمعة", "بعام 2015" nor "بشهر رمضان" (a day, year or month named after it). Token i is the
 * unit. Returns the token after it, 0 if none. */
static size_t offset_length(ctx *c, size_t i)
{
    const tx_tok *t = &c->t[i];
    int u = unit_of(c, i);
    if (u < U_DAY || u > U_MIN || (t->val & (F_DEF | F_DUAL | F_PLURAL)) || t->nl || !raw_prefix(c, i, "\xd8\xa8", 0))
        return 0; /* ب */
    if (on(c, i + 1) && !c->t[i + 1].nl &&
        (is_num(c, i + 1) || is_cls(c, i + 1, C_WEEKDAY) ||
         (c->t[i + 1].cls >= C_GMONTH && c->t[i + 1].cls <= C_EMONTH) || definite_word(c, i + 1)))
        return 0;
    int offset = offset_pronoun(c, i) != 0;
    for (size_t j = i; !offset && j-- > 0 && i - j <= 8;) {
        if (c->t[j].kind != TK_WORD || c->t[j + 1].nl)
            return 0;
        offset = i - j >= 2 && (is_prep(c, j, P_AFTER) || is_prep(c, j, P_BEFORE));
    }
    if (!offset)
        return 0;
    size_t e = is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 1 ? i + 2 : i + 1; /* "بيوم واحد" */
    char v[24];
    duration_value(v, sizeof v, 1, u, 0);
    return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? 0 : e;
}

/* ------------------------------------------------------------------ periods */

/* "اليوم التالي لهيروشيما", "على سحب الدراسة", "للمباراة": the day after an event named right
 * after it, not after the date before (a word with ل, or على/لـ next; not من: "تمكنت في اليوم
 * التالي من التقدم") */
static int after_named(const ctx *c, size_t k)
{
    if (!on(c, k) || c->t[k].kind != TK_WORD)
        return 0;
    if (word_eq(c, k, "على") || word_eq(c, k, "ل") || word_eq(c, k, "لـ"))
        return 1;
    return c->t[k].b1 - c->t[k].b0 > 4 && memcmp(c->s + c->t[k].b0, "\xd9\x84", 2) == 0; /* ل + word */
}

/* السابق/التالي (previous/next to what was said), as opposed to الماضي/المقبل (from now) */
static int anaphoric(const ctx *c, size_t i)
{
    const char *w = c->s + c->t[i].b0;
    size_t n = c->t[i].b1 - c->t[i].b0;
    return (n >= 12 && memcmp(w, "\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd9\x82", 12) == 0) ||
           (n >= 10 && memcmp(w, "\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd9\x84", 10) == 0);
}

static int decade_at(const ctx *c, size_t k, char *v, size_t vn, size_t *end);

/* "القرن الماضي/الحالي" or "القرن العشرين/التاسع عشر" at k: the century's first two digits in
 * *cent (kept when neither follows) and the token after the phrase; k itself when neither
 * follows, 0 for a century that is no ordinal up to the 21st */
static size_t century_of(const ctx *c, size_t k, int *cent)
{
    size_t e;
    int n;
    if (is_cls(c, k + 1, C_DIR) && c->dct != NODAY) {
        *cent = c->dy / 100 - (c->t[k + 1].val == D_PAST);
        return k + 2;
    }
    if (is_cls(c, k + 1, C_ORD)) {
        if ((n = ord_day(c, k + 1, &e)) < 1 || n > 21)
            return 0;
        *cent = n - 1; /* "ثلاثينات القرن التاسع عشر": 183X */
        return e;
    }
    return k;
}

/* The lexicon leaves "العقد" out (it is also a contract): a decade only before a direction,
 * "خلال العقد الماضي", "بنهاية العقد الحالي" */
static inline int decade_dir(const ctx *c, size_t i)
{
    static const char *const decade[] = {"العقد", "بالعقد", "للعقد", "والعقد", "وبالعقد", "وللعقد"};
    /* the cheap look first, its last letter د (the scan asks at every word) */
    if (i >= c->n || c->t[i].b1 - c->t[i].b0 < 8 || (unsigned char)c->s[c->t[i].b1 - 1] != 0xaf ||
        (unsigned char)c->s[c->t[i].b1 - 2] != 0xd8)
        return 0;
    return is_cls(c, i + 1, C_DIR) && word_in(c, i, decade, sizeof decade / sizeof decade[0]);
}

/* "القرن الهجري الماضي", "القرن الهجري الخامس عشر" at k (the century word): the Hijri mark
 * before the direction or the ordinal. The Hijri century counted from 0 in *cent (14 for the one
 * of 1436) and the token after the phrase, or 0; the ordinal is read as century_of reads it */
static size_t hijri_century_at(const ctx *c, size_t k, int *cent)
{
    if (unit_of(c, k) != U_CENTURY || !is_cls(c, k + 1, C_HMARK) || c->t[k + 1].nl || c->t[k + 2].nl)
        return 0;
    if (is_cls(c, k + 2, C_DIR) && c->dct != NODAY && !anaphoric(c, k + 2)) {
        int d = c->t[k + 2].val;
        *cent = c->dhy / 100 + (d == D_NEXT) - (d == D_PAST);
        return k + 3;
    }
    return is_cls(c, k + 2, C_ORD) ? century_of(c, k + 1, cent) : 0;
}

/* "قبل الميلاد" at k */
static int before_christ(const ctx *c, size_t k) { return is_prep(c, k, P_BEFORE) && is_cls(c, k + 1, C_BCW); }

/* "في القرن التاسع عشر" (18), "القرن الماضي" (19), "القرن الحادي والعشرين" (20), "القرن
 * الثامن الميلادي" (07): a century alone, its first two digits; "القرن الرابع الهجري" the
 * Gregorian years of its hundred; one before Christ BC and its count ("القرن الثالث قبل الميلاد"
 * BC02); and "العقد الماضي" (200X in 2015), a decade. Not after a share ("نصف القرن الماضي":
 * a length), nor "القرن السابق/التالي" (told from another date) */
static int century_alone(const ctx *c, size_t i, char *v, size_t vn, size_t *end)
{
    static const char *const shares[] = {"نصف", "ربع", "ثلث"};
    if (is_cls(c, i, C_THIS) && unit_of(c, i + 1) == U_CENTURY && (c->t[i + 1].val & (F_DEF | F_PLURAL | F_DUAL)) == F_DEF &&
        !c->t[i + 1].nl && c->dct != NODAY && !is_cls(c, i + 2, C_HMARK)) {
        *end = i + 2; /* "خلال هذا القرن": this one, as "القرن الحالي" ("هذا العقد" is as often a contract) */
        snprintf(v, vn, "%02d", c->dy / 100);
        return AK_GRAN_DECADE;
    }
    int u = decade_dir(c, i) ? U_DECADE : U_CENTURY;
    if (u == U_CENTURY && (unit_of(c, i) != U_CENTURY || (c->t[i].val & (F_DEF | F_PLURAL | F_DUAL)) != F_DEF))
        return 0;
    if (i > 0 && word_in(c, i - 1, shares, sizeof shares / sizeof shares[0]))
        return 0;
    int cent;
    size_t e;
    /* "القرن الهجري الماضي", "القرن الهجري الخامس عشر": the Gregorian years of that Hijri
     * hundred, as after "القرن الرابع الهجري" */
    if (u == U_CENTURY && (e = hijri_century_at(c, i, &cent))) {
        if (!hijri_century_years(cent, 1, 1, v, vn))
            return 0;
        *end = e;
        return AK_GRAN_YEAR;
    }
    if (is_cls(c, i + 1, C_DIR)) {
        if (c->dct == NODAY || anaphoric(c, i + 1))
            return 0;
        int d = c->t[i + 1].val;
        if (u == U_DECADE) {
            /* "خلال العقد الماضي" (the 2000s told in 2015), "بنهاية العقد الحالي"; not a
             * contract ("قريبة من العقد الماضي مع شركة", العقد is also a contract) */
            if (word_eq(c, i + 2, "مع"))
                return 0;
            *end = i + 2;
            snprintf(v, vn, "%03dX", c->dy / 10 + (d == D_NEXT) - (d == D_PAST));
            return AK_GRAN_DECADE;
        }
        cent = c->dy / 100 + (d == D_NEXT) - (d == D_PAST);
        e = i + 2;
    } else if (u == U_CENTURY && is_cls(c, i + 1, C_ORD)) {
        /* up to the fifteenth a bare century is as often the Hijri one ("شعراء القرن السابع",
         * "أواخر القرن الأول بعد وفاة النبي"): only with its Gregorian mark; one marked Hijri
         * ("القرن الرابع الهجري") is the Gregorian years of its hundred */
        if (!(e = century_of(c, i, &cent)))
            return 0;
        if (is_cls(c, e, C_HMARK) && e > i + 1 && hijri_century_years(cent, 1, 1, v, vn)) {
            *end = e + 1;
            return AK_GRAN_YEAR;
        }
        if (cent < 15 && !is_cls(c, e, C_GMARK) && !before_christ(c, e))
            return 0;
    } else if (u == U_CENTURY && tatweel_al(c, i + 1) && is_num(c, i + 2) && c->t[i + 2].ndig == 2 &&
               c->t[i + 2].val >= 1 && c->t[i + 2].val <= 21 && !c->t[i + 2].nl) {
        /* "القرن الـ21", "القرن الـ 11 الميلادي": the number in figures after its article, under
         * the same calendar rule as the ordinal's */
        cent = c->t[i + 2].val - 1;
        e = i + 3;
        if (cent < 15 && !is_cls(c, e, C_GMARK) && !before_christ(c, e))
            return 0;
    } else
        return 0;
    if (is_cls(c, e, C_HMARK))
        return 0;
    if (before_christ(c, e)) {
        if (is_cls(c, i + 1, C_DIR))
            return 0;
        *end = e + 2; /* "القرن السادس قبل الميلاد": the hundred years 600-501 BC, BC05 */
        snprintf(v, vn, "BC%02d", cent);
        return AK_GRAN_DECADE;
    }
    if (is_cls(c, e, C_GMARK))
        e++; /* "القرن الأول الميلادي" */
    *end = e;
    snprintf(v, vn, "%02d", cent);
    return AK_GRAN_DECADE; /* the coarsest granularity there is; the two-digit value says century */
}

/* the spring at k is the Arab Spring: "العربي" after it, or after a spring word up to 40 tokens
 * before it in its paragraph ("ما بعد مرحلة ما يسمى بالربيع العربي ... بان هذا الربيع سيكون
 * دمويا") */
static int arab_spring(const ctx *c, size_t k)
{
    static const char *const spring[] = {"الربيع", "بالربيع", "والربيع", "للربيع"};
    if (!is_cls(c, k, C_SEASON) || c->t[k].val != 3)
        return 0;
    if (word_eq(c, k + 1, "العربي") && !c->t[k + 1].nl)
        return 1;
    for (size_t j = k; j > 1 && k - j < 40 && !c->t[j].nl; j--)
        if (word_eq(c, j - 1, "العربي") && word_in(c, j - 2, spring, sizeof spring / sizeof spring[0]))
            return 1;
    return 0;
}

/* "أيام الخمسينات، الخمسينات الذهبية": a decade word repeated after a comma names the decade
 * before it again, when that one was read as a decade */
static int decade_apposed(const ctx *c, size_t k)
{
    char dv[16];
    size_t de;
    return k >= 2 && comma_at(c, k - 1) && is_cls(c, k - 2, C_DECADEW) &&
           c->t[k - 2].val == c->t[k].val && decade_at(c, k - 2, dv, sizeof dv, &de);
}

/* a person noun at j, bare or after one glued و, ب, ل or ف: "فتاة", "بشاب", "الجريح" */
static int person_noun(const ctx *c, size_t j)
{
    static const char *const people[] = {"شاب", "شابة", "فتاة", "فتى", "رجل", "امرأة", "سيدة", "الشاب",
                                         "الشابة", "الفتاة", "الرجل", "المرأة", "السيدة", "الجريح", "المصاب"};
    if (!on(c, j) || c->t[j].kind != TK_WORD)
        return 0;
    size_t n = c->t[j].b1 - c->t[j].b0;
    int clitic = raw_prefix(c, j, "\xd9\x88", 2) || raw_prefix(c, j, "\xd8\xa8", 2) || raw_prefix(c, j, "\xd9\x84", 2) ||
                 raw_prefix(c, j, "\xd9\x81", 2);
    for (size_t w = 0; w < sizeof people / sizeof people[0]; w++)
        if (word_eq(c, j, people[w]) || (clitic && n < TX_WMAX && tx_fold_eq(c->s + c->t[j].b0 + 2, n - 2, people[w], 0)))
            return 1;
    return 0;
}

/* "فتاة عراقية في العشرينات", "بشاب في العشرينيات": a decade word after في that follows a person
 * noun, or a person noun and one adjective ending in ي/ية, is the person's age */
static int person_age(const ctx *c, size_t k)
{
    if (k < 2 || !is_prep(c, k - 1, P_IN))
        return 0;
    if (person_noun(c, k - 2))
        return 1;
    if (k < 3 || !on(c, k - 2) || c->t[k - 2].kind != TK_WORD)
        return 0;
    size_t b0 = c->t[k - 2].b0, b1 = c->t[k - 2].b1;
    int nisba = (b1 - b0 > 4 && memcmp(c->s + b1 - 4, "\xd9\x8a\xd8\xa9", 4) == 0) ||
                (b1 - b0 > 2 && memcmp(c->s + b1 - 2, "\xd9\x8a", 2) == 0);
    return nisba && person_noun(c, k - 3);
}

/* A decade at k: "الثمانينيات [الميلادية] [من القرن الماضي/العشرين]" = 198X. */
static int decade_at(const ctx *c, size_t k, char *v, size_t vn, size_t *end)
{
    if (!is_cls(c, k, C_DECADEW))
        return 0;
    int tens = c->t[k].val & 0xff, cent = 19;
    size_t e = k + 1;
    /* "ومطلع سبعينات القرن الماضي": the bare word is in construct with its century */
    if (c->t[k].val & DEC_BARE) {
        /* "ثمانينات وتسعينات القرن الماضي": the first of two bare decades joined by و shares
         * the second's century, its extent its own word */
        if (is_cls(c, e, C_DECADEW) && has_waw(c, e) && (c->t[e].val & DEC_BARE) && unit_of(c, e + 1) == U_CENTURY &&
            (c->t[e + 1].val & (F_DEF | F_PLURAL | F_DUAL)) == F_DEF && !c->t[e].nl) {
            size_t ce = century_of(c, e + 1, &cent);
            if (!ce)
                return 0;
            *end = e;
            snprintf(v, vn, "%02d%dX", cent, tens);
            return AK_GRAN_DECADE;
        }
        if (unit_of(c, e) != U_CENTURY || (c->t[e].val & (F_DEF | F_PLURAL | F_DUAL)) != F_DEF)
            return 0;
        /* "ثمانينيات القرن الهجري الماضي": the Gregorian years of the Hijri 1380s */
        size_t he = hijri_century_at(c, e, &cent);
        if (he) {
            if (!hijri_century_years(cent, tens + 1, 10, v, vn))
                return 0;
            *end = he;
            return AK_GRAN_YEAR;
        }
        size_t ce = century_of(c, e, &cent);
        if (!ce)
            return 0;
        *end = ce > e ? ce : e + 1;
        snprintf(v, vn, "%02d%dX", cent, tens);
        return AK_GRAN_DECADE;
    }
    /* "في العشرينات من العمر" is an age */
    if (is_prep(c, e, P_FROM) && on(c, e + 1) && c->t[e + 1].kind == TK_WORD &&
        memmem(c->s + c->t[e + 1].b0, c->t[e + 1].b1 - c->t[e + 1].b0, "\xd8\xb9\xd9\x85\xd8\xb1", 6))
        return 0;
    if (tens <= 5 && person_age(c, k))
        return 0;
    /* "40 و42 درجة للعظمى وبداية العشرينات ليلا": temperatures (and prices) stay below the sixties */
    for (size_t b = 1; tens <= 5 && b <= 8 && b <= k; b++)
        if (c->t[k - b].kind == TK_WORD &&
            memmem(c->s + c->t[k - b].b0, c->t[k - b].b1 - c->t[k - b].b0, "\xd8\xaf\xd8\xb1\xd8\xac", 6))
            return 0;
    /* "وتنخفض الحرارة ... وتستمر معدلاتها الموسمية في الخمسينات": heat named earlier in the sentence */
    for (size_t b = 1; tens <= 5 && b <= 30 && b <= k && !sentence_end(c, k - b); b++)
        if (c->t[k - b].kind == TK_WORD &&
            memmem(c->s + c->t[k - b].b0, c->t[k - b].b1 - c->t[k - b].b0, "\xd8\xad\xd8\xb1\xd8\xa7\xd8\xb1", 8))
            return 0;
    int marked = is_cls(c, e, C_GMARK) || (is_prep(c, e, P_FROM) && unit_of(c, e + 1) == U_CENTURY);
    /* from the sixties on a decade word is a decade in news ("كانت سنغافورة الستينيات بائسة");
     * below it is as often a temperature or price ("تلامس الخمسينات"), so without a mark only
     * after a preposition, a part word, a period noun or another decade ("في الثمانينيات
     * والتسعينيات") */
    if (!marked && tens <= 5 && !(k > 0 && on(c, k - 1) && c->t[k - 1].kind == TK_WORD &&
                     (c->t[k - 1].cls == C_PREP || c->t[k - 1].cls == C_MOD || c->t[k - 1].cls == C_AWWAL ||
                      c->t[k - 1].cls == C_DECADEW || c->t[k - 1].cls == C_EVENT || unit_of(c, k - 1) == U_DECADE ||
                      (c->t[k - 1].cls == C_FUTURE && c->t[k - 1].val == 1) || /* "بحلول التسعينيات" */
                      /* "عصر الخمسينيات", "سنوات/أيام الخمسينات": a period noun heads the decade */
                      (c->t[k - 1].cls == C_AMPM && c->t[k - 1].val == 12 && !has_waw(c, k - 1)) ||
                      ((unit_of(c, k - 1) == U_YEAR || unit_of(c, k - 1) == U_DAY) && (c->t[k - 1].val & F_PLURAL)))) &&
        /* "السبعينات والثمانينات": a decade paired with the next one */
        !(is_cls(c, k + 1, C_DECADEW) && has_waw(c, k + 1)) && !decade_apposed(c, k))
        return 0;
    if (is_cls(c, e, C_GMARK))
        e++;
    if (is_prep(c, e, P_FROM) && unit_of(c, e + 1) == U_CENTURY && (c->t[e + 1].val & F_DEF)) {
        size_t ce = century_of(c, e + 1, &cent);
        if (!ce)
            return 0;
        e = ce > e + 1 ? ce : e; /* a bare "من القرن" stays out */
    }
    *end = e;
    snprintf(v, vn, "%02d%dX", cent, tens);
    return AK_GRAN_DECADE;
}

/* "يزدحم شهر أكتوبر المقبل بالماراثونات ... في بداية الشهر وحتى ... نهاية الشهر": a bare
 * "الشهر" after a month named earlier in its sentence is that month; v (the DCT's month) is
 * replaced by the latest Gregorian month or day emitted in the sentence, passing over a
 * comparison's "منذ أكتوبر 2008" ("أكبر انخفاض منذ أكتوبر 2008، وهبط برنت خلال الشهر نفسه"
 * is July's). Not after منذ itself: "تسليم أغسطس، الذي انخفض منذ مطلع الشهر" is the stamp's. */
static void sentence_month(const ctx *c, size_t i, char *v, size_t vn)
{
    if (i > 0 && is_prep(c, i - 1, P_SINCE))
        return;
    size_t s0 = sentence_start(c, i, 60);
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[s0].b0)
            return;
        size_t k = s0;
        while (k < i && c->t[k].b0 < x->byte_start)
            k++;
        if (k > s0 && is_prep(c, k - 1, P_SINCE))
            continue;
        const char *pv = x->value;
        size_t n = strlen(pv);
        if (strcmp(x->type, "DATE") || hijri_text(c, x) || (n != 7 && n != 10) || pv[4] != '-' ||
            !isdigit((unsigned char)pv[0]) || !isdigit((unsigned char)pv[5]) || !isdigit((unsigned char)pv[6]))
            return; /* "في 3 رجب الماضي ... نهاية الشهر" */
        snprintf(v, vn, "%.7s", pv);
        return;
    }
}

/* "تذبذبت خلال تعاملات الأسبوع الماضي ... لتشهد ارتفاعا في ختام الأسبوع": a bare week's part
 * after a week named earlier in its sentence (the latest date there, lengths passed over) is
 * that week's; v is left as it was otherwise */
static void sentence_week(const ctx *c, size_t i, char *v, size_t vn)
{
    size_t s0 = sentence_start(c, i, 60);
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[s0].b0)
            return;
        if (strcmp(x->type, "DATE"))
            continue;
        if (strlen(x->value) == 8 && x->value[4] == '-' && x->value[5] == 'W')
            snprintf(v, vn, "%s", x->value);
        return;
    }
}

/* "صفقات في تموز (يوليو) ... بين أكبر عشر صفقات هذا الشهر" stamped on 1 August: a record
 * stamped on its month's first or second day was often written the day before; when its sentence
 * named the month before the stamp's, "this month" is that month. Writes it into v. */
static int stamp_month_before(const ctx *c, size_t i, char *v, size_t vn)
{
    if (c->dct == NODAY || c->dd > 2)
        return 0;
    char pv[16] = "";
    sentence_month(c, i, pv, sizeof pv);
    int pm = c->dm == 1 ? 12 : c->dm - 1, py = c->dm == 1 ? c->dy - 1 : c->dy;
    if (strlen(pv) != 7 || atoi(pv) != py || atoi(pv + 5) != pm)
        return 0;
    snprintf(v, vn, "%s", pv);
    return 1;
}

/* a year of 1700-1899 at k that closes its clause ("ولد في 1890)."): an older year read after
 * a preposition too, where a count of that size would go on to what it counts */
static int old_year_closing(const ctx *c, size_t k)
{
    return c->t[k].val >= 1700 &&
           (!on(c, k + 1) || is_punct(c, k + 1, '.') || is_punct(c, k + 1, ')') || comma_at(c, k + 1));
}

/* The unit (week/month/year) named at i with its direction: "العام الماضي", "هذا الشهر",
 * "العام ذاته". Returns the granularity written to v, 0 if no match. */
/* "من العام"/"للعام" after a quarter or half, with no year or direction: the current year */
static int bare_year(const ctx *c, size_t k)
{
    return unit_of(c, k) == U_YEAR && definite_period_unit(c, k) &&
           !is_num(c, k + 1) && !is_cls(c, k + 1, C_HMARK) && !is_cls(c, k + 1, C_DIR) && !is_cls(c, k + 1, C_NEWADJ);
}

/* the day-precise date named last ends at most 24 tokens before i, in i's sentence */
static int last_day_near(const ctx *c, size_t i)
{
    if (c->last_day == NODAY || c->last_day_end > i || i - c->last_day_end > 24)
        return 0;
    for (size_t k = c->last_day_end; k < i; k++)
        if (sentence_end(c, k))
            return 0;
    return 1;
}

/* "مقارنة بالعام الذي سبقه", "بالشهر الذي سبقه", "عن الأسبوع الذي سبقه", "السنة التي تلتها": a
 * definite week, month or year at i whose relative clause at k tells it by the period before or
 * after: that unit shifted by one from the latest date of the sentence (a day gives its week or
 * month, a month or day its year). Returns the granularity written to v, 0 when the clause is
 * none of these or no date of that grain stands before it in its sentence. */
static int clause_period(const ctx *c, size_t i, size_t k, int u, char *v, size_t vn, size_t *end)
{
    static const char *const prev[] = {"سبقه", "سبقها", "سبقته", "سبقتها"};
    static const char *const next[] = {"تلاه", "تلاها", "تلته", "تلتها", "يليه", "يليها", "تليه", "تليها"};
    if (c->dct == NODAY || !(word_eq(c, k, "الذي") || word_eq(c, k, "التي")) || !on(c, k + 1) || c->t[k + 1].nl)
        return 0;
    int sign = word_in(c, k + 1, next, sizeof next / sizeof next[0]) ? 1
             : word_in(c, k + 1, prev, sizeof prev / sizeof prev[0]) ? -1 : 0;
    if (!sign || !*c->nout)
        return 0;
    size_t s0 = sentence_start(c, i, 40);
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    if (x->byte_start < c->t[s0].b0 || strcmp(x->type, "DATE") != 0)
        return 0;
    const char *pv = x->value;
    size_t n = strlen(pv);
    for (size_t d = 0; d < 4; d++)
        if (!isdigit((unsigned char)pv[d]))
            return 0;
    int y = atoi(pv);
    int mo = n >= 7 && pv[4] == '-' && isdigit((unsigned char)pv[5]) && isdigit((unsigned char)pv[6]) ? atoi(pv + 5) : 0;
    int dd = mo && n == 10 && pv[7] == '-' ? atoi(pv + 8) : 0;
    if ((n != 4 && n != 7 && n != 8 && n != 10) || (n == 7 && !mo) || (n == 10 && !dd))
        return 0;
    *end = k + 2;
    if (u == U_YEAR) {
        snprintf(v, vn, "%04d", y + sign);
        return AK_GRAN_YEAR;
    }
    if (u == U_MONTH) {
        if (!mo)
            return 0;
        int mm = y * 12 + mo - 1 + sign;
        snprintf(v, vn, "%04d-%02d", mm / 12, mm % 12 + 1);
        return AK_GRAN_MONTH;
    }
    int32_t day;
    if (dd)
        day = ak_cal_days(y, mo, dd);
    else if (n == 8 && pv[4] == '-' && pv[5] == 'W') {
        int32_t jan4 = ak_cal_days(y, 1, 4);
        day = jan4 - (ak_cal_weekday(jan4) - 1) + (atoi(pv + 6) - 1) * 7;
    } else
        return 0;
    return fmt_unit(day + sign * 7, U_WEEK, v, vn);
}

/* "نفس/ذات" (with ب/ل) before a definite singular year at k + 1 with nothing after it that
 * makes it another year: not a relative clause ("في نفس العام الذي ولد فيه"), an adjective
 * ("الشركات ذات السنة المالية المختلفة": ذات is "having") or من ("بنفس السنة من العام الماضي":
 * a period of another year) */
static int same_before_year(const ctx *c, size_t k)
{
    static const char *const same[] = {"نفس", "ذات", "بنفس", "بذات", "لنفس", "لذات"};
    if (unit_of(c, k + 1) != U_YEAR || !(c->t[k + 1].val & F_DEF) || (c->t[k + 1].val & (F_PLURAL | F_DUAL)) ||
        is_prep(c, k + 2, P_FROM) || !word_in(c, k, same, sizeof same / sizeof same[0])) /* the word last: it folds */
        return 0;
    return !definite_word(c, k + 2);
}

/* a definite nisba adjective at k ("الأميركي", "السعودي") */
static int nisba_word(const ctx *c, size_t k)
{
    return definite_word(c, k) && c->t[k].b1 - c->t[k].b0 >= 8 && memcmp(c->s + c->t[k].b1 - 2, "\xd9\x8a", 2) == 0;
}

/* "العام" at k right after an office or a public thing is the adjective "general, public":
 * "المدير العام السابق" (the former director-general), "النائب العام الجديد", "القطاع العام";
 * so after an office with its nisba ("القنصل الأميركي العام الجديد") and after a hospital or a
 * park with its name ("مستشفى نجران العام الجديد", "متنزه الردف العام") */
static int general_adjective(const ctx *c, size_t k)
{
    static const char *const heads[] = {
        "المدير", "الأمين", "النائب", "المفوض", "المراقب", "المنسق", "المشرف", "المرشد", "القائد", "المستشار",
        "الرئيس", "الوكيل", "المدعي", "المحامي", "المفتش", "المسجل", "الادعاء", "القطاع", "المال",
        "الدين", "الشأن", "النظام", "الأمن", "الإنفاق", "الاتحاد", "الصالح", "النفع", "الطابع", "الإطار",
        "المؤتمر", "المستوى", "التعليم", "العفو", "الإضراب", "القنصل"};
    static const char *const places[] = {"مستشفى", "متنزه", "منتزه", "مستوصف"};
    if (!word_eq(c, k, "العام") || c->t[k].nl)
        return 0;
    if (head_before(c, k, heads, sizeof heads / sizeof heads[0]))
        return 1;
    if (k >= 2 && !c->t[k - 1].nl && nisba_word(c, k - 1) && head_before(c, k - 1, heads, sizeof heads / sizeof heads[0]))
        return 1;
    for (size_t b = 2; b <= 3 && b <= k; b++) {
        if (c->t[k - b + 1].nl || c->t[k - b + 1].kind != TK_WORD)
            return 0;
        if (head_before(c, k - b + 1, places, sizeof places / sizeof places[0]))
            return 1;
    }
    return 0;
}

static int period_at(ctx *c, size_t i, char *v, size_t vn, size_t *end)
{
    size_t k = i;
    int dir = 0;
    if (is_cls(c, k, C_THIS)) {
        dir = D_THIS;
        k++;
    } else if (same_before_year(c, k)) {
        dir = D_SAME; /* "نهاية نفس العام": the year just named, as "العام نفسه" */
        k++;
    }
    int u = unit_of(c, k);
    if (!u || (c->t[k].val & (F_PLURAL | F_DUAL)) || (u != U_WEEK && u != U_MONTH && u != U_YEAR))
        return 0;
    if (!dir && !(c->t[k].val & F_DEF))
        return 0;
    if (!dir && u == U_YEAR && general_adjective(c, k))
        return 0;
    if (dir == D_THIS && !(c->t[k].val & F_DEF) && year_num(c, k + 1))
        return 0; /* "بعدما نجح في هذا عام 2009": هذا is "this (feat)", the year is 2009 */
    /* "هذه سنة الحياة", "هذه سنة الله في خلقه": an indefinite سنة before a definite word is a
     * way (sunna) of it, no year */
    if (dir == D_THIS && word_eq(c, k, "سنة") && definite_word(c, k + 1) && c->t[k + 1].cls == C_NONE &&
        !c->t[k + 1].nl)
        return 0;
    if (dir == D_THIS && u == U_MONTH && is_cls(c, k + 1, C_HOLYADJ))
        return 0; /* "في هذا الشهر الكريم": Ramadan, read from الشهر on */
    k++;
    if (!dir && u == U_YEAR && is_cls(c, k, C_NEWADJ) && c->dct != NODAY) {
        /* "العام الجديد": this year, the next one once November has come; "العام الجديد 2016" */
        int named = year_num(c, k + 1) && !unit_of(c, k + 2);
        *end = k + 1 + named;
        snprintf(v, vn, "%04d", named ? c->t[k + 1].val : c->dy + (c->dm >= 11));
        return AK_GRAN_YEAR;
    }
    int count = 1;
    if (!dir) {
        /* "للأسبوع قبل الماضي", "العام قبل الماضي": the period before the last one */
        if (is_prep(c, k, P_BEFORE) && !c->t[k].nl && is_cls(c, k + 1, C_DIR) && c->t[k + 1].val == D_PAST) {
            count = 2;
            k++;
        }
        if (!is_cls(c, k, C_DIR)) {
            size_t ce;
            int g = count == 1 ? clause_period(c, i, k, u, v, vn, &ce) : 0;
            if (g)
                *end = ce;
            return g;
        }
        dir = c->t[k].val;
        k++;
    }
    *end = k;
    /* "مقارنة بالشهر السابق": السابق/التالي count from the month just mentioned, not the DCT;
     * not from a benchmark after منذ ("أعلى مستوى منذ تموز 2011 ... من 22.3 في الشهر السابق") */
    if (u == U_MONTH && count == 1 && (dir == D_PAST || dir == D_NEXT) && *c->nout && anaphoric(c, k - 1)) {
        const ak_timex *px = &(*c->out)[*c->nout - 1];
        const char *pv = px->value;
        size_t pf = first_token_of(c, px);
        /* "... عن الشهر السابق ... خلال الشهر السابق": told again, the same month */
        int again = unit_of(c, pf) == U_MONTH && is_cls(c, pf + 1, C_DIR) && c->t[pf + 1].val == dir &&
                    anaphoric(c, pf + 1);
        if (strlen(pv) == 7 && pv[4] == '-' && !(pf > 0 && is_prep(c, pf - 1, P_SINCE))) {
            int mm = atoi(pv) * 12 + atoi(pv + 5) - 1 + (again ? 0 : dir == D_PAST ? -1 : 1);
            snprintf(v, vn, "%04d-%02d", mm / 12, mm % 12 + 1);
            return AK_GRAN_MONTH;
        }
    }
    /* "عام 2010 ... ثم في العام التالي 2011": the year written after السابق/التالي is its value */
    if (u == U_YEAR && count == 1 && (dir == D_PAST || dir == D_NEXT) && anaphoric(c, k - 1) && year_num(c, k) &&
        apposed_year(c, k, c->t[k].val) > k) {
        snprintf(v, vn, "%04d", c->t[k].val);
        *end = apposed_year(c, k, c->t[k].val);
        return AK_GRAN_YEAR;
    }
    /* "في عام 2013؛ مقارنة بـ2804 في السنة السابقة", "خلال الأزمة العالمية 2008، ما جعل القفزة
     * كبيرة في العام التالي": السابق/التالي after a past year named in the twenty tokens before,
     * or earlier in its sentence, counts from that year. Not after last year (a report's
     * "الفترة المماثلة من العام السابق" follows its comparison year, 2014 in 2015: the DCT's year
     * before), a whole Hijri year, or with a year written after it ("العام السابق 2014م") */
    if (u == U_YEAR && count == 1 && (dir == D_PAST || dir == D_NEXT) && anaphoric(c, k - 1) && c->dct != NODAY &&
        c->last_year >= 1000 && !c->last_hijri && c->last_year_tok <= i &&
        (c->last_year_tok + 20 >= i || sentence_start(c, i, 60) < c->last_year_tok) &&
        c->last_year <= c->dy - (dir == D_PAST ? 2 : 1) && !year_num(c, k)) {
        snprintf(v, vn, "%04d", c->last_year + (dir == D_PAST ? -1 : 1));
        return AK_GRAN_YEAR;
    }
    /* "لهذا العام (1436هـ) ... للفترة نفسها من العام السابق": after a whole Hijri year named
     * in its sentence, the Hijri year before (or after) it */
    if (u == U_YEAR && count == 1 && (dir == D_PAST || dir == D_NEXT) && anaphoric(c, k - 1) && c->last_hijri_one &&
        c->last_year_tok <= i && (c->last_year_tok + 20 >= i || sentence_start(c, i, 60) < c->last_year_tok) &&
        !year_num(c, k) && hijri_year_span(c->last_hijri + (dir == D_PAST ? -1 : 1), v, vn))
        return AK_GRAN_YEAR;
    /* "ارتفع في الأسبوع المنتهي في 17 يوليو ... عن الأسبوع السابق": the week before (or after)
     * the week of the day named last in its sentence */
    if (u == U_WEEK && count == 1 && (dir == D_PAST || dir == D_NEXT) && anaphoric(c, k - 1) && last_day_near(c, i))
        return fmt_unit(c->last_day + (dir == D_PAST ? -7 : 7), U_WEEK, v, vn);
    if (dir == D_SAME && u == U_MONTH) {
        /* "وأقر في منتصف يونيو بمقتله ... في الشهر نفسه": the month named last in the sentence;
         * not "الشهر نفسه من العام الماضي", "بالشهر نفسه قبل سنة", "الشهر ذاته عام 2014": that
         * month of another year */
        if (is_prep(c, k, P_FROM) || is_prep(c, k, P_BEFORE) || unit_of(c, k) == U_YEAR)
            return 0;
        if (i >= 2 && is_prep(c, i - 1, P_FROM) && is_cls(c, i - 2, C_ORD))
            return 0; /* "في الأسبوع الثاني من الشهر نفسه": a ranked part, left whole to the others */
        v[0] = 0;
        sentence_month(c, i, v, vn);
        return v[0] ? AK_GRAN_MONTH : 0;
    }
    if (dir == D_SAME) {
        if (u != U_YEAR || !c->last_year)
            return 0;
        snprintf(v, vn, "%04d", c->last_year);
        return AK_GRAN_YEAR;
    }
    int sign = dir == D_PAST ? -1 : dir == D_NEXT ? 1 : 0;
    if (u == U_MONTH && count == 1 && c->doc_hijri && c->dct != NODAY) {
        int m0 = c->dhy * 12 + c->dhm - 1 + sign; /* the text's month is the Hijri one */
        if (hijri_months_days(m0 / 12, m0 % 12 + 1, 1, v, vn))
            return AK_GRAN_MONTH;
    }
    if (c->dct == NODAY) {
        snprintf(v, vn, u == U_YEAR ? "XXXX" : u == U_MONTH ? "XXXX-XX" : "XXXX-WXX");
        return u == U_YEAR ? AK_GRAN_YEAR : u == U_MONTH ? AK_GRAN_MONTH : AK_GRAN_WEEK;
    }
    if (u == U_MONTH && sign == 0 && stamp_month_before(c, i, v, vn))
        return AK_GRAN_MONTH;
    int g = shifted(c, sign == 0 ? 0 : count, u, sign == 0 ? 1 : sign, v, vn);
    if (g == AK_GRAN_YEAR)
        *end = apposed_year(c, k, atoi(v));
    return g;
}

/* "بعد الصيف", "طوال الصيف", "قبل عطلة الصيف": a bare definite season at i after بعد/قبل/
 * طوال/طيلة (and a holiday's word) names one season, not a habit ("خلال الصيف" and "في الصيف"
 * as often tell what summers are like: "يساعد على وقاية البشرة خلال الصيف"). Not spring:
 * "ازدادت الأوضاع سوءا بعد الربيع" is the Arab Spring. */
static int season_span_before(const ctx *c, size_t i)
{
    static const char *const pre[] = {"بعد", "قبل", "طوال", "طيلة", "وبعد", "وقبل", "وطوال", "وطيلة"};
    if (i == 0 || c->t[i].nl || c->t[i].val == 3 || !definite_word(c, i))
        return 0;
    size_t k = i - 1; /* "قبل عطلة الصيف": the holiday of that season, timed by it */
    if (holiday_word(c, k) && k > 0 && !c->t[k].nl)
        k--;
    return word_in(c, k, pre, sizeof pre / sizeof pre[0]);
}

/* ------------------------------------------------------------------ matchers */

/* "عامي 2002 و2012", "عامي 2015 وحتى عام 2050": the token of the second year after عامي at i, or 0 */
static size_t years2_second(const ctx *c, size_t i)
{
    /* "عامي", "سنتي", and the definite dual "للعامين 2013 و2014" */
    int dual = unit_of(c, i) == U_YEAR && (c->t[i].val & F_DUAL) && (c->t[i].val & F_DEF);
    if (!(is_cls(c, i, C_YEARS2) || dual) || !is_num(c, i + 1) || c->t[i + 1].ndig < 3 || c->t[i + 1].ndig > 4)
        return 0;
    size_t k = i + 2;
    if (is_cls(c, k, C_GMARK) && (is_cls(c, k + 1, C_AND) || is_punct(c, k + 1, '-') || is_prep(c, k + 1, P_TO)))
        k++; /* "عامي 2013م و2014م": each year marked */
    if (is_cls(c, k, C_AND) || is_punct(c, k, '-') || is_prep(c, k, P_TO)) {
        k++;
        if (is_punct(c, k, '.') && is_num(c, k + 1) && !c->t[k + 1].sp)
            k++; /* "بين عامي 1992 و.1995": a full stop moved before the year (bidi editing) */
    } else if ((is_prep(c, k, P_UNTIL) || is_prep(c, k, P_TO)) && has_waw(c, k)) {
        k++; /* "وحتى عام 2050", "وإلى 2050" */
        if (unit_of(c, k) == U_YEAR && !(c->t[k].val & (F_DUAL | F_PLURAL)))
            k++;
    } else
        return 0;
    return is_num(c, k) && c->t[k].ndig >= 3 && c->t[k].ndig <= 4 ? k : 0;
}

/* a noun counted by the number before it: "2090 نقطة", "بين 2027 شخصا" (people studied) */
static int counted_noun(const ctx *c, size_t k)
{
    /* "خلال 1947 جولة تفتيشية", "بلغت 1915 حالة": a count of visits, cases, visitors, jobs (not
     * "عملية" or "طفلا": "15 يوليو 2015 عملية الإصدار", "تبنت عام 2002 طفلا") */
    static const char *const counted[] = {"نقطة", "نقاط", "دولار", "ريال", "يورو", "درهم", "جنيه", "برميل", "طن",
                                          "مليون", "ألف", "شخص", "شخصا", "جولة", "زيارة", "حالة", "بلاغ", "بلاغا",
                                          "زائر", "زائرا", "موظف", "موظفا", "وظيفة", "أسرة", "سيارة", "مخالفة",
                                          "صفقة", "طالب", "طالبا", "طالبة", "مستفيد", "مستفيدا", "كيلو", "كيلوغرام",
                                          "كيلوجرام", "كيلومتر", "كم", "كجم", "كغم", "لتر", "متر", "مترا"};
    return word_in(c, k, counted, sizeof counted / sizeof counted[0]);
}

/* nothing right after the year at i makes it a count or part of a longer token: no unit, no
 * counted noun, no pair ("2015/2016") and no token glued on */
static int year_ends_name(const ctx *c, size_t i)
{
    return !unit_of(c, i + 1) && !counted_noun(c, i + 1) && !pair_sep(c, i + 1) &&
           !(on(c, i + 1) && c->t[i + 1].kind != TK_PUNCT && !c->t[i + 1].sp);
}

/* Two digits at i after an indefinite year word ("عام", "وعام", "بعام") as a year of the last
 * century: above 20 and above the stamp's own two digits, then nothing that makes it a count
 * (a percent, a number, a unit, a counted or accusative noun) or of another era (هـ,
 * ميلادية); "م" joins it. Returns the token after it, 0 if none. */
/* a word of three letters or more at i ending in the accusative alif, its tanween after it or
 * not ("طالبا", "عاماً", "عامًا") */
static int accusative_alif(const ctx *c, size_t i)
{
    size_t b = c->t[i].b1;
    if (b - c->t[i].b0 > 6 && (unsigned char)c->s[b - 2] == 0xd9 && (unsigned char)c->s[b - 1] == 0x8b)
        b -= 2;
    return b - c->t[i].b0 > 4 && (unsigned char)c->s[b - 2] == 0xd8 && (unsigned char)c->s[b - 1] == 0xa7;
}

static size_t short_year(const ctx *c, size_t i)
{
    static const char *const year[] = {"عام", "وعام", "بعام", "لعام", "فعام"};
    static const char *const after[] = {"ميلادية", "ميلادي", "للميلاد", "ألف", "مليون", "مليار", "في", "بالمئة", "بالمائة"};
    int y = c->t[i].val;
    if (y <= 20 || y <= c->dy % 100 + 1 || c->t[i].nl || c->t[i - 1].kind != TK_WORD || c->t[i - 1].nl ||
        !word_in(c, i - 1, year, sizeof year / sizeof year[0]))
        return 0;
    size_t e = i + 1;
    if (is_cls(c, e, C_GMARK) && !word_in(c, e, after, sizeof after / sizeof after[0]))
        return e + 1; /* "عام 91م" */
    if (!on(c, e) || c->t[e].nl || c->t[e].kind == TK_PUNCT)
        return is_punct(c, e, '%') || is_punct(c, e, '.') || is_punct(c, e, '/') || is_punct(c, e, '-') ? 0 : e;
    if (is_num(c, e) || unit_of(c, e) || is_cls(c, e, C_HMARK) || counted_noun(c, e) ||
        word_in(c, e, after, sizeof after / sizeof after[0]))
        return 0;
    /* an accusative count noun: "30 طالبا", "65 نادياً" */
    return accusative_alif(c, e) ? 0 : e;
}

/* token k is one of words (folded, written with their article), after an optional و/ف and one
 * ب/ل/ك, or with ل glued to the article as لل ("بالفترة", "للفترة", "وبالشهر") */
static int article_word_in(const ctx *c, size_t k, const char *const *words, size_t nw)
{
    char f[TX_WMAX];
    size_t n = tok_fold(c, k, f), o = 0;
    if (n > 4 && (memcmp(f, "\xd9\x88", 2) == 0 || memcmp(f, "\xd9\x81", 2) == 0)) /* و ف */
        o = 2;
    int ll = n > o + 6 && memcmp(f + o, "\xd9\x84\xd9\x84", 4) == 0; /* لل = ل + ال */
    if (ll)
        memcpy(f + o, "\xd8\xa7", 2); /* ل + ال: the article's alef, lost after ل */
    for (size_t w = 0; n && w < nw; w++) {
        if (tx_fold_eq(f + o, n - o, words[w], 0))
            return 1;
        if (!ll && n > o + 2 && (memcmp(f + o, "\xd8\xa8", 2) == 0 || memcmp(f + o, "\xd9\x84", 2) == 0 ||
                                 memcmp(f + o, "\xd9\x83", 2) == 0) && /* ب ل ك */
            tx_fold_eq(f + o + 2, n - o - 2, words[w], 0))
            return 1;
    }
    return 0;
}

/* "خلال الأشهر الخمسة الأولى من 2015", "الأيام العشرة الأخيرة من 2014": من after the first or last
 * months, weeks or days of a year brings the year, as "من عام 2015" does (the stretch itself,
 * an ordinal one, stays out); not a count ("من 2050 نقطة"). Token m is the من. */
static int stretch_from(const ctx *c, size_t m)
{
    if (m < 3 || c->t[m].nl || c->t[m - 1].nl || (!word_eq(c, m - 1, "الأولى") && !word_eq(c, m - 1, "الأخيرة")))
        return 0;
    size_t k = m - 2; /* the unit, or its count ("الخمسة") before the adjective */
    if (!unit_of(c, k) && !c->t[k].nl)
        k--;
    int u = unit_of(c, k);
    return (u == U_DAY || u == U_WEEK || u == U_MONTH) && (c->t[k].val & F_PLURAL) && (c->t[k].val & F_DEF) &&
           !c->t[k + 1].nl;
}

/* "مقارنة بالفترة نفسها من 2014", "عن الشهر نفسه من 2014", "بالربع المماثل من 2014", "خلال نفس
 * الفترة من 2014": the same stretch of an earlier year, financial news' comparison, whose من
 * brings the year, not a count ("من 2050 إلى 2090 نقطة"). Token m is the من. */
static int same_period_from(const ctx *c, size_t m)
{
    static const char *const period[] = {"الفترة", "الفترات", "المدة", "الشهر", "الأشهر", "الشهور", "الربع",
                                         "النصف", "الأسبوع", "الموسم", "العام", "السنة", "الأيام"};
    static const char *const same[] = {"المماثل", "المماثلة", "المقابل", "المقابلة", "المناظر", "المناظرة"};
    static const char *const self[] = {"نفس", "ذات"};
    if (m < 2 || c->t[m].nl || c->t[m - 1].nl || !on(c, m - 2))
        return 0;
    if (word_in(c, m - 1, same, sizeof same / sizeof same[0]))
        return article_word_in(c, m - 2, period, sizeof period / sizeof period[0]);
    if (is_cls(c, m - 1, C_DIR) && c->t[m - 1].val == D_SAME) /* "الفترة نفسها/ذاتها" */
        return article_word_in(c, m - 2, period, sizeof period / sizeof period[0]);
    /* "نفس الفترة", "بنفس الفترة", "لذات الفترة" */
    char f[TX_WMAX];
    size_t n = tok_fold(c, m - 2, f), o = 0;
    if (!article_word_in(c, m - 1, period, sizeof period / sizeof period[0]) || c->t[m - 2].nl)
        return 0;
    if (n > 4 && (memcmp(f, "\xd9\x88", 2) == 0 || memcmp(f, "\xd9\x81", 2) == 0)) /* و ف */
        o = 2;
    if (n > o + 4 && (memcmp(f + o, "\xd8\xa8", 2) == 0 || memcmp(f + o, "\xd9\x84", 2) == 0)) /* ب ل */
        o += 2;
    for (size_t w = 0; w < sizeof self / sizeof self[0]; w++)
        if (tx_fold_eq(f, n, self[w], 0) || (o && tx_fold_eq(f + o, n - o, self[w], 0)))
            return 1;
    return 0;
}

/* a year (after a year word) at i, then وحتى: "عام 1930م وحتى", "1948م وحتى"; not after و,
 * which ends a list ("1926 و1927 وحتى 1957") */
static int year_until(const ctx *c, size_t i)
{
    size_t k = i + (unit_of(c, i) == U_YEAR);
    if (!year_num(c, k) || has_waw(c, i) || is_cls(c, i - 1, C_AND))
        return 0;
    k += 1 + is_cls(c, k + 1, C_GMARK);
    return is_prep(c, k, P_UNTIL) && has_waw(c, k);
}

/* "من 2003 إلى 2008", "من عام 1981 إلى عام 1998", "بين 1999 و2007", "بين عام 2011 وعام 2014",
 * "منذ عام 2004 وحتى 2014": two bare years after من/بين/منذ joined by إلى/حتى (or و after بين),
 * or in brackets of their own joined by إلى/حتى ("(1984 وحتى 1995)"), are one span of years
 * (every such pair in SaudiNewsNet is one: 200 of them). Sets the years; returns the token after
 * it, or 0. */
static size_t year_range(const ctx *c, size_t i, int *y1, int *y2)
{
    if (i == 0 || c->t[i].nl)
        return 0;
    int paren = is_punct(c, i - 1, '('); /* "(1963 إلى 1991)": a term of office */
    int lead = paren || is_prep(c, i - 1, P_FROM) || is_prep(c, i - 1, P_BETWEEN) || is_prep(c, i - 1, P_SINCE);
    /* with no من before, وحتى alone still joins two years ("بدأت في عام 1930م وحتى عام 1960",
     * "تعود إلى العام 1948م وحتى 1952م": all 4 such pairs in SaudiNewsNet) */
    const tx_tok *t = &c->t[i]; /* a number or a unit before the call: this line runs at every word */
    if (!lead && !((t->kind == TK_NUM || (t->kind == TK_WORD && t->cls == C_UNIT)) && year_until(c, i)))
        return 0;
    int between = is_prep(c, i - 1, P_BETWEEN);
    size_t k = i;
    /* "بين العامين 2017 إلى 2020": the dual of both after بين */
    if (unit_of(c, k) == U_YEAR && !paren && !has_waw(c, k) &&
        (!(c->t[k].val & (F_DUAL | F_PLURAL)) || (between && (c->t[k].val & F_DUAL))))
        k++;
    size_t we;
    if ((*y1 = words_year(c, k, &we)) != 0) /* "من عام ألفين لغاية 2015" */
        k = we;
    else if (!year_num(c, k) || c->t[k].val < 1800 || c->t[k].val > 2100)
        return 0;
    else
        *y1 = c->t[k++].val;
    if (is_cls(c, k, C_GMARK))
        k++;
    if (is_prep(c, k, P_TO) || is_prep(c, k, P_UNTIL) || (between && is_cls(c, k, C_AND)))
        k++;
    else if (!(between && unit_of(c, k) == U_YEAR && has_waw(c, k))) /* "وعام 2014" */
        return 0;
    if (unit_of(c, k) == U_YEAR && !(c->t[k].val & (F_DUAL | F_PLURAL)))
        k++;
    if (!year_num(c, k) || c->t[k].val <= *y1 || c->t[k].val - *y1 >= 200 || c->t[k].val > 2100 ||
        unit_of(c, k + 1) || is_punct(c, k + 1, '/') || (is_num(c, k + 1) && !c->t[k + 1].sp))
        return 0;
    if (counted_noun(c, k + 1))
        return 0; /* "من 2050 إلى 2090 نقطة": an index level */
    *y2 = c->t[k++].val;
    if (is_cls(c, k, C_GMARK))
        k++;
    return paren && !is_punct(c, k, ')') ? 0 : k;
}

/* a year of 1900-2100 at k standing alone in a list (nothing counted or measured after it) */
static int listed_year(const ctx *c, size_t k)
{
    return year_num(c, k) && c->t[k].val >= 1900 && c->t[k].val <= 2100 && !unit_of(c, k + 1) &&
           !counted_noun(c, k + 1) && !is_punct(c, k + 1, '/') && !is_punct(c, k + 1, '-') && !is_punct(c, k + 1, '%');
}

/* "في الأعوام 2018، 2020، 2023، 2026": a plural of years before three written years or more,
 * joined by commas or و, names each of them; emits them and returns the token after the last,
 * 0 if the form is not there (two are a pair or a span, read elsewhere) */
static size_t year_list(ctx *c, size_t i)
{
    size_t k = i + 1, last = 0;
    int n = 0;
    while (listed_year(c, k) && !c->t[k].nl) {
        n++;
        last = k;
        size_t j = k + 1;
        if (comma_at(c, j))
            j++;
        if (is_cls(c, j, C_AND) && !c->t[j].nl)
            j++;
        if (j == k + 1 || !listed_year(c, j))
            break;
        k = j;
    }
    if (n < 3)
        return 0;
    for (k = i + 1; k <= last; k++) {
        if (!year_num(c, k))
            continue;
        char v[16];
        snprintf(v, sizeof v, "%04d", c->t[k].val);
        if (emit(c, k, k + 1, "DATE", v, NULL, AK_GRAN_YEAR))
            return 0;
    }
    return last + 1;
}

/* "للسنوات الثلاث المقبلة (2016 - 2017 - 2018)": three consecutive years or more joined by dashes
 * are a list, each year its own (two are a season, read as a span below); emits them and returns
 * the token after the last, 0 if the form is not there */
static size_t year_chain(ctx *c, size_t i)
{
    if (i > 0 && (is_punct(c, i - 1, '-') || is_punct(c, i - 1, '/') || is_num(c, i - 1)))
        return 0;
    if (!year_num(c, i) || c->t[i].val < 1900 || c->t[i].val > 2100)
        return 0;
    size_t k = i;
    int n = 1;
    while (is_punct(c, k + 1, '-') && year_num(c, k + 2) && c->t[k + 2].val == c->t[k].val + 1 && !c->t[k + 2].nl) {
        k += 2;
        n++;
    }
    if (n < 3 || !listed_year(c, k))
        return 0;
    for (size_t j = i; j <= k; j += 2) {
        char v[16];
        snprintf(v, sizeof v, "%04d", c->t[j].val);
        if (emit(c, j, j + 1, "DATE", v, NULL, AK_GRAN_YEAR))
            return 0;
    }
    return k + 1;
}

/* "الثلث الثاني من عام 1436هـ الجاري", "الثلث الأول من العام الجاري": a third of a year is its
 * four months (TIMEX3 has no thirds): a range of months, or of days for a Hijri year. Writes
 * the value; returns the token after the expression, i if none. */
static size_t third_of_year(ctx *c, size_t i, char *v, size_t vn)
{
    if (!is_cls(c, i, C_THIRD) || !is_cls(c, i + 1, C_ORD) || c->t[i + 1].val < 1 || c->t[i + 1].val > 3)
        return i;
    int n = c->t[i + 1].val, yr = 0, h = 0;
    size_t k = is_prep(c, i + 2, P_FROM) ? i + 3 : i + 2, e = k;
    char pv[32];
    if ((yr = year_part(c, k, &e, &h)) != 0) {
        if (is_cls(c, e, C_DIR) && c->t[e].val == D_THIS)
            e++; /* "عام 1436هـ الجاري" */
    } else if (period_at(c, k, pv, sizeof pv, &e) == AK_GRAN_YEAR)
        yr = atoi(pv);
    if (!yr)
        return i;
    int m0 = (n - 1) * 4 + 1, m1 = n * 4;
    if (!h) {
        snprintf(v, vn, "%04d-%02d/%04d-%02d", yr, m0, yr, m1);
        return e;
    }
    return hijri_months_days(yr, m0, 4, v, vn) ? e : i;
}

/* The rank of a third at k: الأول 1, الثاني 2, الثالث or الأخير 3; 0 if none */
static int third_rank(const ctx *c, size_t k)
{
    if (word_eq(c, k, "الأخير"))
        return 3;
    return is_cls(c, k, C_ORD) && c->t[k].val >= 1 && c->t[k].val <= 3 ? c->t[k].val : 0;
}

/* The century a share names after its word and rank at i, i + 1: "من القرن الماضي", or with ل
 * glued on when glued ("للقرن العشرين"), not one before Christ. Sets *k (the century word) and
 * *cent; returns the token after the century, 0 if none. */
static size_t century_of_share(const ctx *c, size_t i, int glued, size_t *k, int *cent)
{
    size_t e;
    *cent = -1;
    *k = is_prep(c, i + 2, P_FROM) ? i + 3 : i + 2;
    if (unit_of(c, *k) != U_CENTURY || !(c->t[*k].val & F_DEF) ||
        (*k == i + 2 && (!glued || memcmp(c->s + c->t[*k].b0, "\xd9\x84", 2) != 0)) || /* ل: the token is there */
        (e = century_of(c, *k, cent)) <= *k || *cent < 0 || is_prep(c, e, P_BEFORE))
        return 0;
    return e;
}

/* "منذ الثلث الأول من القرن الماضي": a third of a century is its start, middle or end (as "مطلع
 * القرن الماضي" is); not of a Hijri century nor of one before Christ. Writes the century's
 * digits; returns the token after the expression, i if none. */
static size_t third_of_century(const ctx *c, size_t i, char *v, size_t vn)
{
    int cent;
    size_t k, e;
    if (!third_rank(c, i + 1) || !(e = century_of_share(c, i, 0, &k, &cent)) || is_cls(c, e, C_HMARK))
        return i;
    snprintf(v, vn, "%02d", cent);
    return e;
}

/* "النصف الثاني من القرن العشرين": a half of a century is its start or its end (as a third is,
 * third_of_century); of a Hijri century, the Gregorian years of its fifty (hijri_century_years).
 * Writes the value and *mod (0 for a Hijri one); returns the token after the expression, i if none. */
static size_t half_of_century(const ctx *c, size_t i, char *v, size_t vn, int *mod)
{
    int cent, h = is_cls(c, i + 1, C_ORD) ? c->t[i + 1].val : 0;
    size_t k, e; /* "من القرن", or ل glued on ("النصف الأول للقرن العشرين") */
    if (h < 1 || h > 2 || !(e = century_of_share(c, i, 1, &k, &cent)))
        return i;
    if (is_cls(c, e, C_HMARK)) {
        *mod = 0;
        return hijri_century_years(cent, h, 2, v, vn) ? e + 1 : i;
    }
    if (cent < 15 && !is_cls(c, e, C_GMARK) && !is_cls(c, k + 1, C_DIR))
        return i; /* as century_alone: an unmarked early century is as often the Hijri one */
    snprintf(v, vn, "%02d", cent);
    *mod = h == 1 ? M_START : M_END;
    return is_cls(c, e, C_GMARK) ? e + 1 : e;
}

/* A Hijri year written at *e with its mark ("1436 هـ" after "العام الحالي"): sets *yr to it and
 * moves *e past it */
static int hijri_year_after(const ctx *c, size_t *e, int *yr)
{
    size_t k = *e;
    if (!is_num(c, k) || c->t[k].ndig != 4 || c->t[k].val < 1300 || c->t[k].val >= 1600 || !is_cls(c, k + 1, C_HMARK))
        return 0;
    *yr = c->t[k].val;
    *e = k + 2;
    return 1;
}

/* quarter q of Hijri year hy as its three months' days ("2015-04-20/2015-07-16"); 0 if unknown */
static int hijri_quarter_days(int hy, int q, char *v, size_t vn)
{
    return hy && q >= 1 && q <= 4 && hijri_months_days(hy, (q - 1) * 3 + 1, 3, v, vn);
}

/* "منذ بداية العام الحالي 1436هـ وحتى نهاية الربع الثالث": a quarter without its year after a
 * whole Hijri year (twelve tokens at most) is that year's quarter, its three months' days */
static int hijri_quarter(const ctx *c, size_t i, int q, char *v, size_t vn)
{
    int hy = c->last_hijri;
    if (!hy || c->last_year_tok + 12 < i || c->last_year_tok > i)
        return 0;
    for (size_t k = c->last_year_tok; k < i; k++)
        if (c->t[k].nl || sentence_end(c, k))
            return 0; /* the year's own sentence only */
    return hijri_quarter_days(hy, q, v, vn);
}

/* Tries every pattern at i; emits at most one expression; returns the index after
 * it, or i when nothing matched. */
static size_t match_core(ctx *c, size_t i);

static int quote_mark(const tx_tok *t)
{
    return t->kind == TK_PUNCT && (t->val == '"' || t->val == 0xAB || t->val == 0xBB || t->val == 0x201C || t->val == 0x201D);
}

/* A Hijri year without its هـ closing the name of a festival or season headed at i ("مهرجان صيف
 * الباحة ١٤٣٦", "مهرجان «العيد فرحة 1436»", "موسم حج 1436"): in Saudi news a year from 1400 to
 * 1450 there is the Hijri one, and so are its last two digits with هـ ("36 هـ" is 1436). The
 * name is up to three words ("صيف منطقة الباحة"; a season word among them), after an opening
 * quote if any; a full year with هـ, a unit, '/' or '-' after it is left to the other patterns.
 * Returns the year's token, i if none. */
static size_t event_hijri_year(const ctx *c, size_t i)
{
    if (!is_cls(c, i, C_EVENT) || c->t[i].val != 0)
        return i;
    size_t y = i + 1, q = 0;
    if (on(c, y) && quote_mark(&c->t[y]))
        y++, q = 1;
    while (y < i + 4 + q && on(c, y) && c->t[y].kind == TK_WORD && (c->t[y].cls == C_NONE || c->t[y].cls == C_SEASON))
        y++;
    /* "مهرجان أبها يجمعنا 36 هـ", "صيف عنيزة 33هـ": the year's last two digits with هـ */
    if (is_num(c, y) && c->t[y].ndig == 2 && c->t[y].val >= 30 && c->t[y].val <= 50 && is_cls(c, y + 1, C_HMARK))
        return y;
    if (!year_num(c, y) || c->t[y].val < 1400 || c->t[y].val > 1450 || is_cls(c, y + 1, C_HMARK) ||
        unit_of(c, y + 1) || pair_sep(c, y + 1))
        return i;
    return y;
}

/* a straight '"' at i that closes a quote: an odd number of them before it on its line
 * ("فعاليات " معرض الأسر المنتجة 2015""), looked for over at most 200 tokens */
static int closing_quote(const ctx *c, size_t i)
{
    if (!is_punct(c, i, '"'))
        return 0;
    int n = 0;
    for (size_t k = i; k > 0 && i - k < 200; k--) {
        if (c->t[k - 1].kind == TK_PUNCT && c->t[k - 1].val == '"')
            n++;
        if (c->t[k - 1].nl)
            break;
    }
    return n % 2 == 1;
}

/* a quote that closes at k: », ” or a closing straight '"' */
static int quote_closes(const ctx *c, size_t k)
{
    return is_punct(c, k, 0xBB) || is_punct(c, k, 0x201D) || closing_quote(c, k);
}

/* token k opens with "ولل" ("وللسنة", "وللمرة"): a phrase of its own joined on */
static int waw_lil(const ctx *c, size_t k)
{
    return on(c, k) && c->t[k].kind == TK_WORD && c->t[k].b1 - c->t[k].b0 > 6 &&
           memcmp(c->s + c->t[k].b0, "\xd9\x88\xd9\x84\xd9\x84", 6) == 0;
}

/* "واليوم الرياضي المفتوح", "اليوم العربي لليتيم": a definite nisba at k named further by a
 * day's adjective or a لل- phrase is a day's name ("اليوم النهائي السادس", "اليوم التحدي الأكبر"
 * stay today) */
static int named_day_nisba(const ctx *c, size_t k)
{
    return nisba_word(c, k) && (is_cls(c, k + 1, C_DAYADJ) || raw_prefix(c, k + 1, "\xd9\x84\xd9\x84", 2));
}

/* "بالأمس", "وبالأمس", "فبالأمس" at i (read at a line's start too, "\nوبالأمس انتقل", where the
 * scan asks before its start is set) */
static inline int ba_form(const ctx *c, size_t i)
{
    static const char *const forms[] = {"بالأمس", "وبالأمس", "فبالأمس"};
    size_t len = i < c->n && c->t[i].kind == TK_WORD ? c->t[i].b1 - c->t[i].b0 : 0;
    if ((len != 12 && len != 14) || memcmp(c->s + c->t[i].b1 - 2, "\xd8\xb3", 2) != 0) /* ends in س */
        return 0;
    int hit = 0;
    for (size_t w = 0; w < sizeof forms / sizeof forms[0] && !hit; w++)
        hit = tx_fold_eq(c->s + c->t[i].b0, len, forms[w], 0);
    return hit;
}

/* the بالأمس at i is the past at large by its own words: "بالأمس القريب" (lately), or a copula of
 * then or "كأن" up to three words before ("كانت بالأمس تدور", "كانوا رفاقا بالأمس", "كأنما هي
 * كلمات بالأمس كتبت") */
static int ba_then(const ctx *c, size_t i)
{
    /* folded: "كأن" reads as "كان", so the forms of كأن need no rows of their own */
    static const char *const then[] = {"كان", "كانت", "كانوا", "كنت", "كنا", "يكن", "تكن", "يكون", "تكون",
                                       "وكان", "وكانت", "كأنه", "كأنها", "كأنما", "وكأنه", "وكأنها", "وكأنما"};
    if (word_eq(c, i + 1, "القريب") || word_eq(c, i + 1, "البعيد"))
        return 1;
    size_t words = 0;
    for (size_t k = i; k > 0 && words < 3 && !sentence_end(c, k - 1) && !c->t[k].nl; k--) {
        if (c->t[k - 1].kind != TK_WORD)
            continue;
        words++;
        if (word_in(c, k - 1, then, sizeof then / sizeof then[0]))
            return 1;
    }
    return 0;
}

/* "الأمس" at i as a noun of the past ("عدو الأمس", "بين الأمس واليوم"), not a day after a part of
 * day, a day word or حتى/منذ ("مساء الأمس", "حتى الأمس") */
static int the_past_noun(const ctx *c, size_t i)
{
    /* the cheap look first (ten or twelve bytes ending in س): the scan asks at every word */
    size_t len = i < c->n && c->t[i].kind == TK_WORD ? c->t[i].b1 - c->t[i].b0 : 0;
    if ((len != 10 && len != 12) || memcmp(c->s + c->t[i].b1 - 2, "\xd8\xb3", 2) != 0)
        return 0;
    if (!word_eq(c, i, "الأمس") && !word_eq(c, i, "والأمس"))
        return 0;
    return !(i > 0 && (is_cls(c, i - 1, C_AMPM) || unit_of(c, i - 1) == U_DAY || is_prep(c, i - 1, P_UNTIL) ||
                       is_prep(c, i - 1, P_SINCE)));
}

/* token j says "in the old days": "قديما", "سابقا", "منذ القدم", "في الماضي", "في السابق" */
static int then_mark(const ctx *c, size_t j)
{
    static const char *const w[] = {"قديما", "وقديما", "سابقا", "وسابقا"};
    if (word_in(c, j, w, sizeof w / sizeof w[0]))
        return 1;
    if (j == 0 || c->t[j].nl)
        return 0;
    return (word_eq(c, j, "القدم") && is_prep(c, j - 1, P_SINCE)) ||
           ((word_eq(c, j, "الماضي") || word_eq(c, j, "السابق")) && (word_eq(c, j - 1, "في") || word_eq(c, j - 1, "وفي")));
}

/* What stands before "اليوم" at i when a copula after it says what holds now: the clause's
 * opening و/ف on it ("فاليوم هو وقت"), a definite subject ("السعودية اليوم هي"), "لدينا"
 * ("ما لدينا اليوم هو"), or a present verb ("ما يحدث اليوم هو", "التي نواجهها اليوم هي",
 * "ما أراه اليوم هو"); not a noun in construct ("اتفاق اليوم هو", "مباراة اليوم هي": today's)
 * nor a verb told done ("المواجهات التي دارت اليوم هي") */
static int now_subject_before(const ctx *c, size_t i)
{
    static const char *const have[] = {"لدينا", "لدي", "لديهم", "لديه", "لديها", "عندنا"};
    if (has_waw(c, i) || raw_prefix(c, i, "\xd9\x81", 0)) /* و, ف */
        return 1;
    if (i == 0 || c->t[i].nl || c->t[i - 1].kind != TK_WORD)
        return 0;
    if (definite_word(c, i - 1) || word_in(c, i - 1, have, sizeof have / sizeof *have))
        return 1;
    char f[TX_WMAX];
    size_t n = tok_fold(c, i - 1, f);
    if (n < 6)
        return 0;
    const tx_tok *t = &c->t[i - 1]; /* an object pronoun as written: ه, not the ة of a noun */
    int pron = memcmp(c->s + t->b1 - 2, "\xd9\x87", 2) == 0 || ends_with(f, n, "ها");
    return memcmp(f, "ي", 2) == 0 || memcmp(f, "ن", 2) == 0 ||
           ((memcmp(f, "ا", 2) == 0 || memcmp(f, "ت", 2) == 0) && pron);
}

/* a bare "اليوم" set against a decade earlier in its sentence is "nowadays": "شهدت المملكة
 * خلال فترة السبعينات طفرة سكانية ... لكنها انخفضت اليوم" (not after a part of day or حتى) */
static int nowadays(const ctx *c, size_t i)
{
    /* "جيل اليوم", "عالم اليوم", "شباب اليوم": today's generation, world, youth */
    static const char *const eras[] = {"جيل", "أجيال", "زمن", "زماننا", "عالم", "عالمنا", "شباب", "مجتمع", "مجتمعنا",
                                       "إنسان", "واقع", "واقعنا"};
    if (i > 0 && (is_cls(c, i - 1, C_AMPM) || is_prep(c, i - 1, P_UNTIL) || is_prep(c, i - 1, P_TO) ||
                  unit_of(c, i - 1) == U_DAY))
        return 0;
    if (head_before(c, i, eras, sizeof eras / sizeof eras[0]))
        return 1;
    /* "الهيئة تعد اليوم مساهماً رئيساً", "أصبحت اليوم من أرخص مصادر الطاقة": a state held or
     * reached these days; "فيما يعتبر اليوم الأكثر دموية" is a day, its adjective after it */
    static const char *const become[] = {"أصبح", "أصبحت", "أضحى", "أضحت", "بات", "باتت", "صار", "صارت",
                                         "يعد", "تعد", "يعتبر", "تعتبر"};
    static const size_t becoming = 8; /* the verbs of becoming proper, before those of counting as */
    if (head_before(c, i, become, sizeof become / sizeof become[0]) && !definite_word(c, i + 1))
        return 1;
    /* "عدن اليوم باتت أكثر أمنا": a verb of becoming right after it; "ما نعيشه اليوم", "ما هي
     * عليه اليوم", "المعروفة اليوم باسم", "ما نراه اليوم", "كما نعرفه اليوم", "التي نفتقدها
     * اليوم", "التي نواجهها اليوم": the present lived in, seen, missed or faced, the state things
     * are in, what a place is known as now */
    static const char *const lived[] = {"نعيش", "نعيشه", "نعيشها", "تعيش", "تعيشه", "تعيشها", "يعيش", "يعيشه",
                                        "نشهده", "نشهدها", "تشهده", "تشهدها", "المعروف", "المعروفة",
                                        "نراه", "نراها", "نشاهده", "نشاهدها", "نعرفه", "نعرفها", "نفتقده",
                                        "نفتقدها", "تفتقده", "تفتقدها", "نواجهه", "نواجهها", "نعانيه", "نعانيها"};
    if (on(c, i + 1) && !c->t[i + 1].nl && word_in(c, i + 1, become, becoming))
        return 1;
    if (i > 0 && !c->t[i].nl &&
        (word_in(c, i - 1, lived, sizeof lived / sizeof *lived) ||
         (i > 1 && (word_eq(c, i - 1, "عليه") || word_eq(c, i - 1, "عليها")) &&
          (word_eq(c, i - 2, "هو") || word_eq(c, i - 2, "هي")))))
        return 1;
    /* "إن الحروب اليوم انتقلت", "إن الأمة اليوم لم تتماس": a sentence opening on إن and a
     * definite noun states how things stand these days (5 of 6 in SaudiNewsNet; inside what
     * someone said, "وقال ... إن الطقس اليوم ما زال", it is the day) */
    if (i >= 2 && !c->t[i].nl && !c->t[i - 1].nl && definite_word(c, i - 1) && c->t[i - 1].cls == C_NONE &&
        word_eq(c, i - 2, "إن") && (opens_sentence(c, i - 2) || (i >= 3 && is_punct(c, i - 3, ':'))) &&
        !is_cls(c, i + 1, C_WEEKDAY) && !paren_weekday(c, i + 1))
        return 1;
    /* "التطور الذي يشهده العالم اليوم", "زعماء العالم اليوم": the world of these days (all 18
     * in SaudiNewsNet); not the world marking a day ("يحتفل العالم اليوم باليوم العالمي") */
    static const char *const mark[] = {"يحتفل", "ويحتفل", "يحيي", "ويحيي", "يحتفي", "ويحتفي", "يستقبل", "يودع"};
    static const char *const marked[] = {"باليوم", "بيوم", "بذكرى", "بعيد"};
    if (i > 0 && !c->t[i].nl && word_eq(c, i - 1, "العالم") &&
        !(i > 1 && word_in(c, i - 2, mark, sizeof mark / sizeof *mark)) &&
        !word_in(c, i + 1, marked, sizeof marked / sizeof *marked))
        return 1;
    /* "وهي اليوم شريك", "نحن اليوم أحوج": a pronoun's state now (not "ها نحن اليوم", here and
     * now, nor days counted from this one); "لو أنصتنا اليوم": what would be, were it so now */
    static const char *const pronouns[] = {"هو", "هي", "هم", "نحن", "وهو", "وهي",
                                           "وهم", "ونحن", "فهو", "فهي", "فهم", "فنحن"};
    static const char *const were[] = {"لو", "ولو", "فلو"};
    if (i > 0 && !c->t[i].nl && word_in(c, i - 1, pronouns, sizeof pronouns / sizeof *pronouns) &&
        !(i > 1 && (word_eq(c, i - 2, "ها") || word_eq(c, i - 2, "وها") || word_eq(c, i - 2, "فها"))) &&
        !(word_eq(c, i + 1, "على") && (word_eq(c, i + 2, "بعد") || word_eq(c, i + 2, "أعتاب"))))
        return 1; /* "نحن اليوم على بعد أيام من البطولة" counts the days from this one */
    /* "إننا اليوم نفخر", "لكنها اليوم تحاول", "ولكنهم اليوم مرشحون": إن, أن or لكن bearing
     * we, she or they sets how things stand now against before (all 27 in SaudiNewsNet; not
     * the singular, "لكنني اليوم لن أخدعه", a column's own day) */
    static const char *const stances[] = {"إننا", "وإننا", "فإننا", "لكننا", "ولكننا", "إنها", "فإنها",
                                          "لكنها", "ولكنها", "لكنهم", "ولكنهم"};
    if (i > 0 && !c->t[i].nl && word_in(c, i - 1, stances, sizeof stances / sizeof *stances) &&
        !is_cls(c, i + 1, C_WEEKDAY) && !paren_weekday(c, i + 1))
        return 1;
    for (size_t k = 1; k <= 3 && k <= i && c->t[i - k + 1].kind != TK_PUNCT && !c->t[i - k + 1].nl; k++)
        if (word_in(c, i - k, were, sizeof were / sizeof *were))
            return 1;
    /* "فاليوم هو وقت تسمية الأشياء", "ما لدينا اليوم هو نظام", "مصالح بكين اليوم هي": a copula
     * right after it says what holds now (not "هذا اليوم هو", a day pointed at) */
    static const char *const copula[] = {"هو", "هي"};
    if (on(c, i + 1) && !c->t[i + 1].nl && word_in(c, i + 1, copula, sizeof copula / sizeof *copula) &&
        now_subject_before(c, i))
        return 1;
    /* "أما اليوم، فإن ...", "أما اليوم فالأمور تغيرت": "as for today", set against the past
     * told before it (all such in SaudiNewsNet save "أما اليوم الثاني", a ranked day) */
    if (i > 0 && !c->t[i].nl && (word_eq(c, i - 1, "أما") || word_eq(c, i - 1, "وأما")) && !definite_word(c, i + 1))
        return 1;
    size_t k = sentence_start(c, i, 60);
    /* "كانت بالأمس تدور بعيداً عنا واليوم أصبحت واقعاً", "بالأمس واليوم هو يقاتل": a bare
     * yesterday set against today, which a verb of becoming or a pronoun opens: then and now */
    static const char *const now_heads[] = {"أصبح", "أصبحت", "بات", "باتت", "صار", "صارت", "هو", "هي", "هم"};
    if (has_waw(c, i) && on(c, i + 1) && !c->t[i + 1].nl) {
        char f[TX_WMAX];
        size_t n = tok_fold(c, i + 1, f), then = 0;
        for (size_t w = 0; w < sizeof now_heads / sizeof now_heads[0] && !then && n; w++)
            then = (size_t)tx_fold_eq(f, n, now_heads[w], 0);
        for (size_t j = i; then && j > k && j + 20 > i; j--)
            if (word_eq(c, j - 1, "بالأمس") || (word_eq(c, j - 1, "الأمس") && !(j >= 2 && unit_of(c, j - 2) == U_DAY)))
                return 1;
    }
    /* "العراق في الماضي احتل دولة الكويت، واليوم يقع ...", "في الماضي كنت أستبعد الأمر أما
     * اليوم", "إن كانت أداة التاريخ في الماضي هي الكتابة، فاللغة اليوم اختلفت": the old days
     * set against today (وَ, أما or a definite noun with ف or و opening its clause before it) */
    int opened = i > 0 && !c->t[i].nl && c->t[i - 1].kind == TK_WORD && c->t[i - 1].b1 - c->t[i - 1].b0 > 8 &&
                 (memcmp(c->s + c->t[i - 1].b0, "\xd9\x81\xd8\xa7\xd9\x84", 6) == 0 ||
                  memcmp(c->s + c->t[i - 1].b0, "\xd9\x88\xd8\xa7\xd9\x84", 6) == 0); /* فال, وال */
    if (has_waw(c, i) || (i > 0 && word_eq(c, i - 1, "أما")) || opened)
        for (size_t j = i; j > k && j + 30 > i; j--)
            if (then_mark(c, j - 1))
                return 1;
    /* "لا معنى للثورة اليوم، ولم يكن لها بالأمس معنى آخر", "عدو الأمس يصبح حليف اليوم": a
     * yesterday of the past at large in the sentence makes today the present at large */
    for (size_t j = k; j < i + 25 && on(c, j) && !(j > i && sentence_end(c, j)); j++)
        if (j != i && ((ba_form(c, j) && ba_then(c, j)) || the_past_noun(c, j)))
            return 1;
    for (size_t o = *c->nout; o > 0; o--) {
        const ak_timex *x = &(*c->out)[o - 1];
        if (x->byte_start < c->t[k].b0)
            break;
        if (x->granularity == AK_GRAN_DECADE && strlen(x->value) == 4) /* a decade, not a century */
            return 1;
    }
    /* "أفضل اليوم ... مما كانت عليه في التسعينيات", "أحادي اليوم أكثر مما كان عليه الحال في
     * الماضي": set against a decade or the old days it is compared with */
    /* "اليوم المعادلة اختلفت", "اليوم فالأمور تغيرت": today said to differ from before */
    static const char *const changed[] = {"اختلفت", "اختلف", "تغيرت", "تغيّرت", "تبدلت", "تبدّلت"};
    for (size_t j = i + 1; j <= i + 3 && on(c, j) && !c->t[j].nl && c->t[j].kind == TK_WORD; j++)
        if (word_in(c, j, changed, sizeof changed / sizeof *changed))
            return 1;
    /* "في حاجة اليوم أكثر من أي وقت مضى", "آمنة اليوم أكثر من أي وقت مضى": now set against
     * all times before it */
    for (size_t j = i + 1; j + 3 < i + 16 && on(c, j + 3) && !sentence_end(c, j); j++)
        if (word_eq(c, j, "من") && word_eq(c, j + 1, "أي") && word_eq(c, j + 2, "وقت") && word_eq(c, j + 3, "مضى"))
            return 1;
    int than = 0;
    char dv[16];
    size_t de;
    for (size_t j = i + 1; j < i + 25 && on(c, j) && !sentence_end(c, j); j++) {
        if (word_eq(c, j, "مما") || word_eq(c, j, "عما"))
            than = 1;
        else if (than && (decade_at(c, j, dv, sizeof dv, &de) || then_mark(c, j)))
            return 1;
    }
    return 0;
}

/* "وذكرت الهيئة أمس الأول أن الوضع ... تغير اليوم السبت" under a Sunday stamp: "اليوم" with its
 * weekday later in the sentence, a day or two before the stamp (written then, stamped late), is
 * the text's today for a bare relative day before it too. NODAY when there is none. */
static int32_t told_today_ahead(const ctx *c, size_t k)
{
    if (c->dct == NODAY || is_cls(c, k, C_TODAY)) /* "صباح يوم أمس اليوم الجمعة": a slip, its weekday the one told */
        return NODAY;
    for (size_t j = k; j < c->n && j < k + 40; j++) {
        if (c->t[j].nl || sentence_end(c, j))
            break;
        if (is_cls(c, j, C_TODAY) && is_cls(c, j + 1, C_WEEKDAY) && !has_waw(c, j + 1) && !c->t[j + 1].nl) {
            int back = (ak_cal_weekday(c->dct) - c->t[j + 1].val + 7) % 7;
            return back >= 1 && back <= 2 ? c->dct - back : NODAY;
        }
    }
    return NODAY;
}

/* "اليوم" after "ذات/نفس" (the same day) or after "ذلك" ("في ذلك اليوم", "صباح ذلك اليوم",
 * "أعلن مفقودا ذلك اليوم", "بتوقيت بكين ذلك اليوم", "لم أنس ذلك اليوم") is the day the story told
 * last, not today; only a verb of saying right before ذلك, its object, keeps today ("أوضح ذلك اليوم
 * مدير الفرع": that, today), unless what was said follows ("وصرّح ذلك اليوم بأن": that day). */
static int same_day_anaphor(const ctx *c, size_t i)
{
    if (i == 0 || c->t[i].nl || !on(c, i - 1))
        return 0;
    static const char *const say[] = {"أوضح", "وأوضح", "أوضحت", "وأوضحت", "أكد", "وأكد", "أكدت", "وأكدت",
                                      "ذكر", "وذكر", "ذكرت", "وذكرت", "أعلن", "وأعلن", "أعلنت", "وأعلنت",
                                      "بين", "وبين", "بينت", "وبينت", "أفاد", "وأفاد", "أفادت", "وأفادت",
                                      "كشف", "وكشف", "كشفت", "وكشفت", "قال", "وقال", "قالت", "وقالت"};
    if (word_eq(c, i - 1, "ذات") || word_eq(c, i - 1, "نفس") || word_eq(c, i - 1, "بذات") || word_eq(c, i - 1, "بنفس"))
        return 1;
    /* "من جف ذاك اليوم": the far demonstrative is that day, with or without a preposition */
    if (word_eq(c, i - 1, "ذاك") || word_eq(c, i - 1, "وذاك"))
        return 1;
    if (!word_eq(c, i - 1, "ذلك") || c->t[i - 1].nl)
        return 0;
    return !(i >= 2 && word_in(c, i - 2, say, sizeof say / sizeof say[0]) &&
             !word_eq(c, i + 1, "بأن") && !word_eq(c, i + 1, "أن"));
}

/* token i is a word written with the article ال */
static int definite_word(const ctx *c, size_t i)
{
    return on(c, i) && c->t[i].kind == TK_WORD && c->t[i].b1 - c->t[i].b0 > 4 &&
           memcmp(c->s + c->t[i].b0, "\xd8\xa7\xd9\x84", 4) == 0;
}

/* a number among the five words before token i, no punctuation or line break between */
static int count_before(const ctx *c, size_t i)
{
    for (size_t k = i, n = 0; k > 0 && n < 5; n++) {
        k--;
        if (!on(c, k) || c->t[k].kind == TK_PUNCT)
            return 0;
        /* "خمسة أيام في الشهر", "ثلاثة اختبارات في السنة": a count word before a unit or a noun */
        if (is_num(c, k) || (is_cls(c, k, C_NUMW) && (unit_of(c, k + 1) || (c->t[k].val >= 3 && bare_noun_after(c, k + 1)))))
            return 1;
        if (c->t[k].nl)
            return 0;
    }
    return 0;
}

/* "هذا العام 1436هـ", "بداية العام الحالي 1436هـ": a Hijri year written right after a year period
 * names it; writes the year's days and returns the token after it, or 0 (v untouched) */
static size_t period_hijri_year(const ctx *c, size_t e, char *v, size_t n)
{
    if (!is_num(c, e) || c->t[e].ndig != 4)
        return 0;
    /* "لهذا العام 1436": without its هـ, a year of the stamp's Hijri year or one beside it */
    if (!is_cls(c, e + 1, C_HMARK) && c->dct != NODAY && unmarked_hijri_year(c, e) && !unit_of(c, e + 1) &&
        !counted_noun(c, e + 1) && abs(c->t[e].val - c->dhy) <= 1 && hijri_year_span(c->t[e].val, v, n))
        return e + 1;
    if (!is_cls(c, e + 1, C_HMARK) || !hijri_year_span(c->t[e].val, v, n))
        return 0;
    return e + 2;
}

/* A pair of years at e that reads alone, right after a year period: "للعام الحالى 1436 – 1437هـ",
 * "العام الماضي 1435 /1436هـ", "العام الحالي 1436هـ/1437هـ", "العام الماضي 2014-2015". The budget
 * or school year the pair names is no calendar year of its own: the pair is the expression, as
 * after a bare "للعام"; without its هـ too when both years are of 1380-1445 ("العام الماضي
 * 1435/1436", unmarked_hijri_pair). */
static int period_year_pair(const ctx *c, size_t e)
{
    if (!year_num(c, e))
        return 0;
    if (hijri_pair_marked(c, e))
        return c->t[e + 3].val == c->t[e].val + 1;
    return pair_sep(c, e + 1) && is_num(c, e + 2) && c->t[e + 2].ndig == 4 && c->t[e + 2].val == c->t[e].val + 1 &&
           (is_cls(c, e + 3, C_HMARK) || c->t[e].val >= 1900 || unmarked_hijri_pair(c, e));
}

/* "العام الماضي (2014)", "العام المنصرم (1435هـ)": the year period's year written in parentheses
 * right after it joins it, as it does unbracketed ("العام الماضي 1435ه"); a Gregorian year only
 * when it is the period's own, a Hijri one only when its days meet that year. Writes the value
 * into v (the period's year on entry) and returns the token after the closing parenthesis, or 0
 * (v untouched). */
static size_t period_paren_year(const ctx *c, size_t e, char *v, size_t n)
{
    if (!is_punct(c, e, '(') || !is_num(c, e + 1) || c->t[e + 1].ndig != 4)
        return 0;
    int y = atoi(v);
    if (is_cls(c, e + 2, C_HMARK)) {
        char w[48];
        if (!is_punct(c, e + 3, ')') || !period_hijri_year(c, e + 1, w, sizeof w) || !strchr(w, '/'))
            return 0;
        if (y < atoi(w) || y > atoi(strchr(w, '/') + 1))
            return 0;
        snprintf(v, n, "%s", w);
        return e + 4;
    }
    size_t k = is_cls(c, e + 2, C_GMARK) ? e + 3 : e + 2;
    return c->t[e + 1].val == y && is_punct(c, k, ')') ? k + 1 : 0;
}

/* the unit written with its ل or ب glued to the article ("للعام", "للسنة", "بالشهر", "لليوم"):
 * before "الواحد/الواحدة" a rate, as with في ("11 مليون يورو للعام الواحد", "1500 ريال لليوم الواحد",
 * "بمليون ريال ونصف للسنة الواحدة"); all such phrases in SaudiNewsNet are rates */
static int glued_per(const ctx *c, size_t i)
{
    return raw_prefix(c, i, "\xd9\x84\xd9\x84", 2) || raw_prefix(c, i, "\xd8\xa8\xd8\xa7\xd9\x84", 0);
}

/* Token i is after في, or written with a glued ب ("باليوم", "بالعام"): 1, with *p the token a
 * measure or count must stand before (the في, or i itself). */
static int rate_prep(const ctx *c, size_t i, size_t *p)
{
    int glued = raw_prefix(c, i, "\xd8\xa8", 0);
    *p = glued ? i : i - 1;
    return i >= 2 && !c->t[i].nl && !c->t[*p].nl && (glued || is_prep(c, i - 1, P_IN));
}

/* Token i is the definite singular year, month or week ("العام", "الشهر", "الأسبوع"). */
static int definite_period_unit(const ctx *c, size_t i)
{
    int u = unit_of(c, i);
    return (u == U_WEEK || u == U_MONTH || u == U_YEAR) && (c->t[i].val & F_DEF) &&
           !(c->t[i].val & (F_DUAL | F_PLURAL));
}

/* a price or a measure at k, which a period after في makes a rate ("دولار في اليوم") */
static int rate_word(const ctx *c, size_t k)
{
    static const char *const per[] = {"دولار", "دولارا", "دولارات", "ريال", "ريالا", "ريالات", "برميل",
                                      "مرة", "مرات", "مرتين", "مرتان", "ساعات", "طن", "لتر", "وجبة", "وجبات", "رحلة",
                                      "رحلات", "جنيه", "درهم", "يورو", "كيلومتر", "ميجاوات"};
    return word_in(c, k, per, sizeof per / sizeof per[0]);
}

/* a price or a measure right before the preposition at p, or closing a parenthesis there
 * ("350 رنمينبيا (56 دولارا) في اليوم"); hours may take ل and a vague adjective ("النوم لساعات
 * قليلة في اليوم") */
static int rate_before(const ctx *c, size_t p)
{
    static const char *const few[] = {"قليلة", "طويلة", "معدودة", "عديدة"};
    size_t k = p >= 2 && word_in(c, p - 1, few, sizeof few / sizeof few[0]) ? p - 2 : p - 1;
    return rate_word(c, p - 1) || (p >= 2 && is_punct(c, p - 1, ')') && rate_word(c, p - 2)) ||
           (p >= 2 && word_eq(c, p - 1, "واحدة") && rate_word(c, p - 2)) || /* "مرة واحدة في اليوم" */
           /* "مشاركة واحدة في السنة": one of a thing counted per period */
           (p >= 2 && (word_eq(c, p - 1, "واحدة") || word_eq(c, p - 1, "واحد")) && on(c, p - 2) &&
            c->t[p - 2].kind == TK_WORD && c->t[p - 2].cls == C_NONE && !definite_word(c, p - 2) && !c->t[p - 1].nl) ||
           word_eq(c, k, "لساعات") || (k < p - 1 && word_eq(c, k, "ساعات"));
}

/* "اليوم" after "في" after a measure or a count ("دولار في اليوم", "مليون برميل في اليوم", "ثلاث
 * مرات في اليوم"): a rate, per day, not today */
static int per_day(const ctx *c, size_t i)
{
    /* "في اليوم", or "باليوم" with its ب glued ("مليون برميل باليوم"); "في اليوم الواحد",
     * "لليوم الواحد" are read before, with the other units (one_unit) */
    size_t p;
    if (!rate_prep(c, i, &p))
        return 0;
    if (rate_before(c, p))
        return 1;
    /* "شرب لتر ونصف لتر مياه في اليوم": the thing measured between the measure and في */
    if (p >= 2 && rate_word(c, p - 2) && on(c, p - 1) && c->t[p - 1].kind == TK_WORD && c->t[p - 1].cls == C_NONE &&
        !c->t[p - 1].nl && !definite_word(c, i + 1))
        return 1;
    /* a count a few words before, any unit ("40 مليون قدم مكعبة قياسية في اليوم"); "3 نقاط
     * في اليوم الذي", "6-1 ... في اليوم الختامي": a definite word after names a day */
    return count_before(c, p) && !definite_word(c, i + 1);
}

/* token k is "يوميا" (daily) */
static int daily_at(const ctx *c, size_t k)
{
    return is_cls(c, k, C_SETADV) && c->t[k].val == S_DAY;
}

/* "يوميا" among the eight words before token i, in its clause: what follows is a daily habit; so
 * is a clock a few words after such a habit's clock ("عرضين يوميا حيث يبدأ العرض الأول الساعة
 * الرابعة والنصف مساء والثاني عند التاسعة مساء") */
static int daily_before(const ctx *c, size_t i)
{
    if (c->daily_end && i >= c->daily_end && i - c->daily_end <= 4) {
        size_t k = c->daily_end;
        while (k < i && !c->t[k].nl && c->t[k].kind != TK_PUNCT)
            k++;
        if (k == i && !c->t[i].nl)
            return 1;
    }
    return clause_before(c, i, 8, daily_at);
}

/* "من الساعة الخامسة عصراً وحتى 12 ليلاً طيلة أيام المهرجان": a clock followed (a comma
 * between at most) by طيلة/طوال and the days or the time of something is a timetable's */
static int all_days_after(const ctx *c, size_t k)
{
    static const char *const along[] = {"طيلة", "طوال"};
    static const char *const span[] = {"أيام", "فترة", "مدة"};
    if (comma_at(c, k))
        k++;
    return on(c, k) && !c->t[k].nl && word_in(c, k, along, sizeof along / sizeof *along) &&
           word_in(c, k + 1, span, sizeof span / sizeof *span);
}

/* a number among the n tokens from k on, in its clause (no punctuation or line break first) */
static int number_after(const ctx *c, size_t k, size_t n)
{
    for (size_t j = k; j < k + n && on(c, j) && c->t[j].kind != TK_PUNCT; j++)
        if (is_num(c, j))
            return 1;
    return 0;
}

/* Does token i end in "ليلة" as written? The cheap first look of last_night and per_night, which
 * the scan asks at every word it would skip. */
static int night_word(const ctx *c, size_t i)
{
    static const char night[] = "ليلة";
    const size_t k = sizeof night - 1;
    if (i >= c->n)
        return 0;
    size_t b1 = c->t[i].b1;
    while (b1 - c->t[i].b0 > k && memcmp(c->s + b1 - 2, "\xd9\x80", 2) == 0)
        b1 -= 2; /* a trailing tatweel: "صدر الليلةـ" */
    return b1 - c->t[i].b0 >= k && memcmp(c->s + b1 - k, night, k) == 0;
}

/* "اليوم" right after "صحيفة"/"جريدة" ("بصحيفة اليوم", "مراسل جريدة اليوم"): the Dammam paper
 * al-Yaum, not today */
static int paper_today(const ctx *c, size_t i)
{
    static const char *const paper[] = {"صحيفة", "جريدة", "صحيفتي", "جريدتي"};
    return is_cls(c, i, C_TODAY) && word_eq(c, i, "اليوم") && !c->t[i].nl &&
           head_before(c, i, paper, sizeof paper / sizeof paper[0]);
}

/* "في مثل هذا اليوم", "لمثل هذا اليوم": such a day, the same day of other years or any day like
 * it; not the DCT (all 9 such phrases in SaudiNewsNet) */
static int like_this_day(const ctx *c, size_t i)
{
    static const char *const like[] = {"مثل", "بمثل", "لمثل"};
    return i > 0 && is_cls(c, i, C_THIS) && is_cls(c, i + 1, C_TODAY) && !c->t[i].nl &&
           word_in(c, i - 1, like, sizeof like / sizeof like[0]);
}

/* a count of hours or minutes right before the preposition at p, "فقط" between them allowed
 * ("ينام ساعتين فقط في الليلة"): so many hours a night is a rate */
static int hours_before(const ctx *c, size_t p)
{
    size_t k = p >= 2 && word_eq(c, p - 1, "فقط") ? p - 2 : p - 1;
    int u = unit_of(c, k);
    return (u == U_HOUR || u == U_MIN) && !(c->t[k].val & F_DEF);
}

/* "990 درهمًا لليلة الواحدة", "160 دولارا في الليلة": per night, a rate as "لليوم الواحد" and
 * "دولار في اليوم" are ("في الليلة الواحدة والعشرين" is an ordinal night, left to the other
 * patterns; "في الليلة الماضية" names one) */
static int per_night(const ctx *c, size_t i)
{
    static const char *const glued[] = {"لليلة", "بالليلة"};
    if (!night_word(c, i)) /* every form below ends so: a cheap look first */
        return 0;
    if (on(c, i + 1) && !c->t[i + 1].nl && word_eq(c, i + 1, "الواحدة") && word_in(c, i, glued, sizeof glued / sizeof glued[0]))
        return 1;
    /* "300 ريال لليلة واحدة", "تأجير شقة لليلة واحدة إلى نحو 500 دولار": with a price beside it;
     * "يسمح له بالاطلاع على الدفتر لليلة واحدة فقط" is a length */
    if (word_eq(c, i, "لليلة") && word_eq(c, i + 1, "واحدة") && !c->t[i + 1].nl &&
        (count_before(c, i) || number_after(c, i + 2, 3)))
        return 1;
    size_t p;
    return word_eq(c, i, "الليلة") && rate_prep(c, i, &p) && (rate_before(c, p) || hours_before(c, p)) &&
           !definite_word(c, i + 1);
}

/* token k is an average ("بمعدل", "متوسط") */
static int average_at(const ctx *c, size_t k)
{
    static const char *const avg[] = {"بمعدل", "بمتوسط", "معدل", "متوسط"};
    return word_in(c, k, avg, sizeof avg / sizeof *avg);
}

/* A unit and "الواحد/الواحدة" at i. A rate, per year, month, week or day (2), after في or
 * with its ل or ب glued ("مليار ريال في العام الواحد", "1500 ريال لليوم الواحد": all 27 such
 * phrases in SaudiNewsNet are), after خلال ("المتداولة خلال اليوم الواحد": in any single day)
 * or عن ("دولار عن السنة الواحدة"); otherwise a single one of it, a length (1), not this year or
 * today ("حكم السنة الواحدة", "مهلة العام الواحد", "لا تتجاوز اليوم الواحد"). 0 when there is
 * none, or for the year round ("على مدار العام الواحد"), which the labels leave alone. */
static int one_unit(const ctx *c, size_t i)
{
    if (c->t[i].nl || !(definite_period_unit(c, i) || is_cls(c, i, C_TODAY)) ||
        !(word_eq(c, i + 1, "الواحد") || word_eq(c, i + 1, "الواحدة")) || (i > 0 && word_eq(c, i - 1, "مدار")))
        return 0;
    int after = i > 0 && (is_prep(c, i - 1, P_IN) || is_prep(c, i - 1, P_DURING) || word_eq(c, i - 1, "عن"));
    return glued_per(c, i) || after ? 2 : 1;
}

/* "180 مليون طن في السنة", "420 يورو في الأسبوع", "300 دولار في الشهر", "5 ملايين يورو
 * بالعام": the definite year, month or week after في (or a glued ب) with a count a few words
 * before is per year, month or week, a rate as "دولار في اليوم" is; not when a word after it
 * names the period ("في العام الماضي", "في الشهر نفسه", "بالأسبوع قبل الماضي", "في العام 2014",
 * "في العام - 1977م") */
static int per_unit_count(const ctx *c, size_t i)
{
    size_t p;
    if (!definite_period_unit(c, i) || !rate_prep(c, i, &p))
        return 0;
    size_t k = i + 1;
    if (on(c, k) && c->t[k].kind == TK_PUNCT && (c->t[k].val == '-' || c->t[k].val == 0x2013 || c->t[k].val == '('))
        k++;
    int names = is_num(c, k) || is_cls(c, k, C_DIR) || is_cls(c, k, C_HMARK) || is_cls(c, k, C_GMARK) ||
                is_prep(c, k, P_BEFORE) || is_prep(c, k, P_AFTER);
    /* "يتناولون 3 – 7 مرات في الأسبوع المواد الغذائية", "مرتين في الشهر": times or a price right
     * before في make a rate even when the sentence's object follows; an ordinal or an adjective of
     * days still names the period ("مرتين في الأسبوع الأخير") */
    static const char *const kind[] = {"المالي", "الدراسي", "الهجري", "الميلادي", "الذي", "التي", "نفسه", "ذاته"};
    if ((rate_before(c, p) || word_eq(c, p - 1, "مرتين")) && !names && !is_cls(c, k, C_ORD) &&
        !is_cls(c, k, C_DAYADJ) && !word_in(c, k, kind, sizeof kind / sizeof *kind)) /* "في العام المالي السابق" */
        return 1;
    return (count_before(c, p) || clause_before(c, p, 5, average_at)) && !names && !definite_word(c, k); /* "بمعدل سبعة قتلى في الشهر" */
}

/* "غد" or "الغد" (tomorrow) that can stand for غدا: before a weekday ("اعتبارا من غد الثلاثاء",
 * "فجر الغد السبت", "من غد \"السبت\"") or after a part of day ("صباح غد", "مساء الغد"); a bare
 * "الغد" is as often the future at large ("صناعة الغد"), and "وفي صباح الغد" the next morning of
 * a story */
static int ghad_day(const ctx *c, size_t i)
{
    if (!is_cls(c, i, C_GHAD))
        return 0;
    if (memmem(c->s + c->t[i].b0, c->t[i].b1 - c->t[i].b0, "\xd8\xa7\xd9\x84\xd8\xba", 6) && i >= 2 &&
        (word_eq(c, i - 2, "في") || word_eq(c, i - 2, "وفي")))
        return 0;
    return (is_cls(c, i + 1, C_WEEKDAY) && !has_waw(c, i + 1)) || paren_weekday(c, i + 1) || /* "غد (السبت)" */
           (i > 0 && (is_cls(c, i - 1, C_AMPM) || /* "يوم غد (الأربعاء)": 145 in SaudiNewsNet */
                      (unit_of(c, i - 1) == U_DAY && !(c->t[i - 1].val & (F_DUAL | F_PLURAL | F_DEF)))));
}

/* "ليل الاثنين الثلاثاء", "ليلة الجمعة - السبت", "ليل السبت/ الأحد" (agencies' night between two
 * days, 90 in SaudiNewsNet), and "مساء السبت - الأحد" (the same night told by its evening): the two
 * consecutive weekdays; returns the token after them, or 0 */
static size_t night_pair(const ctx *c, size_t i, int *w1, int *w2)
{
    if (!is_cls(c, i, C_AMPM) || !is_cls(c, i + 1, C_WEEKDAY) || has_waw(c, i + 1))
        return 0;
    if (c->t[i].val != 13 && !word_eq(c, i, "مساء") && !word_eq(c, i, "ومساء"))
        return 0;
    size_t k = i + 2;
    if (pair_sep(c, k))
        k++;
    if (!is_cls(c, k, C_WEEKDAY) || has_waw(c, k) || c->t[k].val % 7 != (c->t[i + 1].val + 1) % 7)
        return 0;
    *w1 = c->t[i + 1].val;
    *w2 = c->t[k].val;
    return k + 1;
}

/* Two consecutive weekdays w1, w2 ending before token pe (its direction word may follow): the
 * two days, ahead or behind the stamp as the sentence points; returns the token after them. */
static size_t day_pair(ctx *c, size_t i, size_t pe, int w1, int w2)
{
    char v[48];
    int w0 = ak_cal_weekday(c->dct);
    int dir = is_cls(c, pe, C_DIR) ? c->t[pe].val : 0; /* "يومي الاثنين والثلاثاء المقبلين" */
    if (dir == D_NEXT || dir == D_PAST)
        pe++;
    /* after a present lede the nearer pair, as for one weekday ("ويعقد المجلس اجتماعا يومي
     * الثلاثاء والأربعاء" stamped on a Monday is this week's) */
    int fwd = dir == D_NEXT ||
              (dir != D_PAST && (future_context(c, i, pe) || (dir == 0 && present_lede(c, i) && (w1 - w0 + 7) % 7 <= 3)));
    int32_t d1 = fwd ? c->dct + (w1 - w0 + 7) % 7 : c->dct - (w0 - w2 + 7) % 7 - 1;
    if (fwd && dir == D_NEXT && d1 == c->dct)
        d1 += 7;
    if (!fwd && dir == D_PAST && d1 + 1 == c->dct)
        d1 -= 7;
    char x[24], z[24];
    fmt_day(x, sizeof x, d1);
    fmt_day(z, sizeof z, d1 + 1);
    snprintf(v, sizeof v, "%s/%s", x, z);
    return emit(c, i, pe, "DATE", v, NULL, AK_GRAN_DAY) ? i : pe;
}

/* "قبل الأخير" or "ما قبل الأخير" from token k: the one before the last */
static int before_last(const ctx *c, size_t k)
{
    if (word_eq(c, k, "ما"))
        k++;
    return is_prep(c, k, P_BEFORE) && (word_eq(c, k + 1, "الأخير") || word_eq(c, k + 1, "الاخير"));
}

/* "الأمس" in construct after a session, match or issue ("لقاء الأمس", "مران الأمس", "تداولات
 * الأمس", "ولقاء الأمس", "عدد الأمس"): yesterday's, where a bare "الأمس" is as often the past
 * ("حلفاء الأمس", "أعداء الأمس") */
static const char *const session_heads[] = {"لقاء", "لقاءات", "مباراة", "مباريات", "مواجهة", "مران", "تدريب",
                                            "تدريبات", "حصة", "جلسة", "جلسات", "تداولات", "تعاملات", "اجتماع",
                                            "اجتماعات", "مقال", "عدد"};

static int session_yesterday(const ctx *c, size_t i)
{
    if (c->dct == NODAY || !on(c, i) || c->t[i].kind != TK_WORD || c->t[i].b1 - c->t[i].b0 != 10 ||
        !word_eq(c, i, "الأمس"))
        return 0;
    return head_before(c, i, session_heads, sizeof session_heads / sizeof session_heads[0]) != 0;
}

/* "مباراة الغد", "بجلسة الغد", "تداولات الغد": tomorrow's, as "لقاء الأمس" is yesterday's
 * (a bare "الغد" is as often the future at large or the day after in a story) */
static int session_tomorrow(const ctx *c, size_t i)
{
    return c->dct != NODAY && is_cls(c, i, C_GHAD) && word_eq(c, i, "الغد") &&
           head_before(c, i, session_heads, sizeof session_heads / sizeof session_heads[0]) != 0;
}

/* "الليلة الماضية" (also with a glued و/ف): last night, the evening before the stamp, as "ليلة
 * أمس", and "الليلة قبل الماضية" the night before it; "الليلة" alone is tonight or a night told
 * and stays out, and so does a part of it ("منتصف الليلة الماضية", as "منتصف ليل 20 يوليو").
 * Returns the nights back (1 or 2), 0 if none. */
static int last_night(const ctx *c, size_t i)
{
    if (c->dct == NODAY || !night_word(c, i) ||
        !(word_eq(c, i, "الليلة") || word_eq(c, i, "والليلة") || word_eq(c, i, "فالليلة")) ||
        (i > 0 && (word_eq(c, i - 1, "منتصف") || word_eq(c, i - 1, "ومنتصف"))))
        return 0;
    if (word_eq(c, i + 1, "الماضية"))
        return 1;
    return is_prep(c, i + 1, P_BEFORE) && word_eq(c, i + 2, "الماضية") ? 2 : 0;
}

/* "يطلق فرع الجمعية، الليلة، عروض الموسم", "يعقد الليلة عضو لجنة المناصحة": a bare "الليلة"
 * set off by commas, or right after an imperfect verb, is tonight, the stamp's evening. Not
 * after a definite noun, where it is as often the adjective misspelt ("الخدمة الليلة",
 * "النوادي الليلة"), nor before a definite word ("الليلة الأولى من المهرجان", "الليلة
 * المشؤومة": a night told). A statement issued or aired "الليلة" is tonight's too ("في بيان
 * صدر الليلة", "في بيان بثته الليلة"). */
static int tonight(const ctx *c, size_t i)
{
    if (c->dct == NODAY || !night_word(c, i) || !word_eq(c, i, "الليلة") || i == 0 || c->t[i].nl ||
        definite_word(c, i + 1))
        return 0;
    if (comma_at(c, i - 1))
        return comma_at(c, i + 1);
    static const char *const issued[] = {"صدر", "بثته", "بثه", "نشرته", "نشره", "أصدره", "أصدرته"};
    if (i >= 2 && word_in(c, i - 1, issued, sizeof issued / sizeof *issued) && !last_night(c, i) &&
        (word_eq(c, i - 2, "بيان") || word_eq(c, i - 2, "بيانا") || word_eq(c, i - 2, "البيان")))
        return 1;
    char f[TX_WMAX];
    size_t n = tok_fold(c, i - 1, f);
    return n && imperfect_lede(c, i - 1, f, n, has_waw(c, i - 1) ? 2 : 0);
}

/* "بالأمس" (also "وبالأمس", "فبالأمس") in news is yesterday, "بالأمس الأول" the day before it;
 * returns the token after it, 0 when it is the past at large: "بالأمس القريب" (lately), a
 * copula of then or "كأن" up to three words before ("كانت بالأمس تدور", "كانوا رفاقا بالأمس",
 * "كأنما هي كلمات بالأمس كتبت") or today after it ("مصر عبدالناصر بالأمس مثال، وكذلك سورية
 * الأسد اليوم": then and now) */
static size_t ba_yesterday(const ctx *c, size_t i)
{
    if (!ba_form(c, i) || c->dct == NODAY || ba_then(c, i))
        return 0;
    for (size_t k = i + 1; k < i + 12 && on(c, k) && !c->t[k].nl && !sentence_end(c, k); k++)
        if (is_cls(c, k, C_TODAY) || word_eq(c, k, "الآن") || word_eq(c, k, "والآن"))
            return 0;
    return is_cls(c, i + 1, C_ORD) && c->t[i + 1].val == 1 ? i + 2 : i + 1;
}

/* A part of day k joined to the day x just emitted: clock times anchored to that day take it. */
static void part_joined(ctx *c, const ak_timex *x, size_t k)
{
    if (x->granularity == AK_GRAN_DAY && is_cls(c, k, C_AMPM) && x == &(*c->out)[*c->nout - 1])
        c->last_day_part = c->t[k].val;
}

/* "أكثر من" / "أقل من" (also with ل, ب or و) right before token i, or a verb of exceeding or
 * falling short with عن/على ("لما يزيد عن ساعة", "لا تقل عن سنة") */
static int more_or_less_than(const ctx *c, size_t i)
{
    static const char *const w[] = {"أكثر", "أقل", "لأكثر", "لأقل", "بأكثر", "بأقل", "وأكثر", "وأقل", "ولأكثر", "ولأقل"};
    static const char *const exceed[] = {"يزيد", "تزيد", "يقل", "تقل"};
    static const char *const pass[] = {"يتجاوز", "تتجاوز", "يتعدى", "تتعدى"};
    if (i >= 2 && (word_eq(c, i - 1, "عن") || word_eq(c, i - 1, "على")) && !c->t[i - 1].nl &&
        word_in(c, i - 2, exceed, sizeof exceed / sizeof exceed[0]))
        return 1;
    /* "الإغلاق مدة لا تتجاوز سنة": not past a lone unit, at most one */
    if (i >= 2 && !c->t[i].nl && !c->t[i - 1].nl && word_in(c, i - 1, pass, sizeof pass / sizeof pass[0]) &&
        word_eq(c, i - 2, "لا"))
        return 1;
    if (i < 2 || !is_prep(c, i - 1, P_FROM))
        return 0;
    /* "أقل من ساعة ميجاواط": an energy unit */
    if (on(c, i + 1) && c->t[i + 1].kind == TK_WORD &&
        memmem(c->s + c->t[i + 1].b0, c->t[i + 1].b1 - c->t[i + 1].b0, "\xd9\x88\xd8\xa7\xd8\xb7", 6)) /* واط */
        return 0;
    return word_in(c, i - 2, w, sizeof w / sizeof w[0]);
}

/* a lone decade at i after أكثر/أقل من told as time: "لأكثر من عقد" (for more than), or
 * منذ/قبل/بعد/طوال before ("منذ أكثر من عقد"); signing one is a contract ("أكثر من عقد مع") */
static int decade_told_as_time(const ctx *c, size_t i)
{
    static const char *const for_more[] = {"لأكثر", "لأقل", "ولأكثر", "ولأقل"};
    if (word_eq(c, i + 1, "مع"))
        return 0;
    return word_in(c, i - 2, for_more, sizeof for_more / sizeof *for_more) ||
           (i >= 3 && (is_prep(c, i - 3, P_SINCE) || is_prep(c, i - 3, P_BEFORE) || is_prep(c, i - 3, P_AFTER) ||
                       word_eq(c, i - 3, "طوال")));
}

/* Token i follows a verb of exceeding ("فاقت", "تجاوز", "يتعدى") or "يزيد/تزيد/يقل/تقل على/عن": a
 * definite dual after it is a length ("بمدة فاقت السنتين", "لمدة تزيد عن الساعتين", "لفترة لا
 * تقل عن الأسبوعين"). */
static int exceeding_before(const ctx *c, size_t i)
{
    static const char *const verbs[] = {"فاق", "فاقت", "يفوق", "تفوق", "تجاوز", "تجاوزت", "يتجاوز", "تتجاوز",
                                        "تعدى", "تعدت", "يتعدى", "تتعدى", "يتعد", "تتعد"};
    static const char *const more[] = {"زاد", "زادت", "يزيد", "تزيد", "يقل", "تقل"}; /* "لا تقل عن الأسبوعين" */
    if (head_before(c, i, verbs, sizeof verbs / sizeof verbs[0]))
        return 1;
    return i >= 2 && (word_eq(c, i - 1, "على") || word_eq(c, i - 1, "عن")) && !c->t[i].nl && !c->t[i - 1].nl &&
           head_before(c, i - 1, more, sizeof more / sizeof more[0]);
}

/* A part of day in construct ("ليلة", "مساء"), not its adverb ("ليلا", "مساءً") */
static int construct_part(const ctx *c, size_t i)
{
    static const char *const w[] = {"ليلة", "ليل", "مساء", "صباح", "فجر", "ظهر", "عصر", "مغرب"};
    return word_in(c, i, w, sizeof w / sizeof w[0]);
}

/* "لمدة أسبوع أو أسبوعين أو شهر": a lone unit after أو that follows a length just emitted is
 * another length (a unit alone is a length only where a length is asked for) */
static size_t or_length(ctx *c, size_t i)
{
    int cnt, u;
    size_t e;
    if (i < 2 || !*c->nout || c->t[i].b1 - c->t[i].b0 != 4 || !word_eq(c, i, "أو") || c->t[i].nl || c->t[i + 1].nl)
        return 0;
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    if (strcmp(x->type, "DURATION") || x->byte_end != c->t[i - 1].b1 || !unit_of(c, i + 1) ||
        (c->t[i + 1].val & (F_PLURAL | F_DUAL | F_DEF)) || !quantity(c, i + 1, 1, &cnt, &u, &e))
        return 0;
    char v[48];
    duration_value(v, sizeof v, cnt, u, 0);
    return emit(c, i + 1, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
}

static int names_period(const ctx *c, size_t u);

/* "8 ساعات، أسبوع، أو سنة", "من نصف ساعة إلى ساعة": a lone unit at i listed after a length
 * (a comma, أو or إلى between) is one of that unit; not one naming a period ("شهر رمضان") */
static size_t listed_length(ctx *c, size_t i)
{
    const tx_tok *t = &c->t[i];
    if (t->kind != TK_WORD || t->cls != C_UNIT || (t->val & (F_PLURAL | F_DUAL | F_DEF)) || i < 2 || !*c->nout ||
        t->nl)
        return 0;
    size_t k = i - 1; /* the separator: "،", "أو", "، أو", "إلى" */
    int sep = 0;
    if (word_eq(c, k, "أو") || word_eq(c, k, "إلى") || word_eq(c, k, "الى")) {
        sep = 1;
        if (k > 0 && comma_at(c, k - 1))
            k--;
    } else if (comma_at(c, k))
        sep = 1;
    const ak_timex *x = &(*c->out)[*c->nout - 1];
    if (!sep || c->t[k].nl || k == 0 || strcmp(x->type, "DURATION") || x->byte_end != c->t[k - 1].b1 ||
        names_period(c, i) || unit_of(c, i) == U_DECADE || is_num(c, i + 1) ||
        (on(c, i + 1) && c->t[i + 1].kind == TK_WORD && c->t[i + 1].cls != C_NONE)) /* "إلى يوم الأحد" */
        return 0;
    char v[48];
    duration_value(v, sizeof v, 1, unit_of(c, i), 0);
    return emit(c, i, i + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 1;
}

/* A link opened at i ("http", "https", "www"): the token after its last glued part, 0 if none */
static size_t url_end(const ctx *c, size_t i)
{
    const tx_tok *t = &c->t[i];
    size_t n = t->b1 - t->b0;
    const char *w = c->s + t->b0;
    if (t->kind != TK_WORD || !t->latin || (w[0] != 'h' && w[0] != 'w') ||
        !((n == 4 && memcmp(w, "http", 4) == 0) || (n == 5 && memcmp(w, "https", 5) == 0) ||
          (n == 3 && memcmp(w, "www", 3) == 0)))
        return 0;
    size_t k = i + 1;
    while (k < c->n && !c->t[k].nl && !c->t[k].sp)
        k++;
    return k;
}

/* "صباح أمس", "مساء الجمعة", "يوم امس السبت": a part of day (or يوم) before a relative
 * day or weekday joins its extent; the value stays the day. */
static size_t match(ctx *c, size_t i)
{
    const tx_tok *t = &c->t[i];
    int nw1, nw2;
    /* "وبعده بيوم": the pronoun is no "عدة" (several) behind a ب; "بعدة أيام" (ة, not ه) is */
    if (i + 1 < c->n && offset_pronoun(c, i + 1)) {
        size_t po = pronoun_offset(c, i + 1);
        if (!po && word_eq(c, i + 1, "ب"))
            po = pronoun_offset(c, i + 2);
        return po ? po : i + 1;
    }
    /* "ابتداء من الأمس", "اعتبارا من الأمس", "منذ الأمس": a start or a since before "الأمس" makes
     * it yesterday, as "منذ يوم الأمس" (the past at large takes neither: "حلفاء الأمس", "منذ الأمس
     * القريب"); read at the preposition, which would pass over it */
    if (c->dct != NODAY && i + 1 < c->n && !c->t[i + 1].nl && word_eq(c, i + 1, "الأمس") &&
        !word_eq(c, i + 2, "القريب") && !word_eq(c, i + 2, "البعيد") && /* "منذ الأمس القريب": lately */
        (is_prep(c, i, P_SINCE) ||
         (i >= 1 && !t->nl && is_prep(c, i, P_FROM) && is_cls(c, i - 1, C_FUTURE) && c->t[i - 1].val == 1))) {
        char v[16];
        fmt_day(v, sizeof v, c->dct - 1);
        return emit(c, i + 1, i + 2, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 2;
    }
    size_t po = pronoun_offset(c, i);
    if (po || (po = offset_length(c, i)))
        return po;
    if ((po = or_length(c, i)) || (po = listed_length(c, i)))
        return po;
    if (per_night(c, i)) /* "990 درهما لليلة الواحدة" */
        return emit(c, i, i + 1, "SET", "P1D", NULL, AK_GRAN_NONE) ? i : i + 1;
    if ((po = length_range(c, i)))
        return po;
    if (c->dct != NODAY && night_pair(c, i, &nw1, &nw2))
        return match_core(c, i);
    if (like_this_day(c, i))
        return i + 2; /* "في مثل هذا اليوم": a day like it, in other years */
    if (paper_today(c, i))
        return i + 1; /* "بصحيفة اليوم": the paper al-Yaum */
    int head = t->kind == TK_WORD && (t->cls == C_AMPM || (t->cls == C_UNIT && t->val == U_DAY) ||
                                      (t->cls == C_THIS && is_cls(c, i + 1, C_TODAY))); /* "هذا اليوم" */
    if (head && (is_cls(c, i + 1, C_RELDAY) || is_cls(c, i + 1, C_TODAY) || (t->cls != C_THIS && ghad_day(c, i + 1)) ||
                 (t->cls == C_AMPM && is_cls(c, i + 1, C_WEEKDAY)) ||
                 (t->cls == C_AMPM && is_prep(c, i + 1, P_AFTER) && is_cls(c, i + 2, C_GHAD)) || /* "مساء بعد غد" */
                 /* "مساء أول من أمس", "ليل أول أمس", "يوم أول من أمس", "فجر الأول من أمس" */
                 (t->cls != C_THIS && is_cls(c, i + 1, C_AWWAL) &&
                  (is_cls(c, i + 2, C_RELDAY) || (is_prep(c, i + 2, P_FROM) && is_cls(c, i + 3, C_RELDAY)))) ||
                 (t->cls == C_AMPM && word_eq(c, i + 1, "الأول") && is_prep(c, i + 2, P_FROM) && is_cls(c, i + 3, C_RELDAY)) ||
                 (t->cls == C_AMPM && is_cls(c, i + 1, C_THIS) && is_cls(c, i + 2, C_TODAY)))) { /* "صباح هذا اليوم" */
        size_t before = *c->nout;
        /* "صباح اليوم الأول من رمضان": the day's ordinal joins its word first, as alone */
        size_t j = is_cls(c, i + 1, C_THIS) || (is_cls(c, i + 1, C_TODAY) && is_cls(c, i + 2, C_ORD)) ? match(c, i + 1)
                                                                                                   : match_core(c, i + 1);
        if (*c->nout > before) {
            ak_timex *x = &(*c->out)[*c->nout - 1];
            if (x->byte_start == c->t[i + 1].b0 && x->value[0] != 'P') {
                x->start = t->c0;
                x->byte_start = t->b0;
                part_joined(c, x, i);
            }
        }
        return j > i + 1 ? j : i + 1;
    }
    /* "ليلة الثامن والعشرين من شهر رمضان الماضي", "مساء 5 أغسطس": a part of day in construct
     * joins the day after it, as it joins a weekday; not after a part of it ("منتصف ليل 20
     * يوليو", left out as the labels do) */
    if (t->kind == TK_WORD && t->cls == C_AMPM && (is_cls(c, i + 1, C_ORD) || day_num(c, i + 1)) && construct_part(c, i) &&
        !(i > 0 && is_cls(c, i - 1, C_MOD))) {
        size_t before = *c->nout;
        size_t j = match_core(c, i + 1);
        if (*c->nout == before + 1) {
            ak_timex *x = &(*c->out)[before];
            if (x->byte_start == c->t[i + 1].b0 && x->granularity == AK_GRAN_DAY && !strcmp(x->type, "DATE")) {
                x->start = t->c0;
                x->byte_start = t->b0;
                part_joined(c, x, i);
            }
        }
        return j > i + 1 ? j : i + 1;
    }
    /* "قالت الشركة بالأمس", "عثرت بالأمس الأول": yesterday (the day before it) */
    if ((po = ba_yesterday(c, i))) {
        char v[16];
        fmt_day(v, sizeof v, c->dct - (po == i + 2 ? 2 : 1));
        return emit(c, i, po, "DATE", v, NULL, AK_GRAN_DAY) ? i : po;
    }
    if (tonight(c, i)) {
        char v[16];
        fmt_day(v, sizeof v, c->dct);
        return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 1;
    }
    /* "أقامت عروضها الليلة الماضية": last night */
    int back = last_night(c, i);
    if (back) {
        char v[16];
        fmt_day(v, sizeof v, c->dct - back);
        return emit(c, i, i + 1 + back, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 1 + back;
    }
    /* "لقاء الأمس", "تداولات الأمس", "مباراة الغد": yesterday's or tomorrow's session or match */
    int session = session_yesterday(c, i) ? -1 : session_tomorrow(c, i);
    if (session) {
        char v[16];
        fmt_day(v, sizeof v, c->dct + session);
        return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 1;
    }
    /* "منذ يوم الأمس", and "ظهر الأمس", "صباح الأمس", "ليلة الأمس" (a part of day): yesterday (a
     * bare "الأمس" is as often the past at large, which has no hours: "حلفاء الأمس", "الأمس
     * القريب") */
    if (c->dct != NODAY && word_eq(c, i + 1, "الأمس") &&
        ((unit_of(c, i) == U_DAY && !(t->val & (F_DEF | F_DUAL | F_PLURAL))) ||
         (construct_part(c, i) && !word_eq(c, i + 2, "القريب") && !word_eq(c, i + 2, "البعيد")))) {
        char v[16];
        fmt_day(v, sizeof v, c->dct - 1);
        return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 2;
    }
    /* "بعد ظهر أمس" (the afternoon), "قبل ظهر اليوم" (the forenoon), "بعد عصر اليوم (الأحد)"
     * (after its prayer), "اليوم الثاني من الشهر الجاري": the head word joins */
    if ((is_prep(c, i, P_AFTER) && is_cls(c, i + 1, C_AMPM) &&
         (c->t[i + 1].val == 11 || word_eq(c, i + 1, "عصر") || word_eq(c, i + 1, "مغرب"))) ||
        (is_prep(c, i, P_BEFORE) && is_cls(c, i + 1, C_AMPM) && c->t[i + 1].val == 11) ||
        (t->kind == TK_WORD && t->cls == C_TODAY && is_cls(c, i + 1, C_ORD)) ||
        /* "عصر يوم الأحد", "صباح يوم أمس", "مساء يوم غد الأربعاء": the part joins "يوم" + day */
        (t->kind == TK_WORD && t->cls == C_AMPM && unit_of(c, i + 1) == U_DAY &&
         !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)) &&
         (is_cls(c, i + 2, C_WEEKDAY) || is_cls(c, i + 2, C_RELDAY) || ghad_day(c, i + 2)))) {
        size_t before = *c->nout;
        size_t j = match(c, i + 1);
        if (*c->nout > before) {
            ak_timex *x = &(*c->out)[before];
            if (x->byte_start == c->t[i + 1].b0 && x->value[0] != 'P' && (t->cls != C_TODAY || x->granularity == AK_GRAN_DAY)) {
                x->start = t->c0;
                x->byte_start = t->b0;
                part_joined(c, x, is_prep(c, i, P_AFTER) ? i + 1 : i);
            }
        }
        if (j > i + 1)
            return j;
    }
    return match_core(c, i);
}

/* A family name that is a weekday after a given name: "أحمد الخميس أمين عام الاتحاد", "عبدالرحمن
 * بن صالح الخميس", "د.عبدالله الجمعة" (Saudi family names: الخميس, الجمعة, السبت). Not with a
 * direction after it ("منزل سعد الجمعة قبل الماضي" is a day). */
static int weekday_surname(const ctx *c, size_t k)
{
    static const char *const given[] = {
        "محمد", "أحمد", "عبدالله", "عبدالعزيز", "عبدالرحمن", "خالد", "علي", "صالح", "فهد", "سعود", "يوسف",
        "إبراهيم", "ابراهيم", "حسن", "حسين", "حمد", "ناصر", "سلمان", "سليمان", "فيصل", "ماجد", "عمر", "يزيد",
        "طارق", "عادل", "سامي", "نايف", "بندر", "تركي", "مشعل", "منصور", "عبدالمحسن", "عبداللطيف", "عبدالكريم",
        "عبدالمجيد", "عبدالإله", "زياد", "ياسر", "وليد", "هشام", "محمود", "مصطفى", "عثمان", "راشد", "عيسى",
    };
    if (k == 0 || is_cls(c, k + 1, C_DIR) || (is_prep(c, k + 1, P_BEFORE) && is_cls(c, k + 2, C_DIR)))
        return 0;
    if (c->t[k].val == 7 && word_eq(c, k - 1, "عبد"))
        return 1; /* "عبد الأحد اسطيفو": the name Abd al-Ahad */
    if (c->t[k].val == 7 && (word_eq(c, k - 1, "الواحد") || word_eq(c, k + 1, "الصمد")))
        return 1; /* "بعون الله الواحد الأحد", "الأحد الصمد": a name of God */
    /* "دوريات في وسط الخميس", "سوق الأربعاء": a place named by a weekday (a town, a market) */
    static const char *const places[] = {"وسط", "سوق", "حي", "مركز", "محافظة", "قرية", "بلدة"};
    if (word_in(c, k - 1, places, sizeof places / sizeof places[0]) && !c->t[k].nl)
        return 1;
    /* "أعلن مسؤول تركي الإثنين": after a noun of office تركي is Turkish, no given name */
    static const char *const officials[] = {"مسؤول", "مصدر", "وزير", "دبلوماسي", "ضابط", "مسئول", "متحدث", "نائب"};
    if (k >= 2 && word_eq(c, k - 1, "تركي") && word_in(c, k - 2, officials, sizeof officials / sizeof officials[0]))
        return 0;
    if (word_in(c, k - 1, given, sizeof given / sizeof given[0]))
        return 1;
    /* "ويزيد الخميس وشبيب الخليفة": a name in a list, its و glued */
    if (!has_waw(c, k - 1) || c->t[k - 1].kind != TK_WORD)
        return 0;
    char f[TX_WMAX];
    size_t n = tok_fold(c, k - 1, f);
    for (size_t g = 0; n > 2 && g < sizeof given / sizeof given[0]; g++)
        if (tx_fold_eq(f + 2, n - 2, given[g], 0))
            return 1;
    return 0;
}

/* The weekdays the text uses as family names ("محمد الخميس"), one bit each: a story names its
 * speaker in full once, then by the family name alone ("وكشف الخميس، عن"). */
static int surname_days(const ctx *c)
{
    int days = 0;
    for (size_t k = 0; k < c->n; k++)
        if (is_cls(c, k, C_WEEKDAY) && !has_waw(c, k) && weekday_surname(c, k))
            days |= 1 << c->t[k].val;
    return days;
}

/* A bare weekday at k after a plain word, in a text that gave that weekday as a family name: the
 * same person named again ("وأعلن الخميس، أن"); a date, a direction or a time word after it keeps
 * it a day */
static int surname_again(const ctx *c, size_t k)
{
    if (!((c->surnames >> c->t[k].val) & 1) || k == 0 || c->t[k].nl || has_waw(c, k))
        return 0;
    const tx_tok *p = &c->t[k - 1];
    if (p->kind != TK_WORD || p->cls != C_NONE)
        return 0;
    if (k + 1 >= c->n || c->t[k + 1].kind == TK_PUNCT)
        return 1;
    return c->t[k + 1].kind == TK_WORD && (c->t[k + 1].cls == C_NONE || c->t[k + 1].cls == C_PREP);
}

/* The written date p read at k resolves to a day (into v) that falls on weekday w. */
/* A run of weekdays from k closed by "[من] كل أسبوع" ("يوم السبت والإثنين والأربعاء من كل
 * أسبوع"): days of a habit, none of them a date. */
static int weekly_habit(const ctx *c, size_t k)
{
    size_t e = k;
    while (e < k + 8 && (is_cls(c, e, C_WEEKDAY) || comma_at(c, e) ||
                         (unit_of(c, e) == U_DAY && !(c->t[e].val & (F_DEF | F_PLURAL)))))
        e++;
    if (is_prep(c, e, P_FROM))
        e++;
    return is_cls(c, e, C_EVERY) && unit_of(c, e + 1) == U_WEEK;
}

static int written_day_fits(ctx *c, size_t k, const pdate *p, int w, char *v, size_t vn)
{
    int32_t wday;
    return resolve_date(c, k, p, v, vn) == AK_GRAN_DAY && tx_parse_day(v, &wday) == 0 && ak_cal_weekday(wday) == w;
}

/* "الدراسي", "الجامعي", "المالي": the kind of year after العام (a school or fiscal year). */
static int year_adjective(const ctx *c, size_t k)
{
    return word_eq(c, k, "الدراسي") || word_eq(c, k, "الجامعي") || word_eq(c, k, "المالي");
}

/* token i follows "السنة المالية", "العام الدراسي", "للعام المالي": a definite year noun and its
 * adjective, in one line */
static int named_year(const ctx *c, size_t i)
{
    if (i < 2 || c->t[i].nl || c->t[i - 1].nl || unit_of(c, i - 2) != U_YEAR || !(c->t[i - 2].val & F_DEF) ||
        (c->t[i - 2].val & (F_DUAL | F_PLURAL)))
        return 0;
    return year_adjective(c, i - 1) || word_eq(c, i - 1, "المالية") || word_eq(c, i - 1, "الدراسية");
}

/* Token y is the Gregorian year of a fiscal or school year ("السنة المالية 2013"), not a range
 * ("2015/2016", "2015-2016", read elsewhere): the year, *end past it (and its mark); else 0. */
static int named_year_at(const ctx *c, size_t y, size_t *end)
{
    if (!year_num(c, y) || c->t[y].val < 1900 || c->t[y].val > 2100 || !named_year(c, y) ||
        is_punct(c, y + 1, '/') || is_punct(c, y + 1, '-'))
        return 0;
    *end = is_cls(c, y + 1, C_GMARK) && !c->t[y + 1].sp ? y + 2 : y + 1;
    return c->t[y].val;
}

/* token k closes a clause (a comma, a full stop, a semicolon, or the end of the text): "كان
 * مستهدفا من 2013، ضمن قائمة", "استمرت من 2012." (a year after من with nothing counted after it;
 * all 7 such untagged years in SaudiNewsNet are years) */
static int clause_end(const ctx *c, size_t k)
{
    return k >= c->n || c->t[k].nl || comma_at(c, k) || is_punct(c, k, '.') ||
           is_punct(c, k, 0x061B);
}

/* من at m before a year that closes its clause, no figure in the three words before it (not
 * "ارتفع العدد إلى 2500 من 1950.", counts set against each other) */
static int from_year_alone(const ctx *c, size_t m)
{
    for (size_t b = 1; b <= 3 && b <= m; b++)
        if (is_num(c, m - b))
            return 0;
    return clause_end(c, m + 2);
}

/* "وقائدها من 1948 حتى وفاته", "من 2002 لغاية العام 2005": a year after من that opens a span
 * (حتى, لغاية or إلى right after it) is the span's first year, when not ahead of the stamp (a
 * count's span runs "من 2000 إلى 3000 ريال", read as a year range or not at all). Token i is the
 * number. */
static int from_year_until(const ctx *c, size_t i)
{
    return (c->dct == NODAY || c->t[i].val <= c->dy) && !c->t[i + 1].nl &&
           (is_prep(c, i + 1, P_UNTIL) || is_prep(c, i + 1, P_TO) || word_eq(c, i + 1, "لغاية")) &&
           !is_num(c, i + 2) && !(is_num(c, i + 3) && unit_of(c, i + 2) != U_YEAR); /* "إلى نحو 2100 نقطة" */
}

/* "نهاية الشهر الخامس من عام 2015", "نهاية الشهر الثاني عشر من 2012": a month told by its rank
 * (k the month word, the part of it at i) is that month of the Gregorian year named after من;
 * without a year a month of a pregnancy or a campaign ("مطلع الشهر الثاني من حملته"), no date.
 * Returns the token to go on from. */
static size_t ranked_month(ctx *c, size_t i, size_t k, int mod)
{
    int m = c->t[k + 1].val, h = 0, yr = 0;
    size_t o = k + 2, e = 0;
    if (word_eq(c, o, "عشر") && m <= 2 && !c->t[o].nl)
        m += 10, o++; /* "الحادي عشر", "الثاني عشر" */
    if (m < 1 || m > 12 || !is_prep(c, o, P_FROM) || c->t[o].nl)
        return o;
    char v[32];
    if (!(yr = year_part(c, o + 1, &e, &h)) || h) {
        if (period_at(c, o + 1, v, sizeof v, &e) != AK_GRAN_YEAR)
            return o;
        yr = atoi(v);
    }
    snprintf(v, sizeof v, "%04d-%02d", yr, m);
    return emit(c, i, e, "DATE", v, mod_name(mod), AK_GRAN_MONTH) ? i : e;
}

/* "المالي"/"المالية" at k: a fiscal year, whose quarters need not be the calendar's */
static int fiscal_word(const ctx *c, size_t k)
{
    return word_eq(c, k, "المالي") || word_eq(c, k, "المالية");
}

/* "العام المالي 2015" at k, after a quarter or half ("الربع الأول من العام المالي 2015"): the
 * year it names, not the DCT's; *end past it. 0 if none. */
static int fiscal_year(const ctx *c, size_t k, size_t *end)
{
    return named_year_at(c, k + 2, end);
}

/* "العام المالي 2014-2015", "العام 2014/2015", "السنة المالية 2014 - 2015" at k, after a quarter
 * or half: a year split across two, which in Arabic news is a fiscal year from July to June as
 * Egypt's is (every quarter or half of one in SaudiNewsNet is; "الربع الأخير من السنة المالية 2014
 * - 2015 التي انتهت في حزيران"). Its first year, *end past it; 0 if none. */
static int split_fiscal_year(const ctx *c, size_t k, size_t *end)
{
    if (unit_of(c, k) != U_YEAR || (c->t[k].val & (F_DUAL | F_PLURAL)))
        return 0;
    size_t y = k + 1 + fiscal_word(c, k + 1);
    if (!year_num(c, y) || c->t[y].val < 1900 || c->t[y].val >= 2100 || !pair_sep(c, y + 1) ||
        !year_num(c, y + 2) || c->t[y + 2].val != c->t[y].val + 1 || pair_sep(c, y + 3))
        return 0;
    *end = is_cls(c, y + 3, C_GMARK) ? y + 4 : y + 3;
    return c->t[y].val;
}

/* part n of `parts` (4 quarters or 2 halves) of the July-to-June year starting in fy, as the
 * calendar's: "2014-Q4" for its second quarter, "2015-H1" for its second half */
static void fiscal_part(int fy, int n, int parts, char *v, size_t vn)
{
    int shift = parts / 2; /* July starts the calendar year's third quarter, second half */
    int p = n + shift;
    snprintf(v, vn, "%04d-%c%d", p > parts ? fy + 1 : fy, parts == 4 ? 'Q' : 'H', p > parts ? p - parts : p);
}

/* "الربع الثالث المنتهي في 27 من يونيو", "الربع الأول من العام التي انتهت في 30 يونيو 2015":
 * a quarter told by the day it closed, at k, is the calendar quarter that day ends, whatever the
 * company numbers it (its year may start in April or October); a close in a quarter's first
 * fortnight ends the one before. The quarter (1-4) and its year in *yr (the date's, or *yr as
 * given); 0 if none. */
static int quarter_closed(const ctx *c, size_t k, int *yr)
{
    if ((word_eq(c, k, "التي") || word_eq(c, k, "الذي")) && (word_eq(c, k + 1, "انتهت") || word_eq(c, k + 1, "انتهى")))
        k += 2;
    else if (word_eq(c, k, "المنتهي") || word_eq(c, k, "المنتهية"))
        k++;
    else
        return 0; /* "خلال الربع الثاني في 30 تموز": the day its figures come out */
    pdate p;
    if (!is_prep(c, k, P_IN) || date_core(c, k + 1, &p) != 1 || !p.d || !p.m || p.hijri)
        return 0;
    int q = (p.m - 1) / 3 + 1;
    *yr = p.y ? p.y : *yr;
    if (p.m % 3 == 1 && p.d <= 14 && --q == 0) { /* closed early in January: last year's fourth */
        q = 4;
        --*yr;
    }
    return q;
}

/* "الثلاثاء من الأسبوع المقبل", "الإثنين في الأسبوع الماضي": the weekday of the week named, the
 * week counted from Sunday as the region's are; a weekday before "و" or "أو" and another one takes
 * the same week ("يوم الإثنين أو الثلاثاء من الأسبوع المقبل", "الأحد والاثنين في الأسبوع المقبل").
 * Not "الأسبوع السابق/التالي" (a week beside another told). Returns the end of the week phrase, or
 * of the weekday alone when another one comes between; 0 if none. */
static size_t weekday_of_week(const ctx *c, size_t e, int w, int32_t *day)
{
    size_t q = e;
    if (is_cls(c, q, C_WEEKDAY) && has_waw(c, q) && !c->t[q].nl)
        q++;
    else if (word_eq(c, q, "أو") && is_cls(c, q + 1, C_WEEKDAY) && !c->t[q + 1].nl)
        q += 2;
    if (!(is_prep(c, q, P_FROM) || is_prep(c, q, P_IN)) || c->t[q].nl || unit_of(c, q + 1) != U_WEEK ||
        (c->t[q + 1].val & (F_DUAL | F_PLURAL)) || !(c->t[q + 1].val & F_DEF) || has_waw(c, q + 1) ||
        !is_cls(c, q + 2, C_DIR) || c->t[q + 2].val == D_SAME || word_eq(c, q + 2, "السابق") ||
        word_eq(c, q + 2, "التالي"))
        return 0;
    int d = c->t[q + 2].val;
    int32_t ws = c->dct - ak_cal_weekday(c->dct) % 7 + (d == D_NEXT ? 7 : d == D_PAST ? -7 : 0);
    *day = ws + w % 7;
    return q == e ? q + 3 : e;
}

/* The one day near the DCT (200 days either way) that the weekday w and "a/b" without a year
 * can be: "يوم الأربعاء 28/9", "الاثنين الموافق 4/ 10", "الثلاثاء 10/12". The numbers are read
 * as day/month (else month/day), Hijri and Gregorian, each in the year that brings it nearest;
 * the weekday picks among them. NODAY when none or more than one day fits; *end gets the token
 * after the numbers (and a closing parenthesis). */
static int32_t weekday_numeric(const ctx *c, size_t k, int w, size_t *end)
{
    if (word_eq(c, k, "الموافق"))
        k++;
    int par = is_punct(c, k, '(');
    k += par;
    if (!is_num(c, k) || c->t[k].ndig > 2 || !is_punct(c, k + 1, '/') || !is_num(c, k + 2) || c->t[k + 2].ndig > 2 ||
        (is_punct(c, k + 3, '/') && is_num(c, k + 4)))
        return NODAY;
    int a = c->t[k].val, b = c->t[k + 2].val;
    int32_t found = NODAY;
    /* day/month first: month/day only when no day/month fits ("الأربعاء 6 /10" is 6 Shawwal,
     * though June 10 was a Wednesday too) */
    for (int order = 0; order < 2 && found == NODAY; order++)
        for (int cal = 0; cal < 2; cal++)
            for (int dy = -1; dy <= 1; dy++) {
                int d = order ? b : a, m = order ? a : b, y = (cal ? c->dhy : c->dy) + dy;
                int32_t day;
                if (m < 1 || m > 12 || d < 1)
                    continue;
                if (cal ? ak_cal_hijri_days(y, m, d, &day) < 0 : !ak_cal_valid(y, m, d))
                    continue;
                if (!cal)
                    day = ak_cal_days(y, m, d);
                if (day < c->dct - 200 || day > c->dct + 200 || ak_cal_weekday(day) != w)
                    continue;
                if (found != NODAY && found != day)
                    return NODAY;
                found = day;
            }
    *end = k + 3 + (par && is_punct(c, k + 3, ')'));
    return found;
}

/* Day d of month m, no year written, in calendar cal (0 Gregorian, 1 Hijri), in the year that
 * brings it nearest the DCT: that day, NODAY when the calendar has no such day. */
static int32_t nearest_year_day(const ctx *c, int cal, int d, int m)
{
    int32_t best = NODAY;
    for (int dy = -1; dy <= 1; dy++) {
        int y = (cal ? c->dhy : c->dy) + dy;
        int32_t day;
        if (m < 1 || m > 12 || d < 1 || (cal ? ak_cal_hijri_days(y, m, d, &day) < 0 : !ak_cal_valid(y, m, d)))
            continue;
        if (!cal)
            day = ak_cal_days(y, m, d);
        if (best == NODAY || labs((long)day - c->dct) < labs((long)best - c->dct))
            best = day;
    }
    return best;
}

/* "a/b" at k with no year: two numbers of a day and a month, nothing of a date after them */
static int yearless_pair(const ctx *c, size_t k)
{
    return day_num(c, k) && c->t[k].ndig <= 2 && is_punct(c, k + 1, '/') && is_num(c, k + 2) &&
           c->t[k + 2].ndig <= 2 && c->t[k + 2].val >= 1 && c->t[k + 2].val <= 12 &&
           !(is_punct(c, k + 3, '/') || is_punct(c, k + 3, '-')) && !is_num(c, k + 3) &&
           !is_cls(c, k + 3, C_HMARK) && !is_cls(c, k + 3, C_GMARK) && !year_num(c, k + 3);
}

/* "بتاريخ 16/10", "منذ يوم 24/ 7", "خلال الفترة من 30/ 10 إلى 20/ 11", "من تاريخ ١٨ / ١٠ الى ٢١
 * / ١٠": a day/month with no year after a word that announces a date (not a score's "(7/ 5 -
 * 7/ 5)", nor a ratio). Saudi news writes these in either calendar; the reading that falls nearest
 * the DCT, Hijri or Gregorian, is the one (10/10 under a 31 July stamp is 10 Shawwal, five days
 * back, not October; 24/7 under a 1 August stamp is 24 July), when within five months of it
 * ("31/1" under a July stamp may be either January). A range's end is read in its start's
 * calendar, on or after it. Emits and returns the token after it (i when emit fails), 0 when the
 * form is not there. */
static size_t yearless_numeric(ctx *c, size_t i)
{
    static const char *const cue[] = {"بتاريخ", "تاريخ", "وتاريخ", "يوم", "ويوم", "بيوم", "الموافق", "الفترة"};
    if (c->dct == NODAY || i == 0 || c->t[i].nl || !yearless_pair(c, i))
        return 0;
    size_t w = i - 1;
    if (is_prep(c, w, P_FROM) && w > 0 && !c->t[w].nl && word_eq(c, w - 1, "الفترة"))
        w--; /* "الفترة من 01/10" */
    if (!word_in(c, w, cue, sizeof cue / sizeof *cue))
        return 0;
    int d = c->t[i].val, m = c->t[i + 2].val;
    int32_t g = nearest_year_day(c, 0, d, m), h = nearest_year_day(c, 1, d, m);
    int hijri = h != NODAY && (g == NODAY || labs((long)h - c->dct) < labs((long)g - c->dct));
    int32_t a = hijri ? h : g;
    if (a == NODAY || labs((long)a - c->dct) > 150)
        return 0;
    char v[48], x[16], z[16];
    size_t e = i + 3;
    int to = is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL) || is_punct(c, e, '-');
    if (to && is_num(c, e + 1) && !yearless_pair(c, e + 1))
        return 0; /* "من 23 / 4 إلى 26 / 6 1436هـ": the end's year and calendar hold for the start */
    fmt_day(x, sizeof x, a);
    /* the range's end, read in the start's calendar on or after it */
    if (to && yearless_pair(c, e + 1) && !c->t[e + 1].nl) {
        int32_t b = nearest_year_day(c, hijri, c->t[e + 1].val, c->t[e + 3].val);
        if (b != NODAY && b >= a && b - a <= 366) {
            fmt_day(z, sizeof z, b);
            snprintf(v, sizeof v, "%s/%s", x, z);
            return emit(c, i, e + 4, "DATE", v, NULL, AK_GRAN_DAY) ? i : e + 4;
        }
    }
    return emit(c, i, e, "DATE", x, NULL, AK_GRAN_DAY) ? i : e;
}

/* "يوم الخميس الـ 28 من الشهر", "الأحد 5 من الشهر الجاري": a day of "the month" (this one;
 * the next or last with المقبل/الماضي) after the weekday w at k, the month unnamed: the Hijri
 * or the Gregorian month, whichever puts that day on that weekday. NODAY when neither or both
 * do; *end gets the token after the phrase. */
static int32_t weekday_month_day(const ctx *c, size_t k, int w, size_t *end)
{
    if (article_word(c, k))
        k++;
    if (!day_num(c, k) || !is_prep(c, k + 1, P_FROM) || unit_of(c, k + 2) != U_MONTH || !(c->t[k + 2].val & F_DEF) ||
        (c->t[k + 2].val & (F_DUAL | F_PLURAL)))
        return NODAY;
    int off = 0, d = c->t[k].val;
    size_t e = k + 3;
    if (is_cls(c, e, C_DIR)) {
        off = c->t[e].val == D_NEXT ? 1 : c->t[e].val == D_PAST ? -1 : 0;
        e++;
    }
    int32_t found = NODAY, day;
    int gm = (c->dy * 12 + c->dm - 1) + off, hmo = (c->dhy * 12 + c->dhm - 1) + off;
    if (ak_cal_valid(gm / 12, gm % 12 + 1, d) && ak_cal_weekday(day = ak_cal_days(gm / 12, gm % 12 + 1, d)) == w)
        found = day;
    if (ak_cal_hijri_days(hmo / 12, hmo % 12 + 1, d, &day) >= 0 && ak_cal_weekday(day) == w) {
        if (found != NODAY && found != day)
            return NODAY;
        found = day;
    }
    *end = e;
    return found;
}

/* The Hijri year in which the interval or day value v starts; 0 if none. */
static int value_hijri_year(const char *v)
{
    int32_t d;
    int hy, hm, hd;
    char z0[11];
    snprintf(z0, sizeof z0, "%.10s", v);
    if (tx_parse_day(z0, &d) < 0)
        return 0;
    ak_cal_hijri_from_days(d, &hy, &hm, &hd);
    return hy;
}

/* The second month m (at token e, ending at its group) of a two-month stretch, with the year or
 * direction written after it, which hold for both months. Returns the year found after it (0 if
 * none), which is also kept when it is of the other calendar, for the caller's checks. */
static int stretch_end(const ctx *c, int m, int hijri, size_t e, pdate *b)
{
    size_t ye = 0;
    int h = 0;
    memset(b, 0, sizeof *b);
    b->m = m, b->hijri = hijri, b->end = e, b->hh = b->mi = -1;
    int y = year_part(c, e, &ye, &h);
    if (y && h == hijri) {
        b->y = y;
        b->end = ye;
    } else if (is_cls(c, e, C_DIR)) {
        b->dir = c->t[e].val;
        b->end = e + 1;
    }
    return y;
}

/* "شهري رجب وشعبان", "شهري يونيو ويوليو الماضيين": the dual of شهر before two months is
 * one stretch, from the first month's start to the second's end (the year and direction
 * written after the second hold for both). With chain, the plural before months that follow
 * one another ("شهور أكتوبر ونوفمبر وديسمبر من العام الجاري") is one stretch likewise; months
 * out of order are a list, not a stretch. Returns the token after it, 0 if none. */
static size_t month_pair(ctx *c, size_t i, char *v, size_t vn, int chain)
{
    int s1, s2, a1, a2;
    size_t e1, e2;
    int m1 = month_group(c, i + 1, &s1, &e1, &a1);
    /* "بين شهري يوليو الماضي وأغسطس الحالي": the first month's own direction, the pair's order
     * and the second month's placing it as well */
    if (m1 && is_cls(c, e1, C_DIR) && c->t[e1].val != D_SAME && !c->t[e1].nl && on(c, e1 + 1) && has_waw(c, e1 + 1) &&
        is_cls(c, e1 + 2, C_DIR))
        e1++;
    /* "في شهري ديسمبر كانون الأول 2015 ويناير كانون الثاني 2016": each month with its year */
    int y1 = 0, h1 = 0;
    size_t ye1;
    if (m1 && s1 != SYS_H && (y1 = year_part(c, e1, &ye1, &h1)) != 0 && !h1 && on(c, ye1) && has_waw(c, ye1))
        e1 = ye1;
    else
        y1 = 0;
    if (!m1 || !on(c, e1) || !has_waw(c, e1))
        return 0;
    int m2 = month_group(c, e1, &s2, &e2, &a2);
    if (!m2 || m2 == m1 || (s1 == SYS_H) != (s2 == SYS_H) || (chain && m2 != m1 % 12 + 1))
        return 0;
    while (chain && on(c, e2) && has_waw(c, e2)) {
        int s3, a3;
        size_t e3;
        int m3 = month_group(c, e2, &s3, &e3, &a3);
        if (!m3 || (s3 == SYS_H) != (s2 == SYS_H) || m3 != m2 % 12 + 1)
            break;
        m2 = m3, s2 = s3, e1 = e2, e2 = e3;
    }
    pdate a, b;
    stretch_end(c, m2, s2 == SYS_H, e2, &b);
    char x[24], z[24];
    if (!resolve_date(c, e1, &b, z, sizeof z))
        return 0;
    a = b;
    a.m = m1;
    a.dir = 0;
    a.y = atoi(z) - (!b.hijri && m1 > m2); /* "شهري ديسمبر ويناير": across the new year */
    if (y1 && (b.hijri || (a.y != y1)))
        return 0; /* the first month's own year must agree with the second's */
    if (b.hijri) { /* Hijri months resolve to day intervals: keep the pair within one Hijri year */
        int hy = value_hijri_year(z);
        if (!hy)
            return 0;
        a.y = hy - (m1 > m2);
    }
    if (!resolve_date(c, i + 1, &a, x, sizeof x))
        return 0;
    const char *zs = strchr(z, '/');
    snprintf(v, vn, "%.10s/%s", x, zs ? zs + 1 : z);
    return b.end;
}

/* a verb of putting off up to four tokens before token k in its sentence ("تأجيل الانتخابات من
 * يونيو إلى سبتمبر", "أرجأت"): "from X to Y" then names the date left and the date set, two dates */
static int put_off_before(const ctx *c, size_t k)
{
    static const char *w[] = {"تأجيل", "تأجل", "أجلت", "يؤجل", "تؤجل", "أرجأ", "إرجاء", "تأخير"};
    for (size_t b = 1; b <= 4 && b <= k; b++) {
        const tx_tok *t = &c->t[k - b];
        if (c->t[k - b + 1].nl || sentence_end(c, k - b))
            return 0;
        if (t->kind != TK_WORD || t->b1 - t->b0 >= TX_WMAX)
            continue;
        char f[TX_WMAX];
        size_t n = tx_fold(c->s + t->b0, t->b1 - t->b0, f, sizeof f);
        const char *p = f;
        if (n > 6 && (memcmp(p, "\xd9\x88", 2) == 0 || memcmp(p, "\xd9\x81", 2) == 0)) /* و/ف */
            p += 2, n -= 2;
        for (size_t j = 0; j < sizeof w / sizeof w[0]; j++)
            if (tx_fold_eq(p, n, w[j], 1))
                return 1;
    }
    return 0;
}

/* "من أبريل إلى يونيو", "بين نيسان (أبريل) وحزيران (يونيو)", "من تموز (يوليو) 2014 حتى آذار
 * (مارس) 2015", "بين سبتمبر ويناير الماضيين": two months after من/بين joined by إلى/حتى (or و
 * after بين) are one stretch, from the first month's start to the second's end, as two years
 * are (year_range) and as شهري X وY is. A year or direction written after the end holds for the
 * start too (the year before when its month comes later); the start keeps its own year when
 * written; with neither, the start resolves as a month alone and the end is its first
 * occurrence from there (as a range's end after حتى is). A pair that would run backwards is two
 * months ("بين جمادى الآخرة وجمادى الأولى من هذا العام" compares them), and so is one after a
 * verb of putting off (put_off_before). Returns the token after it, 0 if none. */
static size_t month_range(ctx *c, size_t i, char *v, size_t vn)
{
    int from = i > 0 && !c->t[i].nl && (is_prep(c, i - 1, P_FROM) || is_prep(c, i - 1, P_BETWEEN));
    int dash = 0; /* a dash within a month's written length after it (this runs at every month word) */
    for (size_t k = i + 1; !from && !dash && k < i + 6 && on(c, k); k++)
        dash = dash_at(c, k);
    if (!from && !dash)
        return 0;
    int between = from && is_prep(c, i - 1, P_BETWEEN);
    int s1, s2, a1, a2, h1 = 0;
    size_t e1, e2, ye = 0;
    /* "من شهري سبتمبر إلى نوفمبر": the dual of شهر may lead the pair after من/بين */
    int dual = is_cls(c, i, C_SETADJ) && c->t[i].val == S_MONTH;
    if (dual && !from)
        return 0;
    int m1 = month_group(c, i + (size_t)dual, &s1, &e1, &a1);
    if (!m1)
        return 0;
    int y1 = year_part(c, e1, &ye, &h1); /* the start's own year: "من ديسمبر 2008 حتى نوفمبر 2010" */
    if (y1 && h1 != (s1 == SYS_H))
        return 0;
    size_t k = y1 ? ye : e1;
    /* "(سبتمبر- نوفمبر) من هذا العام", "يونيو - يوليو 2015": a dash between two months joins
     * them with or without من before */
    if ((from && (is_prep(c, k, P_TO) || is_prep(c, k, P_UNTIL))) ||
        (dash_at(c, k) && !y1 && !c->t[k].nl && on(c, k + 1) && !c->t[k + 1].nl))
        k++;
    else if (!(between && has_waw(c, k)))
        return 0;
    int m2 = month_group(c, k, &s2, &e2, &a2);
    if (!m2 || (s1 == SYS_H) != (s2 == SYS_H) || (i > 0 && put_off_before(c, i - 1)))
        return 0;
    pdate a, b;
    int y = stretch_end(c, m2, s2 == SYS_H, e2, &b);
    if (y && !y1 && m1 >= m2)
        return 0; /* one year written for both: the first month must come first */
    if (!b.y && !b.dir && y1)
        b.y = y1 + (m2 <= m1);
    if (m1 == m2 && !(y1 && b.y > y1))
        return 0;
    a = b;
    a.m = m1;
    a.dir = 0;
    a.y = y1;
    char x[24], z[24];
    if (!b.y && !b.dir) { /* neither year nor direction: the start first, the end after it */
        if (!resolve_date(c, i, &a, x, sizeof x))
            return 0;
        b.y = (b.hijri ? value_hijri_year(x) : atoi(x)) + (m2 < m1);
        if (!resolve_date(c, k, &b, z, sizeof z))
            return 0;
    } else {
        if (!resolve_date(c, k, &b, z, sizeof z))
            return 0;
        if (!a.y)
            a.y = (b.hijri ? value_hijri_year(z) : atoi(z)) - (m1 > m2);
        if (!resolve_date(c, i, &a, x, sizeof x))
            return 0;
    }
    if (strncmp(x, z, 10) > 0)
        return 0;
    const char *zs = strchr(z, '/');
    snprintf(v, vn, "%.10s/%s", x, zs ? zs + 1 : z);
    return b.end;
}

/* Emits block n (0: the last) of len days of the month of days [a, b] over tokens [i, e): a
 * week (len 7) or the first or last days ("الأيام العشرة الأولى"). */
static int block_emit(ctx *c, size_t i, size_t e, int n, int len, int32_t a, int32_t b)
{
    int32_t d0 = n ? a + len * (n - 1) : b - len + 1, d1 = n ? d0 + len - 1 : b;
    if (d1 > b)
        d1 = b;
    char x[16], z[16], v[40];
    fmt_day(x, sizeof x, d0);
    fmt_day(z, sizeof z, d1);
    snprintf(v, sizeof v, "%s/%s", x, z);
    return emit(c, i, e, "DATE", v, NULL, len == 7 ? AK_GRAN_WEEK : AK_GRAN_DAY);
}

/* The pair of Hijri years from token k on read with the year word before it, token i ("للعام
 * 1436 / 1437هـ", "لعام 1436/ 1437هـ"): one expression, the pair's value. Returns the token
 * after it. */
static size_t pair_with_head(ctx *c, size_t i, size_t k)
{
    size_t before = *c->nout, j = match_core(c, k);
    if (*c->nout == before + 1 && (*c->out)[before].byte_start == c->t[k].b0) {
        (*c->out)[before].start = c->t[i].c0;
        (*c->out)[before].byte_start = c->t[i].b0;
    }
    return j > k ? j : k;
}

/* Hijri year hy written from token i to e: the Gregorian days it spans; returns the token after
 * it (e also when the calendar cannot place the year) */
static size_t hijri_year_expr(ctx *c, size_t i, size_t e, int hy)
{
    char v[40];
    if (!hijri_year_span(hy, v, sizeof v))
        return e;
    return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
}

/* A Gregorian pair of years at k as the year rules read one: "2014 - 2015", "2010 - 2015" (a
 * dash and a later year), "2013 / 2014" (a slash and the next year), no Hijri mark after; a
 * nineteenth-century first year too ("عام 1812 -1870م", a life), below every Hijri year in use */
static int greg_pair_at(const ctx *c, size_t k)
{
    if (!year_num(c, k) || c->t[k].val < 1800 || c->t[k].val > 2100 || !year_num(c, k + 2) ||
        is_cls(c, k + 3, C_HMARK) || c->t[k + 1].nl || c->t[k + 2].nl)
        return 0;
    int y1 = c->t[k].val, y2 = c->t[k + 2].val;
    if (dash_at(c, k + 1))
        return y2 > y1 && y2 - y1 < 100;
    return is_punct(c, k + 1, '/') && y2 == y1 + 1;
}

/* Block n (0: the last) of len days (7: a week) of the month named from token k on, the phrase
 * starting at i: emits its days and returns the token after it, 0 if none. */
static size_t block_of_month_at(ctx *c, size_t i, size_t k, int n, int len)
{
    int32_t a, b;
    char tmp[48];
    pdate p;
    if (date_core(c, k, &p) == 1 && !p.d && !p.weekday && p.dir != D_SAME) {
        /* a named month: resolved as the week's first day would be, so deadlines, ranges and
         * near announcements hold ("وحتى الأسبوع الأول من أغسطس") */
        pdate q = p;
        q.d = n ? 1 + len * (n - 1) : 22;
        if (resolve_date(c, i, &q, tmp, sizeof tmp) != AK_GRAN_DAY || tx_parse_day(tmp, &a) < 0)
            return 0;
        if (p.hijri) {
            int hy, hm, hd;
            ak_cal_hijri_from_days(a, &hy, &hm, &hd);
            if (ak_cal_hijri_days(hy, hm, 1, &a) < 0 || ak_cal_hijri_days(hm == 12 ? hy + 1 : hy, hm % 12 + 1, 1, &b) < 0)
                return 0;
            b--;
        } else {
            a -= q.d - 1;
            b = a + ak_cal_month_len(atoi(tmp), atoi(tmp + 5)) - 1;
        }
        return block_emit(c, i, p.end, n, len, a, b) ? i : p.end;
    }
    size_t before = *c->nout;
    if (unit_of(c, k) == U_MONTH && definite_period_unit(c, k) && is_cls(c, k + 1, C_DIR) &&
        c->t[k + 1].val == D_SAME) {
        /* "الأسبوع الثالث من الشهر نفسه": the month last named (among the last three) */
        for (size_t o = before; o > 0 && before - o < 3; o--) {
            const ak_timex *y = &(*c->out)[o - 1];
            if (y->granularity != AK_GRAN_MONTH || strcmp(y->type, "DATE"))
                continue;
            if (strlen(y->value) == 7) {
                a = ak_cal_days(atoi(y->value), atoi(y->value + 5), 1);
                b = a + ak_cal_month_len(atoi(y->value), atoi(y->value + 5)) - 1;
            } else if (strlen(y->value) == 21 && y->value[10] == '/') {
                snprintf(tmp, sizeof tmp, "%.10s", y->value);
                if (tx_parse_day(tmp, &a) < 0 || tx_parse_day(y->value + 11, &b) < 0)
                    return 0;
            } else
                return 0;
            return block_emit(c, i, k + 2, n, len, a, b) ? i : k + 2;
        }
        return 0;
    }
    size_t j = match_core(c, k);
    if (*c->nout != before + 1)
        return j > k ? j : 0;
    ak_timex *x = &(*c->out)[before];
    if (x->byte_start != c->t[k].b0 || x->granularity != AK_GRAN_MONTH || x->mod[0])
        return j;
    if (strlen(x->value) == 7) { /* 2015-07 */
        int y = atoi(x->value), m = atoi(x->value + 5);
        a = ak_cal_days(y, m, 1);
        b = a + ak_cal_month_len(y, m) - 1;
    } else if (strlen(x->value) == 21 && x->value[10] == '/') {
        snprintf(tmp, sizeof tmp, "%.10s", x->value);
        if (tx_parse_day(tmp, &a) < 0 || tx_parse_day(x->value + 11, &b) < 0)
            return j;
    } else
        return j;
    (*c->nout)--; /* re-emitted with the week's extent and days */
    return block_emit(c, i, j, n, len, a, b) ? i : j;
}

/* "الأسبوع الأول/الثاني/الأخير من شهر رمضان", "الأسبوع الأول من الشهر المبارك": the days of
 * that week of a month named right after it. Emits and returns the token after it, 0 if none. */
static size_t week_of_month(ctx *c, size_t i)
{
    if (!(c->t[i].val & F_DEF) || (c->t[i].val & (F_PLURAL | F_DUAL)) || !is_prep(c, i + 2, P_FROM))
        return 0;
    int n = is_cls(c, i + 1, C_ORD) && c->t[i + 1].val <= 4 ? c->t[i + 1].val : 0;
    if (!n && !(is_cls(c, i + 1, C_DAYADJ) && c->t[i + 1].b1 - c->t[i + 1].b0 >= 6 &&
                memcmp(c->s + c->t[i + 1].b1 - 6, "\xd8\xae\xd9\x8a\xd8\xb1", 6) == 0)) /* الأخير */
        return 0;
    return block_of_month_at(c, i, i + 3, n, 7);
}

/* "الأيام العشرة الأولى من شهر رمضان", "اليومين الأولين من شهر شوال", "الأيام العشر الأواخر
 * من رمضان": the first or last days of a month named right after them, counted in words (three
 * to ten) or dual. Emits their days and returns the token after them, 0 if none. */
static size_t days_of_month(ctx *c, size_t i)
{
    static const char *const first[] = {"الأولى", "الاولى", "الأولين", "الأوليين", "الاولين"};
    static const char *const last[] = {"الأخيرة", "الاخيرة", "الأواخر", "الأخيرين", "الاخيرين"};
    if (!(c->t[i].val & F_DEF)) /* a day's word, as its caller found */
        return 0;
    size_t k = i + 1;
    int len = 2;
    if (!(c->t[i].val & F_DUAL)) { /* a plural and its definite count: "الأيام العشرة" */
        if (!(c->t[i].val & F_PLURAL) || (len = def_count(c, k, 0)) < 3 || len > 10)
            return 0;
        k++;
    }
    int n = word_in(c, k, first, sizeof first / sizeof *first) ? 1 : 0;
    if ((!n && !word_in(c, k, last, sizeof last / sizeof *last)) || !is_prep(c, k + 1, P_FROM) || c->t[k + 1].nl)
        return 0;
    return block_of_month_at(c, i, k + 2, n, len);
}

/* "في آخر أسبوع في شهر رمضان", "اعتبارا من أول أسبوع من شهر أغسطس": آخر/أول before an
 * indefinite week and من/في, then a month, as "الأسبوع الأخير من" is. Token i is آخر or أول. */
static size_t week_of_month_before(ctx *c, size_t i)
{
    int last = word_eq(c, i, "آخر");
    if ((!last && !word_eq(c, i, "أول") && !word_eq(c, i, "اول")) || unit_of(c, i + 1) != U_WEEK ||
        (c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)) || !(is_prep(c, i + 2, P_FROM) || is_prep(c, i + 2, P_IN)))
        return 0;
    return block_of_month_at(c, i, i + 3, last ? 0 : 1, 7);
}

/* "النصف الثاني من أغسطس الجاري": the days of that half of a named month (1-15, 16-end).
 * Emits and returns the token after it, 0 if none. */
static size_t half_of_month(ctx *c, size_t i, size_t k, int half)
{
    pdate p;
    char tmp[48];
    int32_t a, b;
    if (k == i + 2 || date_core(c, k, &p) != 1 || p.d || p.weekday || p.dir == D_SAME ||
        !resolve_date(c, k, &p, tmp, sizeof tmp))
        return 0;
    if (strlen(tmp) == 7) {
        a = ak_cal_days(atoi(tmp), atoi(tmp + 5), 1);
        b = a + ak_cal_month_len(atoi(tmp), atoi(tmp + 5)) - 1;
    } else if (strlen(tmp) == 21 && tmp[10] == '/') {
        char x[16];
        snprintf(x, sizeof x, "%.10s", tmp);
        if (tx_parse_day(x, &a) < 0 || tx_parse_day(tmp + 11, &b) < 0)
            return 0;
    } else
        return 0;
    char x[16], z[16], v[40];
    fmt_day(x, sizeof x, half == 1 ? a : a + 15);
    fmt_day(z, sizeof z, half == 1 ? a + 14 : b);
    snprintf(v, sizeof v, "%s/%s", x, z);
    return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_WEEK) ? i : p.end;
}

/* "وأرجعت الارتفاع في الأرباح خلال الربع الحالي": a company's results, published in the six
 * weeks after a quarter closes, call the quarter reported, the one just closed, the current one
 * (results words, or the year-ago quarter it is set against, "الربع المماثل"); not a forecast
 * ("من المتوقع أن يسجل ... في الربع الحالي") */
static int results_quarter(const ctx *c, size_t i)
{
    static const char *const results[] = {"الأرباح", "أرباح", "الربح", "ربح", "الخسائر", "خسائر", "الخسارة",
                                          "خسارة", "صافي", "الإيرادات", "إيرادات", "المماثل", "الربحية",
                                          "المقارنة"}; /* "أرقام المقارنة": a report's restated figures */
    static const char *const forecast[] = {"المتوقع", "يتوقع", "تتوقع", "توقعات", "يتوقعون"};
    if (c->dct == NODAY || (c->dm - 1) % 3 > 1 || ((c->dm - 1) % 3 == 1 && c->dd > 15))
        return 0;
    int found = 0;
    for (size_t k = sentence_start(c, i, 60); k < i + 40 && on(c, k) && !sentence_end(c, k); k++) {
        if (c->t[k].kind != TK_WORD)
            continue;
        if (word_in(c, k, forecast, sizeof forecast / sizeof *forecast))
            return 0;
        found |= word_in(c, k, results, sizeof results / sizeof *results);
    }
    return found;
}

/* a year named for the quarter ending at k-1: "من العام الماضي", "من عام 2014", "2014", "لعام 2015" */
static int quarter_own_year(const ctx *c, size_t k)
{
    if (is_prep(c, k, P_FROM))
        k++;
    return is_num(c, k) || (unit_of(c, k) == U_YEAR && !(c->t[k].val & (F_DUAL | F_PLURAL)));
}

/* "أرباح الربع الثالث البالغة 1632 مليون ريال", "خسائر الربع الرابع فتم خفض خسائره البالغة
 * 3410 ملايين": an amount told as reached, within six words from k, is of a period closed */
static int amount_told(const ctx *c, size_t k)
{
    for (size_t j = k; j < k + 6 && on(c, j + 1) && !sentence_end(c, j) && !c->t[j].nl; j++)
        if ((word_eq(c, j, "البالغة") || word_eq(c, j, "البالغ")) && is_num(c, j + 1))
            return 1;
    return 0;
}

/* "السنوي" at k: "الربع السنوي الماضي" is the quarter told with its year's adjective */
static size_t annual_at(const ctx *c, size_t k)
{
    return word_eq(c, k, "السنوي") && !c->t[k].nl ? 1 : 0;
}

/* "الربع السابق/الماضي/المقبل/الحالي": السابق counts from the quarter just mentioned ("في
 * الربع الثاني ... عن الربع السابق" is Q1), the others from the DCT; *end after the direction. */
static int quarter_rel(ctx *c, size_t i, char *v, size_t vn, size_t *end)
{
    size_t d = i + 1 + annual_at(c, i + 1); /* the direction's token */
    *end = d + 1;
    if (!is_cls(c, d, C_DIR) || c->t[d].val == D_SAME ||
        !(memmem(c->s + c->t[i].b0, c->t[i].b1 - c->t[i].b0, "\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa8\xd8\xb9", 10) ||
          memmem(c->s + c->t[i].b0, c->t[i].b1 - c->t[i].b0, "\xd9\x84\xd9\x84\xd8\xb1\xd8\xa8\xd8\xb9", 10)))
        return 0; /* "الربع" or "للربع", not "ربع" (a quarter of something) */
    int dir = c->t[d].val, q;
    int y;
    const char *pv = "";
    for (size_t k = *c->nout; k > 0 && k + 3 > *c->nout && !*pv; k--) /* the latest quarter just said */
        if (strlen((*c->out)[k - 1].value) == 7 && (*c->out)[k - 1].value[5] == 'Q')
            pv = (*c->out)[k - 1].value;
    int fq = 0; /* "خسارة في الربع السابق إلى ربح في الربع الثاني": the quarter said next, unless
                 * a year of its own sets it apart ("والربع الرابع من العام الماضي") */
    for (size_t k = d + 1; k < i + 16 && on(c, k + 1) && !sentence_end(c, k) && !*pv && anaphoric(c, d); k++)
        if (is_cls(c, k, C_QUARTER) && is_cls(c, k + 1, C_ORD) && c->t[k + 1].val <= 4 && !quarter_own_year(c, k + 2)) {
            fq = c->t[k + 1].val;
            break;
        }
    if (anaphoric(c, d) && *pv) {
        y = atoi(pv);
        q = pv[6] - '0';
    } else if (fq && c->dct != NODAY) {
        q = fq;
        y = c->dy - (fq > (c->dm - 1) / 3 + 1); /* a quarter not begun yet is last year's */
    } else if (c->dct != NODAY) {
        y = c->dy;
        q = (c->dm - 1) / 3 + 1;
    } else
        return 0;
    int qq = y * 4 + q - 1 + (dir == D_PAST ? -1 : dir == D_NEXT ? 1 : 0);
    if (dir == D_THIS && results_quarter(c, i))
        qq--;
    else if (dir == D_PAST && anaphoric(c, d) && !*pv && !fq && results_quarter(c, i))
        qq--; /* "أقل من الربع السابق" in results with no quarter named: the one before the reported */
    snprintf(v, vn, "%04d-Q%d", qq / 4, qq % 4 + 1);
    return AK_GRAN_QUARTER;
}

/* The unit at u names a period, not a length: a year or a month follows it ("2.07 عام 2014",
 * "107.2 لشهر يوليو الحالي") */
static int names_period(const ctx *c, size_t u)
{
    int sys_, amb_;
    size_t e_;
    return is_num(c, u + 1) || (on(c, u + 1) && month_at(c, u + 1, &sys_, &e_, &amb_));
}

/* "بزمن 7.34.66 دقيقة": a race time, minutes, seconds and hundredths before the word for
 * minutes (or hours, minutes and seconds before ساعة), is one length. Returns the token after
 * it, 0 if none. */
static size_t race_time(ctx *c, size_t i)
{
    if (!is_num(c, i) || c->t[i].ndig > 2 || !decimal_mark(c, i + 1) || c->t[i + 2].ndig != 2 ||
        c->t[i + 2].val > 59 || !decimal_mark(c, i + 3) || c->t[i + 4].ndig > 2 || !on(c, i + 5) ||
        (c->t[i + 5].val & (F_DEF | F_DUAL | F_PLURAL)))
        return 0;
    int u = unit_of(c, i + 5);
    char v[48];
    if (u == U_MIN)
        snprintf(v, sizeof v, "PT%dM%d.%0*dS", c->t[i].val, c->t[i + 2].val, (int)c->t[i + 4].ndig, c->t[i + 4].val);
    else if (u == U_HOUR && c->t[i + 4].ndig == 2 && c->t[i + 4].val <= 59)
        snprintf(v, sizeof v, "PT%dH%dM%dS", c->t[i].val, c->t[i + 2].val, c->t[i + 4].val);
    else
        return 0;
    return emit(c, i, i + 6, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 6;
}

/* The first token of a quantity at i: the about word before it on the same line ("قرابة
 * الخمسة عقود", "نحو 4.6 مليار سنة") is part of it */
static size_t about_start(const ctx *c, size_t i)
{
    return i > 0 && is_cls(c, i - 1, C_APPROX) && !c->t[i].nl ? i - 1 : i;
}

/* "4.6 مليار سنة", "منذ 4.2 مليارات عام", "أربعة مليارات عام", "أكثر من مليار عام": billions of
 * years, a length past what the counts of big_count hold; an about word before is its own. Not
 * "سبعة مليارات عام 2012" (people counted in a year). Returns the token after it, 0 if none. */
static size_t billion_years(ctx *c, size_t i)
{
    /* a number, a count word or a bare word (the billion itself): every other token leaves at once */
    if (c->t[i].kind == TK_PUNCT || (c->t[i].kind == TK_WORD && c->t[i].cls != C_NONE && c->t[i].cls != C_NUMW))
        return 0;
    long long n = 1, scale = 1000000000;
    size_t m = i;
    if (is_num(c, i) && c->t[i].ndig <= 3 && c->t[i].val > 0) {
        n = c->t[i].val;
        m = i + 1;
        if (decimal_mark(c, i + 1) && c->t[i + 2].ndig <= 2 && c->t[i + 2].b0 == c->t[i + 1].b1) {
            for (int d = 0; d < (int)c->t[i + 2].ndig; d++)
                n *= 10, scale /= 10;
            n += c->t[i + 2].val;
            m = i + 3;
        }
    } else if (is_cls(c, i, C_NUMW) && c->t[i].val >= 2 && c->t[i].val <= 10) {
        n = c->t[i].val;
        m = i + 1;
    } else if (i > 0 && (is_num(c, i - 1) || is_cls(c, i - 1, C_NUMW) || decimal_mark(c, i - 1)))
        return 0; /* a count not read above ("1000 مليار عام") is not one */
    /* the year word first: it is looked up already, the billion's word is compared */
    if (unit_of(c, m + 1) != U_YEAR || (c->t[m + 1].val & (F_DEF | F_DUAL | F_PLURAL)) || c->t[m + 1].nl ||
        c->t[m].nl || !(word_eq(c, m, "مليار") || word_eq(c, m, "مليارات") || word_eq(c, m, "بليون")) ||
        light_year(c, m + 2) || is_num(c, m + 2))
        return 0;
    char v[40];
    snprintf(v, sizeof v, "P%lldY", n * scale);
    size_t i0 = about_start(c, i);
    return emit(c, i0, m + 2, "DURATION", v, NULL, AK_GRAN_NONE) ? i : m + 2;
}

/* "1.3 ساعة" PT1.3H, "58,6 سنة" P58.6Y, "50.45 ثانية" PT50.45S, "15 ثانية" PT15S, "خمس ثوان"
 * PT5S: a count with one or two decimals before an indefinite unit is that count, and a count
 * before a word for seconds a length in seconds. No count: a three-digit group ("2.500 عام",
 * thousands or not), a number whose mark is written apart ("78.‏58 ثانية", its digits' order
 * unsure), a number before a unit that names a period ("2.07 عام 2014" keeps its year); the
 * number is skipped and the unit read as ever. A race time is read whole (race_time), and so
 * are billions of years (billion_years) and two seconds. Returns the token after what it read
 * or skipped, i if none. */
static size_t decimal_length(ctx *c, size_t i)
{
    size_t b = billion_years(c, i);
    if (b)
        return b;
    /* "خلال ثانيتين": the dual of a second, two of them (seconds have no unit of their own) */
    if (is_cls(c, i, C_SECS2))
        return emit(c, i, i + 1, "DURATION", "PT2S", NULL, AK_GRAN_NONE) ? i : i + 1;
    size_t r = race_time(c, i);
    if (r)
        return r;
    int word = is_cls(c, i, C_NUMW) && c->t[i].val >= 1 && c->t[i].val <= 10;
    if ((!is_num(c, i) && !word) || is_punct(c, i - 1, '/') || is_punct(c, i - 1, ':')) /* a date's or clock's part */
        return i;
    int dec = !word && decimal_mark(c, i + 1);
    size_t u = dec ? i + 3 : i + 1;
    int sec = seconds_word(c, u), un = unit_of(c, u);
    if ((!sec && (!un || (c->t[u].val & F_DEF))) || c->t[u].nl)
        return i;
    if (fraction_part(c, i))
        return i + 1;
    if (!dec && !sec)
        return i;
    if ((dec && (c->t[i + 2].ndig > 2 || c->t[i + 2].b0 != c->t[i + 1].b1)) || c->t[i].ndig > 4 ||
        (!dec && c->t[i].val <= 0) || (!sec && names_period(c, u)))
        return dec ? i + 3 : i + 1;
    char n[32], v[48];
    if (dec)
        snprintf(n, sizeof n, "%d.%0*d", c->t[i].val, (int)c->t[i + 2].ndig, c->t[i + 2].val);
    else
        snprintf(n, sizeof n, "%d", c->t[i].val);
    char l = sec ? 'S' : un == U_MIN ? 'M' : unit_letter(un);
    snprintf(v, sizeof v, "P%s%s%c", sec || un == U_HOUR || un == U_MIN ? "T" : "", n, l);
    size_t i0 = i > 0 && is_cls(c, i - 1, C_APPROX) ? i - 1 : i; /* "بنحو 16 ثانية": about is part of it */
    return emit(c, i0, u + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : u + 1;
}

/* The Gregorian year closing an event's name: "كأس 2014", "انتخابات 2012", over up to four
 * words of the name (a city, an adjective or an ordinal among them: "منتدى الرياض الاقتصادي
 * 2015", "المنتدى الوطني لسيدات الأعمال 2015", "بينالي القاهرة الدولي الخامس للخزف 2000"), quoted
 * or not ("بطولة أوروبا 2016", "كأس الأبطال الدولية الودية 2015": names run long), or right after
 * a plural of incidents ("اعتداءات 2008", "أحداث 2011"). A year with a unit, a counted noun, '/',
 * '-' or '_' after it is an amount or left to the other patterns. Returns the year's token, 0 if
 * none. */
static size_t event_year(const ctx *c, size_t i)
{
    const tx_tok *t = &c->t[i];
    int named = t->cls == C_EVENT && t->val == 0;
    if (!(t->cls == C_EVENT && t->val != 2) && !(t->cls == C_INCIDENT && t->val == 0))
        return 0;
    size_t y = i + 1, words = 0;
    /* a car's model is a name of two words at most, not its plate's number ("السيارة رقم
     * 2015"); a load after it is counted ("سيارة تحمل 2000 كيلو") */
    static const char *const cars[] = {"سيارة", "سياره", "السيارة"};
    int car = word_in(c, i, cars, sizeof cars / sizeof cars[0]);
    /* the name's words, quoted or not ("جائزة الرواية العالمية «البوكر» 2016") */
    while (named && words < (car ? 2u : 4u) && on(c, y) && !c->t[y].nl &&
           ((c->t[y].kind == TK_WORD &&
             (c->t[y].cls == C_NONE || c->t[y].cls == C_TZW || c->t[y].cls == C_DAYADJ || c->t[y].cls == C_ORD ||
              (c->t[y].cls == C_SEASON && !car && !year_num(c, y + 1))) && /* "مهرجان صيف الشرقية 2015"; not "موسم صيف 2015" */
             !(car && word_eq(c, y, "رقم"))) ||
            quote_mark(&c->t[y])))
        words += c->t[y++].kind == TK_WORD;
    if (car && !words)
        return 0;
    if (!year_num(c, y) || c->t[y].val < 1900 || c->t[y].val > 2100 || unit_of(c, y + 1) ||
        counted_noun(c, y + 1) || pair_sep(c, y + 1) || is_punct(c, y + 1, '_'))
        return 0;
    /* the lines named by a year are history ("حدود 1967", "خط 1949"); "في حدود 2000 متر" is
     * about 2000 */
    if ((word_eq(c, i, "حدود") || word_eq(c, i, "خط")) && c->t[y].val >= 2000)
        return 0;
    /* "5 ملايين يورو 2015": euros counted before it are money */
    if (word_eq(c, i, "يورو") && i > 0 && (is_num(c, i - 1) || big_mult(c, i - 1) || word_eq(c, i - 1, "مليار") ||
                                           word_eq(c, i - 1, "مليارات")))
        return 0;
    return y;
}

/* a word of area ("مساحة", "بمساحة", "مساحته") */
static int area_word_at(const ctx *c, size_t k)
{
    static const char *const area[] = {"مساحة", "بمساحة", "المساحة", "مساحته", "مساحتها", "ومساحة", "مساحات"};
    return c->t[k].kind == TK_WORD && word_in(c, k, area, sizeof area / sizeof area[0]);
}

/* such a word up to four tokens before token i, in its clause */
static int area_before(const ctx *c, size_t i) { return clause_before(c, i, 4, area_word_at); }

/* A bare "الأسبوع" as what a market opened or closed ("افتتح مؤشر الداوجونز الأسبوع على هبوط",
 * "وختم خام القياس العالمي الأسبوع على خسارة"): a verb of opening or closing, then its subject of
 * one to six words, on a stamp from Friday to Monday (the weekly reviews; midweek the week may be
 * the one under way) */
static int week_opened_or_closed(const ctx *c, size_t i)
{
    static const char *const verbs[] = {"افتتح", "افتتحت", "وافتتح", "وافتتحت", "استهل", "استهلت", "واستهل",
                                        "واستهلت", "بدأ",   "بدأت",   "وبدأ",   "وبدأت",   "أنهى", "أنهت",
                                        "وأنهى", "وأنهت", "انهى",   "انهت",   "ختم",    "ختمت",  "وختم", "وختمت"};
    int wd = ak_cal_weekday(c->dct);
    if (!(wd == 5 || wd == 6 || wd == 7 || wd == 1) || definite_word(c, i + 1) || is_cls(c, i + 1, C_DIR))
        return 0;
    for (size_t k = 1; k <= 7 && k <= i; k++) {
        size_t j = i - k;
        int cls = c->t[j].cls; /* plain words, "العالمي", "عقود الديزل" */
        if (c->t[j + 1].nl || c->t[j].kind != TK_WORD ||
            !(cls == C_NONE || cls == C_TZW || cls == C_DAYADJ ||
              (cls == C_UNIT && (c->t[j].val & (F_PLURAL | F_DEF)) == F_PLURAL)))
            return 0;
        if (word_in(c, j, verbs, sizeof verbs / sizeof verbs[0]))
            return k >= 2; /* "افتتح الأسبوع بنغمات رومانسية": a fashion week, no subject */
    }
    return 0;
}

/* A market's weekly change: a bare "الأسبوع" after "على مدى/على مدار" before a verb of change
 * ("وعلى مدى الأسبوع زاد المؤشر 0.2 في المائة", "خسر"), or after a percentage and خلال or على
 * مدى ("وبتراجع 5.5 في المئة خلال الأسبوع."), is the trading week closed by the latest Friday
 * on or before the stamp (a Monday's report of the week before). Returns that Friday, NODAY if
 * the form is not there. */
static int32_t market_week(const ctx *c, size_t i)
{
    static const char *const verbs[] = {"زاد", "زادت", "خسر", "خسرت", "صعد", "صعدت", "ارتفع", "ارتفعت",
                                        "تراجع", "تراجعت", "انخفض", "انخفضت", "هبط", "هبطت", "فقد",
                                        "فقدت", "كسب", "كسبت", "ربح", "ربحت", "قفز", "قفزت"};
    if (c->dct == NODAY || unit_of(c, i) != U_WEEK || !definite_period_unit(c, i) || !word_eq(c, i, "الأسبوع") ||
        i < 2 || c->t[i].nl || c->t[i - 1].nl)
        return NODAY;
    int32_t fri = c->dct - (ak_cal_weekday(c->dct) - 5 + 7) % 7;
    if (week_opened_or_closed(c, i))
        return fri;
    size_t p; /* the preposition's first token */
    if ((word_eq(c, i - 1, "مدى") || word_eq(c, i - 1, "مدار")) &&
        (word_eq(c, i - 2, "على") || word_eq(c, i - 2, "وعلى")) && !c->t[i - 2].nl)
        p = i - 2;
    else if (word_eq(c, i - 1, "خلال"))
        p = i - 1;
    else
        return NODAY;
    static const char *const per_cent[] = {"بالمائة", "بالمئة"}, *const cent[] = {"المائة", "المئة"};
    int change = p == i - 2 && word_in(c, i + 1, verbs, sizeof verbs / sizeof verbs[0]);
    int pct = (p >= 1 && !c->t[p].nl && word_in(c, p - 1, per_cent, sizeof per_cent / sizeof *per_cent)) ||
              (p >= 2 && !c->t[p].nl && !c->t[p - 1].nl && is_prep(c, p - 2, P_IN) &&
               word_in(c, p - 1, cent, sizeof cent / sizeof *cent));
    /* "خلال الأسبوع الماضي", "الأسبوع الذي سبق": the word after names another week */
    if (!change && (!pct || definite_word(c, i + 1)))
        return NODAY;
    return fri;
}

/* "ق.م" or "ق. م." (before the era, abbreviated) at k: the token after it, 0 if none */
static size_t bc_abbrev(const ctx *c, size_t k)
{
    if (!word_eq(c, k, "ق") || !is_punct(c, k + 1, '.') || c->t[k].nl || c->t[k + 1].nl ||
        !on(c, k + 2) || c->t[k + 2].kind != TK_WORD || c->t[k + 2].b1 - c->t[k + 2].b0 != 2 ||
        memcmp(c->s + c->t[k + 2].b0, "\xd9\x85", 2) != 0) /* م */
        return 0;
    return is_punct(c, k + 3, '.') && !c->t[k + 3].sp ? k + 4 : k + 3;
}

/* Token i is a year in brackets after a word or a closing quote, no count before it and no
 * counted noun or unit after: returns the token after its closing bracket, 0 if not */
static size_t bracketed_year(const ctx *c, size_t i)
{
    static const char *const counts[] = {"عدد", "مبلغ", "بمبلغ", "رقم", "برقم", "بلغ", "بلغت", "بقيمة", "قدره", "قدرها",
                                         "بواقع", "نحو", "حوالي", "إجمالي", "بإجمالي", "مجموع", "بمجموع"};
    if (!year_num(c, i) || c->t[i].val < 1900 || c->t[i].val > (c->dct != NODAY ? c->dy : 2030) || i < 2 ||
        !is_punct(c, i - 1, '(') || !is_punct(c, i + 1, ')') || c->t[i].nl || c->t[i - 1].nl)
        return 0;
    if (!(c->t[i - 2].kind == TK_WORD || closing_quote(c, i - 2) || is_punct(c, i - 2, 0xBB)) ||
        word_in(c, i - 2, counts, sizeof counts / sizeof counts[0]))
        return 0;
    static const char *const measures[] = {"م2", "متر", "مترا", "كم", "كلم", "كيلو", "كيلومتر", "كيلومترا", "لتر", "كجم"};
    /* a number right after is a count of it, unless a decimal one, a rate of the year's own
     * ("من بداية تأسيسه (2013) 20.8 بالمائة") */
    if (unit_of(c, i + 2) || counted_noun(c, i + 2) || (is_num(c, i + 2) && !decimal_mark(c, i + 3)) ||
        word_in(c, i + 2, measures, sizeof measures / sizeof measures[0]))
        return 0;
    /* "مساحته بـ(2000) م2", "يتسع لـ (1950) متفرجا": ب or ل alone (with its tatweel) before
     * the bracket counts or measures */
    if (c->t[i - 2].b1 - c->t[i - 2].b0 >= 2 && c->t[i - 2].b1 - c->t[i - 2].b0 <= 4 &&
        (memcmp(c->s + c->t[i - 2].b0, "\xd8\xa8", 2) == 0 ||
         memcmp(c->s + c->t[i - 2].b0, "\xd9\x84", 2) == 0))
        return 0;
    return i + 2;
}

/* one unit from token i to e, as a length or a set ("أمضى أسبوعا" P1W, "عاماً بعد عام" P1Y);
 * the token to go on from, as match_core returns it */
static size_t emit_one_unit(ctx *c, size_t i, size_t e, int unit, const char *type)
{
    char v[48];
    duration_value(v, sizeof v, 1, unit, 0);
    return emit(c, i, e, type, v, NULL, AK_GRAN_NONE) ? i : e;
}

/* "كوتوزوف (1745 – 1813)", "الحروب الإيطالية (1494 - 1517 م)": two years before 1800 with a
 * dash are a span only alone in brackets (a life, a reign, a war); not a price range ("ما بين
 * (1200 - 1900) ريال") nor a Hijri pair ("(1436 – 1437)هـ") */
static int old_span_in_brackets(const ctx *c, size_t i)
{
    size_t k = is_cls(c, i + 3, C_GMARK) ? i + 4 : i + 3;
    return c->t[i].val >= 1000 && i > 0 && is_punct(c, i - 1, '(') && is_punct(c, k, ')') && !is_cls(c, k + 1, C_HMARK) &&
           !counted_noun(c, k + 1) && !unit_of(c, k + 1);
}

/* The one expression emitted (from output index before on) starting at token k, with no mod of
 * its own, widened back to token i with mod ("نهاية الربع الثالث", "نهاية الصيف الجاري",
 * "نهاية الأسبوع الأول من أغسطس"). Returns 1 if it was there. */
static int widen_with_mod(ctx *c, size_t before, size_t k, size_t i, int mod)
{
    if (*c->nout != before + 1 || (*c->out)[before].byte_start != c->t[k].b0 || (*c->out)[before].mod[0])
        return 0;
    ak_timex *x = &(*c->out)[before];
    x->start = c->t[i].c0;
    x->byte_start = c->t[i].b0;
    snprintf(x->mod, sizeof x->mod, "%s", mod_name(mod));
    return 1;
}

/* the ISO codes of the seasons, by their lexicon value */
static const char *const season_code[] = {"", "SU", "WI", "SP", "FA"};

static size_t match_core(ctx *c, size_t i)
{
    char v[48];
    const tx_tok *t = &c->t[i];
    size_t e;
    int g;
    pdate p;
    int ya, yb;

    if ((e = year_range(c, i, &ya, &yb))) {
        snprintf(v, sizeof v, "%04d/%04d", ya, yb);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    if (t->kind == TK_WORD && t->cls == C_UNIT && unit_of(c, i) == U_YEAR && (t->val & F_PLURAL) && (e = year_list(c, i)))
        return e; /* "في الأعوام 2018، 2020، 2023": each year of the list */
    /* a month name or شهر after من/بين (tested here first: this line runs at every word) */
    if (t->kind == TK_WORD &&
        (t->cls == C_UNIT || (t->cls >= C_GMONTH && t->cls <= C_EMONTH) || (t->cls == C_SETADJ && t->val == S_MONTH)) &&
        (e = month_range(c, i, v, sizeof v)))
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_MONTH) ? i : e;
    if (t->kind == TK_WORD) {
        int cls = t->cls;
        if (((cls == C_SETADJ && t->val == S_MONTH) || (unit_of(c, i) == U_MONTH && (t->val & F_PLURAL) && !(t->val & F_DEF))) &&
            (e = month_pair(c, i, v, sizeof v, cls != C_SETADJ)))
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_MONTH) ? i : e;
        if (unit_of(c, i) == U_WEEK && (e = week_of_month(c, i)))
            return e;
        if (unit_of(c, i) == U_DAY && (e = days_of_month(c, i)))
            return e;
        int32_t fri;
        if ((fri = market_week(c, i)) != NODAY) { /* "وعلى مدى الأسبوع زاد المؤشر" */
            g = fmt_unit(fri, U_WEEK, v, sizeof v);
            return emit(c, i, i + 1, "DATE", v, NULL, g) ? i : i + 1;
        }
        if (cls == C_QUARTER && (g = quarter_rel(c, i, v, sizeof v, &e)))
            return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
        /* sets */
        if (cls == C_SETADV) {
            static const char *sv[] = {"", "P1D", "P1W", "P1M", "P3M", "P1Y"};
            return emit(c, i, i + 1, "SET", sv[t->val], NULL, AK_GRAN_NONE) ? i : i + 1;
        }
        /* "بشكل يومي", "بصورة شبه يومية" (nearly daily: a habit all the same) */
        if (cls == C_MANNER && (is_cls(c, i + 1, C_SETADJ) || (word_eq(c, i + 1, "شبه") && is_cls(c, i + 2, C_SETADJ)))) {
            static const char *sv[] = {"", "P1D", "P1W", "P1M", "P3M", "P1Y"};
            size_t a = is_cls(c, i + 1, C_SETADJ) ? i + 1 : i + 2;
            return emit(c, i, a + 1, "SET", sv[c->t[a].val], NULL, AK_GRAN_NONE) ? i : a + 1;
        }
        int one = one_unit(c, i);
        if (one) { /* "الواحدة" after it is no hour; اليوم, today's word, has no unit of its own: a day */
            int rate = one == 2;
            duration_value(v, sizeof v, 1, unit_of(c, i) ? unit_of(c, i) : U_DAY, 0);
            return emit(c, i, rate ? i + 1 : i + 2, rate ? "SET" : "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 2;
        }
        if (per_unit_count(c, i)) {
            return emit_one_unit(c, i, i + 1, unit_of(c, i), "SET");
        }
        if (cls == C_EVERY) {
            int cnt, u, wdn;
            /* "كل يوم اثنين", "كل يوم الجمعة": that weekday every week, not every day */
            if (unit_of(c, i + 1) == U_DAY && word_eq(c, i + 1, "يوم") && (wdn = weekday_word(c, i + 2))) {
                snprintf(v, sizeof v, "XXXX-WXX-%d", wdn);
                return emit(c, i, i + 3, "SET", v, NULL, AK_GRAN_NONE) ? i : i + 3;
            }
            static const char *const you[] = {"وأنتم", "وأنت", "وأنتن", "وأنتما", "والجميع"};
            if (unit_of(c, i + 1) == U_YEAR && word_in(c, i + 2, you, sizeof you / sizeof you[0]) && !c->t[i + 2].nl)
                return i + 2; /* "كل عام وأنتم بخير": a greeting, no year after year */
            /* "كل 15 دقيقة", "كل ساعتين": counted hours and minutes recur too, unless a bare noun
             * after them says what each span holds ("كل ساعتين مشاهدة", "كل 54 دقيقة إضافية");
             * a lone one is a rate's only with a count before it (counted_every_clock) */
            if (quantity(c, i + 1, 1, &cnt, &u, &e) &&
                ((u != U_HOUR && u != U_MIN) || (cnt >= 2 && !bare_noun_after(c, e)))) {
                int half = half_after(c, e, u); /* "كل أربعة أيام ونصف" */
                duration_value(v, sizeof v, cnt, u, half ? quarters_at(c, e) : 0);
                e += half;
                return emit(c, i, e, "SET", v, NULL, AK_GRAN_NONE) ? i : e;
            }
            const char *per = counted_every_clock(c, i);
            if (per)
                return emit(c, i, i + 2, "SET", per, NULL, AK_GRAN_NONE) ? i : i + 2;
            /* "كل ليلة", "كل صباح", "كل مساء": once a day, as "كل يوم"; not a quoted title
             * ("ديوان ”كل ليلة” بالعامية") */
            static const char *const parts[] = {"ليلة", "ليله", "صباح", "مساء"};
            int quoted = i > 0 && c->t[i - 1].kind == TK_PUNCT && on(c, i + 2) && c->t[i + 2].kind == TK_PUNCT &&
                         (c->t[i - 1].val == '"' || c->t[i - 1].val == 0xAB || c->t[i - 1].val == 0x201C ||
                          c->t[i - 1].val == 0x201D);
            if (on(c, i + 1) && word_in(c, i + 1, parts, sizeof parts / sizeof parts[0]) && !quoted)
                return emit(c, i, i + 2, "SET", "P1D", NULL, AK_GRAN_NONE) ? i : i + 2;
            return i + 1;
        }
        /* "قانوني أيام الأحد": on Sundays, a habit ("أيام الخميس والجمعة والسبت": more, which one
         * value cannot say, so none is read as a date) */
        if (unit_of(c, i) == U_DAY && (t->val & F_PLURAL) && !(t->val & F_DEF) && is_cls(c, i + 1, C_WEEKDAY) &&
            !has_waw(c, i + 1) && !is_num(c, i + 2)) { /* "أيام الثلاثاء 10/12 والأربعاء 10/13": dated days */
            if (is_cls(c, i + 2, C_WEEKDAY) && has_waw(c, i + 2)) {
                size_t k = i + 3; /* "أيام الخميس والجمعة والسبت": the whole run */
                while (is_cls(c, k, C_WEEKDAY) && has_waw(c, k) && !c->t[k].nl)
                    k++;
                return k;
            }
            snprintf(v, sizeof v, "XXXX-WXX-%d", c->t[i + 1].val);
            return emit(c, i, i + 2, "SET", v, NULL, AK_GRAN_NONE) ? i : i + 2;
        }
        /* "منذ بدء 2014": the start of that year */
        if (cls == C_FUTURE && t->val == 3 && year_num(c, i + 1) && c->t[i + 1].val >= 1900 && c->t[i + 1].val <= 2100 &&
            word_eq(c, i, "بدء") && !is_punct(c, i + 2, '/') && !unit_of(c, i + 2)) {
            snprintf(v, sizeof v, "%04d", c->t[i + 1].val);
            return emit(c, i, i + 2, "DATE", v, mod_name(M_START), AK_GRAN_YEAR) ? i : i + 2;
        }
        /* "لشهر واحد", "في يوم واحد", "مدة عقوبته إلى سنة واحدة", "يتبقى له عام واحد في العقد":
         * a unit counted one is a length of one (not the adjective عامّ, its shadda written:
         * "موقفًا عامًّا واحدًا"; nor a day that never passes without something, passing_habit).
         * With واحد opening the next line, only a unit whose own words make it one: a glued ل,
         * after في, or any unit but عام ("general") before no من */
        if (unit_of(c, i) && !(t->val & (F_DEF | F_DUAL | F_PLURAL)) && is_cls(c, i + 1, C_NUMW) &&
            c->t[i + 1].val == 1 && !has_shadda(c, i) && !passing_habit(c, i)) {
            int glued_li = t->b1 - t->b0 > 2 && memcmp(c->s + t->b0, "\xd9\x84", 2) == 0;
            int after_fi = unit_of(c, i) <= U_YEAR && i > 0 && (word_eq(c, i - 1, "في") || word_eq(c, i - 1, "وفي"));
            if (!c->t[i + 1].nl ||
                (t->b1 - t->b0 > 2 && (glued_li || ((after_fi || !word_eq(c, i, "عام")) && !is_prep(c, i + 2, P_FROM)))))
                return emit_one_unit(c, i, i + 2, unit_of(c, i), "DURATION");
        }
        /* "لم يمر عام كامل", "انتظر شهرا كاملا": one unit said whole is a length of one */
        if (whole_unit(c, i)) {
            return emit_one_unit(c, i, i + 2, unit_of(c, i), "DURATION");
        }
        if ((e = unit_after_unit(c, i))) { /* "عاماً بعد عام", "يوما بعد آخر": each year, each day */
            return emit_one_unit(c, i, e, unit_of(c, i), "SET");
        }
        /* "أمضى أسبوعا", "تستمر شهرا كاملا", "استمر يوما واحدا": a bare unit after a verb of
         * lasting or spending is a length of one */
        if (lone_length(c, i)) {
            e = (is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 1) || word_eq(c, i + 1, "واحدا") ? i + 2 : i + 1;
            return emit_one_unit(c, i, e, unit_of(c, i), "DURATION");
        }
        if (passed_unit(c, i)) { /* "ولم يمض عليها شهر": not a month has passed */
            e = (is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 1) || word_eq(c, i + 1, "واحد") ? i + 2 : i + 1;
            return emit_one_unit(c, i, e, unit_of(c, i), "DURATION");
        }
        if (pay_length(c, i)) { /* "راتب شهر": a month's pay */
            e = (is_cls(c, i + 1, C_NUMW) && c->t[i + 1].val == 1) || word_eq(c, i + 1, "واحد") ? i + 2 : i + 1;
            return emit_one_unit(c, i, e, unit_of(c, i), "DURATION");
        }
        if (rate_lone_length(c, i)) { /* "استخدامه ساعة يومياً": an hour a day */
            return emit_one_unit(c, i, i + 1, unit_of(c, i), "DURATION");
        }
        if (approx_lone_length(c, i)) { /* "استمرت نحو أسبوع": about is part of it */
            return emit_one_unit(c, i, i + 2, unit_of(c, i + 1), "DURATION");
        }
        if (silence_minute(c, i)) { /* "الوقوف دقيقة حدادا", "وقفوا دقيقة صمت" */
            return emit_one_unit(c, i, i + 1, U_MIN, "DURATION");
        }
        /* "بعد غد", "قبل/بعد N unit", durations after منذ/خلال/لمدة */
        if (cls == C_PREP && t->val == P_AFTER && ghad_after(c, i) && !c->t[i + 1].nl) {
            if (c->dct == NODAY)
                snprintf(v, sizeof v, "FUTURE_REF");
            else {
                /* "بعد غد الأحد" under a Saturday stamp: written the day before; the text's
                 * weekday wins, as after غدا: the latest such day on or before DCT + 2 */
                int32_t day = c->dct + 2;
                size_t w = paren_weekday(c, i + 2) ? i + 3 : i + 2; /* as "غد (السبت)" */
                if (is_cls(c, w, C_WEEKDAY) && !has_waw(c, w))
                    day -= (ak_cal_weekday(day) - c->t[w].val + 7) % 7;
                fmt_day(v, sizeof v, day);
            }
            /* "بعد غد الأربعاء", "بعد غد (الخميس)" */
            e = is_cls(c, i + 2, C_WEEKDAY) ? i + 3 : paren_weekday(c, i + 2) ? i + 5 : i + 2;
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
        }
        if (cls == C_PREP && (t->val == P_BEFORE || t->val == P_AFTER)) {
            int cnt, u;
            /* "قبل الميلاد بستمائة عام": years counted back from the era with ب are that year BC */
            size_t be, b0 = word_eq(c, i + 2, "ب") ? i + 3 : i + 2;
            if (t->val == P_BEFORE && is_cls(c, i + 1, C_BCW) && on(c, b0) && !c->t[i + 2].nl && opens_with_ba(c, i + 2) &&
                quantity(c, b0, 0, &cnt, &u, &be) && u == U_YEAR && cnt > 0 && cnt < 10000) {
                snprintf(v, sizeof v, "BC%04d", cnt);
                return emit(c, i, be, "DATE", v, NULL, AK_GRAN_YEAR) ? i : be;
            }
            /* "انفصلا بعد ذلك بعامين", "اعتقل بعد ذلك بيومين": counted with ب from "that", the
             * date told just before in the sentence moved by the count */
            if (word_eq(c, i + 1, "ذلك") && !c->t[i + 1].nl && opens_with_ba(c, i + 2) &&
                quantity(c, i + 2, 1, &cnt, &u, &be) && cnt > 0 &&
                (g = then_shifted(c, i, cnt, u, t->val == P_BEFORE ? -1 : 1, v, sizeof v)))
                return emit(c, i, be, "DATE", v, NULL, g) ? i : be;
            /* "بعد مرور 10 سنوات على تشييد الجدار": the passing of a count is the count */
            int passing = word_eq(c, i + 1, "مرور");
            size_t q0 = i + 1 + (size_t)passing + about_words(c, i + 1);
            if (quantity(c, q0, 1, &cnt, &u, &e)) {
                if (t->val == P_AFTER && i > 0 && unit_of(c, i - 1) == u && e == i + 2 && unit_of(c, i + 1) == u)
                    return e; /* "يوما بعد يوم": day after day */
                if (t->val == P_AFTER && i > 0 && word_eq(c, i - 1, "على")) {
                    duration_value(v, sizeof v, cnt, u, 0); /* "على بعد ساعتين": a distance in time */
                    return emit(c, q0, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
                }
                int half = half_after(c, e, u), q = quarters_at(c, e);
                e += half;
                if (!half && word_eq(c, e, "ونيف") && !c->t[e].nl)
                    e++; /* "بعد أربعة أعوام ونيّف من القتال": and some, the count's own */
                static const char *const spent[] = {"قضاها", "قضيتها", "قضيناها", "قضتها", "قضوها",
                                                    "أمضاها", "أمضيتها", "أمضيناها", "أمضتها", "أمضوها"};
                /* "بعد 50 عام زواج", "بعد عشر سنوات خدمة": years of something, a length lived */
                static const char *const of_what[] = {"زواج", "خدمة", "عمل", "غياب", "انتظار", "حكم", "قطيعة",
                                                      "سجن", "دراسة", "احتلال", "صمت", "معاناة", "اعتقال"};
                if (than_planned(c, e) || /* "أي بعد عام مما كان مقررا": a delay's length, no date */
                    (t->val == P_AFTER && cnt > 0 && is_prep(c, e, P_FROM) && activity_word(c, e + 1) && !sentence_day(c, i)) ||
                    /* "بعد 17 عاما قضاها في ليفربول" */
                    (t->val == P_AFTER && word_in(c, e, spent, sizeof spent / sizeof spent[0])) ||
                    (t->val == P_AFTER && !c->t[e].nl && word_in(c, e, of_what, sizeof of_what / sizeof of_what[0])) ||
                    (t->val == P_AFTER && cnt > 0 && !half && stay_at(c, i, e) && !future_context(c, i, e))) {
                    duration_value(v, sizeof v, cnt, u, q);
                    return emit(c, q0, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
                }
                /* "قبل يومين أو ثلاثة أيام": the other count is the same offset */
                int acnt = 0, au = u;
                size_t ae = half ? 0 : alt_count(c, e, u, &acnt, &au);
                /* counted from an event: "بعد شهرين من الهجوم", "قبل 3 أسابيع فقط من إقامة البطولة",
                 * "قبل أربعة أشهر بالتمام والكمال عن موعد الانتخابات" */
                size_t ev = ae ? ae : e;
                if (word_eq(c, ev, "فقط") || word_eq(c, ev, "تقريبا") || word_eq(c, ev, "تماما") ||
                    word_eq(c, ev, "وأكثر") || word_eq(c, ev, "واكثر"))
                    ev++; /* "بعد تسعة أشهر وأكثر على غياب أي معلومات": and more, still from the event */
                else if ((word_eq(c, ev, "أو") || word_eq(c, ev, "او")) && (word_eq(c, ev + 1, "أكثر") || word_eq(c, ev + 1, "اكثر")))
                    ev += 2;
                else if (word_eq(c, ev, "بالتمام") && word_eq(c, ev + 1, "والكمال"))
                    ev += 2;
                int sign = t->val == P_BEFORE ? -1 : 1;
                if (u == U_YEAR && cnt > 2000) { /* "قبل 65 مليون عام": no calendar year, its length */
                    duration_value(v, sizeof v, cnt, u, q);
                    return emit(c, q0, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
                }
                /* "قبل عدة أيام", "بعد بضعة أشهر": a vague count back or on names no calendar
                 * date, only that it was before or after; nothing is kept of it */
                if (cnt < 0 && !passing)
                    return e;
                int anchored = cnt > 0 && c->dct != NODAY && event_anchored(c, ev, t->val == P_BEFORE);
                if (anchored && future_context(c, i, e))
                    anchored = 2; /* told ahead: from the DCT unless a day ahead is named */
                /* the passing of a count with no event after it is a length ("وبعد مرور عامين، لا
                 * تزال القرية محاطة"), and so is a story's time (story_length) */
                if (!anchored && (passing || (sign > 0 && !ae && story_length(c, i, e, ev, u)))) {
                    duration_value(v, sizeof v, cnt, u, q);
                    return emit(c, q0, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
                }
                if (offset_emit(c, i, q0, e, cnt, u, q, sign, anchored) ||
                    (ae && offset_emit(c, e + 1, e + 1, ae, acnt, au, 0, sign, anchored)))
                    return i;
                return ae ? ae : e;
            }
            return i + 1;
        }
        if (cls == C_PREP && (t->val == P_SINCE || t->val == P_DURING || t->val == P_FOR)) {
            int cnt, u;
            static const char *const length_words[] = {"تقريبا", "فقط", "واحد", "الأمس"}; /* "منذ يوم الأمس" is yesterday */
            if (t->val == P_SINCE && word_eq(c, i + 1, "يوم") && on(c, i + 2) && !c->t[i + 2].nl &&
                c->t[i + 2].kind == TK_WORD && c->t[i + 2].cls == C_NONE &&
                !word_in(c, i + 2, length_words, sizeof length_words / sizeof length_words[0]))
                return i + 2; /* "ومنذ يوم تنصيبه", "منذ يوم التأسيس": since the day of, no length */
            if (quantity(c, i + 1, 1, &cnt, &u, &e)) {
                int half = half_after(c, e, u);
                static const char *const more[] = {"إضافي", "إضافية", "آخر", "أخرى"};
                duration_value(v, sizeof v, cnt, u, quarters_at(c, e));
                e += half;
                if (!half && e == i + 2 && !c->t[e].nl && word_in(c, e, more, sizeof more / sizeof more[0]))
                    e++; /* "لمدة عام إضافي": one more unit, its adjective with it as in "لعام آخر" */
                return emit(c, i + 1, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
            }
            /* "خلال الأشهر/الأيام الماضية": vague, left out as the labels do ("الأيام الأخيرة") */
            if (unit_of(c, i + 1) && (c->t[i + 1].val & F_PLURAL) && (c->t[i + 1].val & F_DEF) &&
                is_cls(c, i + 2, C_DIR))
                return i + 3;
            return i + 1;
        }
        /* "أول أمس", "أول من أمس"; "الأول من أمس" is the same day, with من and not after a
         * definite noun it ranks ("الشوط الأول من أمس") */
        if ((cls == C_AWWAL && (is_cls(c, i + 1, C_RELDAY) || (is_prep(c, i + 1, P_FROM) && is_cls(c, i + 2, C_RELDAY)))) ||
            (cls == C_ORD && is_prep(c, i + 1, P_FROM) && is_cls(c, i + 2, C_RELDAY) && word_eq(c, i, "الأول") &&
             !(i > 0 && definite_word(c, i - 1) && !c->t[i].nl))) {
            e = is_cls(c, i + 1, C_RELDAY) ? i + 2 : i + 3;
            if (c->t[e - 1].val != -1)
                return i + 1;
            int wd = 0;
            if (is_cls(c, e, C_WEEKDAY))
                wd = c->t[e++].val;
            else if (paren_weekday(c, e)) {
                wd = c->t[e + 1].val;
                e += 3;
            }
            else if (comma_weekday(c, e)) {
                wd = c->t[e + 1].val;
                e += 2; /* "مساء أول أمس، الاثنين،": the comma's weekday, not the closing comma */
            }
            if (c->dct == NODAY)
                snprintf(v, sizeof v, "PAST_REF");
            else /* "أول أمس السبت" under a Tuesday stamp: the text's weekday wins, as after أمس */
                fmt_day(v, sizeof v, c->dct - 2 - (wd ? (ak_cal_weekday(c->dct - 2) - wd + 7) % 7 : 0));
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
        }
        /* "بداية من شهر نوفمبر المقبل", "بداية من العام المقبل": starting from the period, as
         * "اعتبارا من" is, not its start (the period after من is read on its own) */
        if (cls == C_MOD && is_prep(c, i + 1, P_FROM) && (word_eq(c, i, "بداية") || word_eq(c, i, "وبداية")))
            return i + 1;
        if ((cls == C_MOD || cls == C_AWWAL) && unit_of(c, i + 1) == U_WEEK && (e = week_of_month_before(c, i)))
            return e; /* "في آخر أسبوع في شهر رمضان" */
        /* "بداية ونهاية شهر يوليو": both ends of one period are the whole of it, no part */
        if (cls == C_MOD && is_cls(c, i + 1, C_MOD) && has_waw(c, i + 1) && !c->t[i + 1].nl &&
            ((t->val == M_START && c->t[i + 1].val == M_END) || (t->val == M_END && c->t[i + 1].val == M_START))) {
            size_t before = *c->nout, j = match_core(c, i + 1);
            if (*c->nout == before + 1 && (*c->out)[before].byte_start == c->t[i + 1].b0) {
                (*c->out)[before].start = t->c0;
                (*c->out)[before].byte_start = t->b0;
                (*c->out)[before].mod[0] = 0;
            }
            return j > i + 1 ? j : i + 1;
        }
        /* part of a period: بداية/منتصف/نهاية/أوائل/أواخر + month, year or period */
        if (cls == C_MOD || cls == C_AWWAL) {
            int mod = cls == C_AWWAL ? M_START : t->val;
            size_t k = i + 1;
            if (is_prep(c, k, P_FROM) && (unit_of(c, k + 1) || is_cls(c, k + 1, C_THIS)))
                k++; /* "نهاية من العام" is rare; "أواخر من" not: keep simple */
            /* "في آخر أيام شهر يوليو", "أواخر أيام رمضان المنصرم": a month's last days are its end */
            if (mod == M_END && k == i + 1 && word_eq(c, k, "أيام") && date_core(c, k + 1, &p) == 1 && !p.d &&
                !p.weekday && p.m && (g = resolve_date(c, k + 1, &p, v, sizeof v)))
                return emit(c, i, p.end, "DATE", v, mod_name(mod), g) ? i : p.end;
            /* "نهاية الأسبوع الأول من شهر أغسطس المقبل": the part of a week of a month, not a
             * weekend and a first of the month */
            if (cls == C_MOD && k == i + 1 && unit_of(c, k) == U_WEEK && is_prep(c, k + 2, P_FROM)) {
                size_t before = *c->nout, we = week_of_month(c, k);
                if (we) {
                    widen_with_mod(c, before, k, i, mod);
                    return we;
                }
            }
            if (unit_of(c, k) == U_MONTH && (c->t[k].val & F_DEF) && is_cls(c, k + 1, C_ORD))
                return ranked_month(c, i, k, mod);
            /* a week only with its direction: "نهاية الأسبوع المقبل" is next week's end, a bare
             * "نهاية الأسبوع" as often any weekend */
            if ((g = period_at(c, k, v, sizeof v, &e)) &&
                (g >= AK_GRAN_MONTH || (g == AK_GRAN_WEEK && (is_cls(c, k, C_THIS) || is_cls(c, k + 1, C_DIR))))) {
                size_t h = g == AK_GRAN_YEAR ? period_hijri_year(c, e, v, sizeof v) : 0; /* "بداية العام الحالي 1436هـ" */
                e = h ? h : e;
                return emit(c, i, e, "DATE", v, mod_name(mod), g) ? i : e;
            }
            /* "نهاية الصيف الجاري", "بداية فصل الصيف", "ستجرى في أوائل الخريف": a part of a season;
             * a bare one told ahead is the stamp's year's (not the Arab Spring; a bare part of a
             * season told in the present is as often any year's: "تتفتح من منتصف الربيع");
             * not "آخر", as often "another" ("لنادٍ آخر الصيف الحالي") */
            size_t sk = k + ((word_eq(c, k, "فصل") || word_eq(c, k, "موسم")) && is_cls(c, k + 1, C_SEASON) &&
                             !c->t[k + 1].nl);
            if (cls == C_MOD && is_cls(c, sk, C_SEASON) && !c->t[k].nl && !word_eq(c, i, "آخر")) {
                size_t before = *c->nout, j = match_core(c, sk);
                if (widen_with_mod(c, before, k, i, mod))
                    return j;
                /* "منذ بداية موسم الصيف" in the summer: since this season's start */
                if (*c->nout == before && c->dct != NODAY && definite_word(c, sk) && !arab_spring(c, sk) &&
                    (future_context(c, i, sk + 1) || (mod == M_START && since_before(c, i) && stamp_in_season(c, c->t[sk].val)))) {
                    snprintf(v, sizeof v, "%04d-%s", c->dy, season_code[c->t[sk].val]);
                    return emit(c, i, sk + 1, "DATE", v, mod_name(mod), AK_GRAN_SEASON) ? i : sk + 1;
                }
                return j > sk ? j : i + 1;
            }
            if (cls == C_MOD && (is_cls(c, k, C_QUARTER) || is_cls(c, k, C_HALF))) {
                /* "بنهاية النصف الأول 2015", "مع نهاية الربع الثالث من العام الحالي" */
                size_t before = *c->nout, j = match_core(c, k);
                widen_with_mod(c, before, k, i, mod);
                return j > k ? j : i + 1;
            }
            if ((g = decade_at(c, k, v, sizeof v, &e)) || /* "أوائل التسعينيات", "بداية عقد السبعينات" */
                /* "بداية فترة التسعينات", "منتصف حقبة الثمانينيات": a period noun between */
                (is_cls(c, k, C_EVENT) && !has_waw(c, k) && (g = decade_at(c, k + 1, v, sizeof v, &e))) ||
                (unit_of(c, k) == U_DECADE && !(c->t[k].val & (F_PLURAL | F_DUAL | F_DEF)) &&
                 (g = decade_at(c, k + 1, v, sizeof v, &e))) ||
                (g = century_alone(c, k, v, sizeof v, &e))) /* "منتصف القرن الماضي", "أواخر القرن التاسع عشر" */
                return emit(c, i, e, "DATE", v, mod_name(mod), g) ? i : e;
            int ms_, ma_;
            size_t me_;
            if (cls == C_AWWAL && k == i + 1 && is_prep(c, k, P_FROM) && month_group(c, k + 1, &ms_, &me_, &ma_))
                k++; /* "في أول من ذي القعدة المقبل": as "الأول من" */
            int r = date_core(c, k, &p);
            /* "في أول يوليو", "منذ أول أبريل نيسان", "اعتبارا من أول أغسطس": أول before a month is
             * its first day (as غرة and فاتح), unless the span it opens ends on a part of a month
             * ("من أول يونيو وحتى منتصف يوليو", "من أول يناير إلى آخر يونيو": the month's start) */
            if (r == 1 && cls == C_AWWAL && !p.d && !p.weekday && p.m && (k == i + 1 || is_prep(c, i + 1, P_FROM))) {
                size_t q = p.end;
                if (is_prep(c, q, P_TO) || is_prep(c, q, P_UNTIL) || is_punct(c, q, '-'))
                    q++;
                int part_end = q > p.end && (is_cls(c, q, C_MOD) || is_cls(c, q, C_AWWAL));
                /* the month resolves as it would alone (its year as for "في نوفمبر" after a past
                 * verb), then its first day: "YYYY-MM" + "-01", or a Hijri month's first day */
                if (!part_end && resolve_date(c, k, &p, v, sizeof v) == AK_GRAN_MONTH) {
                    if (strlen(v) == 7)
                        snprintf(v + 7, sizeof v - 7, "-01");
                    else if (strlen(v) == 21 && v[10] == '/')
                        v[10] = 0;
                    if (strlen(v) == 10)
                        return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
                }
            }
            if (r == 1 && !p.d && !p.weekday && (g = resolve_date(c, k, &p, v, sizeof v)))
                return emit(c, i, p.end, "DATE", v, mod_name(mod), g) ? i : p.end;
            size_t yk = k;
            int fiscal = 0;
            if (unit_of(c, yk) == U_YEAR && !(c->t[yk].val & (F_DUAL | F_PLURAL))) {
                fiscal = (c->t[yk].val & F_DEF) && word_eq(c, yk + 1, "المالي"); /* "نهاية العام المالي 1435هـ" */
                yk += 1 + fiscal;
            }
            size_t he = period_hijri_year(c, yk, v, sizeof v);
            if (he) /* "منتصف العام 1436 هـ" */
                return emit(c, i, he, "DATE", v, mod_name(mod), AK_GRAN_YEAR) ? i : he;
            if (yk > k && unmarked_hijri_year(c, yk) && hijri_year_span(c->t[yk].val, v, sizeof v)) /* "نهاية عام 1436" */
                return emit(c, i, yk + 1, "DATE", v, mod_name(mod), AK_GRAN_YEAR) ? i : yk + 1;
            /* a fiscal year without هـ may still be Hijri ("العام المالي 1435/ 1436هـ"): Gregorian ones only */
            if (year_num(c, yk) && (!fiscal || c->t[yk].val >= 1900)) {
                size_t ye = is_cls(c, yk + 1, C_GMARK) ? yk + 2 : yk + 1; /* "نهاية عام 2012م" */
                snprintf(v, sizeof v, "%04d", c->t[yk].val);
                return emit(c, i, ye, "DATE", v, mod_name(mod), AK_GRAN_YEAR) ? i : ye;
            }
            if (cls == C_MOD && unit_of(c, k) == U_YEAR && (c->t[k].val & F_DEF) && is_cls(c, k + 1, C_HMARK) &&
                c->dct != NODAY) {
                /* "بداية العام الهجري": the Hijri year the DCT falls in; "مطلع السنة الهجرية
                 * القادمة 1437هـ": the one its direction names, with its year written after it */
                int hy = c->dhy;
                size_t he = k + 2;
                if (is_cls(c, he, C_DIR))
                    hy += c->t[he].val == D_NEXT ? 1 : c->t[he].val == D_PAST ? -1 : 0, he++;
                if (is_num(c, he) && c->t[he].val == hy && is_cls(c, he + 1, C_HMARK))
                    he += 2;
                if (hijri_year_span(hy, v, sizeof v))
                    return emit(c, i, he, "DATE", v, mod_name(mod), AK_GRAN_YEAR) ? i : he;
            }
            /* "خلال عطلة نهاية الأسبوع", "إجازة نهاية الأسبوع": a weekend holiday with no
             * direction is any weekend (habits, or one the text does not place) */
            static const char *const rest[] = {"عطلة", "عطلات", "إجازة", "إجازات", "راحة", "أيام"};
            if (cls == C_MOD && mod == M_END && unit_of(c, k) == U_WEEK && k == i + 1 &&
                !is_cls(c, k + 1, C_DIR) && head_before(c, i, rest, sizeof rest / sizeof rest[0]))
                return k + 1;
            /* "بداية العام الدراسي القادم": an adjective makes it another year (a school one) */
            int adj = definite_word(c, k + 1) && (c->t[k + 1].cls == C_NONE || c->t[k + 1].cls == C_DAYADJ);
            if (cls == C_MOD && (unit_of(c, k) == U_YEAR || unit_of(c, k) == U_MONTH || unit_of(c, k) == U_WEEK) &&
                (c->t[k].val & F_DEF) && !(c->t[k].val & F_PLURAL) && !is_cls(c, k + 1, C_DIR) &&
                !(is_num(c, k + 1) && c->t[k + 1].ndig >= 3 && !decimal_mark(c, k + 2)) && /* a year named; not "9.9 بالمائة" */
                !adj && c->dct != NODAY) {
                /* "نهاية العام" with no qualifier: the year of a date just mentioned, else the DCT's;
                 * after منذ the DCT's, since a time counted up to now starts in its year ("مقارنة
                 * بالفترة نفسها من العام السابق، وانخفضت منذ بداية العام") */
                g = weekend_told_past(c, i, k, mod) ? shifted(c, 1, U_WEEK, -1, v, sizeof v)
                                                     : shifted(c, 0, unit_of(c, k), 1, v, sizeof v);
                int since = i > 0 && is_prep(c, i - 1, P_SINCE);
                if (unit_of(c, k) == U_YEAR && c->last_year && c->last_year_tok + 12 >= i && !since)
                    snprintf(v, sizeof v, "%04d", c->last_year);
                else if (unit_of(c, k) == U_YEAR && mod == M_START && !since && sentence_school(c, i))
                    return k + 1;
                else if (unit_of(c, k) == U_MONTH)
                    sentence_month(c, i, v, sizeof v); /* "شهر أكتوبر المقبل ... في بداية الشهر" */
                else if (unit_of(c, k) == U_WEEK)
                    sentence_week(c, i, v, sizeof v);
                return emit(c, i, k + 1, "DATE", v, mod_name(mod), g) ? i : k + 1;
            }
        }
        /* "في اليوم التالي/السابق": the day after or before the day named last, nearby (a
         * launch "مساء الأربعاء القادم ... فيما سيبدأ النشاط المسرحي في اليوم التالي") */
        if (cls == C_TODAY && is_cls(c, i + 1, C_DIR) && anaphoric(c, i + 1) && c->last_day != NODAY &&
            c->last_day_end + 40 >= i && c->last_day_end + 2 < i && !after_named(c, i + 2)) {
            fmt_day(v, sizeof v, c->last_day + (c->t[i + 1].val == D_NEXT ? 1 : -1));
            return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 2;
        }
        /* relative days, optionally with the weekday: "أمس الاثنين", "اليوم الخميس" */
        if (cls == C_RELDAY || cls == C_TODAY || ghad_day(c, i)) {
            int off = cls == C_TODAY ? 0 : t->val, wd = 0;
            /* "في أمسّ الحاجة", "بأمس الحاجة": most in need (أمسّ), no yesterday ("وصل أمس الحاجة
             * فاطمة" keeps it: no في or ب) */
            if (cls == C_RELDAY && off == -1 && (word_eq(c, i + 1, "الحاجة") || word_eq(c, i + 1, "حاجة")) &&
                ((i > 0 && word_eq(c, i - 1, "في")) || memcmp(c->s + t->b0, "\xd8\xa8", 2) == 0))
                return i + 1;
            if (cls == C_RELDAY && off == -1 && lamasa_verb(c, i))
                return i + 1; /* "بعدما لامس أدنى مستوياته": touched, no yesterday */
            if (cls == C_RELDAY && off == -1 && i >= 2 && word_eq(c, i - 2, "أشبه") &&
                (word_eq(c, i - 1, "الليلة") || word_eq(c, i - 1, "اليوم")))
                return i + 1; /* "ما أشبه الليلة بالبارحة": how like the past today is, no day */
            if (cls == C_TODAY && same_day_anaphor(c, i))
                return i + 1; /* "وواصل بحثه في ذات اليوم", "مساء نفس اليوم": the day just told */
            if (cls == C_TODAY && word_eq(c, i + 1, "تلو") && !c->t[i + 1].nl && on(c, i + 2) && !c->t[i + 2].nl &&
                (is_cls(c, i + 2, C_TODAY) || word_eq(c, i + 2, "الآخر")))
                return emit(c, i, i + 3, "SET", "P1D", NULL, AK_GRAN_NONE) ? i : i + 3; /* "ومر اليوم تلو اليوم" */
            if (cls == C_TODAY && per_day(c, i) && !is_cls(c, i + 1, C_DIR) && !is_cls(c, i + 1, C_ORD) &&
                !is_cls(c, i + 1, C_WEEKDAY) && !is_cls(c, i + 1, C_DAYADJ))
                return emit(c, i, i + 1, "SET", "P1D", NULL, AK_GRAN_NONE) ? i : i + 1;
            if (cls == C_TODAY && i > 0 && i + 1 < c->n &&
                ((quote_mark(&c->t[i - 1]) && quote_mark(&c->t[i + 1])) ||
                 (i > 1 && quote_mark(&c->t[i - 2]) && c->t[i - 1].kind == TK_WORD && quote_mark(&c->t[i + 1]) &&
                  !c->t[i].nl && !c->t[i - 1].nl) ||
                 (i > 1 && is_punct(c, i - 2, '(') && c->t[i - 1].kind == TK_WORD && c->t[i - 1].cls == C_NONE &&
                  is_punct(c, i + 1, ')') && !c->t[i].nl && !c->t[i - 1].nl) ||
                 (is_punct(c, i - 1, '(') && is_punct(c, i + 1, ')') && !is_cls(c, i + 2, C_WEEKDAY))))
                return i + 1; /* "لـ "اليوم"", "حصلت عليها (اليوم)", "صحيفة «المصري اليوم»", "في
                               * (أخبار اليوم)": a newspaper's name */
            if (cls == C_TODAY && i > 0 && !is_cls(c, i + 1, C_WEEKDAY) &&
                (word_eq(c, i - 1, "عين") || word_eq(c, i - 1, "لعين") || word_eq(c, i - 1, "وعين") ||
                 word_eq(c, i - 1, "دار") || word_eq(c, i - 1, "ودار") || word_eq(c, i - 1, "لدار") ||
                 word_eq(c, i - 1, "بدار")))
                return i + 1; /* "هيفاء عبدالله – عين اليوم", "لـ”عين اليوم”": the newspaper 3alyoum;
                               * "دار اليوم للإعلام", "ودار اليوم للصحافة والنشر", Alyaum's publisher */
            if (cls == C_TODAY && i > 0 && !c->t[i].nl && !has_waw(c, i) && !is_cls(c, i + 1, C_WEEKDAY) &&
                !paren_weekday(c, i + 1) && !comma_weekday(c, i + 1) &&
                (word_eq(c, i - 1, "طوال") || word_eq(c, i - 1, "وطوال") || word_eq(c, i - 1, "طيلة") ||
                 word_eq(c, i - 1, "وطيلة") || word_eq(c, i - 1, "مدار")))
                return i + 1; /* "اشرب الماء طوال اليوم", "على مدار اليوم": all day long, any day, not
                               * today; "طوال اليوم الأحد" keeps its day */
            if (cls == C_TODAY && i > 1 && !c->t[i].nl && !c->t[i - 1].nl && !has_waw(c, i) && word_eq(c, i - 1, "ساعات") &&
                !is_cls(c, i + 1, C_WEEKDAY) &&
                (word_eq(c, i - 2, "مدار") || word_eq(c, i - 2, "مدى") || word_eq(c, i - 2, "طوال") ||
                 word_eq(c, i - 2, "طيلة") || word_eq(c, i - 2, "معظم") || word_eq(c, i - 2, "كل")))
                return i + 1; /* "على مدى ساعات اليوم أو أيام الأسبوع", "طيلة ساعات اليوم": its hours, any day */
            if (cls == C_TODAY && word_eq(c, i, "اليوم") && !c->t[i].nl && before_last(c, i + 1))
                return i + 1; /* "في اليوم قبل الأخير من المنافسات": the day before the last, no today */
            e = i + 1;
            if (off == -1 && is_cls(c, e, C_ORD) && c->t[e].val == 1) {
                off = -2; /* "أمس الأول": the day before yesterday */
                e++;
            }
            /* "صباح اليوم (أمس)", "غدًا (اليوم)": an agency's day the paper printed a day later,
             * the bracketed day its own (from the stamp) */
            if (is_punct(c, e, '(') && (is_cls(c, e + 1, C_RELDAY) || is_cls(c, e + 1, C_TODAY)) &&
                is_punct(c, e + 2, ')') && !c->t[e].nl) {
                off = is_cls(c, e + 1, C_TODAY) ? 0 : c->t[e + 1].val;
                e += 3;
            }
            if (is_cls(c, e, C_WEEKDAY) && !has_waw(c, e)) { /* not "مباراتا اليوم والخميس" */
                /* "اليوم الاثنين الموافق 18/ 10/ 1436هـ", "أمس الأحد 2 أغسطس": one expression, the
                 * written date's value */
                if (c->dct != NODAY && date_core(c, e, &p) == 1 && p.d && p.end > e + 1 &&
                    written_day_fits(c, e, &p, c->t[e].val, v, sizeof v)) /* not "الاثنين الموافق 10/4/1436" (a Friday: a slip) */
                    return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
                size_t we; /* "اليوم الاثنين الموافق 4/ 10": the numbers without a year, as the weekday reads them */
                int32_t wn = c->dct != NODAY ? weekday_numeric(c, e + 1, c->t[e].val, &we) : NODAY;
                if (wn != NODAY) {
                    fmt_day(v, sizeof v, wn);
                    return emit(c, i, we, "DATE", v, NULL, AK_GRAN_DAY) ? i : we;
                }
                wd = c->t[e++].val;
            }
            else if (paren_weekday(c, e)) {
                wd = c->t[e + 1].val;
                e += 3; /* "اليوم (الأحد)" */
            }
            else if (comma_weekday(c, e)) {
                wd = c->t[e + 1].val;
                e += 2; /* "مساء اليوم، الاثنين،": the closing comma stays out */
            }
            else if (cls == C_TODAY && !waw_lil(c, e) && /* "اليوم وللسنة الثالثة على التوالي" is today */
                     (is_cls(c, e, C_DIR) || unit_of(c, e) || (is_cls(c, e, C_NUMW) && definite_word(c, e)) ||
                                        is_cls(c, e, C_ORD) ||
                                        is_cls(c, e, C_DAYADJ) || word_eq(c, e, "العالمي") || word_eq(c, e, "الوحيد") ||
                                        named_day_nisba(c, e)))
                return i + 1; /* "اليوم التالي", "اليوم الثاني", "اليوم العالمي للتراث", "اليوم الوحيد" are not today */
            else if (cls == C_TODAY && (word_eq(c, e, "الذي") || word_eq(c, e, "التي")) &&
                     !word_eq(c, e + 1, "يصادف") && !word_eq(c, e + 1, "يوافق"))
                return i + 1; /* "باليوم الذي يرون فيه": the day of a relative clause, not today */
            if (c->dct == NODAY || (cls == C_TODAY && !wd && nowadays(c, i)))
                snprintf(v, sizeof v, off == 0 ? "PRESENT_REF" : off < 0 ? "PAST_REF" : "FUTURE_REF");
            else {
                /* "اليوم السبت" under a Sunday stamp: the text's weekday wins (records are
                 * often stamped a day or two after they were written) */
                int32_t day = c->dct + off, ahead;
                if (wd && off == 0 && cls == C_TODAY && ak_cal_weekday(day + 1) == wd && i > 0 &&
                    !c->t[i].nl && is_cls(c, i - 1, C_AMPM))
                    day++; /* "وسيخوض اللاعب دور 16 عصر اليوم الأربعاء", "صباح اليوم الاثنين" under a
                            * stamp of the day before: a part of the stamp's next day, printed for
                            * the next morning's paper, not six days back (today_ahead) */
                else if (wd && off < 0 && ak_cal_weekday(day + 1) == wd)
                    day++; /* "يوم أمس الاثنين" under a Monday stamp: written the next day (a
                            * night's stamp a day behind local time), not six days back */
                else if (wd) /* "غدا الثلاثاء" under a Tuesday stamp: written the day before */
                    day -= (ak_cal_weekday(day) - wd + 7) % 7;
                else if (c->told_today != NODAY)
                    day = c->told_today + off; /* "اليوم (الخميس) ... الرسمية اليوم" under a Friday
                                                * stamp: the text's today holds on after it */
                else if ((ahead = told_today_ahead(c, e)) != NODAY)
                    day = ahead + off; /* ... and before it in its sentence */
                if (wd && off == 0 && cls == C_TODAY && day != c->dct)
                    c->told_today = day;
                fmt_day(v, sizeof v, day);
            }
            /* "اعتبارا من يوم أمس 25 شوال 1436هـ": a relative day and the date written right after
             * it, when both are the same day, are one expression, as a weekday and its date are;
             * not after a verb of falling on ("يصادف اليوم 23 محرم": the date is what it falls on) */
            static const char *const falls[] = {"يصادف", "يوافق", "صادف", "وافق", "ويصادف", "ويوافق"};
            pdate q;
            char qv[48];
            if (!wd && c->dct != NODAY && !(i > 0 && word_in(c, i - 1, falls, sizeof falls / sizeof falls[0])) &&
                date_core(c, e, &q) == 1 && q.d && q.end > e + 1 &&
                resolve_date(c, e, &q, qv, sizeof qv) == AK_GRAN_DAY && !strcmp(qv, v))
                return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
            int hh, mi;
            size_t ce;
            if (c->dct != NODAY && clock_at(c, e, &hh, &mi, &ce)) {
                size_t l = strlen(v);
                snprintf(v + l, sizeof v - l, "T%02d:%02d", hh, mi);
                return emit(c, i, ce, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ce;
            }
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
        }
        /* "ربيع 2016": without الأول/الثاني and before a Common Era year, the spring (a Hijri
         * month takes a Hijri year, and "الربيع 2016" is already the season) */
        int sy;
        if (cls == C_RABI && (sy = spring_year(c, i + 1, &e))) {
            snprintf(v, sizeof v, "%04d-SP", sy);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_SEASON) ? i : e;
        }
        /* seasons: الصيف الماضي, صيف 2021 */
        if (cls == C_SEASON) {
            int yr = 0;
            e = i + 1;
            int h = 0;
            if ((yr = year_part(c, e, &e, &h)) && !h)
                ;
            else if (yr && h) /* "صيف 1436هـ": the solar season inside that Hijri year */
                yr = hijri_season_year(t->val, yr);
            else if (is_cls(c, i + 1, C_DIR) && c->dct != NODAY) {
                int d = c->t[i + 1].val;
                yr = d == D_PAST || d == D_NEXT ? season_year(c, t->val, d) : c->dy;
                if (d == D_SAME && c->last_year)
                    yr = c->last_year;
                e = i + 2;
            } else if (unit_of(c, i + 1) == U_YEAR && is_cls(c, i + 2, C_DIR) && c->dct != NODAY) {
                g = period_at(c, i + 1, v, sizeof v, &e);
                yr = g ? atoi(v) : 0;
            } else if (season_span_before(c, i) && c->dct != NODAY)
                yr = c->dy; /* "بعد الصيف", "طوال الصيف": the stamp's year's, as "هذا الصيف" */
            /* "صيف هذا العام ١٤٣٦هـ": the Hijri year written after it, holding that season, joins it */
            size_t he;
            if (yr && !h && (he = period_hijri_year(c, e, v, sizeof v)) && hijri_season_year(t->val, c->t[e].val) == yr)
                e = he;
            if (yr) {
                snprintf(v, sizeof v, "%04d-%s", yr, season_code[t->val]);
                /* "فصل الخريف المقبل": the word for a season is part of it */
                size_t s0 = i > 0 && !c->t[i].nl && word_eq(c, i - 1, "فصل") ? i - 1 : i;
                return emit(c, s0, e, "DATE", v, NULL, AK_GRAN_SEASON) ? i : e;
            }
            return i + 1;
        }
        /* "خلال نصف السنة الحالية", "في الربع الأخير من السنة الماضية، ونصف السنة الحالية": half
         * of the year the stamp is in, told in its second half, is its first half (not "عامين
         * ونصف العام الماضي", a length read with its count) */
        if ((word_eq(c, i, "نصف") || (word_eq(c, i, "ونصف") && i > 0 && !unit_of(c, i - 1) && !is_num(c, i - 1))) &&
            c->dct != NODAY && c->dm > 6 && period_at(c, i + 1, v, sizeof v, &e) == AK_GRAN_YEAR && atoi(v) == c->dy &&
            strlen(v) == 4) {
            snprintf(v, sizeof v, "%04d-H1", c->dy);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_QUARTER) ? i : e;
        }
        /* halves: النصف الأول/الثاني [من العام ...] */
        if (cls == C_HALF && is_cls(c, i + 1, C_ORD) && c->t[i + 1].val <= 2) {
            size_t k = i + 2;
            int mod;
            if ((e = half_of_century(c, i, v, sizeof v, &mod)) > i)
                return emit(c, i, e, "DATE", v, mod ? mod_name(mod) : NULL, mod ? AK_GRAN_DECADE : AK_GRAN_YEAR) ? i : e;
            if (is_prep(c, k, P_FROM))
                k++;
            if ((e = half_of_month(c, i, k, c->t[i + 1].val)))
                return e;
            int yr = 0, h = 0;
            if ((yr = split_fiscal_year(c, k, &e))) {
                fiscal_part(yr, c->t[i + 1].val, 2, v, sizeof v);
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_QUARTER) ? i : e;
            }
            if ((yr = fiscal_year(c, k, &e)))
                ;
            else if ((yr = year_part(c, k, &e, &h)))
                ;
            else if ((g = period_at(c, k, v, sizeof v, &e)) == AK_GRAN_YEAR)
                yr = atoi(v);
            else if (k > i + 2 && on(c, k) && c->t[k].kind == TK_WORD && c->t[k].cls == C_NONE && !unit_of(c, k) &&
                     !word_eq(c, k, "حيث"))
                return k; /* "النصف الثاني من الموسم", "من المباراة", "منه": a half of something else */
            else if (c->dct != NODAY && unit_of(c, k) != U_CENTURY && unit_of(c, i + 2) != U_CENTURY) {
                /* not "النصف الثاني من القرن الـ19", "النصف الأول للقرن الثاني عشر" */
                yr = c->dy;
                e = bare_year(c, k) ? k + 1 : i + 2;
            }
            /* "النصف الأول من العام الجاري 1436ه", "من العام 1436هـ": a Hijri year's half, the
             * days of its six Hijri months, as its quarters are */
            if (yr && !h && e > i + 2)
                h = hijri_year_after(c, &e, &yr);
            if (yr && h && hijri_months_days(yr, c->t[i + 1].val == 1 ? 1 : 7, 6, v, sizeof v))
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_MONTH) ? i : e;
            if (yr && !h) {
                snprintf(v, sizeof v, "%04d-H%d", yr, c->t[i + 1].val);
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_QUARTER) ? i : e;
            }
        }
        /* a name that embeds a date ("شارع 31 يوليو"; an uprising, named by its year or by its
         * day, "انتفاضة 17 فبراير"): skip the date */
        size_t ne_;
        int ns_, na_;
        static const char *const uprising[] = {"انتفاضة", "لانتفاضة", "بانتفاضة", "وانتفاضة"};
        int uprising_day = cls == C_EVENT && word_in(c, i, uprising, sizeof uprising / sizeof uprising[0]) &&
                           day_num(c, i + 1) && month_group(c, i + 2, &ns_, &ne_, &na_);
        /* "منذ ثورة 2011", "اندلاع ثورة 1979": a revolution named by its year alone is dated by
         * it, as "ثورة يناير 2011" is (a street or a bloc named by a day stays a name) */
        if (cls == C_NAMEHEAD && revolution_word(c, i) &&
            year_num(c, i + 1) && c->t[i + 1].val >= 1800 && c->t[i + 1].val <= 2100 && !c->t[i + 1].nl &&
            !unit_of(c, i + 2) && !counted_noun(c, i + 2) && !pair_sep(c, i + 2)) {
            snprintf(v, sizeof v, "%04d", c->t[i + 1].val);
            return emit(c, i + 1, i + 2, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 2;
        }
        if ((cls == C_NAMEHEAD && (day_num(c, i + 1) || is_num(c, i + 1) || (ord_day(c, i + 1, &ne_) && is_prep(c, ne_, P_FROM)))) ||
            uprising_day) {
            int r = date_core(c, i + 1, &p); /* also "ثورة الخامس والعشرين من يناير" */
            size_t end = r != 0 && p.end > i + 1 ? p.end : i + 2;
            /* "ثورة 25 يناير (كانون الثاني) عام 2011", "ثورة 30 يونيو": a revolution's day given
             * with its year, or known by its day alone (famous_year), is read as a date */
            if (r == 1 && revolution_word(c, i) && (p.y || revolution_year(c, &p)))
                return i + 1;
            /* a second name of the kind joined on: "قوى 8 آذار و14 آذار" */
            size_t k = word_eq(c, end, "و") ? end + 1 : end;
            if (r != 0 && (k > end || has_waw(c, k)) && day_num(c, k) && date_core(c, k, &p) != 0 && p.end > k + 1 && !p.y)
                end = p.end;
            return end;
        }
        /* "من مسجد الشرطة بالسادس من أكتوبر", "منطقة التجارة بالعاشر من رمضان": an ordinal day
         * with a glued ب before من and a month, no year after it, is a place named by a date
         * (a date takes في: "في السادس من أكتوبر"); skip it whole */
        if (cls == C_ORD && glued_ba_al(c, i) && ord_day(c, i, &ne_) && is_prep(c, ne_, P_FROM)) {
            int r = date_core(c, i, &p);
            if (r == 1 && !p.y && !p.dir && p.end > i)
                return p.end;
        }
        /* "ثورة يوليو تموز": a month naming it without a year is no month near the DCT (with
         * its year, "منذ ثورة يناير 2011", it dates the event and is kept) */
        if (cls == C_NAMEHEAD && month_group(c, i + 1, &ns_, &ne_, &na_) && date_core(c, i + 1, &p) == 1 && !p.y && !p.dir)
            return p.end;
        if (cls == C_THIRD && (e = third_of_year(c, i, v, sizeof v)) > i)
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_MONTH) ? i : e;
        if (cls == C_THIRD && (e = third_of_century(c, i, v, sizeof v)) > i) {
            int r = third_rank(c, i + 1); /* the coarsest granularity there is, as for centuries alone */
            return emit(c, i, e, "DATE", v, mod_name(r == 1 ? M_START : r == 2 ? M_MID : M_END), AK_GRAN_DECADE) ? i : e;
        }
        /* quarters: الربع الأول من العام الحالي / 2021; "الربع الأخير من عام 2014" the fourth, only
         * of a year named after it (not "الربع الأخير من القرن الماضي", "... من شهر رمضان") */
        int last_q = cls == C_QUARTER && (word_eq(c, i + 1, "الأخير") || word_eq(c, i + 1, "الاخير"));
        if (cls == C_QUARTER && ((is_cls(c, i + 1, C_ORD) && c->t[i + 1].val <= 4) || last_q)) {
            int q = last_q ? 4 : c->t[i + 1].val;
            size_t k = i + 2;
            /* "وللربع الثاني على التوالي": the second quarter in a row, a count, no quarter named */
            if (word_eq(c, k, "على") && word_eq(c, k + 1, "التوالي"))
                return k + 2;
            if (is_prep(c, k, P_FROM))
                k++;
            int yr = 0, h = 0;
            if ((yr = split_fiscal_year(c, k, &e))) {
                fiscal_part(yr, q, 4, v, sizeof v);
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_QUARTER) ? i : e;
            }
            if ((yr = fiscal_year(c, k, &e)))
                ;
            else if ((yr = year_part(c, k, &e, &h)))
                ;
            else if ((g = period_at(c, k, v, sizeof v, &e)) == AK_GRAN_YEAR)
                yr = atoi(v);
            else if (!last_q && hijri_quarter(c, i, q, v, sizeof v))
                return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_MONTH) ? i : i + 2;
            else if (c->dct != NODAY && (!last_q || (k > i + 2 && bare_year(c, k) && !fiscal_word(c, k + 1)))) {
                e = bare_year(c, k) ? k + 1 : i + 2;
                /* a quarter not ended by the stamp whose amount is told is last year's */
                yr = c->dy - (e == i + 2 && q >= (c->dm - 1) / 3 + 1 && amount_told(c, e));
            }
            /* "الربع الثالث للعام الحالي 1436 هـ", "الربع الثالث من عام 1436 هـ": a Hijri year
             * makes it that year's quarter, the days of its three Hijri months */
            if (yr && !h && e > i + 2)
                h = hijri_year_after(c, &e, &yr);
            if (yr && h && hijri_quarter_days(yr, q, v, sizeof v))
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_MONTH) ? i : e;
            int closed = yr ? quarter_closed(c, e, &yr) : 0;
            if (yr) {
                snprintf(v, sizeof v, "%04d-Q%d", yr, closed ? closed : q);
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_QUARTER) ? i : e;
            }
        }
        if ((g = decade_at(c, i, v, sizeof v, &e)))
            return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
        if ((g = century_alone(c, i, v, sizeof v, &e)))
            return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
        /* "عقد التسعينيات": the word for decade joins its name */
        if (unit_of(c, i) == U_DECADE && !(t->val & (F_PLURAL | F_DUAL)) && (g = decade_at(c, i + 1, v, sizeof v, &e)))
            return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
        /* "استقال هذا الصباح", "هذا المساء": this morning or evening is the stamp's day ("هذا
         * العصر" is this era, "هذه الليلة" as often a feast's night or a poem's) */
        if (cls == C_THIS && c->dct != NODAY && !c->t[i + 1].nl &&
            (word_eq(c, i + 1, "الصباح") || word_eq(c, i + 1, "المساء")) && !(i > 0 && word_eq(c, i - 1, "مثل"))) {
            fmt_day(v, sizeof v, c->dct);
            return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 2;
        }
        /* "هذا الصيف"; not "هذا الربيع" told of the Arab Spring */
        if (cls == C_THIS && is_cls(c, i + 1, C_SEASON) && c->dct != NODAY && !arab_spring(c, i + 1)) {
            snprintf(v, sizeof v, "%04d-%s", c->dy, season_code[c->t[i + 1].val]);
            return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_SEASON) ? i : i + 2;
        }
        /* "بين عامي 2002 و2012", "عامي 1320 و1318 قبل الميلاد" */
        size_t y2 = years2_second(c, i);
        if (y2 && c->t[i + 1].val >= 100 && c->t[y2].val >= 100 && c->t[i + 1].val <= 2200 && c->t[y2].val <= 2200) {
            e = y2 + 1;
            int32_t ha, hb; /* "عامي 1435 و1436هـ": a Hijri pair, its days from the first to the last */
            if (is_cls(c, e, C_HMARK) && c->t[i + 1].val < c->t[y2].val &&
                ak_cal_hijri_days(c->t[i + 1].val, 1, 1, &ha) >= 0 && ak_cal_hijri_days(c->t[y2].val + 1, 1, 1, &hb) >= 0) {
                fmt_span(v, sizeof v, ha, hb);
                return emit(c, i, e + 1, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e + 1;
            }
            int bc = before_christ(c, e);
            if (bc)
                e += 2;
            else if (is_cls(c, e, C_GMARK))
                e++;
            snprintf(v, sizeof v, "%s%04d/%s%04d", bc ? "BC" : "", c->t[i + 1].val, bc ? "BC" : "", c->t[y2].val);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
        /* a year naming an event or incidents (the year alone is the date) */
        size_t ey = event_year(c, i);
        if (ey) {
            snprintf(v, sizeof v, "%04d", c->t[ey].val);
            e = is_cls(c, ey + 1, C_GMARK) ? ey + 2 : ey + 1; /* "دوري أبطال آسيا ٢٠١٦م" */
            return emit(c, ey, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
        if (cls == C_EVENT && t->val != 2) {
            size_t y;
            if ((y = event_hijri_year(c, i)) != i) {
                int hy = c->t[y].val < 100 ? 1400 + c->t[y].val : c->t[y].val;
                e = c->t[y].val < 100 ? y + 2 : y + 1; /* a short year keeps its هـ */
                if (hijri_year_span(hy, v, sizeof v))
                    return emit(c, y, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
            }
        }
        /* periods: العام الماضي, هذا الشهر, العام ذاته; "هذا العام 1436هـ" names its year */
        if ((g = period_at(c, i, v, sizeof v, &e)) == AK_GRAN_YEAR && period_year_pair(c, e))
            return e; /* "للعام الحالى 1436 – 1437هـ": the pair is read alone */
        size_t pe;
        if (g == AK_GRAN_YEAR && (pe = period_hijri_year(c, e, v, sizeof v)) != 0)
            return emit(c, i, pe, "DATE", v, NULL, AK_GRAN_YEAR) ? i : pe;
        if (g == AK_GRAN_YEAR && (pe = period_paren_year(c, e, v, sizeof v)) != 0)
            return emit(c, i, pe, "DATE", v, NULL, AK_GRAN_YEAR) ? i : pe; /* "العام المنصرم (1435هـ)" */
        if (g)
            return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
        /* "للعام 1436 / 1437هـ", "للعام 1436هـ - 1437هـ": the pair of Hijri years, read from its
         * first year on, with its year word */
        if (unit_of(c, i) == U_YEAR && year_num(c, i + 1) &&
            ((pair_sep(c, i + 2) && is_num(c, i + 3) && c->t[i + 3].val == c->t[i + 1].val + 1 &&
              (is_cls(c, i + 4, C_HMARK) || unmarked_hijri_pair(c, i + 1))) ||
             hijri_pair_marked(c, i + 1)))
            return pair_with_head(c, i, i + 1);
        /* "عام 2013 / 2014", "لعام 2014 - 2015", "من عام 2010 - 2015": a Gregorian pair or range
         * (read by the year rules from its first year on) keeps its year word */
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) && greg_pair_at(c, i + 1))
            return pair_with_head(c, i, i + 1);
        /* "منذ عام 4241 ق.م", "(سنة 650 ق.م)": a year before the era, its mark abbreviated */
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) && is_num(c, i + 1) && c->t[i + 1].ndig <= 4 &&
            c->t[i + 1].val >= 1 && (e = bc_abbrev(c, i + 2))) {
            snprintf(v, sizeof v, "BC%04d", c->t[i + 1].val);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
        /* "عام ألفين وثلاثة عشر": the year in words */
        int wy;
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) && (wy = words_year(c, i + 1, &e))) {
            snprintf(v, sizeof v, "%04d", wy);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
        /* years: عام 2008, لعام 2008, العام 2008; "عن عام .2011" with the full stop moved */
        size_t yk = unit_of(c, i) == U_YEAR && moved_stop(c, i + 1) && year_num(c, i + 2) ? i + 2 : i + 1;
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) && year_num(c, yk) &&
            !unit_of(c, yk + 1)) {
            e = yk + 1;
            int hij = is_cls(c, e, C_HMARK);
            if (hij || is_cls(c, e, C_GMARK))
                e++;
            if (hij || unmarked_hijri_year(c, yk))
                return hijri_year_expr(c, i, e, c->t[yk].val);
            int bc = before_christ(c, e);
            snprintf(v, sizeof v, "%s%04d", bc ? "BC" : "", c->t[yk].val);
            return emit(c, i, bc ? e + 2 : e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : bc ? e + 2 : e;
        }
        /* "بنيت سنة 968هـ", "في عام 26 هـ", "في العام 408 للهجرة": a Hijri year of up to three
         * digits after a year word, its mark after it */
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) && is_num(c, i + 1) && c->t[i + 1].ndig <= 3 &&
            c->t[i + 1].val >= 1 && is_cls(c, i + 2, C_HMARK) && !c->t[i + 1].nl && !c->t[i + 2].nl)
            return hijri_year_expr(c, i, i + 3, c->t[i + 1].val);
        /* "مات عام 935": a three-digit year after an indefinite عام/سنة */
        if (unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL | F_DEF)) && is_num(c, i + 1) &&
            c->t[i + 1].ndig == 3 && c->t[i + 1].val >= 100 && on(c, i + 2) && c->t[i + 2].kind == TK_WORD &&
            c->t[i + 2].cls != C_NUMW && !unit_of(c, i + 2) && !is_cls(c, i + 2, C_HMARK)) {
            e = i + 2;
            int bc = before_christ(c, e);
            snprintf(v, sizeof v, "%s%04d", bc ? "BC" : "", c->t[i + 1].val);
            return emit(c, i, bc ? e + 2 : e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : bc ? e + 2 : e;
        }
        /* "هذا الأربعاء" (this Wednesday): the nearer of the weekdays around the stamp, the one
         * ahead when it is up to three days away ("لملاقاة نظيره الهلال هذا الأربعاء" stamped on a
         * Sunday is three days on), as after a present lede */
        if (is_cls(c, i, C_THIS) && is_cls(c, i + 1, C_WEEKDAY) && !has_waw(c, i + 1) && !c->t[i + 1].nl &&
            c->dct != NODAY) {
            int ahead = (c->t[i + 1].val - ak_cal_weekday(c->dct) + 7) % 7;
            fmt_day(v, sizeof v, c->dct + (ahead <= 3 ? ahead : ahead - 7));
            return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_DAY) ? i : i + 2;
        }
        /* a weekday or "يوم" + weekday/date */
        size_t k = i;
        size_t oe_;
        if (unit_of(c, k) == U_DAY && !(t->val & (F_DUAL | F_PLURAL | F_DEF)) &&
            (is_cls(c, k + 1, C_WEEKDAY) || day_num(c, k + 1) || (ord_day(c, k + 1, &oe_) && is_prep(c, oe_, P_FROM))))
            k++; /* "يوم الخميس", "يوم 5 يونيو", "يوم السادس والعشرين من الشهر المقبل" */
        int paren = 0; /* "يوم (الخميس) المقبل": the weekday in its brackets, as "اليوم (الثلاثاء)" */
        if (k == i && unit_of(c, k) == U_DAY && !(t->val & (F_DUAL | F_PLURAL | F_DEF)) && paren_weekday(c, k + 1))
            k += 2, paren = 1;
        if (k == i && is_cls(c, k, C_WEEKDAY) && c->t[k].val == 5 && !is_cls(c, k + 1, C_DIR) && prayer_before(c, k))
            return i + 1; /* "خطبة الجمعة": the prayer's name; "صلاة الجمعة الماضية" stays a day */
        if (k == i && is_cls(c, k, C_WEEKDAY) && !is_cls(c, k + 1, C_DIR) && (the_two(c, k) || joined_two(c, k)))
            return i + 1;
        if (k == i && is_cls(c, k, C_WEEKDAY) && (weekday_surname(c, k) || surname_again(c, k)))
            return i + 1;
        if (k == i && is_cls(c, k, C_WEEKDAY) && !is_cls(c, k + 1, C_DIR) && market_before(c, k))
            return i + 1; /* "سوق الخميس", "(سوق الجمعة)": a town or market named for its day */
        if (k == i && is_cls(c, k, C_WEEKDAY) && quoted_title_weekday(c, k))
            return i + 1; /* "برنامج «لقاء الخميس»": a title, no day */
        if (is_cls(c, k, C_WEEKDAY) && weekly_habit(c, k))
            return k + 1; /* "يوم السبت والإثنين والأربعاء من كل أسبوع": a habit, no day */
        /* "وفق ما أوردت الوكالة السبت الاحد": the night between two days with its "ليل" left out */
        if (k == i && c->dct != NODAY && is_cls(c, i, C_WEEKDAY) && !has_waw(c, i) && is_cls(c, i + 1, C_WEEKDAY) &&
            !has_waw(c, i + 1) && !c->t[i + 1].nl && c->t[i + 1].val % 7 == (c->t[i].val + 1) % 7)
            return day_pair(c, i, i + 2, c->t[i].val, c->t[i + 1].val);
        /* "أصيب 163 آخرون السبت والأحد": two consecutive weekdays joined by و are one stretch, as
         * "يومي السبت والأحد" is, its first day read as the weekday alone would be; not a longer
         * list ("السبت والأحد والاثنين") nor before a written date or a week named ("الأحد والاثنين
         * في الأسبوع المقبل"), which read each day */
        int32_t wk_;
        int two = !paren && c->dct != NODAY && is_cls(c, k, C_WEEKDAY) && !has_waw(c, k) && is_cls(c, k + 1, C_WEEKDAY) &&
                  has_waw(c, k + 1) && c->t[k + 1].val % 7 == (c->t[k].val + 1) % 7 &&
                  !weekday_of_week(c, k + 2, c->t[k + 1].val, &wk_) && !is_cls(c, k + 2, C_WEEKDAY) && !is_num(c, k + 2) &&
                  !(on(c, k + 2) && c->t[k + 2].kind == TK_WORD && date_word(&c->t[k + 2]));
        if (is_cls(c, k, C_WEEKDAY) && !(date_core(c, k, &p) == 1 && p.d)) {
            int w = c->t[k].val;
            e = two ? k + 2 : k + 1 + paren;
            int32_t wn;
            if (!two && c->dct != NODAY &&
                ((wn = weekday_numeric(c, e, w, &e)) != NODAY || (wn = weekday_month_day(c, e, w, &e)) != NODAY)) {
                fmt_day(v, sizeof v, wn);
                return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
            }
            size_t we;
            if (!two && c->dct != NODAY && (we = weekday_of_week(c, e, w, &wn))) {
                fmt_day(v, sizeof v, wn);
                return emit(c, i, we, "DATE", v, NULL, AK_GRAN_DAY) ? i : we;
            }
            int dir = 0, after_next = 0;
            if (is_cls(c, e, C_DIR)) {
                dir = c->t[e].val;
                e++;
            } else if (is_prep(c, e, P_AFTER) && is_cls(c, e + 1, C_DIR) && c->t[e + 1].val == D_NEXT) {
                dir = D_NEXT; /* "الأربعاء بعد القادم": the one after the next */
                after_next = 1;
                e += 2;
            }
            if (dir == D_SAME || dir == D_THIS)
                dir = 0;
            /* "يوم الأربعاء الماضي 13 /10 /1436هـ", "يوم الخميس المقبل والموافق السادس من
             * أغسطس الجاري": the written date that falls on the weekday gives the value, one
             * expression as "اليوم الاثنين الموافق 18/ 10/ 1436هـ" is (without الموافق, only a
             * date with its year) */
            size_t de = dir && (word_eq(c, e, "الموافق") || word_eq(c, e, "والموافق")) ? e + 1 : e;
            if (dir && c->dct != NODAY && date_core(c, de, &p) == 1 && p.d && (p.y || de > e) &&
                written_day_fits(c, de, &p, w, v, sizeof v))
                return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
            /* "المضربين منذ الاثنين" after "غداً الخميس": since points back, whatever the
             * sentence schedules ahead */
            int since = dir == 0 && since_before(c, i);
            if (c->dct == NODAY)
                snprintf(v, sizeof v, "XXXX-WXX-%d", w);
            else {
                int w0 = ak_cal_weekday(c->dct), ap;
                int32_t day;
                /* after a present lede the nearer of the two: "ويجتمع سفراء ... الثلاثاء" stamped
                 * on a Friday is the Tuesday before (stamps run late) */
                int32_t rs = dir == 0 && start_is_day(c) ? range_start(c, i) : NODAY;
                if (rs != NODAY) {
                    /* "من يوم الخميس وحتى مساء السبت": the end of a span of days is the first
                     * such weekday after its start, whichever way the start was read (not after a
                     * span: "اعتبارا من الأسبوع الأخير من رمضان وحتى الخميس" runs 20 days) */
                    int f = (w - ak_cal_weekday(rs) + 7) % 7;
                    day = rs + (f ? f : 7);
                } else if (dir == D_NEXT ||
                           (dir == 0 && !since &&
                            (future_context(c, i, e) || (present_lede(c, i) && (w - w0 + 7) % 7 <= 3) ||
                             (w > w0 && this_week_before(c, i))))) { /* "هذا الأسبوع ... يوم الجمعة" */
                    int f = (w - w0 + 7) % 7;
                    if (f == 0 && dir == D_NEXT)
                        f = 7;
                    day = c->dct + f + 7 * after_next;
                } else if (dir == 0 && !since && (day = forward_list_day(c, i, &ap)) != NODAY) {
                    /* beside it, the text's weekday wins: the latest such day on or before it
                     * ("يوم غد -الاثنين-" under a late stamp); later, the next one on or after */
                    if (ap)
                        day -= (ak_cal_weekday(day) - w + 7) % 7;
                    else
                        day += (w - ak_cal_weekday(day) + 7) % 7;
                } else {
                    int b = (w0 - w + 7) % 7;
                    if (b == 0 && dir == D_PAST)
                        b = 7;
                    day = c->dct - b;
                    /* "الأسبوع الماضي ... يوم الاثنين" under a Monday stamp: last week's Monday */
                    if (dir == 0 && day > c->dct - w0 && last_week_before(c, i))
                        day -= 7;
                }
                fmt_day(v, sizeof v, day);
                if (two) {
                    char z[16];
                    fmt_day(z, sizeof z, day + 1);
                    snprintf(v + strlen(v), sizeof v - strlen(v), "/%s", z);
                    return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
                }
            }
            int hh, mi;
            size_t ce;
            if (c->dct != NODAY && clock_at(c, e, &hh, &mi, &ce) && is_cls(c, e, C_HOURW)) {
                size_t l = strlen(v);
                snprintf(v + l, sizeof v - l, "T%02d:%02d", hh, mi);
                return emit(c, i, ce, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ce;
            }
            if (is_cls(c, e, C_AMPM)) /* "يوم الخميس عصرًا" */
                e++;
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_DAY) ? i : e;
        }
        if (k != i) {
            /* "يوم 5 يونيو": fall through to the date core from the number */
            int r = date_core(c, k, &p);
            if (r == 1 && p.d && (g = resolve_date(c, k, &p, v, sizeof v)))
                return emit(c, i, p.end, "DATE", v, NULL, g) ? i : p.end;
        }
    }

    /* pairs of days: "الأول والثاني من أغسطس", "يومي الثاني والثالث من أغسطس آب", "يومي السبت والأحد" */
    {
        int dual = is_cls(c, i, C_SETADJ) && t->val == S_DAY; /* "يومي": the dual of يوم before two days */
        size_t k0 = dual ? i + 1 : i, e1;
        int od1 = ord_day(c, k0, &e1);
        /* "من الثالث إلى السادس من رجب 1395هـ": a range of ordinal days */
        size_t s2 = e1 + 1, e2;
        int od2 = od1 && (is_prep(c, e1, P_TO) || is_prep(c, e1, P_UNTIL)) ? ord_day(c, s2, &e2) : 0;
        if (od2 > od1 && date_core(c, s2, &p) == 1 && p.d == od2 && !p.weekday) {
            pdate a = p;
            a.d = od1;
            char x[24], z[24];
            if (resolve_date(c, k0, &p, z, sizeof z) == AK_GRAN_DAY && resolve_date(c, k0, &a, x, sizeof x) == AK_GRAN_DAY) {
                snprintf(v, sizeof v, "%s/%s", x, z);
                return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
            }
        }
        if (od1 && is_cls(c, e1, C_ORD) && has_waw(c, e1)) {
            int r2 = date_core(c, e1, &p);
            if (r2 == 1 && p.d > od1 && !p.weekday) {
                pdate a = p;
                a.d = od1;
                char x[24], z[24];
                if (resolve_date(c, e1, &p, z, sizeof z) == AK_GRAN_DAY && resolve_date(c, k0, &a, x, sizeof x) == AK_GRAN_DAY) {
                    /* "الأول والثاني من أغسطس" is a range; "الثاني والخامس من الشهر المقبل" two days,
                     * but "بين الثاني عشر والخامس والعشرين من تموز" a range again */
                    if (p.d != od1 + 1 && !(k0 > 0 && is_prep(c, k0 - 1, P_BETWEEN)))
                        return emit(c, i, e1, "DATE", x, NULL, AK_GRAN_DAY) ? i : e1;
                    snprintf(v, sizeof v, "%s/%s", x, z);
                    return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
                }
            }
        }
        if (dual && day_num(c, i + 1) && is_cls(c, i + 2, C_AND) && date_core(c, i + 3, &p) == 1 && p.d == c->t[i + 1].val + 1 &&
            !p.weekday) { /* "يومي 4 و5 أغسطس 2015" (not "يومي 7 و14 أكتوبر": two days) */
            pdate a = p;
            a.d = c->t[i + 1].val;
            char x[24], z[24];
            if (resolve_date(c, i + 3, &p, z, sizeof z) == AK_GRAN_DAY && resolve_date(c, i + 1, &a, x, sizeof x) == AK_GRAN_DAY) {
                snprintf(v, sizeof v, "%s/%s", x, z);
                return emit(c, i, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
            }
        }
        int w1 = 0, w2 = 0;
        size_t pe = 0;
        if (dual && is_cls(c, i + 1, C_WEEKDAY) && weekly_habit(c, i + 1))
            return i + 3; /* "يومي الخميس والجمعة من كل أسبوع" */
        if (dual && is_cls(c, i + 1, C_WEEKDAY) && is_cls(c, i + 2, C_WEEKDAY) && has_waw(c, i + 2) &&
            c->t[i + 2].val % 7 == (c->t[i + 1].val + 1) % 7) { /* consecutive days only */
            w1 = c->t[i + 1].val, w2 = c->t[i + 2].val;
            pe = i + 3;
        } else
            pe = night_pair(c, i, &w1, &w2); /* "ليل الاثنين الثلاثاء": the night between them */
        if (pe && c->dct != NODAY)
            return day_pair(c, i, pe, w1, w2);
    }

    /* "في 12 و19 و26 يوليو": a list of three or more days, each borrowing the last one's month
     * (the last two are the two-day case below) */
    if (day_num(c, i) && is_cls(c, i + 1, C_AND) && !(i > 0 && is_prep(c, i - 1, P_BETWEEN))) {
        size_t j = i + 2;
        int prev = c->t[i].val;
        while (j < i + 16 && day_num(c, j) && c->t[j].val > prev && is_cls(c, j + 1, C_AND)) {
            prev = c->t[j].val;
            j += 2;
        }
        if (j > i + 2 && date_core(c, j, &p) == 1 && p.d > prev && !p.weekday) {
            pdate a = p;
            a.d = c->t[i].val;
            if ((g = resolve_date(c, i, &a, v, sizeof v)) == AK_GRAN_DAY)
                return emit(c, i, i + 1, "DATE", v, NULL, g) ? i : i + 1;
        }
    }
    /* ranges of days: "7 إلى 8 آب 2023", "بين 7 و8 آب", "30 يوليو - 2 أغسطس 2023", "من الـ10 وحتى
     * الـ22 من أغسطس" (the end's article written apart from its number) */
    if (day_num(c, i) && (is_prep(c, i + 1, P_TO) || is_prep(c, i + 1, P_UNTIL) || dash_at(c, i + 1) ||
                          is_cls(c, i + 1, C_AND))) {
        size_t s2 = article_word(c, i + 2) && day_num(c, i + 3) ? i + 3 : i + 2;
        int r = date_core(c, s2, &p);
        int between = i > 0 && is_prep(c, i - 1, P_BETWEEN);
        if (r == 1 && p.d && !p.weekday && c->t[i].val + 1 < p.d && is_cls(c, i + 1, C_AND) && !between) {
            /* "في 14 و17 أغسطس": two days, the first borrowing the month ("30 و31 يوليو": a range) */
            pdate a = p;
            a.d = c->t[i].val;
            if ((g = resolve_date(c, i, &a, v, sizeof v)) == AK_GRAN_DAY)
                return emit(c, i, i + 1, "DATE", v, NULL, g) ? i : i + 1;
        }
        if (r == 1 && p.d && !p.weekday && c->t[i].val < p.d) {
            pdate a = p;
            a.d = c->t[i].val;
            char x[24], z[24];
            int g1 = resolve_date(c, i, &a, x, sizeof x), g2 = resolve_date(c, i, &p, z, sizeof z);
            if (g1 == AK_GRAN_DAY && g2 == AK_GRAN_DAY && !p.hijri && strcmp(x, z) > 0) {
                a.y = atoi(z); /* a range never starts after its end: the start takes the end's year */
                g1 = resolve_date(c, i, &a, x, sizeof x);
            }
            if (g1 == AK_GRAN_DAY && g2 == AK_GRAN_DAY) {
                snprintf(v, sizeof v, "%s/%s", x, z);
                /* "(16-21) من أبريل": the parentheses the days stand in open the extent too */
                size_t i0 = i > 0 && is_punct(c, i - 1, '(') && is_punct(c, s2 + 1, ')') ? i - 1 : i;
                return emit(c, i0, p.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : p.end;
            }
        }
    }

    /* "8/8 إلى 21/8/2015", "7/11 وحتى 1/12/1436هـ": a day/month borrowing the year and the
     * calendar of the range's end; the year before when its month is later ("25/12 الى 4/1
     * /1437": across the new year) */
    if (day_num(c, i) && is_punct(c, i + 1, '/') && is_num(c, i + 2) && c->t[i + 2].ndig <= 2 &&
        (is_prep(c, i + 3, P_TO) || is_prep(c, i + 3, P_UNTIL) || is_punct(c, i + 3, '-'))) {
        pdate q;
        if (date_core(c, i + 4, &q) == 1 && q.d && q.y) {
            pdate a = q;
            a.d = c->t[i].val;
            a.m = c->t[i + 2].val;
            if (a.m > q.m)
                a.y--;
            char x[24], z[24];
            if (a.m >= 1 && a.m <= 12 && (q.hijri ? a.d <= 30 : ak_cal_valid(a.y, a.m, a.d)) &&
                resolve_date(c, i, &a, x, sizeof x) == AK_GRAN_DAY && resolve_date(c, i, &q, z, sizeof z) == AK_GRAN_DAY &&
                strcmp(x, z) <= 0) {
                snprintf(v, sizeof v, "%s/%s", x, z);
                return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
            }
        }
    }

    /* "بتاريخ 16/10": a day/month with no year after a date's word (yearless_numeric) */
    {
        size_t ye = yearless_numeric(c, i);
        if (ye)
            return ye;
    }

    /* "عام 3100 قبل الميلاد", "2050 قبل الميلاد", and ranges so written */
    {
        size_t k = unit_of(c, i) == U_YEAR && !(t->val & (F_DUAL | F_PLURAL)) ? i + 1 : i;
        /* "(نحو 2494- 2345 قبل الميلاد)", "(219-217 قبل الميلاد)": a range, the later year smaller */
        if (is_num(c, k) && c->t[k].ndig <= 4 && dash_at(c, k + 1) &&
            is_num(c, k + 2) && c->t[k + 2].ndig <= 4 && c->t[k + 2].val > 0 && c->t[k + 2].val < c->t[k].val &&
            before_christ(c, k + 3)) {
            snprintf(v, sizeof v, "BC%04d/BC%04d", c->t[k].val, c->t[k + 2].val);
            /* "(نحو 2494-2345 قبل الميلاد)": about joins it */
            size_t i0 = about_start(c, i);
            return emit(c, i0, k + 5, "DATE", v, NULL, AK_GRAN_YEAR) ? i : k + 5;
        }
        if (is_num(c, k) && c->t[k].ndig <= 4 && c->t[k].val > 0 && before_christ(c, k + 1)) {
            snprintf(v, sizeof v, "BC%04d", c->t[k].val);
            return emit(c, i, k + 3, "DATE", v, NULL, AK_GRAN_YEAR) ? i : k + 3;
        }
    }

    /* calendar dates */
    int r = date_core(c, i, &p);
    if (r == -1)
        return p.end > i ? p.end : i + 1; /* impossible date: consume it, tag nothing */
    if (r == 1) {
        e = p.end;
        /* "من 17 شوال وحتى 28 من الشهر نفسه", "من 3 أغسطس القادم وحتى 8 من الشهر ذاته": the end
         * is a later day of the start's own month (Hijri or Gregorian, as the start is) */
        if (p.d && (is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL) || is_punct(c, e, '-'))) {
            size_t se = 0, j = is_cls(c, e + 1, C_WEEKDAY) ? e + 2 : e + 1;
            int d2 = same_month_day(c, j, &se);
            char x[24], z[24];
            int32_t da, db;
            if (d2 > p.d && resolve_date(c, i, &p, x, sizeof x) == AK_GRAN_DAY && !tx_parse_day(x, &da) &&
                day_of_month_of(p.hijri, da, d2, &db)) {
                fmt_day(z, sizeof z, db);
                snprintf(v, sizeof v, "%s/%s", x, z);
                return emit(c, i, se, "DATE", v, NULL, AK_GRAN_DAY) ? i : se;
            }
        }
        /* a cross-month range: "30 يوليو إلى 2 أغسطس 2023" */
        pdate q;
        if (p.d && !p.y && (is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL) || is_punct(c, e, '-')) &&
            date_core(c, e + 1, &q) == 1 && q.d && !q.weekday && !q.hijri && !p.hijri) {
            char x[24], z[24];
            pdate a = p;
            /* "30 نوفمبر وحتى 2 ديسمبر المقبلين": a yearless end resolves first, the start follows it */
            int gz = resolve_date(c, i, &q, z, sizeof z);
            a.y = atoi(z) - (p.m > q.m);
            if (gz == AK_GRAN_DAY && resolve_date(c, i, &a, x, sizeof x) == AK_GRAN_DAY) {
                snprintf(v, sizeof v, "%s/%s", x, z);
                return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
            }
        }
        /* "بين 22 ديسمبر المقبل والرابع من يناير 2016", "ما بين 29 سبتمبر و8 نوفمبر": two days
         * after بين are one range; a start without year or direction takes the end's year (the
         * one before if later) */
        size_t ae = comma_at(c, e) ? e + 1 : e; /* "بين 25 يونيو الماضي، و20 أغسطس الحالي" */
        size_t wk = is_cls(c, ae, C_AND) ? ae + 1 : ae;
        if (p.d && !p.hijri && !p.weekday && i > 0 && is_prep(c, i - 1, P_BETWEEN) && (wk > ae || has_waw(c, ae)) &&
            date_core(c, wk, &q) == 1 && q.d && !q.weekday && !q.hijri) {
            char x[24], z[24];
            int32_t da, db;
            if (resolve_date(c, wk, &q, z, sizeof z) == AK_GRAN_DAY) {
                pdate a = p;
                if (!a.y && !a.dir)
                    a.y = atoi(z) - (p.m > q.m || (p.m == q.m && p.d > q.d));
                if (resolve_date(c, i, &a, x, sizeof x) == AK_GRAN_DAY && !tx_parse_day(x, &da) && !tx_parse_day(z, &db) &&
                    da <= db && db - da <= 3660) {
                    snprintf(v, sizeof v, "%s/%s", x, z);
                    return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
                }
            }
        }
        /* "من ٢٣ رمضان وحتى ٥ شوال": a Hijri range; the start resolves as it stands, a yearless
         * end is its first occurrence from the start on */
        if (p.d && !p.y && p.hijri && !p.weekday && (is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL) || is_punct(c, e, '-')) &&
            date_core(c, e + 1, &q) == 1 && q.d && q.hijri && !q.weekday) {
            char x[24], z[24];
            int32_t da, db;
            int hy, hm, hd;
            if (resolve_date(c, i, &p, x, sizeof x) == AK_GRAN_DAY && !tx_parse_day(x, &da)) {
                pdate b = q;
                ak_cal_hijri_from_days(da, &hy, &hm, &hd);
                if (!b.y)
                    b.y = hy + (q.m < p.m || (q.m == p.m && q.d < p.d)), b.dir = 0;
                if (resolve_date(c, e + 1, &b, z, sizeof z) == AK_GRAN_DAY && !tx_parse_day(z, &db) && da <= db &&
                    db - da <= 355) {
                    snprintf(v, sizeof v, "%s/%s", x, z);
                    return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
                }
            }
        }
        /* "من 21 يونيو 2013 حتى 14 أغسطس من نفس العام", "من 1 نوفمبر 2015 حتى 31 أكتوبر 2019": a
         * range whose start has its year; a yearless end takes it (the next one if earlier) */
        if (p.d && p.y && !p.hijri && !p.weekday &&
            (is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL) || is_punct(c, e, '-'))) {
            int ly = c->last_year;
            c->last_year = p.y; /* "من نفس العام" after the end is the start's year */
            int rq = date_core(c, e + 1, &q);
            c->last_year = ly;
            if (rq == 1 && q.d && !q.weekday && !q.hijri && (q.y || !q.dir)) {
                if (!q.y)
                    q.y = p.y + (q.m < p.m || (q.m == p.m && q.d < p.d));
                if (ak_cal_valid(p.y, p.m, p.d) && ak_cal_valid(q.y, q.m, q.d) && q.y - p.y <= 10 &&
                    ak_cal_days(p.y, p.m, p.d) <= ak_cal_days(q.y, q.m, q.d)) {
                    snprintf(v, sizeof v, "%04d-%02d-%02d/%04d-%02d-%02d", p.y, p.m, p.d, q.y, q.m, q.d);
                    return emit(c, i, q.end, "DATE", v, NULL, AK_GRAN_DAY) ? i : q.end;
                }
            }
        }
        g = resolve_date(c, i, &p, v, sizeof v);
        if (!g)
            return e;
        /* a time right after a day: "٢٣ يوليو ٢٠٢١ - ٠٩:٠١ بتوقيت غرينتش" */
        if (g == AK_GRAN_DAY) {
            size_t k = e;
            if (is_punct(c, k, '-') || comma_at(c, k))
                k++;
            int hh, mi;
            size_t ce;
            if (clock_at(c, k, &hh, &mi, &ce)) {
                size_t l = strlen(v);
                snprintf(v + l, sizeof v - l, "T%02d:%02d", hh, mi);
                return emit(c, i, ce, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ce;
            }
        }
        return emit(c, i, e, "DATE", v, NULL, g) ? i : e;
    }

    if ((e = decimal_length(c, i)) > i)
        return e;
    /* "مدته 2:14 دقيقة": minutes and seconds (or hours and minutes) of a length, no clock */
    if (is_num(c, i) && t->ndig <= 2 && is_punct(c, i + 1, ':') && is_num(c, i + 2) && c->t[i + 2].ndig == 2 &&
        c->t[i + 2].val < 60 && (unit_of(c, i + 3) == U_MIN || unit_of(c, i + 3) == U_HOUR) &&
        !(c->t[i + 3].val & F_DEF)) {
        snprintf(v, sizeof v, unit_of(c, i + 3) == U_MIN ? "PT%dM%dS" : "PT%dH%dM", t->val, c->t[i + 2].val);
        return emit(c, i, i + 4, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 4;
    }
    /* "من السابعة وحتى التاسعة مساء": a bare hour in words after من, before إلى/حتى and an hour
     * with its part of day, is a clock too, in that part of day when it fits before the end
     * (19:00 here; "من العاشرة حتى الثانية ظهرا" starts at 10:00) */
    if (t->kind == TK_WORD && i > 0 && is_prep(c, i - 1, P_FROM) &&
        (is_cls(c, i, C_HOURN) || (is_cls(c, i, C_ORD) && c->t[i].val == 2 && bare_hour_word(c, i))) &&
        c->t[i].val >= 1 && c->t[i].val <= 12 && (is_prep(c, i + 1, P_TO) || is_prep(c, i + 1, P_UNTIL)) &&
        bare_hour(c, i + 2)) {
        int eh, em, epm, hh = c->t[i].val;
        size_t ee;
        if (clock_any(c, i + 2, 1, &eh, &em, &ee, &epm) && epm && (hh + 12 <= eh || hh <= eh)) {
            if (hh + 12 <= eh)
                hh += 12;
            clock_value(c, i, hh, 0, 1, v, sizeof v);
            if (emit(c, i, i + 1, "TIME", v, NULL, AK_GRAN_MINUTE))
                return i;
            clock_value(c, i + 2, eh, em, epm, v, sizeof v);
            return emit(c, i + 2, ee, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ee;
        }
    }
    /* clock times; a clock right after "daily" is a timetable's, no day's ("تبدأ يوميًا من
     * الساعة 6 مساء وحتى 11 ليلًا") */
    int bare = (t->kind == TK_WORD && (bare_hour(c, i) || bare_digit_hour(c, i))) || digit_hour_part(c, i);
    if (t->kind == TK_NUM || is_cls(c, i, C_HOURW) || bare) {
        int hh, mi, pm;
        size_t ce;
        int colon = t->kind == TK_NUM;
        if (clock_any(c, i, bare, &hh, &mi, &ce, &pm) && (!bare || pm || from_part_day(c, ce)) &&
            (!colon || ce > i + 3 || (i > 0 && !is_num(c, i - 1)))) {
            /* a bare "2:1" (a score) has one digit after the colon and is refused by clock_at */
            if (!pm && is_prep(c, ce, P_FROM) && is_cls(c, ce + 1, C_AMPM))
                return clock_of_day(c, i, ce, hh, mi);
            if ((e = clock_on_day(c, i, ce, hh, mi)) > ce)
                return e;
            if (pm && (e = clock_part_day(c, i, ce, hh, mi)) > ce)
                return e;
            /* "من الساعة 5:30 إلى السابعة مساءً": the end's part of day holds for the start */
            int eh = -1, em = 0, epm = 0;
            size_t ee = ce;
            if ((is_prep(c, ce, P_TO) || is_prep(c, ce, P_UNTIL) || is_punct(c, ce, '-')) &&
                clock_any(c, ce + 1, 1, &eh, &em, &ee, &epm)) {
                /* "الساعة الرابعة وحتى السادسة من مساء يوم الخميس": the part of day after من too */
                int ph = !epm && from_part_day(c, ee) ? day_part_hour(c->t[ee + 1].val, eh) : eh;
                if ((epm || ph != eh) && !pm && hh < 12 && ph >= 12 && hh + 12 <= ph)
                    hh += 12;
            }
            if (daily_before(c, i) || all_days_after(c, ee > ce ? ee : ce)) {
                c->daily_end = ee > ce ? ee : ce;
                return c->daily_end;
            }
            clock_value(c, i, hh, mi, pm || eh >= 0 || !hour_in_words(c, i) ? pm : -1, v, sizeof v);
            if (emit(c, i, ce, "TIME", v, NULL, AK_GRAN_MINUTE))
                return i;
            if (eh < 0 || (!epm && !is_cls(c, ce + 1, C_HOURW)))
                return ce;
            clock_value(c, ce + 1, eh, em, epm, v, sizeof v);
            return emit(c, ce + 1, ee, "TIME", v, NULL, AK_GRAN_MINUTE) ? i : ee;
        }
    }

    if (year_num(c, i) && is_punct(c, i + 1, '-') && (e = year_chain(c, i)))
        return e;
    /* year ranges: "2015 - 2016" (not inside a longer number run); two consecutive years written
     * the later first, as a season often is ("للموسم الرياضي 2016 - 2015م"), are the same two */
    if (year_num(c, i) && dash_at(c, i + 1) && year_num(c, i + 2) &&
        (c->t[i + 2].val > c->t[i].val || c->t[i + 2].val == c->t[i].val - 1) &&
        c->t[i + 2].val - c->t[i].val < 100 && (c->t[i].val >= 1800 || old_span_in_brackets(c, i)) &&
        !is_punct(c, i + 3, '-') && !(i > 0 && c->t[i - 1].kind == TK_PUNCT && c->t[i - 1].val == '-')) {
        int lo = c->t[i].val < c->t[i + 2].val ? c->t[i].val : c->t[i + 2].val;
        snprintf(v, sizeof v, "%04d/%04d", lo, c->t[i].val + c->t[i + 2].val - lo);
        e = is_cls(c, i + 3, C_GMARK) ? i + 4 : i + 3; /* "خلال الفترة من 2003-2010م" */
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a school or fiscal year: "للعام الدراسي 2015/2016", or the later first: "في موسم 2014/2013"
     * (consecutive years only: "2015/2017" and "12/2015/2016" are references) */
    if (year_num(c, i) && is_punct(c, i + 1, '/') && year_num(c, i + 2) &&
        (c->t[i + 2].val == c->t[i].val + 1 || c->t[i + 2].val == c->t[i].val - 1) &&
        c->t[i].val >= 1900 && c->t[i].val < 2100 && !is_punct(c, i + 3, '/') &&
        !(i > 0 && c->t[i - 1].kind == TK_PUNCT && c->t[i - 1].val == '/') && !is_cls(c, i + 3, C_HMARK)) {
        int lo = c->t[i].val < c->t[i + 2].val ? c->t[i].val : c->t[i + 2].val;
        snprintf(v, sizeof v, "%04d/%04d", lo, lo + 1);
        e = is_cls(c, i + 3, C_GMARK) ? i + 4 : i + 3; /* "2015 / 2016م": its era mark with it */
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* the Gregorian year after a Hijri one: "عام 1416 هـ/ 1996" */
    if (year_num(c, i) && i >= 3 && is_punct(c, i - 1, '/') && is_cls(c, i - 2, C_HMARK) && is_num(c, i - 3) &&
        c->t[i].val - c->t[i - 3].val >= 550 && c->t[i].val - c->t[i - 3].val <= 650 && !is_cls(c, i + 1, C_HMARK)) {
        e = is_cls(c, i + 1, C_GMARK) ? i + 2 : i + 1;
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* "16 رمضان عام 1395- 1975", "عام 1395هـ - 1975": the Gregorian year written after a Hijri
     * date or year just tagged, with a dash or a slash between, is that date's year again */
    if (year_num(c, i) && i >= 2 && (is_punct(c, i - 1, '-') || is_punct(c, i - 1, '/')) && *c->nout > 0 &&
        !is_cls(c, i + 1, C_HMARK) && !is_punct(c, i + 1, '/') && !is_punct(c, i + 1, '-')) {
        const ak_timex *h = &(*c->out)[*c->nout - 1];
        const char *slash = strchr(h->value, '/');
        int lo = atoi(h->value), hi = slash ? atoi(slash + 1) : lo; /* a Hijri year spans two */
        if (h->byte_end == c->t[i - 2].b1 && !strcmp(h->type, "DATE") && hijri_text(c, h) && lo <= c->t[i].val &&
            c->t[i].val <= hi) {
            e = is_cls(c, i + 1, C_GMARK) ? i + 2 : i + 1;
            snprintf(v, sizeof v, "%04d", c->t[i].val);
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
    }
    /* a birth year: "(مواليد 1965)", "من مواليد 1997", after the birthplace too ("من مواليد
     * عامودة 1967", "مواليد بغداد 1990") (a year range or a Hijri year is read elsewhere) */
    size_t bp = year_num(c, i) ? i : 0; /* the first token after مواليد */
    while (bp > 0 && i - bp < 3 && !c->t[bp].nl && c->t[bp - 1].kind == TK_WORD && !word_eq(c, bp - 1, "مواليد") &&
           (c->t[bp - 1].cls == C_NONE || c->t[bp - 1].cls == C_TZW || c->t[bp - 1].cls == C_NAMEHEAD)) /* بغداد, مدينة */
        bp--;
    if (bp > 0 && word_eq(c, bp - 1, "مواليد") && !c->t[bp].nl && c->t[i].val >= 1900 &&
        !is_cls(c, i + 1, C_HMARK) && !is_punct(c, i + 1, '/') && !is_punct(c, i + 1, '-')) {
        e = is_cls(c, i + 1, C_GMARK) && !c->t[i + 1].sp ? i + 2 : i + 1;
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a model year: "سيارة من نوع تويوتا موديل 2015", "بداية من موديلات 2017" */
    static const char *const model[] = {"موديل", "موديلات", "الموديل", "موديلها", "موديله"};
    if (year_num(c, i) && i > 0 && !c->t[i].nl && word_in(c, i - 1, model, sizeof model / sizeof model[0]) &&
        !is_punct(c, i + 1, '/') && !is_punct(c, i + 1, '-')) {
        e = is_cls(c, i + 1, C_GMARK) ? i + 2 : i + 1; /* "سيارة موديل 2015 م" */
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        /* "موديل 2007 إلى 2013": the models of those years */
        if ((is_prep(c, e, P_TO) || is_prep(c, e, P_UNTIL)) && !has_waw(c, e) && year_num(c, e + 1) &&
            c->t[e + 1].val > c->t[i].val && c->t[e + 1].val - c->t[i].val <= 40) {
            snprintf(v, sizeof v, "%04d/%04d", c->t[i].val, c->t[e + 1].val);
            e += 2;
        }
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a year of the last century in two digits after an indefinite year word: "في حرب عام 73",
     * "بين مصر وسورية عام ٥٨", "عام 91م"; not a count ("بشكل عام 35%", "كل عام 11 يوما"), a
     * Hijri year ("عام 56 هـ") nor one of the first century ("عام 70 ميلادية") */
    if (i > 0 && is_num(c, i) && c->t[i].ndig == 2 && c->dct != NODAY && (e = short_year(c, i)) &&
        !(*c->nout && (*c->out)[*c->nout - 1].byte_end > c->t[i - 1].b0)) { /* the year word not taken already ("20 عام23") */
        snprintf(v, sizeof v, "%04d", (c->dy / 100 - 1) * 100 + c->t[i].val);
        return emit(c, i - 1, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a bare year marked as Gregorian: "1936م"; not metres of an area ("بمساحة 1600م", "تقدر
     * مساحة الاشتعال بحوالي 1200م") */
    if (year_num(c, i) && is_cls(c, i + 1, C_GMARK) && !c->t[i + 1].sp && !area_before(c, i)) {
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, i + 2, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 2;
    }
    /* a year that opens a line ("1995 - انفجار في ...", "2008 أعلنت «أياتا»"): chronologies */
    if (year_num(c, i) && (i == 0 || t->nl) && c->t[i].val >= 1900 && c->t[i].val <= (c->dct != NODAY ? c->dy : 2030) &&
        on(c, i + 1) && ((c->t[i + 1].kind == TK_WORD && !unit_of(c, i + 1) && c->t[i + 1].cls != C_NUMW) ||
                         ((is_punct(c, i + 1, '-') || is_punct(c, i + 1, ':')) && on(c, i + 2) && c->t[i + 2].kind == TK_WORD))) {
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        c->chrono_year = c->t[i].val;
        c->chrono_tok = i;
        return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 1;
    }
    /* a fiscal or school year named by its Gregorian year: "أرباح السنة المالية 2013", "العام
     * الدراسي 2015" (ranges "2015/2016" and "2015-2016" are read above) */
    int fy;
    if (!unit_of(c, i + 1) && (fy = named_year_at(c, i, &e))) {
        snprintf(v, sizeof v, "%04d", fy);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a bare year after a preposition: "في 2021", "منذ 2014", "حتى 2030", "بحلول 2019"; "في .2016"
     * (the sentence's full stop moved before its year, as after a month) */
    size_t pi = i > 1 && is_punct(c, i - 1, '.') && c->t[i - 1].sp && !c->t[i].sp && c->t[i].ndig == 4 &&
                        !c->t[i - 1].nl && !(on(c, i + 1) && c->t[i + 1].kind != TK_PUNCT && !c->t[i + 1].sp)
                    ? i - 2
                    : i - 1;
    if (year_num(c, i) && (c->t[i].val >= 1900 || old_year_closing(c, i)) && c->t[i].val <= 2100 && i > 0 && !c->t[i].nl &&
        ((is_cls(c, pi, C_PREP) && c->t[pi].val != P_FROM && c->t[pi].val != P_TO) || word_eq(c, pi, "بحلول") ||
         (is_prep(c, pi, P_FROM) && (same_period_from(c, pi) || stretch_from(c, pi) || start_word_before(c, pi) ||
                                     from_year_alone(c, pi) || from_year_until(c, i)))) &&
        !is_punct(c, i + 1, '/') && !is_punct(c, i + 1, ':') &&
        !is_punct(c, i + 1, 0xD7) && !unit_of(c, i + 1) && !counted_noun(c, i + 1) &&
        !(is_punct(c, i + 1, '.') && is_num(c, i + 2) && !c->t[i + 2].sp)) {
        e = i + 1;
        if (is_cls(c, e, C_GMARK))
            e++;
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }

    /* "بعد 2001 و2011 و2013": a year joined by و to the year just read is one more of the list;
     * the و is the list's, not the year's (as for a glued و before any number) */
    if (year_num(c, i) && c->t[i].val >= 1900 && c->t[i].val <= 2100 && i >= 2 && !c->t[i].nl && !c->t[i].sp &&
        *c->nout && word_eq(c, i - 1, "و") && !c->t[i - 1].nl && !unit_of(c, i + 1) && !counted_noun(c, i + 1) &&
        !pair_sep(c, i + 1)) {
        const ak_timex *x = &(*c->out)[*c->nout - 1];
        if (x->byte_end == c->t[i - 2].b1 && x->granularity == AK_GRAN_YEAR && strlen(x->value) == 4) {
            snprintf(v, sizeof v, "%04d", c->t[i].val);
            return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 1;
        }
    }

    /* a year in brackets after a name or a year word: "بعد صمود بيروت (1982)", "«الرعب» (1963)",
     * "مكتبة ديوان الأوقاف (1967)", "انتقل إلى الأهلي عام (2014)" (films, buildings, events);
     * not a count in brackets ("عدد (2000) طالب", "بمبلغ (1950) ريالا") nor a year ahead */
    if ((e = bracketed_year(c, i))) {
        size_t s0 = unit_of(c, i - 2) == U_YEAR && !(c->t[i - 2].val & (F_DEF | F_DUAL | F_PLURAL)) ? i - 2 : i;
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, s0, s0 == i ? i + 1 : i + 2, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a year after a name in Latin letters: "معرض ITEX 2015", "CES 2014", "Public Order Act
     * 1986", a study cited "lewin 2009" (events', laws' and papers' years); from 1980 to a little
     * after the stamp and not a round hundred, since product names end in numbers too ("Mirage
     * 2000", "Windows 2000") */
    if (year_num(c, i) && c->t[i].val >= 1980 && c->t[i].val <= (c->dct != NODAY ? c->dy + 15 : 2030) &&
        c->t[i].val % 100 && i > 0 &&
        !c->t[i].nl && latin_word(c, i - 1) && year_ends_name(c, i)) {
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 1;
    }
    /* a year closing a quoted name: "«منتدى شباب الأعمال 2015»" (the event's year), or a plan's
     * year ahead ("«السعودية 2050»"); not years long gone, since product names end in numbers too
     * ("«ميراج 2000»") */
    if (year_num(c, i) && c->dct != NODAY && c->t[i].val >= c->dy - 5 && c->t[i].val <= c->dy + 50 && i > 0 &&
        on(c, i - 1) && !c->t[i].nl &&
        c->t[i - 1].kind == TK_WORD && quote_closes(c, i + 1)) {
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, i + 1, "DATE", v, NULL, AK_GRAN_YEAR) ? i : i + 1;
    }
    /* a year after a quoted name: a work's or an event's ("«الأفوكاتو» 1984 مع عادل إمام",
     * ""تايتانيك" 1997 الذي حقق", "مهرجانات «أعياد بيروت» 2015"); not a count ("2000 ريال"),
     * a Latin gloss of the name ("2000 Outstanding ...") nor a number run */
    if (year_num(c, i) && c->t[i].val >= 1900 && c->t[i].val <= (c->dct != NODAY ? c->dy + 15 : 2030) && i > 1 &&
        c->t[i].sp && !c->t[i].nl && quote_closes(c, i - 1) &&
        !c->t[i - 1].sp && year_ends_name(c, i) && !is_num(c, i + 1) && !is_cls(c, i + 1, C_HMARK) &&
        !latin_word(c, i + 1)) {
        e = is_cls(c, i + 1, C_GMARK) ? i + 2 : i + 1;
        snprintf(v, sizeof v, "%04d", c->t[i].val);
        return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
    }
    /* a bare Hijri year: "منذ 1400هـ" */
    if (is_num(c, i) && c->t[i].ndig == 4 && c->t[i].val >= 1300 && c->t[i].val <= 1500 &&
        !(i > 0 && c->t[i - 1].kind == TK_PUNCT && (c->t[i - 1].val == '/' || c->t[i - 1].val == '-' || c->t[i - 1].val == 0x2013))) {
        size_t k = i;
        int y1 = c->t[i].val, y2;
        /* "العام الدراسي 1436 – 1437هـ": a Hijri year range; written the later first ("للعام
         * الجامعي 1437/1436هـ"), the same two years */
        int two = pair_sep(c, i + 1) &&
                  is_num(c, i + 2) && (c->t[i + 2].val == y1 + 1 || c->t[i + 2].val == y1 - 1);
        if (two && c->t[i + 2].ndig == 4 && is_cls(c, i + 3, C_HMARK))
            k = i + 2;
        /* "العام الدراسي الحالي 1435هـ/1436هـ": each year with its own هـ, the same range */
        if (k == i && hijri_pair_marked(c, i))
            k = i + 3;
        /* "للعام الجامعي 1436-1437" without هـ: a school, university or fiscal year of two
         * consecutive years of this Hijri century is the Hijri one (a Gregorian 1436-1437 is
         * history, never a school year) */
        int school = k == i && two && y1 >= 1400 && y1 <= 1450 && i >= 2 && year_adjective(c, i - 1) &&
                     unit_of(c, i - 2) == U_YEAR && !is_punct(c, i + 3, '/') && !is_cls(c, i + 3, C_GMARK);
        /* "موازنة العام 1435/1436": two consecutive years of 1380-1445 after a bare year word,
         * as a single one there is Hijri (unmarked_hijri_year) */
        if (k == i && two && i >= 1 && unmarked_hijri_pair(c, i) &&
            (unit_of(c, i - 1) == U_YEAR || (i >= 2 && is_cls(c, i - 1, C_DIR) && unit_of(c, i - 2) == U_YEAR)))
            school = 1; /* "العام الماضي 1435/1436" too */
        /* "الانتخابات البلدية في دورتها الثالثة 1436 / 1437": two consecutive years within two
         * of the stamp's Hijri year after a word need no year word (such a pair is no count; "رقم"
         * before it makes it a reference) */
        static const char *const number[] = {"رقم", "برقم", "الرقم", "ورقم"};
        if (k == i && two && !school && c->dct != NODAY && i >= 1 && c->t[i - 1].kind == TK_WORD && !c->t[i].nl &&
            !word_in(c, i - 1, number, sizeof number / sizeof number[0]) &&
            !is_punct(c, i + 3, '/') && !is_cls(c, i + 3, C_GMARK) && y1 >= c->dhy - 2 && y1 <= c->dhy + 2)
            school = 1;
        if (school)
            k = i + 2;
        y2 = c->t[k].val;
        if (y2 < y1) {
            y2 = y1;
            y1 = c->t[k].val;
        }
        int32_t a, b;
        if ((school || is_cls(c, k + 1, C_HMARK)) && ak_cal_hijri_days(y1, 1, 1, &a) >= 0 &&
            ak_cal_hijri_days(y2 + 1, 1, 1, &b) >= 0) {
            fmt_span(v, sizeof v, a, b);
            e = school ? k + 1 : k + 2;
            return emit(c, i, e, "DATE", v, NULL, AK_GRAN_YEAR) ? i : e;
        }
    }
    /* "استمر عقودا": an accusative plural is a duration of unknown count */
    if (unit_of(c, i) && (t->val & F_ACC) && !(unit_of(c, i) == U_DECADE && contracts_signed(c, i))) {
        duration_value(v, sizeof v, -1, unit_of(c, i), 0);
        return emit(c, i, i + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 1;
    }
    /* news agencies' ages between slashes: "وانتقل تشيك 33/ عاما/ إلى أرسنال" */
    if (is_num(c, i) && t->ndig <= 3 && t->val > 0 && is_punct(c, i + 1, '/') && unit_of(c, i + 2) == U_YEAR &&
        !(c->t[i + 2].val & (F_DEF | F_DUAL | F_PLURAL)) && is_punct(c, i + 3, '/') &&
        !(i > 0 && is_punct(c, i - 1, '/'))) {
        duration_value(v, sizeof v, t->val, U_YEAR, 0);
        return emit(c, i, i + 3, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 3;
    }
    /* the same with the first slash before the count: "محمد الربيعي / 51عاما/", "اللاعب/34
     * عاما/"; not after a number ("2015/ 10 أعوام/": a date's part) */
    if (is_num(c, i) && t->ndig <= 3 && t->val > 0 && i > 0 && is_punct(c, i - 1, '/') && unit_of(c, i + 1) == U_YEAR &&
        !(c->t[i + 1].val & (F_DEF | F_DUAL | F_PLURAL)) && is_punct(c, i + 2, '/') && !(i > 1 && is_num(c, i - 2))) {
        duration_value(v, sizeof v, t->val, U_YEAR, 0);
        return emit(c, i, i + 2, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 2;
    }
    /* a count in parentheses or quotes before its unit: "وتستمر لمدة (17) يوماً", "(3) سنوات",
     * "عن «65» عاما" (the marks are the length's own, so they join it) */
    if (is_num(c, i) && t->ndig <= 3 && t->val > 0 && i > 0 && enclosed(c, i - 1, i + 1) &&
        unit_of(c, i + 2) && !(c->t[i + 2].val & (F_DEF | F_DUAL)) && !c->t[i + 2].nl) {
        duration_value(v, sizeof v, t->val, unit_of(c, i + 2), 0);
        return emit(c, i - 1, i + 3, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 3;
    }
    /* "خلال الأشهر الثلاثة الماضية", "السنوات الـ 10 الأخيرة": a definite plural and its count */
    int cu;
    if ((e = counted_plural(c, i, &g, &cu)) > i) {
        duration_value(v, sizeof v, g, cu, 0);
        size_t i0 = about_start(c, i); /* "قرابة الخمسة عقود" */
        return emit(c, i0, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
    }
    /* "سنستمر في استخدام السرب عاما آخر", "شهرا آخر", "منحهم أسبوعا إضافيا": one unit more,
     * accusative, a length */
    if (unit_of(c, i) && accusative_alif(c, i) && !(t->val & (F_DEF | F_DUAL | F_PLURAL)) && on(c, i + 1) &&
        !c->t[i + 1].nl &&
        (word_eq(c, i + 1, "آخر") || word_eq(c, i + 1, "أخرى") || word_eq(c, i + 1, "إضافيا") ||
         word_eq(c, i + 1, "اضافيا")))
        return emit_one_unit(c, i, i + 2, unit_of(c, i), "DURATION");
    /* "تمديد عقده لعام آخر": a year more, a length (a bare "عام" is none) */
    if ((word_eq(c, i, "لعام") || word_eq(c, i, "لسنة")) && on(c, i + 1) && !c->t[i + 1].nl &&
        (word_eq(c, i + 1, "آخر") || word_eq(c, i + 1, "أخرى"))) {
        duration_value(v, sizeof v, 1, U_YEAR, 0);
        return emit(c, i, i + 2, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 2;
    }
    /* "بعد اجتياز سنتي التجربة", "عامي الدراسة": the dual's construct form before a plain
     * definite noun is two years (before a year it opens a pair, years2_second) */
    if (is_cls(c, i, C_YEARS2) && definite_word(c, i + 1) && c->t[i + 1].cls == C_NONE && !c->t[i + 1].nl) {
        duration_value(v, sizeof v, 2, U_YEAR, 0);
        return emit(c, i, i + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 1;
    }
    /* "السجن لمدة تصل إلى عام", "لأيام قد تصل إلى أسبوع": a lone unit a length reaches up to
     * is a length of one */
    static const char *const reaches[] = {"تصل", "يصل"};
    int rn, ru;
    if (unit_of(c, i) && !(c->t[i].val & (F_DUAL | F_PLURAL | F_DEF)) && i > 1 && is_prep(c, i - 1, P_TO) &&
        !c->t[i].nl && !c->t[i - 1].nl && head_before(c, i - 1, reaches, sizeof reaches / sizeof *reaches) &&
        quantity(c, i, 1, &rn, &ru, &e) &&
        rn == 1)
        return emit_one_unit(c, i, e, ru, "DURATION");
    /* "مرّ قرابة قرن منذ أن", "مضى شهر على رحيله", "مر يوم دون": a lone unit that passed, since
     * or on something, is a length of one */
    static const char *const passed[] = {"مر", "مرّ", "مرت", "مرّت", "مضى", "مضت"};
    size_t pu = is_cls(c, i, C_APPROX) ? i + 1 : i;
    if (unit_of(c, pu) && !(c->t[pu].val & (F_DUAL | F_PLURAL | F_DEF)) && !c->t[pu].nl && !c->t[i].nl &&
        head_before(c, i, passed, sizeof passed / sizeof *passed) && on(c, pu + 1) &&
        (word_eq(c, pu + 1, "على") || word_eq(c, pu + 1, "منذ") || word_eq(c, pu + 1, "دون") ||
         c->t[pu + 1].kind == TK_PUNCT))
        return emit_one_unit(c, i, pu + 1, unit_of(c, pu), "DURATION");
    /* "ساعة بث تلفزيوني", "ساعة عمل إضافية": a lone hour of broadcast or work is a length of one
     * (not counted: "كم ساعة عمل أهدرت", "مليون ساعة عمل") */
    if (unit_of(c, i) == U_HOUR && !(c->t[i].val & (F_DUAL | F_PLURAL | F_DEF)) && !c->t[i + 1].nl &&
        (word_eq(c, i + 1, "بث") || word_eq(c, i + 1, "عمل")) &&
        !(i > 0 && (is_num(c, i - 1) || is_cls(c, i - 1, C_NUMW) || big_mult(c, i - 1) || word_eq(c, i - 1, "كم") ||
                    word_eq(c, i - 1, "مليار"))))
        return emit_one_unit(c, i, i + 1, U_HOUR, "DURATION");
    /* "يقضون ساعة كاملة", "يوم كامل من العمل": a lone unit called full is a length of one */
    if (unit_of(c, i) && !(c->t[i].val & (F_DUAL | F_PLURAL | F_DEF)) && full_word(c, i + 1) && !c->t[i + 1].nl) {
        duration_value(v, sizeof v, 1, unit_of(c, i), 0);
        return emit(c, i, i + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 2;
    }
    /* durations: "ثلاثة أيام", "30 عاما", "عامين"; a lone unit only with its half ("عام ونصف
     * العام", a child's age: a bare "عام" is no length) */
    {
        int cnt, u;
        /* "بعد أقل من ساعة على إعلانه", "بعد أكثر من شهر من التفجير", "منذ أكثر من عام": a lone
         * unit after أكثر/أقل من is a length of one, as a counted one there is ("أكثر من عامين");
         * not a decade unless "of time" follows ("أكثر من عقد من الزمن") or it is told as time */
        if (unit_of(c, i) &&
            more_or_less_than(c, i) &&
            (unit_of(c, i) != U_DECADE || (is_prep(c, i + 1, P_FROM) && time_noun(c, i + 2)) || decade_told_as_time(c, i)) &&
            quantity(c, i, 1, &cnt, &u, &e) &&
            cnt == 1) { /* a lone "عقد" is as often a contract ("أكثر من عقد مع الوزارة") */
            int half = half_after(c, e, u);
            duration_value(v, sizeof v, cnt, u, quarters_at(c, e));
            e += half;
            return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
        }
        /* "تأجيل إقلاع الرحلة قرابة الساعة", "استغرق التحضير نحو العام": about and a definite
         * hour, year, month or week with nothing after it that names one ("حوالي الساعة الثالثة" is
         * a time, "نحو العام المقبل" a year) is about one unit */
        int about_unit = !is_cls(c, i, C_APPROX)          ? 0
                         : word_eq(c, i + 1, "الساعة")  ? U_HOUR
                         : word_eq(c, i + 1, "العام")   ? U_YEAR
                         /* "السنة" after "نحو" is as often the Sunnis ("موجهة نحو السنة") */
                         : word_eq(c, i + 1, "السنة") && !word_eq(c, i, "نحو") ? U_YEAR
                         : word_eq(c, i + 1, "الشهر")   ? U_MONTH
                         : word_eq(c, i + 1, "الأسبوع") ? U_WEEK
                                                        : 0;
        /* nothing after it names one: no number, clock word, definite or classed word (save و);
         * asked only after about and a unit, this line runs at every word */
        int named_after =
            about_unit && (is_num(c, i + 2) || definite_word(c, i + 2) || (is_punct(c, i + 2, '(') && is_num(c, i + 3)) ||
                           is_cls(c, i + 2, C_ORD) || is_cls(c, i + 2, C_NUMW) || is_cls(c, i + 2, C_AMPM) ||
                           (on(c, i + 2) && c->t[i + 2].kind == TK_WORD && c->t[i + 2].cls != C_NONE && !has_waw(c, i + 2)));
        if (about_unit && !c->t[i + 1].nl && !named_after &&
            !(i > 0 && (is_prep(c, i - 1, P_BEFORE) || is_prep(c, i - 1, P_AFTER)))) { /* "قبل نحو الشهر": an offset */
            e = i + 2;
            int q = def_quarters_at(c, e);
            if (!q && word_eq(c, e, "ونصف"))
                q = 2; /* "قرابة العام ونصف" */
            duration_value(v, sizeof v, 1, about_unit, q);
            e += q > 0;
            return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
        }
        /* "أكبر مكسب يومي لها في شهر", "لأدنى مستوى في أسبوع", "أكبر خسارة في عام": a lone week,
         * month or year after في with a superlative just before is a length of one, as "في
         * عامين" is; "في عام 2014", "في شهر يوليو" and "في يوم" stay as they were */
        if (i > 1 && is_prep(c, i - 1, P_IN) && !c->t[i].nl &&
            (unit_of(c, i) == U_WEEK || unit_of(c, i) == U_MONTH || unit_of(c, i) == U_YEAR) &&
            superlative_before(c, i - 1) && quantity(c, i, 1, &cnt, &u, &e) && cnt == 1 && e == i + 1) {
            int half = half_after(c, e, u);
            duration_value(v, sizeof v, cnt, u, quarters_at(c, e));
            e += half;
            return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
        }
        /* "بمدة فاقت السنتين", "لفترة تتجاوز الأسبوعين": a definite dual after a verb of
         * exceeding is a length of two, as with its direction ("العامين الماضيين") */
        if (unit_of(c, i) && unit_of(c, i) != U_DECADE && (t->val & F_DUAL) && (t->val & F_DEF) &&
            exceeding_before(c, i)) {
            duration_value(v, sizeof v, 2, unit_of(c, i), 0);
            return emit(c, i, i + 1, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 1;
        }
        /* "بالسجن لمدة لا تزيد على العام": a definite singular there is a length of one, not this
         * year (no direction, number or adjective after it) */
        if (unit_of(c, i) >= U_DAY && unit_of(c, i) <= U_MIN && (t->val & F_DEF) && !(t->val & (F_DUAL | F_PLURAL)) &&
            exceeding_before(c, i) && !is_cls(c, i + 1, C_DIR) && !is_num(c, i + 1) && !definite_word(c, i + 1)) {
            /* "لا يتجاوز العام والنصف", "لم يتعد العام ونصف العام": its half with it */
            int q = def_quarters_at(c, i + 1), qn = q > 0;
            if (!q && (qn = half_after(c, i + 1, unit_of(c, i))))
                q = quarters_at(c, i + 1);
            duration_value(v, sizeof v, 1, unit_of(c, i), q);
            return emit(c, i, i + 1 + qn, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 1 + qn;
        }
        /* "توفي عن عمر تجاوز المئة عام", "ناهز المائة عام": a definite hundred or thousand
         * and its unit, exceeded or reached, is a length without a direction ("في المئة" is a
         * percent: no verb before it) */
        static const char *const reach[] = {"بلغ", "بلغت", "يبلغ", "تبلغ", "ناهز", "ناهزت", "يناهز", "تناهز",
                                            "قارب", "قاربت", "يقارب", "تقارب"};
        size_t hn = t->b1 - t->b0;
        if ((hn == 10 || hn == 12) && unit_of(c, i + 1) && !(c->t[i + 1].val & (F_PLURAL | F_DEF | F_DUAL)) &&
            !c->t[i + 1].nl && (exceeding_before(c, i) || head_before(c, i, reach, sizeof reach / sizeof *reach))) {
            cnt = word_eq(c, i, "المئة") || word_eq(c, i, "المائة") ? 100 : word_eq(c, i, "الألف") ? 1000 : 0;
            if (cnt) {
                duration_value(v, sizeof v, cnt, unit_of(c, i + 1), 0);
                return emit(c, i, i + 2, "DURATION", v, NULL, AK_GRAN_NONE) ? i : i + 2;
            }
        }
        /* "في أول 3 أيام لانطلاقته", "خلال أول مئة يوم": the first N days are an ordinal
         * stretch, left out as "الأشهر الستة الأولى" is */
        if (i > 0 && is_cls(c, i - 1, C_AWWAL) && quantity(c, i, 0, &cnt, &u, &e))
            return e;
        if ((quantity(c, i, 0, &cnt, &u, &e) && !(is_num(c, i) && i > 0 && c->t[i - 1].kind == TK_PUNCT &&
                                                 (c->t[i - 1].val == '/' || c->t[i - 1].val == ':'))) ||
            (half_next(c, i) && quantity(c, i, 1, &cnt, &u, &e) && cnt == 1 && lone_half(c, e, u))) {
            int half = half_after(c, e, u);
            duration_value(v, sizeof v, cnt, u, quarters_at(c, e));
            e += half ? half : some_after(c, e);
            return emit(c, i, e, "DURATION", v, NULL, AK_GRAN_NONE) ? i : e;
        }
    }
    /* a long number run is skipped whole so its parts are never read as dates */
    if (t->kind == TK_NUM && t->ndig > 4)
        return i + 1;
    return i;
}

/* the superlatives superlative_before looks for and the clitics they may carry */
static const char *const sup_words[] = {"أكبر", "أعلى", "أدنى", "أقل", "أسوأ", "أفضل", "أقوى", "أضعف", "أسرع", "أطول"};
static const char *const sup_clitics[] = {"", "و", "ل", "ف", "ب", "ال", "وال", "لل", "بال"};
#define SUP_NW (sizeof sup_words / sizeof sup_words[0])
#define SUP_NC (sizeof sup_clitics / sizeof sup_clitics[0])
/* folded once, not on every call; pthread_once as the lexicon's tables, since taggers may run
 * on several threads */
static char sup_fw[SUP_NW][TX_WMAX], sup_fc[SUP_NC][TX_WMAX];
static size_t sup_nw[SUP_NW], sup_nc[SUP_NC];
static pthread_once_t sup_once = PTHREAD_ONCE_INIT;

static void sup_fold_lists(void)
{
    for (size_t s = 0; s < SUP_NW; s++)
        sup_nw[s] = tx_fold(sup_words[s], strlen(sup_words[s]), sup_fw[s], TX_WMAX);
    for (size_t p = 0; p < SUP_NC; p++)
        sup_nc[p] = tx_fold(sup_clitics[p], strlen(sup_clitics[p]), sup_fc[p], TX_WMAX);
}

/* a superlative ("أكبر", "لأدنى", "الأعلى", ...) among the five words before k, with no
 * punctuation or line break between: "أكبر مكسب يومي لها في شهر", "لأدنى مستوى في أسبوع" */
static int superlative_before(const ctx *c, size_t k)
{
    pthread_once(&sup_once, sup_fold_lists);
    for (size_t b = 1; b <= 5 && b <= k; b++) {
        if (c->t[k - b + 1].nl || c->t[k - b].kind != TK_WORD)
            return 0;
        char f[TX_WMAX];
        size_t n = tok_fold(c, k - b, f);
        for (size_t s = 0; n && s < SUP_NW; s++) {
            size_t m = sup_nw[s];
            if (!m || !ends_with(f, n, sup_fw[s]))
                continue;
            for (size_t p = 0; p < SUP_NC; p++) {
                size_t r = sup_nc[p];
                if (r == n - m && memcmp(f, sup_fc[p], r) == 0)
                    return 1;
            }
        }
    }
    return 0;
}

/* an expression whose text opens with قبل/بعد (and و/ف): itself an offset, no anchor */
static int offset_text(const char *p, size_t n)
{
    if (n > 2 && (memcmp(p, "\xd9\x88", 2) == 0 || memcmp(p, "\xd9\x81", 2) == 0))
        p += 2, n -= 2;
    return n >= 6 && (memcmp(p, "\xd8\xa8\xd8\xb9\xd8\xaf", 6) == 0 || memcmp(p, "\xd9\x82\xd8\xa8\xd9\x84", 6) == 0);
}

/* n digits in a row (ASCII or Arabic-Indic) between bytes b0 and b1: four are a written year */
static int digit_run(const char *s, size_t b0, size_t b1, int n)
{
    int run = 0;
    for (size_t b = b0; b < b1 && run < n; b++) {
        unsigned char ch = (unsigned char)s[b];
        if (ch >= '0' && ch <= '9')
            run++;
        else if (ch == 0xD9 && b + 1 < b1 && (unsigned char)s[b + 1] >= 0xA0 && (unsigned char)s[b + 1] <= 0xA9)
            run++, b++;
        else
            run = 0;
    }
    return run == n;
}

/* expression x places itself with a direction ("منتصف يوليو الماضي", "شهر مايو المقبل") */
static int dir_word_in(const ctx *c, const ak_timex *x)
{
    for (size_t k = first_token_of(c, x); k < c->n && c->t[k].b1 <= x->byte_end; k++)
        if (c->t[k].kind == TK_WORD && c->t[k].cls == C_DIR)
            return 1;
    return 0;
}

/* The day an anchor candidate names (a month's first day for a month), NODAY if it cannot
 * anchor the offset: a month only with its year written or its direction, and an offset in
 * months or coarser. */
static int32_t anchor_day(const ctx *c, const ak_timex *x, int unit)
{
    /* a day range ("ليل الجمعة/السبت") anchors by its last day; a Hijri year's or month's days
     * ("عام 1395هـ", the event "بعد 40 عاما من التأسيس" counts from) are no event's day */
    int range = strlen(x->value) == 21 && x->value[10] == '/';
    const char *dv = range ? x->value + 11 : x->value;
    int32_t d;
    if (strcmp(x->type, "DATE") || (range && x->granularity != AK_GRAN_DAY) ||
        offset_text(c->s + x->byte_start, x->byte_end - x->byte_start))
        return NODAY;
    if (strlen(dv) == 10 && !tx_parse_day(dv, &d))
        return d;
    int y, m;
    char tail;
    if ((unit == U_MONTH || unit == U_YEAR || unit == U_DECADE || unit == U_CENTURY) && strlen(dv) == 7 &&
        sscanf(dv, "%4d-%2d%c", &y, &m, &tail) == 2 && ak_cal_valid(y, m, 1) &&
        (digit_run(c->s, x->byte_start, x->byte_end, 4) || dir_word_in(c, x)))
        return ak_cal_days(y, m, 1);
    return NODAY;
}

/* "تمكنت المقاومة أمس الأحد من السيطرة ... بعد يومين من المعارك": an offset counted from an
 * event dates the event the sentence reports, told before it, so it takes the nearest
 * day-precise date before it in its sentence, at the offset's granularity; a date after it
 * belongs to the anchor ("بعد ثلاثة أيام على الهجوم الذي ... الإثنين الماضي") unless the
 * offset opens the sentence ("بعد ثلاثة أيام على هيروشيما، أحيت ناغازاكي أمس"). Without one
 * it keeps the DCT's. In a sentence told ahead (fut) only a day not before the DCT dates the
 * event ("سيتم العمل فيه 7 أغسطس المقبل بعد يوم واحد من إنهاء حفل الافتتاح"); without one the
 * offset keeps its count from the DCT. An offset in months or coarser takes a month with its year written
 * or its direction too ("أقال البرلمان يانوكوفيتش في فبراير 2014 بعد ثلاثة أشهر من الاحتجاجات", "شهد
 * المطار في منتصف يوليو الماضي هبوط أول طائرة، بعد نحو أربعة أشهر على إغلاقه"). */
static void hijri_equal_days(ctx *c, size_t first);
static void written_day_ranges(ctx *c, size_t first);
static void compound_lengths(ctx *c, size_t first);
static void yearly_days(ctx *c, size_t first);

static void anchor_events(ctx *c, size_t first)
{
    for (int a = 0; a < c->nanch; a++) {
        size_t self = c->anch[a].out, k0 = sentence_start(c, c->anch[a].tok, 80), k1 = c->anch[a].tok;
        while (k1 + 1 < c->n && k1 - c->anch[a].tok < 80 && !sentence_end(c, k1) && !c->t[k1 + 1].nl)
            k1++;
        size_t lo = c->t[k0].b0, mid = c->t[c->anch[a].tok].b0, best = SIZE_MAX;
        size_t hi = k0 == c->anch[a].tok ? c->t[k1].b1 : mid;
        int32_t day = NODAY;
        for (size_t o = first; o < *c->nout; o++) {
            const ak_timex *x = &(*c->out)[o];
            if (o == self || x->byte_start < lo || x->byte_end > hi)
                continue;
            int32_t d = anchor_day(c, x, c->anch[a].unit);
            if (c->anch[a].fut && d != NODAY && d < c->dct)
                continue; /* told ahead: a past day is not the event's */
            size_t dist = x->byte_start > mid ? x->byte_start - mid : mid - x->byte_start;
            if (d != NODAY && dist < best)
                best = dist, day = d;
        }
        if (day != NODAY) {
            ak_timex *x = &(*c->out)[self];
            x->granularity = fmt_unit(day, c->anch[a].unit, x->value, sizeof x->value);
        }
    }
}

int tx_tag_tokens(const char *s, const tx_toks *v, int32_t dct_days, ak_timex **out, size_t *n, size_t *cap)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.t = v->t;
    c.n = v->n;
    c.dct = dct_days;
    c.last_day = NODAY;
    c.told_today = NODAY;
    c.last_day_part = -1;
    c.last_month = -1;
    if (dct_days != NODAY) {
        ak_cal_ymd(dct_days, &c.dy, &c.dm, &c.dd);
        ak_cal_hijri_from_days(dct_days, &c.dhy, &c.dhm, &c.dhd);
    }
    c.out = out;
    c.nout = n;
    c.cap = cap;
    c.start = c.n; /* the whole text, across its lines */
    c.doc_hijri = doc_calendar(&c);
    c.surnames = surname_days(&c);
    c.start = 0;
    size_t first = *n, seen = 0;
    for (size_t i = 0; i < c.n;) {
        /* every pattern starts at a number or a lexicon word (or a count word before its unit,
         * "الثلاث سنوات"): skip the rest cheaply */
        const tx_tok *t = &c.t[i];
        int bsys, bamb;
        size_t bend, ue = t->latin ? url_end(&c, i) : 0;
        if (ue) { /* ".../public/2015/06/01/..." in a link is no date */
            i = ue;
            continue;
        }
        if ((t->kind == TK_PUNCT && !bracketed_month(&c, i, &bsys, &bend, &bamb)) ||
            (t->kind == TK_WORD && t->cls == C_NONE && !unit_of(&c, i + 1) &&
             !(unit_of(&c, i + 2) && (is_cls(&c, i + 1, C_NUMW) || is_cls(&c, i + 1, C_ORD))) && /* "أحد عشر عاما", "الأربع والعشرين ساعة" */
             !session_yesterday(&c, i) && !ba_yesterday(&c, i) &&
             !last_night(&c, i) && !tonight(&c, i) && !per_night(&c, i) && !decade_dir(&c, i) &&
             !bare_digit_hour(&c, i))) { /* "في الـ7 من مساء اليوم" */
            i++;
            continue;
        }
        size_t before = *n;
        for (; seen <= i; seen++)
            if (c.t[seen].nl)
                c.line0 = seen;
        c.start = i;
        size_t j = match(&c, i);
        if (j == i && *n == before)
            j = i + 1;
        else if (j == i)
            return -1; /* emit failed */
        i = j;
    }
    c.start = c.line0 = 0; /* the passes over what was found look across lines */
    anchor_events(&c, first);
    hijri_equal_days(&c, first);
    written_day_ranges(&c, first);
    compound_lengths(&c, first);
    yearly_days(&c, first);
    return 0;
}

int tx_parse_day(const char *s, int32_t *days)
{
    int y, m, d;
    char tail;
    if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || strlen(s) != 10 || !ak_cal_valid(y, m, d))
        return -1;
    *days = ak_cal_days(y, m, d);
    return 0;
}

/* The first token of expression x (tokens are in text order: a binary search, so a long text's
 * many expressions cost no walk over all its tokens each). */
static size_t first_token_of(const ctx *c, const ak_timex *x)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->t[mid].b0 < x->byte_start)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does the expression x write a Hijri date: a token of it is a Hijri era mark or month name? */
static int hijri_text(const ctx *c, const ak_timex *x)
{
    for (size_t k = first_token_of(c, x); k < c->n && c->t[k].b1 <= x->byte_end; k++)
        if (is_cls(c, k, C_HMARK) || is_cls(c, k, C_HMONTH) || is_cls(c, k, C_RABI) || is_cls(c, k, C_JUMADA) ||
            is_cls(c, k, C_DHU) || is_cls(c, k, C_DHUX))
            return 1;
    return 0;
}

/* Is the text between x and y, with the characters of strip trimmed from both ends, exactly
 * one of the words w? */
static int only_between(const ctx *c, const ak_timex *x, const ak_timex *y, const char *strip, const char *const *w,
                        size_t nw)
{
    const char *g = c->s + x->byte_end, *ge = c->s + y->byte_start;
    while (g < ge && strchr(strip, *g))
        g++;
    while (ge > g && strchr(strip, ge[-1]))
        ge--;
    for (size_t k = 0; k < nw; k++)
        if ((size_t)(ge - g) == strlen(w[k]) && memcmp(g, w[k], strlen(w[k])) == 0)
            return 1;
    return 0;
}

/* Does expression x hold a number token (a written date, not "أمس" or a bare weekday), of ndig
 * digits when ndig is not 0 (4: a written year)? */
static int has_number(const ctx *c, const ak_timex *x, int ndig)
{
    for (size_t k = first_token_of(c, x); k < c->n && c->t[k].b1 <= x->byte_end; k++)
        if (c->t[k].kind == TK_NUM && (!ndig || c->t[k].ndig == ndig))
            return 1;
    return 0;
}

/* The Gregorian day g, written without a year, moved a year on or back when that brings it within
 * two days of the Hijri day h it is given as equal to; 1 when moved. */
static int greg_year_to_hijri(const ctx *c, ak_timex *g, int32_t h)
{
    int y, m, d;
    int32_t dg;
    if (tx_parse_day(g->value, &dg) || has_number(c, g, 4))
        return 0;
    ak_cal_ymd(dg, &y, &m, &d);
    for (int step = -1; step <= 1; step += 2) {
        if (!ak_cal_valid(y + step, m, d))
            continue;
        int32_t moved = ak_cal_days(y + step, m, d);
        if (moved - h <= 2 && h - moved <= 2) {
            fmt_day(g->value, sizeof g->value, moved);
            return 1;
        }
    }
    return 0;
}

/* "في 22 شوال 1427هـ الموافق 14 نوفمبر 2006م": a Hijri day and the Gregorian day the writer
 * gives as its equal, with only "الموافق" between, are one day; when the calendar's Hijri day
 * (tabular before 1420, or a sighting a day off the table) misses the written one by a day or
 * two, the Gregorian day written beside it wins (a clock on that day keeps its hour). */
static int day_of_value(const ak_timex *x, int32_t *d)
{
    char v[11];
    if (!strcmp(x->type, "DATE"))
        return tx_parse_day(x->value, d);
    if (strcmp(x->type, "TIME") || strlen(x->value) < 11 || x->value[10] != 'T')
        return -1;
    memcpy(v, x->value, 10); /* "الساعة الثانية صباحا من يوم الخميس الخامس من جمادى الثانية" */
    v[10] = 0;
    return tx_parse_day(v, d);
}

static void hijri_equal_days(ctx *c, size_t first)
{
    for (size_t o = first; o + 1 < *c->nout; o++) {
        ak_timex *x = &(*c->out)[o], *y = &(*c->out)[o + 1];
        int32_t dx, dy;
        if (x->mod[0] || y->mod[0] || day_of_value(x, &dx) || day_of_value(y, &dy) || dx == dy)
            continue;
        int32_t gap = dx > dy ? dx - dy : dy - dx; /* a day or two apart, or about a year and that */
        if (gap > 2 && (gap < 363 || gap > 368))
            continue;
        int hx = hijri_text(c, x), hy = hijri_text(c, y);
        if (hx == hy || y->byte_start < x->byte_end)
            continue;
        /* between them only "الموافق"/"الموافقة" (with لـ), spaces and brackets */
        static const char *const eq[] = {"الموافق", "الموافقة", "الموافق لـ", "الموافق ل"};
        if (!only_between(c, x, y, " \t()-,", eq, sizeof eq / sizeof eq[0]))
            continue;
        /* "الخميس 28-2-1437هـ الموافق 10 ديسمبر": a Gregorian equal written without its year,
         * read as the nearest past day, is in the year of the Hijri day it equals */
        if (greg_year_to_hijri(c, hx ? y : x, hx ? dx : dy))
            tx_parse_day(hx ? y->value : x->value, hx ? &dy : &dx);
        if (dx == dy || dx - dy > 2 || dy - dx > 2)
            continue;
        ak_timex *h = hx ? x : y;
        int32_t want = hx ? dy : dx, wd_ok = 1;
        /* "مساء يوم الأربعاء 20 شوال 1436هـ الموافق 6 أغسطس": a weekday the written Gregorian
         * day misses keeps the Hijri reading */
        for (size_t k = first_token_of(c, h); k < c->n && c->t[k].b1 <= h->byte_end; k++)
            if (is_cls(c, k, C_WEEKDAY) && ak_cal_weekday(want) != c->t[k].val)
                wd_ok = 0;
        if (wd_ok)
            memcpy(h->value, hx ? y->value : x->value, 10); /* the day; a clock after it stays */
    }
}

/* "الموافق", "الموافقة": the word that gives a date's equal in the other calendar */
static int equal_word(const ctx *c, size_t k)
{
    return word_eq(c, k, "الموافق") || word_eq(c, k, "الموافقة");
}

/* the weekday of expression x when x is only one ("السبت", "يوم السبت"), else 0 */
static int weekday_only(const ctx *c, const ak_timex *x)
{
    int wd = 0;
    for (size_t k = first_token_of(c, x); k < c->n && c->t[k].b1 <= x->byte_end; k++) {
        if (is_cls(c, k, C_WEEKDAY))
            wd = c->t[k].val;
        else if (!word_eq(c, k, "يوم"))
            return 0;
    }
    return wd;
}

/* y joins x: one expression from x's start to y's end with the value v */
static void join_into(ak_timex *x, const ak_timex *y, const char *v)
{
    x->end = y->end;
    x->byte_end = y->byte_end;
    snprintf(x->value, sizeof x->value, "%s", v);
    x->granularity = AK_GRAN_DAY;
}

/* y (the expression after x) joins x as one range: its value, else 0 */
static int range_of(const ctx *c, const ak_timex *x, const ak_timex *y, char *v, size_t vn)
{
    static const char *const to[] = {"إلى", "الى", "حتى", "وحتى", "وإلى", "والى", "-", "–"};
    int32_t dx, dy;
    static const char *const same[] = {"", ":", "الموافق"};
    if (strcmp(x->type, "DATE") || strcmp(y->type, "DATE") || x->mod[0] || y->mod[0] || y->byte_start < x->byte_end)
        return 0;
    /* "يومي الاثنين والثلاثاء 18ـ19/ 10/ 1436هـ": a pair of weekdays and its two written days,
     * the same two, are one range, as one weekday and its written day are one day */
    if (strlen(x->value) == 21 && !strcmp(x->value, y->value) && !has_number(c, x, 0) && has_number(c, y, 0) &&
        only_between(c, x, y, " \t", same, sizeof same / sizeof same[0])) {
        snprintf(v, vn, "%s", y->value);
        return 1;
    }
    int wd = weekday_only(c, x);
    if (wd) {
        char d[11]; /* the range's first day */
        snprintf(d, sizeof d, "%.10s", y->value);
        if (strlen(y->value) != 21 || y->value[10] != '/' || y->byte_start - x->byte_end > 1 || tx_parse_day(d, &dx) ||
            ak_cal_weekday(dx) != wd)
            return 0;
        snprintf(v, vn, "%s", y->value);
        return 1;
    }
    if (tx_parse_day(x->value, &dx) || tx_parse_day(y->value, &dy) || dx >= dy || dy - dx > 366 ||
        !has_number(c, x, 0) || !has_number(c, y, 0) || !only_between(c, x, y, " \t", to, sizeof to / sizeof to[0]))
        return 0;
    /* "من السبت 1 - 5 - 1433هـ الموافق 24 - 3 - 2012م إلى الثلاثاء 12 - 9 - 1433هـ الموافق
     * ...": ends written in two calendars pair each with its equal, not with each other; and
     * "تأجيل الاجتماع من 5 إلى 10 أغسطس" names the day left and the day set */
    size_t fx = first_token_of(c, x), ly = first_token_of(c, y);
    while (ly < c->n && c->t[ly].b1 <= y->byte_end)
        ly++;
    if ((fx > 0 && equal_word(c, fx - 1)) || equal_word(c, ly) || put_off_before(c, fx))
        return 0;
    snprintf(v, vn, "%.10s/%.10s", x->value, y->value);
    return 1;
}

/* "السبت (1 اغسطس 2015)", "أمس الأحد (2 اغسطس اب)": a day named by its weekday with its
 * written date in parentheses right after it, that date on that weekday, is one day, the
 * written one (an "أمس" stamped a day late then follows the date). Returns the token of the
 * closing parenthesis, 0 if not so. */
static size_t paren_date_of(const ctx *c, const ak_timex *x, const ak_timex *y)
{
    static const char *const open[] = {"("};
    int32_t dy;
    if (strcmp(x->type, "DATE") || strcmp(y->type, "DATE") || x->mod[0] || y->mod[0] || strlen(y->value) != 10 ||
        tx_parse_day(y->value, &dy) || !has_number(c, y, 0) || !only_between(c, x, y, " \t", open, 1))
        return 0;
    int wd = 0;
    size_t k = first_token_of(c, x);
    for (; k < c->n && c->t[k].b1 <= x->byte_end; k++)
        if (is_cls(c, k, C_WEEKDAY))
            wd = c->t[k].val;
    while (k < c->n && c->t[k].b1 <= y->byte_end)
        k++;
    return wd && ak_cal_weekday(dy) == wd && is_punct(c, k, ')') ? k : 0;
}

/* "يوم الأحد 17/10/1436ه إلى 7/11/1436ه", "يوم السبت 7/11 وحتى 1/12/1436هـ": two written days
 * with only إلى/حتى or a dash between, the first before the second and within a year of it, are
 * one range, and a weekday (or a pair of them) right before a range's first day (that day's
 * weekday) joins it.
 * Relative days stay apart ("منذ افتتاحه أول أمس وحتى اليوم": two days). One pass that packs
 * the list as it goes (a long text's many joins move nothing twice). */
static void written_day_ranges(ctx *c, size_t first)
{
    ak_timex *out = *c->out;
    size_t w = first;
    int joined = 0; /* out[w - 1] is a join's result: it takes no further end */
    for (size_t r = first; r < *c->nout; r++) {
        char v[sizeof out[r].value];
        size_t close = w > first && !joined ? paren_date_of(c, &out[w - 1], &out[r]) : 0;
        if (close) {
            join_into(&out[w - 1], &out[r], out[r].value);
            out[w - 1].end = c->t[close].c1;
            out[w - 1].byte_end = c->t[close].b1;
            continue; /* a range may still start from it */
        }
        if (w > first && !joined && range_of(c, &out[w - 1], &out[r], v, sizeof v)) {
            join_into(&out[w - 1], &out[r], v);
            joined = 1;
            continue;
        }
        if (w != r)
            out[w] = out[r];
        w++;
        joined = 0;
    }
    *c->nout = w;
}

/* The one part of a length's value ("P2Y", "PT30M", "PT55.42S"): its rank among the parts
 * (years 0 ... seconds 6), and in cnt its count as written; -1 for a value of other parts or
 * weeks (which join nothing in ISO 8601) */
static int length_part(const char *v, char *cnt, size_t cn)
{
    static const char date_units[] = "YMWD", time_units[] = "HMS";
    int tpart = v[0] == 'P' && v[1] == 'T';
    const char *p = v + 1 + tpart;
    size_t k = 0;
    while ((p[k] >= '0' && p[k] <= '9') || (p[k] == '.' && k > 0))
        k++;
    if (!k || k >= cn || !p[k] || p[k + 1])
        return -1;
    const char *u = strchr(tpart ? time_units : date_units, p[k]);
    if (!u || p[k] == 'W')
        return -1;
    memcpy(cnt, p, k);
    cnt[k] = 0;
    return tpart ? 4 + (int)(u - time_units) : (int)(u - date_units);
}

/* Spaces and one و lie between byte b and expression y, the و glued to y ("سنتين وأربعة أشهر")
 * or apart from the number y starts at ("48 سنة و3 أشهر") */
static int waw_between(const char *s, size_t b, const ak_timex *y)
{
    int waw = 0;
    for (size_t k = b; k < y->byte_start; k++) {
        if (s[k] == ' ')
            continue;
        if (waw || k + 2 > y->byte_start || memcmp(s + k, "\xd9\x88", 2) != 0) /* و */
            return 0;
        waw = 1;
        k++;
    }
    return waw != (y->byte_end >= y->byte_start + 2 && memcmp(s + y->byte_start, "\xd9\x88", 2) == 0);
}

/* The token after a bare singular unit ("سنة", "عام", "شهر", "يوم", "ساعة") right before the
 * و that expression y starts with or follows, after byte b (what was found before); 0 if none */
static size_t one_unit_before(const ctx *c, const ak_timex *y, size_t b)
{
    size_t k = first_token_of(c, y);
    if (k >= 1 && is_cls(c, k - 1, C_AND) && !c->t[k].nl)
        k--; /* "و" apart: "سنة و 7 أشهر" */
    else if (!has_waw(c, k))
        return 0;
    if (k == 0 || c->t[k].nl || !on(c, k - 1) || c->t[k - 1].b1 <= b || is_num(c, k - 2))
        return 0;
    int u = unit_of(c, k - 1);
    if (u != U_YEAR && u != U_MONTH && u != U_DAY && u != U_HOUR && u != U_MIN)
        return 0;
    static const char *const general[] = {"بشكل", "وبشكل", "بوجه", "مدير", "أمين", "نائب", "مستشفى"};
    if (k >= 2 && word_in(c, k - 2, general, sizeof general / sizeof general[0]))
        return 0; /* "بشكل عام", "مدير عام": general, no year */
    return c->t[k - 1].val & (F_DEF | F_DUAL | F_PLURAL) ? 0 : k;
}

/* "بالسجن لسنتين وأربعة أشهر", "سنة وسبعة أشهر", "ساعتين و30 دقيقة": a length and a smaller
 * one joined by و right after it are one length (P2Y4M); same units stay two ("بين عامين
 * وثلاثة أعوام" is a range). One pass that packs the list as it goes. */
static void compound_lengths(ctx *c, size_t first)
{
    static const char letter[] = "YMWDHMS";
    ak_timex *out = *c->out;
    size_t w = first;
    for (size_t r = first; r < *c->nout; r++) {
        ak_timex *x = w > first ? &out[w - 1] : NULL;
        const ak_timex *y = &out[r];
        char cx[16], cy[16];
        int px, py;
        if (x && !strcmp(x->type, "DURATION") && !strcmp(y->type, "DURATION") && !x->mod[0] && !y->mod[0] &&
            (px = length_part(x->value, cx, sizeof cx)) >= 0 && !strchr(cx, '.') &&
            (py = length_part(y->value, cy, sizeof cy)) > px && waw_between(c->s, x->byte_end, y)) {
            char v[sizeof x->value];
            int t = px < 4 && py >= 4; /* "يوم و5 ساعات": P1DT5H */
            snprintf(v, sizeof v, "%s%s%c%s%s%c", x->value[1] == 'T' ? "PT" : "P", cx, letter[px], t ? "T" : "", cy,
                     letter[py]);
            snprintf(x->value, sizeof x->value, "%s", v);
            x->end = y->end;
            x->byte_end = y->byte_end;
            continue;
        }
        /* "سنة وسبعة أشهر", "يوم و5 ساعات": a bare unit before it counts one */
        size_t ue = one_unit_before(c, y, w > first ? out[w - 1].byte_end : 0), u = ue - 1;
        static const int rank[] = {[U_YEAR] = 0, [U_MONTH] = 1, [U_DAY] = 3, [U_HOUR] = 4, [U_MIN] = 5};
        if (ue && !strcmp(y->type, "DURATION") && !y->mod[0] &&
            (py = length_part(y->value, cy, sizeof cy)) > rank[unit_of(c, u)]) {
            ak_timex *z = &out[w];
            px = rank[unit_of(c, u)];
            *z = *y;
            snprintf(z->value, sizeof z->value, "%s1%c%s%s%c", px >= 4 ? "PT" : "P", letter[px], px < 4 && py >= 4 ? "T" : "",
                     cy, letter[py]);
            z->start = c->t[u].c0;
            z->byte_start = c->t[u].b0;
            w++;
            continue;
        }
        if (w != r)
            out[w] = out[r];
        w++;
    }
    *c->nout = w;
}

/* "ما بين 23 يوليو و29 أغسطس من كل عام", "في ٣٠ محرم ... من كل عام": days with no year right
 * before "من كل عام/سنة" fall every year, no one date; only the habit is kept */
static void yearly_days(ctx *c, size_t first)
{
    ak_timex *out = *c->out;
    size_t w = first;
    for (size_t r = first; r < *c->nout; r++) {
        const ak_timex *x = &out[r], *y = r + 1 < *c->nout ? &out[r + 1] : NULL;
        if (y && !strcmp(x->type, "DATE") && !strcmp(y->type, "SET") && !strcmp(y->value, "P1Y") &&
            x->value[0] >= '0' && x->value[0] <= '9' && strlen(x->value) >= 7 &&
            !digit_run(c->s, x->byte_start, x->byte_end, 3)) { /* no year written (three digits or more) */
            size_t k = x->byte_end;
            while (k < y->byte_start && c->s[k] == ' ')
                k++;
            if (y->byte_start == k + 5 && memcmp(c->s + k, "\xd9\x85\xd9\x86 ", 5) == 0) /* "من " */
                continue;
        }
        if (w != r)
            out[w] = out[r];
        w++;
    }
    *c->nout = w;
}

AK_API int ak_timex_tag(const char *text, size_t len, const char *dct, ak_timex **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!text && len)
        return ak_set_error(AK_EINVAL, "timex: NULL text");
    int32_t days = NODAY;
    if (dct && *dct && tx_parse_day(dct, &days))
        return ak_set_error(AK_EINVAL, "timex: bad DCT \"%s\" (want YYYY-MM-DD)", dct);
    size_t bad;
    if (len && !ak_utf8_valid(text, len, &bad))
        return ak_set_error(AK_EUTF8, "timex: invalid UTF-8 at byte %zu", bad);
    tx_toks v = {0, 0, 0};
    size_t cap = 0;
    if (tx_tokenize(text, len, &v) || tx_tag_tokens(text, &v, days, out, n, &cap)) {
        free(v.t);
        free(*out);
        *out = NULL;
        *n = 0;
        return ak_set_error(AK_ENOMEM, "timex: out of memory");
    }
    free(v.t);
    return AK_OK;
}

AK_API int ak_timex_jsonl(const char *text, size_t len, const char *dct, char **out, size_t *out_len)
{
    ak_timex *x;
    size_t n;
    *out = NULL;
    *out_len = 0;
    int rc = ak_timex_tag(text, len, dct, &x, &n);
    if (rc)
        return rc;
    ak_buf b = AK_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        ak_buf_printf(&b, "{\"start\":%zu,\"end\":%zu,\"text\":\"", x[i].start, x[i].end);
        ak_buf_json_escape(&b, text + x[i].byte_start, x[i].byte_end - x[i].byte_start);
        ak_buf_printf(&b, "\",\"type\":\"%s\",\"value\":\"%s\"", x[i].type, x[i].value);
        if (x[i].mod[0])
            ak_buf_printf(&b, ",\"mod\":\"%s\"", x[i].mod);
        ak_buf_puts(&b, "}\n");
    }
    free(x);
    if (b.failed) {
        ak_buf_free(&b);
        return ak_set_error(AK_ENOMEM, "timex: out of memory");
    }
    ak_buf_cstr(&b);
    *out = ak_buf_detach(&b, out_len);
    if (!*out) {
        *out = calloc(1, 1);
        if (!*out)
            return ak_set_error(AK_ENOMEM, "timex: out of memory");
    }
    return AK_OK;
}

AK_API int ak_hijri_to_gregorian(int year, int month, int day, char out[11])
{
    int32_t d;
    int r = ak_cal_hijri_days(year, month, day, &d);
    if (r < 0) {
        out[0] = '\0';
        return ak_set_error(AK_EINVAL, "hijri: no such date %d-%d-%d", year, month, day);
    }
    fmt_day(out, 11, d);
    return r;
}
