/* features.c: turns an article into the stems the story clusterer and summarizer
 * compare: letters folded, words split, stopwords dropped, the text core's Light10. */
#include "story/features.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "text/utf8.h"

/* Stopwords in normalized form (alef/yeh/teh-marbuta folded), sorted for bsearch.
 * Function words, reporting verbs and the calendar words every article carries. */
static const char *const STOP[] = {
    "ابو", "اثناء", "احد", "اخر", "اذ", "اذا", "اعلن", "اكثر", "اكد", "الا", "التي", "الذي",
    "الذين", "الى", "اليوم", "ام", "اما", "امس", "ان", "انه", "انها", "او", "اول", "اي", "ايضا",
    "اين", "بان", "بانه", "بعد", "بعض", "بن", "بين", "تلك", "تم", "ثم", "حتي", "حسب", "حول", "حيث",
    "حين", "خلال", "ذلك", "سنه", "ضد", "ضمن", "عام", "عبر", "عدد", "عدم", "علي", "عليه", "عن",
    "عند", "غير", "فان", "فقد", "في", "فيه", "فيها", "قال", "قبل", "قد", "كان", "كانت", "كل",
    "كما", "كيف", "لا", "لان", "لدي", "لقد", "لكن", "لم", "لما", "لن", "له", "لها", "لو", "ما",
    "مساء", "مع", "مما", "من", "منذ", "منه", "نحو", "هذا", "هذه", "هناك", "هو", "هي", "وان",
    "وقال", "وقد", "وكان", "ولا", "ولم", "ومن", "وهو", "وهي", "يكون", "يمكن", "يوم",
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int is_stop(const char *w)
{
    return bsearch(&w, STOP, sizeof STOP / sizeof *STOP, sizeof *STOP, cmp_str) != NULL;
}

/* Folds one code point: 0 drops it (marks, tatweel), 1 marks a separator. */
static uint32_t fold(uint32_t c)
{
    if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640) return 0;
    if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671) return 0x0627;
    if (c == 0x0629) return 0x0647;
    if (c == 0x0649) return 0x064A;
    if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
    if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
    if (c >= 'A' && c <= 'Z') return c + 32;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) return c;
    if (c >= 0x0621 && c <= 0x064A) return c;
    if (c == 0x067E || c == 0x06A4 || c == 0x06AF || c == 0x06CC || c == 0x06A9) return c;
    return 1;
}

static size_t letters(size_t bytes, const char *w)
{
    return ak_utf8_count(w, bytes);
}

/* Country names whose Light10 stem is another word's (البحرين → بحر "sea", لبنان → لبن "milk",
 * إيران → اير, السودان → سود "black", الإمارات → امار "emirate", السوري → سور "wall"), or whose
 * stem other words give too (قطرات → قطر, the given name هند, صلاة المغرب): the folded word, its
 * و/ف and ب/ل/ك set aside, is read whole and given the stem its adjective already has
 * (البحريني → بحرين), or one that no word gives ('_' folds to a separator). places.c lists
 * these stems as countries. Left out: a bare تركي (a given name), عمان (Oman and Amman),
 * المغربي (also a family name). Checked on SaudiNewsNet's headlines: these forms name the country. */
