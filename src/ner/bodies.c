/* bodies.c: names of public bodies ("وزارة الدفاع العراقية", "قيادة العمليات المشتركة",
 * "جهاز مكافحة الإرهاب", "الحشد الشعبي") tagged ORG after the model.
 *
 * Why a rule: ANERcorp, the model's training data, leaves most of them untagged (وزارة is
 * O all 32 times it opens a phrase in train.txt, لجنة, هيئة, قيادة and قوات likewise, while
 * حزب, منظمة and مجلس are mostly ORG), so the model learned to skip ministries, commands and
 * committees, the organizations news from Iraq and the Gulf names most. The shape of such a
 * name is regular: a head noun of a closed class, then definite words (nouns in the genitive,
 * adjectives), at most one indefinite noun in construct right after the head ("جهاز مكافحة
 * الإرهاب"), or a place ("مجلس محافظة نينوى" ends on the place). docs/ner.md, "Public bodies". */
#include "ner/ner_internal.h"

#include <string.h>

enum { T_O = 0, T_BPER = 1, T_IPER = 2, T_BORG = 3, T_IORG = 4, T_BLOC = 5, T_ILOC = 6 };

/* A word of a list with its length, so a look-up compares lengths before bytes. */
typedef struct lit { const char *s; size_t n; } lit;
#define W(x) {x, sizeof x - 1}
enum { MAXW = 64, MAX_BODY = 5 };

/* Heads written without ال: the name follows in construct. Folded (ner_fold). صحيفة and قناة
 * are left out: a paper's name stands alone ("صحيفة المدى" → المدى); رئاسة ("تولى رئاسة
 * النادي" is an office) and حركة ("حركة الرياح") too. */
static const lit heads[] = {
    W("وزاره"), W("قياده"), W("جهاز"), W("وكاله"), W("مجلس"), W("هيئه"), W("لجنه"), W("خليه"),
    W("مديريه"), W("مفوضيه"), W("بعثه"), W("منظمه"), W("اتحاد"), W("حزب"), W("تيار"), W("تحالف"),
    W("ائتلاف"), W("جبهه"), W("محكمه"), W("جامعه"), W("نادي"), W("مؤسسه"), W("مصرف"), W("شركه"),
    W("بنك"),
};
/* Heads written with ال: a body named by the adjective after it ("الحشد الشعبي"); the
 * feminine ones take a feminine adjective, the others a masculine one ("التحالف الدولي",
 * not "مهمة التحالف الدولي القتالية"). */
static const lit def_heads_m[] = {
    W("الحشد"), W("التحالف"), W("التيار"), W("الحزب"), W("البنك"), W("الاتحاد"), W("الجيش"),
};
static const lit def_heads_f[] = {
    W("المفوضيه"), W("المحكمه"), W("القياده"),
};
/* الإطار alone is a framework ("اتفاقية الإطار الاستراتيجي"): a body only as الإطار التنسيقي. */
static const char frame[] = "الاطار", frame_adj[] = "التنسيقي";
/* Definite words that end a name rather than extend it: relatives, days, "the last/next/new"
 * ("مجلس النواب الجديد"), the electric current ("التيار الكهربائي"), a board ("مجلس الإدارة"). */
static const lit stops[] = {
    W("الذي"), W("التي"), W("الذين"), W("اللذين"), W("اللتين"), W("اليوم"), W("الاحد"), W("الاثنين"),
    W("الثلاثاء"), W("الاربعاء"), W("الخميس"), W("الجمعه"), W("السبت"), W("الماضي"), W("الماضيه"),
    W("المقبل"), W("المقبله"), W("الحالي"), W("الحاليه"), W("الجاري"), W("الجاريه"), W("السابق"),
    W("السابقه"), W("الاسبق"), W("الجديد"), W("الجديده"), W("الكهربائي"), W("الكهربائيه"), W("الاداره"),
    /* a rank or office: a person's name follows ("جهاز مكافحة الإرهاب الفريق الأول الركن ...") */
    W("الفريق"), W("اللواء"), W("العميد"), W("العقيد"), W("المقدم"), W("الرائد"), W("النقيب"),
    W("الملازم"), W("الوزير"), W("الرئيس"), W("السفير"), W("الدكتور"), W("الشيخ"), W("السيد"),
    W("المستشار"), W("القائد"), W("المتحدث"), W("الناطق"), W("النائب"), W("الامين"), W("المدير"),
    W("الامير"), W("الملك"),
    /* participles that describe the body's role in the sentence ("وزارة الصحة التابعة لـ") */
    W("التابع"), W("التابعه"), W("المكلف"), W("المكلفه"), W("المعني"), W("المعنيه"), W("المختص"),
    W("المختصه"), W("المذكور"), W("المذكوره"), W("المسؤول"), W("المسؤوله"), W("المالك"), W("المالكه"),
};
/* Prepositions and adverbs that a name never holds. */
static const lit preps[] = {
    W("في"), W("علي"), W("الي"), W("من"), W("عن"), W("مع"), W("حول"), W("بين"), W("خلال"), W("بعد"),
    W("قبل"), W("منذ"), W("عند"), W("لدي"), W("ضد"), W("عبر"), W("نحو"), W("تجاه"), W("حتي"), W("دون"),
    W("بشان"), W("اليه"), W("اليها"), W("الينا"), W("اليهم"), W("اليكم"),
};
/* Adjectives of bodies that are not nisbas ("العليا", "المشتركة"). */
static const lit adjectives[] = {
    W("العليا"), W("الاعلي"), W("المستقله"), W("المشتركه"), W("المتحده"), W("الوطنيه"), W("الاتحاديه"),
    W("الدولي"), W("الوسطي"), W("الكبري"), W("الصغري"), W("العظمي"), W("الاولي"), W("القصوي"),
    W("الدنيا"),
};
/* Feminine adjectives of the fuʿlā form, whose ى folds to ي like a nisba's ("القيادة الوسطى"). */
static const lit fem_elatives[] = {
    W("الوسطي"), W("الكبري"), W("الصغري"), W("العظمي"), W("الاولي"), W("القصوي"), W("الدنيا"),
    W("العليا"),
};

