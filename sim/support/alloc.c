/* alloc — see alloc.h. */
#include "sim/support/alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("ddbsim: out of memory\n", stderr);
    abort();
}

void *ddb_xmalloc(size_t size)
{
    /* malloc(0) may return NULL legitimately; ask for one byte so NULL always means failure. */
    void *p = malloc(size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *ddb_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *ddb_xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom();
    return q;
}

char *ddb_xstrdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *d = ddb_xmalloc(len);
    memcpy(d, s, len);
    return d;
}
