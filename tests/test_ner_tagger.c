/* test_ner_tagger.c: the NER model loader (missing, corrupt, truncated files), tagging
 * with offsets and sentence ends, pathological inputs, and the linker's merge rules. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "akhbar.h"
#include "ner/ner_internal.h"
#include "time/timex_internal.h"

#include "ner_model.h"

static unsigned char *model_bytes(size_t *len)
{
    char path[2048];
    snprintf(path, sizeof path, "%s/ner.model", getenv("AKHBAR_DATA"));
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *len = (size_t)ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *d = malloc(*len);
    assert_int_equal(fread(d, 1, *len, f), *len);
    fclose(f);
    return d;
}

static void loader_rejects_bad_files(void **state)
{
    (void)state;
    ak_ner *m = (ak_ner *)1;
    assert_int_equal(ak_ner_load(&m, "/nonexistent/ner.model"), AK_EIO);
    assert_null(m);
    assert_non_null(strstr(ak_last_error(), "/nonexistent/ner.model"));
    size_t len;
    unsigned char *d = model_bytes(&len);
    assert_int_equal(ak_ner_load_mem(&m, d, 0), AK_EPARSE);
    assert_int_equal(ak_ner_load_mem(&m, d, 20), AK_EPARSE);
    assert_int_equal(ak_ner_load_mem(&m, d, len - 1), AK_EPARSE); /* truncated */
    d[len / 2] ^= 0x40;                                          /* one flipped bit */
    assert_int_equal(ak_ner_load_mem(&m, d, len), AK_EPARSE);
    assert_non_null(strstr(ak_last_error(), "checksum"));
    d[len / 2] ^= 0x40;
    d[0] = 'X';
    assert_int_equal(ak_ner_load_mem(&m, d, len), AK_EPARSE);
    d[0] = 'A';
    assert_int_equal(ak_ner_load_mem(&m, d, len), AK_OK);
    ak_ner_free(m);
    free(d);
}

static void put_le32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++) p[i] = (unsigned char)(v >> 8 * i);
}

/* The checksum recomputed after an edit, so the check under test is the one that fires. */
static void reseal(unsigned char *d, size_t len)
{
    uint64_t h = ner_hash(d, len - 8, 1);
    for (int i = 0; i < 8; i++) d[len - 8 + i] = (unsigned char)(h >> 8 * i);
}

/* A copy of model d with the 32-bit word at byte `at` set to v and the checksum made right
 * again must fail to load with AK_EPARSE (naming `why` when given). */
static void stacked_edit_rejected(const unsigned char *d, unsigned char *e, size_t len, size_t at, uint32_t v,
                                  const char *why)
{
    ak_ner *m = NULL;
    memcpy(e, d, len);
    put_le32(e + at, v);
    reseal(e, len);
    assert_int_equal(ak_ner_load_mem(&m, e, len), AK_EPARSE);
    assert_null(m);
    if (why) assert_non_null(strstr(ak_last_error(), why));
}

/* The shipped model has the stacked second stage (version 4: a second scale, the
 * window, a second transition table, two stages' weights in each row); an unknown
 * version, a window out of range or a length that does not fit the version are
 * AK_EPARSE even with a valid checksum. */
static void loader_checks_stacked_model(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = model_bytes(&len);
    ak_ner *m = NULL;
    assert_int_equal(d[8], 4);
    assert_int_equal(ak_ner_load_mem(&m, d, len), AK_OK);
    assert_int_equal(m->stages, 2);
    assert_int_equal(m->stride, 2 * NER_NTAGS);
    assert_true(m->window >= 1 && m->window <= 1000);
    ak_ner_free(m);
    unsigned char *e = malloc(len);
    assert_non_null(e);
    stacked_edit_rejected(d, e, len, 8, 5, "version");
    stacked_edit_rejected(d, e, len, 8, 3, NULL); /* read as one stage, the sizes no longer add up */
    stacked_edit_rejected(d, e, len, 40, 5000, "window");
    stacked_edit_rejected(d, e, len, 36, 0, NULL); /* second-stage scale */
    free(e);
    free(d);
}

/* The text of a mention by its code-point offsets. */
static void cp_slice(const char *s, size_t a, size_t b, char *out)
{
    size_t cp = 0, o = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p & 0xC0) != 0x80) cp++;
        if (cp > a && cp <= b) out[o++] = (char)*p;
    }
    out[o] = 0;
}

