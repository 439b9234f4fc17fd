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

#include <gsl/gsl_rng.h>

/* Build the layer tables (once per process, thread-safe); call before ddb_normal_draw. */
void ddb_normal_init(void);
/* A draw from N(0, 1). */
double ddb_normal_draw(gsl_rng *r);

#endif
