/* walk — the walker: checks each value of the JSON tree against its field entry, stores it and
 * builds the resolved tree; objects, variants, and the key templates parsed last. */
#include "sim/scenario/scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

#define MAX_TABLE 128        /* entries in one table (for the duplicate-key check) */

/* Enums are stored through an int; make sure that is what they are. */
_Static_assert(sizeof(enum ddb_billing) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_retry_mode) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_consistency) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_dist_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_size_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_rate_kind) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_trace_format) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_derive_map) == sizeof(int), "enum size");
_Static_assert(sizeof(enum ddb_trace_bad_line) == sizeof(int), "enum size");

/* ---- scalar checks -------------------------------------------------------------------- */

static int whole_ms(double s)
{
    double ms = s * 1000.0;
    return fabs(ms - nearbyint(ms)) <= 1e-3; /* within a microsecond */
}

/* What is wrong with the number x for f, or NULL. */
static const char *number_problem(const field *f, double x)
{
    if (!isfinite(x)) /* JSON has no inf or NaN, but cJSON turns 1e999 into inf */
        return "out of range";
    if (f->kind == K_INT && x != floor(x))
        return "not an integer";
    if (x < f->min || (x == f->min && (f->flags & F_GT_MIN)))
        return "out of range";
    if (x > f->max || (x == f->max && (f->flags & F_LT_MAX)))
        return f->over_max ? f->over_max : "out of range";
    return NULL;
}

int ddb_scn_check_number(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    if (!cJSON_IsNumber(v))
        return ddb_scn_wrong_type(c, f, v, path);
    const char *problem = number_problem(f, v->valuedouble);
    if (problem)
        return ddb_scn_refuse(c, f, path, problem, v);
    if ((f->flags & F_WHOLE_MS) && !whole_ms(v->valuedouble))
        return ddb_scn_bad(c, path, "not a whole number of milliseconds", v, "a multiple of 0.001");
    *out = v->valuedouble;
    return 0;
}

long ddb_scn_choice_index(const char *const *choices, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(choices[i], s) == 0)
            return (long)i;
    return -1;
}

static int check_choice(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    if (!cJSON_IsString(v))
        return ddb_scn_wrong_type(c, f, v, path);
    long i = ddb_scn_choice_index(f->choices, f->n_choices, v->valuestring);
    if (i >= 0) {
        *out = (double)i;
        return 0;
    }
    for (const not_yet *n = f->not_yet; n && n->value; n++)
        if (strcmp(n->value, v->valuestring) == 0)
            return ddb_scn_refuse(c, f, path, n->why, v);
    return ddb_scn_refuse(c, f, path, "unknown value", v);
}

static int check_string(ctx *c, const field *f, const cJSON *v, const char *path)
{
    if (!cJSON_IsString(v))
        return ddb_scn_wrong_type(c, f, v, path);
    size_t n = strlen(v->valuestring);
    if (n == 0)
        return ddb_scn_refuse(c, f, path, "empty", v);
    if (f->kind == K_STRING && (double)n > f->max)
        return ddb_scn_refuse(c, f, path, "too long", v);
    return 0;
}

static int check_scalar(ctx *c, const field *f, const cJSON *v, const char *path, double *out)
{
    switch (f->kind) {
    case K_INT:
    case K_NUM:
        return ddb_scn_check_number(c, f, v, path, out);
    case K_BOOL:
        if (!cJSON_IsBool(v))
            return ddb_scn_wrong_type(c, f, v, path);
        *out = cJSON_IsTrue(v) ? 1 : 0;
        return 0;
    case K_ENUM:
        return check_choice(c, f, v, path, out);
    default:
        return check_string(c, f, v, path);
    }
}

/* ---- storing and resolving scalars ---------------------------------------------------- */

/* Only the conversion the field asks for: the others may not fit. */
void ddb_scn_store(const field *f, void *base, double x, const char *text)
{
    char *p = (char *)base + f->offset;
    union {
        uint32_t u32;
        uint64_t u64;
        int64_t i64;
        double d;
        bool b;
        int e;
        char *s;
    } v;
    size_t n = 0;
    switch (f->store) {
    case ST_U32: v.u32 = (uint32_t)x, n = sizeof v.u32; break;
    case ST_U64: v.u64 = (uint64_t)x, n = sizeof v.u64; break;
    case ST_I64: v.i64 = (int64_t)x, n = sizeof v.i64; break;
    case ST_DOUBLE: v.d = x, n = sizeof v.d; break;
    case ST_NS: /* bounds were checked in seconds, so the product fits */
        v.i64 = (f->flags & F_WHOLE_MS) ? llround(x * 1e3) * 1000000 : llround(x * 1e9);
        n = sizeof v.i64;
        break;
    case ST_BOOL: v.b = x != 0, n = sizeof v.b; break;
    case ST_ENUM: v.e = (int)x, n = sizeof v.e; break;
    case ST_STR: v.s = ddb_xstrdup(text), n = sizeof v.s; break;
    case ST_NONE: break;
    }
    memcpy(p, &v, n);
}

