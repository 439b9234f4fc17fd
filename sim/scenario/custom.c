/* custom — the fields whose shape is data-dependent: attributes, categorical weights, the mix,
 * rate steps, capacity changes, sizes by operation, the GSI and LSI arrays. */
#include "sim/scenario/scenario_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

#define SUM_TOLERANCE 1e-9   /* weights must sum to 1 within this */

static const char *const reserved_names[] = {"date", "hour", "shard"};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Refuse an object that holds a key twice (cJSON keeps both). */
static int check_unique_keys(ctx *c, const cJSON *obj, const char *path)
{
    size_t n = (size_t)cJSON_GetArraySize(obj), i = 0;
    const char **keys = ddb_xcalloc(n, sizeof *keys);
    const cJSON *k;
    cJSON_ArrayForEach(k, obj) keys[i++] = k->string;
    qsort(keys, n, sizeof *keys, cmp_str);
    int rc = 0;
    for (i = 1; i < n && rc == 0; i++)
        if (strcmp(keys[i - 1], keys[i]) == 0) {
            char p[PATH_CAP];
            ddb_scn_join(p, path, keys[i]);
            rc = ddb_scn_fail(c, p, "duplicate field (expected each field once)");
        }
    free(keys);
    return rc;
}

static int check_sum(ctx *c, const char *path, const double *w, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += w[i];
    if (fabs(sum - 1.0) <= SUM_TOLERANCE)
        return 0;
    return ddb_scn_fail(c, path, "weights must sum to 1 (got %.12g)", sum);
}

/* [A-Za-z_][A-Za-z0-9_]*: what a template placeholder can name. */
static int valid_name(const char *name)
{
    int ok = *name == '_' || (*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z');
    for (const char *p = name; ok && *p; p++)
        ok = *p == '_' || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
             (*p >= '0' && *p <= '9');
    return ok;
}

static int check_attr_name(ctx *c, const char *name, const char *path)
{
    char got[SHOW_MAX + 8], list[64];
    int valid = valid_name(name);
    if (valid && ddb_scn_choice_index(reserved_names, NELEM(reserved_names), name) < 0)
        return 0;
    ddb_scn_show_string(name, got, sizeof got);
    if (!valid)
        return ddb_scn_fail(c, path,
                            "bad attribute name (got %s, expected letters, digits and _, not "
                            "starting with a digit)",
                            got);
    ddb_scn_choice_list(reserved_names, NELEM(reserved_names), list, sizeof list);
    return ddb_scn_fail(c, path, "reserved name (got %s, expected a name other than %s)", got,
                        list);
}

static int parse_attr(ctx *c, const cJSON *a, const char *path, cJSON *res, ddb_attr *at)
{
    char p[PATH_CAP];
    ddb_scn_join(p, path, a->string);
    if (check_attr_name(c, a->string, p) < 0)
        return -1;
    if (!cJSON_IsObject(a))
        return ddb_scn_bad(c, p, "wrong type", a,
                           "an object such as {\"dist\": \"uniform\", \"n\": 1000}");
    at->name = ddb_xstrdup(a->string);
    return ddb_scn_parse_object(c, &ddb_scn_attr_table, "", a, p,
                                ddb_scn_add_object(res, a->string), &at->spec);
}

/* An optional object of named entries (attributes, sizes by operation): 1 when given and well
 * formed, 0 when absent, -1 (reported) when not an object or a name repeats. */
static int keyed_object(ctx *c, const field *f, const cJSON *v, const char *path)
{
    if (!v)
        return 0;
    if (!cJSON_IsObject(v))
        return ddb_scn_wrong_type(c, f, v, path);
    return check_unique_keys(c, v, path) < 0 ? -1 : 1;
}

/* A derived attribute's source: another attribute, drawn (not clock) and not derived itself. */
static int resolve_source(ctx *c, ddb_scenario *s, size_t i, const char *path)
{
    ddb_dist_spec *spec = &s->attrs[i].spec;
    char p[PATH_CAP], at[PATH_CAP], got[SHOW_MAX + 8];
    ddb_scn_join(at, path, s->attrs[i].name);
    ddb_scn_join(p, at, "from");
    ddb_scn_show_string(spec->from, got, sizeof got);
    long src = ddb_scenario_attr_index(s, spec->from);
    if (src < 0)
        return ddb_scn_fail(c, p,
                            "unknown attribute (got %s, expected the name of another attribute)",
                            got);
    enum ddb_dist_kind k = s->attrs[src].spec.kind;
    if ((size_t)src == i || k == DDB_DIST_DERIVED || k == DDB_DIST_CLOCK)
        return ddb_scn_fail(c, p, "cannot be derived from %s (got %s, expected an integer or "
                            "categorical attribute)", (size_t)src == i ? "itself"
                            : k == DDB_DIST_CLOCK ? "the clock" : "a derived attribute", got);
    if (spec->map == DDB_DERIVE_BLOCK && s->attrs[src].spec.inserts)
        return ddb_scn_fail(c, p,
                            "a block mapping needs a source with a fixed number of values (got %s, "
                            "whose inserts add values; expected map hash or mod)",
                            got);
    spec->from_index = (size_t)src;
    return 0;
}

int ddb_scn_parse_attributes(ctx *c, const field *f, const cJSON *v, const char *path,
                             cJSON *res, void *base)
{
    ddb_scenario *s = base;
    cJSON *out = ddb_scn_add_object(res, ddb_scn_key_of(f));
    const cJSON *a;
    int given = keyed_object(c, f, v, path);
    if (given <= 0)
        return given;
    s->attrs = ddb_xcalloc((size_t)cJSON_GetArraySize(v), sizeof *s->attrs);
    cJSON_ArrayForEach(a, v) {
        /* Counted before parsing, so that a half-parsed attribute is freed with the rest. */
        if (parse_attr(c, a, path, out, &s->attrs[s->n_attrs++]) < 0)
            return -1;
    }
    for (size_t i = 0; i < s->n_attrs; i++)
        if (s->attrs[i].spec.kind == DDB_DIST_DERIVED && resolve_source(c, s, i, path) < 0)
            return -1;
    return 0;
}

static int check_weights(ctx *c, const cJSON *v, const char *path, double *w)
{
    size_t i = 0;
    const cJSON *k;
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP];
        ddb_scn_join(p, path, k->string);
        if (ddb_scn_check_number(c, &ddb_scn_weight_field, k, p, &w[i++]) < 0)
            return -1;
    }
    return check_sum(c, path, w, i);
}

