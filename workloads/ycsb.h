/* ycsb — YCSB workload files (Java properties) as the parameters ddbsim maps onto a scenario.
 *
 * Properties read: recordcount (required), operationcount, readproportion, updateproportion,
 * insertproportion, scanproportion, readmodifywriteproportion, requestdistribution (uniform,
 * zipfian, latest, hotspot, exponential, sequential), maxscanlength, fieldcount, fieldlength,
 * target, insertorder (hashed, ordered), hotspotdatafraction, hotspotopnfraction,
 * exponential.percentile, exponential.frac; defaults are CoreWorkload's. `workload` must name
 * CoreWorkload. Any other property, and a value ddbsim does not model (readallfields=false, a
 * scanlengthdistribution other than uniform), is a warning, not silently dropped.
 *
 * Syntax: Java's properties format — key=value, key: value or key value; # and ! comments; a
 * trailing backslash continues the line. A repeated key keeps its last value, as Java does.
 */
#ifndef DDB_YCSB_H
#define DDB_YCSB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "workloads/dist.h"

typedef struct ddb_ycsb {
    uint64_t recordcount;         /* keys 0 .. recordcount-1 */
    uint64_t operationcount;      /* 0: not given */
    double read, update, insert, scan, rmw; /* the proportions (read-modify-write: rmw) */
    enum ddb_dist_kind dist;      /* requestdistribution; zipfian is YCSB's scrambled zipfian */
    double hot_data_fraction, hot_op_fraction; /* hotspot (0.2, 0.8) */
    double percentile, frac;      /* exponential (95, 0.8571428571) */
    uint32_t maxscanlength;       /* 1000 */
    uint32_t fieldcount, fieldlength; /* 10 x 100 bytes */
    double target;                /* operations per second; 0: not given */
    bool ordered;                 /* insertorder=ordered: keys user0, user1, ...; else hashed */
    char *warnings;               /* "FILE:LINE: KEY: ...\n" lines, or NULL (owned) */
} ddb_ycsb;

/* Read path. Returns 0, or -1 with one line in err: "FILE:LINE: KEY: what (got X, expected Y)",
 * "FILE: recordcount: missing ...", "FILE: cannot read (reason)". */
int ddb_ycsb_load(ddb_ycsb *y, const char *path, char *err, size_t errlen);
void ddb_ycsb_destroy(ddb_ycsb *y);

#endif
