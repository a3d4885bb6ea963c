/* fuzz_timex.c: fuzz target for the time tagger, the date-line recognizer and DCT inference.
 * Invariants: no crash; every expression lies inside the input, in order, with a type. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "time/dateline.h"

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
    }
    if (ak_timex_tag(s, size, NULL, &x, &n) == AK_OK)
        ak_free(x);
    return 0;
}
