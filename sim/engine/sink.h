/* sink — where a run's outputs go. The engine hands every row to its sink and writes nothing
 * itself (Redis's dictType habit: a table of callbacks and a context):
 *   - the files of a run folder (sim/output/run_files.h),
 *   - a trace of every logical request, for `ddbsim gen` (sim/output/out_trace.h),
 *   - nothing (ddb_sink_none), for benchmarks, sweeps' inner runs and tests.
 * Adding an output is one change in one place: a callback here, or a file in the file sink.
 *
 * Any callback may be NULL: that kind of output is not wanted, and the engine skips the work of
 * building it (a sink without interval rows costs the hot path nothing).
 */
#ifndef DDB_SINK_H
#define DDB_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/dynamics.h"
#include "sim/model/keytab.h"
#include "sim/model/rows.h"
#include "sim/support/quantile.h"

struct ddb_report;
struct ddb_scenario;

/* One logical request as a trace line (the columns of workloads/trace.h's header). */
typedef struct ddb_request_row {
    int64_t t_ns;
    const char *op;             /* the trace's operation name */
    const char *key;            /* not NUL-terminated: key_len bytes; "" for a scan */
    size_t key_len;
    uint64_t item_bytes;
    const char *consistency;
    const char *index;          /* "table" or the GSI's name */
} ddb_request_row;

/* What a finished run leaves its writers, valid during the `finish` call. */
typedef struct ddb_run_view {
    const struct ddb_scenario *s;
    const struct ddb_report *report;
    const ddb_keytab *keys;          /* the base table's keys with their totals */
    const ddb_keytab *const *gsi_keys; /* per GSI (s->gsi's order), its index keys likewise */
    const ddb_quantile *latency;     /* the whole run's, all operations */
    const ddb_quantile *latency_by_op; /* DDB_OP_COUNT sketches; an op alone in the mix: NULL
                                          entries are read as `latency` (see single_op) */
    int single_op;                   /* the only operation of the mix, or -1 */
    const ddb_dynamics *const *dynamics; /* per table, the base table's first, then the GSIs' */
    size_t n_tables;
} ddb_run_view;

typedef struct ddb_sink_ops {
    /* Called once the run is set up, before anything is simulated: open what the sink writes.
     * Returns 0, or -1 with one line in err (the run stops, nothing written). */
    int (*open)(void *ctx, const struct ddb_scenario *s, char *err, size_t errlen);
    void (*timeseries)(void *ctx, const ddb_ts_row *row);
    void (*partition)(void *ctx, const ddb_part_row *row);
    void (*gsi)(void *ctx, const ddb_gsi_row *row);
    void (*request)(void *ctx, const ddb_request_row *row);
    /* The run completed: write what comes at the end and publish everything. Returns 0, or -1
     * with one line in err (then nothing is left under a final name). */
    int (*finish)(void *ctx, const ddb_run_view *run, char *err, size_t errlen);
    /* The run failed after open: drop everything written. */
    void (*abort)(void *ctx);
} ddb_sink_ops;

typedef struct ddb_sink {
    const ddb_sink_ops *ops;
    void *ctx;
} ddb_sink;

/* A sink that takes nothing. */
extern const ddb_sink ddb_sink_none;

static inline bool ddb_sink_wants_intervals(const ddb_sink *k)
{
    return k->ops->timeseries || k->ops->partition || k->ops->gsi;
}

#endif
