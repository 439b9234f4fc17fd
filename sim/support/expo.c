/* expo — the exponential ziggurat. See expo.h. */
#include "sim/support/expo.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include "sim/support/rng.h"

#define LAYERS 256
#define R 7.69711747013104972     /* start of the tail, for 256 layers */
#define V 3.949659822581572e-3    /* area of each layer */
#define TWO_56 72057594037927936.0 /* the integer scale: values are 56-bit */

uint64_t ddb_expo_k[LAYERS];      /* jz below it: inside layer i's rectangle, accept at once */
double ddb_expo_w[LAYERS];        /* scale from jz to x in layer i */
static double f[LAYERS];          /* the density exp(-x) at layer i's edge */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Marsaglia and Tsang's table set-up, with 2^56 as the integer scale. */
static void build(void)
{
    double d = R, t = R;
    double q = V / exp(-d);
    ddb_expo_k[0] = (uint64_t)(d / q * TWO_56);
    ddb_expo_k[1] = 0;
    ddb_expo_w[0] = q / TWO_56;
    ddb_expo_w[LAYERS - 1] = d / TWO_56;
    f[0] = 1.0;
    f[LAYERS - 1] = exp(-d);
    for (int i = LAYERS - 2; i >= 1; i--) {
        d = -log(V / d + exp(-d));
        ddb_expo_k[i + 1] = (uint64_t)(d / t * TWO_56);
        t = d;
        f[i] = exp(-d);
        ddb_expo_w[i] = d / TWO_56;
    }
}

static double uniform_pos(ddb_pcg64_state *g)
{
    return ((double)(ddb_pcg64_next(g) >> 11) + 0.5) * 0x1p-53; /* (0, 1) */
}

/* The rare cases: the base strip's tail beyond R (memoryless: R plus a fresh Exp(1)), or the
 * wedge of layer i. */
double ddb_exponential_slow(gsl_rng *r, uint64_t jz, unsigned i)
{
    if (r->type != ddb_rng_pcg64)
        return -log(1.0 - gsl_rng_uniform(r)); /* u in [0,1): 1-u in (0,1], finite */
    ddb_pcg64_state *g = r->state;
    for (;;) {
        if (i == 0)
            return R - log(uniform_pos(g));
        double x = (double)jz * ddb_expo_w[i];
        if (f[i] + uniform_pos(g) * (f[i - 1] - f[i]) < exp(-x))
            return x;
        uint64_t bits = ddb_pcg64_next(g);
        jz = bits >> 8;
        i = (unsigned)(bits & (LAYERS - 1));
        if (jz < ddb_expo_k[i])
            return (double)jz * ddb_expo_w[i];
    }
}

void ddb_exponential_init(void) { pthread_once(&once, build); }
