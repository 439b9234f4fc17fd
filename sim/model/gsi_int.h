/* gsi_int — what gsi.c (index writes one by one) and gsi_counts.c (index writes as counts, the
 * aggregated mode) share: an index's state and the steps of an index write. Not for the engine:
 * sim/model/gsi.h is the contract.
 */
#ifndef DDB_GSI_INT_H
#define DDB_GSI_INT_H

#include "sim/model/gsi.h"
#include "sim/model/gsikey.h"
#include "sim/model/keytab.h"
#include "sim/support/quantile.h"

#define NS_PER_MS 1000000.0
#define MAX_DELAY_MS 1e9 /* 11.6 days: longer than any run's interest in a write */

typedef struct ddb_gsi_counts ddb_gsi_counts;

/* An index write on its way or waiting in a backlog. */
typedef struct pending {
    int64_t base_ns;     /* when the base write was admitted: lag is measured from it */
    uint64_t tag;        /* the entry's key (gsikey's tag): its partition, after splits too */
    uint32_t item;       /* key table id of the item, DDB_KEYTAB_NONE when untracked */
    int32_t cost_milli;
    bool is_put;         /* a put adds an entry (the index's data grows); else a delete */
} pending;

/* One partition's writes waiting for capacity, first in first out (a ring: sim/support/fifo.h). */
typedef struct backlog {
    pending *items;
    size_t head, n, cap;
    bool armed;          /* a DDB_GSI_EV_DRAIN for this partition is queued */
    enum ddb_throttle_reason reason; /* why the partition last refused a write */
} backlog;

/* An item's entry in one index: whether it has one and its key (gsikey's tag). Memory is per item
 * and per index, so it is kept small: where every index key is a dense key number (below
 * 2^32 - 1), 4 bytes, the tag plus 1 (0: no entry); else 16. The entry's partition is not kept: it
 * is where its key is now (ddb_gsikey_partition_of, kept current over splits by
 * ddb_gsikey_refresh). How many of an item's index writes are not applied yet is kept apart, for
 * the one index gsi_query reads (ddb_gsis_count_stale): no other index needs it. */
typedef struct narrow_item {
    uint32_t tag_plus1;
} narrow_item;
typedef struct wide_item {
    uint64_t tag;
    uint64_t present;
} wide_item;
typedef void item_state;

struct ddb_gsi {
    /* First, together: what every base write's plan and commit and every index write's arrival
     * read of each index (with many indexes, a few cache lines each instead of one per field
     * spread over the index's kilobytes of state). */
    const ddb_gsi_spec *spec;
    /* the spec's numbers that every write reads, copied beside */
    double key_change, propagation_median_ms, propagation_sigma;
    uint64_t backpressure_backlog;
    int64_t fixed_cost_milli; /* an index write's cost where it does not depend on the item
                                 (KEYS_ONLY, projected_bytes), else 0 (ALL) */
    gsl_rng *rng_key_change; /* NULL when key_change is 1: every write draws the key */
    gsl_rng *rng_lag;
    ddb_gsi_counts *counts;  /* the aggregated mode's state (gsi_counts.c); NULL when exact */
    uint64_t backlog_n;      /* over all partitions */
    /* this base write's plan (ddb_gsis_plan -> ddb_gsis_commit) */
    bool plan_present;
    bool plan_had;           /* the aggregated mode: whether the item had an entry, drawn */
    bool plan_deferred;      /* the aggregated mode: nothing drawn, the write is counted at its
                                commit (ddb_gsi_counts_defer) */
    bool plan_delete;        /* ... and whether it deletes its item */
    uint64_t plan_tag;
    uint64_t plan_had_tag;   /* ... and its tag */
    backlog *backlogs;       /* per partition */
    /* The common index write counted apart from its key's entry: one 4-byte counter per key
     * number where the entry, its offer and its dense slot are three cache lines in three arrays
     * (with many indexes, none stays in the caches). Per key number: 0 while the key has no
     * entry, else 1 + its writes admitted at their first attempt at fixed_cost_milli that its
     * entry does not count yet (ddb_gsis_settle_keys adds them before the key table is read). NULL
     * where the keys are hashed or an index write's cost varies (projection ALL). */
    uint32_t *key_quick;
    ddb_quantile *lag_cur;
    int64_t lag_max_cur_ns;
    /* counts */
    uint64_t index_writes, applied, propagating_at_end, max_backlog;
    uint64_t backpressure_cur, backpressure_total, stale_cur, stale_total, reads_total;
    ddb_quantile *lag_total;
    int64_t lag_max_total_ns;
    ddb_gsikey key;
    ddb_keytab keys;     /* each index key's traffic: dense by key number when the key has few
                            values, else by its hash (for split for heat and keys.csv) */
    ddb_tablerun tr;     /* the index as a table: partitions, capacity that moves, metrics */
};


