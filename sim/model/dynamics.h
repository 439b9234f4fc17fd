/* dynamics — capacity that moves during a run: scheduled capacity changes (UpdateTable),
 * partitions that follow capacity (doubling), on-demand growth, splits for heat and for size.
 * Everything it changes it records as a row of events.csv.
 *
 * The engine calls ddb_dynamics_run at ddb_dynamics_next_ns (and never later than the next
 * request): what is due runs then, against the table and what the metrics have counted so far.
 * When nothing of this is in the scenario, next_ns is INT64_MAX and the run is exactly as without
 * dynamics.
 *
 * The rules and their numbers (docs/model.md §2, §5 and §6, with the choices where AWS is silent):
 *   - doubling: when a partition's share exceeds what it can serve (share/3000 RCU + share/1000
 *     WCU > 1), every partition splits at the middle of its range, until none does;
 *   - on-demand: the allowance is max(warm throughput, 2 x the highest one-minute average served
 *     in the last 30 minutes), re-evaluated at each whole minute; the warm throughput grows to the
 *     highest one-minute average served and never shrinks;
 *   - split for heat: at the end of each window (split_heat_window_s), a partition that consumed
 *     at least split_heat_threshold of its hard cap (either direction) over the whole window is
 *     split split_delay_s later, weighing its keys' traffic in that window (what they offered,
 *     consumed or refused, reads + 3 x writes): at the hash that halves it; when one key carries
 *     half of it or more, beside that key (on the side whose keys carry more), so that it sits
 *     alone after the next window's split; not when the traffic is one key's (event no_split);
 *   - auto scaling (table.autoscaling, or a GSI's autoscaling): at each whole minute, per scaled direction, utilisation =
 *     the minute's consumption / provisioned; 2 consecutive minutes above the target decide a
 *     scale-out, 15 below target - 0.2 a scale-in, to consumed / target within min and max; the
 *     alarm fires alarm_lag_s after the deciding datapoint and the new rate then takes update_s
 *     (event autoscaling at the deciding datapoint, capacity_change when the rate applies,
 *     alarm_lag_s + update_s later; no new decision meanwhile). Decreases per UTC day: any 4, then one more whenever
 *     the last was an hour ago or more, at most 27;
 *   - split for size: a partition holding more than 10 GB splits at its middle split_delay_s later;
 *     with a sort key, data grows by the billed size of every admitted put (sim/engine/engine.c); a
 *     table with a partition key alone is taken to hold its keys' items from the start.
 */
#ifndef DDB_DYNAMICS_H
#define DDB_DYNAMICS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/model/table.h"

#define DDB_ON_DEMAND_PEAK_MINUTES 30
#define DDB_AUTOSCALING_OUT_MINUTES 2
#define DDB_AUTOSCALING_IN_MINUTES 15
#define DDB_AUTOSCALING_IN_MARGIN 0.2
#define DDB_AUTOSCALING_DECREASES_ANY 4
#define DDB_AUTOSCALING_DECREASES_MAX 27

/* A scheduled capacity change (UpdateTable): the new rate from at_ns on (0: unchanged). */
typedef struct ddb_capacity_change {
    int64_t at_ns;
    int64_t rcu, wcu;
} ddb_capacity_change;

/* Target tracking auto scaling of a table or an index (provisioned only). */
typedef struct ddb_autoscaling {
    double target_utilization;     /* 0.2 .. 0.9, default 0.7 */
    int64_t min_rcu, max_rcu, min_wcu, max_wcu; /* 0 = not given */
    int64_t alarm_lag_ns;          /* "alarm_lag_s": from the deciding datapoint to the alarm
                                      invoking the scaling (CloudWatch's delay), default 120 */
    int64_t update_ns;             /* "update_s": how long UpdateTable takes, default 180 */
} ddb_autoscaling;

/* What moves one table's capacity (the scenario layer fills it: sim/scenario/configs.h). */
typedef struct ddb_dynamics_config {
    const char *index;         /* events.csv's index: "table" or the GSI's name */
    bool on_demand;
    const ddb_autoscaling *autoscaling;  /* NULL: none */
    const ddb_capacity_change *changes;  /* scheduled changes, in time order */
    size_t n_changes;
    bool split_for_heat;
    bool grows;                /* the workload writes new items: data grows (splits for size) */
    double split_heat_threshold;  /* of the hard cap, over a whole window */
    int64_t split_heat_window_ns;
    int64_t split_delay_ns;    /* from a split's decision to the split */
} ddb_dynamics_config;

