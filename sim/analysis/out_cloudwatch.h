/* out_cloudwatch — a run folder's timeseries.csv as CloudWatch would show it: one-minute metrics
 * under DynamoDB's CloudWatch names and statistics, in the JSON shape `aws cloudwatch
 * get-metric-data` prints, so that a real table's dashboard and a ddbsim run can be laid side by
 * side (OUTDIR/cloudwatch.json).
 *
 * The run's clock starts at 2026-01-01T00:00:00Z. Period p covers [60p, 60p + 60) seconds and is
 * stamped with its start, as CloudWatch does; an interval row counts in the period its start t_s
 * falls in. Timestamps are newest first (get-metric-data's default ScanBy, TimestampDescending).
 *
 * Per index of timeseries.csv ("table", then each GSI; dimensions TableName = summary.json's name,
 * and GlobalSecondaryIndexName for a GSI):
 *   ConsumedReadCapacityUnits, ConsumedWriteCapacityUnits      Sum
 *   ProvisionedReadCapacityUnits, ProvisionedWriteCapacityUnits Average (of the rows' per-second
 *                                                               provisioned units)
 *   ReadThrottleEvents, WriteThrottleEvents                    Sum (see below)
 *   ThrottledRequests                                          Sum (read_ + write_throttles)
 *   Read|Write + ProvisionedThroughput|KeyRangeThroughput + ThrottleEvents   Sum
 * and, for the table alone (dimension TableName, as AWS publishes it) in a run with transactions
 * (summary.json has `transactions`):
 *   TransactionConflict                                        Sum (transaction_conflicts)
 * A folder whose timeseries.csv predates that column leaves it out, and a top-level message
 * {"Code": "MetricUnavailable", ...} says so.
 * timeseries.csv's throttles_<reason> columns count throttle events of both directions together.
 * Where an index's events can only be one direction's (the other had no requests, or no events at
 * all happened), they give the per-reason metrics and Read/WriteThrottleEvents exactly. Otherwise
 * the per-reason metrics are left out, Read/WriteThrottleEvents are read_/write_throttles (requests
 * refused whole: equal to events but for batches) and a top-level message says so.
 *
 * A run whose length is not a whole number of minutes ends with a partial period: it is included
 * (its sums cover only the seconds simulated), every series keeps StatusCode "Complete" (AWS uses
 * PartialData for paging, which does not apply) and a top-level message {"Code": "PartialPeriod",
 * "Value": "..."} names the period and the seconds it covers.
 */
#ifndef DDB_OUT_CLOUDWATCH_H
#define DDB_OUT_CLOUDWATCH_H

#include <stddef.h>
#include <cjson/cJSON.h>

/* "2026-01-01T00:00:00Z", the simulated epoch. */
extern const char ddb_cloudwatch_epoch[];

/* The get-metric-data document for the run folder dir (free with cJSON_Delete), or NULL with one
 * line in err naming the file and what is wrong. */
cJSON *ddb_cloudwatch_build(const char *dir, char *err, size_t errlen);

/* Build it and write dir/cloudwatch.json (temp name, then renamed). Returns 0, or -1 with one line
 * in err. */
int ddb_cloudwatch_write(const char *dir, char *err, size_t errlen);

#endif
