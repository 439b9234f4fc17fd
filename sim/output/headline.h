/* headline — the run's headline figures, defined once for every output that names them: the
 * terminal summary (ddbsim run), summary.json, and through summary.json explain and report.html.
 *
 * Two throttle rates, each named for what it counts:
 *   of attempts:          throttled attempts / attempts (retries are attempts too); summary.json's
 *                         throttle_rate.
 *   of logical requests:  logical requests that failed, throttled on every attempt they were
 *                         allowed / logical requests.
 * The hottest partition is report.c's (sim/engine/engine.h: has_hot_partition). The hottest key is
 * worth naming only when it matters: it sits on the hottest partition and was throttled there, or
 * it asked for at least DDB_HEADLINE_KEY_NEAR_CAP of its partition's hard cap.
 */
#ifndef DDB_HEADLINE_H
#define DDB_HEADLINE_H

#include <stdbool.h>
#include <stdint.h>
#include "sim/engine/engine.h"

#define DDB_HEADLINE_KEY_NEAR_CAP 0.8 /* of a partition's hard cap */

uint64_t ddb_headline_attempts(const ddb_report *r);
/* Throttled attempts over attempts; 0 without attempts. */
double ddb_headline_throttle_rate(const ddb_report *r);
/* Failed logical requests over logical requests; 0 without any. */
double ddb_headline_failure_rate(const ddb_report *r);
/* Whether the hottest key matters, from its figures as summary.json's hottest_key has them. */
bool ddb_headline_key_matters(double key_throttles, double key_partition, double hot_partition,
                              double offered_per_s, double cap_per_s);
/* The same for a report. */
bool ddb_headline_report_key_matters(const ddb_report *r);

#endif
