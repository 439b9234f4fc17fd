/* tablefrom — see tablefrom.h. */
#include "sim/scenario/tablefrom.h"
#include "sim/scenario/tablefrom_int.h"

#include <errno.h>
#include <stdarg.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/errmsg.h"
#include "sim/support/readfile.h"
#include "sim/support/strbuf.h"
#ifdef DDBSIM_HAVE_YAML
#include <yaml.h>
#endif

#define MAX_FILE_BYTES (16u << 20)
#define CAPACITY_MAX 1000000.0 /* the scenario's table.rcu/wcu bound */

static void warn(ddb_tablefrom *t, const char *text)
{
    t->warnings = ddb_xrealloc(t->warnings, (t->n_warnings + 1) * sizeof *t->warnings);
    size_t cap = 4 * strlen(text) + 1; /* a property name's control characters escaped */
    t->warnings[t->n_warnings++] = ddb_escape(text, ddb_xmalloc(cap), cap);
}

void ddb_tablefrom_destroy(ddb_tablefrom *t)
{
    cJSON_Delete(t->table);
    for (size_t i = 0; i < t->n_warnings; i++)
        free(t->warnings[i]);
    free(t->warnings);
    memset(t, 0, sizeof *t);
}

/* ---- YAML into the same cJSON tree as JSON -------------------------------------------- */

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

#ifdef DDBSIM_HAVE_YAML
/* An alias is a reference to a node, so a few hundred bytes of aliases of aliases name 10^10
 * nodes; the copy into cJSON counts what it expands and stops at these bounds. */
#define YAML_MAX_NODES 500000
#define YAML_MAX_DEPTH 64

typedef struct yaml_walk {
    yaml_document_t *doc;
    size_t nodes;
    enum { WALK_OK, WALK_TOO_MANY, WALK_TOO_DEEP } stop;
} yaml_walk;

/* Scalars become strings (numbers are read from strings too); a CloudFormation short-form tag
 * (!Ref X, !Sub ...) becomes {"Fn::Ref": X}, which no field accepts as a number or a name. */
static cJSON *yaml_node(yaml_walk *w, yaml_node_t *node, int depth)
{
    if (!node)
        return NULL;
    if (depth > YAML_MAX_DEPTH || ++w->nodes > YAML_MAX_NODES) {
        w->stop = depth > YAML_MAX_DEPTH ? WALK_TOO_DEEP : WALK_TOO_MANY;
        return NULL;
    }
    yaml_document_t *doc = w->doc;
    cJSON *v = NULL;
    switch (node->type) {
    case YAML_SCALAR_NODE:
        {
            char *s = ddb_xmalloc(node->data.scalar.length + 1);
            memcpy(s, node->data.scalar.value, node->data.scalar.length);
            s[node->data.scalar.length] = '\0';
            v = cJSON_CreateString(s);
            free(s);
        }
        break;
    case YAML_SEQUENCE_NODE:
        v = cJSON_CreateArray();
        for (yaml_node_item_t *it = node->data.sequence.items.start;
             v && it < node->data.sequence.items.top; it++) {
            cJSON *e = yaml_node(w, yaml_document_get_node(doc, *it), depth + 1);
            if (!e) {
                cJSON_Delete(v);
                return NULL;
            }
            cJSON_AddItemToArray(v, e);
        }
        break;
    case YAML_MAPPING_NODE:
        v = cJSON_CreateObject();
        for (yaml_node_pair_t *p = node->data.mapping.pairs.start;
             v && p < node->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(doc, p->key);
            cJSON *e = yaml_node(w, yaml_document_get_node(doc, p->value), depth + 1);
            if (!k || k->type != YAML_SCALAR_NODE || !e) {
                cJSON_Delete(e);
                cJSON_Delete(v);
                return NULL;
            }
            char *key = ddb_xmalloc(k->data.scalar.length + 1);
            memcpy(key, k->data.scalar.value, k->data.scalar.length);
            key[k->data.scalar.length] = '\0';
            cJSON_AddItemToObject(v, key, e);
            free(key);
        }
        break;
    default:
        return NULL;
    }
    const char *tag = (const char *)node->tag;
    if (v && tag && tag[0] == '!' && tag[1] != '!' && tag[1] != '\0') {
        char name[64];
        snprintf(name, sizeof name, "Fn::%s", tag + 1);
        cJSON *wrap = cJSON_CreateObject();
        cJSON_AddItemToObject(wrap, name, v);
        v = wrap;
    }
    return v;
}

