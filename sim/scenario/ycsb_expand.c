/* ycsb_expand — a YCSB workload file (workload.ycsb) expanded into the fields it implies, where
 * the scenario leaves them out. */
#include "sim/scenario/scenario_int.h"

#include <math.h>
#include <stdlib.h>

/* obj.key, created as an empty object when absent (NULL when obj.key is not an object). */
static cJSON *object_at(cJSON *obj, const char *key)
{
    cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!o)
        o = ddb_scn_add_object(obj, key);
    return cJSON_IsObject(o) ? o : NULL;
}

/* obj.key = item unless obj already has key (the scenario's own value wins). */
static void add_missing(cJSON *obj, const char *key, cJSON *item)
{
    if (obj && !cJSON_GetObjectItemCaseSensitive(obj, key))
        ddb_scn_add(obj, key, item);
    else
        cJSON_Delete(item);
}

static const char *dist_name(enum ddb_dist_kind k)
{
    return ddb_scn_dist_names[k];
}

static cJSON *ycsb_attribute(const ddb_ycsb *y)
{
    cJSON *a = ddb_scn_need(cJSON_CreateObject());
    ddb_scn_add(a, "dist", cJSON_CreateString(dist_name(y->dist)));
    ddb_scn_add(a, "n", cJSON_CreateNumber((double)y->recordcount));
    if (y->dist == DDB_DIST_HOTSPOT) {
        ddb_scn_add(a, "hot_data_fraction", cJSON_CreateNumber(y->hot_data_fraction));
        ddb_scn_add(a, "hot_op_fraction", cJSON_CreateNumber(y->hot_op_fraction));
    } else if (y->dist == DDB_DIST_EXPONENTIAL) {
        ddb_scn_add(a, "percentile", cJSON_CreateNumber(y->percentile));
        ddb_scn_add(a, "frac", cJSON_CreateNumber(y->frac));
    }
    /* YCSB's inserts move the newest record */
    if ((y->dist == DDB_DIST_LATEST || y->dist == DDB_DIST_EXPONENTIAL) && y->insert > 0)
        ddb_scn_add(a, "inserts", cJSON_CreateBool(true));
    ddb_scn_add(a, "hashed", cJSON_CreateBool(!y->ordered));
    return a;
}

/* The operations as DynamoDB requests: a read-modify-write is a get and an update. */
static void ycsb_workload(cJSON *w, const ddb_ycsb *y)
{
    double get = y->read + y->rmw, update = y->update + y->rmw, total = get + update + y->insert + y->scan;
    cJSON *mix = ddb_scn_need(cJSON_CreateObject());
    ddb_scn_add(mix, "get", cJSON_CreateNumber(get / total));
    ddb_scn_add(mix, "put", cJSON_CreateNumber(y->insert / total));
    ddb_scn_add(mix, "update", cJSON_CreateNumber(update / total));
    ddb_scn_add(mix, "query", cJSON_CreateNumber(y->scan / total));
    add_missing(w, "mix", mix);
    if (y->target > 0) { /* requests per second: an operation is one request, a RMW two */
        double ops = y->read + y->update + y->insert + y->scan + y->rmw;
        cJSON *rate = ddb_scn_need(cJSON_CreateObject());
        ddb_scn_add(rate, "profile", cJSON_CreateString("constant"));
        ddb_scn_add(rate, "rps", cJSON_CreateNumber(y->target * total / ops));
        add_missing(w, "rate", rate);
    }
    cJSON *size = ddb_scn_need(cJSON_CreateObject());
    ddb_scn_add(size, "dist", cJSON_CreateString("fixed"));
    ddb_scn_add(size, "bytes", cJSON_CreateNumber((double)y->fieldcount * y->fieldlength));
    add_missing(w, "item_bytes", size);
    if (y->scan > 0) /* YCSB's scan length is uniform on 1..maxscanlength */
        add_missing(w, "items_per_query", cJSON_CreateNumber(floor((1.0 + y->maxscanlength) / 2.0 + 0.5)));
}

int ddb_scn_expand_ycsb(ctx *c, cJSON *root)
{
    cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "workload");
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(w, "ycsb");
    char msg[DDB_ERR_MAX];
    if (!cJSON_IsString(path) || !*path->valuestring) /* a wrong type is refused by the walker */
        return 0;
    if (cJSON_GetObjectItemCaseSensitive(w, "trace"))
        return ddb_scn_fail(c, "workload.ycsb",
                            "a YCSB workload and a trace both describe the requests; "
                            "keep one (remove workload.ycsb or workload.trace)");
    ddb_ycsb y;
    char *file = ddb_scn_in_scenario_folder(c, path->valuestring);
    int rc = ddb_ycsb_load(&y, file, msg, sizeof msg);
    free(file);
    if (rc < 0)
        return ddb_scn_fail(c, "workload.ycsb", "%s", msg);
    cJSON *attrs = object_at(root, "attributes");
    if (attrs && !cJSON_GetObjectItemCaseSensitive(attrs, "ycsb_key"))
        ddb_scn_add(attrs, "ycsb_key", ycsb_attribute(&y));
    cJSON *tbl = cJSON_GetObjectItemCaseSensitive(root, "table");
    if (cJSON_IsObject(tbl))
        add_missing(object_at(tbl, "key"), "pk", cJSON_CreateString("user{ycsb_key}"));
    ycsb_workload(w, &y);
    if (y.target > 0 && y.operationcount > 0)
        add_missing(root, "duration_s", cJSON_CreateNumber((double)y.operationcount / y.target));
    c->warnings = y.warnings;
    y.warnings = NULL;
    ddb_ycsb_destroy(&y);
    return 0;
}
