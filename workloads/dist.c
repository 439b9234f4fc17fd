/* dist — attribute value distributions and item-size distributions.
 *
 * Draws run once per simulated request, so everything a draw needs is precomputed in
 * ddb_dist_new: a draw costs one or two generator calls and at most one pow (zipfian).
 */
#include "workloads/dist.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_randist.h>

#include "sim/support/alloc.h"
#include "sim/support/check.h"
#include "sim/support/rng.h"

/* Below this n, zeta(n) is summed term by term (about 0.2 s at the limit); above it, the first
 * ZETA_HEAD terms are summed and the rest comes from Euler–Maclaurin (see zeta_tail). */
#define ZETA_EXACT_MAX 10000000u
#define ZETA_HEAD 1000000u

/* YCSB ScrambledZipfianGenerator: ranks over 0..ITEM_COUNT (ZipfianGenerator(0, ITEM_COUNT), so
 * ITEM_COUNT + 1 items), with zeta precomputed for its constant 0.99. */
#define YCSB_ITEM_COUNT 10000000000ULL
#define YCSB_ZETAN 26.46902820178302
#define YCSB_ZIPFIAN_CONSTANT 0.99
#define FNV_OFFSET_BASIS_64 0xCBF29CE484222325ULL
#define FNV_PRIME_64 1099511628211ULL
/* Scrambled zipfian's value probabilities (ddb_dist_prepare_pmf): ranks below SCRAMBLED_HEAD_MIN,
 * or below SCRAMBLED_HEAD_PER_VALUE per value up to SCRAMBLED_HEAD_MAX, are summed onto their
 * values one by one; the rest of the mass is spread evenly. */
#define SCRAMBLED_HEAD_MIN (1u << 16)
#define SCRAMBLED_HEAD_PER_VALUE 16u
#define SCRAMBLED_HEAD_MAX (1u << 22)
#define SCRAMBLED_VALUES_MAX (1u << 26) /* the table's values, at most (512 MiB) */

struct ddb_dist {
    enum ddb_dist_kind kind;
    uint64_t n;
    /* zipfian (names as in YCSB's ZipfianGenerator), also under scrambled zipfian and latest */
    uint64_t zipf_n; /* its items: n; scrambled: YCSB_ITEM_COUNT + 1; latest: n - 1 */
    double theta, zetan, alpha, eta, zipf_one; /* zipf_one = 1 + 0.5^theta */
    /* exponential */
    double gamma;
    /* hotspot */
    uint64_t hot_n, cold_n;
    double hot_op;
    /* sequential */
    uint64_t next;
    /* categorical: Walker alias table for drawing, normalised weights for the pmf */
    gsl_ran_discrete_t *alias;
    double *prob;
    /* scrambled zipfian: each value's probability, once ddb_dist_prepare_pmf made it */
    double *value_pmf;
};

/* ---- zeta ---------------------------------------------------------------------------- */

/* sum_{i=from..to} i^-theta, compensated (Neumaier) so that ten million terms lose nothing
 * visible: plain summation drifts by up to n*eps relative. */
static double zeta_sum(uint64_t from, uint64_t to, double theta)
{
    double sum = 0.0, comp = 0.0;
    for (uint64_t i = from; i <= to; i++) {
        double term = pow((double)i, -theta);
        double t = sum + term;
        if (fabs(sum) >= fabs(term))
            comp += (sum - t) + term;
        else
            comp += (term - t) + sum;
        sum = t;
    }
    return sum + comp;
}

/* sum_{i=a..b} i^-theta by Euler–Maclaurin with the B2 and B4 corrections:
 *   int_a^b f + (f(a)+f(b))/2 + (f'(b)-f'(a))/12 - (f'''(b)-f'''(a))/720 + R,   f(x) = x^-theta.
 * The remainder obeys |R| <= 2 zeta(4)/(2 pi)^4 * int_a^b |f''''| <= 1.4e-3 * theta(theta+1)
 * (theta+2) a^(-theta-3) < 1e-20 for a > 10^6 and theta < 1: far below the rounding error of
 * the double result (about 1e-16 relative), so the tail is as good as the exact sum. */
