/* Global secondary indexes on small inline scenarios: the propagation delay is the lag of an idle
 * index, every index write is applied exactly once or still waiting (conservation), index keys
 * that change cost a delete and a put, sparse indexes, back-pressure, and the scenario fields'
 * errors. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sim/engine/engine.h"
#include "sim/output/run_files.h"
#include "sim/output/cost.h"
#include "sim/scenario/price.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

/* A put-only workload at rps on a table too big to throttle, keyed on k (n_items values); gsi is
 * the table.gsi array, attrs extra attributes (with their leading comma). */
static void run_with(const char *gsi, const char *attrs, double rps, long n_items, double duration_s,
                     const char *mix, ddb_report *r)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"duration_s\": %g, \"table\": {\"rcu\": 1000, \"wcu\": 20000, \"key\": {\"pk\": \"K#{k}\"},"
             " \"gsi\": %s},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": %ld}%s},"
             " \"workload\": {\"rate\": {\"rps\": %g}, \"mix\": %s}}",
             duration_s, gsi, n_items, attrs, rps, mix);
    ddb_test_run_json(json, NULL, r);
}

static void assert_conserved(const ddb_gsi_report *g)
{
    if (g->index_writes != g->applied + g->in_backlog_at_end + g->propagating_at_end)
        fail_msg("%s: %llu index writes, %llu applied + %llu in backlog + %llu propagating", g->name,
                 (unsigned long long)g->index_writes, (unsigned long long)g->applied,
                 (unsigned long long)g->in_backlog_at_end, (unsigned long long)g->propagating_at_end);
}

static uint64_t throttles(const ddb_report *r) { return r->total.throttles[0] + r->total.throttles[1]; }

static void assert_near(double got, double want, double tolerance)
{
    if (got < want - tolerance || got > want + tolerance)
        fail_msg("got %.6f, expected %.6f +- %.6f", got, want, tolerance);
}

/* An idle index applies every write the moment it arrives: the lag is the configured delay. */
static void test_idle_lag_is_the_propagation_delay(void **state)
{
    (void)state;
    static const double delays_ms[] = {1, 250, 4000};
    for (size_t i = 0; i < 3; i++) {
        char gsi[512];
        snprintf(gsi, sizeof gsi, "[{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 100, \"wcu\": 1000,"
                 " \"propagation_ms\": {\"median\": %g, \"sigma\": 0}}]", delays_ms[i]);
        ddb_report r;
        run_with(gsi, ", \"s\": {\"dist\": \"uniform\", \"n\": 1000}", 100, 1000000, 30,
                 "{\"put\": 1}", &r);
        assert_int_equal(r.n_gsi, 1);
        const ddb_gsi_report *g = &r.gsi[0];
        assert_true(g->applied > 2500);
        assert_int_equal(g->total.throttles[DDB_WRITE], 0);
        assert_near(g->lag_ms[2], delays_ms[i], 1e-9);                 /* max: exact */
        assert_near(g->lag_ms[0], delays_ms[i], delays_ms[i] / 64 + 1e-6); /* the sketch's 1/64 */
        assert_near(g->lag_ms[1], delays_ms[i], delays_ms[i] / 64 + 1e-6);
        assert_conserved(g);
        ddb_report_destroy(&r);
    }
}

/* An index short of capacity: the backlog holds what it cannot take, nothing is lost, and at the
 * end every index write is applied, waiting or still on its way. */
static void test_conservation_with_a_backlog(void **state)
{
    (void)state;
    ddb_report r;
    run_with("[{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 100, \"wcu\": 100,"
             " \"projection\": \"KEYS_ONLY\", \"backpressure_backlog\": 100000000}]",
             ", \"s\": {\"dist\": \"uniform\", \"n\": 1000}", 500, 1000, 20,
             "{\"put\": 0.6, \"update\": 0.3, \"delete\": 0.1}", &r);
    const ddb_gsi_report *g = &r.gsi[0];
    assert_true(g->in_backlog_at_end > 1000);
    assert_true(g->propagating_at_end > 0);
    assert_conserved(g);
    /* The index took at most its capacity: 100 WCU/s and the first second's tokens. */
    assert_true(g->total.consumed_milli[DDB_WRITE] <= (20 + 1) * 100 * 1000);
    assert_true(g->applied >= 20 * 100 - 100);
    assert_int_equal(g->backpressure_throttles, 0);
    ddb_report_destroy(&r);
}

/* One item, rewritten: with a one-valued index key every put is one index write; with two
 * values, half of the puts move the entry (a delete plus a put): 1.5 writes a put. */