/* The text of a mention by its byte offsets. */
static void byte_slice(const char *t, const ak_ner_entity *e, char *out, size_t cap)
{
    size_t len = e->byte_end - e->byte_start;
    assert_true(len < cap);
    memcpy(out, t + e->byte_start, len);
    out[len] = '\0';
}

static void tags_names_and_places(void **state)
{
    (void)state;
    const char *t = "وقال وزير الدفاع ثابت العباسي في بغداد إن الحكومة العراقية ستعمل مع وزارة الدفاع الأميركية.";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int per = 0, loc = 0;
    char buf[256];
    for (size_t i = 0; i < n; i++) {
        cp_slice(t, e[i].start, e[i].end, buf);
        assert_int_equal(strlen(buf), e[i].byte_end - e[i].byte_start);
        assert_memory_equal(buf, t + e[i].byte_start, strlen(buf));
        per |= !strcmp(e[i].type, "PER") && !strcmp(buf, "ثابت العباسي");
        loc |= !strcmp(e[i].type, "LOC") && !strcmp(buf, "بغداد");
    }
    assert_true(per);
    assert_true(loc);
    ak_free(e);
}

/* A title, a place adjective, then a name whose first word is a common word in
 * the training data ("جو" = atmosphere): the whole name, without the adjective. */
static void name_after_title_and_adjective(void **state)
{
    (void)state;
    static const char *const s[][2] = {{"وقال الرئيس الأميركي جو بايدن في واشنطن", "جو بايدن"},
                                       {"وقال الرئيس الفرنسي إيمانويل ماكرون في باريس", "إيمانويل ماكرون"}};
    for (size_t k = 0; k < sizeof s / sizeof *s; k++) {
        ak_ner_entity *e;
        size_t n;
        assert_int_equal(ak_ner_tag(model, s[k][0], strlen(s[k][0]), &e, &n), AK_OK);
        int per = 0;
        char buf[256];
        for (size_t i = 0; i < n; i++) {
            cp_slice(s[k][0], e[i].start, e[i].end, buf);
            if (!strcmp(e[i].type, "PER")) per += !strcmp(buf, s[k][1]) ? 1 : 100;
        }
        if (per != 1) print_message("sentence %zu: PER mentions wrong (%d)\n", k, per);
        assert_int_equal(per, 1);
        ak_free(e);
    }
}

/* Month names are dates: never inside a mention, whatever the words around them suggest
 * ("نيسان" is also a car maker, so its word cluster sits with companies). */
static void month_names_are_never_names(void **state)
{
    (void)state;
    assert_true(tx_month_word("نيسان", strlen("نيسان")));
    assert_true(tx_month_word("وأبريل", strlen("وأبريل")));
    assert_true(tx_month_word("ذي", strlen("ذي")) == 0);       /* part of ذي الحجة, also "of" */
    assert_true(tx_month_word("رمضان", strlen("رمضان")) == 0); /* also a given name */
    assert_true(tx_month_word("بغداد", strlen("بغداد")) == 0);
    static const char *const s[] = {"وبلغت الهجمات مستوى جديداً منتصف نيسان أبريل الماضي حين نفذت فصائل عراقية هجمات.",
                                    "وقالت شركة نيسان إن مبيعاتها ارتفعت في تموز."};
    for (size_t k = 0; k < sizeof s / sizeof *s; k++) {
        ak_ner_entity *e;
        size_t n;
        assert_int_equal(ak_ner_tag(model, s[k], strlen(s[k]), &e, &n), AK_OK);
        for (size_t i = 0; i < n; i++) {
            const char *at = s[k] + e[i].byte_start;
            size_t len = e[i].byte_end - e[i].byte_start;
            int month = 0;
            for (size_t j = 0; j < len; j++) /* every word of the mention */
                if (j == 0 || at[j - 1] == ' ') {
                    size_t w = strcspn(at + j, " ");
                    month |= tx_month_word(at + j, w < len - j ? w : len - j);
                }
            if (month) print_message("sentence %zu: a month inside '%.*s'\n", k, (int)len, at);
            assert_false(month);
        }
        ak_free(e);
    }
}

static void mentions_stop_at_sentence_ends(void **state)
{
    (void)state;
    /* a full stop between two names: no mention may contain it */
    const char *t = "التقى الوزير محمد. علي في بغداد.\nجون\nسميث";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    for (size_t i = 0; i < n; i++) {
        assert_null(memchr(t + e[i].byte_start, '.', e[i].byte_end - e[i].byte_start));
        assert_null(memchr(t + e[i].byte_start, '\n', e[i].byte_end - e[i].byte_start));
    }
    ak_free(e);
}

