/* lexicon.c: the time words (months of three calendars, weekdays, units, number words,
 * modifiers) and the tokenizer that looks every token up once, in a single pass. */
#include "time/timex_internal.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text_internal.h"
#include "text/utf8.h"

/* Written as they appear in text; folded (hamza, alef, teh marbuta, yeh, marks)
 * when the table is built, so variants need no separate rows. */
static const tx_entry lexicon[] = {
    /* Gregorian (Egyptian/Gulf) month names */
    {"يناير", C_GMONTH, 1}, {"فبراير", C_GMONTH, 2}, {"مارس", C_GMONTH, 3 | F_AMB},
    {"أبريل", C_GMONTH, 4}, {"إبريل", C_GMONTH, 4}, {"ابريل", C_GMONTH, 4}, {"مايو", C_GMONTH, 5},
    {"يونيو", C_GMONTH, 6}, {"يونيه", C_GMONTH, 6}, {"يوليو", C_GMONTH, 7}, {"يوليه", C_GMONTH, 7},
    {"أغسطس", C_GMONTH, 8}, {"اغسطس", C_GMONTH, 8}, {"أغسطوس", C_GMONTH, 8},
    {"سبتمبر", C_GMONTH, 9}, {"ستمبر", C_GMONTH, 9}, {"أكتوبر", C_GMONTH, 10}, {"اكتوبر", C_GMONTH, 10},
    {"نوفمبر", C_GMONTH, 11}, {"ديسمبر", C_GMONTH, 12},
    /* Maghreb spellings */
    {"جانفي", C_GMONTH, 1}, {"فيفري", C_GMONTH, 2}, {"أفريل", C_GMONTH, 4}, {"جوان", C_GMONTH, 6 | F_AMB | F_WEAK},
    {"جويلية", C_GMONTH, 7}, {"أوت", C_GMONTH, 8 | F_AMB | F_WEAK},
    /* Levantine month names (two-word ones take their second word as C_ORD) */
    {"كانون", C_KANUN, 0}, {"تشرين", C_TISHRIN, 0}, {"شباط", C_LMONTH, 2}, {"آذار", C_LMONTH, 3},
    {"نيسان", C_LMONTH, 4}, {"أيار", C_LMONTH, 5}, {"حزيران", C_LMONTH, 6}, {"تموز", C_LMONTH, 7},
    {"آب", C_LMONTH, 8 | F_AMB | F_WEAK}, {"أيلول", C_LMONTH, 9},
    /* Hijri months (ربيع and جمادى take an ordinal) */
    {"محرم", C_HMONTH, 1 | F_AMB | F_WEAK}, {"صفر", C_HMONTH, 2 | F_AMB | F_WEAK}, {"ربيع", C_RABI, 0}, {"جمادى", C_JUMADA, 0},
    {"جمادي", C_JUMADA, 0}, {"رجب", C_HMONTH, 7 | F_AMB | F_WEAK}, {"شعبان", C_HMONTH, 8 | F_AMB | F_WEAK}, {"رمضان", C_HMONTH, 9 | F_AMB},
    {"شوال", C_HMONTH, 10 | F_AMB}, {"ذو", C_DHU, 0}, {"ذي", C_DHU, 0}, {"القعدة", C_DHUX, 11},
    {"الحجة", C_DHUX, 12},
    /* English month names, for page chrome */
    {"january", C_EMONTH, 1}, {"february", C_EMONTH, 2}, {"march", C_EMONTH, 3}, {"april", C_EMONTH, 4},
    {"may", C_EMONTH, 5 | F_AMB}, {"june", C_EMONTH, 6}, {"july", C_EMONTH, 7}, {"august", C_EMONTH, 8},
    {"september", C_EMONTH, 9}, {"october", C_EMONTH, 10}, {"november", C_EMONTH, 11},
    {"december", C_EMONTH, 12}, {"jan", C_EMONTH, 1}, {"feb", C_EMONTH, 2}, {"mar", C_EMONTH, 3 | F_AMB},
    {"apr", C_EMONTH, 4}, {"jun", C_EMONTH, 6}, {"jul", C_EMONTH, 7}, {"aug", C_EMONTH, 8},
    {"sep", C_EMONTH, 9}, {"sept", C_EMONTH, 9}, {"oct", C_EMONTH, 10}, {"nov", C_EMONTH, 11},
    {"dec", C_EMONTH, 12},
    {"monday", C_EWEEKDAY, 1}, {"tuesday", C_EWEEKDAY, 2}, {"wednesday", C_EWEEKDAY, 3},
    {"thursday", C_EWEEKDAY, 4}, {"friday", C_EWEEKDAY, 5}, {"saturday", C_EWEEKDAY, 6},
    {"sunday", C_EWEEKDAY, 7},
    /* ordinals: second word of كانون/تشرين/ربيع/جمادى, quarters */
    {"الأول", C_ORD, 1}, {"الأولى", C_ORD, 1}, {"أول", C_AWWAL, 1}, {"الثاني", C_ORD, 2},
    {"الثانية", C_ORD, 2}, {"الآخر", C_ORD, 2}, {"الآخرة", C_ORD, 2}, {"الثالث", C_ORD, 3},
    {"الرابع", C_ORD, 4}, {"الخامس", C_ORD, 5}, {"السادس", C_ORD, 6}, {"السابع", C_ORD, 7},
    {"الثامن", C_ORD, 8}, {"التاسع", C_ORD, 9}, {"العاشر", C_ORD, 10},
    /* weekdays (ISO numbers) */
    {"الاثنين", C_WEEKDAY, 1}, {"الإثنين", C_WEEKDAY, 1}, {"الثلاثاء", C_WEEKDAY, 2},
    {"الأربعاء", C_WEEKDAY, 3}, {"الخميس", C_WEEKDAY, 4}, {"الجمعة", C_WEEKDAY, 5},
    {"السبت", C_WEEKDAY, 6}, {"الأحد", C_WEEKDAY, 7},
    /* days relative to the DCT */
    {"اليوم", C_TODAY, 0}, {"أمس", C_RELDAY, -1}, {"البارحة", C_RELDAY, -1}, {"غدا", C_RELDAY, 1},
    {"غداً", C_RELDAY, 1}, {"غد", C_GHAD, 1}, {"الغد", C_GHAD, 1},
    /* calendar units: value = unit code; duals carry F_DUAL, plurals F_PLURAL */
    {"يوم", C_UNIT, U_DAY}, {"يوما", C_UNIT, U_DAY}, {"أيام", C_UNIT, U_DAY | F_PLURAL},
    {"يومين", C_UNIT, U_DAY | F_DUAL}, {"يومان", C_UNIT, U_DAY | F_DUAL},
    {"أسبوع", C_UNIT, U_WEEK}, {"أسبوعا", C_UNIT, U_WEEK}, {"أسابيع", C_UNIT, U_WEEK | F_PLURAL},
    {"أسبوعين", C_UNIT, U_WEEK | F_DUAL}, {"أسبوعان", C_UNIT, U_WEEK | F_DUAL},
    {"شهر", C_UNIT, U_MONTH}, {"شهرا", C_UNIT, U_MONTH}, {"أشهر", C_UNIT, U_MONTH | F_PLURAL},
    {"شهور", C_UNIT, U_MONTH | F_PLURAL}, {"شهرين", C_UNIT, U_MONTH | F_DUAL},
    {"شهران", C_UNIT, U_MONTH | F_DUAL},
    {"عام", C_UNIT, U_YEAR}, {"عاما", C_UNIT, U_YEAR}, {"أعوام", C_UNIT, U_YEAR | F_PLURAL},
    {"عامين", C_UNIT, U_YEAR | F_DUAL}, {"عامان", C_UNIT, U_YEAR | F_DUAL},
    {"سنة", C_UNIT, U_YEAR}, {"سنوات", C_UNIT, U_YEAR | F_PLURAL}, {"سنين", C_UNIT, U_YEAR | F_PLURAL},
    {"سنتين", C_UNIT, U_YEAR | F_DUAL}, {"سنتان", C_UNIT, U_YEAR | F_DUAL},
    {"ساعة", C_UNIT, U_HOUR}, {"ساعات", C_UNIT, U_HOUR | F_PLURAL}, {"ساعتين", C_UNIT, U_HOUR | F_DUAL},
    {"ساعتان", C_UNIT, U_HOUR | F_DUAL},
    {"دقيقة", C_UNIT, U_MIN}, {"دقائق", C_UNIT, U_MIN | F_PLURAL}, {"دقيقتين", C_UNIT, U_MIN | F_DUAL},
    {"ثانيتين", C_SECS2, 0}, {"ثانيتان", C_SECS2, 0}, /* two seconds: seconds have no unit of their own */
    {"عقد", C_UNIT, U_DECADE}, {"عقود", C_UNIT, U_DECADE | F_PLURAL}, {"عقدين", C_UNIT, U_DECADE | F_DUAL},
    {"قرن", C_UNIT, U_CENTURY}, {"قرنا", C_UNIT, U_CENTURY}, {"قرون", C_UNIT, U_CENTURY | F_PLURAL},
    {"قرنين", C_UNIT, U_CENTURY | F_DUAL},
    {"الأسبوع", C_UNIT, U_WEEK | F_DEF}, {"الشهر", C_UNIT, U_MONTH | F_DEF},
    {"العام", C_UNIT, U_YEAR | F_DEF}, {"السنة", C_UNIT, U_YEAR | F_DEF},
    {"الأشهر", C_UNIT, U_MONTH | F_PLURAL | F_DEF}, {"الشهور", C_UNIT, U_MONTH | F_PLURAL | F_DEF},
    {"الأيام", C_UNIT, U_DAY | F_PLURAL | F_DEF},
    {"السنوات", C_UNIT, U_YEAR | F_PLURAL | F_DEF}, {"الأعوام", C_UNIT, U_YEAR | F_PLURAL | F_DEF},
    {"الأسابيع", C_UNIT, U_WEEK | F_PLURAL | F_DEF}, {"الساعات", C_UNIT, U_HOUR | F_PLURAL | F_DEF},
    {"العقود", C_UNIT, U_DECADE | F_PLURAL | F_DEF}, {"القرون", C_UNIT, U_CENTURY | F_PLURAL | F_DEF},
    /* definite duals: durations only with a direction ("خلال العامين الماضيين") */
    {"اليومين", C_UNIT, U_DAY | F_DUAL | F_DEF}, {"الأسبوعين", C_UNIT, U_WEEK | F_DUAL | F_DEF},
    {"الشهرين", C_UNIT, U_MONTH | F_DUAL | F_DEF}, {"العامين", C_UNIT, U_YEAR | F_DUAL | F_DEF},
    {"السنتين", C_UNIT, U_YEAR | F_DUAL | F_DEF}, {"الساعتين", C_UNIT, U_HOUR | F_DUAL | F_DEF},
    {"العقدين", C_UNIT, U_DECADE | F_DUAL | F_DEF}, {"القرنين", C_UNIT, U_CENTURY | F_DUAL | F_DEF},
    /* number words */
    {"واحد", C_NUMW, 1}, {"واحدة", C_NUMW, 1}, {"واحدا", C_NUMW, 1}, {"اثنان", C_NUMW, 2}, {"اثنين", C_NUMW, 2},
    {"ثلاث", C_NUMW, 3}, {"ثلاثة", C_NUMW, 3}, {"أربع", C_NUMW, 4}, {"أربعة", C_NUMW, 4},
    {"خمس", C_NUMW, 5}, {"خمسة", C_NUMW, 5}, {"ست", C_NUMW, 6}, {"ستة", C_NUMW, 6},
    {"سبع", C_NUMW, 7}, {"سبعة", C_NUMW, 7}, {"ثماني", C_NUMW, 8}, {"ثمانية", C_NUMW, 8},
    {"ثمان", C_NUMW, 8}, {"تسع", C_NUMW, 9}, {"تسعة", C_NUMW, 9}, {"عشر", C_NUMW, 10},
    {"عشرة", C_NUMW, 10}, {"عشرين", C_NUMW, 20}, {"عشرون", C_NUMW, 20}, {"ثلاثين", C_NUMW, 30},
    {"ثلاثون", C_NUMW, 30}, {"أربعين", C_NUMW, 40}, {"خمسين", C_NUMW, 50}, {"ستين", C_NUMW, 60},
    {"سبعين", C_NUMW, 70}, {"ثمانين", C_NUMW, 80}, {"تسعين", C_NUMW, 90}, {"مئة", C_NUMW, 100},
    /* the tens in the nominative, as عشرون and ثلاثون ("مهلة مدتها ستون يوم عمل") */
    {"أربعون", C_NUMW, 40}, {"خمسون", C_NUMW, 50}, {"ستون", C_NUMW, 60}, {"سبعون", C_NUMW, 70},
    {"ثمانون", C_NUMW, 80}, {"تسعون", C_NUMW, 90},
    {"مائة", C_NUMW, 100}, {"بضعة", C_NUMW, -1}, {"بضع", C_NUMW, -1}, {"عدة", C_NUMW, -1},
    /* two hundred in its cases and spellings, and the hundreds written as one word */
    {"مائتي", C_NUMW, 200}, {"مئتي", C_NUMW, 200}, {"مائتين", C_NUMW, 200}, {"مئتين", C_NUMW, 200},
    {"مائتا", C_NUMW, 200}, {"مئتا", C_NUMW, 200}, {"ثلاثمائة", C_NUMW, 300}, {"ثلاثمئة", C_NUMW, 300},
    {"أربعمائة", C_NUMW, 400}, {"أربعمئة", C_NUMW, 400}, {"خمسمائة", C_NUMW, 500}, {"خمسمئة", C_NUMW, 500},
    {"ستمائة", C_NUMW, 600}, {"ستمئة", C_NUMW, 600}, {"سبعمائة", C_NUMW, 700}, {"سبعمئة", C_NUMW, 700},
    {"ثمانمائة", C_NUMW, 800}, {"ثمانمئة", C_NUMW, 800}, {"تسعمائة", C_NUMW, 900}, {"تسعمئة", C_NUMW, 900},
    /* direction after a unit, month or weekday */
    {"الماضي", C_DIR, D_PAST}, {"الماضية", C_DIR, D_PAST}, {"المنصرم", C_DIR, D_PAST},
    {"المنصرمة", C_DIR, D_PAST}, {"الفائت", C_DIR, D_PAST}, {"الفائتة", C_DIR, D_PAST},
    {"الفارط", C_DIR, D_PAST}, {"الفارطة", C_DIR, D_PAST}, /* Maghrebi "past": "الأحد الفارط" */
    {"السابق", C_DIR, D_PAST}, {"السابقة", C_DIR, D_PAST},
    {"المقبل", C_DIR, D_NEXT}, {"المقبلة", C_DIR, D_NEXT}, {"القادم", C_DIR, D_NEXT},
    {"القادمة", C_DIR, D_NEXT}, {"التالي", C_DIR, D_NEXT},
    {"المقبلين", C_DIR, D_NEXT}, {"المقبلتين", C_DIR, D_NEXT}, {"القادمين", C_DIR, D_NEXT},
    {"الماضيين", C_DIR, D_PAST}, {"الماضيتين", C_DIR, D_PAST}, {"السابقين", C_DIR, D_PAST}, {"السابقتين", C_DIR, D_PAST},
    {"الحالي", C_DIR, D_THIS}, {"الحالية", C_DIR, D_THIS}, {"الجاري", C_DIR, D_THIS},
    {"الجارية", C_DIR, D_THIS},
    {"ذاته", C_DIR, D_SAME}, {"ذاتها", C_DIR, D_SAME}, {"نفسه", C_DIR, D_SAME}, {"نفسها", C_DIR, D_SAME},
    {"النفسه", C_DIR, D_SAME}, /* the article slipped onto the pronoun: "في اليوم النفسه" */
    {"هذا", C_THIS, 0}, {"هذه", C_THIS, 0},
    /* part of a period */
    {"بداية", C_MOD, M_START}, {"مطلع", C_MOD, M_START}, {"أوائل", C_MOD, M_START},
    {"مستهل", C_MOD, M_START},
    {"منتصف", C_MOD, M_MID}, {"أواسط", C_MOD, M_MID}, {"وسط", C_MOD, M_MID},
    {"مطالع", C_MOD, M_START}, {"بدايات", C_MOD, M_START}, {"نهايات", C_MOD, M_END},
    {"نهاية", C_MOD, M_END}, {"أواخر", C_MOD, M_END}, {"آخر", C_MOD, M_END}, {"ختام", C_MOD, M_END},
    /* seasons and quarters */
    {"الصيف", C_SEASON, 1}, {"صيف", C_SEASON, 1}, {"الشتاء", C_SEASON, 2}, {"شتاء", C_SEASON, 2},
    {"الربيع", C_SEASON, 3}, {"الخريف", C_SEASON, 4}, {"خريف", C_SEASON, 4},
    {"الربع", C_QUARTER, 0}, {"ربع", C_QUARTER, 0}, {"النصف", C_HALF, 0}, {"الثلث", C_THIRD, 0},
    /* heads of names that embed dates ("شارع 31 يوليو", "ثورة 23 يوليو") */
    {"شارع", C_NAMEHEAD, 0}, {"ميدان", C_NAMEHEAD, 0}, {"جسر", C_NAMEHEAD, 0}, {"ساحة", C_NAMEHEAD, 0},
    {"ثورة", C_NAMEHEAD, 0}, {"حركة", C_NAMEHEAD, 0}, {"مدرسة", C_NAMEHEAD, 0}, {"مدينة", C_NAMEHEAD, 0},
    {"حي", C_NAMEHEAD, 0}, {"جامعة", C_NAMEHEAD, 0}, {"ملعب", C_NAMEHEAD, 0},
    /* Lebanon's blocs named by a day ("قوى 8 آذار", "تيار 14 آذار", "فريق 8 آذار") */
    {"قوى", C_NAMEHEAD, 0}, {"تيار", C_NAMEHEAD, 0}, {"تحالف", C_NAMEHEAD, 0}, {"فريق", C_NAMEHEAD, 0},
    /* clock words */
    {"الساعة", C_HOURW, 0}, {"صباحا", C_AMPM, 0}, {"صباح", C_AMPM, 0}, {"فجرا", C_AMPM, 0},
    {"فجر", C_AMPM, 0}, {"سحر", C_AMPM, 0}, {"ظهرا", C_AMPM, 11}, {"ظهر", C_AMPM, 11}, {"ظهيرة", C_AMPM, 11}, {"عصرا", C_AMPM, 12},
    {"عصر", C_AMPM, 12}, {"مساء", C_AMPM, 12}, {"مساءً", C_AMPM, 12}, {"مساءا", C_AMPM, 12},
    {"ليلا", C_AMPM, 13}, {"ليلة", C_AMPM, 13}, {"ليل", C_AMPM, 13}, {"مغرب", C_AMPM, 12}, {"مغربا", C_AMPM, 12},
    {"am", C_AMPM, 0}, {"pm", C_AMPM, 12},
    {"بتوقيت", C_TZ, 0}, {"توقيت", C_TZ, 0}, {"gmt", C_TZW, 0}, {"غرينتش", C_TZW, 0},
    {"غرينيتش", C_TZW, 0}, {"جرينتش", C_TZW, 0}, {"مكة", C_TZW, 0}, {"المكرمة", C_TZW, 0},
    {"بغداد", C_TZW, 0}, {"القدس", C_TZW, 0}, {"دمشق", C_TZW, 0}, {"القاهرة", C_TZW, 0},
    {"الرياض", C_TZW, 0}, {"بيروت", C_TZW, 0}, {"المحلي", C_TZW, 0}, {"العالمي", C_TZW, 0},
    {"utc", C_TZW, 0},
    /* clock hours in words, after الساعة */
    {"الواحدة", C_HOURN, 1}, {"الثالثة", C_HOURN, 3}, {"الرابعة", C_HOURN, 4}, {"الخامسة", C_HOURN, 5},
    {"السادسة", C_HOURN, 6}, {"السابعة", C_HOURN, 7}, {"الثامنة", C_HOURN, 8}, {"التاسعة", C_HOURN, 9},
    {"العاشرة", C_HOURN, 10}, {"الحادية", C_HOURN, 11}, {"الثانية", C_HOURN, 2},
    /* era marks */
    {"هـ", C_HMARK, 0}, {"ه", C_HMARK, 0}, {"هجري", C_HMARK, 0}, {"هجرية", C_HMARK, 0},
    {"للهجرة", C_HMARK, 0}, {"الهجري", C_HMARK, 0}, {"الهجرية", C_HMARK, 0}, {"م", C_GMARK, 0}, {"ميلادي", C_GMARK, 0}, {"ميلادية", C_GMARK, 0},
    {"للميلاد", C_GMARK, 0}, {"الميلادي", C_GMARK, 0}, {"الميلادية", C_GMARK, 0},
    {"القرن", C_UNIT, U_CENTURY | F_DEF},
    /* function words the patterns use */
    {"في", C_PREP, P_IN}, {"من", C_PREP, P_FROM}, {"إلى", C_PREP, P_TO}, {"الى", C_PREP, P_TO},
    {"حتى", C_PREP, P_UNTIL}, {"قبل", C_PREP, P_BEFORE}, {"بعد", C_PREP, P_AFTER},
    {"منذ", C_PREP, P_SINCE}, {"خلال", C_PREP, P_DURING}, {"لمدة", C_PREP, P_FOR},
    {"مدة", C_PREP, P_FOR}, {"طوال", C_PREP, P_FOR}, {"مدى", C_PREP, P_FOR}, {"مدار", C_PREP, P_FOR}, {"طيلة", C_PREP, P_FOR}, {"بين", C_PREP, P_BETWEEN},
    {"غضون", C_PREP, P_DURING}, /* "في غضون أسبوع": within, as خلال */
    {"و", C_AND, 0}, {"يوم", C_UNIT, U_DAY}, {"شهر", C_UNIT, U_MONTH}, {"كل", C_EVERY, 0},
    {"بشكل", C_MANNER, 0}, {"بصورة", C_MANNER, 0}, {"بصفة", C_MANNER, 0},
    {"فصلي", C_SETADJ, S_QUARTER}, {"فصليا", C_SETADJ, S_QUARTER}, {"فصلية", C_SETADJ, S_QUARTER},
    {"سنوي", C_SETADJ, S_YEAR}, {"سنويا", C_SETADV, S_YEAR}, {"سنوية", C_SETADJ, S_YEAR},
    {"شهري", C_SETADJ, S_MONTH}, {"شهريا", C_SETADV, S_MONTH}, {"شهرية", C_SETADJ, S_MONTH},
    {"يومي", C_SETADJ, S_DAY}, {"يوميا", C_SETADV, S_DAY}, {"يومية", C_SETADJ, S_DAY},
    {"أسبوعي", C_SETADJ, S_WEEK}, {"أسبوعيا", C_SETADV, S_WEEK}, {"أسبوعية", C_SETADJ, S_WEEK},
    {"الوطني", C_DAYADJ, 0}, {"الدولي", C_DAYADJ, 0}, {"الأخير", C_DAYADJ, 0}, {"المفتوح", C_DAYADJ, 0},
    /* "فعاليات اليوم العلمي", "اليوم التاريخي الذي شهدته واشنطن": a day named by what it holds */
    {"التاريخي", C_DAYADJ, 0}, {"العلمي", C_DAYADJ, 0}, {"التدريبي", C_DAYADJ, 0}, {"الثقافي", C_DAYADJ, 0},
    {"التعريفي", C_DAYADJ, 0}, {"الترفيهي", C_DAYADJ, 0}, {"التوعوي", C_DAYADJ, 0}, {"الفلاني", C_DAYADJ, 0},
    {"الدراسي", C_DAYADJ, 0}, {"المشهود", C_DAYADJ, 0}, {"الموعود", C_DAYADJ, 0},
    {"المحدد", C_DAYADJ, 0}, /* "في اليوم المحدد": the appointed day */
    /* "اليوم الختامي/الافتتاحي": a festival's last or first day ("اليوم العالمي", a world day, is a
     * zone word too: timex.c asks for it by name) */
    {"الختامي", C_DAYADJ, 0}, {"الافتتاحي", C_DAYADJ, 0},
    {"سوف", C_FUTURE, 0}, {"المقرر", C_FUTURE, 0}, {"المقررة", C_FUTURE, 0}, {"مقرر", C_FUTURE, 0},
    {"المرتقب", C_FUTURE, 0}, {"المرتقبة", C_FUTURE, 0},
    /* forward cues: expectation, intent, appointed dates (anywhere shortly before a date) */
    {"يتوقع", C_FUTURE, 0}, {"يتوقعون", C_FUTURE, 0}, {"تتوقع", C_FUTURE, 0}, {"متوقع", C_FUTURE, 0},
    {"المتوقع", C_FUTURE, 5}, {"يعتزم", C_FUTURE, 0}, {"تعتزم", C_FUTURE, 0}, {"ينتظر", C_FUTURE, 0},
    {"المنتظر", C_FUTURE, 0}, {"المزمع", C_FUTURE, 0}, {"مزمع", C_FUTURE, 0},
    /* about to: "بصدد عقد اجتماع يوم الإثنين" is the coming Monday (a start told in the present,
     * "يبدأ ... يوم الأحد", is as often a habit or a stamp's own day: not a cue) */
    {"بصدد", C_FUTURE, 0},
    /* a cue only together: "موعد بدء", "الموعد النهائي", "موعد أقصاه" */
    {"موعد", C_FUTURE, 4}, {"الموعد", C_FUTURE, 4}, {"بدء", C_FUTURE, 3}, {"انطلاق", C_FUTURE, 3},
    {"نهائي", C_FUTURE, 3}, {"النهائي", C_FUTURE, 3}, {"أقصاه", C_FUTURE, 3},
    /* deadlines and starts, and futures contracts: only right before a date ("اعتبارا من") */
    {"بحلول", C_FUTURE, 1}, {"اعتبارا", C_FUTURE, 1}, {"ابتداء", C_FUTURE, 1}, {"بدءا", C_FUTURE, 1}, {"تسليم", C_FUTURE, 1}, {"غرة", C_GHURRA, 1}, {"فاتح", C_GHURRA, 1}, {"مستهل", C_MOD, M_START}, {"عشية", C_MOD, M_APPROX},
    /* decades ("الثمانينيات" = 198X; the century comes from "من القرن الماضي" or defaults to 19) */
    {"العشرينات", C_DECADEW, 2}, {"العشرينيات", C_DECADEW, 2}, {"الثلاثينات", C_DECADEW, 3},
    {"الثلاثينيات", C_DECADEW, 3}, {"الأربعينات", C_DECADEW, 4}, {"الأربعينيات", C_DECADEW, 4},
    {"الخمسينات", C_DECADEW, 5}, {"الخمسينيات", C_DECADEW, 5}, {"الستينات", C_DECADEW, 6},
    {"الستينيات", C_DECADEW, 6}, {"السبعينات", C_DECADEW, 7}, {"السبعينيات", C_DECADEW, 7},
    {"الثمانينات", C_DECADEW, 8}, {"الثمانينيات", C_DECADEW, 8}, {"التسعينات", C_DECADEW, 9},
    {"التسعينيات", C_DECADEW, 9},
    /* without the article a decade only in construct with its century ("سبعينات القرن الماضي") */
    {"عشرينات", C_DECADEW, 2 | DEC_BARE}, {"عشرينيات", C_DECADEW, 2 | DEC_BARE}, {"ثلاثينات", C_DECADEW, 3 | DEC_BARE},
    {"ثلاثينيات", C_DECADEW, 3 | DEC_BARE}, {"أربعينات", C_DECADEW, 4 | DEC_BARE}, {"أربعينيات", C_DECADEW, 4 | DEC_BARE},
    {"خمسينات", C_DECADEW, 5 | DEC_BARE}, {"خمسينيات", C_DECADEW, 5 | DEC_BARE}, {"ستينات", C_DECADEW, 6 | DEC_BARE},
    {"ستينيات", C_DECADEW, 6 | DEC_BARE}, {"سبعينات", C_DECADEW, 7 | DEC_BARE}, {"سبعينيات", C_DECADEW, 7 | DEC_BARE},
    {"ثمانينات", C_DECADEW, 8 | DEC_BARE}, {"ثمانينيات", C_DECADEW, 8 | DEC_BARE}, {"تسعينات", C_DECADEW, 9 | DEC_BARE},
    {"تسعينيات", C_DECADEW, 9 | DEC_BARE},
    /* "بين عامي 2002 و2012": a range of years; "قبل الميلاد"; "العام الجديد" */
    {"حقبة", C_EVENT, 1}, {"فترة", C_EVENT, 2}, {"مرحلة", C_EVENT, 2}, {"زمن", C_EVENT, 2}, {"جيل", C_EVENT, 2}, {"عامي", C_YEARS2, 0}, {"سنتي", C_YEARS2, 0}, {"الميلاد", C_BCW, 0},
    {"الجديد", C_NEWADJ, 0}, {"الجديدة", C_NEWADJ, 0},
    /* "الشهر الكريم/الفضيل/المبارك": Ramadan, in Saudi news as often as its name */
    {"الكريم", C_HOLYADJ, 9}, {"الفضيل", C_HOLYADJ, 9}, {"المبارك", C_HOLYADJ, 9},
    /* approximators inside a quantity: "قبل نحو عامين", "منذ قرابة شهر"; "30 ربيعا" is an age, as
     * "ذي الـ 60 خريفاً" is (and "قبل أكثر من خمسين خريفا" fifty years) */
    {"نحو", C_APPROX, 0}, {"حوالي", C_APPROX, 0}, {"قرابة", C_APPROX, 0}, {"زهاء", C_APPROX, 0},
    {"ربيعا", C_UNIT, U_YEAR}, {"خريفا", C_UNIT, U_YEAR},
    /* a famous day named without its year: "أحداث الحادي عشر من سبتمبر", "11 سبتمبر الشهير" */
    {"أحداث", C_INCIDENT, 0}, {"هجمات", C_INCIDENT, 0}, {"اعتداءات", C_INCIDENT, 0}, {"تفجيرات", C_INCIDENT, 0},
    {"حوادث", C_INCIDENT, 0}, {"الشهير", C_INCIDENT, 1}, {"الشهيرة", C_INCIDENT, 1},
    /* events named by their year: "كأس 2014", "3 كؤوس عالم 2006 و2010", "مونديال 2022",
     * "انتخابات 2012", "دوري أبطال أوروبا 2012"; "فاتح يناير" (above) is the first day, as "غرة" */
    {"كأس", C_EVENT, 0}, {"كؤوس", C_EVENT, 0}, {"مونديال", C_EVENT, 0}, {"أولمبياد", C_EVENT, 0},
    {"بطولة", C_EVENT, 0}, {"انتخابات", C_EVENT, 0}, {"موسم", C_EVENT, 0}, {"ميزانية", C_EVENT, 0},
    {"موازنة", C_EVENT, 0}, {"دورة", C_EVENT, 0}, {"مهرجان", C_EVENT, 0}, {"دوري", C_EVENT, 0}, {"الدوري", C_EVENT, 0},
    /* and crises and wars: "منذ الأزمة المالية 2008", "حرب 1967" */
    {"أزمة", C_EVENT, 0}, {"الأزمة", C_EVENT, 0}, {"حرب", C_EVENT, 0}, {"الحرب", C_EVENT, 0},
    /* and uprisings, defeats and the lines they drew, the year right after: "انتفاضة 2011",
     * "هزيمة 1967", "حدود 1967" */
    {"انتفاضة", C_EVENT, 1}, {"حدود", C_EVENT, 1}, {"خط", C_EVENT, 1},
    {"هزيمة", C_EVENT, 1}, {"نكسة", C_EVENT, 1}, {"نكبة", C_EVENT, 1},
    /* and fairs, forums and programmes: "معرض اكسبو ميلانو 2015", "منتدى الرياض الاقتصادي 2015",
     * "برنامج موهبة الصيفي 2015" */
    {"برنامج", C_EVENT, 0}, {"البرنامج", C_EVENT, 0}, {"معرض", C_EVENT, 0}, {"اكسبو", C_EVENT, 0}, {"إكسبو", C_EVENT, 0}, {"أكسبو", C_EVENT, 0},
    /* and prizes and cars, their year or model after the name: "جائزة البوكر 2016", "سيارة كابرس 2006" */
    {"جائزة", C_EVENT, 0}, {"سيارة", C_EVENT, 0}, {"سياره", C_EVENT, 0}, {"السيارة", C_EVENT, 0},
    {"منتدى", C_EVENT, 0}, {"مؤتمر", C_EVENT, 0}, {"ملتقى", C_EVENT, 0},
    /* and with the article: "المنتدى الوطني لسيدات الأعمال 2015" */
    {"المنتدى", C_EVENT, 0}, {"المؤتمر", C_EVENT, 0}, {"الملتقى", C_EVENT, 0}, {"المعرض", C_EVENT, 0},
    {"المهرجان", C_EVENT, 0}, {"بينالي", C_EVENT, 0}, {"سباق", C_EVENT, 0},
    /* and a title a city holds for a year: "عاصمة الثقافة الإسلامية 2017" */
    {"عاصمة", C_EVENT, 0},
    /* and games: "الألعاب الأولمبية الشتوية 2022", "ألعاب آسيا 2018" */
    {"ألعاب", C_EVENT, 0}, {"الألعاب", C_EVENT, 0},
    /* the European championship named by its year, "تصفيات يورو 2016" (not an amount in euros) */
    {"يورو", C_EVENT, 1},
    /* and the South American one, "كوبا أميركا 2015" (Cuba itself is rarely followed by a year) */
    {"كوبا", C_EVENT, 0},
    /* accusative plurals without a count: "استمر عقودا" */
    {"عقودا", C_UNIT, U_DECADE | F_PLURAL | F_ACC}, {"أياما", C_UNIT, U_DAY | F_PLURAL | F_ACC},
    {"شهورا", C_UNIT, U_MONTH | F_PLURAL | F_ACC}, {"أعواما", C_UNIT, U_YEAR | F_PLURAL | F_ACC},
    {"قرونا", C_UNIT, U_CENTURY | F_PLURAL | F_ACC}, {"أشهرا", C_UNIT, U_MONTH | F_PLURAL | F_ACC},
    /* compound ordinal days: "الحادي عشر", "السادس والعشرين", "الثلاثين"; "كانون ثاني" */
    {"الحادي", C_ORD, 1}, {"العشرين", C_ORD, 20}, {"الثلاثين", C_ORD, 30}, {"ثاني", C_ORD, 2},
    /* aims point forward like plans: "نتطلع أن تنهي ... قبل ديسمبر" */
    {"نتطلع", C_FUTURE, 0}, {"يتطلع", C_FUTURE, 0}, {"تتطلع", C_FUTURE, 0}, {"نأمل", C_FUTURE, 0},
    {"يأمل", C_FUTURE, 0}, {"تأمل", C_FUTURE, 0}, {"يطمح", C_FUTURE, 0}, {"تطمح", C_FUTURE, 0},
    {"نطمح", C_FUTURE, 0},
    {"posted", C_CHROME, 0}, {"on", C_CHROME, 0}, {"updated", C_CHROME, 0}, {"published", C_CHROME, 0},
    {"at", C_CHROME, 0}, {"تاريخ", C_CHROME, 0}, {"النشر", C_CHROME, 0}, {"نشر", C_CHROME, 0},
    {"آخر", C_MOD, M_END}, {"تحديث", C_CHROME, 0}, {"الموافق", C_EQUIV, 0}, {"الموافقة", C_EQUIV, 0},
};