static void test_changing_the_index_key_is_a_delete_and_a_put(void **state)
{
    (void)state;
    const char *gsi = "[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 100, \"wcu\": 10000}]";
    ddb_report one, two;
    run_with(gsi, ", \"s\": {\"dist\": \"categorical\", \"weights\": {\"A\": 1}}", 1000, 1, 20,
             "{\"put\": 1}", &one);
    assert_int_equal(one.gsi[0].index_writes, one.total.requests[DDB_WRITE]);
    run_with(gsi, ", \"s\": {\"dist\": \"categorical\", \"weights\": {\"A\": 0.5, \"B\": 0.5}}", 1000,
             1, 20, "{\"put\": 1}", &two);
    double per_put = (double)two.gsi[0].index_writes / (double)two.total.requests[DDB_WRITE];
    assert_near(per_put, 1.5, 0.02);
    /* key_change 0: the item keeps the key it was first given, one index write a put. */
    ddb_report kept;
    run_with("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 100, \"wcu\": 10000, \"key_change\": 0}]",
             ", \"s\": {\"dist\": \"categorical\", \"weights\": {\"A\": 0.5, \"B\": 0.5}}", 1000, 1, 20,
             "{\"put\": 1}", &kept);
    assert_int_equal(kept.gsi[0].index_writes, kept.total.requests[DDB_WRITE]);
    /* key_change 0.2: a fifth of the puts draw the key again, half of those move it. */
    const char *sets_gsi = "[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 100, \"wcu\": 10000, \"key_change\": 0.2}]";
    ddb_report some;
    run_with(sets_gsi, ", \"s\": {\"dist\": \"categorical\", \"weights\": {\"A\": 0.5, \"B\": 0.5}}", 1000, 1,
             20, "{\"put\": 1}", &some);
    per_put = (double)some.gsi[0].index_writes / (double)some.total.requests[DDB_WRITE];
    assert_near(per_put, 1.1, 0.01);
    ddb_report_destroy(&kept);
    ddb_report_destroy(&some);
    /* A key that follows the clock is rendered and hashed at each write: within a day the date
     * is the same, so rewriting an item keeps its entry in place. */
    ddb_report dated;
    run_with("[{\"name\": \"byDay\", \"pk\": \"DAY#{date}\", \"rcu\": 100, \"wcu\": 10000}]", "", 1000, 10,
             20, "{\"put\": 1}", &dated);
    assert_int_equal(dated.gsi[0].index_writes, dated.total.requests[DDB_WRITE]);
    assert_int_equal(dated.gsi[0].n_partitions, 11); /* ceil(100 / 3000 + 10000 / 1000) */
    ddb_report_destroy(&dated);
    ddb_report_destroy(&one);
    ddb_report_destroy(&two);
}

/* A sparse index holds only the items that have its key attribute; deleting items that were
 * never written touches no index. */
static void test_sparse_index_and_deletes(void **state)
{
    (void)state;
    const char *gsi = "[{\"name\": \"byC\", \"pk\": \"C#{c}\", \"rcu\": 100, \"wcu\": 10000}]";
    ddb_report sparse, none;
    run_with(gsi, ", \"c\": {\"dist\": \"uniform\", \"n\": 100, \"present\": 0.2}", 1000, 100000000,
             20, "{\"put\": 1}", &sparse);
    double share = (double)sparse.gsi[0].index_writes / (double)sparse.total.requests[DDB_WRITE];
    assert_near(share, 0.2, 0.01);
    run_with(gsi, ", \"c\": {\"dist\": \"uniform\", \"n\": 100}", 1000, 100000000, 5,
             "{\"delete\": 1}", &none);
    assert_true(none.total.requests[DDB_WRITE] > 4000);
    assert_int_equal(none.gsi[0].index_writes, 0);
    ddb_report_destroy(&sparse);
    ddb_report_destroy(&none);
}

/* An index splits for size as a table does (docs/model.md §6, §11): with an index sort key every
 * base put adds an entry, 1 KB per WCU (KEYS_ONLY: 1 KB); two partitions of just under 10 GB
 * (19.999 GB) pass it within a second or two at 500 entries/s each, and each splits at its middle
 * split_delay_s (60 s) later: 4 partitions. Without a sort key an index write replaces its entry
 * and nothing grows. */
static void test_index_splits_for_size(void **state)
{
    (void)state;
    ddb_report r;
    run_with("[{\"name\": \"byT\", \"pk\": \"T#{t}\", \"sk\": \"{k}\", \"rcu\": 1, \"wcu\": 1000,"
             " \"size_gb\": 19.999, \"projection\": \"KEYS_ONLY\"}]",
             ", \"t\": {\"dist\": \"uniform\", \"n\": 1000}", 1000, 100000000, 90, "{\"put\": 1}", &r);
    assert_int_equal(r.gsi[0].n_partitions, 4);
    assert_int_equal(r.n_partitions, 21); /* the table's own, unchanged: 1000 / 3000 + 20000 / 1000 */
    ddb_report_destroy(&r);
    run_with("[{\"name\": \"byT\", \"pk\": \"T#{t}\", \"rcu\": 1, \"wcu\": 1000,"
             " \"size_gb\": 19.999, \"projection\": \"KEYS_ONLY\"}]",
             ", \"t\": {\"dist\": \"uniform\", \"n\": 1000}", 1000, 100000000, 90, "{\"put\": 1}", &r);
    assert_int_equal(r.gsi[0].n_partitions, 2);
    ddb_report_destroy(&r);
}

/* Past the threshold, base writes that touch the index are refused for back-pressure: counted on
 * the table under its own reason and on the index; the backlog stays near the threshold. */
static void test_backpressure_throttles_base_writes(void **state)
{
    (void)state;
    ddb_report r;
    run_with("[{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 100, \"wcu\": 100,"
             " \"projection\": \"KEYS_ONLY\", \"backpressure_backlog\": 500}]",
             ", \"s\": {\"dist\": \"uniform\", \"n\": 1000}", 1000, 100000000, 20, "{\"put\": 1}", &r);
    const ddb_gsi_report *g = &r.gsi[0];
    uint64_t bp = r.total.by_reason[DDB_WRITE][DDB_THROTTLE_GSI_BACKPRESSURE];
    assert_true(bp > 5000);
    assert_int_equal(bp, g->backpressure_throttles);
    assert_int_equal(r.total.by_reason[DDB_READ][DDB_THROTTLE_GSI_BACKPRESSURE], 0);
    /* The backlog never grows much past the threshold: what was admitted before the refusals
     * began, plus the writes on their way. */
    assert_true(g->max_backlog >= 500 && g->max_backlog < 500 + 300);
    assert_conserved(g);
    ddb_report_destroy(&r);
}

