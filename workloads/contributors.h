/* contributors — a CloudWatch Contributor Insights report as a key distribution.
 *
 * The report is the JSON `aws cloudwatch get-insight-rule-report` prints for a DynamoDB
 * Contributor Insights rule: {"KeyLabels", "AggregationStatistic", "AggregateValue",
 * "ApproximateUniqueCount", "Contributors": [{"Keys": [...], "ApproximateAggregateValue",
 * "Datapoints"}], "MetricDatapoints"}. Its top contributors become the distribution's first
 * values, each with its share of AggregateValue (contributors with the same first key, the
 * partition key of a partition-and-sort-key rule, are one value); the rest of AggregateValue is
 * spread evenly over the remaining ApproximateUniqueCount - top values. Where the counts leave
 * no remaining value (ApproximateUniqueCount <= top), the top shares are scaled to sum to 1.
 */
#ifndef DDB_CONTRIBUTORS_H
#define DDB_CONTRIBUTORS_H

#include <stddef.h>
#include "workloads/dist.h"

/* Fill spec (kind DDB_DIST_CONTRIBUTORS) from the report at file: labels (the top keys, owned),
 * weights (their shares), n_labels and n (all values). Returns 0, or -1 with one line
 * "FILE: FIELD: what (got X, expected Y)" in err, e.g. "r.json: Contributors: empty (...)". */
int ddb_contributors_load(ddb_dist_spec *spec, const char *file, char *err, size_t errlen);

#endif