typedef struct country_word { const char *word, *stem; } country_word;
static const country_word COUNTRY_WORDS[] = {
    {"الامارات", "امارات"}, {"البحرين", "بحرين"}, {"التركي", "تركيا"}, {"التركيه", "تركيا"},
    {"الروسي", "روسيا"}, {"الروسيه", "روسيا"}, {"السودان", "سودان"}, {"السوري", "سوريا"},
    {"السوريه", "سوريا"}, {"السوريون", "سوريا"}, {"السوريين", "سوريا"}, {"القطري", "_قطر"},
    {"القطريه", "_قطر"}, {"القطريين", "_قطر"}, {"المغرب", "_مغرب"}, {"المغربيه", "_مغرب"},
    {"الهند", "_هند"}, {"الهندي", "_هند"}, {"الهنديه", "_هند"}, {"ايران", "ايران"},
    {"تركيه", "تركيا"}, {"روسي", "روسيا"}, {"روسيه", "روسيا"}, {"سوري", "سوريا"},
    {"سوريه", "سوريا"}, {"سوريون", "سوريا"}, {"سوريين", "سوريا"}, {"قطر", "_قطر"}, {"قطري", "_قطر"},
    {"قطريه", "_قطر"}, {"قطريين", "_قطر"}, {"لبنان", "لبنان"}, {"مغربي", "_مغرب"},
    {"مغربيه", "_مغرب"}, {"هندي", "_هند"}, {"هنديه", "_هند"},
};

static int cmp_country_word(const void *key, const void *elem)
{
    return strcmp(key, ((const country_word *)elem)->word);
}

static const char *country_lookup(const char *w)
{
    const country_word *p = bsearch(w, COUNTRY_WORDS, sizeof COUNTRY_WORDS / sizeof *COUNTRY_WORDS,
                                    sizeof *COUNTRY_WORDS, cmp_country_word);
    return p ? p->stem : NULL;
}

/* Whether w (n bytes, more than the letter) opens with the two-byte letter lead, b. */
static int opens(const char *w, size_t n, unsigned char lead, unsigned char b)
{
    return n > 2 && (unsigned char)w[0] == lead && (unsigned char)w[1] == b;
}

/* The stem of a country word (COUNTRY_WORDS) written with its clitics (وبالبحرين,
 * للبحرين, لإيران), or NULL. w is NUL-terminated. */
static const char *country_stem(const char *w, size_t n)
{
    if (n < 6 || n > 40) return NULL;
    const char *s;
    if ((s = country_lookup(w))) return s;
    if (opens(w, n, 0xD9, 0x88) || opens(w, n, 0xD9, 0x81)) { /* و ف */
        w += 2;
        n -= 2;
        if ((s = country_lookup(w))) return s;
    }
    if (opens(w, n, 0xD9, 0x84) && opens(w + 2, n - 2, 0xD9, 0x84)) { /* لل: the preposition ل before ال */
        char buf[48] = "\xD8\xA7";
        memcpy(buf + 2, w + 2, n - 1);
        return country_lookup(buf);
    }
    if (opens(w, n, 0xD8, 0xA8) || opens(w, n, 0xD9, 0x84) || opens(w, n, 0xD9, 0x83)) /* ب ل ك */
        return country_lookup(w + 2);
    return NULL;
}

/* What a folded token becomes: its stem (st, returns its length) or nothing (0). */
static size_t stem_of(const char *tok, size_t tl, char *st, size_t cap)
{
    if (letters(tl, tok) < 2 || is_stop(tok) || ak_is_stopword(tok, tl)) return 0;
    const char *country = country_stem(tok, tl);
    if (country) {
        size_t n = strlen(country);
        if (n >= cap) return 0;
        memcpy(st, country, n);
        return n;
    }
    /* the text core's Light10 on the folded word */
    return ak_light10(tok, tl, st, cap);
}

/* stem_of is a function of the token alone and a text repeats its words: the last
 * answers for short tokens are kept per thread (direct-mapped by hash), which skips the
 * two stopword look-ups and Light10 for most tokens. Same stems, same order. */
#define MEMO_SLOTS 16384
#define MEMO_WORD 30
typedef struct memo_slot { uint8_t wl, sl; char w[MEMO_WORD], s[MEMO_WORD]; } memo_slot; /* wl 0: empty */
static _Thread_local memo_slot *memo; /* 1 MB per thread, freed when the thread ends */
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;

static void memo_key_make(void) { (void)pthread_key_create(&memo_key, free); }

