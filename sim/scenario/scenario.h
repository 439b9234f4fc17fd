/* scenario — the user's scenario file: parse, apply --set overrides, validate, fill defaults.
 *
 * Every field is described once in a table in fields.c (JSON path, type, default, bounds,
 * help); parsing, validation, defaults, the resolved scenario printed by `ddbsim validate` and the
 * field reference all come from that table. Unknown keys are errors. Errors are one line:
 *   "FILE: JSON.PATH: what is wrong (got VALUE, expected WHAT)"
 * The library never prints; messages go to the caller's buffer.
 */
#ifndef DDB_SCENARIO_H
#define DDB_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cjson/cJSON.h>
#include "sim/model/capacity.h"
#include "sim/model/client.h"
#include "sim/model/dynamics.h"
#include "sim/model/index_spec.h"
#include "sim/model/table.h"
#include "sim/model/retry.h"
#include "workloads/dist.h"
#include "workloads/rate.h"
#include "workloads/template.h"
#include "workloads/trace.h"
#include "workloads/ycsb.h"

#define DDB_ERR_MAX 1024

enum ddb_billing { DDB_BILLING_PROVISIONED, DDB_BILLING_ON_DEMAND };
/* How the engine runs the traffic (sim/engine/aggregate.c). */
enum ddb_simulation { DDB_SIM_EXACT, DDB_SIM_AGGREGATED };

/* "table.capacity_changes[i]" are ddb_capacity_change, "table.autoscaling" (and a GSI's) is
 * ddb_autoscaling (sim/model/dynamics.h): target tracking on one-minute utilisation. A direction
 * is scaled when its min or max is given (the other then defaults to 1 or the table quota). */

/* "table.table_class": what storage and throughput are priced at (sim/scenario/price.h). */
enum ddb_table_class { DDB_CLASS_STANDARD, DDB_CLASS_STANDARD_IA, DDB_TABLE_CLASS_COUNT };