#define NLEX (sizeof lexicon / sizeof lexicon[0])
#define HSIZE 2048u

typedef struct {
    char key[TX_WMAX];
    uint8_t len;
    int16_t cls;
    int32_t val;
} slot;

static slot table[HSIZE];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static uint32_t hash(const char *s, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static int is_mark(uint32_t c)
{
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640 || (c >= 0x06D6 && c <= 0x06ED);
}

/* Folds one code point for matching; returns 0 to drop it. */
static uint32_t fold_cp(uint32_t c)
{
    if (is_mark(c))
        return 0;
    switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627; /* alef forms */
    case 0x0629: return 0x0647;                                        /* teh marbuta */
    case 0x0649: return 0x064A;                                        /* alef maqsura */
    case 0x06CC: return 0x064A;                                        /* Farsi yeh */
    case 0x06A9: return 0x0643;                                        /* keheh */
    default: break;
    }
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    return c;
}

size_t tx_fold(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        unsigned char b = (unsigned char)s[i];
        /* fast paths: ASCII and two-byte letters (all of Arabic) fold without re-encoding */
        if (b < 0x80) {
            if (o + 1 >= cap)
                return 0;
            out[o++] = (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
            i++;
            continue;
        }
        if ((b & 0xE0) == 0xC0 && i + 1 < n && ((unsigned char)s[i + 1] & 0xC0) == 0x80 && b >= 0xC2) {
            uint32_t c2 = fold_cp(((uint32_t)(b & 0x1F) << 6) | ((unsigned char)s[i + 1] & 0x3F));
            i += 2;
            if (!c2)
                continue;
            if (o + 2 >= cap)
                return 0;
            out[o++] = (char)(0xC0 | (c2 >> 6));
            out[o++] = (char)(0x80 | (c2 & 0x3F));
            continue;
        }
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (k == 0)
            k = 1;
        i += k;
        c = fold_cp(c);
        if (!c)
            continue;
        char tmp[4];
        size_t m = ak_utf8_encode(c, tmp);
        if (o + m >= cap)
            return 0;
        memcpy(out + o, tmp, m);
        o += m;
    }
    out[o] = '\0';
    return o;
}