static void rejects_invalid_utf8(void **state)
{
    (void)state;
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, "abc\xff", 4, &e, &n), AK_EUTF8);
    assert_non_null(strstr(ak_last_error(), "byte 3"));
}

static double tag_seconds(const char *s, size_t len, size_t *n)
{
    ak_ner_entity *e;
    clock_t t0 = clock();
    assert_int_equal(ak_ner_tag(model, s, len, &e, n), AK_OK);
    double dt = (double)(clock() - t0) / CLOCKS_PER_SEC;
    ak_free(e);
    return dt;
}

/* Repeats unit k times (no sentence end) into an allocated string. */
static char *repeat(const char *unit, size_t k, size_t *len)
{
    size_t u = strlen(unit);
    char *s = malloc(u * k + 1);
    for (size_t i = 0; i < k; i++) memcpy(s + i * u, unit, u);
    s[u * k] = 0;
    *len = u * k;
    return s;
}

static void pathological_inputs_are_linear(void **state)
{
    (void)state;
    size_t len, n;
    char *a = repeat("محمد علي يعمل في بغداد ", 2000, &len); /* 10,000 tokens, one sentence */
    double t1 = tag_seconds(a, len, &n);
    free(a);
    a = repeat("محمد علي يعمل في بغداد ", 8000, &len);
    double t4 = tag_seconds(a, len, &n);
    free(a);
    assert_true(t4 < 8 * t1 + 0.05); /* 4x the input: far from 16x */
    a = repeat("\xD8\xA8", 10000, &len); /* one token of 10,000 letters */
    tag_seconds(a, len, &n);
    assert_int_equal(n <= 1, 1);
    free(a);
    a = repeat("hello world ", 5000, &len);
    tag_seconds(a, len, &n);
    free(a);
    a = repeat("2021 ", 10000, &len);
    tag_seconds(a, len, &n);
    free(a);
    tag_seconds("", 0, &n);
    assert_int_equal(n, 0);
}

static void tag_tokens_api(void **state)
{
    (void)state;
    const char *tok[] = {"قال", "الرئيس", "جو", "بايدن", "."};
    size_t lens[5];
    int tags[5];
    for (int i = 0; i < 5; i++) lens[i] = strlen(tok[i]);
    assert_int_equal(ak_ner_tag_tokens(model, tok, lens, 5, tags), AK_OK);
    assert_string_equal(ak_ner_tag_name(tags[2]), "B-PER");
    assert_string_equal(ak_ner_tag_name(tags[3]), "I-PER");
    assert_string_equal(ak_ner_tag_name(tags[4]), "O");
    assert_string_equal(ak_ner_tag_name(99), "O");
}

static void linker_merges_and_keeps_apart(void **state)
{
    (void)state;
    const char *a = "وقال وزير الدفاع ثابت العباسي في بغداد إن الجيش مستعد. وأضاف العباسي أن العمل مستمر.";
    const char *b = "والتقى وزير الدفاع ثابت العباسي في البنتاغون مع لويد اوستن.";
    const char *c = "وصل لويد أوستن إلى وزارة الدفاع الأميركية.";
    ak_ner_doc d[3] = {{.id = "a", .text = a, .len = strlen(a)}, {.id = "b", .text = b, .len = strlen(b)},
                       {.id = "c", .text = c, .len = strlen(c)}};
    ak_entity *e;
    size_t n;
    char alias[] = "/tmp/ak-test-aliases-XXXXXX";
    int fd = mkstemp(alias);
    assert_true(fd >= 0);
    const char *line = "وزارة الدفاع الأميركية = البنتاغون\n";
    assert_int_equal(write(fd, line, strlen(line)), (long)strlen(line));
    close(fd);
    assert_int_equal(ak_entities_link(model, d, 3, alias, &e, &n), AK_OK);
    unlink(alias);
    int abbasi = 0, austin = 0, pentagon = 0;
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(e[i].name, "ثابت العباسي")) {
            abbasi++;
            assert_int_equal(e[i].n_articles, 2);
            assert_true(e[i].mentions >= 2);
        }
        if (!strcmp(e[i].type, "PER") && strstr(e[i].name, "لويد")) {
            austin++;
            assert_int_equal(e[i].n_variants, 2); /* أوستن and اوستن */
        }
        if (!strcmp(e[i].type, "ORG") && !strcmp(e[i].variants[0], "البنتاغون")) {
            pentagon++;
            assert_string_equal(e[i].name, "وزارة الدفاع الأميركية"); /* named by the alias list */
        }
    }
    assert_int_equal(abbasi, 1);
    assert_int_equal(austin, 1);
    assert_int_equal(pentagon, 1);
    ak_entities_free(e, n);
}

