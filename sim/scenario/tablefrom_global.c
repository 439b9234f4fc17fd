/* tablefrom_global — --table-from CDK's AWS::DynamoDB::GlobalTable (TableV2): the table as one
 * replica sees it, its writes' auto scaling (or on-demand maximum) and the replica's reads. */
#include "sim/scenario/tablefrom_int.h"

#include <stdio.h>
#include <string.h>

static const cJSON *get(const cJSON *obj, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(obj, name);
}

static void copy(cJSON *to, const cJSON *from, const char *name)
{
    const cJSON *v = get(from, name);
    if (v)
        cJSON_AddItemToObject(to, name, cJSON_Duplicate(v, 1));
}

/* A provisioned dimension's starting capacity: a fixed one (read settings' ReadCapacityUnits),
 * else its auto scaling's SeedCapacity, else its MinCapacity. NULL: none given. */
static const cJSON *start_capacity(const cJSON *settings, const char *fixed, const char *scaling)
{
    const cJSON *v = get(settings, fixed);
    const cJSON *as = get(settings, scaling);
    if (v)
        return v;
    return get(as, "SeedCapacity") ? get(as, "SeedCapacity") : get(as, "MinCapacity");
}

/* ProvisionedThroughput from the write settings (auto scaled) and the replica's read settings. */
static int throughput(const cJSON *write_set, const cJSON *read_set, const char *source,
                      const char *where, cJSON *out, char *err, size_t errlen)
{
    const cJSON *w = start_capacity(write_set, "WriteCapacityUnits",
                                    "WriteCapacityAutoScalingSettings");
    const cJSON *r = start_capacity(read_set, "ReadCapacityUnits",
                                    "ReadCapacityAutoScalingSettings");
    if (!w)
        return ddb_errorf(err, errlen, "%s: %s.WriteProvisionedThroughputSettings: missing "
                          "(expected WriteCapacityAutoScalingSettings: a provisioned global "
                          "table's writes are auto scaled)", source, where);
    if (!r)
        return ddb_errorf(err, errlen, "%s: %s.ReadProvisionedThroughputSettings: missing "
                          "(expected ReadCapacityUnits or ReadCapacityAutoScalingSettings in the "
                          "replica)", source, where);
    cJSON *pt = cJSON_AddObjectToObject(out, "ProvisionedThroughput");
    cJSON_AddItemToObject(pt, "ReadCapacityUnits", cJSON_Duplicate(r, 1));
    cJSON_AddItemToObject(pt, "WriteCapacityUnits", cJSON_Duplicate(w, 1));
    return 0;
}

/* The auto scaling of one dimension, when its settings hold one. */
static int scaling(ddb_tablefrom *t, const char *index, bool write, const cJSON *settings,
                   const char *source, const char *where, char *err, size_t errlen)
{
    static const char *const used[] = {"MinCapacity", "MaxCapacity", "SeedCapacity",
                                       "TargetTrackingScalingPolicyConfiguration"};
    static const char *const cfg_used[] = {"TargetValue"};
    const char *name = write ? "WriteCapacityAutoScalingSettings"
                             : "ReadCapacityAutoScalingSettings";
    const cJSON *as = get(settings, name);
    if (!as)
        return 0;
    char at[400], cat[500];
    snprintf(at, sizeof at, "%s.%s", where, name);
    snprintf(cat, sizeof cat, "%s.TargetTrackingScalingPolicyConfiguration", at);
    const cJSON *cfg = get(as, "TargetTrackingScalingPolicyConfiguration");
    ddb_tf_warn_left_out(t, as, used, sizeof used / sizeof used[0], at, false);
    ddb_tf_warn_left_out(t, cfg, cfg_used, 1, cat, false);
    ddb_tf_scaling s = {.min = get(as, "MinCapacity"), .max = get(as, "MaxCapacity"),
                        .target_pct = get(cfg, "TargetValue"), .limits_at = at, .target_at = cat,
                        DDB_TF_AAS_NAMES};
    return ddb_tf_add_scaling(t, index, write, &s, source, err, errlen);
}

