/* fuzz_dedup.c: fingerprints both halves of the input (split at the first NUL, else the middle)
 * and compares them; checks that spans stay inside both texts and the index finds a self-query. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *t = (const char *)data;
    const char *nul = memchr(t, 0, size);
    size_t la = nul ? (size_t)(nul - t) : size / 2;
    size_t off = nul ? la + 1 : la;
    ak_dedup_opts o = { .shingle = 1 + (size ? data[0] % 6 : 0) };
    ak_fp *a = NULL, *b = NULL;
    if (ak_fp_new(t, la, &o, &a) != AK_OK) return 0;
    if (ak_fp_new(t + off, size - off, &o, &b) != AK_OK) { ak_fp_free(a); return 0; }
    ak_dup_result r;
    if (ak_dup_compare(a, b, &r) == AK_OK) {
        for (size_t i = 0; i < r.n_spans; i++)
            if (r.spans[i].a_start >= r.spans[i].a_end || r.spans[i].a_end > la ||
                r.spans[i].b_start >= r.spans[i].b_end || r.spans[i].b_end > size - off)
                abort();
        if (r.jaccard < 0 || r.jaccard > 1 || r.cover_a > 1 || r.cover_b > 1) abort();
    }
    ak_lsh *lsh = NULL;
    if (ak_lsh_new(&o, &lsh) == AK_OK) {
        ak_lsh_add(lsh, 7, ak_fp_signature(a, NULL));
        uint64_t *ids = NULL;
        size_t n = 0;
        if (ak_lsh_query(lsh, ak_fp_signature(a, NULL), &ids, &n) == AK_OK && (n != 1 || ids[0] != 7)) abort();
        ak_free(ids);
        ak_lsh_free(lsh);
    }
    ak_fp_free(a);
    ak_fp_free(b);
    return 0;
}
