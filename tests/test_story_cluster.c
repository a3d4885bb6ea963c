/* test_story_cluster.c: the incremental story clusterer on small hand-made feature records:
 * joining, separating, duplicates, bridging, the time window, stable ids, determinism. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "story/cluster.h"
#include "story/features.h"

#define MAXW 32

/* A record from space-separated words: "title | body | entities | dates". */
typedef struct doc {
    char buf[1024];
    const char *w[4][MAXW];
    size_t n[4];
    ak_story_doc d;
} doc;

static void make(doc *x, const char *id, const char *day, const char *spec, const char *dup_of)
{
    memset(x, 0, sizeof *x);
    snprintf(x->buf, sizeof x->buf, "%s", spec);
    int part = 0;
    for (char *p = strtok(x->buf, " "); p; p = strtok(NULL, " ")) {
        if (strcmp(p, "|") == 0) { part++; continue; }
        if (x->n[part] < MAXW) x->w[part][x->n[part]++] = p;
    }
    x->d = (ak_story_doc){id, ak_story_day(day), x->w[0], x->n[0], x->w[1], x->n[1],
                          x->w[2], x->n[2], x->w[3], x->n[3], dup_of, NULL};
}

static void add(ak_clusterer *c, const char *id, const char *day, const char *spec, const char *dup_of)
{
    doc x;
    make(&x, id, day, spec, dup_of);
    assert_int_equal(ak_clusterer_add(c, &x.d), AK_OK);
}

/* The story id of one article (the clusterer owns the string until the next add). */
static const char *story_of(ak_clusterer *c, const char *id, int *dup)
{
    static char out[64];
    ak_story_assignment *a;
    size_t n;
    assert_int_equal(ak_clusterer_assignments(c, &a, &n), AK_OK);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++)
        if (strcmp(a[i].article, id) == 0) {
            snprintf(out, sizeof out, "%s", a[i].story);
            if (dup) *dup = a[i].duplicate;
        }
    ak_free(a);
    return out;
}

static ak_clusterer *fresh(void)
{
    ak_clusterer *c;
    assert_int_equal(ak_clusterer_new(&c, NULL), AK_OK);
    return c;
}

/* A clusterer that merges two stories when an article scores 0.5 with the second. */
static ak_clusterer *bridging(void)
{
    ak_story_options o;
    ak_story_options_default(&o);
    o.merge_threshold = 0.5;
    ak_clusterer *c;
    assert_int_equal(ak_clusterer_new(&c, &o), AK_OK);
    return c;
}

/* Filler stories so document frequencies look like a corpus, not three articles. */
static void background(ak_clusterer *c, const char *day)
{
    static const char *topics[] = {"مطر طقس رياح", "اسهم مؤشر نقطه", "مباراه هدف دوري", "نفط برميل سعر",
                                   "مدرسه طلاب تعليم", "مستشفي مرضي صحه"};
    char id[32], spec[256];
    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "bg-%s-%d", day, i);
        snprintf(spec, sizeof spec, "%s | %s %s خبر", topics[i], topics[i], topics[(i + 1) % 6]);
        add(c, id, day, spec, NULL);
    }
}

static void same_story_joins_and_other_story_stays_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "a1", "2015-08-02", "زلزال تركيا | زلزال ضرب جنوب تركيا قتلي انقاذ | LOC:تركيا |", NULL);
    add(c, "a2", "2015-08-02", "قتلي زلزال تركيا | فرق انقاذ زلزال تركيا قتلي | LOC:تركيا |", NULL);
    add(c, "b1", "2015-08-02", "انتخابات كندا | ناخبون صناديق اقتراع كندا | LOC:كندا |", NULL);
    char s1[64];
    snprintf(s1, sizeof s1, "%s", story_of(c, "a1", NULL));
    assert_string_equal(s1, "a1");
    assert_string_equal(story_of(c, "a2", NULL), "a1");
    assert_string_equal(story_of(c, "b1", NULL), "b1");
    ak_clusterer_free(c);
}

/* One event's formula follow-ups on one day (another official visits the same
 * wounded) are separate happenings: the same words, other people. */
static void same_words_with_other_people_on_one_day_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "v1", "2015-08-02", "وزير صحه يطمئن مصابين | وزير صحه يطمئن مصابين تفجير مستشفي عسير ادويه | PER:خالد_الحفظي |", NULL);
    add(c, "v2", "2015-08-02", "مدير جوازات يزور مصابين | مدير جوازات يزور مصابين تفجير مستشفي عسير ضباط | PER:سعد_السويدي |", NULL);
    /* an outlet's own report of the first visit, naming its actor, still joins */
    add(c, "v3", "2015-08-02", "وزير صحه يطمئن علي جرحي | وزير صحه يطمئن جرحي تفجير عسير | PER:خالد_الحفظي |", NULL);
    assert_string_equal(story_of(c, "v2", NULL), "v2");
    assert_string_equal(story_of(c, "v3", NULL), "v1");
    ak_clusterer_free(c);
}

/* A follow-up days later tells the story in new words and quotes new people: the
 * headline and name penalties that keep same-day formula stories apart fade. */
static void a_follow_up_days_later_in_new_words_joins(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "p1", "2015-08-02", "اضراب عمال ميناء الحمراء | عمال ميناء الحمراء يبداون اضراب اجور نقابه | PER:جمال_الصباغ |", NULL);
    add(c, "p2", "2015-08-04", "وزير عمل يدعو الي حوار | وزير عمل يدعو نقابه عمال ميناء الحمراء حوار اضراب اجور اضراب | PER:سعيد_العمري |", NULL);
    assert_string_equal(story_of(c, "p2", NULL), "p1");
    ak_clusterer_free(c);
}

