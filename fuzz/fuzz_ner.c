/* fuzz_ner.c: libFuzzer target for the NER text path: any bytes go through the tagger;
 * mentions must lie inside the input, in order, and never hold a sentence end. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static ak_ner *model;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!model && ak_ner_load(&model, NULL) != AK_OK) return 0; /* no model: nothing to fuzz */
    ak_ner_entity *e;
    size_t n;
    if (ak_ner_tag(model, (const char *)data, size, &e, &n) != AK_OK) return 0;
    size_t last = 0;
    for (size_t i = 0; i < n; i++) {
        if (e[i].byte_start < last || e[i].byte_end > size || e[i].byte_start >= e[i].byte_end ||
            e[i].start >= e[i].end || memchr(data + e[i].byte_start, '\n', e[i].byte_end - e[i].byte_start))
            abort();
        last = e[i].byte_end;
    }
    ak_free(e);
    /* the CoNLL path: each line a token, no UTF-8 validation before tagging */
    const char *tok[64];
    size_t lens[64], nt = 0, a = 0;
    int tags[64];
    for (size_t i = 0; i <= size && nt < 64; i++)
        if (i == size || data[i] == '\n') {
            tok[nt] = (const char *)data + a;
            lens[nt++] = i - a;
            a = i + 1;
        }
    if (ak_ner_tag_tokens(model, tok, lens, nt, tags) == AK_OK)
        for (size_t i = 0; i < nt; i++)
            if (tags[i] < 0 || tags[i] > 8) abort();
    char *j;
    size_t jl;
    if (ak_ner_jsonl(model, (const char *)data, size, &j, &jl) == AK_OK) ak_free(j);
    return 0;
}
