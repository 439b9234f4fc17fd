/* headline — the run's headline figures, defined once (headline.h). */
#include "sim/output/headline.h"

uint64_t ddb_headline_attempts(const ddb_report *r)
{
    return r->total.requests[DDB_READ] + r->total.requests[DDB_WRITE];
}

double ddb_headline_throttle_rate(const ddb_report *r)
{
    uint64_t a = ddb_headline_attempts(r);
    return a ? (double)(r->total.throttles[DDB_READ] + r->total.throttles[DDB_WRITE]) / (double)a : 0.0;
}

double ddb_headline_failure_rate(const ddb_report *r)
{
    return r->total.arrivals ? (double)r->total.failed / (double)r->total.arrivals : 0.0;
}

bool ddb_headline_key_matters(double key_throttles, double key_partition, double hot_partition,
                              double offered_per_s, double cap_per_s)
{
    return (key_throttles > 0 && key_partition == hot_partition) ||
           offered_per_s >= DDB_HEADLINE_KEY_NEAR_CAP * cap_per_s;
}

bool ddb_headline_report_key_matters(const ddb_report *r)
{
    if (!r->has_hot_key)
        return false;
    return ddb_headline_key_matters((double)r->hot_key_throttles, (double)r->hot_key_partition,
                                    r->has_hot_partition ? (double)r->hot_partition : -1.0,
                                    r->hot_key_offered_per_s, r->hot_key_cap_per_s);
}
