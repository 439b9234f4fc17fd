/* Hot items isolated: split for heat separates a key carrying half a partition's traffic or more
 * from its neighbours, until it sits alone (docs/model.md §6).
 *
 * AWS: adaptive capacity "rebalances your partitions such that frequently accessed items don't
 * reside on the same partition", down to a partition holding only that item
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html,
 * "Isolate frequently accessed items"); a split cannot help a single item whose own traffic
 * exceeds the partition's limit (Elhemali et al., "Amazon DynamoDB: A Scalable, Predictably
 * Performant, and Fully Managed NoSQL Database Service", USENIX ATC 2022, §4.4), but isolating it
 * frees its neighbours.
 *
 * The keys ITEM#1 ... below all hash into the first of the table's four partitions (3,900 WCU:
 * ceil(3900 / 1000) = 4), as in scenarios/split-for-heat.json. A window is 120 s and a split takes
 * effect 60 s after its decision (the defaults), so the first split is made at 180 s. Each
 * closed form is checked on the difference of two runs of the same seed, one cut where the
 * interval starts: what happened in between. */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include "tests/testlib.h"

/* A table of 3,900 WCU (4 partitions), puts of 1 KB at rps per second over the given
 * categorical weights of ITEM#{item}, no retries, for duration_s. */
static void run_items(const char *weights, int rps, int duration_s, ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"isolation\", \"seed\": 5, \"duration_s\": %d,"
             " \"table\": {\"rcu\": 100, \"wcu\": 3900, \"key\": {\"pk\": \"ITEM#{item}\"}},"
             " \"attributes\": {\"item\": {\"dist\": \"categorical\", \"weights\": {%s}}},"
             " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": %d}, \"mix\": {\"put\": 1},"
             " \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}},"
             " \"client\": {\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}}}",
             duration_s, weights, rps);
    ddb_test_run_json(json, NULL, r);
}

static uint64_t writes(const ddb_report *r) { return r->total.requests[DDB_WRITE]; }
static uint64_t refused(const ddb_report *r) { return r->total.throttles[DDB_WRITE]; }

/* A hot key of 704 WCU/s beside four keys of 99: together 1,100 against the partition's 1,000
 * WCU/s hard cap, so (1100 - 1000) / 1100 of the writes throttle until the split; the key carries
 * 64% of the traffic, so the split goes beside it. The cut frees the side carrying the more of
 * the other keys' traffic (at least 198 of the 396), so the hot key's partition then takes at
 * most 902 WCU/s, under its cap: no throttle after the split at 180 s (the next window's split
 * leaves the key alone). */
static void test_hot_item_under_the_cap_stops_throttling_after_the_split(void **state)
{
    (void)state;
    const char *w = "\"1\": 0.64, \"2\": 0.09, \"3\": 0.09, \"4\": 0.09, \"6\": 0.09";
    ddb_report before, all;
    run_items(w, 1100, 180, &before);
    run_items(w, 1100, 900, &all);
    double rate = (double)refused(&before) / (double)writes(&before);
    if (rate < 100.0 / 1100 - 0.02 || rate > 100.0 / 1100 + 0.02)
        fail_msg("before the split: %.4f of the writes refused, expected %.4f", rate, 100.0 / 1100);
    uint64_t later = refused(&all) - refused(&before);
    if (later > 0)
        fail_msg("%llu writes refused after the split", (unsigned long long)later);
    assert_int_equal(all.n_splits, 2); /* one cut on each side of the key */
    ddb_report_destroy(&before);
    ddb_report_destroy(&all);
}

/* A key of 1,500 WCU/s beside ten quiet keys of 10: before isolation the partition's 1,000 WCU/s
 * cap refuses (1600 - 1000) / 1600 of all writes, the quiet keys' among them; once the key sits
 * alone (two windows at most: a cut on each side, the second decided at 360 s and made at 420 s)
 * only its excess is refused: (1500 - 1000) / 1600 of all writes, every one of them its own. */