/* Short notes need a minimum of real evidence: one shared generic word ("خبر")
 * makes a high cosine between one-line texts and proves nothing, while two shared
 * words do join (dated or not, in a corpus of three articles or of many). */
static void one_shared_word_does_not_join_short_articles(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    add(c, "n1", "", "| خبر اول | |", NULL);
    add(c, "n2", "", "| خبر ثان | |", NULL);
    add(c, "n3", "", "| خبر ثالث | |", NULL);
    assert_string_equal(story_of(c, "n2", NULL), "n2");
    assert_string_equal(story_of(c, "n3", NULL), "n3");
    assert_int_equal(ak_clusterer_story_count(c), 3);
    ak_clusterer_free(c);

    c = fresh();
    background(c, "2015-08-01");
    add(c, "s1", "2015-08-02", "| عاجل انفجار بغداد | |", NULL);
    add(c, "s2", "2015-08-02", "| انفجار بغداد قتلي | |", NULL);
    add(c, "s3", "2015-08-02", "| عاجل خبر | |", NULL);
    assert_string_equal(story_of(c, "s2", NULL), "s1");
    assert_string_equal(story_of(c, "s3", NULL), "s3");
    ak_clusterer_free(c);
}

/* Leaders named in many happenings of a day do not tie two formula reports:
 * congratulations from the same king to two presidents are two stories, while a
 * second outlet's report naming the first president joins the first. */
static void shared_leaders_do_not_lift_the_name_conflict(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    static const char *acts[] = {"يستقبل سفير تعاون", "يدشن مشروع اسكان", "يراس جلسه مجلس", "يفتتح معرض كتاب"};
    char id[16], spec[256];
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof id, "k%d", i);
        snprintf(spec, sizeof spec, "%s | %s ملك | PER:سلمان |", acts[i], acts[i]);
        add(c, id, "2015-08-02", spec, NULL);
    }
    add(c, "e1", "2015-08-02", "تهنئه رئيس اكوادور استقلال | بعث ملك برقيه تهنئه رئيس اكوادور ذكري استقلال نماء ازدهار | PER:سلمان PER:رفائيل_كوريا |", NULL);
    add(c, "g1", "2015-08-02", "تهنئه سنغافوره يوم وطني | بعث ملك برقيه تهنئه رئيس سنغافوره يوم وطني شعب صديق | PER:سلمان PER:توني_تان |", NULL);
    add(c, "e2", "2015-08-02", "تهنئه اكوادور | ملك يبعث برقيه تهنئه رئيس اكوادور رفائيل ذكري استقلال | PER:سلمان PER:رفائيل_كوريا |", NULL);
    assert_string_equal(story_of(c, "g1", NULL), "g1");
    assert_string_equal(story_of(c, "e2", NULL), "e1");
    ak_clusterer_free(c);
}

/* Four stories naming the king, so that his name is no longer specific. */
static void leader_stories(ak_clusterer *c, const char *day)
{
    static const char *acts[] = {"يستقبل سفير تعاون", "يدشن مشروع اسكان", "يراس جلسه مجلس", "يفتتح معرض كتاب"};
    char id[32], spec[256];
    for (int i = 0; i < 4; i++) {
        snprintf(id, sizeof id, "k%s-%d", day, i);
        snprintf(spec, sizeof spec, "%s | %s ملك | PER:سلمان |", acts[i], acts[i]);
        add(c, id, day, spec, NULL);
    }
}

/* Two outlets name one minister two ways ("محمد عبد الله المبارك", "محمد
 * المبارك"; "عبدالله صالح", "علي عبدالله صالح"): no name conflict, the second
 * report joins. Another man of the same family name is another person. */
static void another_spelling_of_the_same_person_is_no_name_conflict(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "w1", "2015-08-04", "كويت خلاف فني حقول مشتركه | وزير كويتي خلاف سعوديه حقول نفط مشتركه فني علاقات مفاوضات | PER:محمد_عبد_الله_المبارك |", NULL);
    add(c, "y1", "2015-08-04", "مقاومه تدخل زنجبار | مقاومه تدخل زنجبار ابين غارات تحالف حوثي | PER:عبدالله_صالح |", NULL);
    add(c, "w2", "2015-08-04", "خلاف حقول كويتي اسري | وزير دوله كويتي خلاف سعوديه حقول بسيط مفاوضات عائله | PER:محمد_المبارك |", NULL);
    add(c, "y2", "2015-08-04", "قوات هادي تسيطر زنجبار | قوات هادي تسيطر زنجبار عاصمه ابين حوثي | PER:علي_عبدالله_صالح |", NULL);
    assert_string_equal(story_of(c, "w2", NULL), "w1");
    assert_string_equal(story_of(c, "y2", NULL), "y1");
    ak_clusterer_free(c);

    c = fresh();
    background(c, "2015-08-01");
    add(c, "w1", "2015-08-04", "كويت خلاف فني حقول مشتركه | وزير كويتي خلاف سعوديه حقول نفط مشتركه فني علاقات مفاوضات | PER:محمد_عبد_الله_المبارك |", NULL);
    add(c, "w3", "2015-08-04", "خلاف حقول كويتي اسري | وزير دوله كويتي خلاف سعوديه حقول بسيط مفاوضات عائله | PER:ناصر_المبارك |", NULL);
    assert_string_equal(story_of(c, "w3", NULL), "w3");
    ak_clusterer_free(c);
}

