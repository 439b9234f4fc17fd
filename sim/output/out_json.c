/* out_json — the summary. See out_json.h. */
#include "sim/output/out_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sim/model/keyspace.h"
#include "sim/output/cost.h"
#include "sim/output/headline.h"
#include "sim/scenario/price.h"

/* Rates and fractions rounded to 6 significant decimals keep the file readable and stable. */
static double round6(double x) { return round(x * 1e6) / 1e6; }

static void add_totals(cJSON *o, const ddb_report *r)
{
    const ddb_counters *c = &r->total;
    cJSON *t = cJSON_AddObjectToObject(o, "totals");
    cJSON_AddNumberToObject(t, "logical_requests", (double)c->arrivals);
    cJSON_AddNumberToObject(t, "read_requests", (double)c->requests[DDB_READ]);
    cJSON_AddNumberToObject(t, "write_requests", (double)c->requests[DDB_WRITE]);
    cJSON_AddNumberToObject(t, "read_throttles", (double)c->throttles[DDB_READ]);
    cJSON_AddNumberToObject(t, "write_throttles", (double)c->throttles[DDB_WRITE]);
    cJSON_AddNumberToObject(t, "retries", (double)c->retries);
    cJSON_AddNumberToObject(t, "succeeded", (double)c->succeeded);
    cJSON_AddNumberToObject(t, "failed", (double)c->failed);
    cJSON_AddNumberToObject(t, "in_flight_at_end", (double)r->in_flight_at_end);
    cJSON_AddNumberToObject(t, "consumed_rcu", (double)c->consumed_milli[DDB_READ] / 1000.0);
    cJSON_AddNumberToObject(t, "consumed_wcu", (double)c->consumed_milli[DDB_WRITE] / 1000.0);
    cJSON_AddNumberToObject(t, "offered_rcu", (double)c->offered_first_milli[DDB_READ] / 1000.0);
    cJSON_AddNumberToObject(t, "offered_wcu", (double)c->offered_first_milli[DDB_WRITE] / 1000.0);
    cJSON_AddNumberToObject(t, "adaptive_borrowed_rcu", (double)r->borrowed_milli[DDB_READ] / 1000.0);
    cJSON_AddNumberToObject(t, "adaptive_borrowed_wcu", (double)r->borrowed_milli[DDB_WRITE] / 1000.0);
    cJSON_AddNumberToObject(t, "distinct_keys", (double)r->distinct_keys);
    cJSON_AddNumberToObject(t, "untracked_key_requests", (double)r->untracked_requests);
    cJSON_AddNumberToObject(t, "items_capped_at_400kb", (double)r->capped_items);
}

/* Only with a replayed trace, so that other runs' summaries keep their bytes. */
static void add_trace(cJSON *o, const ddb_scenario *s, const ddb_report *r)
{
    cJSON *t = cJSON_AddObjectToObject(o, "trace");
    cJSON_AddStringToObject(t, "path", s->trace.path);
    cJSON_AddStringToObject(t, "format", ddb_trace_format_names[s->trace.format]);
    cJSON_AddNumberToObject(t, "lines", (double)r->trace_lines);
    cJSON_AddNumberToObject(t, "skipped_bad_lines", (double)r->trace_skipped);
}

/* Only when the scenario asks for the aggregated mode, so that exact runs' summaries keep their
 * bytes: without it the run was exact, per request (the default). */
static void add_simulation(cJSON *o, const ddb_report *r)
{
    cJSON *m = cJSON_AddObjectToObject(o, "simulation");
    cJSON_AddStringToObject(m, "mode", r->aggregated ? "aggregated" : "exact");
    if (r->aggregated) {
        cJSON_AddNumberToObject(m, "aggregated_requests", (double)r->aggregated_requests);
        cJSON_AddNumberToObject(m, "per_request_requests", (double)r->per_request_requests);
    } else {
        cJSON_AddStringToObject(m, "why_exact", r->exact_why);
    }
}