static void test_hot_key_over_the_cap_throttles_only_its_excess(void **state)
{
    (void)state;
    const char *w = "\"1\": 0.9375, \"2\": 0.00625, \"3\": 0.00625, \"4\": 0.00625, \"6\": 0.00625,"
                    " \"11\": 0.00625, \"12\": 0.00625, \"14\": 0.00625, \"17\": 0.00625,"
                    " \"18\": 0.00625, \"23\": 0.00625";
    ddb_report early, before, all;
    run_items(w, 1600, 120, &early);
    run_items(w, 1600, 450, &before);
    run_items(w, 1600, 900, &all);
    double rate = (double)refused(&early) / (double)writes(&early);
    if (rate < 600.0 / 1600 - 0.02 || rate > 600.0 / 1600 + 0.02)
        fail_msg("before isolation: %.4f refused, expected %.4f", rate, 600.0 / 1600);
    uint64_t n = writes(&all) - writes(&before), t = refused(&all) - refused(&before);
    rate = (double)t / (double)n;
    if (rate < 500.0 / 1600 - 0.01 || rate > 500.0 / 1600 + 0.01)
        fail_msg("isolated: %.4f refused, expected %.4f", rate, 500.0 / 1600);
    assert_string_equal(all.hot_key, "ITEM#1");
    assert_int_equal(all.hot_key_throttles - before.hot_key_throttles, t); /* no quiet key's */
    ddb_report_destroy(&early);
    ddb_report_destroy(&before);
    ddb_report_destroy(&all);
}

/* A GSI whose two index keys (ITEM#1 and ITEM#2, both in the first third of the index's hash
 * range) take 700 writes/s each on the first of its three partitions (2,000 WCU and 100 RCU:
 * ceil(2000 / 1000 + 100 / 3000) = 3): 1,400 against the
 * partition's 1,000 WCU/s hard cap, so its backlog fills and base writes are refused (GSI
 * back-pressure, AWS's IndexWriteKeyRangeThroughputExceeded). AWS splits GSIs for heat as tables
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-key-range-limit-exceeded-mitigation.html):
 * the index splits at 180 s, each key then has a partition of its own at 700 < 1,000 WCU/s, the
 * backlog drains and back-pressure stops. Without split for heat, the index partition keeps
 * refusing: about (1400 - 1000) / 1400 of the base writes are held back for good. */
static void run_gsi(bool heat, int duration_s, ddb_report *r)
{
    char json[2048];
    snprintf(json, sizeof json,
             "{\"name\": \"gsi-heat\", \"seed\": 3, \"duration_s\": %d,"
             " \"table\": {\"rcu\": 100, \"wcu\": 4000, \"split_for_heat\": %s,"
             "  \"key\": {\"pk\": \"ORDER#{order}\"},"
             "  \"gsi\": [{\"name\": \"byItem\", \"pk\": \"ITEM#{item}\", \"rcu\": 100,"
             "   \"wcu\": 2000, \"projection\": \"KEYS_ONLY\"}]},"
             " \"attributes\": {\"order\": {\"dist\": \"uniform\", \"n\": 100000000},"
             "  \"item\": {\"dist\": \"categorical\", \"weights\": {\"1\": 0.5, \"2\": 0.5}}},"
             " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 1400},"
             "  \"mix\": {\"put\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}},"
             " \"client\": {\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}}}",
             duration_s, heat ? "true" : "false");
    ddb_test_run_json(json, NULL, r);
}

static void test_hot_gsi_partition_splits_and_backpressure_stops(void **state)
{
    (void)state;
    ddb_report before, all, off;
    run_gsi(true, 170, &before);
    run_gsi(true, 900, &all);
    assert_true(ddb_counters_backpressure(&before.total) > 50000); /* ~400 a second */
    assert_int_equal(all.gsi[0].n_partitions, 4);
    uint64_t later = ddb_counters_backpressure(&all.total) - ddb_counters_backpressure(&before.total);
    /* 170..180 s: not split yet (at most ~400 a second), then the backlog drains in a few seconds */
    if (later > 10 * 450)
        fail_msg("%llu base writes held back after the index split", (unsigned long long)later);
    assert_int_equal(all.gsi[0].in_backlog_at_end, 0);
    run_gsi(false, 900, &off);
    double held = (double)ddb_counters_backpressure(&off.total) / (double)writes(&off);
    if (held < 400.0 / 1400 - 0.02 || held > 400.0 / 1400 + 0.02)
        fail_msg("without split for heat: %.4f held back, expected %.4f", held, 400.0 / 1400);
    assert_int_equal(off.gsi[0].n_partitions, 3);
    ddb_report_destroy(&before);
    ddb_report_destroy(&all);
    ddb_report_destroy(&off);
}

