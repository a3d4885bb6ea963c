/* places.c: a small gazetteer of Saudi places as story stems, for the clusterer's
 * place conflict (docs/story.md, Method): rain on Taif and rain on Jazan, the al-Jouf
 * and the Khaybar labour offices' inspections are one formula about two places.
 *
 * Written for this project from general knowledge of the kingdom's administrative
 * divisions: the 13 regions, their capitals and the larger governorates, each mapped
 * to its region. Each name appears as the stem ak_story_stems gives it (Light10 drops
 * "ال" and endings: الطائف → طائف, جازان → جاز, القنفذة → قنفذ). Names whose stem is
 * a common word or a common family name were left out, as the stem cannot tell them
 * apart: الرياض (رياض, also "sport"), مكة (مك, also "place"), أبها (اب, also "father"),
 * الخبر ("news"), القريات (قر, also "village"), الظهران, الوجه, المجمعة, تربة, الخرج,
 * الدرعية, رنية, العارضة, الليث (a given name), بريدة (also "post"), طريف, عفيف,
 * القويعية (family names), العلا, المهد, حقل, المذنب, شقراء and العريش (also places in
 * Yemen and Egypt). Bisha (Asir) and Besh (Jazan) share the stem بيش: no region.
 * Countries, for the country conflict, follow the Saudi places (ak_story_country). */
#include <stdlib.h>
#include <string.h>

#include "story/features.h"

/* Regions: ids 0-12, also the place id of a region's own name. */
enum { RIYADH, MAKKAH, MADINAH, QASSIM, EASTERN, ASIR, TABUK, HAIL, NORTHERN, JAZAN, NAJRAN, BAHA, JOUF,
       N_REGIONS };
#define NONE 0xFF

typedef struct place { const char *stem; unsigned char place, region; } place;

/* Sorted by stem (bytes), for bsearch; place ids above the regions' name the towns.
 * Spellings of one place (جازان, جيزان, بجازان: Light10 keeps a bare "ب") share an id. */