static size_t stem_memo(const char *tok, size_t tl, char *st, size_t cap)
{
    if (tl > MEMO_WORD || cap < MEMO_WORD) return stem_of(tok, tl, st, cap);
    if (!memo) {
        pthread_once(&memo_once, memo_key_make);
        if (!(memo = calloc(MEMO_SLOTS, sizeof *memo))) return stem_of(tok, tl, st, cap);
        (void)pthread_setspecific(memo_key, memo);
    }
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < tl; i++) h = (h ^ (unsigned char)tok[i]) * 16777619u;
    memo_slot *m = &memo[(h ^ h >> 15) & (MEMO_SLOTS - 1)];
    if (m->wl == tl && !memcmp(m->w, tok, tl)) {
        memcpy(st, m->s, m->sl);
        return m->sl;
    }
    size_t wn = stem_of(tok, tl, st, cap);
    if (wn <= MEMO_WORD) {
        m->wl = (uint8_t)tl;
        memcpy(m->w, tok, tl);
        m->sl = (uint8_t)wn;
        memcpy(m->s, st, wn);
    }
    return wn;
}

/* A word written with tanween fath on a final alif (إضراباً، جديداً) is the accusative of the word
 * without the alif (إضراب): Light10 keeps the alif, so the alif goes when the mark says so (a bare
 * final alif, as in أمريكا or إضرابا, stays: without the mark it cannot be told). */
static size_t drop_tanween_alif(const char *tok, size_t tl, int tanween)
{
    if (tanween && tl >= 8 && (unsigned char)tok[tl - 2] == 0xD8 && (unsigned char)tok[tl - 1] == 0xA7) return tl - 2;
    return tl;
}

/* fold() of every code point under U+0800 (ASCII and the two-byte letters: every code point
 * fold keeps is one of them, so any other folds to 1, a separator), made once. */
static uint16_t fold_small[0x800];
static pthread_once_t fold_once = PTHREAD_ONCE_INIT;
static void fold_small_make(void)
{
    for (uint32_t c = 0; c < 0x800; c++) fold_small[c] = (uint16_t)fold(c);
}

/* Walks s[0..n) token by token, folding into a small buffer. */
void ak_story_stems(const char *s, size_t n, ak_story_stem_cb cb, void *ctx)
{
    pthread_once(&fold_once, fold_small_make);
    char tok[256];
    size_t tl = 0;
    size_t i = 0;
    int tanween = 0;
    while (i <= n) {
        uint32_t f = 1;
        size_t len = 1;
        if (i < n) {
            /* an invalid byte is U+FFFD, a separator */
            uint32_t c;
            len = ak_utf8_step((const unsigned char *)s + i, n - i, &c);
            tanween |= c == 0x064B;
            f = c < 0x800 ? fold_small[c] : 1;
        }
        if (f == 1) {
            tl = drop_tanween_alif(tok, tl, tanween);
            tanween = 0;
            if (tl > 0) {
                tok[tl] = '\0';
                char st[256];
                size_t wn = stem_memo(tok, tl, st, sizeof st);
                if (wn > 0) cb(st, wn, ctx);
            }
            tl = 0;
        } else if (f != 0 && tl + 4 < sizeof tok) {
            /* a folded code point is ASCII or two bytes */
            if (f < 0x80) tok[tl++] = (char)f;
            else {
                tok[tl++] = (char)(0xC0 | (f >> 6));
                tok[tl++] = (char)(0x80 | (f & 0x3F));
            }
        }
        i += len;
    }
}

struct collect { ak_story_feats *f; int title; int failed; };

