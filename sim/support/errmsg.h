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

/* Format into err (truncated to errlen; a line break in a quoted value becomes a space, so the
 * message stays one line). Returns -1. err may be NULL (nothing written). */
int ddb_errorf(char *err, size_t errlen, const char *fmt, ...) DDB_PRINTF(3, 4);
int ddb_verrorf(char *err, size_t errlen, const char *fmt, va_list ap) DDB_PRINTF(3, 0);

#endif
