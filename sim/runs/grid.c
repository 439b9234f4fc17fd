/* grid — `--grid PATH=VALUES` parsed into an axis. See grid.h. */
#include "sim/runs/grid.h"

#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

enum { SHOW_MAX = 100 }; /* the most of the option shown in a message */

typedef struct parser {
    const char *arg;
    char *err;
    size_t errlen;
    ddb_grid_axis *a;
    size_t cap;
} parser;

static int fail(parser *p, const char *fmt, ...) PRINTF_LIKE(2, 3);
static int fail(parser *p, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    size_t n = strlen(p->arg);
    ddb_errorf(p->err, p->errlen, "--grid %.*s%s: %s", (int)(n > SHOW_MAX ? SHOW_MAX : n), p->arg,
               n > SHOW_MAX ? "..." : "", what);
    return -1;
}

static void push(parser *p, const char *text, size_t len)
{
    if (p->a->n_values == p->cap) {
        p->cap = p->cap ? 2 * p->cap : 8;
        p->a->values = ddb_xrealloc(p->a->values, p->cap * sizeof *p->a->values);
    }
    char *v = ddb_xmalloc(len + 1);
    memcpy(v, text, len);
    v[len] = '\0';
    p->a->values[p->a->n_values++] = v;
}

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Trim [*s, *s + *len) of surrounding space. */
static void trim(const char **s, size_t *len)
{
    while (*len && is_space(**s))
        (*s)++, (*len)--;
    while (*len && is_space((*s)[*len - 1]))
        (*len)--;
}

/* A whole finite number, or false. */
static bool number(const char *s, size_t len, double *x)
{
    trim(&s, &len);
    char buf[64];
    if (len == 0 || len >= sizeof buf)
        return false;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end;
    *x = strtod(buf, &end);
    return *end == '\0' && isfinite(*x);
}

static bool integral(double x) { return x == floor(x) && fabs(x) < 0x1p53; }

static int range_numbers(parser *p, const char *s, size_t len, double v[3])
{
    static const char *const names[3] = {"FROM", "TO", "STEP"};
    size_t start = 0;
    for (int k = 0; k < 3; k++) {
        size_t end = start;
        while (end < len && s[end] != ',')
            end++;
        if ((end == len) != (k == 2))
            return fail(p, "range needs three numbers (got range(%.*s), expected "
                        "range(FROM,TO,STEP))", (int)len, s);
        if (!number(s + start, end - start, &v[k]))
            return fail(p, "range %s is not a number (got \"%.*s\")", names[k],
                        (int)(end - start), s + start);
        start = end + 1;
    }
    return 0;
}

static int add_range(parser *p, const char *s, size_t len)
{
    double v[3];
    if (range_numbers(p, s, len, v) != 0)
        return -1;
    double from = v[0], to = v[1], step = v[2];
    if (!(step > 0))
        return fail(p, "range STEP must be > 0 (got %.15g)", step);
    if (from > to)
        return fail(p, "range is empty (FROM %.15g is above TO %.15g)", from, to);
    /* TO is included when it falls on the step, within rounding: range(0,1,0.1) ends at 1. */
    double q = (to - from) / step;
    q = floor(q + 1e-9 * fmax(1.0, q));
    if (q + (double)p->a->n_values >= DDB_GRID_MAX_VALUES)
        return fail(p, "too many values (got more than %u, expected at most %u per --grid)",
                    DDB_GRID_MAX_VALUES, DDB_GRID_MAX_VALUES);
    bool ints = integral(from) && integral(to) && integral(step);
    for (size_t i = 0; i <= (size_t)q; i++) {
        double x = from + (double)i * step;
        char buf[64];
        int n = snprintf(buf, sizeof buf, ints ? "%.0f" : "%.15g", x == 0 ? 0.0 : x);
        push(p, buf, (size_t)n);
    }
    return 0;
}

