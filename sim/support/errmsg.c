/* errmsg — see errmsg.h. */
#include "sim/support/errmsg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"

char *ddb_escape(const char *text, char *out, size_t cap)
{
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        char esc[5];
        if (*p == '\n')
            memcpy(esc, "\\n", 3);
        else if (*p == '\r')
            memcpy(esc, "\\r", 3);
        else if (*p == '\t')
            memcpy(esc, "\\t", 3);
        else if (*p < 0x20 || *p == 0x7f)
            snprintf(esc, sizeof esc, "\\x%02x", *p);
        else
            esc[0] = (char)*p, esc[1] = '\0';
        size_t len = strlen(esc);
        if (n + len >= cap)
            break;
        memcpy(out + n, esc, len);
        n += len;
    }
    out[n] = '\0';
    return out;
}

int ddb_verrorf(char *err, size_t errlen, const char *fmt, va_list ap)
{
    if (!err || !errlen)
        return -1;
    char *raw = ddb_xmalloc(errlen);
    vsnprintf(raw, errlen, fmt, ap);
    ddb_escape(raw, err, errlen);
    free(raw);
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
