/* ner_model.h: the shipped NER model, loaded once per test group (cmocka group setup and
 * teardown) for the tests of the tagger and the linker. */
#ifndef AK_TESTS_NER_MODEL_H
#define AK_TESTS_NER_MODEL_H
#include "akhbar.h"

static ak_ner *model;

static int setup(void **state)
{
    (void)state;
    return ak_ner_load(&model, NULL) == AK_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ak_ner_free(model);
    return 0;
}
#endif
