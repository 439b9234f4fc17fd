/* keyspace — the partition-key hash and the partitions' ranges of the hash space.
 *
 * Hash: FNV-1a 64 over the key's bytes, finished with the MurmurHash3 fmix64 mixer so that keys
 * differing only in a trailing character land on unrelated points. This function is part of the
 * output contract (placements depend on it): it never changes silently.
 * Each partition owns a contiguous range [start[i], start[i+1]) of the 64-bit space; a table
 * starts with ranges of equal width. Ranges are kept in hash order; each names its partition id
 * (part[i]). A split cuts one range in two: the left part keeps the partition id, the right part
 * takes a new one, so ids are stable for the whole run and new ones are appended. Ranges never
 * merge.
 */
#ifndef DDB_KEYSPACE_H
#define DDB_KEYSPACE_H

#include <stddef.h>
#include <stdint.h>

#define DDB_PARTITION_MAX_RCU 3000 /* per partition per second, whatever the table has */
#define DDB_PARTITION_MAX_WCU 1000
/* The caps as people read them, for messages and docs (tests/test_schema.c checks they say the
 * numbers above). */
#define DDB_PARTITION_MAX_RCU_TEXT "3,000 RCU/s"
#define DDB_PARTITION_MAX_WCU_TEXT "1,000 WCU/s"
#define DDB_PARTITION_MAX_GB 10.0

uint64_t ddb_key_hash(const void *bytes, size_t len);
/* The same hash in pieces: FNV-1a's running state, from DDB_KEY_HASH_START, over a key's bytes
 * cut anywhere, then finished:
 *     ddb_key_hash(b, n) == ddb_key_hash_end(ddb_key_hash_more(DDB_KEY_HASH_START, b, n)).
 * Keys sharing their first bytes (a key template's fixed part) run the state over them once. */
#define DDB_KEY_HASH_START UINT64_C(0xcbf29ce484222325)
uint64_t ddb_key_hash_more(uint64_t state, const void *bytes, size_t len);
uint64_t ddb_key_hash_end(uint64_t state);

/* max(ceil(rcu/3000 + wcu/1000), ceil(size_gb/10), 1), computed exactly in integers. */
uint32_t ddb_partitions_initial(int64_t rcu, int64_t wcu, double size_gb);

typedef struct ddb_keyspace {
    size_t n;        /* partitions */
    size_t cap;
    uint64_t *start; /* sorted; start[0] == 0 */
    uint32_t *part;  /* partition id of range i */
} ddb_keyspace;

/* n equal ranges (n >= 1): start[i] = ceil(i * 2^64 / n), range i is partition i. */
void ddb_keyspace_init_equal(ddb_keyspace *k, size_t n);
void ddb_keyspace_destroy(ddb_keyspace *k);
/* The partition id whose range holds hash. */
size_t ddb_keyspace_lookup(const ddb_keyspace *k, uint64_t hash);
/* The range (in hash order) of partition id `id`. */
size_t ddb_keyspace_range_of(const ddb_keyspace *k, uint32_t id);
/* First hash of range i and the last one (inclusive). */
uint64_t ddb_keyspace_first(const ddb_keyspace *k, size_t i);
uint64_t ddb_keyspace_last(const ddb_keyspace *k, size_t i);
/* The middle of range i: the first hash of its upper half. */
uint64_t ddb_keyspace_mid(const ddb_keyspace *k, size_t i);
/* Split range i at hash `at` (first < at <= last): [first, at) keeps its id, [at, last] becomes
 * partition new_id. */
void ddb_keyspace_split(ddb_keyspace *k, size_t i, uint64_t at, uint32_t new_id);

#endif