/* The index write's cost: its entry's size in 1 KB units (item_kb: the base item's). */
int64_t ddb_gsi_entry_cost_milli(const ddb_gsi_spec *spec, int64_t item_kb);
/* The same for index g, its fixed cost where it has one. */
static inline int64_t ddb_gsi_write_cost_milli(const ddb_gsi *g, int64_t item_kb)
{
    return g->fixed_cost_milli ? g->fixed_cost_milli : ddb_gsi_entry_cost_milli(g->spec, item_kb);
}
/* A propagation delay: lognormal, capped. */
int64_t ddb_gsi_draw_delay_ns(ddb_gsi *g);
/* One index write on its way: an event that reaches the index at t_ns (counted in index_writes). */
void ddb_gsi_send_one(ddb_gsi *g, ddb_evq *q, size_t index, uint64_t tag, uint32_t item,
                      int64_t cost_milli, int64_t base_ns, int64_t t_ns, bool is_put);
/* n attempts on the index key of tag, cost_milli in all: offered the first time they are tried,
 * consumed when admitted. Inline: an index write admitted at its first attempt, the common
 * case, is one increment of its key's quick counter. */
void ddb_gsi_count_key_entry(ddb_gsi *g, uint64_t tag, enum ddb_dir d, uint64_t n,
                             int64_t cost_milli, bool first, bool admitted);
static inline void ddb_gsi_count_key(ddb_gsi *g, uint64_t tag, enum ddb_dir d, uint64_t n,
                                     int64_t cost_milli, bool first, bool admitted)
{
    if (g->key_quick && n == 1 && first && admitted && d == DDB_WRITE &&
        cost_milli == g->fixed_cost_milli) {
        uint32_t *quick = &g->key_quick[tag];
        if (*quick - 1u < UINT32_MAX - 1u) { /* an entry, and room: 1 <= *quick < UINT32_MAX */
            (*quick)++;
            return;
        }
    }
    ddb_gsi_count_key_entry(g, tag, d, n, cost_milli, first, admitted);
}
/* An index write of cost_milli taken by partition p, lag_ns after its base write: the lag, the
 * count applied and the index's data (a put with a sort key). */
void ddb_gsi_applied(ddb_gsi *g, size_t p, int64_t cost_milli, bool is_put, int64_t lag_ns);

/* gsi_counts.c, for gsi.c: */
/* Whether the item (a key table id) of a base write planned one by one had an entry (*tag: its
 * entry's): a followed item's own, else drawn. */
bool ddb_gsi_counts_had(ddb_gsi *g, uint32_t item, uint64_t *tag);
/* The item's write was committed: a followed item keeps its entry. */
void ddb_gsi_counts_committed(ddb_gsi *g, uint32_t item, bool present, uint64_t tag);
/* Whether a base write planned one by one at now_ns may leave index g's draws to its commit and
 * be counted there (ddb_gsi_counts_deferred): every partition of the index takes writes without
 * waiting this slice, and its backlog is below backpressure_backlog, so no draw could refuse the
 * write. */
bool ddb_gsi_counts_defer(const ddb_gsi *g, int64_t now_ns);
/* A base write planned with ddb_gsi_counts_defer was committed: its index writes are counted
 * (a followed item's drawn now, as ddb_gsis_plan would; any other item's with the slice's
 * probabilities), and taken at the slice's end (ddb_gsis_counts_settle). */
void ddb_gsi_counts_deferred(ddb_gsi *g, uint32_t item, bool is_delete, int64_t item_kb);
/* An index write of a base write sent one by one at base_ns: counted for its partition and taken
 * at the slice's end (ddb_gsis_counts_settle), when the partition takes index writes without
 * waiting this slice and the write arrives in this interval (true); else the caller sends it. */
bool ddb_gsi_counts_take(ddb_gsi *g, uint64_t tag, int64_t cost_milli, bool is_put,
                         int64_t base_ns, int64_t delay_ns);
void ddb_gsi_counts_follow_splits(ddb_gsi *g);
void ddb_gsi_counts_destroy(ddb_gsi *g);

#endif
