/* floor.c: the speed floor for bench/run-all: read a file in 1 MiB chunks and decode its UTF-8
 * strictly (code points counted), nothing else. Usage: floor FILE. Exit 1 on unreadable/invalid input. */
#include <stdint.h>
#include <string.h>

#include "common.h"

/* Length of a valid sequence at s[0..n) (RFC 3629: no overlongs, surrogates or > U+10FFFF),
 * 0 if invalid, -1 if it is a valid prefix cut by the end of the buffer. */
static int seq_len(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    int len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else return 0;
    for (int i = 1; i < len; i++) {
        if ((size_t)i >= n) return -1;
        unsigned b = s[i];
        if (b < (i == 1 ? lo : 0x80) || b > (i == 1 ? hi : 0xBF)) return 0;
    }
    return len;
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: floor FILE\n");
        return 2;
    }
    enum { CHUNK = 1 << 20 };
    static unsigned char buf[CHUNK + 4];
    double t0 = peer_now();
    FILE *f = fopen(argv[1], "rb");
    if (!f) {
        perror(argv[1]);
        return 1;
    }
    size_t carry = 0, bytes = 0, cps = 0, got;
    while ((got = fread(buf + carry, 1, CHUNK, f)) > 0) {
        size_t n = carry + got, i = 0;
        bytes += got;
        while (i < n) {
            int len = seq_len(buf + i, n - i);
            if (len < 0) break; /* finish it with the next chunk */
            if (len == 0) {
                fprintf(stderr, "floor: invalid UTF-8 at byte %zu\n", bytes - (n - i));
                fclose(f);
                return 1;
            }
            i += (size_t)len;
            cps++;
        }
        carry = n - i;
        memmove(buf, buf + i, carry);
    }
    fclose(f);
    if (carry) {
        fprintf(stderr, "floor: truncated UTF-8 at the end\n");
        return 1;
    }
    double secs = peer_now() - t0;
    peer_report("floor", bytes, 0, secs);
    printf("code_points=%zu\n", cps);
    return 0;
}