int ddb_scn_parse_weights(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                          void *base)
{
    ddb_dist_spec *spec = base;
    if (!cJSON_IsObject(v))
        return ddb_scn_wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n == 0)
        return ddb_scn_bad(c, path, "no labels", v, f->expect);
    if (check_unique_keys(c, v, path) < 0)
        return -1;
    double *w = ddb_xcalloc(n, sizeof *w);
    if (check_weights(c, v, path, w) < 0) {
        free(w);
        return -1;
    }
    char **labels = ddb_xcalloc(n, sizeof *labels);
    cJSON *out = ddb_scn_add_object(res, ddb_scn_key_of(f));
    const cJSON *k;
    cJSON_ArrayForEach(k, v) {
        labels[i] = ddb_xstrdup(k->string);
        ddb_scn_add(out, k->string, cJSON_CreateNumber(w[i++]));
    }
    spec->labels = labels;
    spec->weights = w;
    spec->n_labels = n;
    return 0;
}

int ddb_scn_parse_mix(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                      void *base)
{
    ddb_scenario *s = base;
    double w[DDB_OP_COUNT] = {0};
    unsigned char seen[DDB_OP_COUNT] = {0};
    const cJSON *k;
    if (!v) /* required unless there is a trace: check_workload */
        return 0;
    if (!cJSON_IsObject(v))
        return ddb_scn_wrong_type(c, f, v, path);
    s->has_mix = true;
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP], list[128];
        long op = ddb_scn_choice_index(ddb_op_names, DDB_OP_COUNT, k->string);
        ddb_scn_join(p, path, k->string);
        if (op < 0) {
            ddb_scn_choice_list(ddb_op_names, DDB_OP_COUNT, list, sizeof list);
            return ddb_scn_fail(c, p, "unknown field (expected one of: %s)", list);
        }
        if (seen[op]++)
            return ddb_scn_fail(c, p, "duplicate field (expected each field once)");
        if (ddb_scn_check_number(c, &ddb_scn_mix_field, k, p, &w[op]) < 0)
            return -1;
    }
    if (check_sum(c, path, w, DDB_OP_COUNT) < 0)
        return -1;
    cJSON *out = ddb_scn_add_object(res, ddb_scn_key_of(f));
    for (size_t i = 0; i < DDB_OP_COUNT; i++) {
        s->mix[i] = w[i];
        /* the transactions came last: resolved only when given, so that a scenario without them
           resolves as it did before they existed */
        if (!ddb_op_is_transact((enum ddb_op)i) || seen[i])
            ddb_scn_add(out, ddb_op_names[i], cJSON_CreateNumber(w[i]));
    }
    return 0;
}

/* Element p of an array of objects (rate steps, capacity changes): an object, parsed into elem,
 * its resolved form appended to out. */
static int parse_element(ctx *c, const field *f, const cJSON *e, const char *p, cJSON *out,
                         void *elem, const char *example)
{
    if (!cJSON_IsObject(e))
        return ddb_scn_bad(c, p, "wrong type", e, example);
    cJSON *o = ddb_scn_need(cJSON_CreateObject());
    DDB_CHECK(cJSON_AddItemToArray(out, o), "out of memory");
    return ddb_scn_parse_object(c, f->sub, "", e, p, o, elem);
}