/* The next folded code point of s from *i (dropped ones skipped), UINT32_MAX at the end
 * (n bytes, or a NUL when n is SIZE_MAX): the code points tx_fold writes, one at a time. */
static inline uint32_t next_folded(const char *s, size_t n, size_t *i)
{
    while (*i < n) {
        unsigned char b = (unsigned char)s[*i];
        if (b < 0x80) {
            if (!b && n == SIZE_MAX)
                break;
            (*i)++;
            return b >= 'A' && b <= 'Z' ? (uint32_t)b + 32 : b;
        }
        uint32_t c;
        if ((b & 0xE0) == 0xC0 && b >= 0xC2 && *i + 1 < n && ((unsigned char)s[*i + 1] & 0xC0) == 0x80) {
            c = ((uint32_t)(b & 0x1F) << 6) | ((unsigned char)s[*i + 1] & 0x3F);
            *i += 2;
        } else {
            size_t k = ak_utf8_decode((const unsigned char *)s + *i, n == SIZE_MAX ? strlen(s + *i) : n - *i, &c);
            *i += k ? k : 1;
        }
        if ((c = fold_cp(c)))
            return c;
    }
    return UINT32_MAX;
}

int tx_fold_eq(const char *s, size_t n, const char *w, int prefix)
{
    size_t i = 0, j = 0;
    for (;;) {
        uint32_t b = next_folded(w, SIZE_MAX, &j);
        if (b == UINT32_MAX)
            return prefix || next_folded(s, n, &i) == UINT32_MAX;
        if (next_folded(s, n, &i) != b)
            return 0;
    }
}

