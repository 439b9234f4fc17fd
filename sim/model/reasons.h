/* reasons — why a request was refused: the one list of throttle reasons, with the name ddbsim's
 * outputs use, AWS's name for it, its CloudWatch metrics and what it means.
 *
 * DDB_THROTTLE_REASON_MAP is an X-macro (as libuv's UV_ERRNO_MAP): the enum, the column names,
 * AWS's names, the CloudWatch metrics and the meanings below are all generated from it, and so
 * are the outputs' columns per reason (sim/output/schema.h) and docs/outputs.md. A new reason
 * goes at the end (the CSV columns follow the list's order).
 *
 * X(ID, column, aws_suffix, aws_scope, cloudwatch_read, cloudwatch_write, meaning):
 *   ID               DDB_THROTTLE_<ID>
 *   column           ddbsim's name (timeseries.csv's throttles_<column>)
 *   aws_suffix       AWS's ThrottlingReasons name after its "TableRead", "TableWrite",
 *                    "IndexRead" or "IndexWrite" (AWS, "Troubleshooting throttling":
 *                    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling.html)
 *   aws_scope        OWN: the request's own table or index and direction; INDEX_WRITE: always
 *                    "IndexWrite" (back-pressure is reported with the index's reason), writes only
 *   cloudwatch_*     the per-reason ...ThrottleEvents metric of each direction, or NULL when
 *                    CloudWatch has none (AWS, "DynamoDB metrics and dimensions":
 *                    https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html)
 *   meaning          ddbsim's cause, for people
 * on_demand is ddbsim's own: AWS names no reason for an on-demand table still growing, so it is
 * called "...OnDemandThroughputExceeded" after the others.
 */
#ifndef DDB_REASONS_H
#define DDB_REASONS_H

#include <stdbool.h>
#include "sim/model/keyspace.h"

enum ddb_dir { DDB_READ = 0, DDB_WRITE = 1 };

#define DDB_THROTTLE_REASON_MAP(X)                                                                 \
    X(PROVISIONED, provisioned, "ProvisionedThroughputExceeded", OWN,                              \
      "ReadProvisionedThroughputThrottleEvents", "WriteProvisionedThroughputThrottleEvents",       \
      "a partition's provisioned share, its saved burst and the table's unused capacity were spent") \
    X(KEY_RANGE, key_range, "KeyRangeThroughputExceeded", OWN,                                     \
      "ReadKeyRangeThroughputThrottleEvents", "WriteKeyRangeThroughputThrottleEvents",             \
      "a partition's hard cap: " DDB_PARTITION_MAX_RCU_TEXT " or " DDB_PARTITION_MAX_WCU_TEXT      \
      ", whatever the table has")                                                                  \
    X(MAX_ON_DEMAND, max_on_demand, "MaxOnDemandThroughputExceeded", OWN,                          \
      "ReadMaxOnDemandThroughputThrottleEvents", "WriteMaxOnDemandThroughputThrottleEvents",       \
      "the on-demand table's maximum throughput (max_rcu / max_wcu)")                              \
    X(ACCOUNT_LIMIT, account_limit, "AccountLimitExceeded", OWN,                                   \
      "ReadAccountLimitThrottleEvents", "WriteAccountLimitThrottleEvents",                         \
      "the per-table quota (quota_rcu / quota_wcu)")                                               \
    X(ON_DEMAND, on_demand, "OnDemandThroughputExceeded", OWN, NULL, NULL,                         \
      "on-demand capacity still growing: more than double the previous peak")                      \
    X(GSI_BACKPRESSURE, gsi_backpressure, "ProvisionedThroughputExceeded", INDEX_WRITE, NULL, NULL, \
      "back-pressure: a global secondary index this write touches could not keep up")

#define DDB_THROTTLE_ENUM_(id, ...) DDB_THROTTLE_##id,
enum ddb_throttle_reason {
    DDB_ADMITTED = 0,
    DDB_THROTTLE_REASON_MAP(DDB_THROTTLE_ENUM_)
    DDB_THROTTLE_REASON_COUNT
};
#undef DDB_THROTTLE_ENUM_

/* CSV column suffixes: "provisioned", "key_range", ... (index 0, DDB_ADMITTED: ""). */
extern const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT];
/* AWS's ThrottlingReasons name, e.g. "TableWriteKeyRangeThroughputExceeded"; "" for DDB_ADMITTED
 * and for a reason that cannot refuse direction d (ddb_throttle_applies). Back-pressure is named
 * as AWS reports it, with the index's reason: "IndexWriteProvisionedThroughputExceeded". */
const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d);
/* CloudWatch's per-reason metric, e.g. "WriteKeyRangeThroughputThrottleEvents", or NULL when
 * CloudWatch has none for r (such events count in Read/WriteThrottleEvents only). */
const char *ddb_throttle_cloudwatch_metric(enum ddb_throttle_reason r, enum ddb_dir d);
/* What the reason means, for people ("a partition's hard cap: ..."); "" for DDB_ADMITTED. */
const char *ddb_throttle_meaning(enum ddb_throttle_reason r);
/* The reason whose column is name ("key_range"), or DDB_ADMITTED when none is. */
enum ddb_throttle_reason ddb_throttle_by_column(const char *name);
/* Reasons that refuse writes only (aws_scope INDEX_WRITE: back-pressure). */
extern const bool ddb_throttle_writes_only[DDB_THROTTLE_REASON_COUNT];
/* Whether reason r can refuse a request of direction d: the summary, sweeps and comparisons
 * list only these. */
static inline bool ddb_throttle_applies(enum ddb_throttle_reason r, enum ddb_dir d)
{
    return !ddb_throttle_writes_only[r] || d == DDB_WRITE;
}

#endif
