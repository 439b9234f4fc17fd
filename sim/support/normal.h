/* normal — standard normal deviates for the hot path: Marsaglia and Tsang's ziggurat (2000),
 * 128 layers, drawing 64-bit words straight from a PCG64 stream.
 *
 * GSL's gsl_ran_gaussian_ziggurat costs an integer division and calls through the generator's
 * function pointer on every draw; this one takes one PCG64 word in the common case (98.9% of
 * draws). The layer comes from the word's low 7 bits and the value from the whole word as a signed
 * 64-bit integer, in which those bits weigh at most 2^-56 of the range (the original used the
 * same 32 bits for both, the correlation Doornik (2005) found). Generators other than
 * ddb_rng_pcg64 fall back to GSL's ziggurat.
 */
#ifndef DDB_NORMAL_H
#define DDB_NORMAL_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/support/rng.h"

/* Build the layer tables (once per process, thread-safe); call before ddb_normal_draw. */
void ddb_normal_init(void);

/* The layer tables (read-only once built) and the rare cases, for the inline draw below. */
extern uint64_t ddb_normal_k[128];
extern double ddb_normal_w[128];
double ddb_normal_slow(gsl_rng *r, int64_t hz, unsigned i);

/* A draw from N(0, 1). Inline: it runs once per attempt (the service time), and the common case
 * is a handful of instructions next to a call's cost. Other generators than ddb_rng_pcg64 take
 * the slow path, which hands them to GSL's ziggurat. */
static inline double ddb_normal_draw(gsl_rng *r)
{
    if (r->type != ddb_rng_pcg64)
        return ddb_normal_slow(r, 0, 0);
    uint64_t bits = ddb_pcg64_next((ddb_pcg64_state *)r->state);
    int64_t hz = (int64_t)bits;
    unsigned i = (unsigned)(bits & 127);
    uint64_t mag = hz < 0 ? (uint64_t)0 - (uint64_t)hz : (uint64_t)hz;
    if (mag < ddb_normal_k[i])
        return (double)hz * ddb_normal_w[i];
    return ddb_normal_slow(r, hz, i);
}

/* P(X < x) for X lognormal with this median and sigma (sigma 0: X is the median). */
double ddb_lognormal_cdf(double x, double median, double sigma);

#endif
