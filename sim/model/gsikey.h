/* gsikey — drawing an index key for one base write: which partition of the index the item's
 * entry goes to, or none when the item lacks one of the index's key attributes (sparse index).
 *
 * The attributes of the index's templates are drawn from the index's own streams
 * (DDB_RNG_GSI_ATTR, DDB_RNG_GSI_SHARD, DDB_RNG_GSI_PRESENT with id = index << 16 | attribute or
 * part; drawn by sim/model/keydraw.h), so that an index never changes what the base table draws. When the partition key has
 * few enough values (DDB_GSIKEY_DENSE_MAX), each value's partition is computed once and cached;
 * otherwise (or when the key follows the clock) every draw renders and hashes the key.
 */
#ifndef DDB_GSIKEY_H
#define DDB_GSIKEY_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/model/keydraw.h"
#include "sim/model/keyspace.h"
#include "sim/model/index_spec.h"

#define DDB_GSIKEY_DENSE_MAX (1u << 20)

typedef struct ddb_gsikey {
    ddb_keydraw kd;           /* the index's partition key (sim/model/keydraw.h) */
    const ddb_dist_spec *specs; /* = kd.specs */
    uint32_t *part_plus1;     /* dense: the partition of each key number + 1, 0 = not yet */
    uint64_t *hash;           /* dense, when the index's partitions can split: each key number's
                                 hash, kept with part_plus1 (NULL otherwise) */
    size_t n_sparse;          /* attributes of pk or sk that some items lack */
    size_t *sparse_attr;
    gsl_rng *rng_present;
} ddb_gsikey;

void ddb_gsikey_init(ddb_gsikey *k, const ddb_keydraw_source *s, const ddb_gsi_spec *g,
                     size_t index, bool may_split);
void ddb_gsikey_destroy(ddb_gsikey *k);
/* Draw one item's index key at now_ns: false when the item is not in the index; else a tag that
 * is equal for equal keys (the dense key number, or the hash). A dense key's partition in keys is
 * cached the first time it is drawn (ddb_gsikey_partition_of reads it). */
bool ddb_gsikey_draw(ddb_gsikey *k, const ddb_keyspace *keys, int64_t now_ns, uint64_t *tag);

/* Every key number's partition at once, from its hash (hash[n] of key number n, as its rendered
 * key hashes): the aggregated mode, which draws tags without drawing keys. Dense keys only. */
void ddb_gsikey_place_all(ddb_gsikey *k, const ddb_keyspace *keys, const uint64_t *hash);
/* The index's partitions split (its capacity grew): the cached partitions follow. */
void ddb_gsikey_refresh(ddb_gsikey *k, const ddb_keyspace *keys);
/* The partition in keys of the entry whose tag ddb_gsikey_draw gave, now (after splits too, once
 * ddb_gsikey_refresh has followed them). */
uint32_t ddb_gsikey_partition_of(const ddb_gsikey *k, const ddb_keyspace *keys, uint64_t tag);

#endif
