/* test_ner_bodies.c: names of public bodies tagged ORG after the model (src/ner/bodies.c):
 * what a name holds, where it ends, what is left alone; the switch through the API, which also
 * covers the lists' multi-word names (listed_names in src/ner/ner.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "ner/ner_internal.h"

enum { MAXT = 32 };

/* Runs the pass over space-separated words with the model's tags given ("" = all O; else one
 * tag a word, space-separated) and returns the tags after it, space-separated. */
static const char *run(const char *words, const char *model_tags)
{
    static char text[1024], out[1024];
    snprintf(text, sizeof text, "%s", words);
    ner_tok t[MAXT];
    uint8_t tags[MAXT] = {0}, sstart[MAXT] = {0};
    size_t n = 0;
    for (char *p = strtok(text, " "); p && n < MAXT; p = strtok(NULL, " ")) t[n++] = (ner_tok){p, strlen(p)};
    sstart[0] = 1;
    if (*model_tags) {
        char buf[1024];
        snprintf(buf, sizeof buf, "%s", model_tags);
        size_t k = 0;
        for (char *p = strtok(buf, " "); p && k < n; p = strtok(NULL, " "), k++)
            tags[k] = (uint8_t)ner_tag_parse(p, strlen(p));
        assert_int_equal(k, n);
    }
    ner_named_bodies(t, n, tags, sstart);
    out[0] = 0;
    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? " " : "");
        strcat(out, ak_ner_tag_name(tags[i]));
    }
    return out;
}

static void construct_names(void **state)
{
    (void)state;
    assert_string_equal(run("أعلنت وزارة الدفاع العراقية أن", ""), "O B-ORG I-ORG I-ORG O");
    assert_string_equal(run("قال جهاز مكافحة الإرهاب إن", ""), "O B-ORG I-ORG I-ORG O");
    assert_string_equal(run("وأعلنت هيئة تنظيم الاتصالات أمس", ""), "O B-ORG I-ORG I-ORG O");
    /* with و and ل/ب before the head */
    assert_string_equal(run("ونقلت ووكالة الأنباء العراقية", ""), "O B-ORG I-ORG I-ORG");
    assert_string_equal(run("مصدر بوزارة الداخلية قال", ""), "O B-ORG I-ORG O");
    /* the head alone is no name */
    assert_string_equal(run("قالت الوزارة إن وزارة", ""), "O O O O");
}

static void definite_heads_take_an_agreeing_adjective(void **state)
{
    (void)state;
    assert_string_equal(run("انتشر الحشد الشعبي في", ""), "O B-ORG I-ORG O");
    assert_string_equal(run("وقال القيادة الوسطى الأميركية إن", ""), "O B-ORG I-ORG I-ORG O");
    /* the adjective of the noun before: the mission's, not the coalition's */
    assert_string_equal(run("مهمة التحالف الدولي القتالية تنتهي", ""), "O B-ORG I-ORG O O");
    /* not an adjective, or one that says what the noun is not a body */
    assert_string_equal(run("وكان التحالف الموسع جاهزا", ""), "O O O O");
    assert_string_equal(run("انقطع التيار الكهربائي عن", ""), "O O O O");
    /* الإطار is a framework but in الإطار التنسيقي */
    assert_string_equal(run("اتفاقية الإطار الاستراتيجي بين", ""), "O O O O");
    assert_string_equal(run("قوى الإطار التنسيقي اتفقت", ""), "O B-ORG I-ORG O");
}

