/* test_ner_link_clitic.c: a conjunction or preposition glued to a name ("وإيران",
 * "وصالح", "للأمم المتحدة") goes when the article names the rest on its own or the
 * gazetteer of its type has it; names that start with the same letters ("وليد", "فلسطين",
 * "وهران") are left whole. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

#include "ner_model.h"

typedef struct want { const char *surface, *type; } want;

/* Mentions of the given surfaces, each found after the previous one in text. */
static size_t mentions_of(const char *text, const want *w, size_t n, ak_ner_entity *out)
{
    const char *from = text;
    for (size_t i = 0; i < n; i++) {
        const char *p = strstr(from, w[i].surface);
        assert_non_null(p);
        size_t b = (size_t)(p - text), e = b + strlen(w[i].surface);
        out[i] = (ak_ner_entity){0, 0, b, e, ""};
        snprintf(out[i].type, sizeof out[i].type, "%s", w[i].type);
        from = text + e;
    }
    return n;
}

static const ak_entity *named(const ak_entity *E, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(E[i].name, name)) return &E[i];
    return NULL;
}

/* The entities of one document with the given mentions (men: room for n). */
static ak_entity *link_doc(const char *text, const want *w, size_t n, ak_ner_entity *men, size_t *ne)
{
    size_t nm = mentions_of(text, w, n, men);
    ak_ner_doc doc = {"d", text, strlen(text), men, nm};
    ak_entity *E = NULL;
    assert_int_equal(ak_entities_link(model, &doc, 1, "/nonexistent/aliases", &E, ne), AK_OK);
    return E;
}

static void glued_letters_join_the_named_entity(void **state)
{
    (void)state;
    const char *text = "زار إيران وفد. وإيران ترحب. قال وليد. وقال وصالح إن صالح الصماد حاضر. "
                       "وطالب للأمم المتحدة ثم الأمم المتحدة. وفي فلسطين ووهران.";
    const want w[] = {{"إيران", "LOC"}, {"وإيران", "LOC"}, {"وليد", "PER"}, {"وصالح", "PER"},
                      {"صالح الصماد", "PER"}, {"للأمم المتحدة", "ORG"}, {"الأمم المتحدة", "ORG"},
                      {"فلسطين", "LOC"}, {"وهران", "LOC"}};
    ak_ner_entity men[9];
    size_t ne = 0;
    ak_entity *E = link_doc(text, w, 9, men, &ne);
    const ak_entity *iran = named(E, ne, "إيران"), *un = named(E, ne, "الأمم المتحدة");
    assert_non_null(iran);
    assert_int_equal(iran->mentions, 2);
    assert_non_null(un);
    assert_int_equal(un->mentions, 2);
    /* a part of a person's name in the article: the first name alone (it stays apart
     * from the full name, as every first name does) */
    assert_non_null(named(E, ne, "صالح"));
    assert_null(named(E, ne, "وصالح"));
    /* nothing named in the article without the letter: the name stays as written */
    assert_non_null(named(E, ne, "وليد"));
    assert_non_null(named(E, ne, "فلسطين"));
    assert_non_null(named(E, ne, "وهران"));
    assert_null(named(E, ne, "وإيران"));
    assert_null(named(E, ne, "للأمم المتحدة"));
    assert_int_equal(ne, 7);
    ak_entities_free(E, ne);
}

/* Named once, with the letter: the gazetteer of the mention's type knows the rest. */
static void glued_letters_go_before_gazetteer_names(void **state)
{
    (void)state;
    const char *text = "وزار وفد من الصين وأوروبا. ورفع تقريرا للأمم المتحدة. وقال وليد.";
    const want w[] = {{"الصين", "LOC"}, {"وأوروبا", "LOC"}, {"للأمم المتحدة", "ORG"}, {"وليد", "PER"}};
    ak_ner_entity men[4];
    size_t ne = 0;
    ak_entity *E = link_doc(text, w, 4, men, &ne);
    assert_non_null(named(E, ne, "أوروبا"));
    assert_null(named(E, ne, "وأوروبا"));
    assert_non_null(named(E, ne, "الأمم المتحدة"));
    assert_non_null(named(E, ne, "وليد")); /* no person ليد anywhere */
    ak_entities_free(E, ne);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(glued_letters_join_the_named_entity),
        cmocka_unit_test(glued_letters_go_before_gazetteer_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
