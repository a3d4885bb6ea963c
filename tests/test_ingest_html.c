/* test_ingest_html.c: article text from HTML: furniture dropped (script, style,
 * nav, header, footer, aside, form), blocks as lines, entities decoded. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar.h"

static void expect(const char *html, const char *text)
{
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(ak_html_to_text(html, strlen(html), &out, &n), AK_OK);
    assert_string_equal(out, text);
    assert_int_equal(n, strlen(text));
    ak_free(out);
}

static void furniture_is_dropped(void **state)
{
    (void)state;
    expect("<html><head><title>T</title><style>p{}</style></head><body>"
           "<header>شعار</header><nav><a>الرئيسية</a></nav>"
           "<article><h1>العنوان</h1><p>الفقرة <b>الأولى</b>.</p><script>var x=1;</script>"
           "<aside>إعلان</aside><p>الثانية</p><form><input></form></article>"
           "<footer>حقوق</footer></body></html>",
           "العنوان\nالفقرة الأولى.\nالثانية\n");
}

static void entities_and_breaks(void **state)
{
    (void)state;
    expect("<p>a &amp; b&nbsp;&lt;c&gt; &#1575;&#x628;</p>line<br>next<div>  spaced \n  out </div>",
           "a & b\xc2\xa0<c> اب\nline\nnext\nspaced out\n");
}

/* A numeric reference past U+10FFFF comes out of the parser as one stray byte: the
 * text stays valid UTF-8, with U+FFFD there (found by fuzz_jsonl). */
static void huge_reference_stays_valid_utf8(void **state)
{
    (void)state;
    expect("<p>at&#393394156697.0 ب</p>", "at\xef\xbf\xbd.0 ب\n");
}

static void empty_and_broken_html(void **state)
{
    (void)state;
    expect("", "");
    expect("<script>only</script>", "");
    expect("<p>unclosed <b>bold", "unclosed bold\n");
}

static void deep_nesting_does_not_recurse(void **state)
{
    (void)state;
    size_t depth = 4000;
    char *h = malloc(depth * 5 + 16);
    size_t k = 0;
    for (size_t i = 0; i < depth; i++) { memcpy(h + k, "<div>", 5); k += 5; }
    memcpy(h + k, "x", 2);
    char *out = NULL;
    size_t n = 0;
    assert_int_equal(ak_html_to_text(h, k + 1, &out, &n), AK_OK);
    assert_string_equal(out, "x\n");
    ak_free(out);
    free(h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(furniture_is_dropped),
        cmocka_unit_test(entities_and_breaks),
        cmocka_unit_test(huge_reference_stays_valid_utf8),
        cmocka_unit_test(empty_and_broken_html),
        cmocka_unit_test(deep_nesting_does_not_recurse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
