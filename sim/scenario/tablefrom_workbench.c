/* tablefrom_workbench — --table-from a NoSQL Workbench data model export: one of its
 * DataModel tables, its keys, GSIs, billing, provisioned capacity and auto scaling. */
#include "sim/scenario/tablefrom_int.h"

#include <stdio.h>
#include <string.h>

static const cJSON *get(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

/* KeyAttributes {PartitionKey: {AttributeName}, SortKey: {...}} as a KeySchema. */
static void key_schema(const cJSON *obj, cJSON *out)
{
    static const char *const parts[2][2] = {{"PartitionKey", "HASH"}, {"SortKey", "RANGE"}};
    const cJSON *ka = get(obj, "KeyAttributes");
    cJSON *ks = cJSON_AddArrayToObject(out, "KeySchema");
    for (int i = 0; i < 2; i++) {
        const cJSON *part = get(ka, parts[i][0]);
        if (!part)
            continue;
        cJSON *k = cJSON_CreateObject();
        cJSON_AddItemToObject(k, "AttributeName",
                              cJSON_Duplicate(get(part, "AttributeName"), 1));
        cJSON_AddStringToObject(k, "KeyType", parts[i][1]);
        cJSON_AddItemToArray(ks, k);
    }
}

/* The model's GSIs; one without ProvisionedThroughput of its own takes the table's. */
static void indexes(ddb_tablefrom *t, const cJSON *entry, const cJSON *pt, const char *label,
                    cJSON *out)
{
    static const char *const used[] = {"IndexName", "KeyAttributes", "Projection",
                                       "ProvisionedThroughput"};
    const cJSON *ix;
    cJSON *arr = NULL;
    cJSON_ArrayForEach(ix, get(entry, "GlobalSecondaryIndexes")) {
        if (!arr)
            arr = cJSON_AddArrayToObject(out, "GlobalSecondaryIndexes");
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        const cJSON *name = get(ix, "IndexName");
        cJSON_AddItemToObject(o, "IndexName", cJSON_Duplicate(name, 1));
        key_schema(ix, o);
        if (get(ix, "Projection"))
            cJSON_AddItemToObject(o, "Projection", cJSON_Duplicate(get(ix, "Projection"), 1));
        const cJSON *own = get(ix, "ProvisionedThroughput");
        if (own || pt)
            cJSON_AddItemToObject(o, "ProvisionedThroughput", cJSON_Duplicate(own ? own : pt, 1));
        if (!own && pt)
            ddb_tf_warn(t, "%s.GlobalSecondaryIndexes (%s): no capacity of its own in the model; "
                        "the table's taken", label,
                        cJSON_IsString(name) ? name->valuestring : "?");
        char at[400];
        snprintf(at, sizeof at, "%s.GlobalSecondaryIndexes (%s)", label,
                 cJSON_IsString(name) ? name->valuestring : "?");
        ddb_tf_warn_left_out(t, ix, used, sizeof used / sizeof used[0], at, false);
    }
}

/* AutoScalingRead / AutoScalingWrite: {ScalableTargetRequest: {MinCapacity, MaxCapacity},
 * ScalingPolicyConfiguration: {TargetValue}}. */
static int scaling(ddb_tablefrom *t, const cJSON *pcs, bool write, const char *source,
                   const char *label, char *err, size_t errlen)
{
    static const char *const used[] = {"ScalableTargetRequest", "ScalingPolicyConfiguration"};
    static const char *const req_used[] = {"MinCapacity", "MaxCapacity"};
    static const char *const pol_used[] = {"TargetValue"};
    const char *name = write ? "AutoScalingWrite" : "AutoScalingRead";
    const cJSON *as = get(pcs, name);
    if (!as)
        return 0;
    char at[400], sub[500];
    snprintf(at, sizeof at, "%s.ProvisionedCapacitySettings.%s", label, name);
    ddb_tf_warn_left_out(t, as, used, 2, at, false);
    const cJSON *req = get(as, "ScalableTargetRequest"), *pol = get(as, "ScalingPolicyConfiguration");
    snprintf(sub, sizeof sub, "%s.ScalableTargetRequest", at);
    ddb_tf_warn_left_out(t, req, req_used, 2, sub, false);
    snprintf(sub, sizeof sub, "%s.ScalingPolicyConfiguration", at);
    ddb_tf_warn_left_out(t, pol, pol_used, 1, sub, false);
    char req_at[500];
    snprintf(req_at, sizeof req_at, "%s.ScalableTargetRequest", at);
    ddb_tf_scaling s = {.min = get(req, "MinCapacity"), .max = get(req, "MaxCapacity"),
                        .target_pct = get(pol, "TargetValue"), .limits_at = req_at,
                        .target_at = sub, DDB_TF_AAS_NAMES};
    return ddb_tf_add_scaling(t, NULL, write, &s, source, err, errlen);
}

static int convert_entry(ddb_tablefrom *t, const cJSON *entry, const char *source,
                         const char *label, char *err, size_t errlen)
{
    static const char *const used[] = {"TableName", "KeyAttributes", "GlobalSecondaryIndexes",
                                       "BillingMode", "ProvisionedCapacitySettings"};
    static const char *const pcs_used[] = {"ProvisionedThroughput", "AutoScalingRead",
                                           "AutoScalingWrite"};
    const cJSON *pcs = get(entry, "ProvisionedCapacitySettings");
    const cJSON *pt = get(pcs, "ProvisionedThroughput");
    const cJSON *bm = get(entry, "BillingMode");
    bool on_demand = cJSON_IsString(bm) && strcmp(bm->valuestring, "PAY_PER_REQUEST") == 0;
    cJSON *shape = cJSON_CreateObject();
    if (bm)
        cJSON_AddItemToObject(shape, "BillingMode", cJSON_Duplicate(bm, 1));
    key_schema(entry, shape);
    if (pt && !on_demand)
        cJSON_AddItemToObject(shape, "ProvisionedThroughput", cJSON_Duplicate(pt, 1));
    indexes(t, entry, on_demand ? NULL : pt, label, shape);
    int rc = ddb_tf_convert(t, shape, source, label, NULL, err, errlen);
    cJSON_Delete(shape);
    if (rc < 0)
        return -1;
    ddb_tf_warn_left_out(t, entry, used, sizeof used / sizeof used[0], label, false);
    char at[400];
    snprintf(at, sizeof at, "%s.ProvisionedCapacitySettings", label);
    ddb_tf_warn_left_out(t, pcs, pcs_used, 3, at, false);
    if (on_demand)
        return 0;
    return scaling(t, pcs, false, source, label, err, errlen) < 0 ||
                   scaling(t, pcs, true, source, label, err, errlen) < 0
               ? -1
               : 0;
}

int ddb_tf_workbench(ddb_tablefrom *t, const cJSON *root, const char *source, const char *pick,
                     char *err, size_t errlen)
{
    const cJSON *model = get(root, "DataModel");
    if (!cJSON_IsArray(model) || cJSON_GetArraySize(model) == 0)
        return ddb_errorf(err, errlen, "%s: DataModel: no table (expected a NoSQL Workbench model "
                          "with at least one table)", source);
    const cJSON *entries[256];
    const char *names[256];
    size_t n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, model) {
        const cJSON *name = get(e, "TableName");
        if (n < 256) {
            entries[n] = e;
            names[n++] = cJSON_IsString(name) ? name->valuestring : "?";
        }
    }
    int k = ddb_tf_pick(names, n, pick, "table", source, "DataModel", err, errlen);
    if (k < 0)
        return -1;
    char label[300];
    snprintf(label, sizeof label, "DataModel[%d]", k);
    return convert_entry(t, entries[k], source, label, err, errlen);
}