static double zeta_tail(double a, double b, double theta)
{
    double f_a = pow(a, -theta), f_b = pow(b, -theta);
    double integral = (b * f_b - a * f_a) / (1.0 - theta); /* (b^(1-t) - a^(1-t))/(1-t) */
    double d1_a = -theta * f_a / a, d1_b = -theta * f_b / b;
    double c3 = -theta * (theta + 1.0) * (theta + 2.0);
    double d3_a = c3 * f_a / (a * a * a), d3_b = c3 * f_b / (b * b * b);
    return integral + 0.5 * (f_a + f_b) + (d1_b - d1_a) / 12.0 - (d3_b - d3_a) / 720.0;
}

static double zeta(uint64_t n, double theta)
{
    if (n <= ZETA_EXACT_MAX)
        return zeta_sum(1, n, theta);
    return zeta_sum(1, ZETA_HEAD, theta) + zeta_tail((double)ZETA_HEAD + 1.0, (double)n, theta);
}

/* ---- uniform integers ---------------------------------------------------------------- */

/* A double in [0,1) carrying 53 random bits, built from the generator's raw output: needed
 * when n exceeds the generator's range, where gsl_rng_uniform would give only 32 bits on a
 * 32-bit generator. Generators of other widths fall back to gsl_rng_uniform. */
static double u53(gsl_rng *r)
{
    if (r->type == ddb_rng_pcg64) /* whatever the width of unsigned long */
        return (double)(ddb_rng_u64(r) >> 11) * 0x1p-53;
    unsigned long range = r->type->max - r->type->min;
    if (range == ULONG_MAX && ULONG_MAX >= UINT64_MAX)
        return (double)((uint64_t)gsl_rng_get(r) >> 11) * 0x1p-53;
    if (range == 0xFFFFFFFFUL) { /* as MT's genrand_res53 */
        unsigned long hi = (gsl_rng_get(r) - r->type->min) >> 5;
        unsigned long lo = (gsl_rng_get(r) - r->type->min) >> 6;
        return ((double)hi * 67108864.0 + (double)lo) * 0x1p-53;
    }
    return ddb_rng_uniform(r);
}

/* Uniform on 0..n-1. Exact (GSL's rejection method) while n fits the generator's range;
 * beyond it floor(u*n) with a 53-bit u, whose bias is at most n/2^53 relative per value
 * (1.2e-4 at n = 2^40), clamped because the product may round up to n. */
static uint64_t uniform_below(gsl_rng *r, uint64_t n)
{
    if (n <= 1)
        return 0;
    if (r->type == ddb_rng_pcg64) /* n always fits its 64-bit range */
        return ddb_rng_uniform_int(r, n);
    unsigned long range = r->type->max - r->type->min;
    if (n <= range)
        return (uint64_t)gsl_rng_uniform_int(r, (unsigned long)n);
    uint64_t v = (uint64_t)(u53(r) * (double)n);
    return v < n ? v : n - 1;
}

/* ---- construction -------------------------------------------------------------------- */

/* zetan: 0 to compute zeta(items, theta). */
static void zipf_init(ddb_dist *d, uint64_t items, double theta, double zetan)
{
    d->zipf_n = items;
    d->theta = theta;
    d->zetan = zetan > 0.0 ? zetan : zeta(items, theta);
    d->alpha = 1.0 / (1.0 - theta);
    d->zipf_one = 1.0 + pow(0.5, theta);
    /* For n <= 2 the third branch is unreachable (uz < zeta(2) = zipf_one) and YCSB's eta is
     * 0/0; keep it finite. */
    double zeta2 = 1.0 + pow(2.0, -theta);
    d->eta = items > 2 ? (1.0 - pow(2.0 / (double)items, 1.0 - theta)) / (1.0 - zeta2 / d->zetan)
                       : 1.0;
}

