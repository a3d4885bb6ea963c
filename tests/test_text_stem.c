/* test_text_stem.c: Light10 on words worked out by hand from the paper's rules, Snowball Arabic
 * through libstemmer behind ak_stemmer, and the stopword list (look-up and generated table in sync). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <libstemmer.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"
#include "text/text_internal.h"

static void light(const char *word, const char *want)
{
    char out[256];
    size_t n = ak_light10(word, strlen(word), out, sizeof out);
    out[n] = '\0';
    if (strcmp(out, want)) fail_msg("light10(%s) = '%s', want '%s'", word, out, want);
}

static void test_light10(void **state)
{
    (void)state;
    light("والمعلمون", "معلم");   /* و, ال, ون */
    light("اللجنه", "لجن");       /* ال, ه */
    light("بالاجتماعات", "اجتماع"); /* بال, ات */
    light("للمعلمين", "معلم");    /* لل, ين */
    light("كالبحر", "بحر");       /* كال */
    light("فالامر", "امر");       /* فال */
    light("ولد", "ولد");          /* و kept: only 2 letters would remain */
    light("وزير", "زير");         /* و removed when 3 remain (the paper's known over-stemming) */
    light("كتابها", "كتاب");      /* ها */
    light("مدرستان", "مدرست");    /* ان */
    light("كتابيه", "كتاب");      /* يه, then nothing: each suffix is tried once, in order */
    light("عربي", "عرب");         /* ي */
    light("اله", "ال");           /* ه off, ال left: the article needs 2 letters after it */
    light("الي", "ال");
    light("ال", "ال");
    light("هي", "هي");            /* 2 letters: nothing comes off */
    light("منها", "من");
    light("Reuters", "Reuters");
    light("", "");
}

/* Light10 the plain way, for the property test below: the word as code points, each rule of
 * the paper a loop over its affixes. Slow and obvious; ak_light10 must agree with it. */
static size_t light10_reference(const char *word, size_t len, char *out)
{
    uint32_t cp[64];
    size_t off[65], n = 0, i = 0;
    while (i < len && n < 64) {
        off[n] = i;
        unsigned char c = (unsigned char)word[i];
        size_t k = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        if (i + k > len) k = len - i;
        cp[n] = k == 2 ? (uint32_t)(c & 0x1F) << 6 | ((unsigned char)word[i + 1] & 0x3F) : 0xFFFF; /* only 2-byte letters match */
        n++;
        i += k;
    }
    off[n] = len;
    size_t a = 0, b = n;
    if (b - a >= 4 && cp[a] == 0x648) a++;
    static const uint32_t art[][3] = {{0x627, 0x644, 0}, {0x648, 0x627, 0x644}, {0x628, 0x627, 0x644},
                                      {0x643, 0x627, 0x644}, {0x641, 0x627, 0x644}, {0x644, 0x644, 0}};
    for (size_t r = 0; r < sizeof art / sizeof *art; r++) {
        size_t k = art[r][2] ? 3 : 2, m = 0;
        while (m < k && a + m < b && cp[a + m] == art[r][m]) m++;
        if (m == k && b - a - k >= 2) { a += k; break; }
    }
    static const uint32_t suf[][2] = {{0x647, 0x627}, {0x627, 0x646}, {0x627, 0x62A}, {0x648, 0x646}, {0x64A, 0x646},
                                      {0x64A, 0x647}, {0x64A, 0x629}, {0x647, 0}, {0x629, 0}, {0x64A, 0}};
    for (size_t r = 0; r < sizeof suf / sizeof *suf; r++) {
        size_t k = suf[r][1] ? 2 : 1;
        if (b - a < k + 2) continue;
        if (k == 2 ? cp[b - 2] == suf[r][0] && cp[b - 1] == suf[r][1] : cp[b - 1] == suf[r][0]) b -= k;
    }
    size_t from = off[a], to = off[b];
    memmove(out, word + from, to - from);
    return to - from;
}

/* ak_light10 against the reference on random words over the affix letters and others,
 * 0-12 letters, with a Latin letter or a three-byte character now and then; in place and
 * into another buffer. */
