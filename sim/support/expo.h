/* expo — standard exponential deviates for the hot path: Marsaglia and Tsang's ziggurat (2000),
 * 256 layers, drawing 64-bit words straight from a PCG64 stream.
 *
 * Every arrival costs one Exp(1) draw. By inversion that is a log (about 8 ns); the ziggurat takes
 * one PCG64 word, a table look-up and a multiply in 98.9% of draws. The layer comes from the word's
 * low 8 bits and the value from its high 56 bits, so the two never share a bit. Generators other
 * than ddb_rng_pcg64 fall back to inversion.
 */
#ifndef DDB_EXPO_H
#define DDB_EXPO_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/support/rng.h"

/* Build the layer tables (once per process, thread-safe); call before ddb_exponential_draw. */
void ddb_exponential_init(void);

/* The layer tables (read-only once built) and the rare cases, for the inline draw below. */
extern uint64_t ddb_expo_k[256];
extern double ddb_expo_w[256];
double ddb_exponential_slow(gsl_rng *r, uint64_t jz, unsigned i);

/* A draw from Exp(1): density e^-x on x >= 0. Inline: it runs once per arrival. */
static inline double ddb_exponential_draw(gsl_rng *r)
{
    if (r->type != ddb_rng_pcg64)
        return ddb_exponential_slow(r, 0, 0);
    uint64_t bits = ddb_pcg64_next((ddb_pcg64_state *)r->state);
    uint64_t jz = bits >> 8;
    unsigned i = (unsigned)(bits & 255);
    if (jz < ddb_expo_k[i])
        return (double)jz * ddb_expo_w[i];
    return ddb_exponential_slow(r, jz, i);
}

#endif
