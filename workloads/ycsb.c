/* ycsb — see ycsb.h. The file is small: it is read whole, then taken a logical line at a time. */
#include "workloads/ycsb.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"

#define FILE_MAX_BYTES (1u << 20)
#define ITEM_MAX_BYTES 409600.0 /* DynamoDB's item size limit */

typedef struct reader {
    const char *path;
    size_t line;        /* where the current logical line starts */
    char *err;
    size_t errlen;
    char *warnings;
    size_t warnings_len;
} reader;

static void warn(reader *r, const char *key, const char *what)
{
    char line[512];
    int n = snprintf(line, sizeof line, "%s:%zu: %s: %s\n", r->path, r->line, key, what);
    size_t len = (size_t)n < sizeof line ? (size_t)n : sizeof line - 1;
    r->warnings = ddb_xrealloc(r->warnings, r->warnings_len + len + 1);
    memcpy(r->warnings + r->warnings_len, line, len + 1);
    r->warnings_len += len;
}

static int bad(reader *r, const char *key, const char *value, const char *expected)
{
    ddb_errorf(r->err, r->errlen, "%s:%zu: %s: bad value (got \"%.60s\", expected %s)", r->path,
             r->line, key, value, expected);
    return -1;
}

static int number(reader *r, const char *key, const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    char want[96];
    snprintf(want, sizeof want, "a number from %g to %g", lo, hi);
    if (end == v || *end || errno || !(x >= lo && x <= hi))
        return bad(r, key, v, want);
    *out = x;
    return 0;
}

static int count(reader *r, const char *key, const char *v, double lo, double hi, double *out)
{
    if (number(r, key, v, lo, hi, out) < 0)
        return -1;
    if (*out != floor(*out)) {
        char want[96];
        snprintf(want, sizeof want, "a whole number from %g to %g", lo, hi);
        return bad(r, key, v, want);
    }
    return 0;
}

static int distribution(reader *r, const char *v, ddb_ycsb *y)
{
    static const struct {
        const char *name;
        enum ddb_dist_kind kind;
    } d[] = {{"uniform", DDB_DIST_UNIFORM},     {"zipfian", DDB_DIST_SCRAMBLED_ZIPFIAN},
             {"latest", DDB_DIST_LATEST},       {"hotspot", DDB_DIST_HOTSPOT},
             {"exponential", DDB_DIST_EXPONENTIAL}, {"sequential", DDB_DIST_SEQUENTIAL}};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (strcmp(v, d[i].name) == 0) {
            y->dist = d[i].kind;
            return 0;
        }
    return bad(r, "requestdistribution", v,
               "uniform, zipfian, latest, hotspot, exponential or sequential");
}

