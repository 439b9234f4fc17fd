/* rundir — a run's output folder read back: summary.json parsed, the CSV files condensed into the
 * figures a verdict or a report needs. It works from the files alone (no scenario, no engine), so
 * any folder a run wrote can be explained, whichever ddbsim wrote it.
 *
 * Only the files its manifest.json lists are read (sim/output/manifest.h): a folder without one is
 * refused, and a file an earlier run left, or a user put there, is never taken for this run's.
 * Required: summary.json, timeseries.csv, partitions.csv, keys.csv. Read when listed:
 * gsi.csv, events.csv, latency.csv. Columns are found by the names of sim/output/schema.h;
 * columns added later are ignored.
 * Times are seconds from the start of the run; a time that does not exist is NAN.
 */
#ifndef DDB_RUNDIR_H
#define DDB_RUNDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "sim/model/reasons.h"
#include "sim/output/manifest.h"

enum { DDB_RD_READ = 0, DDB_RD_WRITE = 1 };

/* timeseries.csv, per table or GSI ("table" or the GSI's name). */
typedef struct ddb_rundir_index {
    char *name;
    size_t intervals;
    double requests, throttles;          /* attempts, attempts refused: reads + writes */
    double consumed[2];                  /* capacity units consumed, whole run: RCU, WCU */
    double provisioned[2];               /* provisioned units per second, averaged over the run */
    size_t throttled_intervals;          /* intervals with at least one throttle */
    double first_throttled_s, last_throttled_s;  /* starts of the first and last of them */
    /* From the first throttled interval to the last, inclusive: */
    double *reasons;                     /* throttles per reason, aligned with r->reasons */
    size_t window_intervals;
    double window_consumed[2];           /* units consumed */
    double window_provisioned[2];        /* provisioned units per second, averaged */
    double window_requests, window_throttles;
} ddb_rundir_index;

/* partitions.csv, per partition of a table or GSI. */
typedef struct ddb_rundir_part {
    char *index;
    long id;
    size_t intervals;
    double first_seen_s;                 /* a partition made by a split appears late */
    double throttles;
    size_t throttled_intervals;
    double first_throttled_s, last_throttled_s;
    double peak_utilization;             /* the most of a hard cap it used in an interval (1 = all) */
    double peak_at_s;
    int peak_dir;                        /* DDB_RD_READ or DDB_RD_WRITE: which cap that was */
} ddb_rundir_part;

/* keys.csv, one row. */
typedef struct ddb_rundir_key {
    char *index, *key;
    double requests, throttles, consumed[2];
} ddb_rundir_key;

/* gsi.csv, per GSI. */
typedef struct ddb_rundir_gsi {
    char *name;
    double lag_p99_max_ms, lag_max_ms;   /* the largest per-interval p99, and the largest lag */
    double backlog_max, backlog_max_at_s;
    double backpressure_throttles, stale_reads;
} ddb_rundir_gsi;

/* events.csv, a split. */
typedef struct ddb_rundir_split {
    double t_s;
    char *index, *detail;
    double partition;                    /* NAN when the row names none */
} ddb_rundir_split;

typedef struct ddb_rundir {
    char *dir;
    ddb_manifest_files files;            /* what manifest.json lists: only these are read */
    cJSON *summary;                      /* summary.json, owned */
    double interval_s;                   /* output.interval_s, or derived from t_s */
    double duration_s;
    ddb_rundir_index *indexes;           /* in order of first appearance: "table" first */
    size_t n_indexes;
    char **reasons;                      /* timeseries.csv's throttles_<reason> columns: <reason> */
    enum ddb_throttle_reason *reason_ids; /* each one's reason; DDB_ADMITTED: one this ddbsim
                                            does not know */
    size_t n_reasons;
    ddb_rundir_part *parts;
    size_t n_parts;
    ddb_rundir_key *accessed, *throttled;  /* keys.csv by kind, in rank order */
    size_t n_accessed, n_throttled;
    ddb_rundir_gsi *gsis;
    size_t n_gsis;
    bool has_gsi_csv, has_events_csv, has_latency_csv;
    ddb_rundir_split *splits;
    size_t n_splits;
    size_t n_events;                     /* rows of events.csv, splits included */
} ddb_rundir;

/* Read the folder dir. Returns 0, or -1 with one line naming the file and what is wrong
 * ("out/x/summary.json: cannot read (No such file or directory)", "out/x/keys.csv:3: expected 8
 * fields, got 5"); then *r holds nothing to destroy. */
int ddb_rundir_load(ddb_rundir *r, const char *dir, char *err, size_t errlen);
void ddb_rundir_destroy(ddb_rundir *r);

/* summary.json by a dotted path ("totals.failed", "scenario.table.wcu"): the number, or dflt when
 * the path is absent or not a number. */
double ddb_rundir_num(const ddb_rundir *r, const char *path, double dflt);
/* The string at path, or NULL. */
const char *ddb_rundir_str(const ddb_rundir *r, const char *path);
/* The JSON item at path, or NULL. */
const cJSON *ddb_rundir_json(const ddb_rundir *r, const char *path);

struct ddb_strbuf;
/* "p50 X ms, p99 Y ms, p99.9 Z ms" from summary.json's latency_ms, appended to b; false (nothing
 * appended) when the run has no latency figures. */
bool ddb_rundir_latency_text(const ddb_rundir *r, struct ddb_strbuf *b);

/* Throttles for reason summed over the table and its GSIs; 0 when the run has no such column. */
double ddb_rundir_reason_total(const ddb_rundir *r, enum ddb_throttle_reason reason);
/* The throttles of index ix (one of r->indexes) for reason; 0 when the run has no such column. */
double ddb_rundir_index_reason(const ddb_rundir *r, const ddb_rundir_index *ix,
                               enum ddb_throttle_reason reason);

/* The whole of the run folder's file name (NUL-terminated; *len bytes without the NUL; free it), or
 * NULL with "DIR/NAME: cannot read (reason)" (or when the manifest does not list it). */
char *ddb_rundir_slurp(const ddb_rundir *r, const char *name, size_t *len, char *err, size_t errlen);

/* The index called name, or NULL. */
const ddb_rundir_index *ddb_rundir_index_named(const ddb_rundir *r, const char *name);

#endif