/* Early in a day every name is held by few stories, so the king and his deputy
 * count as specific and "shared" between two formula congratulations. When the
 * headline names are absent and each side has people of its own, the reports
 * are two happenings; sharing several rare names (a victim, his family, the
 * officials) still joins a report told under other headline words. */
static void own_people_on_both_sides_keep_formula_reports_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "e1", "2015-08-02", "اكوادور تحتفل استقلالها | بعث ملك ولي عهد برقيه تهنئه رئيس اكوادور ذكري استقلال نماء ازدهار شعب صديق اطيب تمنيات | PER:سلمان PER:محمد_بن_نايف PER:رفائيل_كوريا |", NULL);
    add(c, "g1", "2015-08-02", "برقيتان لسنغافوره | بعث ملك ولي عهد برقيه تهنئه رئيس سنغافوره ذكري يوم وطني نماء ازدهار شعب صديق اطيب تمنيات | PER:سلمان PER:محمد_بن_نايف PER:توني_تان |", NULL);
    add(c, "d1", "2015-08-02", "وفاه والد رضيع فلسطيني حرق | توفي والد رضيع فلسطيني متاثرا حروق اعتداء مستوطنين منزل قريه دوما | PER:سعد_دوابشه PER:علي_دوابشه PER:رياض_المالكي PER:ايهاب_بسيسو |", NULL);
    add(c, "d2", "2015-08-02", "دوابشه يلحق بولده | توفي والد رضيع متاثرا حروق اعتداء مستوطنين منزل قريه دوما سلطه تتعهد | PER:سعد_دوابشه PER:علي_دوابشه PER:رياض_المالكي PER:ايهاب_بسيسو PER:رامي_حمدالله |", NULL);
    assert_string_equal(story_of(c, "g1", NULL), "g1");
    assert_string_equal(story_of(c, "d2", NULL), "d1");
    ak_clusterer_free(c);
}

/* An article bridges two stories only if it has no name conflict with the
 * second: a report scoring high against another president's congratulations
 * (same formula, same king) does not merge the two. */
static void a_bridge_never_crosses_a_name_conflict(void **state)
{
    (void)state;
    ak_clusterer *c = bridging();
    background(c, "2015-08-01");
    leader_stories(c, "2015-08-02");
    add(c, "e1", "2015-08-02", "تهنئه رئيس اكوادور استقلال | بعث ملك برقيه تهنئه رئيس اكوادور ذكري استقلال نماء ازدهار | PER:سلمان PER:رفائيل_كوريا |", NULL);
    add(c, "g1", "2015-08-02", "تهنئه سنغافوره يوم وطني | بعث ملك برقيه رئيس سنغافوره يوم وطني شعب صديق | PER:سلمان PER:توني_تان |", NULL);
    add(c, "g2", "2015-08-02", "تهنئه رئيس سنغافوره ذكري | بعث ملك برقيه تهنئه رئيس سنغافوره يوم وطني ذكري نماء ازدهار شعب صديق | PER:سلمان PER:توني_تان |", NULL);
    assert_string_equal(story_of(c, "g1", NULL), "g1");
    assert_string_equal(story_of(c, "g2", NULL), "g1");
    assert_string_equal(story_of(c, "e1", NULL), "e1");
    ak_clusterer_free(c);
}

/* Two calls of one official on one day, with Yemen's president and with Jordan's
 * king, are two stories; a print roundup telling both scores high against both,
 * joins one, and does not merge them: their headlines name other countries. */
static void a_roundup_of_two_countries_does_not_bridge_them(void **state)
{
    (void)state;
    ak_clusterer *c = bridging();
    background(c, "2015-08-01");
    add(c, "y1", "2015-08-02", "ولي عهد يتلقي اتصال رئيس يمن | تلقي ولي عهد اتصال رئيس جمهوريه يمن جهود اغاثه شرعيه | PER:محمد_بن_سلمان PER:منصور_هادي |", NULL);
    add(c, "j1", "2015-08-02", "ولي عهد يجري اتصال ملك اردن | اجري ولي عهد اتصال ملك اردن علاقات ثنائيه مستجدات اقليميه | PER:محمد_بن_سلمان PER:عبدالله_الثاني |", NULL);
    assert_string_equal(story_of(c, "j1", NULL), "j1");
    size_t before = ak_clusterer_story_count(c);
    add(c, "r1", "2015-08-02", "ولي عهد هادي يستعرضان جهود اغاثه | ولي عهد اتصال رئيس جمهوريه يمن جهود اغاثه شرعيه اتصال ملك اردن علاقات ثنائيه مستجدات اقليميه | PER:محمد_بن_سلمان PER:منصور_هادي PER:عبدالله_الثاني |", NULL);
    assert_int_equal(ak_clusterer_story_count(c), before);
    char y[64];
    snprintf(y, sizeof y, "%s", story_of(c, "y1", NULL));
    assert_string_not_equal(y, story_of(c, "j1", NULL));
    ak_clusterer_free(c);
}

/* The same visitor received by the king and by the crown prince on one day is two
 * happenings told in the same words; the cables of both on one occasion are one. */
