/* Tests of capacity that moves (sim/model/dynamics.h): on-demand's doubling rule at its edges, doubling
 * partitions when capacity grows, scheduled changes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "sim/model/dynamics.h"
#include "sim/scenario/configs.h"
#include "sim/model/keytab.h"
#include "sim/model/metrics.h"
#include "sim/scenario/scenario.h"
#include "sim/model/table.h"

#define S 1000000000LL
#define MINUTE (60 * S)

typedef struct world {
    ddb_scenario s;
    ddb_table t;
    ddb_metrics m;
    ddb_keytab k;
    ddb_dynamics y;
} world;

static void world_init(world *w, const char *table_json)
{
    char json[2048], err[DDB_ERR_MAX];
    snprintf(json, sizeof json,
             "{\"duration_s\": 36000, \"table\": %s, \"attributes\": {\"k\": {\"dist\": \"uniform\","
             " \"n\": 100}}, \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": {\"get\": 1}}}",
             table_json);
    if (ddb_scenario_parse(&w->s, json, strlen(json), "inline.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_tablerun_config c; /* the scenario layer's part for the table (borrows from w->s) */
    ddb_config_table(&w->s, &c);
    ddb_table_init(&w->t, &c.table);
    ddb_metrics_init(&w->m, S, w->t.n_partitions);
    ddb_keytab_init(&w->k, 100, 0);
    ddb_dynamics_init(&w->y, &c.dynamics, &w->t);
}

static void world_destroy(world *w)
{
    ddb_dynamics_destroy(&w->y);
    ddb_keytab_destroy(&w->k);
    ddb_metrics_destroy(&w->m);
    ddb_table_destroy(&w->t);
    ddb_scenario_destroy(&w->s);
}

/* Run the dynamics second by second up to until_ns, the table having served wcu_per_s writes on
 * average every second (what the metrics count). */
static void serve_writes(world *w, int64_t until_ns, int64_t wcu_per_s)
{
    int64_t at;
    while ((at = ddb_dynamics_next_ns(&w->y)) <= until_ns) {
        int64_t elapsed_s = (at - w->m.interval_start_ns) / S;
        w->m.cur.consumed_milli[DDB_WRITE] += elapsed_s * wcu_per_s * 1000;
        w->m.interval_start_ns = at;
        if (ddb_dynamics_run(&w->y, &w->t, &w->m, &w->k, at))
            ddb_metrics_grow(&w->m, w->t.n_partitions);
    }
}

/* Offer n writes of 1 WCU a second for secs seconds from t0, spread over the partitions; count
 * the refusals of the last 10 seconds (before, the table may be spending the one second of tokens
 * it holds: at a small excess that lasts). */
static uint64_t offer_steady(world *w, int64_t t0, int n, int secs, enum ddb_throttle_reason *last)
{
    uint64_t refused = 0;
    for (int64_t i = 0; i < (int64_t)n * secs; i++) {
        size_t p = (size_t)i % w->t.n_partitions;
        enum ddb_throttle_reason r = ddb_table_admit(&w->t, p, DDB_WRITE, 1000, t0 + i * (S / n));
        if (r != DDB_ADMITTED && i >= (int64_t)n * (secs - 10)) {
            refused++;
            *last = r;
        }
    }
    return refused;
}

static int64_t allowance_wcu(const world *w) { return w->t.rate_milli[DDB_WRITE] / 1000; }

/* A new on-demand table serves its warm throughput; after a minute at 1,500 writes/s it serves
 * up to double that peak at once, and what arrives above it is throttled as on_demand. */
static void test_on_demand_serves_double_the_previous_peak(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"billing\": \"on_demand\", \"key\": {\"pk\": \"K#{k}\"}}");
    assert_int_equal(allowance_wcu(&w), 4000);
    assert_int_equal(w.t.n_partitions, 8); /* 12,000/3,000 + 4,000/1,000 */
    serve_writes(&w, 59 * S, 1500);
    assert_int_equal(allowance_wcu(&w), 4000); /* re-evaluated at the whole minute only */
    serve_writes(&w, MINUTE, 1500);
    assert_int_equal(allowance_wcu(&w), 4000); /* 2 x 1,500 is less than the warm 4,000 */
    serve_writes(&w, 2 * MINUTE, 3000);
    assert_int_equal(allowance_wcu(&w), 6000);
    /* Just below and just above double the previous peak, in the next second. */
    enum ddb_throttle_reason why = DDB_ADMITTED;
    int64_t t0 = 2 * MINUTE + S / 2;
    assert_int_equal(offer_steady(&w, t0, 5900, 30, &why), 0);
    uint64_t refused = offer_steady(&w, t0 + 30 * S, 6600, 30, &why);
    assert_true(refused >= 10 * 590 && refused <= 10 * 610); /* 600 a second */
    assert_int_equal(why, DDB_THROTTLE_ON_DEMAND);
    world_destroy(&w);
}