/* YCSB takes hotInterval = (int)(n * hot_data_fraction). Two deviations: the hot set has at
 * least one value (YCSB divides by zero otherwise), and when it is everything the cold set is
 * empty and every draw is hot (YCSB would divide by zero on a cold draw). */
static void hotspot_init(ddb_dist *d, double hot_data, double hot_op)
{
    uint64_t hot = (uint64_t)((double)d->n * hot_data);
    if (hot < 1)
        hot = 1;
    if (hot > d->n)
        hot = d->n;
    d->hot_n = hot;
    d->cold_n = d->n - hot;
    d->hot_op = d->cold_n == 0 ? 1.0 : hot_op;
}

static void categorical_init(ddb_dist *d, const ddb_dist_spec *spec)
{
    DDB_CHECK(spec->n_labels >= 1, "categorical with %zu labels", spec->n_labels);
    double total = 0.0;
    for (size_t i = 0; i < spec->n_labels; i++)
        total += spec->weights[i];
    DDB_CHECK(total > 0.0, "categorical weights sum to %g", total);
    d->n = spec->n_labels;
    d->prob = ddb_xmalloc(spec->n_labels * sizeof *d->prob);
    for (size_t i = 0; i < spec->n_labels; i++)
        d->prob[i] = spec->weights[i] / total;
    d->alias = gsl_ran_discrete_preproc(spec->n_labels, d->prob);
    DDB_CHECK(d->alias != NULL, "alias table for %zu labels", spec->n_labels);
}

/* The top keys' shares and, last, the rest's (when any value is left for it). */
static void contributors_init(ddb_dist *d, const ddb_dist_spec *spec)
{
    size_t k = spec->n_labels;
    DDB_CHECK(k >= 1 && spec->n >= k, "contributors: %zu top of %llu", k,
              (unsigned long long)spec->n);
    double top = 0.0;
    for (size_t i = 0; i < k; i++)
        top += spec->weights[i];
    size_t m = spec->n > k ? k + 1 : k;
    d->prob = ddb_xmalloc(m * sizeof *d->prob);
    for (size_t i = 0; i < k; i++)
        d->prob[i] = m > k ? spec->weights[i] : spec->weights[i] / top;
    if (m > k)
        d->prob[k] = top < 1.0 ? 1.0 - top : 0.0;
    d->hot_n = k;
    d->alias = gsl_ran_discrete_preproc(m, d->prob);
    DDB_CHECK(d->alias != NULL, "alias table for %zu contributors", k);
}

ddb_dist *ddb_dist_new(const ddb_dist_spec *spec)
{
    ddb_dist *d = ddb_xcalloc(1, sizeof *d);
    d->kind = spec->kind;
    d->n = spec->n;
    switch (spec->kind) {
    case DDB_DIST_ZIPFIAN:
        DDB_CHECK(spec->n >= 1 && spec->theta > 0.0 && spec->theta < 1.0,
                  "zipfian n=%llu theta=%g", (unsigned long long)spec->n, spec->theta);
        zipf_init(d, spec->n, spec->theta, 0.0);
        break;
    case DDB_DIST_SCRAMBLED_ZIPFIAN:
        DDB_CHECK(spec->n >= 1 && spec->theta > 0.0 && spec->theta < 1.0,
                  "scrambled zipfian n=%llu theta=%g", (unsigned long long)spec->n, spec->theta);
        /* YCSB compares the constant with == too: only 0.99 itself takes the precomputed zeta */
        zipf_init(d, YCSB_ITEM_COUNT + 1, spec->theta,
                  spec->theta == YCSB_ZIPFIAN_CONSTANT ? YCSB_ZETAN : 0.0);
        break;
    case DDB_DIST_LATEST:
        DDB_CHECK(spec->n >= 1 && spec->theta > 0.0 && spec->theta < 1.0,
                  "latest n=%llu theta=%g", (unsigned long long)spec->n, spec->theta);
        d->theta = spec->theta;
        if (spec->n >= 2)
            zipf_init(d, spec->n - 1, spec->theta, 0.0);
        break;
    case DDB_DIST_EXPONENTIAL:
        DDB_CHECK(spec->n >= 1 && spec->percentile > 0.0 && spec->percentile < 100.0 &&
                      spec->frac > 0.0 && spec->frac <= 1.0,
                  "exponential n=%llu percentile=%g frac=%g", (unsigned long long)spec->n,
                  spec->percentile, spec->frac);
        d->gamma = -log(1.0 - spec->percentile / 100.0) / ((double)spec->n * spec->frac);
        break;
    case DDB_DIST_HOTSPOT:
        DDB_CHECK(spec->n >= 1, "hotspot n=%llu", (unsigned long long)spec->n);
        hotspot_init(d, spec->hot_data_fraction, spec->hot_op_fraction);
        break;
    case DDB_DIST_CATEGORICAL:
        categorical_init(d, spec);
        break;
    case DDB_DIST_CONTRIBUTORS:
        contributors_init(d, spec);
        break;
    case DDB_DIST_UNIFORM:
    case DDB_DIST_SEQUENTIAL:
        DDB_CHECK(spec->n >= 1, "n=%llu", (unsigned long long)spec->n);
        break;
    case DDB_DIST_CLOCK:
        d->n = 0;
        break;
    case DDB_DIST_DERIVED:
        DDB_CHECK(spec->n >= 1, "derived n=%llu", (unsigned long long)spec->n);
        break;
    }
    return d;
}