/* One property. */
static int take(reader *r, const char *key, const char *v, ddb_ycsb *y)
{
    double x;
    static const struct {
        const char *key;
        size_t offset;
    } proportions[] = {
        {"readproportion", offsetof(ddb_ycsb, read)},
        {"updateproportion", offsetof(ddb_ycsb, update)},
        {"insertproportion", offsetof(ddb_ycsb, insert)},
        {"scanproportion", offsetof(ddb_ycsb, scan)},
        {"readmodifywriteproportion", offsetof(ddb_ycsb, rmw)},
    };
    for (size_t i = 0; i < sizeof proportions / sizeof *proportions; i++)
        if (strcmp(key, proportions[i].key) == 0) {
            if (number(r, key, v, 0, 1, &x) < 0)
                return -1;
            memcpy((char *)y + proportions[i].offset, &x, sizeof x);
            return 0;
        }
    if (strcmp(key, "recordcount") == 0) {
        if (count(r, key, v, 1, 1099511627776.0, &x) < 0)
            return -1;
        y->recordcount = (uint64_t)x;
    } else if (strcmp(key, "operationcount") == 0) {
        if (count(r, key, v, 0, 1e15, &x) < 0)
            return -1;
        y->operationcount = (uint64_t)x;
    } else if (strcmp(key, "requestdistribution") == 0) {
        return distribution(r, v, y);
    } else if (strcmp(key, "maxscanlength") == 0) {
        if (count(r, key, v, 1, 10000, &x) < 0)
            return -1;
        y->maxscanlength = (uint32_t)x;
    } else if (strcmp(key, "fieldcount") == 0) {
        if (count(r, key, v, 1, 409600, &x) < 0)
            return -1;
        y->fieldcount = (uint32_t)x;
    } else if (strcmp(key, "fieldlength") == 0) {
        if (count(r, key, v, 1, 409600, &x) < 0)
            return -1;
        y->fieldlength = (uint32_t)x;
    } else if (strcmp(key, "target") == 0) {
        if (number(r, key, v, 0, 1e9, &x) < 0)
            return -1;
        y->target = x;
    } else if (strcmp(key, "insertorder") == 0) {
        if (strcmp(v, "hashed") && strcmp(v, "ordered"))
            return bad(r, key, v, "hashed or ordered");
        y->ordered = strcmp(v, "ordered") == 0;
    } else if (strcmp(key, "hotspotdatafraction") == 0) {
        return number(r, key, v, 0, 1, &y->hot_data_fraction);
    } else if (strcmp(key, "hotspotopnfraction") == 0) {
        return number(r, key, v, 0, 1, &y->hot_op_fraction);
    } else if (strcmp(key, "exponential.percentile") == 0) {
        return number(r, key, v, 1e-9, 100 - 1e-9, &y->percentile);
    } else if (strcmp(key, "exponential.frac") == 0) {
        return number(r, key, v, 1e-9, 1, &y->frac);
    } else if (strcmp(key, "workload") == 0) {
        if (strcmp(v, "site.ycsb.workloads.CoreWorkload") && strcmp(v, "com.yahoo.ycsb.workloads.CoreWorkload"))
            warn(r, key, "not CoreWorkload: read as CoreWorkload's properties");
    } else if (strcmp(key, "readallfields") == 0) {
        if (strcmp(v, "true"))
            warn(r, key, "not modelled: every read reads the whole item");
    } else if (strcmp(key, "scanlengthdistribution") == 0) {
        if (strcmp(v, "uniform"))
            warn(r, key, "not modelled: a scan reads the mean of uniform 1..maxscanlength items");
    } else {
        warn(r, key, "unknown property, ignored");
    }
    return 0;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\f')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\f' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* key=value, key: value or key value (the separator is the first =, : or blank). */
static int property(reader *r, char *line, ddb_ycsb *y)
{
    char *s = trim(line);
    if (!*s || *s == '#' || *s == '!')
        return 0;
    size_t k = strcspn(s, "=: \t\f");
    char *v = s + k;
    if (*v) {
        *v++ = '\0';
        v = trim(v);
        if (*v == '=' || *v == ':')
            v = trim(v + 1);
    }
    return take(r, s, v, y);
}

/* Join continued lines (a trailing odd run of backslashes) and hand each logical line over. */
static int parse(reader *r, char *text, ddb_ycsb *y)
{
    size_t physical = 1;
    char *p = text;
    while (*p) {
        r->line = physical;
        char *line = p, *w = p;
        for (;;) {
            char *nl = strchr(p, '\n');
            size_t n = nl ? (size_t)(nl - p) : strlen(p);
            size_t len = n;
            if (len && p[len - 1] == '\r')
                len--;
            size_t slashes = 0;
            while (slashes < len && p[len - 1 - slashes] == '\\')
                slashes++;
            bool more = slashes % 2 == 1 && nl;
            memmove(w, p, more ? len - 1 : len);
            w += more ? len - 1 : len;
            p = nl ? nl + 1 : p + n;
            physical++;
            if (!more)
                break;
            while (*p == ' ' || *p == '\t' || *p == '\f')
                p++;
        }
        *w = '\0';
        if (property(r, line, y) < 0)
            return -1;
    }
    return 0;
}

static int check(reader *r, ddb_ycsb *y)
{
    if (!y->recordcount) {
        ddb_errorf(r->err, r->errlen, "%s: recordcount: missing (expected the number of records, "
                 "such as recordcount=1000)", r->path);
        return -1;
    }
    if (y->read + y->update + y->insert + y->scan + y->rmw <= 0) {
        ddb_errorf(r->err, r->errlen, "%s: the proportions are all 0 (expected some of "
                 "readproportion, updateproportion, insertproportion, scanproportion, "
                 "readmodifywriteproportion above 0)", r->path);
        return -1;
    }
    if ((double)y->fieldcount * y->fieldlength > ITEM_MAX_BYTES) {
        ddb_errorf(r->err, r->errlen, "%s: fieldcount x fieldlength: larger than DynamoDB's item "
                 "size limit (got %u x %u bytes, expected at most 409600)", r->path,
                 y->fieldcount, y->fieldlength);
        return -1;
    }
    return 0;
}

static char *read_file(const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        ddb_errorf(err, errlen, "%s: cannot read (%s)", path, strerror(errno));
        return NULL;
    }
    char *text = ddb_xmalloc(FILE_MAX_BYTES + 1);
    size_t n = fread(text, 1, FILE_MAX_BYTES + 1, f);
    int failed = ferror(f);
    fclose(f);
    if (failed || n > FILE_MAX_BYTES) {
        ddb_errorf(err, errlen, "%s: %s", path, failed ? "cannot read (I/O error)"
                                                     : "too large (expected at most 1 MiB)");
        free(text);
        return NULL;
    }
    text[n] = '\0';
    return text;
}

int ddb_ycsb_load(ddb_ycsb *y, const char *path, char *err, size_t errlen)
{
    /* CoreWorkload's defaults */
    *y = (ddb_ycsb){.read = 0.95, .update = 0.05, .dist = DDB_DIST_UNIFORM,
                    .hot_data_fraction = 0.2, .hot_op_fraction = 0.8, .percentile = 95,
                    .frac = 0.8571428571, .maxscanlength = 1000, .fieldcount = 10,
                    .fieldlength = 100};
    char *text = read_file(path, err, errlen);
    if (!text)
        return -1;
    reader r = {.path = path, .err = err, .errlen = errlen};
    int rc = parse(&r, text, y) < 0 || check(&r, y) < 0 ? -1 : 0;
    free(text);
    if (rc < 0) {
        free(r.warnings);
        return -1;
    }
    y->warnings = r.warnings;
    return 0;
}

void ddb_ycsb_destroy(ddb_ycsb *y)
{
    if (!y)
        return;
    free(y->warnings);
    y->warnings = NULL;
}
