/* fuzz_timex.c: fuzz target for the time tagger, the date-line recognizer, DCT inference and
 * the timeline (events of the input's two halves as two articles, merged).
 * Invariants: no crash; every expression lies inside the input, in order, with a type; every
 * event's sentence is valid UTF-8 inside its article; every event lands in one entry. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/utf8.h"
#include "time/dateline.h"

/* The input cut in two at a character boundary, each half an article of the timeline. */
static void timeline(const char *s, size_t size)
{
    size_t half = size / 2;
    while (half > 0 && ((unsigned char)s[half] & 0xC0) == 0x80) half--;
    ak_time_event *ev = NULL;
    size_t n = 0;
    if (ak_time_events(s, half, "2021-07-23", "A", &ev, &n) != AK_OK ||
        ak_time_events(s + half, size - half, "2021-07-24", "B", &ev, &n) != AK_OK) {
        ak_time_events_free(ev, n);
        return;
    }
    int nul = memchr(s, 0, size) != NULL; /* a NUL ends an event's sentence as a C string */
    for (size_t i = 0; i < n; i++) {
        size_t l = strlen(ev[i].text);
        if (!ak_utf8_valid(ev[i].text, l, NULL) || l > size ||
            (!nul && ev[i].end - ev[i].start != ak_utf8_count(ev[i].text, l)))
            abort();
    }
    ak_timeline_entry *e;
    size_t ne, total = 0;
    if (ak_timeline_merge(ev, n, &e, &ne) == AK_OK) {
        for (size_t i = 0; i < ne; i++) total += e[i].n_sources;
        if (total != n) abort();
        ak_timeline_free(e, ne);
    }
    ak_time_events_free(ev, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    ak_timex *x;
    size_t n;
    if (ak_timex_tag(s, size, "2021-07-23", &x, &n) == AK_OK) {
        size_t last = 0;
        for (size_t i = 0; i < n; i++) {
            if (x[i].byte_end > size || x[i].byte_start >= x[i].byte_end || x[i].byte_start < last || !x[i].type[0])
                abort();
            last = x[i].byte_end;
        }
        ak_free(x);
        char line[32];
        ak_dateline_find(s, size, line);
        ak_dct_guess g;
        ak_dct_infer(s, size, &g);
        int bad;
        ak_dct_check(s, size, "2021-07-23", &bad, &g);
        timeline(s, size);
    }
    if (ak_timex_tag(s, size, NULL, &x, &n) == AK_OK)
        ak_free(x);
    return 0;
}
