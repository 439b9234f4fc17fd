/* table — partitions, buckets and the admission decision. See table.h for the model. */
#include "sim/table.h"

#include <math.h>
#include <stdlib.h>
#include "sim/alloc.h"

const char *const ddb_throttle_column[DDB_THROTTLE_REASON_COUNT] = {"", "provisioned", "key_range",
                                                                    "gsi_backpressure"};

const char *ddb_throttle_aws_name(enum ddb_throttle_reason r, bool is_index, enum ddb_dir d)
{
    static const char *const names[2][2][DDB_THROTTLE_REASON_COUNT] = {
        {{"", "TableReadProvisionedThroughputExceeded", "TableReadKeyRangeThroughputExceeded",
          ""},
         {"", "TableWriteProvisionedThroughputExceeded", "TableWriteKeyRangeThroughputExceeded",
          "IndexWriteProvisionedThroughputExceeded"}},
        {{"", "IndexReadProvisionedThroughputExceeded", "IndexReadKeyRangeThroughputExceeded", ""},
         {"", "IndexWriteProvisionedThroughputExceeded", "IndexWriteKeyRangeThroughputExceeded",
          "IndexWriteProvisionedThroughputExceeded"}},
    };
    return names[is_index ? 1 : 0][d][r];
}

static const int64_t hard_cap_milli[2] = {DDB_PARTITION_MAX_RCU * 1000LL,
                                          DDB_PARTITION_MAX_WCU * 1000LL};

/* The table's rate split over n partitions to the milli-unit: the first (total mod n) partitions
 * get one milli-unit more, so the shares add up to the table's rate exactly. */
static int64_t share_of(int64_t total_milli, size_t n, size_t p)
{
    int64_t base = total_milli / (int64_t)n;
    return base + ((int64_t)p < total_milli % (int64_t)n ? 1 : 0);
}

int64_t ddb_table_share_milli(const ddb_table *t, size_t p, enum ddb_dir d)
{
    int64_t total = (d == DDB_READ ? t->cfg.rcu : t->cfg.wcu) * 1000;
    return share_of(total, t->n_partitions, p);
}

static void init_partition(ddb_table *t, size_t p)
{
    double bank_s = t->cfg.burst_s > 1.0 ? t->cfg.burst_s : 1.0;
    for (int d = 0; d < 2; d++) {
        int64_t rate = ddb_table_share_milli(t, p, (enum ddb_dir)d);
        int64_t capacity = llround((double)rate * bank_s);
        ddb_bucket_init(&t->parts[p].share[d], rate, capacity, rate, 0);
        ddb_bucket_init(&t->parts[p].cap[d], hard_cap_milli[d], hard_cap_milli[d],
                        hard_cap_milli[d], 0);
    }
}

void ddb_table_init(ddb_table *t, const ddb_table_config *cfg)
{
    t->cfg = *cfg;
    t->n_partitions = ddb_partitions_initial(cfg->rcu, cfg->wcu, cfg->size_gb);
    ddb_keyspace_init_equal(&t->keys, t->n_partitions);
    t->parts = ddb_xcalloc(t->n_partitions, sizeof *t->parts);
    for (size_t p = 0; p < t->n_partitions; p++)
        init_partition(t, p);
    for (int d = 0; d < 2; d++) {
        int64_t total = (d == DDB_READ ? cfg->rcu : cfg->wcu) * 1000;
        ddb_bucket_init(&t->adaptive[d], total, total, total, 0);
        t->borrowed_milli[d] = 0;
    }
}

void ddb_table_destroy(ddb_table *t)
{
    ddb_keyspace_destroy(&t->keys);
    free(t->parts);
    t->parts = NULL;
}

/* What a partition consumes from its own share is no longer unused table capacity: it comes out
 * of the pool too, into debt if need be, so that shares + borrowing never exceed the table's rate.
 * The debt is bounded by one second: beyond that the partition is spending saved burst, which may
 * exceed the provisioned rate, and must not lock other partitions out of adaptive capacity for long. */
static void use_pool(ddb_bucket *pool, int64_t cost_milli)
{
    pool->tokens_milli -= cost_milli;
    if (pool->tokens_milli < -pool->capacity_milli)
        pool->tokens_milli = -pool->capacity_milli;
}

enum ddb_throttle_reason ddb_table_admit(ddb_table *t, size_t p, enum ddb_dir d,
                                         int64_t cost_milli, int64_t now_ns)
{
    ddb_partition *part = &t->parts[p];
    ddb_bucket *share = &part->share[d], *cap = &part->cap[d], *pool = &t->adaptive[d];
    ddb_bucket_refill(share, now_ns);
    bool from_share = ddb_bucket_can_take(share, cost_milli);
    bool adaptive = t->cfg.adaptive_capacity;
    if (adaptive)
        ddb_bucket_refill(pool, now_ns);
    if (!from_share && !(adaptive && ddb_bucket_can_take(pool, cost_milli)))
        return DDB_THROTTLE_PROVISIONED;
    ddb_bucket_refill(cap, now_ns);
    if (!ddb_bucket_can_take(cap, cost_milli))
        return DDB_THROTTLE_KEY_RANGE;
    ddb_bucket_take(cap, cost_milli);
    if (from_share) {
        ddb_bucket_take(share, cost_milli);
        if (adaptive)
            use_pool(pool, cost_milli);
    } else {
        ddb_bucket_take(pool, cost_milli);
        t->borrowed_milli[d] += cost_milli;
    }
    return DDB_ADMITTED;
}

int64_t ddb_table_tokens_milli(ddb_table *t, size_t p, enum ddb_dir d, int64_t now_ns)
{
    ddb_bucket *b = &t->parts[p].share[d];
    ddb_bucket_refill(b, now_ns);
    return b->tokens_milli;
}