/* Place adjectives are recognised (and cut from the front of a name); the
 * cluster file loader keeps well-formed lines only; the model carries clusters. */
static void place_adjectives_and_clusters(void **state)
{
    (void)state;
    static const char *const yes[] = {"العراقي", "والأميركي", "لعراقي", "المصري"};
    static const char *const no[] = {"الهاشمي", "ثابت", "العباسي", "بغداد"};
    for (size_t i = 0; i < 4; i++) {
        assert_int_equal(ner_is_place_adjective(&model->lex, &model->tlex, yes[i], strlen(yes[i])), 1);
        assert_int_equal(ner_is_place_adjective(&model->lex, &model->tlex, no[i], strlen(no[i])), 0);
    }
    const char *t = "وقال رئيس الوزراء العراقي مصطفى الكاظمي إن العمل مستمر.";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    for (size_t i = 0; i < n; i++)
        assert_false(!strcmp(e[i].type, "PER") && !strncmp(t + e[i].byte_start, "العراقي", strlen("العراقي")));
    ak_free(e);

    char path[] = "/tmp/ak-test-clusters-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char *lines = "بغداد\t010101010101\nno tab here\nقصير\t0101\n\t111111111111\n";
    assert_int_equal(write(fd, lines, strlen(lines)), (long)strlen(lines));
    close(fd);
    ner_lex c = {0};
    assert_int_equal(ner_clusters_add_file(&c, path), AK_OK);
    unlink(path);
    assert_int_equal(c.n, 1);
    unsigned v = 0;
    assert_int_equal(ner_lex_find(&c, ner_form_key("بغداد", strlen("بغداد")), &v), 1);
    assert_int_equal(v, 0x555);
    assert_int_equal(ner_lex_find(&c, ner_form_key("قصير", strlen("قصير")), &v), 0);
    ner_lex_free(&c);
    assert_int_equal(ner_clusters_add_file(&c, "/nonexistent/clusters.txt"), AK_EIO);
    assert_true(model->clex.n > 10000);
}

/* The weights are read where ak_ner_load's bytes hold them (rows in bucket order, a
 * little-endian machine), from a copy with ak_ner_load_mem or when the rows are out
 * of order: the same tags either way, over more sentences than the second stage's
 * window (its per-token sums are kept for the window's sentences only). */
static void rows_in_place_or_copied(void **state)
{
    (void)state;
    size_t len;
    unsigned char *d = model_bytes(&len);
    ak_ner *a = NULL, *b = NULL, *c = NULL;
    assert_int_equal(ak_ner_load(&a, NULL), AK_OK);
    assert_int_equal(ak_ner_load_mem(&b, d, len), AK_OK);
    const uint16_t one = 1;
    if (*(const unsigned char *)&one == 1) assert_null(a->own_rows);
    assert_non_null(b->own_rows);
    const size_t rows = 8 + 4 * 7 + 8 + 2 * (NER_NTAGS + 1) * NER_NTAGS * 4, row = 4 + 4 * NER_NTAGS;
    unsigned char tmp[4 + 4 * NER_NTAGS];
    memcpy(tmp, d + rows, row); /* the first two rows swapped: same weights, out of order */
    memcpy(d + rows, d + rows + row, row);
    memcpy(d + rows + row, tmp, row);
    reseal(d, len);
    assert_int_equal(ak_ner_load_mem(&c, d, len), AK_OK);
    assert_non_null(c->own_rows);
    static const char *const sents[3] = {"قال الرئيس الأميركي جو بايدن في واشنطن . ",
                                         "وزارة الخارجية المصرية في القاهرة . ", "بايدن وصل الى بغداد امس . "};
    size_t cap = 120 * 128, tlen = 0;
    char *text = malloc(cap);
    assert_non_null(text);
    for (int i = 0; i < 120; i++) {
        size_t l = strlen(sents[i % 3]);
        memcpy(text + tlen, sents[i % 3], l);
        tlen += l;
    }
    ak_ner_entity *ea, *eb, *ec;
    size_t na, nb, nc;
    assert_int_equal(ak_ner_tag(a, text, tlen, &ea, &na), AK_OK);
    assert_int_equal(ak_ner_tag(b, text, tlen, &eb, &nb), AK_OK);
    assert_int_equal(ak_ner_tag(c, text, tlen, &ec, &nc), AK_OK);
    assert_true(na > 100);
    assert_int_equal(na, nb);
    assert_int_equal(na, nc);
    for (size_t i = 0; i < na; i++) {
        assert_int_equal(ea[i].byte_start, eb[i].byte_start);
        assert_int_equal(ea[i].byte_end, eb[i].byte_end);
        assert_string_equal(ea[i].type, eb[i].type);
        assert_int_equal(ea[i].byte_start, ec[i].byte_start);
        assert_int_equal(ea[i].byte_end, ec[i].byte_end);
        assert_string_equal(ea[i].type, ec[i].type);
    }
    ak_free(ea); ak_free(eb); ak_free(ec);
    free(text);
    ak_ner_free(a); ak_ner_free(b); ak_ner_free(c);
    free(d);
}

