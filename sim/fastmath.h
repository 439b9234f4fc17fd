/* fastmath — exp, exp2 and log2 for the hot path, to within 1e-15 relative (exp2; exp adds the
 * rounding of x log2 e, 3e-15 at |x| = 20) and 6e-16 absolute or relative, whichever is larger
 * (log2), at a fraction of the C library's cost.
 *
 * Two draws run once per request: the service time (a lognormal: exp of a normal) and the
 * zipfian key (YCSB's pow(x, alpha), alpha = 1/(1 - theta), as exp2(alpha log2 x)). Both only
 * need the value to far better than a model can tell, not correct rounding.
 *   exp2: 2^x = 2^k 2^(j/64) 2^(r/64) with a table for 2^(j/64) and a degree-5 polynomial for
 *         e^(r ln2/64), |r ln2/64| < 0.011: truncation below 3e-15 relative.
 *   log2: x = 2^e m, m in [1, 2); with c_j the middle of m's 128th of [1, 2),
 *         log2 x = e + log2 c_j + log2(1 + (m/c_j - 1)), |m/c_j - 1| < 1/256, by a degree-6
 *         series for log1p: truncation below 3e-18 absolute.
 * Arguments are finite; exp2 and exp expect results inside the normal range (|x| < 1000 for
 * exp2), fall back to ldexp beyond and need |x| < 2^57 for exp2; log2 expects x > 0 normal (subnormals go to log2()).
 */
#ifndef DDB_FASTMATH_H
#define DDB_FASTMATH_H

#include <math.h>
#include <stdint.h>
#include <string.h>

extern const double ddb_exp2_64ths[64];
extern const double ddb_log2_inv_c[128];
extern const double ddb_log2_c[128];

static inline double ddb_exp2_fast(double x)
{
    double y = x * 64.0; /* in 64ths */
    /* floor(y) by truncation (one instruction; floor is a call without SSE4.1); |y| < 2^63 */
    long whole = (long)y;
    whole -= (double)whole > y;
    double r = (y - (double)whole) * (0.6931471805599453 / 64.0);
    long j = whole & 63;
    double p = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6 + r * (1.0 / 24 + r * (1.0 / 120 + r / 720)))));
    long k = (whole - j) / 64;
    if (k < -1000 || k > 1000)
        return ldexp(ddb_exp2_64ths[j] * p, (int)k);
    /* 2^k built from its bits: ldexp is a library call */
    uint64_t bits = (uint64_t)(k + 1023) << 52;
    double two_k;
    memcpy(&two_k, &bits, sizeof two_k);
    return ddb_exp2_64ths[j] * p * two_k;
}

static inline double ddb_exp_fast(double x) { return ddb_exp2_fast(x * 1.4426950408889634); }

static inline double ddb_log2_fast(double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int e = (int)(bits >> 52 & 0x7ff);
    if (e == 0 || e == 0x7ff || (bits >> 63))
        return log2(x); /* zero, subnormal, negative, inf, nan: the library's answer */
    uint64_t m_bits = (bits & 0x000fffffffffffffULL) | 0x3ff0000000000000ULL;
    double m;
    memcpy(&m, &m_bits, sizeof m);
    unsigned j = (unsigned)(bits >> 45 & 127);
    double r = m * ddb_log2_inv_c[j] - 1.0;
    double l1p = r * (1.0 + r * (-0.5 + r * (1.0 / 3 + r * (-0.25 + r * (0.2 + r * (-1.0 / 6))))));
    return (double)(e - 1023) + ddb_log2_c[j] + l1p * 1.4426950408889634;
}

#endif
