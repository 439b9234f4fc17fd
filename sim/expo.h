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

#include <gsl/gsl_rng.h>

/* Build the layer tables (once per process, thread-safe); call before ddb_exponential_draw. */
void ddb_exponential_init(void);
/* A draw from Exp(1): density e^-x on x >= 0. */
double ddb_exponential_draw(gsl_rng *r);

#endif