static const place PLACES[] = {
    {"احساء", 13, EASTERN},     /* الأحساء */
    {"افلاج", 14, RIYADH},      /* الأفلاج */
    {"املج", 15, TABUK},        /* أملج */
    {"باح", BAHA, BAHA},        /* الباحة */
    {"باطن", 16, EASTERN},      /* حفر الباطن */
    {"بجاز", JAZAN, JAZAN},     /* بجازان */
    {"بجد", 17, MAKKAH},        /* بجدة */
    {"برفحاء", 18, NORTHERN},   /* برفحاء */
    {"بقيق", 19, EASTERN},      /* بقيق */
    {"بكير", 20, QASSIM},       /* البكيرية */
    {"بلجرش", 21, BAHA},        /* بلجرشي */
    {"بيش", 22, NONE},          /* بيشة (Asir), بيش (Jazan) */
    {"تبوك", TABUK, TABUK},     /* تبوك */
    {"تثليث", 23, ASIR},        /* تثليث */
    {"تيماء", 24, TABUK},       /* تيماء */
    {"جاز", JAZAN, JAZAN},      /* جازان */
    {"جبيل", 25, EASTERN},      /* الجبيل */
    {"جد", 17, MAKKAH},         /* جدة */
    {"جموم", 26, MAKKAH},       /* الجموم */
    {"جندل", 27, JOUF},         /* دومة الجندل */
    {"جوف", JOUF, JOUF},        /* الجوف */
    {"جيز", JAZAN, JAZAN},      /* جيزان */
    {"حائل", HAIL, HAIL},       /* حائل */
    {"حبونا", 28, NAJRAN},      /* حبونا */
    {"حناك", 29, MADINAH},      /* الحناكية */
    {"خرم", 30, MAKKAH},        /* الخرمة */
    {"خفج", 31, EASTERN},       /* الخفجي */
    {"خليص", 32, MAKKAH},       /* خليص */
    {"خيبر", 33, MADINAH},      /* خيبر */
    {"داير", 34, JAZAN},        /* الداير */
    {"دمام", 35, EASTERN},      /* الدمام */
    {"دوادم", 36, RIYADH},      /* الدوادمي */
    {"رابغ", 37, MAKKAH},       /* رابغ */
    {"رس", 38, QASSIM},         /* الرس */
    {"رفحاء", 18, NORTHERN},    /* رفحاء */
    {"رفيد", 39, ASIR},         /* أحد رفيدة */
    {"زلف", 40, RIYADH},        /* الزلفي */
    {"سكاكا", 41, JOUF},        /* سكاكا */
    {"سليل", 42, RIYADH},       /* السليل */
    {"شرور", 43, NAJRAN},       /* شرورة */
    {"صامط", 44, JAZAN},        /* صامطة */
    {"صبيا", 45, JAZAN},        /* صبيا */
    {"ضباء", 46, TABUK},        /* ضباء */
    {"طائف", 47, MAKKAH},       /* الطائف */
    {"طبرجل", 48, JOUF},        /* طبرجل */
    {"عرعر", 49, NORTHERN},     /* عرعر */
    {"عسير", ASIR, ASIR},       /* عسير */
    {"عنيز", 50, QASSIM},       /* عنيزة */
    {"عويقيل", 51, NORTHERN},   /* العويقيلة */
    {"قصيم", QASSIM, QASSIM},   /* القصيم */
    {"قطيف", 52, EASTERN},      /* القطيف */
    {"قنفذ", 53, MAKKAH},       /* القنفذة */
    {"محايل", 54, ASIR},        /* محايل عسير */
    {"مخوا", 55, BAHA},         /* المخواة */
    {"مشيط", 56, ASIR},         /* خميس مشيط */
    {"منور", MADINAH, MADINAH}, /* المدينة المنورة */
    {"نجر", NAJRAN, NAJRAN},    /* نجران */
    {"نعير", 57, EASTERN},      /* النعيرية */
    {"نماص", 58, ASIR},         /* النماص */
    {"هفوف", 59, EASTERN},      /* الهفوف */
    {"ينبع", 60, MADINAH},      /* ينبع */
};

static int cmp_place(const void *key, const void *elem)
{
    return strcmp(key, ((const place *)elem)->stem);
}

int ak_story_place(const char *stem, unsigned *place_id, unsigned *region_id)
{
    const place *p = bsearch(stem, PLACES, sizeof PLACES / sizeof *PLACES, sizeof *PLACES, cmp_place);
    if (!p || p->place > 63) return 0; /* the clusterer keeps place ids as bits of a 64-bit set */
    *place_id = p->place;
    *region_id = p->region == NONE ? AK_STORY_NO_REGION : p->region;
    return 1;
}

/* Countries, for the country conflict (docs/story.md, Method): the kingdom's and the
 * UAE's condemnations of one crime, the leadership's congratulations to two presidents
 * on their national days, are two happenings in one formula. Written for this project
 * from general knowledge: the world's countries (any of them may be congratulated or
 * visited), with their nationality adjectives, which are often how a country is named
 * (الخارجية الإماراتية → امارات). A stem was kept only when the SaudiNewsNet words that
 * give it are mostly the country's (counted once over the whole corpus); left out so:
 * المجر (مجر: مجرى, مجريات), الجبل الأسود (اسود), الكاميرون (كامير: كاميرات), الغابون
 * (غاب, "forest"), بنين (بن), the adjective الكوبي (كوب, "cup"), and مالي ("financial"). Light10 keeps a bare "ب" or "ل" on
 * short words (بمصر). Capitals are left out: a text's dateline names the filing
 * city ("إيلاف من لندن:", "واس - القاهرة"), and a first line read as the headline then
 * names a country the happening does not (seed 004). The names whose stem is a common
 * word (البحرين → بحر "sea", لبنان → لبن "milk", السوري → سور "wall") or is given by
 * common words too (قطرات → قطر, هند a given name) are read whole by the stemmer
 * (features.c, COUNTRY_WORDS) and come here as their adjective's stem (بحرين, لبنان) or
 * as a stem no word gives (_قطر, _هند, _مغرب). Still left out: سلطنة عمان and عمّان (عم,
 * "uncle"; the adjective العماني counts), a bare تركي (a given name) and جزر القمر
 * ("moon"). The kingdom is المملكة (مملك): a headline naming it names
 * the country that speaks (السعودية, سعود, is also the family name آل سعود). */