static void build(void)
{
    for (size_t i = 0; i < NLEX; i++) {
        char k[TX_WMAX];
        size_t n = tx_fold(lexicon[i].form, strlen(lexicon[i].form), k, sizeof k);
        if (!n)
            continue;
        uint32_t h = hash(k, n) & (HSIZE - 1);
        while (table[h].len && !(table[h].len == n && memcmp(table[h].key, k, n) == 0))
            h = (h + 1) & (HSIZE - 1);
        if (table[h].len)
            continue; /* first row wins */
        memcpy(table[h].key, k, n);
        table[h].len = (uint8_t)n;
        table[h].cls = lexicon[i].cls;
        table[h].val = lexicon[i].val;
    }
}

void tx_lexicon_init(void)
{
    pthread_once(&once, build);
}

static const slot *find(const char *k, size_t n)
{
    if (n == 0 || n >= TX_WMAX)
        return NULL;
    uint32_t h = hash(k, n) & (HSIZE - 1);
    while (table[h].len) {
        if (table[h].len == n && memcmp(table[h].key, k, n) == 0)
            return &table[h];
        h = (h + 1) & (HSIZE - 1);
    }
    return NULL;
}

#define AR_WAW "\xd9\x88"
#define AR_FEH "\xd9\x81"
#define AR_BEH "\xd8\xa8"
#define AR_LAM "\xd9\x84"
#define AR_KAF "\xd9\x83"
#define AR_AL "\xd8\xa7\xd9\x84"