cJSON *ddb_scn_resolved_value(const field *f, double x, const char *text)
{
    switch (f->kind) {
    case K_INT:
    case K_NUM: return cJSON_CreateNumber(x);
    case K_BOOL: return cJSON_CreateBool(x != 0);
    case K_ENUM: return cJSON_CreateString(f->choices[(size_t)x]);
    default: return cJSON_CreateString(text);
    }
}

static int parse_scalar(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                        void *base)
{
    double x = f->dflt;
    const char *text = (f->flags & F_FILE_NAME) ? c->default_name : NULL;
    if (!v && (f->flags & F_REQUIRED))
        return ddb_scn_missing(c, f, path);
    if (!v && (f->flags & F_OPTIONAL))
        return 0;
    if (!v && (f->flags & F_PER_MODE)) {
        /* Holds the member's place in the resolved tree until check_retry fills it in. */
        ddb_scn_add(res, ddb_scn_key_of(f), cJSON_CreateNull());
        return 0;
    }
    if (v && check_scalar(c, f, v, path, &x) < 0)
        return -1;
    if (f->present && f->kind != K_TEMPLATE) /* templates: set when stored (parse_templates) */
        *(bool *)((char *)base + f->present) = v != NULL;
    if (v && cJSON_IsString(v))
        text = v->valuestring;
    if (f->kind == K_TEMPLATE) {
        DDB_CHECK(c->n_tpl < NELEM(c->tpl), "%zu templates", c->n_tpl);
        deferred *d = &c->tpl[c->n_tpl++];
        d->f = f;
        d->text = text;
        d->base = base;
        snprintf(d->path, sizeof d->path, "%s", path);
    } else {
        char *file =
            text && ddb_scn_is_file_path(path) ? ddb_scn_in_scenario_folder(c, text) : NULL;
        ddb_scn_store(f, base, x, file ? file : text);
        free(file);
        if (f->present && v)
            *(bool *)((char *)base + f->present) = true;
    }
    ddb_scn_add(res, ddb_scn_key_of(f), ddb_scn_resolved_value(f, x, text));
    return 0;
}

/* ---- objects -------------------------------------------------------------------------- */

/* 1 when path names a direct member of the object at prefix ("" = the table's root). */
int ddb_scn_is_child(const char *path, const char *prefix)
{
    size_t n = strlen(prefix);
    if (n == 0)
        return strchr(path, '.') == NULL;
    return strncmp(path, prefix, n) == 0 && path[n] == '.' && !strchr(path + n + 1, '.');
}

static const field *find_child(const table *t, const char *prefix, const char *key)
{
    for (size_t i = 0; i < t->n; i++)
        if (ddb_scn_is_child(t->f[i].path, prefix) && strcmp(ddb_scn_key_of(&t->f[i]), key) == 0)
            return &t->f[i];
    return NULL;
}

static int applies(const field *f, unsigned variant)
{
    return !f->variants || (f->variants & variant);
}

/* The members a user may write at prefix, for "expected one of". */
static void member_list(const table *t, const char *prefix, unsigned variant, char *buf,
                        size_t cap)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->n && len < cap; i++) {
        const field *f = &t->f[i];
        if (ddb_scn_is_child(f->path, prefix) && f->kind != K_NOT_YET && applies(f, variant))
            len +=
                (size_t)snprintf(buf + len, cap - len, "%s%s", len ? ", " : "", ddb_scn_key_of(f));
    }
}

static int unknown_field(ctx *c, const table *t, const char *prefix, const char *path)
{
    char list[512];
    member_list(t, prefix, ~0u, list, sizeof list);
    return ddb_scn_fail(c, path, "unknown field (expected one of: %s)", list);
}

/* Refuse keys the table does not know, features not modelled yet, and duplicate keys. */
static int check_keys(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                      const char *path)
{
    unsigned char seen[MAX_TABLE] = {0};
    const cJSON *k;
    DDB_CHECK(t->n <= MAX_TABLE, "table of %zu entries", t->n);
    cJSON_ArrayForEach(k, obj) {
        char p[PATH_CAP];
        ddb_scn_join(p, path, k->string);
        const field *f = find_child(t, prefix, k->string);
        if (!f)
            return unknown_field(c, t, prefix, p);
        if (f->kind == K_NOT_YET)
            return ddb_scn_fail(c, p, "%s", f->help);
        if (seen[f - t->f]++)
            return ddb_scn_fail(c, p, "duplicate field (expected each field once)");
    }
    return 0;
}

/* With the selector known, refuse members that belong to another variant. */
static int check_variant(ctx *c, const table *t, const cJSON *obj, const char *path,
                         unsigned variant, const char *choice)
{
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) {
        const field *f = find_child(t, "", k->string);
        if (applies(f, variant))
            continue;
        char p[PATH_CAP], list[512];
        ddb_scn_join(p, path, k->string);
        member_list(t, "", variant, list, sizeof list);
        return ddb_scn_fail(c, p, "does not apply to %s \"%s\" (expected one of: %s)",
                            ddb_scn_key_of(&t->f[0]), choice, list);
    }
    return 0;
}

