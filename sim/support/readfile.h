/* readfile — a whole input file (scenario, price table, summary, CloudWatch export) in memory.
 *
 * Inputs are JSON documents of at most a few MiB; a bound keeps a wrong path (a device, a huge
 * log) from eating memory. */
#ifndef DDB_READFILE_H
#define DDB_READFILE_H

#include <stddef.h>

/* The file's bytes, NUL-terminated (free them), and their number in *len; or NULL with one line
 * in err, e.g.
 *   "PATH: cannot read (No such file or directory)"
 *   "PATH: too large (got more than 16777216 bytes, expected at most 16 MiB)"
 *   "PATH: a device, not a file (expected a file)" (/dev/zero would fill max_bytes for nothing) */
char *ddb_read_file(const char *path, size_t max_bytes, size_t *len, char *err, size_t errlen);

#endif