enum { UAE, KUWAIT, BAHRAIN, QATAR, OMAN, EGYPT, JORDAN, YEMEN, SYRIA, IRAQ, LEBANON, PALESTINE, SUDAN,
       LIBYA, TUNISIA, ALGERIA, MAURITANIA, SOMALIA, DJIBOUTI, TURKEY, IRAN, RUSSIA, USA, UK, FRANCE,
       GERMANY, CHINA, JAPAN, PAKISTAN, AFGHANISTAN, ISRAEL, MALAYSIA, INDONESIA, ETHIOPIA, KINGDOM, ITALY,
       SPAIN, PORTUGAL, NETHERLANDS, BELGIUM, SWITZERLAND, AUSTRIA, SWEDEN, NORWAY, DENMARK, FINLAND,
       IRELAND, GREECE, CYPRUS, POLAND, CZECH, SLOVAKIA, ROMANIA, BULGARIA, SERBIA, CROATIA, BOSNIA, ALBANIA,
       MACEDONIA, SLOVENIA, UKRAINE, BELARUS, MOLDOVA, LITHUANIA, LATVIA, ESTONIA, ICELAND, LUXEMBOURG,
       MALTA, KOSOVO, BANGLADESH, SRILANKA, NEPAL, MYANMAR, THAILAND, VIETNAM, PHILIPPINES, SINGAPORE, KOREA,
       MONGOLIA, KAZAKHSTAN, UZBEKISTAN, TURKMENISTAN, KYRGYZSTAN, TAJIKISTAN, AZERBAIJAN, ARMENIA, GEORGIA,
       BRUNEI, CAMBODIA, MALDIVES, NIGERIA, NIGER, CHAD, SENEGAL, GUINEA, IVORYCOAST, GHANA, CONGO, ANGOLA,
       ZAMBIA, ZIMBABWE, MOZAMBIQUE, MADAGASCAR, KENYA, UGANDA, TANZANIA, RWANDA, BURUNDI, ERITREA, NAMIBIA,
       TOGO, BURKINA, SIERRALEONE, LIBERIA, GAMBIA, MAURITIUS, MALAWI, CANADA, MEXICO, BRAZIL, ARGENTINA,
       CHILE, PERU, COLOMBIA, VENEZUELA, ECUADOR, BOLIVIA, PARAGUAY, URUGUAY, CUBA, JAMAICA, HAITI,
       DOMINICAN, GUATEMALA, HONDURAS, SALVADOR, NICARAGUA, COSTARICA, PANAMA, AUSTRALIA, NEWZEALAND,
       MOROCCO, INDIA, N_COUNTRIES };
_Static_assert(N_COUNTRIES <= AK_STORY_COUNTRY_IDS, "country ids are bits of the clusterer's country set");

typedef struct country { const char *stem; unsigned char id; } country;

