/* slurp.h: a whole file read into memory for the tests that compare written files byte for byte
 * (cmocka asserts; include after <cmocka.h>). */
#ifndef AK_TESTS_SLURP_H
#define AK_TESTS_SLURP_H
#include <stdio.h>
#include <stdlib.h>

/* The bytes of path, NUL-terminated, *len without the NUL; the caller frees them. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return s;
}
#endif