/* Elements in time order: at_s strictly after the previous element's ("step", "change"). */
static int check_after(ctx *c, const cJSON *e, const char *p, size_t i, double at_s,
                       double prev_at_s, const char *noun)
{
    char at[PATH_CAP], prev[32], what[64], want[80];
    if (i == 0 || at_s > prev_at_s)
        return 0;
    ddb_scn_join(at, p, "at_s");
    ddb_scn_num_text(prev_at_s, prev);
    snprintf(what, sizeof what, "not after the previous %s", noun);
    snprintf(want, sizeof want, "more than the previous %s's %s", noun, prev);
    return ddb_scn_bad(c, at, what, cJSON_GetObjectItemCaseSensitive(e, "at_s"), want);
}

static int parse_step(ctx *c, const field *f, const cJSON *e, const char *path, size_t i,
                      cJSON *out, ddb_rate_step *steps)
{
    char p[PATH_CAP];
    snprintf(p, sizeof p, "%s[%zu]", path, i);
    if (parse_element(c, f, e, p, out, &steps[i], "an object such as {\"at_s\": 0, \"rps\": 100}") < 0)
        return -1;
    return check_after(c, e, p, i, steps[i].at_s, i ? steps[i - 1].at_s : 0, "step");
}

int ddb_scn_parse_steps(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                        void *base)
{
    ddb_rate_spec *r = base;
    if (!cJSON_IsArray(v))
        return ddb_scn_wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n == 0)
        return ddb_scn_bad(c, path, "empty", v, f->expect);
    ddb_rate_step *steps = ddb_xcalloc(n, sizeof *steps);
    cJSON *out = ddb_scn_need(cJSON_CreateArray());
    ddb_scn_add(res, ddb_scn_key_of(f), out);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (parse_step(c, f, e, path, i++, out, steps) < 0) {
            free(steps);
            return -1;
        }
    }
    r->steps = steps;
    r->n_steps = n;
    return 0;
}

static int parse_change(ctx *c, const field *f, const cJSON *e, const char *path, size_t i,
                        cJSON *out, ddb_capacity_change *ch)
{
    char p[PATH_CAP];
    snprintf(p, sizeof p, "%s[%zu]", path, i);
    if (parse_element(c, f, e, p, out, &ch[i], "an object such as {\"at_s\": 300, \"wcu\": 4000}") < 0)
        return -1;
    if (ch[i].rcu == 0 && ch[i].wcu == 0)
        return ddb_scn_bad(c, p, "changes nothing", e, "rcu, wcu or both");
    return check_after(c, e, p, i, (double)ch[i].at_ns / 1e9, i ? (double)ch[i - 1].at_ns / 1e9 : 0,
                       "change");
}

int ddb_scn_parse_changes(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                          void *base)
{
    ddb_scenario *s = base;
    cJSON *out = ddb_scn_need(cJSON_CreateArray());
    ddb_scn_add(res, ddb_scn_key_of(f), out);
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return ddb_scn_wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    ddb_capacity_change *ch = ddb_xcalloc(n ? n : 1, sizeof *ch);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        if (parse_change(c, f, e, path, i++, out, ch) < 0) {
            free(ch);
            return -1;
        }
    }
    s->capacity_changes = ch;
    s->n_capacity_changes = n;
    return 0;
}

/* {OP: size spec}: each parsed by size_table, as workload.item_bytes. */
int ddb_scn_parse_sizes_by_op(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                              void *base)
{
    static const char *const ops[] = {"get", "put", "update", "delete", "query", "scan"};
    ddb_scenario *s = base;
    const cJSON *k;
    int given = keyed_object(c, f, v, path);
    if (given <= 0)
        return given;
    cJSON *out = ddb_scn_add_object(res, ddb_scn_key_of(f));
    cJSON_ArrayForEach(k, v) {
        char p[PATH_CAP], list[128];
        long op = ddb_scn_choice_index(ops, NELEM(ops), k->string);
        ddb_scn_join(p, path, k->string);
        if (op < 0) {
            ddb_scn_choice_list(ops, NELEM(ops), list, sizeof list);
            return ddb_scn_fail(c, p,
                                "unknown operation (expected one of: %s; a batch's items take "
                                "item_bytes)",
                                list);
        }
        if (!cJSON_IsObject(k))
            return ddb_scn_bad(c, p, "wrong type", k,
                               "an object such as {\"dist\": \"fixed\", \"bytes\": 1024}");
        if (ddb_scn_parse_object(c, f->sub, "", k, p, ddb_scn_add_object(out, k->string),
                                 &s->item_bytes_by_op[op]) < 0)
            return -1;
        s->has_item_bytes_by_op[op] = true;
    }
    return 0;
}

