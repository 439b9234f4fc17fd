/* table — partitions, buckets and the admission decision. See table.h for the model. */
#include "sim/model/table.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "sim/support/alloc.h"
#include "sim/support/check.h"

static const int64_t hard_cap_milli[2] = {DDB_PARTITION_MAX_RCU * 1000LL,
                                          DDB_PARTITION_MAX_WCU * 1000LL};

/* A partition starts with this weight; a split halves it, so a partition can be split 40 times
 * deep before its weight would stop being exact. */
#define WEIGHT_INITIAL ((uint64_t)1 << 40)

__extension__ typedef unsigned __int128 u128;

int64_t ddb_table_share_milli(const ddb_table *t, size_t p, enum ddb_dir d)
{
    return t->parts[p].share[d].rate_milli_per_s;
}

static double bank_s(const ddb_table *t) { return t->cfg.burst_s > 1.0 ? t->cfg.burst_s : 1.0; }

/* The table's rate over the partitions by weight, to the milli-unit: floor(rate x w / W), and the
 * milli-units the floors leave go one each to the lowest ids, so the shares add up exactly. */
static void reshare(ddb_table *t, enum ddb_dir d, int64_t now_ns)
{
    int64_t total = t->rate_milli[d], given = 0;
    int64_t *rate = ddb_xmalloc(t->n_partitions * sizeof *rate);
    for (size_t p = 0; p < t->n_partitions; p++) {
        rate[p] = (int64_t)((u128)(uint64_t)total * t->parts[p].weight / t->total_weight);
        given += rate[p];
    }
    for (size_t p = 0; given < total; p++, given++)
        rate[p]++;
    for (size_t p = 0; p < t->n_partitions; p++)
        ddb_bucket_set_rate(&t->parts[p].share[d], rate[p], llround((double)rate[p] * bank_s(t)),
                            now_ns);
    free(rate);
}

static void set_quota_check(ddb_table *t)
{
    int64_t quota[2] = {t->cfg.quota_rcu, t->cfg.quota_wcu};
    for (int d = 0; d < 2; d++)
        t->check_quota[d] = quota[d] > 0 &&
                            (double)t->n_partitions * (double)hard_cap_milli[d] > (double)quota[d] * 1000.0;
}

static void one_second_bucket(ddb_bucket *b, int64_t units_per_s)
{
    int64_t milli = units_per_s * 1000;
    ddb_bucket_init(b, milli, milli, milli, 0);
}