static void the_king_and_the_crown_prince_receiving_one_visitor_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "k1", "2015-08-02", "خادم حرم يستقبل زير خارج مصر | استقبل خادم حرم زير خارج مصر سامح شكري بحث علاقات ثنائيه تطورات منطقه | PER:سلمان_بن_عبدالعزيز PER:سامح_شكري |", NULL);
    add(c, "k2", "2015-08-02", "ملك يبحث زير خارج مصر تطورات منطقه | بحث خادم حرم زير خارج مصر سامح شكري علاقات ثنائيه تطورات منطقه | PER:سلمان_بن_عبدالعزيز PER:سامح_شكري |", NULL);
    add(c, "p1", "2015-08-02", "ول عهد يستقبل زير خارج مصر | استقبل ول عهد زير خارج مصر سامح شكري بحث علاقات ثنائيه تطورات منطقه | PER:محمد_بن_نايف PER:سامح_شكري |", NULL);
    assert_string_equal(story_of(c, "k2", NULL), "k1");
    assert_string_equal(story_of(c, "p1", NULL), "p1");
    ak_clusterer_free(c);
    c = fresh();
    background(c, "2015-08-01");
    add(c, "t1", "2015-08-02", "خادم حرم يهنئ رئيس تونس ذكري جمهوريه | بعث خادم حرم برقيه تهنئه رئيس تونس ذكري اعلان جمهوريه | PER:سلمان_بن_عبدالعزيز PER:الباجي_قائد_السبسي |", NULL);
    add(c, "t2", "2015-08-02", "ول عهد يهنئ رئيس تونس ذكري جمهوريه | بعث ول عهد برقيه تهنئه رئيس تونس ذكري اعلان جمهوريه | PER:محمد_بن_نايف PER:الباجي_قائد_السبسي |", NULL);
    assert_string_equal(story_of(c, "t2", NULL), "t1");
    ak_clusterer_free(c);
}

/* Two sessions' market reports are told in the same words and differ in their
 * figures: on one day, an article whose numbers (three digits or more, years
 * aside) the story never gives is another report, while another outlet's copy,
 * which repeats the figures, joins. Years and two-digit numbers are no figures. */
static void same_words_with_other_figures_on_one_day_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "m1", "2015-08-02", "بورصه كويت تغلق انخفاض | بورصه كويت تغلق انخفاض 291 وحده مستوي 5807 وحده صفقات شركات 161 | |", NULL);
    add(c, "m2", "2015-08-02", "بورصه كويت تختتم شهر يوليو ارتفاع | بورصه كويت نهايه شهر يوليو ارتفاع 187 وحده مستوي 6098 مقارنه شهر سابق تقرير شهري 381 | |", NULL);
    add(c, "m3", "2015-08-02", "بورصه كويت تغلق انخفاض حاد | بورصه كويت تغلق انخفاض حاد 291 وحده مستوي 5807 صفقات شركات | |", NULL);
    assert_string_equal(story_of(c, "m2", NULL), "m2");
    assert_string_equal(story_of(c, "m3", NULL), "m1");
    ak_clusterer_free(c);
    /* the same formula with years and small numbers only: one story */
    c = fresh();
    background(c, "2015-08-01");
    add(c, "y1", "2015-08-02", "بورصه كويت تغلق انخفاض | بورصه كويت تغلق انخفاض 2015 وحده 1436 صفقات شركات 12 | |", NULL);
    add(c, "y2", "2015-08-02", "بورصه كويت تغلق انخفاض | بورصه كويت تغلق انخفاض 2014 وحده 1435 صفقات شركات 31 | |", NULL);
    assert_string_equal(story_of(c, "y2", NULL), "y1");
    ak_clusterer_free(c);
}

/* Two labour offices' inspections, rain on two towns: the same words on one day
 * about two places (stems of the gazetteer, src/story/places.c). An article whose
 * headline place the story never names is another happening, while another
 * outlet's report of the same place joins, and so does a report naming the town
 * of a story that names its region (الحناكية in المدينة المنورة's region). */
static void same_words_about_another_place_on_one_day_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "j1", "2015-08-02", "عمل جوف يضبط مخالفات منع عمل تحت شمس | فرع عمل جوف رصد مخالفات قرار منع عمل تحت شمس وافدين جولات ميدانيه منشات | |", NULL);
    add(c, "k1", "2015-08-02", "صور عمل خيبر يضبط 42 مخالفه قرار منع عمل تحت اشعه شمس | مكتب عمل خيبر ضبط عماله مخالفه قرار منع عمل ظهيره حراره مزارع مقاولات | |", NULL);
    add(c, "j2", "2015-08-02", "عمل جوف يضبط مخالفات منع عمل تحت شمس | عمل جوف سكاكا رصد مخالفات قرار منع عمل شمس وافدين منشات | |", NULL);
    assert_string_equal(story_of(c, "k1", NULL), "k1");
    assert_string_equal(story_of(c, "j2", NULL), "j1");
    ak_clusterer_free(c);
    c = fresh();
    background(c, "2015-08-01");
    add(c, "w1", "2015-08-02", "مدني منور ينتشل جثه شاب بئر | مدني منور ينتشل جثه شاب سقط بئر يدويه | |", NULL);
    add(c, "w2", "2015-08-02", "مدني حناك ينتشل جثمان مواطن بئر | فرق مدني حناك انتشلت جثه مواطن سقط بئر ارتوازيه | |", NULL);
    assert_string_equal(story_of(c, "w2", NULL), "w1");
    ak_clusterer_free(c);
}

/* The kingdom's and the UAE's condemnations of one crime: the same words on one day,
 * and the headline names the country that speaks (مملك, امارات: stems of the
 * countries of src/story/places.c). An article whose headline names a country the
 * story never names is another happening, while another outlet's report of the
 * UAE's statement joins, and so does a report of the story's own country whose
 * headline leaves out a nationality word of the story's headlines (ايران). */