void ddb_dist_free(ddb_dist *d)
{
    if (!d)
        return;
    if (d->alias)
        gsl_ran_discrete_free(d->alias);
    free(d->prob);
    free(d->value_pmf);
    free(d);
}

/* ---- drawing ------------------------------------------------------------------------- */

/* YCSB ZipfianGenerator.nextLong, operation for operation, so a given u gives YCSB's value. */
static uint64_t zipf_draw(const ddb_dist *d, gsl_rng *r)
{
    double u = ddb_rng_uniform(r);
    double uz = u * d->zetan;
    if (uz < 1.0)
        return 0;
    if (uz < d->zipf_one)
        return 1;
    /* YCSB's Math.pow(x, alpha) as exp2(alpha log2 x): the same value to about 1e-14 relative
     * (alpha ~ 100 amplifies log2's rounding), a quarter cheaper than pow on the hot path. The C
     * library's exp2 and log2 are used on purpose: they are short dependency chains (table plus
     * fused multiply-adds), which measured faster here than polynomials with fewer instructions. */
    uint64_t v = (uint64_t)((double)d->zipf_n * exp2(d->alpha * log2(d->eta * u - d->eta + 1.0)));
    return v < d->zipf_n ? v : d->zipf_n - 1; /* pow may round up to 1 as u nears 1 */
}

uint64_t ddb_ycsb_fnvhash64(uint64_t v)
{
    uint64_t h = FNV_OFFSET_BASIS_64;
    for (int i = 0; i < 8; i++) {
        h ^= v & 0xff;
        h *= FNV_PRIME_64; /* Java's long multiply wraps as uint64_t does */
        v >>= 8;           /* Java's >> copies the sign bit in, but only 8 bytes are read */
    }
    /* Math.abs: negative longs are negated; Long.MIN_VALUE stays negative in Java (and would
     * give a negative remainder there); 2^63 here, a deviation of probability 2^-64. */
    return (int64_t)h < 0 && h != (1ULL << 63) ? (uint64_t)0 - h : h;
}

/* The value is fnvhash64 of the rank mod n, as YCSB's nextValue. */
static uint64_t scrambled_draw(const ddb_dist *d, gsl_rng *r)
{
    return ddb_ycsb_fnvhash64(zipf_draw(d, r)) % d->n;
}

/* SkewedLatestGenerator.nextValue with basis.lastValue() = n - 1. */
static uint64_t latest_draw(const ddb_dist *d, gsl_rng *r)
{
    if (d->n < 2)
        return 0;
    return (d->n - 1) - zipf_draw(d, r);
}

/* CoreWorkload.nextKeynum for an ExponentialGenerator: the newest key minus the draw's
 * intValue(), redrawn while negative. -log(u) with u in [0,1) as Java's nextDouble; u = 0 gives
 * infinity, which is redrawn like any distance beyond the oldest key. */
