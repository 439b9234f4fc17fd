/* verdict — what a run means, in words, from its output folder alone (sim/analysis/rundir.h): the
 * diagnosis (one headline), the findings that support it, what to do, and the numbers behind it.
 *
 *   headline: "Hot key: SENSOR#42 asked for 1,997 WCU/s, but a single partition key never gets
 *              more than its partition's hard cap of 1,000 WCU/s; ..."
 *   finding:  "Partition #4 was throttled 100% of the time between 0 s and 60 s (in 60 of 60
 *              intervals); at its peak it used 200% of its hard cap of 1,000 WCU/s."
 *
 * The diagnosis follows the throttle reasons AWS reports: a partition's hard cap
 * (…KeyRangeThroughputExceeded) with one key asking more than the cap is a hot key, without one a
 * hot partition; the table's provisioned rate (…ProvisionedThroughputExceeded) is
 * under-provisioning; GSI back-pressure is an index that cannot keep up. Text is UTF-8, numbers
 * have thousands separators; the structure owns every string.
 */
#ifndef DDB_VERDICT_H
#define DDB_VERDICT_H

#include <stddef.h>
#include "sim/analysis/rundir.h"

enum ddb_verdict_kind {
    DDB_VERDICT_OK,                 /* nothing throttled, nothing failed */
    DDB_VERDICT_HOT_KEY,            /* one key asked more than a partition's hard cap */
    DDB_VERDICT_HOT_PARTITION,      /* partitions hit their hard caps, no single key past it */
    DDB_VERDICT_UNDER_PROVISIONED,  /* the table's provisioned rate (and burst) ran out */
    DDB_VERDICT_GSI_BACKPRESSURE,   /* base writes refused because an index could not keep up */
    DDB_VERDICT_THROTTLED,          /* throttled for another reason */
    DDB_VERDICT_TRANSACTION_CONFLICT /* transactions cancelled by conflicts more than throttles */
};

typedef struct ddb_verdict_number {
    char *label, *value;            /* "hottest key", "SENSOR#42 on partition #4: asked …" */
} ddb_verdict_number;

typedef struct ddb_verdict {
    enum ddb_verdict_kind kind;
    char *headline;                 /* the diagnosis, a sentence or two */
    char **findings;                /* supporting sentences, most telling first */
    size_t n_findings;
    char *advice;                   /* what to do about it; NULL when nothing is needed */
    ddb_verdict_number *numbers;    /* the figures the text is built from, with their source */
    size_t n_numbers;
} ddb_verdict;

/* Diagnose the run in r. Cannot fail: figures a folder lacks are left out. */
void ddb_verdict_make(ddb_verdict *v, const ddb_rundir *r);
void ddb_verdict_destroy(ddb_verdict *v);

/* A short name for the kind ("hot key", "under-provisioned", ...). */
const char *ddb_verdict_kind_name(enum ddb_verdict_kind k);

#endif
