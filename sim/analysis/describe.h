/* describe — a run's scenario in words, from the "scenario" summary.json carries (the scenario as
 * understood, defaults filled in): the table, its keys and indexes, the workload, the clients.
 *
 *   "A provisioned table of 100 RCU and 10,000 WCU over 11 partitions (each serves at most 3,000
 *    RCU/s and 1,000 WCU/s), partition key SENSOR#42. Workload: 2,000 requests/s, constant; 100%
 *    put; items of 1,000 bytes. Clients: no retries. 60 s simulated (seed 7)."
 *
 * Fields it does not know are left out rather than guessed at, so newer scenarios still read.
 */
#ifndef DDB_DESCRIBE_H
#define DDB_DESCRIBE_H

#include "sim/analysis/rundir.h"
#include "sim/support/strbuf.h"

/* The scenario of r in a paragraph of plain text (UTF-8; free it). Never NULL. */
char *ddb_describe_scenario(const ddb_rundir *r);
/* The table's capacity at the end of the run, from summary.json's "table", appended to b:
 * "6,000 RCU and 3,000 WCU provisioned over 5 partitions", or "on-demand over 10 partitions". */
void ddb_describe_capacity(ddb_strbuf *b, const ddb_rundir *r);

#endif