static void same_words_from_another_country_on_one_day_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "e1", "2015-08-02", "امارات تدين جريمه حرق رضيع فلسطين مستوطنين اسرائيل | دانت امارات جريمه ارهابيه حرق رضيع فلسطين مستوطنين اسرائيل قريه دوما نابلس | |", NULL);
    add(c, "s1", "2015-08-02", "مملك تدين ارهاب اسرائيل | ادانت مملك جريمه ارهابيه نفذها مستوطنين اسرائيل ادت حرق رضيع فلسطين منزل قريه دوما نابلس اصابه اسره حروق | |", NULL);
    add(c, "e2", "2015-08-02", "امارات تدين حرق رضيع فلسطين | دانت دوله امارات جريمه حرق رضيع فلسطين مستوطنين اسرائيل دوما | |", NULL);
    assert_string_equal(story_of(c, "s1", NULL), "s1");
    assert_string_equal(story_of(c, "e2", NULL), "e1");
    ak_clusterer_free(c);
    c = fresh();
    background(c, "2015-08-01");
    add(c, "a1", "2015-08-04", "يمن مقاومه تقبض ضابط ايران قاعده عند | مقاومه شعبيه قبضت ضابط ايران قاعده عند لحج يمن | |", NULL);
    add(c, "a2", "2015-08-04", "مقاومه تسيطر قاعده عند فرار حوثيين | مقاومه شعبيه سيطرت قاعده عند لحج يمن فرار حوثيين | |", NULL);
    assert_string_equal(story_of(c, "a2", NULL), "a1");
    ak_clusterer_free(c);
}

/* A country speaking is another happening whatever the day: the kingdom's condemnation
 * of the Duma arson, told the next day in the words of the OIC's condemnation of the day
 * before, stays apart from the OIC's story (the faded conflict let it join), while the
 * OIC's own next-day report joins. */
static void another_country_speaking_the_next_day_stays_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-07-30");
    add(c, "o1", "2015-07-31", "تعاون اسلام تدين جريمه حرق رضيع فلسطين | دانت منظمه تعاون اسلام جريمه ارهابيه حرق رضيع فلسطين مستوطنين اسرائيل قريه دوما نابلس | |", NULL);
    add(c, "o2", "2015-07-31", "تعاون اسلام تدين حرق رضيع فلسطين | دانت منظمه تعاون اسلام جريمه حرق رضيع فلسطين مستوطنين اسرائيل دوما | |", NULL);
    add(c, "k1", "2015-08-01", "مملك تعرب ادانتها جريمه بشعه حرق رضيع فلسطين | اعربت مملك ادانتها جريمه بشعه ادت حرق رضيع فلسطين يد مستوطنين اسرائيل | |", NULL);
    add(c, "o3", "2015-08-01", "تعاون اسلام تدين جريمه حرق رضيع | دانت منظمه تعاون اسلام جريمه حرق رضيع فلسطين مستوطنين اسرائيل قريه دوما | |", NULL);
    assert_string_equal(story_of(c, "o2", NULL), "o1");
    assert_string_equal(story_of(c, "k1", NULL), "k1");
    assert_string_equal(story_of(c, "o3", NULL), "o1");
    ak_clusterer_free(c);
}

/* The first stem ak_story_stems gives for a text, into out. */
static void first_stem_cb(const char *w, size_t n, void *ctx)
{
    char *out = ctx;
    if (!out[0]) snprintf(out, 64, "%.*s", (int)n, w);
}

/* The country id of the first word of a text (-1: none). */
static int country_of(const char *text)
{
    char stem[64] = "";
    ak_story_stems(text, strlen(text), first_stem_cb, stem);
    unsigned id;
    return stem[0] && ak_story_country(stem, &id) ? (int)id : -1;
}

/* Country names whose Light10 stem is another word's (البحرين → بحر "sea", لبنان → لبن
 * "milk") or is given by other words too (قطرات → قطر) are read whole, with their clitics,
 * and name the country their adjective names; the other words do not. */
static void country_names_are_read_whole(void **state)
{
    (void)state;
    const char *same[][4] = {
        {"البحرين تدين", "وبالبحرين", "للبحرين", "البحرينية"},
        {"لبنان", "ولبنان", "اللبنانية", "اللبناني"},
        {"قطر", "لقطر", "القطرية", "وقطر"},
        {"إيران", "لإيران", "الإيرانية", "وإيران"},
        {"السودان", "بالسودان", "السوداني", "السودانية"},
        {"سورية", "السوري", "سوريا", "السوريين"},
        {"الإمارات", "والإمارات", "الإماراتية", "بالإمارات"},
        {"الهند", "الهندية", "بالهند", "الهندي"},
    };
    for (size_t i = 0; i < sizeof same / sizeof *same; i++) {
        int id = country_of(same[i][0]);
        assert_true(id >= 0);
        for (size_t j = 1; j < 4; j++) assert_int_equal(country_of(same[i][j]), id);
        for (size_t j = 0; j < i; j++) assert_int_not_equal(country_of(same[j][0]), id);
    }
    const char *not_countries[] = {"البحر", "قطرات المطر", "لبن", "تركي بن طلال", "هند", "إمارة المنطقة", "السور"};
    for (size_t i = 0; i < sizeof not_countries / sizeof *not_countries; i++)
        assert_int_equal(country_of(not_countries[i]), -1);
}

/* Congratulations to the presidents of two countries on their national days, sent
 * the same day in one formula: every country may be the one congratulated, so the
 * country list holds every country whose stem is not a common word (سنغافور and
 * اكوادور are ids above 64, past the first word of the clusterer's country set). The
 * Ecuador cable stays apart from the Singapore story; another outlet's Singapore
 * report, naming the country by its adjective, joins it. */