static cJSON *parse_yaml(const char *text, size_t len, const char *source, char *err,
                         size_t errlen)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        ddb_errorf(err, errlen, "%s: cannot start the YAML parser", source);
        return NULL;
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
    if (!yaml_parser_load(&parser, &doc)) {
        ddb_errorf(err, errlen, "%s: line %zu: YAML: %s", source, parser.problem_mark.line + 1,
             parser.problem ? parser.problem : "parse error");
        yaml_parser_delete(&parser);
        return NULL;
    }
    yaml_walk w = {.doc = &doc};
    cJSON *root = yaml_node(&w, yaml_document_get_root_node(&doc), 0);
    if (!root && w.stop == WALK_TOO_MANY)
        ddb_errorf(err, errlen, "%s: YAML: more than %d nodes once its aliases are expanded "
                   "(expected at most %d: aliases of aliases?)", source, YAML_MAX_NODES,
                   YAML_MAX_NODES);
    else if (!root && w.stop == WALK_TOO_DEEP)
        ddb_errorf(err, errlen, "%s: YAML: nested more than %d levels deep (expected at most %d)",
                   source, YAML_MAX_DEPTH, YAML_MAX_DEPTH);
    else if (!root)
        ddb_errorf(err, errlen, "%s: empty or unsupported YAML document", source);
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    return root;
}
#endif

/* ---- the table --------------------------------------------------------------------------- */

/* A number given as a JSON number or a string of digits (CloudFormation allows both). */
static int read_number(const cJSON *v, double *out)
{
    if (cJSON_IsNumber(v)) {
        *out = v->valuedouble;
        return isfinite(*out) ? 0 : -1;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0])
        return -1;
    char *end;
    errno = 0;
    double d = strtod(v->valuestring, &end);
    if (errno || *end || !isfinite(d))
        return -1;
    *out = d;
    return 0;
}

static void show(const cJSON *v, char *buf, size_t n)
{
    char *p = cJSON_PrintUnformatted(v);
    snprintf(buf, n, "%s", p ? p : "?");
    if (p && strlen(p) >= n && n > 4)
        memcpy(buf + n - 4, "...", 4);
    free(p);
}

static int capacity(const char *source, const char *where, const cJSON *pt, const char *name,
                    double *out, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(pt, name);
    char got[64];
    if (!v)
        return ddb_errorf(err, errlen, "%s: %s.ProvisionedThroughput.%s: missing", source, where, name);
    if (read_number(v, out) < 0 || *out != floor(*out) || *out < 1 || *out > CAPACITY_MAX) {
        show(v, got, sizeof got);
        return ddb_errorf(err, errlen,
                    "%s: %s.ProvisionedThroughput.%s: not a capacity (got %s, expected a whole "
                    "number 1 .. 1000000)", source, where, name, got);
    }
    return 0;
}

/* One number of an on-demand property: a whole number of units per second, 1 .. 1,000,000, or -1
 * where none_ok (OnDemandThroughput's "no maximum"). Returns 1 when it was given, 0 when absent. */
static int units_in(const char *source, const char *where, const char *prop, const cJSON *obj,
                    const char *name, bool none_ok, double *out, char *err, size_t errlen)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    char got[64];
    if (!v)
        return 0;
    if (read_number(v, out) == 0 && none_ok && *out == -1)
        return 0;
    if (read_number(v, out) < 0 || *out != floor(*out) || *out < 1 || *out > CAPACITY_MAX) {
        show(v, got, sizeof got);
        return ddb_errorf(err, errlen, "%s: %s.%s.%s: not a rate (got %s, expected a whole number 1 .. "
                    "1000000%s)", source, where, prop, name, got, none_ok ? ", or -1 for none" : "");
    }
    return 1;
}