/* gsi_query reads the index (its own requests, not the table's); a read for an item whose latest
 * index write is still on its way is stale: nearly always when every item is rewritten several
 * times within the propagation delay, rarely when the delay is short, never for unwritten items. */
static void test_reads_on_the_index_and_staleness(void **state)
{
    (void)state;
    const char *s_attr = ", \"s\": {\"dist\": \"uniform\", \"n\": 100}";
    const char *slow = "[{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 10000, \"wcu\": 1000,"
                       " \"propagation_ms\": {\"median\": 1000, \"sigma\": 0}}]";
    const char *fast = "[{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 10000, \"wcu\": 1000,"
                       " \"propagation_ms\": {\"median\": 1, \"sigma\": 0}}]";
    const char *mix = "{\"put\": 0.5, \"gsi_query\": 0.5}";
    ddb_report a, b, c;
    run_with(slow, s_attr, 100, 10, 20, mix, &a);   /* 5 puts/s per item, 1 s to propagate */
    run_with(fast, s_attr, 100, 10, 20, mix, &b);   /* 1 ms to propagate */
    run_with(slow, s_attr, 100, 100000000, 20, mix, &c); /* reads of items never written */
    const ddb_gsi_report *ga = &a.gsi[0], *gb = &b.gsi[0], *gc = &c.gsi[0];
    assert_true(ga->reads > 800);
    assert_int_equal(ga->total.requests[DDB_READ], ga->reads);  /* nothing throttled */
    assert_int_equal(a.total.requests[DDB_READ], 0);            /* the table served no read */
    assert_true((double)ga->stale_reads / (double)ga->reads > 0.95);
    assert_true((double)gb->stale_reads / (double)gb->reads < 0.02);
    assert_true(gc->reads > 800);
    assert_int_equal(gc->stale_reads, 0);
    /* An eventually consistent query of 10 items of 1 KB: 10 KB -> 3 x 4 KB -> 1.5 RCU. */
    assert_int_equal(ga->total.consumed_milli[DDB_READ], 1500 * (int64_t)ga->reads);
    ddb_report_destroy(&a);
    ddb_report_destroy(&b);
    ddb_report_destroy(&c);
}

/* The cost estimate counts the indexes' provisioned and consumed capacity with the table's. */
static void test_indexes_are_priced_with_the_table(void **state)
{
    (void)state;
    const char *json = "{\"duration_s\": 10, \"table\": {\"rcu\": 100, \"wcu\": 200, \"key\": {\"pk\": \"K#{k}\"},"
                       " \"gsi\": [{\"name\": \"byS\", \"pk\": \"S#{s}\", \"rcu\": 300, \"wcu\": 400}]},"
                       " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}, \"s\": {\"dist\": \"uniform\", \"n\": 10}},"
                       " \"workload\": {\"rate\": {\"rps\": 100}, \"mix\": {\"put\": 1}}}";
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    assert_int_equal(ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err), 0);
    const ddb_price_table *t = ddb_price_cached(NULL, err, sizeof err);
    if (!t)
        fail_msg("%s", err);
    ddb_run_options opt = {NULL, NULL, NULL, NULL};
    ddb_report r;
    assert_int_equal(ddb_run(&s, &opt, &r, err, sizeof err), 0);
    ddb_cost with, want;
    ddb_cost_of_run(t, &s, &r, &with);
    double seconds = (double)r.duration_ns / 1e9;
    ddb_cost_compute(t, 100 + 300, 200 + 400, 0, 0,
                     (double)(r.total.consumed_milli[DDB_WRITE] + r.gsi[0].total.consumed_milli[DDB_WRITE]) / 1000.0,
                     seconds, &want);
    assert_true(r.gsi[0].total.consumed_milli[DDB_WRITE] > 0);
    assert_near(with.provisioned_usd[DDB_CLASS_STANDARD], want.provisioned_usd[DDB_CLASS_STANDARD], 1e-9);
    assert_near(with.on_demand_usd[DDB_CLASS_STANDARD], want.on_demand_usd[DDB_CLASS_STANDARD], 1e-9);
    /* A run that stopped (plan: certain to fail) consumed what it did over what it ran: the same
     * consumption over half the time is twice the month's (no storage here). */
    r.stopped_at_ns = r.duration_ns / 2;
    ddb_cost stopped;
    ddb_cost_of_run(t, &s, &r, &stopped);
    assert_near(stopped.on_demand_usd[DDB_CLASS_STANDARD], 2 * want.on_demand_usd[DDB_CLASS_STANDARD], 1e-9);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
}

/* An index's size: given, or the table's scaled by entry size over the mean item put (10 GB of
 * 1,000-byte items: ALL 10 GB, KEYS_ONLY's 100-byte entries 1 GB, 250-byte entries 2.5 GB). It
 * sets the index's partitions at creation (45 GB: 5) and is priced as storage with the table's. */