/* Looks a folded word up, peeling conjunction (و ف), preposition (ب ل ك) and
 * article clitics in turn; the first hit wins, so whole words shadow parts. */
static void lookup(tx_tok *t, const char *k, size_t n)
{
    const slot *s = find(k, n);
    int clitic = 0;
    if (!s && n > 4 && (memcmp(k, AR_WAW, 2) == 0 || memcmp(k, AR_FEH, 2) == 0)) {
        k += 2, n -= 2, clitic = 1;
        s = find(k, n);
    }
    if (!s && n > 4 && (memcmp(k, AR_BEH, 2) == 0 || memcmp(k, AR_LAM, 2) == 0 || memcmp(k, AR_KAF, 2) == 0)) {
        if (n > 6 && memcmp(k, AR_LAM AR_LAM, 4) == 0) {
            /* لل + noun = ل + ال + noun */
            char tmp[TX_WMAX];
            memcpy(tmp, AR_AL, 4);
            if (n - 4 + 4 < sizeof tmp) {
                memcpy(tmp + 4, k + 4, n - 4);
                s = find(tmp, n);
            }
        }
        if (!s) {
            int kaf = memcmp(k, AR_KAF, 2) == 0;
            k += 2, n -= 2;
            s = find(k, n);
            /* "كأمس", "كاليوم": like a day, never the day itself ("وأخيه “كامس”": a name) */
            if (s && kaf && (s->cls == C_RELDAY || s->cls == C_TODAY || s->cls == C_GHAD))
                s = NULL;
        }
        clitic = 1;
    }
    (void)clitic;
    if (s) {
        t->cls = s->cls;
        t->val = s->val;
    }
}

