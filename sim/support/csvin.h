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
#include <stdio.h>

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
} ddb_csvin;

/* Open path and read its header row. Returns 0, or -1 with "PATH: cannot read (reason)" or
 * "PATH: no header row". */
int ddb_csvin_open(ddb_csvin *c, const char *path, char *err, size_t errlen);
/* The column called name, or -1. */
int ddb_csvin_column(const ddb_csvin *c, const char *name);
/* As ddb_csvin_column, but a missing column is an error: "PATH: no column NAME in the header". */
int ddb_csvin_require(const ddb_csvin *c, const char *name, int *col, char *err, size_t errlen);
/* Read the next row. Returns 1 (a row with exactly n_cols fields), 0 at the end, or -1 with
 * "PATH:LINE: expected N fields, got M" or "PATH:LINE: unterminated quoted field". */
int ddb_csvin_next(ddb_csvin *c, char *err, size_t errlen);
/* Field col (0 <= col < n_cols) of the current row. */
const char *ddb_csvin_field(const ddb_csvin *c, int col);
/* Field col as a number. Returns 0, 1 when the field is empty (*x = NAN: CSV's "no value", as the
 * latency columns of an interval in which nothing completed), or -1 with
 * "PATH:LINE: COLUMN: not a number (got "TEXT")". */
int ddb_csvin_number(const ddb_csvin *c, int col, double *x, char *err, size_t errlen);
void ddb_csvin_close(ddb_csvin *c);

#endif
