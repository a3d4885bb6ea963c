/* dateline.c: placeholder until the time stage lands; recognizes nothing.
 * Replaced by the real recognizer built on the time lexicons. */
#include "time/dateline.h"

int ak_dateline_find(const char *line, size_t n, char out[32])
{
    (void)line;
    (void)n;
    out[0] = '\0';
    return 0;
}