/* The peak counts for 30 minutes; then the allowance falls back to the warm throughput, which
 * grew to the highest minute served and is never lowered. */
static void test_on_demand_peak_window_and_warm_throughput(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"billing\": \"on_demand\", \"warm_throughput\": {\"read_units_per_s\": 100,"
                   " \"write_units_per_s\": 100}, \"key\": {\"pk\": \"K#{k}\"}}");
    assert_int_equal(allowance_wcu(&w), 100);
    serve_writes(&w, MINUTE, 2000);
    assert_int_equal(allowance_wcu(&w), 4000);
    serve_writes(&w, 30 * MINUTE, 0); /* the 2,000 minute is one of the last 30 */
    assert_int_equal(allowance_wcu(&w), 4000);
    serve_writes(&w, 31 * MINUTE, 0); /* now it is not: back to the warm throughput, grown */
    assert_int_equal(allowance_wcu(&w), 2000);
    serve_writes(&w, 100 * MINUTE, 0);
    assert_int_equal(allowance_wcu(&w), 2000);
    /* Growth brought partitions: 4,000 WCU needs 4 more than the warm table's 1. */
    assert_true(w.t.n_partitions >= 4);
    assert_false(ddb_table_short_of_partitions(&w.t));
    world_destroy(&w);
}

/* The on-demand maximum throttles with its own reason before the allowance does. */
static void test_on_demand_maximum(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"billing\": \"on_demand\", \"max_wcu\": 1000, \"key\": {\"pk\": \"K#{k}\"}}");
    enum ddb_throttle_reason why = DDB_ADMITTED;
    uint64_t refused = offer_steady(&w, S, 1500, 20, &why);
    assert_true(refused >= 10 * 490 && refused <= 10 * 510); /* 500 a second */
    assert_int_equal(why, DDB_THROTTLE_MAX_ON_DEMAND);
    world_destroy(&w);
}

/* A scheduled change that takes a partition past what it can serve doubles every partition
 * (5,000 -> 8,000 RCU: 4 -> 8, docs/model.md §2); events say so. */
static void test_scheduled_change_doubles_partitions(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 5000, \"wcu\": 2000, \"key\": {\"pk\": \"K#{k}\"},"
                   " \"split_for_heat\": false, \"capacity_changes\": [{\"at_s\": 30, \"rcu\": 6000}, {\"at_s\": 60, \"rcu\": 8000},"
                   " {\"at_s\": 90, \"rcu\": 100}]}");
    assert_int_equal(w.t.n_partitions, 4);
    assert_int_equal(ddb_dynamics_next_ns(&w.y), 30 * S); /* nothing ticks: no dynamics but these */
    serve_writes(&w, 30 * S, 0);
    assert_int_equal(w.t.n_partitions, 4); /* 1,500 R + 500 W: still served */
    serve_writes(&w, 60 * S, 0);
    assert_int_equal(w.t.n_partitions, 8);
    for (size_t p = 0; p < 8; p++)
        assert_int_equal(ddb_table_share_milli(&w.t, p, DDB_READ), 1000000);
    serve_writes(&w, 90 * S, 0);
    assert_int_equal(w.t.n_partitions, 8); /* partitions never merge */
    assert_int_equal(w.t.rate_milli[DDB_READ], 100000);
    assert_int_equal(ddb_dynamics_next_ns(&w.y), INT64_MAX);
    /* capacity_change x 3, split x 4 */
    assert_int_equal(w.y.n_events, 7);
    assert_string_equal(w.y.events[1].kind, "capacity_change");
    assert_string_equal(w.y.events[1].detail, "rcu 6000 -> 8000");
    assert_string_equal(w.y.events[2].kind, "split");
    assert_string_equal(w.y.events[2].detail, "for capacity: 0 -> 0, 4");
    world_destroy(&w);
}

static int64_t provisioned_wcu(const world *w) { return w->t.rate_milli[DDB_WRITE] / 1000; }

/* Auto scaling's timing: a breach from the start is two one-minute datapoints (at 60 s and
 * 120 s) before the decision, then the alarm's lag (alarm_lag_s, 120 s: CloudWatch alarms "might
 * have a short delay of up to a few minutes") and the update (update_s, 180 s: UpdateTable "takes
 * several minutes"; both from AWS's developer guide, metrics-dimensions.html) before the capacity
 * moves, at 420 s: not a second earlier. The new capacity is consumed / target. */
