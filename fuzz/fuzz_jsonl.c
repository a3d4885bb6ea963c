/* fuzz_jsonl.c: fuzz target for the JSONL record parser and the chrome cleaner behind it.
 * Invariants: no crash; accepted records have valid UTF-8 text; removed spans lie in raw, in order. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ingest/ingest.h"
#include "text/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ak_article a;
    memset(&a, 0, sizeof a);
    char why[256];
    if (ak_jsonl_parse((const char *)data, size, &a, why, sizeof why) != AK_OK) {
        if (!why[0]) abort(); /* every rejection has a reason */
        return 0;
    }
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
