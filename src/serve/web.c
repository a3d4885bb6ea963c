/* web.c: web/index.html built into the binary, so an installed `akhbar serve` needs no files.
 * The assembler includes the file at build time; api.c prefers a copy on disk when there is one. */
#include "serve/api_internal.h"

/* AK_DATA_DIR is <source>/data; the page lives beside it in <source>/web. */
__asm__(".section .rodata\n"
        ".globl ak_web_index_start\n"
        ".hidden ak_web_index_start\n"
        ".globl ak_web_index_end\n"
        ".hidden ak_web_index_end\n"
        "ak_web_index_start:\n"
        ".incbin \"" AK_DATA_DIR "/../web/index.html\"\n"
        "ak_web_index_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char ak_web_index_start[] __attribute__((visibility("hidden")));
extern const char ak_web_index_end[] __attribute__((visibility("hidden")));

const char *ak_web_page(size_t *len)
{
    *len = (size_t)(ak_web_index_end - ak_web_index_start);
    return ak_web_index_start;
}