/* An on-demand table's OnDemandThroughput (max_rcu, max_wcu) and WarmThroughput
 * (warm_throughput); ddbsim models both for on-demand tables only. */
static int on_demand_limits(ddb_tablefrom *t, const cJSON *props, cJSON *table, bool on_demand,
                            const char *source, const char *where, char *err, size_t errlen)
{
    const cJSON *odt = cJSON_GetObjectItemCaseSensitive(props, "OnDemandThroughput");
    const cJSON *wt = cJSON_GetObjectItemCaseSensitive(props, "WarmThroughput");
    double x;
    int rc;
    if (!on_demand) {
        if (wt)
            warn(t, "WarmThroughput: modelled for on-demand tables only, left out");
        if (odt)
            warn(t, "OnDemandThroughput: the table is provisioned, left out");
        return 0;
    }
    static const char *const max_names[2][2] = {{"MaxReadRequestUnits", "max_rcu"},
                                                {"MaxWriteRequestUnits", "max_wcu"}};
    for (int d = 0; d < 2 && odt; d++) {
        if ((rc = units_in(source, where, "OnDemandThroughput", odt, max_names[d][0], true, &x, err,
                           errlen)) < 0)
            return -1;
        if (rc)
            cJSON_AddNumberToObject(table, max_names[d][1], x);
    }
    static const char *const warm_names[2][2] = {{"ReadUnitsPerSecond", "read_units_per_s"},
                                                 {"WriteUnitsPerSecond", "write_units_per_s"}};
    cJSON *warm = NULL;
    for (int d = 0; d < 2 && wt; d++) {
        if ((rc = units_in(source, where, "WarmThroughput", wt, warm_names[d][0], false, &x, err,
                           errlen)) < 0)
            return -1;
        if (!rc)
            continue;
        if (!warm)
            warm = cJSON_AddObjectToObject(table, "warm_throughput");
        cJSON_AddNumberToObject(warm, warm_names[d][1], x);
    }
    return 0;
}

/* ProvisionedThroughput's read and write capacity as out's rcu and wcu. */
static int add_capacity(const char *source, const char *where, const cJSON *pt, cJSON *out,
                        char *err, size_t errlen)
{
    double rcu, wcu;
    if (capacity(source, where, pt, "ReadCapacityUnits", &rcu, err, errlen) < 0 ||
        capacity(source, where, pt, "WriteCapacityUnits", &wcu, err, errlen) < 0)
        return -1;
    cJSON_AddNumberToObject(out, "rcu", rcu);
    cJSON_AddNumberToObject(out, "wcu", wcu);
    return 0;
}

/* KeySchema at where: one HASH and at most one RANGE attribute (names borrowed from ks). */
static int key_schema(const char *source, const char *where, const cJSON *ks, const char **hash,
                      const char **range, char *err, size_t errlen)
{
    char got[64];
    *hash = *range = NULL;
    if (!cJSON_IsArray(ks) || cJSON_GetArraySize(ks) < 1 || cJSON_GetArraySize(ks) > 2)
        return ddb_errorf(err, errlen, "%s: %s.KeySchema: missing or not a list of 1 or 2 keys",
                    source, where);
    const cJSON *k;
    cJSON_ArrayForEach(k, ks) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(k, "AttributeName");
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(k, "KeyType");
        if (!cJSON_IsString(name) || !name->valuestring[0] || !cJSON_IsString(type))
            return ddb_errorf(err, errlen, "%s: %s.KeySchema: each key needs AttributeName and KeyType",
                        source, where);
        if (!strcmp(type->valuestring, "HASH") && !*hash)
            *hash = name->valuestring;
        else if (!strcmp(type->valuestring, "RANGE") && !*range)
            *range = name->valuestring;
        else {
            show(type, got, sizeof got);
            return ddb_errorf(err, errlen, "%s: %s.KeySchema: bad or repeated KeyType (got %s, expected "
                        "one HASH and at most one RANGE)", source, where, got);
        }
    }
    if (!*hash)
        return ddb_errorf(err, errlen, "%s: %s.KeySchema: no HASH key", source, where);
    return 0;
}