static void where_a_name_ends(void **state)
{
    (void)state;
    /* a purpose after an adjective is the name's; a phrase with its own adjective is not */
    assert_string_equal(run("أعلنت المفوضية العليا المستقلة للانتخابات أن", ""), "O B-ORG I-ORG I-ORG I-ORG O");
    assert_string_equal(run("قالت خلية الإعلام الأمني للقوات العراقية إن", ""), "O B-ORG I-ORG I-ORG O O O");
    assert_string_equal(run("نادي الصحافة للاحتجاج على", ""), "B-ORG I-ORG O O");
    /* a rank, a day, a relative pronoun, a preposition end it */
    assert_string_equal(run("رئيس جهاز مكافحة الإرهاب الفريق الأول", ""), "O B-ORG I-ORG I-ORG O O");
    assert_string_equal(run("مجلس النواب الخميس على", ""), "B-ORG I-ORG O O");
    assert_string_equal(run("وزارة الصحة التي أعلنت", ""), "B-ORG I-ORG O O");
    /* a person the model found ends it */
    assert_string_equal(run("عضو لجنة الطاقة هيبت الحلبوسي", "O O O B-PER I-PER"), "O B-ORG I-ORG B-PER I-PER");
    /* و + a definite noun held by a feminine adjective only a feminine head can take */
    assert_string_equal(run("عضو لجنة الأمن والدفاع النيابية قال", ""), "O B-ORG I-ORG I-ORG I-ORG O");
    assert_string_equal(run("اتحاد الكرة واللجنة الأولمبية قررا", ""), "B-ORG I-ORG O O O");
    /* a place right after the head or its construct noun ends it; not after a definite word */
    assert_string_equal(run("عضو مجلس محافظة نينوى قال", "O O O B-LOC O"), "O B-ORG I-ORG I-ORG O");
    assert_string_equal(run("شركة قناة السويس لبريطانيا", "O O B-LOC B-LOC"), "B-ORG I-ORG I-ORG B-LOC");
    /* a name never runs past a sentence's end */
    assert_string_equal(run("وزارة الصحة", ""), "B-ORG I-ORG");
}

static void left_to_the_model(void **state)
{
    (void)state;
    /* the model found the name; the head describes it */
    assert_string_equal(run("وقعت شركة سيمنس الألمانية", "O O B-ORG O"), "O O B-ORG O");
    /* led by */
    assert_string_equal(run("التحالف بقيادة الولايات المتحدة", "O O B-LOC I-LOC"), "O O B-LOC I-LOC");
    /* a verb after the head, a noun with a pronoun */
    assert_string_equal(run("مجلس يطالب الحكومة", ""), "O O O");
    assert_string_equal(run("شركة تداولاتها الأسبوع", ""), "O O O");
    /* digits or Latin letters are no part of an Arabic body's name */
    assert_string_equal(run("وزارة 2015 الصحة", ""), "O O O");
}

/* End to end with the shipped model, and ak_ner_set_bodies(m, 0) as ANERcorp is scored. */
static void switch_through_the_api(void **state)
{
    (void)state;
    ak_ner *m;
    assert_int_equal(ak_ner_load(&m, NULL), AK_OK);
    const char *text = "وقالت قيادة العمليات المشتركة في بيان إن الهجوم فشل.";
    ak_ner_entity *e;
    size_t n, org = 0;
    assert_int_equal(ak_ner_tag(m, text, strlen(text), &e, &n), AK_OK);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].type, "ORG")) {
            org++;
            assert_int_equal(e[i].start, 6); /* "قيادة العمليات المشتركة": code points 6..29 */
            assert_int_equal(e[i].end, 29);
        }
    assert_int_equal(org, 1);
    ak_free(e);
    ak_ner_set_bodies(m, 0);
    assert_int_equal(ak_ner_tag(m, text, strlen(text), &e, &n), AK_OK);
    for (size_t i = 0; i < n; i++) assert_false(e[i].start == 6 && e[i].end == 29 && !strcmp(e[i].type, "ORG"));
    ak_free(e);
    ak_ner_free(m);
}

/* A multi-word name of the lists ("ذي قار", "صندوق النقد الدولي") left O by the model is tagged
 * with the list's type, under the same switch (ANERcorp leaves such names untagged too). */
static void listed_names_under_the_switch(void **state)
{
    (void)state;
    ak_ner *m;
    assert_int_equal(ak_ner_load(&m, NULL), AK_OK);
    const char *text = "وأكد محافظ ذي قار أن الوضع مستقر."; /* ذي قار: code points 11..17 */
    for (int on = 1; on >= 0; on--) {
        ak_ner_set_bodies(m, on);
        ak_ner_entity *e;
        size_t n;
        int found = 0;
        assert_int_equal(ak_ner_tag(m, text, strlen(text), &e, &n), AK_OK);
        for (size_t i = 0; i < n; i++) found |= e[i].start == 11 && e[i].end == 17 && !strcmp(e[i].type, "LOC");
        assert_int_equal(found, on);
        ak_free(e);
    }
    ak_ner_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(construct_names),
        cmocka_unit_test(definite_heads_take_an_agreeing_adjective),
        cmocka_unit_test(where_a_name_ends),
        cmocka_unit_test(left_to_the_model),
        cmocka_unit_test(switch_through_the_api),
        cmocka_unit_test(listed_names_under_the_switch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