/* The replica's entry for index name (its read settings), or NULL. */
static const cJSON *replica_index(const cJSON *replica, const char *name)
{
    const cJSON *ix;
    cJSON_ArrayForEach(ix, get(replica, "GlobalSecondaryIndexes")) {
        const cJSON *n = get(ix, "IndexName");
        if (cJSON_IsString(n) && strcmp(n->valuestring, name) == 0)
            return ix;
    }
    return NULL;
}

/* The on-demand maximums: writes global, reads the replica's. */
static void on_demand(const cJSON *obj, const cJSON *read_obj, cJSON *out)
{
    const cJSON *w = get(get(obj, "WriteOnDemandThroughputSettings"), "MaxWriteRequestUnits");
    const cJSON *r = get(get(read_obj, "ReadOnDemandThroughputSettings"), "MaxReadRequestUnits");
    if (!w && !r)
        return;
    cJSON *odt = cJSON_AddObjectToObject(out, "OnDemandThroughput");
    if (r)
        cJSON_AddItemToObject(odt, "MaxReadRequestUnits", cJSON_Duplicate(r, 1));
    if (w)
        cJSON_AddItemToObject(odt, "MaxWriteRequestUnits", cJSON_Duplicate(w, 1));
}

/* The GSIs in the Table shape, their reads from the replica's entries. */
static int indexes(ddb_tablefrom *t, const cJSON *props, const cJSON *replica, bool provisioned,
                   const char *source, const char *where, cJSON *out, char *err, size_t errlen)
{
    static const char *const used[] = {"IndexName", "KeySchema", "Projection",
                                       "WriteProvisionedThroughputSettings",
                                       "WriteOnDemandThroughputSettings", "WarmThroughput"};
    const cJSON *list = get(props, "GlobalSecondaryIndexes");
    if (!cJSON_IsArray(list))
        return 0;
    cJSON *arr = cJSON_AddArrayToObject(out, "GlobalSecondaryIndexes");
    int i = 0;
    const cJSON *ix;
    cJSON_ArrayForEach(ix, list) {
        char at[400];
        snprintf(at, sizeof at, "%s.GlobalSecondaryIndexes[%d]", where, i++);
        const cJSON *name = get(ix, "IndexName");
        const cJSON *rix = replica_index(replica, cJSON_IsString(name) ? name->valuestring : "");
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, o);
        copy(o, ix, "IndexName");
        copy(o, ix, "KeySchema");
        copy(o, ix, "Projection");
        if (provisioned && throughput(get(ix, "WriteProvisionedThroughputSettings"),
                                      get(rix, "ReadProvisionedThroughputSettings"), source, at, o,
                                      err, errlen) < 0)
            return -1;
        ddb_tf_warn_left_out(t, ix, used, sizeof used / sizeof used[0], at, false);
    }
    return 0;
}

