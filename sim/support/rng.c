/* rng — PCG32 / PCG64 as GSL generators, and per-purpose streams. See rng.h.
 *
 * The generators follow pcg-c (imneme/pcg-c, pcg_variants.h) bit for bit, so the published
 * reference outputs test them: pcg32 is pcg_setseq_64_xsh_rr_32 (output from the state *before*
 * the step), pcg64 is pcg_setseq_128_xsl_rr_64 (state steps first, output from the new state).
 */
#include "sim/support/rng.h"

#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

__extension__ typedef unsigned __int128 ddb_u128;

/* gsl_rng_alloc mallocs the state: max_align_t alignment must be enough for the 128-bit words.
 * Not on WebAssembly, where malloc aligns to 8 and __int128 asks for 16: there a load's or store's
 * alignment is only a hint, and any address is valid. */
#ifndef __wasm__
_Static_assert(_Alignof(ddb_u128) <= _Alignof(max_align_t), "malloc cannot align ddb_u128");
#endif

#define PCG32_MULT UINT64_C(6364136223846793005)
#define PCG32_DEFAULT_INC UINT64_C(1442695040888963407)
#define PCG64_MULT DDB_PCG64_MULT
#define PCG64_DEFAULT_INC (((ddb_u128)UINT64_C(6364136223846793005) << 64) | PCG32_DEFAULT_INC)

/* ---- pcg32 ---- */

struct pcg32 {
    uint64_t state, inc;
};

/* pcg_srandom_r: the two steps spread a small seed over the whole state. */
static void seed32(struct pcg32 *g, uint64_t initstate, uint64_t inc)
{
    g->state = 0;
    g->inc = inc;
    g->state = g->state * PCG32_MULT + g->inc;
    g->state += initstate;
    g->state = g->state * PCG32_MULT + g->inc;
}

void ddb_pcg32_seed(void *state, uint64_t initstate, uint64_t initseq)
{
    seed32(state, initstate, (initseq << 1) | 1u);
}

static inline uint32_t next32(struct pcg32 *g)
{
    uint64_t old = g->state;
    g->state = old * PCG32_MULT + g->inc;
    uint32_t xorshifted = (uint32_t)(((old >> 18) ^ old) >> 27);
    uint32_t rot = (uint32_t)(old >> 59);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

static void pcg32_set(void *state, unsigned long seed)
{
    seed32(state, (uint64_t)seed, PCG32_DEFAULT_INC);
}

static unsigned long pcg32_get(void *state)
{
    return next32(state);
}

static double pcg32_get_double(void *state)
{
    return (double)next32(state) * 0x1p-32; /* exact: 32 bits fit a double; < 1 */
}

static const gsl_rng_type pcg32_type = {
    "pcg32", 0xffffffffUL, 0, sizeof(struct pcg32), pcg32_set, pcg32_get, pcg32_get_double,
};
const gsl_rng_type *ddb_rng_pcg32 = &pcg32_type;

/* ---- pcg64 ---- */

struct pcg64 {
    ddb_u128 state, inc;
};
_Static_assert(sizeof(struct pcg64) == sizeof(ddb_pcg64_state), "one PCG64 state layout");

static void seed64(struct pcg64 *g, ddb_u128 initstate, ddb_u128 inc)
{
    g->state = 0;
    g->inc = inc;
    g->state = g->state * PCG64_MULT + g->inc;
    g->state += initstate;
    g->state = g->state * PCG64_MULT + g->inc;
}

void ddb_pcg64_seed(void *state, uint64_t initstate_hi, uint64_t initstate_lo,
                    uint64_t initseq_hi, uint64_t initseq_lo)
{
    ddb_u128 initstate = ((ddb_u128)initstate_hi << 64) | initstate_lo;
    ddb_u128 initseq = ((ddb_u128)initseq_hi << 64) | initseq_lo;
    seed64(state, initstate, (initseq << 1) | 1u);
}

static inline uint64_t next64(struct pcg64 *g)
{
    return ddb_pcg64_next((ddb_pcg64_state *)g);
}

static void pcg64_set(void *state, unsigned long seed)
{
    seed64(state, (ddb_u128)seed, PCG64_DEFAULT_INC);
}

/* gsl_rng's get returns unsigned long: all 64 bits where it holds them, the low 32 bits where it is
 * 32 bits wide (wasm32). GSL's own users of get (gsl_ran_gaussian_ziggurat) read only the low 32
 * bits of a generator this wide, so they draw the same on both; ddbsim's code that needs the full
 * output calls ddb_rng_u64 and ddb_rng_uniform_int instead. */
static unsigned long pcg64_get(void *state)
{
    return (unsigned long)next64(state);
}

static double pcg64_get_double(void *state)
{
    /* The top 53 bits: every value is exact and the largest is 1 - 2^-53, so never 1. */
    return (double)(next64(state) >> 11) * 0x1p-53;
}

static const gsl_rng_type pcg64_type = {
    "pcg64", ULONG_MAX, 0, sizeof(struct pcg64), pcg64_set, pcg64_get,
    pcg64_get_double,
};
const gsl_rng_type *ddb_rng_pcg64 = &pcg64_type;

/* ---- streams ---- */

/* splitmix64 (Steele, Lea, Flood 2014): a bijective, strongly mixing step. Chaining it over the
 * inputs makes (seed, purpose, id) that differ in one bit give unrelated PCG states and streams.
 * This derivation is part of the output contract: changing it changes every run's draws. */
static uint64_t splitmix(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

gsl_rng *ddb_rng_stream_new(uint64_t seed, uint32_t purpose, uint64_t id)
{
    gsl_rng *r = gsl_rng_alloc(ddb_rng_pcg64);
    if (!r) {
        fputs("ddbsim: out of memory\n", stderr);
        abort();
    }
    uint64_t h = splitmix(splitmix(splitmix(seed) ^ purpose) ^ id);
    uint64_t s_hi = splitmix(h ^ 1u), s_lo = splitmix(h ^ 2u);
    uint64_t q_hi = splitmix(h ^ 3u), q_lo = splitmix(h ^ 4u);
    ddb_pcg64_seed(r->state, s_hi, s_lo, q_hi, q_lo);
    return r;
}
