/* events.c: timeline pieces: the sentence each resolved date anchors in one article,
 * and the merge of several articles' events into dated entries listing every source. */
#include "time/events.h"
#include "time/timex_internal.h"

#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"
#include "util/error.h"
#include "util/strmap.h"

static int is_stop(const char *s, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '.' || c == '!' || c == '?' || c == '\n')
        return 1;
    /* Arabic question mark U+061F = D8 9F */
    return c == 0xD8 && (unsigned char)s[i + 1] == 0x9F;
}

enum { EV_REACH = 1024 };

/* The array of n events is full: n is 0 or its capacity (8, 16, 32 ...). */
static int grows(size_t n)
{
    return n == 0 || (n >= 8 && (n & (n - 1)) == 0);
}

int tx_events_of(const char *text, size_t len, const ak_timex *x, size_t nx, const char *article, ak_time_event **ev,
                 size_t *n)
{
    size_t cur_byte = 0, cur_cp = 0;
    for (size_t k = 0; k < nx; k++) {
        if ((strcmp(x[k].type, "DATE") && strcmp(x[k].type, "TIME")) || x[k].value[0] < '0' || x[k].value[0] > '9')
            continue;
        size_t a = x[k].byte_start, b = x[k].byte_end;
        /* a sentence, but at most EV_REACH bytes either side of the date: text without stops
         * would otherwise copy and rescan the whole of it for each date */
        size_t lo = a > EV_REACH ? a - EV_REACH : 0, hi = len - b > EV_REACH ? b + EV_REACH : len;
        while (a > lo && !is_stop(text, a - 1))
            a--;
        while (b < hi && !is_stop(text, b))
            b++;
        if (a == lo && lo > 0) /* cut: start at a word */
            while (a < x[k].byte_start && text[a] != ' ')
                a++;
        if (b == hi && hi < len) /* cut: end on a whole character */
            while (b > x[k].byte_end && ((unsigned char)text[b] & 0xC0) == 0x80)
                b--;
        /* after a two-byte stop (؟ = D8 9F) the scan back lands on its second byte */
        while (a < b && (((unsigned char)text[a] & 0xC0) == 0x80 || text[a] == ' ' || text[a] == '\t'))
            a++;
        ak_time_event *p = *ev;
        if (grows(*n)) /* capacity doubles: the array is appended to one event at a time */
            p = realloc(*ev, (*n ? 2 * *n : 8) * sizeof *p);
        char *t = malloc(b - a + 1);
        if (!p || !t) {
            free(t);
            if (p)
                *ev = p;
            return ak_set_error(AK_ENOMEM, "events: out of memory");
        }
        *ev = p;
        ak_time_event *e = &p[(*n)++];
        memset(e, 0, sizeof *e);
        memcpy(t, text + a, b - a);
        t[b - a] = '\0';
        e->text = t;
        memcpy(e->value, x[k].value, sizeof e->value);
        memcpy(e->mod, x[k].mod, sizeof e->mod);
        e->granularity = x[k].granularity;
        e->article = article;
        /* code points counted on from the last event: sentence starts mostly move
         * forward, and recounting from 0 each time is quadratic in a long text */
        if (a < cur_byte) cur_byte = cur_cp = 0;
        cur_cp += ak_utf8_count(text + cur_byte, a - cur_byte);
        cur_byte = a;
        e->start = cur_cp;
        e->end = e->start + ak_utf8_count(text + a, b - a);
        e->tx_start = x[k].start;
        e->tx_end = x[k].end;
    }
    return AK_OK;
}

AK_API int ak_time_events(const char *text, size_t len, const char *dct, const char *article, ak_time_event **ev,
                          size_t *n)
{
    ak_timex *x;
    size_t nx;
    int rc = ak_timex_tag(text, len, dct, &x, &nx);
    if (rc)
        return rc;
    rc = tx_events_of(text, len, x, nx, article, ev, n);
    free(x);
    return rc;
}

AK_API void ak_time_events_free(ak_time_event *ev, size_t n)
{
    for (size_t i = 0; ev && i < n; i++)
        free(ev[i].text);
    free(ev);
}

/* Folded content words of a sentence (3+ letters, clitics و ف ب ل ال peeled), into w[]. */
static size_t words_of(const char *s, char w[][TX_WMAX], size_t cap)
{
    tx_toks v = {0, 0, 0};
    size_t n = 0;
    if (tx_tokenize(s, strlen(s), &v) == 0)
        for (size_t i = 0; i < v.n && n < cap; i++) {
            if (v.t[i].kind != TK_WORD)
                continue;
            char f[TX_WMAX];
            size_t l = tx_fold(s + v.t[i].b0, v.t[i].b1 - v.t[i].b0, f, sizeof f);
            const char *p = f;
            /* peel one conjunction, one preposition and the article: crude but symmetric */
            if (l > 6 && (!memcmp(p, "\xd9\x88", 2) || !memcmp(p, "\xd9\x81", 2)))
                p += 2, l -= 2;
            if (l > 6 && (!memcmp(p, "\xd8\xa8", 2) || !memcmp(p, "\xd9\x84", 2)))
                p += 2, l -= 2;
            if (l > 6 && !memcmp(p, "\xd8\xa7\xd9\x84", 4))
                p += 4, l -= 4;
            if (l < 6)
                continue; /* words of fewer than three Arabic letters carry little */
            memcpy(w[n], p, l);
            w[n][l] = '\0';
            n++;
        }
    free(v.t);
    return n;
}

