/* engine — runs a scenario: draws the workload, admits every attempt against the tables (the
 * base table and its GSIs, each a sim/model/tablerun.h), retries what was throttled, and hands
 * its rows to a sink (sim/engine/sink.h) as simulated time passes: interval rows as each interval
 * closes, the run's end (report, keys, latency, events) when it completes. It writes nothing
 * itself: sim/output's sinks do (ddb_run in sim/output/run_files.h writes a run folder).
 *
 * A run is a pure function of the scenario (seed included): same scenario, same rows.
 */
#ifndef DDB_ENGINE_H
#define DDB_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "sim/engine/sink.h"
#include "sim/model/gsi.h"
#include "sim/model/metrics.h"
#include "sim/scenario/scenario.h"

typedef struct ddb_report {
    int64_t duration_ns;
    size_t n_partitions;          /* at the end of the run (splits add partitions) */
    uint64_t n_splits;
    size_t n_events;              /* rows of events.csv */
    int64_t share_milli[2];       /* partition 0's provisioned share per second */
    ddb_counters total;
    uint64_t in_flight_at_end;
    double latency_ms[3];         /* p50, p99, p99.9 of completed logical requests */
    uint64_t latency_samples;
    int64_t borrowed_milli[2];    /* taken from the adaptive pool */
    uint64_t capped_items;        /* lognormal draws (or trace sizes) capped at 400 KB */
    bool has_trace;               /* replayed workload.trace: */
    uint64_t trace_lines;         /* lines read (header excluded; reading stops at the first
                                     request at or after the run's end, which is counted) */
    uint64_t trace_skipped;       /* malformed lines skipped (on_bad_line "skip") */
    uint64_t untracked_requests;  /* requests on keys beyond the key table's bound */
    uint64_t distinct_keys;       /* aggregated: at least the expected number among the keyed
                                     requests (counts are not drawn key by key) */
    bool aggregated;              /* the run was aggregated (scenario "simulation") ... */
    const char *exact_why;        /* ... or, asked for but refused, why (static text); NULL */
    uint64_t aggregated_requests; /* aggregated: logical requests admitted as counts ... */
    uint64_t per_request_requests; /* ... and issued one by one */

    bool has_hot_partition;       /* the partition that throttled most, else came closest to
                                     its hard cap (report.c's find_hot_partition) */
    size_t hot_partition;
    enum ddb_dir hot_dir;
    double hot_peak_per_s;        /* its most consumed per second, over one interval */
    double hot_peak_at_s;
    double hot_share_per_s, hot_cap_per_s;
    uint64_t hot_throttles[2];

    bool has_hot_key;             /* the key the application asked most of its partition's
                                     hard cap of (first attempts, retries excluded) */
    char *hot_key;                /* owned */
    enum ddb_dir hot_key_dir;
    size_t hot_key_partition;
    double hot_key_offered_per_s;   /* what the application asked of it: first attempts */
    double hot_key_attempted_per_s; /* what its attempts asked, retries included */
    double hot_key_consumed_per_s, hot_key_cap_per_s;
    uint64_t hot_key_requests, hot_key_throttles;

    uint64_t largest_collection_kb; /* with LSIs: the largest item collection reached */
    int64_t stopped_at_ns;        /* 0, or when the run stopped, its throttle rate certain to end
                                     over the plan's target (ddb_scenario's has_stop): the counts
                                     above cover [0, stopped_at_ns) */
    size_t n_gsi;                 /* global secondary indexes, in scenario order */
    ddb_gsi_report *gsi;          /* owned */
} ddb_report;

typedef void (*ddb_progress_fn)(void *ctx, int64_t now_ns, int64_t duration_ns,
                                const ddb_counters *total);

/* Run s into sink (&ddb_sink_none: no outputs), calling progress (may be NULL) after each
 * interval. Returns 0 and fills *report (free with ddb_report_destroy), or -1 with one line in
 * err (a trace that could not be read or has a malformed line, the sink's own failure to open or
 * finish, or "interrupted by SIGINT": a signal recorded by sim/support/interrupt.h, polled after
 * each interval); the sink was then aborted if it had been opened. */
int ddb_engine_run(const ddb_scenario *s, const ddb_sink *sink, ddb_progress_fn progress,
                   void *progress_ctx, ddb_report *report, char *err, size_t errlen);
void ddb_report_destroy(ddb_report *r);
/* What the run simulated, in seconds: its duration, or up to its stop when it stopped. */
static inline double ddb_report_ran_s(const ddb_report *r)
{
    return (double)(r->stopped_at_ns ? r->stopped_at_ns : r->duration_ns) / 1e9;
}
/* The run's throttle events by AWS reason (sim/model/reasons.h), as summary.json's
 * throttles_by_reason: the table's requests (back-pressure under IndexWrite...) and the gsi_query
 * reads the indexes refused (IndexRead...). */
void ddb_report_aws_throttles(const ddb_report *r, uint64_t out[DDB_AWS_REASON_COUNT]);

#endif
