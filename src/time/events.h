/* events.h: the events of time expressions already found (the story step reads them from
 * the store instead of tagging each report's text again). */
#ifndef AK_TIME_EVENTS_H
#define AK_TIME_EVENTS_H
#include "akhbar.h"

/* As ak_time_events, from the expressions x[0..nx) of text[0..len) (in text order, byte and
 * code-point offsets both set): only DATE and TIME with a resolved value make events. */
int tx_events_of(const char *text, size_t len, const ak_timex *x, size_t nx, const char *article, ak_time_event **ev,
                 size_t *n);

#endif