typedef struct ddb_scenario {
    char *source;          /* file name used in messages */
    char *name;            /* "name", default: the file's base name without .json */
    uint64_t seed;         /* "seed", default 1, 0 .. 2^48 */
    int64_t duration_ns;   /* "duration_s", default 60 (with a trace: its span), > 0, <= 1 year */
    bool has_duration;     /* "duration_s" given */
    int64_t interval_ns;   /* "output.interval_s", default 1, >= 0.001, <= duration */
    uint32_t top_keys;     /* "output.top_keys", default 10, 0..10000 */

    char *prices;               /* "prices": a price table file (sim/scenario/price.h); NULL (default):
                                   DDBSIM_PRICES or the shipped us-east-1 table */

    enum ddb_simulation simulation; /* "simulation": "exact" (default) | "aggregated" */
    /* Not a scenario field: set by `plan` for its capacity search. The run may stop at an
     * interval's end once its throttle rate in direction stop_dir is certain to end above
     * stop_above_rate (sim/engine/stop.c; the report's stopped_at_ns). */
    bool has_stop;
    double stop_above_rate;
    int stop_dir;
    enum ddb_billing billing;   /* "table.billing": "provisioned" (default) | "on_demand" */
    enum ddb_table_class table_class; /* "table.table_class": "standard" (default) |
                                         "standard_ia"; only prices it */
    int64_t rcu, wcu;           /* "table.rcu", "table.wcu": required when provisioned (refused
                                   on-demand, then 0), 1 .. the table quota */
    int64_t quota_rcu, quota_wcu; /* "table.quota_rcu", "table.quota_wcu": the per-table quota,
                                     default 40,000, 1 .. 1,000,000 (the table's and each GSI's) */
    /* "table.account_quota_rcu"/"_wcu": the account's provisioned quota, default 80,000,
     * 1 .. 100,000,000: the table and its GSIs together stay within it */
    int64_t account_quota_rcu, account_quota_wcu;
    ddb_capacity_change *capacity_changes; /* "table.capacity_changes": provisioned only, in
                                              time order */
    size_t n_capacity_changes;
    bool has_warm;
    ddb_warm_throughput warm;   /* "table.warm_throughput": on-demand only, default 12,000 reads/s
                                   and 4,000 writes/s */
    int64_t max_rcu, max_wcu;   /* "table.max_rcu", "table.max_wcu": on-demand maximums, 0 = none */
    bool has_autoscaling;
    ddb_autoscaling autoscaling; /* "table.autoscaling": provisioned only */
    bool split_for_heat;        /* "table.split_for_heat", default false */
    double split_heat_threshold; /* "table.split_heat_threshold": fraction of the hard cap, 0.8 */
    int64_t split_heat_window_ns; /* "table.split_heat_window_s", default 120 */
    int64_t split_delay_ns;     /* "table.split_delay_s": from decision to split, default 60 */
    double size_gb;             /* "table.size_gb", default 0, 0 .. 1e6 */
    double burst_s;             /* "table.burst_s", default 300, 0 .. 3600 */
    bool adaptive_capacity;     /* "table.adaptive_capacity", default true */
    bool has_pk;
    ddb_template pk;            /* "table.key.pk": required, except with a trace (which gives the
                                   keys, and then it is refused) */
    bool has_sk;
    ddb_template sk;            /* "table.key.sk": optional */
    size_t n_gsi;               /* "table.gsi": at most DDB_GSI_MAX indexes */
    ddb_gsi_spec *gsi;
    size_t n_lsi;               /* "table.lsi": at most DDB_LSI_MAX indexes */
    ddb_lsi_spec *lsi;
    double item_collection_limit_gb; /* "table.item_collection_limit_gb", default 10 (with LSIs) */
    bool has_item_collection_limit;

    size_t n_attrs;             /* "attributes": { name: { "dist": ..., params } } in file order */
    ddb_attr *attrs;

    bool has_rate;              /* "workload.rate" given: required with open loop
                                   (concurrency 0), refused with closed loop */
    ddb_rate_spec rate;         /* "workload.rate": {"profile":"constant","rps":R} | steps */
    bool has_mix;
    double mix[DDB_OP_COUNT];   /* "workload.mix": weights by op name, sum 1 (+-1e-9); required,
                                   except with a trace (refused then: the trace gives the ops) */
    bool has_item_bytes;
    ddb_size_spec item_bytes;   /* "workload.item_bytes", default {"dist":"fixed","bytes":1024};
                                   refused with a trace (which gives the sizes) */
    char *ycsb;                 /* "workload.ycsb": a YCSB workload file, expanded into attributes,
                                   key, mix, rate, sizes and duration the scenario leaves out */
    char *warnings;             /* lines for the user (unknown YCSB properties ...), or NULL */
    bool has_item_bytes_by_op[DDB_OP_COUNT];
    ddb_size_spec item_bytes_by_op[DDB_OP_COUNT]; /* "workload.item_bytes_by_op": {OP: sizes}
                                   for get, put, update, delete, query, scan; the others take
                                   item_bytes (a batch's items: put's and get's) */
    bool has_trace;
    ddb_trace_spec trace;       /* "workload.trace": replay this trace instead of generating
                                   arrivals, keys, operations and sizes (workloads/trace.h) */
    char *gsi_query_index;      /* "workload.gsi_query_index": optional, a name of table.gsi */
    size_t gsi_query_gsi;       /* its index in gsi (0, the first, by default) */
    enum ddb_consistency consistency; /* "workload.consistency", default "eventual" */
    uint32_t items_per_query;   /* "workload.items_per_query", default 10, 1..10000 */
    uint32_t scan_page_items;   /* "workload.scan_page_items", default 100, 1..100000 */

    uint32_t batch_write_items; /* "workload.batch_write_items", default 25, 1..25 */
    uint32_t batch_get_items;   /* "workload.batch_get_items", default 100, 1..100 */
    uint32_t transact_items;    /* "workload.transact_items", 1..100; absent: 2 (checks.c) */
    bool has_transact_items;

    enum ddb_retry_mode retry_mode; /* "client.retry.mode", default "standard" */
    uint32_t max_attempts;          /* "client.retry.max_attempts", default per mode, 1..100 */
    double retry_base_ms;           /* "client.retry.base_ms": base delay after a throttle,
                                       default per mode, 0..60000 */
    double retry_max_backoff_ms;    /* "client.retry.max_backoff_ms", default per mode (20000),
                                       >= base_ms, <= 600000 */
    uint32_t retry_quota;           /* "client.retry.quota": the client's retry token bucket,
                                       default per mode (0 = none), 0..1000000 */
    uint32_t concurrency;           /* "client.concurrency": closed-loop callers; 0 (default) =
                                       open loop, driven by workload.rate; 0..1000000 */
    uint32_t instances;             /* "client.instances": SDK clients the requests are spread
                                       over, each with its own quota and limiter; default 1,
                                       1..4096 */
    double think_ms;                /* "client.think_ms": a caller's pause between a response
                                       and its next request, default 0, 0..3600000 */
    ddb_service_spec service[DDB_OP_COUNT]; /* "client.service_ms.OP": {"median": ms, "sigma"} */

    cJSON *resolved;            /* the scenario as understood, every default filled in (owned) */
} ddb_scenario;

