/* tablefrom_shared — what the --table-from readers share: the properties never warned about,
 * choosing one table of several (FILE#NAME), and target tracking auto scaling. */
#include "sim/scenario/tablefrom_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include "sim/support/strbuf.h"

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

bool ddb_tf_ignored(const char *name)
{
    /* Names of each tool's spelling: describe-table and CloudFormation, Terraform, Workbench. */
    static const char *const names[] = {
        "TableStatus", "IndexStatus", "CreationDateTime", "ItemCount", "TableId", "Tags",
        "StreamSpecification", "LatestStreamLabel", "SSESpecification", "SSEDescription",
        "TimeToLiveSpecification", "PointInTimeRecoverySpecification",
        "DeletionProtectionEnabled", "ContributorInsightsSpecification",
        "KinesisStreamSpecification", "ReplicaStreamSpecification", "ResourcePolicy", "Backfilling",
        "id", "tags", "tags_all", "timeouts", "stream_enabled", "stream_view_type", "stream_label",
        "server_side_encryption", "point_in_time_recovery", "ttl", "deletion_protection_enabled",
        "region", "arn", "ModelMetadata", "NonKeyAttributes", "TableData", "DataAccess",
        "SampleDataFormats", "ServiceRole", "RoleARN", "role_arn"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return ends_with(name, "Arn") || ends_with(name, "_arn") || ends_with(name, "DateTime");
}

int ddb_tf_pick(const char *const *names, size_t n, const char *pick, const char *what,
                const char *source, const char *where, char *err, size_t errlen)
{
    if (n == 1 && !pick)
        return 0;
    for (size_t i = 0; pick && i < n; i++)
        if (strcmp(names[i], pick) == 0)
            return (int)i;
    if (n == 0)
        return ddb_errorf(err, errlen, "%s: %s: no %s", source, where, what);
    ddb_strbuf list = {0};
    for (size_t i = 0; i < n; i++)
        ddb_strbuf_printf(&list, "%s%s", i ? ", " : "", names[i]);
    if (pick)
        ddb_errorf(err, errlen, "%s: %s: no %s \"%s\" (expected one of: %s)", source, where, what,
                   pick, ddb_strbuf_str(&list));
    else
        ddb_errorf(err, errlen, "%s: %s: %zu %ss (%s): pick one as %s#NAME", source, where, n,
                   what, ddb_strbuf_str(&list), source);
    ddb_strbuf_free(&list);
    return -1;
}

/* The object auto scaling goes in: the table, or its GSI named index (NULL when it has none). */
static cJSON *scaled(ddb_tablefrom *t, const char *index)
{
    if (!index)
        return t->table;
    cJSON *ix;
    cJSON_ArrayForEach(ix, cJSON_GetObjectItemCaseSensitive(t->table, "gsi")) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(ix, "name");
        if (cJSON_IsString(name) && strcmp(name->valuestring, index) == 0)
            return ix;
    }
    return NULL;
}

/* A capacity limit of auto scaling: a whole number 1 .. 1,000,000. */
static int limit(const cJSON *v, const char *source, const char *where, const char *name,
                 double *out, char *err, size_t errlen)
{
    char got[64];
    if (ddb_tf_number(v, out) == 0 && *out == floor(*out) && *out >= 1 && *out <= 1000000)
        return 0;
    ddb_tf_show(v, got, sizeof got);
    return ddb_errorf(err, errlen, "%s: %s.%s: not a capacity (got %s, expected a whole number "
                      "1 .. 1000000)", source, where, name, v ? got : "nothing");
}

/* The limits and the target, checked. */
static int read_scaling(const ddb_tf_scaling *s, const char *source, double *lo, double *hi,
                        double *pct, char *err, size_t errlen)
{
    char got[64];
    if (limit(s->min, source, s->limits_at, s->min_name, lo, err, errlen) < 0 ||
        limit(s->max, source, s->limits_at, s->max_name, hi, err, errlen) < 0)
        return -1;
    if (*lo > *hi)
        return ddb_errorf(err, errlen, "%s: %s.%s: above %s (got %g, expected at most %g)",
                          source, s->limits_at, s->min_name, s->max_name, *lo, *hi);
    if (ddb_tf_number(s->target_pct, pct) < 0 || *pct < 20 || *pct > 90) {
        ddb_tf_show(s->target_pct, got, sizeof got);
        return ddb_errorf(err, errlen, "%s: %s.%s: not a target utilization (got %s, expected "
                          "20 .. 90 percent)", source, s->target_at, s->target_name,
                          s->target_pct ? got : "nothing");
    }
    return 0;
}

int ddb_tf_add_scaling(ddb_tablefrom *t, const char *index, bool write, const ddb_tf_scaling *s,
                       const char *source, char *err, size_t errlen)
{
    double lo, hi, pct;
    if (read_scaling(s, source, &lo, &hi, &pct, err, errlen) < 0)
        return -1;
    const char *where = s->target_at;
    const cJSON *billing = cJSON_GetObjectItemCaseSensitive(t->table, "billing");
    if (cJSON_IsString(billing) && strcmp(billing->valuestring, "on_demand") == 0) {
        ddb_tf_warn(t, "%s: auto scaling of an on-demand table, left out", where);
        return 0;
    }
    cJSON *obj = scaled(t, index);
    if (!obj) {
        ddb_tf_warn(t, "%s: auto scaling of index %s, which the table lacks, left out", where,
                    index);
        return 0;
    }
    cJSON *as = cJSON_GetObjectItemCaseSensitive(obj, "autoscaling");
    if (!as)
        as = cJSON_AddObjectToObject(obj, "autoscaling");
    const cJSON *had = cJSON_GetObjectItemCaseSensitive(as, "target_utilization");
    if (!had)
        cJSON_AddNumberToObject(as, "target_utilization", pct / 100);
    else if (fabs(had->valuedouble - pct / 100) > 1e-9)
        ddb_tf_warn(t, "%s: target %g%% differs from the other direction's %g%%; ddbsim scales "
                    "both to %g%%", where, pct, had->valuedouble * 100, had->valuedouble * 100);
    cJSON_DeleteItemFromObjectCaseSensitive(as, write ? "min_wcu" : "min_rcu");
    cJSON_DeleteItemFromObjectCaseSensitive(as, write ? "max_wcu" : "max_rcu");
    cJSON_AddNumberToObject(as, write ? "min_wcu" : "min_rcu", lo);
    cJSON_AddNumberToObject(as, write ? "max_wcu" : "max_rcu", hi);
    return 0;
}
