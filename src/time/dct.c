/* dct.c: the publication date (DCT) of an article from its own text: chrome date lines,
 * explicit dates and weekday mentions; checks a stamp against the text; picks among candidates. */
#include "time/timex_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "time/calendar.h"
#include "time/dateline.h"
#include "util/error.h"

#define NODAY INT32_MIN

/* Weekday facts of an article: "اليوم W" fixes the DCT's weekday to W, "أمس W" to W+1;
 * a bare weekday only says the DCT is on or shortly after W. */
typedef struct wfacts {
    int strong[8];   /* weekdays the DCT must be (count per ISO weekday) */
    int bare[8];     /* bare weekday mentions */
    char evidence[96];
} wfacts;

static void weekday_facts(const char *s, const tx_toks *v, wfacts *f)
{
    memset(f, 0, sizeof *f);
    for (size_t i = 0; i + 1 < v->n; i++) {
        const tx_tok *a = &v->t[i], *b = &v->t[i + 1];
        if (b->nl || b->kind != TK_WORD || b->cls != C_WEEKDAY)
            continue;
        int w = b->val, implied = 0;
        if (a->kind == TK_WORD && a->cls == C_TODAY)
            implied = w;
        else if (a->kind == TK_WORD && a->cls == C_RELDAY && a->val == -1)
            implied = w % 7 + 1;
        if (implied) {
            f->strong[implied]++;
            if (!f->evidence[0])
                snprintf(f->evidence, sizeof f->evidence, "%.*s", (int)(b->b1 - a->b0 < 80 ? b->b1 - a->b0 : 80), s + a->b0);
        }
    }
    for (size_t i = 0; i < v->n; i++) {
        const tx_tok *b = &v->t[i];
        if (b->kind != TK_WORD || b->cls != C_WEEKDAY)
            continue;
        /* skip the ones counted as strong and those with a direction word */
        if (i > 0 && v->t[i - 1].kind == TK_WORD && (v->t[i - 1].cls == C_TODAY || v->t[i - 1].cls == C_RELDAY))
            continue;
        if (i + 1 < v->n && v->t[i + 1].kind == TK_WORD && v->t[i + 1].cls == C_DIR)
            continue;
        f->bare[b->val]++;
    }
}

static void fmt(char *out, int32_t d)
{
    int y, m, dd;
    ak_cal_ymd(d, &y, &m, &dd);
    snprintf(out, 11, "%04d-%02d-%02d", y, m, dd);
}

/* Score of day d as the DCT given the facts: strong agreements count most. */
static int fit(const wfacts *f, int32_t d, int *strong_ok)
{
    int w = ak_cal_weekday(d), sc = 0;
    *strong_ok = 0;
    for (int k = 1; k <= 7; k++) {
        if (f->strong[k])
            sc += k == w ? 4 * f->strong[k] : -4 * f->strong[k];
        if (k == w && f->strong[k])
            *strong_ok = 1;
        /* news reports the day itself or the day before */
        if (f->bare[k] && (k == w || k % 7 + 1 == w))
            sc += f->bare[k];
    }
    return sc;
}