static int parse_entry(ctx *c, const table *t, const field *f, const cJSON *obj,
                       const char *path, cJSON *res, void *base)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, ddb_scn_key_of(f));
    char p[PATH_CAP];
    ddb_scn_join(p, path, ddb_scn_key_of(f));
    if (!v && (f->flags & F_REQUIRED) && (f->kind == K_OBJECT || f->kind == K_CUSTOM))
        return ddb_scn_missing(c, f, p);
    switch (f->kind) {
    case K_OBJECT:
        if (v && !cJSON_IsObject(v))
            return ddb_scn_wrong_type(c, f, v, p);
        if (!v && (f->flags & F_OPTIONAL))
            return 0;
        if (f->present)
            *(bool *)((char *)base + f->present) = v != NULL;
        if (f->sub)
            return ddb_scn_parse_object(c, f->sub, "", v, p,
                                        ddb_scn_add_object(res, ddb_scn_key_of(f)),
                                        (char *)base + f->offset);
        return ddb_scn_parse_object(c, t, f->path, v, p, ddb_scn_add_object(res, ddb_scn_key_of(f)),
                                    base);
    case K_CUSTOM:
        return f->custom(c, f, v, p, res, base);
    case K_NOT_YET:
        return 0; /* absent: check_keys refuses it when present */
    default:
        return parse_scalar(c, f, v, p, res, base);
    }
}

/* Parse the selector first, then refuse members of other variants. Returns the variant bit. */
static int parse_selector(ctx *c, const table *t, const cJSON *obj, const char *path,
                          cJSON *res, void *base, unsigned *variant)
{
    const field *f = &t->f[0];
    int k;
    if (parse_entry(c, t, f, obj, path, res, base) < 0)
        return -1;
    memcpy(&k, (char *)base + f->offset, sizeof k);
    *variant = V(k);
    return check_variant(c, t, obj, path, *variant, f->choices[k]);
}

/* The object obj (NULL: absent, all defaults) whose members are the entries of t under
 * prefix; values go to base, the resolved members to res. */
int ddb_scn_parse_object(ctx *c, const table *t, const char *prefix, const cJSON *obj,
                         const char *path, cJSON *res, void *base)
{
    unsigned variant = 0;
    size_t selector = (t->f[0].flags & F_DISCRIM) ? 1 : 0;
    if (check_keys(c, t, prefix, obj, path) < 0)
        return -1;
    if (selector && parse_selector(c, t, obj, path, res, base, &variant) < 0)
        return -1;
    for (size_t i = selector; i < t->n; i++) {
        const field *f = &t->f[i];
        if (ddb_scn_is_child(f->path, prefix) && applies(f, variant) &&
            parse_entry(c, t, f, obj, path, res, base) < 0)
            return -1;
    }
    return t->check && !*prefix ? t->check(c, path, base, res) : 0;
}

typedef struct attr_view {
    const char **names;
    ddb_dist_spec *specs; /* shallow copies: ddb_template_max_len wants an array of specs */
} attr_view;

static int parse_template(ctx *c, const deferred *d, const attr_view *a, size_t n,
                          ddb_template *out)
{
    char msg[DDB_ERR_MAX];
    if (ddb_template_parse(out, d->text, a->names, n, msg, sizeof msg) < 0)
        return ddb_scn_fail(c, d->path, "%s", msg);
    size_t len = ddb_template_max_len(out, a->specs);
    if ((double)len <= d->f->max)
        return 0;
    ddb_template_destroy(out);
    return ddb_scn_fail(c, d->path, "%s (got keys of up to %zu bytes, expected at most %.0f)",
                        d->f->over_max, len, d->f->max);
}

/* Templates name attributes, so they are parsed last; they are stored only when all parse. */
int ddb_scn_parse_templates(ctx *c, ddb_scenario *s)
{
    attr_view a = {ddb_xcalloc(s->n_attrs, sizeof *a.names),
                   ddb_xcalloc(s->n_attrs, sizeof *a.specs)};
    ddb_template t[NELEM(c->tpl)];
    size_t done = 0;
    for (size_t i = 0; i < s->n_attrs; i++) {
        a.names[i] = s->attrs[i].name;
        a.specs[i] = s->attrs[i].spec;
    }
    while (done < c->n_tpl && parse_template(c, &c->tpl[done], &a, s->n_attrs, &t[done]) == 0)
        done++;
    free(a.names);
    free(a.specs);
    int ok = done == c->n_tpl;
    for (size_t i = 0; i < done; i++) {
        const field *f = c->tpl[i].f;
        if (!ok) {
            ddb_template_destroy(&t[i]);
            continue;
        }
        memcpy((char *)c->tpl[i].base + f->offset, &t[i], sizeof t[i]);
        if (f->present)
            *(bool *)((char *)c->tpl[i].base + f->present) = true;
    }
    return ok ? 0 : -1;
}