/* Sorted by stem (bytes), for bsearch. */
static const country COUNTRIES[] = {
    {"_قطر", QATAR},
    {"_مغرب", MOROCCO},
    {"_هند", INDIA},
    {"اتراك", TURKEY},
    {"اثيوب", ETHIOPIA},
    {"اثيوبيا", ETHIOPIA},
    {"اذربيج", AZERBAIJAN},
    {"اذربيجان", AZERBAIJAN},
    {"ارجنت", ARGENTINA},
    {"ارجنتين", ARGENTINA},
    {"اردن", JORDAN},
    {"ارمين", ARMENIA},
    {"ارمينيا", ARMENIA},
    {"اريتر", ERITREA},
    {"اريتريا", ERITREA},
    {"اسبان", SPAIN},
    {"اسبانيا", SPAIN},
    {"استرال", AUSTRALIA},
    {"استراليا", AUSTRALIA},
    {"استونيا", ESTONIA},
    {"اسرائيل", ISRAEL},
    {"افغان", AFGHANISTAN},
    {"افغانست", AFGHANISTAN},
    {"افغانستان", AFGHANISTAN},
    {"اكوادور", ECUADOR},
    {"البان", ALBANIA},
    {"المان", GERMANY},
    {"امارات", UAE},
    {"امريك", USA},
    {"امريكا", USA},
    {"اميرك", USA},
    {"اميركا", USA},
    {"اندونيس", INDONESIA},
    {"اندونيسيا", INDONESIA},
    {"انغولا", ANGOLA},
    {"اوروغوا", URUGUAY},
    {"اوزبكست", UZBEKISTAN},
    {"اوغندا", UGANDA},
    {"اوكران", UKRAINE},
    {"اوكرانيا", UKRAINE},
    {"ايران", IRAN},
    {"ايرلند", IRELAND},
    {"ايرلندا", IRELAND},
    {"ايسلندا", ICELAND},
    {"ايطال", ITALY},
    {"ايطاليا", ITALY},
    {"باراغوا", PARAGUAY},
    {"باكست", PAKISTAN},
    {"باكستان", PAKISTAN},
    {"بالكويت", KUWAIT},
    {"بانيا", ALBANIA},
    {"بحرين", BAHRAIN},
    {"برازيل", BRAZIL},
    {"برتغال", PORTUGAL},
    {"برونا", BRUNEI},
    {"بريطان", UK},
    {"بريطانيا", UK},
    {"بسوريا", SYRIA},
    {"بلجيك", BELGIUM},
    {"بلجيكا", BELGIUM},
    {"بلغار", BULGARIA},
    {"بلغاريا", BULGARIA},
    {"بليبيا", LIBYA},
    {"بمصر", EGYPT},
    {"بنغال", BANGLADESH},
    {"بنغلاديش", BANGLADESH},
    {"بنما", PANAMA},
    {"بوركينا", BURKINA},
    {"بوروند", BURUNDI},
    {"بوسن", BOSNIA},
    {"بولند", POLAND},
    {"بولندا", POLAND},
    {"بوليفيا", BOLIVIA},
    {"بيرو", PERU},
    {"بيلاروسيا", BELARUS},
    {"تايلاند", THAILAND},
    {"تركمانست", TURKMENISTAN},
    {"تركيا", TURKEY},
    {"تشاد", CHAD},
    {"تشيك", CZECH},
    {"تشيل", CHILE},
    {"تنزانيا", TANZANIA},
    {"توغو", TOGO},
    {"تونس", TUNISIA},
    {"جامايكا", JAMAICA},
    {"جزائر", ALGERIA},
    {"جورجيا", GEORGIA},
    {"جيبوت", DJIBOUTI},
    {"دنمارك", DENMARK},
    {"دومينيك", DOMINICAN},
    {"رواندا", RWANDA},
    {"روسيا", RUSSIA},
    {"رومان", ROMANIA},
    {"رومانيا", ROMANIA},
    {"زامبيا", ZAMBIA},
    {"زيمبابو", ZIMBABWE},
    {"سريلانك", SRILANKA},
    {"سريلانكا", SRILANKA},
    {"سلفادور", SALVADOR},
    {"سلوفاكيا", SLOVAKIA},
    {"سلوفينيا", SLOVENIA},
    {"سنغافور", SINGAPORE},
    {"سنغال", SENEGAL},
    {"سودان", SUDAN},
    {"سوريا", SYRIA},
    {"سويد", SWEDEN},
    {"سويسر", SWITZERLAND},
    {"سويسرا", SWITZERLAND},
    {"سيرال", SIERRALEONE},
    {"صرب", SERBIA},
    {"صربيا", SERBIA},
    {"صومال", SOMALIA},
    {"صين", CHINA},
    {"طاجيكست", TAJIKISTAN},
    {"عاج", IVORYCOAST},
    {"عراق", IRAQ},
    {"عمان", OMAN},
    {"غامبيا", GAMBIA},
    {"غانا", GHANA},
    {"غواتيمالا", GUATEMALA},
    {"غينيا", GUINEA},
    {"فرنس", FRANCE},
    {"فرنسا", FRANCE},
    {"فلب", PHILIPPINES},
    {"فلبين", PHILIPPINES},
    {"فلسط", PALESTINE},
    {"فلسطين", PALESTINE},
    {"فنزويل", VENEZUELA},
    {"فنزويلا", VENEZUELA},
    {"فنلند", FINLAND},
    {"فنلندا", FINLAND},
    {"فيتنام", VIETNAM},
    {"قبرص", CYPRUS},
    {"قرغيزست", KYRGYZSTAN},
    {"كازاخست", KAZAKHSTAN},
    {"كروات", CROATIA},
    {"كرواتيا", CROATIA},
    {"كمبوديا", CAMBODIA},
    {"كند", CANADA},
    {"كندا", CANADA},
    {"كوبا", CUBA},
    {"كور", KOREA},
    {"كوريا", KOREA},
    {"كوستاريكا", COSTARICA},
    {"كوسوفو", KOSOVO},
    {"كولومب", COLOMBIA},
    {"كولومبيا", COLOMBIA},
    {"كونغو", CONGO},
    {"كويت", KUWAIT},
    {"كين", KENYA},
    {"كينيا", KENYA},
    {"لاتفيا", LATVIA},
    {"لبنان", LEBANON},
    {"لسوريا", SYRIA},
    {"لمصر", EGYPT},
    {"لوكسمبورغ", LUXEMBOURG},
    {"ليب", LIBYA},
    {"ليبيا", LIBYA},
    {"ليبيريا", LIBERIA},
    {"ليتوانيا", LITHUANIA},
    {"مالديف", MALDIVES},
    {"مالطا", MALTA},
    {"ماليز", MALAYSIA},
    {"ماليزيا", MALAYSIA},
    {"مانيا", GERMANY},
    {"مدغشقر", MADAGASCAR},
    {"مصر", EGYPT},
    {"مقدونيا", MACEDONIA},
    {"مكسيك", MEXICO},
    {"ملاو", MALAWI},
    {"مملك", KINGDOM},
    {"منغوليا", MONGOLIA},
    {"موريتان", MAURITANIA},
    {"موريتانيا", MAURITANIA},
    {"موريشيوس", MAURITIUS},
    {"موزمبيق", MOZAMBIQUE},
    {"مولدوفا", MOLDOVA},
    {"ميانمار", MYANMAR},
    {"ناميبيا", NAMIBIA},
    {"نرويج", NORWAY},
    {"نمسا", AUSTRIA},
    {"نمساو", AUSTRIA},
    {"نيبال", NEPAL},
    {"نيجر", NIGER},
    {"نيجير", NIGERIA},
    {"نيجيريا", NIGERIA},
    {"نيكاراغوا", NICARAGUA},
    {"نيوزيلندا", NEWZEALAND},
    {"هايت", HAITI},
    {"هندوراس", HONDURAS},
    {"هولند", NETHERLANDS},
    {"هولندا", NETHERLANDS},
    {"يابان", JAPAN},
    {"يمن", YEMEN},
    {"يون", GREECE},
    {"يونان", GREECE},
};

static int cmp_country(const void *key, const void *elem)
{
    return strcmp(key, ((const country *)elem)->stem);
}

int ak_story_country(const char *stem, unsigned *country_id)
{
    const country *p = bsearch(stem, COUNTRIES, sizeof COUNTRIES / sizeof *COUNTRIES, sizeof *COUNTRIES, cmp_country);
    if (!p) return 0;
    *country_id = p->id;
    return 1;
}