static void test_autoscaling_first_scale_out_waits_for_the_breach_window(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 100, \"wcu\": 1000, \"key\": {\"pk\": \"K#{k}\"},"
                   " \"autoscaling\": {\"target_utilization\": 0.7, \"min_wcu\": 100,"
                   " \"max_wcu\": 5000}}");
    serve_writes(&w, 119 * S, 900); /* 90% of 1,000: above the 70% target */
    assert_int_equal(provisioned_wcu(&w), 1000);
    assert_int_equal(w.y.n_events, 0); /* one datapoint is not a breach */
    serve_writes(&w, 120 * S, 900);
    assert_int_equal(w.y.n_events, 1);
    assert_string_equal(w.y.events[0].kind, "autoscaling");
    assert_string_equal(w.y.events[0].detail,
                        "wcu: 2 minutes above 70%: 1286 in 300 s (alarm 120 s, update 180 s)");
    serve_writes(&w, 419 * S, 900);
    assert_int_equal(provisioned_wcu(&w), 1000); /* the alarm and the update take their time */
    serve_writes(&w, 420 * S, 900);
    assert_int_equal(provisioned_wcu(&w), 1286); /* ceil(900 / 0.7) */
    assert_string_equal(w.y.events[1].detail, "wcu 1000 -> 1286 (auto scaling)");
    /* Reads are not scaled: no limits given for them. */
    assert_int_equal(w.t.rate_milli[DDB_READ], 100000);
    world_destroy(&w);
}

/* The account's quota at run time: a scale-out that would take the table (and its GSIs) past
 * table.account_quota_wcu is refused, as AWS refuses it; capacity stays, and events.csv says so.
 * A later decision within the quota goes through. */
static void test_autoscaling_refused_past_the_account_quota(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 100, \"wcu\": 1000, \"account_quota_wcu\": 2000, \"key\": {\"pk\": \"K#{k}\"},"
                   " \"autoscaling\": {\"target_utilization\": 0.7, \"min_wcu\": 100,"
                   " \"max_wcu\": 5000, \"alarm_lag_s\": 0, \"update_s\": 60}}");
    ddb_account a;
    ddb_config_account(&w.s, &a);
    ddb_dynamics_set_account(&w.y, &a);
    serve_writes(&w, 180 * S, 1900); /* wants ceil(1900 / 0.7) = 2715: past 2,000 */
    assert_int_equal(provisioned_wcu(&w), 1000);
    assert_int_equal(w.y.n_events, 2);
    assert_string_equal(w.y.events[1].kind, "autoscaling_refused");
    assert_string_equal(w.y.events[1].detail, "wcu 1000 -> 2715: table and GSIs 2715 > "
                                              "account_quota_wcu 2000");
    assert_int_equal(a.provisioned[DDB_WRITE], 1000);
    serve_writes(&w, 360 * S, 1300); /* wants ceil(1300 / 0.7) = 1858: within */
    assert_int_equal(provisioned_wcu(&w), 1858);
    assert_int_equal(a.provisioned[DDB_WRITE], 1858);
    world_destroy(&w);
}

/* Scale-in needs 15 minutes below target - 0.2, and respects min; a calm within the band does
 * nothing. */
static void test_autoscaling_scale_in_after_fifteen_calm_minutes(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 100, \"wcu\": 1000, \"key\": {\"pk\": \"K#{k}\"},"
                   " \"autoscaling\": {\"min_wcu\": 300, \"max_wcu\": 5000,"
                   " \"alarm_lag_s\": 0, \"update_s\": 0}}");
    serve_writes(&w, 30 * MINUTE, 600); /* 60%: below 70%, not below 50% */
    assert_int_equal(provisioned_wcu(&w), 1000);
    serve_writes(&w, 44 * MINUTE + 30 * S, 100); /* 10%: 14 datapoints so far */
    assert_int_equal(provisioned_wcu(&w), 1000);
    serve_writes(&w, 45 * MINUTE + 1 * S, 100);
    assert_int_equal(provisioned_wcu(&w), 300); /* ceil(100 / 0.7) = 143, held at min 300 */
    world_destroy(&w);
}

/* At most 4 decreases in a UTC day at any time, then one more whenever the last was an hour ago.
 * The load halves after each decrease, so that every 15 calm minutes want another: decisions at
 * 15, 30, 45 and 60 minutes, then 120 and 180, not 75. */
