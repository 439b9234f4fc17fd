/* reference — the field reference in Markdown (`ddbsim reference`), generated from the field
 * table. */
#include "sim/scenario/scenario_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

typedef struct sb {
    char *p;
    size_t len, cap;
} sb;

static void sb_printf(sb *b, const char *fmt, ...) PRINTF_LIKE(2, 3);
static void sb_printf(sb *b, const char *fmt, ...)
{
    va_list ap, ap2;
    va_start(ap, fmt);
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    DDB_CHECK(n >= 0, "bad format %s", fmt);
    if (b->len + (size_t)n + 1 > b->cap) {
        b->cap = 2 * (b->len + (size_t)n + 1);
        b->p = ddb_xrealloc(b->p, b->cap);
    }
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    b->len += (size_t)n;
}

/* A table cell: "|" would end it. */
static void sb_cell(sb *b, const char *text)
{
    sb_printf(b, " ");
    for (; *text; text++)
        sb_printf(b, *text == '|' ? "\\|" : "%c", *text);
    sb_printf(b, " |");
}

static const char *type_text(const field *f)
{
    static const char *const names[] = {"object", "integer", "number", "boolean", "string",
                                        "string", "key template", "", "-"};
    return f->type ? f->type : names[f->kind];
}

/* "none: 1, legacy: 11, ..." */
static void per_mode_text(const field *f, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (int m = 0; m < DDB_RETRY_MODE_COUNT && len < cap; m++) {
        char x[32];
        double d[RD_COUNT];
        ddb_scn_retry_defaults((enum ddb_retry_mode)m, d);
        ddb_scn_num_text(d[(size_t)f->dflt], x);
        len += (size_t)snprintf(buf + len, cap - len, "%s%s: %s", m ? ", " : "",
                                ddb_retry_mode_names[m], x);
    }
}

static void default_text(const field *f, char *buf, size_t cap)
{
    if (f->flags & F_REQUIRED)
        snprintf(buf, cap, "required");
    else if (f->flags & F_PER_MODE)
        per_mode_text(f, buf, cap);
    else if (f->flags & F_OPTIONAL)
        snprintf(buf, cap, "%s", f->dflt_text ? f->dflt_text : "none");
    else if (f->flags & F_FILE_NAME)
        snprintf(buf, cap, "the file's base name");
    else if (f->dflt_text)
        snprintf(buf, cap, "`%s`", f->dflt_text);
    else if (f->kind == K_INT || f->kind == K_NUM)
        ddb_scn_num_text(f->dflt, buf);
    else if (f->kind == K_BOOL)
        snprintf(buf, cap, "%s", f->dflt != 0 ? "true" : "false");
    else if (f->kind == K_ENUM)
        snprintf(buf, cap, "%s", f->choices[(size_t)f->dflt]);
    else
        snprintf(buf, cap, "-");
}

static void range_text(const field *f, char *buf, size_t cap)
{
    if (f->kind == K_NOT_YET)
        snprintf(buf, cap, "not modelled yet");
    else if (f->kind == K_TEMPLATE)
        snprintf(buf, cap, "keys of at most %.0f bytes", f->max);
    else
        ddb_scn_expect_text(f, buf, cap);
}

/* "For dist zipfian, hotspot: " before the help of a variant's member. */
static void variant_text(const table *t, const field *f, char *buf, size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    if (!f->variants)
        return;
    len += (size_t)snprintf(buf, cap, "For %s ", ddb_scn_key_of(&t->f[0]));
    for (size_t i = 0; i < t->f[0].n_choices && len < cap; i++)
        if (f->variants & V(i))
            len += (size_t)snprintf(buf + len, cap - len, "%s%s",
                                    buf[len - 1] == ' ' ? "" : ", ", t->f[0].choices[i]);
    if (len < cap)
        snprintf(buf + len, cap - len, ": ");
}

static void ref_row(sb *b, const table *t, const field *f, const char *path)
{
    char text[512], help[1024];
    sb_printf(b, "| `%s` |", path);
    sb_cell(b, type_text(f));
    default_text(f, text, sizeof text);
    sb_cell(b, text);
    range_text(f, text, sizeof text);
    sb_cell(b, text);
    variant_text(t, f, text, sizeof text);
    snprintf(help, sizeof help, "%s%s", text, f->help ? f->help : "");
    for (const not_yet *n = f->not_yet; n && n->value; n++)
        snprintf(help + strlen(help), sizeof help - strlen(help), " `%s`: %s.", n->value, n->why);
    sb_cell(b, help);
    sb_printf(b, "\n");
}

static void ref_table(sb *b, const table *t, const char *prefix)
{
    for (size_t i = 0; i < t->n; i++) {
        const field *f = &t->f[i];
        char path[PATH_CAP], inner[PATH_CAP];
        snprintf(path, sizeof path, "%s%s%s", prefix, *prefix ? "." : "", f->path);
        if (f->kind != K_OBJECT || f->sub)
            ref_row(b, t, f, path);
        if (f->sub) {
            snprintf(inner, sizeof inner, "%s%s", path, f->item ? f->item : "");
            ref_table(b, f->sub, inner);
        }
    }
}

char *ddb_scenario_reference(void)
{
    sb b = {NULL, 0, 0};
    sb_printf(&b, "# Scenario file reference\n\n"
                  "A scenario is one JSON object. Every field is optional unless marked "
                  "required; unknown fields are errors. Generated from the field table in "
                  "sim/scenario/fields.c.\n\n"
                  "| Field | Type | Default | Range | Description |\n"
                  "|---|---|---|---|---|\n");
    ref_table(&b, &ddb_scn_scenario_table, "");
    return b.p;
}
