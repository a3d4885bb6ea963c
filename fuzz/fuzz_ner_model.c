/* fuzz_ner_model.c: libFuzzer target for the NER model loader: any bytes either load
 * or fail with AK_EPARSE, never crash. Each input is loaded as it is (almost always a
 * checksum mismatch) and again with its last 8 bytes set to the checksum of the rest,
 * so the fuzzer reaches the header, version, size and row checks behind the checksum.
 * Seeds: headers with valid magic and sizes, a small version 3 and version 4 model. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ner/ner_internal.h"

static void load_and_tag(const uint8_t *data, size_t size)
{
    ak_ner *m;
    int rc = ak_ner_load_mem(&m, data, size);
    if (rc == AK_OK) {
        ak_ner_entity *e;
        size_t n;
        if (ak_ner_tag(m, "قال محمد في بغداد. وقال محمد في بغداد", 66, &e, &n) == AK_OK) ak_free(e);
        ak_ner_free(m);
    } else if (rc != AK_EPARSE && rc != AK_ENOMEM) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    load_and_tag(data, size);
    if (size < 8) return 0;
    uint8_t *fixed = malloc(size);
    if (!fixed) return 0;
    memcpy(fixed, data, size);
    uint64_t h = ner_hash(fixed, size - 8, 1);
    for (int i = 0; i < 8; i++) fixed[size - 8 + i] = (uint8_t)(h >> (8 * i));
    load_and_tag(fixed, size);
    free(fixed);
    return 0;
}
