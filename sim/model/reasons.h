/* reasons — why a request was refused: ddbsim's causes, each with AWS's name for it, its
 * CloudWatch metric and what it means; and AWS's sixteen names, the only ones the summary, sweeps,
 * comparisons, CloudWatch output and the verdict use.
 *
 * AWS reports every throttle with one of 16 reasons (API_ThrottlingReason:
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html):
 * {Table,Index} x {Read,Write} x {ProvisionedThroughput, KeyRangeThroughput, AccountLimit,
 * MaxOnDemandThroughput}Exceeded. ddbsim knows finer causes (an on-demand table still growing,
 * back-pressure from an index, ...): they keep their own columns (timeseries.csv's
 * throttles_<column>, summary.json's throttles_by_cause), and each maps onto one AWS name.
 *
 * DDB_AWS_LIMIT_MAP: AWS's four limit types, X(ID, suffix, cloudwatch_middle):
 *   suffix             the reason's end, after "TableRead", "TableWrite", "IndexRead", "IndexWrite"
 *   cloudwatch_middle  the per-reason metric is Read<middle>ThrottleEvents / Write<middle>...
 *                      (AWS, "DynamoDB metrics and dimensions":
 *                      https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html)
 *
 * DDB_THROTTLE_REASON_MAP is an X-macro (as libuv's UV_ERRNO_MAP): the enum, the column names,
 * AWS's names, the CloudWatch metrics and the meanings below are all generated from it, and so
 * are the outputs' columns per cause (sim/output/schema.h) and docs/outputs.md. A new cause goes
 * at the end (the CSV columns follow the list's order).
 *
 * X(ID, column, limit, aws_scope, meaning):
 *   ID               DDB_THROTTLE_<ID>
 *   column           ddbsim's name of the cause (timeseries.csv's throttles_<column>)
 *   limit            the AWS limit type it is reported as (DDB_AWS_LIMIT_<limit>)
 *   aws_scope        OWN: the request's own table or index and direction; INDEX_WRITE: always
 *                    "IndexWrite" (back-pressure is reported with the index's reason), writes only
 *   meaning          ddbsim's cause, for people
 * An on-demand table (or index) still growing is reported as KeyRangeThroughputExceeded: AWS's
 * other three limits name provisioned capacity, the account's quota and the configured maximum,
 * none of which refuses here; on-demand capacity grows by adding partitions (ATC22 §4.5), and AWS
 * says key range throttling occurs "in both modes" when a partition's limit is passed
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling.html).
 * Back-pressure carries the index's own cause: one cause per limit (DDB_THROTTLE_GSI_*), chosen by
 * ddb_throttle_backpressure from why the index's partition refused its writes.
 */
#ifndef DDB_REASONS_H
#define DDB_REASONS_H

#include <stdbool.h>
#include <stddef.h>
#include "sim/model/keyspace.h"

enum ddb_dir { DDB_READ = 0, DDB_WRITE = 1 };

#define DDB_AWS_LIMIT_MAP(X)                                                                       \
    X(PROVISIONED, "ProvisionedThroughputExceeded", "ProvisionedThroughput")                       \
    X(KEY_RANGE, "KeyRangeThroughputExceeded", "KeyRangeThroughput")                               \
    X(ACCOUNT_LIMIT, "AccountLimitExceeded", "AccountLimit")                                       \
    X(MAX_ON_DEMAND, "MaxOnDemandThroughputExceeded", "MaxOnDemandThroughput")

#define DDB_AWS_LIMIT_ENUM_(id, ...) DDB_AWS_LIMIT_##id,
enum ddb_aws_limit { DDB_AWS_LIMIT_MAP(DDB_AWS_LIMIT_ENUM_) DDB_AWS_LIMIT_COUNT };
#undef DDB_AWS_LIMIT_ENUM_

/* AWS's 16 reasons, numbered (is_index x 2 + direction) x 4 + limit: TableRead..., TableWrite...,
 * IndexRead..., IndexWrite..., each in DDB_AWS_LIMIT_MAP's order. */
#define DDB_AWS_REASON_COUNT (4 * DDB_AWS_LIMIT_COUNT)
static inline size_t ddb_aws_reason(bool is_index, enum ddb_dir d, enum ddb_aws_limit l)
{
    return ((size_t)is_index * 2 + (size_t)d) * DDB_AWS_LIMIT_COUNT + (size_t)l;
}
/* The name of AWS reason k (< DDB_AWS_REASON_COUNT), e.g. "IndexWriteKeyRangeThroughputExceeded". */
extern const char *const ddb_aws_reason_name[DDB_AWS_REASON_COUNT];
static inline enum ddb_dir ddb_aws_reason_dir(size_t k)
{
    return (enum ddb_dir)(k / DDB_AWS_LIMIT_COUNT % 2);
}
static inline bool ddb_aws_reason_is_index(size_t k) { return k >= 2 * DDB_AWS_LIMIT_COUNT; }

