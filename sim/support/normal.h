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

/* A start uniform in [0, span_ns) and a delay lognormal (median_ms, sigma; in ns, rounded, at most
 * max_ms), conditioned on arriving at or after span_ns + least_ns (least_ns >= 0): a write sent
 * in a slice of span_ns that ends least_ns before its interval's end, and arrives after it.
 * Rather than drawing both until one arrives late (as many draws as writes in the slice, however
 * few are late), the delay is drawn from its tail beyond least_ns and kept with the probability
 * that a uniform start makes it late, (delay - least_ns) / span_ns at most 1; the start is then
 * uniform over the starts that do. With sigma 0 the median must be above least_ns. */
void ddb_lognormal_draw_late(gsl_rng *r, double median_ms, double sigma, double max_ms,
                             int64_t span_ns, int64_t least_ns, int64_t *start_ns,
                             int64_t *delay_ns);

#endif
