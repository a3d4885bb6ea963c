/* fuzz_jsonl.c: fuzz target for the JSONL record parser and the chrome cleaner behind it.
 * Invariants: no crash; the parser (its fast path for flat records included) gives what
 * jansson alone gives: the same status and the same fields; accepted records have valid
 * UTF-8 text; removed spans lie in raw, in order. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "text/utf8.h"

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && !strcmp(x, y));
}

/* a (the parser) against r (jansson alone): every field equal. */
static void same_record(const ak_article *a, const ak_article *r)
{
    if (a->raw_len != r->raw_len || memcmp(a->raw, r->raw, a->raw_len)) abort();
    if (!same_str(a->id, r->id) || !same_str(a->url, r->url) || !same_str(a->source, r->source) ||
        !same_str(a->title, r->title) || !same_str(a->author, r->author) || !same_str(a->published, r->published))
        abort();
    if (!same_str(a->published_from, r->published_from)) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ak_article a, r;
    memset(&a, 0, sizeof a);
    memset(&r, 0, sizeof r);
    char why[256], rwhy[256];
    int rc = ak_jsonl_parse((const char *)data, size, &a, why, sizeof why);
    int rrc = ak_jsonl_parse_reference((const char *)data, size, &r, rwhy, sizeof rwhy);
    if (rc != rrc) abort();
    if (rc != AK_OK) {
        if (!why[0] || strcmp(why, rwhy)) abort(); /* every rejection has a reason, the same */
        return 0;
    }
    same_record(&a, &r);
    ak_article_clear(&r);
    if (!a.raw || !ak_utf8_valid(a.raw, a.raw_len, NULL)) abort();
    if (ak_chrome_clean(&a, NULL) == AK_OK) {
        size_t last = 0;
        for (size_t i = 0; i < a.n_removed; i++) {
            if (a.removed[i].start < last || a.removed[i].end > a.raw_len || a.removed[i].start >= a.removed[i].end)
                abort();
            last = a.removed[i].end;
        }
        if (a.text_len > a.raw_len || !ak_utf8_valid(a.text, a.text_len, NULL)) abort();
    }
    ak_article_clear(&a);
    return 0;
}