/* table.gsi and table.lsi: arrays of index objects, described by their table. */
typedef struct index_array {
    const table *t;
    size_t max, size;           /* at most max elements of size bytes */
    size_t n_off, arr_off;      /* where the count and the array go in the scenario */
    size_t has_projected_bytes; /* offset in an element */
    const char *quota, *example;
} index_array;

/* Both specs start with the name. */
_Static_assert(offsetof(ddb_gsi_spec, name) == 0 && offsetof(ddb_lsi_spec, name) == 0, "name first");

/* An index's name is unique among the table's indexes (GSIs and LSIs alike), and its entry size
 * comes from projection or projected_bytes. */
static int check_index(ctx *c, const ddb_scenario *s, const index_array *a, const char *elem,
                       const cJSON *e, const char *path)
{
    const char *name = *(char *const *)elem;
    char p[PATH_CAP];
    size_t others = 0;
    for (size_t j = 0; j < s->n_gsi; j++)
        others += (const void *)&s->gsi[j] != (const void *)elem && strcmp(s->gsi[j].name, name) == 0;
    for (size_t j = 0; j < s->n_lsi; j++)
        others += (const void *)&s->lsi[j] != (const void *)elem && strcmp(s->lsi[j].name, name) == 0;
    if (others) {
        ddb_scn_join(p, path, "name");
        return ddb_scn_bad(c, p, "duplicate index name",
                           cJSON_GetObjectItemCaseSensitive(e, "name"),
                           "a name no other index of the table has");
    }
    if (*(const bool *)(elem + a->has_projected_bytes) && cJSON_GetObjectItemCaseSensitive(e, "projection")) {
        ddb_scn_join(p, path, "projected_bytes");
        return ddb_scn_fail(c, p,
                            "given with projection (expected one of projection, projected_bytes)");
    }
    return 0;
}

static int parse_index_array(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                             ddb_scenario *s, const index_array *a)
{
    if (!v)
        return 0;
    if (!cJSON_IsArray(v))
        return ddb_scn_wrong_type(c, f, v, path);
    size_t n = (size_t)cJSON_GetArraySize(v), i = 0;
    if (n > a->max)
        return ddb_scn_fail(c, path, "too many indexes (got %zu, expected at most %zu, %s)", n,
                            a->max, a->quota);
    char *arr = ddb_xcalloc(n ? n : 1, a->size);
    size_t *count = (size_t *)((char *)s + a->n_off);
    memcpy((char *)s + a->arr_off, &arr, sizeof arr);
    cJSON *out = ddb_scn_need(cJSON_CreateArray());
    ddb_scn_add(res, ddb_scn_key_of(f), out);
    const cJSON *e;
    cJSON_ArrayForEach(e, v) {
        char p[PATH_CAP];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (!cJSON_IsObject(e))
            return ddb_scn_bad(c, p, "wrong type", e, a->example);
        cJSON *o = ddb_scn_need(cJSON_CreateObject());
        DDB_CHECK(cJSON_AddItemToArray(out, o), "out of memory");
        (*count)++; /* counted first, so that a half-parsed index is freed with the rest */
        char *elem = arr + i * a->size;
        if (ddb_scn_parse_object(c, a->t, "", e, p, o, elem) < 0 ||
            check_index(c, s, a, elem, e, p) < 0)
            return -1;
        /* projected_bytes replaces projection: the resolved index names one of them, so that
         * it parses again (plan and sweep run the resolved scenario) */
        if (*(const bool *)(elem + a->has_projected_bytes))
            cJSON_DeleteItemFromObjectCaseSensitive(o, "projection");
        i++;
    }
    return 0;
}

int ddb_scn_parse_gsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base)
{
    static const index_array gsis = {
        &ddb_scn_gsi_table, DDB_GSI_MAX, sizeof(ddb_gsi_spec), OFF(n_gsi), OFF(gsi),
        offsetof(ddb_gsi_spec, has_projected_bytes), "AWS's default quota",
        "an object such as {\"name\": \"byStatus\", \"pk\": \"{status}\", \"rcu\": 100, \"wcu\": 100}"};
    return parse_index_array(c, f, v, path, res, base, &gsis);
}

int ddb_scn_parse_lsis(ctx *c, const field *f, const cJSON *v, const char *path, cJSON *res,
                       void *base)
{
    static const index_array lsis = {
        &ddb_scn_lsi_table, DDB_LSI_MAX, sizeof(ddb_lsi_spec), OFF(n_lsi), OFF(lsi),
        offsetof(ddb_lsi_spec, has_projected_bytes), "DynamoDB's limit",
        "an object such as {\"name\": \"byCreated\", \"sk\": \"{created}\"}"};
    return parse_index_array(c, f, v, path, res, base, &lsis);
}
