/* tablefrom — a real table's description into the scenario's `table` object (`--table-from`).
 *
 * Reads the output of `aws dynamodb describe-table` ({"Table": {...}}), a CloudFormation
 * template (JSON, or YAML when built with libyaml) with AWS::DynamoDB::Table or ::GlobalTable
 * resources and their Application Auto Scaling targets and policies, a NoSQL Workbench data
 * model export, or `terraform show -json` state (aws_dynamodb_table, aws_appautoscaling_*), and
 * builds the scenario's `table`: billing, rcu/wcu, size_gb (TableSizeBytes / 2^30:
 * DynamoDB's GB are binary), table_class, key.pk/key.sk as "{ATTRIBUTE}" templates (the
 * scenario's `attributes` must define them) and the GSIs and LSIs (a GSI's size_gb from its
 * IndexSizeBytes), and target tracking auto scaling as table.autoscaling / gsi[].autoscaling.
 * Every other property ddbsim does not model is left out and named in warnings, one line each,
 * save those that do not bear on throughput (ARNs, ids, timestamps, tags, streams, SSE, ...).
 * The library never prints; messages go to the caller.
 */
#ifndef DDB_TABLEFROM_H
#define DDB_TABLEFROM_H

#include <stddef.h>
#include <cjson/cJSON.h>

typedef struct ddb_tablefrom {
    cJSON *table;      /* the scenario's `table` object (owned) */
    char **warnings;   /* one line each, without the file name (owned) */
    size_t n_warnings;
} ddb_tablefrom;

/* Convert text (named source in messages; YAML when source ends in .yaml/.yml). Returns 0, or
 * -1 with one line "SOURCE: FIELD: what is wrong" in err and *out empty. */
int ddb_tablefrom_parse(ddb_tablefrom *out, const char *text, size_t len, const char *source,
                        char *err, size_t errlen);
/* The same, choosing the table named pick (NULL: the file must hold one) in a file with several. */
int ddb_tablefrom_parse_pick(ddb_tablefrom *out, const char *text, size_t len, const char *source,
                             const char *pick, char *err, size_t errlen);
/* Read the file and convert it. PATH#NAME, when no file PATH#NAME exists, reads PATH and picks
 * its table NAME; a file holding several tables without a NAME is an error listing them. */
int ddb_tablefrom_load(ddb_tablefrom *out, const char *path, char *err, size_t errlen);
void ddb_tablefrom_destroy(ddb_tablefrom *t);

#endif
