/* keyspace — see keyspace.h. */
#include "sim/model/keyspace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/support/alloc.h"
#include "sim/support/check.h"

__extension__ typedef unsigned __int128 ddb_u128;

/* FNV-1a alone feeds the last byte through a single multiply, which leaves the top bits (the ones
 * that pick a range) nearly unchanged: "HOT#A#1" ... "HOT#A#20" would share one partition. The
 * MurmurHash3 fmix64 finaliser spreads every input bit over the whole word. */
static inline uint64_t fmix64(uint64_t k)
{
    k ^= k >> 33;
    k *= UINT64_C(0xff51afd7ed558ccd);
    k ^= k >> 33;
    k *= UINT64_C(0xc4ceb9fe1a85ec53);
    k ^= k >> 33;
    return k;
}

/* FNV-1a 64's step: one byte into the state. */
static inline uint64_t fnv_step(uint64_t h, unsigned char byte)
{
    return (h ^ byte) * UINT64_C(0x100000001b3);
}

uint64_t ddb_key_hash_more(uint64_t state, const void *bytes, size_t len)
{
    const unsigned char *p = bytes;
    for (size_t i = 0; i < len; i++)
        state = fnv_step(state, p[i]);
    return state;
}

uint64_t ddb_key_hash_end(uint64_t state)
{
    return fmix64(state);
}

uint64_t ddb_key_hash(const void *bytes, size_t len)
{
    return ddb_key_hash_end(ddb_key_hash_more(DDB_KEY_HASH_START, bytes, len));
}

/* ceil(size_gb / 10) exactly: a floating division may round a hair above or below an integer
 * (and 20.0000001 GB must need 3 partitions), so correct the estimate by comparing n * 10 with
 * size_gb, which is exact for any n below 2^49. */
static uint64_t size_partitions(double size_gb)
{
    DDB_CHECK(size_gb >= 0 && size_gb <= DDB_PARTITION_MAX_GB * (double)UINT32_MAX,
              "size %g GB", size_gb);
    double est = ceil(size_gb / DDB_PARTITION_MAX_GB);
    uint64_t n = (uint64_t)est;
    while ((double)n * DDB_PARTITION_MAX_GB < size_gb)
        n++;
    while (n > 0 && (double)(n - 1) * DDB_PARTITION_MAX_GB >= size_gb)
        n--;
    return n;
}

uint32_t ddb_partitions_initial(int64_t rcu, int64_t wcu, double size_gb)
{
    DDB_CHECK(rcu >= 0 && wcu >= 0, "rcu %lld, wcu %lld", (long long)rcu, (long long)wcu);
    /* rcu/3000 + wcu/1000 = (rcu + 3 wcu) / 3000, rounded up once (1000R + 1000W -> 2). */
    const uint64_t per = DDB_PARTITION_MAX_RCU;
    ddb_u128 load = (ddb_u128)(uint64_t)rcu + (ddb_u128)(uint64_t)wcu * (per / DDB_PARTITION_MAX_WCU);
    ddb_u128 by_load = (load + per - 1) / per;
    uint64_t by_size = size_partitions(size_gb);
    ddb_u128 n = by_load > by_size ? by_load : by_size;
    DDB_CHECK(n <= UINT32_MAX, "rcu %lld, wcu %lld: too many partitions", (long long)rcu,
              (long long)wcu);
    return n ? (uint32_t)n : 1;
}

void ddb_keyspace_init_equal(ddb_keyspace *k, size_t n)
{
    DDB_CHECK(n >= 1, "%zu partitions", n);
    k->n = n;
    k->cap = n;
    k->start = ddb_xcalloc(n, sizeof *k->start);
    k->part = ddb_xcalloc(n, sizeof *k->part);
    DDB_CHECK(n <= UINT32_MAX, "%zu partitions", n);
    for (size_t i = 0; i < n; i++)
        k->part[i] = (uint32_t)i;
    /* ceil(i * 2^64 / n) < 2^64 for i < n; the widths differ by at most one. */
    for (size_t i = 0; i < n; i++)
        k->start[i] = (uint64_t)((((ddb_u128)i << 64) + (n - 1)) / n);
}

void ddb_keyspace_destroy(ddb_keyspace *k)
{
    free(k->start);
    free(k->part);
    memset(k, 0, sizeof *k);
}

/* The last range starting at or before hash. Branch-free halving: the loop runs log2(n) times
 * whatever the hash, and the select compiles to a conditional move (hashes are random, so a
 * branch would mispredict half the time). */
size_t ddb_keyspace_lookup(const ddb_keyspace *k, uint64_t hash)
{
    const uint64_t *base = k->start;
    size_t len = k->n;
    while (len > 1) {
        size_t half = len / 2;
        base = base[half] <= hash ? base + half : base;
        len -= half;
    }
    return k->part[base - k->start];
}

size_t ddb_keyspace_range_of(const ddb_keyspace *k, uint32_t id)
{
    for (size_t i = 0; i < k->n; i++)
        if (k->part[i] == id)
            return i;
    DDB_CHECK(0, "no partition %u", id);
    return 0;
}

uint64_t ddb_keyspace_first(const ddb_keyspace *k, size_t i)
{
    DDB_CHECK(i < k->n, "partition %zu of %zu", i, k->n);
    return k->start[i];
}

uint64_t ddb_keyspace_last(const ddb_keyspace *k, size_t i)
{
    DDB_CHECK(i < k->n, "partition %zu of %zu", i, k->n);
    return i + 1 < k->n ? k->start[i + 1] - 1 : UINT64_MAX;
}

uint64_t ddb_keyspace_mid(const ddb_keyspace *k, size_t i)
{
    uint64_t first = ddb_keyspace_first(k, i), last = ddb_keyspace_last(k, i);
    return first + (last - first) / 2 + 1;
}

void ddb_keyspace_split(ddb_keyspace *k, size_t i, uint64_t at, uint32_t new_id)
{
    DDB_CHECK(at > ddb_keyspace_first(k, i) && at <= ddb_keyspace_last(k, i),
              "split of range %zu at %llu", i, (unsigned long long)at);
    if (k->n == k->cap) {
        k->cap = k->cap ? k->cap * 2 : 4;
        k->start = ddb_xrealloc(k->start, k->cap * sizeof *k->start);
        k->part = ddb_xrealloc(k->part, k->cap * sizeof *k->part);
    }
    memmove(&k->start[i + 2], &k->start[i + 1], (k->n - i - 1) * sizeof *k->start);
    memmove(&k->part[i + 2], &k->part[i + 1], (k->n - i - 1) * sizeof *k->part);
    k->start[i + 1] = at;
    k->part[i + 1] = new_id;
    k->n++;
}
