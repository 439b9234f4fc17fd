/* strbuf — a growing string. See strbuf.h. */
#include "sim/support/strbuf.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"

static void reserve(ddb_strbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    b->s = ddb_xrealloc(b->s, cap);
    b->cap = cap;
}

void ddb_strbuf_putn(ddb_strbuf *b, const char *s, size_t n)
{
    reserve(b, n);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void ddb_strbuf_puts(ddb_strbuf *b, const char *s) { ddb_strbuf_putn(b, s, strlen(s)); }

void ddb_strbuf_printf(ddb_strbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0)
        return;
    reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void ddb_strbuf_count(ddb_strbuf *b, uint64_t n)
{
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            ddb_strbuf_putn(b, ",", 1);
        ddb_strbuf_putn(b, digits + i, 1);
    }
}

void ddb_strbuf_number(ddb_strbuf *b, double x, int decimals)
{
    if (!isfinite(x)) {
        ddb_strbuf_puts(b, isnan(x) ? "n/a" : x > 0 ? "inf" : "-inf");
        return;
    }
    double scale = pow(10.0, decimals);
    double r = round(fabs(x) * scale);
    if (r >= 1e18) { /* beyond uint64_t's digits: no separators, but no overflow either */
        ddb_strbuf_printf(b, "%.*g", 6, x);
        return;
    }
    if (x < 0 && r > 0)
        ddb_strbuf_putn(b, "-", 1);
    uint64_t whole = (uint64_t)(r / scale);
    ddb_strbuf_count(b, whole);
    if (decimals > 0)
        ddb_strbuf_printf(b, ".%0*llu", decimals, (unsigned long long)(r - (double)whole * scale));
}

/* pct rounded to `decimals` places is 0 or 100 although pct is neither. */
static int rounds_to_an_end(double pct, int decimals)
{
    double scale = pow(10.0, decimals), r = round(pct * scale) / scale;
    return r == 0 || r == 100;
}

void ddb_strbuf_percent(ddb_strbuf *b, double fraction)
{
    double pct = 100.0 * fraction;
    int decimals = 0;
    if (pct != floor(pct)) {
        decimals = 1;
        while (decimals < 4 && rounds_to_an_end(pct, decimals))
            decimals++;
    }
    ddb_strbuf_number(b, pct, decimals);
    ddb_strbuf_putn(b, "%", 1);
}

const char *ddb_strbuf_str(const ddb_strbuf *b) { return b->s ? b->s : ""; }

char *ddb_strbuf_take(ddb_strbuf *b)
{
    char *s = b->s ? b->s : ddb_xstrdup("");
    memset(b, 0, sizeof *b);
    return s;
}

void ddb_strbuf_free(ddb_strbuf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}