static void test_index_size(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 5, \"table\": {\"rcu\": 100, \"wcu\": 200, \"size_gb\": 10, \"key\": {\"pk\": \"K#{k}\"},"
        " \"gsi\": [{\"name\": \"all\", \"pk\": \"S#{s}\", \"rcu\": 10, \"wcu\": 10},"
        "  {\"name\": \"keys\", \"pk\": \"S#{s}\", \"rcu\": 10, \"wcu\": 10, \"projection\": \"KEYS_ONLY\"},"
        "  {\"name\": \"some\", \"pk\": \"S#{s}\", \"rcu\": 10, \"wcu\": 10, \"projected_bytes\": 250},"
        "  {\"name\": \"given\", \"pk\": \"S#{s}\", \"rcu\": 10, \"wcu\": 10, \"size_gb\": 45}]},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}, \"s\": {\"dist\": \"uniform\", \"n\": 10}},"
        " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"put\": 1},"
        "  \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}}}";
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    const double want[] = {10, 1, 2.5, 45};
    const cJSON *gsis = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(s.resolved, "table"), "gsi");
    for (size_t i = 0; i < 4; i++) {
        assert_near(s.gsi[i].size_gb, want[i], 1e-12);
        const cJSON *g = cJSON_GetArrayItem(gsis, (int)i);
        assert_near(cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(g, "size_gb")), want[i], 1e-12);
    }
    ddb_run_options opt = {NULL, NULL, NULL, NULL};
    ddb_report r;
    assert_int_equal(ddb_run(&s, &opt, &r, err, sizeof err), 0);
    assert_int_equal(r.gsi[0].n_partitions, 1);
    assert_int_equal(r.gsi[3].n_partitions, 5);
    const ddb_price_table *t = ddb_price_cached(NULL, err, sizeof err);
    if (!t)
        fail_msg("%s", err);
    ddb_cost with, without;
    ddb_cost_of_run(t, &s, &r, &with);
    for (size_t i = 0; i < 4; i++)
        s.gsi[i].size_gb = 0;
    ddb_cost_of_run(t, &s, &r, &without);
    double storage = t->price[DDB_CLASS_STANDARD][DDB_PRICE_STORAGE_GB_MONTH];
    assert_near(with.provisioned_usd[DDB_CLASS_STANDARD] - without.provisioned_usd[DDB_CLASS_STANDARD],
                (10 + 1 + 2.5 + 45) * storage, 1e-9);
    assert_near(with.on_demand_usd[DDB_CLASS_STANDARD] - without.on_demand_usd[DDB_CLASS_STANDARD],
                (10 + 1 + 2.5 + 45) * storage, 1e-9);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
    /* An entry holds no more than its item: 100-byte KEYS_ONLY entries of 50-byte items make an
     * index the table's size, not twice it (nor, from the largest sizes, one out of range). */
    const char *small = "{\"table\": {\"rcu\": 1, \"wcu\": 1, \"size_gb\": 1000000, \"key\": {\"pk\": \"K#{k}\"},"
                        " \"gsi\": [{\"name\": \"keys\", \"pk\": \"S#{k}\", \"rcu\": 1, \"wcu\": 1,"
                        " \"projection\": \"KEYS_ONLY\"}]},"
                        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}},"
                        " \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": {\"put\": 1},"
                        " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 50}}}";
    if (ddb_scenario_parse(&s, small, strlen(small), "x.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    assert_near(s.gsi[0].size_gb, 1000000, 1e-9);
    ddb_scenario_destroy(&s);
}

/* ---- local secondary indexes ---- */

/* A run with LSIs on a table keyed K#{k} / S#{s}: lsi is the table.lsi array. */
static void run_lsi(const char *lsi, const char *attrs, const char *mix, const char *extra,
                    ddb_report *r)
{
    char json[4096];
    snprintf(json, sizeof json,
             "{\"duration_s\": 10, \"table\": {\"rcu\": 10000, \"wcu\": 10000, \"key\": {\"pk\": \"K#{k}\","
             " \"sk\": \"S#{s}\"}, \"lsi\": %s %s},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 1000}, \"s\": {\"dist\": \"uniform\","
             " \"n\": 1000}%s},"
             " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": %s, \"consistency\": \"strong\"}}",
             lsi, extra, attrs, mix);
    ddb_test_run_json(json, NULL, r);
}

/* LSI writes are charged to the table with the item: a 1 KB put with an ALL and a KEYS_ONLY LSI
 * costs 1 + 1 + 1 WCU; an update whose LSI sort keys are drawn anew moves both entries (a delete
 * and a put each): 1 + 2 + 2; a delete removes the item and both entries: 3. A sparse LSI adds
 * its entry to that share of the writes only. Strong reads are allowed. */
static void test_lsi_writes_are_charged_to_the_table(void **state)
{
    (void)state;
    const char *two = "[{\"name\": \"byA\", \"sk\": \"{a}\"}, {\"name\": \"byB\", \"sk\": \"{b}\","
                      " \"projection\": \"KEYS_ONLY\"}]";
    const char *ab = ", \"a\": {\"dist\": \"uniform\", \"n\": 10}, \"b\": {\"dist\": \"uniform\", \"n\": 10}";
    static const char *const mixes[] = {"{\"put\": 1}", "{\"update\": 1}", "{\"delete\": 1}",
                                        "{\"get\": 1}"};
    static const int64_t wcu_each[] = {3000, 5000, 3000, 0};
    for (size_t i = 0; i < 4; i++) {
        ddb_report r;
        run_lsi(two, ab, mixes[i], "", &r);
        assert_int_equal(throttles(&r), 0);
        assert_int_equal(r.total.consumed_milli[DDB_WRITE], wcu_each[i] * (int64_t)r.total.requests[DDB_WRITE]);
        if (i == 3) /* strong reads: 1 RCU a 1 KB item */
            assert_int_equal(r.total.consumed_milli[DDB_READ], 1000 * (int64_t)r.total.requests[DDB_READ]);
        ddb_report_destroy(&r);
    }
    ddb_report sparse;
    run_lsi("[{\"name\": \"byA\", \"sk\": \"{a}\"}]", ", \"a\": {\"dist\": \"uniform\", \"n\": 10, \"present\": 0.25}",
            "{\"put\": 1}", "", &sparse);
    double per_put = (double)sparse.total.consumed_milli[DDB_WRITE] / 1000.0 / (double)sparse.total.requests[DDB_WRITE];
    assert_near(per_put, 1.25, 0.02);
    ddb_report_destroy(&sparse);
}

/* A collection at its limit refuses the writes that would grow it (failed, not throttled, not
 * retried, nothing consumed) and lets deletes through; a table without LSIs has no limit. */
static void test_item_collection_limit(void **state)
{
    (void)state;
    const char *one = "[{\"name\": \"byA\", \"sk\": \"{a}\"}]";
    const char *a = ", \"a\": {\"dist\": \"uniform\", \"n\": 10}";
    /* 1000 keys, about 10 puts each; a limit of 10 KB: five puts of 1 KB items with their 1 KB
     * entries fill a collection, the rest are refused. */
    const char *limit = ", \"item_collection_limit_gb\": 0.0000095367431640625";
    ddb_report r;
    run_lsi(one, a, "{\"put\": 1}", limit, &r);
    uint64_t limited = r.total.item_collection_size_limit, writes = r.total.requests[DDB_WRITE];
    assert_true(limited > 3000 && limited < writes);
    assert_int_equal(r.total.failed, limited);
    assert_int_equal(r.total.retries, 0);
    assert_int_equal(throttles(&r), 0);
    assert_int_equal(r.total.consumed_milli[DDB_WRITE], 2000 * (int64_t)(writes - limited));
    assert_int_equal(r.largest_collection_kb, 10);
    ddb_report_destroy(&r);
    /* The same limit on a table without LSIs: none. */
    const char *json = "{\"duration_s\": 10, \"table\": {\"rcu\": 10000, \"wcu\": 10000, \"key\": {\"pk\": \"K#{k}\"},"
                       " \"item_collection_limit_gb\": 0.0000095367431640625}, \"attributes\": {\"k\": {\"dist\":"
                       " \"uniform\", \"n\": 1000}}, \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"put\": 1}}}";
    ddb_test_run_json(json, NULL, &r);
    assert_int_equal(r.total.item_collection_size_limit, 0);
    assert_int_equal(r.total.failed, 0);
    ddb_report_destroy(&r);
}

/* ---- the scenario fields ---- */

static void assert_parse_error(const char *gsi, const char *attrs, const char *want)
{
    char json[4096], err[DDB_ERR_MAX];
    snprintf(json, sizeof json,
             "{\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"K#{k}\"}, \"gsi\": %s},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10%s}, \"s\": {\"dist\": \"uniform\", \"n\": 10}},"
             " \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": {\"put\": 1}}}",
             gsi, attrs);
    ddb_scenario s;
    if (ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err) == 0) {
        ddb_scenario_destroy(&s);
        fail_msg("parsed, expected \"%s\"", want);
    }
    if (strcmp(err, want) != 0)
        fail_msg("got \"%s\", expected \"%s\"", err, want);
}

/* Parse a scenario whose table is `table` (its members after the key) and whose first GSI's
 * members after its name and key are `gsi`: 0, or -1 with the message in err. */
static int parse_billing(const char *table, const char *gsi, ddb_scenario *s, char err[DDB_ERR_MAX])
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"table\": {\"key\": {\"pk\": \"K#{k}\"}, %s, \"gsi\": [{\"name\": \"byS\", \"pk\": \"{s}\"%s}]},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}, \"s\": {\"dist\": \"uniform\", \"n\": 10}},"
             " \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": {\"put\": 1}}}", table, gsi);
    return ddb_scenario_parse(s, json, strlen(json), "x.json", NULL, 0, err, DDB_ERR_MAX);
}

/* A GSI's capacity follows the table's billing: its own rcu/wcu (and auto scaling) when
 * provisioned, on-demand with the table otherwise (warm throughput, maximums). */
static void test_gsi_capacity_follows_billing(void **state)
{
    (void)state;
#define PROV "\"rcu\": 10, \"wcu\": 10"
#define OD "\"billing\": \"on_demand\""
    static const char *const prov = PROV, *od = OD;
    static const char *const bad[][3] = {
        {PROV, ", \"rcu\": 1, \"wcu\": 1, \"warm_throughput\": {\"read_units_per_s\": 1, \"write_units_per_s\": 1}",
         "x.json: table.gsi[0].warm_throughput: applies to the indexes of on-demand tables only "
         "(expected table.billing \"on_demand\", or remove it)"},
        {PROV, ", \"rcu\": 1, \"wcu\": 1, \"max_wcu\": 5",
         "x.json: table.gsi[0].max_wcu: applies to the indexes of on-demand tables only (expected "
         "table.billing \"on_demand\", or remove it)"},
        {PROV, ", \"wcu\": 1", "x.json: table.gsi[0].rcu: missing (expected an integer from 1 to 1000000)"},
        {PROV, ", \"rcu\": 1, \"wcu\": 1, \"autoscaling\": {}",
         "x.json: table.gsi[0].autoscaling: scales nothing (expected min_rcu/max_rcu, min_wcu/max_wcu "
         "or both)"},
        {PROV, ", \"rcu\": 1, \"wcu\": 1, \"autoscaling\": {\"min_wcu\": 10, \"max_wcu\": 5}",
         "x.json: table.gsi[0].autoscaling.max_wcu: less than the minimum (got 5, expected at least "
         "min_wcu (10))"},
        {PROV, ", \"rcu\": 1, \"wcu\": 1, \"autoscaling\": {\"max_wcu\": 5, \"update_s\": -1}",
         "x.json: table.gsi[0].autoscaling.update_s: out of range (got -1, expected a number from 0 to "
         "3600)"},
        {OD, ", \"rcu\": 1", "x.json: table.gsi[0].rcu: the index of an on-demand table is on-demand "
         "with it (expected no rcu with table.billing \"on_demand\"; warm_throughput says what it "
         "serves at once)"},
        {OD, ", \"wcu\": 1", "x.json: table.gsi[0].wcu: the index of an on-demand table is on-demand "
         "with it (expected no wcu with table.billing \"on_demand\"; warm_throughput says what it "
         "serves at once)"},
        {OD, ", \"autoscaling\": {\"max_wcu\": 5}", "x.json: table.gsi[0].autoscaling: the index of an "
         "on-demand table is on-demand with it (expected no autoscaling with table.billing "
         "\"on_demand\"; warm_throughput says what it serves at once)"},
        {OD, ", \"max_wcu\": 0", "x.json: table.gsi[0].max_wcu: out of range (got 0, expected an "
         "integer from 1 to 1000000)"},
        {OD, ", \"warm_throughput\": {\"write_units_per_s\": 0}",
         "x.json: table.gsi[0].warm_throughput.write_units_per_s: out of range (got 0, expected an "
         "integer from 1 to 1000000)"},
    };
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        if (parse_billing(bad[i][0], bad[i][1], &s, err) == 0) {
            ddb_scenario_destroy(&s);
            fail_msg("case %zu parsed, expected \"%s\"", i, bad[i][2]);
        }
        if (strcmp(err, bad[i][2]) != 0)
            fail_msg("case %zu: got \"%s\", expected \"%s\"", i, err, bad[i][2]);
    }
    /* On-demand: a new index's warm throughput unless given, shown as understood. */
    assert_int_equal(parse_billing(od, ", \"max_wcu\": 900", &s, err), 0);
    assert_true(s.gsi[0].rcu == 0 && s.gsi[0].wcu == 0 && s.gsi[0].max_wcu == 900);
    assert_true(s.gsi[0].warm.read_units_per_s == 12000 && s.gsi[0].warm.write_units_per_s == 4000);
    char *text = ddb_scenario_resolved_text(&s);
    assert_non_null(strstr(text, "\"max_wcu\":\t900"));
    assert_non_null(strstr(text, "\"write_units_per_s\":\t4000"));
    free(text);
    ddb_scenario_destroy(&s);
    /* Provisioned with auto scaling: the limits left out are 1 and the table's quota. */
    assert_int_equal(parse_billing(prov, ", \"rcu\": 1, \"wcu\": 1, \"autoscaling\": {\"min_wcu\": 2}", &s, err), 0);
    assert_true(s.gsi[0].has_autoscaling && s.gsi[0].autoscaling.min_wcu == 2);
    assert_true(s.gsi[0].autoscaling.max_wcu == 40000 && s.gsi[0].autoscaling.max_rcu == 0);
    assert_near(s.gsi[0].autoscaling.target_utilization, 0.7, 1e-12);
    text = ddb_scenario_resolved_text(&s);
    assert_non_null(strstr(text, "\"max_wcu\":\t40000"));
    free(text);
    ddb_scenario_destroy(&s);
}