/* The Table-shaped properties of the global table as its first replica sees it. */
static int table_shape(ddb_tablefrom *t, const cJSON *props, const cJSON *replica,
                       bool provisioned, const char *source, const char *where, cJSON *out,
                       char *err, size_t errlen)
{
    static const char *const names[] = {"TableName", "AttributeDefinitions", "KeySchema",
                                        "BillingMode", "LocalSecondaryIndexes", "WarmThroughput"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        copy(out, props, names[i]);
    copy(out, replica, "TableClass");
    on_demand(props, replica, out);
    if (provisioned && throughput(get(props, "WriteProvisionedThroughputSettings"),
                                  get(replica, "ReadProvisionedThroughputSettings"), source, where,
                                  out, err, errlen) < 0)
        return -1;
    return indexes(t, props, replica, provisioned, source, where, out, err, errlen);
}

/* Each dimension's auto scaling: writes from the table and its GSIs, reads from the replica. */
static int scalings(ddb_tablefrom *t, const cJSON *props, const cJSON *replica,
                    const char *source, const char *where, const char *rwhere, char *err,
                    size_t errlen)
{
    char at[1024]; /* where and rwhere are at most 400 bytes, an index name may follow */
    snprintf(at, sizeof at, "%s.WriteProvisionedThroughputSettings", where);
    if (scaling(t, NULL, true, get(props, "WriteProvisionedThroughputSettings"), source, at, err,
                errlen) < 0)
        return -1;
    snprintf(at, sizeof at, "%s.ReadProvisionedThroughputSettings", rwhere);
    if (scaling(t, NULL, false, get(replica, "ReadProvisionedThroughputSettings"), source, at,
                err, errlen) < 0)
        return -1;
    int i = 0;
    const cJSON *ix;
    cJSON_ArrayForEach(ix, get(props, "GlobalSecondaryIndexes")) {
        const cJSON *name = get(ix, "IndexName");
        const char *n = cJSON_IsString(name) ? name->valuestring : "";
        snprintf(at, sizeof at, "%s.GlobalSecondaryIndexes[%d].WriteProvisionedThroughputSettings",
                 where, i++);
        if (scaling(t, n, true, get(ix, "WriteProvisionedThroughputSettings"), source, at, err,
                    errlen) < 0)
            return -1;
        snprintf(at, sizeof at, "%s.GlobalSecondaryIndexes(%s).ReadProvisionedThroughputSettings",
                 rwhere, n);
        if (scaling(t, n, false, get(replica_index(replica, n), "ReadProvisionedThroughputSettings"),
                    source, at, err, errlen) < 0)
            return -1;
    }
    return 0;
}

int ddb_tf_global_table(ddb_tablefrom *t, const cJSON *props, const char *source,
                        const char *where, char *err, size_t errlen)
{
    static const char *const used[] = {
        "TableName", "AttributeDefinitions", "KeySchema", "BillingMode", "LocalSecondaryIndexes",
        "WarmThroughput", "GlobalSecondaryIndexes", "Replicas", "WriteProvisionedThroughputSettings",
        "WriteOnDemandThroughputSettings"};
    static const char *const replica_used[] = {"Region", "TableClass", "GlobalSecondaryIndexes",
                                               "ReadProvisionedThroughputSettings",
                                               "ReadOnDemandThroughputSettings"};
    const cJSON *replicas = get(props, "Replicas");
    const cJSON *replica = cJSON_GetArrayItem(replicas, 0);
    if (!cJSON_IsObject(replica))
        return ddb_errorf(err, errlen, "%s: %s.Replicas: missing or empty (expected at least one "
                          "replica)", source, where);
    const cJSON *bm = get(props, "BillingMode");
    bool provisioned = cJSON_IsString(bm) && strcmp(bm->valuestring, "PROVISIONED") == 0;
    const cJSON *region = get(replica, "Region");
    char rwhere[400];
    snprintf(rwhere, sizeof rwhere, "%s.Replicas[0]", where);
    if (cJSON_GetArraySize(replicas) > 1)
        ddb_tf_warn(t, "%s.Replicas: %d replicas; ddbsim simulates the first (%s) alone, its "
                    "replicated writes from the others left out", where,
                    cJSON_GetArraySize(replicas),
                    cJSON_IsString(region) ? region->valuestring : "no region");
    cJSON *shape = cJSON_CreateObject();
    int rc = table_shape(t, props, replica, provisioned, source, where, shape, err, errlen);
    if (rc == 0)
        rc = ddb_tf_convert(t, shape, source, where, NULL, err, errlen);
    cJSON_Delete(shape);
    if (rc < 0)
        return -1;
    ddb_tf_warn_left_out(t, props, used, sizeof used / sizeof used[0], where, false);
    ddb_tf_warn_left_out(t, replica, replica_used, sizeof replica_used / sizeof replica_used[0],
                         rwhere, false);
    return provisioned ? scalings(t, props, replica, source, where, rwhere, err, errlen) : 0;
}
