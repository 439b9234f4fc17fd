/* errmsg — the one-line error every input reader returns: "FILE: PATH: what (got X, expected Y)".
 * Readers fill a caller's buffer and return -1; the caller prints it and exits 1. */
#ifndef DDB_ERRMSG_H
#define DDB_ERRMSG_H

#include <stdarg.h>
#include <stddef.h>

#ifndef DDB_PRINTF
#if defined(__GNUC__)
#define DDB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DDB_PRINTF(f, a)
#endif
#endif

/* Format into err (truncated to errlen). Control characters that came in with a quoted value (a
 * CSV field, a property name) are escaped as ddb_escape does, so the message stays one line and
 * cannot drive the terminal. Returns -1. err may be NULL (nothing written). */
int ddb_errorf(char *err, size_t errlen, const char *fmt, ...) DDB_PRINTF(3, 4);
int ddb_verrorf(char *err, size_t errlen, const char *fmt, va_list ap) DDB_PRINTF(3, 0);

/* text with every control character (below 0x20, and DEL) written as an escape: \n, \r, \t,
 * else \xHH (ESC is \x1b); other bytes, UTF-8 included, as they are. Fills out (cap >= 1) up
 * to cap - 1 bytes, never splitting an escape, and returns out. */
char *ddb_escape(const char *text, char *out, size_t cap);

#endif