int tx_month_word(const char *s, size_t n)
{
    char k[TX_WMAX];
    tx_tok t = {0};
    tx_lexicon_init();
    size_t m = n < TX_WMAX ? tx_fold(s, n, k, sizeof k) : 0;
    if (!m) return 0;
    lookup(&t, k, m);
    int month = t.cls == C_GMONTH || t.cls == C_LMONTH || t.cls == C_KANUN || t.cls == C_TISHRIN ||
                t.cls == C_HMONTH || t.cls == C_RABI || t.cls == C_JUMADA;
    return month && !(t.val & (F_AMB | F_WEAK));
}

static int is_digit_cp(uint32_t c, int *v)
{
    if (c >= '0' && c <= '9') { *v = (int)(c - '0'); return 1; }
    if (c >= 0x0660 && c <= 0x0669) { *v = (int)(c - 0x0660); return 1; }
    if (c >= 0x06F0 && c <= 0x06F9) { *v = (int)(c - 0x06F0); return 1; }
    return 0;
}

static int is_word_cp(uint32_t c)
{
    return (c >= 0x0621 && c <= 0x065F) || (c >= 0x066E && c <= 0x06D3) || c == 0x06D5 ||
           (c >= 0x06E5 && c <= 0x06E6) || c == 0x0670 || (c >= 0x06D6 && c <= 0x06ED) ||
           (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= 0xFB50 && c <= 0xFDFF) ||
           (c >= 0xFE70 && c <= 0xFEFF);
}