/* "{attr}" as a key template member of obj. */
static void add_template(cJSON *obj, const char *member, const char *attr)
{
    char tpl[600];
    snprintf(tpl, sizeof tpl, "{%s}", attr);
    cJSON_AddStringToObject(obj, member, tpl);
}

/* A value Terraform state lists for an attribute nobody set. */
static bool unset(const cJSON *v)
{
    return cJSON_IsNull(v) || cJSON_IsFalse(v) || (cJSON_IsString(v) && !v->valuestring[0]) ||
           (cJSON_IsNumber(v) && v->valuedouble == 0) ||
           ((cJSON_IsArray(v) || cJSON_IsObject(v)) && !v->child);
}

void ddb_tf_warn_left_out(ddb_tablefrom *t, const cJSON *obj, const char *const *used,
                          size_t n_used, const char *label, bool skip_unset)
{
    ddb_strbuf b = {0};
    int n = 0;
    const cJSON *p;
    cJSON_ArrayForEach(p, obj) {
        int known = ddb_tf_ignored(p->string) || (skip_unset && unset(p));
        for (size_t i = 0; i < n_used; i++)
            known |= strcmp(p->string, used[i]) == 0;
        if (!known)
            ddb_strbuf_printf(&b, "%s%s", n++ ? ", " : "", p->string);
    }
    if (n)
        ddb_tf_warn(t, "%s: not modelled, left out: %s", label, ddb_strbuf_str(&b));
    ddb_strbuf_free(&b);
}

/* Projection.ProjectionType: ALL and KEYS_ONLY as they are; INCLUDE, whose entry size ddbsim
 * cannot know, as ALL with a warning. */
static int projection(ddb_tablefrom *t, const char *source, const char *at, const char *label,
                      const cJSON *ix, cJSON *out, char *err, size_t errlen)
{
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(ix, "Projection");
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(pr, "ProjectionType");
    char got[64];
    if (!type || (cJSON_IsString(type) && !strcmp(type->valuestring, "ALL"))) {
        cJSON_AddStringToObject(out, "projection", "ALL");
        return 0;
    }
    if (cJSON_IsString(type) && !strcmp(type->valuestring, "KEYS_ONLY")) {
        cJSON_AddStringToObject(out, "projection", "KEYS_ONLY");
        return 0;
    }
    if (cJSON_IsString(type) && !strcmp(type->valuestring, "INCLUDE")) {
        char w[512];
        snprintf(w, sizeof w, "%s: INCLUDE projection taken as ALL (set projected_bytes to its "
                 "entries' size)", label);
        warn(t, w);
        cJSON_AddStringToObject(out, "projection", "ALL");
        return 0;
    }
    show(type, got, sizeof got);
    return ddb_errorf(err, errlen, "%s: %s.Projection.ProjectionType: unknown projection (got %s, "
                "expected ALL, KEYS_ONLY or INCLUDE)", source, at, got);
}

/* obj's size in bytes at name (describe-table's TableSizeBytes, IndexSizeBytes), when present, as
 * out.size_gb: DynamoDB's GB are binary, 2^30 bytes. */
static int size_gb(const char *source, const char *at, const cJSON *obj, const char *name,
                   cJSON *out, char *err, size_t errlen)
{
    const cJSON *sz = cJSON_GetObjectItemCaseSensitive(obj, name);
    if (!sz)
        return 0;
    double bytes;
    if (read_number(sz, &bytes) < 0 || bytes < 0) {
        char got[64];
        show(sz, got, sizeof got);
        return ddb_errorf(err, errlen, "%s: %s.%s: not a size (got %s, expected bytes >= 0)", source,
                          at, name, got);
    }
    cJSON_AddNumberToObject(out, "size_gb", bytes / 1073741824.0);
    return 0;
}

