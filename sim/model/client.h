/* client — the SDK client the workload's callers share: its retry policy and retry quota, the
 * adaptive mode's client-side rate limiter, and how long the service takes to answer an attempt.
 *
 * A scenario has client.instances of them (a fleet of application hosts, one SDK client each):
 * each has its own quota and limiter, shared by the requests it sends. Times are simulated
 * nanoseconds.
 */
#ifndef DDB_CLIENT_H
#define DDB_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <gsl/gsl_rng.h>
#include "sim/model/retry.h"
#include "workloads/ops.h"

#define DDB_CLIENT_AHEAD 64

/* Service time of one attempt of an operation: lognormal with this median (ms) and sigma. */
typedef struct ddb_service_spec {
    double median_ms, sigma;
} ddb_service_spec;

/* What the scenario's "client" object sets for every instance (sim/scenario/configs.h). */
typedef struct ddb_client_config {
    enum ddb_retry_mode retry_mode;
    uint32_t max_attempts;
    double retry_base_ms, retry_max_backoff_ms;
    uint32_t retry_quota;
    ddb_service_spec service[DDB_OP_COUNT]; /* per operation */
    uint64_t seed;               /* the run's seed: each instance's streams derive from it */
} ddb_client_config;

typedef struct ddb_client {
    ddb_retry_config retry;
    ddb_retry_quota quota;
    ddb_retry_limiter limiter;
    bool adaptive;
    ddb_service_spec service[DDB_OP_COUNT];
    gsl_rng *rng_retry, *rng_service;
    /* Service-time draws made ahead in a batch (the same sequence, drawn in a tight loop): the
     * factor e^(sigma z) when every operation has the same sigma, else z itself. */
    double ahead[DDB_CLIENT_AHEAD];
    unsigned ahead_pos;
    bool same_sigma;
    /* successes counted over a time span, refunded as it passes (ddb_client_successes) */
    uint64_t spread_n, spread_done;
    int64_t spread_from_ns, spread_to_ns;
} ddb_client;

/* Client instance `instance` of the scenario's client.instances: each draws its backoff jitter
 * and service times from streams of its own. */
void ddb_client_init(ddb_client *c, const ddb_client_config *cfg, uint32_t instance);
void ddb_client_destroy(ddb_client *c);
/* How long the service takes to answer one attempt of op (lognormal, at least 1 us). */
int64_t ddb_client_service_ns(ddb_client *c, enum ddb_op op);
/* The longest of n >= 1 service times of op, drawn as n calls of ddb_client_service_ns would:
 * requests sent together (a read fanned out over shards) answer when the slowest does. */
int64_t ddb_client_slowest_ns(ddb_client *c, enum ddb_op op, uint32_t n);
/* Whether an attempt ready at now_ns may be sent now (adaptive mode's limiter takes a token);
 * when not, *retry_at_ns is when the limiter will have one. Always true outside adaptive mode. */
bool ddb_client_try_send(ddb_client *c, int64_t now_ns, int64_t *retry_at_ns);
/* A response arrived at now_ns; throttled = the attempt was refused (or a batch left items). */
void ddb_client_response(ddb_client *c, int64_t now_ns, bool throttled);
/* After attempt `failed_attempt` was throttled: the backoff before the next attempt, or -1 when
 * there is none (attempts or quota spent). *retry_cost is what the quota lent for it. */
int64_t ddb_client_retry_after(ddb_client *c, uint32_t failed_attempt, uint32_t *retry_cost);
/* A logical request succeeded; last_retry_cost = the cost of its last retry (0: none). */
void ddb_client_success(ddb_client *c, uint32_t last_retry_cost);
/* n logical requests succeeded at their first attempt, evenly over [from_ns, to_ns) (the
 * aggregated mode's counts): n calls of ddb_client_success(c, 0) spread over that time, credited
 * as time passes (each ddb_client_response), since the quota's cap makes a lump different. */
void ddb_client_successes(ddb_client *c, uint64_t n, int64_t from_ns, int64_t to_ns);

#endif
