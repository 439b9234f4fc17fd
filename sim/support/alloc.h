/* alloc — allocation that never returns NULL.
 *
 * Running out of memory is not an error the simulator can recover from: these wrappers print
 * "ddbsim: out of memory" to stderr and abort, so callers never check for NULL.
 */
#ifndef DDB_ALLOC_H
#define DDB_ALLOC_H

#include <stddef.h>

void *ddb_xmalloc(size_t size);
/* n * size bytes, zeroed; aborts when the product overflows. */
void *ddb_xcalloc(size_t n, size_t size);
/* As realloc; ddb_xrealloc(NULL, size) allocates. */
void *ddb_xrealloc(void *p, size_t size);
char *ddb_xstrdup(const char *s);

#endif
