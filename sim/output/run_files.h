/* run_files — a run written to its folder: the engine's rows through a file sink into
 * timeseries.csv, partitions.csv and (with GSIs) gsi.csv as the run goes, then keys.csv,
 * latency.csv, summary.json and (when capacity moved) events.csv at its end.
 *
 * Files are written under temporary names and appear under their final names only when the run
 * completed (sim/output/out_file.h); manifest.json (sim/output/manifest.h) comes last. A run that
 * fails leaves nothing, and removes its folder when it made it. The folder is meant to be a
 * private staging folder (sim/output/stage.h), published by the caller.
 */
#ifndef DDB_RUN_FILES_H
#define DDB_RUN_FILES_H

#include <stddef.h>
#include "sim/engine/engine.h"

typedef struct ddb_run_options {
    const char *outdir;           /* NULL: write no files (benchmarks, tests) */
    ddb_progress_fn progress;     /* called after each interval; may be NULL */
    void *progress_ctx;
    const char *source;           /* the scenario's file, for the manifest; may be NULL */
} ddb_run_options;

/* Run s. Returns 0 and fills *report (free with ddb_report_destroy), or -1 with one line in err
 * (an output that could not be written, or a trace that could not be read or has a malformed
 * line); then no output file is left under its final name. */
int ddb_run(const ddb_scenario *s, const ddb_run_options *opt, ddb_report *report, char *err,
            size_t errlen);

#endif