static void congratulations_to_another_country_stay_apart(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-08");
    add(c, "g1", "2015-08-09", "قياده تهنئ رئيس سنغافور ذكر يوم وطني | بعث خادم حرمين برقيه تهنئه رئيس جمهوريه سنغافور ذكر يوم وطني بلاده اعرب اصدق تهاني اطيب تمنيات صحه سعاده شعب | |", NULL);
    add(c, "q1", "2015-08-09", "قياده تهنئ رئيس اكوادور ذكر استقلال | بعث خادم حرمين برقيه تهنئه رئيس جمهوريه اكوادور ذكر استقلال بلاده اعرب اصدق تهاني اطيب تمنيات صحه سعاده شعب | |", NULL);
    add(c, "g2", "2015-08-09", "تهنئه رئيس سنغافور يوم وطني | بعث خادم حرمين برقيه تهنئه رئيس سنغافور ذكر يوم وطني اصدق تهاني تمنيات شعب | |", NULL);
    assert_string_equal(story_of(c, "q1", NULL), "q1");
    assert_string_equal(story_of(c, "g2", NULL), "g1");
    ak_clusterer_free(c);
}

/* The next day's own happening in the same words (the next session's market
 * report) stays apart, while the next day's print report of yesterday's session,
 * which dates it ("أمس" resolved to that day), joins. */
static void next_day_report_joins_only_when_it_cites_the_day(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "m1", "2015-08-02", "بورصه تغلق مرتفعه | اغلقت بورصه مرتفعه 135 وحده مصارف صفقات اتصالات | | ", NULL);
    add(c, "m2", "2015-08-03", "تراجع مؤشرات بورصه تداول جلسه | تراجعت بورصه 76 وحده طاقه | | ", NULL);
    add(c, "m3", "2015-08-03", "بورصه اغلقت مرتفعه امس | اغلقت بورصه امس مرتفعه 135 وحده مصارف | | 2015-08-02", NULL);
    assert_string_equal(story_of(c, "m2", NULL), "m2");
    assert_string_equal(story_of(c, "m3", NULL), "m1");
    ak_clusterer_free(c);
}

static void duplicate_follows_its_original_and_is_flagged(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "o", "2015-08-02", "اعصار فلوريدا | اعصار يضرب فلوريدا اجلاء | LOC:فلوريدا |", NULL);
    /* the copy shares no words with the story: only the link can place it */
    add(c, "copy", "2015-08-03", "عنوان اخر | نص مختلف تماما كلمات | |", "o");
    int dup = 0;
    assert_string_equal(story_of(c, "copy", &dup), "o");
    assert_int_equal(dup, 1);
    char *js;
    size_t len;
    assert_int_equal(ak_clusterer_serialize(c, &js, &len), AK_OK);
    assert_non_null(strstr(js, "\"story\":\"o\",\"first\":\"2015-08-02\",\"last\":\"2015-08-03\","
                               "\"articles\":[\"o\"],\"duplicates\":[\"copy\"]"));
    ak_free(js);
    ak_clusterer_free(c);
}

static void story_id_is_the_earliest_article_even_out_of_order(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-01");
    add(c, "late", "2015-08-05", "قمه الرياض | قمه خليجيه الرياض قاده | LOC:الرياض |", NULL);
    add(c, "early", "2015-08-03", "قمه الرياض | تحضيرات قمه خليجيه الرياض | LOC:الرياض |", NULL);
    assert_string_equal(story_of(c, "late", NULL), "early");
    assert_string_equal(story_of(c, "early", NULL), "early");
    ak_clusterer_free(c);
}

static void same_words_far_apart_in_time_are_separate_stories(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-01-01");
    add(c, "jan", "2015-01-02", "حوار استراتيجي | حوار استراتيجي واشنطن بغداد | LOC:واشنطن |", NULL);
    background(c, "2015-06-01");
    add(c, "jun", "2015-06-02", "حوار استراتيجي | حوار استراتيجي واشنطن بغداد | LOC:واشنطن |", NULL);
    assert_string_equal(story_of(c, "jun", NULL), "jun");
    ak_clusterer_free(c);
}

static void shared_entities_and_dates_join_articles_with_few_shared_words(void **state)
{
    (void)state;
    ak_story_options o;
    ak_story_options_default(&o);
    for (int with_keys = 0; with_keys < 2; with_keys++) {
        ak_clusterer *c;
        assert_int_equal(ak_clusterer_new(&c, &o), AK_OK);
        background(c, "2021-07-20");
        add(c, "x", "2021-07-23", with_keys ? "انسحاب قوات | قوات قتاليه انسحاب نهايه | PER:الاعرجي PER:الشمري | 2021-12-31"
                                            : "انسحاب قوات | قوات قتاليه انسحاب نهايه | |", NULL);
        /* y has no date (as seed 004): its people are the evidence left */
        add(c, "y", "-", with_keys ? "مستشارون | تسليم شحنات عجلات مستشارين انسحاب | PER:الاعرجي PER:الشمري | 2021-12-31"
                                            : "مستشارون | تسليم شحنات عجلات مستشارين انسحاب | |", NULL);
        assert_string_equal(story_of(c, "y", NULL), with_keys ? "x" : "y");
        ak_clusterer_free(c);
    }
}

/* A dated article needs more than the same officials: they act in several
 * happenings of one day (the tuning day's formula stories). */