/* One entry of GlobalSecondaryIndexes (global) or LocalSecondaryIndexes into out. */
static int convert_index(ddb_tablefrom *t, const char *source, const char *where, const char *prop,
                         size_t i, const cJSON *ix, int global, int on_demand, cJSON *out,
                         char *err, size_t errlen)
{
    static const char *const used[] = {"IndexName", "KeySchema", "Projection",
                                       "ProvisionedThroughput", "IndexSizeBytes"};
    char at[300], label[400];
    snprintf(at, sizeof at, "%s.%s[%zu]", where, prop, i);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(ix, "IndexName");
    if (!cJSON_IsString(name) || !name->valuestring[0])
        return ddb_errorf(err, errlen, "%s: %s.IndexName: missing or not a name", source, at);
    snprintf(label, sizeof label, "%s (%s)", prop, name->valuestring);
    const char *hash, *range;
    if (key_schema(source, at, cJSON_GetObjectItemCaseSensitive(ix, "KeySchema"), &hash, &range,
                   err, errlen) < 0)
        return -1;
    if (!global && !range)
        return ddb_errorf(err, errlen, "%s: %s.KeySchema: no RANGE key (a local secondary index is a "
                    "sort key)", source, at);
    cJSON_AddStringToObject(out, "name", name->valuestring);
    if (global)
        add_template(out, "pk", hash);
    if (range)
        add_template(out, "sk", range);
    if (global && !on_demand &&
        add_capacity(source, at, cJSON_GetObjectItemCaseSensitive(ix, "ProvisionedThroughput"),
                     out, err, errlen) < 0)
        return -1;
    if (projection(t, source, at, label, ix, out, err, errlen) < 0)
        return -1;
    /* a GSI's size is its own (partitions, storage); an LSI's lives in its table's */
    if (global && size_gb(source, at, ix, "IndexSizeBytes", out, err, errlen) < 0)
        return -1;
    ddb_tf_warn_left_out(t, ix, used, sizeof used / sizeof used[0] - !global, label, false);
    return 0;
}