void ddb_table_init(ddb_table *t, const ddb_table_config *cfg)
{
    memset(t, 0, sizeof *t);
    t->cfg = *cfg;
    t->n_partitions = ddb_partitions_initial(cfg->rcu, cfg->wcu, cfg->size_gb);
    t->cap_partitions = t->n_partitions;
    ddb_keyspace_init_equal(&t->keys, t->n_partitions);
    t->parts = ddb_xcalloc(t->n_partitions, sizeof *t->parts);
    t->total_weight = WEIGHT_INITIAL * t->n_partitions;
    int64_t bytes = llround(cfg->size_gb * 1073741824.0 / (double)t->n_partitions);
    int64_t units[2] = {cfg->rcu, cfg->wcu};
    for (size_t p = 0; p < t->n_partitions; p++) {
        ddb_partition *part = &t->parts[p];
        part->weight = WEIGHT_INITIAL;
        part->size_bytes = bytes;
        for (int d = 0; d < 2; d++) {
            ddb_bucket_init(&part->share[d], 0, 0, 0, 0);
            ddb_bucket_init(&part->cap[d], hard_cap_milli[d], hard_cap_milli[d], hard_cap_milli[d], 0);
        }
    }
    for (int d = 0; d < 2; d++) {
        t->rate_milli[d] = units[d] * 1000;
        reshare(t, (enum ddb_dir)d, 0);
        /* A new table starts with one second of tokens. */
        for (size_t p = 0; p < t->n_partitions; p++)
            t->parts[p].share[d].tokens_milli = t->parts[p].share[d].rate_milli_per_s;
        one_second_bucket(&t->adaptive[d], units[d]);
        one_second_bucket(&t->allowance[d], units[d]);
    }
    one_second_bucket(&t->maximum[DDB_READ], cfg->max_rcu);
    one_second_bucket(&t->maximum[DDB_WRITE], cfg->max_wcu);
    one_second_bucket(&t->quota[DDB_READ], cfg->quota_rcu);
    one_second_bucket(&t->quota[DDB_WRITE], cfg->quota_wcu);
    set_quota_check(t);
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

/* The per-table quota, when it can bind: refused, or taken. */
static bool quota_refuses(ddb_table *t, enum ddb_dir d, int64_t cost_milli, int64_t now_ns)
{
    ddb_bucket *q = &t->quota[d];
    ddb_bucket_refill(q, now_ns);
    return !ddb_bucket_can_take(q, cost_milli);
}

static enum ddb_throttle_reason admit_on_demand(ddb_table *t, ddb_bucket *cap, enum ddb_dir d,
                                                int64_t cost_milli, int64_t now_ns)
{
    bool has_max = (d == DDB_READ ? t->cfg.max_rcu : t->cfg.max_wcu) > 0;
    ddb_bucket *max = &t->maximum[d], *allow = &t->allowance[d];
    if (has_max) {
        ddb_bucket_refill(max, now_ns);
        if (!ddb_bucket_can_take(max, cost_milli))
            return DDB_THROTTLE_MAX_ON_DEMAND;
    }
    ddb_bucket_refill(allow, now_ns);
    if (!ddb_bucket_can_take(allow, cost_milli))
        return DDB_THROTTLE_ON_DEMAND;
    ddb_bucket_refill(cap, now_ns);
    if (!ddb_bucket_can_take(cap, cost_milli))
        return DDB_THROTTLE_KEY_RANGE;
    if (t->check_quota[d] && quota_refuses(t, d, cost_milli, now_ns))
        return DDB_THROTTLE_ACCOUNT_LIMIT;
    if (t->check_quota[d])
        ddb_bucket_take(&t->quota[d], cost_milli);
    if (has_max)
        ddb_bucket_take(max, cost_milli);
    ddb_bucket_take(allow, cost_milli);
    ddb_bucket_take(cap, cost_milli);
    return DDB_ADMITTED;
}

enum ddb_throttle_reason ddb_table_admit(ddb_table *t, size_t p, enum ddb_dir d,
                                         int64_t cost_milli, int64_t now_ns)
{
    ddb_partition *part = &t->parts[p];
    ddb_bucket *share = &part->share[d], *cap = &part->cap[d], *pool = &t->adaptive[d];
    if (t->cfg.on_demand)
        return admit_on_demand(t, cap, d, cost_milli, now_ns);
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
    if (t->check_quota[d]) {
        if (quota_refuses(t, d, cost_milli, now_ns))
            return DDB_THROTTLE_ACCOUNT_LIMIT;
        ddb_bucket_take(&t->quota[d], cost_milli);
    }
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

/* Refill b to now_ns; whether it holds at least cost_milli (no oversize rule: a bulk take is
 * many requests, each of which must find its tokens). */
static bool holds(ddb_bucket *b, int64_t cost_milli, int64_t now_ns)
{
    ddb_bucket_refill(b, now_ns);
    return b->tokens_milli >= cost_milli;
}

bool ddb_table_admit_bulk(ddb_table *t, size_t p, enum ddb_dir d, int64_t cost_milli,
                          int64_t reserve_milli, int64_t table_demand_milli, int64_t now_ns)
{
    int64_t need = cost_milli + reserve_milli;
    ddb_partition *part = &t->parts[p];
    bool on_demand = t->cfg.on_demand;
    bool has_max = on_demand && (d == DDB_READ ? t->cfg.max_rcu : t->cfg.max_wcu) > 0;
    if (!holds(&part->cap[d], need, now_ns) ||
        (t->check_quota[d] && !holds(&t->quota[d], need, now_ns)) ||
        (has_max && !holds(&t->maximum[d], need, now_ns)) ||
        (on_demand && !holds(&t->allowance[d], need, now_ns)))
        return false;
    int64_t borrow = 0;
    if (!on_demand && !holds(&part->share[d], need, now_ns)) {
        ddb_bucket *pool = &t->adaptive[d];
        int64_t share = part->share[d].tokens_milli > 0 ? part->share[d].tokens_milli : 0;
        if (!t->cfg.adaptive_capacity || !holds(pool, table_demand_milli, now_ns) ||
            share + pool->tokens_milli < need)
            return false;
        borrow = cost_milli > share ? cost_milli - share : 0;
    }
    ddb_bucket_take(&part->cap[d], cost_milli);
    if (t->check_quota[d])
        ddb_bucket_take(&t->quota[d], cost_milli);
    if (on_demand) {
        if (has_max)
            ddb_bucket_take(&t->maximum[d], cost_milli);
        ddb_bucket_take(&t->allowance[d], cost_milli);
        return true;
    }
    if (cost_milli > borrow) /* a share in debt (an oversize request's) lends nothing */
        ddb_bucket_take(&part->share[d], cost_milli - borrow);
    if (t->cfg.adaptive_capacity) {
        ddb_bucket_refill(&t->adaptive[d], now_ns);
        use_pool(&t->adaptive[d], cost_milli - borrow);
        if (borrow > 0)
            ddb_bucket_take(&t->adaptive[d], borrow);
        t->borrowed_milli[d] += borrow;
    }
    return true;
}

int64_t ddb_table_shared_tokens_milli(ddb_table *t, enum ddb_dir d, int64_t now_ns)
{
    int64_t least = INT64_MAX;
    ddb_bucket *shared[3] = {t->check_quota[d] ? &t->quota[d] : NULL,
                             t->cfg.on_demand ? &t->allowance[d] : NULL,
                             t->cfg.on_demand && (d == DDB_READ ? t->cfg.max_rcu : t->cfg.max_wcu) > 0
                                 ? &t->maximum[d]
                                 : NULL};
    for (int i = 0; i < 3; i++)
        if (shared[i]) {
            ddb_bucket_refill(shared[i], now_ns);
            least = shared[i]->tokens_milli < least ? shared[i]->tokens_milli : least;
        }
    return least;
}

int64_t ddb_table_tokens_milli(ddb_table *t, size_t p, enum ddb_dir d, int64_t now_ns)
{
    ddb_bucket *b = &t->parts[p].share[d];
    ddb_bucket_refill(b, now_ns);
    return b->tokens_milli;
}

/* ---- capacity that moves ---- */

void ddb_table_set_rate(ddb_table *t, enum ddb_dir d, int64_t units_per_s, int64_t now_ns)
{
    DDB_CHECK(units_per_s >= 0, "rate %lld", (long long)units_per_s);
    int64_t milli = units_per_s * 1000;
    t->rate_milli[d] = milli;
    reshare(t, d, now_ns);
    ddb_bucket_set_rate(&t->adaptive[d], milli, milli, now_ns);
    ddb_bucket_set_rate(&t->allowance[d], milli, milli, now_ns);
}

bool ddb_table_short_of_partitions(const ddb_table *t)
{
    for (size_t p = 0; p < t->n_partitions; p++) {
        /* share_r / 3000 + share_w / 1000 > 1, in integers */
        int64_t r = t->parts[p].share[DDB_READ].rate_milli_per_s;
        int64_t w = t->parts[p].share[DDB_WRITE].rate_milli_per_s;
        if (r + 3 * w > hard_cap_milli[DDB_READ])
            return true;
    }
    return false;
}

bool ddb_table_can_split(const ddb_table *t, uint32_t p)
{
    size_t i = ddb_keyspace_range_of(&t->keys, p);
    return t->parts[p].weight >= 2 && ddb_keyspace_last(&t->keys, i) > ddb_keyspace_first(&t->keys, i);
}

uint32_t ddb_table_split(ddb_table *t, uint32_t p, uint64_t at, int64_t now_ns)
{
    DDB_CHECK(p < t->n_partitions && ddb_table_can_split(t, p), "split of partition %u", p);
    DDB_CHECK(t->n_partitions < UINT32_MAX - 1, "%zu partitions", t->n_partitions);
    size_t range = ddb_keyspace_range_of(&t->keys, p);
    uint64_t first = ddb_keyspace_first(&t->keys, range), last = ddb_keyspace_last(&t->keys, range);
    if (t->n_partitions == t->cap_partitions) {
        t->cap_partitions *= 2;
        t->parts = ddb_xrealloc(t->parts, t->cap_partitions * sizeof *t->parts);
    }
    uint32_t child = (uint32_t)t->n_partitions++;
    ddb_keyspace_split(&t->keys, range, at, child);
    ddb_partition *a = &t->parts[p], *b = &t->parts[child];
    for (int d = 0; d < 2; d++) {
        ddb_bucket_refill(&a->share[d], now_ns);
        ddb_bucket_refill(&a->cap[d], now_ns);
    }
    *b = *a;
    a->weight /= 2;
    b->weight = a->weight;
    for (int d = 0; d < 2; d++) {
        int64_t tokens = a->share[d].tokens_milli;
        a->share[d].tokens_milli = tokens - tokens / 2;
        b->share[d].tokens_milli = tokens / 2;
    }
    /* Data is assumed spread evenly over the hash range. */
    double upper = ((double)(last - at) + 1.0) / ((double)(last - first) + 1.0);
    b->size_bytes = llround((double)a->size_bytes * upper);
    a->size_bytes -= b->size_bytes;
    reshare(t, DDB_READ, now_ns);
    reshare(t, DDB_WRITE, now_ns);
    set_quota_check(t);
    t->n_splits++;
    return child;
}

/* ---- admissions undone (transactions) ---- */

void ddb_table_undo_begin(const ddb_table *t, enum ddb_dir d, ddb_table_undo *u)
{
    u->d = d;
    u->adaptive = t->adaptive[d];
    u->allowance = t->allowance[d];
    u->maximum = t->maximum[d];
    u->quota = t->quota[d];
    u->borrowed_milli = t->borrowed_milli[d];
    u->n = 0;
}

void ddb_table_undo_add(const ddb_table *t, uint32_t p, ddb_table_undo *u)
{
    DDB_CHECK(u->n < DDB_TABLE_UNDO_MAX && p < t->n_partitions, "undo %zu, partition %u", u->n, p);
    u->parts[u->n].p = p;
    u->parts[u->n].share = t->parts[p].share[u->d];
    u->parts[u->n].cap = t->parts[p].cap[u->d];
    u->n++;
}

void ddb_table_undo_apply(ddb_table *t, const ddb_table_undo *u)
{
    enum ddb_dir d = u->d;
    for (size_t i = u->n; i-- > 0;) { /* backwards: a partition saved twice gets its first state */
        t->parts[u->parts[i].p].share[d] = u->parts[i].share;
        t->parts[u->parts[i].p].cap[d] = u->parts[i].cap;
    }
    t->adaptive[d] = u->adaptive;
    t->allowance[d] = u->allowance;
    t->maximum[d] = u->maximum;
    t->quota[d] = u->quota;
    t->borrowed_milli[d] = u->borrowed_milli;
}
