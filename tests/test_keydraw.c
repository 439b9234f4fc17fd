/* keydraw tests: the dense key number stays below the domain and decodes back to the values
 * drawn, also when a template repeats an attribute; a run on such a key completes. */
#define _POSIX_C_SOURCE 200809L /* tests/testlib.h: mkstemp */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "sim/engine/engine.h"
#include "sim/model/keydraw.h"
#include "sim/support/rng.h"
#include "sim/scenario/scenario.h"
#include "tests/testlib.h"

/* A small scenario whose partition key is pk, into json. */
static const char *scenario_with_pk(char *json, size_t cap, const char *pk)
{
    snprintf(json, cap,
             "{\"duration_s\": 5, \"table\": {\"rcu\": 60000, \"wcu\": 20000, \"quota_rcu\": 60000, \"key\": {\"pk\": \"%s\"}},"
             " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 50},"
             " \"c\": {\"dist\": \"categorical\", \"weights\": {\"a\": 0.5, \"bb\": 0.5}}},"
             " \"workload\": {\"rate\": {\"rps\": 1000}, \"mix\": {\"get\": 1}}}",
             pk);
    return json;
}

static void parse_with_pk(ddb_scenario *s, const char *pk)
{
    char json[1024], err[DDB_ERR_MAX];
    scenario_with_pk(json, sizeof json, pk);
    if (ddb_scenario_parse(s, json, strlen(json), "inline.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
}

/* Every draw's number is below the domain, and decoding it renders the same key. */
static void assert_draws_decode(const char *pk, uint64_t domain)
{
    ddb_scenario s;
    parse_with_pk(&s, pk);
    const ddb_keydraw_streams streams = {DDB_RNG_ATTR, DDB_RNG_SHARD, 0, true};
    ddb_keydraw kd;
    ddb_keydraw_source src = {s.attrs, s.n_attrs, s.seed};
    ddb_keydraw_init(&kd, &src, &s.pk, &streams, 1u << 20);
    assert_int_equal(kd.domain, domain);
    for (int i = 0; i < 2000; i++) {
        uint64_t number = ddb_keydraw_draw(&kd, DDB_OP_GET);
        assert_true(number < kd.domain);
        char drawn[DDB_KEY_MAX_BYTES + 1];
        size_t len = ddb_keydraw_render(&kd, 0);
        memcpy(drawn, kd.buf, len + 1);
        ddb_keydraw_decode(&kd, number);
        assert_int_equal(ddb_keydraw_render(&kd, 0), len);
        assert_string_equal(kd.buf, drawn);
    }
    ddb_keydraw_destroy(&kd);
    ddb_scenario_destroy(&s);
}

static void test_distinct_parts(void **state)
{
    (void)state;
    assert_draws_decode("K#{k}#{c}#{shard:3}", 50 * 2 * 3);
}

static void test_repeated_attribute(void **state)
{
    (void)state;
    assert_draws_decode("{k}#{c}#{k}", 50 * 2);
}

/* An index key's derived attribute is computed from its source (drawn from the index's own
 * stream), not left at 0: "{d}" with d = k mod 7 shows all seven values. */
static void test_derived_on_index_streams(void **state)
{
    (void)state;
    const char *json =
        "{\"duration_s\": 5, \"table\": {\"rcu\": 100, \"wcu\": 100, \"key\": {\"pk\": \"T#{d}\"}},"
        " \"attributes\": {\"k\": {\"dist\": \"uniform\", \"n\": 50},"
        " \"d\": {\"dist\": \"derived\", \"from\": \"k\", \"n\": 7, \"map\": \"mod\"}},"
        " \"workload\": {\"rate\": {\"rps\": 10}, \"mix\": {\"put\": 1}}}";
    ddb_scenario s;
    char err[DDB_ERR_MAX];
    if (ddb_scenario_parse(&s, json, strlen(json), "inline.json", NULL, 0, err, sizeof err) != 0)
        fail_msg("%s", err);
    const ddb_keydraw_streams streams = {DDB_RNG_GSI_ATTR, DDB_RNG_GSI_SHARD, 1u << 16, false};
    ddb_keydraw kd;
    ddb_keydraw_source src = {s.attrs, s.n_attrs, s.seed};
    ddb_keydraw_init(&kd, &src, &s.pk, &streams, 1u << 20);
    assert_int_equal(kd.domain, 7);
    bool seen[7] = {false};
    for (int i = 0; i < 500; i++) {
        uint64_t number = ddb_keydraw_draw(&kd, DDB_OP_PUT);
        assert_true(number < 7);
        seen[number] = true;
        char want[8];
        snprintf(want, sizeof want, "T#%d", (int)number);
        ddb_keydraw_render(&kd, 0);
        assert_string_equal(kd.buf, want);
    }
    for (int v = 0; v < 7; v++)
        assert_true(seen[v]);
    ddb_keydraw_destroy(&kd);
    ddb_scenario_destroy(&s);
}

/* A base key that repeats an attribute runs (its dense numbers index the key table). */
static void test_run_with_repeated_attribute(void **state)
{
    (void)state;
    char json[1024];
    ddb_report r;
    ddb_test_run_json(scenario_with_pk(json, sizeof json, "{k}#{k}"), NULL, &r);
    assert_true(r.total.requests[DDB_READ] > 4000);
    ddb_report_destroy(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_distinct_parts),
        cmocka_unit_test(test_repeated_attribute),
        cmocka_unit_test(test_derived_on_index_streams),
        cmocka_unit_test(test_run_with_repeated_attribute),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
