/* tablefrom_int — what --table-from's format readers share (private to sim/scenario).
 *
 * Every reader turns its format's table into the describe-table / CloudFormation shape
 * (KeySchema, BillingMode, ProvisionedThroughput, GlobalSecondaryIndexes, ...) and hands it to
 * ddb_tf_convert, then adds auto scaling with ddb_tf_add_scaling. Messages follow tablefrom.h:
 * errors "SOURCE: FIELD: what (got X, expected Y)", warnings one line each without the file.
 */
#ifndef DDB_TABLEFROM_INT_H
#define DDB_TABLEFROM_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <cjson/cJSON.h>
#include "sim/scenario/tablefrom.h"
#include "sim/support/errmsg.h"

/* One warning line (printf format). */
void ddb_tf_warn(ddb_tablefrom *t, const char *fmt, ...) DDB_PRINTF(2, 3);
/* A number given as a JSON number or a string of digits: 0, or -1. */
int ddb_tf_number(const cJSON *v, double *out);
/* v as compact JSON in buf (cut with "..."), for "got X" in messages. */
void ddb_tf_show(const cJSON *v, char *buf, size_t n);
/* The properties of obj neither in used nor ignorable (ddb_tf_ignored), in one warning
 * "LABEL: not modelled, left out: A, B". Properties whose value is null, false, "", 0, [] or {}
 * (Terraform state lists every attribute, set or not) are not named when skip_unset. */
void ddb_tf_warn_left_out(ddb_tablefrom *t, const cJSON *obj, const char *const *used,
                          size_t n_used, const char *label, bool skip_unset);
/* True for properties that do not bear on throughput and are never warned about: ARNs, ids,
 * timestamps, status, tags, streams, encryption, backups (PITR), TTL, deletion protection. */
bool ddb_tf_ignored(const char *name);

/* Convert props (describe-table or CloudFormation shape; where names it in messages) into
 * t->table; its left-out properties are warned under label (NULL: not warned). */
int ddb_tf_convert(ddb_tablefrom *t, const cJSON *props, const char *source, const char *where,
                   const char *label, char *err, size_t errlen);

/* One dimension's target tracking auto scaling as a file gives it: its capacity limits (in the
 * object limits_at names) and its target in percent (Application Auto Scaling's TargetValue, in
 * the object target_at names), and their names in that file's spelling. */
typedef struct ddb_tf_scaling {
    const cJSON *min, *max, *target_pct;
    const char *limits_at, *target_at;
    const char *min_name, *max_name, *target_name;
} ddb_tf_scaling;
#define DDB_TF_AAS_NAMES .min_name = "MinCapacity", .max_name = "MaxCapacity", \
                         .target_name = "TargetValue"

/* s as table.autoscaling (index NULL) or its GSI index's autoscaling, for writes or reads.
 * Returns 0 (warnings where ddbsim cannot apply it: on-demand, unknown index), or -1. */
int ddb_tf_add_scaling(ddb_tablefrom *t, const char *index, bool write, const ddb_tf_scaling *s,
                       const char *source, char *err, size_t errlen);

/* The one table a multi-table file holds, chosen by pick (FILE#NAME), among n named names[].
 * Returns its index, or -1 with "SOURCE: WHERE: ..." in err: none, no such name, or several
 * without a pick (the error lists them). */
int ddb_tf_pick(const char *const *names, size_t n, const char *pick, const char *what,
                const char *source, const char *where, char *err, size_t errlen);

/* The readers: root is the whole file; pick the FILE#NAME part or NULL. */
int ddb_tf_cloudformation(ddb_tablefrom *t, const cJSON *root, const char *source,
                          const char *pick, char *err, size_t errlen);
int ddb_tf_global_table(ddb_tablefrom *t, const cJSON *props, const char *source,
                        const char *where, char *err, size_t errlen);
int ddb_tf_terraform(ddb_tablefrom *t, const cJSON *root, const char *source, const char *pick,
                     char *err, size_t errlen);
int ddb_tf_workbench(ddb_tablefrom *t, const cJSON *root, const char *source, const char *pick,
                     char *err, size_t errlen);

#endif
