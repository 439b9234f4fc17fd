/* dist — attribute value distributions and item-size distributions.
 *
 * An attribute draws a value index: for integer distributions the value itself (0..n-1), for
 * categorical the index of its label, for clock nothing (its value is the simulated time).
 * Specs are validated by the scenario loader; ddb_dist_new trusts them.
 */
#ifndef DDB_DIST_H
#define DDB_DIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>

#define DDB_ITEM_MAX_BYTES 409600u /* 400 KB, attribute names included */

enum ddb_dist_kind {
    DDB_DIST_UNIFORM,     /* 0..n-1, equally likely (exact while n fits the generator's range;
                             beyond, floor(u*n) with 53-bit u: bias <= n/2^53 relative) */
    DDB_DIST_ZIPFIAN,     /* YCSB ZipfianGenerator over 0..n-1 (0 most popular), theta */
    DDB_DIST_HOTSPOT,     /* YCSB HotspotIntegerGenerator: hot set = lowest floor(hot_data_fraction*n)
                             values, at least 1; when that is all n, every draw is uniform */
    DDB_DIST_SEQUENTIAL,  /* 0,1,2,...,n-1,0,1,... one step per draw */
    DDB_DIST_CATEGORICAL, /* label i with probability weights[i] */
    DDB_DIST_CLOCK,       /* the simulated time; not drawn */
    DDB_DIST_SCRAMBLED_ZIPFIAN, /* YCSB ScrambledZipfianGenerator: a zipfian rank over YCSB's
                             10^10 + 1 items (zeta(n) = YCSB's ZETAN for theta 0.99), then
                             fnvhash64(rank) mod n: popular values spread over 0..n-1 */
    DDB_DIST_LATEST,      /* YCSB SkewedLatestGenerator with n records (newest n-1): n-1 minus a
                             zipfian draw over n-1 items, so values 1..n-1, the newest the most
                             popular (n = 1: always 0); with inserts, n grows (ddb_dist_insert) */
    DDB_DIST_EXPONENTIAL, /* YCSB ExponentialGenerator as CoreWorkload uses it: n-1 minus
                             (long)(Exp(gamma)), redrawn while below 0, with
                             gamma = -ln(1 - percentile/100) / (n * frac) */
    DDB_DIST_DERIVED,     /* not drawn: 0..n-1 computed from another attribute's value by a fixed
                             mapping (ddb_dist_derive), e.g. customer_id -> tenant */
    DDB_DIST_CONTRIBUTORS /* a Contributor Insights report (workloads/contributors.h): values
                             0..n_labels-1 are its top keys with their weights (labels render as
                             the keys), the rest of the weight spread evenly over n_labels..n-1 */
};

/* How a derived attribute maps its source's value s (of source_n values) to 0..n-1. */
enum ddb_derive_map {
    DDB_DERIVE_HASH,  /* a fixed pseudo-random assignment: splitmix64(s) mod n */
    DDB_DERIVE_MOD,   /* s mod n */
    DDB_DERIVE_BLOCK, /* floor(s * n / source_n): contiguous runs of source values */
    DDB_DERIVE_MAP_COUNT
};

typedef struct ddb_dist_spec {
    enum ddb_dist_kind kind;
    uint64_t n;               /* uniform, zipfian, hotspot, sequential: number of values, >= 1 */
    double theta;             /* zipfian: 0 < theta < 1 (YCSB default 0.99) */
    double hot_data_fraction; /* hotspot: fraction of values that are hot, (0,1] (YCSB 0.2) */
    double hot_op_fraction;   /* hotspot: fraction of draws that hit the hot set, [0,1] (YCSB 0.8) */
    double percentile;        /* exponential: share of draws in the newest frac of the values,
                                 (0,100) (YCSB 95) */
    double frac;              /* exponential: (0,1] (YCSB 0.8571428571) */
    bool hashed;              /* integer values render as YCSB's fnvhash64(value) (keys of its
                                 insertorder=hashed); drawing is unchanged */
    bool inserts;             /* latest, exponential: each insert (ddb_dist_insert) adds the value
                                 n, n+1, ... and draws then skew to the newest, as YCSB's key
                                 sequence grows; the domain is then unbounded (0) */
    char *from;               /* derived: the source attribute's name (owned) ... */
    size_t from_index;        /* ... and its index, set by the scenario loader */
    enum ddb_derive_map map;  /* derived: how */
    char *path;               /* contributors: the report (owned) */
    size_t n_labels;          /* categorical: labels and weights (sum 1), owned by the spec;
                                 contributors: the top keys and their shares (sum <= 1) */
    char **labels;
    double *weights;
    double present;           /* probability that an item has the attribute (sparse indexes);
                                 1 for attributes of the table's key */
    bool has_present;         /* "present" given (else 1, and left out of the resolved scenario) */
} ddb_dist_spec;

