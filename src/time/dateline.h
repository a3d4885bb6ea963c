/* dateline.h: recognizes a page-chrome line that carries the publication date,
 * so ingestion can keep the date as metadata while dropping the line. */
#ifndef AK_TIME_DATELINE_H
#define AK_TIME_DATELINE_H
#include <stddef.h>

/* If line[0..n) is a date line (a line that is mostly a date, possibly with a
 * weekday, a time, a time zone and a few chrome words, e.g.
 * "posted onAugust 10, 2023" or "الجمعة ٢٣ يوليو ٢٠٢١ - ٠٩:٠١ بتوقيت غرينتش"),
 * writes its value as "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM" into out (at least
 * 17 bytes + NUL) and returns 1; returns 0 otherwise. Lines that merely
 * contain a date inside running prose are not date lines. */
int ak_dateline_find(const char *line, size_t n, char out[32]);

#endif
