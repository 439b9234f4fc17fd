/* rng — PCG32 and PCG64 as GSL generators, and one independent stream per purpose.
 *
 * Both generators are registered as gsl_rng_type, so every gsl_ran_* distribution draws from them.
 * They follow the PCG reference (O'Neill, pcg-random.org): LCG state step, XSH-RR output for
 * pcg32 (64-bit state, 32-bit output), XSL-RR for pcg64 (128-bit state, 64-bit output).
 * gsl_rng_set(r, s) seeds with initstate = s and the PCG default stream.
 *
 * Streams: every random purpose of the simulator (arrivals, keys, sizes, retries, ...) draws from
 * its own PCG64 stream derived from (master seed, purpose, id), so adding a purpose or an entity
 * never changes the draws of existing ones. Purpose numbers are part of the output contract:
 * never renumber them, only append.
 */
#ifndef DDB_RNG_H
#define DDB_RNG_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

extern const gsl_rng_type *ddb_rng_pcg32;
extern const gsl_rng_type *ddb_rng_pcg64;

/* Seed a pcg32 state (from gsl_rng->state of a ddb_rng_pcg32 generator) as pcg32_srandom_r. */
void ddb_pcg32_seed(void *state, uint64_t initstate, uint64_t initseq);
/* Seed a pcg64 state as pcg64_srandom_r with 128-bit initstate and initseq given as hi/lo halves. */
void ddb_pcg64_seed(void *state, uint64_t initstate_hi, uint64_t initstate_lo,
                    uint64_t initseq_hi, uint64_t initseq_lo);

enum ddb_rng_purpose {
    DDB_RNG_ARRIVALS = 1, /* inter-arrival times */
    DDB_RNG_MIX = 2,      /* operation choice */
    DDB_RNG_ATTR = 3,     /* attribute values; id = attribute index in the scenario */
    DDB_RNG_SHARD = 4,    /* {shard:N} suffixes; id = template part index */
    DDB_RNG_SIZE = 5,     /* item sizes */
    DDB_RNG_RETRY = 6,    /* client backoff jitter */
    DDB_RNG_LAG = 7,      /* index propagation delays */
    DDB_RNG_SCAN = 8,     /* scan and query page shapes */
    DDB_RNG_SERVICE = 9,  /* service times of attempts */
    DDB_RNG_GSI_ATTR = 10,    /* a GSI's key attributes; id = index << 16 | attribute */
    DDB_RNG_GSI_SHARD = 11,   /* a GSI's {shard:N} suffixes; id = index << 16 | part */
    DDB_RNG_GSI_PRESENT = 12, /* whether an item has a GSI's (sparse) key attributes; id = index */
    DDB_RNG_GSI_KEY_CHANGE = 13, /* whether a write redraws an item's GSI key (key_change); id = index */
    DDB_RNG_LSI_PRESENT = 14,    /* whether an item has the LSIs' (sparse) sort key attributes */
    DDB_RNG_PROFILE = 15,        /* shapes inside a rate profile's periods (CloudWatch bursts) */
    DDB_RNG_AGGREGATE = 16       /* the aggregated mode's counts (id 0), times and keys (1),
                                    costs (2) and attribution to keys (3) */
};

/* PCG64's state, shared with rng.c so that the hot path can draw inline. */
__extension__ typedef unsigned __int128 ddb_pcg_u128;
typedef struct ddb_pcg64_state {
    ddb_pcg_u128 state, inc;
} ddb_pcg64_state;
#define DDB_PCG64_MULT \
    (((ddb_pcg_u128)2549297995355413924ULL << 64) | (ddb_pcg_u128)4865540595714422341ULL)

/* pcg_setseq_128_xsl_rr_64: step, then output from the new state. */
static inline uint64_t ddb_pcg64_next(ddb_pcg64_state *g)
{
    g->state = g->state * DDB_PCG64_MULT + g->inc;
    uint64_t x = (uint64_t)(g->state >> 64) ^ (uint64_t)g->state;
    uint32_t rot = (uint32_t)(g->state >> 122);
    return (x >> rot) | (x << ((-rot) & 63u));
}

/* The same value as gsl_rng_uniform(r), in [0, 1); for the streams of ddb_rng_stream_new it is
 * computed inline instead of through the generator's function pointer (the simulator draws
 * several per request). */
static inline double ddb_rng_uniform(const gsl_rng *r)
{
    if (r->type != ddb_rng_pcg64)
        return gsl_rng_uniform(r);
    return (double)(ddb_pcg64_next((ddb_pcg64_state *)r->state) >> 11) * 0x1p-53;
}

/* The generator's next raw 64 bits, for the streams of ddb_rng_stream_new: all of PCG64's output
 * whatever the width of unsigned long (gsl_rng_get returns unsigned long, 32 bits on wasm32 and
 * other ILP32 targets, where it gives only the output's low half). r must be a ddb_rng_pcg64. */
static inline uint64_t ddb_rng_u64(const gsl_rng *r)
{
    return ddb_pcg64_next((ddb_pcg64_state *)r->state);
}

/* Uniform on 0..n-1 (n >= 1), the same draws as gsl_rng_uniform_int(r, n) with a 64-bit unsigned
 * long: GSL's rejection method (scale = range / n, reject k >= n) in 64-bit arithmetic for a
 * ddb_rng_pcg64 generator, so that the draws do not depend on the word size. Other generators
 * go to gsl_rng_uniform_int, with n within their range. */
static inline uint64_t ddb_rng_uniform_int(const gsl_rng *r, uint64_t n)
{
    if (r->type != ddb_rng_pcg64)
        return gsl_rng_uniform_int(r, (unsigned long)n);
    uint64_t scale = UINT64_MAX / n, k;
    do
        k = ddb_rng_u64(r) / scale;
    while (k >= n);
    return k;
}

/* A new PCG64 generator for (seed, purpose, id). Never returns NULL (aborts on out of memory).
 * Free with gsl_rng_free. */
gsl_rng *ddb_rng_stream_new(uint64_t seed, uint32_t purpose, uint64_t id);

#endif