static void test_light10_property(void **state)
{
    (void)state;
    static const char *const letters[] = {"و", "ا", "ل", "ب", "ك", "ف", "ه", "ن", "ت", "ي", "ة", "م", "ر", "ع"};
    uint64_t x = 88172645463325252ull;
    char word[128], a[128], b[128], want[128];
    for (int iter = 0; iter < 200000; iter++) {
        size_t len = 0, nl = 0;
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t letters_n = (size_t)(x % 13);
        for (size_t k = 0; k < letters_n; k++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            const char *l = x % 97 == 0 ? "x" : x % 89 == 0 ? "ﻻ" : letters[(x >> 8) % 14];
            memcpy(word + len, l, strlen(l));
            len += strlen(l);
            nl++;
        }
        size_t wn = light10_reference(word, len, want);
        memcpy(a, word, len);
        size_t an = ak_light10(a, len, a, sizeof a);
        size_t bn = ak_light10(word, len, b, sizeof b);
        if (an != wn || memcmp(a, want, wn) || bn != wn || memcmp(b, want, wn))
            fail_msg("light10(%.*s) = '%.*s' / '%.*s', want '%.*s'", (int)len, word, (int)an, a, (int)bn, b, (int)wn, want);
    }
}

static void test_stemmer_handles(void **state)
{
    (void)state;
    ak_stemmer *none, *l10, *sb;
    const char *stem;
    size_t len;
    assert_int_equal(ak_stemmer_new(&none, AK_STEM_NONE), AK_OK);
    assert_int_equal(ak_stemmer_new(&l10, AK_STEM_LIGHT10), AK_OK);
    assert_int_equal(ak_stemmer_new(&sb, AK_STEM_SNOWBALL), AK_OK);
    ak_stemmer *bad = (ak_stemmer *)1;
    assert_int_equal(ak_stemmer_new(&bad, 42), AK_EINVAL);
    assert_null(bad);
    const char *w = "والمعلمون";
    assert_int_equal(ak_stem(none, w, strlen(w), &stem, &len), AK_OK);
    assert_ptr_equal(stem, w);
    assert_int_equal(ak_stem(l10, w, strlen(w), &stem, &len), AK_OK);
    assert_int_equal(len, strlen("معلم"));
    assert_memory_equal(stem, "معلم", len);
    /* Snowball through the handle gives what libstemmer gives directly. */
    static const char *const words[] = {"والمعلمون", "الكتاب", "بالاجتماعات", "اللجنه", "يكتبون", "مستشفي"};
    struct sb_stemmer *direct = sb_stemmer_new("arabic", "UTF_8");
    assert_non_null(direct);
    for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
        assert_int_equal(ak_stem(sb, words[i], strlen(words[i]), &stem, &len), AK_OK);
        const sb_symbol *d = sb_stemmer_stem(direct, (const sb_symbol *)words[i], (int)strlen(words[i]));
        assert_int_equal(len, (size_t)sb_stemmer_length(direct));
        assert_memory_equal(stem, d, len);
        assert_true(len < strlen(words[i])); /* every one of these has an affix to remove */
    }
    sb_stemmer_delete(direct);
    ak_stemmer_free(none);
    ak_stemmer_free(l10);
    ak_stemmer_free(sb);
    ak_stemmer_free(NULL);
}

static void test_stopwords(void **state)
{
    (void)state;
    static const char *const yes[] = {"في", "من", "على", "علي", "إلى", "الى", "التي", "الذي", "هذه", "كانت", "أن", "ان"};
    static const char *const no[] = {"الكتاب", "العراق", "وزير", "فيي", "", "Reuters"};
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!ak_is_stopword(yes[i], strlen(yes[i]))) fail_msg("%s should be a stopword", yes[i]);
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (ak_is_stopword(no[i], strlen(no[i]))) fail_msg("%s should not be a stopword", no[i]);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The generated table is the normalized, sorted, deduplicated data file. */
static void test_table_in_sync(void **state)
{
    (void)state;
    const char *src = getenv("AK_SOURCE_DIR");
    char path[1024];
    snprintf(path, sizeof path, "%s/data/stopwords-ar.txt", src ? src : "..");
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[256], *words[1024];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || line[0] == '#') continue;
        assert_true(n < 1024);
        assert_int_equal(ak_normalize(line, strlen(line), AK_NORM_DEFAULT, &words[n], NULL), AK_OK);
        n++;
    }
    fclose(f);
    qsort(words, n, sizeof *words, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n; i++) {
        if (u && !strcmp(words[u - 1], words[i])) { ak_free(words[i]); continue; }
        words[u++] = words[i];
    }
    if (u != ak_stopwords_count) fail_msg("table has %zu words, data file %zu: run scripts/gen-stopwords", ak_stopwords_count, u);
    for (size_t i = 0; i < u; i++) {
        assert_string_equal(words[i], ak_stopwords[i]);
        ak_free(words[i]);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_light10), cmocka_unit_test(test_light10_property), cmocka_unit_test(test_stemmer_handles),
        cmocka_unit_test(test_stopwords), cmocka_unit_test(test_table_in_sync),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
