/* fifo — a FIFO ring's growth. See fifo.h. */
#include "sim/support/fifo.h"

#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

void *ddb_fifo_grow(void *items, size_t *head, size_t n, size_t *cap, size_t elem)
{
    DDB_CHECK(n <= *cap && (*cap == 0 || *head < *cap), "fifo of %zu in %zu slots from %zu", n,
              *cap, *head);
    size_t grown = *cap ? *cap * 2 : DDB_FIFO_FIRST_CAP;
    char *out = ddb_xcalloc(grown, elem);
    if (n > 0) {
        /* the oldest run up to the array's end, then the part that wrapped to its start */
        size_t first = *cap - *head < n ? *cap - *head : n;
        memcpy(out, (const char *)items + *head * elem, first * elem);
        memcpy(out + first * elem, items, (n - first) * elem);
    }
    free(items);
    *head = 0;
    *cap = grown;
    return out;
}