/* keys.csv's consumed WCU of index `index`'s key `key` over the run (-1: not among its rows). */
static double key_wcu(const char *dir, const char *index, const char *key)
{
    char path[4200], line[512];
    snprintf(path, sizeof path, "%s/keys.csv", dir);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    double found = -1;
    while (fgets(line, sizeof line, f)) { /* kind,rank,index,key,requests,throttles,rcu,wcu,... */
        char kind[32], name[64], k[64];
        unsigned rank;
        double requests, throttles, rcu, wcu;
        if (sscanf(line, "%31[^,],%u,%63[^,],%63[^,],%lf,%lf,%lf,%lf", kind, &rank, name, k,
                   &requests, &throttles, &rcu, &wcu) == 8 &&
            strcmp(kind, "accessed") == 0 && strcmp(name, index) == 0 && strcmp(k, key) == 0)
            found = wcu;
    }
    fclose(f);
    return found;
}

/* An index partition hot with writes it takes at once, none throttled (they count on their index
 * keys apart from the keys' entries: gsi_int.h's key_quick, added to the entries before a split
 * for heat weighs them), splits by its keys' traffic in the window. One key carries 70% of it, so
 * the cut isolates that key (AWS isolates frequently accessed items): afterwards its partition
 * takes 70% of the index's writes. Weighed by the keys' first writes alone, the cut would halve
 * the four keys instead, the hot key keeping a neighbour: 80%. keys.csv counts every write. */
static void test_hot_gsi_partition_weighs_the_writes_it_took_at_once(void **state)
{
    (void)state;
    const char *json =
        "{\"name\": \"gsi-heat-quick\", \"seed\": 5, \"duration_s\": 600,"
        " \"table\": {\"rcu\": 100, \"wcu\": 4000, \"key\": {\"pk\": \"ORDER#{order}\"},"
        "  \"gsi\": [{\"name\": \"byItem\", \"pk\": \"ITEM#{item}\", \"rcu\": 100,"
        "   \"wcu\": 950, \"projection\": \"KEYS_ONLY\"}]},"
        " \"attributes\": {\"order\": {\"dist\": \"uniform\", \"n\": 100000000},"
        "  \"item\": {\"dist\": \"categorical\","
        "   \"weights\": {\"h\": 0.7, \"a\": 0.1, \"b\": 0.1, \"c\": 0.1}}},"
        " \"workload\": {\"rate\": {\"profile\": \"constant\", \"rps\": 900},"
        "  \"mix\": {\"put\": 1}, \"item_bytes\": {\"dist\": \"fixed\", \"bytes\": 1000}},"
        " \"client\": {\"retry\": {\"mode\": \"none\", \"max_attempts\": 1}}}";
    char *dir = ddb_test_tmpdir();
    ddb_report r;
    ddb_test_run_json(json, dir, &r);
    assert_int_equal(r.gsi[0].n_partitions, 2);
    assert_int_equal(r.gsi[0].total.throttles[DDB_WRITE], 0);
    double part_wcu[2];
    int rows[2];
    ddb_test_partitions_wcu(dir, "byItem", 300, 1e9, 2, part_wcu, rows);
    double hot_key_wcu = key_wcu(dir, "byItem", "ITEM#h");
    double hot = part_wcu[0] > part_wcu[1] ? part_wcu[0] : part_wcu[1];
    double share = hot / (part_wcu[0] + part_wcu[1]);
    if (share < 0.67 || share > 0.73)
        fail_msg("after the split, the hot key's partition took %.3f of the index's writes, "
                 "expected 0.70 (the hot key alone)", share);
    double applied = (double)r.gsi[0].applied;
    if (hot_key_wcu < 0.68 * applied || hot_key_wcu > 0.72 * applied)
        fail_msg("keys.csv: ITEM#h consumed %.0f WCU of %.0f index writes, expected 70%%",
                 hot_key_wcu, applied);
    assert_int_equal(ddb_test_rmdir(dir), 0);
    free(dir);
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hot_item_under_the_cap_stops_throttling_after_the_split),
        cmocka_unit_test(test_hot_key_over_the_cap_throttles_only_its_excess),
        cmocka_unit_test(test_hot_gsi_partition_splits_and_backpressure_stops),
        cmocka_unit_test(test_hot_gsi_partition_weighs_the_writes_it_took_at_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
