/* out_trace — `ddbsim gen`'s sink: every logical request of a run as a trace line
 * (workloads/trace.h, format ddbsim, header first; a batch as one line per item, put or get).
 */
#ifndef DDB_OUT_TRACE_H
#define DDB_OUT_TRACE_H

#include <stddef.h>
#include <stdio.h>
#include "sim/engine/engine.h"

/* Run s writing no output files and every logical request to out. Returns 0 with *report
 * filled, or -1 with one line in err. Write errors on out are the caller's to check. */
int ddb_run_to_trace(const ddb_scenario *s, FILE *out, ddb_report *report, char *err,
                     size_t errlen);

#endif