static void add_throttles(cJSON *o, const ddb_report *r)
{
    const ddb_counters *c = &r->total;
    uint64_t attempts = ddb_headline_attempts(r);
    cJSON_AddNumberToObject(o, "throttle_rate", round6(ddb_headline_throttle_rate(r)));
    cJSON *counts = cJSON_AddObjectToObject(o, "throttles_by_reason");
    cJSON *rates = cJSON_AddObjectToObject(o, "throttle_rate_by_reason");
    uint64_t aws[DDB_AWS_REASON_COUNT];
    ddb_report_aws_throttles(r, aws);
    for (size_t k = 0; k < DDB_AWS_REASON_COUNT; k++) {
        cJSON_AddNumberToObject(counts, ddb_aws_reason_name[k], (double)aws[k]);
        cJSON_AddNumberToObject(rates, ddb_aws_reason_name[k],
                                attempts ? round6((double)aws[k] / (double)attempts) : 0.0);
    }
    /* ddbsim's finer causes, both directions together (timeseries.csv's throttles_<cause>) */
    cJSON *causes = cJSON_AddObjectToObject(o, "throttles_by_cause");
    for (int reason = 1; reason < DDB_THROTTLE_REASON_COUNT; reason++)
        cJSON_AddNumberToObject(causes, ddb_throttle_column[reason],
                                (double)(c->by_reason[DDB_READ][reason] + c->by_reason[DDB_WRITE][reason]));
}

static const char *dir_unit(enum ddb_dir d) { return d == DDB_READ ? "rcu" : "wcu"; }

static void add_hot_partition(cJSON *o, const ddb_report *r)
{
    if (!r->has_hot_partition) {
        cJSON_AddNullToObject(o, "hottest_partition");
        return;
    }
    cJSON *h = cJSON_AddObjectToObject(o, "hottest_partition");
    cJSON_AddNumberToObject(h, "partition", (double)r->hot_partition);
    cJSON_AddStringToObject(h, "capacity", dir_unit(r->hot_dir));
    cJSON_AddNumberToObject(h, "peak_consumed_per_s", round6(r->hot_peak_per_s));
    cJSON_AddNumberToObject(h, "peak_at_s", round6(r->hot_peak_at_s));
    cJSON_AddNumberToObject(h, "share_per_s", round6(r->hot_share_per_s));
    cJSON_AddNumberToObject(h, "hard_cap_per_s", r->hot_cap_per_s);
    cJSON_AddNumberToObject(h, "peak_utilization_of_hard_cap",
                            round6(r->hot_peak_per_s / r->hot_cap_per_s));
    cJSON_AddNumberToObject(h, "read_throttles", (double)r->hot_throttles[DDB_READ]);
    cJSON_AddNumberToObject(h, "write_throttles", (double)r->hot_throttles[DDB_WRITE]);
}

static void add_hot_key(cJSON *o, const ddb_report *r)
{
    if (!r->has_hot_key) {
        cJSON_AddNullToObject(o, "hottest_key");
        return;
    }
    cJSON *h = cJSON_AddObjectToObject(o, "hottest_key");
    cJSON_AddStringToObject(h, "key", r->hot_key);
    cJSON_AddNumberToObject(h, "partition", (double)r->hot_key_partition);
    cJSON_AddStringToObject(h, "capacity", dir_unit(r->hot_key_dir));
    cJSON_AddNumberToObject(h, "offered_per_s", round6(r->hot_key_offered_per_s));
    cJSON_AddNumberToObject(h, "attempted_per_s", round6(r->hot_key_attempted_per_s));
    cJSON_AddNumberToObject(h, "consumed_per_s", round6(r->hot_key_consumed_per_s));
    cJSON_AddNumberToObject(h, "hard_cap_per_s", r->hot_key_cap_per_s);
    cJSON_AddNumberToObject(h, "requests", (double)r->hot_key_requests);
    cJSON_AddNumberToObject(h, "throttles", (double)r->hot_key_throttles);
}

/* "gsi": per index, its capacity, what it consumed, its lag, and the conservation of its writes:
 * index_writes = applied + in_backlog_at_end + propagating_at_end. */
