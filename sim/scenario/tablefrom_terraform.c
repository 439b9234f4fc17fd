/* tablefrom_terraform — --table-from `terraform show -json` state: an aws_dynamodb_table (in
 * the root module or any child module) and the aws_appautoscaling_target/_policy pairs that
 * scale it. A plan's JSON (planned_values, no values) is refused: it is not what exists. */
#include "sim/scenario/tablefrom_int.h"

#include <stdio.h>
#include <stdlib.h>
#include "sim/support/alloc.h"
#include <string.h>

#define MAX_RESOURCES 4096

static const cJSON *get(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static const char *str(const cJSON *obj, const char *name)
{
    const cJSON *v = get(obj, name);
    return cJSON_IsString(v) && v->valuestring[0] ? v->valuestring : NULL;
}

typedef struct resources {
    const cJSON *r[MAX_RESOURCES];
    size_t n;
} resources;

/* Every managed resource of module m and of its children, depth first. */
static void collect(const cJSON *m, resources *out, int depth)
{
    const cJSON *r, *child;
    cJSON_ArrayForEach(r, get(m, "resources")) {
        const char *mode = str(r, "mode");
        if (out->n < MAX_RESOURCES && (!mode || strcmp(mode, "managed") == 0))
            out->r[out->n++] = r;
    }
    if (depth < 32)
        cJSON_ArrayForEach(child, get(m, "child_modules"))
            collect(child, out, depth + 1);
}

static bool is_type(const cJSON *r, const char *type)
{
    const char *t = str(r, "type");
    return t && strcmp(t, type) == 0;
}

/* A KeySchema entry {"AttributeName": name, "KeyType": type}. */
static void key(cJSON *ks, const char *name, const char *type)
{
    cJSON *k = cJSON_CreateObject();
    cJSON_AddStringToObject(k, "AttributeName", name);
    cJSON_AddStringToObject(k, "KeyType", type);
    cJSON_AddItemToArray(ks, k);
}

static void key_schema(const cJSON *v, cJSON *out)
{
    cJSON *ks = cJSON_AddArrayToObject(out, "KeySchema");
    if (str(v, "hash_key"))
        key(ks, str(v, "hash_key"), "HASH");
    if (str(v, "range_key"))
        key(ks, str(v, "range_key"), "RANGE");
}

/* read_capacity / write_capacity as ProvisionedThroughput (validated there). */
static void capacity(const cJSON *v, cJSON *out)
{
    cJSON *pt = cJSON_AddObjectToObject(out, "ProvisionedThroughput");
    cJSON_AddItemToObject(pt, "ReadCapacityUnits", cJSON_Duplicate(get(v, "read_capacity"), 1));
    cJSON_AddItemToObject(pt, "WriteCapacityUnits", cJSON_Duplicate(get(v, "write_capacity"), 1));
}

/* A one-element block list (on_demand_throughput, warm_throughput) as an object of renamed
 * members, the unset (0) ones left out. */
static void block(const cJSON *v, const char *name, const char *const (*names)[2], cJSON *out,
                  const char *as)
{
    const cJSON *b = cJSON_GetArrayItem(get(v, name), 0);
    cJSON *o = NULL;
    for (int i = 0; i < 2 && b; i++) {
        const cJSON *x = get(b, names[i][0]);
        if (!cJSON_IsNumber(x) || x->valuedouble == 0)
            continue;
        if (!o)
            o = cJSON_AddObjectToObject(out, as);
        cJSON_AddNumberToObject(o, names[i][1], x->valuedouble);
    }
}

static void indexes(ddb_tablefrom *t, const cJSON *v, bool provisioned, const char *addr,
                    cJSON *out)
{
    static const char *const used[] = {"name", "hash_key", "range_key", "projection_type",
                                       "non_key_attributes", "read_capacity", "write_capacity"};
    static const char *const kinds[2][2] = {{"global_secondary_index", "GlobalSecondaryIndexes"},
                                            {"local_secondary_index", "LocalSecondaryIndexes"}};
    for (int g = 0; g < 2; g++) {
        const cJSON *ix;
        cJSON *arr = NULL;
        cJSON_ArrayForEach(ix, get(v, kinds[g][0])) {
            if (!arr)
                arr = cJSON_AddArrayToObject(out, kinds[g][1]);
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(arr, o);
            cJSON_AddStringToObject(o, "IndexName", str(ix, "name") ? str(ix, "name") : "");
            key_schema(ix, o);
            cJSON *pr = cJSON_AddObjectToObject(o, "Projection");
            cJSON_AddStringToObject(pr, "ProjectionType", str(ix, "projection_type")
                                                              ? str(ix, "projection_type")
                                                              : "ALL");
            if (g == 0 && provisioned)
                capacity(ix, o);
            char label[400];
            snprintf(label, sizeof label, "%s.%s (%s)", addr, kinds[g][0],
                     str(ix, "name") ? str(ix, "name") : "?");
            ddb_tf_warn_left_out(t, ix, used, sizeof used / sizeof used[0], label, true);
        }
    }
}

/* The aws_dynamodb_table's values in the Table shape. */
static cJSON *table_shape(ddb_tablefrom *t, const cJSON *v, const char *addr)
{
    static const char *const odt[2][2] = {{"max_read_request_units", "MaxReadRequestUnits"},
                                          {"max_write_request_units", "MaxWriteRequestUnits"}};
    static const char *const warm[2][2] = {{"read_units_per_second", "ReadUnitsPerSecond"},
                                           {"write_units_per_second", "WriteUnitsPerSecond"}};
    cJSON *out = cJSON_CreateObject();
    const char *bm = str(v, "billing_mode") ? str(v, "billing_mode") : "PROVISIONED";
    bool provisioned = strcmp(bm, "PROVISIONED") == 0;
    cJSON_AddStringToObject(out, "BillingMode", bm);
    if (str(v, "table_class"))
        cJSON_AddStringToObject(out, "TableClass", str(v, "table_class"));
    key_schema(v, out);
    if (provisioned)
        capacity(v, out);
    block(v, "on_demand_throughput", odt, out, "OnDemandThroughput");
    block(v, "warm_throughput", warm, out, "WarmThroughput");
    indexes(t, v, provisioned, addr, out);
    return out;
}

/* The scaling of the table named name: each target with resource_id table/NAME[/index/IX] and
 * the target tracking policy of the same resource_id and scalable_dimension. */
static int scalings(ddb_tablefrom *t, const resources *rs, const char *name, const char *source,
                    char *err, size_t errlen)
{
    char want[600];
    snprintf(want, sizeof want, "table/%s", name);
    size_t n = strlen(want);
    for (size_t i = 0; i < rs->n; i++) {
        const cJSON *tv = get(rs->r[i], "values");
        const char *rid = str(tv, "resource_id"), *dim = str(tv, "scalable_dimension");
        if (!is_type(rs->r[i], "aws_appautoscaling_target") || !rid || !dim ||
            strncmp(rid, want, n) != 0 || (rid[n] && strncmp(rid + n, "/index/", 7) != 0))
            continue;
        const cJSON *cfg = NULL;
        const char *paddr = "?";
        for (size_t j = 0; j < rs->n && !cfg; j++) {
            const cJSON *pv = get(rs->r[j], "values");
            if (is_type(rs->r[j], "aws_appautoscaling_policy") && str(pv, "resource_id") &&
                !strcmp(str(pv, "resource_id"), rid) && str(pv, "scalable_dimension") &&
                !strcmp(str(pv, "scalable_dimension"), dim)) {
                cfg = cJSON_GetArrayItem(get(pv, "target_tracking_scaling_policy_configuration"), 0);
                paddr = str(rs->r[j], "address") ? str(rs->r[j], "address") : "?";
            }
        }
        const char *addr = str(rs->r[i], "address") ? str(rs->r[i], "address") : "?";
        if (!cfg) {
            ddb_tf_warn(t, "%s: no target tracking aws_appautoscaling_policy scales it, left out",
                        addr);
            continue;
        }
        static const char *const cfg_used[] = {"target_value", "predefined_metric_specification"};
        char label[400];
        snprintf(label, sizeof label, "%s.target_tracking_scaling_policy_configuration[0]", paddr);
        ddb_tf_warn_left_out(t, cfg, cfg_used, 2, label, true);
        ddb_tf_scaling s = {.min = get(tv, "min_capacity"), .max = get(tv, "max_capacity"),
                            .target_pct = get(cfg, "target_value"), .limits_at = addr,
                            .target_at = label, .min_name = "min_capacity",
                            .max_name = "max_capacity", .target_name = "target_value"};
        if (ddb_tf_add_scaling(t, rid[n] ? rid + n + 7 : NULL, strstr(dim, "Write") != NULL, &s,
                               source, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int ddb_tf_terraform(ddb_tablefrom *t, const cJSON *root, const char *source, const char *pick,
                     char *err, size_t errlen)
{
    static const char *const used[] = {"name", "billing_mode", "table_class", "hash_key",
                                       "range_key", "read_capacity", "write_capacity", "attribute",
                                       "on_demand_throughput", "warm_throughput",
                                       "global_secondary_index", "local_secondary_index"};
    const cJSON *values = get(root, "values");
    if (!values && (get(root, "planned_values") || get(root, "resource_changes")))
        return ddb_errorf(err, errlen, "%s: a Terraform plan (planned_values, no values), not "
                          "state (expected terraform show -json without a plan file)", source);
    resources *rs = ddb_xcalloc(1, sizeof *rs);
    collect(get(values, "root_module"), rs, 0);
    const cJSON *tables[256];
    const char *names[256];
    size_t n = 0;
    for (size_t i = 0; i < rs->n && n < 256; i++)
        if (is_type(rs->r[i], "aws_dynamodb_table")) {
            const char *nm = str(get(rs->r[i], "values"), "name");
            const char *addr = str(rs->r[i], "address");
            tables[n] = rs->r[i];
            names[n++] = pick && addr && !strcmp(addr, pick) ? pick : nm ? nm : "?";
        }
    int k = ddb_tf_pick(names, n, pick, "aws_dynamodb_table", source, "values.root_module",
                        err, errlen);
    int rc = -1;
    if (k >= 0) {
        const cJSON *v = get(tables[k], "values");
        const char *addr = str(tables[k], "address") ? str(tables[k], "address") : names[k];
        cJSON *shape = table_shape(t, v, addr);
        rc = ddb_tf_convert(t, shape, source, addr, NULL, err, errlen);
        cJSON_Delete(shape);
        if (rc == 0) {
            ddb_tf_warn_left_out(t, v, used, sizeof used / sizeof used[0], addr, true);
            rc = scalings(t, rs, str(v, "name") ? str(v, "name") : "", source, err, errlen);
        }
    }
    free(rs);
    return rc;
}
