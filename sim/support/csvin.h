/* csvin — reads the CSV files ddbsim writes (RFC 4180: comma-separated, fields with a comma, quote
 * or line break double-quoted, "" for a quote inside), with a header row, columns found by name.
 *
 * Errors are one line naming the file (and the line, for a bad row), e.g.
 *     out/x/partitions.csv:12: expected 9 fields, got 7
 * The reader owns every string it returns; a field stays valid until the next ddb_csvin_next.
 */
#ifndef DDB_CSVIN_H
#define DDB_CSVIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Bounds that keep a wrong path (/dev/zero, a binary file, a runaway file) from eating memory or
 * looping: one row (its quoted line breaks included) and the whole file. */
#define DDB_CSVIN_MAX_RECORD_BYTES (1u << 20)
#define DDB_CSVIN_MAX_FILE_BYTES ((uint64_t)16 << 30)

typedef struct ddb_csvin {
    FILE *f;
    char *path;
    size_t line;          /* the line the current row starts on (1 = the header) */
    size_t next_line;     /* the line the next row starts on */
    char **header;        /* n_cols names */
    size_t n_cols;
    char *text;           /* the current row's fields, NUL-separated */
    size_t text_len, text_cap;
    size_t *starts;       /* offsets into text, one per field */
    size_t n_fields, fields_cap;
    uint64_t bytes;       /* read so far */
} ddb_csvin;

/* Open path and read its header row. Returns 0, or -1 with "PATH: cannot read (reason)" or
 * "PATH: no header row". */
int ddb_csvin_open(ddb_csvin *c, const char *path, char *err, size_t errlen);
/* The column called name, or -1. */
int ddb_csvin_column(const ddb_csvin *c, const char *name);
/* As ddb_csvin_column, but a missing column is an error: "PATH: no column NAME in the header". */
int ddb_csvin_require(const ddb_csvin *c, const char *name, int *col, char *err, size_t errlen);
/* Read the next row. Returns 1 (a row with exactly n_cols fields), 0 at the end, or -1 with
 * "PATH:LINE: expected N fields, got M", "PATH:LINE: unterminated quoted field",
 * "PATH:LINE: row too long (expected at most 1048576 bytes a row)",
 * "PATH:LINE: a NUL byte (expected CSV text)" or "PATH: too large (expected at most 16 GiB of CSV)".
 * Control characters of a field or a header quoted in a message are escaped (\n, \x1b). */
int ddb_csvin_next(ddb_csvin *c, char *err, size_t errlen);
/* Field col (0 <= col < n_cols) of the current row. */
const char *ddb_csvin_field(const ddb_csvin *c, int col);
/* Field col as a number. Returns 0, 1 when the field is empty (*x = NAN: CSV's "no value", as the
 * latency columns of an interval in which nothing completed), or -1 with
 * "PATH:LINE: COLUMN: not a number (got "TEXT")". */
int ddb_csvin_number(const ddb_csvin *c, int col, double *x, char *err, size_t errlen);
/* As ddb_csvin_number, but an empty field is an error too: returns 0, or -1 with
 * "PATH:LINE: COLUMN: empty (expected WHAT)" or the not-a-number message. */
int ddb_csvin_need_number(const ddb_csvin *c, int col, const char *what, double *x, char *err,
                          size_t errlen);
void ddb_csvin_close(ddb_csvin *c);

#endif