static void shared_names_alone_do_not_join_dated_articles(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    background(c, "2015-08-09");
    add(c, "a", "2015-08-10", "يستقبل سفير | استقبل سفير بحث تعاون تجاره | PER:فيصل PER:سلمان |", NULL);
    add(c, "b", "2015-08-10", "يدشن مشروع | دشن مشروع اسكان حي شمال | PER:فيصل PER:سلمان |", NULL);
    assert_string_equal(story_of(c, "b", NULL), "b");
    ak_clusterer_free(c);
}

/* A fire (p) and its injured (q) on one day; fire_bridge: r naming both. */
static void fire_and_injured(ak_clusterer *c, const char *day)
{
    add(c, "p", day, "حريق مصنع جده | حريق مصنع جده دفاع مدني | LOC:جده |", NULL);
    add(c, "q", day, "اصابات عمال | اصابات عمال مستشفي علاج | LOC:جده |", NULL);
}

static void fire_bridge(ak_clusterer *c, const char *day)
{
    add(c, "r", day, "حريق مصنع جده اصابات عمال | حريق مصنع جده اصابات عمال دفاع مدني مستشفي علاج | LOC:جده |", NULL);
}

/* Article i of a run of 900 over four months: ten a day, seven topics, each topic's
 * words changing every five days. */
static void topic_run_article(ak_clusterer *c, int i)
{
    char id[32], day[32], spec[256];
    unsigned d = (unsigned)i / 10, topic = (unsigned)i % 7;
    snprintf(id, sizeof id, "g%03d", i);
    snprintf(day, sizeof day, "2015-%02u-%02u", 1 + d / 28, 1 + d % 28);
    snprintf(spec, sizeof spec, "موضوع%u يوم%u | موضوع%u يوم%u كلمه%d خبر | |", topic, d / 5, topic, d / 5, i % 3);
    add(c, id, day, spec, NULL);
}

static void an_article_matching_two_stories_bridges_them(void **state)
{
    (void)state;
    ak_clusterer *c = bridging();
    background(c, "2015-08-01");
    fire_and_injured(c, "2015-08-02");
    assert_string_equal(story_of(c, "q", NULL), "q");
    size_t before = ak_clusterer_story_count(c);
    fire_bridge(c, "2015-08-03");
    assert_string_equal(story_of(c, "q", NULL), "p");
    assert_string_equal(story_of(c, "r", NULL), "p");
    assert_int_equal(ak_clusterer_story_count(c), before - 1);
    ak_clusterer_free(c);
}

/* The stems of a text, space-separated (ak_story_terms). */
static void terms_of(const char *text, char *out, size_t cap)
{
    char *t = NULL;
    size_t n = 0;
    assert_int_equal(ak_story_terms(text, strlen(text), &t, &n), AK_OK);
    snprintf(out, cap, "%.*s", (int)n, t);
    for (char *p = out; *p; p++)
        if (*p == '\n') *p = ' ';
    ak_free(t);
}

/* Both texts give the same terms. */
static void assert_same_terms(const char *x, const char *y)
{
    char a[256], b[256];
    terms_of(x, a, sizeof a);
    terms_of(y, b, sizeof b);
    assert_string_equal(a, b);
}

/* The accusative with tanween on a final alif stems as the word: إضراباً جديداً is إضراب جديد; a
 * final alif without the mark stays (أمريكا, and إضرابا, which cannot be told). */
static void tanween_alif_goes_with_its_mark(void **state)
{
    (void)state;
    char a[256];
    assert_same_terms("إضراباً جديداً", "الإضراب الجديد");
    terms_of("أمريكا إضرابا", a, sizeof a);
    assert_non_null(strstr(a, "امريكا"));
    assert_non_null(strstr(a, "اضرابا"));
}

/* Letters fold before stemming: hamza and madda alefs to ا, ة to ه, ى to ي, marks and tatweel
 * dropped, Arabic-Indic and Persian digits to ASCII, Latin lower-cased; any other code point,
 * three-byte ones and invalid bytes included, ends a word. */
static void letters_fold_and_other_code_points_split(void **state)
{
    (void)state;
    char a[256];
    assert_same_terms("أحمد إبراهيم آمال مدرسة مستشفى", "احمد ابراهيم امال مدرسه مستشفي");
    assert_same_terms("مَدْرَسَةٌ مـــدرسة", "مدرسه مدرسه");
    terms_of("٢٠١٥ ۲۰۱۵ NEOM", a, sizeof a);
    assert_string_equal(a, "2015 2015 neom ");
    assert_same_terms("مدرسة\xe2\x82\xac\xffمدرسة", "مدرسة مدرسة");
}

static void bad_input_is_refused_with_a_message(void **state)
{
    (void)state;
    ak_clusterer *c = fresh();
    doc x;
    make(&x, "a", "2015-08-02", "س | ص | |", NULL);
    assert_int_equal(ak_clusterer_add(c, &x.d), AK_OK);
    assert_int_equal(ak_clusterer_add(c, &x.d), AK_EINVAL);
    assert_non_null(strstr(ak_last_error(), "'a' added twice"));
    x.d.id = NULL;
    assert_int_equal(ak_clusterer_add(c, &x.d), AK_EINVAL);
    x.d.id = "b";
    x.d.body_terms = NULL;
    assert_int_equal(ak_clusterer_add(c, &x.d), AK_EINVAL);
    ak_story_options o;
    ak_story_options_default(&o);
    o.window_days = 0;
    ak_clusterer *d;
    assert_int_equal(ak_clusterer_new(&d, &o), AK_EINVAL);
    ak_clusterer_free(c);
    ak_clusterer_free(NULL);
}

