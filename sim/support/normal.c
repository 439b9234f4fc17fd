/* normal — the ziggurat. See normal.h. */
#include "sim/support/normal.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <gsl/gsl_randist.h>
#include "sim/support/check.h"
#include "sim/support/rng.h"

#define LAYERS 128
#define R 3.442619855899          /* start of the tail, for 128 layers */
#define V 9.91256303526217e-3     /* area of each layer */
#define TWO_63 9223372036854775808.0

uint64_t ddb_normal_k[LAYERS];    /* |hz| below it: inside layer i's rectangle, accept at once */
double ddb_normal_w[LAYERS];      /* scale from hz to x in layer i */
static double f[LAYERS];          /* the density exp(-x^2/2) at layer i's edge */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Marsaglia and Tsang's table set-up, with 2^63 as the integer scale. */
static void build(void)
{
    double d = R, t = R;
    double q = V / exp(-0.5 * d * d);
    ddb_normal_k[0] = (uint64_t)(d / q * TWO_63);
    ddb_normal_k[1] = 0;
    ddb_normal_w[0] = q / TWO_63;
    ddb_normal_w[LAYERS - 1] = d / TWO_63;
    f[0] = 1.0;
    f[LAYERS - 1] = exp(-0.5 * d * d);
    for (int i = LAYERS - 2; i >= 1; i--) {
        d = sqrt(-2.0 * log(V / d + exp(-0.5 * d * d)));
        ddb_normal_k[i + 1] = (uint64_t)(d / t * TWO_63);
        t = d;
        f[i] = exp(-0.5 * d * d);
        ddb_normal_w[i] = d / TWO_63;
    }
}

static double uniform_pos(ddb_pcg64_state *g)
{
    return ((double)(ddb_pcg64_next(g) >> 11) + 0.5) * 0x1p-53; /* (0, 1) */
}

/* The rare cases: the base strip's tail beyond R, or the wedge of layer i. */
double ddb_normal_slow(gsl_rng *r, int64_t hz, unsigned i)
{
    if (r->type != ddb_rng_pcg64)
        return gsl_ran_gaussian_ziggurat(r, 1.0);
    ddb_pcg64_state *g = r->state;
    for (;;) {
        double x = (double)hz * ddb_normal_w[i];
        if (i == 0) { /* the tail: Marsaglia's exponential method */
            double y;
            do {
                x = -log(uniform_pos(g)) / R;
                y = -log(uniform_pos(g));
            } while (y + y < x * x);
            return hz > 0 ? R + x : -R - x;
        }
        if (f[i] + uniform_pos(g) * (f[i - 1] - f[i]) < exp(-0.5 * x * x))
            return x;
        uint64_t bits = ddb_pcg64_next(g);
        hz = (int64_t)bits;
        i = (unsigned)(bits & (LAYERS - 1));
        uint64_t mag = hz < 0 ? (uint64_t)0 - (uint64_t)hz : (uint64_t)hz;
        if (mag < ddb_normal_k[i])
            return (double)hz * ddb_normal_w[i];
    }
}

void ddb_normal_init(void) { pthread_once(&once, build); }

double ddb_lognormal_cdf(double x, double median, double sigma)
{
    if (x <= 0.0)
        return 0.0;
    if (sigma <= 0.0)
        return median < x ? 1.0 : 0.0;
    return 0.5 * erfc(-log(x / median) / (sigma * 1.41421356237309504880));
}

/* A standard normal draw conditioned on being at least z0. Where that holds a quarter of the
 * line or more, whole-line draws until one does (fewer than 4 on average); further out,
 * Marsaglia's tail method (1964): z0 + x, x exponential of rate z0, kept with probability
 * exp(-x^2 / 2), whose density is then the normal's beyond z0. */
static double normal_beyond(gsl_rng *r, double z0)
{
    if (z0 < 0.6745) { /* P(Z >= 0.6745) = 1/4 */
        double z;
        do
            z = ddb_normal_draw(r);
        while (z < z0);
        return z;
    }
    for (;;) {
        double x = -log(1.0 - ddb_rng_uniform(r)) / z0;
        double y = -log(1.0 - ddb_rng_uniform(r));
        if (2.0 * y > x * x)
            return z0 + x;
    }
}

void ddb_lognormal_draw_late(gsl_rng *r, double median_ms, double sigma, double max_ms,
                             int64_t span_ns, int64_t least_ns, int64_t *start_ns,
                             int64_t *delay_ns)
{
    DDB_CHECK(span_ns > 0 && least_ns >= 0, "late draw over %lld ns, %lld ns before the end",
              (long long)span_ns, (long long)least_ns);
    DDB_CHECK(sigma > 0.0 || median_ms * 1e6 > (double)least_ns, "no delay of %g ms is late",
              median_ms);
    /* the standard normal value of the least delay that can be late */
    double z0 = least_ns > 0 && sigma > 0.0 ? log((double)least_ns / (median_ms * 1e6)) / sigma : -INFINITY;
    for (;;) {
        double ms = sigma > 0.0 ? median_ms * exp(sigma * normal_beyond(r, z0)) : median_ms;
        int64_t d = llround((ms < max_ms ? ms : max_ms) * 1e6);
        double share = (double)(d - least_ns) / (double)span_ns;
        if (share >= 1.0 || (share > 0.0 && ddb_rng_uniform(r) < share)) {
            /* late from start >= span + least - d */
            int64_t from = span_ns + least_ns - d > 0 ? span_ns + least_ns - d : 0;
            *start_ns = from + (int64_t)ddb_rng_uniform_int(r, (uint64_t)(span_ns - from));
            *delay_ns = d;
            return;
        }
    }
}