static void collect_cb(const char *w, size_t n, void *ctx)
{
    struct collect *k = ctx;
    ak_story_feats *f = k->f;
    if (k->failed) return;
    if (f->pool_len + n + 1 > f->pool_cap) {
        size_t cap = f->pool_cap ? f->pool_cap * 2 : 4096;
        while (cap < f->pool_len + n + 1) cap *= 2;
        char *p = realloc(f->pool, cap);
        if (!p) { k->failed = 1; return; }
        f->pool = p;
        f->pool_cap = cap;
    }
    size_t **arr = k->title ? &f->title_off : &f->body_off;
    size_t *cnt = k->title ? &f->n_title : &f->n_body;
    size_t *cap = k->title ? &f->cap_title : &f->cap_body;
    if (*cnt == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        size_t *a = realloc(*arr, nc * sizeof *a);
        if (!a) { k->failed = 1; return; }
        *arr = a;
        *cap = nc;
    }
    (*arr)[(*cnt)++] = f->pool_len;
    memcpy(f->pool + f->pool_len, w, n);
    f->pool_len += n;
    f->pool[f->pool_len++] = '\0';
}

/* Offsets survive pool growth; pointers are made once the pool is final. */
static int finish(ak_story_feats *f)
{
    const char **t = realloc(f->title, (f->cap_title ? f->cap_title : 1) * sizeof *t);
    if (!t) return AK_ENOMEM;
    f->title = t;
    const char **b = realloc(f->body, (f->cap_body ? f->cap_body : 1) * sizeof *b);
    if (!b) return AK_ENOMEM;
    f->body = b;
    for (size_t i = 0; i < f->n_title; i++) f->title[i] = f->pool + f->title_off[i];
    for (size_t i = 0; i < f->n_body; i++) f->body[i] = f->pool + f->body_off[i];
    return AK_OK;
}

int ak_story_feats_build(ak_story_feats *f, const char *title, const char *text)
{
    f->pool_len = 0;
    f->n_title = f->n_body = 0;
    struct collect k = {f, 1, 0};
    if (title) ak_story_stems(title, strlen(title), collect_cb, &k);
    k.title = 0;
    if (text) ak_story_stems(text, strlen(text), collect_cb, &k);
    if (k.failed) return AK_ENOMEM;
    return finish(f);
}

void ak_story_feats_clear(ak_story_feats *f)
{
    if (!f) return;
    free(f->pool);
    free(f->title_off);
    free(f->body_off);
    free(f->title);
    free(f->body);
    memset(f, 0, sizeof *f);
}

void ak_story_sentences(const char *s, size_t n, ak_story_span_cb cb, void *ctx)
{
    size_t start = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t c;
        size_t len = ak_utf8_decode((const unsigned char *)s + i, n - i, &c);
        if (len == 0) len = 1;
        int end = c == '.' || c == '!' || c == '?' || c == 0x061F || c == 0x061B || c == '\n';
        /* a dot between digits is a decimal point, not a sentence end */
        if (c == '.' && i > 0 && i + 1 < n && s[i - 1] >= '0' && s[i - 1] <= '9' &&
            s[i + 1] >= '0' && s[i + 1] <= '9')
            end = 0;
        i += len;
        if (end) {
            size_t a = start, b = i;
            while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r')) a++;
            while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\r')) b--;
            if (b > a) cb(a, b, ctx);
            start = i;
        }
    }
    size_t a = start, b = n;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\n' || s[b - 1] == '\r')) b--;
    if (b > a) cb(a, b, ctx);
}

/* Civil-from-days inverse (days from civil), valid for the proleptic Gregorian calendar. */
static int32_t days_from_civil(int y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = (unsigned)(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int32_t)doe - 719468;
}

int32_t ak_story_day(const char *iso)
{
    if (!iso) return AK_STORY_NO_DAY;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7) { if (iso[i] != '-') return AK_STORY_NO_DAY; }
        else if (iso[i] < '0' || iso[i] > '9') return AK_STORY_NO_DAY;
    }
    int y = atoi(iso);
    int m = (iso[5] - '0') * 10 + (iso[6] - '0');
    int d = (iso[8] - '0') * 10 + (iso[9] - '0');
    if (m < 1 || m > 12 || d < 1 || d > 31) return AK_STORY_NO_DAY;
    return days_from_civil(y, (unsigned)m, (unsigned)d);
}