/* Share of the shorter sentence's words found in the other, 0..1. */
static double overlap(const char *a, const char *b)
{
    enum { CAP = 96 };
    char (*wa)[TX_WMAX] = malloc(2 * CAP * sizeof *wa);
    if (!wa)
        return 0;
    char (*wb)[TX_WMAX] = wa + CAP;
    size_t na = words_of(a, wa, CAP), nb = words_of(b, wb, CAP), inter = 0;
    for (size_t i = 0; i < na; i++)
        for (size_t j = 0; j < nb; j++)
            if (!strcmp(wa[i], wb[j])) {
                inter++;
                break;
            }
    free(wa);
    size_t m = na < nb ? na : nb;
    return m ? (double)inter / (double)m : 0;
}

static int by_value(const void *x, const void *y)
{
    const ak_time_event *a = *(const ak_time_event *const *)x, *b = *(const ak_time_event *const *)y;
    int c = strcmp(a->value, b->value);
    return c ? c : (a < b ? -1 : a > b);
}

/* Two events of one value tell one happening: the same article, a day-precise value (a story
 * seldom has two events on one day) or sentences that share their words. */
static int same_event(const ak_time_event *x, const ak_time_event *y)
{
    return (x->article && y->article && !strcmp(x->article, y->article)) || x->granularity <= AK_GRAN_DAY ||
           overlap(x->text, y->text) >= 0.2;
}

static size_t root(size_t *up, size_t i)
{
    while (up[i] != i)
        i = up[i] = up[up[i]];
    return i;
}

/* The smaller index stays the root, so it is met first when the entries are made. */
static void unite(size_t *up, size_t i, size_t j)
{
    size_t ri = root(up, i), rj = root(up, j);
    if (ri < rj)
        up[rj] = ri;
    else if (rj < ri)
        up[ri] = rj;
}

/* Events further apart than this in one value's run are compared for shared words only
 * through the ones between: a value stated thousands of times (a year in a long story, a
 * date repeated through a huge article) would otherwise cost the square of its count. */
enum { MERGE_WINDOW = 64 };

/* Union events [a, b) of one value and mod that tell the same happening (transitively). */
static int unite_run(const ak_time_event **ord, size_t *up, size_t a, size_t b)
{
    if (b - a > MERGE_WINDOW) {
        /* the pairs the window would miss, exactly: day-precise values, one article */
        size_t last_fine = a;
        for (size_t i = a + 1; i < b; i++)
            if (ord[i]->granularity <= AK_GRAN_DAY)
                last_fine = i;
        for (size_t i = a + 1; i <= last_fine; i++)
            unite(up, a, i);
        ak_strmap first = {0};
        for (size_t i = a; i < b; i++) {
            if (!ord[i]->article)
                continue;
            long long j = ak_strmap_get(&first, ord[i]->article, -1);
            if (j >= 0)
                unite(up, (size_t)j, i);
            else if (ak_strmap_put(&first, ord[i]->article, (long long)i)) {
                ak_strmap_free(&first);
                return ak_set_error(AK_ENOMEM, "timeline: out of memory");
            }
        }
        ak_strmap_free(&first);
    }
    for (size_t i = a; i < b; i++)
        for (size_t j = i > a + MERGE_WINDOW ? i - MERGE_WINDOW : a; j < i; j++)
            if (root(up, i) != root(up, j) && same_event(ord[i], ord[j]))
                unite(up, i, j);
    return AK_OK;
}

AK_API int ak_timeline_merge(const ak_time_event *ev, size_t n, ak_timeline_entry **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (n == 0)
        return AK_OK;
    const ak_time_event **ord = malloc(n * sizeof *ord);
    size_t *up = malloc(n * sizeof *up), *slot = malloc(n * sizeof *slot), *count = calloc(n, sizeof *count);
    ak_timeline_entry *e = calloc(n, sizeof *e);
    int rc = !ord || !up || !slot || !count || !e ? ak_set_error(AK_ENOMEM, "timeline: out of memory") : AK_OK;
    for (size_t i = 0; rc == AK_OK && i < n; i++)
        ord[i] = &ev[i], up[i] = i;
    if (rc == AK_OK)
        qsort(ord, n, sizeof *ord, by_value);
    for (size_t a = 0, b; rc == AK_OK && a < n; a = b) {
        for (b = a + 1; b < n && !strcmp(ord[b]->value, ord[a]->value) && !strcmp(ord[b]->mod, ord[a]->mod);)
            b++;
        rc = unite_run(ord, up, a, b);
    }
    for (size_t i = 0; rc == AK_OK && i < n; i++)
        count[root(up, i)]++;
    size_t ne = 0;
    for (size_t i = 0; rc == AK_OK && i < n; i++) {
        size_t r = root(up, i);
        if (r == i) {
            e[ne].sources = malloc(count[i] * sizeof *e[ne].sources);
            if (!e[ne].sources) {
                rc = ak_set_error(AK_ENOMEM, "timeline: out of memory");
                break;
            }
            memcpy(e[ne].value, ord[i]->value, sizeof e[ne].value);
            memcpy(e[ne].mod, ord[i]->mod, sizeof e[ne].mod);
            e[ne].granularity = ord[i]->granularity;
            e[ne].text = ord[i]->text;
            slot[i] = ne++;
        }
        ak_timeline_entry *t = &e[slot[r]];
        t->sources[t->n_sources++] = ord[i];
    }
    free(ord), free(up), free(slot), free(count);
    if (rc) {
        ak_timeline_free(e, ne);
        return rc;
    }
    *out = e;
    *n_out = ne;
    return AK_OK;
}

AK_API void ak_timeline_free(ak_timeline_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++)
        free((void *)e[i].sources);
    free(e);
}