/* Parse json_text (named source in messages), apply sets ("PATH=VALUE", as `--set`), validate.
 * Returns 0, or -1 with one line in err (errlen >= DDB_ERR_MAX recommended) and *out untouched
 * (nothing to destroy). */
int ddb_scenario_parse(ddb_scenario *out, const char *json_text, size_t len, const char *source,
                       const char *const *sets, size_t n_sets, char *err, size_t errlen);
/* Read the file and parse it; an unreadable file is an error naming the file and errno's text. */
int ddb_scenario_load(ddb_scenario *out, const char *path, const char *const *sets,
                      size_t n_sets, char *err, size_t errlen);
void ddb_scenario_destroy(ddb_scenario *s);
/* The resolved scenario as pretty JSON (malloc'd, caller frees). */
char *ddb_scenario_resolved_text(const ddb_scenario *s);
/* The field reference in Markdown, generated from the field table (malloc'd, caller frees). */
char *ddb_scenario_reference(void);
/* The scenario format as a JSON Schema (draft 2020-12), generated from the field table
 * (malloc'd, caller frees). */
char *ddb_scenario_json_schema(void);
/* Index of the attribute with this name, or -1. */
long ddb_scenario_attr_index(const ddb_scenario *s, const char *name);

/* The provisioned capacity of all the scenario's GSIs together, RCU and WCU (0 on-demand): what
 * they take of the account's quota beside the table. */
void ddb_gsi_capacity(const ddb_scenario *s, int64_t out[2]);
/* GSI i's size when the scenario leaves it out: the table's size_gb, scaled for other projections
 * by entry bytes / the mean size of the items puts write, at most 1 (every item taken to be in
 * the index; an entry holds no more than its item). */
double ddb_gsi_default_size_gb(const ddb_scenario *s, size_t i);

/* How much a run of the scenario asks for, estimated before it starts (sim/scenario/estimate.c):
 * requests from the rate over duration_s (closed loop: callers x duration / (think_ms + the
 * fastest service time)); bytes of CSV from the intervals x (the initial partitions + 1) x
 * (1 + GSIs), ~150 bytes a row. A trace's requests are not projected (the file bounds them). */
#define DDB_ESTIMATE_MAX_REQUESTS 1e10
#define DDB_ESTIMATE_MAX_CSV_BYTES 1e10
typedef struct ddb_estimate {
    double requests, csv_bytes;
} ddb_estimate;
void ddb_scenario_estimate(const ddb_scenario *s, ddb_estimate *p);
/* Over DDB_ESTIMATE_MAX_REQUESTS requests or DDB_ESTIMATE_MAX_CSV_BYTES of CSV. */
bool ddb_estimate_huge(const ddb_estimate *p);
/* "about 3.6e+13 requests and 0.5 GB of CSV (more than 1e+10 requests or 10 GB is a huge run)" */
void ddb_estimate_text(const ddb_estimate *p, char *buf, size_t cap);

#endif
