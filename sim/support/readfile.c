/* readfile — see readfile.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/support/readfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"

char *ddb_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ddb_errorf(err, errlen, "%s: cannot read (%s)", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        fclose(f);
        return ddb_errorf(err, errlen, "%s: a device, not a file (expected a file)", path), NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = ddb_xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap)
            buf = ddb_xrealloc(buf, cap *= 2);
        errno = 0;
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0 || n > max_bytes)
            break;
    }
    int bad = ferror(f), e = errno;
    fclose(f);
    if (bad || n > max_bytes) {
        if (bad)
            ddb_errorf(err, errlen, "%s: cannot read (%s)", path, strerror(e ? e : EIO));
        else if (max_bytes % (1u << 20) == 0)
            ddb_errorf(err, errlen, "%s: too large (got more than %zu bytes, expected at most %zu MiB)",
                     path, max_bytes, max_bytes >> 20);
        else
            ddb_errorf(err, errlen, "%s: too large (got more than %zu bytes, expected at most %zu)",
                     path, max_bytes, max_bytes);
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}