static uint64_t exponential_draw(const ddb_dist *d, gsl_rng *r)
{
    for (;;) {
        double x = -log(ddb_rng_uniform(r)) / d->gamma;
        if (x < (double)d->n) /* (long)x <= n - 1 */
            return (d->n - 1) - (uint64_t)x;
    }
}

static uint64_t hotspot_draw(const ddb_dist *d, gsl_rng *r)
{
    if (ddb_rng_uniform(r) < d->hot_op)
        return uniform_below(r, d->hot_n);
    return d->hot_n + uniform_below(r, d->cold_n);
}

uint64_t ddb_dist_draw(ddb_dist *d, gsl_rng *r)
{
    switch (d->kind) {
    case DDB_DIST_UNIFORM:
        return uniform_below(r, d->n);
    case DDB_DIST_ZIPFIAN:
        return zipf_draw(d, r);
    case DDB_DIST_HOTSPOT:
        return hotspot_draw(d, r);
    case DDB_DIST_SEQUENTIAL: {
        uint64_t v = d->next;
        d->next = v + 1 == d->n ? 0 : v + 1;
        return v;
    }
    case DDB_DIST_CATEGORICAL:
        return (uint64_t)gsl_ran_discrete(r, d->alias);
    case DDB_DIST_CONTRIBUTORS: {
        uint64_t v = (uint64_t)gsl_ran_discrete(r, d->alias);
        return v < d->hot_n ? v : d->hot_n + uniform_below(r, d->n - d->hot_n);
    }
    case DDB_DIST_CLOCK:
        return 0;
    case DDB_DIST_SCRAMBLED_ZIPFIAN:
        return scrambled_draw(d, r);
    case DDB_DIST_LATEST:
        return latest_draw(d, r);
    case DDB_DIST_EXPONENTIAL:
        return exponential_draw(d, r);
    case DDB_DIST_DERIVED: /* computed by the caller from its source: ddb_dist_derive */
        return 0;
    }
    return 0;
}

/* YCSB's ZipfianGenerator.nextLong(itemcount) for a grown item count: zeta(n) extended by the
 * new terms (not summed again), eta recomputed. */
static void zipf_grow(ddb_dist *d, uint64_t items)
{
    if (d->zipf_n == 0) {
        zipf_init(d, items, d->theta, 0.0);
        return;
    }
    double zetan = d->zetan;
    for (uint64_t i = d->zipf_n + 1; i <= items; i++)
        zetan += pow((double)i, -d->theta);
    zipf_init(d, items, d->theta, zetan);
}

uint64_t ddb_dist_insert(ddb_dist *d)
{
    DDB_CHECK(d->kind == DDB_DIST_LATEST || d->kind == DDB_DIST_EXPONENTIAL, "insert into %d",
              (int)d->kind);
    d->n++;
    if (d->kind == DDB_DIST_LATEST)
        zipf_grow(d, d->n - 1); /* latest draws over the n - 1 values below the newest */
    return d->n - 1;
}

/* splitmix64's finaliser: a bijective mix, so the assignment looks random but is fixed. */
static uint64_t mix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

uint64_t ddb_dist_derive(const ddb_dist_spec *spec, uint64_t source_value, uint64_t source_n)
{
    switch (spec->map) {
    case DDB_DERIVE_MOD:
        return source_value % spec->n;
    case DDB_DERIVE_BLOCK: { /* s * n / source_n without overflow: both are below 2^40 */
        __extension__ unsigned __int128 p = (unsigned __int128)source_value * spec->n;
        uint64_t v = (uint64_t)(p / (source_n ? source_n : 1));
        return v < spec->n ? v : spec->n - 1;
    }
    default:
        return mix64(source_value) % spec->n;
    }
}

uint64_t ddb_dist_domain(const ddb_dist_spec *spec)
{
    if (spec->inserts)
        return 0;
    switch (spec->kind) {
    case DDB_DIST_CATEGORICAL:
        return spec->n_labels;
    case DDB_DIST_CLOCK:
        return 0;
    default:
        return spec->n;
    }
}