/* The family particle آل ends no name, nor does بن: the tagger's name that stops on one takes
 * the name after it. */
/* A word with the accusative tanween is an adverb or predicate, never part of a name: "وليًا"
 * after a prince's name, "مازحاً" after a minister's. */
static void tanween_words_end_names(void **state)
{
    (void)state;
    const char *t = "تلقى ولي العهد الأمير محمد بن نايف بن عبدالعزيز وليًا للعهد اتصالا هاتفيا. "
                    "وقال كيري مازحاً إن الاتفاق جيد.";
    ak_ner_entity *e;
    size_t n;
    char span[256];
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int prince = 0;
    for (size_t i = 0; i < n; i++) {
        byte_slice(t, &e[i], span, sizeof span);
        assert_null(strstr(span, "وليًا"));
        assert_null(strstr(span, "مازحاً"));
        prince |= !strcmp(e[i].type, "PER") && strstr(span, "محمد بن نايف") != NULL;
    }
    assert_true(prince);
    ak_free(e);
}

/* "مستشفى الملك فهد بتبوك", "مطار الملك عبدالعزيز بجدة": ب + a known place ends the name; the
 * place is tagged on its own. */
static void clitic_places_end_names(void **state)
{
    (void)state;
    const char *t = "وتم نقله إلى مستشفى الملك فهد بتبوك حيث تدهورت حالته. "
                    "ووصلت بعثة الأهلي مطار الملك عبدالعزيز بجدة أمس بعد ختام المعسكر.";
    ak_ner_entity *e;
    size_t n;
    char span[256];
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int places = 0;
    for (size_t i = 0; i < n; i++) {
        byte_slice(t, &e[i], span, sizeof span);
        if (!strcmp(e[i].type, "PER")) {
            assert_null(strstr(span, "بتبوك"));
            assert_null(strstr(span, "بجدة"));
        }
        places += !strcmp(e[i].type, "LOC") && (!strcmp(span, "بتبوك") || !strcmp(span, "بجدة"));
    }
    assert_int_equal(places, 2);
    ak_free(e);
}

/* "محمد شياع السوداني": a nisba after a name of two words is the family's; the place adjective
 * before a name stays the role's; after a one-word name it is left to the model. */
static void nisba_after_a_name_is_its_family(void **state)
{
    (void)state;
    const char *t = "وقال رئيس الوزراء محمد شياع السوداني إن الحكومة ماضية في خطتها. "
                    "وقال الرئيس المصري عبد الفتاح السيسي إن مصر تدعم العراق.";
    ak_ner_entity *e;
    size_t n;
    char span[256];
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int whole = 0, sisi = 0;
    for (size_t i = 0; i < n; i++) {
        byte_slice(t, &e[i], span, sizeof span);
        if (strcmp(e[i].type, "PER")) continue;
        whole |= !strcmp(span, "محمد شياع السوداني");
        sisi |= !strcmp(span, "عبد الفتاح السيسي");
        assert_null(strstr(span, "المصري"));
    }
    assert_true(whole);
    assert_true(sisi);
    ak_free(e);
}

/* "علي فرحان الدليمي": a listed given name before a name the model found is its first word; not
 * على (the preposition, with ى) or باسم (on behalf of). */
