/* rate_cloudwatch — a real table's consumed capacity, exported with `aws cloudwatch
 * get-metric-data`, as a rate profile.
 *
 * The export is get-metric-data's JSON output: {"MetricDataResults": [{"Id", "Label",
 * "Timestamps": [ISO 8601, any order], "Values": [numbers], "StatusCode"}, ...]}, as the AWS CLI
 * prints it (and as `ddbsim cloudwatch` writes it), or, for a path ending in .csv, a CloudWatch
 * console CSV download: a header row (the time column, then one column per series named by its
 * label, which serves as its Id), then one row per time (ISO 8601, UTC without a zone) with each
 * series' value, an empty cell where a series has no datapoint. One series is used: the one
 * whose Id is `id`, or the only one (the only other one with include_throttled). Its values must be the Sum statistic of ConsumedReadCapacityUnits or
 * ConsumedWriteCapacityUnits over `period_s` (CloudWatch's DynamoDB metrics are one-minute sums):
 * value / period_s / units_per_request is the request rate of that period.
 *
 * With include_throttled, a second series of the same export counts throttled requests
 * (ThrottledRequests) or events (Read/WriteThrottleEvents), Sum per period: the one whose Id is
 * throttled_id, or the one whose Id or Label names one of those metrics. A throttled request
 * carries no capacity figure; each is taken as one more request of units_per_request units (the
 * consumed series' own conversion), so a period's rate becomes (units / units_per_request +
 * throttled) / period_s: the demand the table was asked, not only what it served.
 *
 * Time 0 is the earliest timestamp; a period without a datapoint (CloudWatch leaves out periods
 * with no activity) has rate 0; after the last period the rate is 0. Inside each period the
 * per-second rates are
 *   even:   the period's rate throughout;
 *   bursty: the period's units spread over its seconds with lognormal weights of coefficient of
 *           variation burst_cv (drawn from the DDB_RNG_PROFILE stream), so each period keeps its
 *           total exactly and the seconds inside it vary as a real minute does.
 */
#ifndef DDB_RATE_CLOUDWATCH_H
#define DDB_RATE_CLOUDWATCH_H

#include <stdbool.h>
#include <stdint.h>
#include "workloads/rate.h"

enum ddb_cw_within { DDB_CW_EVEN = 0, DDB_CW_BURSTY = 1 };

typedef struct ddb_cw_profile {
    const char *path;          /* the export file */
    const char *id;            /* MetricDataResults[].Id; NULL: the file must hold one series */
    double period_s;           /* seconds per datapoint; 0: the smallest gap between timestamps
                                * (60 with a single datapoint) */
    double units_per_request;  /* > 0: capacity units one request consumes */
    enum ddb_cw_within within;
    double burst_cv;           /* bursty: > 0 */
    bool include_throttled;    /* add the throttles' series (see above) */
    const char *throttled_id;  /* its Id; NULL: found by its label */
} ddb_cw_profile;

/* Fill out (kind DDB_RATE_STEPS; free with ddb_rate_spec_destroy) and *span_s (the export's
 * length: the last period's end). Returns 0, or -1 with one line in err naming the file, the
 * JSON path, the value and what was expected, e.g.
 *   "m.json: MetricDataResults[0].Values[3]: out of range (got -2, expected a number >= 0)" */
int ddb_rate_from_cloudwatch(const ddb_cw_profile *p, uint64_t seed, ddb_rate_spec *out,
                             double *span_s, char *err, size_t errlen);

#endif
