/* message — one-line error messages naming the file, the JSON path, the value and what was
 * expected; the small cJSON helpers every scenario file uses. */
#include "sim/scenario/scenario_int.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sim/support/check.h"
#include "sim/support/errmsg.h"

/* cJSON returns NULL only when malloc fails; treat that as ddb_xmalloc does. */
void *ddb_scn_need(void *p)
{
    DDB_CHECK(p != NULL, "out of memory");
    return p;
}

void ddb_scn_add(cJSON *obj, const char *key, cJSON *item)
{
    DDB_CHECK(cJSON_AddItemToObject(obj, key, ddb_scn_need(item)), "out of memory");
}

cJSON *ddb_scn_add_object(cJSON *obj, const char *key)
{
    cJSON *o = ddb_scn_need(cJSON_CreateObject());
    ddb_scn_add(obj, key, o);
    return o;
}

/* Copy text into buf (cap >= 4), cut to at most max bytes on a UTF-8 boundary, "..." marking
 * a cut. */
void ddb_scn_clip(char *buf, size_t cap, const char *text, size_t max)
{
    size_t n = strlen(text);
    if (max > cap - 1)
        max = cap - 1;
    if (n <= max) {
        memcpy(buf, text, n + 1);
        return;
    }
    n = max - 3;
    while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
        n--;
    memcpy(buf, text, n);
    memcpy(buf + n, "...", 4);
}

/* parent.key, or key at the top (keys clipped so that a message stays readable). */
void ddb_scn_join(char *dst, const char *parent, const char *key)
{
    char k[SHOW_MAX + 4];
    ddb_scn_clip(k, sizeof k, key, SHOW_MAX);
    /* A path deeper than PATH_CAP is clipped; the message still names where it starts. */
    if (snprintf(dst, PATH_CAP, "%s%s%s", parent, *parent ? "." : "", k) >= PATH_CAP)
        memcpy(dst + PATH_CAP - 4, "...", 4);
}

/* A bound or a value for a message: integers in full, others in %.15g. */
void ddb_scn_num_text(double x, char buf[32])
{
    if (x == floor(x) && fabs(x) < 1e17)
        snprintf(buf, 32, "%.0f", x);
    else
        snprintf(buf, 32, "%.15g", x);
}

/* v as compact JSON, at most SHOW_MAX bytes. */
void ddb_scn_show(const cJSON *v, char *buf, size_t cap)
{
    if (cJSON_IsNumber(v) && !isfinite(v->valuedouble)) { /* cJSON would print null */
        double x = v->valuedouble;
        snprintf(buf, cap, "%s", isnan(x) ? "nan" : x < 0 ? "-inf" : "inf");
        return;
    }
    char *text = ddb_scn_need(cJSON_PrintUnformatted(v));
    ddb_scn_clip(buf, cap, text, SHOW_MAX);
    cJSON_free(text);
}

void ddb_scn_show_string(const char *s, char *buf, size_t cap)
{
    cJSON *tmp = ddb_scn_need(cJSON_CreateString(s));
    ddb_scn_show(tmp, buf, cap);
    cJSON_Delete(tmp);
}

/* Messages are one line: ddb_verrorf escapes every control character (\n, \x1b). */
void ddb_scn_file_error(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ddb_verrorf(err, errlen, fmt, ap);
    va_end(ap);
}

/* "SOURCE: PATH: what"; returns -1. */
int ddb_scn_fail(ctx *c, const char *path, const char *fmt, ...)
{
    char what[DDB_ERR_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    ddb_scn_file_error(c->err, c->errlen, "%s: %s%s%s", c->source, path, *path ? ": " : "", what);
    return -1;
}

/* "SOURCE: PATH: what (got V, expected WANT)"; returns -1. */
int ddb_scn_bad(ctx *c, const char *path, const char *what, const cJSON *v, const char *want)
{
    char got[SHOW_MAX + 8];
    if (!v) /* a value filled in, not written: nothing to quote */
        return ddb_scn_fail(c, path, "%s (expected %s)", what, want);
    ddb_scn_show(v, got, sizeof got);
    return ddb_scn_fail(c, path, "%s (got %s, expected %s)", what, got, want);
}

/* ---- what a field expects ------------------------------------------------------------- */

void ddb_scn_choice_list(const char *const *choices, size_t n, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < n && len < cap; i++)
        len += (size_t)snprintf(buf + len, cap - len, "%s%s", i ? ", " : "", choices[i]);
}

static void number_expect(const field *f, char *buf, size_t cap)
{
    char lo[32], hi[32];
    ddb_scn_num_text(f->min, lo);
    ddb_scn_num_text(f->max, hi);
    if (f->kind == K_INT)
        snprintf(buf, cap, "an integer from %s to %s", lo, hi);
    else if (!(f->flags & (F_GT_MIN | F_LT_MAX)))
        snprintf(buf, cap, "a number from %s to %s", lo, hi);
    else
        snprintf(buf, cap, "a number %s %s and %s %s",
                 f->flags & F_GT_MIN ? "greater than" : "at least", lo,
                 f->flags & F_LT_MAX ? "less than" : "at most", hi);
}

void ddb_scn_expect_text(const field *f, char *buf, size_t cap)
{
    char list[256];
    switch (f->kind) {
    case K_INT:
    case K_NUM:
        number_expect(f, buf, cap);
        return;
    case K_BOOL:
        snprintf(buf, cap, "true or false");
        return;
    case K_ENUM:
        ddb_scn_choice_list(f->choices, f->n_choices, list, sizeof list);
        snprintf(buf, cap, "one of: %s", list);
        return;
    case K_STRING:
        snprintf(buf, cap, "a string of %.0f to %.0f bytes", f->min, f->max);
        return;
    case K_TEMPLATE:
        snprintf(buf, cap, "a key template such as \"ORDER#{order_id}\"");
        return;
    default:
        snprintf(buf, cap, "%s", f->expect ? f->expect : "an object");
    }
}

int ddb_scn_missing(ctx *c, const field *f, const char *path)
{
    char want[256];
    ddb_scn_expect_text(f, want, sizeof want);
    return ddb_scn_fail(c, path, "missing (expected %s)", want);
}

/* "PATH: what (got V, expected <what f expects>)"; returns -1. */
int ddb_scn_refuse(ctx *c, const field *f, const char *path, const char *what, const cJSON *v)
{
    char want[256];
    ddb_scn_expect_text(f, want, sizeof want);
    return ddb_scn_bad(c, path, what, v, want);
}

int ddb_scn_wrong_type(ctx *c, const field *f, const cJSON *v, const char *path)
{
    return ddb_scn_refuse(c, f, path, "wrong type", v);
}
