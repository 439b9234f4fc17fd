/* lsi — local secondary indexes and item collections (docs/model.md §10).
 *
 * An LSI shares the table's partition key, so its entries live in the item's own partition and
 * its writes are synchronous and charged to the table: a base write costs its own WCU plus, per
 * LSI whose sort key attributes the item has, one entry write (ceil(entry bytes / 1 KB): the
 * item's size for projection ALL, 1 WCU for KEYS_ONLY, or projected_bytes) — two for an update
 * whose LSI sort key is drawn anew (a delete plus a put), none when the item lacks the LSI's
 * sort key attributes (sparse, drawn per write from DDB_RNG_LSI_PRESENT).
 *
 * Item collections: all items of one partition key value, base table plus LSIs. Their size is
 * tracked per key in the units writes are billed in (1 KB): a put adds an item and its entries,
 * a delete removes one, an update leaves the size as it is. A write that would take a
 * collection past item_collection_limit_gb fails with ItemCollectionSizeLimitExceededException
 * (not retried, no capacity consumed); writes that shrink a collection always pass. AWS enforces
 * the limit on tables with LSIs only, and so does ddbsim.
 */
#ifndef DDB_LSI_H
#define DDB_LSI_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/model/capacity.h"
#include "sim/model/index_spec.h"
#include "workloads/dist.h"

/* The table's LSIs and what they need of the rest of the scenario. Pointers are borrowed for the
 * whole run. */
typedef struct ddb_lsis_config {
    const ddb_lsi_spec *lsi;
    size_t n_lsi;
    const ddb_attr *attrs;        /* the items' attributes (an LSI's sort key draws none: only
                                     whether the item has them) */
    uint64_t seed;
    double item_collection_limit_gb;
} ddb_lsis_config;

typedef struct ddb_lsis {
    size_t n;                     /* 0: the table has no LSI, nothing else is set */
    ddb_lsis_config cfg;
    gsl_rng *rng_present;
    int64_t limit_kb;             /* item_collection_limit_gb in 1 KB units */
    uint64_t *collection_kb;      /* per key table id */
    size_t cap;
    uint64_t limit_errors_total;  /* ItemCollectionSizeLimitExceededException, the whole run */
    uint64_t largest_kb;          /* the largest collection reached */
} ddb_lsis;

void ddb_lsis_init(ddb_lsis *l, const ddb_lsis_config *s);
void ddb_lsis_destroy(ddb_lsis *l);
/* What the LSIs add to a write of op whose item bills base_kb 1 KB units, in milli-WCU. */
int64_t ddb_lsis_write_milli(ddb_lsis *l, enum ddb_op op, int64_t base_kb);
/* Whether a write of op and cost_milli (base + LSIs, non-transactional units) on item may be
 * applied: false (and counted) when it would take the item's collection past the limit. */
bool ddb_lsis_collection_allows(ddb_lsis *l, uint32_t item, enum ddb_op op, int64_t cost_milli);
/* The write was admitted: grow or shrink the item's collection. */
void ddb_lsis_collection_apply(ddb_lsis *l, uint32_t item, enum ddb_op op, int64_t cost_milli);

#endif
