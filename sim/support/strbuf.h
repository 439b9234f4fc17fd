/* strbuf — a growing string, and numbers written for people ("1,234,567.8").
 *
 * The buffer owns its text; ddb_strbuf_take hands it to the caller (free it) and leaves the buffer
 * empty. Allocation failure aborts (sim/support/alloc.h), so no call here fails.
 */
#ifndef DDB_STRBUF_H
#define DDB_STRBUF_H

#include <stddef.h>
#include <stdint.h>
#include "sim/support/errmsg.h" /* DDB_PRINTF */

typedef struct ddb_strbuf {
    char *s;       /* NUL-terminated once anything was added; NULL while empty */
    size_t len, cap;
} ddb_strbuf;


void ddb_strbuf_puts(ddb_strbuf *b, const char *s);
void ddb_strbuf_putn(ddb_strbuf *b, const char *s, size_t n);
void ddb_strbuf_printf(ddb_strbuf *b, const char *fmt, ...) DDB_PRINTF(2, 3);
/* n with thousands separators: 1234567 -> "1,234,567". */
void ddb_strbuf_count(ddb_strbuf *b, uint64_t n);
/* x rounded to `decimals` places, with thousands separators: -1234.5 -> "-1,234.5". */
void ddb_strbuf_number(ddb_strbuf *b, double x, int decimals);
/* A fraction as a percentage with the fewest decimals that do not round a non-zero value to 0 or a
 * non-one value to 100: 0.4908 -> "49.1%", 0.00002 -> "0.002%", 1 -> "100%". */
void ddb_strbuf_percent(ddb_strbuf *b, double fraction);
/* The text ("" while empty); valid until the next change. */
const char *ddb_strbuf_str(const ddb_strbuf *b);
/* Hand the text to the caller (never NULL; free it) and empty the buffer. */
char *ddb_strbuf_take(ddb_strbuf *b);
void ddb_strbuf_free(ddb_strbuf *b);

#endif