static void test_autoscaling_daily_decrease_limit(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 100, \"wcu\": 40000, \"key\": {\"pk\": \"K#{k}\"},"
                   " \"autoscaling\": {\"min_wcu\": 1, \"max_wcu\": 40000,"
                   " \"alarm_lag_s\": 0, \"update_s\": 0}}");
    int64_t load = 10000, last = provisioned_wcu(&w);
    for (int minute = 1; minute <= 200; minute++) {
        serve_writes(&w, (int64_t)minute * MINUTE + S, load);
        if (provisioned_wcu(&w) < last) {
            last = provisioned_wcu(&w);
            load /= 2;
        }
    }
    static const int want_min[] = {15, 30, 45, 60, 120, 180};
    size_t k = 0;
    for (size_t i = 0; i < w.y.n_events; i++) {
        if (strcmp(w.y.events[i].kind, "autoscaling") != 0)
            continue;
        assert_true(k < 6);
        assert_int_equal(w.y.events[i].t_ns, (int64_t)want_min[k++] * MINUTE);
    }
    assert_int_equal(k, 6);
    world_destroy(&w);
}

/* Split for heat: a partition over the threshold for a whole window splits, a delay later, at
 * the hash that halves the window's traffic of its keys; traffic before the window does not
 * count. */
static void test_heat_split_halves_the_window_traffic(void **state)
{
    (void)state;
    world w;
    world_init(&w, "{\"rcu\": 1, \"wcu\": 900, \"split_for_heat\": true, \"key\": {\"pk\": \"K#{k}\"}}");
    assert_int_equal(w.t.n_partitions, 1);
    ddb_keytab_destroy(&w.k);
    ddb_keytab_init(&w.k, 0, 64); /* hashed mode: keys placed by hand */
    const uint64_t q = UINT64_MAX / 10;
    const uint64_t hashes[4] = {1 * q, 3 * q, 6 * q, 9 * q};
    ddb_keystat *keys[4];
    for (int i = 0; i < 4; i++) {
        char name[8];
        uint32_t id;
        snprintf(name, sizeof name, "K#%d", i);
        keys[i] = ddb_keytab_find(&w.k, hashes[i], name, strlen(name), &id);
        assert_non_null(keys[i]);
        keys[i]->known = true;
    }
    /* Before the first window ends: all traffic on the first key (not hot: under the threshold). */
    keys[0]->offered_wcu_milli = 10000000;
    w.m.part_cur[0].consumed_milli[DDB_WRITE] = 500LL * 120 * 1000; /* 500 WCU/s: 50% of the cap */
    serve_writes(&w, 120 * S, 0);
    assert_int_equal(w.y.n_splits, 0);
    /* The second window: 900 WCU/s, spread evenly over the four keys. */
    for (int i = 0; i < 4; i++)
        keys[i]->offered_wcu_milli += 5000000;
    w.m.part_cur[0].consumed_milli[DDB_WRITE] += 900LL * 120 * 1000;
    serve_writes(&w, 240 * S, 0);
    assert_int_equal(w.y.n_splits, 1);
    assert_int_equal(w.t.n_partitions, 1); /* decided, not made yet */
    serve_writes(&w, 300 * S, 0);
    assert_int_equal(w.t.n_partitions, 2);
    /* Halved between the second and third keys (the whole run's traffic would cut after the
     * first). */
    assert_int_equal(ddb_keyspace_lookup(&w.t.keys, hashes[1]), 0);
    assert_int_equal(ddb_keyspace_lookup(&w.t.keys, hashes[2]), 1);
    assert_int_equal(ddb_keyspace_first(&w.t.keys, 1), hashes[2]);
    assert_string_equal(w.y.events[w.y.n_events - 1].detail, "for heat: 0 -> 0, 1");
    world_destroy(&w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_on_demand_serves_double_the_previous_peak),
        cmocka_unit_test(test_on_demand_peak_window_and_warm_throughput),
        cmocka_unit_test(test_on_demand_maximum),
        cmocka_unit_test(test_scheduled_change_doubles_partitions),
        cmocka_unit_test(test_autoscaling_first_scale_out_waits_for_the_breach_window),
        cmocka_unit_test(test_autoscaling_refused_past_the_account_quota),
        cmocka_unit_test(test_autoscaling_scale_in_after_fifteen_calm_minutes),
        cmocka_unit_test(test_autoscaling_daily_decrease_limit),
        cmocka_unit_test(test_heat_split_halves_the_window_traffic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