/* table.gsi or table.lsi from the list at prop (absent: none). */
static int convert_indexes(ddb_tablefrom *t, const cJSON *props, const char *source,
                           const char *where, const char *prop, int global, int on_demand,
                           cJSON *table, char *err, size_t errlen)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(props, prop);
    if (!list)
        return 0;
    if (!cJSON_IsArray(list))
        return ddb_errorf(err, errlen, "%s: %s.%s: not a list of indexes", source, where, prop);
    if (cJSON_GetArraySize(list) == 0)
        return 0;
    cJSON *arr = cJSON_AddArrayToObject(table, global ? "gsi" : "lsi");
    size_t i = 0;
    const cJSON *ix;
    cJSON_ArrayForEach(ix, list) {
        cJSON *out = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, out);
        if (convert_index(t, source, where, prop, i++, ix, global, on_demand, out, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int ddb_tf_convert(ddb_tablefrom *t, const cJSON *props, const char *source, const char *where,
                   const char *label, char *err, size_t errlen)
{
    static const char *const used[] = {"TableName", "AttributeDefinitions", "KeySchema",
                                       "BillingMode", "BillingModeSummary",
                                       "ProvisionedThroughput", "TableSizeBytes", "TableClass",
                                       "TableClassSummary", "GlobalSecondaryIndexes",
                                       "LocalSecondaryIndexes", "OnDemandThroughput",
                                       "WarmThroughput"};
    char got[64];
    cJSON *table = cJSON_CreateObject();
    t->table = table;

    /* Billing. */
    const char *mode = "PROVISIONED";
    const cJSON *bm = cJSON_GetObjectItemCaseSensitive(props, "BillingMode");
    const cJSON *bms = cJSON_GetObjectItemCaseSensitive(props, "BillingModeSummary");
    if (bms)
        bm = cJSON_GetObjectItemCaseSensitive(bms, "BillingMode");
    if (bm) {
        if (!cJSON_IsString(bm) ||
            (strcmp(bm->valuestring, "PROVISIONED") && strcmp(bm->valuestring, "PAY_PER_REQUEST"))) {
            show(bm, got, sizeof got);
            return ddb_errorf(err, errlen, "%s: %s.BillingMode: unknown billing mode (got %s, expected "
                        "PROVISIONED or PAY_PER_REQUEST)", source, where, got);
        }
        mode = bm->valuestring;
    }
    int on_demand = strcmp(mode, "PAY_PER_REQUEST") == 0;
    cJSON_AddStringToObject(table, "billing", on_demand ? "on_demand" : "provisioned");

    /* Table class: priced by the scenario. */
    const cJSON *tc = cJSON_GetObjectItemCaseSensitive(props, "TableClass");
    const cJSON *tcs = cJSON_GetObjectItemCaseSensitive(props, "TableClassSummary");
    if (tcs)
        tc = cJSON_GetObjectItemCaseSensitive(tcs, "TableClass");
    if (tc) {
        const char *cls = cJSON_IsString(tc) ? tc->valuestring : "";
        if (!strcmp(cls, "STANDARD"))
            cJSON_AddStringToObject(table, "table_class", "standard");
        else if (!strcmp(cls, "STANDARD_INFREQUENT_ACCESS"))
            cJSON_AddStringToObject(table, "table_class", "standard_ia");
        else {
            show(tc, got, sizeof got);
            return ddb_errorf(err, errlen, "%s: %s.TableClass: unknown table class (got %s, expected "
                        "STANDARD or STANDARD_INFREQUENT_ACCESS)", source, where, got);
        }
    }

    /* Capacity. describe-table reports 0/0 for an on-demand table. */
    const cJSON *pt = cJSON_GetObjectItemCaseSensitive(props, "ProvisionedThroughput");
    if (!on_demand) {
        if (!cJSON_IsObject(pt))
            return ddb_errorf(err, errlen, "%s: %s.ProvisionedThroughput: missing (a provisioned table "
                        "needs it)", source, where);
        if (add_capacity(source, where, pt, table, err, errlen) < 0)
            return -1;
    }

    if (on_demand_limits(t, props, table, on_demand, source, where, err, errlen) < 0)
        return -1;

    if (size_gb(source, where, props, "TableSizeBytes", table, err, errlen) < 0)
        return -1;

    /* Key schema. */
    const char *hash, *range;
    if (key_schema(source, where, cJSON_GetObjectItemCaseSensitive(props, "KeySchema"), &hash,
                   &range, err, errlen) < 0)
        return -1;
    cJSON *key = cJSON_AddObjectToObject(table, "key");
    add_template(key, "pk", hash);
    if (range)
        add_template(key, "sk", range);

    /* Secondary indexes: keys, capacity and projection; the rest named, left out. */
    if (convert_indexes(t, props, source, where, "GlobalSecondaryIndexes", 1, on_demand, table,
                        err, errlen) < 0 ||
        convert_indexes(t, props, source, where, "LocalSecondaryIndexes", 0, on_demand, table,
                        err, errlen) < 0)
        return -1;

    /* Everything else: named, left out. */
    if (label)
        ddb_tf_warn_left_out(t, props, used, sizeof used / sizeof used[0], label, false);
    return 0;
}

/* describe-table output: one table, named TableName. */
static int describe_table(ddb_tablefrom *out, const cJSON *tbl, const char *source,
                          const char *pick, char *err, size_t errlen)
{
    if (!cJSON_IsObject(tbl))
        return ddb_errorf(err, errlen, "%s: Table: not an object", source);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(tbl, "TableName");
    const char *names[1] = {cJSON_IsString(name) ? name->valuestring : "(unnamed)"};
    if (pick && ddb_tf_pick(names, 1, pick, "table", source, "Table.TableName", err, errlen) < 0)
        return -1;
    return ddb_tf_convert(out, tbl, source, "Table", "Table", err, errlen);
}

/* Which tool wrote the file, by its top-level members. */
static int convert_root(ddb_tablefrom *out, const cJSON *root, const char *source,
                        const char *pick, char *err, size_t errlen)
{
    if (cJSON_IsObject(root)) {
        if (cJSON_GetObjectItemCaseSensitive(root, "Table"))
            return describe_table(out, cJSON_GetObjectItemCaseSensitive(root, "Table"), source,
                                  pick, err, errlen);
        if (cJSON_GetObjectItemCaseSensitive(root, "Resources"))
            return ddb_tf_cloudformation(out, root, source, pick, err, errlen);
        if (cJSON_GetObjectItemCaseSensitive(root, "DataModel"))
            return ddb_tf_workbench(out, root, source, pick, err, errlen);
        if (cJSON_GetObjectItemCaseSensitive(root, "format_version"))
            return ddb_tf_terraform(out, root, source, pick, err, errlen);
    }
    return ddb_errorf(err, errlen, "%s: not describe-table output ({\"Table\": ...}), a "
                      "CloudFormation template (Resources), a NoSQL Workbench model (DataModel) or "
                      "terraform show -json output (format_version)", source);
}

int ddb_tablefrom_parse(ddb_tablefrom *out, const char *text, size_t len, const char *source,
                        char *err, size_t errlen)
{
    return ddb_tablefrom_parse_pick(out, text, len, source, NULL, err, errlen);
}

int ddb_tablefrom_parse_pick(ddb_tablefrom *out, const char *text, size_t len, const char *source,
                             const char *pick, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    cJSON *root;
    if (ends_with(source, ".yaml") || ends_with(source, ".yml")) {
#ifdef DDBSIM_HAVE_YAML
        root = parse_yaml(text, len, source, err, errlen);
        if (!root)
            return -1;
#else
        return ddb_errorf(err, errlen, "%s: YAML needs libyaml: install libyaml-dev and rebuild ddbsim "
                    "(or give the template as JSON)", source);
#endif
    } else {
        root = cJSON_ParseWithLength(text, len);
        if (!root)
            return ddb_errorf(err, errlen, "%s: not valid JSON", source);
    }
    int rc = convert_root(out, root, source, pick, err, errlen);
    cJSON_Delete(root);
    if (rc < 0)
        ddb_tablefrom_destroy(out);
    return rc;
}

/* Read path and convert it, pick choosing among its tables (NULL: the only one). */
static int read_and_parse(ddb_tablefrom *out, const char *path, const char *pick, char *err,
                          size_t errlen)
{
    size_t n;
    char *buf = ddb_read_file(path, MAX_FILE_BYTES, &n, err, errlen);
    if (!buf)
        return -1;
    int rc = ddb_tablefrom_parse_pick(out, buf, n, path, pick, err, errlen);
    free(buf);
    return rc;
}

int ddb_tablefrom_load(ddb_tablefrom *out, const char *path, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *hash = strrchr(path, '#');
    FILE *whole = fopen(path, "rb"); /* a file whose name holds '#' is taken as it is */
    if (whole)
        fclose(whole);
    if (whole || !hash || !hash[1])
        return read_and_parse(out, path, NULL, err, errlen);
    char *file = ddb_xstrdup(path); /* FILE#NAME: one table of several */
    file[hash - path] = '\0';
    int rc = read_and_parse(out, file, hash + 1, err, errlen);
    free(file);
    return rc;
}

/* ---- shared with the format readers (tablefrom_int.h) ---------------------------------- */

void ddb_tf_warn(ddb_tablefrom *t, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    warn(t, line);
}

int ddb_tf_number(const cJSON *v, double *out)
{
    return read_number(v, out);
}

void ddb_tf_show(const cJSON *v, char *buf, size_t n)
{
    show(v, buf, n);
}