static int in_list(const char *w, size_t n, const lit *list, size_t k)
{
    for (size_t i = 0; i < k; i++)
        if (list[i].n == n && !memcmp(list[i].s, w, n)) return 1;
    return 0;
}
#define IN(w, n, list) in_list(w, n, list, sizeof list / sizeof list[0])

static int starts(const char *w, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n > k && !memcmp(w, p, k);
}

static int ends(const char *w, size_t n, const char *p)
{
    size_t k = strlen(p);
    return n > k && !memcmp(w + n - k, p, k);
}

/* Only Arabic letters (U+0621..U+064A): a digit, Latin or punctuation ends the name. */
static int letters_only(const char *w, size_t n)
{
    for (size_t i = 0; i + 1 < n; i += 2) {
        unsigned a = (unsigned char)w[i], b = (unsigned char)w[i + 1];
        unsigned cp = (a & 0x1F) << 6 | (b & 0x3F);
        if ((a != 0xD8 && a != 0xD9) || cp < 0x621 || cp > 0x64A) return 0;
    }
    return n > 0 && n % 2 == 0;
}

enum { H_NONE, H_CONSTRUCT, H_MASC, H_FEM, H_FRAME };

static int def_kind(const char *w, size_t n)
{
    if (IN(w, n, def_heads_m)) return H_MASC;
    if (IN(w, n, def_heads_f)) return H_FEM;
    if (n == sizeof frame - 1 && !memcmp(w, frame, n)) return H_FRAME;
    return H_NONE;
}

/* The head a folded word is, with و/ف and then ل/ب before it allowed ("ولوزارة", "بالحشد").
 * Not "بقيادة"/"لقيادة": led by, to lead. */
static int head_kind(const char *w, size_t n)
{
    for (int pass = 0; pass < 2; pass++) {
        if (IN(w, n, heads)) return H_CONSTRUCT;
        int k = def_kind(w, n);
        if (k) return k;
        if (n > 6 && starts(w, n, "لل")) { /* لل + stem: the ال of a definite head under ل */
            char d[MAXW];
            memcpy(d, "ال", 4);
            memcpy(d + 4, w + 4, n - 4);
            if ((k = def_kind(d, n))) return k;
        }
        if (n > 6 && (starts(w, n, "ل") || starts(w, n, "ب"))) {
            if (IN(w + 2, n - 2, heads)) return strcmp(w + 2, "قياده") ? H_CONSTRUCT : H_NONE;
            if ((k = def_kind(w + 2, n - 2))) return k;
        }
        if (pass == 0 && n > 6 && (starts(w, n, "و") || starts(w, n, "ف"))) { w += 2; n -= 2; }
        else break;
    }
    return H_NONE;
}

/* A noun in construct carries no pronoun: "شركة تداولاتها" is a sentence, not a name. */
static int suffixed(const char *w, size_t n)
{
    return ends(w, n, "ها") || ends(w, n, "هم") || ends(w, n, "كم") || ends(w, n, "نا");
}

int ner_body_head(const char *folded, size_t n)
{
    return IN(folded, n, heads) || def_kind(folded, n) != H_NONE;
}

static int adjective(const char *w, size_t n)
{
    return starts(w, n, "ال") && (ends(w, n, "ي") || ends(w, n, "يه") || IN(w, n, adjectives));
}

/* The adjective right after a definite head: of the head's gender, the one الإطار takes. */
static int fits_head(const char *w, size_t n, int kind)
{
    if (kind == H_FRAME) return n == sizeof frame_adj - 1 && !memcmp(w, frame_adj, n);
    if (!adjective(w, n)) return 0;
    int fem = ends(w, n, "ه") || IN(w, n, fem_elatives); /* المشتركة, الوسطى */
    return kind == H_FEM ? fem : !fem;
}

typedef struct word { char f[MAXW]; size_t n; } word;

static void fold_tok(const ner_tok *t, word *w) { w->n = ner_fold(t->s, t->len, w->f, sizeof w->f); }

