/* error.h: the thread-local last-error message behind ak_last_error().
 * Internal: stages call ak_set_error() and return the status they pass. */
#ifndef AK_UTIL_ERROR_H
#define AK_UTIL_ERROR_H
#include "akhbar.h"

/* Formats a message for ak_last_error() and returns `status` so callers can
 * write `return ak_set_error(AK_EINVAL, "...", ...)`. */
int ak_set_error(int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Clears the message (used at the start of calls that report on success too). */
void ak_clear_error(void);

#endif