/* An on-demand index's max_wcu holds its index writes to that rate (throttles_max_on_demand on
 * the index, the writes waiting in its backlog), one second of it banked at the start; reads on
 * it are served by its own warm throughput. */
static void test_on_demand_index_maximum(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 30, \"table\": {\"billing\": \"on_demand\", \"key\": {\"pk\": \"K#{k}\"},"
        " \"gsi\": [{\"name\": \"byS\", \"pk\": \"S#{s}\", \"projection\": \"KEYS_ONLY\", \"key_change\": 0,"
        " \"max_wcu\": 500, \"backpressure_backlog\": 1000000000}]},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 100000000},"
        " \"s\": {\"dist\": \"uniform\", \"n\": 100000}},"
        " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"put\": 0.8, \"gsi_query\": 0.2}}}";
    ddb_report r;
    ddb_test_run_json(json, NULL, &r);
    const ddb_gsi_report *g = &r.gsi[0];
    assert_true(g->rcu == 0 && g->wcu == 0);
    /* 500/s for 30 s plus the banked second, less what refilled into a full bucket before the
     * first index writes arrived (the 100 ms propagation delay: about 50) */
    assert_near((double)g->total.consumed_milli[DDB_WRITE] / 1000.0, 500.0 * 30 + 500 - 50, 25.0);
    assert_true(g->total.by_reason[DDB_WRITE][DDB_THROTTLE_MAX_ON_DEMAND] > 1000);
    assert_int_equal(g->total.throttles[DDB_WRITE],
                     g->total.by_reason[DDB_WRITE][DDB_THROTTLE_MAX_ON_DEMAND]);
    assert_true(g->in_backlog_at_end > 7000); /* about (800 - 500) x 30 */
    assert_conserved(g);
    assert_true(g->reads > 5000);
    assert_int_equal(g->total.throttles[DDB_READ], 0);
    assert_int_equal(throttles(&r), 0);
    ddb_report_destroy(&r);
}