AK_API int ak_dct_infer(const char *text, size_t len, ak_dct_guess *out)
{
    memset(out, 0, sizeof *out);
    if (!text && len)
        return ak_set_error(AK_EINVAL, "dct: NULL text");
    /* 1. a chrome date line among the first lines */
    size_t pos = 0;
    for (int line = 0; line < 20 && pos < len; line++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        char v[32];
        if (ak_dateline_find(text + pos, end - pos, v)) {
            snprintf(out->date, sizeof out->date, "%.10s", v);
            out->confidence = 0.95;
            snprintf(out->evidence, sizeof out->evidence, "dateline: %.*s", (int)(end - pos < 120 ? end - pos : 120), text + pos);
            return AK_OK;
        }
        pos = end + 1;
    }
    /* 2. the latest explicit day in the text, moved to agree with the weekday mentions */
    tx_toks v = {0, 0, 0};
    ak_timex *x = NULL;
    size_t nx = 0, cap = 0;
    if (tx_tokenize(text, len, &v) || tx_tag_tokens(text, &v, NODAY, &x, &nx, &cap)) {
        free(v.t);
        free(x);
        return ak_set_error(AK_ENOMEM, "dct: out of memory");
    }
    int32_t latest = NODAY;
    size_t li = 0;
    for (size_t k = 0; k < nx; k++) {
        const char *val = x[k].value;
        const char *slash = strchr(val, '/');
        char day[11];
        snprintf(day, sizeof day, "%.10s", slash ? slash + 1 : val);
        int32_t d;
        if (strlen(val) >= 10 && tx_parse_day(day, &d) == 0 && (latest == NODAY || d > latest)) {
            latest = d;
            li = k;
        }
    }
    if (latest != NODAY) {
        wfacts f;
        weekday_facts(text, &v, &f);
        int32_t best = latest;
        int bs = -1000, sok = 0;
        for (int off = 0; off <= 6; off++) {
            int ok;
            int sc = fit(&f, latest + off, &ok) * 10 - off;
            if (sc > bs) {
                bs = sc;
                best = latest + off;
                sok = ok;
            }
        }
        fmt(out->date, best);
        /* the latest date mentioned is often an earlier event: never a sure DCT */
        out->confidence = sok ? 0.45 : 0.3;
        snprintf(out->evidence, sizeof out->evidence, "latest date in text: %.*s%s%s",
                 (int)(x[li].byte_end - x[li].byte_start < 60 ? x[li].byte_end - x[li].byte_start : 60),
                 text + x[li].byte_start, f.evidence[0] ? "; weekday: " : "", f.evidence);
    }
    free(v.t);
    free(x);
    return AK_OK;
}

AK_API int ak_dct_check(const char *text, size_t len, const char *stamp, int *contradicted, ak_dct_guess *out)
{
    memset(out, 0, sizeof *out);
    *contradicted = 0;
    int32_t d;
    if (tx_parse_day(stamp, &d))
        return ak_set_error(AK_EINVAL, "dct: bad stamp \"%s\" (want YYYY-MM-DD)", stamp ? stamp : "(null)");
    tx_toks v = {0, 0, 0};
    if (tx_tokenize(text, len, &v)) {
        free(v.t);
        return ak_set_error(AK_ENOMEM, "dct: out of memory");
    }
    wfacts f;
    weekday_facts(text, &v, &f);
    free(v.t);
    int want = 0, most = 0;
    for (int k = 1; k <= 7; k++)
        if (f.strong[k] > most) {
            most = f.strong[k];
            want = k;
        }
    fmt(out->date, d);
    out->confidence = 0.5;
    if (!want)
        return AK_OK;
    int w = ak_cal_weekday(d);
    if (w == want) {
        out->confidence = 0.9;
        snprintf(out->evidence, sizeof out->evidence, "agrees: %s", f.evidence);
        return AK_OK;
    }
    /* records are stamped a day or two after writing: move back to the weekday */
    int back = (w - want + 7) % 7;
    fmt(out->date, d - back);
    *contradicted = 1;
    out->confidence = back <= 2 ? 0.8 : 0.6;
    snprintf(out->evidence, sizeof out->evidence, "text says \"%s\"; stamp %s", f.evidence, stamp);
    return AK_OK;
}

AK_API int ak_dct_from_candidates(const char *text, size_t len, const char *const *candidates, size_t n,
                                  ak_dct_guess *out)
{
    memset(out, 0, sizeof *out);
    tx_toks v = {0, 0, 0};
    if (tx_tokenize(text, len, &v)) {
        free(v.t);
        return ak_set_error(AK_ENOMEM, "dct: out of memory");
    }
    wfacts f;
    weekday_facts(text, &v, &f);
    free(v.t);
    int bs = -100000, sok = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c;
        if (tx_parse_day(candidates[i], &c))
            continue;
        for (int off = 0; off <= 2; off++) {
            int ok;
            int sc = fit(&f, c + off, &ok) * 10 - off;
            if (sc > bs) {
                bs = sc;
                sok = ok;
                fmt(out->date, c + off);
            }
        }
    }
    if (!out->date[0])
        return AK_OK;
    out->confidence = sok ? 0.8 : bs > 0 ? 0.5 : 0.2;
    snprintf(out->evidence, sizeof out->evidence, "candidates from related articles%s%s",
             f.evidence[0] ? "; weekday: " : "", f.evidence);
    return AK_OK;
}