/* Many days of generated articles: stories leave the window and are retired, and
 * two runs over the same input give the same assignments. */
static void old_stories_retire_and_runs_are_deterministic(void **state)
{
    (void)state;
    char *first = NULL;
    for (int run = 0; run < 2; run++) {
        ak_clusterer *c = fresh();
        for (int i = 0; i < 900; i++) topic_run_article(c, i);
        char *js;
        size_t len;
        assert_int_equal(ak_clusterer_serialize(c, &js, &len), AK_OK);
        assert_non_null(strstr(js, "\"active\":0"));
        assert_non_null(strstr(js, "\"active\":1"));
        if (run == 0) first = js;
        else { assert_string_equal(first, js); ak_free(js); }
        ak_clusterer_free(c);
    }
    ak_free(first);
}

/* What ak_clusterer_drain_final gave: per article, how often and in which story. */
typedef struct drained {
    size_t seen[1024];   /* per article index */
    uint32_t first[1024]; /* per article index: the first article of its story */
    size_t stories, early;
    int done;             /* the input is over: stories given now are not early */
} drained;

static int on_final(void *ctx, uint32_t first, const uint32_t *m, size_t n)
{
    drained *d = ctx;
    assert_true(n >= 1);
    for (size_t i = 0; i < n; i++) {
        assert_true(m[i] < 1024);
        if (i) assert_true(m[i - 1] < m[i]); /* in the order added */
        d->seen[m[i]]++;
        d->first[m[i]] = first;
    }
    d->stories++;
    d->early += !d->done;
    return AK_OK;
}

/* A story retired while articles are still added is given once with all its articles
 * (two stories merged by a bridge come out as one), every other story at the end, and
 * each article's story is the one it ends up in. */
static void final_stories_are_given_once_with_their_articles(void **state)
{
    (void)state;
    ak_clusterer *c = bridging();
    ak_clusterer_track_final(c);
    drained *d = calloc(1, sizeof *d);
    assert_non_null(d);
    background(c, "2014-12-01");
    fire_and_injured(c, "2014-12-02");
    fire_bridge(c, "2014-12-03");
    assert_string_equal(story_of(c, "q", NULL), "p");
    for (int i = 0; i < 900; i++) {
        topic_run_article(c, i);
        assert_int_equal(ak_clusterer_drain_final(c, 0, on_final, d), AK_OK);
    }
    d->done = 1;
    assert_int_equal(ak_clusterer_drain_final(c, 1, on_final, d), AK_OK);
    ak_story_assignment *a;
    size_t n;
    assert_int_equal(ak_clusterer_assignments(c, &a, &n), AK_OK);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(d->seen[i], 1);
        assert_string_equal(a[d->first[i]].article, a[i].story);
    }
    assert_int_equal(d->stories, ak_clusterer_story_count(c));
    assert_true(d->early > 0 && d->early < d->stories);
    /* the bridged story retired early with all three reports */
    uint32_t p = d->first[n - 900 - 3];
    assert_string_equal(a[p].article, "p");
    assert_int_equal(d->first[n - 900 - 2], p);
    assert_int_equal(d->first[n - 900 - 1], p);
    ak_free(a);
    free(d);
    ak_clusterer_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(same_story_joins_and_other_story_stays_apart),
        cmocka_unit_test(final_stories_are_given_once_with_their_articles),
        cmocka_unit_test(same_words_with_other_people_on_one_day_stay_apart),
        cmocka_unit_test(a_follow_up_days_later_in_new_words_joins),
        cmocka_unit_test(one_shared_word_does_not_join_short_articles),
        cmocka_unit_test(shared_leaders_do_not_lift_the_name_conflict),
        cmocka_unit_test(another_spelling_of_the_same_person_is_no_name_conflict),
        cmocka_unit_test(own_people_on_both_sides_keep_formula_reports_apart),
        cmocka_unit_test(a_bridge_never_crosses_a_name_conflict),
        cmocka_unit_test(a_roundup_of_two_countries_does_not_bridge_them),
        cmocka_unit_test(the_king_and_the_crown_prince_receiving_one_visitor_stay_apart),
        cmocka_unit_test(same_words_with_other_figures_on_one_day_stay_apart),
        cmocka_unit_test(same_words_about_another_place_on_one_day_stay_apart),
        cmocka_unit_test(same_words_from_another_country_on_one_day_stay_apart),
        cmocka_unit_test(another_country_speaking_the_next_day_stays_apart),
        cmocka_unit_test(country_names_are_read_whole),
        cmocka_unit_test(congratulations_to_another_country_stay_apart),
        cmocka_unit_test(next_day_report_joins_only_when_it_cites_the_day),
        cmocka_unit_test(duplicate_follows_its_original_and_is_flagged),
        cmocka_unit_test(story_id_is_the_earliest_article_even_out_of_order),
        cmocka_unit_test(same_words_far_apart_in_time_are_separate_stories),
        cmocka_unit_test(shared_entities_and_dates_join_articles_with_few_shared_words),
        cmocka_unit_test(shared_names_alone_do_not_join_dated_articles),
        cmocka_unit_test(an_article_matching_two_stories_bridges_them),
        cmocka_unit_test(tanween_alif_goes_with_its_mark),
        cmocka_unit_test(letters_fold_and_other_code_points_split),
        cmocka_unit_test(bad_input_is_refused_with_a_message),
        cmocka_unit_test(old_stories_retire_and_runs_are_deterministic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