typedef struct ddb_dyn_event {
    int64_t t_ns;
    const char *kind;          /* "capacity_change", "split", "no_split", "on_demand_capacity",
                                  "autoscaling" */
    uint32_t partition;        /* DDB_PARTITION_NONE: the table */
    char detail[96];
} ddb_dyn_event;

typedef struct ddb_pending_split {
    int64_t at_ns;
    uint32_t partition;
    uint64_t hash;             /* where: the first hash of the upper part */
    bool for_heat;             /* else for size */
} ddb_pending_split;

/* The account's provisioned quota at run time, shared by a table's dynamics and its GSIs': the
 * capacity they have now, together, against table.account_quota_rcu/wcu. */
typedef struct ddb_account {
    int64_t quota[2];          /* units per second, by enum ddb_dir */
    int64_t provisioned[2];    /* the table's and its GSIs' provisioned capacity now */
} ddb_account;

typedef struct ddb_dynamics {
    ddb_dynamics_config cfg;
    ddb_account *account;      /* NULL: not checked (ddb_dynamics_set_account) */
    int64_t next_ns;           /* INT64_MAX: nothing ever due */
    bool ticking;              /* something is checked every second */
    size_t next_change;        /* in s->capacity_changes */
    /* on-demand */
    int64_t minute_consumed[2];          /* the table's cumulative consumption at the minute start */
    int64_t peak_milli[DDB_ON_DEMAND_PEAK_MINUTES][2]; /* one-minute averages per second */
    size_t minutes;
    int64_t warm_milli[2];
    /* auto scaling */
    bool scaled[2];
    int64_t min_units[2], max_units[2];
    int above[2], below[2];                /* consecutive minutes above / below the alarms */
    int64_t update_at_ns[2], update_units[2]; /* a decided change; INT64_MAX: none */
    int decreases_today;
    int64_t day, last_decrease_ns;
    /* heat and size */
    int64_t window_start_ns;
    int64_t *window_consumed;            /* per partition x 2: cumulative at the window start */
    int64_t *last_split_ns;              /* per partition */
    bool *pending, *no_split_told;       /* per partition */
    size_t n_parts;                      /* length of the arrays above */
    int64_t *key_traffic;                /* per key id: its traffic at the window start */
    size_t n_key_traffic;
    ddb_pending_split *splits;
    size_t n_splits, cap_splits;
    /* what happened */
    ddb_dyn_event *events;
    size_t n_events, cap_events;
} ddb_dynamics;

void ddb_dynamics_init(ddb_dynamics *y, const ddb_dynamics_config *c, const ddb_table *t);
/* Check provisioned increases against the account: an auto scaling decision or a scheduled
 * change that would take the table and its GSIs past the account's quota is refused, as AWS
 * refuses it (LimitExceededException), and said in events.csv (`autoscaling_refused`,
 * `capacity_change_refused`). */
void ddb_dynamics_set_account(ddb_dynamics *y, ddb_account *a);
void ddb_dynamics_destroy(ddb_dynamics *y);
static inline int64_t ddb_dynamics_next_ns(const ddb_dynamics *y) { return y->next_ns; }
/* Whether ddb_dynamics_run at now_ns reads the keys' traffic (a heat window ends): the
 * aggregated mode attributes its counts to keys first. */
bool ddb_dynamics_reads_keys(const ddb_dynamics *y, int64_t now_ns);
/* Whether a partition asked milli_per_s of direction d (expected, in milli-units per second) is
 * within 10% of the load that splits it for heat (split_heat_threshold of its hard cap): the
 * aggregated mode then sends its requests one by one, since where its keys' traffic lies decides
 * the split point. False when the table does not split for heat. */
bool ddb_dynamics_near_split_heat(const ddb_dynamics_config *c, enum ddb_dir d, double milli_per_s);
/* Run what is due at now_ns (>= next_ns). Returns true when partitions were added: the caller
 * grows its per-partition arrays and refreshes the partitions it cached. k is read only for
 * splits for heat (NULL is fine without them): the table's keys, or an index's. */
bool ddb_dynamics_run(ddb_dynamics *y, ddb_table *t, const ddb_metrics *m, const ddb_keytab *k,
                      int64_t now_ns);

#endif