static int is_latin(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A letter that does not join the next (ا أ إ آ د ذ ر ز و ؤ ى ة ء): a space lost after it does
 * not show in print, so writers miss it ("ذوالقعدة", "هذاالعام"). */
static int non_joining(uint32_t c)
{
    return c == 0x0627 || c == 0x0623 || c == 0x0625 || c == 0x0622 || c == 0x062F || c == 0x0630 ||
           c == 0x0631 || c == 0x0632 || c == 0x0648 || c == 0x0624 || c == 0x0649 || c == 0x0629 ||
           c == 0x0621;
}

/* "من 4 شوال إلى 6 ذوالقعدة", "لم نره هذاالعام": a word that is no time word itself but two
 * written without their space, the second with its article (ال) after a letter that does not
 * join, both time words; returns the bytes of the first (0: no such cut). Only before the
 * article: a cut anywhere would read towns and verbs as two words ("غدامس", "مايوحي"). */
static size_t glued_article_cut(const char *w, size_t n)
{
    /* most words hold no article past their second letter: turned away on their bytes */
    size_t j = 4;
    while (j + 6 <= n && memcmp(w + j, AR_AL, 4) != 0)
        j++;
    if (j + 6 > n)
        return 0;
    size_t i = 0, letters = 0;
    uint32_t prev = 0;
    while (i < n) {
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)w + i, n - i, &c);
        if (k == 0)
            return 0;
        if (letters >= 2 && non_joining(prev) && c == 0x0627 && i + k < n) {
            uint32_t l;
            size_t k2 = ak_utf8_decode((const unsigned char *)w + i + k, n - i - k, &l);
            if (k2 && l == 0x0644) {
                char a[TX_WMAX], b[TX_WMAX];
                size_t al = tx_fold(w, i, a, sizeof a), bl = tx_fold(w + i, n - i, b, sizeof b);
                tx_tok ta = {0};
                if (al && bl && find(b, bl)) {
                    lookup(&ta, a, al);
                    if (ta.cls != C_NONE)
                        return i;
                }
            }
        }
        if (!is_mark(c))
            prev = c, letters++;
        i += k;
    }
    return 0;
}

/* Zeroed room for TX_PAD tokens past the last: the tagger looks a few tokens ahead of one it
 * has checked (a flag, a neighbour's line break) without testing each index against n. */
static int pad(tx_toks *v)
{
    if (v->cap < v->n + TX_PAD) {
        tx_tok *p = realloc(v->t, (v->n + TX_PAD) * sizeof *p);
        if (!p)
            return -1;
        v->t = p;
        v->cap = v->n + TX_PAD;
    }
    memset(v->t + v->n, 0, TX_PAD * sizeof *v->t);
    return 0;
}

static int push(tx_toks *v, const tx_tok *t)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? v->cap * 2 : 256;
        tx_tok *p = realloc(v->t, cap * sizeof *p);
        if (!p)
            return -1;
        v->t = p;
        v->cap = cap;
    }
    v->t[v->n++] = *t;
    return 0;
}