typedef struct ddb_dist ddb_dist;

/* Build the sampler (zipfian precomputes zeta(n), categorical an alias table). Aborts on OOM. */
ddb_dist *ddb_dist_new(const ddb_dist_spec *spec);
void ddb_dist_free(ddb_dist *d);
/* Draw one value index. Clock: returns 0 and draws nothing. */
uint64_t ddb_dist_draw(ddb_dist *d, gsl_rng *r);
/* Number of distinct values (n, or n_labels); 0 for clock and for specs with inserts
 * (unbounded). */
uint64_t ddb_dist_domain(const ddb_dist_spec *spec);
/* Exact probability of value index v, for tests and documentation (sequential: 1/n; zipfian:
 * of YCSB's algorithm, which is 1/zeta(n) and 2^-theta/zeta(n) for 0 and 1 but not v^-theta/zeta(n)
 * beyond). 0 for v outside the domain and for clock. Scrambled zipfian has no closed form (the
 * sum over 10^10 ranks): NAN until ddb_dist_prepare_pmf, then that table's; derived: NAN. */
double ddb_dist_pmf(const ddb_dist *d, uint64_t v);
/* Make ddb_dist_pmf answer for every value; false when it cannot (derived, clock, scrambled
 * zipfian over more than 2^26 values). Only scrambled
 * zipfian has work to do: its first ranks (16 per value, at least 2^16, at most 2^22) summed onto
 * their values exactly, the rest of the mass spread evenly over the n values (8 bytes each; the
 * approximation and its bounds: docs/model.md, "Aggregated mode"). Draws are unchanged. */
bool ddb_dist_prepare_pmf(ddb_dist *d);
/* Whether ddb_dist_prepare_pmf can make it answer (every kind but derived, clock and scrambled
 * zipfian over more than 2^26 values). */
bool ddb_dist_has_pmf(const ddb_dist *d);
/* Scrambled zipfian: the probability of zipfian rank r (0 .. 10^10), whose value is
 * ddb_ycsb_fnvhash64(r) mod n. 0 for other distributions. */
double ddb_dist_rank_pmf(const ddb_dist *d, uint64_t r);
/* YCSB's Utils.fnvhash64: FNV-1 over the 8 bytes of v, least significant first, then Java's
 * Math.abs (which leaves Long.MIN_VALUE as it is: returned here as 2^63). */
uint64_t ddb_ycsb_fnvhash64(uint64_t v);
/* A new value, the newest (n, then n+1, ...), which latest and exponential draws then count
 * from: YCSB's transactioninsertkeysequence. Only for specs with inserts. */
uint64_t ddb_dist_insert(ddb_dist *d);
/* A derived attribute's value for its source's value (source_n: the source's number of values;
 * only DDB_DERIVE_BLOCK reads it, and needs it finite). */
uint64_t ddb_dist_derive(const ddb_dist_spec *spec, uint64_t source_value, uint64_t source_n);
/* Free the labels, weights and source name a spec owns. */
void ddb_dist_spec_destroy(ddb_dist_spec *spec);

enum ddb_size_kind { DDB_SIZE_FIXED, DDB_SIZE_UNIFORM, DDB_SIZE_LOGNORMAL };

typedef struct ddb_size_spec {
    enum ddb_size_kind kind;
    uint32_t bytes;                 /* fixed: 1..DDB_ITEM_MAX_BYTES */
    uint32_t min_bytes, max_bytes;  /* uniform, inclusive: 1 <= min <= max <= DDB_ITEM_MAX_BYTES */
    double median_bytes, sigma;     /* lognormal: median in [1, DDB_ITEM_MAX_BYTES], sigma >= 0 */
} ddb_size_spec;

/* Draw an item size in bytes, in [1, DDB_ITEM_MAX_BYTES]. A lognormal draw above 400 KB is
 * capped there (DynamoDB refuses larger items, so a client never sends one) and *capped is set;
 * otherwise *capped is left alone. */
uint32_t ddb_size_draw(const ddb_size_spec *spec, gsl_rng *r, bool *capped);
/* Mean item size in bytes (for documentation and capacity estimates). */
double ddb_size_mean(const ddb_size_spec *spec);

/* A named attribute of the items and the distribution of its values ("attributes.NAME"). */
typedef struct ddb_attr {
    char *name;
    ddb_dist_spec spec;
} ddb_attr;

#endif