/* ---- probabilities ------------------------------------------------------------------- */

/* The exact probability of YCSB's output v, by inverting its mapping rather than quoting
 * v^-theta/zeta(n) (which it matches only for v = 0 and 1). With x = eta*u - eta + 1, the third
 * branch returns floor(n x^alpha) for x in [x_c, 1), where u = (1 + 0.5^theta)/zeta(n) gives
 * x_c = (2/n)^(1-theta) exactly; so v >= 2 has x in [s(v), s(v+1)) with s(v) = (v/n)^(1-theta),
 * of u-length (s(v+1) - s(v))/eta. The difference is taken as s(v)*expm1(...) because s(v) and
 * s(v+1) agree in most of their digits when v is large. */
static double zipf_pmf(const ddb_dist *d, uint64_t v)
{
    if (v == 0)
        return 1.0 / d->zetan;
    if (v == 1)
        return (d->zipf_one - 1.0) / d->zetan;
    double e = 1.0 - d->theta;
    double s = pow((double)v / (double)d->zipf_n, e);
    return s * expm1(e * log1p(1.0 / (double)v)) / d->eta;
}

static double hotspot_pmf(const ddb_dist *d, uint64_t v)
{
    if (v < d->hot_n)
        return d->hot_op / (double)d->hot_n;
    return (1.0 - d->hot_op) / (double)d->cold_n;
}

/* P(X = k) for X = floor(Exp(gamma)) is e^(-gamma k) (1 - e^(-gamma)); redrawing beyond n-1
 * divides by P(X <= n-1) = 1 - e^(-gamma n). */
static double exponential_pmf(const ddb_dist *d, uint64_t v)
{
    double k = (double)(d->n - 1 - v);
    return exp(-d->gamma * k) * -expm1(-d->gamma) / -expm1(-d->gamma * (double)d->n);
}

double ddb_dist_rank_pmf(const ddb_dist *d, uint64_t r)
{
    if (d->kind != DDB_DIST_SCRAMBLED_ZIPFIAN || r >= d->zipf_n)
        return 0.0;
    return zipf_pmf(d, r);
}

double ddb_dist_pmf(const ddb_dist *d, uint64_t v)
{
    if (d->kind == DDB_DIST_CLOCK || v >= d->n)
        return 0.0;
    switch (d->kind) {
    case DDB_DIST_ZIPFIAN:
        return zipf_pmf(d, v);
    case DDB_DIST_SCRAMBLED_ZIPFIAN:
        return d->value_pmf ? d->value_pmf[v] : NAN;
    case DDB_DIST_DERIVED: /* depends on its source */
        return NAN;
    case DDB_DIST_LATEST:
        if (d->n < 2)
            return 1.0;
        return v == 0 ? 0.0 : zipf_pmf(d, d->n - 1 - v);
    case DDB_DIST_EXPONENTIAL:
        return exponential_pmf(d, v);
    case DDB_DIST_HOTSPOT:
        return hotspot_pmf(d, v);
    case DDB_DIST_CATEGORICAL:
        return d->prob[v];
    case DDB_DIST_CONTRIBUTORS:
        return v < d->hot_n ? d->prob[v] : d->prob[d->hot_n] / (double)(d->n - d->hot_n);
    default:
        return 1.0 / (double)d->n;
    }
}

bool ddb_dist_has_pmf(const ddb_dist *d)
{
    if (d->kind == DDB_DIST_SCRAMBLED_ZIPFIAN)
        return d->n <= SCRAMBLED_VALUES_MAX;
    return d->kind != DDB_DIST_DERIVED && d->kind != DDB_DIST_CLOCK;
}

