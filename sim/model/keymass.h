/* keymass — the base table's dense keys as probabilities, grouped by partition: for the
 * aggregated mode (sim/engine/aggregate.c), which draws how many requests each partition gets
 * instead of drawing every request's key.
 *
 * Contract:
 * - Every dense key number of the key drawer (sim/model/keydraw.h) has its probability of being
 *   drawn (the product of its attributes' pmfs and 1/N per random {shard:N} suffix: the draws
 *   are independent) and its hash (the key rendered once at set-up). The probabilities add up
 *   to 1 within rounding.
 * - Keys are kept in hash order, so that a partition (a range of the hash space) holds one run
 *   of them: a key is drawn from its keys with a Walker alias table (gsl_ran_discrete, O(1)),
 *   and placing them again after a split is a search per range, new tables only where a run
 *   changed. The n_hot most likely keys are also listed per partition, hottest first.
 * - Supported when every part of the key is a literal, an attribute with a pmf (not clock,
 *   derived or inserting; scrambled zipfian's is ddb_dist_prepare_pmf's table, made here) or a
 *   random {shard:N}; ddb_keymass_supported says why not otherwise.
 * Memory: 36 bytes per dense key (its pmf, hash and position; 16 in its partition's table).
 */
#ifndef DDB_KEYMASS_H
#define DDB_KEYMASS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_randist.h>
#include "sim/model/keydraw.h"
#include "sim/model/keyspace.h"

typedef struct ddb_keymass {
    uint64_t n;           /* dense key numbers */
    double *pmf;          /* per key number: its probability */
    uint64_t *hash;       /* per key number: its key's hash */
    uint32_t *order;      /* key numbers by ascending hash (ties: ascending number) */
    size_t n_hot;
    uint32_t *hot;        /* the n_hot most likely key numbers, hottest first (ties: lower number) */
    uint32_t *hot_placed; /* the same grouped by partition, each group hottest first */
    size_t n_partitions;
    size_t *first, *end;  /* per partition: its run of positions of order, [first, end) */
    double *mass;         /* per partition: its keys' pmf summed */
    gsl_ran_discrete_t **table; /* per partition: its keys' draw table (NULL without mass) */
    size_t *hot_first;    /* per partition: its group of hot_placed; [n_partitions] = n_hot */
    gsl_ran_discrete_t *parts; /* the partitions by mass */
    gsl_ran_discrete_t *all;   /* every key by probability (ddb_keymass_draw_any), or NULL */
    size_t n_bins;        /* the keys grouped by probability, each group within 1% (new_share) */
    double *bin_keys, *bin_pmf; /* per group: how many keys, their mean probability */
} ddb_keymass;

/* Whether the key drawer's keys have probabilities; when not, *why says which part. */
bool ddb_keymass_supported(const ddb_keydraw *kd, const char **why);
/* Every key's probability and hash (renders each key with kd: call between draws, never inside
 * one; prepares its attributes' pmfs with ddb_dist_prepare_pmf). n_hot: how many of the most likely keys count as hot (at least 1; ties in probability go
 * to the lower key number, so that exactly n_hot are). Then place. */
void ddb_keymass_init(ddb_keymass *m, ddb_keydraw *kd, size_t n_hot);
/* Find each partition's keys in ks (n_partitions ids, every one with a range). */
void ddb_keymass_place(ddb_keymass *m, const ddb_keyspace *ks, size_t n_partitions);
/* A key number drawn from partition p's keys by their probabilities (one draw of rng, O(1));
 * p must have mass. */
uint64_t ddb_keymass_draw(const ddb_keymass *m, size_t p, const gsl_rng *rng);
/* A key number drawn from every key by its probability (its draw table made at the first call:
 * 16 bytes per key). */
uint64_t ddb_keymass_draw_any(ddb_keymass *m, const gsl_rng *rng);
/* Partition p's n draws, together asking cost_milli, told key by key: fewer draws than p has hot
 * keys, each draw's key is drawn (by probability); otherwise the hot keys of p in turn, each a
 * binomial draw of what its probability gives it (conditional on the keys before it), and what
 * is left stays with the partition, told to no key. Either way at most min(n, hot keys) draws
 * of rng. Capacity is shared in proportion to the draws. */
typedef void ddb_keymass_credit(void *ctx, uint64_t key, uint64_t n, int64_t cost_milli);
void ddb_keymass_spread(const ddb_keymass *m, size_t p, uint64_t n, int64_t cost_milli,
                        const gsl_rng *rng, ddb_keymass_credit *credit, void *ctx);
/* The expected share of draws n0 + 1 .. n1 (n0 < n1) that find a key no draw found before:
 * (D(n1) - D(n0)) / (n1 - n0), D as below, over the keys grouped by probability (each group
 * within 1%, its keys taken at their mean). */
double ddb_keymass_new_share(ddb_keymass *m, double n0, double n1);
/* The expected number of distinct keys among n draws: the sum over keys of 1 - (1 - pmf)^n. */
double ddb_keymass_expected_distinct(const ddb_keymass *m, double n);
void ddb_keymass_destroy(ddb_keymass *m);

#endif
