/* csvin — the CSV reader. See csvin.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/support/csvin.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"

static void put(ddb_csvin *c, char ch)
{
    if (c->text_len + 1 >= c->text_cap) {
        c->text_cap = c->text_cap ? 2 * c->text_cap : 256;
        c->text = ddb_xrealloc(c->text, c->text_cap);
    }
    c->text[c->text_len++] = ch;
}

static void start_field(ddb_csvin *c)
{
    if (c->n_fields == c->fields_cap) {
        c->fields_cap = c->fields_cap ? 2 * c->fields_cap : 16;
        c->starts = ddb_xrealloc(c->starts, c->fields_cap * sizeof *c->starts);
    }
    c->starts[c->n_fields++] = c->text_len;
}

enum { REC_OK = 1, REC_END = 0, REC_QUOTE = -1, REC_LONG = -2, REC_NUL = -3, REC_BIG = -4 };

/* Read one record into text/starts. Returns REC_OK, REC_END at end of file, or an error: an
 * unterminated quote, a record over DDB_CSVIN_MAX_RECORD_BYTES, a NUL byte (not text: a device
 * such as /dev/zero, a binary file), the file over DDB_CSVIN_MAX_FILE_BYTES. */
static int read_record(ddb_csvin *c, size_t *lines)
{
    c->text_len = 0;
    c->n_fields = 0;
    *lines = 0;
    int ch = getc(c->f);
    if (ch == EOF)
        return REC_END;
    start_field(c);
    int quoted = 0;
    size_t bytes = 0;
    for (; ch != EOF; ch = getc(c->f)) {
        if (++bytes > DDB_CSVIN_MAX_RECORD_BYTES)
            return REC_LONG;
        if (ch == '\0')
            return REC_NUL;
        if (quoted) {
            if (ch == '"') {
                int next = getc(c->f);
                if (next != '"') {
                    quoted = 0;
                    ungetc(next, c->f);
                    continue;
                }
            } else if (ch == '\n') {
                ++*lines;
            }
            put(c, (char)ch);
        } else if (ch == '"') {
            quoted = 1;
        } else if (ch == ',') {
            put(c, '\0');
            start_field(c);
        } else if (ch == '\n') {
            break;
        } else if (ch != '\r') {
            put(c, (char)ch);
        }
    }
    put(c, '\0');
    ++*lines;
    c->bytes += bytes + 1;
    if (c->bytes > DDB_CSVIN_MAX_FILE_BYTES)
        return REC_BIG;
    return quoted ? REC_QUOTE : REC_OK;
}

/* The message for read_record's error rc at line. */
static int record_error(const char *path, size_t line, int rc, char *err, size_t errlen)
{
    if (rc == REC_LONG)
        return ddb_errorf(err, errlen, "%s:%zu: row too long (expected at most %u bytes a row)",
                          path, line, DDB_CSVIN_MAX_RECORD_BYTES);
    if (rc == REC_NUL)
        return ddb_errorf(err, errlen, "%s:%zu: a NUL byte (expected CSV text)", path, line);
    if (rc == REC_BIG)
        return ddb_errorf(err, errlen, "%s: too large (expected at most %llu GiB of CSV)", path,
                          (unsigned long long)(DDB_CSVIN_MAX_FILE_BYTES >> 30));
    return ddb_errorf(err, errlen, "%s:%zu: unterminated quoted field", path, line);
}

int ddb_csvin_open(ddb_csvin *c, const char *path, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    c->f = fopen(path, "r");
    if (!c->f) {
        ddb_errorf(err, errlen, "%s: cannot read (%s)", path, strerror(errno));
        return -1;
    }
    c->path = ddb_xstrdup(path);
    struct stat st; /* a device (/dev/zero) never ends: refused before it is read */
    if (fstat(fileno(c->f), &st) == 0 && (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))) {
        ddb_errorf(err, errlen, "%s: a device, not a file (expected a CSV file)", path);
        ddb_csvin_close(c);
        return -1;
    }
    size_t lines;
    int rc = read_record(c, &lines);
    if (rc != REC_OK || (c->n_fields == 1 && c->text[0] == '\0')) {
        if (rc < 0 && rc != REC_QUOTE)
            record_error(path, 1, rc, err, errlen);
        else
            ddb_errorf(err, errlen, "%s: no header row", path);
        ddb_csvin_close(c);
        return -1;
    }
    c->n_cols = c->n_fields;
    c->header = ddb_xcalloc(c->n_cols, sizeof *c->header);
    for (size_t i = 0; i < c->n_cols; i++)
        c->header[i] = ddb_xstrdup(c->text + c->starts[i]);
    c->line = 1;
    c->next_line = 1 + lines;
    return 0;
}

int ddb_csvin_column(const ddb_csvin *c, const char *name)
{
    for (size_t i = 0; i < c->n_cols; i++)
        if (!strcmp(c->header[i], name))
            return (int)i;
    return -1;
}

int ddb_csvin_require(const ddb_csvin *c, const char *name, int *col, char *err, size_t errlen)
{
    *col = ddb_csvin_column(c, name);
    if (*col >= 0)
        return 0;
    ddb_errorf(err, errlen, "%s: no column %s in the header", c->path, name);
    return -1;
}

int ddb_csvin_next(ddb_csvin *c, char *err, size_t errlen)
{
    for (;;) {
        size_t lines;
        c->line = c->next_line;
        int rc = read_record(c, &lines);
        c->next_line += lines;
        if (rc == 0)
            return 0;
        if (rc < 0)
            return record_error(c->path, c->line, rc, err, errlen);
        if (c->n_fields == 1 && c->text[0] == '\0')
            continue; /* a blank line (a trailing one, most often) */
        if (c->n_fields != c->n_cols) {
            ddb_errorf(err, errlen, "%s:%zu: expected %zu fields, got %zu", c->path, c->line,
                     c->n_cols, c->n_fields);
            return -1;
        }
        return 1;
    }
}

const char *ddb_csvin_field(const ddb_csvin *c, int col) { return c->text + c->starts[col]; }

int ddb_csvin_number(const ddb_csvin *c, int col, double *x, char *err, size_t errlen)
{
    const char *s = ddb_csvin_field(c, col);
    if (*s == '\0') {
        *x = NAN;
        return 1;
    }
    char *end;
    errno = 0;
    *x = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(*x)) {
        ddb_errorf(err, errlen, "%s:%zu: %s: not a number (got \"%.40s\")", c->path, c->line,
                 c->header[col], s);
        return -1;
    }
    return 0;
}

int ddb_csvin_need_number(const ddb_csvin *c, int col, const char *what, double *x, char *err,
                          size_t errlen)
{
    int rc = ddb_csvin_number(c, col, x, err, errlen);
    if (rc == 1)
        ddb_errorf(err, errlen, "%s:%zu: %s: empty (expected %s)", c->path, c->line,
                   c->header[col], what);
    return rc == 0 ? 0 : -1;
}

void ddb_csvin_close(ddb_csvin *c)
{
    if (c->f)
        fclose(c->f);
    for (size_t i = 0; i < c->n_cols; i++)
        free(c->header[i]);
    free(c->header);
    free(c->path);
    free(c->text);
    free(c->starts);
    memset(c, 0, sizeof *c);
}