/* The head: YCSB's ranks are 10^10, so value v's probability (the sum over the ranks r with
 * fnvhash64(r) mod n = v) cannot be summed whole. The ranks that make a value hot are the first
 * ones: a rank r weighs about r^-theta / zeta, and past the head each rank weighs at most an
 * eighth of a value's even share of what is left (at 2^22 values, where the head is one rank per
 * value; a thirtieth at 10^6 values, far less below), so each value's sum over the rest gathers
 * thousands of small, scrambled terms and is close to that even share. The head's ranks are
 * summed exactly onto their values; the remainder (1 minus the head's sum, exactly the tail's
 * mass up to rounding) is spread evenly. */
bool ddb_dist_prepare_pmf(ddb_dist *d)
{
    if (!ddb_dist_has_pmf(d))
        return false;
    if (d->kind != DDB_DIST_SCRAMBLED_ZIPFIAN || d->value_pmf)
        return true;
    uint64_t head = d->n * SCRAMBLED_HEAD_PER_VALUE;
    head = head < SCRAMBLED_HEAD_MIN   ? SCRAMBLED_HEAD_MIN
           : head > SCRAMBLED_HEAD_MAX ? SCRAMBLED_HEAD_MAX
                                       : head;
    head = head < d->zipf_n ? head : d->zipf_n;
    double *pmf = ddb_xcalloc((size_t)d->n, sizeof *pmf);
    double head_sum = 0.0;
    for (uint64_t r = 0; r < head; r++) {
        double p = zipf_pmf(d, r);
        pmf[ddb_ycsb_fnvhash64(r) % d->n] += p;
        head_sum += p;
    }
    double even = head_sum < 1.0 ? (1.0 - head_sum) / (double)d->n : 0.0;
    for (uint64_t v = 0; v < d->n; v++)
        pmf[v] += even;
    d->value_pmf = pmf;
    return true;
}

void ddb_dist_spec_destroy(ddb_dist_spec *spec)
{
    if (!spec)
        return;
    if (spec->labels)
        for (size_t i = 0; i < spec->n_labels; i++)
            free(spec->labels[i]);
    free(spec->labels);
    free(spec->weights);
    free(spec->from);
    free(spec->path);
    spec->path = NULL;
    spec->labels = NULL;
    spec->weights = NULL;
    spec->from = NULL;
    spec->n_labels = 0;
}

/* ---- item sizes ---------------------------------------------------------------------- */

/* median * exp(sigma z) is exp(ln median + sigma z) with one transcendental call, not two. */
static uint32_t lognormal_bytes(const ddb_size_spec *spec, gsl_rng *r, bool *capped)
{
    double x = spec->median_bytes * exp(spec->sigma * gsl_ran_gaussian_ziggurat(r, 1.0));
    if (!(x < (double)DDB_ITEM_MAX_BYTES + 0.5)) { /* would round above the limit (or inf) */
        *capped = true;
        return DDB_ITEM_MAX_BYTES;
    }
    if (x < 1.5)
        return 1;
    return (uint32_t)(x + 0.5); /* nearest byte, halves up */
}

uint32_t ddb_size_draw(const ddb_size_spec *spec, gsl_rng *r, bool *capped)
{
    switch (spec->kind) {
    case DDB_SIZE_FIXED:
        return spec->bytes;
    case DDB_SIZE_UNIFORM:
        return spec->min_bytes +
               (uint32_t)uniform_below(r, (uint64_t)(spec->max_bytes - spec->min_bytes) + 1);
    case DDB_SIZE_LOGNORMAL:
        return lognormal_bytes(spec, r, capped);
    }
    return spec->bytes;
}

/* Lognormal: the mean of the continuous distribution, m*exp(s^2/2); the cap at 400 KB and the
 * rounding to whole bytes are ignored (both negligible for realistic medians and sigmas). */
double ddb_size_mean(const ddb_size_spec *spec)
{
    switch (spec->kind) {
    case DDB_SIZE_FIXED:
        return (double)spec->bytes;
    case DDB_SIZE_UNIFORM:
        return 0.5 * ((double)spec->min_bytes + (double)spec->max_bytes);
    case DDB_SIZE_LOGNORMAL:
        return spec->median_bytes * exp(0.5 * spec->sigma * spec->sigma);
    }
    return 0.0;
}
