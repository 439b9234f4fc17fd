/* engine — runs a scenario: draws the workload, admits every attempt against the table, retries
 * what was throttled, and streams the per-interval outputs (timeseries.csv, partitions.csv) as
 * simulated time passes. keys.csv and summary.json are written at the end.
 *
 * A run is a pure function of the scenario (seed included): same scenario, same bytes.
 * Output files appear under their final names only when the run completed.
 */
#ifndef DDB_ENGINE_H
#define DDB_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
    uint64_t distinct_keys;

    bool has_hot_partition;       /* the partition that came closest to its hard cap */
    size_t hot_partition;
    enum ddb_dir hot_dir;
    double hot_peak_per_s;        /* its most consumed per second, over one interval */
    double hot_peak_at_s;
    double hot_share_per_s, hot_cap_per_s;
    uint64_t hot_throttles[2];

    bool has_hot_key;             /* the key that asked most of its partition's hard cap */
    char *hot_key;                /* owned */
    enum ddb_dir hot_key_dir;
    size_t hot_key_partition;
    double hot_key_offered_per_s, hot_key_consumed_per_s, hot_key_cap_per_s;
    uint64_t hot_key_requests, hot_key_throttles;

    uint64_t largest_collection_kb; /* with LSIs: the largest item collection reached */
    size_t n_gsi;                 /* global secondary indexes, in scenario order */
    ddb_gsi_report *gsi;          /* owned */
} ddb_report;

typedef void (*ddb_progress_fn)(void *ctx, int64_t now_ns, int64_t duration_ns,
                                const ddb_counters *total);

typedef struct ddb_run_options {
    const char *outdir;           /* NULL: write no files (benchmarks, tests) */
    ddb_progress_fn progress;     /* called after each interval; may be NULL */
    void *progress_ctx;
} ddb_run_options;

/* Run s. Returns 0 and fills *report (free with ddb_report_destroy), or -1 with one line in err
 * (an output that could not be written, or a trace that could not be read or has a malformed
 * line); then no output file is left under its final name. */
int ddb_run(const ddb_scenario *s, const ddb_run_options *opt, ddb_report *report, char *err,
            size_t errlen);
/* ddbsim gen: run s as ddb_run does (writing no output files) and write every logical request
 * to out as a trace line (workloads/trace.h, format ddbsim, header first; a batch as one line per
 * item, put or get). Returns 0 with *report filled, or -1 with one line in err. Write errors on
 * out are the caller's to check. */
int ddb_run_to_trace(const ddb_scenario *s, FILE *out, ddb_report *report, char *err,
                     size_t errlen);
void ddb_report_destroy(ddb_report *r);

#endif
