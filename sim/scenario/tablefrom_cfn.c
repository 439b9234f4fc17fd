/* tablefrom_cfn — --table-from a CloudFormation template: its AWS::DynamoDB::Table or CDK's
 * AWS::DynamoDB::GlobalTable, chosen by logical id or TableName, and the Application Auto
 * Scaling targets and target tracking policies that scale it. */
#include "sim/scenario/tablefrom_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/strbuf.h"

#define TYPE_TABLE "AWS::DynamoDB::Table"
#define TYPE_GLOBAL "AWS::DynamoDB::GlobalTable"
#define TYPE_TARGET "AWS::ApplicationAutoScaling::ScalableTarget"
#define TYPE_POLICY "AWS::ApplicationAutoScaling::ScalingPolicy"

static const char *str(const cJSON *obj, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static const char *type_of(const cJSON *r)
{
    const char *t = str(r, "Type");
    return t ? t : "";
}

/* A Ref's target: intrinsic functions come as {"Ref": X} in JSON and {"Fn::Ref": X} from YAML's
 * !Ref. */
static const cJSON *ref_of(const cJSON *v)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(v, "Ref");
    return r ? r : cJSON_GetObjectItemCaseSensitive(v, "Fn::Ref");
}

/* What Ref X stands for: a table's TableName when it has one, else the logical id X. */
static void append_ref(const cJSON *res, const char *id, ddb_strbuf *out)
{
    const char *name = str(cJSON_GetObjectItemCaseSensitive(
                               cJSON_GetObjectItemCaseSensitive(res, id), "Properties"),
                           "TableName");
    ddb_strbuf_printf(out, "%s", name ? name : id);
}

/* v as a string: a string, Ref, Fn::Join or Fn::Sub of them (enough for a ResourceId such as
 * !Sub "table/${OrdersTable}"); anything else leaves "?". */
static void resolve(const cJSON *res, const cJSON *v, ddb_strbuf *out, int depth)
{
    const cJSON *r, *j, *s;
    if (depth > 8) {
        ddb_strbuf_printf(out, "?");
    } else if (cJSON_IsString(v)) {
        ddb_strbuf_printf(out, "%s", v->valuestring);
    } else if (cJSON_IsString(r = ref_of(v))) {
        append_ref(res, r->valuestring, out);
    } else if (cJSON_IsArray(j = cJSON_GetObjectItemCaseSensitive(v, "Fn::Join")) &&
               cJSON_IsString(cJSON_GetArrayItem(j, 0))) {
        const char *sep = cJSON_GetArrayItem(j, 0)->valuestring;
        const cJSON *part;
        int i = 0;
        cJSON_ArrayForEach(part, cJSON_GetArrayItem(j, 1)) {
            ddb_strbuf_printf(out, "%s", i++ ? sep : "");
            resolve(res, part, out, depth + 1);
        }
    } else if ((s = cJSON_GetObjectItemCaseSensitive(v, "Fn::Sub"))) {
        if (cJSON_IsArray(s))
            s = cJSON_GetArrayItem(s, 0);
        const char *p = cJSON_IsString(s) ? s->valuestring : "?";
        while (*p) {
            const char *open = strstr(p, "${"), *close = open ? strchr(open, '}') : NULL;
            if (!close) {
                ddb_strbuf_printf(out, "%s", p);
                break;
            }
            ddb_strbuf_printf(out, "%.*s", (int)(open - p), p);
            char *id = ddb_xstrdup(open + 2);
            id[close - open - 2] = '\0';
            append_ref(res, id, out);
            free(id);
            p = close + 1;
        }
    } else {
        ddb_strbuf_printf(out, "?");
    }
}

/* The index a ResourceId names when it is the table's ("table/NAME" or "table/NAME/index/IX"):
 * 1 with *index NULL or IX (pointing into rid), 0 when it is another table's. */
static int scales_table(const char *rid, const char *name, const char **index)
{
    size_t n = strlen(name);
    if (strncmp(rid, "table/", 6) != 0 || strncmp(rid + 6, name, n) != 0)
        return 0;
    const char *rest = rid + 6 + n;
    *index = NULL;
    if (*rest == '\0')
        return 1;
    if (strncmp(rest, "/index/", 7) == 0 && rest[7]) {
        *index = rest + 7;
        return 1;
    }
    return 0;
}

/* The target tracking policy of target tid (by ScalingTargetId, or by the same ResourceId and
 * ScalableDimension), or NULL. Step scaling policies are named in warnings. */
static const cJSON *policy_for(ddb_tablefrom *t, const cJSON *res, const char *tid,
                               const char *rid, const char *dim)
{
    const cJSON *r, *found = NULL;
    cJSON_ArrayForEach(r, res) {
        if (strcmp(type_of(r), TYPE_POLICY) != 0)
            continue;
        const cJSON *props = cJSON_GetObjectItemCaseSensitive(r, "Properties");
        ddb_strbuf a = {0}, b = {0};
        resolve(res, cJSON_GetObjectItemCaseSensitive(props, "ScalingTargetId"), &a, 0);
        resolve(res, cJSON_GetObjectItemCaseSensitive(props, "ResourceId"), &b, 0);
        const char *pdim = str(props, "ScalableDimension");
        bool mine = strcmp(ddb_strbuf_str(&a), tid) == 0 ||
                    (strcmp(ddb_strbuf_str(&b), rid) == 0 && pdim && strcmp(pdim, dim) == 0);
        ddb_strbuf_free(&a);
        ddb_strbuf_free(&b);
        if (!mine)
            continue;
        const char *type = str(props, "PolicyType");
        if (type && strcmp(type, "TargetTrackingScaling") == 0)
            found = r;
        else
            ddb_tf_warn(t, "Resources.%s: %s policy not modelled (ddbsim scales by target "
                        "tracking), left out", r->string, type ? type : "untyped");
    }
    return found;
}