#define DDB_THROTTLE_REASON_MAP(X)                                                                 \
    X(PROVISIONED, provisioned, PROVISIONED, OWN,                                                  \
      "a partition's provisioned share, its saved burst and the table's unused capacity were spent") \
    X(KEY_RANGE, key_range, KEY_RANGE, OWN,                                                        \
      "a partition's hard cap: " DDB_PARTITION_MAX_RCU_TEXT " or " DDB_PARTITION_MAX_WCU_TEXT      \
      ", whatever the table has")                                                                  \
    X(MAX_ON_DEMAND, max_on_demand, MAX_ON_DEMAND, OWN,                                            \
      "the on-demand table's maximum throughput (max_rcu / max_wcu)")                              \
    X(ACCOUNT_LIMIT, account_limit, ACCOUNT_LIMIT, OWN,                                            \
      "the per-table quota (quota_rcu / quota_wcu)")                                               \
    X(ON_DEMAND, on_demand, KEY_RANGE, OWN,                                                        \
      "on-demand capacity still growing: more than double the previous peak")                      \
    X(GSI_BACKPRESSURE, gsi_backpressure, PROVISIONED, INDEX_WRITE,                                \
      "back-pressure: a global secondary index this write touches ran out of its provisioned "     \
      "capacity")                                                                                  \
    X(GSI_KEY_RANGE, gsi_backpressure_key_range, KEY_RANGE, INDEX_WRITE,                           \
      "back-pressure: an index partition at its hard cap, or an on-demand index still growing")    \
    X(GSI_MAX_ON_DEMAND, gsi_backpressure_max_on_demand, MAX_ON_DEMAND, INDEX_WRITE,               \
      "back-pressure: an on-demand index at its maximum throughput")                               \
    X(GSI_ACCOUNT_LIMIT, gsi_backpressure_account_limit, ACCOUNT_LIMIT, INDEX_WRITE,               \
      "back-pressure: an index at the per-table quota")

#define DDB_THROTTLE_ENUM_(id, ...) DDB_THROTTLE_##id,
enum ddb_throttle_reason {
    DDB_ADMITTED = 0,
    DDB_THROTTLE_REASON_MAP(DDB_THROTTLE_ENUM_)
    DDB_THROTTLE_REASON_COUNT
};
#undef DDB_THROTTLE_ENUM_

/* CSV column suffixes: "provisioned", "key_range", ... (index 0, DDB_ADMITTED: ""). */
extern const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT];
/* The AWS limit each cause is reported as. */
extern const enum ddb_aws_limit ddb_throttle_limit[DDB_THROTTLE_REASON_COUNT];
/* The AWS reason (ddb_aws_reason's number) a request of direction d refused for cause r by a table
 * (is_index false) or an index: back-pressure is "IndexWrite" with its limit. r must apply to d
 * (ddb_throttle_applies) and not be DDB_ADMITTED. */
size_t ddb_throttle_aws(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d);
/* AWS's ThrottlingReasons name of ddb_throttle_aws, e.g. "TableWriteKeyRangeThroughputExceeded";
 * "" for DDB_ADMITTED and for a cause that cannot refuse direction d. */
const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d);
/* CloudWatch's per-reason metric of the cause's limit, e.g. "WriteKeyRangeThroughputThrottleEvents";
 * NULL for DDB_ADMITTED. */
const char *ddb_throttle_cloudwatch_metric(enum ddb_throttle_reason r, enum ddb_dir d);
/* What the cause means, for people ("a partition's hard cap: ..."); "" for DDB_ADMITTED. */
const char *ddb_throttle_meaning(enum ddb_throttle_reason r);
/* The cause whose column is name ("key_range"), or DDB_ADMITTED when none is. */
enum ddb_throttle_reason ddb_throttle_by_column(const char *name);
/* Causes that refuse writes only (aws_scope INDEX_WRITE: back-pressure). */
extern const bool ddb_throttle_writes_only[DDB_THROTTLE_REASON_COUNT];
/* Whether cause r can refuse a request of direction d. */
static inline bool ddb_throttle_applies(enum ddb_throttle_reason r, enum ddb_dir d)
{
    return !ddb_throttle_writes_only[r] || d == DDB_WRITE;
}
/* Whether r is back-pressure from an index (one of DDB_THROTTLE_GSI_*). */
static inline bool ddb_throttle_is_backpressure(enum ddb_throttle_reason r)
{
    return ddb_throttle_writes_only[r];
}
/* The back-pressure cause a base write carries when an index's partition refused the index's
 * writes for cause index_cause: the index's own limit (DDB_THROTTLE_GSI_BACKPRESSURE when it is
 * not known). */
enum ddb_throttle_reason ddb_throttle_backpressure(enum ddb_throttle_reason index_cause);

#endif