static void given_name_before_a_name(void **state)
{
    (void)state;
    const char *t = "وأكد محافظ الأنبار علي فرحان الدليمي أن مشاريع الإعمار مستمرة. "
                    "وأثنى المدير على فرحان الدليمي في كلمته. وقال المتحدث باسم اندرسون إن الشركة رابحة.";
    ak_ner_entity *e;
    size_t n;
    char span[256];
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int whole = 0, bare = 0;
    for (size_t i = 0; i < n; i++) {
        byte_slice(t, &e[i], span, sizeof span);
        if (strcmp(e[i].type, "PER")) continue;
        whole += !strcmp(span, "علي فرحان الدليمي");
        bare += !strcmp(span, "فرحان الدليمي");
        assert_null(strstr(span, "على"));
        assert_null(strstr(span, "باسم"));
    }
    assert_int_equal(whole, 1);
    assert_int_equal(bare, 1); /* after على */
    ak_free(e);
}

/* "قال ناشطون سوريون", "وقال باحثون": people named in the plural by what they do are no name. */
static void plurals_of_people_are_no_names(void **state)
{
    (void)state;
    const char *t = "قال ناشطون سوريون إن القصف استمر. وقال باحثون في جامعة ستانفورد إن النتائج مهمة.";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    for (size_t i = 0; i < n; i++) assert_string_not_equal(e[i].type, "PER");
    ak_free(e);
}

/* "والله الهادي إلى سواء السبيل" (a statement's closing line): God's name opens no person's
 * name; inside one ("حسن نصر الله") it stays. */
static void gods_name_opens_no_person(void **state)
{
    (void)state;
    const char *t = "ونفذ حكم القتل بالجاني. والله الهادي إلى سواء السبيل. وقال حسن نصر الله إن الحزب مستعد.";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int nasrallah = 0;
    const char *closing = strstr(t, "والله"), *end = strstr(t, "السبيل");
    for (size_t i = 0; i < n; i++) {
        int in_closing = t + e[i].byte_start >= closing && t + e[i].byte_start < end;
        assert_false(in_closing && !strcmp(e[i].type, "PER"));
        char span[128];
        byte_slice(t, &e[i], span, sizeof span);
        nasrallah |= !strcmp(e[i].type, "PER") && !strcmp(span, "حسن نصر الله");
    }
    assert_int_equal(nasrallah, 1);
    ak_free(e);
}

static void family_names_are_whole(void **state)
{
    (void)state;
    const char *t = "كرم مدير التعليم الأستاذ أحمد بن علي آل مريع المعلمين المتميزين في أبها.";
    ak_ner_entity *e;
    size_t n;
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    int whole = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = e[i].byte_end - e[i].byte_start;
        assert_false(len >= 4 && !memcmp(t + e[i].byte_end - 4, "آل", 4)); /* no name ends on آل */
        whole |= !strcmp(e[i].type, "PER") && len == strlen("أحمد بن علي آل مريع") &&
                 !memcmp(t + e[i].byte_start, "أحمد بن علي آل مريع", len);
    }
    assert_true(whole);
    ak_free(e);
    /* nor on بن: the father's name follows */
    t = "بعدها ألقى الشاعر ناصر بن فضل الثنيان قصيدة بعنوان أقبل العيد.";
    assert_int_equal(ak_ner_tag(model, t, strlen(t), &e, &n), AK_OK);
    whole = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = e[i].byte_end - e[i].byte_start;
        assert_false(len >= 5 && !memcmp(t + e[i].byte_end - 5, " بن", 5));
        whole |= !strcmp(e[i].type, "PER") && !memcmp(t + e[i].byte_start, "ناصر بن فضل", strlen("ناصر بن فضل"));
    }
    assert_true(whole);
    ak_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loader_rejects_bad_files),   cmocka_unit_test(loader_checks_stacked_model),
        cmocka_unit_test(rows_in_place_or_copied),
        cmocka_unit_test(tags_names_and_places),
        cmocka_unit_test(name_after_title_and_adjective), cmocka_unit_test(month_names_are_never_names),
        cmocka_unit_test(mentions_stop_at_sentence_ends), cmocka_unit_test(rejects_invalid_utf8),
        cmocka_unit_test(pathological_inputs_are_linear), cmocka_unit_test(tag_tokens_api),
        cmocka_unit_test(linker_merges_and_keeps_apart), cmocka_unit_test(place_adjectives_and_clusters),
        cmocka_unit_test(family_names_are_whole), cmocka_unit_test(tanween_words_end_names),
        cmocka_unit_test(clitic_places_end_names), cmocka_unit_test(plurals_of_people_are_no_names), cmocka_unit_test(gods_name_opens_no_person),
        cmocka_unit_test(nisba_after_a_name_is_its_family), cmocka_unit_test(given_name_before_a_name),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