/* One scalable target of the table: its limits and its policy's target. */
static int add_target(ddb_tablefrom *t, const cJSON *res, const cJSON *target, const char *rid,
                      const char *index, const char *source, char *err, size_t errlen)
{
    static const char *const used[] = {"ResourceId", "ScalableDimension", "ServiceNamespace",
                                       "MinCapacity", "MaxCapacity"};
    static const char *const policy_used[] = {"TargetValue", "PredefinedMetricSpecification"};
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(target, "Properties");
    const char *dim = str(props, "ScalableDimension");
    char where[300], label[400];
    snprintf(where, sizeof where, "Resources.%s.Properties", target->string);
    bool write = dim && strstr(dim, "WriteCapacityUnits");
    if (!dim || (!write && !strstr(dim, "ReadCapacityUnits")))
        return ddb_errorf(err, errlen, "%s: %s.ScalableDimension: not a DynamoDB dimension (got "
                          "%s, expected dynamodb:table|index:Read|WriteCapacityUnits)", source,
                          where, dim ? dim : "none");
    ddb_tf_warn_left_out(t, props, used, sizeof used / sizeof used[0], where, false);
    const cJSON *policy = policy_for(t, res, target->string, rid, dim);
    if (!policy) {
        ddb_tf_warn(t, "Resources.%s: no target tracking policy scales it, left out",
                    target->string);
        return 0;
    }
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(policy, "Properties"),
        "TargetTrackingScalingPolicyConfiguration");
    snprintf(label, sizeof label, "Resources.%s.Properties.TargetTrackingScalingPolicyConfiguration",
             policy->string);
    ddb_tf_warn_left_out(t, cfg, policy_used, 2, label, false);
    ddb_tf_scaling s = {.min = cJSON_GetObjectItemCaseSensitive(props, "MinCapacity"),
                        .max = cJSON_GetObjectItemCaseSensitive(props, "MaxCapacity"),
                        .target_pct = cJSON_GetObjectItemCaseSensitive(cfg, "TargetValue"),
                        .limits_at = where, .target_at = label, DDB_TF_AAS_NAMES};
    return ddb_tf_add_scaling(t, index, write, &s, source, err, errlen);
}

/* The scalable targets whose ResourceId names the table (by TableName or logical id). */
static int add_targets(ddb_tablefrom *t, const cJSON *res, const cJSON *table, const char *source,
                       char *err, size_t errlen)
{
    const char *tname = str(cJSON_GetObjectItemCaseSensitive(table, "Properties"), "TableName");
    const cJSON *r;
    cJSON_ArrayForEach(r, res) {
        if (strcmp(type_of(r), TYPE_TARGET) != 0)
            continue;
        ddb_strbuf rid = {0};
        resolve(res, cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(r, "Properties"),
                                                      "ResourceId"), &rid, 0);
        const char *index;
        int rc = 0;
        if (scales_table(ddb_strbuf_str(&rid), tname ? tname : table->string, &index))
            rc = add_target(t, res, r, ddb_strbuf_str(&rid), index, source, err, errlen);
        ddb_strbuf_free(&rid);
        if (rc < 0)
            return -1;
    }
    return 0;
}

int ddb_tf_cloudformation(ddb_tablefrom *t, const cJSON *root, const char *source,
                          const char *pick, char *err, size_t errlen)
{
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "Resources");
    if (!cJSON_IsObject(res))
        return ddb_errorf(err, errlen, "%s: Resources: not an object (expected a CloudFormation "
                          "template's resources)", source);
    const cJSON *r, *tables[256];
    const char *names[256];
    size_t n = 0;
    cJSON_ArrayForEach(r, res) {
        if (n < 256 && (!strcmp(type_of(r), TYPE_TABLE) || !strcmp(type_of(r), TYPE_GLOBAL))) {
            const char *tn = str(cJSON_GetObjectItemCaseSensitive(r, "Properties"), "TableName");
            tables[n] = r;
            names[n++] = pick && tn && !strcmp(tn, pick) ? pick : r->string;
        }
    }
    if (n == 0)
        return ddb_errorf(err, errlen, "%s: Resources: no %s or %s resource", source, TYPE_TABLE,
                          TYPE_GLOBAL);
    int i = ddb_tf_pick(names, n, pick, "table", source, "Resources", err, errlen);
    if (i < 0)
        return -1;
    const cJSON *found = tables[i];
    char where[300];
    snprintf(where, sizeof where, "Resources.%s.Properties", found->string);
    const cJSON *props = cJSON_GetObjectItemCaseSensitive(found, "Properties");
    if (!cJSON_IsObject(props))
        return ddb_errorf(err, errlen, "%s: %s: missing or not an object", source, where);
    int rc = strcmp(type_of(found), TYPE_GLOBAL) == 0
                 ? ddb_tf_global_table(t, props, source, where, err, errlen)
                 : ddb_tf_convert(t, props, source, where, where, err, errlen);
    return rc < 0 ? -1 : add_targets(t, res, found, source, err, errlen);
}
