/* error.c: thread-local last-error message and the names of status codes.
 * A message buffer per thread keeps the library safe to call from many threads. */
#include "util/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static _Thread_local char last_error[1024];

int ak_set_error(int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

void ak_clear_error(void) { last_error[0] = '\0'; }

AK_API const char *ak_last_error(void) { return last_error; }

AK_API const char *ak_status_name(int status)
{
    switch (status) {
    case AK_OK: return "ok";
    case AK_EINVAL: return "invalid argument";
    case AK_ENOMEM: return "out of memory";
    case AK_EIO: return "input/output error";
    case AK_EPARSE: return "parse error";
    case AK_EUTF8: return "invalid UTF-8";
    case AK_ETOOBIG: return "input too large";
    case AK_EDB: return "database error";
    case AK_ENOTFOUND: return "not found";
    default: return "unknown error";
    }
}

AK_API const char *ak_version(void) { return AK_VERSION_STRING; }

AK_API void ak_free(void *p) { free(p); }
