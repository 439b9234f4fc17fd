/* out_json — summary.json: totals, throttles by AWS reason name, latency, the hottest partition
 * and key against their limits, and the scenario as understood (defaults filled in). */
#ifndef DDB_OUT_JSON_H
#define DDB_OUT_JSON_H

#include <stdio.h>
#include "sim/engine/engine.h"

void ddb_summary_write(FILE *f, const ddb_scenario *s, const ddb_report *r);

#endif