/* "لجنة الأمن والدفاع النيابية": و + a definite masculine noun joins a feminine body's name when
 * a feminine adjective follows, which can then only describe the head. Not "اتحاد الكرة واللجنة
 * الأولمبية" or "نادي الطائي والمكتب الرئيسي": there the adjective may be the second noun's. */
static int joined_noun(const ner_tok *t, size_t n, const uint8_t *tags, const uint8_t *sstart, size_t j, int head_fem,
                       int seen_def)
{
    word w, nx;
    fold_tok(&t[j], &w);
    if (!head_fem || !seen_def || !starts(w.f + 2, w.n - 2, "ال") || ends(w.f, w.n, "ه") ||
        IN(w.f + 2, w.n - 2, stops) || j + 1 >= n || sstart[j + 1] || tags[j + 1] > T_IORG)
        return 0;
    fold_tok(&t[j + 1], &nx);
    return adjective(nx.f, nx.n) && ends(nx.f, nx.n, "يه") && !IN(nx.f, nx.n, stops);
}

/* The last token of the body that starts at head i, or i when there is none. */
static size_t body_end(const ner_tok *t, size_t n, const uint8_t *tags, const uint8_t *sstart, size_t i, int kind,
                       int head_fem)
{
    int definite = kind != H_CONSTRUCT;
    size_t last = i;
    int seen_def = 0, seen_adj = 0;
    for (size_t j = i + 1; j < n && j - i <= MAX_BODY && !sstart[j]; j++) {
        word w;
        fold_tok(&t[j], &w);
        int tag = tags[j];
        if ((tag != T_O && tag != T_BORG && tag != T_IORG && tag != T_BLOC && tag != T_ILOC) ||
            !letters_only(w.f, w.n) || IN(w.f, w.n, preps) || IN(w.f, w.n, stops) || starts(w.f, w.n, "ف"))
            break;
        /* "شركة سيمنس": the model found the name, the head describes it ("بعثة الأمم المتحدة" goes on) */
        if (!definite && j == i + 1 && tag == T_BORG && !starts(w.f, w.n, "ال")) break;
        if (starts(w.f, w.n, "و")) {
            if (!joined_noun(t, n, tags, sstart, j, head_fem, seen_def)) break;
            last = ++j;
            continue;
        }
        if (definite && !starts(w.f, w.n, "لل") && !fits_head(w.f, w.n, kind)) break; /* agreeing adjectives */
        /* after an adjective only adjectives: "وكالة الفضاء الأوروبية" + "الاستعانة" is not hers */
        if (seen_adj && starts(w.f, w.n, "ال") && !adjective(w.f, w.n)) break;
        if (starts(w.f, w.n, "ال")) {
            seen_def = 1;
            seen_adj = adjective(w.f, w.n);
            last = j;
            continue;
        }
        /* a purpose after an adjective: "البنك الإسلامي للتنمية", not "نادي الصحافة للاحتجاج" */
        if (starts(w.f, w.n, "لل") && seen_adj) {
            /* "المستقلة للانتخابات" ends the name; "للقوات العراقية" is a phrase of its own */
            word nx;
            if (j + 1 < n && !sstart[j + 1]) fold_tok(&t[j + 1], &nx);
            if (j + 1 >= n || sstart[j + 1] || !adjective(nx.f, nx.n)) last = j;
            break;
        }
        /* a place ends it, right after the head or its construct noun: "مجلس محافظة نينوى", not
         * "شركة قناة السويس لبريطانيا" */
        if (!definite && (tag == T_BLOC || tag == T_ILOC) && !seen_def) {
            for (last = j; last + 1 < n && tags[last + 1] == T_ILOC; last++) {}
            break;
        }
        /* a noun in construct right after the head ("جهاز مكافحة الإرهاب", "هيئة تنظيم
         * الاتصالات"); not a word under ل/ب or a verb of the masculine imperfect ("مجلس يطالب") */
        if (!definite && j == i + 1 && j + 1 < n && !sstart[j + 1] &&
            !(starts(w.f, w.n, "ل") || starts(w.f, w.n, "ب") || starts(w.f, w.n, "ي")) && !suffixed(w.f, w.n)) {
            word nx;
            fold_tok(&t[j + 1], &nx);
            if (starts(nx.f, nx.n, "ال") || tags[j + 1] == T_BLOC) continue;
        }
        break;
    }
    return last;
}

void ner_named_bodies(const ner_tok *t, size_t n, uint8_t *tags, const uint8_t *sstart)
{
    for (size_t i = 0; i < n; i++) {
        if (tags[i] != T_O && tags[i] != T_BORG) continue;
        if (t[i].len < 6 || t[i].len >= MAXW) continue; /* no head is shorter than three letters */
        word w;
        fold_tok(&t[i], &w);
        int kind = head_kind(w.f, w.n);
        if (!kind) continue;
        size_t last = body_end(t, n, tags, sstart, i, kind, ends(w.f, w.n, "ه"));
        if (last == i) continue;
        tags[i] = T_BORG;
        for (size_t k = i + 1; k <= last; k++) tags[k] = T_IORG;
        i = last;
    }
}
