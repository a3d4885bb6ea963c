/* utf8.h: strict UTF-8 decoding and validation shared by every stage.
 * Strict means RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF. */
#ifndef AK_TEXT_UTF8_H
#define AK_TEXT_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n). Returns its length in bytes (1-4) and
 * stores the code point in *cp, or returns 0 for an invalid or truncated
 * sequence (then *cp = U+FFFD). n must be > 0. */
size_t ak_utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* One step of a scan over possibly invalid text: the code point at s[0..n) in *cp and its
 * length, 1 for an invalid byte (*cp = U+FFFD). ASCII and two-byte sequences (Arabic letters)
 * are decoded inline, as ak_utf8_decode would: scans that run over every raw text use it. */
static inline size_t ak_utf8_step(const unsigned char *s, size_t n, uint32_t *cp)
{
    if (s[0] < 0x80) { *cp = s[0]; return 1; }
    if (s[0] >= 0xC2 && s[0] < 0xE0 && n > 1 && (s[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        return 2;
    }
    size_t k = ak_utf8_decode(s, n, cp);
    return k ? k : 1;
}

/* Encodes cp into out (4 bytes of room); returns the length, 0 if cp is invalid. */
size_t ak_utf8_encode(uint32_t cp, char *out);

/* Returns 1 if s[0..n) is valid UTF-8; otherwise 0 and the byte offset of the
 * first bad sequence in *bad_offset (may be NULL). */
int ak_utf8_valid(const char *s, size_t n, size_t *bad_offset);

/* Number of code points in a valid UTF-8 string. */
size_t ak_utf8_count(const char *s, size_t n);

#endif
