/* fuzz_html.c: fuzz target for the HTML text extractor.
 * Invariants: no crash; the output is as long as reported and never holds a blank-only line. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t n = 0;
    if (ak_html_to_text((const char *)data, size, &out, &n) != AK_OK) return 0;
    if (strlen(out) != n) abort();
    if (n > 0 && out[0] == '\n') abort();
    for (size_t i = 1; i < n; i++)
        if (out[i] == '\n' && out[i - 1] == '\n') abort();
    ak_free(out);
    return 0;
}
