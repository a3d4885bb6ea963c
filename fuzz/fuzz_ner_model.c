/* fuzz_ner_model.c: libFuzzer target for the NER model loader: any bytes either load
 * or fail with AK_EPARSE, never crash. Seeds: headers with valid magic and sizes. */
#include <stdint.h>
#include <stdlib.h>

#include "akhbar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ak_ner *m;
    int rc = ak_ner_load_mem(&m, data, size);
    if (rc == AK_OK) {
        ak_ner_entity *e;
        size_t n;
        if (ak_ner_tag(m, "قال محمد في بغداد", 31, &e, &n) == AK_OK) ak_free(e);
        ak_ner_free(m);
    } else if (rc != AK_EPARSE && rc != AK_ENOMEM) {
        abort();
    }
    return 0;
}