static void test_field_errors(void **state)
{
    (void)state;
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 1, \"wcu\": -5}]", "",
                       "x.json: table.gsi[0].wcu: out of range (got -5, expected an integer from 1 to 1000000)");
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 1}]", "",
                       "x.json: table.gsi[0].wcu: missing (expected an integer from 1 to 1000000)");
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{t}\", \"rcu\": 1, \"wcu\": 1}]", "",
                       "x.json: table.gsi[0].pk: unknown attribute 't' in {t} (known: k, s)");
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 1, \"wcu\": 1},"
                       " {\"name\": \"byS\", \"pk\": \"{k}\", \"rcu\": 1, \"wcu\": 1}]", "",
                       "x.json: table.gsi[1].name: duplicate index name (got \"byS\", expected a name no "
                       "other index of the table has)");
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 1, \"wcu\": 1, \"projection\": \"ALL\","
                       " \"projected_bytes\": 10}]", "",
                       "x.json: table.gsi[0].projected_bytes: given with projection (expected one of "
                       "projection, projected_bytes)");
    assert_parse_error("[{\"name\": \"byS\", \"pk\": \"{s}\", \"rcu\": 1, \"wcu\": 1, \"lag\": 1}]", "",
                       "x.json: table.gsi[0].lag: unknown field (expected one of: name, pk, sk, rcu, wcu, "
                       "warm_throughput, max_rcu, max_wcu, autoscaling, projection, projected_bytes, propagation_ms, key_change, backpressure_backlog, size_gb)");
    assert_parse_error("{}", "", "x.json: table.gsi: wrong type (got {}, expected an array of at most 20 "
                       "indexes such as [{\"name\": \"byStatus\", \"pk\": \"{status}\", \"rcu\": 100, "
                       "\"wcu\": 100}])");
    assert_parse_error("[]", ", \"present\": 0.5",
                       "x.json: attributes.k.present: an attribute of the table's key is in every item "
                       "(got 0.5, expected 1)");
    char json[2048], err[DDB_ERR_MAX];
    ddb_scenario s;
    static const char *const bad_reads[][2] = {
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\"}}, \"workload\": {\"rate\": "
         "{\"rps\": 1}, \"mix\": {\"gsi_query\": 1}}",
         "x.json: workload.mix.gsi_query: the table has no global secondary index (got 1, expected 0, or "
         "table.gsi)"},
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\"}, \"gsi\": [{\"name\": \"byK\", "
         "\"pk\": \"{k}\", \"rcu\": 1, \"wcu\": 1}]}, \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": "
         "{\"gsi_query\": 1}, \"consistency\": \"strong\"}",
         "x.json: workload.consistency: reads on a global secondary index are eventually consistent "
         "only (got \"strong\", expected \"eventual\" with gsi_query in the mix)"},
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\"}, \"gsi\": [{\"name\": \"byK\", "
         "\"pk\": \"{k}\", \"rcu\": 1, \"wcu\": 1}]}, \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": "
         "{\"gsi_query\": 1}, \"gsi_query_index\": \"byX\"}",
         "x.json: workload.gsi_query_index: no such index (got \"byX\", expected the name of one of "
         "table.gsi)"},
    };
    for (size_t i = 0; i < 3; i++) {
        snprintf(json, sizeof json, "{%s, \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}}}",
                 bad_reads[i][0]);
        assert_int_equal(ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err), -1);
        assert_string_equal(err, bad_reads[i][1]);
    }
    static const char *const bad_lsis[][2] = {
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\"}, \"lsi\": [{\"name\": \"byK\", "
         "\"sk\": \"{k}\"}]}",
         "x.json: table.lsi: a local secondary index needs a table with a sort key (expected table.key.sk)"},
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\", \"sk\": \"{k}\"}, \"gsi\": [{\"name\": "
         "\"byK\", \"pk\": \"{k}\", \"rcu\": 1, \"wcu\": 1}], \"lsi\": [{\"name\": \"byK\", \"sk\": \"{k}\"}]}",
         "x.json: table.lsi[0].name: duplicate index name (got \"byK\", expected a name no other index of "
         "the table has)"},
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\", \"sk\": \"{k}\"}, \"lsi\": ["
         "{\"name\": \"ab1\", \"sk\": \"{k}\"}, {\"name\": \"ab2\", \"sk\": \"{k}\"}, {\"name\": \"ab3\", \"sk\": \"{k}\"},"
         "{\"name\": \"ab4\", \"sk\": \"{k}\"}, {\"name\": \"ab5\", \"sk\": \"{k}\"}, {\"name\": \"ab6\", \"sk\": \"{k}\"}]}",
         "x.json: table.lsi: too many indexes (got 6, expected at most 5, DynamoDB's limit)"},
        {"\"table\": {\"rcu\": 1, \"wcu\": 1, \"key\": {\"pk\": \"{k}\", \"sk\": \"{k}\"}, \"lsi\": ["
         "{\"name\": \"ab1\", \"sk\": \"{k}\"}], \"item_collection_limit_gb\": 11}",
         "x.json: table.item_collection_limit_gb: out of range (got 11, expected a number greater than 0 "
         "and at most 10)"},
    };
    for (size_t i = 0; i < 4; i++) {
        snprintf(json, sizeof json, "{%s, \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}},"
                 " \"workload\": {\"rate\": {\"rps\": 1}, \"mix\": {\"put\": 1}}}", bad_lsis[i][0]);
        assert_int_equal(ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err), -1);
        assert_string_equal(err, bad_lsis[i][1]);
    }
    char many[8192] = "[";
    for (int i = 0; i < 21; i++)
        snprintf(many + strlen(many), sizeof many - strlen(many),
                 "%s{\"name\": \"idx%d\", \"pk\": \"{s}\", \"rcu\": 1, \"wcu\": 1}", i ? "," : "", i);
    strcat(many, "]");
    assert_parse_error(many, "", "x.json: table.gsi: too many indexes (got 21, expected at most 20, AWS's "
                       "default quota)");
}

