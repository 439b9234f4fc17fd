/* errmsg — see errmsg.h. */
#include "sim/support/errmsg.h"

#include <stdio.h>

int ddb_verrorf(char *err, size_t errlen, const char *fmt, va_list ap)
{
    if (!err || !errlen)
        return -1;
    vsnprintf(err, errlen, fmt, ap);
    for (char *p = err; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

int ddb_errorf(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ddb_verrorf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}
