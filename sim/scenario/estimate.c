/* estimate — how much work and output a scenario asks for, estimated before it runs, so that a
 * run of decades or of terabytes is named before it starts (sim/cli asks for --yes). */
#include "sim/scenario/scenario.h"

#include <math.h>
#include <stdio.h>

/* Bytes of one CSV row, about: timeseries.csv's rows are the widest (~150 bytes), partitions.csv's
 * ~100. */
#define ROW_BYTES 150.0
/* The fastest a closed-loop caller goes when think_ms and the service time are both 0: DynamoDB
 * answers in milliseconds; 0.1 ms keeps the bound finite without pretending to precision. */
#define MIN_CYCLE_MS 0.1

static double closed_loop_cycle_ms(const ddb_scenario *s)
{
    double fastest = INFINITY;
    for (int op = 0; op < DDB_OP_COUNT; op++)
        if (!s->has_mix || s->mix[op] > 0)
            fastest = fmin(fastest, s->service[op].median_ms);
    double cycle = s->think_ms + (isfinite(fastest) ? fastest : 0);
    return fmax(cycle, MIN_CYCLE_MS);
}

/* Partitions at the start: DynamoDB's 3,000 RCU + 1,000 WCU or 10 GB each (docs/model.md). */
static double initial_partitions(const ddb_scenario *s)
{
    double rcu = s->billing == DDB_BILLING_ON_DEMAND ? (double)s->warm.read_units_per_s : (double)s->rcu;
    double wcu = s->billing == DDB_BILLING_ON_DEMAND ? (double)s->warm.write_units_per_s : (double)s->wcu;
    double by_rate = ceil(rcu / 3000.0 + wcu / 1000.0), by_size = ceil(s->size_gb / 10.0);
    return fmax(1.0, fmax(by_rate, by_size));
}

void ddb_scenario_estimate(const ddb_scenario *s, ddb_estimate *p)
{
    double duration_s = (double)s->duration_ns / 1e9;
    if (s->has_trace)
        p->requests = 0; /* the trace's lines: bounded by the file, read as the run goes */
    else if (s->concurrency > 0)
        p->requests = (double)s->concurrency * duration_s * 1000.0 / closed_loop_cycle_ms(s);
    else
        p->requests = ddb_rate_expected(&s->rate, duration_s);
    double intervals = ceil((double)s->duration_ns / (double)s->interval_ns);
    double tables = 1.0 + (double)s->n_gsi;
    p->csv_bytes = intervals * tables * (1.0 + initial_partitions(s)) * ROW_BYTES;
}

bool ddb_estimate_huge(const ddb_estimate *p)
{
    return p->requests > DDB_ESTIMATE_MAX_REQUESTS || p->csv_bytes > DDB_ESTIMATE_MAX_CSV_BYTES;
}

void ddb_estimate_text(const ddb_estimate *p, char *buf, size_t cap)
{
    snprintf(buf, cap, "about %.2g requests and %.2g GB of CSV (more than %.0e requests or %.0f GB "
             "is a huge run)", p->requests, p->csv_bytes / 1e9, DDB_ESTIMATE_MAX_REQUESTS,
             DDB_ESTIMATE_MAX_CSV_BYTES / 1e9);
}