/* Without indexes nothing of them shows: no gsi.csv, no "gsi" in the summary. */
/* An index whose partitions double while writes wait in its backlog: the waiting writes move
 * with their keys. 1,500 index writes/s against 1,000 WCU on 2 partitions build a backlog on
 * both; auto scaling (no alarm lag, a 60 s update) doubles the index to 4 partitions at 180 s
 * (500 WCU each). The new
 * partitions, 2 and 3, take half the backlog, so they run at their share from the split on; had
 * the backlog stayed behind, they would serve only new writes, about 375/s each. */
static void test_backlog_moves_with_a_split(void **state)
{
    (void)state;
    const char *json =
        "{\"seed\": 3, \"duration_s\": 200,"
        " \"table\": {\"rcu\": 100, \"wcu\": 4000, \"key\": {\"pk\": \"K#{k}\"},"
        "  \"gsi\": [{\"name\": \"byG\", \"pk\": \"G#{g}\", \"rcu\": 100, \"wcu\": 1000,"
        "   \"projection\": \"KEYS_ONLY\", \"backpressure_backlog\": 1000000000,"
        "   \"autoscaling\": {\"target_utilization\": 0.5, \"min_wcu\": 1000, \"max_wcu\": 4000,"
        "    \"alarm_lag_s\": 0, \"update_s\": 60}}]},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10000000},"
        "  \"g\": {\"dist\": \"uniform\", \"n\": 1000000}},"
        " \"workload\": {\"rate\": {\"rps\": 1500}, \"mix\": {\"put\": 1},"
        "  \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 500}},"
        " \"client\": {\"retry\": {\"mode\": \"none\"}}}";
    char dir[] = "/tmp/ddbsim-gsi-XXXXXX", err[DDB_ERR_MAX];
    assert_non_null(mkdtemp(dir));
    ddb_scenario s;
    if (ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    ddb_run_options opt = {dir, NULL, NULL, NULL};
    ddb_report r;
    assert_int_equal(ddb_run(&s, &opt, &r, err, sizeof err), 0);
    assert_int_equal(r.gsi[0].n_partitions, 4);
    assert_true(r.gsi[0].max_backlog > 50000);
    double wcu[4];
    int part_rows[4];
    ddb_test_partitions_wcu(dir, "byG", 181, 191, 4, wcu, part_rows);
    double new_wcu = wcu[2] + wcu[3];
    int rows = part_rows[2] + part_rows[3];
    assert_int_equal(rows, 20); /* partitions 2 and 3, 10 seconds */
    if (new_wcu / rows < 480)
        fail_msg("the new partitions served %.0f WCU/s each after the split, expected their share "
                 "of 500 (the backlog's half)", new_wcu / rows);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
}

static void test_no_index_no_gsi_outputs(void **state)
{
    (void)state;
    const char *json = "{\"duration_s\": 2, \"table\": {\"rcu\": 10, \"wcu\": 10, \"key\": {\"pk\": \"K#{k}\"}},"
                       " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 10}},"
                       " \"workload\": {\"rate\": {\"rps\": 5}, \"mix\": {\"put\": 1}}}";
    char dir[] = "/tmp/ddbsim-gsi-XXXXXX", path[4096], err[DDB_ERR_MAX];
    assert_non_null(mkdtemp(dir));
    ddb_scenario s;
    assert_int_equal(ddb_scenario_parse(&s, json, strlen(json), "x.json", NULL, 0, err, sizeof err), 0);
    ddb_run_options opt = {dir, NULL, NULL, NULL};
    ddb_report r;
    assert_int_equal(ddb_run(&s, &opt, &r, err, sizeof err), 0);
    assert_int_equal(r.n_gsi, 0);
    snprintf(path, sizeof path, "%s/gsi.csv", dir);
    assert_int_equal(access(path, F_OK), -1);
    static const char *const files[] = {"timeseries.csv", "partitions.csv", "keys.csv", "latency.csv",
                                        "summary.json", "manifest.json"};
    for (size_t i = 0; i < 6; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (i == 4) {
            char *text = ddb_test_read(NULL, path, NULL);
            assert_null(strstr(text, "\"gsi\""));
            free(text);
        }
        assert_int_equal(unlink(path), 0);
    }
    assert_int_equal(rmdir(dir), 0);
    ddb_report_destroy(&r);
    ddb_scenario_destroy(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_idle_lag_is_the_propagation_delay),
        cmocka_unit_test(test_conservation_with_a_backlog),
        cmocka_unit_test(test_changing_the_index_key_is_a_delete_and_a_put),
        cmocka_unit_test(test_sparse_index_and_deletes),
        cmocka_unit_test(test_backpressure_throttles_base_writes),
        cmocka_unit_test(test_index_splits_for_size),
        cmocka_unit_test(test_reads_on_the_index_and_staleness),
        cmocka_unit_test(test_indexes_are_priced_with_the_table),
        cmocka_unit_test(test_index_size),
        cmocka_unit_test(test_backlog_moves_with_a_split),
        cmocka_unit_test(test_lsi_writes_are_charged_to_the_table),
        cmocka_unit_test(test_item_collection_limit),
        cmocka_unit_test(test_field_errors),
        cmocka_unit_test(test_gsi_capacity_follows_billing),
        cmocka_unit_test(test_on_demand_index_maximum),
        cmocka_unit_test(test_no_index_no_gsi_outputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