static void add_gsis(cJSON *o, const ddb_report *r)
{
    cJSON *arr = cJSON_AddArrayToObject(o, "gsi");
    for (size_t i = 0; i < r->n_gsi; i++) {
        const ddb_gsi_report *g = &r->gsi[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddItemToArray(arr, x);
        cJSON_AddStringToObject(x, "name", g->name);
        cJSON_AddNumberToObject(x, "partitions", (double)g->n_partitions);
        cJSON_AddNumberToObject(x, "provisioned_rcu", (double)g->rcu);
        cJSON_AddNumberToObject(x, "provisioned_wcu", (double)g->wcu);
        cJSON_AddNumberToObject(x, "write_requests", (double)g->total.requests[DDB_WRITE]);
        cJSON_AddNumberToObject(x, "write_throttles", (double)g->total.throttles[DDB_WRITE]);
        cJSON_AddNumberToObject(x, "consumed_wcu", (double)g->total.consumed_milli[DDB_WRITE] / 1000.0);
        cJSON_AddNumberToObject(x, "read_requests", (double)g->total.requests[DDB_READ]);
        cJSON_AddNumberToObject(x, "read_throttles", (double)g->total.throttles[DDB_READ]);
        cJSON_AddNumberToObject(x, "consumed_rcu", (double)g->total.consumed_milli[DDB_READ] / 1000.0);
        cJSON_AddNumberToObject(x, "index_writes", (double)g->index_writes);
        cJSON_AddNumberToObject(x, "applied", (double)g->applied);
        cJSON_AddNumberToObject(x, "in_backlog_at_end", (double)g->in_backlog_at_end);
        cJSON_AddNumberToObject(x, "propagating_at_end", (double)g->propagating_at_end);
        cJSON_AddNumberToObject(x, "max_backlog", (double)g->max_backlog);
        cJSON_AddNumberToObject(x, "backpressure_throttles", (double)g->backpressure_throttles);
        cJSON_AddNumberToObject(x, "gsi_reads", (double)g->reads);
        cJSON_AddNumberToObject(x, "stale_reads", (double)g->stale_reads);
        cJSON_AddNumberToObject(x, "lag_p50_ms", round6(g->lag_ms[0]));
        cJSON_AddNumberToObject(x, "lag_p99_ms", round6(g->lag_ms[1]));
        cJSON_AddNumberToObject(x, "lag_max_ms", round6(g->lag_ms[2]));
    }
}

/* "lsi": the indexes and their item collections' limit, with the writes it refused. */
static void add_lsis(cJSON *o, const ddb_scenario *s, const ddb_report *r)
{
    cJSON *x = cJSON_AddObjectToObject(o, "lsi");
    cJSON *names = cJSON_AddArrayToObject(x, "indexes");
    for (size_t i = 0; i < s->n_lsi; i++)
        cJSON_AddItemToArray(names, cJSON_CreateString(s->lsi[i].name));
    cJSON_AddNumberToObject(x, "item_collection_limit_gb", s->item_collection_limit_gb);
    cJSON_AddNumberToObject(x, "largest_item_collection_gb",
                            round6((double)r->largest_collection_kb / (1024.0 * 1024.0)));
    cJSON_AddNumberToObject(x, "ItemCollectionSizeLimitExceededException",
                            (double)r->total.item_collection_size_limit);
}

/* "transactions": cancellations by AWS's cancellation reason, and conflicts by CloudWatch's name. */
static void add_transactions(cJSON *o, const ddb_scenario *s, const ddb_report *r)
{
    const ddb_counters *t = &r->total;
    cJSON *x = cJSON_AddObjectToObject(o, "transactions");
    cJSON_AddNumberToObject(x, "items", s->transact_items);
    cJSON_AddNumberToObject(x, "TransactionCanceledException",
                            (double)(t->tx_cancelled_throttling + t->tx_cancelled_conflict));
    cJSON *why = cJSON_AddObjectToObject(x, "cancellation_reasons");
    cJSON_AddNumberToObject(why, "ThrottlingError", (double)t->tx_cancelled_throttling);
    cJSON_AddNumberToObject(why, "TransactionConflict", (double)t->tx_cancelled_conflict);
    cJSON_AddNumberToObject(x, "TransactionConflict", (double)t->tx_conflict_items);
    cJSON_AddNumberToObject(x, "TransactionConflictException", (double)t->tx_conflict_writes);
}

/* A monthly cost: a number rounded to 6 decimals, or "no price". */
static void add_usd(cJSON *o, const char *name, double usd)
{
    if (isnan(usd))
        cJSON_AddStringToObject(o, name, "no price");
    else
        cJSON_AddNumberToObject(o, name, round6(usd));
}

/* "cost": the scenario's table class first, then both classes side by side (sim/output/cost.h). The
 * price table comes from the process-wide cache, which the scenario parser filled. */
static void add_cost(cJSON *o, const ddb_scenario *s, const ddb_report *r)
{
    char err[DDB_ERR_MAX];
    const ddb_price_table *t = ddb_price_cached(s->prices, err, sizeof err);
    cJSON *c = cJSON_AddObjectToObject(o, "cost");
    if (!t) {
        cJSON_AddStringToObject(c, "table_class", ddb_table_class_name(s->table_class));
        cJSON_AddStringToObject(c, "provisioned_per_month_usd", "no price");
        cJSON_AddStringToObject(c, "on_demand_per_month_usd", "no price");
        cJSON_AddStringToObject(c, "error", err);
        cJSON_AddStringToObject(c, "assumptions", ddb_cost_assumptions);
        return;
    }
    ddb_cost cost;
    ddb_cost_of_run(t, s, r, &cost);
    cJSON_AddStringToObject(c, "region", t->region);
    cJSON_AddStringToObject(c, "as_of", t->as_of);
    cJSON_AddStringToObject(c, "currency", t->currency);
    /* As the scenario names it; the default by its file name only, so that the summary does not
     * depend on where the project was checked out. */
    if (s->prices) {
        cJSON_AddStringToObject(c, "prices", s->prices);
    } else {
        const char *slash = strrchr(t->path, '/');
        char text[256];
        snprintf(text, sizeof text, "default: %s", slash ? slash + 1 : t->path);
        cJSON_AddStringToObject(c, "prices", text);
    }
    cJSON_AddStringToObject(c, "table_class", ddb_table_class_name(s->table_class));
    add_usd(c, "provisioned_per_month_usd", cost.provisioned_usd[s->table_class]);
    add_usd(c, "on_demand_per_month_usd", cost.on_demand_usd[s->table_class]);
    cJSON *by = cJSON_AddObjectToObject(c, "by_table_class");
    for (int k = 0; k < DDB_TABLE_CLASS_COUNT; k++) {
        cJSON *one = cJSON_AddObjectToObject(by, ddb_table_class_name((enum ddb_table_class)k));
        add_usd(one, "provisioned_per_month_usd", cost.provisioned_usd[k]);
        add_usd(one, "on_demand_per_month_usd", cost.on_demand_usd[k]);
    }
    cJSON_AddStringToObject(c, "assumptions", ddb_cost_assumptions);
}

void ddb_summary_write(FILE *f, const ddb_scenario *s, const ddb_report *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "ddbsim_version", DDBSIM_VERSION);
    cJSON_AddStringToObject(o, "name", s->name);
    cJSON_AddNumberToObject(o, "seed", (double)s->seed);
    cJSON_AddNumberToObject(o, "duration_s", (double)s->duration_ns / 1e9);
    cJSON *t = cJSON_AddObjectToObject(o, "table");
    cJSON_AddNumberToObject(t, "partitions", (double)r->n_partitions);
    cJSON_AddNumberToObject(t, "splits", (double)r->n_splits);
    cJSON_AddStringToObject(t, "billing", s->billing == DDB_BILLING_ON_DEMAND ? "on_demand"
                                                                              : "provisioned");
    cJSON_AddNumberToObject(t, "provisioned_rcu", (double)s->rcu);
    cJSON_AddNumberToObject(t, "provisioned_wcu", (double)s->wcu);
    cJSON_AddNumberToObject(t, "partition_share_rcu", (double)r->share_milli[DDB_READ] / 1000.0);
    cJSON_AddNumberToObject(t, "partition_share_wcu", (double)r->share_milli[DDB_WRITE] / 1000.0);
    cJSON_AddNumberToObject(t, "partition_max_rcu", DDB_PARTITION_MAX_RCU);
    cJSON_AddNumberToObject(t, "partition_max_wcu", DDB_PARTITION_MAX_WCU);
    add_totals(o, r);
    if (r->has_trace)
        add_trace(o, s, r);
    if (r->aggregated || r->exact_why)
        add_simulation(o, r);
    add_throttles(o, r);
    cJSON *lat = cJSON_AddObjectToObject(o, "latency_ms");
    cJSON_AddNumberToObject(lat, "p50", round6(r->latency_ms[0]));
    cJSON_AddNumberToObject(lat, "p99", round6(r->latency_ms[1]));
    cJSON_AddNumberToObject(lat, "p999", round6(r->latency_ms[2]));
    cJSON_AddNumberToObject(lat, "samples", (double)r->latency_samples);
    add_hot_partition(o, r);
    add_hot_key(o, r);
    if (r->n_gsi)
        add_gsis(o, r);
    if (s->n_lsi)
        add_lsis(o, s, r);
    if (s->mix[DDB_OP_TRANSACT_WRITE] > 0 || s->mix[DDB_OP_TRANSACT_GET] > 0)
        add_transactions(o, s, r);
    add_cost(o, s, r);
    cJSON_AddItemToObject(o, "scenario", cJSON_Duplicate(s->resolved, 1));
    char *text = cJSON_Print(o);
    fputs(text, f);
    fputc('\n', f);
    cJSON_free(text);
    cJSON_Delete(o);
}