int tx_tokenize(const char *s, size_t n, tx_toks *v)
{
    tx_lexicon_init();
    v->n = 0;
    size_t i = 0, cp = 0;
    int nl = 0, sp = 0;
    while (i < n) {
        uint32_t c;
        size_t k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (k == 0)
            k = 1;
        int dv;
        if (c == '\n' || c == '\r' || c == 0x2029) {
            nl = 1;
            i += k, cp++;
            continue;
        }
        /* blank space, and the zero-width and bidi controls pasted text carries between words
         * ("عامي\u202d 589"): none is part of a word or number */
        if (c == ' ' || c == '\t' || c == 0xA0 || (c >= 0x2000 && c <= 0x200B) || ak_text_is_invisible(c)) {
            sp = 1;
            i += k, cp++;
            continue;
        }
        tx_tok t;
        memset(&t, 0, sizeof t);
        t.b0 = i;
        t.c0 = cp;
        t.nl = (uint8_t)nl;
        t.sp = (uint8_t)sp;
        nl = sp = 0;
        if (is_digit_cp(c, &dv)) {
            int64_t val = 0;
            int nd = 0;
            while (i < n) {
                k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
                if (k == 0 || !is_digit_cp(c, &dv))
                    break;
                if (val < 100000000)
                    val = val * 10 + dv;
                nd++;
                i += k, cp++;
            }
            t.kind = TK_NUM;
            t.val = (int32_t)val;
            t.ndig = (uint8_t)(nd > 255 ? 255 : nd);
        } else if (is_word_cp(c)) {
            int latin = is_latin(c);
            uint32_t prev = 0;
            while (i < n) {
                k = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
                if (k == 0 || !is_word_cp(c) || is_latin(c) != latin)
                    break;
                /* glued chrome: "onAugust" splits before the capital */
                if (latin && prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z')
                    break;
                prev = c;
                i += k, cp++;
            }
            t.kind = TK_WORD;
            t.latin = (uint8_t)latin;
            char f[TX_WMAX];
            size_t fl = tx_fold(s + t.b0, i - t.b0, f, sizeof f);
            t.cls = C_NONE;
            if (fl)
                lookup(&t, f, fl);
            /* "محافظة إب": the Yemeni city, written with hamza below, folds like the month آب */
            if (t.cls == C_LMONTH && i - t.b0 == 4 && memcmp(s + t.b0, "\xd8\xa5\xd8\xa8", 4) == 0)
                t.cls = C_NONE;
            if (!fl && !latin) {
                /* a lone tatweel stands for a dash: "2 ـ 4/6/1436" */
                t.kind = TK_PUNCT;
                t.val = '-';
                t.b1 = i;
                t.c1 = cp;
                if (push(v, &t))
                    return -1;
                continue;
            }
            size_t cut = fl && !latin && t.cls == C_NONE ? glued_article_cut(s + t.b0, i - t.b0) : 0;
            if (cut) {
                /* the first word as its own token; the second goes on below, glued (no space) */
                tx_tok h = t;
                size_t hl = tx_fold(s + t.b0, cut, f, sizeof f);
                lookup(&h, f, hl);
                h.b1 = t.b0 + cut;
                h.c1 = t.c0;
                for (size_t j = t.b0; j < h.b1;) {
                    uint32_t cc;
                    size_t kk = ak_utf8_decode((const unsigned char *)s + j, h.b1 - j, &cc);
                    j += kk ? kk : 1, h.c1++;
                }
                h.fut = 0;
                if (push(v, &h))
                    return -1;
                t.b0 = h.b1, t.c0 = h.c1, t.nl = t.sp = 0;
                fl = tx_fold(s + t.b0, i - t.b0, f, sizeof f);
                lookup(&t, f, fl);
            }
            t.fut = (uint8_t)(fl >= 8 && tx_future_prefix(f, fl));
            if (!t.fut && fl >= 10 && (memcmp(f, AR_WAW, 2) == 0 || memcmp(f, AR_FEH, 2) == 0))
                t.fut = (uint8_t)tx_future_prefix(f + 2, fl - 2);
        } else {
            t.kind = TK_PUNCT;
            t.val = (int32_t)c;
            i += k, cp++;
        }
        t.b1 = i;
        t.c1 = cp;
        if (push(v, &t))
            return -1;
    }
    return pad(v);
}

/* A future-tense verb: س + imperfect prefix (ي ت ن) + at least two more letters (سأ is
 * left out: folded it is سا, the start of ساعة, سابق and many more nouns),
 * minus common nouns that start the same way. */
int tx_future_prefix(const char *f, size_t n)
{
    /* سير, سين and سيكو start many names and nouns (سيرة, سيريزا, سيناء): these verbs are
     * frequent in the news and still count */
    static const char *const verbs[] = {"سيرفع", "سيرتفع", "سيركز", "سيرحل", "سيربط", "سيرتدي", "سيراس",
                                        "سينعكس", "سينطلق", "سينضم", "سيناقش", "سينتهي", "سينتج", "سينجح",
                                        "سينتصر", "سينال", "سينفذ", "سينهي", "سينظم", "سينخفض", "سينتقل",
                                        "سينقل", "سينشر", "سينتظر", "سيكون",
                                        /* and verbs whose start is a noun's (سيل، سيد، سيطر، سيف، سيم، ستر) */
                                        "سيلتقي", "سيلقي", "سيلعب", "سيلغي", "سيدخل", "سيدرس", "سيدعو",
                                        "سيدعم", "سيطرح", "سيفتح", "سيفتتح", "سيفوز", "سيمثل", "سيمنح",
                                        "سيمتد", "سترفع", "ستركز"};
    static const char *const nouns[] = {"سياس", "سيار", "سيد", "سيطر", "سين", "سير", "سيف", "سيول", "سيل",
                                        "ستار", "ستين", "سته", "سنه", "سنو", "سنين", "سنت", "سيوف", "سيم",
                                        "ستوك", "ستوديو", "سنغافور", "سيبير", "سيكو", "سناتور", "سنام", "سنا",
                                        "سيزون", "سيرين", "ستر", "سنوات", "سنغال", "سيول",
                                        /* names and nouns that start like ست + verb: ستاد, ستاندرد, ستيفن, ستاثاكيس */
                                        "ستاد", "ستان", "ستيف", "ستاث", "ستال"};
    if (memcmp(f, "\xd8\xb3", 2) != 0)
        return 0;
    /* "مانشستر سيتي", "ليستر سيتي", "سيتي بنك": the word City alone, not a verb ("سيتيح" is) */
    if (n == 8 && memcmp(f, "\xd8\xb3\xd9\x8a\xd8\xaa\xd9\x8a", 8) == 0)
        return 0;
    if (!(memcmp(f + 2, "\xd9\x8a", 2) == 0 || memcmp(f + 2, "\xd8\xaa", 2) == 0 ||
          memcmp(f + 2, "\xd9\x86", 2) == 0))
        return 0;
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
        size_t l = strlen(verbs[i]);
        if (n >= l && memcmp(f, verbs[i], l) == 0)
            return 1;
    }
    for (size_t i = 0; i < sizeof nouns / sizeof nouns[0]; i++) {
        size_t l = strlen(nouns[i]);
        if (n >= l && memcmp(f, nouns[i], l) == 0)
            return 0;
    }
    return 1;
}