static int add_item(parser *p, const char *s, size_t len, size_t item)
{
    trim(&s, &len);
    if (len == 0)
        return fail(p, "empty value (item %zu, expected a value between the commas)", item);
    static const char open[] = "range(";
    if (len > sizeof open - 1 && !strncmp(s, open, sizeof open - 1) && s[len - 1] == ')')
        return add_range(p, s + sizeof open - 1, len - sizeof open);
    if (p->a->n_values + 1 > DDB_GRID_MAX_VALUES)
        return fail(p, "too many values (got more than %u, expected at most %u per --grid)",
                    DDB_GRID_MAX_VALUES, DDB_GRID_MAX_VALUES);
    push(p, s, len);
    return 0;
}

/* Split at the commas outside brackets, braces, parentheses and JSON strings. */
static int split(parser *p, const char *v)
{
    char stack[64];
    size_t depth = 0, start = 0, item = 1;
    bool in_string = false;
    for (size_t i = 0;; i++) {
        char c = v[i];
        if (in_string) {
            if (c == '\\' && v[i + 1] != '\0')
                i++;
            else if (c == '"')
                in_string = false;
            else if (c == '\0')
                break;
            continue;
        }
        if (c == '\0' && depth > 0)
            return fail(p, "unclosed '%c' (expected a '%c' before the end)",
                        stack[depth - 1] == ']' ? '[' : stack[depth - 1] == '}' ? '{' : '(',
                        stack[depth - 1]);
        if ((c == ',' && depth == 0) || c == '\0') {
            if (add_item(p, v + start, i - start, item++) != 0)
                return -1;
            if (c == '\0')
                return 0;
            start = i + 1;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{' || c == '(') {
            if (depth == sizeof stack)
                return fail(p, "brackets nested too deep (expected at most %zu levels)", sizeof stack);
            stack[depth++] = c == '[' ? ']' : c == '{' ? '}' : ')';
        } else if (c == ']' || c == '}' || c == ')') {
            if (depth == 0 || stack[--depth] != c)
                return fail(p, "unbalanced '%c' (at character %zu of the values)", c, i + 1);
        }
    }
    return fail(p, "unterminated string (a '\"' without its closing '\"')");
}

int ddb_grid_axis_parse(ddb_grid_axis *out, const char *arg, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    ddb_grid_axis a = {0};
    parser p = {arg, err, errlen, &a, 0};
    const char *eq = strchr(arg, '=');
    int rc;
    if (!eq || eq == arg)
        rc = fail(&p, "expected PATH=VALUES (e.g. table.wcu=1000,2000 or "
                  "workload.rate.rps=range(1000,20000,1000))");
    else {
        const char *v = eq + 1;
        size_t len = strlen(v);
        trim(&v, &len);
        rc = len == 0 ? fail(&p, "no values (expected a comma-separated list or "
                             "range(FROM,TO,STEP))")
                      : split(&p, eq + 1);
    }
    if (rc != 0) {
        ddb_grid_axis_destroy(&a);
        return -1;
    }
    size_t n = (size_t)(eq - arg);
    a.path = ddb_xmalloc(n + 1);
    memcpy(a.path, arg, n);
    a.path[n] = '\0';
    *out = a;
    return 0;
}

void ddb_grid_axis_destroy(ddb_grid_axis *a)
{
    for (size_t i = 0; i < a->n_values; i++)
        free(a->values[i]);
    free(a->values);
    free(a->path);
    memset(a, 0, sizeof *a);
}

size_t ddb_grid_points(const ddb_grid_axis *axes, size_t n_axes, size_t limit)
{
    size_t n = 1;
    for (size_t i = 0; i < n_axes; i++) {
        if (axes[i].n_values == 0 || n > limit / axes[i].n_values)
            return 0;
        n *= axes[i].n_values;
    }
    return n <= limit ? n : 0;
}

void ddb_grid_point(const ddb_grid_axis *axes, size_t n_axes, size_t p, size_t *value_index)
{
    for (size_t i = n_axes; i-- > 0;) {
        value_index[i] = p % axes[i].n_values;
        p /= axes[i].n_values;
    }
}
